"""The cashier counter's and the room detail's reads, one read transaction each.

The windows call these from their worker threads and get plain data back, so no window
holds a session or writes a query (the import-linter contract keeps SQLAlchemy and
``app.models`` out of ``app/ui``). The queries themselves belong to the ledger
(``app.ledger.lookup``, ``app.ledger.shifts``); this module only gives each screen one
call per thing it shows.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..db import Database
from ..ledger import lookup
from ..ledger.lookup import CounterRoom, PendingRecharge, RoomMoney
from ..ledger.recharge import receipt_data
from ..ledger.shifts import ShiftTotals, open_shift_totals
from ..models import LedgerTxn, MeterCommand, Receipt
from ..receipts import ReceiptData
from .rooms import RoomDetail, room_detail


def counter_rooms(db: Database) -> list[CounterRoom]:
    """Every room the counter can search: path, tenant, pinyin initials, account, meters."""
    with db.read() as session:
        return lookup.counter_rooms(session)


def room_money(db: Database, room: CounterRoom) -> RoomMoney:
    """The balance the cashier should see now (the meter's or the account's)."""
    with db.read() as session:
        return lookup.room_money(session, room)


def pending_recharges(db: Database) -> list[PendingRecharge]:
    with db.read() as session:
        return lookup.pending_recharges(session)


def recharge_state(db: Database, txn_id: int) -> tuple[str, str]:
    """(status, result) of a recharge's meter command; ("platform", "") when there is none."""
    with db.read() as session:
        return lookup.command_state(session, txn_id)


def receipt(db: Database, number: str) -> ReceiptData:
    """A frozen receipt with its recharge's state as it is now."""
    with db.read() as session:
        return receipt_data(session, number)


def receipt_for_key(db: Database, key: str) -> ReceiptData | None:
    """The receipt of the recharge recorded under an idempotency key, or None if nothing
    was recorded (the counter's crash recovery decides with it)."""
    with db.read() as session:
        txn = session.scalar(select(LedgerTxn.id).where(LedgerTxn.idempotency_key == key))
        if txn is None:
            return None
        number = session.scalar(select(Receipt.number).where(Receipt.txn_id == txn))
        return None if number is None else receipt_data(session, number)


def shift_totals(db: Database, login: str) -> ShiftTotals | None:
    """The login's open shift as it stands, for the shift close dialog."""
    with db.read() as session:
        return open_shift_totals(session, login)


def room_and_command(
    db: Database, zone: ZoneInfo, room_id: int, command_id: int | None
) -> tuple[RoomDetail, tuple[str, str] | None]:
    """The room detail and, when a relay command is being followed, its (status, result),
    read together so the two never disagree."""
    with db.read() as session:
        detail = room_detail(session, zone, room_id)
        if command_id is None:
            return detail, None
        row = session.execute(
            select(MeterCommand.status, MeterCommand.result).where(MeterCommand.id == command_id)
        ).first()
    return detail, ((row[0].value, row[1] or "") if row else None)
