"""Where a simulated bus meets its client: a pseudo-terminal or an in-process wire.

:class:`BusSimulator <drivers.simulator.bus.BusSimulator>` runs the same serving code
(frame assembly, the meters' faces, faults, wire time) on both; how requests come in and
replies go out differs:

- :class:`PtyTransport` (``python -m drivers.simulator``, the wire-time benchmarks) is
  served by one simulator thread: ``recv(timeout)`` blocks until request bytes arrive
  (``timeout`` None: as long as it takes, so an idle bus thread sleeps and never wakes on
  its own; ``wake()`` interrupts it), ``wait_until(due)`` holds a reply for its wire time,
  sleeping and then spinning the last half millisecond because the benchmarks measure the
  client against a punctual UART, and ``send(data, generation)`` writes it unless the port
  was unplugged (and maybe plugged in again: a new generation) since the request came.
- :class:`InProcTransport` serves ``sim://NAME`` through :mod:`drivers.simulator.protocol_sim`
  with no thread at all: the client's write runs the serving code, and
  ``send(data, generation, due)`` queues the reply on the wire, where a reader's condition
  wait releases it at its due time. Nothing spins; it runs anywhere, Windows included.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import select
import threading
import time
from pathlib import Path

from drivers.simulator import protocol_sim


def _readable(fds: list[int], timeout: float | None) -> set[int]:
    """The fds of ``fds`` that are readable (or closed) within ``timeout``.

    ``poll``, not ``select``: select() refuses descriptors above FD_SETSIZE (1024), which a
    process with a few hundred pty buses (four descriptors each) passes; the demo park's
    collector then had every bus past the 256th spin on that error and never answer.
    """
    poller = select.poll()
    for fd in fds:
        poller.register(fd, select.POLLIN)
    ms = None if timeout is None else max(0, math.ceil(timeout * 1000))
    return {fd for fd, _ in poller.poll(ms)}


def sleep_until(due: float) -> None:
    """Sleep, then spin the last half millisecond: a real UART delivers on time, and the
    scheduler's sleep overshoot must not be charged to the client being measured."""
    wait = due - time.monotonic()
    if wait > 0.0007:
        time.sleep(wait - 0.0005)
    while time.monotonic() < due:
        pass


class PtyTransport:
    """A new pty (raw mode), optionally behind a stable symlink; a pipe wakes the poll.
    Served by the simulator's own thread (``recv``/``wait_until``/``send``)."""

    inline = False

    def __init__(self, link_path: str | Path | None = None) -> None:
        self.link_path = Path(link_path) if link_path else None
        self.generation = 0
        self._master: int | None = None
        self._slave: int | None = None
        self._pty_name = ""
        self._fd_lock = threading.Lock()
        self._wake_r, self._wake_w = -1, -1

    @property
    def path(self) -> str:
        return str(self.link_path) if self.link_path else self._pty_name

    def open(self) -> None:
        self._open_pty()
        self._wake_r, self._wake_w = os.pipe()

    def _open_pty(self) -> None:
        import tty  # POSIX only: the in-process transport must import on Windows

        master, slave = os.openpty()
        tty.setraw(slave)
        self._master, self._slave = master, slave
        self._pty_name = os.ttyname(slave)
        self.generation += 1
        if self.link_path:
            tmp = self.link_path.with_name(self.link_path.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            os.symlink(self._pty_name, tmp)
            os.replace(tmp, self.link_path)

    def _close_pty(self) -> None:
        for fd in (self._master, self._slave):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = None
        if self.link_path:
            with contextlib.suppress(FileNotFoundError):
                self.link_path.unlink()

    def close(self) -> None:
        with self._fd_lock:
            self._close_pty()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._wake_r = self._wake_w = -1

    def recv(self, timeout: float | None) -> tuple[bytes, float]:
        master = self._master
        fds = [self._wake_r] + ([master] if master is not None else [])
        try:
            ready = _readable(fds, timeout)
        except (OSError, ValueError):
            return b"", time.monotonic()  # the pty was closed under us (unplug)
        now = time.monotonic()
        if self._wake_r in ready:
            with contextlib.suppress(OSError):
                os.read(self._wake_r, 64)
        if master is not None and master in ready:
            try:
                return os.read(master, 4096), now
            except OSError:
                pass
        return b"", now

    def send(self, data: bytes, generation: int) -> bool:
        with self._fd_lock:
            master = self._master
            if master is None or generation != self.generation:
                return False  # unplugged meanwhile
            view = memoryview(data)
            try:
                while view:
                    view = view[os.write(master, view) :]
            except OSError:
                return False
        return True

    def wait_until(self, due: float) -> None:
        wait = due - time.monotonic() - 0.0005
        if wait > 0.001:  # sleep in a poll of the wake pipe: stop() cuts a long hold short
            try:
                if _readable([self._wake_r], wait - 0.001):  # poll rounds up to the ms
                    return  # the byte stays for recv() to drain
            except (OSError, ValueError):
                return
        sleep_until(due)

    def wake(self) -> None:
        with contextlib.suppress(OSError):
            os.write(self._wake_w, b"x")

    def unplug(self) -> None:
        with self._fd_lock:
            self._close_pty()
        self.wake()

    def replug(self) -> None:
        with self._fd_lock:
            if self._master is None:
                self._open_pty()
        self.wake()


_auto_names = itertools.count(1)


class InProcTransport:
    """A ``sim://NAME`` wire in this process; ``name`` None picks a free ``bus-N``.

    No serving thread: ``open(server)`` hands the wire the simulator's feed function, which
    runs in the thread of the client that writes, and ``send`` queues a reply on the wire
    for its due time.
    """

    inline = True

    def __init__(self, name: str | None = None) -> None:
        self.name = name
        self.generation = 0
        self._wire: protocol_sim.SimWire | None = None
        self._server: protocol_sim.Server | None = None
        self._lock = threading.Lock()

    @property
    def path(self) -> str:
        return f"{protocol_sim.SCHEME}{self.name}" if self.name else ""

    def open(self, server: protocol_sim.Server) -> None:
        with self._lock:
            self._server = server
            if self.name is None:
                while True:
                    try:
                        name = f"bus-{next(_auto_names)}"
                        self._wire = protocol_sim.register(name, server)
                        break
                    except ValueError:
                        continue
                self.name = name
            else:
                self._wire = protocol_sim.register(self.name, server)
            self.generation += 1

    def close(self) -> None:
        with self._lock:
            wire, self._wire = self._wire, None
        if wire is not None:
            protocol_sim.unregister(wire)

    def send(self, data: bytes, generation: int, due: float) -> bool:
        with self._lock:
            wire = self._wire
        if wire is None or generation != self.generation:
            return False
        return wire.bus_send(data, due)

    def unplug(self) -> None:
        self.close()

    def replug(self) -> None:
        with self._lock:
            if self._wire is None and self.name and self._server is not None:
                self._wire = protocol_sim.register(self.name, self._server)
                self.generation += 1
