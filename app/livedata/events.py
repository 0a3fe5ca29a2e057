"""Events (the alarms list, acknowledgement) and bus health, read for the GUI.

Plain data, Qt-free; see ``app.livedata``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import Database
from ..models import (
    Building,
    CommandStatus,
    Event,
    Floor,
    Link,
    Meter,
    MeterCommand,
    MeterState,
    Room,
    utcnow,
)
from ..security import Actor, Permission, audit, authorize

CHUNK = 500
WAITING = (CommandStatus.PENDING, CommandStatus.SENT)


@dataclass(frozen=True)
class EventRow:
    id: int
    ts: datetime
    level: int
    kind: str
    room: str  # building / floor / room, or the meter address
    room_id: int | None
    message: str
    acked: bool
    building_id: int | None = None  # the room's building, else the meter's (filter)
    link: str = ""  # the meter's bus, for "23 meters went offline on bus 2"
    data: dict[str, Any] = field(default_factory=dict)  # the facts, for the UI's own sentence


# --------------------------------------------------------------------------- events


def recent_events(
    session: Session,
    *,
    ids: Sequence[int] | None = None,
    room_id: int | None = None,
    limit: int = 200,
    min_level: int = 0,
    after_id: int | None = None,
) -> list[EventRow]:
    """Newest first: the given event ids, a room's events, or the latest of the park
    (``after_id``: only those newer than it, what a second workstation has not seen)."""
    query = (
        select(
            Event,
            Building.name,
            Floor.name,
            Room.number,
            Meter.address,
            func.coalesce(Building.id, Meter.building_id),
            Link.name,
        )
        .outerjoin(Room, Event.room_id == Room.id)
        .outerjoin(Floor, Room.floor_id == Floor.id)
        .outerjoin(Building, Floor.building_id == Building.id)
        .outerjoin(Meter, Event.meter_id == Meter.id)
        .outerjoin(Link, Meter.link_id == Link.id)
        .where(Event.level >= min_level)
        .order_by(Event.id.desc())
        .limit(limit)
    )
    if ids is not None:
        query = query.where(Event.id.in_(list(ids)[:CHUNK]))
    if room_id is not None:
        query = query.where(Event.room_id == room_id)
    if after_id is not None:
        query = query.where(Event.id > after_id)
    out = []
    for event, building, floor, number, address, building_id, link in session.execute(query):
        place = " / ".join(p for p in (building, floor, number) if p) or (address or "")
        out.append(
            EventRow(
                event.id,
                event.ts,
                event.level,
                event.kind,
                place,
                event.room_id,
                event.message,
                event.acked_at is not None,
                building_id,
                link or "",
                dict(event.data or {}),
            )
        )
    return out


def latest_event_id(session: Session) -> int:
    """The newest event's id (0 for none): where a second workstation starts listening."""
    return int(session.scalar(select(func.max(Event.id))) or 0)


def acknowledge_events(db: Database, actor: Actor, ids: Sequence[int]) -> int:
    """Mark alarms as seen by ``actor`` (audited, one row per call); returns how many."""
    now = utcnow()
    with db.write() as s:
        authorize(s, actor, Permission.ALARM_ACK)
        events = s.scalars(
            select(Event).where(Event.id.in_(list(ids)[:CHUNK]), Event.acked_at.is_(None))
        ).all()
        for event in events:
            event.acked_at, event.acked_by = now, actor.operator_id
        if events:
            audit.record(
                s,
                actor,
                "event.ack",
                "event:" + ",".join(str(e.id) for e in events[:50]),
                after={"count": len(events)},
                now=now,
            )
        return len(events)


# --------------------------------------------------------------------------- buses


@dataclass(frozen=True)
class LinkHealth:
    link_id: int
    name: str
    url: str
    protocol: str
    baud: int
    enabled: bool
    meters: int
    online: int
    failing: int  # meters with misses or an error since their last answer
    last_error: str


def link_health(session: Session) -> list[LinkHealth]:
    rows = session.execute(
        select(
            Link.id,
            Link.name,
            Link.url,
            Link.protocol,
            Link.baud,
            Link.enabled,
            func.count(Meter.id),
            func.sum(func.coalesce(MeterState.online, False).cast(Link.baud.type)),
            func.sum(
                ((MeterState.misses > 0) | (MeterState.last_error != "")).cast(Link.baud.type)
            ),
            func.max(MeterState.last_error),
        )
        .select_from(Link)
        .outerjoin(Meter, (Meter.link_id == Link.id) & Meter.removed_at.is_(None))
        .outerjoin(MeterState, MeterState.meter_id == Meter.id)
        .group_by(Link.id)
        .order_by(Link.id)
    )
    return [
        LinkHealth(
            lid,
            name,
            url,
            proto.value,
            baud,
            enabled,
            count,
            int(on or 0),
            int(bad or 0),
            err or "",
        )
        for lid, name, url, proto, baud, enabled, count, on, bad, err in rows
    ]


def pending_recharge_count(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(MeterCommand)
            .where(MeterCommand.kind == "recharge", MeterCommand.status.in_(WAITING))
        )
        or 0
    )


def meter_link(session: Session, meter_id: int) -> tuple[int, str] | None:
    """(link id, address) of a meter: the diagnostics window's "read now" needs the bus."""
    row = session.execute(select(Meter.link_id, Meter.address).where(Meter.id == meter_id)).first()
    return (row[0], row[1]) if row else None


def scan_key(protocol: str, address: str) -> str:
    """An address as a bus scan reports it (Modbus "7", DL/T 645 twelve digits), so that
    "01" in the database and "1" on the wire are the same meter."""
    text = address.strip()
    if protocol == "modbus" and text.isdigit():
        return str(int(text))
    return text.zfill(12) if text.isdigit() else text


@dataclass(frozen=True)
class LinkLine:
    """A link's line settings, what a bus scan opens the port with."""

    url: str
    baud: int
    parity: str
    stopbits: int


def link_line(session: Session, link_id: int) -> LinkLine | None:
    """The line settings of link ``link_id`` (None: the link is gone)."""
    row = session.scalar(select(Link).where(Link.id == link_id))
    if row is None:
        return None
    return LinkLine(row.url, row.baud, row.parity.value, row.stopbits)


def link_meters(session: Session, link_id: int) -> dict[str, str]:
    """Installed meters of a link: scan key -> where it is (building / floor / room, or the
    meter's label): the bus scan marks what answered but is not in the database."""
    rows = session.execute(
        select(Link.protocol, Meter.address, Meter.label, Building.name, Floor.name, Room.number)
        .select_from(Meter)
        .join(Link, Meter.link_id == Link.id)
        .outerjoin(Room, Meter.room_id == Room.id)
        .outerjoin(Floor, Room.floor_id == Floor.id)
        .outerjoin(Building, Floor.building_id == Building.id)
        .where(Meter.link_id == link_id, Meter.removed_at.is_(None))
    )
    out = {}
    for protocol, address, label, building, floor, number in rows:
        place = " / ".join(p for p in (building, floor, number) if p) or label or address
        out[scan_key(protocol.value, address)] = place
    return out
