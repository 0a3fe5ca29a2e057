"""Helpers of the several-desks tests: a ``python -m app`` subprocess whose output lines a
test can wait for, and the socket:// site on a ``TcpBus``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from sqlalchemy import update

from app.db import Database
from app.models import BillingMode
from app.models import Link as LinkRow
from drivers.simulator import BusSimulator

from .conftest import Site, make_site, wait_for
from .tcpbus import TcpBus

ROOT = Path(__file__).resolve().parents[2]


class Desk:
    """``python -m app ARGS`` as workstation ``name``; its stdout lines kept for waiting."""

    def __init__(self, name: str, *args: str, env: dict[str, str] | None = None) -> None:
        environment = {**(env or os.environ), "WATTDESK_WORKSTATION": name, "WATTDESK_LANG": "en"}
        self.name = name
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", *args],
            cwd=ROOT,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, name=f"desk {name}", daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def said(self, text: str) -> bool:
        return any(text in line for line in list(self.lines))

    def wait_said(self, text: str, timeout: float = 90.0) -> None:
        wait_for(
            lambda: self.said(text) or self.proc.poll() is not None, timeout, f"{self.name}: {text}"
        )
        assert self.said(text), f"{self.name} exited {self.proc.returncode}:\n" + self.output()

    def output(self) -> str:
        return "\n".join(self.lines)

    def kill(self) -> None:
        """SIGKILL: no clean-up at all (the lease stays held until it expires)."""
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(60)
        self._reader.join(30)

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM and wait (killed if it does not stop)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)
        self._reader.join(30)
        return self.proc.returncode


def collector(name: str, url: str, *extra: str) -> Desk:
    return Desk(name, "collector", "--db", url, *extra)


def tcp_site(db: Database, sim: BusSimulator, bus: TcpBus, billing: dict[str, BillingMode]) -> Site:
    """``make_site`` with its link on the TCP port (a slower, looser timeout: the requests go
    through the test's relay thread on a loaded machine)."""
    site = make_site(db, sim, billing)
    with db.write() as s:
        s.execute(update(LinkRow).values(url=bus.url, timeout_ms=1000))
    return site
