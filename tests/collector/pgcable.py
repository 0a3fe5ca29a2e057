"""A TCP relay between a desk and PostgreSQL whose cable can be "pulled": ``stall()`` stops
forwarding in both directions without closing anything (the kernel still accepts the desk's
bytes, nothing answers: what a pulled cable or a dead switch looks like to a client until
the TCP timeout), ``resume()`` forwards what waited.
"""

from __future__ import annotations

import contextlib
import socket
import threading

from sqlalchemy.engine import make_url


class PgCable:
    """``with PgCable(url) as cable: cable.url`` reaches the server through the relay."""

    def __init__(self, url: str) -> None:
        self.target = make_url(url)
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._open = threading.Event()
        self._open.set()
        self._sockets: list[socket.socket] = []
        self._pumps: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, name="pg cable", daemon=True)

    @property
    def url(self) -> str:
        return self.target.set(host="127.0.0.1", port=self.port).render_as_string(
            hide_password=False
        )

    def stall(self) -> None:
        self._open.clear()

    def resume(self) -> None:
        self._open.set()

    def __enter__(self) -> PgCable:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._open.set()
        with contextlib.suppress(OSError):
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the accept()
        self._server.close()
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
        self._thread.join(10)
        for pump in self._pumps:
            pump.join(10)
        for sock in self._sockets:
            sock.close()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._server.accept()
            except OSError:  # closed
                return
            upstream = socket.create_connection(
                (self.target.host or "127.0.0.1", self.target.port or 5432)
            )
            with self._lock:
                self._sockets += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                pump = threading.Thread(target=self._pump, args=(src, dst), daemon=True)
                self._pumps.append(pump)
                pump.start()

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                self._open.wait()  # a pulled cable: nothing read, nothing passed on
                data = src.recv(65536)
                self._open.wait()
                if not data:
                    dst.shutdown(socket.SHUT_WR)
                    return
                dst.sendall(data)
        except OSError:
            with contextlib.suppress(OSError):
                dst.shutdown(socket.SHUT_RDWR)
