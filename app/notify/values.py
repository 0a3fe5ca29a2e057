"""The values a template is filled with, read from the database in the caller's session.

One place for "what is this account's room, tenant, balance, days left", used both by the
hooks (a real message, in the event's transaction) and by the preview (real data of a
chosen account), so a preview shows exactly what a tenant would get. Amounts are yuan with
two decimals and no symbol (``12.34``): the templates put 元 / yuan where they want it.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (
    Account,
    Bill,
    BillingMode,
    BillStatus,
    Building,
    Event,
    Floor,
    Meter,
    MeterCommand,
    MeterState,
    OutboxMessage,
    Park,
    Payment,
    Reading,
    ReadingKind,
    Receipt,
    Room,
    Tenant,
)
from ..money import format_yuan
from .kinds import KINDS

DAYS_SAMPLE = 7  # days of daily readings the days-left estimate averages


def yuan(fen: int | None) -> str:
    return "-" if fen is None else format_yuan(int(fen), symbol=False)


def site_name(s: Session) -> str:
    return s.scalar(select(Park.name).order_by(Park.id).limit(1)) or ""


def room_label(s: Session, room_id: int | None) -> tuple[str, str]:
    """(``A栋 101``, ``A栋``) of a room; ("", "") without one."""
    if room_id is None:
        return "", ""
    row = s.execute(
        select(Building.name, Room.number)
        .join(Floor, Floor.building_id == Building.id)
        .join(Room, Room.floor_id == Floor.id)
        .where(Room.id == room_id)
    ).first()
    return (f"{row[0]} {row[1]}", row[0]) if row else ("", "")


def first_room(s: Session, account_id: int) -> int | None:
    return s.scalar(select(Room.id).where(Room.account_id == account_id).order_by(Room.id))


def account_values(s: Session, account_id: int | None, room_id: int | None) -> dict[str, Any]:
    """Site, room, tenant and account number of a message."""
    values: dict[str, Any] = {"site": site_name(s)}
    if account_id is not None:
        row = s.execute(
            select(Account.number, Tenant.name)
            .join(Tenant, Tenant.id == Account.tenant_id)
            .where(Account.id == account_id)
        ).first()
        if row is not None:
            values["account"], values["tenant"] = row[0], row[1]
        room_id = room_id if room_id is not None else first_room(s, account_id)
    values["room"], values["building"] = room_label(s, room_id)
    return values


def meters_of(s: Session, account_id: int) -> list[int]:
    return list(
        s.scalars(
            select(Meter.id)
            .join(Room, Room.id == Meter.room_id)
            .where(
                Room.account_id == account_id,
                Meter.removed_at.is_(None),
                Meter.billing_mode == BillingMode.METER,
            )
        )
    )


def balance_of(s: Session, account_id: int) -> int:
    """The balance the tenant lives on: the meters' own (meter-side) or the account's."""
    meters = meters_of(s, account_id)
    if meters:
        total = s.scalar(
            select(func.sum(MeterState.balance_fen)).where(MeterState.meter_id.in_(meters))
        )
        if total is not None:
            return int(total)
    return int(s.scalar(select(Account.balance_fen).where(Account.id == account_id)) or 0)


def days_left(s: Session, account_id: int, balance_fen: int) -> str | None:
    """Days the balance lasts at the average daily spending of the last week (the meters'
    daily balance readings; a rise is a recharge and is skipped); None when unknown, and
    ``render`` then leaves out the clause that names it."""
    spent, days = 0, 0
    for meter_id in meters_of(s, account_id):
        rows = list(
            s.scalars(
                select(Reading.balance_fen)
                .where(Reading.meter_id == meter_id, Reading.kind == ReadingKind.DAILY)
                .order_by(Reading.ts.desc())
                .limit(DAYS_SAMPLE + 1)
            )
        )
        values = [v for v in reversed(rows) if v is not None]
        for a, b in itertools.pairwise(values):
            spent += max(0, a - b)
        days = max(days, len(values) - 1)
    if spent <= 0 or days <= 0:
        return None
    return str(max(0, balance_fen) * days // spent)


def recharge_cycle(s: Session, account_id: int) -> int:
    """The account's recharge cycle: the id of its last payment (0 before the first). A
    low-balance message is keyed by it, so each level is told once per cycle."""
    return int(s.scalar(select(func.max(Payment.id)).where(Payment.account_id == account_id)) or 0)


def receipt_of(s: Session, txn_id: int | None) -> str:
    if txn_id is None:
        return ""
    return s.scalar(select(Receipt.number).where(Receipt.txn_id == txn_id)) or ""


def bill_values(bill: Bill, today: Any = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "bill": bill.number,
        "amount": yuan(bill.amount_fen - bill.paid_fen),
        "period": bill.period,
        "due_date": bill.due_date.isoformat(),
    }
    if today is not None:
        values["days_overdue"] = max(0, (today - bill.due_date).days)
    return values


def sample_values(s: Session, kind: str, account_id: int | None, now: datetime) -> dict[str, Any]:
    """Real values for a preview of ``kind``: of ``account_id`` or the first let account."""
    if account_id is None:
        account_id = s.scalar(
            select(Room.account_id).where(Room.account_id.is_not(None)).order_by(Room.id)
        )
    values = account_values(s, account_id, None)
    if account_id is not None:
        balance = balance_of(s, account_id)
        values.update(balance=yuan(balance), days_left=days_left(s, account_id, balance))
        values["level"] = 1 if kind == "low_balance" else 2
        pay = s.scalars(
            select(Payment).where(Payment.account_id == account_id).order_by(Payment.id.desc())
        ).first()
        if pay is not None:
            values.update(amount=yuan(pay.amount_fen), receipt=receipt_of(s, pay.txn_id))
        bill = s.scalars(
            select(Bill).where(Bill.account_id == account_id).order_by(Bill.id.desc())
        ).first()
        if bill is not None and kind.startswith("bill"):
            values.update(bill_values(bill, now.date()))
    meter = s.scalar(select(Meter.address).where(Meter.removed_at.is_(None)).order_by(Meter.id))
    values.update(meter=meter or "-", minutes=30)
    if kind == "daily_summary":
        values.update(summary_values(s, now - timedelta(days=1), now))
    return {k: v for k, v in values.items() if k in KINDS[kind].fields}


def summary_values(s: Session, start: datetime, end: datetime) -> dict[str, Any]:
    """The staff's daily summary over [start, end): what an operator looks at first."""

    def events(kind: str, opened: bool = False) -> int:
        q = select(func.count(Event.id)).where(
            Event.kind == kind, Event.ts >= start, Event.ts < end
        )
        if opened:  # a relay opened is level 1, closed level 0 (app.collector.state)
            q = q.where(Event.level >= 1)
        return int(s.scalar(q) or 0)

    recharges = s.execute(
        select(func.count(Payment.id), func.coalesce(func.sum(Payment.amount_fen), 0)).where(
            Payment.created_at >= start, Payment.created_at < end
        )
    ).one()
    return {
        "date": start.date().isoformat(),
        "offline": int(s.scalar(select(func.count()).where(MeterState.online.is_(False))) or 0),
        "cut": events("relay.changed", opened=True),
        "low": events("balance.alarm"),
        "recharges": int(recharges[0]),
        "recharge_total": yuan(int(recharges[1])),
        "failed": int(
            s.scalar(
                select(func.count(OutboxMessage.id)).where(
                    OutboxMessage.status == "failed",
                    OutboxMessage.updated_at >= start,
                    OutboxMessage.updated_at < end,
                )
            )
            or 0
        ),
    }


def pending_command_values(s: Session, cmd: MeterCommand) -> dict[str, Any]:
    meter = s.get(Meter, cmd.meter_id)
    room_id = meter.room_id if meter else None
    account = s.scalar(select(Room.account_id).where(Room.id == room_id)) if room_id else None
    values = account_values(s, account, room_id)
    values.update(
        meter=meter.address if meter else "-",
        amount=yuan(int(cmd.payload.get("amount_fen", 0))),
        receipt=receipt_of(s, cmd.txn_id),
    )
    return values


OPEN_BILL = BillStatus.OPEN
