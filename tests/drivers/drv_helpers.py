"""Test helpers: waiting on conditions, a pty null-modem for independent peers."""

from __future__ import annotations

import contextlib
import os
import select
import threading
import time
import tty
from collections.abc import Callable


def wait_for(cond: Callable[[], bool], timeout: float = 5.0, interval: float = 0.005) -> bool:
    """Poll ``cond`` until it holds or ``timeout`` passes (no fixed sleeps in tests)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(interval)
    return cond()


class NullModem:
    """Two pty paths wired back to back, for peers that open a port by name themselves."""

    def __init__(self) -> None:
        self._a_master, a_slave = os.openpty()
        self._b_master, b_slave = os.openpty()
        for fd in (a_slave, b_slave):
            tty.setraw(fd)
        self._slaves = (a_slave, b_slave)
        self.path_a, self.path_b = os.ttyname(a_slave), os.ttyname(b_slave)
        self._wake_r, self._wake_w = os.pipe()
        self._stop = False
        self._thread = threading.Thread(target=self._run, name="nullmodem", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        pair = {self._a_master: self._b_master, self._b_master: self._a_master}
        while not self._stop:
            ready, _, _ = select.select([*pair, self._wake_r], [], [], 0.2)
            for fd in ready:
                if fd == self._wake_r:
                    return
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    continue
                if data:
                    os.write(pair[fd], data)

    def close(self) -> None:
        self._stop = True
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        for fd in (self._a_master, self._b_master, *self._slaves, self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> NullModem:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TcpGateway:
    """A transparent RS-485-to-Ethernet gateway: a TCP server passing bytes to a serial path.

    Like the converters parks use (``socket://host:port``): RTU frames cross as they are,
    no protocol conversion. One client at a time; ``close()`` stops it and its threads.
    """

    def __init__(self, serial_path: str) -> None:
        import socket

        self._serial_path = serial_path
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.url = f"socket://127.0.0.1:{self.port}"
        self._stop = threading.Event()
        self._wake_r, self._wake_w = os.pipe()
        self.connections = 0
        self._client: object = None
        self._thread = threading.Thread(target=self._run, name="tcp-gateway", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._server, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            client, _ = self._server.accept()
            self.connections += 1
            self._client = client
            with client:
                self._bridge(client)
            self._client = None

    def drop(self) -> None:
        """The converter reboots: the open TCP connection is cut, the address stays."""
        import socket

        client = self._client
        if isinstance(client, socket.socket):
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)

    def _bridge(self, client: object) -> None:
        import socket

        assert isinstance(client, socket.socket)
        fd = os.open(self._serial_path, os.O_RDWR | os.O_NOCTTY)
        try:
            tty.setraw(fd)
            while not self._stop.is_set():
                ready, _, _ = select.select([client, fd, self._wake_r], [], [])
                if self._wake_r in ready:
                    return
                if client in ready:
                    try:
                        data = client.recv(4096)
                    except OSError:  # reset by the peer after drop(): a hang-up too
                        data = b""
                    if not data:
                        return  # the client hung up: wait for the next one
                    os.write(fd, data)
                if fd in ready:
                    data = os.read(fd, 4096)
                    try:
                        client.sendall(data)
                    except OSError:
                        return  # the connection is gone: wait for the next one
        finally:
            os.close(fd)

    def close(self) -> None:
        self._stop.set()
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        self._server.close()
        for fd in (self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> TcpGateway:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class NoFdPort:
    """A real serial port seen only through pyserial's API, as on Windows.

    pyserial's win32 ``Serial`` has no ``fd``; this wraps a POSIX one and hides it, so the
    link must take its portable path (timeouts, ``in_waiting``, ``read(n)``).
    """

    def __init__(self, url: str, **kwargs: object) -> None:
        import serial

        kwargs.pop("exclusive", None)
        self._port = serial.serial_for_url(url, **kwargs)

    def __getattr__(self, name: str) -> object:
        if name in ("fd", "fileno"):
            raise AttributeError(name)
        return getattr(self._port, name)

    def __setattr__(self, name: str, value: object) -> None:
        if name == "_port":
            object.__setattr__(self, name, value)
        else:
            setattr(self._port, name, value)


def no_fd_factory(url: str, **kwargs: object) -> NoFdPort:
    return NoFdPort(url, **kwargs)


class ScriptedPeer:
    """Simulated meters on a pty that misbehave on purpose, deterministically.

    ``noise`` is written in front of every reply; with ``late`` the reply of a meter in
    that set is held back and sent only when the *next* request arrives, just before that
    request's own reply (the late answer a slow meter gives after the master timed out).
    """

    def __init__(
        self, meters: list[object], *, noise: bytes = b"", late: frozenset[str] = frozenset()
    ) -> None:
        from drivers.simulator.model import SimClock

        self.meters = {m.address: m for m in meters}  # type: ignore[attr-defined]
        self.noise, self.late = noise, late
        self.clock = SimClock(rate=0)
        self.requests = 0
        self._held = b""
        self._master, slave = os.openpty()
        tty.setraw(slave)
        self._slave = slave
        self.path = os.ttyname(slave)
        self._wake_r, self._wake_w = os.pipe()
        self._thread = threading.Thread(target=self._run, name="scripted-peer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        buf = bytearray()
        while True:
            ready, _, _ = select.select([self._master, self._wake_r], [], [])
            if self._wake_r in ready:
                return
            buf += os.read(self._master, 4096)
            while True:
                used = self._serve(buf)
                if not used:
                    break
                del buf[:used]

    def _serve(self, buf: bytearray) -> int:
        from drivers import dlt645
        from drivers import modbus_rtu as rtu
        from drivers.simulator.faces import dlt_reply, modbus_reply

        if not buf:
            return 0
        now = self.clock.now()
        if buf[0] in (0xFE, 0x68):
            frame, used = dlt645.find_frame(bytes(buf))
            if frame is None:
                return 0
            address = dlt645.address_text(frame.address)
            m = self.meters.get(address)
            reply = dlt_reply(m, frame, now) if m is not None else None  # type: ignore[arg-type]
        else:
            used = rtu.request_length(buf)
            if len(buf) < used:
                return 0
            address = str(buf[0])
            m = self.meters.get(address)
            reply = modbus_reply(m, bytes(buf[:used]), now) if m is not None else None  # type: ignore[arg-type]
        self.requests += 1
        out, self._held = self._held, b""
        if reply is not None:
            if address in self.late:
                self._held = reply
            else:
                out += self.noise + reply
        if out:
            os.write(self._master, out)
        return used

    def close(self) -> None:
        os.write(self._wake_w, b"x")
        self._thread.join(timeout=5)
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            with contextlib.suppress(OSError):
                os.close(fd)


class Rfc2217Gateway(TcpGateway):
    """An RFC 2217 (telnet COM port control) gateway: pyserial's own PortManager in front
    of a serial path, as ``rfc2217://host:port`` converters speak it."""

    def __init__(self, serial_path: str) -> None:
        super().__init__(serial_path)
        self.url = self.url.replace("socket://", "rfc2217://")

    def _bridge(self, client: object) -> None:
        import socket

        from serial import rfc2217

        assert isinstance(client, socket.socket)
        port = _PtyLines(self._serial_path, timeout=0)
        try:
            manager = rfc2217.PortManager(port, _SocketWriter(client))
            fd = port.fileno()
            while not self._stop.is_set():
                ready, _, _ = select.select([client, fd, self._wake_r], [], [])
                if self._wake_r in ready:
                    return
                if client in ready:
                    data = client.recv(4096)
                    if not data:
                        return
                    port.write(b"".join(manager.filter(data)))
                if fd in ready:
                    client.sendall(b"".join(manager.escape(port.read(4096))))
        finally:
            port.close()


def _pty_lines_class() -> type:
    import serial

    class PtyLines(serial.Serial):  # type: ignore[misc]
        """A pty has no modem lines; the PortManager asks for them and sets them."""

        cts = dsr = ri = cd = property(lambda self: False)

        def _update_rts_state(self) -> None:
            pass

        def _update_dtr_state(self) -> None:
            pass

        def _reconfigure_port(self, force_update: bool = False) -> None:
            asked, self._parity = self._parity, "N"  # a pty cannot do even parity
            try:
                super()._reconfigure_port(force_update)
            finally:
                self._parity = asked  # what the gateway reports back: the client's 8E1

    return PtyLines


def _PtyLines(path: str, **kwargs: object) -> object:
    return _pty_lines_class()(path, **kwargs)


class _SocketWriter:
    """What pyserial's PortManager writes its telnet answers to."""

    def __init__(self, sock: object) -> None:
        self._sock = sock

    def write(self, data: bytes) -> None:
        self._sock.sendall(data)  # type: ignore[attr-defined]


class PymodbusServer:
    """pymodbus' own serial server (an implementation this project did not write) in a
    thread with its own event loop; subclasses build the devices it holds."""

    def __init__(self, port: str, devices: list[object], name: str = "pymodbus-peer") -> None:
        import asyncio

        self.loop = asyncio.new_event_loop()
        self.devices, self.port = devices, port
        self.server: object = None
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.thread.start()
        assert self.ready.wait(10), "pymodbus server did not start"

    def _run(self) -> None:
        import asyncio

        asyncio.set_event_loop(self.loop)

        async def serve() -> None:
            from pymodbus.server import ModbusSerialServer

            self.server = ModbusSerialServer(
                self.devices, port=self.port, baudrate=9600, parity="N"
            )
            await self.server.serve_forever(background=True)
            self.ready.set()
            await self.server.serving

        self.loop.run_until_complete(serve())
        self.loop.close()

    def stop(self) -> None:
        import asyncio

        assert self.server is not None
        asyncio.run_coroutine_threadsafe(
            self.server.shutdown(),
            self.loop,  # type: ignore[attr-defined]
        ).result(10)
        self.thread.join(10)
