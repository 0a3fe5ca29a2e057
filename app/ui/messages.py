"""The Messages window (消息记录): the outbox and its history, resend and export.

The table lists the messages newest first (``app.notify.views.message_list``, read off the
GUI thread): time, kind, recipient, room, channel, status with the reason, parts and the far
end's reference; the selected message's whole text below. Filters by status, channel, kind
and a text (recipient, room, account, the message). "Resend" queues a failed message again
through ``app.notify.views.resend`` (the service checks ``notify.resend`` and audits it); an
uncertain one ("may have been sent") asks first, since the recipient may then get it twice.
While the window is visible and a message is queued or sending, a timer re-reads every 2 s.
"Export to Excel…" writes the rows shown (``app.notify.export``, atomically).
``RoomMessages`` is the room detail's tab: the last messages of the room's account.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.notify.export import write_messages_xlsx
from app.notify.reports import DELIVERED, parts_of
from app.notify.views import (
    STATUSES,
    MessageFilter,
    MessageList,
    MessageRow,
    message_list,
    resend,
    room_messages,
)
from app.security import Actor, Permission
from widgets.confirm import ask_yes_no

from .bridge import Worker
from .labels import local_time, message_channel_label, message_kind_word, message_status_label
from .refresher import Refresher

REFRESH_MS = 2000
COLOURS = {"failed": QColor("#c62828"), "uncertain": QColor("#ef6c00")}


def _cell(text: object, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def status_text(row: MessageRow) -> str:
    """ "failed: reason" — the status with why, as one cell; a long SMS sent and waiting
    for its parts' delivery reports says how many have arrived ("sent (2 of 3 parts
    delivered)")."""
    word = message_status_label(row.status)
    shown = row.reason and row.status in ("queued", "failed", "uncertain")
    if shown:
        return f"{word}: {row.reason}"
    parts = parts_of(row.reference)
    done = sum(p.state == DELIVERED for p in parts)
    if row.status == "sent" and len(parts) > 1 and done:
        progress = QCoreApplication.translate("MessagesWindow", "%1 of %2 parts delivered")
        return f"{word} ({progress.replace('%1', str(done)).replace('%2', str(len(parts)))})"
    return word


class MessagesWindow(QMainWindow):
    """消息记录: every message, its status, resend and export."""

    loaded = Signal()  # the table was read and shown
    resent = Signal(int)  # a message was queued again (its id)
    failed = Signal(str)  # a read or an action was refused (its message)
    exported = Signal(str)  # the path written

    def __init__(
        self,
        db: Database,
        actor: Actor,
        zone: ZoneInfo,
        parent: QWidget | None = None,
        wake: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window)
        self.setObjectName("MessagesWindow")
        self.setWindowTitle(self.tr("Messages"))
        self.db, self.actor, self.zone = db, actor, zone
        self.wake = wake  # the in-process senders' wake (the GUI's collector), if any
        self.worker = Worker(self)
        self.listing = MessageList([])
        self._reading = self._again = False
        self.confirm_dialog: Callable[[str], bool] = self._ask  # tests answer it
        self._build()
        self.refresher = Refresher(self, REFRESH_MS, self.load)
        self.resize(1240, 760)

    # -- layout ------------------------------------------------------------------------
    def _build(self) -> None:
        self.status_filter = QComboBox(self)
        self.status_filter.setObjectName("StatusFilter")
        self.status_filter.addItem(self.tr("All statuses"), "")
        for status in STATUSES:
            self.status_filter.addItem(message_status_label(status), status)
        self.channel_filter = QComboBox(self)
        self.channel_filter.setObjectName("ChannelFilter")
        self.kind_filter = QComboBox(self)
        self.kind_filter.setObjectName("KindFilter")
        self._fill_choice(self.channel_filter, self.tr("All channels"), [], message_channel_label)
        self._fill_choice(self.kind_filter, self.tr("All kinds"), [], message_kind_word)
        self.text_filter = QLineEdit(self)
        self.text_filter.setObjectName("MessageText")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.setPlaceholderText(self.tr("Filter by recipient, room, account or text"))
        for combo in (self.status_filter, self.channel_filter, self.kind_filter):
            combo.currentIndexChanged.connect(self.load)
        self._typing = QTimer(self, singleShot=True, interval=250)
        self._typing.timeout.connect(self.load)
        self.text_filter.textChanged.connect(self._typing.start)
        self.table = _table(
            self,
            [
                self.tr("No."),
                self.tr("Time"),
                self.tr("Kind"),
                self.tr("Recipient"),
                self.tr("Room"),
                self.tr("Channel"),
                self.tr("Status"),
                self.tr("Parts"),
                self.tr("Reference"),
            ],
        )
        self.table.setObjectName("MessageTable")
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.body = QPlainTextEdit(self)
        self.body.setObjectName("MessageBody")
        self.body.setReadOnly(True)
        self.resend_button = QPushButton(self.tr("Resend…"), self)
        self.resend_button.setObjectName("Resend")
        self.resend_button.clicked.connect(self.resend_selected)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.setObjectName("ExportMessages")
        self.export_button.clicked.connect(self._ask_export)
        self.refresh_button = QPushButton(self.tr("Refresh"), self)
        self.refresh_button.clicked.connect(self.load)
        self.status = QLabel(self)
        self.status.setObjectName("MessagesStatus")
        self.status.setWordWrap(True)
        self._layout()
        self._update_buttons()

    def _layout(self) -> None:
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("Status:"), self.status_filter),
            (self.tr("Channel:"), self.channel_filter),
            (self.tr("Kind:"), self.kind_filter),
        ):
            filters.addWidget(QLabel(label, self))
            filters.addWidget(widget)
        filters.addWidget(self.text_filter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.resend_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel(self.tr("Message text:"), self))
        lower_layout.addWidget(self.body)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setSizes([540, 140])
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.setCentralWidget(body)
        for column, width in enumerate((56, 150, 90, 170, 180, 60, 330, 44)):
            self.table.setColumnWidth(column, width)

    @staticmethod
    def _fill_choice(
        combo: QComboBox, every: str, values: list[str], label: Callable[[str], str]
    ) -> None:
        """(Re)fill a filter with the values the outbox holds, keeping the choice."""
        keep = str(combo.currentData() or "")
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(every, "")
        for value in sorted(set(values) | ({keep} if keep else set())):
            combo.addItem(label(value), value)
        combo.setCurrentIndex(max(combo.findData(keep), 0))
        combo.blockSignals(False)

    # -- reads -------------------------------------------------------------------------
    def current_filter(self) -> MessageFilter:
        return MessageFilter(
            status=str(self.status_filter.currentData() or ""),
            channel=str(self.channel_filter.currentData() or ""),
            kind=str(self.kind_filter.currentData() or ""),
            text=self.text_filter.text().strip(),
        )

    def load(self) -> None:
        """Re-read the table off the GUI thread (one read at a time; a call during a read
        reads once more after it, with the filters as they are then)."""
        if self._reading:
            self._again = True
            return
        self._reading, self._again = True, False
        db, wanted = self.db, self.current_filter()
        self.worker.submit(lambda: message_list(db, wanted), self._show, self._failed)

    def _show(self, listing: MessageList) -> None:
        self._reading = False
        selected = self.selected()
        self.listing = listing
        self._fill_choice(
            self.channel_filter, self.tr("All channels"), listing.channels, message_channel_label
        )
        self._fill_choice(self.kind_filter, self.tr("All kinds"), listing.kinds, message_kind_word)
        self.table.blockSignals(True)
        self.table.setRowCount(len(listing.rows))
        for row, m in enumerate(listing.rows):
            self._fill_row(row, m)
            if selected is not None and m.id == selected.id:
                self.table.selectRow(row)
        self.table.blockSignals(False)
        self._selection_changed()
        self.status.setText(self._summary(listing))
        self.refresher.moving(listing.waiting > 0)
        self.loaded.emit()
        if self._again:
            self.load()

    def _fill_row(self, row: int, m: MessageRow) -> None:
        cells = (
            _cell(m.id, True),
            _cell(local_time(m.sent_at or m.created_at, self.zone)),
            _cell(message_kind_word(m.kind)),
            _cell(m.recipient),
            _cell(m.room),
            _cell(message_channel_label(m.channel)),
            _cell(status_text(m)),
            _cell(m.parts or "", True),
            _cell(m.reference),
        )
        for column, item in enumerate(cells):
            if m.status in COLOURS:
                item.setForeground(COLOURS[m.status])
            self.table.setItem(row, column, item)
        self.table.item(row, 6).setToolTip(m.reason)

    def _summary(self, listing: MessageList) -> str:
        counts = " · ".join(
            f"{message_status_label(s)} {listing.counts[s]}"
            for s in STATUSES
            if listing.counts.get(s)
        )
        shown = self.tr("%1 messages shown").replace("%1", str(len(listing.rows)))
        return f"{shown}  ·  {counts}" if counts else shown

    def selected(self) -> MessageRow | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.listing.rows):
            return None
        return self.listing.rows[rows[0].row()]

    def select_message(self, message_id: int) -> bool:
        for row, m in enumerate(self.listing.rows):
            if m.id == message_id:
                self.table.selectRow(row)
                return True
        return False

    def _selection_changed(self) -> None:
        m = self.selected()
        if m is None:
            self.body.clear()
        else:
            head = f"{status_text(m)}\n\n"  # the whole reason, elided in the table
            head += f"{m.subject}\n\n" if m.subject else ""
            self.body.setPlainText(head + m.text)
        self._update_buttons()

    def _update_buttons(self) -> None:
        m = self.selected()
        self.export_button.setEnabled(bool(self.listing.rows))
        if not self.actor.can(Permission.NOTIFY_RESEND):
            self.resend_button.setEnabled(False)
            self.resend_button.setToolTip(
                self.tr("Your role may not send messages: ask an operator or an administrator.")
            )
            return
        self.resend_button.setEnabled(m is not None and m.resendable)
        self.resend_button.setToolTip(
            self.tr("Only a failed message, or one that may have been sent, is sent again.")
            if m is not None and not m.resendable
            else ""
        )

    def _failed(self, exc: Exception) -> None:
        self._reading = False
        self.status.setText(str(exc))
        self.failed.emit(str(exc))

    # -- refresh while something waits ---------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresher.shown(bool(self.listing.waiting))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.refresher.stop()
        self.worker.wait(10_000)
        super().closeEvent(event)

    # -- resend ------------------------------------------------------------------------
    def resend_selected(self) -> None:
        """Queue the selected failed or uncertain message again (asking first for an
        uncertain one, and always naming the recipient)."""
        m = self.selected()
        if m is None or not m.resendable:
            return
        if m.status == "uncertain":
            question = self.tr(
                "Message %1 to %2 may have been sent: the sender stopped, or the line broke, "
                "after handing it over. Sending it again may deliver it twice. Ask the "
                "recipient first. Send it again?"
            )
        else:
            question = self.tr("Send message %1 to %2 again?")
        question = question.replace("%1", str(m.id)).replace("%2", m.recipient)
        if not self.confirm_dialog(question):
            return
        db, actor = self.db, self.actor
        self.worker.submit(
            lambda: resend(db, actor, m, confirmed=True),
            lambda _channel: self._resent(m),
            self._failed,
        )

    def _resent(self, m: MessageRow) -> None:
        if self.wake is not None:
            self.wake()
        self.status.setText(
            self.tr("Message %1 is queued again for %2.")
            .replace("%1", str(m.id))
            .replace("%2", m.recipient)
        )
        self.resent.emit(m.id)
        self.load()

    def _ask(self, question: str) -> bool:
        return ask_yes_no(self, self.tr("Resend a message"), question)

    # -- export ------------------------------------------------------------------------
    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the messages"),
            self.tr("messages.xlsx"),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the rows shown (the filters applied) to ``path``."""
        rows, zone = list(self.listing.rows), self.zone
        words = {
            (what, value): label(value)
            for what, label, values in (
                ("status", message_status_label, STATUSES),
                ("kind", message_kind_word, [m.kind for m in rows]),
                ("channel", message_channel_label, [m.channel for m in rows]),
            )
            for value in values
        }  # made here: Qt's translations are read on the GUI thread

        def write() -> str:
            write_messages_xlsx(rows, path, zone, lambda what, v: words.get((what, v), v))
            return str(path)

        def done(written: str) -> None:
            self.status.setText(self.tr("Written: %1").replace("%1", written))
            self.exported.emit(written)

        self.worker.submit(write, done, self._failed)


class RoomMessages(QWidget):
    """The room detail's "Messages" tab: the last messages sent for the room's account."""

    loaded = Signal(int)  # rows shown

    LIMIT = 20

    def __init__(self, db: Database, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RoomMessages")
        self.db, self.zone = db, zone
        self.worker = Worker(self)
        self.rows: list[MessageRow] = []
        self.room_id: int | None = None
        self.table = _table(
            self,
            [self.tr("Time"), self.tr("Kind"), self.tr("Recipient"), self.tr("Status"),
             self.tr("Text")],
        )  # fmt: skip
        for column, width in enumerate((150, 90, 230, 220)):
            self.table.setColumnWidth(column, width)
        self.note = QLabel(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)

    def set_room(self, room_id: int) -> None:
        self.room_id = room_id
        db, limit = self.db, self.LIMIT
        self.worker.submit(
            lambda: (room_id, room_messages(db, room_id, limit)), self._show, self._failed
        )

    def _show(self, result: tuple[int, list[MessageRow]]) -> None:
        room_id, rows = result
        if room_id != self.room_id:
            return  # another room was opened meanwhile
        self.rows = rows
        self.table.setRowCount(len(rows))
        for row, m in enumerate(rows):
            cells = (
                _cell(local_time(m.sent_at or m.created_at, self.zone)),
                _cell(message_kind_word(m.kind)),
                _cell(f"{m.recipient} ({message_channel_label(m.channel)})"),
                _cell(status_text(m)),
                _cell(m.text.replace("\n", " ")),
            )
            for column, item in enumerate(cells):
                if m.status in COLOURS:
                    item.setForeground(COLOURS[m.status])
                self.table.setItem(row, column, item)
        self.note.setText(
            self.tr("The last %1 messages sent for this room's account.").replace(
                "%1", str(len(rows))
            )
            if rows
            else self.tr("No message was sent for this room's account.")
        )
        self.loaded.emit(len(rows))

    def _failed(self, exc: Exception) -> None:
        self.note.setText(str(exc))

    def wait(self, msecs: int = 10_000) -> bool:
        return self.worker.wait(msecs)
