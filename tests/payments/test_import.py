"""Bills imported into the real ledger (SQLite and PostgreSQL): each payment one recharge,
exactly once; unmatched ones listed and assigned; refunds reported; the reconciliation."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app.db import Database
from app.ledger.journal import verify
from app.models import Account, AuditEntry, LedgerTxn, MeterCommand, OnlinePayment, PayerLink
from app.payments.reconcile import reconcile, write_xlsx
from app.payments.service import assign, import_statement, unmatched
from app.payments.statements import read_statement
from app.security import Actor, PermissionDenied
from tests.payments.bills import Pay, alipay_business_bill, wechat_bill
from tests.payments.conftest import Tenant

WX = "42000012342026110300000000"  # + two digits


def txns(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count(LedgerTxn.id))) or 0)


def balance(db: Database, account_id: int) -> int:
    with db.read() as s:
        return int(s.scalar(select(Account.balance_fen).where(Account.id == account_id)) or 0)


def first_bill(office: Tenant, dorm: Tenant) -> bytes:
    return wechat_bill(
        [
            Pay(WX + "01", "50.00", f"电费充值 {office.account}", "oOFFICE"),
            Pay(WX + "02", "30.00", f"{dorm.building} {dorm.room} 电费", "oDORM"),
            Pay(WX + "03", "8.00", "电费", "oNEW"),
        ]
    )


def test_a_bill_credits_once_twice_and_overlapping(
    park: Database, staff: dict[str, Actor], office: Tenant, dorm: Tenant
) -> None:
    cashier = staff["cashier"]
    before, start = balance(park, office.account_id), txns(park)
    report = import_statement(park, cashier, read_statement(first_bill(office, dorm), "wechat"))
    assert [o.action for o in report.outcomes] == ["credited", "credited", "unmatched"]
    assert [o.account for o in report.outcomes[:2]] == [office.account, dorm.account]
    assert balance(park, office.account_id) == before + 5000  # platform-side: a posting
    with park.read() as s:
        command = s.scalar(
            select(MeterCommand)
            .join(OnlinePayment, OnlinePayment.txn_id == MeterCommand.txn_id)
            .where(OnlinePayment.platform_txn == WX + "02")
        )
        assert command is not None and command.kind == "recharge"  # meter-side: queued
        assert command.payload["amount_fen"] == 3000
    assert txns(park) == start + 2

    again = import_statement(park, cashier, read_statement(first_bill(office, dorm), "wechat"))
    assert [o.action for o in again.outcomes] == ["already", "already", "unmatched"]
    assert [o.receipt for o in again.outcomes[:2]] == [o.receipt for o in report.outcomes[:2]]
    assert txns(park) == start + 2 and balance(park, office.account_id) == before + 5000

    overlapping = wechat_bill(
        [
            Pay(WX + "02", "30.00", f"{dorm.building} {dorm.room} 电费", "oDORM"),
            Pay(WX + "04", "20.00", f"{office.account}", "oOFFICE", at="2026-11-04 09:00:00"),
        ]
    )
    third = import_statement(park, cashier, read_statement(overlapping, "wechat"))
    assert [o.action for o in third.outcomes] == ["already", "credited"]
    assert txns(park) == start + 3 and balance(park, office.account_id) == before + 7000
    assert verify(park).ok, verify(park).breaches


def test_unmatched_are_listed_assigned_and_the_payer_learned(
    park: Database, staff: dict[str, Actor], office: Tenant, dorm: Tenant
) -> None:
    cashier = staff["cashier"]
    import_statement(park, cashier, read_statement(first_bill(office, dorm), "wechat"))
    waiting = unmatched(park)
    assert [(r.platform_txn, r.amount_fen, r.payer) for r in waiting] == [(WX + "03", 800, "oNEW")]
    assert "remark" in waiting[0].note
    before = balance(park, office.account_id)
    result = assign(park, cashier, WX + "03", account_number=office.account)
    assert result.amount_fen == 800 and balance(park, office.account_id) == before + 800
    assert unmatched(park) == []
    with park.read() as s:
        link = s.get(PayerLink, ("wechat", "oNEW"))
        assert link is not None and link.account_id == office.account_id
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "payment.assign")).one()
        assert WX + "03" in audit.detail
    # the next time this payer writes nothing, the learned id finds the account
    later = wechat_bill([Pay(WX + "05", "9.00", "", "oNEW", at="2026-11-05 08:00:00")])
    report = import_statement(park, cashier, read_statement(later, "wechat"))
    assert [(o.action, o.account) for o in report.outcomes] == [("credited", office.account)]
    # assigning twice is refused, and nobody but a money role assigns
    with pytest.raises(Exception, match="already credited"):
        assign(park, cashier, WX + "03", account_number=office.account)
    with pytest.raises(PermissionDenied):
        import_statement(park, staff["auditor"], read_statement(later, "wechat"))
    # an auditor (finance) may read a bill against the ledger: a dry run, nothing written
    again = wechat_bill([Pay(WX + "06", "7.00", "", "oNEW", at="2026-11-06 08:00:00")])
    before = txns(park)
    seen = import_statement(park, staff["auditor"], read_statement(again, "wechat"), dry_run=True)
    assert [(o.action, o.account) for o in seen.outcomes] == [("credited", office.account)]
    assert txns(park) == before
    with pytest.raises(PermissionDenied):  # an operator has neither money nor finance
        import_statement(park, staff["operator"], read_statement(again, "wechat"), dry_run=True)
    assert verify(park).ok


def test_a_refund_is_reported_and_never_reversed_by_itself(
    park: Database, staff: dict[str, Actor], office: Tenant
) -> None:
    bill = wechat_bill(
        [
            Pay(WX + "01", "50.00", office.account, "oOFFICE"),
            Pay(WX + "01", "50.00", office.account, "oOFFICE", refund="5000000000000000000001"),
        ]
    )
    before = balance(park, office.account_id)
    report = import_statement(park, staff["cashier"], read_statement(bill, "wechat"))
    assert [o.action for o in report.outcomes] == ["credited", "refund"]
    assert report.outcomes[1].account == office.account
    assert "refund request" in report.outcomes[1].note
    assert balance(park, office.account_id) == before + 5000
    with park.read() as s:
        rows = s.scalars(select(OnlinePayment).order_by(OnlinePayment.id)).all()
        assert [(r.kind, r.status) for r in rows] == [
            ("payment", "credited"),
            ("refund", "reported"),
        ]


def test_a_dry_run_changes_nothing(
    park: Database, staff: dict[str, Actor], office: Tenant, dorm: Tenant
) -> None:
    start = txns(park)
    report = import_statement(
        park, staff["cashier"], read_statement(first_bill(office, dorm), "wechat"), dry_run=True
    )
    assert [o.action for o in report.outcomes] == ["credited", "credited", "unmatched"]
    assert txns(park) == start and unmatched(park) == []


def test_an_alipay_gbk_bill_once_and_its_reconciliation(
    park: Database, staff: dict[str, Actor], office: Tenant, dorm: Tenant, tmp_path: Path
) -> None:
    ali = "20261103220014000000000000"
    bill = alipay_business_bill(
        [
            Pay(ali + "01", "35.80", f"电费 {office.account}", "buy***@example.com"),
            Pay(ali + "02", "100.00", f"{dorm.building}/{dorm.room}", "138****0000"),
            Pay(ali + "03", "12.00", "房租?", "x***@qq.com"),
        ]
    )
    statement = read_statement(bill, "alipay")
    first = import_statement(park, staff["cashier"], statement)
    assert [o.action for o in first.outcomes] == ["credited", "credited", "unmatched"]
    second = import_statement(park, staff["cashier"], read_statement(bill, "alipay"))
    assert [o.action for o in second.outcomes] == ["already", "already", "unmatched"]

    rec = reconcile(park, statement)
    assert (rec.platform_count, rec.platform_fen) == (3, 14780)
    assert (rec.ledger_count, rec.ledger_fen) == (2, 13580)
    assert [(d.what, d.txn, d.platform_fen) for d in rec.differences] == [
        ("missing", ali + "03", 1200)
    ]
    assert not rec.balanced
    assign(park, staff["cashier"], ali + "03", account_number=office.account)
    rec = reconcile(park, statement)
    assert rec.balanced and rec.ledger_fen == 14780

    path = tmp_path / "对账.xlsx"
    write_xlsx(reconcile(park, statement), path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][:2] == ["平台 platform", "alipay"]
    assert ["平台收款 platform payments", 3, 147.8] in [v[:3] for v in values]
    assert ["账本充值 ledger recharges", 3, 147.8] in [v[:3] for v in values]
    assert verify(park).ok


def test_two_desks_import_the_same_bill_at_once(
    park: Database, staff: dict[str, Actor], office: Tenant, dorm: Tenant
) -> None:
    import threading

    start = txns(park)
    barrier = threading.Barrier(2)
    reports: list[list[str]] = []

    def desk(actor: Actor) -> None:
        statement = read_statement(first_bill(office, dorm), "wechat")
        barrier.wait(timeout=30)
        reports.append([o.action for o in import_statement(park, actor, statement).outcomes])

    threads = [threading.Thread(target=desk, args=(staff[w],)) for w in ("cashier", "admin")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(reports) == 2
    assert sorted(a for r in reports for a in r[:2]) == [
        "already",
        "already",
        "credited",
        "credited",
    ]
    assert [r[2] for r in reports] == ["unmatched", "unmatched"]
    assert txns(park) == start + 2
    assert len(unmatched(park)) == 1
    assert verify(park).ok


def test_an_alipay_account_bill_and_a_refused_line(
    park: Database, staff: dict[str, Actor], office: Tenant, dorm: Tenant
) -> None:
    """账务明细: income rows credited, the withdrawal skipped; a line the ledger refuses
    (above the single recharge limit) is listed for a person, the others still go in."""
    from tests.payments.bills import alipay_account_bill

    ali = "20261103220014000000000000"
    bill = alipay_account_bill(
        [
            Pay(ali + "11", "60000.00", f"电费 {office.account}", "big@example.com"),
            Pay(ali + "12", "88.00", f"电费 {dorm.account}", "d@example.com"),
        ],
        withdrawal="500.00",
    )
    statement = read_statement(bill, "alipay")
    assert len(statement.skipped) == 1  # the withdrawal (提现) is no payment
    report = import_statement(park, staff["cashier"], statement)
    assert [o.action for o in report.outcomes] == ["unmatched", "credited"]
    assert "limit" in report.outcomes[0].note
    assert [r.platform_txn for r in unmatched(park)] == [ali + "11"]
    assert verify(park).ok


def test_an_account_with_several_prepaid_rooms_waits_for_a_room(
    park: Database, staff: dict[str, Actor], dorm: Tenant
) -> None:
    """The money must reach one meter: the account number alone does not say which."""
    from app.models import BillingMode, Room
    from tests.payments.conftest import tenant_of

    other = tenant_of(park, BillingMode.METER, skip=1)
    with park.write() as s:
        room = s.get(Room, other.room_id)
        assert room is not None
        room.account_id = dorm.account_id  # the tenant now rents two dormitory rooms
    bill = wechat_bill([Pay(WX + "21", "40.00", f"电费 {dorm.account}", "oTWO")])
    report = import_statement(park, staff["cashier"], read_statement(bill, "wechat"))
    assert [o.action for o in report.outcomes] == ["unmatched"]
    assert "several prepaid rooms" in report.outcomes[0].note
    result = assign(park, staff["cashier"], WX + "21", room_id=other.room_id)
    assert result.command_id is not None  # the chosen room's meter gets the recharge
    assert verify(park).ok
