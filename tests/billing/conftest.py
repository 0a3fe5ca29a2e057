"""Fixtures of the billing-run tests: the money tests' demo park, staff and cheap hashing."""

from __future__ import annotations

from tests.money.conftest import cheap_hashing, park, staff

__all__ = ["cheap_hashing", "park", "staff"]
