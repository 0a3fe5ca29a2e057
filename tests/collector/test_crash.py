"""SIGKILL of the collector at random moments during recharges and relay commands.

After every kill a new collector process starts on the same database; at the end one more
runs until the queue is empty. Then: every command is confirmed (none failed, none lost),
no purchase was applied twice (the simulated meters' purchase counts and totals equal the
confirmed recharges exactly), the ledger and the audit chain verify.

``WATTDESK_COLLECTOR_KILLS`` sets the number of kills: 40 by default (``make test``, about
25 s per back end on the 2-core machine: each kill costs a fork, a collector start and a
random wait); ``WATTDESK_COLLECTOR_KILLS=100`` is the full run (about 60 s per back end), worth
it after a change to the executor, the command queue or the collector's start. How often a
kill leaves a command sent and in doubt depends on the machine: 9 of 40 on SQLite and 25 of
40 on PostgreSQL under load 6, but 1 or 2 of 40 when idle (so 40 kills alone sometimes hit
none). The test therefore kills on, up to five times as often, until one did, and fails when
none did (``in_doubt > 0``): it never silently stops reaching the write path it is about.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select

from app.db import Database
from app.ledger.journal import verify
from app.ledger.recharge import RechargeRequest, recharge
from app.models import BillingMode, CommandStatus, MeterCommand
from app.security import audit, system_actor
from app.services.commands import request_relay
from drivers.simulator import BusSimulator, SimClock
from drivers.simulator.model import MICRO
from tests.security.filekeyring import FileKeyring

from .conftest import make_site, wait_for

KILLS = int(os.environ.get("WATTDESK_COLLECTOR_KILLS", "40"))  # 100: the full run
ROOT = Path(__file__).resolve().parents[2]
ACTOR = system_actor(name="cli:crash-test")


@pytest.fixture
def shared_keyring() -> Iterator[None]:
    """The collector processes read the audit key from the file keyring: so must we."""
    keyring.set_keyring(FileKeyring())
    audit.forget_cached_keys()
    yield


class Zygote:
    def __init__(self, url: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("crash_driver.py")), url],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self.proc.stdout is not None and self.proc.stdin is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def spawn(self) -> int:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write("go\n")
        line = self.proc.stdout.readline().split()
        assert line and line[0] == "up", line
        return int(line[1])

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("quit\n")
        self.proc.stdin.close()
        self.proc.wait(timeout=10)


def _sent(db: Database) -> int:
    with db.read() as s:
        return len(
            s.scalars(
                select(MeterCommand.id).where(MeterCommand.status == CommandStatus.SENT)
            ).all()
        )


def _active(db: Database) -> int:
    with db.read() as s:
        return len(
            s.scalars(
                select(MeterCommand.id).where(
                    MeterCommand.status.in_((CommandStatus.PENDING, CommandStatus.SENT))
                )
            ).all()
        )


@pytest.mark.slow
def test_collector_survives_sigkill(db: Database, shared_keyring: None) -> None:
    rng = random.Random(6)
    with BusSimulator(count=4, protocol="modbus", clock=SimClock(rate=1)) as sim:
        for m in sim.meters:
            m.balance_u, m.max_balance_fen, m.frozen_power_w = 10 * MICRO, 10**9, 500.0
        site = make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
        zygote = Zygote(db.url)
        try:
            n = in_doubt = kills = 0
            # at least KILLS kills, and more (up to 5 x) until one left a command in doubt:
            # on an idle machine that is 1 or 2 kills in 40, under load many more
            while kills < KILLS or (in_doubt == 0 and kills < 5 * KILLS):
                kills += 1
                for _ in range(rng.choice((0, 1, 1, 2))):
                    n += 1
                    address = str(rng.randint(1, 4))
                    recharge(
                        db,
                        ACTOR,
                        RechargeRequest(
                            amount=f"{rng.randint(1, 99)}.{rng.randint(0, 99):02d}",
                            method="cash",
                            idempotency_key=f"crash-recharge-{n:06d}",
                            room_id=site.rooms[address],
                        ),
                    )
                if rng.random() < 0.4:
                    request_relay(
                        db, ACTOR, site.meter_id(rng.randint(1, 4)), rng.choice(("cut", "close"))
                    )
                pid = zygote.spawn()
                time.sleep(rng.uniform(0.0, 0.5))  # a random moment, not a synchronisation
                os.kill(pid, signal.SIGKILL)
                in_doubt += _sent(db) > 0
            pid = zygote.spawn()
            wait_for(lambda: _active(db) == 0, 60, "queue drained")
            os.kill(pid, signal.SIGKILL)
        finally:
            zygote.close()
        with db.read() as s:
            commands = list(s.scalars(select(MeterCommand)))
        recharges = [c for c in commands if c.kind == "recharge"]
        assert recharges and all(c.status is CommandStatus.CONFIRMED for c in recharges), [
            (c.id, c.status, c.result) for c in recharges if c.status is not CommandStatus.CONFIRMED
        ]
        for address, meter_id in site.meters.items():
            mine = [c for c in recharges if c.meter_id == meter_id]
            virtual = sim.meter(address)
            assert virtual.purchase_count == len(mine)
            assert virtual.purchase_total_fen == sum(c.payload["amount_fen"] for c in mine)
            assert sorted(c.payload["expected_count"] for c in mine) == list(
                range(1, len(mine) + 1)
            )
        relays = [c for c in commands if c.kind == "relay"]
        assert all(
            c.status in (CommandStatus.CONFIRMED, CommandStatus.CANCELLED) for c in relays
        ), [(c.id, c.status, c.result) for c in relays]
    print(f"{kills} kills, {in_doubt} left a command sent and in doubt, {n} recharges")
    assert in_doubt > 0 or KILLS < 20  # the kills really hit the write path
    assert verify(db).ok
    assert audit.verify_chain(db).ok
