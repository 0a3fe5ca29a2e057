"""SIGKILL at random moments of the recharge write path: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import keyring
import pytest
from sqlalchemy import func, select

from app.db import open_database
from app.demo import build_demo
from app.ledger.journal import verify
from app.models import Account, LedgerTxn, MeterCommand, Payment, Receipt, Room
from app.security import audit
from tests.security.filekeyring import FileKeyring

KILLS = int(os.environ.get("WATTDESK_CRASH_KILLS", "200"))


@pytest.mark.slow
def test_recharges_survive_sigkill(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'crash.sqlite'}"
    db = open_database(url)
    build_demo(db, rooms=200, opening_balances=False)
    db.dispose()
    done = subprocess.run(
        [sys.executable, "-m", "tests.money.crash_driver", url, str(KILLS), "20261125"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ},
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["kills"] == KILLS and summary["final_status"] == 0, done.stderr[-3000:]
    intents = [
        line.split(",")
        for line in Path(f"{tmp_path / 'crash.sqlite'}.intents").read_text().splitlines()
    ]
    assert len(intents) >= KILLS  # every kill happened after at least one intent

    keyring.set_keyring(FileKeyring())  # the chain's key, as the killed processes kept it
    audit.forget_cached_keys()
    db = open_database(url)
    report = verify(db)
    assert report.ok, report.breaches[:5]
    with db.read() as s:
        keys = dict(s.execute(select(LedgerTxn.idempotency_key, LedgerTxn.id)).all())
        # every intended recharge exists exactly once (the key is unique), none is extra
        assert {k for k, _, _ in intents} == set(keys)
        assert s.scalar(select(func.count(Payment.id))) == len(intents)
        seqs = [q for (q,) in s.execute(select(Receipt.seq).order_by(Receipt.seq))]
        assert seqs == list(range(1, len(intents) + 1))  # gap-free, each used once
        # money adds up: per account for platform rooms, per meter command for meter-side ones
        by_account: dict[int, int] = defaultdict(int)
        meter_side = 0
        for _, room_id, amount in intents:
            fen = int(Decimal(amount) * 100)
            query = (
                select(MeterCommand.id)
                .join(Payment, Payment.txn_id == MeterCommand.txn_id)
                .where(Payment.room_id == int(room_id))
            )
            if s.scalars(query).first() is not None:
                meter_side += 1
            else:
                by_account[s.get(Room, int(room_id)).account_id] += fen
        for account_id, fen in by_account.items():
            assert s.get(Account, account_id).balance_fen == fen
        commands = s.scalars(select(MeterCommand).order_by(MeterCommand.id)).all()
        assert meter_side and by_account  # both write paths were hit
        assert len(commands) == meter_side  # one visibly pending command per meter-side recharge
        per_meter: dict[int, list[int]] = defaultdict(list)
        for command in commands:
            per_meter[command.meter_id].append(command.payload["expected_count"])
        for counts in per_meter.values():  # purchase counts queue N+1, N+2, ... without holes
            assert sorted(counts) == list(range(1, len(counts) + 1))
    db.dispose()
