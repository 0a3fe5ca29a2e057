"""Meter swap (换表补电): a new meter in place of the old, in one transaction.

What has to happen together, or not at all:

- the old meter's final reading is stored (typed by the operator who read the display, or
  the last reading the collector took) as an interval reading of the old meter; on a
  platform-side meter the energy since the last billed reading is billed up to it (the same
  ``Biller`` the collector uses), so nothing used on the old meter is lost, and the new
  meter, a new row, starts its own baseline with its first reading (no "register went
  backwards" confusion);
- on a meter-side meter the balance it held (as last read, or the lower figure the operator
  read from its display) moves on the ``meter`` book from the old meter to the new one and a
  durable recharge command puts it on the new meter: purchase count 1 (a new meter has
  made no purchase), no expiry (the money must arrive however long the meter is offline),
  executed and confirmed by the collector like any recharge (``app/collector/executor.py``);
- a recharge still queued for the old meter refuses the swap (it would be lost with the old
  meter or land twice): wait for it, or cancel it, then swap. Other commands still pending
  for the old meter (relay, parameters, clock) are cancelled: the meter is gone;
- the audit row names the final reading, the carried balance, the transaction and command.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import (
    BillingMode,
    CommandStatus,
    Meter,
    MeterCharge,
    MeterCommand,
    MeterState,
    Reading,
    ReadingKind,
    Room,
    utcnow,
)
from ..money import MoneyError, format_yuan, parse_yuan
from ..security import Actor, Permission, audit, authorize
from .journal import METER, LedgerError, Leg, post
from .recharge import ACTIVE, RECHARGE_PRIORITY


def _hundredths(text: str | int | Decimal | None, what: str) -> int | None:
    """A typed figure with at most two decimals, in hundredths (the strict money syntax)."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        return parse_yuan(text, allow_zero=True)
    except MoneyError as exc:
        raise LedgerError(tr("{what}: {reason}", what=what, reason=str(exc))) from exc


def replace_meter(
    db: Database,
    actor: Actor,
    old_meter_id: int,
    new_address: str,
    *,
    new_profile: str | None = None,
    final_kwh: str | int | Decimal | None = None,
    final_balance: str | int | Decimal | None = None,
    now: datetime | None = None,
) -> int:
    """换表: install a new meter in place of the old; returns the new meter's id."""
    moment = now or utcnow()
    address = new_address.strip()
    if not address or len(address) > 20:
        raise LedgerError(tr("a meter address needs 1 to 20 characters"))
    final = _hundredths(final_kwh, tr("final reading"))
    typed_balance = _hundredths(final_balance, tr("final balance"))
    if new_profile:
        _check_profile(new_profile)
    with db.write() as session:
        authorize(session, actor, Permission.METER_EDIT)
        old = session.get(Meter, old_meter_id, with_for_update=True)  # one swap at a time
        if old is None or old.removed_at is not None:
            raise LedgerError(tr("meter {id} is not installed", id=old_meter_id))
        _check_address(session, old, address)
        commands = _check_commands(session, old)
        state = session.get(MeterState, old.id)
        total = _final_reading(state, final)
        carried = _carried(old, state, typed_balance)
        room = session.get(Room, old.room_id) if old.room_id is not None else None
        account_id = room.account_id if room is not None else None
        if carried and account_id is None:
            raise LedgerError(
                tr(
                    "meter {id} holds {amount} but its room has no tenant account: "
                    "open the account first",
                    id=old.id,
                    amount=format_yuan(carried),
                )
            )
        # everything is checked: write
        billed, charge_txn = _final_bill(session, actor, old, total, moment)
        for cmd in commands:
            cmd.status, cmd.updated_at = CommandStatus.CANCELLED, moment
            cmd.result = f"meter replaced by {actor.login}"
        old.removed_at = moment
        session.flush()
        new = Meter(
            link_id=old.link_id,
            address=address,
            profile=new_profile or old.profile,
            role=old.role,
            billing_mode=old.billing_mode,
            room_id=old.room_id,
            building_id=old.building_id,
            parent_id=old.parent_id,
            label=old.label,
            ct_ratio=old.ct_ratio,
            install_date=moment.date(),
        )
        session.add(new)
        session.flush()
        old.replaced_by_id = new.id
        txn_id = command_id = None
        if carried and account_id is not None:
            txn = post(
                session,
                "transfer",
                [Leg(METER, -carried, account_id, old.id), Leg(METER, carried, account_id, new.id)],
                actor,
                memo=f"meter swap {old.id} -> {new.id}",
                now=moment,
            )
            command = MeterCommand(
                meter_id=new.id,
                kind="recharge",
                priority=RECHARGE_PRIORITY,
                txn_id=txn.id,
                operator_id=actor.operator_id,
                created_at=moment,
                updated_at=moment,
                payload={"amount_fen": carried, "expected_count": 1, "swap_from": old.id},
            )
            session.add(command)
            session.flush()
            txn_id, command_id = txn.id, command.id
        audit.record(
            session,
            actor,
            "meter.replace",
            f"meter:{old.id}",
            before={"address": old.address, "final_kwh": str(total) if total else None},
            after={
                "new_meter": new.id,
                "address": new.address,
                "carried_fen": carried,
                "billed_fen": billed,
                "charge_txn": charge_txn,
                "txn": txn_id,
                "command_id": command_id,
            },
            extra={"cancelled_commands": [c.id for c in commands]} if commands else None,
            now=moment,
        )
        return new.id


def _check_profile(name: str) -> None:
    from drivers.profiles import ProfileError, get_profile

    try:
        get_profile(name)
    except ProfileError as exc:
        raise LedgerError(str(exc)) from exc


def _check_address(session: Session, old: Meter, address: str) -> None:
    taken = session.scalar(
        select(Meter.id).where(
            Meter.link_id == old.link_id,
            Meter.address == address,
            Meter.removed_at.is_(None),
            Meter.id != old.id,
        )
    )
    if taken is not None:
        raise LedgerError(
            tr("address {address} is taken by meter {id} on this bus", address=address, id=taken)
        )


def _check_commands(session: Session, old: Meter) -> list[MeterCommand]:
    """Refuse while a recharge (or any command being written) is in flight for the old
    meter; the pending non-money commands it returns are cancelled with the swap."""
    active = session.scalars(
        select(MeterCommand).where(MeterCommand.meter_id == old.id, MeterCommand.status.in_(ACTIVE))
    ).all()
    for cmd in active:
        if cmd.kind == "recharge":
            raise LedgerError(
                tr(
                    "meter {id} has a recharge still pending: wait until the meter confirms "
                    "it (or cancel it), then replace the meter",
                    id=old.id,
                )
            )
        if cmd.status is CommandStatus.SENT:
            raise LedgerError(
                tr(
                    "a command is being written to meter {id} right now; try again shortly",
                    id=old.id,
                )
            )
    return list(active)


def _final_reading(state: MeterState | None, typed: int | None) -> Decimal | None:
    last = state.energy_total if state is not None else None
    if typed is None:
        return last
    value = (Decimal(typed) / 100).quantize(Decimal("0.01"))
    if last is not None and value < last:
        raise LedgerError(
            tr(
                "the final reading {value} kWh is below the last reading {last} kWh",
                value=value,
                last=last,
            )
        )
    return value


def _carried(old: Meter, state: MeterState | None, typed: int | None) -> int:
    """The balance that moves to the new meter (meter-side only): as last read, or the
    lower figure read from the display (the meter only spends between two reads)."""
    if old.billing_mode is not BillingMode.METER:
        if typed:
            raise LedgerError(tr("a platform-side meter holds no balance to carry"))
        return 0
    last = int(state.balance_fen) if state is not None and state.balance_fen is not None else None
    if typed is None:
        return max(last or 0, 0)
    if last is None or typed > last:
        raise LedgerError(
            tr(
                "the final balance {amount} is more than the meter held when last read ({last})",
                amount=format_yuan(typed),
                last="?" if last is None else format_yuan(last),
            )
        )
    return typed


def _final_bill(
    session: Session, actor: Actor, old: Meter, total: Decimal | None, moment: datetime
) -> tuple[int, int | None]:
    """Store the final reading; on a platform-side meter bill the energy up to it.
    Returns (fen billed, the charge's transaction id)."""
    if total is None:
        return 0, None
    session.add(Reading(meter_id=old.id, kind=ReadingKind.INTERVAL, ts=moment, energy_total=total))
    if old.billing_mode is not BillingMode.PLATFORM:
        return 0, None
    from ..collector.billing import Biller
    from ..collector.config import load_rules

    fen = (
        Biller(session, actor, load_rules(session))
        .bill(old.id, old.room_id, moment, total, None, moment)
        .fen
    )
    txn = session.scalar(
        select(MeterCharge.txn_id).where(MeterCharge.meter_id == old.id, MeterCharge.slot == moment)
    )
    return fen, txn
