"""Writers that never starve: eight threads and eight processes recharge one account on a
busy machine (three CPU hogs), in both billing modes: every recharge commits, none is lost.

Before the writers' queue (app.writelock), SQLite's busy handler arbitrated between
processes with growing sleeps, and 11 of 200 recharges from 8 processes on one meter-side
account failed with "database is locked" after the 15 s busy timeout.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from sqlalchemy import func, select

from app.db import Database
from app.ledger.journal import verify
from app.ledger.recharge import RechargeRequest, recharge
from app.models import Account, BillingMode, LedgerTxn, MeterCommand, Receipt
from app.security import audit, system_actor
from app.writelock import FairLock, FileWriteLock
from tests.security.filekeyring import FileKeyring

from .conftest import room_of

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 8
EACH = 25  # per thread
EACH_PROCESS = 60  # per process: 480 recharges, long enough that the old code starved one


@pytest.fixture
def busy_machine() -> Iterator[None]:
    """Three busy-loop processes, so the machine is loaded even on an idle CI box."""
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(3)]
    yield
    for hog in hogs:
        hog.kill()
    for hog in hogs:
        hog.wait()


def _expected_fen(tag: int, each: int) -> list[int]:
    return [(tag + 1) * 100 + i for i in range(each)]


def _check(db: Database, mode: BillingMode, done: list[int]) -> None:
    """No lost update: balance, ledger, receipts and (meter-side) purchase counts agree
    with the recharges that reported success."""
    with db.read() as s:
        seqs = sorted(s.scalars(select(Receipt.seq)))
        assert len(seqs) == len(done)
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), "receipt numbers have a gap"
        txns = s.scalar(
            select(func.count(LedgerTxn.id)).where(LedgerTxn.idempotency_key.like("writers-%"))
        )
        assert txns == len(done)
        if mode is BillingMode.METER:
            counts = sorted(
                int(c.payload["expected_count"])
                for c in s.scalars(select(MeterCommand).where(MeterCommand.kind == "recharge"))
            )
            assert counts == list(range(counts[0], counts[0] + len(done))), "a count was reused"
    report = verify(db)
    assert report.ok, report.breaches[:5]
    assert report.receipts == len(done)


def _balance(db: Database, account_id: int) -> int:
    with db.read() as s:
        account = s.get(Account, account_id)
        assert account is not None
        return account.balance_fen


@pytest.mark.parametrize("mode", [BillingMode.PLATFORM, BillingMode.METER])
def test_eight_threads_on_a_busy_machine(
    park: Database, busy_machine: None, mode: BillingMode
) -> None:
    room = room_of(park, mode)
    assert room.account_id is not None
    before = _balance(park, room.account_id)
    actor = system_actor(name="writers-threads")
    done: list[int] = []
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def worker(tag: int) -> None:
        start.wait()
        for i in range(EACH):
            amount = f"{tag + 1}.{i:02d}"
            try:
                result = recharge(
                    park,
                    actor,
                    RechargeRequest(amount, "cash", f"writers-{tag}-{i:04d}", room_id=room.id),
                )
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
                continue
            done.append(result.amount_fen)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[:3]
    assert sorted(done) == sorted(fen for tag in range(WRITERS) for fen in _expected_fen(tag, EACH))
    _check(park, mode, done)
    if mode is BillingMode.PLATFORM:
        assert _balance(park, room.account_id) == before + sum(done)


@pytest.mark.parametrize("mode", [BillingMode.PLATFORM, BillingMode.METER])
def test_eight_processes_on_a_busy_machine(
    park: Database, busy_machine: None, mode: BillingMode
) -> None:
    room = room_of(park, mode)
    assert room.account_id is not None
    before = _balance(park, room.account_id)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.money.writers_driver",
                park.url,
                str(room.id),
                str(EACH_PROCESS),
                str(tag),
            ],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for tag in range(WRITERS)
    ]
    try:
        for p in procs:  # every process imported and connected: start them together
            assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        for p in procs:
            assert p.stdin is not None
            p.stdin.write("go\n")
            p.stdin.flush()
        outputs = [p.communicate(timeout=600)[0] for p in procs]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    summaries = [json.loads(out.strip().splitlines()[-1]) for out in outputs]
    errors = [e for s in summaries for e in s["errors"]]
    assert not errors, errors[:3]
    done = [fen for s in summaries for fen in s["done"]]
    assert sorted(done) == sorted(
        fen for tag in range(WRITERS) for fen in _expected_fen(tag, EACH_PROCESS)
    )
    keyring.set_keyring(FileKeyring())  # the chain's key, as the processes made and kept it
    audit.forget_cached_keys()
    _check(park, mode, done)
    if mode is BillingMode.PLATFORM:
        assert _balance(park, room.account_id) == before + sum(done)


def test_fair_lock_serves_waiters_in_arrival_order() -> None:
    """Threads that queue one after another get the lock in that order (an RLock wakes any)."""
    lock = FairLock()
    assert lock.acquire(timeout=1)
    order: list[int] = []
    queued: list[threading.Event] = [threading.Event() for _ in range(6)]

    def waiter(n: int) -> None:
        queued[n].set()
        assert lock.acquire(timeout=60)
        order.append(n)
        lock.release()

    threads = []
    for n in range(6):
        t = threading.Thread(target=waiter, args=(n,))
        t.start()
        queued[n].wait()
        # the waiter is in the queue once the lock's queue has grown
        while len(lock._waiters) < n + 1:
            threading.Event().wait(0.001)
        threads.append(t)
    lock.release()
    for t in threads:
        t.join()
    assert order == list(range(6))


def test_fair_lock_is_reentrant_and_gives_up_after_its_timeout() -> None:
    lock = FairLock()
    assert lock.acquire(timeout=1) and lock.acquire(timeout=1) and lock.depth == 2
    outcome: list[bool] = []
    t = threading.Thread(target=lambda: outcome.append(lock.acquire(timeout=0.05)))
    t.start()
    t.join()
    assert outcome == [False] and not lock._waiters
    lock.release()
    lock.release()
    assert lock.depth == 0 and lock.acquire(timeout=1)
    lock.release()


def test_file_lock_excludes_another_process_and_names_the_holder(tmp_path: Path) -> None:
    """The lock next to the database file is held across processes; the holder's pid is in
    the file for a "database is locked" message."""
    from app.writelock import FileWriteLock

    database = tmp_path / "x.sqlite"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from app.writelock import FileWriteLock\n"
            f"lock = FileWriteLock(Path({str(database)!r}))\n"
            "assert lock.acquire(5); print('held', flush=True); sys.stdin.readline()\n"
            "lock.release(); print('released', flush=True); sys.stdin.readline()",
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        mine = FileWriteLock(database)
        assert not mine.acquire(0.2)  # another process holds it
        assert mine.holder() == f"pid {holder.pid}"
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "released"
        assert mine.acquire(5)
        assert mine.holder() == f"pid {os.getpid()}"
        mine.release()
        mine.close()
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(30)


def test_a_waiter_waits_on_while_the_queue_moves(tmp_path: Path) -> None:
    """The timeout runs from the last change of holder: a writer behind a queue that keeps
    moving for longer than one timeout is not turned away (on a loaded machine eight
    processes' turns outlast one busy timeout, and the waiter that gave up then lost its
    recharge to SQLite's busy handler); a holder that never lets go still times out."""
    database = tmp_path / "wattdesk.db"
    cycler = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from app.writelock import FileWriteLock\n"
            f"lock = FileWriteLock(Path({str(database)!r}))\n"
            "assert lock.acquire(5); print('held', flush=True)\n"
            "turns = 0\n"
            "while sys.stdin.readline().strip() == 'next':\n"
            "    lock.release(); assert lock.acquire(5); turns += 1\n"
            "    print('turn', turns, flush=True)\n"
            "lock.release(); print('released', flush=True)",
        ],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert cycler.stdin is not None and cycler.stdout is not None
    stamps: list[str] = []
    try:
        assert cycler.stdout.readline().strip() == "held"
        mine = FileWriteLock(database)
        got: list[bool] = []
        waiter = threading.Thread(target=lambda: got.append(mine.acquire(3)))
        waiter.start()
        # the other process takes a new turn whenever the waiter's timeout is near: the
        # holder changes token each time, so the waiter must wait on (or win a gap)
        while waiter.is_alive() and len(stamps) < 25:  # 25 turns: about 5 s, past the 3 s
            waiter.join(0.2)
            if not waiter.is_alive():
                break
            cycler.stdin.write("next\n")
            cycler.stdin.flush()
            stamps.append(cycler.stdout.readline().strip())
        if waiter.is_alive():
            cycler.stdin.write("stop\n")
            cycler.stdin.flush()
        waiter.join(30)
        assert got == [True], (got, stamps)
        mine.release()
        mine.close()
    finally:
        with contextlib.suppress(OSError, ValueError):
            cycler.stdin.write("stop\n")
            cycler.stdin.flush()
        cycler.wait(30)
