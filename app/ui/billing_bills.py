"""The Billing window's open bills page (未缴账单): what tenants owe, cancel, export.

The list is ``app.billing.bills.open_bills`` (the cashier window's read): due date, days
overdue, amount and what was paid. Paying stays the cashier's business (the counter's open
bills panel); here a finance clerk with ``billing.run`` may cancel a wrong bill with a
reason (``bills.cancel_bill``: only an open bill nothing was paid on). Export writes the
arrears report (``arrears``, the reports' kind and exporters), so the file is the same one
the Reports window gives.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.billing.bills import BillRow, cancel_bill, open_bills
from app.db import Database
from app.money import format_yuan
from app.reports import Period, ReportError, ReportRequest, run_report
from app.security import Actor, Permission

from . import files
from .bridge import Worker
from .labels import bill_status_label, role_label
from .tables import Refused, chosen, fill, guarded, make_table

EXPORTS = (("xlsx", "Excel (*.xlsx)"), ("csv", "CSV (*.csv)"), ("pdf", "PDF (*.pdf)"))


def export_arrears(
    db: Database, actor: Actor, zone: ZoneInfo, today: date, fmt: str, path: Path
) -> str:
    """The arrears report as of this month's end, written by the reports' exporters."""
    from app.reports.export import write_report

    report = run_report(
        db, actor, ReportRequest("arrears", Period.month(today.year, today.month, zone))
    )
    write_report(report, fmt, path, zone=zone)
    return str(path)


class BillsPage(QWidget):
    """未缴账单: the open bills (or all), overdue first."""

    loaded = Signal(object)  # the BillRows shown
    cancelled = Signal(str)  # the bill number
    exported = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        worker: Worker,
        zone: ZoneInfo,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.worker, self.zone, self.today = db, actor, worker, zone, today
        self.may_cancel = actor.can(Permission.BILLING_RUN)
        self.why_not = self.tr(
            "Your role (%1) may not cancel bills: only an administrator. Bills are paid at "
            "the cashier counter."
        ).replace("%1", role_label(actor.role))
        self.open_only = QCheckBox(self.tr("Open bills only"), self)
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.load())
        self.refresh = QPushButton(self.tr("Refresh"), self)
        self.refresh.clicked.connect(self.load)
        self.cancel_button = QPushButton(self.tr("Cancel bill…"), self)
        self.cancel_button.setObjectName("CancelBill")
        self.cancel_button.clicked.connect(lambda: self.cancel())
        self.export_button = QPushButton(self.tr("Export arrears…"), self)
        menu = QMenu(self.export_button)
        for fmt, _filter in EXPORTS:
            action = menu.addAction(fmt.upper())
            action.triggered.connect(lambda _checked=False, f=fmt: self.export(f))
        self.export_button.setMenu(menu)
        self.export_button.setEnabled(
            actor.can(Permission.REPORT_FINANCE) or actor.can(Permission.BILLING_RUN)
        )
        top = QHBoxLayout()
        for widget in (self.open_only, self.refresh):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.cancel_button)
        top.addWidget(self.export_button)
        self.table = make_table(
            self,
            [
                self.tr("Bill No."),
                self.tr("Account"),
                self.tr("Tenant"),
                self.tr("Building"),
                self.tr("Item"),
                self.tr("Due date"),
                self.tr("Days overdue"),
                self.tr("Amount (yuan)"),
                self.tr("Paid (yuan)"),
                self.tr("Status"),
            ],
            "BillList",
            4,
        )
        self.table.itemSelectionChanged.connect(self._update)
        self.summary = QLabel(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.message)
        self._update()

    def _update(self) -> None:
        bill = chosen(self.table)
        ready = bill is not None and bill.status == "open" and bill.paid_fen == 0
        self.cancel_button.setEnabled(self.may_cancel and ready)
        self.cancel_button.setToolTip("" if self.may_cancel else self.why_not)

    def say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c62828;" if error else "")
        self.message.setText(text)
        if error:
            self.failed.emit(text)

    def _outcome(self, done: Any) -> Any:
        def handle(result: Any) -> None:
            if isinstance(result, Refused):
                self.say(result.text, error=True)
            else:
                done(result)

        return handle

    def load(self) -> None:
        db, actor, only = self.db, self.actor, self.open_only.isChecked()
        self.worker.submit(
            guarded(lambda: open_bills(db, actor, open_only=only)),
            self._outcome(self._loaded),
            lambda exc: self.say(str(exc), error=True),
        )

    def _loaded(self, bills: list[BillRow]) -> None:
        fill(
            self.table,
            [
                (
                    b.number,
                    b.account,
                    b.tenant,
                    b.building,
                    b.title,
                    b.due_date.isoformat(),
                    b.arrears_days,
                    format_yuan(b.amount_fen, symbol=False),
                    format_yuan(b.paid_fen, symbol=False),
                    bill_status_label(b.status),
                )
                for b in bills
            ],
            bills,
        )
        owed = sum(b.owed_fen for b in bills)
        self.summary.setText(
            self.tr("%1 bills, %2 yuan still owed")
            .replace("%1", str(len(bills)))
            .replace("%2", format_yuan(owed, symbol=False))
        )
        self._update()
        self.loaded.emit(bills)

    def _ask_reason(self, number: str) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Cancel bill"),
            self.tr("Why is bill %1 cancelled? (required)").replace("%1", number),
        )
        return text if ok else None

    def cancel(self, reason: str | None = None) -> bool:
        """Cancel the chosen open bill with a reason (the service refuses a paid one)."""
        bill = chosen(self.table)
        if bill is None:
            return False
        reason = self._ask_reason(bill.number) if reason is None else reason
        if reason is None:
            return False
        db, actor, number = self.db, self.actor, bill.number

        def done(_result: Any) -> None:
            self.say(self.tr("Bill %1 was cancelled.").replace("%1", number))
            self.load()
            self.cancelled.emit(number)

        self.worker.submit(
            guarded(lambda: cancel_bill(db, actor, number, reason)),
            self._outcome(done),
            lambda exc: self.say(str(exc), error=True),
        )
        return True

    def export(self, fmt: str) -> bool:
        name = f"arrears_{self.today:%Y-%m}.{fmt}"
        path = files.save_path(self, self.tr("Export the arrears"), name, dict(EXPORTS)[fmt])
        if not path:
            return False
        db, actor, zone, today = self.db, self.actor, self.zone, self.today

        def job() -> Any:
            try:
                return export_arrears(db, actor, zone, today, fmt, Path(path))
            except ReportError as exc:
                return Refused(str(exc))

        def done(written: str) -> None:
            self.say(self.tr("Saved %1").replace("%1", written))
            self.exported.emit(written)

        self.worker.submit(guarded(job), self._outcome(done), lambda e: self.say(str(e), True))
        return True
