"""Thirteen months of history for the demo park: readings, money, charges (issue 15).

``plan(rows, now, prices)`` works everything out in memory from the demo's rows (before
they are written: the platform-side accounts' cached balances are set on their rows);
``write(session, history, take)`` then writes it in the demo's one transaction with bulk
inserts. ``energy`` models the registers, ``money`` the payments and charges, ``readings``
and ``ledger`` write them (``readings.Bulk`` is the fast insert path).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from sqlalchemy import update

from ..models import (
    Account,
    BillingMode,
    Building,
    Floor,
    Link,
    Meter,
    MeterRole,
    Park,
    Room,
    Tenant,
)
from ..receipts import ReceiptData
from .energy import SHAPES, EnergyHistory, Timeline, model, timeline
from .ledger import Labels, LedgerWriter
from .money import SIM_PRICES_E4, MoneyHistory, meter_side, platform
from .readings import Bulk, MeterSeries, write_readings, write_states

PARK_ZONE = "Asia/Shanghai"  # the collector's default site time (``app.collector.config``)
LOSS = 1.035  # a master meter sees its sub-meters plus 3.5 % of line and transformer loss
COMMON_SHAPES = {"公共照明": ("shop", 0.8), "电梯": ("office", 1.5)}


@dataclass
class History:
    """What ``write`` writes; ``stats`` for the benchmark and the tests."""

    timeline: Timeline
    series: MeterSeries
    money: MoneyHistory
    platform_meters: set[int]
    labels: Labels

    @property
    def start(self) -> datetime:
        return self.timeline.midnights[0]


@dataclass(frozen=True)
class HistoryStats:
    readings: int
    transactions: int
    payments: int


def _rows(rows: Any, table: type) -> list[dict[str, Any]]:
    return list(rows.rows[table])


def plan(rows: Any, now: datetime, prices: dict[str, Decimal], seed: int = 7) -> History:
    """The history of the park in ``rows`` (the demo's ``_DemoRows``) ending at ``now``."""
    rng = np.random.default_rng(seed)
    tl = timeline(now, ZoneInfo(PARK_ZONE))
    rooms = {r["id"]: r for r in _rows(rows, Room)}
    kinds_of_building: dict[int, str] = rows.building_kinds
    meters = _rows(rows, Meter)
    drawing = [m for m in meters if m["role"] is not MeterRole.MASTER]
    kinds, scales = [], []
    for m in drawing:
        if m["role"] is MeterRole.COMMON:
            kind, scale = COMMON_SHAPES.get(m["label"], ("shop", 1.0))
        else:
            room = rooms[m["room_id"]]
            kind = kinds_of_building[m["building_id"]]
            size = math.sqrt(float(room["area_m2"]) / 48) if kind != "dorm" else 1.0
            scale = 0.0 if room["account_id"] is None else size * float(rng.lognormal(0, 0.3))
        kinds.append(kind)
        scales.append(scale)
    start = rng.integers(10_000, 500_000, size=(len(drawing), 4))
    energy = model(kinds, np.array(scales), start, tl, rng)
    series = _series(meters, drawing, energy, rng)
    index = {mid: i for i, mid in enumerate(series.ids)}
    money = MoneyHistory()
    prepaid = [
        (m["id"], rooms[m["room_id"]]["account_id"], m["room_id"], k)
        for m, k in zip(drawing, kinds, strict=True)
        if m["role"] is MeterRole.TENANT
        and m["billing_mode"] is BillingMode.METER
        and rooms[m["room_id"]]["account_id"] is not None
    ]
    pick = [index[p[0]] for p in prepaid]
    meter_side(money, tl, prepaid, series.daily[pick], series.quarter[pick, -1], rng)
    accounts: dict[int, list[tuple[int, int | None]]] = {}
    platform_meters = set()
    for m in drawing:
        if m["role"] is MeterRole.TENANT and m["billing_mode"] is BillingMode.PLATFORM:
            platform_meters.add(m["id"])
            account = rooms[m["room_id"]]["account_id"]
            if account is not None:
                accounts.setdefault(account, []).append((m["id"], m["room_id"]))
    platform(money, tl, accounts, index, series.daily, series.quarter[:, -1], prices, rng)
    _meter_balances(series, money, tl, prepaid, pick)
    for account in _rows(rows, Account):
        account["balance_fen"] = money.balances.get(account["id"], 0)
    return History(tl, series, money, platform_meters, _labels(rows))


def _series(
    meters: list[dict[str, Any]],
    drawing: list[dict[str, Any]],
    energy: EnergyHistory,
    rng: np.random.Generator,
) -> MeterSeries:
    """Every meter's registers; a master meter's total follows its sub-meters plus loss."""
    pos = {m["id"]: i for i, m in enumerate(drawing)}
    masters = [m for m in meters if m["role"] is MeterRole.MASTER]
    ids = [m["id"] for m in drawing] + [m["id"] for m in masters]
    banded = [True] * len(drawing) + [False] * len(masters)
    days, quarters = energy.daily.shape[1], energy.quarter.shape[1]
    m_daily = np.zeros((len(masters), days, 4), dtype=np.int64)
    m_quarter = np.zeros((len(masters), quarters, 4), dtype=np.int64)
    children: dict[int, list[int]] = {}
    for m in drawing:
        if m["parent_id"] is not None:
            children.setdefault(m["parent_id"], []).append(pos[m["id"]])
    for j, master in enumerate(masters):
        kids = children.get(master["id"], [])
        base = int(rng.integers(1_000_000, 50_000_000))
        if kids:
            d_used = energy.daily[kids].sum(axis=(0, 2)) - energy.daily[kids, 0].sum()
            q_used = energy.quarter[kids].sum(axis=(0, 2)) - energy.daily[kids, 0].sum()
        else:
            d_used, q_used = np.zeros(days, dtype=np.int64), np.zeros(quarters, dtype=np.int64)
        m_daily[j, :, 2] = _float32_face(base + (d_used * 1035) // 1000)
        m_quarter[j, :, 2] = _float32_face(base + (q_used * 1035) // 1000)
    return MeterSeries(
        ids,
        banded,
        np.concatenate([energy.daily, m_daily]),
        np.concatenate([energy.quarter, m_quarter]),
        {},
        {},
    )


def _float32_face(hundredths: np.ndarray) -> np.ndarray:
    """A master meter's register as its float32 face reports it: 7 significant digits
    (``drivers.profiles`` rounds an f32 so). Stored to the 0.01 kWh, 578,071.82 kWh would
    come back from the resumed simulator as 578,071.8 and read as a register going
    backwards; rounded to the nearest, the series stays monotonic."""
    kwh = np.maximum(hundredths, 1) / 100
    digits = np.floor(np.log10(kwh)).astype(np.int64) + 1
    quantum = 10 ** np.maximum(digits - 5, 0)  # in 0.01 kWh: 7 - digits decimals
    return ((hundredths + quantum // 2) // quantum) * quantum


def _meter_balances(
    series: MeterSeries,
    money: MoneyHistory,
    tl: Timeline,
    prepaid: list[tuple[int, int, int, str]],
    pick: list[int],
) -> None:
    """Each meter-side meter's balance register at every reading (fen): what it started
    with plus what was recharged before the reading minus what it used at its prices."""
    paid_q: dict[int, np.ndarray] = {}
    times = np.array([t.timestamp() for t in tl.quarters])
    for p in money.payments:
        if p.meter is not None:
            row = paid_q.setdefault(p.meter, np.zeros(len(times), dtype=np.int64))
            row[times >= p.at.timestamp()] += p.amount_fen * 10_000
    for (meter, _a, _r, _k), i in zip(prepaid, pick, strict=True):
        spent = ((series.quarter[i] - series.daily[i, 0]) * SIM_PRICES_E4).sum(axis=1)
        paid = paid_q.get(meter, np.zeros(len(times), dtype=np.int64))
        series.balance_quarter[meter] = (money.meter_start_u[meter] + paid - spent) // 10_000
        series.balance_day[meter] = money.meter_balance_day[meter]


def _labels(rows: Any) -> Labels:
    park = _rows(rows, Park)[0]
    header = {
        "park": park["name"],
        "park_phone": park.get("phone", ""),
        "park_address": park.get("address", ""),
        "issuer": "",
        "footer": "",
    }
    tenants = {t["id"]: t["name"] for t in _rows(rows, Tenant)}
    accounts = {
        a["id"]: (a["number"], tenants.get(a["tenant_id"], "")) for a in _rows(rows, Account)
    }
    buildings = {b["id"]: b["name"] for b in _rows(rows, Building)}
    floors = {f["id"]: (buildings[f["building_id"]], f["name"]) for f in _rows(rows, Floor)}
    room_text = {
        r["id"]: " / ".join((*floors[r["floor_id"]], r["number"])) for r in _rows(rows, Room)
    }
    links = {lk["id"]: lk["name"] for lk in _rows(rows, Link)}
    meters = {m["id"]: f"{links[m['link_id']]} #{m['address']}" for m in _rows(rows, Meter)}
    return Labels(header, accounts, room_text, meters)


def write(session: Any, history: History, take: Any) -> HistoryStats:
    """Write ``history`` in ``session``'s transaction (after the demo's own rows)."""
    bulk = Bulk(session)
    tl = history.timeline
    readings = write_readings(bulk, tl, history.series)
    write_states(bulk, tl, history.series, history.money.meter_purchases, history.platform_meters)
    writer = LedgerWriter(bulk, take, history.labels, tl.zone)
    txns = writer.write(history.money, history.start - timedelta(hours=1))
    bulk.close()
    # the meters were installed when their history begins: before it there is no use to
    # report (a 同比 against months without a meter would compare with nothing)
    session.execute(update(Meter).values(install_date=tl.days[0]))
    return HistoryStats(readings, txns, len(writer.payments))


__all__ = ["SHAPES", "History", "HistoryStats", "ReceiptData", "plan", "write"]
