"""A link: one serial port or serial-over-TCP gateway, owned by one bus worker.

The link keeps the half-duplex rules of an RS-485 bus (silence of t3.5 before every Modbus
frame, nothing sent while a reply may still come), reads exactly one reply frame using a
length function supplied by the protocol, records every frame in a :class:`FrameTrace`, and
survives a vanished port: any OS error closes the port and raises :class:`LinkError`; the
next call reopens it once its back-off delay has passed. No call blocks longer than a few
reply timeouts, so a bus worker never hangs on a pulled cable.

The frame trace (bounded ring buffer of :class:`TraceEntry`) lives here too: every frame
the link sends or receives goes into it, and the diagnostics window reads it.
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import serial

from drivers.errors import DriverError, FrameError, LinkError, MeterTimeout

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


log = logging.getLogger(__name__)

LengthFn = Callable[[bytes], int]
Summarizer = Callable[[bytes], str]

PARITIES = {"N": serial.PARITY_NONE, "E": serial.PARITY_EVEN, "O": serial.PARITY_ODD}


@dataclass(frozen=True, slots=True)
class SerialSettings:
    """Line settings and the reply timeout; ``timeout`` is per reply, in seconds."""

    baudrate: int = 9600
    parity: str = "E"
    stopbits: int = 1
    bytesize: int = 8
    timeout: float = 0.5

    def __post_init__(self) -> None:
        if self.parity not in PARITIES:
            raise ValueError(f"parity must be N, E or O, got {self.parity!r}")
        if self.baudrate <= 0 or self.timeout <= 0:
            raise ValueError("baudrate and timeout must be positive")

    @property
    def bits_per_char(self) -> int:
        return 1 + self.bytesize + (0 if self.parity == "N" else 1) + self.stopbits

    @property
    def char_time(self) -> float:
        return self.bits_per_char / self.baudrate

    @property
    def t35(self) -> float:
        """Modbus inter-frame silence: 3.5 characters, fixed 1.75 ms above 19200 baud."""
        return 0.00175 if self.baudrate > 19200 else 3.5 * self.char_time

    def wire_time(self, nbytes: int) -> float:
        return nbytes * self.char_time


def is_pty(url: str) -> bool:
    """A Linux pseudo-terminal (the simulator) refuses even parity; we detect it by path."""
    try:
        return os.path.realpath(url).startswith("/dev/pts/")
    except (OSError, ValueError):
        return False


class Link:
    """One port; ``transact`` sends a request and returns exactly one reply frame.

    ``gap`` is the silence kept before each frame: t3.5 for Modbus (``"t35"``), nothing for
    DL/T 645 whose FE preamble wakes the receivers. Thread-safe, but a bus has one master:
    the collector gives each link to one worker thread.
    """

    def __init__(self, url: str, settings: SerialSettings | None = None, *,
                 gap: str | float = "t35", trace_size: int = 1000,
                 backoff_initial: float = 0.2, backoff_max: float = 5.0,
                 serial_factory: Callable[..., Any] = serial.serial_for_url) -> None:
        self.url = url
        self.settings = settings or SerialSettings()
        self.trace = FrameTrace(trace_size)
        self._gap_spec = gap
        self._factory = serial_factory
        self._port: Any = None
        self._lock = threading.RLock()
        self._last_activity = 0.0
        self._dirty = False
        self._backoff_initial = backoff_initial
        self._backoff_max = backoff_max
        self._backoff = backoff_initial
        self._next_attempt = 0.0
        self._timeout_set: float | None = None
        self.actual_parity = self.settings.parity
        self.last_error = ""
        self.reconnects = 0
        self.transactions = 0

    # --- opening and closing -----------------------------------------------------------

    @property
    def gap(self) -> float:
        if self._gap_spec == "t35":
            return self.settings.t35
        return float(self._gap_spec)

    @property
    def is_open(self) -> bool:
        return self._port is not None

    def open(self) -> None:
        """Open now (raises LinkError); later calls reopen by themselves after a failure."""
        with self._lock:
            if self._port is None:
                self._open()

    def _open(self) -> None:
        s = self.settings
        kwargs = {"baudrate": s.baudrate, "bytesize": s.bytesize, "stopbits": s.stopbits,
                  "timeout": s.timeout, "write_timeout": max(1.0, s.timeout),
                  "exclusive": True}
        parity = s.parity
        if parity != "N" and is_pty(self.url):
            parity = "N"  # pty: no parity bit; timing still counts the configured 8E1 char
            log.info("%s is a pseudo-terminal: opened with parity N instead of %s",
                     self.url, s.parity)
        try:
            try:
                port = self._factory(self.url, parity=PARITIES[parity], **kwargs)
            except TypeError:  # URL handlers (socket://) do not take ``exclusive``
                kwargs.pop("exclusive")
                port = self._factory(self.url, parity=PARITIES[parity], **kwargs)
        except (OSError, serial.SerialException, ValueError) as exc:
            self._fail(f"cannot open {self.url}: {exc}")
            raise LinkError(self.last_error) from exc
        self._port = port
        self._timeout_set = s.timeout
        self.actual_parity = parity
        self._backoff = self._backoff_initial
        self._last_activity = time.monotonic()
        if self.reconnects or self.last_error:
            self.trace.event(f"opened {self.url}")
            log.info("link %s open again", self.url)
        self.reconnects += 1
        self.last_error = ""

    def _fail(self, text: str) -> None:
        """Close after an OS-level failure and schedule the next attempt with back-off."""
        self.last_error = text
        self.trace.event(text)
        log.warning("link %s: %s (retry in %.1f s)", self.url, text, self._backoff)
        port, self._port = self._port, None
        if port is not None:
            try:
                port.close()
            except (OSError, serial.SerialException) as exc:
                log.debug("closing a failed port: %s", exc)
        self._next_attempt = time.monotonic() + self._backoff
        self._backoff = min(self._backoff * 2, self._backoff_max)

    def close(self) -> None:
        with self._lock:
            port, self._port = self._port, None
            if port is not None:
                try:
                    port.close()
                except (OSError, serial.SerialException) as exc:
                    log.debug("close: %s", exc)

    def _ensure_open(self) -> Any:
        if self._port is None:
            wait = self._next_attempt - time.monotonic()
            if wait > 0:
                raise LinkError(f"{self.url} unavailable ({self.last_error}); "
                                f"next attempt in {wait:.1f} s")
            self._open()
        return self._port

    def __enter__(self) -> Link:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ------------------------------------------------------------------

    def _wait_silence(self, port: Any) -> None:
        if self._dirty:
            self._drain(port)
        due = self._last_activity + self.gap
        now = time.monotonic()
        if due > now:
            time.sleep(due - now)

    def _drain(self, port: Any) -> None:
        """After a timeout or a bad frame: wait until the line is quiet, drop what came."""
        quiet = max(self.gap, 2 * self.settings.char_time, 0.002)
        deadline = time.monotonic() + max(self.settings.timeout, 0.05)
        dropped = 0
        while time.monotonic() < deadline:
            waiting = port.in_waiting
            if waiting:
                dropped += len(port.read(waiting))
                continue
            time.sleep(quiet)
            if not port.in_waiting:
                break
        if dropped:
            self.trace.event(f"dropped {dropped} stray bytes")
        self._dirty = False
        self._last_activity = time.monotonic()

    def send(self, request: bytes, summarizer: Summarizer | None = None) -> None:
        """Send a frame that gets no reply (broadcast)."""
        with self._lock:
            port = self._ensure_open()
            try:
                self._wait_silence(port)
                port.write(request)
                port.flush()
            except (OSError, serial.SerialException) as exc:
                self._fail(f"write failed: {exc}")
                raise LinkError(self.last_error) from exc
            self.trace.add(TX, request, summarizer=summarizer)
            # nobody answers a broadcast, but the frame still occupies the wire
            self._last_activity = time.monotonic() + self.settings.wire_time(len(request))

    def collect(self, request: bytes, quiet: float, window: float,
                summarizer: Summarizer | None = None) -> bytes:
        """Send ``request`` and return every byte heard until the line has been quiet for
        ``quiet`` seconds (``window`` seconds at most): for the DL/T 645 AA wildcard, which
        any number of meters may answer, one after the other or garbled all at once. The
        caller splits the frames. Uses pyserial's API, so it works on every kind of port.
        """
        with self._lock:
            port = self._ensure_open()
            buf = bytearray()
            try:
                self._wait_silence(port)
                if port.in_waiting:
                    self._drain(port)
                port.write(request)
                port.flush()
                self.trace.add(TX, request, summarizer=summarizer)
                self.transactions += 1
                deadline = time.monotonic() + window
                while (left := deadline - time.monotonic()) > 0:
                    port.timeout = min(quiet, left)
                    chunk = port.read(max(1, port.in_waiting))
                    if not chunk:
                        break
                    buf += chunk
                port.timeout = self._timeout_set = self.settings.timeout
            except (OSError, serial.SerialException) as exc:
                self._fail(f"I/O error: {exc}")
                raise LinkError(self.last_error) from exc
            self._last_activity = time.monotonic()
            if buf:
                self.trace.add(RX, bytes(buf), summarizer=summarizer)
            else:
                self.trace.event("no reply")
            return bytes(buf)

    def transact(self, request: bytes, length: LengthFn, summarizer: Summarizer | None = None,
                 timeout: float | None = None, first: int = 1) -> bytes:
        """Send ``request``, return one reply frame whose size ``length`` tells.

        ``first`` is how many bytes are surely in any reply (5 for Modbus: an exception
        reply). Raises MeterTimeout, FrameError or LinkError; never retries (the caller
        decides; writes are never repeated blindly). The whole reply must arrive within
        ``timeout`` (default: the settings' reply timeout).
        """
        with self._lock:
            port = self._ensure_open()
            timeout = timeout or self.settings.timeout
            try:
                self._wait_silence(port)
                fd = getattr(port, "fd", None)
                if isinstance(fd, int) and fd >= 0:
                    return self._transact_fd(fd, request, length, summarizer, timeout, first)
                if self._timeout_set != timeout:
                    port.timeout = timeout
                    self._timeout_set = timeout
                if port.in_waiting:
                    self._drain(port)
                port.write(request)
                self.trace.add(TX, request, summarizer=summarizer)
                self.transactions += 1
                return self._read_reply(port, length, summarizer, first)
            except (OSError, serial.SerialException) as exc:
                self._fail(f"I/O error: {exc}")
                raise LinkError(self.last_error) from exc

    def _transact_fd(self, fd: int, request: bytes, length: LengthFn,
                     summarizer: Summarizer | None, timeout: float, first: int) -> bytes:
        """Local serial ports: one select and one read per reply chunk, straight on the fd.

        pyserial's read() selects before every read and its write() selects after, which
        doubles the system calls of a transaction; a bus worker polls all day, so the CPU
        per transaction matters (docs/drivers.md has the figures).
        """
        ready, _, _ = select.select([fd], [], [], 0)
        if ready:  # stray bytes from a late reply: drop them before we talk
            self._drain(self._port)
        view = memoryview(request)
        while view:
            view = view[os.write(fd, view):]
        self.trace.add(TX, request, summarizer=summarizer)
        self.transactions += 1
        deadline = time.monotonic() + timeout
        buf = bytearray()
        need = first
        try:
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    if buf:
                        raise MeterTimeout(f"reply stopped after {len(buf)} of {need} bytes")
                    raise MeterTimeout("no reply")
                chunk = os.read(fd, 512)
                if not chunk:
                    raise serial.SerialException("port reports data but returns none "
                                                 "(device disconnected?)")
                buf += chunk
                if len(buf) >= first:
                    need = length(buf)
                    if len(buf) >= need:
                        break
        except DriverError as exc:
            if buf:
                self.trace.add(RX, bytes(buf), str(exc), summarizer)
            else:
                self.trace.event(str(exc))
            self._dirty = True
            self._last_activity = time.monotonic()
            raise
        self._last_activity = time.monotonic()
        if len(buf) > need:  # trailing bytes: somebody else is talking, or noise
            self._dirty = True
        reply = bytes(buf[:need])
        self.trace.add(RX, reply, summarizer=summarizer)
        return reply

    def reject(self, error: DriverError) -> None:
        """A reply that arrived whole but failed a protocol check: mark it in the trace."""
        self.trace.mark_error(str(error))
        if isinstance(error, FrameError):
            self._dirty = True


def with_settings(link: Link, **changes: Any) -> SerialSettings:
    """Settings of ``link`` with some fields changed (for a CLI override)."""
    return replace(link.settings, **changes)
