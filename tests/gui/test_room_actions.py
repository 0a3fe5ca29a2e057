"""Room detail actions: refund (with the four-eyes rule above the threshold), and alarm
levels queued as a meter command whose progress shows until the simulated meter confirms."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from app.ledger.recharge import RechargeRequest, recharge
from app.models import (
    Account,
    AuditEntry,
    BillingMode,
    CommandStatus,
    LedgerEntry,
    LedgerTxn,
    Link,
    Meter,
    MeterCommand,
    MeterRole,
    Payment,
    Role,
    Room,
)
from app.security import add_operator, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui.meter_params import ParamsDialog
from app.ui.room_actions import RefundDialog
from tests.gui.test_live import FAST, PASSWORD, modbus_room, open_live, people


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def small_park(db):  # type: ignore[no-untyped-def]
    from app.demo import build_demo

    build_demo(db, rooms=40)
    return db


@pytest.fixture
def mixed_park(db):  # type: ignore[no-untyped-def]
    """Big enough for the demo's dormitory: meter-side DL/T 645 meters."""
    from app.demo import build_demo

    build_demo(db, rooms=100)
    return db


def meter_side_room(db) -> tuple[int, int, str, str]:  # type: ignore[no-untyped-def]
    """(room id, meter id, sim url, address) of a let meter-side room (DL/T 645 in the demo)."""
    with db.read() as s:
        return s.execute(
            select(Room.id, Meter.id, Link.url, Meter.address)
            .join(Meter, Meter.room_id == Room.id)
            .join(Link, Meter.link_id == Link.id)
            .where(
                Room.account_id.is_not(None),
                Meter.role == MeterRole.TENANT,
                Meter.billing_mode == BillingMode.METER,
            )
            .order_by(Room.id)
        ).first()


def open_room(qtbot, window, room_id: int) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.detail.shown, timeout=10_000):
        window.open_room(room_id)


def refund_dialog(qtbot, window) -> RefundDialog:  # type: ignore[no-untyped-def]
    more = window.detail.more
    assert more.refund_button.isEnabled()
    more.refund_button.click()
    dialog = more.dialog
    assert isinstance(dialog, RefundDialog)
    qtbot.addWidget(dialog)
    if dialog.context is None:
        qtbot.waitSignal(dialog.ready, timeout=10_000).wait()
    dialog.asked = []  # type: ignore[attr-defined]
    dialog.confirm_dialog = lambda q: dialog.asked.append(q) or True  # type: ignore[attr-defined]
    return dialog


def test_refund_from_the_room_detail_and_a_big_one_needs_approval(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    admin, cashier = people(small_park)
    room_id, *_ = modbus_room(small_park)  # platform-side: the account holds the money
    with small_park.read() as s:
        account_id = s.scalar(select(Room.account_id).where(Room.id == room_id))
    recharge(small_park, cashier, RechargeRequest("1000", "cash", "refund-test-0001", room_id))
    with small_park.read() as s:
        before = s.get(Account, account_id).balance_fen
    window = open_live(qtbot, small_park, cashier, collector=False)
    open_room(qtbot, window, room_id)
    more = window.detail.more
    # a cashier may refund but not write meter parameters: disabled and explained
    assert not more.alarms_button.isEnabled()
    assert "may not write meter parameters" in more.alarms_button.toolTip()
    dialog = refund_dialog(qtbot, window)
    assert "¥" in dialog.balance.text()
    dialog.amount.set_amount("20.50")
    dialog.reason.setText("moved out early")
    assert not dialog.approval.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.refunded, timeout=10_000) as done:
        dialog.refund_button.click()
    slip = done.args[0]
    detail = window.detail.detail
    assert detail.path in dialog.asked[0] and detail.tenant in dialog.asked[0]
    assert "¥20.50" in dialog.asked[0]
    assert slip in dialog.outcome.text() and "¥20.50" in dialog.outcome.text()
    with small_park.read() as s:
        assert s.get(Account, account_id).balance_fen == before - 2050
        txn = s.scalars(select(LedgerTxn).where(LedgerTxn.kind == "refund")).one()
        legs = {
            e.book: e.amount_fen
            for e in s.scalars(select(LedgerEntry).where(LedgerEntry.txn_id == txn.id))
        }
        assert legs == {"tenant": -2050, "cash": 2050}
        assert s.scalars(select(Payment).where(Payment.txn_id == txn.id)).one().amount_fen == -2050

    # above the threshold (¥500): the approval box appears and the service insists
    dialog.amount.set_amount("600")
    dialog.reason.setText("account closed by the landlord")
    assert dialog.approval.isVisibleTo(dialog)
    assert (
        "administrator" in dialog.approval_note.text() and "¥500.00" in dialog.approval_note.text()
    )
    with qtbot.waitSignal(dialog.failed, timeout=5000) as refused:
        dialog.refund_button.click()
    assert refused.args[0].startswith("Administrator approval")
    dialog.approver.setText("admin")
    dialog.password.setText("wrong-password")
    with qtbot.waitSignal(dialog.failed, timeout=10_000) as refused:
        dialog.refund_button.click()
    assert "Not refunded" in refused.args[0]
    dialog.password.setText(PASSWORD)
    with qtbot.waitSignal(dialog.refunded, timeout=10_000):
        dialog.refund_button.click()
    with small_park.read() as s:
        assert s.get(Account, account_id).balance_fen == before - 2050 - 60000
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "refund")).all()
        assert len(rows) == 2 and '"approved_by":"admin"' in rows[1].detail
    dialog.close()
    window.close()
    del admin


def test_an_operator_may_not_refund(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(small_park)
    add_operator(small_park, admin, "li", "李工", Role.OPERATOR, PASSWORD)
    operator = login(small_park, "li", PASSWORD)
    room_id, *_ = modbus_room(small_park)
    window = open_live(qtbot, small_park, operator, collector=False)
    open_room(qtbot, window, room_id)
    more = window.detail.more
    assert not more.refund_button.isEnabled()
    assert "may not refund" in more.refund_button.toolTip()
    assert "operator" in more.note.text()
    assert more.open_refund() is None
    # platform-side meter: nothing to write to it, and the button says why
    assert not more.alarms_button.isEnabled()
    assert "Platform-side" in more.alarms_button.toolTip()
    window.close()


def test_alarm_levels_are_queued_and_followed_until_the_meter_confirms(qtbot, mixed_park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(mixed_park)
    room_id, meter_id, url, address = meter_side_room(mixed_park)
    window = open_live(qtbot, mixed_park, admin, collector=False)
    open_room(qtbot, window, room_id)
    more = window.detail.more
    assert more.alarms_button.isEnabled() and more.prices_button.isEnabled()
    with qtbot.waitSignal(more.dialog_shown, timeout=10_000) as shown:
        more.alarms_button.click()
    dialog = shown.args[0]
    assert isinstance(dialog, ParamsDialog)
    qtbot.addWidget(dialog)
    asked: list[str] = []
    dialog.confirm_dialog = lambda q: asked.append(q) or True
    assert dialog.fields["alarm_1"][0].text() == "20.00"  # the site's level 1
    # level 2 above level 1 is refused, the field named
    dialog.fields["alarm_1"][0].setText("30.00")
    dialog.fields["alarm_2"][0].setText("40")
    with qtbot.waitSignal(dialog.failed, timeout=5000) as failed:
        dialog.ok.click()
    assert failed.args[0].startswith("Alarm level 2")
    dialog.fields["alarm_2"][0].setText("8.5")
    dialog.ok.click()
    qtbot.waitUntil(lambda: "waiting for the meter" in more.state.text(), timeout=10_000)
    detail = window.detail.detail
    assert detail.path in asked[0] and detail.tenant in asked[0] and address in asked[0]
    with mixed_park.read() as s:
        cmd = s.scalars(select(MeterCommand).where(MeterCommand.kind == "params")).one()
        assert cmd.status is CommandStatus.PENDING and cmd.meter_id == meter_id
        assert cmd.payload["values"] == {"alarm_1": "30.00", "alarm_2": "8.50"}
    # the collector starts, finds the pending command and writes it; the row follows
    with (
        qtbot.waitSignal(more.command_finished, timeout=30_000) as finished,
        qtbot.waitSignal(window.collector_started, timeout=20_000),
    ):
        window.start_collector(FAST)
    assert finished.args == ["confirmed"]
    assert "Alarm levels: done" in more.state.text()
    assert "written and read back" in more.state.text()
    sim = window.collector.sims.sims[url].meter(address)  # what the meter now holds
    assert (sim.alarm_1_fen, sim.alarm_2_fen) == (3000, 850)
    with mixed_park.read() as s:
        assert s.get(MeterCommand, cmd.id).status is CommandStatus.CONFIRMED
    # meter prices are prefilled from the tariff in force for this meter (the dorm's)
    with qtbot.waitSignal(more.dialog_shown, timeout=10_000) as shown:
        more.prices_button.click()
    prices = shown.args[0]
    qtbot.addWidget(prices)
    assert [prices.fields[p][0].text() for p in ("price_1", "price_3")] == ["0.5600", "0.5600"]
    prices.fields["price_2"][0].setText("0.56001")
    with qtbot.waitSignal(prices.failed, timeout=5000) as failed:
        prices.ok.click()
    assert failed.args[0].startswith("Peak (峰)") and "4 decimals" in failed.args[0]
    prices.close()
    window.close()


def test_a_big_refund_sent_for_approval_is_decided_at_the_admins_desk(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    """No administrator at the counter: the cashier sends the request; nothing is paid until
    an administrator approves it from the Refund approvals list of their own window."""
    from app.models import RefundRequest, RefundStatus
    from app.ui.approvals import ApprovalsDialog

    admin, cashier = people(small_park)
    room_id, *_ = modbus_room(small_park)
    with small_park.read() as s:
        account_id = s.scalar(select(Room.account_id).where(Room.id == room_id))
    recharge(small_park, cashier, RechargeRequest("1000", "cash", "refund-test-0002", room_id))
    with small_park.read() as s:
        before = s.get(Account, account_id).balance_fen
    desk = open_live(qtbot, small_park, cashier, collector=False)
    open_room(qtbot, desk, room_id)
    dialog = refund_dialog(qtbot, desk)
    dialog.amount.set_amount("600")
    dialog.reason.setText("moving out, landlord's office closed")
    assert dialog.approval.isVisibleTo(dialog) and dialog.request_button.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.requested, timeout=10_000) as sent:
        dialog.request_button.click()
    assert "nothing was paid" in dialog.outcome.text()
    with small_park.read() as s:
        assert s.get(Account, account_id).balance_fen == before  # nothing moved yet
    # the cashier sees the list but may not decide
    own = desk.open_approvals()
    qtbot.addWidget(own)
    qtbot.waitUntil(lambda: len(own.rows) == 1, timeout=10_000)
    assert not own.approve_button.isEnabled() and "administrator" in own.approve_button.toolTip()

    approvals = ApprovalsDialog(small_park, admin)
    qtbot.addWidget(approvals)
    approvals.confirm_dialog = lambda q: True
    with qtbot.waitSignal(approvals.loaded, timeout=10_000) as loaded:
        approvals.load()
    assert loaded.args[0] == 1
    texts = [approvals.table.item(0, c).text() for c in range(approvals.table.columnCount())]
    assert "¥600.00" in texts and "王晓梅" in texts and "moving out" in texts[-1]
    with qtbot.waitSignal(approvals.decided, timeout=10_000) as decided:
        approvals.approve_button.click()
    assert "¥600.00" in decided.args[0] and "王晓梅" in decided.args[0]
    qtbot.waitUntil(lambda: approvals.rows == [], timeout=10_000)
    with small_park.read() as s:
        assert s.get(Account, account_id).balance_fen == before - 60000
        assert s.get(RefundRequest, sent.args[0]).status is RefundStatus.DONE
    approvals.close()
    own.close()
    dialog.close()
