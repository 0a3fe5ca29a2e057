"""Meter drivers: links, protocol codecs, profiles and the simulator.

Pure Python + pyserial + pymodbus. This package never imports Qt, SQLAlchemy or ``app``
(an import-linter contract in pyproject.toml enforces it).
"""
