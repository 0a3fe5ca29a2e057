"""Shift close (交班): the totals first, then the counted cash, a reason, a confirmation.

The dialog shows what the shift took by payment method and the cash the drawer should
hold, takes the counted cash in a money field, asks for a reason as soon as the two differ,
and asks once more (No is the default) naming the difference in yuan. Only then does the
counter call the service, which closes the shift in one audited transaction. Before, a
free-text prompt closed the shift at once, even ¥1,100 short.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.ledger.shifts import ShiftReport, ShiftTotals, close_shift, shift_report_pdf
from app.livedata.counter import shift_totals
from app.money import MoneyError, format_yuan, parse_yuan
from app.receipts import method_label
from app.security import Actor
from widgets.amount import AmountEdit
from widgets.confirm import ask_yes_no
from widgets.fonts import emphasise
from widgets.note import NoteLabel

from .bridge import Worker
from .files import save_path, write_whole


class ShiftCloseDialog(QDialog):
    """Accepted only with a counted amount, a reason when it differs, and a Yes."""

    def __init__(self, totals: ShiftTotals, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.totals = totals
        self.confirm_dialog = self._ask  # tests replace it with an answer
        self.setWindowTitle(self.tr("Close shift"))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for label, text in (
            (self.tr("Shift:"), f"#{totals.shift_id}"),
            (self.tr("Payments:"), str(totals.payments)),
        ):
            value = QLabel(text, self)
            value.setAlignment(right)
            form.addRow(label, value)
        for method, fen in totals.by_method.items():
            value = QLabel(format_yuan(fen), self)
            value.setObjectName(f"total-{method}")
            value.setAlignment(right)
            form.addRow(self.tr("%1:").replace("%1", method_label(method)), value)
        self.expected = QLabel(format_yuan(totals.expected_cash_fen), self)
        self.expected.setObjectName("ExpectedCash")
        self.expected.setAlignment(right)
        emphasise(self.expected, 1.2, bold=True)
        form.addRow(self.tr("Expected cash in the drawer:"), self.expected)
        self.counted = AmountEdit(self, quick=())
        self.counted.edit.setObjectName("CountedCash")
        self.counted.changed.connect(self._update)
        form.addRow(self.tr("Cash counted:"), self.counted)
        self.difference = QLabel("", self)
        self.difference.setObjectName("CashDifference")
        form.addRow(self.tr("Difference:"), self.difference)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("DifferenceReason")
        self.reason.setPlaceholderText(self.tr("Why the cash differs (required when it does)"))
        form.addRow(self.tr("Reason:"), self.reason)
        self.note = NoteLabel(self)
        self.note.setStyleSheet("color: #c62828;")
        self.buttons = QDialogButtonBox(self)
        self.close_button = self.buttons.addButton(
            self.tr("Close shift"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.try_accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._update()
        self.counted.edit.setFocus()

    def counted_fen(self) -> int | None:
        try:
            return parse_yuan(self.counted.text(), allow_zero=True)
        except (MoneyError, ValueError):
            return None

    def difference_fen(self) -> int | None:
        counted = self.counted_fen()
        return None if counted is None else counted - self.totals.expected_cash_fen

    def _update(self, *_: object) -> None:
        diff = self.difference_fen()
        self.reason.setEnabled(bool(diff))
        if diff is None:
            self.difference.setText("")
            return
        if diff == 0:
            text, colour = self.tr("none: the drawer agrees"), "#1b5e20"
        elif diff > 0:
            text = self.tr("%1 over").replace("%1", format_yuan(diff))
            colour = "#c62828"
        else:
            text = self.tr("%1 short").replace("%1", format_yuan(-diff))
            colour = "#c62828"
        self.difference.setText(text)
        self.difference.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def try_accept(self) -> None:
        """Close only with a count, a reason for a difference, and the cashier's Yes."""
        diff = self.difference_fen()
        if diff is None:
            self.note.setText(self.tr("Type the cash counted in the drawer."))
            self.counted.edit.setFocus()
            return
        if diff and not self.reason.text().strip():
            self.note.setText(self.tr("The cash differs from what is expected: say why."))
            self.reason.setFocus()
            return
        if diff:
            question = (
                self.tr("Close shift #%1 with %2 counted against %3 expected, a difference of %4?")
                .replace("%1", str(self.totals.shift_id))
                .replace("%2", format_yuan(diff + self.totals.expected_cash_fen))
                .replace("%3", format_yuan(self.totals.expected_cash_fen))
                .replace("%4", format_yuan(diff))
            )
        else:
            question = (
                self.tr("Close shift #%1 with %2 in the drawer, as expected?")
                .replace("%1", str(self.totals.shift_id))
                .replace("%2", format_yuan(self.totals.expected_cash_fen))
            )
        if self.confirm_dialog(question):
            self.accept()

    def _ask(self, question: str) -> bool:
        return ask_yes_no(self, self.tr("Close shift"), question)


class ShiftCloser(QObject):
    """The counter's "Close shift…": read the totals, show the dialog, close through the
    service (one audited transaction), then offer to save the report."""

    dialog_opened = Signal(object)  # ShiftCloseDialog, as it opens
    closed = Signal(object)  # ShiftReport

    def __init__(
        self,
        window: QWidget,
        db: Database,
        actor: Actor,
        worker: Worker,
        say: Callable[..., None],
    ) -> None:
        super().__init__(window)
        self.window, self.db, self.actor, self.worker, self.say = window, db, actor, worker, say

    def start(self) -> None:
        db, login = self.db, self.actor.login
        self.worker.submit(lambda: shift_totals(db, login), self._totals_ready, self._error)

    def _totals_ready(self, totals: ShiftTotals | None) -> None:
        if totals is None:
            self.say(self.tr("You have taken no money since your last shift close."))
            return
        dialog = ShiftCloseDialog(totals, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._close(dialog))
        self.dialog_opened.emit(dialog)
        dialog.open()

    def _close(self, dialog: ShiftCloseDialog) -> None:
        db, actor = self.db, self.actor
        counted, reason = dialog.counted.text(), dialog.reason.text()
        expected = dialog.totals.expected_cash_fen
        self.worker.submit(
            lambda: close_shift(db, actor, counted, reason=reason, expected_cash_fen=expected),
            self._closed,
            self._error,
        )

    def _closed(self, report: ShiftReport) -> None:
        self.say(
            self.tr("Shift %1 closed. Expected cash %2, counted %3, difference %4.")
            .replace("%1", str(report.shift_id))
            .replace("%2", format_yuan(report.expected_cash_fen))
            .replace("%3", format_yuan(report.counted_cash_fen))
            .replace("%4", format_yuan(report.difference_fen))
        )
        self.closed.emit(report)
        path = save_path(
            self.window,
            self.tr("Save shift report"),
            f"shift-{report.shift_id}.pdf",
            "PDF (*.pdf)",
        )
        if path:  # rendering a PDF takes tens of ms: off the GUI thread like the receipts
            self.worker.submit(
                lambda: write_whole(path, shift_report_pdf(report)),
                lambda _r: self.say(self.tr("Saved %1").replace("%1", path)),
                self._error,
            )

    def _error(self, exc: Exception) -> None:
        self.say(str(exc), error=True)
