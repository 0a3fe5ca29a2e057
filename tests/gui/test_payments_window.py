# ruff: noqa: F811 (the park fixtures are imported by name from the payment tests)
"""The online payments window (线上缴费 / 对账) over the demo park on SQLite: a WeChat Pay bill
previewed (nothing written) then credited with receipts, the same file again "already
credited"; an unmatched payment assigned to a room found by the search, a stale second
assignment refused with the service's sentence; the reconciliation exported and read back
with openpyxl; an operator sees it read-only and the service refuses; Settings → Online
payments stores the relay's secret (admin) and is locked for a cashier. Every wait is on a
signal or ``waitUntil``. (PostgreSQL: tests/payments/test_panel.py runs the same calls.)"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from app.db import Database
from app.payments.endpoint import SECRET_NAME
from app.security import Actor
from app.security.keystore import get_secret
from app.ui.payments import PaymentsWindow
from app.ui.settings_payments import PaymentsPage
from tests.money.conftest import cheap_hashing, park, staff  # noqa: F401 (fixtures)
from tests.payments.bills import Pay, wechat_bill
from tests.payments.conftest import Tenant, dorm, office  # noqa: F401 (fixtures)

ZONE = ZoneInfo("Asia/Shanghai")
WAIT = 30_000
WX = "42000012342026110300000000"


def bill_file(tmp_path: Path, office: Tenant, dorm: Tenant) -> Path:
    path = tmp_path / "wechat-bill.csv"
    path.write_bytes(
        wechat_bill(
            [
                Pay(WX + "01", "50.00", f"电费充值 {office.account}", "oOFFICE"),
                Pay(WX + "02", "30.00", f"{dorm.building} {dorm.room} 电费", "oDORM"),
                Pay(WX + "03", "8.00", "电费", "oNEW"),
                Pay(WX + "01", "5.00", "", "oOFFICE", refund="50300000000000001"),
            ]
        )
    )
    return path


def window(qtbot, db: Database, actor: Actor) -> PaymentsWindow:  # type: ignore[no-untyped-def]
    w = PaymentsWindow(db, actor, ZONE)
    qtbot.addWidget(w)
    w.show()
    w.load()  # as the main window's "Online payments…" does
    return w


def column(w: PaymentsWindow, index: int) -> list[str]:
    t = w.importing.table
    return [t.item(r, index).text() for r in range(t.rowCount())]


def preview_of(qtbot, w: PaymentsWindow, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(w.importing.previewed, timeout=WAIT):
        w.importing.open_file(path)


def credit_bill(qtbot, w: PaymentsWindow, path: Path) -> None:  # type: ignore[no-untyped-def]
    """Read the bill and credit what it matches, as the clerk does before the other tabs."""
    preview_of(qtbot, w, path)
    with qtbot.waitSignal(w.importing.credited, timeout=WAIT):
        w.importing.credit()


def test_preview_then_credit_then_the_same_file_again(
    qtbot,
    park: Database,
    staff: dict[str, Actor],
    office: Tenant,
    dorm: Tenant,
    tmp_path: Path,
) -> None:
    w = window(qtbot, park, staff["cashier"])
    path = bill_file(tmp_path, office, dorm)
    preview_of(qtbot, w, path)
    assert column(w, 7) == [
        "will be credited",
        "will be credited",
        "unmatched",
        "refund (reported)",
    ]
    assert column(w, 6)[:2] == [office.account, dorm.account]
    assert column(w, 8) == ["", "", "", ""]  # a dry run: no receipts
    assert "detected from the file" in w.importing.summary.text()
    assert w.importing.credit_button.text() == "Credit 2 payments"
    assert w.importing.credit_button.isEnabled()
    with qtbot.waitSignal(w.importing.credited, timeout=WAIT) as done:
        qtbot.mouseClick(w.importing.credit_button, Qt.MouseButton.LeftButton)
    receipts = [o.receipt for o in done.args[0].outcomes[:2]]
    assert all(receipts) and column(w, 8)[:2] == receipts
    assert column(w, 7)[:3] == ["credited", "credited", "unmatched"]
    assert not w.importing.credit_button.isEnabled()
    qtbot.waitUntil(lambda: w.history.table.rowCount() == 2, timeout=WAIT)
    shown = {w.history.table.item(r, 5).text() for r in range(2)}
    assert shown == set(receipts)

    preview_of(qtbot, w, path)  # the same file again
    assert column(w, 7)[:2] == ["already credited", "already credited"]
    assert w.importing.credit_button.text() == "Credit 0 payments"
    assert not w.importing.credit_button.isEnabled()


def test_history_by_park_days(
    qtbot,
    park: Database,
    staff: dict[str, Actor],
    office: Tenant,
    dorm: Tenant,
    tmp_path: Path,
) -> None:
    w = window(qtbot, park, staff["cashier"])
    credit_bill(qtbot, w, bill_file(tmp_path, office, dorm))  # paid 2026-11-03 10:00 in Beijing
    h = w.history
    qtbot.waitUntil(lambda: h.table.rowCount() == 2, timeout=WAIT)
    assert not h.start.isEnabled()

    def days(first: QDate, last: QDate, rows: int) -> None:
        h.start.setDate(first)
        h.end.setDate(last)
        qtbot.waitUntil(lambda: h.table.rowCount() == rows and not h._reading, timeout=WAIT)
        wanted = h.wanted()
        assert wanted.start is not None and wanted.end is not None
        assert wanted.end - wanted.start == timedelta(days=first.daysTo(last) + 1)

    h.dated.setChecked(True)
    assert h.start.isEnabled() and h.end.isEnabled()
    days(QDate(2026, 11, 4), QDate(2026, 11, 30), 0)
    days(QDate(2026, 11, 3), QDate(2026, 11, 3), 2)  # the last day is included
    days(QDate(2026, 10, 1), QDate(2026, 11, 2), 0)
    assert h.wanted().end == datetime(2026, 11, 2, 16, tzinfo=UTC)  # midnight in Beijing
    assert h.status.text().startswith("0 payments")
    h.start.setDate(QDate(2026, 11, 20))  # after the last day: the last day follows
    assert h.end.date() == QDate(2026, 11, 20)
    h.dated.setChecked(False)
    qtbot.waitUntil(lambda: h.table.rowCount() == 2, timeout=WAIT)


def test_an_unmatched_payment_is_assigned_and_a_stale_one_refused(
    qtbot,
    park: Database,
    staff: dict[str, Actor],
    office: Tenant,
    dorm: Tenant,
    tmp_path: Path,
) -> None:
    w = window(qtbot, park, staff["cashier"])
    credit_bill(qtbot, w, bill_file(tmp_path, office, dorm))
    tab = w.unmatched
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=WAIT)
    assert tab.table.item(0, 1).text() == WX + "03"
    assert tab.table.item(0, 5).text() == "电费" and tab.table.item(0, 6).text()  # the reason
    assert not tab.assign_button.isEnabled()
    tab.table.selectRow(0)
    stale = tab.rows[0]
    qtbot.keyClicks(tab.search, dorm.account)
    qtbot.waitUntil(lambda: tab.found.count() >= 1, timeout=WAIT)
    tab.found.setCurrentRow(0)
    assert tab.assign_button.isEnabled()
    with qtbot.waitSignal(tab.assigned, timeout=WAIT) as got:
        qtbot.mouseClick(tab.assign_button, Qt.MouseButton.LeftButton)
    assert got.args[0] and got.args[0] in tab.status.text()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0, timeout=WAIT)
    qtbot.waitUntil(lambda: w.history.table.rowCount() == 3, timeout=WAIT)

    tab.rows = [stale]  # a second desk still showing it
    tab.table.setRowCount(1)
    tab.table.selectRow(0)
    with qtbot.waitSignal(tab.failed, timeout=WAIT) as refused:
        tab.assign()
    assert refused.args[0] == f"payment {WX}03 is already credited"
    assert tab.status.text() == refused.args[0]


def test_reconciliation_is_shown_and_exported(
    qtbot,
    park: Database,
    staff: dict[str, Actor],
    office: Tenant,
    dorm: Tenant,
    tmp_path: Path,
) -> None:
    w = window(qtbot, park, staff["cashier"])
    credit_bill(qtbot, w, bill_file(tmp_path, office, dorm))
    tab = w.reconciling
    with qtbot.waitSignal(tab.reconciled, timeout=WAIT):
        qtbot.mouseClick(tab.run_button, Qt.MouseButton.LeftButton)
    assert "platform 3 payments, 88.00 yuan; ledger 2 recharges, 80.00 yuan" in tab.totals.text()
    assert tab.table.rowCount() == 1
    assert tab.table.item(0, 0).text() == "missing in the ledger"
    assert tab.table.item(0, 1).text() == WX + "03"
    out = tmp_path / "对账.xlsx"
    with qtbot.waitSignal(tab.exported, timeout=WAIT):
        tab.export_to(out)
    sheet = load_workbook(out).active
    rows = [tuple(c.value for c in row)[:3] for row in sheet.iter_rows()]
    assert ("平台收款 platform payments", 3, 88) in rows
    assert ("账本充值 ledger recharges", 2, 80) in rows
    assert ("missing", WX + "03", 8) in rows

    # a period: the fields followed the bill (its platform, its day); the one still waiting
    assert tab.platform.currentData() == "wechat"
    assert (tab.start.date().toString("yyyy-MM-dd"), tab.end.date().toString("yyyy-MM-dd")) == (
        "2026-11-03",
        "2026-11-03",
    )
    tab.by_period.setChecked(True)
    with qtbot.waitSignal(tab.reconciled, timeout=WAIT) as got:
        tab.run()
    assert [d.txn for d in got.args[0].differences] == [WX + "03"]


def test_an_operator_sees_it_read_only_and_the_service_refuses(
    qtbot,
    park: Database,
    staff: dict[str, Actor],
    office: Tenant,
    dorm: Tenant,
    tmp_path: Path,
) -> None:
    w = window(qtbot, park, staff["operator"])
    assert w.findChild(QLabel, "PaymentsRoleNote") is not None
    with qtbot.waitSignal(w.importing.failed, timeout=WAIT) as refused:
        w.importing.open_file(bill_file(tmp_path, office, dorm))  # the dry run needs recharge
    assert refused.args[0] == "operator (operator) may not recharge."
    assert refused.args[0] in w.importing.summary.text()
    assert column(w, 1)[:3] == [WX + "01", WX + "02", WX + "03"]  # the lines, as read
    assert not w.importing.credit_button.isEnabled()
    assert "only a cashier or an administrator" in w.importing.credit_button.toolTip()
    with qtbot.waitSignal(w.importing.failed, timeout=WAIT) as again:
        w.importing.credit()  # past the greyed button: the service says no
    assert again.args[0] == "operator (operator) may not recharge."
    with qtbot.waitSignal(w.reconciling.reconciled, timeout=WAIT):  # looking is allowed
        w.reconciling.run()
    assert "ledger 0 recharges" in w.reconciling.totals.text()
    qtbot.waitUntil(lambda: w.unmatched.status.text() != "", timeout=WAIT)
    assert not w.unmatched.assign_button.isEnabled()


def test_an_auditor_previews_a_bill_but_credits_nothing(
    qtbot,
    park: Database,
    staff: dict[str, Actor],
    office: Tenant,
    dorm: Tenant,
    tmp_path: Path,
) -> None:
    w = window(qtbot, park, staff["auditor"])
    preview_of(qtbot, w, bill_file(tmp_path, office, dorm))  # finance reads bills (对账)
    assert column(w, 7)[:2] == ["will be credited", "will be credited"]
    assert not w.importing.credit_button.isEnabled()
    assert "finance staff also preview" in w.importing.credit_button.toolTip()
    w.reconciling.by_bill.setChecked(True)
    with qtbot.waitSignal(w.reconciling.reconciled, timeout=WAIT):
        w.reconciling.run()  # the bill just read, against the ledger: nothing credited yet
    assert "ledger 0 recharges" in w.reconciling.totals.text()


def test_settings_page_stores_the_relay_secret(
    qtbot,
    park: Database,
    staff: dict[str, Actor],
) -> None:
    page = PaymentsPage(park, staff["admin"])
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.load()
    assert "No shared secret" in page.secret_state.text()
    page.secret.setText("short")
    with qtbot.waitSignal(page.failed, timeout=WAIT):
        page.save()
    page.secret.setText("the-relay-secret-0001")
    with qtbot.waitSignal(page.loaded, timeout=WAIT):
        page.save()
    assert get_secret(SECRET_NAME) == "the-relay-secret-0001"
    assert "is stored" in page.secret_state.text() and page.secret.text() == ""
    locked = PaymentsPage(park, staff["cashier"])
    qtbot.addWidget(locked)
    assert not locked.save_button.isEnabled() and not locked.secret.isEnabled()


def test_the_main_toolbar_opens_it_once(
    qtbot,
    park: Database,
    staff: dict[str, Actor],
    office: Tenant,
    dorm: Tenant,
    tmp_path: Path,
) -> None:
    from PySide6.QtGui import QAction

    from app.ui.main_window import MainWindow

    main = MainWindow(park, staff["cashier"])
    qtbot.addWidget(main)
    action = main.findChild(QAction, "OpenPayments")
    assert action is not None
    action.trigger()
    payments = main.payments_window
    assert isinstance(payments, PaymentsWindow) and payments.isVisible()
    qtbot.waitUntil(lambda: payments.history.status.text() != "", timeout=WAIT)
    assert main.open_payments() is payments  # built once
    operator = MainWindow(park, staff["operator"])
    qtbot.addWidget(operator)
    hint = operator.findChild(QAction, "OpenPayments").toolTip()
    assert "read-only" in hint
