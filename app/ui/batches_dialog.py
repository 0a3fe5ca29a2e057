"""Start a batch from the park tree (树上批量): the rooms picked, an action, a time, a preview.

The operator selects rooms in the tree (Ctrl/Shift-click) and chooses "Batch…" from the
right-click menu. ``BatchDialog`` asks for the action (cut, restore, guaranteed supply on or
off, clock sync, tariff) and when (now or at a park-local date and time), shows the preview
(``app.batch.preview``: one line per item) and only then lets "Create" write the batch
(``app.batch.create``, role-checked and audited there). Both calls run off the GUI thread.

``BatchProgress`` is the small bar the main window shows in its status bar for the batch
just created: it re-reads that batch every 1.5 s until it has finished, then says so.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app import batch as batches
from app.db import Database
from app.security import Actor

from .bridge import Worker
from .labels import batch_action_label, batch_status_label

TREE_ACTIONS = ("cut", "close", "guarantee_on", "guarantee_off", "clock", "tariff")
MAX_PREVIEW_LINES = 500


class BatchDialog(QDialog):
    """批量操作 over the rooms picked in the tree: preview first, then create."""

    previewed = Signal(int)  # items in the preview
    created = Signal(int)  # the new batch's id
    failed = Signal(str)

    def __init__(
        self,
        db: Database,
        actor: Actor,
        zone: ZoneInfo,
        room_ids: list[int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("BatchDialog")
        self.setWindowTitle(self.tr("Batch over %n rooms", "", len(room_ids)))
        self.db, self.actor, self.zone, self.room_ids = db, actor, zone, list(room_ids)
        self.worker = Worker(self)
        self.shown_preview: batches.Preview | None = None
        self.action = QComboBox(self)
        self.action.setObjectName("BatchAction")
        for name in TREE_ACTIONS:
            self.action.addItem(batch_action_label(name), name)
        self.tariff = QLineEdit(self)
        self.tariff.setObjectName("BatchTariff")
        self.tariff.setPlaceholderText(self.tr("Tariff name, as in the Tariffs window"))
        self.now = QRadioButton(self.tr("Run now"), self)
        self.later = QRadioButton(self.tr("Run at"), self)
        self.now.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.now)
        group.addButton(self.later)
        self.at = QDateTimeEdit(self)
        self.at.setObjectName("BatchAt")
        self.at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at.setCalendarPopup(True)
        soon = datetime.now(zone).replace(second=0, microsecond=0) + timedelta(hours=1)
        self.at.setDateTime(QDateTime(soon.date(), soon.time()))
        self.lines = QListWidget(self)
        self.lines.setObjectName("BatchPreview")
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.preview_button = QPushButton(self.tr("Preview"), self)
        self.preview_button.setObjectName("PreviewBatch")
        self.preview_button.clicked.connect(self.run_preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.create_button = self.buttons.addButton(
            self.tr("Create batch"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.create_button.setObjectName("CreateBatch")
        self.create_button.setEnabled(False)
        self.create_button.setToolTip(self.tr("Preview first: see what each item will do."))
        self.buttons.accepted.connect(self.run_create)
        self.buttons.rejected.connect(self.reject)
        self.action.currentIndexChanged.connect(self._changed)
        self.tariff.textChanged.connect(self._changed)
        self.later.toggled.connect(self._changed)
        self.at.dateTimeChanged.connect(self._changed)
        self._layout()
        self._changed()
        self.resize(620, 520)

    def _layout(self) -> None:
        form = QFormLayout()
        form.addRow(self.tr("Action:"), self.action)
        form.addRow(self.tr("Tariff:"), self.tariff)
        when = QHBoxLayout()
        when.addWidget(self.now)
        when.addWidget(self.later)
        when.addWidget(self.at, 1)
        form.addRow(self.tr("When:"), when)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("What will happen to each item:"), self), 1)
        row.addWidget(self.preview_button)
        layout.addLayout(row)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def _changed(self, *_: object) -> None:
        """Any change makes the preview stale: it must be shown again before creating."""
        self.tariff.setEnabled(self.action.currentData() == "tariff")
        self.at.setEnabled(self.later.isChecked())
        self.shown_preview = None
        self.create_button.setEnabled(False)
        self.lines.clear()

    def request(self) -> batches.BatchRequest:
        action = str(self.action.currentData())
        params = {"tariff": self.tariff.text().strip()} if action == "tariff" else {}
        run_at = None
        if self.later.isChecked():
            local = self.at.dateTime().toPython()
            run_at = local.replace(tzinfo=self.zone).astimezone(UTC)  # type: ignore[union-attr]
        return batches.BatchRequest(
            action,
            batches.Selection(room_ids=tuple(self.room_ids)),
            params=params,
            run_at=run_at,
        )

    def run_preview(self) -> None:
        db, actor, request = self.db, self.actor, self.request()
        self.message.setText(self.tr("Checking…"))
        self.worker.submit(lambda: batches.preview(db, actor, request), self._show, self._fail)

    def _show(self, preview: batches.Preview) -> None:
        self.lines.clear()
        lines = preview.lines()
        self.lines.addItems(lines[:MAX_PREVIEW_LINES])
        more = len(lines) - MAX_PREVIEW_LINES
        if more > 0:
            self.lines.addItem(self.tr("… and %1 more").replace("%1", str(more)))
        self.shown_preview = preview
        self.create_button.setEnabled(True)
        self.create_button.setToolTip("")
        self.message.setText(self.tr("%n items.", "", len(lines)))
        self.previewed.emit(len(lines))

    def run_create(self) -> None:
        if self.shown_preview is None:
            return
        db, actor, request = self.db, self.actor, self.request()
        self.create_button.setEnabled(False)
        self.worker.submit(lambda: batches.create(db, actor, request), self._made, self._fail)

    def _made(self, batch_id: int) -> None:
        self.created.emit(int(batch_id))
        self.accept()

    def _fail(self, exc: Exception) -> None:
        self.message.setText(str(exc))
        self.failed.emit(str(exc))


class BatchProgress(QWidget):
    """The status bar's line for the batch just started from the tree."""

    finished = Signal(int)
    updated = Signal(int)  # percent

    def __init__(self, db: Database, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("BatchProgress")
        self.db, self.actor = db, actor
        self.worker = Worker(self)
        self.batch_id: int | None = None
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 100)
        self.bar.setMaximumWidth(180)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.timer = QTimer(self)
        self.timer.setInterval(1500)
        self.timer.timeout.connect(self.read)
        self.hide()

    def follow(self, batch_id: int) -> None:
        self.batch_id = batch_id
        self.bar.setValue(0)
        self.show()
        self.read()
        self.timer.start()

    def read(self) -> None:
        if self.batch_id is None:
            return
        db, actor, batch_id = self.db, self.actor, self.batch_id
        self.worker.submit(
            lambda: batches.batch_detail(db, actor, batch_id, state="failed"), self._show
        )

    def _show(self, detail: batches.BatchDetail) -> None:
        b = detail.summary
        percent = round(b.progress * 100)
        self.bar.setValue(percent)
        self.bar.setFormat(f"{b.finished}/{b.total}  %p%")
        self.label.setText(
            self.tr("Batch %1 (%2): %3")
            .replace("%1", str(b.id))
            .replace("%2", batch_action_label(b.action))
            .replace("%3", batch_status_label(b.status))
        )
        self.updated.emit(percent)
        if b.status in ("done", "cancelled"):
            self.timer.stop()
            self.finished.emit(b.id)

    def wait(self, msecs: int = 5000) -> bool:
        """Stop following and let a read in flight finish (the main window's close)."""
        self.timer.stop()
        return self.worker.wait(msecs)


def open_from_tree(main: Any, room_ids: list[int]) -> BatchDialog:
    """The main window's "Batch…": the dialog; once created, the new batch's progress in
    the status bar (one ``BatchProgress``, kept in ``main.batch_progress``) and a fresh
    list in the Batches window if it is open."""
    dialog = BatchDialog(main.db, main.actor, main.zone, room_ids, main)
    if main.batch_progress is None:
        main.batch_progress = BatchProgress(main.db, main.actor, main)
        main.statusBar().addPermanentWidget(main.batch_progress)
    dialog.created.connect(main.batch_progress.follow)
    dialog.created.connect(lambda _id: main.batches is not None and main.batches.load())
    dialog.show()
    return dialog
