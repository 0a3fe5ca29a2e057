"""Load control read models and the dorm manager's restore (Qt-free; the CLI and the
windows call these, roles checked here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..db import Database
from ..i18n import tr
from ..models import Building, Floor, LoadEvent, LoadLearning, LoadRoom, Meter, Room, utcnow
from ..security import Actor, Permission, authorize
from ..sitetree import room_label
from .rules import Done, give_back
from .store import LoadControlError, config_for, room_by_name, whitelist


@dataclass(frozen=True)
class EventRow:
    id: int
    at: datetime
    room: str
    source: str
    verdict: str
    appliance: str
    delta_w: float | None
    power_factor: float | None
    before_w: float | None
    after_w: float | None
    action: str


@dataclass(frozen=True)
class RoomState:
    room: str
    under_control: bool
    cut_since: datetime | None
    restore_due_at: datetime | None
    restores: int
    limit: int
    needs_manager: bool
    learning: str | None
    whitelist: list[str]
    events: list[EventRow]


def list_events(
    db: Database,
    actor: Actor,
    building: str | None = None,
    room: str | None = None,
    since: datetime | None = None,
    verdict: str | None = None,
    limit: int = 200,
) -> list[EventRow]:
    """The load events, newest first, filtered."""
    with db.read() as s:
        authorize(s, actor, Permission.VIEW)
        query = select(LoadEvent).order_by(LoadEvent.id.desc()).limit(limit)
        if room:
            query = query.where(LoadEvent.room_id == room_by_name(s, room).id)
        if building:
            found = s.scalar(select(Building.id).where(Building.name == building))
            if found is None:
                raise LoadControlError(tr("no building {name}", name=building))
            query = (
                query.join(Room, Room.id == LoadEvent.room_id)
                .join(Floor, Floor.id == Room.floor_id)
                .where(Floor.building_id == found)
            )
        if since is not None:
            query = query.where(LoadEvent.at >= since)
        if verdict:
            query = query.where(LoadEvent.verdict == verdict)
        labels: dict[int, str] = {}
        rows = []
        for ev in s.scalars(query):
            if ev.room_id is not None and ev.room_id not in labels:
                r = s.get(Room, ev.room_id)
                labels[ev.room_id] = room_label(s, r) if r else "?"
            rows.append(
                EventRow(
                    ev.id,
                    ev.at,
                    labels.get(ev.room_id or 0, ""),
                    ev.source,
                    ev.verdict,
                    ev.appliance or ev.meter_event,
                    ev.delta_w,
                    ev.power_factor,
                    ev.before_w,
                    ev.after_w,
                    ev.action,
                )
            )
        return rows


def room_state(db: Database, actor: Actor, room_name: str) -> RoomState:
    """A room's load-control state, its whitelist and its last load events."""
    with db.read() as s:
        authorize(s, actor, Permission.VIEW)
        room = room_by_name(s, room_name)
        label = room_label(s, room)
        floor = s.get(Floor, room.floor_id)
        building_id = floor.building_id if floor else None
        cfg = config_for(s, building_id, room.id)
        row = s.get(LoadRoom, room.id)
        learning = s.get(LoadLearning, room.id)
        names = [w.name for w in whitelist(s, building_id, room.id)] if building_id else []
    events = list_events(db, actor, room=room_name, limit=20)
    return RoomState(
        label,
        cfg is not None and cfg.enabled,
        row.cut_since if row else None,
        row.restore_due_at if row else None,
        row.restores if row else 0,
        cfg.restore_limit if cfg else 0,
        bool(row and row.needs_manager),
        learning.name if learning else None,
        names,
        [e for e in events if e.room == label],
    )


def restore_room(
    db: Database,
    actor: Actor,
    room_name: str,
    reason: str,
    zone: ZoneInfo,
    now: datetime | None = None,
) -> Done:
    """The dorm manager's restore of a load cut (permission ``load.restore``), with a reason;
    clears "needs the manager". Precedence as the automatic restore: an account in arrears
    or an open timetable window keeps the room off under that rule."""
    reason = reason.strip()
    if not reason:
        raise LoadControlError(tr("a restore of a load cut needs a reason"))
    moment = now or utcnow()
    try:
        return _restore(db, actor, room_name, reason, zone, moment)
    except IntegrityError as exc:  # the automatic restore of another desk was first
        raise LoadControlError(
            tr("room {room}: its load cut was just given back elsewhere", room=room_name)
        ) from exc


def _restore(
    db: Database, actor: Actor, room_name: str, reason: str, zone: ZoneInfo, moment: datetime
) -> Done:
    done = Done()
    with db.write() as s:
        authorize(s, actor, Permission.LOAD_RESTORE)
        room = room_by_name(s, room_name)
        row = s.get(LoadRoom, room.id)
        if row is None or (row.cut_event_id is None and not row.needs_manager):
            raise LoadControlError(
                tr("room {room} is not cut by load control", room=room_label(s, room))
            )
        meter = s.get(Meter, row.meter_id) if row.meter_id is not None else None
        if row.cut_event_id is None or meter is None:
            row.needs_manager, row.updated_at = False, moment  # nothing left to switch
            return done
        outcome = give_back(s, actor, moment, row, meter, "manual", reason, zone, done)
        if outcome == "waiting":
            raise LoadControlError(
                tr(
                    "the load cut of room {room} is still on its way to the meter; try again "
                    "in a minute",
                    room=room_label(s, room),
                )
            )
    return done
