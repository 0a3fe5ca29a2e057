"""A second workstation's refresh: only the rooms whose summary changed since it last looked.

``app.livechange`` files the rooms every committed write changed under a counter value (in
commit order); ``refresh`` reads the rows after the value this desk last saw and the
summaries of just those rooms, so an unchanged park costs one primary-key range scan and a
busy one costs what changed, not the size of the park. ``start`` is the first, full read:
the counter is read *before* the rooms, so whatever commits in between is read again on the
next refresh rather than missed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..livechange import LiveChanges, changes_since, live_seq
from ..models import Meter, MeterState
from .events import EventRow, latest_event_id, recent_events
from .rooms import RoomLive, meter_rooms, room_live


@dataclass(frozen=True)
class LiveStart:
    """The full read a desk starts from."""

    seq: int
    meter_room: dict[int, int]
    rooms: dict[int, RoomLive]


@dataclass(frozen=True)
class LiveRefresh:
    """What changed after ``LiveStart.seq`` (or the previous refresh)."""

    seq: int
    full: bool  # every room was read (too far behind, or a change to all rooms)
    rooms: dict[int, RoomLive]
    events: list[EventRow]
    last_event: int  # newest event id seen
    # rooms whose meters answered after ``read_since`` (newest answer): a poll that moved
    # nothing the room shows files no change, but the tile's "read 12 s ago" must move
    read_at: dict[int, datetime] = field(default_factory=dict)


def start(session: Session, zone: ZoneInfo) -> LiveStart:
    seq = live_seq(session)
    return LiveStart(seq, meter_rooms(session), room_live(session, zone))


def refresh(
    session: Session,
    zone: ZoneInfo,
    seq: int,
    after_event: int | None,
    *,
    own_collector: bool = False,
    read_since: datetime | None = None,
) -> LiveRefresh:
    """Rooms changed after counter value ``seq``, and events after ``after_event`` (None:
    only note where the events stand; the alarms list loaded what came before).
    ``own_collector``: this desk runs the collector and hears of its polls directly, so
    only the others' changes (a cashier's recharge at another desk) are read here.
    ``read_since``: also return when the meters of rooms read after that moment last
    answered (``read_at``), for the tiles' age on a desk without the collector."""
    changes: LiveChanges = changes_since(session, seq, own_collector=own_collector)
    if changes.rooms is None:
        rooms = room_live(session, zone)
    else:
        rooms = room_live(session, zone, changes.rooms) if changes.rooms else {}
    read = answered_since(session, read_since) if read_since is not None else {}
    if after_event is None:
        top = latest_event_id(session)
        return LiveRefresh(changes.seq, changes.rooms is None, rooms, [], top, read)
    events = recent_events(session, after_id=after_event, limit=500)
    top = max([after_event, *(e.id for e in events)])
    return LiveRefresh(changes.seq, changes.rooms is None, rooms, events, top, read)


def answered_since(session: Session, since: datetime) -> dict[int, datetime]:
    """Room -> its meters' newest answer, for rooms with an answer after ``since``: one
    scan of ``meter_state`` (no room summaries), so it stays cheap at 10,000 rooms."""
    rows = session.execute(
        select(Meter.room_id, func.max(MeterState.last_seen))
        .join(MeterState, MeterState.meter_id == Meter.id)
        .where(
            MeterState.last_seen > since,
            Meter.room_id.is_not(None),
            Meter.removed_at.is_(None),
        )
        .group_by(Meter.room_id)
    )
    return {int(room): at for room, at in rows if room is not None and at is not None}


def with_read_at(shown: Mapping[int, RoomLive], result: LiveRefresh) -> dict[int, RoomLive]:
    """The rooms a refresh changes on a desk that shows ``shown``: the summaries it read,
    and the rooms whose meters answered since (``read_at``) with only their age moved."""
    rooms = dict(result.rooms)
    for room_id, at in result.read_at.items():
        room = rooms.get(room_id) or shown.get(room_id)
        if room is not None and (room.read_at is None or room.read_at < at):
            rooms[room_id] = replace(room, read_at=at)
    return rooms


NOTHING_READ = datetime(1970, 1, 1, tzinfo=UTC)


def newest_read(rooms: Mapping[int, RoomLive], since: datetime | None) -> datetime:
    """The ``read_since`` of the next refresh: the newest answer shown so far."""
    newest = max((r.read_at for r in rooms.values() if r.read_at is not None), default=None)
    candidates = [t for t in (newest, since) if t is not None]
    return max(candidates) if candidates else NOTHING_READ
