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
import sys
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
        return {
            "time": self.time,
            "direction": self.direction,
            "hex": self.hex,
            "summary": self.summary,
            "error": self.error,
        }


class FrameTrace:
    """Thread-safe ring buffer of :class:`TraceEntry`, oldest dropped first."""

    def __init__(self, size: int = 1000) -> None:
        self._entries: deque[TraceEntry] = deque(maxlen=size)
        self._lock = threading.Lock()
        self.enabled = True

    @property
    def size(self) -> int:
        return self._entries.maxlen or 0

    def add(
        self,
        direction: str,
        raw: bytes,
        error: str = "",
        summarizer: Callable[[bytes], str] | None = None,
    ) -> None:
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

# reads the receive buffer in place (no copy per try), hence bytearray too
LengthFn = Callable[[bytes | bytearray], int]
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


GATEWAY_SCHEMES = ("socket", "rfc2217")


def url_problem(url: str) -> str:
    """What is wrong with a gateway URL before any connection is tried ("" if nothing).

    pyserial's own messages for ``socket://host`` without a port are Python comparison
    errors; a property office types these URLs by hand.
    """
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in GATEWAY_SCHEMES:
        return ""
    host, colon, port = rest.split("?", 1)[0].rstrip("/").rpartition(":")
    if not colon or not host:
        return f"a gateway address is {scheme}://HOST:PORT, got {url!r}"
    if not port.isdigit() or not 0 < int(port) < 65536:
        return f"the TCP port must be a number from 1 to 65535, got {port!r}"
    return ""


def open_error_kind(exc: BaseException) -> str:
    """The kind of a failure to open a port (see :class:`LinkError`)."""
    import errno
    import socket

    seen: BaseException | None = exc
    text = str(exc).lower()
    while seen is not None:
        if isinstance(seen, ConnectionRefusedError) or "connection refused" in text:
            return "refused"
        if isinstance(seen, socket.gaierror) or "name or service not known" in text:
            return "unknown_host"
        if isinstance(seen, TimeoutError | socket.timeout) or "timed out" in text:
            return "unreachable"
        if isinstance(seen, OSError) and seen.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "unreachable"
        if (
            isinstance(seen, PermissionError)
            or "permission denied" in text
            or "access is denied" in text
        ):
            return "permission"
        if (
            isinstance(seen, FileNotFoundError)
            or "no such file" in text
            or "cannot find the file" in text
        ):
            return "no_port"
        if (
            "lock" in text
            or "busy" in text
            or (isinstance(seen, OSError) and seen.errno == errno.EBUSY)
        ):
            return "busy"
        seen = seen.__cause__ or seen.__context__
    if (
        "invalid url" in text
        or "expected a string in the form" in text
        or isinstance(exc, ValueError)
    ):
        return "bad_url"
    return "io"


class Link:
    """One port; ``transact`` sends a request and returns exactly one reply frame.

    ``gap`` is the silence kept before each frame: t3.5 for Modbus (``"t35"``), nothing for
    DL/T 645 whose FE preamble wakes the receivers. Thread-safe, but a bus has one master:
    the collector gives each link to one worker thread.
    """

    def __init__(
        self,
        url: str,
        settings: SerialSettings | None = None,
        *,
        gap: str | float = "t35",
        trace_size: int = 1000,
        backoff_initial: float = 0.2,
        backoff_max: float = 5.0,
        serial_factory: Callable[..., Any] = serial.serial_for_url,
    ) -> None:
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
        self.actual_parity = self.settings.parity
        self._io_cache: tuple[Any, _FdIO | _SerialIO] | None = None
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
        # the read timeout is a short slice: the link keeps its own deadline per reply
        kwargs: dict[str, Any] = {
            "baudrate": s.baudrate,
            "bytesize": s.bytesize,
            "stopbits": s.stopbits,
            "timeout": READ_SLICE,
            "write_timeout": max(1.0, s.timeout),
            "exclusive": True,
        }
        if self.url.lower().startswith("rfc2217://"):
            kwargs.pop("write_timeout")  # pyserial's rfc2217 refuses any write timeout
        parity = s.parity
        if parity != "N" and is_pty(self.url):
            parity = "N"  # pty: no parity bit; timing still counts the configured 8E1 char
            log.info(
                "%s is a pseudo-terminal: opened with parity N instead of %s", self.url, s.parity
            )
        problem = url_problem(self.url)
        if problem:
            self._fail(f"cannot open {self.url}: {problem}")
            raise LinkError(self.last_error, "bad_url")
        try:
            try:
                port = self._factory(self.url, parity=PARITIES[parity], **kwargs)
            except TypeError:  # URL handlers (socket://) do not take ``exclusive``
                kwargs.pop("exclusive")
                port = self._factory(self.url, parity=PARITIES[parity], **kwargs)
        except (OSError, serial.SerialException, ValueError, NotImplementedError) as exc:
            self._fail(f"cannot open {self.url}: {exc}")
            raise LinkError(self.last_error, open_error_kind(exc)) from exc
        self._port = port
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
                raise LinkError(
                    f"{self.url} unavailable ({self.last_error}); next attempt in {wait:.1f} s",
                    "waiting",
                )
            self._open()
        return self._port

    def __enter__(self) -> Link:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ------------------------------------------------------------------

    def _wait_silence(self, port: Any) -> None:
        """Keep the inter-frame silence: sleep to its end, with fine timers.

        Linux's default 50 us timer slack makes every sleep wake late (82 us median here);
        the link asks for 1 ns on its thread, so a sleep ends about 30 us after the
        deadline. Spinning the last stretch was tried: it cost up to 50 us of CPU a frame
        and gained nothing measurable on the wire (98.9 % of the limit either way at 9600).
        """
        _fine_timers()
        if self._dirty:
            self._drain(port)
        wait = self._last_activity + self.gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)

    def _drain(self, port: Any) -> None:
        """After a timeout or a bad frame: wait until the line is quiet, drop what came."""
        quiet = max(self.gap, 2 * self.settings.char_time, 0.002)
        deadline = time.monotonic() + max(self.settings.timeout, 0.05)
        io = self._io(port)
        dropped = 0
        while time.monotonic() < deadline:
            chunk = io.read_now()
            if chunk:
                dropped += len(chunk)
                continue
            time.sleep(quiet)
            if not io.pending():
                break
        if dropped:
            self.trace.event(f"dropped {dropped} stray bytes")
        self._dirty = False
        self._last_activity = time.monotonic()

    def _io(self, port: Any) -> _FdIO | _SerialIO:
        """The fast path where the port has a POSIX descriptor, pyserial's API elsewhere
        (Windows COM ports, socket://, rfc2217://, loop://, the in-process simulator)."""
        io = self._io_cache
        if io is not None and io[0] is port:
            return io[1]
        fd = getattr(port, "fd", None)
        made = _FdIO(fd) if isinstance(fd, int) and fd >= 0 else _SerialIO(port)
        self._io_cache = (port, made)
        return made

    def send(self, request: bytes, summarizer: Summarizer | None = None) -> None:
        """Send a frame that gets no reply (broadcast)."""
        with self._lock:
            port = self._ensure_open()
            try:
                self._wait_silence(port)
                self._io(port).write(request)
                port.flush()
            except (OSError, serial.SerialException) as exc:
                self._fail(f"write failed: {exc}")
                raise LinkError(self.last_error) from exc
            self.trace.add(TX, request, summarizer=summarizer)
            # nobody answers a broadcast, but the frame still occupies the wire
            self._last_activity = time.monotonic() + self.settings.wire_time(len(request))

    def collect(
        self, request: bytes, quiet: float, window: float, summarizer: Summarizer | None = None
    ) -> bytes:
        """Send ``request`` and return every byte heard until the line has been quiet for
        ``quiet`` seconds (``window`` seconds at most): for the DL/T 645 AA wildcard, which
        any number of meters may answer, one after the other or garbled all at once. The
        caller splits the frames. Works on every kind of port (the same I/O as transact).
        """
        with self._lock:
            port = self._ensure_open()
            buf = bytearray()
            try:
                io = self._request(port, request, summarizer)
                deadline = time.monotonic() + window
                while (left := deadline - time.monotonic()) > 0:
                    chunk = io.read(min(quiet, left))
                    if not chunk:
                        break
                    buf += chunk
            except (OSError, serial.SerialException) as exc:
                self._fail(f"I/O error: {exc}")
                raise LinkError(self.last_error, "closed") from exc
            self._last_activity = time.monotonic()
            if buf:
                self.trace.add(RX, bytes(buf), summarizer=summarizer)
            else:
                self.trace.event("no reply")
            return bytes(buf)

    def transact(self, request: bytes, reply: Framing, timeout: float | None = None) -> bytes:
        """Send ``request``, return the one reply frame that answers it.

        ``reply`` tells how frames of the protocol are delimited and checked and which
        frame answers this request. Stale input is discarded before sending; noise before
        a frame is skipped; a whole frame that does not answer the request (a late reply
        to an earlier one, another master's traffic) is dropped and the wait goes on. The
        answer must arrive within ``timeout`` (default: the settings' reply timeout).
        Raises MeterTimeout, FrameError (ChecksumError) or LinkError; never retries.
        """
        with self._lock:
            port = self._ensure_open()
            timeout = timeout or self.settings.timeout
            try:
                io = self._request(port, request, reply.summarize)
                return self._receive(io, reply, timeout)
            except (OSError, serial.SerialException) as exc:
                self._fail(f"I/O error: {exc}")
                raise LinkError(self.last_error, "closed") from exc

    def _request(
        self, port: Any, request: bytes, summarizer: Summarizer | None
    ) -> _FdIO | _SerialIO:
        """Keep the silence, drop stray bytes (a late reply) before we talk, send."""
        self._wait_silence(port)
        io = self._io(port)
        if io.pending():
            self._drain(port)
        io.write(request)
        self.trace.add(TX, request, summarizer=summarizer)
        self.transactions += 1
        return io

    def _receive(self, io: _FdIO | _SerialIO, spec: Framing, timeout: float) -> bytes:
        """Read until a frame answering the request is in the buffer, or the deadline."""
        deadline = time.monotonic() + timeout
        quiet = max(self.gap, 4 * self.settings.char_time, QUIET_MIN)
        buf = bytearray()
        scan = _Scan()
        quiet_until = 0.0
        try:
            while True:
                now = time.monotonic()
                left = deadline - now
                if scan.damaged is not None:
                    left = min(left, quiet_until - now)
                chunk = io.read(left) if left > 0 else b""
                if not chunk:
                    if scan.damaged is not None and time.monotonic() < deadline:
                        raise scan.damaged  # a damaged answer, and the line went quiet
                    raise scan.timeout_error(buf)
                buf += chunk
                found = scan.step(buf, spec, self.trace)
                if found is not None:
                    break
                if scan.damaged is not None:
                    quiet_until = time.monotonic() + quiet
        except DriverError as exc:
            tail = bytes(buf[scan.pos :])
            if tail:
                self.trace.add(RX, tail, str(exc), spec.summarize)
            else:
                self.trace.event(str(exc))
            self._dirty = True
            self._last_activity = time.monotonic()
            raise
        self._last_activity = time.monotonic()
        start, end = found
        if start > scan.dropped:
            self.trace.event(f"skipped {start - scan.dropped} noise bytes before the reply")
        if len(buf) > end:  # trailing bytes: somebody else is talking, or noise
            self._dirty = True
        frame = bytes(buf[start:end])
        self.trace.add(RX, frame, summarizer=spec.summarize)
        return frame

    def reject(self, error: DriverError) -> None:
        """A reply that arrived whole but failed a protocol check: mark it in the trace."""
        self.trace.mark_error(str(error))
        if isinstance(error, FrameError):
            self._dirty = True


READ_SLICE = 0.02  # longest a pyserial read may block before the link looks at its deadline
_timers = threading.local()


def _fine_timers() -> None:
    """Ask Linux for 1 ns timer slack on this thread (the default 50 us makes every sleep
    wake late); elsewhere, and where it is refused, nothing changes."""
    if getattr(_timers, "done", False):
        return
    _timers.done = True
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(29, 1, 0, 0, 0)  # PR_SET_TIMERSLACK
    except (OSError, AttributeError) as exc:
        log.debug("timer slack unchanged: %s", exc)


QUIET_MIN = 0.01  # a damaged answer followed by this much silence ends the wait


@dataclass(frozen=True, slots=True)
class Framing:
    """How to find the reply to one request in a byte stream (built by each protocol).

    ``length(buf)`` is the total size of a frame starting at ``buf[0]`` (it may ask for more
    bytes by returning more than it has; FrameError: ``buf[0]`` cannot start a frame);
    ``check(frame)`` raises ChecksumError/FrameError for a damaged frame; ``match(frame)``
    says whether a sound frame answers the request; ``first`` is the size of the shortest
    reply (nothing is judged before that many bytes).
    """

    first: int
    length: LengthFn
    check: Callable[[bytes], None]
    match: Callable[[bytes], bool]
    summarize: Summarizer | None = None


class _Scan:
    """Incremental search of the receive buffer for the answer (noise, strangers, damage)."""

    __slots__ = ("damaged", "dropped", "partial", "pos", "strangers")

    def __init__(self) -> None:
        self.pos = 0  # bytes before this are noise or dropped frames
        self.dropped = 0  # bytes of whole frames that answered something else
        self.strangers = 0
        self.damaged: DriverError | None = None  # an answer-shaped frame that failed its check
        self.partial: tuple[int, int] | None = None  # (have, need) of a frame in progress

    def step(self, buf: bytearray, spec: Framing, trace: FrameTrace) -> tuple[int, int] | None:
        """(start, end) of the answer in ``buf``, or None to wait for more bytes.

        Every offset is tried, so a false start (noise that announces a long frame) does not
        hide a complete frame behind it; a sound frame that answers something else is
        dropped (and traced), and the search goes on after it.
        """
        i, n = self.pos, len(buf)
        resume: int | None = None
        self.partial = None
        while n - i >= spec.first:
            head = buf if i == 0 else buf[i:]
            try:
                need = spec.length(head)
            except DriverError:
                i += 1
                continue
            if need > n - i:
                if resume is None:
                    resume, self.partial = i, (n - i, need)
                i += 1
                continue
            frame = bytes(buf[i : i + need])
            try:
                spec.check(frame)
            except DriverError as exc:
                if _answers(spec, frame):
                    self.damaged = exc
                i += 1
                continue
            if spec.match(frame):
                self.pos = i
                return i, i + need
            self.strangers += 1
            self.dropped += need
            trace.add(RX, frame, "not the answer to this request: dropped", spec.summarize)
            i += need
            if resume is None:
                self.pos = i
        self.pos = i if resume is None else resume
        return None

    def timeout_error(self, buf: bytearray) -> DriverError:
        if self.partial is not None:
            have, need = self.partial
            return MeterTimeout(
                f"reply stopped after {have} of {need} bytes",
                kind="timeout.partial",
                have=have,
                need=need,
            )
        if not buf:
            return MeterTimeout("no reply")
        noise = len(buf) - self.dropped
        if noise > 0:
            return FrameError(
                f"no valid reply: {noise} bytes that are not a frame",
                kind="frame.noise",
                count=noise,
            )
        return MeterTimeout(
            f"no reply (dropped {self.strangers} frame(s) answering something else)",
            kind="timeout.strangers",
            count=self.strangers,
        )


def _answers(spec: Framing, frame: bytes) -> bool:
    """Whether a frame that failed its check still looks like the answer (its header)."""
    try:
        return spec.match(frame)
    except (DriverError, IndexError, ValueError):
        return False


class _FdIO:
    """Local serial ports and ptys: one poll and one read per chunk, straight on the fd.

    pyserial's read() selects before every read and its write() selects after, which
    doubles the system calls of a transaction; a bus worker polls all day, so the CPU
    per transaction matters (docs/drivers.md has the figures). ``poll()``, not
    ``select()``: a process with hundreds of buses has descriptors above FD_SETSIZE (1024),
    which select() refuses.
    """

    __slots__ = ("_poller", "fd")

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._poller = select.poll()
        self._poller.register(fd, select.POLLIN)

    def _ready(self, seconds: float) -> bool:
        events = self._poller.poll(max(seconds, 0.0) * 1000.0)
        for _fd, event in events:
            if event & (select.POLLERR | select.POLLNVAL) and not event & select.POLLIN:
                raise serial.SerialException("the port reports an error (device gone?)")
        return bool(events)

    def pending(self) -> bool:
        return self._ready(0)

    def read_now(self) -> bytes:
        return os.read(self.fd, 4096) if self.pending() else b""

    def read(self, left: float) -> bytes:
        if not self._ready(left):
            return b""
        chunk = os.read(self.fd, 512)
        if not chunk:
            raise serial.SerialException(
                "port reports data but returns none (device disconnected?)"
            )
        return chunk

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]


class _SerialIO:
    """Any pyserial port without a descriptor, through its own API only.

    The port's ``timeout`` is set once when it is opened (setting it on an rfc2217 port
    renegotiates the line), to a short slice: a read waits at most one slice for its first
    byte, and the link's own deadline decides when a reply is late. ``in_waiting`` is only
    taken as "something is there": a socket:// port answers 1 however much is waiting.
    """

    __slots__ = ("port",)

    def __init__(self, port: Any) -> None:
        self.port = port

    def pending(self) -> bool:
        return bool(self.port.in_waiting)

    def read_now(self) -> bytes:
        waiting = self.port.in_waiting
        return self.port.read(waiting) if waiting else b""

    def read(self, left: float) -> bytes:
        deadline = time.monotonic() + left
        port = self.port
        while True:
            waiting = port.in_waiting
            chunk = port.read(waiting or 1)
            if chunk:
                while port.in_waiting:
                    more = port.read(port.in_waiting)
                    if not more:
                        break
                    chunk += more
                return chunk
            if time.monotonic() >= deadline:
                return b""

    def write(self, data: bytes) -> None:
        self.port.write(data)


def with_settings(link: Link, **changes: Any) -> SerialSettings:
    """Settings of ``link`` with some fields changed (for a CLI override)."""
    return replace(link.settings, **changes)
