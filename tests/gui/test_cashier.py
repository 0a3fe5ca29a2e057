"""The cashier window, driven from the keyboard only, against a real SQLite database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from sqlalchemy import func, select

from app.models import BillingMode, Meter, MeterRole, Payment, Receipt, Role, Room, Tenant
from app.security import Actor, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui.cashier import INFLIGHT, CashierWindow

PASSWORD = "Counter-2026!"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def cashier(demo_db) -> Actor:  # type: ignore[no-untyped-def]
    admin = create_first_admin(demo_db, "admin", "管理员", PASSWORD)
    add_operator(demo_db, admin, "wang", "王晓梅", Role.CASHIER, PASSWORD)
    return login(demo_db, "wang", PASSWORD)


def open_counter(qtbot, db, actor) -> CashierWindow:  # type: ignore[no-untyped-def]
    window = CashierWindow(db, actor)
    window.confirm_dialog = lambda question: (
        window.__dict__.setdefault("asked", []).append(question) or True
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.rooms_loaded, timeout=20_000):
        window.start()
    return window


def a_room(db, mode: BillingMode) -> tuple[Room, str]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        room, initials = s.execute(
            select(Room, Tenant.initials)
            .join(Meter, Meter.room_id == Room.id)
            .join(
                Tenant,
                Tenant.id
                == select(Tenant.id)
                .where(Tenant.accounts.any(id=Room.account_id))
                .scalar_subquery(),
            )
            .where(Meter.billing_mode == mode, Meter.role == MeterRole.TENANT)
            .order_by(Room.id)
        ).first()
    return room, initials


def test_keyboard_only_recharge(qtbot, demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    window = open_counter(qtbot, demo_db, cashier)
    room, initials = a_room(demo_db, BillingMode.METER)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, initials)  # pinyin initials of the tenant
    target = next(
        i
        for i in range(window.hits.count())
        if window.hits.item(i).data(Qt.ItemDataRole.UserRole).room_id == room.id
    )
    for _ in range(target):
        qtbot.keyClick(window.search, Qt.Key.Key_Down)
    with qtbot.waitSignal(window.room_shown, timeout=10_000):
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.room is not None and window.room.room_id == room.id
    assert window.amount.edit.hasFocus()
    qtbot.keyClicks(window.amount.edit, "88.50")
    qtbot.keyClick(window, Qt.Key.Key_F4)  # QR payment
    assert window.method() == "qr"
    key = window.key
    with qtbot.waitSignal(window.recharged, timeout=20_000) as done:
        qtbot.keyClick(window.amount.edit, Qt.Key.Key_Return)
        qtbot.keyClick(window.amount.edit, Qt.Key.Key_Return)  # a double Enter: still one recharge
    result = done.args[0]
    assert result.amount_fen == 8850 and result.receipt_number == "R00000001"
    assert room.number in window.asked[0] and "¥88.50" in window.asked[0]
    assert "R00000001" in window.receipt_view.text() and "¥88.50" in window.receipt_view.text()
    assert window.key != key  # the next recharge gets a new key
    qtbot.waitUntil(lambda: window.pending.rowCount() == 1, timeout=10_000)
    with demo_db.read() as s:
        assert s.scalar(select(func.count(Payment.id))) == 1
        assert s.scalars(select(Payment)).one().method.value == "qr"
    assert not QSettings().value(INFLIGHT)


def test_refusal_is_shown_and_nothing_written(qtbot, demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    window = open_counter(qtbot, demo_db, cashier)
    room, _ = a_room(demo_db, BillingMode.PLATFORM)
    window._choose(next(r for r in window.rooms if r.room_id == room.id))
    qtbot.keyClicks(window.amount.edit, "99999")
    with qtbot.waitSignal(window.failed, timeout=10_000) as refused:
        window.confirm()
    assert "limit" in refused.args[0] and "limit" in window.status.text()
    with demo_db.read() as s:
        assert s.scalar(select(func.count(Receipt.id))) == 0


def test_escape_clears_and_no_room_means_no_recharge(qtbot, demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    window = open_counter(qtbot, demo_db, cashier)
    qtbot.keyClicks(window.search, "101")
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == "" and window.room is None
    window.confirm()
    assert "Choose a room" in window.status.text()


def test_a_recharge_interrupted_by_a_crash_is_recovered(qtbot, demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    room, _ = a_room(demo_db, BillingMode.PLATFORM)
    first = open_counter(qtbot, demo_db, cashier)
    first._choose(next(r for r in first.rooms if r.room_id == room.id))
    qtbot.keyClicks(first.amount.edit, "20")
    with qtbot.waitSignal(first.recharged, timeout=20_000):
        first.confirm()
    # as if the program died after the commit but before it could forget the key
    QSettings().setValue(
        INFLIGHT, [first.last and _key_of(demo_db, first.last.txn_id), str(room.id), "20", "cash"]
    )
    second = open_counter(qtbot, demo_db, cashier)
    qtbot.waitUntil(lambda: "Recovered receipt" in second.status.text(), timeout=10_000)
    assert "R00000001" in second.receipt_view.text()
    # and a recharge that never reached the database is offered again with the same key
    QSettings().setValue(INFLIGHT, ["f" * 32, str(room.id), "30", "card"])
    third = open_counter(qtbot, demo_db, cashier)
    qtbot.waitUntil(lambda: third.key == "f" * 32 and third.amount.text() == "30", timeout=10_000)
    assert third.method() == "card"


def _key_of(db, txn_id: int) -> str:  # type: ignore[no-untyped-def]
    from app.models import LedgerTxn

    with db.read() as s:
        return s.get(LedgerTxn, txn_id).idempotency_key


def test_roles_without_cash_see_the_button_disabled_and_why(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    auditor = Actor(None, "audit", "审计", Role.AUDITOR, "desk")
    window = CashierWindow(demo_db, auditor)
    qtbot.addWidget(window)
    assert not window.confirm_button.isEnabled()
    assert "cashier" in window.confirm_button.toolTip()


def test_recharge_from_the_room_detail_opens_the_counter_on_that_room(
    qtbot, demo_db, cashier
) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    room, _ = a_room(demo_db, BillingMode.PLATFORM)
    window = MainWindow(demo_db, cashier)
    qtbot.addWidget(window)
    window.detail.room_id = room.id
    assert window.detail.recharge_button.isEnabled()
    with qtbot.waitSignal(window.detail.recharge_requested, timeout=2000):
        window.detail.recharge_button.click()
    counter = window.cashier
    assert counter is not None
    qtbot.addWidget(counter)
    qtbot.waitUntil(lambda: counter.room is not None and counter.money is not None, timeout=20_000)
    assert counter.room.room_id == room.id
    window.close()


def test_the_screen_receipt_carries_the_park_details(qtbot, demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    """What the cashier sees is what the customer gets: the header and footer set in
    Settings -> Park details are on the screen receipt too, not only in the PDF."""
    from dataclasses import replace

    from app.services.settings import park_details, save_park_details

    admin = login(demo_db, "admin", PASSWORD)
    details = park_details(demo_db)[0]
    save_park_details(
        demo_db,
        admin,
        replace(
            details,
            address="星河路 8 号",
            phone="0571-8888 6666",
            issuer="星河物业管理有限公司",
            footer="谢谢惠顾，请妥善保管收据",
        ),
    )
    window = open_counter(qtbot, demo_db, cashier)
    room, _ = a_room(demo_db, BillingMode.PLATFORM)
    with qtbot.waitSignal(window.room_shown, timeout=10_000):
        assert window.select_room(room.id)
    qtbot.keyClicks(window.amount.edit, "30")
    with qtbot.waitSignal(window.recharged, timeout=20_000):
        qtbot.keyClick(window.amount.edit, Qt.Key.Key_Return)
    text = window.receipt_view.text()
    for part in (
        "星河路 8 号",
        "0571-8888 6666",
        "星河物业管理有限公司",
        "谢谢惠顾，请妥善保管收据",
    ):
        assert part in text, text
