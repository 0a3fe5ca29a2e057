"""The cashier counter's open bills (催缴账单): choose a room, see its account's open bills
overdue first, pay one; the receipt shows in the window, the bill leaves the list, and the
money is in the cashier's shift. Real SQLite demo park; bills issued as a fee run would."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.billing.bills import issue_bill, list_bills
from app.ledger.journal import verify
from app.ledger.shifts import open_shift_totals
from app.models import BillingMode, Role, Room
from app.security import Actor, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from tests.gui.test_cashier import a_room, open_counter

PASSWORD = "Counter-2026!"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


def _people(db) -> tuple[Actor, Actor]:  # type: ignore[no-untyped-def]
    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    add_operator(db, admin, "wang", "王晓梅", Role.CASHIER, PASSWORD)
    add_operator(db, admin, "li", "李工", Role.OPERATOR, PASSWORD)
    return login(db, "wang", PASSWORD), login(db, "li", PASSWORD)


def _bills(db, room: Room) -> list[str]:  # type: ignore[no-untyped-def]
    with db.write() as s:
        account = s.scalar(select(Room.account_id).where(Room.id == room.id))
        assert account is not None
        late = issue_bill(s, account, "fee:1", "2026-Q3", 120000, date(2026, 10, 15))
        later = issue_bill(s, account, "fee:2", "2026-11", 8800, date(2099, 1, 1))
        return [late.number, later.number]


def choose(qtbot, window, room: Room) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.bills.loaded, timeout=20_000):
        assert window.select_room(room.id)


def test_pay_an_open_bill_at_the_counter(qtbot, demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cashier, _operator = _people(demo_db)
    room, _initials = a_room(demo_db, BillingMode.PLATFORM)
    late, later = _bills(demo_db, room)
    window = open_counter(qtbot, demo_db, cashier)
    window.resize(1280, 800)
    choose(qtbot, window, room)
    panel = window.bills
    assert panel.isVisible() and panel.table.rowCount() == 2
    assert panel.table.item(0, 0).text().startswith(late)  # overdue first
    assert panel.table.item(0, 3).text() != "" and panel.table.item(1, 3).text() == ""
    shot = os.environ.get("WATTDESK_SHOT_DIR")
    if shot:
        window.grab().save(
            str(Path(shot) / f"cashier-bills-{os.environ.get('WATTDESK_LANG', 'en')}.png")
        )
    assert panel.pay_button.isEnabled()
    window.methods.button(1).click()  # F2 bank card
    with qtbot.waitSignal(panel.paid, timeout=20_000) as paid:
        panel.pay_button.click()
    result = paid.args[0]
    assert result.bill_number == late and result.status == "paid"
    assert "1,200.00" in window.asked[-1] and late in window.asked[-1]
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=20_000)
    assert panel.table.item(0, 0).text().startswith(later)
    assert window.receipt is not None and window.receipt.number == result.receipt_number
    assert window.print_button.isEnabled() and window.save_button.isEnabled()
    with demo_db.read() as s:
        totals = open_shift_totals(s, "wang")
        assert totals is not None and totals.by_method["card"] == 120000
        assert [b.number for b in list_bills(s)] == [later]
    assert verify(demo_db).ok


def test_a_role_that_may_not_take_money_sees_but_cannot_pay(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    _cashier, operator = _people(demo_db)
    room, _initials = a_room(demo_db, BillingMode.PLATFORM)
    _bills(demo_db, room)
    window = open_counter(qtbot, demo_db, operator)
    failures: list[str] = []
    window.bills.failed.connect(failures.append)
    window.select_room(room.id)
    qtbot.waitUntil(lambda: bool(failures) or window.bills.table.rowCount() > 0, timeout=20_000)
    assert not window.bills.pay_button.isEnabled()
