"""What a load cut writes besides the relay command: the room's event (the alarm feed), the
messages (app.notify) and the queued relay command itself. Called inside the rules' write
transaction, so an event, its command, its audit row and its messages commit together.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import CommandStatus, Event, LoadEvent, MeterCommand, Room
from ..notify.hooks import settings_for
from ..notify.lookup import Lookup
from ..notify.rules import insert_rows, queue
from ..sitetree import room_label
from .library import describe

log = logging.getLogger(__name__)
REASON = "load"  # relay_control.cut_reason of a load cut (never "arrears")
RELAY_PRIORITY = 2  # as the arrears cut: before routine polls, after an operator's switch
MANUAL_PRIORITY = 0  # the manager's restore: an operator command
LIFETIME = timedelta(minutes=10)  # a late load cut is worse than none
# the room events load control writes (their sentences: app.livedata.event_text)
EVENT_KINDS = frozenset(
    {
        "load.cut",
        "load.alarm",
        "load.held",
        "load.already_cut",
        "load.already_off",
        "load.needs_manager",
        "load.restore",
        "load.learned",
    }
)
LEVELS = {"cut": 3, "alarm": 3, "needs_manager": 3, "held": 2}


def rule_of(event_id: int) -> str:
    """The rule a load cut carries in ``relay_control.rule`` and its command."""
    return f"{REASON}:{event_id}"


def relay_command(
    s: Session, now: datetime, meter_id: int, action: str, event_id: int, priority: int
) -> int:
    """A relay command through the table operators use; returns its id."""
    cmd = MeterCommand(
        meter_id=meter_id,
        kind="relay",
        priority=priority,
        payload={"action": action, "reason": REASON, "rule": rule_of(event_id)},
        created_at=now,
        updated_at=now,
        expires_at=now + LIFETIME,
    )
    s.add(cmd)
    s.flush()
    return cmd.id


def active_relay(s: Session, meter_id: int) -> MeterCommand | None:
    """The meter's relay command still on its way (pending or sent), if any."""
    return s.scalar(
        select(MeterCommand)
        .where(
            MeterCommand.meter_id == meter_id,
            MeterCommand.kind == "relay",
            MeterCommand.status.in_((CommandStatus.PENDING, CommandStatus.SENT)),
        )
        .order_by(MeterCommand.id.desc())
        .limit(1)
    )


def room_event(
    s: Session,
    now: datetime,
    kind: str,
    meter_id: int | None,
    room_id: int | None,
    message: str,
    data: dict[str, Any],
    level: int = 0,
) -> Event:
    """One row of the room's events (level 3 surfaces in the alarm feed, as an arrears cut)."""
    assert kind in EVENT_KINDS, kind
    event = Event(
        ts=now,
        kind=kind,
        level=level,
        meter_id=meter_id,
        room_id=room_id,
        message=message,
        data=data,
    )
    s.add(event)
    s.flush()
    return event


def measured(ev: LoadEvent) -> dict[str, Any]:
    """What was measured, as the event data the operator sees (why it was cut)."""
    return {
        "load_event_id": ev.id,
        "source": ev.source,
        "verdict": ev.verdict,
        "appliance": ev.appliance,
        "meter_event": ev.meter_event,
        "delta_w": ev.delta_w,
        "power_factor": ev.power_factor,
        "before_w": ev.before_w,
        "after_w": ev.after_w,
        "confidence": ev.confidence,
        "action": ev.action,
        "command_id": ev.command_id,
    }


def send_messages(
    s: Session, ev: LoadEvent, room: Room, account_id: int | None, restore: str, event_id: int
) -> int:
    """``load_cut`` to the room's contacts and ``load_alarm`` to the staff who want it, in a
    savepoint (a message's failure never costs the cut). Returns the rows queued."""
    settings = settings_for(s)
    if not settings.channels:
        return 0
    try:
        with s.begin_nested():
            lookup = Lookup(s)
            label = room_label(s, room)
            building = label.rsplit("/", 1)[0]
            found, event = ev.appliance, ev.meter_event

            def appliance(lang: str) -> str:  # in each recipient's language
                return describe(found, event, lang)

            power = f"{ev.delta_w:.0f}" if ev.delta_w is not None else "?"
            rows: list[dict[str, Any]] = []
            if account_id is not None and ev.action == "cut":  # the tenant: only a cut
                values = lookup.values(account_id, room.id)
                values.update(appliance=appliance, power=power, restore_at=restore)
                key = f"load_cut:{ev.id}"
                queue(
                    s,
                    settings,
                    "load_cut",
                    key,
                    values,
                    account_id=account_id,
                    room_id=room.id,
                    event_id=event_id,
                    now=ev.at,
                    lookup=lookup,
                    pending=rows,
                )
            staff = {
                "site": lookup.site(),
                "room": label,
                "tenant": "",
                "account": "",
                "building": building,
                "appliance": appliance,
                "power": power,
            }
            queue(
                s,
                settings,
                "load_alarm",
                f"load_alarm:{ev.id}",
                staff,
                room_id=room.id,
                event_id=event_id,
                now=ev.at,
                lookup=lookup,
                pending=rows,
            )
            return insert_rows(s, rows)
    except Exception:  # logged; the cut goes on
        log.exception("messages for load event %s could not be queued", ev.id)
        return 0
