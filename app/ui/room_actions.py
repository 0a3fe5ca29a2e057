"""Room detail actions beyond the relay: refund (退费), alarm levels and meter prices.

``RoomActions`` is the row of buttons under the relay buttons of the room detail; each
opens a small dialog that names the room and the tenant, asks for confirmation, then calls
the service in a worker thread:

- a refund goes to ``app.ledger.accounts.refund``; above the approval threshold the
  dialog asks for an administrator's login and password at this desk (``approve_login``),
  as the four-eyes rule in the service demands;
- alarm levels and prices are written to a meter-side meter as a queued command
  (``app.services.commands.write_params``): the row follows that command like the relay
  commands, pending -> confirmed or failed, quoting the collector's result;
- **Account…** opens the account operations for the room (open, pre-set, close, transfer
  of ownership, meter swap, tenant and contacts: ``account_actions``).

Its reads are in ``app.accounts.reads`` (no SQL here). Buttons a role may not use are
disabled with the reason in a tooltip and in a label.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.accounts.reads import (
    RefundContext,
    account_balance,
    command_status,
    meter_defaults,
    refund_context,
)
from app.db import Database
from app.ledger.accounts import refund
from app.ledger.refunds import request_refund
from app.livedata import MeterLive, RoomDetail
from app.money import MoneyError, fen_to_yuan, format_yuan, parse_yuan
from app.security import Actor, Permission, approve_login
from widgets.amount import AmountEdit
from widgets.confirm import ask_yes_no
from widgets.fonts import emphasise

from .bridge import Worker
from .labels import command_status_label, method_label
from .meter_params import ParamsDialog

log = logging.getLogger(__name__)
METHODS = ("cash", "card", "transfer", "qr")


class RefundDialog(QDialog):
    """Pay money back from the room's account. ``refunded(slip number)``; ``failed(text)``."""

    refunded = Signal(str)
    requested = Signal(int)  # a request filed for an administrator to decide later
    failed = Signal(str)
    ready = Signal()

    def __init__(
        self, db: Database, actor: Actor, detail: RoomDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db, self.actor, self.detail = db, actor, detail
        self.worker = Worker(self)
        self.context: RefundContext | None = None
        self.confirm_dialog = self._ask  # tests replace it with an answer
        self.setObjectName("RefundDialog")
        self.setWindowTitle(self.tr("Refund (退费)"))
        who = QLabel(
            self.tr("Room %1 · tenant %2 · account %3")
            .replace("%1", detail.path)
            .replace("%2", detail.tenant or self.tr("(vacant)"))
            .replace("%3", detail.account or "-"),
            self,
        )
        emphasise(who, 1.2, bold=True)
        who.setWordWrap(True)
        self.balance = QLabel(self.tr("Reading the account…"), self)
        self.balance.setWordWrap(True)
        self.amount = AmountEdit(self, quick=())
        self.amount.changed.connect(self._amount_changed)
        self.method = QComboBox(self)
        for method in METHODS:
            self.method.addItem(method_label(method), method)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(self.tr("e.g. moving out, paid twice"))
        form = QFormLayout()
        form.addRow(self.tr("Amount (yuan):"), self.amount)
        form.addRow(self.tr("Paid out by:"), self.method)
        form.addRow(self.tr("Reason:"), self.reason)

        self.approval = QGroupBox(self.tr("Administrator approval"), self)
        self.approval.setObjectName("RefundApproval")
        self.approval_note = QLabel(self.approval)
        self.approval_note.setWordWrap(True)
        self.approval_note.setStyleSheet("color: #e65100; font-weight: bold;")
        self.approver = QLineEdit(self.approval)
        self.approver.setPlaceholderText(self.tr("administrator's login"))
        self.password = QLineEdit(self.approval)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        approval = QFormLayout(self.approval)
        approval.addRow(self.approval_note)
        approval.addRow(self.tr("Administrator:"), self.approver)
        approval.addRow(self.tr("Password:"), self.password)
        self.request_button = QPushButton(self.tr("No administrator here: send for approval"))
        self.request_button.setObjectName("RefundRequest")
        self.request_button.setAutoDefault(False)
        self.request_button.setToolTip(
            self.tr(
                "Nothing is paid now: an administrator approves or rejects the request later "
                "(Refund approvals), and the refund is then made in your name and shift."
            )
        )
        self.request_button.clicked.connect(self.send_for_approval)
        approval.addRow(self.request_button)
        self.approval.setVisible(False)

        self.error = QLabel(self)
        self.error.setObjectName("RefundError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c62828; font-weight: bold;")
        self.outcome = QLabel(self)
        self.outcome.setObjectName("RefundResult")
        self.outcome.setWordWrap(True)
        self.refund_button = QPushButton(self.tr("Refund"), self)
        self.refund_button.setObjectName("RefundOk")
        self.refund_button.setDefault(True)
        self.refund_button.setEnabled(False)
        self.refund_button.clicked.connect(self.submit)
        close = QPushButton(self.tr("Close"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.refund_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.balance)
        layout.addLayout(form)
        layout.addWidget(self.approval)
        layout.addWidget(self.error)
        layout.addWidget(self.outcome)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)
        db, room_id = self.db, detail.room_id
        self.worker.submit(lambda: refund_context(db, room_id), self._context, self._fail_exc)

    def _context(self, context: RefundContext) -> None:
        self.context = context
        if context.account_id is None:
            self.balance.setText(self.tr("This room has no tenant account: nothing to refund."))
        else:
            self.balance.setText(
                self.tr(
                    "Refundable from the account: %1. Money held on a meter-side meter is "
                    "paid back when the account is closed."
                ).replace("%1", format_yuan(context.balance_fen))
            )
            self.refund_button.setEnabled(True)
        self.approval_note.setText(
            self.tr(
                "Above %1 a refund needs an administrator's approval: the administrator types "
                "their login and password here (not the person asking for the refund)."
            ).replace("%1", format_yuan(context.threshold_fen))
        )
        self._amount_changed()
        self.ready.emit()

    def _fen(self) -> int | None:
        try:
            return parse_yuan(self.amount.text())
        except MoneyError:
            return None

    def needs_approval(self) -> bool:
        fen = self._fen()
        return self.context is not None and fen is not None and fen > self.context.threshold_fen

    def _amount_changed(self, _text: str = "") -> None:
        self.approval.setVisible(self.needs_approval())

    def submit(self) -> None:
        self.error.clear()
        if self.context is None or self.context.account_id is None:
            return
        try:
            fen = parse_yuan(self.amount.text())
        except MoneyError as exc:
            self._fail(self.tr("Amount: %1").replace("%1", str(exc)))
            return
        reason = self.reason.text().strip()
        if not reason:
            self._fail(self.tr("Reason: say why the money is paid back (it goes in the log)."))
            return
        approver_login, password = self.approver.text().strip(), self.password.text()
        approval = self.needs_approval()
        if approval and not (approver_login and password):
            self._fail(
                self.tr(
                    "Administrator approval: %1 is above %2, so an administrator must type "
                    "their login and password."
                )
                .replace("%1", format_yuan(fen))
                .replace("%2", format_yuan(self.context.threshold_fen))
            )
            return
        method = self.method.currentData()
        question = (
            self.tr("Refund %1 by %2 to tenant %3 of room %4?")
            .replace("%1", format_yuan(fen))
            .replace("%2", method_label(method))
            .replace("%3", self.detail.tenant or self.tr("(vacant)"))
            .replace("%4", self.detail.path)
        )
        if not self.confirm_dialog(question):
            return
        db, actor, account_id = self.db, self.actor, self.context.account_id

        def run() -> tuple[str, int]:
            approver = approve_login(db, actor, approver_login, password) if approval else None
            slip = refund(db, actor, account_id, fen_to_yuan(fen), method, reason, approver)
            return slip, account_balance(db, account_id)

        self.refund_button.setEnabled(False)
        self.outcome.setText(self.tr("Refunding…"))
        self.worker.submit(run, lambda r: self._done(fen, method, *r), self._fail_exc)

    def send_for_approval(self) -> None:
        """File the refund for an administrator (no money moves now)."""
        self.error.clear()
        if self.context is None or self.context.account_id is None:
            return
        try:
            fen = parse_yuan(self.amount.text())
        except MoneyError as exc:
            self._fail(self.tr("Amount: %1").replace("%1", str(exc)))
            return
        reason = self.reason.text().strip()
        if not reason:
            self._fail(self.tr("Reason: say why the money is paid back (it goes in the log)."))
            return
        db, actor, account_id = self.db, self.actor, self.context.account_id
        method = self.method.currentData()
        self.request_button.setEnabled(False)
        self.worker.submit(
            lambda: request_refund(db, actor, account_id, fen_to_yuan(fen), method, reason),
            lambda request_id: self._filed(request_id, fen),
            self._request_failed,
        )

    def _filed(self, request_id: int, fen: int) -> None:
        self.request_button.setEnabled(True)
        self.amount.clear()
        self.outcome.setText(
            self.tr(
                "Request %1 for %2 sent: an administrator decides it in Refund approvals; "
                "nothing was paid yet."
            )
            .replace("%1", str(request_id))
            .replace("%2", format_yuan(fen))
        )
        self.requested.emit(request_id)

    def _request_failed(self, exc: Exception) -> None:
        self.request_button.setEnabled(True)
        self._fail(self.tr("Not sent: %1").replace("%1", str(exc)))

    def _done(self, fen: int, method: str, slip: str, balance_fen: int) -> None:
        self.password.clear()
        self.amount.clear()
        self.refund_button.setEnabled(True)
        self.outcome.setText(
            self.tr("Refund slip %1: %2 paid out by %3. The account balance is now %4.")
            .replace("%1", slip)
            .replace("%2", format_yuan(fen))
            .replace("%3", method_label(method))
            .replace("%4", format_yuan(balance_fen))
        )
        if self.context is not None:
            self.context = RefundContext(
                self.context.account_id, balance_fen, self.context.threshold_fen
            )
        self.refunded.emit(slip)

    def _fail_exc(self, exc: Exception) -> None:
        self.password.clear()
        self.refund_button.setEnabled(
            self.context is not None and self.context.account_id is not None
        )
        self.outcome.clear()
        self._fail(self.tr("Not refunded: %1").replace("%1", str(exc)))

    def _fail(self, text: str) -> None:
        self.error.setText(text)
        self.failed.emit(text)

    def _ask(self, question: str) -> bool:
        return ask_yes_no(self, self.tr("Confirm refund"), question)

    def wait(self, msecs: int = 10_000) -> bool:
        return self.worker.wait(msecs)


class RoomActions(QWidget):
    """Refund, alarm levels and prices for the room shown by ``panel`` (a RoomDetailPanel).

    Follows the parameter command it queued: ``command_finished(status)`` once the
    collector decided it (confirmed / failed / expired / cancelled)."""

    command_finished = Signal(str)
    refunded = Signal(str)
    dialog_shown = Signal(object)  # the parameter dialog, once its defaults are read

    def __init__(self, panel: Any) -> None:
        super().__init__(panel)
        self.panel = panel
        self.db: Database = panel.db
        self.actor: Actor = panel.actor
        self.worker = Worker(self)
        self.command_id: int | None = None
        self.command_what = ""
        self.dialog: QDialog | None = None
        self._reading = False
        self.refund_button = QPushButton(self.tr("Refund…"), self)
        self.refund_button.setObjectName("RoomRefund")
        self.refund_button.clicked.connect(self.open_refund)
        self.alarms_button = QPushButton(self.tr("Alarm levels…"), self)
        self.alarms_button.setObjectName("RoomAlarms")
        self.alarms_button.clicked.connect(lambda: self.open_params("alarms"))
        self.prices_button = QPushButton(self.tr("Meter prices…"), self)
        self.prices_button.setObjectName("RoomPrices")
        self.prices_button.clicked.connect(lambda: self.open_params("prices"))
        from .account_actions import AccountActions

        # open / close / transfer / swap / tenant for this room: the Accounts window's dialogs
        self.accounts = AccountActions(self.db, self.actor, self)
        self.accounts.changed.connect(lambda: self.panel.refresh())
        self.account_button = QToolButton(self)
        self.account_button.setObjectName("RoomAccount")
        self.account_button.setText(self.tr("Account…"))
        self.account_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.account_button.setMenu(QMenu(self.account_button))
        self.note = QLabel(self)
        self.note.setObjectName("RoomActionsNote")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #8d6e63;")
        self.state = QLabel(self)
        self.accounts.message.connect(self.state.setText)
        self.state.setObjectName("ParamsState")
        self.state.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for button in (self.refund_button, self.alarms_button, self.prices_button):
            row.addWidget(button)
        row.addWidget(self.account_button)
        row.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.state)
        self.show_detail(None)

    # -- what may be done ----------------------------------------------------------------
    def show_detail(self, detail: RoomDetail | None) -> None:
        """Enable what the role and the room allow; explain the rest. Called on each read."""
        from .labels import role_label

        role = role_label(self.actor.role)
        notes: list[str] = []
        if not self.actor.can(Permission.REFUND_REQUEST):
            why = self.tr("Your role (%1) may not refund: ask a cashier.").replace("%1", role)
            self._set(self.refund_button, False, why)
            notes.append(why)
        elif detail is None or not detail.account:
            self._set(self.refund_button, False, self.tr("A vacant room has no account."))
        else:
            self._set(self.refund_button, True, "")
        meter = self.panel.selected_meter() if detail is not None else None
        if not self.actor.can(Permission.METER_PARAMS):
            why = self.tr(
                "Your role (%1) may not write meter parameters: ask an operator."
            ).replace("%1", role)
            notes.append(why)
            params_ok, params_why = False, why
        elif meter is None:
            params_ok, params_why = False, self.tr("This room has no meter.")
        elif meter.billing != "meter":
            params_ok = False
            params_why = self.tr(
                "Platform-side meter: WattDesk applies the tariff and the site's alarm levels "
                "itself; nothing to write to the meter."
            )
        else:
            params_ok, params_why = True, ""
        for button in (self.alarms_button, self.prices_button):
            self._set(button, params_ok, params_why)
        self.note.setText(" ".join(notes))
        menu = self.account_button.menu()
        menu.clear()
        if detail is not None:
            self.accounts.fill_menu(menu, detail.room_id, bool(detail.account))
        self.account_button.setEnabled(detail is not None)
        if self.command_id is not None:
            self.read_command()

    @staticmethod
    def _set(button: QPushButton, enabled: bool, why: str) -> None:
        button.setEnabled(enabled)
        button.setToolTip(why)

    # -- refund ------------------------------------------------------------------------
    def open_refund(self) -> RefundDialog | None:
        detail = self.panel.detail
        if detail is None or not self.actor.can(Permission.REFUND_REQUEST):
            return None
        dialog = RefundDialog(self.db, self.actor, detail, self)
        dialog.refunded.connect(self.refunded.emit)
        dialog.refunded.connect(lambda _slip: self.panel.refresh())
        self.dialog = dialog
        dialog.show()
        return dialog

    # -- parameters --------------------------------------------------------------------
    def open_params(self, mode: str) -> None:
        """Read the defaults in a worker, then show the dialog (``self.dialog``)."""
        detail, meter = self.panel.detail, self.panel.selected_meter()
        if detail is None or meter is None or not self.actor.can(Permission.METER_PARAMS):
            return
        db, meter_id = self.db, meter.meter_id
        self.worker.submit(
            lambda: meter_defaults(db, meter_id),
            lambda defaults: self._show_params(detail, meter, mode, defaults),
            lambda exc: self.state.setText(str(exc)),
        )

    def _show_params(
        self, detail: RoomDetail, meter: MeterLive, mode: str, defaults: dict[str, Any]
    ) -> None:
        dialog = ParamsDialog(self.db, self.actor, detail, meter, mode, defaults, self)
        dialog.queued.connect(self._queued)
        self.dialog = dialog
        dialog.show()
        self.dialog_shown.emit(dialog)

    def _queued(self, command_id: int, what: str) -> None:
        self.command_id, self.command_what = command_id, what
        self.state.setText(self.tr("%1: queued…").replace("%1", what))
        if self.panel.collector is not None:
            self.panel.collector.wake()
        self.read_command()

    def on_commands(self, commands: frozenset[int]) -> None:
        if self.command_id is not None and self.command_id in commands:
            self.read_command()

    def read_command(self) -> None:
        if self.command_id is None or self._reading:
            return
        self._reading = True
        db, command_id = self.db, self.command_id

        self.worker.submit(
            lambda: command_status(db, command_id), self._command_read, self._command_unread
        )

    def _command_unread(self, exc: Exception) -> None:
        self._reading = False
        self.state.setText(str(exc))

    def _command_read(self, row: tuple[int, str, str] | None) -> None:
        self._reading = False
        if row is None or row[0] != self.command_id:
            return
        _id, status, result = row
        what = self.command_what
        if status in ("pending", "sent"):
            label = self.tr("waiting for the meter") if status == "pending" else self.tr("sent")
            text = self.tr("%1: %2…").replace("%1", what).replace("%2", label)
            if result:
                text += " " + result
            self.state.setText(text)
            return
        if status == "confirmed":
            text = (
                self.tr("%1: done. The meter reports: %2.")
                .replace("%1", what)
                .replace("%2", result)
            )
        else:
            text = (
                self.tr("%1: %2. %3")
                .replace("%1", what)
                .replace("%2", command_status_label(status))
                .replace("%3", result)
            )
        self.state.setText(text)
        self.command_id = None
        self.command_finished.emit(status)

    def wait(self, msecs: int = 10_000) -> bool:
        done = self.worker.wait(msecs) and self.accounts.wait(msecs)
        dialog = self.dialog
        if dialog is not None and hasattr(dialog, "wait"):
            done = dialog.wait(msecs) and done
        return done
