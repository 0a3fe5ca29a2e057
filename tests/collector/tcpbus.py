"""One simulated RS-485 bus that several collector processes can reach: a TCP port in front
of a pty ``BusSimulator`` (``socket://127.0.0.1:PORT`` links), recording which client
connection sent every request, so a test can prove that two collectors never talked on the
bus at the same time (a real bus would garble both).

Replies go back to the connection that sent the last request, as on a half-duplex line.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import socket
import threading
import time
import tty
from dataclasses import dataclass

from drivers.simulator import BusSimulator


@dataclass(frozen=True)
class Frame:
    conn: int  # the client connection's number (1, 2, ... in order of connecting)
    at: float  # monotonic


class TcpBus:
    """``with TcpBus(sim) as bus: bus.url`` is the link URL; ``bus.frames`` the requests."""

    def __init__(self, sim: BusSimulator) -> None:
        self.sim = sim
        self.frames: list[Frame] = []
        self.accepted: dict[int, float] = {}  # connection number -> monotonic accept time
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.setblocking(False)
        self.port = self._server.getsockname()[1]
        self._pty = os.open(sim.path, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
        tty.setraw(self._pty)
        self._halt = threading.Event()
        self._wake_r, self._wake_w = socket.socketpair()
        self._current: socket.socket | None = None
        self._numbers: dict[socket.socket, int] = {}
        self._thread = threading.Thread(target=self._run, name="tcp bus", daemon=True)

    @property
    def url(self) -> str:
        return f"socket://127.0.0.1:{self.port}"

    def __enter__(self) -> TcpBus:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._halt.set()
        self._wake_w.send(b"x")
        self._thread.join(10)
        for conn in list(self._numbers):
            conn.close()
        self._server.close()
        self._wake_r.close()
        self._wake_w.close()
        os.close(self._pty)

    def snapshot(self) -> list[Frame]:
        with self._lock:
            return list(self.frames)

    def after(self, at: float) -> list[Frame]:
        return [f for f in self.snapshot() if f.at > at]

    # --- the loop -----------------------------------------------------------------------

    def _run(self) -> None:
        sel = selectors.DefaultSelector()
        sel.register(self._server, selectors.EVENT_READ, "accept")
        sel.register(self._pty, selectors.EVENT_READ, "pty")
        sel.register(self._wake_r, selectors.EVENT_READ, "wake")
        try:
            while not self._halt.is_set():
                for key, _ in sel.select(1.0):
                    if key.data == "accept":
                        self._accept(sel)
                    elif key.data == "pty":
                        self._reply()
                    elif key.data == "client":
                        self._request(sel, key.fileobj)  # type: ignore[arg-type]
        finally:
            sel.close()

    def _accept(self, sel: selectors.BaseSelector) -> None:
        try:
            conn, _ = self._server.accept()
        except BlockingIOError:
            return
        conn.setblocking(False)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        number = len(self._numbers) + 1
        self._numbers[conn] = number
        with self._lock:
            self.accepted[number] = time.monotonic()
        sel.register(conn, selectors.EVENT_READ, "client")

    def _request(self, sel: selectors.BaseSelector, conn: socket.socket) -> None:
        try:
            data = conn.recv(4096)
        except BlockingIOError:
            return
        except ConnectionError:  # reset: a killed client
            data = b""
        if not data:  # the client went away (closed, or its process was killed)
            sel.unregister(conn)
            if self._current is conn:
                self._current = None
            return
        with self._lock:
            self.frames.append(Frame(self._numbers[conn], time.monotonic()))
        self._current = conn
        os.write(self._pty, data)

    def _reply(self) -> None:
        try:
            data = os.read(self._pty, 4096)
        except BlockingIOError:
            return
        conn = self._current
        if conn is not None and data:
            # a dead client's reply is lost, as on a wire nobody listens to
            with contextlib.suppress(BlockingIOError, ConnectionError):
                conn.sendall(data)


def runs(frames: list[Frame]) -> list[int]:
    """The connections in the order they talked, each run of frames once: [1, 2] means
    connection 1 talked, then only connection 2; [1, 2, 1] would be two masters at once."""
    order: list[int] = []
    for frame in frames:
        if not order or order[-1] != frame.conn:
            order.append(frame.conn)
    return order
