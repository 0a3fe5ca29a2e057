"""In-process change notification: the GUI (and the CLI) hear about changes without
polling the whole ``meter_state`` table.

Observers are plain callables, called on the collector's writer or worker thread with one
``ChangeBatch`` per committed batch (never per meter: 10,000 meters must not mean 10,000
calls). They must return quickly and never block; the GUI's bridge re-emits the batch as a
queued Qt signal. A failing observer is logged and does not stop the others. Other
workstations watch ``collector_status.change_seq`` instead (``change_seq()``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from ..db import Database
from ..models import CollectorStatus

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChangeBatch:
    """What changed in one committed batch."""

    meters: frozenset[int] = frozenset()  # meter ids whose state row changed
    events: tuple[int, ...] = ()  # ids of new event rows
    commands: frozenset[int] = frozenset()  # meter_command ids whose status changed
    online: frozenset[int] = frozenset()  # meters that came online in this batch
    offline: frozenset[int] = frozenset()  # meters that went offline in this batch
    links: dict[int, str] = field(default_factory=dict)  # link id -> "up" | "down: reason"

    def __bool__(self) -> bool:
        return bool(
            self.meters or self.events or self.commands or self.online or self.offline or self.links
        )


Observer = Callable[[ChangeBatch], None]


class ChangeHub:
    """Subscribe with ``subscribe(fn)``; it returns the function that unsubscribes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._observers: list[Observer] = []

    def subscribe(self, observer: Observer) -> Callable[[], None]:
        with self._lock:
            self._observers.append(observer)

        def unsubscribe() -> None:
            with self._lock:
                if observer in self._observers:
                    self._observers.remove(observer)

        return unsubscribe

    def publish(self, batch: ChangeBatch) -> None:
        if not batch:
            return
        with self._lock:
            observers = list(self._observers)
        for observer in observers:
            try:
                observer(batch)
            except Exception:  # an observer's bug must not stop the collector
                log.exception("change observer %r failed", observer)


def change_seq(db: Database) -> int:
    """The change counter other workstations watch: it moves with every committed batch."""
    with db.read() as s:
        value = s.scalar(select(CollectorStatus.change_seq).where(CollectorStatus.id == 1))
    return int(value or 0)
