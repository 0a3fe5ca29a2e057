"""Status bar widgets: bus health (online/total per link, errors) and pending recharges.

Read every few seconds in a worker (``app.livedata.link_health``: one grouped query), and
sooner when a batch says a link went up or down. The tooltip lists every link, so the
operator sees which bus is failing without opening the diagnostics window.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from app.collector import ChangeBatch
from app.db import Database
from app.livedata import (
    LinkHealth,
    OnlineCounts,
    link_health,
    online_counts,
    pending_recharge_count,
)

from .bridge import Worker
from .event_labels import link_state_text


class BusStatus(QObject):
    """Owns two status-bar labels; ``refreshed(list[LinkHealth], pending)`` after a read,
    ``counted(OnlineCounts)`` with the offline counts every window shows
    (``app.livedata.presence``: the banner and the tree count the same way)."""

    refreshed = Signal(object, int)
    counted = Signal(object)

    def __init__(self, db: Database, parent: QWidget) -> None:
        super().__init__(parent)
        self.db = db
        self.worker = Worker(self)
        self.buses = QLabel(parent)
        self.buses.setObjectName("BusHealth")
        self.pending = QLabel(parent)
        self.pending.setObjectName("PendingRecharges")
        self.links: list[LinkHealth] = []
        self.counts = OnlineCounts()
        self.down: dict[int, str] = {}
        self._busy = False
        self.timer = QTimer(self)
        self.timer.setInterval(3000)
        self.timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.refresh()
        self.timer.start()

    def on_batch(self, batch: ChangeBatch) -> None:
        if batch.links:
            for link_id, state in batch.links.items():
                if state == "up":
                    self.down.pop(link_id, None)
                else:
                    self.down[link_id] = state
            self.refresh()

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        db = self.db

        def read() -> tuple[list[LinkHealth], int, OnlineCounts]:
            with db.read() as s:
                return link_health(s), pending_recharge_count(s), online_counts(s)

        self.worker.submit(read, self._done, self._failed)

    def _failed(self, _exc: Exception) -> None:
        self._busy = False

    def _done(self, result: tuple[list[LinkHealth], int, OnlineCounts]) -> None:
        self._busy = False
        links, pending, self.counts = result
        self.links = [link for link in links if link.enabled]
        total = self.counts.total
        meters, online = total.meters, total.online
        failing = sum(link.failing for link in self.links)
        up = sum(1 for link in self.links if link.link_id not in self.down)
        text = (
            self.tr("Buses %1/%2 · meters %3/%4 online")
            .replace("%1", str(up))
            .replace("%2", str(len(self.links)))
            .replace("%3", str(online))
            .replace("%4", str(meters))
        )
        if total.offline:
            text += " · " + self.tr("%n offline", "", total.offline)
        if failing:
            text += " · " + self.tr("%n with errors", "", failing)
        self.buses.setText(text)
        colour = "#c62828" if self.down or total.offline else "#2e7d32"
        self.buses.setStyleSheet(f"color: {colour};")
        lines = []
        for link in self.links:
            state = self.down.get(link.link_id, "")
            count = self.counts.by_link.get(link.link_id)
            line = f"{link.name}: {count.online if count else 0}/{link.meters}"
            if count is not None and count.offline:
                line += " · " + self.tr("%n offline", "", count.offline)
            if link.failing:
                line += " · " + self.tr("%n with errors", "", link.failing)
            if state:
                line += f" · {link_state_text(state)}"
            elif link.last_error:
                line += f" · {link.last_error[:60]}"
            lines.append(line)
        self.buses.setToolTip("\n".join(lines) or self.tr("No bus configured"))
        self.pending.setText(self.tr("Pending recharges: %1").replace("%1", str(pending)))
        self.pending.setStyleSheet("color: #6a1b9a;" if pending else "")
        self.refreshed.emit(self.links, pending)
        self.counted.emit(self.counts)

    def wait(self, msecs: int = 10_000) -> bool:
        self.timer.stop()
        return self.worker.wait(msecs)
