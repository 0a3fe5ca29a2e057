"""What a field technician asks of a bus: which errors, how many of each kind, and who is
there (bus scan). Qt-free, shared by the bus worker, the diagnostics window and the CLI.

- ``ErrorCounts``: a bus worker counts every failed transaction by kind (``error_kind``:
  no reply, damaged CRC/checksum, malformed frame, exception reply, refused by the meter,
  port error) and keeps the last error with its time. The kinds tell different stories
  on site: timeouts point at a dead meter or a wrong address, CRC errors at wiring,
  termination or baud, frame errors at two masters or noise, exception replies at a
  profile that does not match the meter, port errors at the USB adapter or the gateway.
- ``ScanJob``: a scan of a range of addresses, probed one address per ``step``, using the
  very probes of ``bus scan`` (``drivers.bus.scan_modbus`` / ``scan_dlt645``) so the CLI
  and the window find the same meters. One address per step lets the collector's bus
  worker interleave a scan with its polls (``BusWorker.scan``) and lets anyone cancel it
  between two addresses; ``run`` does all the steps on a port nobody else owns.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from drivers.bus import Found, link_for, scan_dlt645, scan_modbus
from drivers.errors import (
    ChecksumError,
    DriverError,
    ExceptionReply,
    FrameError,
    LinkError,
    MeterTimeout,
    RejectedByMeter,
    error_data,
)
from drivers.link import Link

# line settings of a scan without a meter profile: the usual defaults of each protocol
SCAN_PROFILE = {"modbus": "sim-prepaid-modbus", "dlt645": "dlt645-2007"}
# one timeout per empty address: short, the probe is one small read, but long enough for
# a slow meter (many answer 50-150 ms after the request) and a busy machine: 100 ms missed
# a simulated meter under load, which a technician would read as "not on the bus"
SCAN_TIMEOUT = {"modbus": 0.25, "dlt645": 0.5}
MAX_SCAN = 1000  # addresses per scan (a DL/T 645 number range can be huge)

ERROR_KINDS = ("timeout", "crc", "frame", "exception", "rejected", "port", "other")


def error_kind(exc: BaseException) -> str:
    """The kind of a failed transaction (order matters: ChecksumError is a FrameError)."""
    if isinstance(exc, MeterTimeout):
        return "timeout"
    if isinstance(exc, ChecksumError):
        return "crc"
    if isinstance(exc, FrameError):
        return "frame"
    if isinstance(exc, ExceptionReply):
        return "exception"
    if isinstance(exc, RejectedByMeter):
        return "rejected"
    if isinstance(exc, LinkError):
        return "port"
    return "other"


class ErrorCounts:
    """Errors of one bus by kind since the worker started.

    Written by the bus worker only; read by the GUI (a dict copy under a lock, microseconds).
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(ERROR_KINDS, 0)
        self._clock = clock
        self.last = ""
        self.last_kind = ""
        self.last_data: dict[str, Any] = {}  # error_kind / error_facts, for the reader's words
        self.last_at = 0.0  # wall clock, for display

    def count(self, exc: BaseException) -> str:
        kind = error_kind(exc)
        with self._lock:
            self._counts[kind] += 1
            self.last = (str(exc) or type(exc).__name__)[:200]
            self.last_kind = kind
            self.last_data = error_data(exc)
            self.last_at = self._clock()
        return kind

    def snapshot(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    @property
    def total(self) -> int:
        with self._lock:
            return sum(self._counts.values())


# --------------------------------------------------------------------------- scan


def scan_addresses(protocol: str, first: int, last: int) -> list[str]:
    """The addresses of a range as the probes take them (Modbus 1-247; DL/T 645 numbers
    padded to 12 digits). Raises ValueError with a plain reason on a bad range."""
    if first > last:
        raise ValueError(f"the range starts after it ends ({first} > {last})")
    if protocol == "modbus":
        if first < 1 or last > 247:
            raise ValueError("Modbus addresses are 1-247")
        return [str(n) for n in range(first, last + 1)]
    if protocol != "dlt645":
        raise ValueError(f"unknown protocol {protocol!r}")
    if first < 0 or last > 999_999_999_998:
        raise ValueError("DL/T 645 meter numbers are 0-999999999998")
    if last - first + 1 > MAX_SCAN:
        raise ValueError(f"at most {MAX_SCAN} addresses per scan")
    return [f"{n:012d}" for n in range(first, last + 1)]


Progress = Callable[["ScanJob", Found | None], None]


@dataclass(eq=False)
class ScanJob:
    """A scan in progress: ``step(link)`` probes the next address, ``cancel()`` stops it.

    ``progress(job, found_or_None)`` is called after each address on the thread that scans
    (the GUI re-emits it as a queued signal); ``finished`` is set when the scan ended,
    cancelled, or failed (``error``: the port vanished, the bus stopped).
    """

    protocol: str
    addresses: list[str]
    timeout: float = 0.0  # 0: the protocol's usual scan timeout
    progress: Progress | None = None
    found: list[Found] = field(default_factory=list)
    done: int = 0
    error: str = ""
    cancelled: bool = False
    finished: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def total(self) -> int:
        return len(self.addresses)

    def cancel(self) -> None:
        self._stop.set()

    def finish(self, error: str = "") -> None:
        if self.finished.is_set():
            return
        self.error = self.error or error
        self.cancelled = self._stop.is_set() and self.done < self.total
        self.finished.set()
        if self.progress is not None:
            self.progress(self, None)

    def step(self, link: Link) -> bool:
        """Probe the next address on ``link``; False once the scan is over (then finished)."""
        if self.finished.is_set():
            return False
        if self._stop.is_set() or self.done >= self.total:
            self.finish()
            return False
        address = self.addresses[self.done]
        timeout = self.timeout or SCAN_TIMEOUT[self.protocol]
        try:
            if self.protocol == "modbus":
                hits = scan_modbus(link, [int(address)], timeout=timeout)
            else:
                hits = scan_dlt645(link, [address], timeout=timeout)
        except LinkError as exc:
            self.finish(str(exc) or "port error")
            return False
        except DriverError:  # anything else this address said: nobody we can list
            hits = []
        self.done += 1
        hit = hits[0] if hits else None
        if hit is not None:
            self.found.append(hit)
        if self.progress is not None:
            self.progress(self, hit)
        if self.done >= self.total:
            self.finish()
            return False
        return True

    def run(self, link: Link) -> list[Found]:
        """Every step on a link this thread owns (no collector on the port)."""
        while self.step(link):
            pass
        return self.found


def scan_port(job: ScanJob, url: str, *, baud: int, parity: str, stopbits: int = 1) -> list[Found]:
    """Open ``url`` with the line settings of the link, scan, close. For a port that the
    collector of this workstation does not own (when it does, use ``BusWorker.scan``)."""
    try:
        link = link_for(
            url,
            SCAN_PROFILE[job.protocol],
            baudrate=baud,
            parity=parity,
            stopbits=stopbits,
        )
        link.open()
    except LinkError as exc:
        job.finish(str(exc) or "port error")
        return []
    try:
        return job.run(link)
    finally:
        link.close()
