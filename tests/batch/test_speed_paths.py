"""The grouped posting of a recharge sheet (``engine._post_group``, ``recharge_many``).

A group of a batch's recharges is one write transaction (one commit, one ledger seal row)
yet leaves exactly what one recharge at a time leaves: a ledger transaction under the
item's key, a payment, a gap-free receipt with the balances, an audit row; ``ledger
verify`` and ``audit verify`` hold. A refused item makes its group roll back whole and be
posted one by one (only that item fails). A ``batch work`` process killed mid-group
leaves nothing of that group; the rerun posts each item once.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from app.batch import BatchRequest, approve, create, tick
from app.batch.engine import GROUP
from app.collector.commitgroup import CommitGroup
from app.db import Database
from app.ledger.journal import verify
from app.models import (
    Account,
    AccountStatus,
    AuditEntry,
    Building,
    Event,
    Floor,
    ItemState,
    LedgerTxn,
    Park,
    Payment,
    Receipt,
    Room,
    Tenant,
    TenantKind,
    utcnow,
)
from app.security import audit
from tests.collector.conftest import wait_for

from .conftest import Staff, items, status

ROOT = Path(__file__).resolve().parents[2]


def _rooms(db: Database, n: int) -> None:
    """``n`` platform-side rooms R0000.. with open accounts (no meters: money only)."""
    with db.write() as s:
        park = Park(name="园区")
        s.add(park)
        s.flush()
        building = Building(park_id=park.id, name="S")
        s.add(building)
        s.flush()
        floor = Floor(building_id=building.id, name="1F", level=1)
        s.add(floor)
        s.flush()
        for i in range(n):
            tenant = Tenant(name=f"t{i}", kind=TenantKind.DORM)
            s.add(tenant)
            s.flush()
            account = Account(number=f"S{i:06d}", tenant_id=tenant.id)
            s.add(account)
            s.flush()
            s.add(Room(floor_id=floor.id, number=f"R{i:04d}", account_id=account.id))


def _sheet(path: Path, n: int) -> Path:
    path.write_text(
        "room,amount,method\n" + "".join(f"R{i:04d},{10 + i % 7}.25,cash\n" for i in range(n)),
        encoding="utf-8",
    )
    return path


def _approved(db: Database, staff: Staff, sheet: Path) -> int:
    batch_id = create(db, staff.admin, BatchRequest("recharge", sheet=sheet))
    approve(db, staff.admin2, batch_id)
    return batch_id


def _count(db: Database, model: type, *where: object) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


def _assert_each_once(db: Database, batch_id: int) -> None:
    """Every item: one transaction under its key, one payment of its amount, one receipt
    (gap-free numbers overall), one audit row; both chains verify."""
    every = items(db, batch_id)
    assert all(i.state is ItemState.DONE for i in every), [(i.key, i.state) for i in every]
    with db.read() as s:
        for item in every:
            txn = s.scalars(select(LedgerTxn).where(LedgerTxn.idempotency_key == item.key)).one()
            assert item.txn_id == txn.id
            pay = s.scalars(select(Payment).where(Payment.txn_id == txn.id)).one()
            assert pay.amount_fen == item.params["amount_fen"]
            receipt = s.scalars(select(Receipt).where(Receipt.txn_id == txn.id)).one()
            assert item.reason == receipt.number
            content = receipt.content
            assert content["balance_after_fen"] - content["balance_before_fen"] == pay.amount_fen
            assert content["park"] == "园区"
        seqs = sorted(s.scalars(select(Receipt.seq)))
        assert seqs == list(range(1, len(seqs) + 1))  # gap-free
        recharges = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "recharge")
        )
        assert recharges == len(every)
    assert verify(db).ok
    assert audit.verify_chain(db).ok


def test_a_group_of_recharges_is_one_transaction_with_each_ones_rows(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    _rooms(db, 60)
    batch_id = _approved(db, staff, _sheet(tmp_path / "s.csv", 60))
    commits: list[int] = []
    listener = lambda _conn: commits.append(1)  # noqa: E731
    event.listen(db.engine, "commit", listener)
    try:
        while tick(db, workstation="desk-1", chunk=60).posted:
            pass
    finally:
        event.remove(db.engine, "commit", listener)
    assert status(db, batch_id).value == "done"
    _assert_each_once(db, batch_id)
    # the 60 postings and their items' states in one commit (one by one: 60 + 1 settle);
    # the rest is the engine's start, sync and finish steps
    assert len(commits) <= 8, len(commits)


def test_a_refused_item_rolls_its_group_back_and_only_it_fails(
    db: Database, staff: Staff, tmp_path: Path
) -> None:
    _rooms(db, 30)
    batch_id = _approved(db, staff, _sheet(tmp_path / "s.csv", 30))
    with db.write() as s:  # closed after the sheet was checked: refused when posted
        room = s.scalars(select(Room).where(Room.number == "R0017")).one()
        account = s.get(Account, room.account_id)
        assert account is not None
        account.status = AccountStatus.CLOSED
    while tick(db, workstation="desk-1", chunk=30).posted:
        pass
    every = items(db, batch_id)
    failed = [i for i in every if i.state is ItemState.FAILED]
    assert [i.room_id for i in failed] == [room.id]
    assert "closed" in failed[0].reason
    done = [i for i in every if i.state is ItemState.DONE]
    assert len(done) == 29
    assert _count(db, LedgerTxn, LedgerTxn.idempotency_key.like("batch:%")) == 29
    assert verify(db).ok
    assert audit.verify_chain(db).ok


WORK = """
import sys
from tests.security.filekeyring import FileKeyring
import keyring
keyring.set_keyring(FileKeyring())
from app.db import open_database
from app.batch import tick
db = open_database(sys.argv[1])
while True:
    tick(db, workstation="worker", chunk=400)
"""


def test_a_worker_killed_mid_group_leaves_nothing_of_it_and_the_rerun_posts_each_once(
    db: Database, shared_keyring: None, staff: Staff, tmp_path: Path
) -> None:
    n = 1500
    _rooms(db, n)
    batch_id = _approved(db, staff, _sheet(tmp_path / "s.csv", n))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", WORK, db.url], cwd=ROOT, env=env)
    try:
        # killed once the first groups are in and the batch is far from done
        wait_for(
            lambda: _count(db, LedgerTxn, LedgerTxn.idempotency_key.like("batch:%")) >= 100,
            120,
            "the first groups posted",
        )
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(30)
    posted = _count(db, LedgerTxn, LedgerTxn.idempotency_key.like("batch:%"))
    assert posted < n, "the worker finished before the kill: make the sheet longer"
    assert posted % GROUP == 0  # whole groups only: the interrupted one left nothing
    assert _count(db, Payment) == _count(db, Receipt) == posted
    while tick(db, workstation="desk-1", chunk=500).posted:
        pass
    assert status(db, batch_id).value == "done"
    _assert_each_once(db, batch_id)


def test_command_steps_of_several_buses_share_one_commit_and_a_bad_step_fails_alone(
    db: Database,
) -> None:
    """``CommitGroup`` (the executor's sent marks and outcomes): steps that arrive while a
    transaction is written go together in the next one; each caller returns only after its
    step committed; a step that raises rolls its group back, the others are written again
    alone and only its caller gets the error."""
    group = CommitGroup(db)
    hold = threading.Event()
    n = 12
    results: dict[int, object] = {}

    def step(i: int) -> Callable[[Session], int]:
        def write(s: Session) -> int:
            if i == 0:
                hold.wait(60)  # the first transaction is slow: the others queue behind it
            if i == 7:
                raise ValueError("step 7 is bad")
            s.add(Event(ts=utcnow(), kind="test.step", level=0, message=f"step {i}", data={}))
            s.flush()
            return i

        return write

    def caller(i: int) -> None:
        try:
            results[i] = group.run(step(i))
        except ValueError as exc:
            results[i] = exc

    threads = [threading.Thread(target=caller, args=(0,))]
    threads[0].start()
    wait_for(lambda: group._leading, 30, "the first step leading")
    threads += [threading.Thread(target=caller, args=(i,)) for i in range(1, n)]
    for t in threads[1:]:
        t.start()
    wait_for(lambda: len(group._queue) == n - 1, 30, "the other steps queued")
    hold.set()
    for t in threads:
        t.join(60)
    assert isinstance(results.pop(7), ValueError)
    assert results == {i: i for i in range(n) if i != 7}
    with db.read() as s:
        written = sorted(s.scalars(select(Event.message).where(Event.kind == "test.step")))
    assert written == sorted(f"step {i}" for i in range(n) if i != 7)
    # the first alone; the 11 queued ones in one group that rolled back (step 7); then
    # each of them alone, so that only step 7's caller fails
    assert (group.commits, group.steps) == (n - 1, n - 1)


def test_steps_that_wait_together_are_committed_together(db: Database) -> None:
    group = CommitGroup(db)
    hold = threading.Event()
    n = 10

    def write(i: int) -> Callable[[Session], int]:
        def step(s: Session) -> int:
            if i == 0:
                hold.wait(60)
            s.add(Event(ts=utcnow(), kind="test.step", level=0, message=f"step {i}", data={}))
            return i

        return step

    threads = [threading.Thread(target=group.run, args=(write(0),))]
    threads[0].start()
    wait_for(lambda: group._leading, 30, "the first step leading")
    threads += [threading.Thread(target=group.run, args=(write(i),)) for i in range(1, n)]
    for t in threads[1:]:
        t.start()
    wait_for(lambda: len(group._queue) == n - 1, 30, "the other steps queued")
    hold.set()
    for t in threads:
        t.join(60)
    assert (group.commits, group.steps) == (2, n)  # one for the first, one for the 9 others
    assert _count(db, Event, Event.kind == "test.step") == n


def test_sent_marks_go_before_outcomes_in_a_group(db: Database) -> None:
    """A group writes its rank-0 steps (``sent`` marks: a command row lock) before its
    rank-1 steps (outcomes: the audit chain's lock), whatever order they came in."""
    group = CommitGroup(db)
    hold = threading.Event()
    order: list[str] = []

    def step(name: str) -> Callable[[Session], None]:
        def write(_s: Session) -> None:
            if name == "first":
                hold.wait(60)
            order.append(name)

        return write

    threads = [threading.Thread(target=group.run, args=(step("first"),))]
    threads[0].start()
    wait_for(lambda: group._leading, 30, "the first step leading")
    for queued, (name, rank) in enumerate((("outcome", 1), ("sent", 0)), start=1):
        t = threading.Thread(target=group.run, args=(step(name),), kwargs={"rank": rank})
        threads.append(t)
        t.start()
        wait_for(lambda q=queued: len(group._queue) == q, 30, "queued")
    hold.set()
    for t in threads:
        t.join(60)
    assert order == ["first", "sent", "outcome"]


def test_a_submitted_step_is_written_by_the_next_leader_or_by_its_own_wait(db: Database) -> None:
    """``submit`` queues a step without waiting (a batch command's outcome while the bus
    reads the meter back): another thread's transaction carries it, and ``wait`` then only
    collects the result; with no other writer, ``wait`` writes it itself."""
    group = CommitGroup(db)

    def write(name: str) -> Callable[[Session], str]:
        def step(s: Session) -> str:
            s.add(Event(ts=utcnow(), kind="test.step", level=0, message=name, data={}))
            return name

        return step

    deferred = group.submit(write("deferred"), rank=1)
    assert _count(db, Event, Event.kind == "test.step") == 0  # queued, not written
    assert group.run(write("other")) == "other"  # the other's group took it along
    assert deferred.done.is_set() and (group.commits, group.steps) == (1, 2)
    assert group.wait(deferred) == "deferred"
    alone = group.submit(write("alone"))
    assert group.wait(alone) == "alone"  # nobody else writing: the waiter leads
    assert (group.commits, group.steps) == (2, 3)
    assert _count(db, Event, Event.kind == "test.step") == 3
