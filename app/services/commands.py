"""Queuing meter commands that move no money: relay, parameters, clock.

The collector executes what these write (``app.collector``), so the GUI and the CLI never
touch a serial port and a second workstation on PostgreSQL can queue work for the one that
owns the buses. Each request is authorised, audited and queued in one transaction; the
caller then calls ``Collector.wake()`` if the collector runs in the same process (others
find it within ``command_poll`` seconds). Recharges are queued by ``app.ledger.recharge``
together with their money, never here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select

from ..db import Database
from ..i18n import tr
from ..models import CommandStatus, Meter, MeterCommand, utcnow
from ..security import Actor, Permission, audit, authorize

RELAY_ACTIONS = ("cut", "close", "guarantee_on", "guarantee_off")
PARAM_NAMES = ("price_1", "price_2", "price_3", "price_4", "alarm_1", "alarm_2", "max_balance")
OPERATOR_PRIORITY = 0  # operator commands go before rules (2) and polling
LIFETIME = {
    "relay": timedelta(minutes=30),
    "params": timedelta(days=1),
    "clock": timedelta(hours=1),
}


class CommandError(ValueError):
    """A command request that was refused; ``str()`` is for the user."""


def request_relay(
    db: Database,
    actor: Actor,
    meter_id: int,
    action: str,
    *,
    reason: str = "manual",
    now: datetime | None = None,
) -> int:
    """Queue a relay command (cut / close / guarantee_on / guarantee_off); returns its id.

    A manual cut is remembered as manual, so the automation never restores it after a
    recharge; only an operator's close does.
    """
    if action not in RELAY_ACTIONS:
        raise CommandError(
            tr(
                "unknown relay action {action!r} (cut, close, guarantee_on, guarantee_off)",
                action=action,
            )
        )
    payload = {"action": action, "reason": reason[:16] or "manual"}
    return _queue(db, actor, Permission.RELAY_SWITCH, meter_id, "relay", payload, now)


def write_params(
    db: Database,
    actor: Actor,
    meter_id: int,
    values: dict[str, Any],
    *,
    now: datetime | None = None,
) -> int:
    """Queue prices (``price_1..4`` = sharp, peak, flat, valley, yuan/kWh, 4 decimals),
    alarm lines and the maximum balance (yuan) for a meter; returns the command id."""
    if not values:
        raise CommandError(tr("say which parameters to write"))
    clean: dict[str, str] = {}
    for name, value in values.items():
        if name not in PARAM_NAMES:
            raise CommandError(tr("unknown meter parameter {name!r}", name=name))
        if isinstance(value, float):
            raise CommandError(tr("{name}: give the value as text, not float", name=name))
        try:
            number = Decimal(str(value))
        except InvalidOperation as exc:
            raise CommandError(
                tr("{name}: {value!r} is not a number", name=name, value=value)
            ) from exc
        places = 4 if name.startswith("price") else 2
        if (
            not number.is_finite()
            or number < 0
            or number != number.quantize(Decimal(1).scaleb(-places))
        ):
            raise CommandError(
                tr(
                    "{name}: {value} must be zero or more with at most {places} decimals",
                    name=name,
                    value=value,
                    places=places,
                )
            )
        clean[name] = str(number)
    return _queue(db, actor, Permission.METER_PARAMS, meter_id, "params", {"values": clean}, now)


def sync_clock(db: Database, actor: Actor, meter_id: int, *, now: datetime | None = None) -> int:
    """Queue setting the meter's clock to the collector's time when it runs."""
    return _queue(db, actor, Permission.METER_PARAMS, meter_id, "clock", {}, now)


def cancel(db: Database, actor: Actor, command_id: int, *, now: datetime | None = None) -> None:
    """Cancel a command that was never sent (pending). A sent one is in doubt: the
    collector must finish it by reading the meter back, so it cannot be cancelled."""
    moment = now or utcnow()
    with db.write() as s:
        # locked: the collector marks it sent under the same lock, so one of the two wins
        cmd = s.get(MeterCommand, command_id, with_for_update=True)
        if cmd is None:
            raise CommandError(tr("no meter command {id}", id=command_id))
        if cmd.kind == "recharge":
            raise CommandError(tr("a recharge is cancelled by a refund, not here"))
        authorize(
            s, actor, Permission.RELAY_SWITCH if cmd.kind == "relay" else Permission.METER_PARAMS
        )
        if cmd.status is not CommandStatus.PENDING:
            raise CommandError(
                tr(
                    "command {id} is {status}: only a pending command can be cancelled",
                    id=command_id,
                    status=cmd.status.value,
                )
            )
        cmd.status, cmd.updated_at, cmd.result = CommandStatus.CANCELLED, moment, "cancelled"
        audit.record(
            s,
            actor,
            f"meter.{cmd.kind}.cancel",
            f"meter:{cmd.meter_id}",
            before={"status": "pending"},
            after={"status": "cancelled"},
            extra={"command_id": cmd.id},
            now=moment,
        )


def _queue(
    db: Database,
    actor: Actor,
    permission: Permission,
    meter_id: int,
    kind: str,
    payload: dict[str, Any],
    now: datetime | None,
) -> int:
    moment = now or utcnow()
    with db.write() as s:
        authorize(s, actor, permission)
        meter = s.get(Meter, meter_id)
        if meter is None or meter.removed_at is not None:
            raise CommandError(tr("no installed meter with id {id}", id=meter_id))
        # a new request of the same kind replaces one that was never sent
        for old in s.scalars(
            select(MeterCommand).where(
                MeterCommand.meter_id == meter_id,
                MeterCommand.kind == kind,
                MeterCommand.status == CommandStatus.PENDING,
            )
        ):
            old.status, old.updated_at, old.result = (
                CommandStatus.CANCELLED,
                moment,
                "replaced by a newer request",
            )
        payload = {**payload, "by": actor.login}
        cmd = MeterCommand(
            meter_id=meter_id,
            kind=kind,
            priority=OPERATOR_PRIORITY,
            payload=payload,
            operator_id=actor.operator_id,
            created_at=moment,
            updated_at=moment,
            expires_at=moment + LIFETIME[kind],
        )
        s.add(cmd)
        s.flush()
        audit.record(
            s,
            actor,
            f"meter.{kind}.request",
            f"meter:{meter_id}",
            after={"command_id": cmd.id, **payload},
            now=moment,
        )
        return cmd.id
