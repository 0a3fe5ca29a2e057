"""The demo park with 13 months of history (issue 15 item 5): readings that tell the truth,
money that balances, a ledger that verifies, and the simulated meters resuming at the end.

Real SQLite files and the real PostgreSQL server (the ``db`` fixture), the demo written by
``build_demo(history=True)`` as ``init --demo`` does, read back with plain SQL.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.collector.simbus import load_resume
from app.db import Database
from app.demo import build_demo
from app.ledger.journal import verify
from app.models import (
    Account,
    BillingMode,
    LedgerEntry,
    LedgerTxn,
    Meter,
    MeterBook,
    MeterCharge,
    MeterRole,
    MeterState,
    Payment,
    Reading,
    ReadingKind,
    Receipt,
    Room,
    Shift,
)

ZONE = ZoneInfo("Asia/Shanghai")
BANDS = ("sharp", "peak", "flat", "valley")


def _readings(db: Database) -> dict[tuple[int, str], list[Reading]]:
    out: dict[tuple[int, str], list[Reading]] = defaultdict(list)
    with db.read() as s:
        for r in s.scalars(select(Reading).order_by(Reading.meter_id, Reading.kind, Reading.ts)):
            out[(r.meter_id, r.kind.value)].append(r)
    return out


def test_history_spans_13_months_monotonic_bands_sum(db: Database) -> None:
    before = datetime.now(UTC)
    build_demo(db, rooms=40, history=True)
    readings = _readings(db)
    with db.read() as s:
        meters = s.scalars(select(Meter.id)).all()
    today = before.astimezone(ZONE).date()
    for meter in meters:
        daily, interval = readings[(meter, "daily")], readings[(meter, "interval")]
        first, last = daily[0].ts.astimezone(ZONE), daily[-1].ts.astimezone(ZONE)
        assert (first.hour, first.minute, last.hour, last.minute) == (0, 0, 0, 0)
        assert last.date() in (today, today + timedelta(days=1))  # init may cross midnight
        assert 390 <= (last.date() - first.date()).days <= 428  # from the 1st, 13 months back
        assert len(daily) == (last.date() - first.date()).days + 1  # one freeze a day
        assert len(interval) == 193  # 48 hours of quarter hours, both ends
        assert interval[-1].ts - interval[0].ts == timedelta(hours=48)
        assert all((r.ts.minute % 15, r.ts.second) == (0, 0) for r in interval)
        for series in (daily, interval):
            for a, b in itertools.pairwise(series):
                assert b.energy_total >= a.energy_total, (meter, a.ts, b.ts)
                for band in BANDS:
                    if getattr(a, f"energy_{band}") is not None:
                        assert getattr(b, f"energy_{band}") >= getattr(a, f"energy_{band}")
            for r in series:
                bands = [getattr(r, f"energy_{b}") for b in BANDS]
                if bands[0] is not None:
                    assert sum(bands) == r.energy_total, (meter, r.ts)
        # a freeze and the interval reading of the same midnight say the same
        same = {r.ts: r.energy_total for r in daily}
        shared = [r for r in interval if r.ts in same]
        assert len(shared) in (2, 3)
        assert all(same[r.ts] == r.energy_total for r in shared)
        # something was used: a year of a let room is not nothing
    with db.read() as s:
        let = s.scalars(
            select(Meter.id)
            .join(Room, Meter.room_id == Room.id)
            .where(Room.account_id.is_not(None))
        ).all()
    used = [
        readings[(m, "daily")][-1].energy_total - readings[(m, "daily")][0].energy_total
        for m in let
    ]
    assert all(u > 0 for u in used)


def test_seasons_weekdays_and_holidays_show(db: Database) -> None:
    """Dorms nearly empty in the holidays; offices quiet on Sundays, busy on Wednesdays."""
    build_demo(db, rooms=200, history=True)
    with db.read() as s:
        rows = s.execute(
            select(Meter.profile, Meter.billing_mode, Reading.ts, Reading.energy_total)
            .join(Room, Meter.room_id == Room.id)
            .join(Reading, Reading.meter_id == Meter.id)
            .where(Room.account_id.is_not(None), Meter.role == MeterRole.TENANT)
            .where(Reading.kind == ReadingKind.DAILY)
            .order_by(Meter.id, Reading.ts)
        ).all()
    per_day: dict[str, dict[object, Decimal]] = {
        "dorm": defaultdict(Decimal),
        "office": defaultdict(Decimal),
    }
    for a, b in itertools.pairwise(rows):
        kind = "dorm" if a.profile == "sim-prepaid-dlt645" else "office"
        if b.ts > a.ts and (kind == "dorm" or a.billing_mode is BillingMode.PLATFORM):
            per_day[kind][a.ts.astimezone(ZONE).date()] += b.energy_total - a.energy_total
    dorm, office = per_day["dorm"], per_day["office"]
    holiday = [d for d in dorm if (d.month == 8) or (d.month == 2 and 1 <= d.day <= 20)]
    term = [d for d in dorm if d.month in (4, 5, 10, 11)]
    assert holiday and term
    assert sum(dorm[d] for d in holiday) / len(holiday) < sum(dorm[d] for d in term) / len(term) / 4
    sundays = [d for d in office if d.weekday() == 6]
    wednesdays = [d for d in office if d.weekday() == 2]
    assert (
        sum(office[d] for d in sundays) / len(sundays)
        < sum(office[d] for d in wednesdays) / len(wednesdays) / 2
    )
    summer = [d for d in office if d.month == 8 and d.weekday() == 2]
    spring = [d for d in office if d.month == 4 and d.weekday() == 2]
    assert sum(office[d] for d in summer) / len(summer) > Decimal("1.3") * sum(
        office[d] for d in spring
    ) / len(spring)


def test_last_reading_is_where_the_meters_resume(db: Database) -> None:
    build_demo(db, rooms=40, history=True)
    readings = _readings(db)
    with db.read() as s:
        resume = load_resume(s)
        states = {st.meter_id: st for st in s.scalars(select(MeterState))}
        meters = s.scalars(select(Meter)).all()
        paid = dict(
            s.execute(
                select(Payment.meter_id, func.count())
                .where(Payment.meter_id.is_not(None))
                .group_by(Payment.meter_id)
            ).all()
        )
        books = {b.meter_id: b.balance_fen for b in s.scalars(select(MeterBook))}
    assert set(resume) == {m.id for m in meters}
    for m in meters:
        last = readings[(m.id, "interval")][-1]
        r = resume[m.id]
        assert r.total == int(last.energy_total * 100)
        assert r.seen == last.ts
        if last.energy_sharp is not None:
            assert r.bands == tuple(int(getattr(last, f"energy_{b}") * 100) for b in BANDS)
        assert states[m.id].balance_fen == last.balance_fen
        if m.billing_mode is BillingMode.METER and m.role is MeterRole.TENANT and m.id in paid:
            # the meter counted every purchase and holds what was paid minus what it used
            assert r.purchase_count == paid[m.id]
            assert r.purchased_fen == books[m.id]
            assert r.balance_fen is not None and 0 < r.balance_fen < r.purchased_fen + 20_000


def test_ledger_verifies_and_balances_are_the_entries(db: Database) -> None:
    result = build_demo(db, rooms=120, history=True)
    report = verify(db)
    assert report.ok, report.breaches[:10]
    with db.read() as s:
        kinds = dict(s.execute(select(LedgerTxn.kind, func.count()).group_by(LedgerTxn.kind)).all())
        sums = dict(
            s.execute(
                select(LedgerEntry.account_id, func.sum(LedgerEntry.amount_fen))
                .where(LedgerEntry.book == "tenant")
                .group_by(LedgerEntry.account_id)
            ).all()
        )
        accounts = {a.id: a.balance_fen for a in s.scalars(select(Account))}
        receipts = s.scalar(select(func.count()).select_from(Receipt))
        payments = s.scalar(select(func.count()).select_from(Payment))
        methods = set(s.scalars(select(Payment.method).distinct()))
        shifts = s.scalars(select(Shift)).all()
        charges = s.scalars(select(MeterCharge)).all()
        by_txn = dict(
            s.execute(
                select(LedgerEntry.txn_id, LedgerEntry.amount_fen).where(
                    LedgerEntry.book == "revenue"
                )
            ).all()
        )
    assert all(accounts[a] == sums.get(a, 0) for a in accounts)
    assert any(v < 0 for v in accounts.values()) or result.rooms < 200  # some in arrears
    # a year of counter work: every let room recharged several times, a few refunds, one reversal
    assert kinds["recharge"] > 3 * result.rooms
    assert 1 <= kinds["refund"] <= 40
    assert kinds["reversal"] == 1
    assert kinds["opening"] > 0 and kinds["charge"] > 0
    assert receipts == payments == kinds["recharge"] + kinds["refund"]
    assert {m.value for m in methods} == {"cash", "card", "transfer", "qr"}
    assert shifts and all(sh.closed_at is not None and sh.totals for sh in shifts)
    # a charge is its meter_charge's lines, band by band, to the fen
    for c in charges:
        assert c.fen == sum(int(line["fen"]) for line in c.lines)
        assert c.kwh == sum(Decimal(line["kwh"]) for line in c.lines)
        assert {line["band"] for line in c.lines} <= set(BANDS)
        if c.fen:
            assert by_txn[c.txn_id] == c.fen


def test_bare_park_by_default(db: Database) -> None:
    """Tests and benchmarks that want a bare park do not pay for the history."""
    build_demo(db, rooms=20)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Reading)) == 0
        assert s.scalar(select(func.count()).select_from(Payment)) == 0
        assert (
            s.scalar(
                select(func.count()).select_from(Reading).where(Reading.kind == ReadingKind.DAILY)
            )
            == 0
        )


def test_init_demo_writes_history_unless_told_not_to(tmp_path: Path) -> None:
    def init(name: str, *extra: str) -> Database:
        url = f"sqlite:///{tmp_path / name}"
        done = subprocess.run(
            [sys.executable, "-m", "app", "init", "--db", url, "--demo", "--rooms", "10", *extra],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ},
        )
        assert done.returncode == 0, done.stderr
        return Database(url)

    for name, extra, expect in (
        ("full.sqlite", (), True),
        ("bare.sqlite", ("--no-history",), False),
    ):
        db = init(name, *extra)
        try:
            with db.read() as s:
                count = s.scalar(select(func.count()).select_from(Reading)) or 0
            assert (count > 0) is expect
        finally:
            db.dispose()
