"""Opening accounts with a plan, pre-set accounts, tenant details and contacts.

Each function is one unit of work: permission inside the write scope, everything checked
before anything is written, the audit row in the same transaction (as in ``app.ledger``).

The plan an account opens with uses what the house already has, nothing parallel:

- the tariff is assigned to each tenant meter of its rooms (``tariff_assignment`` with
  scope ``meter``; ``tariff.edit``);
- the billing mode is set on those meters (``meter.edit``), refused for a meter-side meter
  that still holds money (it would vanish from the books);
- alarm levels 1 and 2 are written to meter-side meters as a queued ``params`` command
  (``meter.params``): such a meter warns and trips by itself. Platform-side meters follow
  the site's levels (Settings);
- level 3, the cut-off, is the account's overdraft limit (透支额度, ``settings.edit``): how
  far below zero the account may go before the automatic cut.

A pre-set account (预设账户) is an ``account`` row with status ``preset``: number and tenant
exist, its rooms are reserved (``account_preset_room``) but not let, so nothing is billed
to it and nothing can be recharged. ``open_preset`` lets the rooms and applies the plan.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..ledger.corrections import OVERDRAFT_MAX_FEN
from ..ledger.journal import LedgerError
from ..ledger.locks import serialize
from ..ledger.tariffs import tariff_by_name
from ..models import (
    Account,
    AccountPreset,
    AccountPresetRoom,
    AccountStatus,
    BillingMode,
    Meter,
    MeterCommand,
    MeterRole,
    MeterState,
    Room,
    TariffAssignment,
    TariffRow,
    Tenant,
    TenantKind,
    utcnow,
)
from ..money import format_yuan
from ..names import initials
from ..security import Actor, Permission, audit, authorize

PARAMS_LIFETIME = timedelta(days=1)


@dataclass(frozen=True)
class OpenPlan:
    """What an account opens with; ``None`` leaves the house's default in place."""

    tariff: str | None = None  # tariff name, assigned to each tenant meter of the rooms
    billing: str | None = None  # "meter" | "platform", set on those meters
    alarm_1_fen: int | None = None  # level 1 (warn), written to meter-side meters
    alarm_2_fen: int | None = None  # level 2 (pre-trip), written to meter-side meters
    overdraft_fen: int | None = None  # level 3: the cut-off's overdraft limit

    def as_json(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OpenPlan:
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Opened:
    """The outcome of an opening: the account and the parameter commands queued."""

    account_id: int
    number: str
    commands: tuple[int, ...] = ()


# ----------------------------------------------------------------------------- checks
def _name(text: str) -> str:
    name = text.strip()
    if not name or len(name) > 120:
        raise LedgerError(tr("a tenant needs a name of 1 to 120 characters"))
    return name


def _kind(kind: str) -> TenantKind:
    try:
        return TenantKind(kind)
    except ValueError as exc:
        raise LedgerError(tr("unknown tenant kind {value!r}", value=kind)) from exc


def check_plan(session: Session, actor: Actor, plan: OpenPlan) -> None:
    """The permissions and values the plan needs, before anything is written."""
    if plan.tariff:
        authorize(session, actor, Permission.TARIFF_EDIT)
        if session.scalar(select(TariffRow.id).where(TariffRow.name == plan.tariff)) is None:
            raise LedgerError(tr("no tariff named {name}", name=plan.tariff))
        tariff_by_name(session, plan.tariff)  # refuses one without a published version
    if plan.billing is not None:
        authorize(session, actor, Permission.METER_EDIT)
        if plan.billing not in (BillingMode.METER.value, BillingMode.PLATFORM.value):
            raise LedgerError(tr("unknown billing mode {value!r}", value=plan.billing))
    levels = (plan.alarm_1_fen, plan.alarm_2_fen)
    if any(v is not None for v in levels):
        authorize(session, actor, Permission.METER_PARAMS)
        if any(v is None or v < 0 for v in levels):
            raise LedgerError(tr("alarm levels 1 and 2 go together, zero or more"))
        if plan.alarm_1_fen <= plan.alarm_2_fen:  # type: ignore[operator]
            raise LedgerError(tr("level 1 must be above level 2"))
    if plan.overdraft_fen:
        authorize(session, actor, Permission.SETTINGS_EDIT)
        if not 0 < plan.overdraft_fen <= OVERDRAFT_MAX_FEN:
            raise LedgerError(
                tr(
                    "an overdraft limit above {limit} is not allowed",
                    limit=format_yuan(OVERDRAFT_MAX_FEN),
                )
            )


def _free_room(session: Session, room_id: int, preset: int | None = None) -> Room:
    """A room that is neither let nor reserved by another pre-set account (locked)."""
    room = session.get(Room, room_id, with_for_update=True)
    if room is None:
        raise LedgerError(tr("no room with id {id}", id=room_id))
    if room.account_id is not None:
        raise LedgerError(tr("room {room} is already let", room=room.number))
    held = session.scalar(
        select(Account.number)
        .join(AccountPresetRoom, AccountPresetRoom.account_id == Account.id)
        .where(AccountPresetRoom.room_id == room_id, Account.id != (preset or 0))
    )
    if held is not None:
        raise LedgerError(
            tr("room {room} is reserved by pre-set account {number}", room=room.number, number=held)
        )
    return room


def _tenant_meters(session: Session, room_ids: list[int]) -> list[Meter]:
    return list(
        session.scalars(
            select(Meter)
            .where(
                Meter.room_id.in_(room_ids),
                Meter.removed_at.is_(None),
                Meter.role == MeterRole.TENANT,
            )
            .order_by(Meter.id)
            .with_for_update()
        )
    )


def _check_billing_change(session: Session, meters: list[Meter], plan: OpenPlan) -> None:
    if plan.billing is None:
        return
    for meter in meters:
        if meter.billing_mode.value == plan.billing or meter.billing_mode is not BillingMode.METER:
            continue
        state = session.get(MeterState, meter.id)
        if state is not None and (state.balance_fen or 0) > 0:
            raise LedgerError(
                tr(
                    "meter {address} still holds {amount}: it cannot become platform-side "
                    "until that money is settled",
                    address=meter.address,
                    amount=format_yuan(int(state.balance_fen or 0)),
                )
            )


# ----------------------------------------------------------------------------- writing
def _new_account(
    session: Session, name: str, kind: TenantKind, status: AccountStatus, moment: datetime
) -> Account:
    serialize(session, "account.open")  # the tenant's name and max(id) + 1, one desk at a time
    tenant = session.scalar(select(Tenant).where(Tenant.name == name))
    if tenant is None:
        tenant = Tenant(name=name, kind=kind, initials=initials(name), created_at=moment)
        session.add(tenant)
        session.flush()
    next_id = (session.scalar(select(func.max(Account.id))) or 0) + 1
    account = Account(
        number=f"E{next_id + 100000:07d}", tenant_id=tenant.id, status=status, opened_at=moment
    )
    session.add(account)
    session.flush()
    return account


def _apply_plan(
    session: Session,
    actor: Actor,
    account: Account,
    rooms: list[Room],
    plan: OpenPlan,
    at: datetime,
) -> list[int]:
    """Tariff, billing mode, meter alarm levels and overdraft; returns command ids."""
    meters = _tenant_meters(session, [r.id for r in rooms])
    commands: list[int] = []
    tariff_id = (
        session.scalar(select(TariffRow.id).where(TariffRow.name == plan.tariff))
        if plan.tariff
        else None
    )
    for meter in meters:
        if plan.billing is not None:
            meter.billing_mode = BillingMode(plan.billing)
        if tariff_id is not None:
            _assign_meter(session, meter.id, tariff_id)
        if plan.alarm_1_fen is not None and meter.billing_mode is BillingMode.METER:
            commands.append(_queue_alarms(session, actor, meter.id, plan, at))
    if plan.overdraft_fen:
        account.overdraft_fen = plan.overdraft_fen
    return commands


def _assign_meter(session: Session, meter_id: int, tariff_id: int) -> None:
    serialize(session, "tariff.assign", "meter", str(meter_id))
    row = session.scalar(
        select(TariffAssignment).where(
            TariffAssignment.scope == "meter", TariffAssignment.scope_key == str(meter_id)
        )
    )
    if row is None:
        session.add(TariffAssignment(tariff_id=tariff_id, scope="meter", scope_key=str(meter_id)))
    else:
        row.tariff_id = tariff_id


def _queue_alarms(
    session: Session, actor: Actor, meter_id: int, plan: OpenPlan, at: datetime
) -> int:
    """A params command like ``services.commands.write_params`` queues, in this session."""
    from ..services.commands import OPERATOR_PRIORITY

    values = {
        "alarm_1": f"{(plan.alarm_1_fen or 0) / 100:.2f}",
        "alarm_2": f"{(plan.alarm_2_fen or 0) / 100:.2f}",
    }
    cmd = MeterCommand(
        meter_id=meter_id,
        kind="params",
        priority=OPERATOR_PRIORITY,
        payload={"values": values, "by": actor.login},
        operator_id=actor.operator_id,
        created_at=at,
        updated_at=at,
        expires_at=at + PARAMS_LIFETIME,
    )
    session.add(cmd)
    session.flush()
    return cmd.id


def open_account(
    db: Database,
    actor: Actor,
    tenant: str,
    kind: str,
    room_ids: list[int],
    plan: OpenPlan | None = None,
    *,
    now: datetime | None = None,
) -> Opened:
    """开户 (一户一表 / 一户多表): an open account for a tenant over one or more vacant rooms,
    with its plan applied, in one transaction."""
    name, tenant_kind, plan = _name(tenant), _kind(kind), plan or OpenPlan()
    if not room_ids:
        raise LedgerError(tr("choose at least one room"))
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.SITE_EDIT)
        check_plan(session, actor, plan)
        rooms = [_free_room(session, rid) for rid in sorted(set(room_ids))]
        _check_billing_change(session, _tenant_meters(session, [r.id for r in rooms]), plan)
        account = _new_account(session, name, tenant_kind, AccountStatus.OPEN, moment)
        for room in rooms:
            room.account_id = account.id
        commands = _apply_plan(session, actor, account, rooms, plan, moment)
        audit.record(
            session,
            actor,
            "account.open",
            f"account:{account.id}",
            after={"tenant": name, "rooms": [r.number for r in rooms], **plan.as_json()},
            extra={"commands": commands} if commands else None,
            now=moment,
        )
        return Opened(account.id, account.number, tuple(commands))


def preset_account(
    db: Database,
    actor: Actor,
    tenant: str,
    kind: str,
    room_ids: list[int],
    plan: OpenPlan | None = None,
    *,
    now: datetime | None = None,
) -> Opened:
    """预设账户: prepare an account now (number, tenant, rooms reserved, plan kept); nothing
    is let or billed until ``open_preset``."""
    name, tenant_kind, plan = _name(tenant), _kind(kind), plan or OpenPlan()
    if not room_ids:
        raise LedgerError(tr("choose at least one room"))
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.SITE_EDIT)
        check_plan(session, actor, plan)
        rooms = [_free_room(session, rid) for rid in sorted(set(room_ids))]
        account = _new_account(session, name, tenant_kind, AccountStatus.PRESET, moment)
        session.add(
            AccountPreset(
                account_id=account.id,
                plan=plan.as_json(),
                created_by=actor.operator_id,
                created_at=moment,
            )
        )
        session.add_all(AccountPresetRoom(room_id=r.id, account_id=account.id) for r in rooms)
        audit.record(
            session,
            actor,
            "account.preset",
            f"account:{account.id}",
            after={"tenant": name, "rooms": [r.number for r in rooms], **plan.as_json()},
            now=moment,
        )
        return Opened(account.id, account.number)


def _preset(session: Session, account_id: int) -> tuple[Account, AccountPreset, list[int]]:
    account = session.get(Account, account_id, with_for_update=True)
    if account is None:
        raise LedgerError(tr("no account with id {id}", id=account_id))
    preset = session.get(AccountPreset, account_id)
    if account.status is not AccountStatus.PRESET or preset is None:
        raise LedgerError(tr("account {number} is not a pre-set account", number=account.number))
    rooms = list(
        session.scalars(
            select(AccountPresetRoom.room_id)
            .where(AccountPresetRoom.account_id == account_id)
            .order_by(AccountPresetRoom.room_id)
        )
    )
    return account, preset, rooms


def open_preset(
    db: Database, actor: Actor, account_id: int, *, now: datetime | None = None
) -> Opened:
    """One click: the pre-set account opens, its reserved rooms are let, its plan applied."""
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.SITE_EDIT)
        account, preset, room_ids = _preset(session, account_id)
        plan = OpenPlan.from_json(preset.plan)
        check_plan(session, actor, plan)
        rooms = [_free_room(session, rid, preset=account.id) for rid in room_ids]
        _check_billing_change(session, _tenant_meters(session, room_ids), plan)
        session.execute(delete(AccountPresetRoom).where(AccountPresetRoom.account_id == account.id))
        session.delete(preset)
        for room in rooms:
            room.account_id = account.id
        account.status, account.opened_at = AccountStatus.OPEN, moment
        commands = _apply_plan(session, actor, account, rooms, plan, moment)
        audit.record(
            session,
            actor,
            "account.open_preset",
            f"account:{account.id}",
            before={"status": "preset"},
            after={"status": "open", "rooms": [r.number for r in rooms], **plan.as_json()},
            extra={"commands": commands} if commands else None,
            now=moment,
        )
        return Opened(account.id, account.number, tuple(commands))


def cancel_preset(
    db: Database, actor: Actor, account_id: int, *, now: datetime | None = None
) -> None:
    """Drop a pre-set account that will not be opened: its rooms are free again, the row
    stays (status closed) so its number is never given twice."""
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.SITE_EDIT)
        account, preset, room_ids = _preset(session, account_id)
        session.execute(delete(AccountPresetRoom).where(AccountPresetRoom.account_id == account.id))
        session.delete(preset)
        account.status, account.closed_at = AccountStatus.CLOSED, moment
        audit.record(
            session,
            actor,
            "account.preset_cancel",
            f"account:{account.id}",
            before={"status": "preset", "rooms": room_ids},
            after={"status": "closed"},
            now=moment,
        )
