"""app.accounts: opening with a plan, pre-set accounts, contacts; migration 0009 on both
back ends (the ``db`` fixture runs each test on SQLite and on PostgreSQL)."""

from __future__ import annotations

import uuid

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select, text

from app.accounts import reads
from app.accounts.contacts import Contact, contacts_of, save_tenant
from app.accounts.service import OpenPlan, cancel_preset, open_account, open_preset, preset_account
from app.db import Database
from app.ledger.accounts import close_account
from app.ledger.journal import LedgerError
from app.ledger.recharge import RechargeRequest, recharge
from app.models import (
    Account,
    AccountPresetRoom,
    AccountStatus,
    AuditEntry,
    BillingMode,
    Meter,
    MeterCommand,
    MeterRole,
    Room,
    TariffAssignment,
)
from app.security import PermissionDenied


def vacant(db: Database, billing: BillingMode, count: int = 1) -> list[int]:
    """``count`` rooms of that billing mode with no tenant (set-up: the demo lets them all)."""
    with db.write() as s:
        rooms = s.scalars(
            select(Room)
            .join(Meter, Meter.room_id == Room.id)
            .where(Meter.billing_mode == billing, Meter.role == MeterRole.TENANT)
            .order_by(Room.id.desc())
            .limit(count)
        ).all()
        for room in rooms:
            room.account_id = None
        return [r.id for r in rooms]


def audited(db: Database, action: str) -> int:
    with db.read() as s:
        return len(s.scalars(select(AuditEntry).where(AuditEntry.action == action)).all())


def test_the_status_check_admits_preset_and_still_refuses_nonsense(park, staff) -> None:  # type: ignore[no-untyped-def]
    opened = preset_account(
        park, staff["admin"], "预设公司", "enterprise", vacant(park, BillingMode.PLATFORM)
    )
    with park.read() as s:
        assert s.get(Account, opened.account_id).status is AccountStatus.PRESET
    with pytest.raises(Exception, match=r"(?i)check"), park.engine.begin() as conn:
        conn.execute(
            text("UPDATE account SET status = 'bogus' WHERE id = :i"), {"i": opened.account_id}
        )


def test_open_over_two_rooms_with_tariff_and_alarm_levels(park, staff) -> None:  # type: ignore[no-untyped-def]
    rooms = vacant(park, BillingMode.METER, 2)
    plan = OpenPlan(tariff=_tariff(park), alarm_1_fen=3000, alarm_2_fen=800, overdraft_fen=1000)
    opened = open_account(park, staff["admin"], "一户多表宿舍", "dorm", rooms, plan)
    with park.read() as s:
        account = s.get(Account, opened.account_id)
        assert account.status is AccountStatus.OPEN and account.overdraft_fen == 1000
        let = s.scalars(select(Room.id).where(Room.account_id == account.id)).all()
        assert sorted(let) == sorted(rooms)
        meters = s.scalars(select(Meter.id).where(Meter.room_id.in_(rooms))).all()
        assigned = s.scalars(
            select(TariffAssignment.scope_key).where(TariffAssignment.scope == "meter")
        ).all()
        assert {str(m) for m in meters} <= set(assigned)
        commands = s.scalars(select(MeterCommand).where(MeterCommand.id.in_(opened.commands))).all()
        assert len(commands) == len(meters) >= 2
        assert commands[0].payload["values"] == {"alarm_1": "30.00", "alarm_2": "8.00"}
    assert audited(park, "account.open") == 1
    row = next(r for r in reads.list_accounts(park) if r.id == opened.account_id)
    assert len(row.rooms) == 2 and row.meters == len(meters) and row.matches("yhdb")


def test_an_operator_may_open_but_a_cashier_may_not(park, staff) -> None:  # type: ignore[no-untyped-def]
    rooms = vacant(park, BillingMode.PLATFORM)
    with pytest.raises(PermissionDenied):
        open_account(park, staff["cashier"], "收银员开户", "shop", rooms)
    with pytest.raises(PermissionDenied):  # the overdraft (level 3) is an administrator's
        open_account(
            park, staff["operator"], "操作员开户", "shop", rooms, OpenPlan(overdraft_fen=500)
        )
    assert audited(park, "account.open") == 0
    open_account(park, staff["operator"], "操作员开户", "shop", rooms)


def test_preset_reserves_rooms_and_opens_with_one_click(park, staff) -> None:  # type: ignore[no-untyped-def]
    rooms = vacant(park, BillingMode.METER, 1)
    plan = OpenPlan(alarm_1_fen=2500, alarm_2_fen=600)
    preset = preset_account(park, staff["admin"], "新生宿舍", "dorm", rooms, plan)
    with park.read() as s:
        assert s.scalar(select(Room.account_id).where(Room.id == rooms[0])) is None
        assert s.scalars(select(MeterCommand).where(MeterCommand.kind == "params")).all() == []
    with pytest.raises(LedgerError, match="reserved by pre-set account"):
        open_account(park, staff["admin"], "抢房", "dorm", rooms)
    with pytest.raises(LedgerError, match="closed"):  # nothing can be recharged to it
        recharge(
            park,
            staff["admin"],
            RechargeRequest("10", "cash", uuid.uuid4().hex, account_id=preset.account_id),
        )
    assert [r.id for r in reads.vacant_rooms(park) if r.id in rooms] == []
    assert reads.room_account(park, rooms[0]).status == "preset"
    opened = open_preset(park, staff["operator"], preset.account_id)
    assert opened.number == preset.number and opened.commands
    with park.read() as s:
        assert s.scalar(select(Room.account_id).where(Room.id == rooms[0])) == preset.account_id
        assert s.get(Account, preset.account_id).status is AccountStatus.OPEN
        assert s.scalars(select(AccountPresetRoom)).all() == []
    with pytest.raises(LedgerError, match="not a pre-set"):
        open_preset(park, staff["operator"], preset.account_id)
    assert audited(park, "account.preset") == 1 and audited(park, "account.open_preset") == 1


def test_cancel_preset_frees_the_rooms(park, staff) -> None:  # type: ignore[no-untyped-def]
    rooms = vacant(park, BillingMode.PLATFORM)
    preset = preset_account(park, staff["admin"], "不来了", "shop", rooms)
    with pytest.raises(PermissionDenied):
        cancel_preset(park, staff["cashier"], preset.account_id)
    cancel_preset(park, staff["admin"], preset.account_id)
    assert rooms[0] in {r.id for r in reads.vacant_rooms(park)}
    assert preset.account_id not in {r.id for r in reads.list_accounts(park)}


def test_contacts_are_saved_replaced_and_audited(park, staff) -> None:  # type: ignore[no-untyped-def]
    opened = open_account(
        park, staff["admin"], "星河科技", "enterprise", vacant(park, BillingMode.PLATFORM)
    )
    tenant_id = next(r.tenant_id for r in reads.list_accounts(park) if r.id == opened.account_id)
    people = [
        Contact("张经理", "13800138000", "zhang@example.com", may_pay=True),
        Contact("李会计", "", "li@example.com", may_pay=True),
    ]
    save_tenant(park, staff["operator"], tenant_id, "星河科技有限公司", "enterprise", people)
    saved = contacts_of(park, tenant_id)
    assert [c.name for c in saved] == ["张经理", "李会计"]
    row = next(r for r in reads.list_accounts(park) if r.id == opened.account_id)
    assert row.tenant == "星河科技有限公司" and row.payers == 2 and row.matches("xhkjyxgs")
    save_tenant(park, staff["operator"], tenant_id, "星河科技有限公司", "enterprise", [saved[0]])
    assert [c.name for c in contacts_of(park, tenant_id)] == ["张经理"]
    with pytest.raises(LedgerError, match="not an email"):
        save_tenant(
            park, staff["operator"], tenant_id, "星河", "enterprise", [Contact("王", "", "bad")]
        )
    with pytest.raises(PermissionDenied):
        save_tenant(park, staff["cashier"], tenant_id, "星河", "enterprise", [])
    assert audited(park, "tenant.edit") == 2


def test_close_gives_a_refund_slip_pdf(park, staff) -> None:  # type: ignore[no-untyped-def]
    opened = open_account(
        park, staff["admin"], "退租商户", "shop", vacant(park, BillingMode.PLATFORM)
    )
    recharge(
        park,
        staff["admin"],
        RechargeRequest("88", "cash", uuid.uuid4().hex, account_id=opened.account_id),
    )
    slip = close_account(park, staff["admin"], opened.account_id, "cash")
    assert slip
    pdf = pdfium.PdfDocument(reads.slip_pdf(park, slip))
    words = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert slip in words and "88.00" in words and "退租商户" in words


def _tariff(db: Database) -> str:
    names = reads.tariff_names(db)
    assert names, "the demo park publishes tariffs"
    return names[0]


def test_the_account_list_reads_in_a_fixed_number_of_queries(park, staff) -> None:  # type: ignore[no-untyped-def]
    """No per-row queries: the list costs the same statements at 20 or 2,000 accounts."""
    from sqlalchemy import event

    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(park.engine, "before_cursor_execute", count)
    try:
        rows = reads.list_accounts(park)
    finally:
        event.remove(park.engine, "before_cursor_execute", count)
    assert len(rows) > 100
    assert len(statements) <= 5, statements
