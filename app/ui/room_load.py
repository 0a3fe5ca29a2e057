"""The room detail's "Load control" tab (负载控制): the room's load events, the automatic
restores today against the limit (负控复位), "needs the manager" in red, and the dorm
manager's **Restore (manager)…** with a reason.

Reads and the restore run in the worker pool through ``app.loadcontrol.panel`` (the rules'
own manual restore, permission ``load.restore``, a reason required: refused there, and the
button asks again here rather than send an empty one).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.config import ui_language
from app.db import Database
from app.loadcontrol.library import builtin_library
from app.loadcontrol.panel import RoomEvent, RoomLoad, manual_restore, room_load
from app.loadcontrol.rules import Done
from app.security import Actor, Permission

from .bridge import Worker
from .labels import (
    load_action_label,
    load_meter_event_label,
    load_source_label,
    load_verdict_label,
    local_time,
)

NEEDS_MANAGER_STYLE = "color: white; background: #c62828; padding: 4px; font-weight: bold;"


def appliance_text(name: str) -> str:
    """A library key in the UI language; a learned name or a meter event as it is."""
    found = builtin_library().get(name)
    if found is not None:
        return found.name(ui_language())
    return load_meter_event_label(name)


class RoomLoadTab(QWidget):
    """One room's load control. ``loaded(RoomLoad)`` after each read; ``restored(Done)``;
    ``failed(str)`` with the refusal shown."""

    loaded = Signal(object)
    restored = Signal(object)
    failed = Signal(str)

    def __init__(
        self, db: Database, actor: Actor, zone: ZoneInfo, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("RoomLoad")
        self.db, self.actor, self.zone = db, actor, zone
        self.worker = Worker(self)
        self.room_id: int | None = None
        self.state: RoomLoad | None = None
        self._busy = self._again = False
        self.ask_reason = self._ask  # tests replace it with an answer
        self.summary = QLabel(self)
        self.summary.setObjectName("LoadSummary")
        self.summary.setWordWrap(True)
        self.manager = QLabel(self)
        self.manager.setObjectName("NeedsManager")
        self.manager.setStyleSheet(NEEDS_MANAGER_STYLE)
        self.manager.setWordWrap(True)
        self.manager.hide()
        self.restore_button = QPushButton(self.tr("Restore (manager)…"), self)
        self.restore_button.setObjectName("LoadRestore")
        self.restore_button.clicked.connect(self.restore)
        if not actor.can(Permission.LOAD_RESTORE):
            self.restore_button.setEnabled(False)
            self.restore_button.setToolTip(
                self.tr("Your role may not restore a load cut: ask the dorm manager.")
            )
        self.result = QLabel(self)
        self.result.setObjectName("LoadResult")
        self.result.setWordWrap(True)
        headers = [self.tr("Time"), self.tr("Source"), self.tr("Verdict"), self.tr("Appliance"),
                   self.tr("ΔP (W)"), self.tr("PF"), self.tr("Action")]  # fmt: skip
        self.table = QTableWidget(0, len(headers), self)
        self.table.setObjectName("LoadEvents")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.manager)
        layout.addLayout(top)
        layout.addWidget(self.result)
        layout.addWidget(self.table, 1)

    def set_room(self, room_id: int) -> None:
        self.room_id = room_id
        self.refresh()

    def refresh(self) -> None:
        """Read the room again; at most one read in flight (another follows if asked)."""
        if self.room_id is None:
            return
        if self._busy:
            self._again = True
            return
        self._busy = True
        db, room_id = self.db, self.room_id
        self.worker.submit(lambda: room_load(db, room_id), self._show, self._read_failed)

    def _next(self) -> None:
        self._busy = False
        if self._again:
            self._again = False
            self.refresh()

    def _read_failed(self, exc: Exception) -> None:
        self._next()
        self._failed(exc)

    def _failed(self, exc: Exception) -> None:
        self.result.setStyleSheet("color: #c62828;")
        self.result.setText(str(exc))
        self.failed.emit(str(exc))

    def _show(self, state: RoomLoad) -> None:
        self._next()
        if state.room_id != self.room_id:
            return  # another room was opened meanwhile
        self.state = state
        if not state.under_control:
            text = self.tr("This room is not under load control.")
        else:
            text = (
                self.tr("Automatic restores today: %1 of %2.")
                .replace("%1", str(state.restores))
                .replace("%2", str(state.limit))
            )
            if state.cut_since is not None:
                text += " " + self.tr("Cut by load control since %1.").replace(
                    "%1", local_time(state.cut_since, self.zone)
                )
            if state.restore_due_at is not None:
                text += " " + self.tr("Automatic restore at %1.").replace(
                    "%1", local_time(state.restore_due_at, self.zone)
                )
            if state.learning:
                text += " " + self.tr("Learning mode: waiting for %1.").replace(
                    "%1", state.learning
                )
        self.summary.setText(text)
        self.manager.setVisible(state.needs_manager)
        self.manager.setText(
            self.tr(
                "Needs the manager (需宿管复位): the automatic restores of today are used up; "
                "only a manual restore with a reason gives the power back."
            )
        )
        self._fill(state.events)
        self.loaded.emit(state)

    def _fill(self, events: list[RoomEvent]) -> None:
        self.table.setRowCount(len(events))
        for row, e in enumerate(events):
            cells = (
                local_time(e.at, self.zone),
                f"{load_source_label(e.source)} · {e.meter}",
                load_verdict_label(e.verdict),
                appliance_text(e.appliance),
                "" if e.delta_w is None else f"{e.delta_w:.0f}",
                "" if e.power_factor is None else f"{e.power_factor:.2f}",
                load_action_label(e.action),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()

    def _ask(self) -> str | None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Restore (manager)"),
            self.tr("Why may the power come back (required, kept in the audit log)?"),
        )
        return text if ok else None

    def restore(self) -> None:
        if self.state is None:
            return
        reason = self.ask_reason()
        if reason is None:
            return
        db, actor, zone, room = self.db, self.actor, self.zone, self.state.room
        self.result.setStyleSheet("")
        self.result.setText(self.tr("Restoring…"))
        self.worker.submit(
            lambda: manual_restore(db, actor, room, reason, zone), self._restored, self._failed
        )

    def _restored(self, done: Done) -> None:
        self.result.setStyleSheet("")
        self.result.setText(
            self.tr("Restore queued: the power comes back when the meter confirms it.")
            if done.commands
            else self.tr("Cleared: nothing left to switch (another rule keeps the room off).")
        )
        self.restored.emit(done)
        self.refresh()

    def wait(self, msecs: int = 10_000) -> bool:
        return self.worker.wait(msecs)
