"""Desks at the same moment on one database: row locks where SQLite relied on its single
writer (#13 item 7).

On SQLite a write transaction holds the whole file, so "look, then write" cannot interleave
with another desk. On PostgreSQL it can, and these tests make it happen deterministically:
desk A stops just before its write until desk B has either read the same thing (the race:
the old code) or is waiting on a lock (``pg_stat_activity``: the fix). The interleaving
tests are PostgreSQL's; the four-process test runs on both back ends.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy import event, select, text

from app.db import Database
from app.ledger.accounts import open_account
from app.ledger.journal import REVENUE, TENANT, Leg, post, verify
from app.ledger.recharge import RechargeRequest, recharge
from app.ledger.shifts import close_shift
from app.ledger.tariffs import publish_version
from app.models import (
    Account,
    BillingMode,
    MeterCommand,
    Payment,
    Receipt,
    Room,
    Shift,
    TariffRow,
    TariffVersionRow,
)
from app.security import audit, system_actor, verify_chain
from tests.security.filekeyring import FileKeyring

from .conftest import room_of

ROOT = Path(__file__).resolve().parents[2]
INTERLEAVE = "SQLite's write lock serialises whole transactions: nothing to interleave"


def poll(predicate: Callable[[], Any], what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def lock_waiters(db: Database) -> int:
    """Backends of this database waiting on a lock (row, advisory) right now."""
    with db.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            ).scalar_one()
        )


@contextmanager
def interleaved(
    desk_a: Database, desk_b: Database, a_stops_at: str, b_reads: str
) -> Iterator[threading.Event]:
    """Desk A stops before its first statement starting with ``a_stops_at`` (the event it
    yields is set then) and goes on once desk B has run a statement containing ``b_reads``
    or waits on a lock."""
    stopped, b_read = threading.Event(), threading.Event()
    observer = Database(desk_a.url)

    def a_hook(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith(a_stops_at) and not stopped.is_set():
            stopped.set()
            poll(lambda: b_read.is_set() or lock_waiters(observer) > 0, "desk B")

    def b_hook(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if b_reads in statement:
            b_read.set()

    event.listen(desk_a.engine, "before_cursor_execute", a_hook)
    event.listen(desk_b.engine, "after_cursor_execute", b_hook)
    try:
        yield stopped
    finally:
        event.remove(desk_a.engine, "before_cursor_execute", a_hook)
        event.remove(desk_b.engine, "after_cursor_execute", b_hook)
        observer.dispose()


def both(first: Callable[[], Any], second: Callable[[], Any], started: threading.Event) -> list:
    """Run ``first`` in a thread, ``second`` here once ``first`` has stopped; both results
    (or exceptions)."""
    out: list[Any] = [None, None]

    def run_first() -> None:
        try:
            out[0] = first()
        except Exception as exc:  # noqa: BLE001 - handed to the test
            out[0] = exc

    thread = threading.Thread(target=run_first)
    thread.start()
    poll(lambda: started.is_set() or not thread.is_alive(), "desk A to stop")
    try:
        out[1] = second()
    except Exception as exc:  # noqa: BLE001
        out[1] = exc
    thread.join(timeout=120)
    assert not thread.is_alive()
    return out


@pytest.fixture
def other_desk(park: Database) -> Iterator[Database]:
    desk = Database(park.url)  # its own engine and connections, like a second PC
    yield desk
    desk.dispose()


def pg_only(db_backend: str) -> None:
    if db_backend == "sqlite":
        pytest.skip(INTERLEAVE)


def test_same_key_at_two_desks_gives_the_second_the_replay(park, staff, other_desk, db_backend):  # type: ignore[no-untyped-def]
    """It used to fail the second desk with IntegrityError (uq ledger_txn.idempotency_key)."""
    pg_only(db_backend)
    room, key = room_of(park, BillingMode.PLATFORM), uuid.uuid4().hex
    request = RechargeRequest("30", "cash", key, room_id=room.id)
    with interleaved(park, other_desk, "INSERT INTO ledger_txn", "idempotency_key =") as stop:
        a, b = both(
            lambda: recharge(park, staff["cashier"], request),
            lambda: recharge(other_desk, staff["cashier"], request),
            stop,
        )
    assert not isinstance(a, Exception) and not isinstance(b, Exception), (a, b)
    assert (a.replayed, b.replayed) == (False, True)
    assert a.receipt_number == b.receipt_number
    with park.read() as s:
        assert s.get(Account, room.account_id).balance_fen == 3000
    assert verify(park).ok


def test_two_desks_opening_accounts_take_different_numbers(park, staff, other_desk, db_backend):  # type: ignore[no-untyped-def]
    """Both read max(id) + 1: the second failed on the unique account number."""
    pg_only(db_backend)
    with park.read() as s:
        vacant = s.scalars(
            select(Room.id).where(Room.account_id.is_(None)).order_by(Room.id).limit(2)
        ).all()
    with interleaved(park, other_desk, "INSERT INTO account", "max(account.id)") as stop:
        a, b = both(
            lambda: open_account(park, staff["admin"], "甲公司", "enterprise", [vacant[0]]),
            lambda: open_account(other_desk, staff["admin"], "乙公司", "enterprise", [vacant[1]]),
            stop,
        )
    assert not isinstance(a, Exception) and not isinstance(b, Exception), (a, b)
    assert a.number != b.number


def test_one_login_at_two_desks_opens_one_shift(park, staff, other_desk, db_backend):  # type: ignore[no-untyped-def]
    """Both found no open shift: the second failed on uq_shift_open_per_operator."""
    pg_only(db_backend)
    with park.read() as s:
        rooms = s.scalars(
            select(Room).where(Room.account_id.is_not(None)).order_by(Room.id).limit(40)
        ).all()
        platform = [r for r in rooms if r.account_id != rooms[0].account_id][:1] + rooms[:1]
    with interleaved(park, other_desk, "INSERT INTO shift", "FROM shift") as stop:
        a, b = both(
            lambda: recharge(
                park,
                staff["cashier"],
                RechargeRequest("10", "cash", uuid.uuid4().hex, room_id=platform[0].id),
            ),
            lambda: recharge(
                other_desk,
                staff["cashier"],
                RechargeRequest("20", "cash", uuid.uuid4().hex, room_id=platform[1].id),
            ),
            stop,
        )
    assert not isinstance(a, Exception) and not isinstance(b, Exception), (a, b)
    with park.read() as s:
        open_shifts = s.scalars(
            select(Shift).where(Shift.operator_login == "cashier", Shift.closed_at.is_(None))
        ).all()
    assert len(open_shifts) == 1


def test_a_charge_never_posts_on_a_stale_balance(park, staff, other_desk, db_backend):  # type: ignore[no-untyped-def]
    """The collector's biller read the account, a cashier's recharge committed, then the
    charge was posted: ``balance_fen += delta`` on the stale balance lost the recharge."""
    pg_only(db_backend)
    room = room_of(park, BillingMode.PLATFORM)
    with park.write() as s:
        seen = s.get(Account, room.account_id)  # read first, without a lock, and kept
        assert seen is not None and seen.balance_fen == 0
        recharge(
            other_desk,
            staff["cashier"],
            RechargeRequest("100", "cash", uuid.uuid4().hex, room_id=room.id),
        )
        post(s, "charge", [Leg(TENANT, -50, room.account_id), Leg(REVENUE, 50)], system_actor())
    with park.read() as s:
        assert s.get(Account, room.account_id).balance_fen == 10000 - 50
    assert verify(park).ok


def test_two_desks_publishing_a_new_tariff_make_one_tariff(park, staff, other_desk, db_backend):  # type: ignore[no-untyped-def]
    """Both found no tariff of that name: the second failed on its unique name."""
    pg_only(db_backend)
    now = datetime(2026, 3, 1, tzinfo=UTC)

    def version(price: str, days: int) -> dict[str, object]:
        start = (now + timedelta(days=days)).isoformat()
        return {"effective_from": start, "prices": {"flat": price}}

    with interleaved(park, other_desk, "INSERT INTO tariff ", "FROM tariff") as stop:
        a, b = both(
            lambda: publish_version(
                park, staff["operator"], "新电价", version("0.8000", 1), now=now
            ),
            lambda: publish_version(
                other_desk, staff["operator"], "新电价", version("0.9000", 2), now=now
            ),
            stop,
        )
    assert not isinstance(a, Exception) and not isinstance(b, Exception), (a, b)
    with park.read() as s:
        tariff = s.scalars(select(TariffRow).where(TariffRow.name == "新电价")).one()
        versions = s.scalars(
            select(TariffVersionRow).where(TariffVersionRow.tariff_id == tariff.id)
        ).all()
    assert len(versions) == 2


def test_a_shift_closed_at_one_desk_while_another_takes_money(park, staff, other_desk, db_backend):  # type: ignore[no-untyped-def]
    """The close summed the payments while a recharge was adding one to the same shift: the
    frozen totals missed it."""
    pg_only(db_backend)
    cashier = staff["cashier"]
    room = room_of(park, BillingMode.PLATFORM)
    recharge(park, cashier, RechargeRequest("10", "cash", uuid.uuid4().hex, room_id=room.id))
    late = RechargeRequest("20", "cash", uuid.uuid4().hex, room_id=room.id)
    with interleaved(park, other_desk, "INSERT INTO payment", "payment.shift_id =") as stop:
        a, b = both(
            lambda: recharge(park, cashier, late),
            lambda: close_shift(other_desk, cashier, "10"),
            stop,
        )
    assert not isinstance(a, Exception) and not isinstance(b, Exception), (a, b)
    with park.read() as s:
        for shift in s.scalars(select(Shift).where(Shift.operator_login == "cashier")):
            paid = s.scalars(select(Payment.amount_fen).where(Payment.shift_id == shift.id))
            if shift.closed_at is not None:
                assert shift.totals["by_method"]["cash"] == sum(paid), shift.id


@pytest.fixture
def file_keyring() -> Iterator[None]:
    """The desks are other processes: they and this test share the file keyring."""
    keyring.set_keyring(FileKeyring())
    audit.forget_cached_keys()
    yield


@pytest.mark.parametrize("billing", [BillingMode.PLATFORM, BillingMode.METER])
def test_four_processes_recharging_one_account(park, file_keyring, billing) -> None:  # type: ignore[no-untyped-def]
    """Four real processes, 25 recharges each, on one account (platform side) or one
    meter-side meter: no failure, no lost update, gap-free receipts, purchase counts
    1..100 each taken once."""
    desks, each = 4, 25
    room = room_of(park, billing)
    first = RechargeRequest("1", "cash", uuid.uuid4().hex, room_id=room.id)
    recharge(park, system_actor(name="cli:test"), first)  # the audit key, made once
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("recharge_driver.py")),
                park.url,
                str(room.id),
                str(each),
                f"desk-{n}",
            ],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(desks)
    ]
    lines: list[dict[str, Any]] = []
    try:
        for proc in procs:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        for proc in procs:
            out, _ = proc.communicate(timeout=240)
            assert proc.returncode == 0 and out.rstrip().endswith("done"), out
            lines += [json.loads(x) for x in out.splitlines() if x.startswith("{")]
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    errors = [x["error"] for x in lines if "error" in x]
    assert errors == [] and len(lines) == desks * each
    total = 1 + desks * each
    report = verify(park)
    assert report.ok, report.breaches
    with park.read() as s:
        seqs = s.scalars(select(Receipt.seq).order_by(Receipt.seq)).all()
        assert seqs == list(range(1, total + 1))
        if billing is BillingMode.PLATFORM:
            assert s.get(Account, room.account_id).balance_fen == total * 100
        else:
            counts = sorted(
                int(c.payload["expected_count"]) for c in s.scalars(select(MeterCommand))
            )
            assert counts == list(range(1, total + 1))
            assert sorted(x["count"] for x in lines) == list(range(2, total + 1))
    assert verify_chain(park).ok
