"""Refund approvals (退费审批): the requests cashiers sent while no administrator was at
their desk. An administrator approves (the refund is made, in the cashier's name and
shift, with this administrator as approver) or rejects with a note. Other roles see the
list read-only, with the reason. Reads and decisions run off the GUI thread.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.collector.config import CollectorConfig
from app.db import Database
from app.ledger.refunds import PendingRefund, decide_refund, pending_refunds
from app.money import format_yuan
from app.security import Actor, Permission
from widgets.confirm import ask_yes_no
from widgets.note import NoteLabel

from .bridge import Worker
from .labels import method_label


class ApprovalsDialog(QDialog):
    """``loaded(count)`` after each read; ``decided(text)`` after a decision."""

    loaded = Signal(int)
    decided = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        parent: QWidget | None = None,
        zone: ZoneInfo | None = None,
    ) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.zone = zone or CollectorConfig().zone  # times in site time, like the receipts
        self.worker = Worker(self)
        self.rows: list[PendingRefund] = []
        self.confirm_dialog = self._ask  # tests replace both with answers
        self.note_dialog = self._note
        self.setObjectName("ApprovalsDialog")
        self.setWindowTitle(self.tr("Refund approvals (退费审批)"))
        self.table = QTableWidget(0, 7, self)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Asked at"),
                self.tr("By"),
                self.tr("Tenant / rooms"),
                self.tr("Amount"),
                self.tr("Balance now"),
                self.tr("Paid out by"),
                self.tr("Reason"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.approve_button = QPushButton(self.tr("Approve and refund…"), self)
        self.reject_button = QPushButton(self.tr("Reject…"), self)
        refresh = QPushButton(self.tr("Reload"), self)
        close = QPushButton(self.tr("Close"), self)
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.reject_button.clicked.connect(lambda: self.decide(False))
        refresh.clicked.connect(self.load)
        close.clicked.connect(self.close)
        self.note = NoteLabel(self)
        self.note.setStyleSheet("color: #8d6e63;")
        self.outcome = NoteLabel(self)
        self.outcome.setObjectName("ApprovalResult")
        self.empty = QLabel(self.tr("No refund is waiting for approval."), self)
        if not actor.can(Permission.MONEY_OUT_APPROVE):
            why = self.tr("Only an administrator decides refund requests; you can see them.")
            for button in (self.approve_button, self.reject_button):
                button.setEnabled(False)
                button.setToolTip(why)
            self.note.setText(why)
        buttons = QHBoxLayout()
        buttons.addWidget(self.approve_button)
        buttons.addWidget(self.reject_button)
        buttons.addStretch(1)
        buttons.addWidget(refresh)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.resize(980, 420)
        self.setMinimumSize(720, 300)

    # -- reading -----------------------------------------------------------------------
    def load(self) -> None:
        db = self.db
        self.worker.submit(lambda: pending_refunds(db), self._loaded, self._failed)

    def _loaded(self, rows: list[PendingRefund]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for i, r in enumerate(rows):
            cells = [
                r.requested_at.astimezone(self.zone).strftime("%Y-%m-%d %H:%M"),
                r.requested_by,
                f"{r.tenant} · {r.rooms or r.account}",
                format_yuan(r.amount_fen),
                format_yuan(r.balance_fen),
                method_label(r.method),
                r.reason,
            ]
            for column, text in enumerate(cells):
                self.table.setItem(i, column, QTableWidgetItem(text))
        if rows:
            self.table.selectRow(0)
        self.empty.setVisible(not rows)
        self.loaded.emit(len(rows))

    # -- deciding ----------------------------------------------------------------------
    def selected(self) -> PendingRefund | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def decide(self, approve: bool) -> None:
        chosen = self.selected()
        if chosen is None or not self.actor.can(Permission.MONEY_OUT_APPROVE):
            return
        what = (
            f"{format_yuan(chosen.amount_fen)} · {chosen.tenant} · {chosen.rooms or chosen.account}"
        )
        note = ""
        if approve:
            question = (
                self.tr("Refund %1 by %2, asked by %3?")
                .replace("%1", what)
                .replace("%2", method_label(chosen.method))
                .replace("%3", chosen.requested_by)
            )
            if not self.confirm_dialog(question):
                return
        else:
            answer = self.note_dialog(self.tr("Why is the refund %1 rejected?").replace("%1", what))
            if answer is None:
                return
            note = answer
        db, actor, request_id = self.db, self.actor, chosen.id
        self.approve_button.setEnabled(False)
        self.reject_button.setEnabled(False)
        self.worker.submit(
            lambda: decide_refund(db, actor, request_id, approve, note),
            lambda slip: self._done(chosen, approve, slip),
            self._failed,
        )

    def _done(self, chosen: PendingRefund, approve: bool, slip: Any) -> None:
        self._enable()
        text = (
            self.tr("Refunded %1: slip %2 (in %3's shift).")
            .replace("%1", format_yuan(chosen.amount_fen))
            .replace("%2", str(slip))
            .replace("%3", chosen.requested_by)
            if approve
            else self.tr("Request of %1 for %2 rejected.")
            .replace("%1", chosen.requested_by)
            .replace("%2", format_yuan(chosen.amount_fen))
        )
        self.outcome.setStyleSheet("")
        self.outcome.setText(text)
        self.decided.emit(text)
        self.load()

    def _failed(self, exc: Exception) -> None:
        self._enable()
        text = self.tr("Not done: %1").replace("%1", str(exc))
        self.outcome.setStyleSheet("color: #c62828; font-weight: bold;")
        self.outcome.setText(text)
        self.failed.emit(text)

    def _enable(self) -> None:
        allowed = self.actor.can(Permission.MONEY_OUT_APPROVE)
        self.approve_button.setEnabled(allowed)
        self.reject_button.setEnabled(allowed)

    def _ask(self, question: str) -> bool:
        return ask_yes_no(self, self.tr("Approve refund"), question)

    def _note(self, question: str) -> str | None:
        text, ok = QInputDialog.getText(self, self.tr("Reject refund"), question)
        return text if ok else None

    def wait(self, msecs: int = 10_000) -> bool:
        return self.worker.wait(msecs)
