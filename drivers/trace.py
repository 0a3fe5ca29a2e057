"""Bounded frame trace: what went over a link, for the diagnostics window.

Every frame sent and received (and every error) is kept in a ring buffer so an operator can
see why a meter does not answer without attaching a sniffer. The summary is computed only
when someone looks, because formatting every frame would cost more CPU than the
transaction itself on a busy bus.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

TX = "tx"
RX = "rx"
EVENT = "--"


@dataclass(slots=True)
class TraceEntry:
    """One line of the trace; ``summary`` is decoded lazily from ``raw``."""

    time: float  # wall clock (time.time()), for display
    direction: str  # "tx", "rx" or "--" for events without a frame (reconnect, drain)
    raw: bytes
    error: str = ""
    summarizer: Callable[[bytes], str] | None = field(default=None, repr=False)

    @property
    def hex(self) -> str:
        return self.raw.hex(" ").upper()

    @property
    def summary(self) -> str:
        if self.summarizer is None or not self.raw:
            return ""
        try:
            return self.summarizer(self.raw)
        except Exception as exc:  # noqa: BLE001 - a summary must never break the trace view
            return f"(undecodable: {exc})"

    def as_dict(self) -> dict[str, object]:
        return {"time": self.time, "direction": self.direction, "hex": self.hex,
                "summary": self.summary, "error": self.error}


class FrameTrace:
    """Thread-safe ring buffer of :class:`TraceEntry`, oldest dropped first."""

    def __init__(self, size: int = 1000) -> None:
        self._entries: deque[TraceEntry] = deque(maxlen=size)
        self._lock = threading.Lock()
        self.enabled = True

    @property
    def size(self) -> int:
        return self._entries.maxlen or 0

    def add(self, direction: str, raw: bytes, error: str = "",
            summarizer: Callable[[bytes], str] | None = None) -> None:
        if not self.enabled:
            return
        entry = TraceEntry(time.time(), direction, bytes(raw), error, summarizer)
        with self._lock:
            self._entries.append(entry)

    def event(self, text: str) -> None:
        self.add(EVENT, b"", text)

    def mark_error(self, error: str) -> None:
        """Attach an error to the newest entry (the frame that failed to decode)."""
        with self._lock:
            if self._entries:
                self._entries[-1].error = error

    def entries(self, last: int | None = None) -> list[TraceEntry]:
        with self._lock:
            items = list(self._entries)
        return items[-last:] if last else items

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
