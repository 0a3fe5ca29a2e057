"""Read models of the Accounts window and the room detail (no Qt, no writes).

The account list is built from one query per table (accounts with tenants, let rooms,
reserved rooms, meters), never one query per row, so 5,000 accounts read in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from ..db import Database
from ..models import (
    Account,
    AccountPreset,
    AccountPresetRoom,
    Building,
    Floor,
    Meter,
    MeterCommand,
    MeterRole,
    MeterState,
    Room,
    TariffRow,
    Tenant,
    TenantContact,
)


@dataclass(frozen=True)
class AccountRow:
    """One line of the account list."""

    id: int
    number: str
    tenant_id: int
    tenant: str
    initials: str
    kind: str
    status: str  # open | closed | preset
    balance_fen: int
    rooms: tuple[str, ...]  # "A栋 / 101"; a pre-set account's reserved rooms
    room_ids: tuple[int, ...]
    meters: int
    payers: int  # contacts allowed to pay
    opened_at: datetime | None

    @property
    def rooms_text(self) -> str:
        return ", ".join(self.rooms)

    def matches(self, text: str) -> bool:
        """Search by tenant name, pinyin initials, room or account number (any case)."""
        needle = text.strip().lower()
        if not needle:
            return True
        hay = (self.tenant.lower(), self.initials.lower(), self.number.lower())
        return any(needle in h for h in hay) or any(needle in r.lower() for r in self.rooms)


@dataclass(frozen=True)
class MeterOfAccount:
    """An installed tenant meter of the account's rooms: what the swap dialog offers."""

    id: int
    room: str
    address: str
    profile: str
    billing: str
    energy_kwh: Decimal | None
    balance_fen: int | None


@dataclass(frozen=True)
class VacantRoom:
    id: int
    path: str
    meters: int


@dataclass
class AccountDetail:
    row: AccountRow
    meters: list[MeterOfAccount] = field(default_factory=list)
    plan: dict[str, Any] = field(default_factory=dict)  # a pre-set account's plan
    threshold_fen: int = 0  # money out above this needs an approver (four-eyes)
    contacts: list[Any] = field(default_factory=list)  # app.accounts.contacts.Contact


def list_accounts(db: Database, *, include_closed: bool = False) -> list[AccountRow]:
    """Every open and pre-set account (and closed ones on request), by number."""
    with db.read() as session:
        query = select(
            Account.id,
            Account.number,
            Account.tenant_id,
            Tenant.name,
            Tenant.initials,
            Tenant.kind,
            Account.status,
            Account.balance_fen,
            Account.opened_at,
        ).join(Tenant, Tenant.id == Account.tenant_id)
        if not include_closed:
            query = query.where(Account.status != "closed")
        accounts = session.execute(query.order_by(Account.number)).all()
        rooms: dict[int, list[tuple[str, int]]] = {}
        let = session.execute(
            select(Room.account_id, Room.id, Building.name, Room.number)
            .join(Floor, Room.floor_id == Floor.id)
            .join(Building, Floor.building_id == Building.id)
            .where(Room.account_id.is_not(None))
            .order_by(Building.name, Room.number)
        ).all()
        reserved = session.execute(
            select(AccountPresetRoom.account_id, Room.id, Building.name, Room.number)
            .join(Room, Room.id == AccountPresetRoom.room_id)
            .join(Floor, Room.floor_id == Floor.id)
            .join(Building, Floor.building_id == Building.id)
            .order_by(Building.name, Room.number)
        ).all()
        room_of: dict[int, int] = {}
        pairs: list[Any] = [*let, *reserved]
        for aid, rid, building, number in pairs:
            rooms.setdefault(aid, []).append((f"{building} / {number}", rid))
            room_of[rid] = aid
        meters: dict[int, int] = {}
        for room_id, count in session.execute(
            select(Meter.room_id, func.count())
            .where(Meter.removed_at.is_(None), Meter.role == MeterRole.TENANT)
            .group_by(Meter.room_id)
        ):
            if room_id in room_of:
                meters[room_of[room_id]] = meters.get(room_of[room_id], 0) + count
        payers: dict[int, int] = dict(
            session.execute(  # type: ignore[arg-type]
                select(TenantContact.tenant_id, func.count())
                .where(TenantContact.may_pay.is_(True))
                .group_by(TenantContact.tenant_id)
            ).all()
        )
    return [
        AccountRow(
            aid,
            number,
            tid,
            name,
            ini or "",
            kind.value,
            status.value,
            balance,
            tuple(p for p, _ in rooms.get(aid, [])),
            tuple(r for _, r in rooms.get(aid, [])),
            meters.get(aid, 0),
            int(payers.get(tid, 0)),
            opened,
        )
        for aid, number, tid, name, ini, kind, status, balance, opened in accounts
    ]


def account_detail(db: Database, account_id: int) -> AccountDetail | None:
    """One account's row, its installed tenant meters and (pre-set) its plan."""
    rows = [r for r in list_accounts(db, include_closed=True) if r.id == account_id]
    if not rows:
        return None
    row = rows[0]
    with db.read() as session:
        found = session.execute(
            select(Meter, Building.name, Room.number, MeterState)
            .join(Room, Room.id == Meter.room_id)
            .join(Floor, Room.floor_id == Floor.id)
            .join(Building, Floor.building_id == Building.id)
            .outerjoin(MeterState, MeterState.meter_id == Meter.id)
            .where(
                Meter.room_id.in_(row.room_ids),
                Meter.removed_at.is_(None),
                Meter.role == MeterRole.TENANT,
            )
            .order_by(Building.name, Room.number, Meter.id)
        ).all()
        meters = [
            MeterOfAccount(
                m.id,
                f"{b} / {n}",
                m.address,
                m.profile,
                m.billing_mode.value,
                st.energy_total if st else None,
                int(st.balance_fen) if st and st.balance_fen is not None else None,
            )
            for m, b, n, st in found
        ]
        preset = session.get(AccountPreset, account_id)
        plan = dict(preset.plan) if preset else {}
    from .contacts import contacts_of

    return AccountDetail(
        row, meters, plan, approval_threshold_fen(db), contacts_of(db, row.tenant_id)
    )


def vacant_rooms(db: Database) -> list[VacantRoom]:
    """Rooms neither let nor reserved, by building and number (for opening)."""
    with db.read() as session:
        reserved = select(AccountPresetRoom.room_id)
        rows = session.execute(
            select(Room.id, Building.name, Floor.name, Room.number)
            .join(Floor, Room.floor_id == Floor.id)
            .join(Building, Floor.building_id == Building.id)
            .where(Room.account_id.is_(None), Room.id.not_in(reserved))
            .order_by(Building.name, Floor.level, Room.number)
        ).all()
        counts: dict[int, int] = dict(
            session.execute(  # type: ignore[arg-type]
                select(Meter.room_id, func.count())
                .where(Meter.removed_at.is_(None), Meter.role == MeterRole.TENANT)
                .group_by(Meter.room_id)
            ).all()
        )
    return [VacantRoom(rid, f"{b} / {f} / {n}", int(counts.get(rid, 0))) for rid, b, f, n in rows]


def tariff_names(db: Database) -> list[str]:
    with db.read() as session:
        return list(session.scalars(select(TariffRow.name).order_by(TariffRow.name)))


@dataclass(frozen=True)
class RoomAccount:
    """Who a room belongs to, for the tree's context menu: the account that rents it, or
    the pre-set account that reserved it, or nobody."""

    room_id: int
    account_id: int | None
    status: str | None  # open | preset | None (vacant)


def room_account(db: Database, room_id: int) -> RoomAccount:
    with db.read() as session:
        let = session.scalar(select(Room.account_id).where(Room.id == room_id))
        if let is not None:
            return RoomAccount(room_id, let, "open")
        held = session.scalar(
            select(AccountPresetRoom.account_id).where(AccountPresetRoom.room_id == room_id)
        )
        return RoomAccount(room_id, held, "preset" if held is not None else None)


# -------------------------------------------------------------- the room detail's reads
@dataclass(frozen=True)
class RefundContext:
    account_id: int | None
    balance_fen: int
    threshold_fen: int


def refund_context(db: Database, room_id: int) -> RefundContext:
    """The room's account, its balance and the approval threshold (refund dialog)."""
    from ..security import load_policy

    with db.read() as s:
        account_id = s.scalar(select(Room.account_id).where(Room.id == room_id))
        account = s.get(Account, account_id) if account_id is not None else None
        threshold = load_policy(s).approval_threshold
        return RefundContext(
            account_id, account.balance_fen if account else 0, int(threshold * 100)
        )


def account_balance(db: Database, account_id: int) -> int:
    with db.read() as s:
        account = s.get(Account, account_id)
        return account.balance_fen if account else 0


def meter_defaults(db: Database, meter_id: int) -> dict[str, Any]:
    """Prefill of the parameter dialog: the site's alarm lines and the prices of the tariff
    in force for the meter."""
    from ..collector.config import load_rules
    from ..ledger.tariffs import tariff_for_meter
    from ..models import utcnow
    from ..money import fen_to_yuan

    price_params = (
        ("price_1", "sharp"),
        ("price_2", "peak"),
        ("price_3", "flat"),
        ("price_4", "valley"),
    )
    with db.read() as s:
        rules = load_rules(s)
        values: dict[str, Any] = {
            "alarm_1": fen_to_yuan(rules.alarm_1_fen),
            "alarm_2": fen_to_yuan(rules.alarm_2_fen),
        }
        tariff = tariff_for_meter(s, meter_id)
        version = tariff.version_at(utcnow()) if tariff else None
        if tariff is not None and version is not None:
            values["tariff"] = tariff.name
            values["tiered"] = bool(version.tiers)
            for param, band in price_params:
                values[param] = version.prices.get(band) if version.is_tou else version.price(band)  # type: ignore[call-overload,arg-type]
        return values


def command_status(db: Database, command_id: int) -> tuple[int, str, str] | None:
    """(id, status, result) of a queued meter command, or None when it is gone."""
    with db.read() as s:
        row = s.execute(
            select(MeterCommand.status, MeterCommand.result).where(MeterCommand.id == command_id)
        ).first()
    return None if row is None else (command_id, row[0].value, row[1] or "")


def slip_pdf(db: Database, number: str) -> bytes:
    """The refund slip (or any receipt) as PDF, from what the ledger froze."""
    from ..ledger.recharge import receipt_data
    from ..receipts import render_pdf

    with db.read() as s:
        data = receipt_data(s, number)
    return render_pdf(data)


def slip_data(db: Database, number: str) -> Any:
    """The frozen ``ReceiptData`` of a slip, for the on-screen receipt view."""
    from ..ledger.recharge import receipt_data

    with db.read() as s:
        return receipt_data(s, number)


def approval_threshold_fen(db: Database) -> int:
    """Money out above this needs a second operator's approval (the four-eyes rule)."""
    from ..security import load_policy

    with db.read() as s:
        return int(load_policy(s).approval_threshold * 100)
