"""The cashier counter (收银台): find the room, take the money, print the receipt.

Keyboard first: the search field has the focus, arrows pick a room, Enter moves on, the
amount is typed or picked, F1-F4 choose the payment method, Enter asks for confirmation
(naming room, tenant and amount), Esc clears. The idempotency key is made when the window
opens and kept until a recharge is done, so a double click or a retry is the same recharge.
Before sending, the key and the form are saved (QSettings): after a crash the window finds
out whether that recharge was recorded and shows its receipt, or offers to finish it with
the same key. Nothing here touches the database on the GUI thread.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.ledger.corrections import reprint
from app.ledger.lookup import CounterRoom, RoomMoney
from app.ledger.recharge import RechargeRequest, RechargeResult, recharge
from app.livedata import counter as reads
from app.money import format_yuan, parse_yuan
from app.receipts import ReceiptData, receipt_lines, receipt_title, render_pdf
from app.security import Actor, Permission
from widgets.amount import AmountEdit
from widgets.receipt_view import ReceiptView

from .bridge import Worker
from .cashier_bills import OpenBillsPanel
from .files import save_path, write_whole
from .shift_close import ShiftCloser

METHODS = ("cash", "card", "transfer", "qr")
MAX_HITS = 50
INFLIGHT = "cashier/inflight"


def new_key() -> str:
    return uuid.uuid4().hex


class CashierWindow(QWidget):
    rooms_loaded = Signal(int)
    room_shown = Signal(object)  # RoomMoney
    recharged = Signal(object)  # RechargeResult
    failed = Signal(str)
    state_followed = Signal(str)  # the meter command's status
    pending_loaded = Signal(int)

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.actor = db, actor
        self.worker = Worker(self)
        self.key = new_key()
        self.rooms: list[CounterRoom] = []
        self.room: CounterRoom | None = None
        self.money: RoomMoney | None = None
        self.busy = False
        self._wanted_room: int | None = None
        self.last: RechargeResult | None = None
        self.receipt: ReceiptData | None = None
        self.confirm_dialog = self._ask  # replaced in tests by an answer without a modal box
        self.shift = ShiftCloser(self, db, actor, self.worker, self._say)
        self.setWindowTitle(self.tr("Cashier counter"))
        self._build()
        self._follow = QTimer(self, interval=1000)
        self._follow.timeout.connect(self._poll_state)
        self._pending_timer = QTimer(self, interval=5000)
        self._pending_timer.timeout.connect(self.refresh_pending)

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        big = QFont(self.font())
        big.setPointSize(max(big.pointSize(), 10) + 8)
        big.setBold(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("CashierSearch")
        self.search.setPlaceholderText(
            self.tr("Room, tenant, pinyin initials, account or meter address")
        )
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._choose_current)
        self.hits = QListWidget(self)
        self.hits.setObjectName("CashierHits")
        self.hits.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.hits.setUniformItemSizes(True)
        self.hits.setAlternatingRowColors(True)  # two lines a room: where one ends
        self.hits.itemActivated.connect(
            lambda item: self._choose(item.data(Qt.ItemDataRole.UserRole))
        )
        self.room_label = QLabel(self.tr("No room chosen"), self)
        self.room_label.setFont(big)
        self.room_label.setWordWrap(True)
        self.tenant_label = QLabel("", self)
        self.tenant_label.setFont(big)
        self.tenant_label.setWordWrap(True)
        self.account_label = QLabel("", self)
        self.account_label.setWordWrap(True)
        # the big figure is the balance as it stands: after a recharge the new one, with
        # the old one small beside it
        self.balance_label = QLabel("", self)
        self.balance_label.setObjectName("CashierBalance")
        self.balance_label.setFont(big)
        self.balance_note = QLabel("", self)
        self.balance_note.setObjectName("CashierBalanceNote")
        self.balance_note.setWordWrap(True)
        self.after_label = QLabel("", self)
        self.after_label.setObjectName("CashierAfter")
        self.amount = AmountEdit(self)
        self.amount.changed.connect(self._update_after)
        self.amount.edit.returnPressed.connect(self.confirm)
        self.methods = QButtonGroup(self)
        method_row = QHBoxLayout()
        labels = [
            self.tr("F1 Cash"),
            self.tr("F2 Bank card"),
            self.tr("F3 Transfer"),
            self.tr("F4 QR payment"),
        ]
        for index, (method, label) in enumerate(zip(METHODS, labels, strict=True)):
            button = QPushButton(label, self)
            button.setCheckable(True)
            button.setAutoDefault(False)
            button.setProperty("method", method)
            self.methods.addButton(button, index)
            method_row.addWidget(button)
            QShortcut(QKeySequence(f"F{index + 1}"), self, activated=button.click)
        self.methods.button(0).setChecked(True)
        self.confirm_button = QPushButton(self.tr("Recharge (Enter)"), self)
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.confirm)
        clear = QPushButton(self.tr("Clear (Esc)"), self)
        clear.setAutoDefault(False)
        clear.clicked.connect(self.clear)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.clear)
        if not self.actor.can(Permission.RECHARGE):
            self.confirm_button.setEnabled(False)
            self.confirm_button.setToolTip(self.tr("Your role may not take money: ask a cashier."))
        self.bills = OpenBillsPanel(self.db, self.actor, self.worker, self)
        self.bills.paid.connect(lambda paid: self._reprinted(paid.receipt))  # shown, printable
        self.bills.failed.connect(lambda text: self._say(text, error=True))
        self.status = QLabel("", self)
        self.status.setObjectName("CashierStatus")
        self.status.setWordWrap(True)
        self.receipt_view = ReceiptView(self)
        self.layout_choice = QComboBox(self)
        self.layout_choice.addItem(self.tr("80 mm roll"), "roll80")
        self.layout_choice.addItem(self.tr("A5 sheet"), "a5")
        self.print_button = QPushButton(self.tr("Print…"), self)
        self.print_button.clicked.connect(self.print_receipt)
        self.save_button = QPushButton(self.tr("Save PDF…"), self)
        self.save_button.clicked.connect(self.save_pdf)
        self.reprint_button = QPushButton(self.tr("Reprint (copy)"), self)
        self.reprint_button.clicked.connect(self.reprint_last)
        for button in (self.print_button, self.save_button, self.reprint_button):
            button.setEnabled(False)
            button.setAutoDefault(False)
        self.pending = QTableWidget(0, 5, self)
        self.pending.setHorizontalHeaderLabels(
            [
                self.tr("Receipt"),
                self.tr("Room"),
                self.tr("Amount"),
                self.tr("Age"),
                self.tr("State / reason"),
            ]
        )
        header = self.pending.horizontalHeader()
        header.setStretchLastSection(True)
        for column in range(4):  # sized to what they hold: "Age" was cut in English
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.pending.verticalHeader().setVisible(False)
        self.pending.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        shift = QPushButton(self.tr("Close shift…"), self)
        shift.setAutoDefault(False)
        shift.clicked.connect(self.close_shift_dialog)

        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.hits, 2)
        left.addWidget(QLabel(self.tr("Recharges waiting for their meter"), self))
        left.addWidget(self.pending, 1)
        left.addWidget(shift)
        form = QGridLayout()
        form.addWidget(self.room_label, 0, 0, 1, 2)
        form.addWidget(self.tenant_label, 1, 0, 1, 2)
        form.addWidget(self.account_label, 2, 0, 1, 2)
        form.addWidget(self.balance_label, 3, 0)
        form.addWidget(self.balance_note, 3, 1, Qt.AlignmentFlag.AlignBottom)
        form.addWidget(self.after_label, 4, 0, 1, 2)
        form.setColumnStretch(1, 1)
        middle = QVBoxLayout()
        middle.addLayout(form)
        middle.addWidget(self.amount)
        middle.addLayout(method_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button, 2)
        buttons.addWidget(clear, 1)
        middle.addLayout(buttons)
        middle.addWidget(self.status)
        middle.addWidget(self.bills, 1)
        middle.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.receipt_view, 1)
        tools = QHBoxLayout()
        for widget in (
            self.layout_choice,
            self.print_button,
            self.save_button,
            self.reprint_button,
        ):
            tools.addWidget(widget)
        right.addLayout(tools)
        root = QHBoxLayout(self)
        root.addLayout(left, 3)
        root.addLayout(middle, 4)
        root.addLayout(right, 3)
        self.setMinimumSize(1100, 640)

    # -- start -------------------------------------------------------------------------
    def start(self) -> None:
        """Load the rooms, the pending list, and recover a recharge a crash interrupted."""
        self.search.setFocus()
        db = self.db
        self.worker.submit(lambda: reads.counter_rooms(db), self._rooms_ready, self._error)
        self.refresh_pending()
        self._pending_timer.start()
        self._recover()

    def _rooms_ready(self, rooms: list[CounterRoom]) -> None:
        self.rooms = rooms
        self._filter(self.search.text())
        self.rooms_loaded.emit(len(rooms))
        if self._wanted_room is not None:
            self.select_room(self._wanted_room)

    def select_room(self, room_id: int) -> bool:
        """Choose a room by id (from the room detail); remembered until the rooms load."""
        room = next((r for r in self.rooms if r.room_id == room_id), None)
        if room is None:
            self._wanted_room = room_id
            return False
        self._wanted_room = None
        self.search.setText(room.number)
        self._choose(room)
        return True

    # -- search ------------------------------------------------------------------------
    def _filter(self, text: str) -> None:
        needle = text.strip().lower()
        self.hits.clear()
        if not needle:
            return
        shown = 0
        for room in self.rooms:
            if needle in room.search_text:
                tenant = room.tenant or self.tr("(vacant)")
                item = QListWidgetItem(f"{room.path}\n{tenant}")
                item.setToolTip(f"{room.path}\n{tenant}")  # a long name is elided, not cut
                item.setData(Qt.ItemDataRole.UserRole, room)
                self.hits.addItem(item)
                shown += 1
                if shown >= MAX_HITS:
                    break
        if shown:
            self.hits.setCurrentRow(0)

    def keyPressEvent(self, event: Any) -> None:
        if self.search.hasFocus() and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            row = self.hits.currentRow() + (1 if event.key() == Qt.Key.Key_Down else -1)
            self.hits.setCurrentRow(max(0, min(self.hits.count() - 1, row)))
            return
        super().keyPressEvent(event)

    def _choose_current(self) -> None:
        item = self.hits.currentItem()
        if item is not None:
            self._choose(item.data(Qt.ItemDataRole.UserRole))

    def _choose(self, room: CounterRoom) -> None:
        self.room, self.money = room, None
        self.room_label.setText(room.path)
        self.tenant_label.setText(room.tenant or self.tr("(vacant)"))
        kind = self.tr("meter-side prepaid meter") if room.meter_id else self.tr("platform account")
        self.account_label.setText(f"{room.account_number or '-'} · {kind}")
        self.balance_label.setText(self.tr("Balance: loading…"))
        self.balance_note.clear()
        self.after_label.clear()
        db = self.db
        self.worker.submit(lambda: reads.room_money(db, room), self._money_ready, self._error)
        self.bills.show_account(room.account_id)
        self.amount.edit.setFocus()

    def _money_ready(self, money: RoomMoney) -> None:
        self.money = money
        self._show_balance(money)
        self._update_after()
        self.room_shown.emit(money)

    def _show_balance(self, money: RoomMoney, before_fen: int | None = None) -> None:
        """The big figure: the balance the tenant has now, counting recharges still on
        their way to the meter; after a recharge the old balance goes small beside it."""
        total = money.balance_fen + money.queued_fen
        self.balance_label.setText(self.tr("Balance: %1").replace("%1", format_yuan(total)))
        notes = []
        if before_fen is not None:
            notes.append(self.tr("was %1").replace("%1", format_yuan(before_fen)))
        if money.queued_fen:
            notes.append(
                self.tr("%1 on its way to the meter").replace("%1", format_yuan(money.queued_fen))
            )
        self.balance_note.setText(" · ".join(notes))

    def _update_after(self, *_: object) -> None:
        if self.money is None:
            return
        try:
            fen = parse_yuan(self.amount.text())
        except ValueError:
            self.after_label.setText("")
            return
        after = self.money.balance_fen + self.money.queued_fen + fen
        self.after_label.setText(
            self.tr("After this recharge: %1").replace("%1", format_yuan(after))
        )

    def method(self) -> str:
        return str(self.methods.checkedButton().property("method"))

    # -- recharge ----------------------------------------------------------------------
    def _ask(self, question: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Confirm recharge"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        return box.exec() == QMessageBox.StandardButton.Yes

    def confirm(self) -> None:
        """Enter: ask, then recharge with the window's key (ignored while one is running)."""
        if self.busy or not self.confirm_button.isEnabled():
            return
        if self.room is None:
            self._say(self.tr("Choose a room first."), error=True)
            self.search.setFocus()
            return
        amount = self.amount.text()
        if not amount:
            self._say(self.tr("Type the amount."), error=True)
            return
        question = (
            self.tr("Recharge %1 by %2 to room %3, tenant %4?")
            .replace("%1", f"¥{amount}")
            .replace("%2", self.methods.checkedButton().text().split(" ", 1)[-1])
            .replace("%3", self.room.path)
            .replace("%4", self.room.tenant or self.tr("(vacant)"))
        )
        if not self.confirm_dialog(question):
            return
        request = RechargeRequest(amount, self.method(), self.key, room_id=self.room.room_id)
        self._save_inflight(request)
        self._send(request)

    def _send(self, request: RechargeRequest) -> None:
        self.busy = True
        self.confirm_button.setEnabled(False)
        self._say(self.tr("Recording the recharge…"))
        db, actor = self.db, self.actor
        self.worker.submit(lambda: recharge(db, actor, request), self._done, self._refused)

    def _done(self, result: RechargeResult) -> None:
        self.busy = False
        self.confirm_button.setEnabled(True)
        self.last, self.receipt = result, result.receipt
        self._clear_inflight()
        self.key = new_key()  # the next recharge is a new one
        self._show_receipt(result.receipt)
        self._say(self.tr("Receipt %1 issued.").replace("%1", result.receipt_number))
        if self.money is not None and self.room is not None:
            # the money as the service left it: meter-side, on its way; else credited
            if self.money.meter_side:
                queued = self.money.queued_fen + result.amount_fen
                self.money = replace(self.money, queued_fen=queued)
            else:
                self.money = replace(self.money, balance_fen=result.balance_after_fen)
            self._show_balance(self.money, before_fen=result.balance_before_fen)
        self.amount.clear()
        if result.command_id is not None:
            self._follow.start()
        self.refresh_pending()
        self.recharged.emit(result)
        self.search.selectAll()
        self.search.setFocus()

    def _refused(self, exc: Exception) -> None:
        self.busy = False
        self.confirm_button.setEnabled(True)
        self._clear_inflight()  # refused: nothing was written, the key may be used again
        self._say(str(exc), error=True)
        self.failed.emit(str(exc))

    def _show_receipt(self, data: ReceiptData) -> None:
        title = f"{data.park} · {receipt_title(data)}" if data.park else receipt_title(data)
        phone = (
            self.tr("Service phone: %1").replace("%1", data.park_phone) if data.park_phone else ""
        )
        self.receipt_view.show_receipt(
            title,
            receipt_lines(data),
            header=[data.park_address, phone, data.issuer],
            footer=data.footer,
        )
        for button in (self.print_button, self.save_button, self.reprint_button):
            button.setEnabled(True)

    def _poll_state(self) -> None:
        if self.last is None:
            self._follow.stop()
            return
        db, txn = self.db, self.last.txn_id
        self.worker.submit(lambda: reads.recharge_state(db, txn), self._state_ready)

    def _state_ready(self, state: tuple[str, str]) -> None:
        status, result = state
        if status in ("confirmed", "failed", "expired", "cancelled", "platform"):
            self._follow.stop()
            if self.receipt is not None and status == "confirmed":
                self.receipt = replace(self.receipt, state="confirmed")
                self._show_receipt(self.receipt)
        label = {
            "pending": self.tr("Waiting for the meter…"),
            "sent": self.tr("Writing to the meter…"),
            "confirmed": self.tr("Confirmed by the meter."),
        }.get(status, self.tr("Not applied: %1").replace("%1", result or status))
        self._say(label, error=status in ("failed", "expired"))
        self.state_followed.emit(status)

    # -- crash recovery ----------------------------------------------------------------
    def _save_inflight(self, request: RechargeRequest) -> None:
        settings = QSettings()
        settings.setValue(
            INFLIGHT,
            [request.idempotency_key, str(request.room_id), str(request.amount), request.method],
        )
        settings.sync()

    def _clear_inflight(self) -> None:
        settings = QSettings()
        settings.remove(INFLIGHT)
        settings.sync()

    def _recover(self) -> None:
        saved = QSettings().value(INFLIGHT)
        if not saved:
            return
        key, room_id, amount, method = (str(x) for x in saved)
        db = self.db
        self.worker.submit(
            lambda: reads.receipt_for_key(db, key),
            lambda found: self._recovered(found, key, int(room_id), amount, method),
        )

    def _recovered(
        self, found: ReceiptData | None, key: str, room_id: int, amount: str, method: str
    ) -> None:
        if found is not None:  # it was recorded before the crash: show that receipt
            self._clear_inflight()
            self._show_recovered(found)
            return
        self.key = key  # not recorded: confirming again uses the same key, never a second one
        self.amount.set_amount(amount)
        index = METHODS.index(method) if method in METHODS else 0
        self.methods.button(index).setChecked(True)
        room = next((r for r in self.rooms if r.room_id == room_id), None)
        if room is not None:
            self._choose(room)
        self._say(
            self.tr(
                "The last recharge (%1) was not recorded before the program stopped. "
                "If the money was taken, confirm it again."
            ).replace("%1", f"¥{amount}"),
            error=True,
        )

    def _show_recovered(self, data: ReceiptData) -> None:
        self.receipt = data
        self._show_receipt(data)
        self._say(
            self.tr("Recovered receipt %1 of the recharge interrupted by a restart.").replace(
                "%1", data.number
            )
        )

    # -- receipts, pending, shift ------------------------------------------------------
    def print_receipt(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec():
            self.receipt_view.print_to(printer, self.layout_choice.currentData())

    def save_pdf(self) -> None:
        if self.receipt is None:
            return
        path = save_path(self, self.tr("Save receipt"), f"{self.receipt.number}.pdf", "PDF (*.pdf)")
        if path:
            data, layout = self.receipt, self.layout_choice.currentData()
            self.worker.submit(
                lambda: write_whole(path, render_pdf(data, layout)),
                lambda _: self._say(self.tr("Saved %1").replace("%1", path)),
                self._error,
            )

    def reprint_last(self) -> None:
        if self.receipt is None:
            return
        db, actor, number = self.db, self.actor, self.receipt.number
        self.worker.submit(lambda: reprint(db, actor, number), self._reprinted, self._error)

    def _reprinted(self, data: ReceiptData) -> None:
        self.receipt = data
        self._show_receipt(data)

    def refresh_pending(self) -> None:
        db = self.db
        self.worker.submit(lambda: reads.pending_recharges(db), self._pending_ready)

    def _pending_ready(self, rows: list[Any]) -> None:
        now = datetime.now(UTC)
        self.pending.setRowCount(len(rows))
        for r, row in enumerate(rows):
            age = int((now - row.created_at).total_seconds() // 60)
            values = [
                row.receipt,
                row.room,
                format_yuan(row.amount_fen),
                self.tr("%1 min").replace("%1", str(age)),
                f"{row.status} {row.result}".strip(),
            ]
            for c, value in enumerate(values):
                self.pending.setItem(r, c, QTableWidgetItem(value))
        self.pending_loaded.emit(len(rows))

    def close_shift_dialog(self) -> None:
        self.shift.start()

    # -- helpers -----------------------------------------------------------------------
    def clear(self) -> None:
        """Esc: forget the room and amount (not the key: nothing was sent)."""
        if self.busy:
            return
        self.room, self.money = None, None
        self.amount.clear()
        self.room_label.setText(self.tr("No room chosen"))
        for label in (self.tenant_label, self.account_label, self.balance_label):
            label.clear()
        self.balance_note.clear()
        self.after_label.clear()
        self.bills.show_account(None)
        self.search.clear()
        self.search.setFocus()

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet("color: #c62828;" if error else "color: #1b5e20;")
        self.status.setText(text)

    def _error(self, exc: Exception) -> None:
        self._say(str(exc), error=True)

    def closeEvent(self, event: Any) -> None:
        self._follow.stop()
        self._pending_timer.stop()
        self.worker.wait(10_000)
        super().closeEvent(event)
