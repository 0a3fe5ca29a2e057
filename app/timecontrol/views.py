"""The Time control window's reads, Qt-free: scopes by name, timetables as rows, a calendar
with holidays and held rooms, a room's history with what was held.

The window shows names (宿舍A/2F, D0102), never ids, and must not run SQL itself (the
layers), so everything it lists comes from here, read in its worker thread:

- ``scope_choices``: every building, floor, room and account as (kind, id, words);
- ``timetable_rows``: the timetables with their scope in words;
- ``calendar``: ``upcoming()`` for a scope plus the holiday dates in the range and the rooms
  under guaranteed supply (保电) a timetable would cut: they are held, not cut;
- ``room_history``: the executed transitions of a room's meters and its ``timetable.held``
  events, newest first, each with one outcome word key (cut, restored, held, already_off).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..models import (
    Account,
    Building,
    Event,
    Floor,
    Meter,
    MeterState,
    Room,
    Tenant,
    Timetable,
    TimetableTransition,
)
from ..security import Actor, Permission, require
from .calendar import Upcoming, _meters_in, plan_scope_text, upcoming
from .plan import Plan
from .store import load_one, load_plans, scope_meters


@dataclass(frozen=True)
class ScopeChoice:
    """One place a timetable may cover: ``kind`` building | floor | rooms | account."""

    kind: str
    id: int
    text: str  # 宿舍A, 宿舍A/2F, 宿舍A/2F/201, D0102 张三


@dataclass(frozen=True)
class TimetableRow:
    plan: Plan
    scope_text: str  # names, e.g. floor:宿舍A/2F


@dataclass(frozen=True)
class HeldRoom:
    room: str  # 宿舍A/2F/201
    timetable: str


@dataclass(frozen=True)
class CalendarView:
    events: list[Upcoming]
    holidays: list[tuple[date, str]]  # (day, timetable name) within the range
    held: list[HeldRoom]  # rooms under guaranteed supply a timetable would cut


@dataclass(frozen=True)
class HistoryRow:
    at: datetime  # UTC: when it was due (held: when it was held)
    timetable: str
    kind: str  # off | on
    outcome: str  # cut | restored | held | already_off | (as stored)


def scope_choices(db: Database, actor: Actor) -> list[ScopeChoice]:
    """Buildings, floors, rooms and accounts in name order, for the editor and the calendar."""
    require(actor, Permission.VIEW)
    out: list[ScopeChoice] = []
    with db.read() as s:
        for bid, name in s.execute(select(Building.id, Building.name).order_by(Building.name)):
            out.append(ScopeChoice("building", bid, name))
        floors = s.execute(
            select(Floor.id, Building.name, Floor.name)
            .join(Building, Building.id == Floor.building_id)
            .order_by(Building.name, Floor.level, Floor.name)
        )
        out.extend(ScopeChoice("floor", fid, f"{b}/{f}") for fid, b, f in floors)
        rooms = s.execute(
            select(Room.id, Building.name, Floor.name, Room.number)
            .join(Floor, Floor.id == Room.floor_id)
            .join(Building, Building.id == Floor.building_id)
            .order_by(Building.name, Floor.level, Room.number)
        )
        out.extend(ScopeChoice("rooms", rid, f"{b}/{f}/{n}") for rid, b, f, n in rooms)
        accounts = s.execute(
            select(Account.id, Account.number, Tenant.name)
            .join(Tenant, Tenant.id == Account.tenant_id)
            .order_by(Account.number)
        )
        out.extend(ScopeChoice("account", a, f"{n} {t}") for a, n, t in accounts)
    return out


def timetable_rows(db: Database, actor: Actor, include_removed: bool = True) -> list[TimetableRow]:
    """Every timetable (removed ones too, unless asked not to) with its scope in names."""
    require(actor, Permission.VIEW)
    with db.read() as s:
        ids = s.scalars(select(Timetable.id).order_by(Timetable.name)).all()
        plans = [load_one(s, i) for i in ids]
        return [
            TimetableRow(p, plan_scope_text(s, p)) for p in plans if include_removed or p.active
        ]


def calendar(
    db: Database,
    actor: Actor,
    first: date,
    days: int,
    zone: ZoneInfo,
    scope: tuple[str, int] | None = None,
) -> CalendarView:
    """What happens from ``first`` (a park date, 00:00) for ``days`` days in ``scope``."""
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    end = start + timedelta(days=days)
    asked = None if scope is None else ("room" if scope[0] == "rooms" else scope[0], scope[1])
    events = upcoming(db, actor, start, end, zone, scope=asked)
    last = first + timedelta(days=days - 1)
    with db.read() as s:
        plans = load_plans(s)
        reach = scope_meters(s, plans, first)
        governed = {p.id: {m for m, g in reach[p.id].items() if g} for p in plans}
        if asked is not None:
            meters = _meters_in(s, *asked)
            for p in plans:
                governed[p.id] &= meters
        wanted = {p.id for p in plans if governed[p.id]}
        holidays = sorted(
            (d, p.name) for p in plans if p.id in wanted for d in p.holidays if first <= d <= last
        )
        held = _held(s, [p for p in plans if p.id in wanted], governed)
    return CalendarView(events, holidays, held)


def _held(s: Session, plans: list[Plan], governed: dict[int, set[int]]) -> list[HeldRoom]:
    """Guaranteed-supply rooms among the meters the plans govern (the due check holds them)."""
    names = {p.id: p.name for p in plans}
    by_meter = {m: names[p] for p in names for m in governed[p]}
    if not by_meter:
        return []
    rows = s.execute(
        select(Meter.id, Building.name, Floor.name, Room.number)
        .join(MeterState, MeterState.meter_id == Meter.id)
        .join(Room, Room.id == Meter.room_id)
        .join(Floor, Floor.id == Room.floor_id)
        .join(Building, Building.id == Floor.building_id)
        .where(MeterState.guaranteed.is_(True), Meter.id.in_(list(by_meter)))
        .order_by(Building.name, Floor.level, Room.number)
    ).all()
    seen: dict[str, HeldRoom] = {}
    for mid, b, f, n in rows:
        text = f"{b}/{f}/{n}"
        seen.setdefault(text, HeldRoom(text, by_meter[mid]))
    return list(seen.values())


def room_history(db: Database, actor: Actor, room_id: int, limit: int = 100) -> list[HistoryRow]:
    """What the timetables did to a room's meters (and when guaranteed supply held a cut)."""
    require(actor, Permission.VIEW)
    with db.read() as s:
        names = dict(s.execute(select(Timetable.id, Timetable.name)).tuples().all())
        meters = select(Meter.id).where(Meter.room_id == room_id)
        rows = s.scalars(
            select(TimetableTransition)
            .where(TimetableTransition.meter_id.in_(meters))
            .order_by(TimetableTransition.at.desc())
            .limit(limit)
        ).all()
        found = [
            HistoryRow(r.at, names.get(r.timetable_id, "#"), r.kind, _outcome(r.kind, r.outcome))
            for r in rows
        ]
        held = s.scalars(
            select(Event)
            .where(Event.room_id == room_id, Event.kind == "timetable.held")
            .order_by(Event.ts.desc())
            .limit(limit)
        ).all()
        for e in held:
            data = e.data or {}
            name = names.get(int(data.get("timetable_id") or 0), str(data.get("timetable", "")))
            found.append(HistoryRow(e.ts, name, str(data.get("transition", "off")), "held"))
    return sorted(found, key=lambda h: h.at, reverse=True)[:limit]


def _outcome(kind: str, stored: str) -> str:
    if stored == "queued":
        return "cut" if kind == "off" else "restored"
    return stored
