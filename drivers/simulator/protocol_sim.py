"""``sim://NAME``: a serial port that is a simulated bus in this process (no pty, no fd).

pyserial finds this module through ``serial.protocol_handler_packages`` (importing
``drivers.simulator`` registers the package), so ``serial.serial_for_url("sim://A-1")``
and therefore ``drivers.link.Link("sim://A-1")`` reach the :class:`SimWire` a
``BusSimulator(transport="inproc", name="A-1")`` registered. A write is served at once by
the simulator's code in the writing thread; the reply waits in an in-process queue until its
due time (wire time, a slow meter), guarded by one lock and a condition, as python-can's
virtual bus does: a blocked ``read`` sleeps on the condition until a reply is due, its
timeout passes or the port is closed. Nothing polls and nothing spins, an idle bus costs no
CPU and no thread at all (a park of 500 buses in one process is 500 fewer threads fighting
for the GIL). Works the same on Windows, where there are no ptys; ptys stay for the
wire-time benchmarks.

The port has no ``fd`` attribute and ``fileno()`` raises, so a Link drives it through
pyserial's API, the way it drives a Windows COM port or a ``socket://`` gateway. A second
port opened with ``exclusive=True`` on a busy wire is refused like a locked serial port;
once the simulator unplugs the wire, I/O on an open port raises ``SerialException``
("device disconnected") and opening fails until it is plugged in again.
"""

from __future__ import annotations

import heapq
import itertools
import logging
import numbers
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import serial
from serial.serialutil import PortNotOpenError, SerialBase, SerialException

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

SCHEME = "sim://"
log = logging.getLogger(__name__)

_registry: dict[str, SimWire] = {}
_registry_lock = threading.Lock()


Server = Callable[[bytes, float], None]


class SimWire:
    """One in-process bus: the clients' requests go straight to ``server`` (called in the
    writing thread with the bytes and the time they were written), whose replies wait in
    a heap until their due time and then join the clients' input.

    There is no simulator thread to wake: a request is served by the write that sends it,
    and a reply held for its wire time costs nothing until a reader's condition wait times
    out at the due moment. Every method is thread-safe.
    """

    def __init__(self, name: str, server: Server) -> None:
        self.name = name
        self._server = server
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)  # reading clients wait here
        self._to_client = bytearray()
        self._pending: list[tuple[float, int, bytes]] = []  # (due, seq, reply) heap
        self._seq = itertools.count()
        self._clients: set[int] = set()
        self._exclusive = False
        self.alive = True
        self.readers_waiting = 0  # clients blocked in read() now (tests wait on it)

    # --- the simulator's side -------------------------------------------------------------

    def bus_send(self, data: bytes, due: float = 0.0) -> bool:
        """The reply reaches the clients at ``due`` (now if past); False when unplugged."""
        with self._lock:
            if not self.alive:
                return False
            if due > time.monotonic():
                heapq.heappush(self._pending, (due, next(self._seq), data))
            else:
                self._to_client += data
            self._cond.notify_all()
        return True

    def kill(self) -> None:
        """Unplugged: open ports fail on their next I/O, blocked readers wake at once, and
        replies still on their way are lost."""
        with self._lock:
            self.alive = False
            self._to_client.clear()
            self._pending.clear()
            self._cond.notify_all()

    # --- the clients' side ----------------------------------------------------------------

    def _check(self) -> None:
        if not self.alive:
            raise SerialException(f"{SCHEME}{self.name}: device disconnected (bus unplugged)")

    def _arrived(self, now: float) -> float | None:
        """Move the replies now due into the input (lock held); the next due time, if any."""
        pending = self._pending
        while pending and pending[0][0] <= now:
            self._to_client += heapq.heappop(pending)[2]
        return pending[0][0] if pending else None

    def attach(self, port_id: int, exclusive: bool) -> None:
        with self._lock:
            self._check()
            if self._clients and (exclusive or self._exclusive):
                raise SerialException(f"{SCHEME}{self.name} is busy: another port has it open")
            self._clients.add(port_id)
            self._exclusive = exclusive

    def detach(self, port_id: int) -> None:
        with self._lock:
            self._clients.discard(port_id)
            if not self._clients:
                self._exclusive = False
            self._cond.notify_all()  # a reader blocked on this port sees it closed

    def write(self, data: bytes) -> None:
        at = time.monotonic()
        with self._lock:
            self._check()
        try:
            self._server(data, at)
        except Exception:  # a simulator bug must look like a silent meter, not kill a worker
            log.exception("simulated bus %s failed to serve %s", self.name, data.hex(" "))

    def waiting(self) -> int:
        with self._lock:
            self._check()
            self._arrived(time.monotonic())
            return len(self._to_client)

    def reset_input(self) -> None:
        with self._lock:
            self._arrived(time.monotonic())
            self._to_client.clear()  # replies still on the wire arrive later, as on a UART

    def read(
        self, port: Serial, size: int, timeout: float | None, inter_byte: float | None
    ) -> bytes:
        """pyserial's read semantics: up to ``size`` bytes, fewer on timeout; with
        ``inter_byte`` also fewer once that long passed without a new byte."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._lock:
            seen, seen_at = -1, 0.0
            while True:
                self._check()
                now = time.monotonic()
                next_due = self._arrived(now)
                have = len(self._to_client)
                if have >= size or not port.is_open or timeout == 0:
                    break
                if have != seen:
                    seen, seen_at = have, now
                left = None if deadline is None else deadline - now
                if inter_byte is not None and have:
                    gap_left = seen_at + inter_byte - now
                    if gap_left <= 0:
                        break
                    left = gap_left if left is None else min(left, gap_left)
                if left is not None and left <= 0:
                    break
                if next_due is not None:
                    left = next_due - now if left is None else min(left, next_due - now)
                self.readers_waiting += 1
                try:
                    self._cond.wait(left)
                finally:
                    self.readers_waiting -= 1
            out = bytes(self._to_client[:size])
            del self._to_client[:size]
        return out

    def cancel_read(self) -> None:
        with self._lock:
            self._cond.notify_all()


# --- the registry: name -> wire, for this process -----------------------------------------


def register(name: str, server: Server) -> SimWire:
    """A new wire under ``name`` served by ``server``; ValueError if a live bus already
    has that name."""
    if not name:
        raise ValueError("a simulated bus needs a name")
    with _registry_lock:
        if name in _registry:
            raise ValueError(f"a simulated bus {SCHEME}{name} already runs in this process")
        wire = _registry[name] = SimWire(name, server)
    return wire


def unregister(wire: SimWire) -> None:
    """The wire vanishes (its ports fail, new opens are refused) and its name is free."""
    with _registry_lock:
        if _registry.get(wire.name) is wire:
            del _registry[wire.name]
    wire.kill()


def lookup(name: str) -> SimWire | None:
    with _registry_lock:
        return _registry.get(name)


def names() -> list[str]:
    with _registry_lock:
        return sorted(_registry)


def name_of(url: str) -> str:
    if not url.lower().startswith(SCHEME):
        raise SerialException(f"expected {SCHEME}NAME, got {url!r}")
    return url[len(SCHEME) :]


class Serial(SerialBase):
    """A pyserial port on a :class:`SimWire`; line settings are accepted and ignored (the
    simulator emulates the wire time of the baud it was given)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._wire: SimWire | None = None
        super().__init__(*args, **kwargs)

    def open(self) -> None:
        if self.is_open:
            raise SerialException("Port is already open.")
        if self.port is None:
            raise SerialException("Port must be configured before it can be used.")
        name = name_of(self.port)
        wire = lookup(name)
        if wire is None:
            raise SerialException(
                f"could not open port {self.port}: no simulated bus {name!r} runs in this process"
            )
        wire.attach(id(self), bool(self.exclusive))
        self._wire = wire
        self._reconfigure_port()
        self.is_open = True

    def close(self) -> None:
        wire, self._wire = self._wire, None
        self.is_open = False
        if wire is not None:
            wire.detach(id(self))

    def _reconfigure_port(self) -> None:
        baud = self.baudrate
        if not isinstance(baud, numbers.Integral) or not 0 < int(baud) < 2**32:
            raise ValueError(f"invalid baudrate: {baud!r}")

    def _live_wire(self) -> SimWire:
        wire = self._wire
        if not self.is_open or wire is None:
            raise PortNotOpenError()
        return wire

    @property
    def in_waiting(self) -> int:
        return self._live_wire().waiting()

    @property
    def out_waiting(self) -> int:
        self._live_wire()
        return 0  # written bytes are on the wire at once

    def read(self, size: int = 1) -> bytes:
        wire = self._live_wire()
        if size <= 0:
            return b""
        return wire.read(self, size, self.timeout, self.inter_byte_timeout)

    def write(self, data: ReadableBuffer, /) -> int:
        wire = self._live_wire()
        raw = bytes(data)
        wire.write(raw)
        return len(raw)

    def flush(self) -> None:
        self._live_wire()

    def reset_input_buffer(self) -> None:
        self._live_wire().reset_input()

    def reset_output_buffer(self) -> None:
        self._live_wire()

    def cancel_read(self) -> None:
        if self._wire is not None:
            self._wire.cancel_read()

    # modem lines: there are none on an in-process wire
    def _update_break_state(self) -> None:
        pass

    def _update_rts_state(self) -> None:
        pass

    def _update_dtr_state(self) -> None:
        pass

    @property
    def cts(self) -> bool:
        self._live_wire()
        return True

    @property
    def dsr(self) -> bool:
        self._live_wire()
        return True

    @property
    def ri(self) -> bool:
        self._live_wire()
        return False

    @property
    def cd(self) -> bool:
        self._live_wire()
        return True


def install() -> None:
    """Let ``serial.serial_for_url`` resolve ``sim://`` (idempotent)."""
    if "drivers.simulator" not in serial.protocol_handler_packages:
        serial.protocol_handler_packages.append("drivers.simulator")


install()
