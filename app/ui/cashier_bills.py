"""The cashier counter's open bills (催缴账单) for the chosen room's account.

A small panel under the recharge form: the account's open bills, overdue first, with what
is owed and the days in arrears; "Pay bill" takes the selected bill's whole amount by the
payment method chosen for the counter (F1-F4), after the same kind of confirmation a
recharge asks. The service (``app.billing.bills``) checks the role and does the work in
one transaction on the worker thread; the receipt is shown, printed and saved like a
recharge's (the window's receipt pane).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.billing.bills import BillPayment, BillRow, open_bills, pay_bill
from app.db import Database
from app.money import format_yuan
from app.security import Actor, Permission

from .bridge import Worker


class OpenBillsPanel(QWidget):
    """Open bills of one account; ``paid`` carries the ``BillPayment`` when one is paid."""

    loaded = Signal(int)
    paid = Signal(object)  # BillPayment
    failed = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        worker: Worker,
        counter: Any,
    ) -> None:
        """``counter`` is the cashier window: its payment method (``method()``, the checked
        button of ``methods``) and its ``confirm_dialog`` (tests answer it without a box)."""
        super().__init__(counter)
        self.db, self.actor, self.worker, self.counter = db, actor, worker, counter
        self.account_id: int | None = None
        self.rows: list[BillRow] = []
        self.busy = False
        self.title = QLabel(self.tr("Open bills"), self)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("CashierBills")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Bill"), self.tr("Due"), self.tr("Owed"), self.tr("Overdue")]
        )
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pay_button = QPushButton(self.tr("Pay bill…"), self)
        self.pay_button.setObjectName("CashierPayBill")
        self.pay_button.setAutoDefault(False)
        self.pay_button.setEnabled(False)
        self.pay_button.clicked.connect(self.pay_selected)
        self.table.itemSelectionChanged.connect(self._enable)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.pay_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(top)
        box.addWidget(self.table)
        self.setVisible(False)

    def show_account(self, account_id: int | None) -> None:
        """Load the account's open bills (None: hide the panel)."""
        self.account_id, self.rows = account_id, []
        self.table.setRowCount(0)
        self.setVisible(False)
        if account_id is None:
            return
        db, actor = self.db, self.actor
        self.worker.submit(
            lambda: open_bills(db, actor, account_id),
            lambda rows, wanted=account_id: self._loaded(wanted, rows),
            lambda exc: self.failed.emit(str(exc)),
        )

    def _loaded(self, account_id: int, rows: list[BillRow]) -> None:
        if account_id != self.account_id:
            return  # another room was chosen meanwhile
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            late = self.tr("%1 days").replace("%1", str(row.arrears_days))
            cells = [
                f"{row.number} {row.title}",
                row.due_date.isoformat(),
                format_yuan(row.owed_fen),
                late if row.arrears_days else "",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(row.memo or text)
                self.table.setItem(i, column, item)
        self.title.setText(self.tr("Open bills (%1)").replace("%1", str(len(rows))))
        self.setVisible(bool(rows))
        if rows:
            self.table.selectRow(0)
        self._enable()
        self.loaded.emit(len(rows))

    def _enable(self) -> None:
        allowed = self.actor.can(Permission.RECHARGE)
        self.pay_button.setEnabled(allowed and not self.busy and bool(self._selected()))

    def _selected(self) -> BillRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows and rows[0].row() < len(self.rows) else None

    def pay_selected(self) -> None:
        """Ask, then pay the selected bill's whole amount by the counter's method."""
        bill = self._selected()
        if bill is None or self.busy:
            return
        question = (
            self.tr("Take %1 by %2 for bill %3 of %4?")
            .replace("%1", format_yuan(bill.owed_fen))
            .replace("%2", self.counter.methods.checkedButton().text().split(" ", 1)[-1])
            .replace("%3", bill.number)
            .replace("%4", bill.tenant)
        )
        if not self.counter.confirm_dialog(question):
            return
        self.busy = True
        self._enable()
        db, actor, number, method = self.db, self.actor, bill.number, self.counter.method()
        self.worker.submit(lambda: pay_bill(db, actor, number, method), self._paid, self._refused)

    def _paid(self, result: BillPayment) -> None:
        self.busy = False
        self.paid.emit(result)
        self.show_account(self.account_id)

    def _refused(self, exc: Exception) -> None:
        self.busy = False
        self._enable()
        self.failed.emit(str(exc))
