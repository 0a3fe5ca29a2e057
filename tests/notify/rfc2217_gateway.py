"""An RFC 2217 gateway in a thread: a TCP server passing bytes to a serial path, with the
telnet option negotiation of pyserial's own ``serial.rfc2217.PortManager`` (the server side
pyserial ships), as a serial device server (串口服务器) in RFC 2217 mode does."""

from __future__ import annotations

import contextlib
import socket
import threading

import serial
from serial.rfc2217 import PortManager


class _PtySerial(serial.Serial):
    """A pty has no modem lines (TIOCMGET/TIOCMBIS fail with ENOTTY): report them off and
    ignore RTS/DTR, as a device server with a 3-wire port does."""

    @property
    def cts(self) -> bool:
        return False

    @property
    def dsr(self) -> bool:
        return False

    @property
    def ri(self) -> bool:
        return False

    @property
    def cd(self) -> bool:
        return False

    def _update_rts_state(self) -> None:
        pass

    def _update_dtr_state(self) -> None:
        pass


class _Connection:
    """What PortManager writes its negotiation answers to."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def write(self, data: bytes) -> None:
        with contextlib.suppress(OSError):
            self.sock.sendall(data)


class Rfc2217Gateway:
    def __init__(self, serial_path: str) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self.url = f"rfc2217://127.0.0.1:{self._server.getsockname()[1]}"
        self._serial = _PtySerial(serial_path, baudrate=115200, timeout=0.05)
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._accept, name="rfc2217-gw", daemon=True)]
        self._threads[0].start()

    def _accept(self) -> None:
        self._server.settimeout(0.2)
        while not self._stop.is_set():
            try:
                sock, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            manager = PortManager(self._serial, _Connection(sock))
            reader = threading.Thread(target=self._to_client, args=(sock, manager), daemon=True)
            reader.start()
            self._threads.append(reader)
            self._from_client(sock, manager)

    def _from_client(self, sock: socket.socket, manager: PortManager) -> None:
        sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                data = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                return
            if not data:
                return
            self._serial.write(b"".join(manager.filter(data)))

    def _to_client(self, sock: socket.socket, manager: PortManager) -> None:
        while not self._stop.is_set():
            data = self._serial.read(self._serial.in_waiting or 1)
            if data:
                with contextlib.suppress(OSError):
                    sock.sendall(b"".join(manager.escape(data)))

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._serial.close()
