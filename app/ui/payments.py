"""The finance clerk's online payments window (线上缴费 / 对账, issue 20).

Four tabs over ``app.payments.panel`` (every read and change in the worker thread, never SQL
here): **Import a bill** (pick a WeChat Pay or Alipay bill, the platform told from the file
or chosen, a dry-run preview line by line, then "Credit N payments" with the outcome and the
receipt numbers); **Unmatched** (未匹配: assign a payment to an account or room found by a
search; the service learns the payer id); **Reconciliation** (对账: a bill or a period against
the ledger, the differences, "Export to Excel…"); **History** (credited online payments).
A role without ``recharge`` sees everything read-only (the buttons greyed with the reason);
the services refuse anyway. The tabs other than the import live in payments_tabs.py.
"""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.payments.panel import Bill, credit_bill, preview, read_bill
from app.payments.service import ImportReport, Outcome
from app.security import Actor, Permission, PermissionDenied

from .bridge import Worker
from .labels import (
    local_time,
    payment_action_label,
    payment_platform_label,
    payment_preview_label,
    yuan,
)


def cell(text: object, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def table(parent: QWidget, headers: list[str], widths: tuple[int, ...]) -> QTableWidget:
    """A read-only, row-selecting table with ``headers`` and starting column widths."""
    t = QTableWidget(0, len(headers), parent)
    t.setHorizontalHeaderLabels(headers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.setAlternatingRowColors(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    for column, width in enumerate(widths):
        t.setColumnWidth(column, width)
    return t


def fit(t: QTableWidget, *columns: int) -> None:
    """Widen ``columns`` (transaction ids, times) to their text: never elided, at any scale."""
    for column in columns:
        t.resizeColumnToContents(column)


def platform_choice(parent: QWidget, first: str) -> QComboBox:
    """A platform combo whose first entry (data "") is ``first``."""
    combo = QComboBox(parent)
    combo.addItem(first, "")
    for platform in ("wechat", "alipay"):
        combo.addItem(payment_platform_label(platform), platform)
    return combo


class ImportTab(QWidget):
    """导入账单: choose, preview (dry run), credit."""

    previewed = Signal(object)  # ImportReport of the dry run
    credited = Signal(object)  # ImportReport of the import
    failed = Signal(str)
    bill_read = Signal(object)  # the Bill, for the reconciliation tab

    def __init__(self, window: PaymentsWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.bill: Bill | None = None
        self.report: ImportReport | None = None
        self.busy = False
        self.path = QLineEdit(self)
        self.path.setObjectName("BillPath")
        self.path.setReadOnly(True)
        self.path.setPlaceholderText(self.tr("No bill chosen"))
        self.choose_button = QPushButton(self.tr("Choose bill file…"), self)
        self.choose_button.setObjectName("ChooseBill")
        self.choose_button.clicked.connect(self._choose)
        self.platform = platform_choice(self, self.tr("Detect from the file"))
        self.platform.setObjectName("BillPlatform")
        self.platform.currentIndexChanged.connect(self._reread)
        self.table = table(
            self,
            [
                self.tr("Line"),
                self.tr("Transaction"),
                self.tr("Time"),
                self.tr("Amount"),
                self.tr("Payer"),
                self.tr("Remark"),
                self.tr("Account"),
                self.tr("Result"),
                self.tr("Receipt"),
                self.tr("Why"),
            ],
            (48, 230, 140, 80, 120, 170, 90, 120, 110),
        )
        self.table.setObjectName("BillLines")
        self.summary = QLabel(self)
        self.summary.setObjectName("BillSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.credit_button = QPushButton(self.tr("Credit payments"), self)
        self.credit_button.setObjectName("CreditPayments")
        self.credit_button.clicked.connect(self.credit)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Bill:"), self))
        top.addWidget(self.path, 1)
        top.addWidget(self.choose_button)
        top.addWidget(QLabel(self.tr("Platform:"), self))
        top.addWidget(self.platform)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.credit_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._buttons()

    # -- reading -----------------------------------------------------------------------
    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a WeChat Pay or Alipay bill"),
            "",
            self.tr("Bills (*.csv *.txt);;All files (*)"),
        )
        if name:
            self.open_file(Path(name))

    def open_file(self, path: Path) -> None:
        """Read ``path`` and preview it (both in the worker)."""
        self.path.setText(str(path))
        self._reread()

    def _reread(self) -> None:
        text = self.path.text()
        if not text or self.busy:
            return
        path, platform = Path(text), str(self.platform.currentData() or "")
        db, actor = self.window_.db, self.window_.actor

        def work() -> tuple[Bill, ImportReport | str]:
            bill = read_bill(path, platform)
            try:
                return bill, preview(db, actor, bill)
            except PermissionDenied as exc:  # the dry run needs ``recharge`` too
                return bill, str(exc)

        self._start(work, self._previewed)

    def _previewed(self, result: tuple[Bill, ImportReport | str]) -> None:
        self.busy = False
        self.bill, report = result
        self.bill_read.emit(self.bill)  # a role that may not preview still reconciles
        if isinstance(report, str):
            self.report = ImportReport(self.bill.statement, True)
            self._fill(self.report)
            self._lines_only(self.bill)
            self.summary.setText(f"{self.summary.text()} {report}")
            self.failed.emit(report)
            return
        self.report = report
        self._fill(report)
        self.previewed.emit(report)

    def _lines_only(self, bill: Bill) -> None:
        """The bill's lines as read, without what they would do (no preview allowed)."""
        lines = bill.statement.lines
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            amount = yuan(-line.amount_fen if line.kind == "refund" else line.amount_fen)
            cells = (line.row, line.txn, local_time(line.paid_at, self.window_.zone), amount)
            for column, value in enumerate(cells):
                self.table.setItem(row, column, cell(value, column in (0, 3)))
            self.table.setItem(row, 4, cell(line.payer))
            self.table.setItem(row, 5, cell(line.remark))

    def credit(self) -> None:
        """Credit the bill's payments (the worker); the outcome replaces the preview."""
        if self.bill is None or self.busy:
            return
        bill, db, actor = self.bill, self.window_.db, self.window_.actor
        self._start(lambda: credit_bill(db, actor, bill), self._credited)

    def _credited(self, report: ImportReport) -> None:
        self.busy = False
        self.report = report
        self._fill(report)
        self.credited.emit(report)
        self.window_.changed()

    def _start(self, work: object, done: object) -> None:
        self.busy = True
        self._buttons()
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Working…"))
        self.window_.worker.submit(work, done, self._failed)  # type: ignore[arg-type]

    def _failed(self, exc: Exception) -> None:
        self.busy = False
        self.summary.setStyleSheet("color: #c62828;")
        self.summary.setText(str(exc))
        self._buttons()
        self.failed.emit(str(exc))

    # -- showing -----------------------------------------------------------------------
    def _fill(self, report: ImportReport) -> None:
        self.table.setRowCount(len(report.outcomes))
        word = payment_preview_label if report.dry_run else payment_action_label
        zone = self.window_.zone
        for row, o in enumerate(report.outcomes):
            amount = yuan(-o.line.amount_fen if o.line.kind == "refund" else o.line.amount_fen)
            cells = (
                cell(o.line.row, True),
                cell(o.line.txn),
                cell(local_time(o.line.paid_at, zone)),
                cell(amount, True),
                cell(o.line.payer),
                cell(o.line.remark),
                cell(o.account),
                cell(word(o.action)),
                cell(o.receipt),
                cell(self._why(o)),
            )
            for column, item in enumerate(cells):
                self.table.setItem(row, column, item)
            self.table.item(row, 9).setToolTip(self._why(o))
        fit(self.table, 1, 2)
        self.summary.setStyleSheet("")
        self.summary.setText(self._summary(report))
        self._buttons()

    def _why(self, o: Outcome) -> str:
        if o.action == "credited" and o.note in ("account", "room", "payer"):
            return {
                "account": self.tr("account number in the remark"),
                "room": self.tr("room in the remark"),
                "payer": self.tr("payer seen before"),
            }[o.note]
        return o.note

    def _summary(self, report: ImportReport) -> str:
        assert self.bill is not None
        head = (
            self.tr("%1 bill (%2), %3 lines.")
            .replace("%1", payment_platform_label(self.bill.platform))
            .replace(
                "%2",
                self.tr("detected from the file") if self.bill.detected else self.tr("chosen"),
            )
            .replace("%3", str(len(report.outcomes)))
        )
        first = self.tr("Will be credited") if report.dry_run else self.tr("Credited")
        counts = (
            self.tr("%1: %2 (%3 yuan); already credited: %4; unmatched: %5; refunds: %6.")
            .replace("%1", first)
            .replace("%2", str(report.count("credited")))
            .replace("%3", yuan(report.fen("credited")))
            .replace("%4", str(report.count("already")))
            .replace("%5", str(report.count("unmatched")))
            .replace("%6", str(report.count("refund")))
        )
        text = f"{head} {counts}"
        skipped = report.statement.skipped
        if skipped:
            lines = "; ".join(f"{row}: {why}" for row, why in skipped[:5])
            more = " …" if len(skipped) > 5 else ""
            text += " " + self.tr("Skipped lines: %1").replace("%1", lines + more)
        if report.dry_run:
            text += " " + self.tr("Nothing was changed yet.")
        return text

    def _buttons(self) -> None:
        may = self.window_.actor.can(Permission.RECHARGE)
        ready = self.report is not None and self.report.dry_run and not self.busy
        n = self.report.count("credited") if self.report is not None and ready else 0
        self.credit_button.setText(self.tr("Credit %1 payments").replace("%1", str(n)))
        self.credit_button.setEnabled(may and ready and n > 0)
        self.choose_button.setEnabled(not self.busy)
        if not may:
            self.credit_button.setToolTip(self.window_.read_only_text())


class PaymentsWindow(QMainWindow):
    """线上缴费 / 对账: import bills, assign unmatched payments, reconcile, history."""

    def __init__(
        self, db: Database, actor: Actor, zone: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        from .payments_tabs import HistoryTab, ReconcileTab, UnmatchedTab

        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("PaymentsWindow")
        self.setWindowTitle(self.tr("Online payments"))
        self.db, self.actor, self.zone = db, actor, zone
        self.worker = Worker(self)
        self.tabs = QTabWidget(self)
        self.importing = ImportTab(self)
        self.unmatched = UnmatchedTab(self)
        self.reconciling = ReconcileTab(self)
        self.history = HistoryTab(self)
        self.tabs.addTab(self.importing, self.tr("Import a bill"))
        self.tabs.addTab(self.unmatched, self.tr("Unmatched"))
        self.tabs.addTab(self.reconciling, self.tr("Reconciliation"))
        self.tabs.addTab(self.history, self.tr("History"))
        self.importing.bill_read.connect(self.reconciling.use_bill)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        if not actor.can(Permission.RECHARGE):
            note = QLabel(self.read_only_text(), self)
            note.setObjectName("PaymentsRoleNote")
            note.setWordWrap(True)
            note.setStyleSheet("color: #b26a00;")
            layout.addWidget(note)
        layout.addWidget(self.tabs)
        self.setCentralWidget(body)
        self.resize(1240, 760)

    def read_only_text(self) -> str:
        return self.tr(
            "Your role may not take payments: you can read the lists and the reconciliation "
            "(finance staff also preview a bill), but only a cashier or an administrator "
            "credits or assigns."
        )

    def load(self) -> None:
        """The reads the window shows (the main window calls it each time it opens it)."""
        self.changed()

    def changed(self) -> None:
        """Something was credited: re-read the lists."""
        self.unmatched.load()
        self.history.load()

    def wait(self, msecs: int = 15_000) -> bool:
        return self.worker.wait(msecs)
