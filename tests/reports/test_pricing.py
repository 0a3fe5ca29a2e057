"""Meter-side use priced by band (``app.reports.pricing``), checked by hand.

Tariffs are built in memory (``version_from_data``): tiers and the base allowance shared over
the bands by their kWh, a version that starts mid-month (the quoting engine cuts the month),
and a meter without band registers (energy shared over the slots by duration).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from app.billing.tariff import Tariff, version_from_data
from app.reports.pricing import TariffBook

ZONE = ZoneInfo("Asia/Shanghai")
MARCH = (datetime(2026, 3, 1, tzinfo=ZONE), datetime(2026, 4, 1, tzinfo=ZONE))
D = Decimal


def _book(*versions: dict[str, Any]) -> TariffBook:
    book = TariffBook(cast(Session, None))
    data = [{"effective_from": "2026-01-01T00:00:00+08:00", **v} for v in versions[:1]]
    data += list(versions[1:])
    book.tariffs[1] = Tariff("t", tuple(version_from_data(v) for v in data))
    return book


def _bands(sharp: str, peak: str, flat: str, valley: str) -> dict[str, Decimal]:
    return {"sharp": D(sharp), "peak": D(peak), "flat": D(flat), "valley": D(valley)}


def test_tiers_are_shared_over_the_bands() -> None:
    book = _book(
        {
            "prices": {"flat": "0.5600"},
            "tiers": [{"upto": "60", "add": "0"}, {"upto": None, "add": "0.1000"}],
        }
    )
    # 100 kWh: 100 x 0.56 + 40 x 0.10 = 60.00, one quarter per band
    priced = book.price(1, *MARCH, D(100), _bands("25", "25", "25", "25"))
    assert priced == {"sharp": 1500, "peak": 1500, "flat": 1500, "valley": 1500}
    assert book.price(1, *MARCH, D(50), _bands("0", "0", "50", "0")) == {"flat": 2800}


def test_the_allowance_is_free() -> None:
    book = _book({"prices": {"flat": "0.5000"}, "allowance_kwh": "10"})
    assert book.price(1, *MARCH, D(50), _bands("0", "0", "50", "0")) == {"flat": 2000}
    assert book.price(1, *MARCH, D(8), _bands("0", "0", "8", "0")) == {"flat": 0}


def test_a_version_starting_mid_month() -> None:
    book = _book(
        {"prices": {"flat": "0.5000"}},
        {"effective_from": "2026-03-16T00:00:00+08:00", "prices": {"flat": "0.7000"}},
    )
    # 100 kWh shared by duration: 15 days at 0.50 and 16 days at 0.70 = 60.32
    assert book.price(1, *MARCH, D(100), {}) == {"flat": 6032}


def test_without_band_registers_energy_follows_the_clock() -> None:
    book = _book(
        {
            "prices": {"sharp": "1.2345", "peak": "0.9876", "flat": "0.6000", "valley": "0.3333"},
            "seasons": [
                {
                    "start": "01-01",
                    "workday": [
                        ["00:00", "valley"],
                        ["08:00", "peak"],
                        ["10:00", "sharp"],
                        ["11:00", "flat"],
                        ["23:00", "valley"],
                    ],
                }
            ],
        }
    )
    monday = (datetime(2026, 3, 2, tzinfo=ZONE), datetime(2026, 3, 3, tzinfo=ZONE))
    # 24 kWh over one workday: valley 9 h, peak 2 h, sharp 1 h, flat 12 h
    assert book.price(1, *monday, D(24), {}) == {
        "valley": 300,
        "peak": 198,
        "sharp": 123,
        "flat": 720,
    }
    # with registers the bands are the meter's own, priced as they are
    assert book.price(1, *monday, D(3), _bands("1", "1", "1", "0")) == {
        "sharp": 123,
        "peak": 99,
        "flat": 60,
    }
