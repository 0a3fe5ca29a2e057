"""Close an account (销户): the final settlement and the refund slip.

The dialog shows what will be settled: the platform balance, each meter-side meter's
balance and final reading as the collector last read them (the service settles on those
figures), then ``app.ledger.closing.close_account`` refunds everything in one transaction
and frees the rooms. The refund slip appears on screen (the same receipt view as the
counter) and can be saved as PDF (``app.receipts`` through ``app.accounts.reads``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QLabel, QPushButton, QWidget

from app.accounts import reads
from app.accounts.reads import AccountDetail
from app.db import Database
from app.ledger.closing import close_account
from app.money import format_yuan
from app.receipts import receipt_lines, receipt_title
from app.security import Actor
from widgets.receipt_view import ReceiptView

from .account_dialogs import ApprovalBox, ServiceDialog
from .files import write_whole
from .room_actions import METHODS, method_label


class CloseAccountDialog(ServiceDialog):
    """销户 with settlement; ``slips`` holds the refund slip numbers once closed."""

    def __init__(
        self, db: Database, actor: Actor, detail: AccountDetail, parent: QWidget | None = None
    ) -> None:
        row = detail.row
        super().__init__(
            db,
            actor,
            self.tr("Close account (销户)"),
            self.tr("Account %1 · %2 · rooms %3")
            .replace("%1", row.number)
            .replace("%2", row.tenant)
            .replace("%3", row.rooms_text or "-"),
            parent,
        )
        self.setObjectName("CloseAccountDialog")
        self.detail, self.slips = detail, []  # type: list[str]
        self.ok.setText(self.tr("Close and refund"))
        meter_side = sum(max(m.balance_fen or 0, 0) for m in detail.meters if m.billing == "meter")
        self.total_fen = max(row.balance_fen, 0) + meter_side
        lines = [
            self.tr("Platform balance: %1").replace("%1", format_yuan(row.balance_fen)),
        ]
        for m in detail.meters:
            reading = "-" if m.energy_kwh is None else f"{m.energy_kwh} kWh"
            text = self.tr("Meter #%1 (%2): final reading %3").replace("%1", m.address)
            text = text.replace("%2", m.room).replace("%3", reading)
            if m.billing == "meter":
                text += " · " + self.tr("holds %1").replace("%1", format_yuan(m.balance_fen or 0))
            lines.append(text)
        lines.append(self.tr("To refund: %1").replace("%1", format_yuan(self.total_fen)))
        self.settlement = QLabel("\n".join(lines), self)
        self.settlement.setObjectName("Settlement")
        self.settlement.setWordWrap(True)
        self.method = QComboBox(self)
        for method in METHODS:
            self.method.addItem(method_label(method), method)
        self.cancel_pending = QCheckBox(
            self.tr("Cancel and refund recharges still waiting for a meter"), self
        )
        self.form.addRow(self.tr("Settlement:"), self.settlement)
        self.form.addRow(self.tr("Paid out by:"), self.method)
        self.form.addRow("", self.cancel_pending)
        self.approval = ApprovalBox(detail.threshold_fen, self)
        self.approval.setVisible(self.total_fen > detail.threshold_fen)
        self.body.insertWidget(2, self.approval)
        self.note.setText(
            self.tr(
                "Meters are settled as last read by the collector; a negative balance must be "
                "paid at the counter first."
            )
        )
        self.slip_view = ReceiptView(self)
        self.slip_view.setObjectName("SlipView")
        self.slip_view.setVisible(False)
        self.save_button = QPushButton(self.tr("Save slip as PDF…"), self)
        self.save_button.setObjectName("SaveSlip")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_slip)
        self.body.insertWidget(self.body.count() - 1, self.slip_view)
        self.buttons.insertWidget(1, self.save_button)

    def submit(self) -> None:
        db, actor, box = self.db, self.actor, self.approval
        account_id, method = self.detail.row.id, self.method.currentData()
        cancel = self.cancel_pending.isChecked()

        def work() -> tuple[list[str], Any]:
            approver = box.approver(db, actor)
            slips = close_account(db, actor, account_id, method, approver, cancel_pending=cancel)
            numbers = [s.strip() for s in (slips or "").split(",") if s.strip()]
            return numbers, reads.slip_data(db, numbers[-1]) if numbers else None

        self.run(
            self.tr("Close account %1 and refund %2 by %3?")
            .replace("%1", self.detail.row.number)
            .replace("%2", format_yuan(self.total_fen))
            .replace("%3", method_label(method)),
            work,
            self._closed,
        )

    def _closed(self, result: tuple[list[str], Any]) -> None:
        self.slips, data = result
        self.ok.setEnabled(False)
        self.approval.password.clear()
        if data is None:
            self.outcome.setText(self.tr("Account closed; nothing to refund."))
            return
        self.outcome.setText(
            self.tr("Account closed. Refund slip %1.").replace("%1", ", ".join(self.slips))
        )
        self.slip_view.show_receipt(
            f"{data.park} · {receipt_title(data)}" if data.park else receipt_title(data),
            receipt_lines(data),
            header=[data.park_address, data.issuer],
            footer=data.footer,
        )
        self.slip_view.setVisible(True)
        self.save_button.setEnabled(True)

    def save_slip(self, path: str | None = None) -> str | None:
        """Save the last slip as PDF (asks where unless ``path``); returns the path."""
        if not self.slips:
            return None
        if path is None:
            folder = str(Path.home() / f"{self.slips[-1]}.pdf")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save slip"), folder, "PDF (*.pdf)")
            if not path:
                return None
        db, number, target = self.db, self.slips[-1], path
        self.worker.submit(
            lambda: write_whole(target, reads.slip_pdf(db, number)),
            lambda _r: self.outcome.setText(self.tr("Slip saved: %1").replace("%1", target)),
            self._fail_exc,
        )
        return path
