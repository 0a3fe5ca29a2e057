"""The Accounts window: each flow driven through its dialogs against a real demo database
(open over two rooms, pre-set then one-click open, close with the refund slip, transfer with
and without the balance, meter swap, contacts, and a role that may not)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pypdfium2 as pdfium
import pytest
from sqlalchemy import select

from app.accounts.service import open_account
from app.ledger.recharge import RechargeRequest, recharge
from app.models import (
    Account,
    AccountStatus,
    AuditEntry,
    BillingMode,
    Meter,
    MeterCommand,
    MeterRole,
    Role,
    Room,
    TenantContact,
)
from app.security import PermissionDenied, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui.accounts import AccountsWindow

PASSWORD = "Accounts-2026!"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db):  # type: ignore[no-untyped-def]
    from app.demo import build_demo

    build_demo(db, rooms=100)  # offices (platform-side) and a dormitory (meter-side)
    return db


@pytest.fixture
def staff(park):  # type: ignore[no-untyped-def]
    admin = create_first_admin(park, "admin", "管理员", PASSWORD)
    add_operator(park, admin, "wang", "王晓梅", Role.CASHIER, PASSWORD)
    add_operator(park, admin, "li", "李工", Role.OPERATOR, PASSWORD)
    return {n: login(park, n, PASSWORD) for n in ("admin", "wang", "li")}


def vacate(db, billing: BillingMode, count: int) -> list[int]:  # type: ignore[no-untyped-def]
    """Set-up: ``count`` rooms of that billing mode without tenant (the demo lets all)."""
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


def show(qtbot, db, actor) -> AccountsWindow:  # type: ignore[no-untyped-def]
    window = AccountsWindow(db, actor)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.load()
    window.confirm_dialog = lambda _q: True
    return window


def pick(qtbot, window: AccountsWindow, account_id: int) -> None:
    window.search.clear()
    window.show_closed.setChecked(True)
    window._filter()
    assert window.select_account(account_id)


def dialog_of(qtbot, window: AccountsWindow, trigger):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.dialog_shown, timeout=20_000) as shown:
        trigger()
    dialog = shown.args[0]
    dialog.asked = []
    dialog.confirm_dialog = lambda q: dialog.asked.append(q) or True
    return dialog


def finish(qtbot, window: AccountsWindow, dialog) -> object:  # type: ignore[no-untyped-def]
    with (
        qtbot.waitSignal(window.loaded, timeout=20_000),
        qtbot.waitSignal(dialog.done, timeout=20_000) as done,
    ):
        dialog.ok.click()
    return done.args[0]


def account_of(db, number: str) -> Account:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(Account).where(Account.number == number))


def test_open_one_tenant_over_two_rooms_with_alarm_levels(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    rooms = vacate(park, BillingMode.METER, 2)
    window = show(qtbot, park, staff["admin"])
    dialog = dialog_of(qtbot, window, window.open_account)
    qtbot.waitUntil(lambda: dialog.ok.isEnabled() and dialog.rooms.count() >= 2, timeout=20_000)
    dialog.tenant.setText("一户多表宿舍")
    dialog.kind.setCurrentIndex(dialog.kind.findData("dorm"))
    for room_id in rooms:
        dialog.check_room(room_id)
    dialog.alarm_1.setText("30")
    dialog.alarm_2.setText("8")
    dialog.overdraft.setText("10")
    opened = finish(qtbot, window, dialog)
    assert "一户多表宿舍" in dialog.asked[0] and "2" in dialog.asked[0]
    assert opened.number in dialog.outcome.text()
    with park.read() as s:
        let = s.scalars(select(Room.id).where(Room.account_id == opened.account_id)).all()
        assert sorted(let) == sorted(rooms)
        assert s.get(Account, opened.account_id).overdraft_fen == 1000
        params = s.scalars(select(MeterCommand).where(MeterCommand.kind == "params")).all()
        assert params and params[0].payload["values"]["alarm_1"] == "30.00"
    window.search.setText("yhdbss")  # pinyin initials of 一户多表宿舍
    qtbot.waitUntil(lambda: window.proxy.rowCount() == 1, timeout=5_000)
    assert window.proxy.index(0, 0).data() == opened.number


def test_preset_then_open_with_one_click(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    rooms = vacate(park, BillingMode.PLATFORM, 1)
    window = show(qtbot, park, staff["admin"])
    dialog = dialog_of(qtbot, window, lambda: window.open_account(preset=True, rooms=rooms))
    qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=20_000)
    assert dialog.chosen_rooms() == rooms
    dialog.tenant.setText("新生宿舍 2027")
    preset = finish(qtbot, window, dialog)
    assert account_of(park, preset.number).status is AccountStatus.PRESET
    with park.read() as s:
        assert s.scalar(select(Room.account_id).where(Room.id == rooms[0])) is None
    pick(qtbot, window, preset.account_id)
    assert window.actions_by_name["open_preset"].isEnabled()
    assert not window.actions_by_name["close"].isEnabled()
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.actions_by_name["open_preset"].trigger()
    assert account_of(park, preset.number).status is AccountStatus.OPEN
    assert preset.number in window.outcome.text()
    with park.read() as s:
        assert s.scalar(select(Room.account_id).where(Room.id == rooms[0])) == preset.account_id


def test_close_with_settlement_and_refund_slip(qtbot, park, staff, tmp_path) -> None:  # type: ignore[no-untyped-def]
    rooms = vacate(park, BillingMode.PLATFORM, 1)
    opened = open_account(park, staff["admin"], "退租商户", "shop", rooms)
    recharge(
        park,
        staff["admin"],
        RechargeRequest("66", "cash", uuid.uuid4().hex, account_id=opened.account_id),
    )
    window = show(qtbot, park, staff["admin"])
    pick(qtbot, window, opened.account_id)
    dialog = dialog_of(qtbot, window, window.actions_by_name["close"].trigger)
    assert "¥66.00" in dialog.settlement.text()
    finish(qtbot, window, dialog)
    assert account_of(park, opened.number).status is AccountStatus.CLOSED
    assert dialog.slips and dialog.slips[-1] in dialog.outcome.text()
    assert dialog.slip_view.isVisible() and "66.00" in dialog.slip_view.text()
    target = str(tmp_path / "slip.pdf")
    dialog.save_slip(target)
    qtbot.waitUntil(lambda: "slip.pdf" in dialog.outcome.text(), timeout=20_000)
    pdf = pdfium.PdfDocument(target)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert dialog.slips[-1] in text and "66.00" in text and "退租商户" in text


@pytest.mark.parametrize("carry", [False, True])
def test_transfer_of_ownership_with_or_without_balance(qtbot, park, staff, carry) -> None:  # type: ignore[no-untyped-def]
    rooms = vacate(park, BillingMode.PLATFORM, 1)
    opened = open_account(park, staff["admin"], "老租户", "shop", rooms)
    recharge(
        park,
        staff["admin"],
        RechargeRequest("40", "cash", uuid.uuid4().hex, account_id=opened.account_id),
    )
    window = show(qtbot, park, staff["admin"])
    pick(qtbot, window, opened.account_id)
    dialog = dialog_of(qtbot, window, window.actions_by_name["transfer"].trigger)
    assert dialog.carry.isEnabled()
    dialog.tenant.setText("新租户")
    dialog.carry.setChecked(carry)
    new = finish(qtbot, window, dialog)
    assert "新租户" in dialog.outcome.text() and new.number in dialog.outcome.text()
    assert account_of(park, new.number).balance_fen == (4000 if carry else 0)
    assert account_of(park, opened.number).balance_fen == (0 if carry else 4000)
    with park.read() as s:
        assert s.scalar(select(Room.account_id).where(Room.id == rooms[0])) == new.id


def test_meter_swap_from_the_window(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    rooms = vacate(park, BillingMode.PLATFORM, 1)
    opened = open_account(park, staff["admin"], "换表商户", "shop", rooms)
    window = show(qtbot, park, staff["li"])  # an operator changes meters
    pick(qtbot, window, opened.account_id)
    assert not window.actions_by_name["close"].isEnabled()  # but may not refund
    dialog = dialog_of(qtbot, window, window.actions_by_name["swap"].trigger)
    old_id = dialog.meter.currentData()
    dialog.address.setText("240")
    new_id = finish(qtbot, window, dialog)
    with park.read() as s:
        old, new = s.get(Meter, old_id), s.get(Meter, new_id)
        assert old.removed_at is not None and old.replaced_by_id == new.id
        assert new.address == "240" and new.room_id == rooms[0]
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "meter.replace")).one()


def test_contacts_edit(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    opened = open_account(
        park, staff["admin"], "星河科技", "enterprise", vacate(park, BillingMode.PLATFORM, 1)
    )
    window = show(qtbot, park, staff["li"])
    pick(qtbot, window, opened.account_id)
    dialog = dialog_of(qtbot, window, window.actions_by_name["tenant"].trigger)
    dialog.add_button.click()
    dialog.add_button.click()
    for r, (name, phone, email) in enumerate(
        (("张经理", "13800138000", ""), ("李会计", "", "li@example.com"))
    ):
        dialog.table.item(r, 0).setText(name)
        dialog.table.item(r, 1).setText(phone)
        dialog.table.item(r, 2).setText(email)
    dialog.table.item(1, 3).setCheckState(dialog.table.item(1, 3).checkState().Checked)
    finish(qtbot, window, dialog)
    with park.read() as s:
        people = s.scalars(select(TenantContact).order_by(TenantContact.id)).all()
    assert [(p.name, p.may_pay) for p in people] == [("张经理", False), ("李会计", True)]
    row = next(r for r in window.model.rows if r.id == opened.account_id)
    assert row.payers == 1
    # a bad email is refused by the service and said in the dialog
    dialog.table.item(1, 2).setText("not-an-email")
    with qtbot.waitSignal(dialog.failed, timeout=20_000) as failed:
        dialog.ok.click()
    assert "not-an-email" in failed.args[0]


def test_a_cashier_sees_greyed_actions_with_reasons_and_the_service_refuses(
    qtbot, park, staff
) -> None:  # type: ignore[no-untyped-def]
    rooms = vacate(park, BillingMode.PLATFORM, 1)
    opened = open_account(
        park,
        staff["admin"],
        "某商户",
        "shop",
        rooms[:0] or vacate(park, BillingMode.PLATFORM, 2)[1:],
    )
    window = show(qtbot, park, staff["wang"])
    pick(qtbot, window, opened.account_id)
    for name in ("open", "preset", "close", "transfer", "swap"):
        action = window.actions_by_name[name]
        assert not action.isEnabled(), name
        assert "收银员" in action.toolTip() or "cashier" in action.toolTip(), name
    assert "may not change accounts" in window.note.text() or "不能" in window.note.text()
    assert window.actions_by_name["tenant"].isEnabled()  # read-only
    dialog = dialog_of(qtbot, window, window.actions_by_name["tenant"].trigger)
    assert not dialog.ok.isEnabled() and dialog.ok.toolTip()
    with pytest.raises(PermissionDenied):
        open_account(park, staff["wang"], "收银员开户", "shop", rooms)


def test_from_the_tree_context_menu_and_the_room_detail(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow
    from widgets.tree_model import KEY_ROLE

    vacant = vacate(park, BillingMode.PLATFORM, 1)[0]
    window = MainWindow(park, staff["admin"])
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.tree_loaded, timeout=20_000):
        window.reload()
    view = window.park_tree.view
    index = window.tree_model.index_of(("room", vacant))
    view.scrollTo(index)
    assert view.indexAt(view.visualRect(index).center()).data(KEY_ROLE) == ("room", vacant)
    view.customContextMenuRequested.emit(view.visualRect(index).center())
    menu = window.account_actions.last_menu
    actions = {a.objectName(): a for a in menu.actions()}
    assert actions["RoomAccount_open"].isEnabled()
    assert not actions["RoomAccount_close"].isEnabled()
    assert "vacant" in actions["RoomAccount_close"].toolTip()
    with qtbot.waitSignal(window.account_actions.dialog_shown, timeout=20_000) as shown:
        actions["RoomAccount_open"].trigger()
    dialog = shown.args[0]
    dialog.confirm_dialog = lambda _q: True
    qtbot.waitUntil(lambda: dialog.ok.isEnabled(), timeout=20_000)
    assert dialog.chosen_rooms() == [vacant]
    dialog.tenant.setText("右键开户")
    with (
        qtbot.waitSignal(window.tree_loaded, timeout=20_000),  # the tree re-reads who rents
        qtbot.waitSignal(dialog.done, timeout=20_000) as done,
    ):
        dialog.ok.click()
    assert vacant in window.let_rooms
    account_id = done.args[0].account_id

    # the room detail: the same operations under "Account…", now for a let room
    with qtbot.waitSignal(window.detail.shown, timeout=10_000):
        window.open_room(vacant)
    more = window.detail.more
    qtbot.waitUntil(lambda: more.account_button.isEnabled(), timeout=10_000)
    items = {a.objectName(): a for a in more.account_button.menu().actions()}
    assert items["RoomAccount_close"].isEnabled() and not items["RoomAccount_open"].isEnabled()
    with qtbot.waitSignal(more.accounts.dialog_shown, timeout=20_000) as shown:
        items["RoomAccount_close"].trigger()
    close = shown.args[0]
    assert close.objectName() == "CloseAccountDialog" and close.detail.row.id == account_id
    close.confirm_dialog = lambda _q: True
    with qtbot.waitSignal(close.done, timeout=20_000):
        close.ok.click()
    assert account_of(park, close.detail.row.number).status is AccountStatus.CLOSED
    window.close()
