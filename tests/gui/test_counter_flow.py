"""The counter without surprises (issue 14): F9 on the room detail, the balance after a
recharge, the shift close dialog, the shift report, save dialogs, nothing cut off.

Real SQLite file with a demo park, the real windows, the real services and PDF renderer.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QWidget
from sqlalchemy import select

from app.config import set_preferred_language
from app.models import (
    Account,
    BillingMode,
    Building,
    Floor,
    Role,
    Room,
    Shift,
    Tenant,
)
from app.money import format_yuan
from app.security import Actor, add_operator, create_first_admin, list_entries, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui import files
from app.ui.cashier import CashierWindow
from app.ui.i18n import install_translators

from .test_cashier import a_room, open_counter

PASSWORD = "Counter-2026!"
LONG_TENANT = "苏州工业园区星河智造精密机械制造有限公司第二分公司"


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


@pytest.fixture
def saved(monkeypatch, tmp_path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Answers every save dialog with a file in tmp_path; records where it opened."""
    opened: list[str] = []

    def answer(_parent: QWidget | None, _title: str, start: str, _filters: str) -> str:
        opened.append(start)
        return str(tmp_path / "out" / Path(start).name)

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(files, "dialog", answer)
    return opened


def office_room(db) -> int:  # type: ignore[no-untyped-def]
    """A let office room (time-of-use prices: the longest price line), its tenant renamed
    to a long company name."""
    with db.write() as s:
        room, tenant = s.execute(
            select(Room, Tenant)
            .join(Account, Room.account_id == Account.id)
            .join(Tenant, Account.tenant_id == Tenant.id)
            .join(Floor, Room.floor_id == Floor.id)
            .join(Building, Floor.building_id == Building.id)
            .where(Building.name.like("%厂房%"))
            .order_by(Room.id)
        ).first()
        tenant.name = LONG_TENANT
        return int(room.id)


# -- F9 ---------------------------------------------------------------------------------


def test_f9_on_the_room_detail_opens_the_counter_on_that_room(qtbot, demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    room, _ = a_room(demo_db, BillingMode.PLATFORM)
    window = MainWindow(demo_db, cashier)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.open_room(room.id)
    assert window.centre.currentWidget() is window.detail
    qtbot.waitUntil(lambda: window.detail.detail is not None, timeout=20_000)
    assert "F9" in window.detail.recharge_button.text()
    window.activateWindow()
    window.detail.setFocus()
    qtbot.keyClick(window.detail, Qt.Key.Key_F9)
    counter = window.cashier
    assert counter is not None, "F9 did not open the counter"
    qtbot.addWidget(counter)
    qtbot.waitUntil(lambda: counter.money is not None, timeout=20_000)
    assert counter.room is not None and counter.room.room_id == room.id
    counter.close()
    window.close()


def test_f9_on_the_room_wall_opens_the_counter_as_it_was(qtbot, demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    window = MainWindow(demo_db, cashier)
    qtbot.addWidget(window)
    window.detail.room_id = 1  # a room was looked at before, but the wall is shown now
    counter = window.open_cashier_here()
    qtbot.addWidget(counter)
    qtbot.waitSignal(counter.rooms_loaded, timeout=20_000)
    assert counter.room is None and counter._wanted_room is None
    counter.close()
    window.close()


# -- the big figure ---------------------------------------------------------------------


@pytest.mark.parametrize("mode", [BillingMode.PLATFORM, BillingMode.METER])
def test_the_big_figure_is_the_new_balance_after_a_recharge(qtbot, demo_db, cashier, mode) -> None:  # type: ignore[no-untyped-def]
    window = open_counter(qtbot, demo_db, cashier)
    room, _ = a_room(demo_db, mode)
    with qtbot.waitSignal(window.room_shown, timeout=10_000):
        assert window.select_room(room.id)
    old = window.money.balance_fen + window.money.queued_fen
    assert format_yuan(old) in window.balance_label.text()
    qtbot.keyClicks(window.amount.edit, "123.45")
    with qtbot.waitSignal(window.recharged, timeout=20_000) as done:
        window.confirm()
    result = done.args[0]
    assert result.balance_before_fen == old
    assert result.balance_after_fen == old + 12345
    big, small = window.balance_label.text(), window.balance_note.text()
    assert format_yuan(result.balance_after_fen) in big, big
    assert format_yuan(old) not in big
    assert format_yuan(old) in small, small
    assert window.balance_label.font().pointSizeF() > window.balance_note.font().pointSizeF()
    # the receipt shown is the one the service froze, not a second read
    assert result.receipt.number == result.receipt_number
    assert result.receipt_number in window.receipt_view.text()
    # a second recharge starts from the new balance
    qtbot.keyClicks(window.amount.edit, "10")
    assert format_yuan(old + 12345 + 1000) in window.after_label.text()


# -- shift close ------------------------------------------------------------------------


def _recharge(qtbot, window, room_id: int, amount: str, method: int) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.room_shown, timeout=10_000):
        window.select_room(room_id)
    window.amount.set_amount(amount)
    window.methods.button(method).setChecked(True)
    with qtbot.waitSignal(window.recharged, timeout=20_000):
        window.confirm()


def _open_shift_dialog(qtbot, window):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.shift.dialog_opened, timeout=10_000) as opened:
        window.close_shift_dialog()
    dialog = opened.args[0]
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    return dialog


def _shift_closed(db) -> bool:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(select(Shift.closed_at).order_by(Shift.id.desc())) is not None


def test_shift_close_shows_totals_asks_reason_and_confirmation(
    qtbot, demo_db, cashier, saved, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from app.services.settings import park_details, save_park_details

    admin = login(demo_db, "admin", PASSWORD)
    details = park_details(demo_db)[0]
    from dataclasses import replace

    save_park_details(
        demo_db, admin, replace(details, address="星河路 8 号", phone="0571-8888 6666")
    )
    window = open_counter(qtbot, demo_db, cashier)
    room, _ = a_room(demo_db, BillingMode.PLATFORM)
    _recharge(qtbot, window, room.id, "100", 0)  # cash
    _recharge(qtbot, window, room.id, "50", 3)  # QR
    dialog = _open_shift_dialog(qtbot, window)
    assert dialog.findChild(QLabel, "total-cash").text() == "¥100.00"
    assert dialog.findChild(QLabel, "total-qr").text() == "¥50.00"
    assert dialog.expected.text() == "¥100.00"
    questions: list[str] = []
    answers = [False, True]
    dialog.confirm_dialog = lambda q: questions.append(q) or answers.pop(0)
    qtbot.keyClicks(dialog.counted.edit, "1200")  # ¥1,100 over
    assert "1,100.00" in dialog.difference.text()
    dialog.close_button.click()
    assert dialog.isVisible() and not questions, "closed without a reason"
    assert "why" in dialog.note.text()
    qtbot.keyClicks(dialog.reason, "change given twice, tenant called")
    dialog.close_button.click()  # the confirmation: No
    assert questions and "¥1,100.00" in questions[0] and dialog.isVisible()
    assert not _shift_closed(demo_db)
    with qtbot.waitSignal(window.shift.closed, timeout=20_000) as closed:
        dialog.close_button.click()  # Yes
    report = closed.args[0]
    assert report.counted_cash_fen == 120000 and report.expected_cash_fen == 10000
    assert _shift_closed(demo_db)
    row = list_entries(demo_db, admin, action_prefix="shift.close")[-1]
    after = row.detail_dict()["after"]
    assert after["counted_cash_fen"] == 120000 and after["expected_cash_fen"] == 10000
    assert after["reason"] == "change given twice, tenant called"
    # the report: park header and the cashier's name, saved where the dialog said
    pdf = tmp_path / "out" / f"shift-{report.shift_id}.pdf"
    qtbot.waitUntil(pdf.exists, timeout=20_000)
    doc = pdfium.PdfDocument(pdf.read_bytes())
    text = doc[0].get_textpage().get_text_range()
    doc.close()
    for part in (details.name, "星河路 8 号", "0571-8888 6666", "王晓梅", "change given twice"):
        assert part in text, (part, text)
    assert "wang" not in text  # the name, not the login


def test_shift_close_cancelled_closes_nothing(qtbot, demo_db, cashier, saved) -> None:  # type: ignore[no-untyped-def]
    window = open_counter(qtbot, demo_db, cashier)
    room, _ = a_room(demo_db, BillingMode.PLATFORM)
    _recharge(qtbot, window, room.id, "20", 0)
    dialog = _open_shift_dialog(qtbot, window)
    dialog.confirm_dialog = lambda _q: pytest.fail("asked although cancelled")
    qtbot.keyClicks(dialog.counted.edit, "20")
    dialog.buttons.button(dialog.buttons.StandardButton.Cancel).click()
    assert not dialog.isVisible()
    qtbot.wait(200)  # nothing is pending: give a wrongly queued close the chance to show
    assert window.worker.wait(5000)
    assert not _shift_closed(demo_db) and saved == []


def test_a_payment_between_preview_and_close_is_not_frozen_unseen(demo_db, cashier) -> None:  # type: ignore[no-untyped-def]
    import uuid

    from app.ledger.journal import LedgerError
    from app.ledger.recharge import RechargeRequest, recharge
    from app.ledger.shifts import close_shift
    from app.livedata.counter import shift_totals

    room, _ = a_room(demo_db, BillingMode.PLATFORM)
    recharge(demo_db, cashier, RechargeRequest("10", "cash", uuid.uuid4().hex, room_id=room.id))
    shown = shift_totals(demo_db, cashier.login)
    assert shown is not None and shown.expected_cash_fen == 1000
    recharge(demo_db, cashier, RechargeRequest("5", "cash", uuid.uuid4().hex, room_id=room.id))
    with pytest.raises(LedgerError, match="changed"):
        close_shift(demo_db, cashier, "10", expected_cash_fen=shown.expected_cash_fen)
    assert not _shift_closed(demo_db)


# -- save dialogs -----------------------------------------------------------------------


def test_save_dialogs_open_in_documents_then_in_the_last_folder(
    qtbot, demo_db, cashier, saved, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    window = open_counter(qtbot, demo_db, cashier)
    room, _ = a_room(demo_db, BillingMode.PLATFORM)
    _recharge(qtbot, window, room.id, "20", 0)
    window.save_pdf()
    assert Path(saved[0]).parent == Path(documents or Path.home())
    receipt = tmp_path / "out" / f"{window.receipt.number}.pdf"
    qtbot.waitUntil(receipt.exists, timeout=20_000)
    assert QSettings().value(files.LAST_FOLDER) == str(tmp_path / "out")
    window.save_pdf()  # the next dialog (any window's) opens where the last file went
    assert Path(saved[1]).parent == tmp_path / "out"


# -- nothing cut off --------------------------------------------------------------------


def cut_off(root: QWidget) -> list[str]:
    """Visible labels, buttons and header sections of ``root`` whose text does not fit."""
    problems = []
    for label in root.findChildren(QLabel):
        text = label.text()
        if not label.isVisible() or not text or label.textFormat() == Qt.TextFormat.RichText:
            continue
        width = label.contentsRect().width()
        if label.wordWrap():
            if label.heightForWidth(width) > label.contentsRect().height() + 1:
                problems.append(f"label {text!r}: needs more height")
        elif label.fontMetrics().horizontalAdvance(text) > width:
            problems.append(f"label {text!r}: {width} px wide")
    for button in root.findChildren(QPushButton):
        if button.isVisible() and button.text():
            need = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
            if need > button.contentsRect().width():
                problems.append(f"button {button.text()!r}: {button.width()} px wide")
    for header in root.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation() != Qt.Orientation.Horizontal:
            continue
        model = header.model()
        for i in range(header.count()):
            text = str(model.headerData(i, Qt.Orientation.Horizontal) or "")
            visible = header.sectionViewportPosition(i) + header.sectionSize(i)
            if visible > header.viewport().width() and text:
                problems.append(f"column {text!r} runs past the table")
            elif header.sectionSizeFromContents(i).width() > header.sectionSize(i):
                problems.append(f"column {text!r}: {header.sectionSize(i)} px wide")
    return problems


def receipt_cut(window: CashierWindow) -> list[str]:
    """The receipt preview: its text must wrap inside the pane, never run past it."""
    view = window.receipt_view
    label = view.label
    problems = []
    if label.minimumSizeHint().width() > view.width():
        problems.append(f"receipt text needs {label.minimumSizeHint().width()} px")
    if label.width() > view.width():
        problems.append(f"receipt text {label.width()} px in a {view.width()} px pane")
    if label.mapTo(view, label.rect().topRight()).x() > view.width():
        problems.append("receipt runs past the pane's right edge")
    return problems


def hits_cut(window: CashierWindow) -> list[str]:
    """The room list: every line fits, or the item is elided with its full text in a
    tooltip (a truly long tenant name)."""
    metrics, width = window.hits.fontMetrics(), window.hits.viewport().width() - 8
    problems = []
    for i in range(window.hits.count()):
        item = window.hits.item(i)
        for line in item.text().split("\n"):
            if metrics.horizontalAdvance(line) > width and line not in (item.toolTip() or ""):
                problems.append(f"room list: {line!r} cut at {width} px")
    return problems


@pytest.fixture(params=["en", "zh_CN"])
def language(request) -> Iterator[str]:  # type: ignore[no-untyped-def]
    app = QCoreApplication.instance()
    translators = install_translators(app, request.param) if request.param != "en" else []
    set_preferred_language(request.param)
    yield request.param
    for translator in translators:
        QCoreApplication.removeTranslator(translator)
    set_preferred_language(None)


def test_nothing_is_cut_off_in_the_counter_at_1280x800(qtbot, demo_db, cashier, language) -> None:  # type: ignore[no-untyped-def]
    room_id = office_room(demo_db)
    window = open_counter(qtbot, demo_db, cashier)
    window.resize(1280, 800)
    qtbot.waitUntil(lambda: window.width() == 1280, timeout=5000)
    _recharge(qtbot, window, room_id, "200", 0)
    window.search.setText("1")  # a long list with the long tenant name in it
    qtbot.wait(50)  # let the layout settle after the new texts
    problems = cut_off(window) + receipt_cut(window) + hits_cut(window)
    assert window.width() <= 1280, f"the counter grew to {window.width()} px"
    assert not problems, "\n".join(problems)


def test_nothing_is_cut_off_in_the_shift_dialog(qtbot, demo_db, cashier, language, saved) -> None:  # type: ignore[no-untyped-def]
    window = open_counter(qtbot, demo_db, cashier)
    room, _ = a_room(demo_db, BillingMode.PLATFORM)
    _recharge(qtbot, window, room.id, "20", 0)
    dialog = _open_shift_dialog(qtbot, window)
    dialog.counted.edit.setText("1300.50")
    qtbot.wait(50)
    problems = cut_off(dialog)
    dialog.reject()
    assert not problems, "\n".join(problems)


def test_nothing_is_cut_off_in_the_room_detail_at_1280x800(
    qtbot, demo_db, cashier, language
) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    room_id = office_room(demo_db)
    window = MainWindow(demo_db, cashier)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.open_room(room_id)
    qtbot.waitUntil(lambda: window.detail.detail is not None, timeout=20_000)
    qtbot.wait(50)
    problems = cut_off(window.detail)
    window.close()
    assert not problems, "\n".join(problems)
