"""What happens next: the read API of the calendar view, and scopes written by name (Qt-free).

``upcoming(db, actor, start, end, zone, scope=...)`` lists, for the timetables that reach a
scope (a building, floor, room or account, or the whole park), every off and on between two
dates in park time, with the timetable's name and whether the holiday rule made it: what a
calendar window draws, and what ``schedule show`` prints. ``history`` lists the executed
transitions of a meter or room (what really happened, once each).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..billing.definitions import BillingError
from ..billing.scopes import account_id, building_id, floor_id
from ..db import Database
from ..i18n import tr
from ..models import Building, Floor, Meter, Room, TimetableTransition
from ..security import Actor, Permission, require
from .plan import Plan, TimecontrolError, transitions
from .store import load_plans, scope_meters


@dataclass(frozen=True)
class Upcoming:
    """One transition of one timetable (for the rooms of its scope)."""

    timetable_id: int
    timetable: str
    at: datetime  # UTC
    local: datetime  # park wall time, naive
    kind: str  # off | on
    holiday: bool
    meters: int  # how many meters of the asked scope it switches


def upcoming(
    db: Database,
    actor: Actor,
    start: datetime,
    end: datetime,
    zone: ZoneInfo,
    scope: tuple[str, int] | None = None,
    timetable_id: int | None = None,
) -> list[Upcoming]:
    """Every transition between ``start`` and ``end`` for ``scope`` (``("room", id)``,
    ``("floor", id)``, ``("building", id)``, ``("account", id)``; None: the park), in order."""
    require(actor, Permission.VIEW)
    with db.read() as s:
        plans = [p for p in load_plans(s) if timetable_id is None or p.id == timetable_id]
        reach = scope_meters(s, plans, start.astimezone(zone).date())
        wanted = None if scope is None else _meters_in(s, *scope)
    found: list[Upcoming] = []
    for plan in plans:
        meters = [m for m, governed in reach[plan.id].items() if governed]
        if wanted is not None:
            meters = [m for m in meters if m in wanted]
            if not meters:
                continue
        for t in transitions(plan, start, end, zone):
            found.append(
                Upcoming(plan.id, plan.name, t.at, t.local, t.kind, t.holiday, len(meters))
            )
    return sorted(found, key=lambda u: (u.at, u.timetable_id))


def _meters_in(s: Session, kind: str, ident: int) -> set[int]:
    query = (
        select(Meter.id).join(Room, Room.id == Meter.room_id).join(Floor, Floor.id == Room.floor_id)
    )
    column: Any = {
        "room": Room.id,
        "floor": Floor.id,
        "building": Floor.building_id,
        "account": Room.account_id,
    }.get(kind)
    if column is None:
        raise TimecontrolError(tr("scope: unknown scope {value!r}", value=kind))
    return set(s.scalars(query.where(column == ident, Meter.removed_at.is_(None))))


def history(db: Database, actor: Actor, meter_id: int, limit: int = 50) -> list[dict[str, Any]]:
    """The executed transitions of one meter, newest first."""
    require(actor, Permission.VIEW)
    with db.read() as s:
        rows = s.scalars(
            select(TimetableTransition)
            .where(TimetableTransition.meter_id == meter_id)
            .order_by(TimetableTransition.at.desc(), TimetableTransition.id.desc())
            .limit(limit)
        ).all()
        return [
            {
                "timetable_id": r.timetable_id,
                "at": r.at.isoformat(),
                "kind": r.kind,
                "outcome": r.outcome,
                "command_id": r.command_id,
                "executed_at": r.executed_at.isoformat(),
            }
            for r in rows
        ]


# ----------------------------------------------------------------- scopes written by name


def room_id(s: Session, text: str) -> int:
    """``#12`` or ``BUILDING/FLOOR/ROOM`` (A栋/3F/301) -> the room's id."""
    text = text.strip()
    if text.startswith("#") and text[1:].isdigit():
        found = s.scalar(select(Room.id).where(Room.id == int(text[1:])))
    else:
        parts = [p.strip() for p in text.split("/")]
        found = None
        if len(parts) == 3:
            found = s.scalar(
                select(Room.id)
                .join(Floor, Floor.id == Room.floor_id)
                .join(Building, Building.id == Floor.building_id)
                .where(Building.name == parts[0], Floor.name == parts[1], Room.number == parts[2])
            )
    if found is None:
        raise TimecontrolError(
            tr("scope: unknown room {name} (write BUILDING/FLOOR/ROOM)", name=text)
        )
    return found


def parse_scope(s: Session, text: str) -> tuple[str, tuple[int, ...]]:
    """``building:A栋`` | ``floor:A栋/3F`` | ``account:A0001`` | ``rooms:A栋/3F/301,A栋/3F/302``."""
    kind, sep, rest = text.strip().partition(":")
    names = [n.strip() for n in rest.split(",") if n.strip()]
    if not sep or kind not in ("building", "floor", "account", "rooms") or not names:
        raise TimecontrolError(
            tr(
                "scope: write building:NAME, floor:BUILDING/FLOOR, account:NUMBER or "
                "rooms:BUILDING/FLOOR/ROOM[,...], not {value!r}",
                value=text,
            )
        )
    if kind in ("building", "floor", "account") and len(names) != 1:
        raise TimecontrolError(tr("scope: name one {kind}; use rooms: for a group", kind=kind))
    try:
        if kind == "building":
            ids = [building_id(s, names[0])]
        elif kind == "floor":
            ids = [floor_id(s, names[0])]
        elif kind == "account":
            ids = [account_id(s, names[0])]
        else:
            ids = list(dict.fromkeys(room_id(s, n) for n in names))
    except BillingError as exc:
        raise TimecontrolError(str(exc)) from None
    return kind, tuple(ids)


def plan_scope_text(s: Session, plan: Plan) -> str:
    """A plan's scope in words (names, not ids) for listings."""
    names: list[str] = []
    for ident in plan.scope_ids:
        if plan.scope_kind == "building":
            names.append(s.scalar(select(Building.name).where(Building.id == ident)) or f"#{ident}")
        elif plan.scope_kind == "floor":
            row = s.execute(
                select(Building.name, Floor.name)
                .join(Floor, Floor.building_id == Building.id)
                .where(Floor.id == ident)
            ).first()
            names.append(f"{row[0]}/{row[1]}" if row else f"#{ident}")
        elif plan.scope_kind == "rooms":
            room = s.execute(
                select(Building.name, Floor.name, Room.number)
                .join(Floor, Floor.building_id == Building.id)
                .join(Room, Room.floor_id == Floor.id)
                .where(Room.id == ident)
            ).first()
            names.append(f"{room[0]}/{room[1]}/{room[2]}" if room else f"#{ident}")
        else:
            from ..models import Account

            names.append(s.scalar(select(Account.number).where(Account.id == ident)) or f"#{ident}")
    return f"{plan.scope_kind}:{','.join(names)}"
