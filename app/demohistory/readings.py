"""The demo history's readings, and the meter state the simulated meters resume from.

Daily freezes (``ReadingKind.DAILY`` at each park-time midnight) for every meter, 15-minute
interval readings for the last two days, then one ``meter_state`` row per meter holding
exactly the last interval reading (registers, balance, purchase count, relay): the
simulator's ``load_resume`` starts each meter there, so starting the demo after ``init``
raises no ``energy.backwards``. Platform-side meters also get their ``meter_billing``
baseline at that reading: the collector bills from where the history's charges stopped.

Rows are written meter by meter in (meter, kind, ts) order, which is the order of the
``reading`` table's unique index: each insert appends to the end of the index.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import repeat
from typing import Any

import numpy as np
from sqlalchemy import insert, text

from ..models import MeterBilling, MeterState
from .bulk import Bulk
from .energy import Timeline

CHUNK = 400  # meters per executemany
COLUMNS = (
    "meter_id",
    "kind",
    "ts",
    "energy_total",
    "energy_sharp",
    "energy_peak",
    "energy_flat",
    "energy_valley",
    "balance_fen",
)
BANDS = ("sharp", "peak", "flat", "valley")


@dataclass
class MeterSeries:
    """Registers of the meters (hundredths of kWh): bands or, without bands, total only."""

    ids: list[int]
    banded: list[bool]
    daily: np.ndarray  # meters x days x 4 (a meter without bands: its total in band 2)
    quarter: np.ndarray  # meters x quarters x 4
    balance_day: dict[int, np.ndarray]  # meter-side meters: fen per midnight
    balance_quarter: dict[int, np.ndarray]  # and per interval


# PostgreSQL checks a foreign key and a unique index per row of COPY; into an empty table
# (a new database) they are dropped and made again after, in the same transaction, which
# checks all rows at once (the table is locked for that moment: nobody else reads it yet)
PG_AFTER = (
    ("uq_reading_meter_id_kind_ts", "UNIQUE (meter_id, kind, ts)"),
    (
        "fk_reading_meter_id_meter",
        "FOREIGN KEY (meter_id) REFERENCES meter (id) ON DELETE RESTRICT",
    ),
)


def write_readings(bulk: Bulk, tl: Timeline, series: MeterSeries) -> int:
    """Every reading; on an empty PostgreSQL table its key and index are built after."""
    later = bulk.pg and bulk.session.execute(text("SELECT 1 FROM reading LIMIT 1")).first() is None
    if later:
        for name, _definition in PG_AFTER:
            bulk.session.execute(text(f"ALTER TABLE reading DROP CONSTRAINT {name}"))
    written = _write_readings(bulk, tl, series)
    if later:
        for name, definition in PG_AFTER:
            bulk.session.execute(text(f"ALTER TABLE reading ADD CONSTRAINT {name} {definition}"))
    return written


def _write_readings(bulk: Bulk, tl: Timeline, series: MeterSeries) -> int:
    day_ts = [bulk.ts(t) for t in tl.midnights]
    q_ts = [bulk.ts(t) for t in tl.quarters]
    written = 0
    rows: list[tuple[Any, ...]] = []
    for i, meter in enumerate(series.ids):
        for kind, ts, regs, balance in (
            ("daily", day_ts, series.daily[i], series.balance_day.get(meter)),
            ("interval", q_ts, series.quarter[i], series.balance_quarter.get(meter)),
        ):
            total = regs.sum(axis=1).tolist()
            if series.banded[i]:
                bands: list[Any] = [regs[:, b].tolist() for b in range(4)]
            else:
                bands = [repeat(None)] * 4
            money = balance.tolist() if balance is not None else repeat(None)
            rows.extend(zip(repeat(meter), repeat(kind), ts, total, *bands, money))
        if (i + 1) % CHUNK == 0:
            bulk.insert("reading", COLUMNS, rows)
            written += len(rows)
            rows = []
    bulk.insert("reading", COLUMNS, rows)
    return written + len(rows)


def _kwh(hundredths: int) -> Decimal:
    return Decimal(int(hundredths)).scaleb(-2)


def write_states(
    bulk: Bulk,
    tl: Timeline,
    series: MeterSeries,
    purchases: dict[int, tuple[int, int]],
    platform: set[int],
) -> None:
    """``meter_state`` = the last interval reading; ``meter_billing`` for platform meters."""
    states, billing = [], []
    for i, meter in enumerate(series.ids):
        last = series.quarter[i, -1]
        regs = {b: _kwh(last[k]) for k, b in enumerate(BANDS)}
        total = _kwh(last.sum())
        count, purchased = purchases.get(meter, (None, None))
        balance = series.balance_quarter.get(meter)
        row: dict[str, Any] = {
            "meter_id": meter,
            "updated_at": tl.end,
            "online": False,
            "last_seen": tl.end,
            "energy_total": total,
            "balance_fen": int(balance[-1]) if balance is not None else None,
            "purchase_count": count,
            "purchased_fen": purchased,
            "relay": "closed",
        }
        for b in BANDS:
            row[f"energy_{b}"] = regs[b] if series.banded[i] else None
        states.append(row)
        if meter in platform:
            billing.append(
                {
                    "meter_id": meter,
                    "last_ts": tl.end,
                    "last_total": total,
                    "last_bands": {b: str(v) for b, v in regs.items()}
                    if series.banded[i]
                    else None,
                    "exact_yuan": "0",
                    "charged_fen": 0,
                    "updated_at": tl.end,
                }
            )
    session = bulk.session
    for start in range(0, len(states), 2000):
        session.execute(insert(MeterState), states[start : start + 2000])
    if billing:
        session.execute(insert(MeterBilling), billing)
