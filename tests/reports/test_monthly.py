"""The comprehensive monthly report (用电综合报表) against hand-computed figures and the ledger.

The park of ``smallpark`` (money through the real services, readings as rows) on both back
ends: every figure of March 2026 by hand, building subtotals and the park total, and the
reconciliation: for every account opening + movements == closing == the ledger's balance at
the end of the period, including a period with a reversed recharge and a reversed fee.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.billing.bills import local_today
from app.db import Database
from app.ledger.corrections import reverse_transaction
from app.ledger.journal import verify
from app.models import Account, LedgerEntry, LedgerTxn, MeterBook, Role
from app.reports import Period, ReportRequest, Scope, run_report
from app.reports.table import as_dict
from app.security import add_operator, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing

from .smallpark import MARCH_EXPECTED, PASSWORD, SmallPark, build

BANDS = ("sharp", "peak", "flat", "valley")
D = Decimal
LEDGER = ("opening", "recharges", "refunds", "charges", "fees", "other", "closing")

# both back ends, as tests/reports/test_usage.py does (tests/reports is not in BOTH_BACKENDS)
pytestmark = pytest.mark.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db: Database) -> SmallPark:
    return build(db)


def _rows(park: SmallPark, period: Period, scope: Scope | None = None) -> dict[str, dict]:
    report = run_report(
        park.db, park.admin, ReportRequest("monthly", period, scope=scope or Scope())
    )
    table = report.main
    return {row["account"]: row for row in (as_dict(table, r) for r in table.rows)}


def test_march_by_hand(park: SmallPark) -> None:
    rows = _rows(park, Period.month(2026, 3))
    assert set(rows) == {"P1", "M1", "P2"}  # the vacant room and the master meter stay out
    for number, (kwh, band_kwh, band_fen, energy, ledger) in MARCH_EXPECTED.items():
        row = rows[number]
        assert row["kwh"] == kwh, number
        assert tuple(row[f"kwh_{b}"] for b in BANDS) == band_kwh, number
        assert tuple(row[f"fen_{b}"] for b in BANDS) == band_fen, number
        assert row["energy_fen"] == energy, number
        assert tuple(row[k] for k in LEDGER) == ledger, number
    assert rows["P1"]["building"] == rows["M1"]["building"] == "A栋"
    assert rows["P2"]["building"] == "B栋" and rows["P2"]["rooms"] == "B201"
    assert rows["P1"]["tenant"] == "甲公司"
    assert rows["M1"]["mode"] == "meter-side" and rows["P1"]["mode"] == "platform-side"


def test_subtotals_and_park_total(park: SmallPark) -> None:
    report = run_report(park.db, park.admin, ReportRequest("monthly", Period.month(2026, 3)))
    table = report.main
    groups = {value: as_dict(table, subtotal) for value, _rows, subtotal in table.subtotals()}
    assert list(groups) == ["A栋", "B栋"]
    assert groups["A栋"]["kwh"] == Decimal("132") and groups["A栋"]["closing"] == 34400
    assert groups["B栋"]["refunds"] == -2000
    total = as_dict(table, table.total)
    assert total["kwh"] == Decimal("144.5")
    assert [total[k] for k in LEDGER] == [14700, 31000, -2000, -2520, -1500, 0, 39680]
    assert total["energy_fen"] == 1800 + 7265 + 720
    assert "ledger" in table.note and "readings" in table.note


def test_building_scope(park: SmallPark) -> None:
    from app.reports import resolve_scope

    with park.db.read() as s:
        scope = resolve_scope(s, building="B栋")
    rows = _rows(park, Period.month(2026, 3), scope)
    assert list(rows) == ["P2"]


def _ledger_at(db: Database, stop: object) -> dict[int, int]:
    """Independently of the report: every account's entries on both books before ``stop``."""
    with db.read() as s:
        query = (
            select(LedgerEntry.account_id, func.sum(LedgerEntry.amount_fen))
            .join(LedgerTxn, LedgerTxn.id == LedgerEntry.txn_id)
            .where(LedgerEntry.book.in_(("tenant", "meter")), LedgerTxn.created_at < stop)
            .group_by(LedgerEntry.account_id)
        )
        return {a: int(v) for a, v in s.execute(query)}


def _reconciles(park: SmallPark, period: Period) -> dict[str, dict]:
    rows = _rows(park, period)
    ids = {number: park.accounts[number] for number in rows}
    at_end = _ledger_at(park.db, period.utc_bounds()[1])
    at_start = _ledger_at(park.db, period.utc_bounds()[0])
    for number, row in rows.items():
        movements = sum(row[k] for k in LEDGER[1:-1])
        assert row["opening"] + movements == row["closing"], number
        assert row["closing"] == at_end.get(ids[number], 0), number
        assert row["opening"] == at_start.get(ids[number], 0), number
    return rows


def test_reconciles_with_the_ledger_every_month(park: SmallPark) -> None:
    february = _reconciles(park, Period.month(2026, 2))
    march = _reconciles(park, Period.month(2026, 3))
    april = _reconciles(park, Period.month(2026, 4))
    for number in march:
        assert february[number]["closing"] == march[number]["opening"]
        assert march[number]["closing"] == april[number]["opening"]
    assert april["P1"]["charges"] == -600


def test_reversals_net_into_their_column_and_the_caches_agree(park: SmallPark) -> None:
    reverse_transaction(park.db, park.admin, park.txns["p1-mar"], reason="收错账户")
    reverse_transaction(park.db, park.admin, park.txns["p1-fee"], reason="免收")
    today = local_today()  # the park's date: a reversal after 16:00 UTC is tomorrow in Shanghai
    since_april = Period(date(2026, 4, 1), max(today, date(2026, 4, 1)))
    rows = _reconciles(park, since_april)
    p1 = rows["P1"]
    assert (p1["opening"], p1["recharges"], p1["fees"], p1["charges"]) == (
        26400,
        -20000,
        1500,
        -600,
    )
    assert p1["closing"] == 7300
    # the period ends today: the closing balances are the ledger's caches now
    with park.db.read() as s:
        for number, row in rows.items():
            account = s.get(Account, park.accounts[number])
            on_meters = s.scalar(
                select(func.coalesce(func.sum(MeterBook.balance_fen), 0)).where(
                    MeterBook.account_id == account.id
                )
            )
            assert row["closing"] == account.balance_fen + on_meters, number
    assert verify(park.db).ok


def test_finance_only(park: SmallPark) -> None:
    from app.security import PermissionDenied

    add_operator(park.db, park.admin, "cashier", "收银员", Role.CASHIER, PASSWORD)
    add_operator(park.db, park.admin, "auditor", "审计员", Role.AUDITOR, PASSWORD)
    cashier = login(park.db, "cashier", PASSWORD)
    auditor = login(park.db, "auditor", PASSWORD)
    request = ReportRequest("monthly", Period.month(2026, 3))
    with pytest.raises(PermissionDenied):
        run_report(park.db, cashier, request)
    assert len(run_report(park.db, auditor, request).main.rows) == 3


def test_chinese_titles(park: SmallPark, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    report = run_report(park.db, park.admin, ReportRequest("monthly", Period.month(2026, 3)))
    assert report.title == "用电综合报表"
    assert [c.title for c in report.main.columns][:2] == ["楼栋", "账户"]
    rows = {r[1]: r for r in report.main.rows}
    assert rows["M1"][4] == "表端计费"


def test_april_with_a_meter_swap_and_a_register_roll_over(park: SmallPark) -> None:
    """P1's meter is replaced on Apr 15 at 1045 kWh (5 kWh since Apr 2 billed at the swap,
    ¥3.00) by a used meter reading 999,995 that rolls over: 8 kWh billed on Apr 20 (¥4.80),
    10 kWh by May 1. April: 9 kWh on the old meter + 10 on the new; charges ¥6.00 (Apr 2)
    + ¥3.00 + ¥4.80; the report still reconciles with the ledger."""
    from app.ledger.meterswap import replace_meter
    from app.models import Meter, Reading, ReadingKind

    from .smallpark import at, bill

    swap = at(4, 15, 12)
    new_id = replace_meter(park.db, park.admin, park.meters["P1"], "11", final_kwh="1045", now=swap)
    park.meters["P1-new"] = new_id
    with park.db.write() as s:
        assert s.get(Meter, new_id) is not None
        for ts, total in ((swap, "999995"), (at(4, 20), "3")):
            s.add(Reading(meter_id=new_id, kind=ReadingKind.INTERVAL, ts=ts, energy_total=D(total)))
        s.add(Reading(meter_id=new_id, kind=ReadingKind.DAILY, ts=at(5, 1), energy_total=D("5")))
    assert bill(park, "P1-new", swap, "999995") == 0  # the new meter's baseline
    assert bill(park, "P1-new", at(4, 20), "3") == 480  # rolled over: 8 kWh
    rows = _reconciles(park, Period.month(2026, 4))
    p1 = rows["P1"]
    assert p1["kwh"] == D(19)
    assert p1["fen_flat"] == p1["energy_fen"] == 600 + 300 + 480
    assert (p1["opening"], p1["charges"], p1["closing"]) == (26400, -1380, 25020)
    assert verify(park.db).ok
