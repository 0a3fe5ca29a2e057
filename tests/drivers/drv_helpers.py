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
