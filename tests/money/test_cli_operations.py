"""The operations of #13 item 2 through the real ``python -m app`` (subprocesses, a real
SQLite file): 过户 refused without writing, close with a pending recharge, refund requests
approved and rejected from the command line, the meter swap, transfers for administrators.
Each test failed on the code before (see the module docstrings of test_operations)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database, open_database
from app.demo import build_demo
from app.ledger.recharge import RechargeRequest, recharge
from app.models import (
    Account,
    BillingMode,
    CommandStatus,
    Link,
    Meter,
    MeterCommand,
    MeterState,
    RefundRequest,
    RefundStatus,
    Role,
    Room,
)
from app.security import add_operator, create_first_admin, system_actor

from .conftest import PASSWORD, room_of
from .snapshot import assert_unchanged, snapshot
from .test_cli_money import run


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[str, Database]]:
    import keyring

    from app.security import audit
    from tests.security.filekeyring import FileKeyring

    keyring.set_keyring(FileKeyring())  # the subprocesses must find the audit key
    audit.forget_cached_keys()
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    db = open_database(url)
    build_demo(db, rooms=200, opening_balances=False)
    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    add_operator(db, admin, "li", "李出纳", Role.CASHIER, PASSWORD)
    add_operator(db, admin, "boss", "老板", Role.ADMIN, PASSWORD)
    yield url, db
    db.dispose()


def as_(who: str, *args: str):  # type: ignore[no-untyped-def]
    return run(*args, "--password-stdin", stdin=PASSWORD + "\n", as_=who)


def top_up(db: Database, room_id: int, amount: str):  # type: ignore[no-untyped-def]
    key = uuid.uuid4().hex
    return recharge(db, system_actor(), RechargeRequest(amount, "cash", key, room_id=room_id))


def number_of(db: Database, account_id: int) -> str:
    with db.read() as s:
        return s.get(Account, account_id).number


def test_ownership_transfer_above_the_limit_exits_1_and_changes_nothing(site) -> None:  # type: ignore[no-untyped-def]
    url, db = site
    room = room_of(db, BillingMode.PLATFORM)
    top_up(db, room.id, "1250")
    before = snapshot(db)
    out = as_(
        "admin",
        "account",
        "transfer",
        number_of(db, room.account_id),
        "--room",
        f"#{room.id}",
        "--new-tenant",
        "接手公司",
        "--carry-balance",
        "--db",
        url,
    )
    assert out.returncode == 1 and "approve" in out.stderr, out.stderr
    assert_unchanged(db, before)
    approved = run(
        "account",
        "transfer",
        number_of(db, room.account_id),
        "--room",
        f"#{room.id}",
        "--new-tenant",
        "接手公司",
        "--carry-balance",
        "--approver",
        "boss",
        "--db",
        url,
        "--operator",
        "admin",
        "--password-stdin",
        stdin=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert approved.returncode == 0, approved.stderr
    with db.read() as s:
        new = s.get(Room, room.id).account_id
        assert new != room.account_id and s.get(Account, new).balance_fen == 125000
    assert run("ledger", "verify", "--db", url).returncode == 0


def test_a_cashier_may_not_move_money_between_accounts(site) -> None:  # type: ignore[no-untyped-def]
    url, db = site
    with db.read() as s:
        a, b = s.scalars(select(Account).order_by(Account.id).limit(2)).all()
    top_up_account = recharge(
        db, system_actor(), RechargeRequest("300", "cash", uuid.uuid4().hex, account_id=a.id)
    )
    assert top_up_account.amount_fen == 30000
    before = snapshot(db)
    out = as_(
        "li", "account", "transfer", a.number, "--to", b.number, "--amount", "100", "--db", url
    )
    assert out.returncode == 1 and "transfer money between accounts" in out.stderr, out.stderr
    assert_unchanged(db, before)


def test_close_with_a_pending_recharge_refuses_or_cancels_it(site) -> None:  # type: ignore[no-untyped-def]
    url, db = site
    room = room_of(db, BillingMode.METER)
    result = top_up(db, room.id, "100")
    number = number_of(db, room.account_id)
    before = snapshot(db)
    refused = as_("admin", "account", "close", number, "--db", url)
    assert refused.returncode == 1 and "--cancel-pending" in refused.stderr, refused.stderr
    assert_unchanged(db, before)
    with db.write() as s:  # the collector read the meter: the purchase did not land
        meter_id = s.scalars(select(Meter.id).where(Meter.room_id == room.id)).one()
        s.add(MeterState(meter_id=meter_id, purchase_count=0, balance_fen=0))
    done = as_("admin", "account", "close", number, "--cancel-pending", "--db", url)
    assert done.returncode == 0, done.stderr
    with db.read() as s:
        assert s.get(MeterCommand, result.command_id).status is CommandStatus.CANCELLED
        assert s.get(Room, room.id).account_id is None
    assert run("ledger", "verify", "--db", url).returncode == 0


def test_refund_above_the_limit_files_a_request_an_administrator_decides(site) -> None:  # type: ignore[no-untyped-def]
    url, db = site
    room = room_of(db, BillingMode.PLATFORM)
    top_up(db, room.id, "2000")
    number = number_of(db, room.account_id)
    refund = ("refund", "--account", number, "--method", "cash", "--db", url)
    filed = as_("li", *refund, "--amount", "600", "--reason", "moving out")
    assert filed.returncode == 0, filed.stderr
    assert "Refund request 1" in filed.stdout and "refund approve 1" in filed.stdout
    second = as_("li", *refund, "--amount", "700", "--reason", "overpaid")
    assert second.returncode == 0 and "Refund request 2" in second.stdout
    with db.read() as s:
        assert s.get(Account, room.account_id).balance_fen == 200000  # nothing paid yet
    listed = json.loads(as_("admin", "refund", "list", "--json", "--db", url).stdout)
    assert [(r["id"], r["amount_fen"]) for r in listed] == [(1, 60000), (2, 70000)]
    own = as_("li", "refund", "approve", "1", "--db", url)
    assert own.returncode == 1  # a cashier approves nothing
    approved = as_("admin", "refund", "approve", "1", "--db", url)
    assert approved.returncode == 0 and "slip R" in approved.stdout, approved.stderr
    no_reason = as_("admin", "refund", "reject", "2", "--reason", " ", "--db", url)
    assert no_reason.returncode == 1
    rejected = as_("admin", "refund", "reject", "2", "--reason", "meter disputed", "--db", url)
    assert rejected.returncode == 0, rejected.stderr
    again = as_("admin", "refund", "approve", "2", "--db", url)
    assert again.returncode == 1 and "already decided" in again.stderr
    with db.read() as s:
        assert s.get(Account, room.account_id).balance_fen == 140000
        statuses = [r.status for r in s.scalars(select(RefundRequest).order_by(RefundRequest.id))]
    assert statuses == [RefundStatus.DONE, RefundStatus.REJECTED]
    small = as_("li", *refund, "--amount", "50")
    assert small.returncode == 0 and "Refund slip" in small.stdout
    assert run("ledger", "verify", "--db", url).returncode == 0


def test_account_replace_meter(site) -> None:  # type: ignore[no-untyped-def]
    url, db = site
    room = room_of(db, BillingMode.METER)
    with db.write() as s:
        meter = s.scalars(select(Meter).where(Meter.room_id == room.id)).one()
        link = s.get(Link, meter.link_id)
        s.add(MeterState(meter_id=meter.id, balance_fen=3300, purchase_count=2))
        old_id, old_ref = meter.id, f"{link.name}/{meter.address}"
    before = snapshot(db)
    bad = as_(
        "admin",
        "account",
        "replace-meter",
        old_ref,
        "--address",
        "X9",
        "--final-kwh",
        "1e3",
        "--db",
        url,
    )
    assert bad.returncode == 1 and "exponent" in bad.stderr.lower(), bad.stderr
    assert_unchanged(db, before)
    done = as_(
        "admin",
        "account",
        "replace-meter",
        old_ref,
        "--address",
        "209900000077",
        "--final-kwh",
        "321.5",
        "--db",
        url,
    )
    assert done.returncode == 0, done.stderr
    with db.read() as s:
        new = s.scalars(select(Meter).where(Meter.address == "209900000077")).one()
        assert s.get(Meter, old_id).replaced_by_id == new.id
        command = s.scalars(select(MeterCommand).where(MeterCommand.meter_id == new.id)).one()
        assert command.payload["amount_fen"] == 3300
    gone = as_("admin", "account", "replace-meter", str(old_id), "--address", "1", "--db", url)
    assert gone.returncode == 1 and "not installed" in gone.stderr
    assert run("ledger", "verify", "--db", url).returncode == 0
