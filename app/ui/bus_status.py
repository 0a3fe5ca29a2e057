"""Status bar widgets: bus health (online/total per link, errors), pending recharges, and
which desk's collector runs the buses (the lease, ``app.livedata.lease``; issue 20).

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
from app.livedata.lease import LeaseView, read_lease
from app.security import default_workstation

from .bridge import Worker
from .event_labels import link_state_text

Read = tuple[list[LinkHealth], int, OnlineCounts, LeaseView]


def up_links(links: list[LinkHealth], down: dict[int, str]) -> int:
    return sum(1 for link in links if link.link_id not in down)


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
        self.lease = QLabel(parent)
        self.lease.setObjectName("CollectorLease")
        self.lease_view = LeaseView(None)
        self.links: list[LinkHealth] = []
        self.counts = OnlineCounts()
        self.down: dict[int, str] = {}
        self.local = False  # the collector runs in this process (the main window sets it)
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

        def read() -> Read:
            with db.read() as s:
                return link_health(s), pending_recharge_count(s), online_counts(s), read_lease(s)

        self.worker.submit(read, self._done, self._failed)

    def _failed(self, _exc: Exception) -> None:
        self._busy = False

    def _done(self, result: Read) -> None:
        self._busy = False
        links, pending, self.counts, self.lease_view = result
        self._show_lease(self.lease_view)
        self.links = [link for link in links if link.enabled]
        total = self.counts.total
        meters = total.meters
        failing = sum(link.failing for link in self.links)
        text, colour = self._buses_text(up_links(self.links, self.down), total.online, meters)
        if total.offline:
            text += " · " + self.tr("%n offline", "", total.offline)
        if failing:
            text += " · " + self.tr("%n with errors", "", failing)
        self.buses.setText(text)
        # never clipped: a crowded status bar squeezes the database path instead
        self.buses.setMinimumWidth(self.buses.sizeHint().width())
        if self.down or total.offline:
            colour = "#c62828"
        self.buses.setStyleSheet(f"color: {colour};" if colour else "")
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

    def _buses_text(self, up: int, online: int, meters: int) -> tuple[str, str]:
        """ "Buses 3/3 · …" in green only on the desk whose collector runs them; another
        desk's window says which desk runs them (it cannot tell whether they are up)."""
        holder = self.lease_view.holder
        if self.local:
            text = self.tr("Buses %1/%2 · meters %3/%4 online").replace("%1", str(up))
            text = text.replace("%2", str(len(self.links)))
            return text.replace("%3", str(online)).replace("%4", str(meters)), "#2e7d32"
        if holder is not None and not self.lease_view.stale:
            text = self.tr("Buses run by %1 · meters %3/%4 online").replace(
                "%1", holder.workstation
            )
            colour = ""
        else:
            text = self.tr("Buses not polled · meters %3/%4 online")
            colour = "#c62828" if self.links else ""
        return text.replace("%3", str(online)).replace("%4", str(meters)), colour

    def _show_lease(self, view: LeaseView) -> None:
        """ "Collector: DESK since HH:MM" (this desk, another, overdue or none); the standbys
        in the tooltip."""
        holder = view.holder
        if holder is None:
            text, colour = self.tr("Collector: none running"), "#c62828" if self.links else ""
        else:
            here = holder.workstation == default_workstation()[:60]
            desk = self.tr("this desk") if here else holder.workstation
            since = holder.since.astimezone().strftime("%H:%M") if holder.since else "?"
            if view.stale:
                beat = holder.heartbeat_at
                last = beat.astimezone().strftime("%H:%M:%S") if beat else "?"
                text = self.tr("Collector: %1, no heartbeat since %2").replace("%1", desk)
                text, colour = text.replace("%2", last), "#c62828"
            else:
                text = self.tr("Collector: %1 since %2").replace("%1", desk).replace("%2", since)
                colour = ""
        if view.standbys:
            text += " · " + self.tr("%n standby", "", len(view.standbys))
        self.lease.setText(text)
        self.lease.setMinimumWidth(self.lease.sizeHint().width())
        self.lease.setStyleSheet(f"color: {colour};" if colour else "")
        standby = self.tr("Standby: %1 (process %2)")
        tips = [
            standby.replace("%1", s.workstation).replace("%2", str(s.pid)) for s in view.standbys
        ]
        if holder is not None:
            tips.insert(
                0,
                self.tr("Runs the buses: %1 (process %2)")
                .replace("%1", holder.workstation)
                .replace("%2", str(holder.pid)),
            )
        self.lease.setToolTip("\n".join(tips) or self.tr("No collector holds the buses"))

    def wait(self, msecs: int = 10_000) -> bool:
        self.timer.stop()
        return self.worker.wait(msecs)
