"""Billing: tariffs (flat, time-of-use, tiered), the quoting engine. Pure Python, no I/O."""
