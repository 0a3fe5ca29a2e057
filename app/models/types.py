"""Column types that keep money, energy, prices and time exact.

SQLite has no decimal and no time zone, so values are stored as scaled integers and UTC;
Python always sees ``Decimal`` and aware ``datetime``. A value that does not fit the scale
is refused instead of being rounded silently.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware timestamp, stored in UTC; naive datetimes are refused."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if not isinstance(value, datetime):
            raise TypeError(f"expected datetime, got {type(value).__name__}")
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime refused: every timestamp must carry a time zone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class ScaledDecimal(TypeDecorator[Decimal]):
    """A ``Decimal`` with a fixed number of places, stored as an integer.

    ``ScaledDecimal(2)`` stores kWh 123.45 as 12345; ``ScaledDecimal(4)`` stores a price of
    0.6523 yuan/kWh as 6523. More places than the scale allows is an error, not a rounding.
    """

    impl = BigInteger
    cache_ok = True

    def __init__(self, places: int) -> None:
        super().__init__()
        self.places = places
        self._unit = Decimal(1).scaleb(-places)

    def process_bind_param(self, value: Any, dialect: Dialect) -> int | None:
        if value is None:
            return None
        if isinstance(value, float):
            raise TypeError("float refused for an exact quantity: use Decimal, int or str")
        try:
            dec = Decimal(value)
        except (InvalidOperation, TypeError, ValueError) as exc:
            raise ValueError(f"not a number: {value!r}") from exc
        if not dec.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        scaled = dec.scaleb(self.places)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.places} decimal places")
        return int(scaled)

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) * self._unit).quantize(self._unit)


Energy = ScaledDecimal(2)
"""Energy in kWh with 0.01 kWh resolution, as meters report it."""

Price = ScaledDecimal(4)
"""Price in yuan/kWh with four decimals."""

Area = ScaledDecimal(2)
"""Area in m² with 0.01 m² resolution."""


BigId = BigInteger().with_variant(Integer(), "sqlite")
"""A 64-bit primary key that is still SQLite's rowid (so it autoincrements there)."""
