"""Fixtures of the service tests: the money tests' small demo park and operators by role."""

from __future__ import annotations

from tests.money.conftest import cheap_hashing, park, staff  # noqa: F401  (fixtures)
