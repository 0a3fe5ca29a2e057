"""Recharge batches resumed after SIGKILL of the collector process: no item done twice.

Money batches (a sheet per batch, approved by a second administrator) and a relay batch run
in collector processes killed at random moments; one more collector then finishes. The
simulated meters (a separate process-independent pty bus) prove it: each meter's purchase
count and total equal exactly the batch items for its room, and the ledger holds one
posting per item key. Pattern and zygote: tests/collector/test_crash.py.
"""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from app.batch import BatchRequest, Selection, approve, create
from app.db import Database
from app.ledger.journal import verify
from app.models import BatchStatus, BillingMode, ItemState, LedgerTxn
from app.security import audit
from drivers.simulator import BusSimulator, SimClock
from drivers.simulator.model import MICRO
from tests.collector.conftest import make_site, wait_for
from tests.collector.test_crash import Zygote

from .conftest import Staff, items, status

KILLS = int(os.environ.get("WATTDESK_BATCH_KILLS", "12"))


def _sheet(path: Path, amounts: dict[str, str]) -> Path:
    path.write_text(
        "room,amount,method\n" + "".join(f"{r},{a},cash\n" for r, a in amounts.items()),
        encoding="utf-8",
    )
    return path


def _half_done(db: Database, batches: list[int]) -> bool:
    states = [i.state for b in batches for i in items(db, b)]
    return ItemState.SENT in states or (ItemState.DONE in states and ItemState.QUEUED in states)


@pytest.mark.slow
def test_batches_survive_sigkill(
    db: Database, shared_keyring: None, staff: Staff, tmp_path: Path
) -> None:
    rng = random.Random(17)
    with BusSimulator(count=4, protocol="modbus", clock=SimClock(rate=1)) as sim:
        for m in sim.meters:
            m.balance_u, m.max_balance_fen, m.frozen_power_w = 10 * MICRO, 10**9, 500.0
        make_site(db, sim, {str(a): BillingMode.METER for a in range(1, 5)})
        batches = []
        for n in range(5):
            amounts = {
                f"10{a}": f"{rng.randint(1, 99)}.{rng.randint(0, 99):02d}" for a in range(1, 5)
            }
            sheet = _sheet(tmp_path / f"sheet{n}.csv", amounts)
            batch_id = create(db, staff.admin, BatchRequest("recharge", sheet=sheet))
            assert status(db, batch_id) is BatchStatus.APPROVAL
            approve(db, staff.admin2, batch_id)
            batches.append(batch_id)
        relay = create(db, staff.operator, BatchRequest("cut", Selection(building="1号楼")))
        zygote = Zygote(db.url)
        try:
            hit = 0  # kills that left work half done (an item sent, or a batch running)
            for _ in range(KILLS):
                pid = zygote.spawn()
                time.sleep(rng.uniform(0.0, 0.6))  # a random moment, not a synchronisation
                os.kill(pid, signal.SIGKILL)
                hit += _half_done(db, [*batches, relay])
            pid = zygote.spawn()
            wait_for(
                lambda: all(status(db, b) is BatchStatus.DONE for b in [*batches, relay]),
                120,
                "every batch done",
            )
            os.kill(pid, signal.SIGKILL)
        finally:
            zygote.close()
        assert hit > 0 or KILLS < 5, "no kill landed while the batches were running"
        every = [i for b in batches for i in items(db, b)]
        assert all(i.state is ItemState.DONE for i in every), [
            (i.key, i.state, i.reason) for i in every if i.state is not ItemState.DONE
        ]
        with db.read() as s:
            keys = list(
                s.scalars(
                    select(LedgerTxn.idempotency_key).where(
                        LedgerTxn.idempotency_key.like("batch:%")
                    )
                )
            )
        assert sorted(keys) == sorted(i.key for i in every)  # one posting per item
        for address in range(1, 5):
            mine = [i for i in every if i.params["label"].endswith(f"10{address}")]
            virtual = sim.meter(str(address))
            assert virtual.purchase_count == len(mine) == 5
            assert virtual.purchase_total_fen == sum(i.params["amount_fen"] for i in mine)
            assert virtual.relay_cut
        assert all(i.state is ItemState.DONE for i in items(db, relay))
    assert verify(db).ok
    assert audit.verify_chain(db).ok
