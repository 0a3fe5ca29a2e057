"""The payments window's Unmatched (未匹配), Reconciliation (对账) and History tabs.

Kept apart from payments.py (the window and its import tab) for length. Each tab reads and
acts through ``app.payments.panel`` in the window's worker; a refused action shows the
service's own sentence in the tab's status line.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.billing.bills import local_today
from app.payments.panel import (
    Bill,
    HistoryFilter,
    PaymentRow,
    Target,
    assign_payment,
    export_reconciliation,
    find_targets,
    history,
    reconcile_bill,
    reconcile_period,
    unmatched_rows,
)
from app.payments.reconcile import Reconciliation
from app.security import Permission

from .labels import (
    local_time,
    payment_difference_label,
    payment_platform_label,
    payment_source_label,
    yuan,
)
from .payments import cell, fit, platform_choice, table

if TYPE_CHECKING:
    from .payments import PaymentsWindow


def _status(label: QLabel, text: str, ok: bool = True) -> None:
    label.setStyleSheet("" if ok else "color: #c62828;")
    label.setText(text)


class UnmatchedTab(QWidget):
    """未匹配: the payments no account was found for, and "Assign to" a searched account."""

    loaded = Signal()
    assigned = Signal(str)  # the receipt number
    failed = Signal(str)

    def __init__(self, window: PaymentsWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.rows: list[PaymentRow] = []
        self.targets: list[Target] = []
        self.table = table(
            self,
            [
                self.tr("Platform"),
                self.tr("Transaction"),
                self.tr("Time"),
                self.tr("Amount"),
                self.tr("Payer"),
                self.tr("Remark"),
                self.tr("Why unmatched"),
            ],
            (80, 200, 130, 70, 100, 110),
        )
        self.table.setObjectName("UnmatchedTable")
        self.table.itemSelectionChanged.connect(self._buttons)
        self.search = QLineEdit(self)
        self.search.setObjectName("AssignSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Account number, tenant, room (A栋/301)"))
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.find)
        self.search.textChanged.connect(self._typing.start)
        self.found = QListWidget(self)
        self.found.setObjectName("AssignTargets")
        self.found.itemSelectionChanged.connect(self._buttons)
        self.assign_button = QPushButton(self.tr("Assign to the chosen account"), self)
        self.assign_button.setObjectName("AssignPayment")
        self.assign_button.clicked.connect(self.assign)
        self.status = QLabel(self)
        self.status.setObjectName("UnmatchedStatus")
        self.status.setWordWrap(True)
        side = QWidget(self)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(self.tr("Assign the selected payment to:"), self))
        side_layout.addWidget(self.search)
        side_layout.addWidget(self.found, 1)
        side_layout.addWidget(self.assign_button)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setSizes([900, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        self._buttons()

    def load(self) -> None:
        db = self.window_.db
        self.window_.worker.submit(lambda: unmatched_rows(db), self._show, self._failed)

    def _show(self, rows: list[PaymentRow]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for row, p in enumerate(rows):
            cells = (
                cell(payment_platform_label(p.platform)),
                cell(p.txn),
                cell(local_time(p.paid_at, self.window_.zone)),
                cell(yuan(p.amount_fen), True),
                cell(p.payer),
                cell(p.remark),
                cell(p.note),
            )
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        fit(self.table, 1, 2)
        _status(self.status, self.tr("Waiting for a person: %1.").replace("%1", str(len(rows))))
        self._buttons()
        self.loaded.emit()

    def find(self) -> None:
        db, text = self.window_.db, self.search.text()
        self.window_.worker.submit(lambda: find_targets(db, text), self._found, self._failed)

    def _found(self, targets: list[Target]) -> None:
        self.targets = targets
        self.found.clear()
        for t in targets:
            self.found.addItem(QListWidgetItem(t.label))
        if len(targets) == 1:
            self.found.setCurrentRow(0)
        self._buttons()

    def selected(self) -> PaymentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def target(self) -> Target | None:
        row = self.found.currentRow()
        return self.targets[row] if 0 <= row < len(self.targets) else None

    def assign(self) -> None:
        payment, target = self.selected(), self.target()
        if payment is None or target is None:
            return
        db, actor = self.window_.db, self.window_.actor
        self.assign_button.setEnabled(False)
        self.window_.worker.submit(
            lambda: assign_payment(db, actor, payment, target), self._assigned, self._failed
        )

    def _assigned(self, result: tuple[str, str]) -> None:
        account, receipt = result
        _status(
            self.status,
            self.tr("Credited to %1, receipt %2; the payer is remembered for next time.")
            .replace("%1", account)
            .replace("%2", receipt),
        )
        self.assigned.emit(receipt)
        self.window_.changed()

    def _failed(self, exc: Exception) -> None:
        _status(self.status, str(exc), ok=False)
        self._buttons()
        self.failed.emit(str(exc))

    def _buttons(self) -> None:
        may = self.window_.actor.can(Permission.RECHARGE)
        self.assign_button.setEnabled(
            may and self.selected() is not None and self.target() is not None
        )
        if not may:
            self.assign_button.setToolTip(self.window_.read_only_text())


class ReconcileTab(QWidget):
    """对账: the bill last read (or a period) against the ledger; export to Excel."""

    reconciled = Signal(object)  # Reconciliation
    exported = Signal(str)
    failed = Signal(str)

    def __init__(self, window: PaymentsWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.bill: Bill | None = None
        self.result: Reconciliation | None = None
        self.by_bill = QRadioButton(self.tr("The bill read on the Import tab"), self)
        self.by_bill.setObjectName("ReconcileBill")
        self.by_period = QRadioButton(self.tr("A period:"), self)
        self.by_period.setObjectName("ReconcilePeriod")
        self.by_bill.setChecked(True)
        self.platform = platform_choice(self, self.tr("Platform…"))
        self.platform.removeItem(0)
        self.platform.setObjectName("ReconcilePlatform")
        today = park_today(self.window_.zone)
        self.start = QDateEdit(today.addDays(-30), self)
        self.end = QDateEdit(today, self)
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.run_button = QPushButton(self.tr("Reconcile"), self)
        self.run_button.setObjectName("RunReconcile")
        self.run_button.clicked.connect(self.run)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.setObjectName("ExportReconcile")
        self.export_button.clicked.connect(self._ask_export)
        self.totals = QLabel(self)
        self.totals.setObjectName("ReconcileTotals")
        self.totals.setWordWrap(True)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = table(
            self,
            [
                self.tr("Difference"),
                self.tr("Transaction"),
                self.tr("Platform"),
                self.tr("Ledger"),
                self.tr("Note"),
            ],
            (170, 260, 100, 100),
        )
        self.table.setObjectName("Differences")
        choose = QHBoxLayout()
        choose.addWidget(self.by_bill)
        choose.addSpacing(20)
        choose.addWidget(self.by_period)
        choose.addWidget(self.platform)
        choose.addWidget(self.start)
        choose.addWidget(QLabel("–", self))
        choose.addWidget(self.end)
        choose.addStretch(1)
        choose.addWidget(self.run_button)
        choose.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(choose)
        layout.addWidget(self.totals)
        layout.addWidget(self.table, 1)
        self.export_button.setEnabled(False)

    def use_bill(self, bill: Bill) -> None:
        """The bill read on the Import tab; the period fields follow its platform and days."""
        self.bill = bill
        self.platform.setCurrentIndex(max(self.platform.findData(bill.platform), 0))
        period = bill.statement.period
        if period is not None:
            first, end = (t.astimezone(self.window_.zone) for t in period)
            last = end - timedelta(microseconds=1)  # the end is exclusive
            self.start.setDate(QDate(first.year, first.month, first.day))
            self.end.setDate(QDate(last.year, last.month, last.day))

    def run(self) -> None:
        db, zone = self.window_.db, self.window_.zone
        if self.by_bill.isChecked():
            bill = self.bill
            if bill is None:
                _status(self.totals, self.tr("Read a bill on the Import tab first."), ok=False)
                return
            work = lambda: reconcile_bill(db, bill)  # noqa: E731
        else:
            platform = str(self.platform.currentData())
            first = datetime.combine(self.start.date().toPython(), time(), zone)
            last = datetime.combine(self.end.date().toPython(), time(), zone) + timedelta(days=1)
            work = lambda: reconcile_period(db, platform, first, last)  # noqa: E731
        self.run_button.setEnabled(False)
        self.window_.worker.submit(work, self._show, self._failed)

    def _show(self, rec: Reconciliation) -> None:
        self.result = rec
        self.run_button.setEnabled(True)
        self.export_button.setEnabled(True)
        lines = [
            self.tr("%1: platform %2 payments, %3 yuan; ledger %4 recharges, %5 yuan.")
            .replace("%1", payment_platform_label(rec.platform))
            .replace("%2", str(rec.platform_count))
            .replace("%3", yuan(rec.platform_fen))
            .replace("%4", str(rec.ledger_count))
            .replace("%5", yuan(rec.ledger_fen)),
            self.tr("Refunds in the bill: %1, %2 yuan (never reversed by themselves).")
            .replace("%1", str(rec.refund_count))
            .replace("%2", yuan(rec.refund_fen)),
        ]
        if rec.period is not None:
            start, end = (local_time(t, self.window_.zone)[:16] for t in rec.period)
            lines.insert(0, self.tr("Period %1 to %2").replace("%1", start).replace("%2", end))
        lines.append(
            self.tr("Balanced.")
            if rec.balanced
            else self.tr("Differences: %1.").replace("%1", str(len(rec.differences)))
        )
        _status(self.totals, "\n".join(lines), ok=rec.balanced)
        self.table.setRowCount(len(rec.differences))
        for row, d in enumerate(rec.differences):
            cells = (
                cell(payment_difference_label(d.what)),
                cell(d.txn),
                cell(yuan(d.platform_fen), True),
                cell(yuan(d.ledger_fen), True),
                cell(d.note),
            )
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        fit(self.table, 1)
        self.reconciled.emit(rec)

    def _ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the reconciliation"), "reconciliation.xlsx", "Excel (*.xlsx)"
        )
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> None:
        rec = self.result
        if rec is None:
            return
        self.window_.worker.submit(
            lambda: export_reconciliation(rec, path), self._exported, self._failed
        )

    def _exported(self, path: Path) -> None:
        self.exported.emit(str(path))

    def _failed(self, exc: Exception) -> None:
        self.run_button.setEnabled(True)
        _status(self.totals, str(exc), ok=False)
        self.failed.emit(str(exc))


def park_today(zone: ZoneInfo) -> QDate:
    """Today in the park, not on this PC's clock (a PC left on UTC is a day behind Beijing
    for eight hours of every night)."""
    today = local_today(zone.key)
    return QDate(today.year, today.month, today.day)


class HistoryTab(QWidget):
    """Credited online payments: transaction id, receipt, account; filterable."""

    loaded = Signal()
    failed = Signal(str)

    def __init__(self, window: PaymentsWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.rows: list[PaymentRow] = []
        self._reading = self._again = False
        self.platform = platform_choice(self, self.tr("All platforms"))
        self.platform.setObjectName("HistoryPlatform")
        self.source = QComboBox(self)
        self.source.setObjectName("HistorySource")
        self.source.addItem(self.tr("Bills and relay"), "")
        for source in ("statement", "endpoint"):
            self.source.addItem(payment_source_label(source), source)
        self.text = QLineEdit(self)
        self.text.setObjectName("HistoryText")
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText(self.tr("Transaction, account, receipt, payer or remark"))
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.load)
        self.text.textChanged.connect(self._typing.start)
        for combo in (self.platform, self.source):
            combo.currentIndexChanged.connect(self.load)
        self._add_days()
        self.table = table(
            self,
            [
                self.tr("Time"),
                self.tr("Platform"),
                self.tr("Transaction"),
                self.tr("Amount"),
                self.tr("Account"),
                self.tr("Receipt"),
                self.tr("Came by"),
                self.tr("Payer"),
                self.tr("Remark"),
            ],
            (140, 90, 230, 80, 90, 110, 120, 120),
        )
        self.table.setObjectName("HistoryTable")
        self.status = QLabel(self)
        self.status.setObjectName("HistoryStatus")
        filters = QHBoxLayout()
        filters.addWidget(self.platform)
        filters.addWidget(self.source)
        for widget in (self.dated, self.start, QLabel("–", self), self.end):
            filters.addWidget(widget)
        filters.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

    def _add_days(self) -> None:
        """ "Paid from … to …" (park days, both inclusive); off, every payment is listed."""
        self.dated = QCheckBox(self.tr("Paid from"), self)
        self.dated.setObjectName("HistoryDated")
        today = park_today(self.window_.zone)
        self.start = QDateEdit(today.addDays(-30), self)
        self.end = QDateEdit(today, self)
        self.start.setObjectName("HistoryStart")
        self.end.setObjectName("HistoryEnd")
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(self.load)
            self.dated.toggled.connect(edit.setEnabled)
        self.dated.toggled.connect(self.load)
        # the last day never before the first (an empty list would look like no payments)
        self.end.setMinimumDate(self.start.date())
        self.start.dateChanged.connect(self.end.setMinimumDate)

    def wanted(self) -> HistoryFilter:
        start = end = None
        if self.dated.isChecked():
            zone = self.window_.zone
            last = self.end.date().toPython() + timedelta(days=1)  # the last day is included
            start = datetime.combine(self.start.date().toPython(), time(), zone).astimezone(UTC)
            end = datetime.combine(last, time(), zone).astimezone(UTC)
        return HistoryFilter(
            platform=str(self.platform.currentData() or ""),
            source=str(self.source.currentData() or ""),
            text=self.text.text().strip(),
            start=start,
            end=end,
        )

    def load(self) -> None:
        """One read at a time; a call during a read reads once more after it."""
        if self._reading:
            self._again = True
            return
        self._reading, self._again = True, False
        db, wanted = self.window_.db, self.wanted()
        self.window_.worker.submit(lambda: history(db, wanted), self._show, self._failed)

    def _show(self, rows: list[PaymentRow]) -> None:
        self._reading = False
        self.rows = rows
        self.table.setRowCount(len(rows))
        for row, p in enumerate(rows):
            cells = (
                cell(local_time(p.paid_at, self.window_.zone)),
                cell(payment_platform_label(p.platform)),
                cell(p.txn),
                cell(yuan(p.amount_fen), True),
                cell(p.account),
                cell(p.receipt),
                cell(payment_source_label(p.source)),
                cell(p.payer),
                cell(p.remark),
            )
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
        fit(self.table, 0, 2)
        total = sum(p.amount_fen for p in rows)
        _status(
            self.status,
            self.tr("%1 payments, %2 yuan.")
            .replace("%1", str(len(rows)))
            .replace("%2", yuan(total)),
        )
        self.loaded.emit()
        if self._again:
            self.load()

    def _failed(self, exc: Exception) -> None:
        self._reading = False
        _status(self.status, str(exc), ok=False)
        self.failed.emit(str(exc))
