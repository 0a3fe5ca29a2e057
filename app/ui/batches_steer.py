"""The Batches window's steering buttons: pause, resume, cancel, retry failed, approve.

Each button is enabled only when the selected batch's status allows it and the operator's
role may; otherwise it is greyed with the reason as its tooltip, so nobody clicks to be
refused. The service (``app.batch.service``) checks both again: these are hints, not the
rule. A money batch is approved by a *different* administrator than its creator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton

from app import batch as batches
from app.batch.actions import action_of
from app.security import Permission

if TYPE_CHECKING:
    from .batches import BatchesWindow

STOPPABLE = ("running", "queued", "scheduled")
FINAL = ("cancelled", "done")


class Steering:
    """The row of buttons under the batch list, and what each one does."""

    def __init__(self, window: BatchesWindow) -> None:
        self.window = window
        self.row = QHBoxLayout()
        self.pause = self._button(
            "PauseBatch", QCoreApplication.translate("Batches", "Pause"), self._pause
        )
        self.resume = self._button(
            "ResumeBatch", QCoreApplication.translate("Batches", "Resume"), self._resume
        )
        self.cancel = self._button(
            "CancelBatch", QCoreApplication.translate("Batches", "Cancel batch…"), self._cancel
        )
        self.retry = self._button(
            "RetryBatch", QCoreApplication.translate("Batches", "Retry failed"), self._retry
        )
        self.approve = self._button(
            "ApproveBatch", QCoreApplication.translate("Batches", "Approve"), self._approve
        )
        self.row.addStretch(1)
        self.confirm: Callable[[str], bool] = self._ask  # tests answer for the operator

    def _button(self, name: str, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self.window)
        button.setObjectName(name)
        button.clicked.connect(slot)
        self.row.addWidget(button)
        return button

    def buttons(self) -> list[QPushButton]:
        return [self.pause, self.resume, self.cancel, self.retry, self.approve]

    def update_for(self, b: batches.BatchSummary | None) -> None:
        """Enable what the batch's status and the operator's role allow; say why not."""
        if b is None:
            for button in self.buttons():
                button.setEnabled(False)
                button.setToolTip(QCoreApplication.translate("Batches", "Select a batch first."))
            return
        role_may = self.window.may(action_of(b.action).permission)
        no_role = QCoreApplication.translate(
            "Batches", "Your role may not steer a batch of this kind."
        )
        failed = b.counts.get("failed", 0)
        self._set(
            self.pause,
            b.status in STOPPABLE,
            role_may,
            no_role,
            QCoreApplication.translate("Batches", "Only a waiting or running batch pauses."),
        )
        self._set(
            self.resume,
            b.status == "paused",
            role_may,
            no_role,
            QCoreApplication.translate("Batches", "The batch is not paused."),
        )
        self._set(
            self.cancel,
            b.status not in FINAL,
            role_may,
            no_role,
            QCoreApplication.translate("Batches", "The batch has finished."),
        )
        self._set(
            self.retry,
            failed > 0 and b.status != "approval",
            role_may,
            no_role,
            QCoreApplication.translate("Batches", "No failed item to retry."),
        )
        approver = self.window.may(Permission.MONEY_OUT_APPROVE)
        other = b.created_by != self.window.actor.login
        self._set(
            self.approve,
            b.status == "approval",
            approver and other,
            QCoreApplication.translate(
                "Batches", "Only another administrator approves a money batch."
            )
            if approver
            else QCoreApplication.translate(
                "Batches", "Only an administrator approves a money batch."
            ),
            QCoreApplication.translate("Batches", "The batch is not waiting for approval."),
        )

    @staticmethod
    def _set(
        button: QPushButton, status_ok: bool, role_ok: bool, no_role: str, no_status: str
    ) -> None:
        button.setEnabled(status_ok and role_ok)
        button.setToolTip("" if status_ok and role_ok else (no_role if not role_ok else no_status))

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(
            self.window, QCoreApplication.translate("Batches", "Batches"), question
        )
        return answer == QMessageBox.StandardButton.Yes

    def _go(self, call: Callable[..., object], message: str, *args: object) -> None:
        w = self.window
        if w.selected_id is None:
            return
        db, actor, batch_id = w.db, w.actor, w.selected_id
        w.run(lambda: call(db, actor, batch_id, *args), message.replace("%1", str(batch_id)))

    def _pause(self) -> None:
        self._go(
            batches.set_paused, QCoreApplication.translate("Batches", "Batch %1 paused."), True
        )

    def _resume(self) -> None:
        self._go(
            batches.set_paused, QCoreApplication.translate("Batches", "Batch %1 resumed."), False
        )

    def _cancel(self) -> None:
        question = QCoreApplication.translate(
            "Batches",
            "Cancel batch %1? Items not yet sent are cancelled; items already sent finish.",
        )
        if self.window.selected_id is not None and self.confirm(
            question.replace("%1", str(self.window.selected_id))
        ):
            self._go(batches.cancel, QCoreApplication.translate("Batches", "Batch %1 cancelled."))

    def _retry(self) -> None:
        self._go(
            batches.retry,
            QCoreApplication.translate("Batches", "Batch %1: failed items queued again."),
        )

    def _approve(self) -> None:
        self._go(batches.approve, QCoreApplication.translate("Batches", "Batch %1 approved."))
