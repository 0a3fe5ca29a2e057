"""Exactly once with real processes: SIGKILL half-way through a run, two desks at once."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy import func, select

from app.billing.runs import post
from app.db import Database
from app.ledger.corrections import charge_fee
from app.ledger.journal import verify
from app.models import Account, BillingLine, BillingRun, FeeItem, LedgerTxn, Role
from app.security import Actor, audit
from tests.security.filekeyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("run_driver.py")


@pytest.fixture
def file_keyring() -> None:
    """The desks are other processes: they and this test share the file keyring (requested
    before the park, so the audit key is made in it)."""
    keyring.set_keyring(FileKeyring())
    audit.forget_cached_keys()


@pytest.fixture
def desks(file_keyring: None, park: Database, staff: dict[Role, Actor]) -> int:
    """A deducted fixed fee item (¥10 a month, park-wide) and the audit key, made once."""
    with park.read() as s:
        first = s.scalar(select(Account.id).order_by(Account.id))
    charge_fee(park, staff[Role.ADMIN], first, "1", "key")  # the audit key, made once
    with park.write() as s:
        item = FeeItem(
            name="测试物业费",
            definition={"amount_kind": "fixed", "amount": "10", "scope": {"park": True}},
            effective_from=datetime(2026, 1, 1).date(),
        )
        s.add(item)
        s.flush()
        item_id = item.id
    return item_id


def start(url: str, source: str, mode: str, desk: str) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, str(DRIVER), url, source, "2026-11", mode, desk],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert expect(proc) == "ready"
    return proc


def expect(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    return proc.stdout.readline().strip()


def send(proc: subprocess.Popen[str], text: str = "go") -> None:
    assert proc.stdin is not None
    proc.stdin.write(text + "\n")
    proc.stdin.flush()


def fee_txns(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count(LedgerTxn.id)).where(LedgerTxn.kind == "fee")) or 0)


def test_a_run_killed_half_way_leaves_nothing_and_reruns_once(
    file_keyring: None, park: Database, staff: dict[Role, Actor], desks: int
) -> None:
    before = fee_txns(park)
    with park.read() as s:
        balances = dict(s.execute(select(Account.id, Account.balance_fen)).all())
    proc = start(park.url, f"fee:{desks}", "crash:20", "desk-crash")
    try:
        send(proc)
        assert expect(proc) == "mid"  # every account charged inside the open transaction
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert fee_txns(park) == before  # nothing of the killed run survived
    with park.read() as s:
        assert s.scalar(select(func.count(BillingRun.id))) == 0
    run = post(park, staff[Role.ADMIN], f"fee:{desks}", "2026-11")
    with park.read() as s:
        lines = s.scalars(select(BillingLine).where(BillingLine.run_id == run.id)).all()
        after = dict(s.execute(select(Account.id, Account.balance_fen)).all())
    assert lines and all(line.fen == 1000 for line in lines)
    for line in lines:
        if line.txn_id is not None:
            assert after[line.account_id] == balances[line.account_id] - 1000
    assert fee_txns(park) == before + sum(1 for line in lines if line.txn_id is not None)
    report = verify(park)
    assert report.ok, report.breaches[:5]


def test_two_desks_posting_together_charge_once(
    file_keyring: None, park: Database, staff: dict[Role, Actor], desks: int, db_backend: str
) -> None:
    # on PostgreSQL both desks get past the "already posted?" check before either writes;
    # SQLite's write lock serialises the whole transaction, so the second sees the first
    mode = "race" if db_backend == "postgresql" else "plain"
    procs = [start(park.url, f"fee:{desks}", mode, f"desk-{n}") for n in (1, 2)]
    results: list[dict[str, Any]] = []
    try:
        for proc in procs:
            send(proc)
        if mode == "race":
            for proc in procs:
                assert expect(proc) == "computed"
            for proc in procs:
                send(proc)
        for proc in procs:
            out, _ = proc.communicate(timeout=240)
            assert proc.returncode == 0, out
            results += [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    runs = [r["run"] for r in results if "run" in r]
    refused = [r["refused"] for r in results if "refused" in r]
    assert len(runs) == 1 and len(refused) == 1, results
    assert "already posted as run" in refused[0]
    with park.read() as s:
        assert s.scalar(select(func.count(BillingRun.id))) == 1
        keys = s.scalars(select(LedgerTxn.idempotency_key).where(LedgerTxn.kind == "fee")).all()
    fee_keys = [k for k in keys if k and k.startswith(f"fee:{desks}:")]
    assert len(fee_keys) == len(set(fee_keys)) > 0
    report = verify(park)
    assert report.ok, report.breaches[:5]
