"""The orders report (订单总览) on a small park made through the ledger services, against
figures worked out by hand (see ``moneypark``); both back ends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from app.db import Database
from app.reports import Period, ReportError, ReportRequest, Scope, run_report
from app.reports.table import Report, Table, as_dict
from app.security import PermissionDenied
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing

from .moneypark import MoneyPark, at, build_money_park

pytestmark = pytest.mark.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)

NOVEMBER = Period.month(2026, 11)
OCTOBER = Period.month(2026, 10)


@pytest.fixture(autouse=True)
def _cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db: Database) -> MoneyPark:
    return build_money_park(db)


def orders(
    park: MoneyPark, who: str = "auditor", period: Period = NOVEMBER, **kw: object
) -> Report:
    request = ReportRequest("orders", period, **kw)  # type: ignore[arg-type]
    return run_report(park.db, park.staff[who], request)


def rows(table: Table) -> list[dict[str, object]]:
    return [as_dict(table, row) for row in table.rows]


def test_a_month_lists_every_order_with_hand_computed_amounts(park: MoneyPark) -> None:
    report = orders(park)
    listed = rows(report.main)
    assert [(r["kind"], r["account"], r["amount"], r["counter"]) for r in listed] == [
        ("Recharge", park.numbers["B101"], 20050, 20050),
        ("Recharge", park.numbers["A102"], 30000, 30000),
        ("Recharge", park.numbers["A201"], 5000, 5000),
        ("Refund", park.numbers["A101"], -3025, -3025),
        ("Reversal of recharge", park.numbers["A102"], -30000, -30000),
        ("Fee deduction", park.numbers["A101"], -1000, None),
        ("Adjustment", park.numbers["B101"], 500, None),
        ("Transfer between accounts", park.numbers["A102"], 2000, None),
        ("Transfer between accounts", park.numbers["B101"], -2000, None),
        ("Account closed", park.numbers["B101"], -18550, -18550),
    ]
    first = listed[0]  # 00:01 on 1 November in the park, still 31 October in UTC
    assert first["time"] == at("2026-11-01 00:01")
    assert first["receipt"] == park.receipts["recharge B101"]
    assert (first["tenant"], first["rooms"], first["method"], first["cashier"]) == (
        "华创电子",
        "B栋 101",
        "Bank card",
        "cashier1",
    )
    assert listed[3]["receipt"] == park.receipts["refund A101"]
    assert listed[4]["receipt"] == ""  # a bare reversal has no slip
    assert listed[9]["receipt"] == park.receipts["close B101"]
    assert listed[5]["memo"] == "物业费"
    total = as_dict(report.main, report.main.total or ())
    assert (total["amount"], total["counter"]) == (20050 + 5000 - 3025 - 1000 + 500 - 18550, 3475)


def test_the_month_end_in_park_time(park: MoneyPark) -> None:
    """23:59 on 31 October is October's; 00:01 on 1 November is November's."""
    october = rows(orders(park, period=OCTOBER).main)
    assert [(r["kind"], r["counter"], r["method"]) for r in october] == [
        ("Recharge", 10000, "Cash")
    ]
    assert october[0]["time"] == at("2026-10-31 23:59")
    day = rows(orders(park, period=Period.day(date(2026, 11, 1))).main)
    assert [r["counter"] for r in day] == [20050]


def test_totals_by_method_and_by_kind(park: MoneyPark) -> None:
    report = orders(park)
    by_method = {r["method"]: r for r in rows(report.tables[1])}
    assert {m: (r["count"], r["in"], r["out"], r["net"]) for m, r in by_method.items()} == {
        "Cash": (2, 0, -21575, -21575),
        "Bank card": (1, 20050, 0, 20050),
        "Bank transfer": (1, 5000, 0, 5000),
        "QR payment": (2, 30000, -30000, 0),
    }
    assert as_dict(report.tables[1], report.tables[1].total or ())["net"] == 3475
    by_kind = {r["kind"]: (r["count"], r["amount"], r["counter"]) for r in rows(report.tables[2])}
    assert "Energy charges" not in str(by_kind)  # not read: see the note
    assert by_kind["Transfer between accounts"] == (2, 0, 0)
    assert by_kind["Recharge"] == (3, 55050, 55050)
    assert report.main.note.startswith("Energy charges are not listed")


def test_energy_charges_per_account_and_park_local_day(park: MoneyPark) -> None:
    listed = rows(orders(park, filters={"kind": "charge"}).main)
    assert [(r["time"], r["account"], r["amount"]) for r in listed] == [
        (at("2026-11-10 00:00"), park.numbers["A101"], -200),  # 23:30 and 23:50
        (at("2026-11-11 00:00"), park.numbers["A101"], -50),  # 00:10, UTC still the 10th
    ]
    assert "2 energy charges" in str(listed[0]["memo"])


def test_filters_scope_tenant_method_kind(park: MoneyPark) -> None:
    with park.db.read() as s:
        from app.reports import resolve_scope

        building_b = resolve_scope(s, building="B栋")
        floor_2 = resolve_scope(s, building="A栋", floor="2F")
    b = rows(orders(park, scope=building_b).main)  # the closed account stays in its building
    assert [(r["kind"], r["amount"]) for r in b] == [
        ("Recharge", 20050),
        ("Adjustment", 500),
        ("Transfer between accounts", -2000),
        ("Account closed", -18550),
    ]
    assert [r["account"] for r in rows(orders(park, scope=floor_2).main)] == [park.numbers["A201"]]
    account = Scope(account_id=park.accounts["A102"], text="A102")
    assert [r["amount"] for r in rows(orders(park, scope=account).main)] == [30000, -30000, 2000]
    by_initials = rows(orders(park, filters={"tenant": "XHKJ"}).main)
    assert {r["tenant"] for r in by_initials} == {"星河科技"} and len(by_initials) == 2
    assert len(rows(orders(park, filters={"tenant": "蓝海"}).main)) == 3
    cash = rows(orders(park, filters={"method": "cash"}).main)
    assert [r["counter"] for r in cash] == [-3025, -18550]
    refunds = rows(orders(park, filters={"kind": "refund"}).main)
    assert [r["amount"] for r in refunds] == [-3025]


def test_a_cashier_sees_only_their_orders_an_operator_none(park: MoneyPark) -> None:
    mine = orders(park, "cashier1")
    assert {r["cashier"] for r in rows(mine.main)} == {"cashier1"}
    assert [r["counter"] for r in rows(mine.main)] == [20050, 5000, -3025]
    # asking for someone else's changes nothing: run_report narrows to the cashier
    theirs = orders(park, "cashier1", filters={"cashier": "cashier2"})
    assert [r["counter"] for r in rows(theirs.main)] == [20050, 5000, -3025]
    assert "Energy charges" not in mine.main.note  # charges are nobody's orders
    assert len(rows(orders(park, "auditor").main)) == 10
    assert len(rows(orders(park, "admin").main)) == 10
    assert [
        r["counter"] for r in rows(orders(park, "auditor", filters={"cashier": "cashier2"}).main)
    ] == [30000]
    with pytest.raises(PermissionDenied):
        orders(park, "operator")


def test_bad_filters_are_refused_in_words(park: MoneyPark) -> None:
    for filters, words in (
        ({"colour": "red"}, "Unknown filter colour"),
        ({"method": "bitcoin"}, "Unknown payment method 'bitcoin'"),
        ({"kind": "gift"}, "Unknown kind 'gift'"),
        ({"cashier": "nobody"}, "no operator 'nobody'"),
    ):
        with pytest.raises(ReportError, match=words):
            orders(park, filters=filters)


def test_an_empty_period_is_an_empty_report(park: MoneyPark) -> None:
    report = orders(park, period=Period.month(2025, 1))
    assert report.empty  # the window and the CLI say "no data" instead of a table of zeros
    assert as_dict(report.main, report.main.total or ())["counter"] == 0
    charges_by_cash = orders(park, filters={"kind": "charge", "method": "cash"})
    assert charges_by_cash.main.rows == []  # energy charges never cross the counter
