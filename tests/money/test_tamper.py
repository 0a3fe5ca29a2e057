"""Tampering with a real ledger file the way someone holding the file would, and
``ledger verify`` finding and naming every edit (issue 13: it caught 4 of 13).

The attacker opens the SQLite file with the sqlite3 module, drops the append-only triggers,
edits, and puts the triggers back. They can fix every cache and counter by hand; what they
cannot do without the keyring's key is re-seal the chain, or re-chain the audit log.
"""

from __future__ import annotations

import sqlite3
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from app.db import Database
from app.ledger.journal import METER, TENANT, Leg, VerifyReport, post, verify
from app.ledger.recharge import RechargeRequest, RechargeResult, recharge
from app.migrate import upgrade
from app.models import Account, BillingMode, Meter, MeterRole, Room
from app.security import Actor, audit, system_actor

from .conftest import room_of


@dataclass
class Books:
    db: Database
    path: str
    a: RechargeResult  # platform-side, room 1
    b: RechargeResult  # platform-side, another account
    c: RechargeResult  # meter-side
    d: RechargeResult  # platform-side, the last one


def _second_platform_room(db: Database, first: Room) -> Room:
    with db.read() as s:
        return s.scalars(
            select(Room)
            .join(Meter, Meter.room_id == Room.id)
            .where(
                Meter.billing_mode == BillingMode.PLATFORM,
                Meter.role == MeterRole.TENANT,
                Room.account_id.is_not(None),
                Room.account_id != first.account_id,
            )
            .order_by(Room.id)
        ).first()


@pytest.fixture
def books(park: Database, staff: dict[str, Actor]) -> Books:
    if not park.is_sqlite:
        pytest.skip("tampers with the SQLite file itself")
    cashier = staff["cashier"]
    p1 = room_of(park, BillingMode.PLATFORM)
    p2 = _second_platform_room(park, p1)
    m1 = room_of(park, BillingMode.METER)

    def pay(room: Room, amount: str) -> RechargeResult:
        request = RechargeRequest(amount, "cash", uuid.uuid4().hex, room_id=room.id)
        return recharge(park, cashier, request)

    made = Books(
        park,
        str(park.engine.url.database),
        pay(p1, "100"),
        pay(p2, "50"),
        pay(m1, "30"),
        pay(p1, "20"),
    )
    report = verify(park)
    assert report.ok, report.breaches  # the same file, untampered, verifies
    assert (report.transactions, report.receipts) == (4, 4)
    return made


def tamper(books: Books, *statements: str | tuple[str, tuple[Any, ...]]) -> VerifyReport:
    """Drop the triggers, run ``statements`` on the file, put the triggers back, verify."""
    books.db.dispose()
    con = sqlite3.connect(books.path)
    triggers = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _sql in triggers:
        con.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        sql, params = statement if isinstance(statement, tuple) else (statement, ())
        con.execute(sql, params)
    for _name, sql in triggers:
        con.execute(sql)
    con.commit()
    con.close()
    return verify(books.db)


def named(report: VerifyReport, *needles: str) -> bool:
    """Some breach holds every one of ``needles``."""
    return any(all(n in breach for n in needles) for breach in report.breaches)


def _delete_last(books: Books) -> list[str]:
    d = books.d.txn_id
    return [
        f"DELETE FROM ledger_entry WHERE txn_id = {d}",
        f"DELETE FROM payment WHERE txn_id = {d}",
        f"DELETE FROM receipt WHERE txn_id = {d}",
        f"DELETE FROM ledger_seal WHERE txn_id = {d}",
        f"DELETE FROM ledger_txn WHERE id = {d}",
        f"UPDATE account SET balance_fen = balance_fen - 2000 WHERE id = {books.d.account_id}",
    ]


# ------------------------------------------------------------- the nine the issue says missed


def test_last_recharge_deleted_with_all_its_rows(books: Books) -> None:
    report = tamper(books, *_delete_last(books))
    assert named(report, "seals 4 to 4 are missing", "truncated")
    assert named(report, f"names transaction {books.d.txn_id}", "not in the ledger")
    assert named(report, "receipt counter is 4 but the last receipt is number 3")


def test_last_recharge_deleted_and_the_receipt_counter_set_back(books: Books) -> None:
    report = tamper(books, *_delete_last(books), "UPDATE counter SET value = 3")
    assert named(report, "seals 4 to 4 are missing")
    assert named(report, "receipt counter is 3 but the chain head recorded 4")


def test_recharge_moved_to_another_account_with_both_caches(books: Books) -> None:
    b, target = books.b, books.a.account_id
    report = tamper(
        books,
        f"UPDATE ledger_entry SET account_id = {target} "
        f"WHERE txn_id = {b.txn_id} AND book = 'tenant'",
        f"UPDATE payment SET account_id = {target} WHERE txn_id = {b.txn_id}",
        f"UPDATE account SET balance_fen = balance_fen - 5000 WHERE id = {b.account_id}",
        f"UPDATE account SET balance_fen = balance_fen + 5000 WHERE id = {target}",
    )
    assert named(report, f"transaction {b.txn_id} (recharge) was changed after it was sealed")
    assert named(report, f"says account {b.account_id}", f"transaction {b.txn_id}")
    assert report.first_bad == b.txn_id


def test_both_legs_changed_with_the_cache_fixed(books: Books) -> None:
    b = books.b
    report = tamper(
        books,
        f"UPDATE ledger_entry SET amount_fen = amount_fen * 2 WHERE txn_id = {b.txn_id}",
        f"UPDATE account SET balance_fen = balance_fen + 5000 WHERE id = {b.account_id}",
    )
    assert report.first_bad == b.txn_id
    assert named(report, f"transaction {b.txn_id} (recharge) was changed")


def test_meter_side_recharge_changed(books: Books) -> None:
    c = books.c
    report = tamper(
        books, f"UPDATE ledger_entry SET amount_fen = amount_fen * 2 WHERE txn_id = {c.txn_id}"
    )
    assert named(report, f"transaction {c.txn_id} (recharge) was changed")
    assert named(report, "meter book of account", "cached 3000 fen, entries say 6000 fen")


def test_meter_side_recharge_changed_with_the_meter_book_fixed(books: Books) -> None:
    c = books.c
    report = tamper(
        books,
        f"UPDATE ledger_entry SET amount_fen = amount_fen * 2 WHERE txn_id = {c.txn_id}",
        f"UPDATE meter_book SET balance_fen = 6000 WHERE account_id = {c.account_id}",
    )
    assert not named(report, "meter book")
    assert named(report, f"transaction {c.txn_id} (recharge) was changed")


def test_payment_amount_changed(books: Books) -> None:
    b = books.b
    report = tamper(books, f"UPDATE payment SET amount_fen = 500 WHERE txn_id = {b.txn_id}")
    assert named(report, f"transaction {b.txn_id} (recharge) was changed")
    assert named(report, "says amount_fen 5000", "[500]")


def test_receipt_frozen_content_changed(books: Books) -> None:
    a = books.a
    report = tamper(
        books,
        "UPDATE receipt SET content = json_set(content, '$.amount_fen', 1) "
        f"WHERE txn_id = {a.txn_id}",
    )
    assert named(report, f"receipt {a.receipt_number}: its frozen content does not match")
    assert named(report, f"transaction {a.txn_id} (recharge) was changed")


def test_two_transactions_times_swapped(books: Books) -> None:
    a, b = books.a.txn_id, books.b.txn_id
    report = tamper(
        books,
        f"CREATE TEMP TABLE t AS SELECT id, created_at FROM ledger_txn WHERE id IN ({a}, {b})",
        f"UPDATE ledger_txn SET created_at = (SELECT created_at FROM t WHERE t.id = {a} + {b} - "
        f"ledger_txn.id) WHERE id IN ({a}, {b})",
    )
    assert named(report, f"transaction {a} (recharge) was changed")
    assert named(report, f"transaction {b} (recharge) was changed")
    assert report.first_bad == a


# ------------------------------------------------------------- the four already caught


def test_cached_balance_changed(books: Books) -> None:
    report = tamper(books, f"UPDATE account SET balance_fen = 1 WHERE id = {books.b.account_id}")
    assert named(report, f"account {books.b.account_id}: cached balance 1 fen")


def test_one_leg_changed(books: Books) -> None:
    b = books.b.txn_id
    report = tamper(
        books, f"UPDATE ledger_entry SET amount_fen = 1 WHERE txn_id = {b} AND book = 'cash'"
    )
    assert named(report, f"transaction {b} does not balance")
    assert named(report, f"transaction {b} (recharge) was changed")


def test_receipt_in_the_middle_deleted(books: Books) -> None:
    b = books.b.txn_id
    report = tamper(books, f"DELETE FROM receipt WHERE txn_id = {b}")
    assert named(report, "not gap-free: missing [2]")
    assert named(report, f"payment of transaction {b} has no receipt")
    assert named(report, f"transaction {b} (recharge) was changed")


def test_entry_deleted(books: Books) -> None:
    a = books.a.txn_id
    report = tamper(books, f"DELETE FROM ledger_entry WHERE txn_id = {a} AND book = 'cash'")
    assert named(report, f"transaction {a} has 1 leg(s)")
    assert named(report, f"transaction {a} (recharge) was changed")


# ------------------------------------------------------------- and more


def test_seal_deleted(books: Books) -> None:
    report = tamper(books, f"DELETE FROM ledger_seal WHERE txn_id = {books.b.txn_id}")
    assert named(report, "seal 2 is missing")
    assert named(report, f"transaction {books.b.txn_id} (recharge) has no seal")


def test_seals_reordered(books: Books) -> None:
    b, c = books.b.txn_id, books.c.txn_id
    report = tamper(
        books,
        "CREATE TEMP TABLE s AS SELECT * FROM ledger_seal",
        "DELETE FROM ledger_seal WHERE seq IN (2, 3)",
        "INSERT INTO ledger_seal SELECT 5 - seq, txn_id, mac, hash FROM s WHERE seq IN (2, 3)",
    )
    assert named(report, f"the seal of transaction {c} was moved from place 3 to 2")
    assert named(report, f"the seal of transaction {b} was moved from place 2 to 3")
    assert report.first_bad == c and b != c


def test_head_set_back_to_an_earlier_seal(books: Books) -> None:
    report = tamper(
        books,
        "UPDATE ledger_head SET seq = 3, hash = (SELECT hash FROM ledger_seal WHERE seq = 3)",
    )
    assert named(report, "seals after 3 that the chain head does not know")


def test_head_receipt_counter_rewritten(books: Books) -> None:
    report = tamper(books, "UPDATE ledger_head SET receipts = 9", "UPDATE counter SET value = 9")
    assert named(report, "chain head was altered")


def test_forged_transaction_appended(books: Books) -> None:
    acc = books.a.account_id
    report = tamper(
        books,
        "INSERT INTO ledger_txn (id, created_at, kind, memo) "
        "VALUES (99, '2026-12-05 10:00:00.000000', 'adjustment', '')",
        "INSERT INTO ledger_entry (txn_id, book, account_id, amount_fen) "
        f"VALUES (99, 'tenant', {acc}, 100000)",
        "INSERT INTO ledger_entry (txn_id, book, account_id, amount_fen) "
        "VALUES (99, 'adjustment', NULL, -100000)",
        f"UPDATE account SET balance_fen = balance_fen + 100000 WHERE id = {acc}",
    )
    assert named(report, "transaction 99 (adjustment) has no seal")
    assert report.first_bad == 99


def test_forged_transaction_with_a_forged_seal(books: Books) -> None:
    report = tamper(
        books,
        "INSERT INTO ledger_txn (id, created_at, kind, memo) "
        "VALUES (99, '2026-12-05 10:00:00.000000', 'charge', '')",
        "INSERT INTO ledger_entry (txn_id, book, amount_fen) VALUES (99, 'cash', 5)",
        "INSERT INTO ledger_entry (txn_id, book, amount_fen) VALUES (99, 'revenue', -5)",
        f"INSERT INTO ledger_seal VALUES (5, 99, '{'0' * 64}', '{'1' * 64}')",
        "UPDATE ledger_head SET seq = 5, hash = '" + "1" * 64 + "'",
    )
    assert named(report, "transaction 99 (charge) was changed after it was sealed")
    assert named(report, "chain head was altered")


def test_transaction_deleted_under_its_rows(books: Books) -> None:
    b = books.b.txn_id
    report = tamper(books, f"DELETE FROM ledger_txn WHERE id = {b}")
    assert named(report, f"transaction {b} is missing: its seal 2 remains")
    assert named(report, f"belongs to transaction {b}, which does not exist")


# ------------------------------------------------------------- audit rows through the code


def test_audit_row_that_does_not_match_its_transaction(
    park: Database, staff: dict[str, Actor]
) -> None:
    admin, account = staff["admin"], room_of(park, BillingMode.PLATFORM).account_id
    with park.write() as s:
        txn = post(s, "adjustment", [Leg(TENANT, 500, account), Leg("adjustment", -500)], admin)
        after = {"amount_fen": 5000, "txn": txn.id}
        audit.record(s, admin, "account.adjust", f"account:{account}", after=after)
    report = verify(park)
    assert named(report, "(account.adjust) says amount_fen 5000", f"transaction {txn.id}")


def test_money_transaction_without_an_audit_row(park: Database, staff: dict[str, Actor]) -> None:
    account = room_of(park, BillingMode.PLATFORM).account_id
    with park.write() as s:
        txn = post(
            s, "adjustment", [Leg(TENANT, 500, account), Leg("adjustment", -500)], staff["admin"]
        )
    report = verify(park)
    assert report.breaches == [f"transaction {txn.id} (adjustment) has no audit row naming it."]


def test_an_operation_of_several_transactions_names_them_all(
    park: Database, staff: dict[str, Actor]
) -> None:
    """A new operation's audit row (any action) may name a list of transactions."""
    admin, account = staff["admin"], room_of(park, BillingMode.PLATFORM).account_id
    with park.write() as s:
        legs = [Leg(TENANT, 500, account), Leg("adjustment", -500)]
        first = post(s, "adjustment", legs, admin)
        second = post(s, "adjustment", [Leg(TENANT, -500, account), Leg("adjustment", 500)], admin)
        after = {"txn": [first.id, second.id]}
        audit.record(s, admin, "room.handover", f"account:{account}", after=after)
    report = verify(park)
    assert report.ok, report.breaches


def test_meter_book_cache_follows_post(park: Database, staff: dict[str, Actor]) -> None:
    from app.models import MeterBook

    room = room_of(park, BillingMode.METER)
    with park.read() as s:
        meter = s.scalars(select(Meter.id).where(Meter.room_id == room.id)).first()
    actor = system_actor()
    for fen in (700, -200):
        with park.write() as s:
            post(
                s, "charge", [Leg(METER, fen, room.account_id, meter), Leg("revenue", -fen)], actor
            )
    with park.read() as s:
        assert s.get(MeterBook, (room.account_id, meter)).balance_fen == 500
        assert s.get(Account, room.account_id).balance_fen == 0
    assert verify(park).ok


# ------------------------------------------------------------- an upgraded database


def test_an_old_database_is_sealed_at_upgrade(sqlite_url: str) -> None:
    # a new file migrated to 0007 only (the PostgreSQL fixture's copies are at head already)
    db = Database(sqlite_url)
    upgrade(db, "0007")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO ledger_txn (id, created_at, kind, memo) "
            "VALUES (1, '2026-11-30 08:00:00.000000', 'opening', 'opening balance')"
        )
        conn.exec_driver_sql(
            "INSERT INTO ledger_entry (txn_id, book, amount_fen) VALUES (1, 'opening', -900)"
        )
        conn.exec_driver_sql(
            "INSERT INTO ledger_entry (txn_id, book, amount_fen) VALUES (1, 'cash', 900)"
        )
    upgrade(db)
    report = verify(db)
    assert report.ok and report.transactions == 1, report.breaches
    with db.engine.begin() as conn:
        assert conn.exec_driver_sql("SELECT seq, legacy FROM ledger_head").one() == (1, 1)
    db.dispose()


def test_shift_close_anchors_the_ledger_head_in_the_audit_log(books: Books) -> None:
    from app.ledger.shifts import close_shift
    from app.models import LedgerHead
    from app.security import list_entries, login

    cashier = login(books.db, "cashier", "Counter-2026!")
    close_shift(books.db, cashier, "200")
    row = list_entries(books.db, system_actor(), action_prefix="shift.close")[-1]
    with books.db.read() as s:
        head = s.get_one(LedgerHead, 1)
    assert (row.detail_dict()["ledger_seq"], row.detail_dict()["ledger_hash"]) == (4, head.hash)


def test_without_the_key_at_upgrade_the_first_money_write_seals_the_old_rows(
    sqlite_url: str,
) -> None:
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring

    db = Database(sqlite_url)
    upgrade(db, "0007")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO ledger_txn (id, created_at, kind, memo) "
            "VALUES (1, '2026-11-30 08:00:00.000000', 'opening', 'opening balance')"
        )
        for book, fen in (("opening", -900), ("cash", 900)):
            conn.exec_driver_sql(
                f"INSERT INTO ledger_entry (txn_id, book, amount_fen) VALUES (1, '{book}', {fen})"
            )
    usable = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    try:
        upgrade(db)  # the keyring cannot give a key now: the old rows stay unsealed
    finally:
        keyring.set_keyring(usable)
    report = verify(db)
    assert report.breaches == [
        "the ledger chain has not been started: 1 transactions are not sealed yet (the next "
        "money operation on a desk holding the key seals them)."
    ]
    with db.write() as s:
        post(s, "charge", [Leg("cash", -5), Leg("revenue", 5)], system_actor())
    report = verify(db)
    assert report.ok and report.transactions == 2, report.breaches
    with db.engine.begin() as conn:
        assert conn.exec_driver_sql("SELECT seq, legacy FROM ledger_head").one() == (2, 1)
    db.dispose()
