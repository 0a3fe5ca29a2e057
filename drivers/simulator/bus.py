"""A simulated RS-485 bus on a pseudo-terminal (one serving thread) or an in-process wire.

The bus answers as the addressed virtual meter would, injects faults, and with wire-time
emulation holds each reply until the request and the reply would have crossed a real 8E1
line at the configured baud, plus the meter's turnaround (t3.5 for Modbus, a configurable
delay for DL/T 645). It counts requests that arrived before t3.5 of silence had passed
since the previous reply: a driver that breaks the rule shows up in the figures.

It runs embedded (``BusSimulator(...).start()``, ``stop()`` closes every fd and joins
the thread) or as ``python -m drivers.simulator``. ``transport="pty"`` (the default, and
what the wire-time benchmarks use) serves a new pseudo-terminal from a thread of its own;
``transport="inproc"`` serves ``sim://NAME`` in this process with no thread at all: the
client's write runs the same serving code and the reply waits on the wire for its due
time (no pty, no fd: it runs on Windows too; see :mod:`drivers.simulator.transport`).
``unplug()``/``replug()`` make the port vanish and come back (behind a stable symlink on a
pty), like a USB adapter pulled out and plugged in again.

The pty's serving thread sleeps until a request arrives: an idle bus never wakes by itself
(``wakeups`` counts the loop's turns; in process it counts the writes served). Only while an
incomplete request is buffered does it wait at most ``STALE_FRAME`` for the rest, then
drops the fragment as line noise (in process: when the next write comes that much later).
"""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from drivers import dlt645
from drivers import modbus_rtu as rtu
from drivers.errors import DriverError, FrameError
from drivers.simulator.faces import dlt_reply, modbus_reply
from drivers.simulator.model import SimClock, VirtualMeter, make_meters
from drivers.simulator.transport import InProcTransport, PtyTransport

log = logging.getLogger(__name__)

STALE_FRAME = 0.05  # an incomplete request older than this is line noise: dropped


@dataclass
class Faults:
    """Faults of one meter (or of every meter, for the bus-wide entry)."""

    dead: bool = False
    corrupt: float = 0.0  # probability that one reply byte is damaged
    garbage: float = 0.0  # probability that the reply is replaced by random bytes
    slow: float = 0.0  # extra seconds before every reply
    flaky: bool = False  # answers every other request
    silent_until: float = 0.0  # monotonic deadline of a reset in progress
    ignore_requests: int = 0  # the next N requests never reach the meter (lost on the way)
    lose_replies: int = 0  # the next N requests are executed but their replies are lost
    answer_as: int = 0  # Modbus: replies carry this unit id (a meter set to the wrong address)
    _skip_next: bool = field(default=False, repr=False)


@dataclass
class ReplyHold:
    """The reply to the next DL/T 645 read of ``di`` waits until ``release()``.

    A test then knows which transaction is on the wire while it acts (queues a command,
    say), however slowly the machine runs: no reply delay has to be long enough. The
    master's own reply timeout still applies to the held request.
    """

    di: int
    held: threading.Event = field(default_factory=threading.Event)  # the request is here
    _go: threading.Event = field(default_factory=threading.Event, repr=False)

    def release(self) -> None:
        self._go.set()


def parse_faults(spec: str) -> dict[str | None, Faults]:
    """``"corrupt=0.1,dead@3,slow=0.4@2,flaky@5,garbage=0.05"`` -> faults per meter.

    ``@address`` targets one meter (Modbus unit or DL/T 645 number), none targets all.
    """
    out: dict[str | None, Faults] = {}
    for item in filter(None, (s.strip() for s in spec.split(","))):
        body, _, target = item.partition("@")
        kind, _, value = body.partition("=")
        key = target.strip() or None
        f = out.setdefault(key, Faults())
        if kind in ("dead", "flaky"):
            setattr(f, kind, True)
        elif kind in ("corrupt", "garbage", "slow"):
            try:
                setattr(f, kind, float(value))
            except ValueError:
                raise ValueError(f"fault {kind} needs a number: {item!r}") from None
        elif kind == "reset":
            f.silent_until = time.monotonic() + (float(value) if value else 1.0)
        else:
            raise ValueError(f"unknown fault {kind!r} (dead, corrupt, garbage, slow, flaky, reset)")
    return out


@dataclass
class BusStats:
    requests: int = 0
    replies: int = 0
    violations: int = 0  # Modbus requests that broke t3.5 after the previous reply
    dropped_bytes: int = 0
    per_meter: dict[str, int] = field(default_factory=dict)


class BusSimulator:
    """N virtual meters on one new pty or ``sim://`` wire. Use as a context manager or
    start()/stop(); ``name`` names the in-process wire (None: a free ``bus-N``)."""

    def __init__(
        self,
        meters: list[VirtualMeter] | None = None,
        *,
        count: int = 4,
        protocol: str = "modbus",
        baud: int = 9600,
        wire_time: bool = False,
        bits_per_char: int = 11,
        dlt_turnaround: float = 0.02,
        clock: SimClock | None = None,
        faults: str | dict[str | None, Faults] = "",
        link_path: str | Path | None = None,
        seed: int = 1,
        split: int = 0,
        transport: str = "pty",
        name: str | None = None,
    ) -> None:
        self.meters = meters if meters is not None else make_meters(count, protocol, seed)
        self.by_unit = {m.address: m for m in self.meters if m.protocol == "modbus"}
        self.by_dlt = {
            dlt645.encode_address(m.address): m for m in self.meters if m.protocol == "dlt645"
        }
        self.baud = baud
        self.wire_time = wire_time
        self.char_time = bits_per_char / baud
        self.t35 = 0.00175 if baud > 19200 else 3.5 * self.char_time
        self.dlt_turnaround = dlt_turnaround
        self.clock = clock or SimClock()
        raw_faults = parse_faults(faults) if isinstance(faults, str) else dict(faults)
        # "@2" means meter 2 whatever its protocol: resolve to the meter's own address
        self.faults = {
            None if k is None else self.meter(k).address: f for k, f in raw_faults.items()
        }
        self.link_path = Path(link_path) if link_path else None
        self.split = split
        self.stats = BusStats()
        self._rng = random.Random(seed)
        self.transport: PtyTransport | InProcTransport
        if transport == "pty":
            self.transport = PtyTransport(self.link_path)
        elif transport == "inproc":
            if link_path:
                raise ValueError("link_path is a pty symlink: not for an in-process bus")
            self.transport = InProcTransport(name)
        else:
            raise ValueError(f"unknown simulator transport {transport!r} (pty, inproc)")
        self._stop = threading.Event()
        self._holds: dict[str, ReplyHold] = {}  # meter address -> its next held reply
        self._thread: threading.Thread | None = None
        self._running = False
        self._last_release = 0.0
        self.wakeups = 0  # turns of the serving loop: stays put while the bus is idle
        # in-process serving state (the pty thread keeps its own in _run)
        self._feed_lock = threading.Lock()
        self._buf = bytearray()
        self._buf_gen = 0
        self._t_first = 0.0

    # --- lifecycle --------------------------------------------------------------------

    @property
    def path(self) -> str:
        """What a client opens: the stable symlink or the pty, or ``sim://NAME``."""
        return self.transport.path

    def start(self) -> str:
        if self._running:
            return self.path
        self._stop.clear()
        if isinstance(self.transport, InProcTransport):
            self.transport.open(self._feed)  # served in the writers' threads: none to start
        else:
            self.transport.open()
            self._thread = threading.Thread(
                target=self._run, name=f"bus-sim {self.path}", daemon=True
            )
            self._thread.start()
        self._running = True
        return self.path

    def stop(self) -> None:
        if not self._running:
            return
        self._running = False
        self._stop.set()
        for hold in list(self._holds.values()):
            hold.release()  # the serving thread may be holding a reply
        if self._thread is not None and isinstance(self.transport, PtyTransport):
            self.transport.wake()
            self._thread.join(timeout=5)
            if self._thread.is_alive():
                log.error("simulator thread did not stop")
            self._thread = None
        self.transport.close()  # in process: replies still held back are lost with the wire

    def __enter__(self) -> BusSimulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def unplug(self) -> None:
        """The port vanishes: the client's next I/O fails, its path no longer exists."""
        self.transport.unplug()

    def replug(self) -> None:
        self.transport.replug()

    # --- control from tests and demos -------------------------------------------------

    def meter(self, address: str | int) -> VirtualMeter:
        key = str(address)
        for m in self.meters:
            if m.address == key or (
                key.isdigit() and m.protocol == "dlt645" and m.address == f"{int(key):012d}"
            ):
                return m
        raise KeyError(f"no simulated meter {address}")

    def set_fault(self, address: str | int | None = None, **changes: object) -> Faults:
        key = None if address is None else self.meter(address).address
        f = self.faults.setdefault(key, Faults())
        for name, value in changes.items():
            if not hasattr(f, name):
                raise ValueError(f"unknown fault {name}")
            setattr(f, name, value)
        return f

    def hold_reply(self, address: str | int, di: int) -> ReplyHold:
        """Hold the reply to this meter's next read of ``di`` (DL/T 645, pty bus) until the
        returned hold is released; ``held`` is set once that request has arrived."""
        if not isinstance(self.transport, PtyTransport):
            raise ValueError("a held reply needs the pty's serving thread (transport='pty')")
        hold = ReplyHold(di)
        self._holds[self.meter(address).address] = hold
        return hold

    def _hold(self, m: VirtualMeter, frame: dlt645.Frame) -> bool:
        """Wait here while this request's reply is held; False if the bus stopped meanwhile."""
        hold = self._holds.get(m.address)
        if hold is None or frame.function != dlt645.READ or len(frame.data) < 4:
            return True
        if int.from_bytes(frame.data[:4], "little") != hold.di:
            return True
        hold.held.set()
        hold._go.wait()  # stop() releases it too: it is still in _holds until here
        self._holds.pop(m.address, None)
        return not self._stop.is_set()

    def clear_faults(self) -> None:
        self.faults.clear()

    def reset_meter(self, address: str | int, silent_for: float = 0.5) -> None:
        """A meter reboots: silent for a while, then its reset flag is set."""
        m = self.meter(address)
        with m.lock:
            m.reset_flag = True
        self.set_fault(address, silent_until=time.monotonic() + silent_for)

    def replace_meter(self, address: str | int) -> None:
        m = self.meter(address)
        with m.lock:
            m.replace_meter()

    # --- serving -----------------------------------------------------------------------

    def _feed(self, chunk: bytes, at: float) -> None:
        """In process: a client wrote ``chunk`` at ``at``; serve every complete request
        (runs in the writer's thread, one write at a time)."""
        with self._feed_lock:
            self.wakeups += 1
            gen = self.transport.generation
            buf = self._buf
            if self._buf_gen != gen:  # unplugged and plugged in again
                self._buf_gen = gen
                buf.clear()
            if buf and at - self._t_first >= STALE_FRAME:  # the fragment went stale meanwhile
                self.stats.dropped_bytes += len(buf)
                buf.clear()
            if not buf:
                self._t_first = at
            buf += chunk
            while buf and not self._stop.is_set():
                used = self._take_frame(buf, self._t_first, gen)
                if used == 0:
                    break
                del buf[:used]
                self._t_first = at

    def _run(self) -> None:
        """The pty's serving thread."""
        assert isinstance(self.transport, PtyTransport)
        buf = bytearray()
        t_first = 0.0  # wire time and staleness of the buffered frame are counted from here
        arrived = 0.0  # when its first byte was read (the t3.5 check): never after t_first
        gen = self.transport.generation
        while not self._stop.is_set():
            # idle: block until a request comes; a fragment: wait for the rest, not forever
            wait = None if not buf else max(0.0, t_first + STALE_FRAME - time.monotonic())
            chunk, now = self.transport.recv(wait)
            self.wakeups += 1
            if self.transport.generation != gen:  # unplugged and plugged in again
                gen = self.transport.generation
                buf.clear()
            if chunk:
                if not buf:
                    t_first = arrived = now
                buf += chunk
            elif buf and time.monotonic() - t_first >= STALE_FRAME:
                self.stats.dropped_bytes += len(buf)
                buf.clear()
            while buf and not self._stop.is_set():
                used = self._take_frame(buf, t_first, gen, arrived)
                if used == 0:
                    break
                del buf[:used]
                # what is left was read with the last chunk, before the reply just sent:
                # the t3.5 check uses that read's time (the client did talk over the reply;
                # a clock taken now would depend on how long this thread was preempted),
                # while the next reply's wire time still starts once this one is out
                t_first, arrived = time.monotonic(), now

    def _take_frame(
        self, buf: bytearray, t_first: float, gen: int, arrived: float | None = None
    ) -> int:
        """Serve the first complete request in ``buf``; return bytes used (0 = wait).

        ``t_first`` starts the reply's wire time; ``arrived`` (default ``t_first``) is when
        the request's first byte came, for the t3.5 check."""
        if buf[0] in (0xFE, dlt645.START):
            try:
                need = dlt645.expected_length(buf)
            except FrameError:
                frame, used = dlt645.find_frame(bytes(buf))
                self.stats.dropped_bytes += used if frame is None else 0
                return max(used, 1) if frame is None else 0
            if len(buf) < need:
                return 0
            raw = bytes(buf[:need])
            try:
                frame = dlt645.decode_frame(raw)
            except FrameError:
                self.stats.dropped_bytes += need
                return need
            self._serve_dlt(raw, frame, t_first, gen)
            return need
        need = rtu.request_length(buf)
        if len(buf) < need:
            return 0
        raw = bytes(buf[:need])
        if not rtu.crc_ok(raw):
            self.stats.dropped_bytes += len(buf)
            return len(buf)  # a slave discards a damaged frame and waits for silence
        self._serve_modbus(raw, t_first, gen, t_first if arrived is None else arrived)
        return need

    def _faults_for(self, address: str) -> Faults | None:
        return self.faults.get(address) or self.faults.get(None)

    def _serve_modbus(self, raw: bytes, t_first: float, gen: int, arrived: float) -> None:
        self.stats.requests += 1
        if self.wire_time and self._last_release and arrived - self._last_release < self.t35:
            self.stats.violations += 1
        unit = str(raw[0])
        if raw[0] == 0:  # broadcast write: every meter applies it, nobody answers
            for each in self.by_unit.values():
                with each.lock:
                    modbus_reply(each, raw, self.clock.now())
            return
        m = self.by_unit.get(unit)
        if m is None:
            return
        self.stats.per_meter[unit] = self.stats.per_meter.get(unit, 0) + 1
        faults = self._faults_for(unit)
        if self._silent(faults):
            return
        with m.lock:
            now = self.clock.now()
            m.advance(now)
            try:
                reply = modbus_reply(m, raw, now)
            except DriverError as exc:
                log.debug("undecodable request %s: %s", raw.hex(), exc)
                return
        if reply is not None:
            if faults is not None and faults.answer_as:
                reply = rtu.frame(faults.answer_as, reply[1:-2])
            self._release(reply, raw, t_first, self.t35, faults, gen)

    def _serve_dlt(self, raw: bytes, frame: dlt645.Frame, t_first: float, gen: int) -> None:
        self.stats.requests += 1
        now = self.clock.now()
        if frame.address == dlt645.BROADCAST:
            if frame.function == dlt645.BROADCAST_TIME and len(frame.data) == 6:
                d = frame.data
                try:
                    moment = datetime(
                        2000 + dlt645.bcd_to_int(d[5:6]),
                        dlt645.bcd_to_int(d[4:5]),
                        dlt645.bcd_to_int(d[3:4]),
                        dlt645.bcd_to_int(d[2:3]),
                        dlt645.bcd_to_int(d[1:2]),
                        dlt645.bcd_to_int(d[0:1]),
                    )
                except (ValueError, FrameError):
                    return
                for m in self.by_dlt.values():
                    with m.lock:
                        m.clock_offset = moment - now
            return
        if frame.address == dlt645.WILDCARD:
            targets = list(self.by_dlt.values())
            if len(targets) != 1:  # several meters answer at once: a collision on the wire
                if targets:
                    noise = bytes(self._rng.randrange(256) for _ in range(18))
                    self._release(noise, raw, t_first, self.dlt_turnaround, None, gen)
                return
            m = targets[0]
        else:
            found = self.by_dlt.get(frame.address)
            if found is None:
                return
            m = found
        self.stats.per_meter[m.address] = self.stats.per_meter.get(m.address, 0) + 1
        faults = self._faults_for(m.address)
        if self._silent(faults):
            return
        with m.lock:
            m.advance(now)
            reply = dlt_reply(m, frame, now, self.split)
        if reply is not None and self._hold(m, frame):
            self._release(reply, raw, t_first, self.dlt_turnaround, faults, gen)

    def _silent(self, faults: Faults | None) -> bool:
        if faults is None:
            return False
        if faults.dead or time.monotonic() < faults.silent_until:
            return True
        if faults.ignore_requests > 0:
            faults.ignore_requests -= 1
            return True
        if faults.flaky:
            faults._skip_next = not faults._skip_next
            return not faults._skip_next
        return False

    def _release(
        self,
        reply: bytes,
        raw: bytes,
        t_first: float,
        turnaround: float,
        faults: Faults | None,
        gen: int,
    ) -> None:
        if faults is not None:
            if faults.lose_replies > 0:
                faults.lose_replies -= 1
                return
            if faults.garbage and self._rng.random() < faults.garbage:
                reply = bytes(
                    self._rng.randrange(256) for _ in range(self._rng.randrange(3, len(reply) + 1))
                )
            elif faults.corrupt and self._rng.random() < faults.corrupt:
                pos = self._rng.randrange(len(reply))
                damaged = bytearray(reply)
                damaged[pos] ^= self._rng.randrange(1, 256)
                reply = bytes(damaged)
        due = t_first
        if self.wire_time:
            due += (len(raw) + len(reply)) * self.char_time + turnaround
        if faults is not None and faults.slow:
            due += faults.slow
        if isinstance(self.transport, InProcTransport):
            # queued on the wire: a reader gets it at ``due``; the line is silent from then
            if self.transport.send(reply, gen, due):
                self._last_release = max(due, time.monotonic())
                self.stats.replies += 1
            return
        self.transport.wait_until(due)
        if self._stop.is_set():
            return  # stopping: a reply held back (wire time, a slow meter) is never sent
        # the reply's last byte crosses the wire now: silence is counted from here (taken
        # before the write so a fast client is never blamed for our own scheduling delay)
        released = time.monotonic()
        if not self.transport.send(reply, gen):
            log.debug("reply lost: the port was unplugged meanwhile")
            return
        self._last_release = released
        self.stats.replies += 1
