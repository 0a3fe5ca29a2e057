"""What the cashier counter needs to find a room and show its money, in two queries.

Plain data (no ORM objects) so a worker thread can hand it to the GUI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    Account,
    AccountStatus,
    BillingMode,
    Building,
    CommandStatus,
    Floor,
    Meter,
    MeterCommand,
    MeterRole,
    MeterState,
    Receipt,
    Room,
    Tenant,
)


@dataclass(frozen=True)
class CounterRoom:
    room_id: int
    path: str  # 1号厂房 / 3F / 301
    number: str
    tenant: str
    initials: str
    account_id: int | None
    account_number: str
    account_open: bool
    meter_id: int | None  # the meter-side meter the money goes to, if any
    meter_addresses: tuple[str, ...]

    @property
    def search_text(self) -> str:
        return " ".join(
            [self.path, self.tenant, self.initials, self.account_number, *self.meter_addresses]
        ).lower()


@dataclass(frozen=True)
class RoomMoney:
    """The balance a cashier should see now: the meter's (meter-side) or the account's."""

    balance_fen: int
    meter_side: bool
    queued_fen: int  # recharges still on their way to the meter
    last_read: datetime | None
    purchase_count: int | None


def counter_rooms(session: Session) -> list[CounterRoom]:
    meters: dict[int, list[tuple[int, str, BillingMode]]] = {}
    for mid, room_id, address, mode in session.execute(
        select(Meter.id, Meter.room_id, Meter.address, Meter.billing_mode).where(
            Meter.room_id.is_not(None), Meter.removed_at.is_(None), Meter.role == MeterRole.TENANT
        )
    ):
        meters.setdefault(room_id, []).append((mid, address, mode))
    rows = session.execute(
        select(
            Room.id,
            Room.number,
            Floor.name,
            Building.name,
            Tenant.name,
            Tenant.initials,
            Account.id,
            Account.number,
            Account.status,
        )
        .select_from(Room)
        .join(Floor, Room.floor_id == Floor.id)
        .join(Building, Floor.building_id == Building.id)
        .outerjoin(Account, Room.account_id == Account.id)
        .outerjoin(Tenant, Account.tenant_id == Tenant.id)
        .order_by(Building.name, Floor.level, Room.number)
    )
    out = []
    for rid, number, floor, building, tenant, ini, aid, anum, status in rows:
        room_meters = meters.get(rid, [])
        prepaid = [m for m in room_meters if m[2] is BillingMode.METER]
        out.append(
            CounterRoom(
                rid,
                f"{building} / {floor} / {number}",
                number,
                tenant or "",
                ini or "",
                aid,
                anum or "",
                status is AccountStatus.OPEN,
                prepaid[0][0] if len(prepaid) == 1 else None,
                tuple(m[1] for m in room_meters),
            )
        )
    return out


def room_money(session: Session, room: CounterRoom) -> RoomMoney:
    if room.meter_id is not None:
        state = session.get(MeterState, room.meter_id)
        queued = sum(
            int(c.payload.get("amount_fen", 0))
            for c in session.scalars(
                select(MeterCommand).where(
                    MeterCommand.meter_id == room.meter_id,
                    MeterCommand.kind == "recharge",
                    MeterCommand.status.in_((CommandStatus.PENDING, CommandStatus.SENT)),
                )
            )
        )
        return RoomMoney(
            (state.balance_fen or 0) if state else 0,
            True,
            queued,
            state.last_seen if state else None,
            state.purchase_count if state else None,
        )
    account = session.get(Account, room.account_id) if room.account_id else None
    return RoomMoney(account.balance_fen if account else 0, False, 0, None, None)


@dataclass(frozen=True)
class PendingRecharge:
    receipt: str
    room: str
    amount_fen: int
    status: str
    created_at: datetime
    result: str


def pending_recharges(session: Session) -> list[PendingRecharge]:
    """Meter-side recharges not yet confirmed by the meter (oldest first)."""
    rows = session.execute(
        select(
            Receipt.number,
            Receipt.content,
            MeterCommand.payload,
            MeterCommand.status,
            MeterCommand.created_at,
            MeterCommand.result,
        )
        .join(Receipt, Receipt.txn_id == MeterCommand.txn_id)
        .where(
            MeterCommand.kind == "recharge",
            MeterCommand.status.in_(
                (
                    CommandStatus.PENDING,
                    CommandStatus.SENT,
                    CommandStatus.FAILED,
                    CommandStatus.EXPIRED,
                )
            ),
        )
        .order_by(MeterCommand.created_at)
    )
    return [
        PendingRecharge(
            number,
            content.get("room", ""),
            int(payload.get("amount_fen", 0)),
            status.value,
            created,
            result or "",
        )
        for number, content, payload, status, created, result in rows
    ]


def command_state(session: Session, txn_id: int) -> tuple[str, str]:
    """(status, result) of the meter command of a recharge; ("platform", "") if none."""
    command = session.scalar(select(MeterCommand).where(MeterCommand.txn_id == txn_id))
    if command is None:
        return "platform", ""
    return command.status.value, command.result or ""
