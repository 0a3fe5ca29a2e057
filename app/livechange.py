"""The live change counter: which rooms each committed write changed, in commit order.

A second workstation (no collector in its process, or a collector on another desk) must
not re-read every room every few seconds. So every write transaction that alters what a
room shows files one ``live_change`` row (the rooms it touched) under the next value of the
one-row ``live_counter``, and a desk asks for the rooms of the rows after the value it last
saw (``changes_since``).

Who bumps it: nobody by hand, mostly. Session events notice every ORM change to the rows a
room's summary is made of (``meter_state``, ``meter_command``, ``relay_control``, ``meter``,
``account`` balance and status, ``room``, an acknowledged ``event``, the ``collector.*``
alarm rules) and bump the counter once at commit: the cashier's recharge, a refund, the
ledger's charges, an account opened or closed, a relay command, an acknowledgement all go
through here without knowing it. The one bulk writer, the collector's poll batches
(``update(MeterState)`` by executemany), names its rooms with ``note_rooms``.

Correct under concurrent writers: the counter is taken by ``UPDATE ... RETURNING`` inside
the committing transaction, so its row lock is held until that commit. On PostgreSQL a
second writer's UPDATE waits for the first to commit and then reads its value, so the values
are handed out in commit order, one apart: when a reader sees value N committed, every
value below N is committed too, and a gap in the rows a reader gets can only mean the old
rows were pruned (then it reads every room once). SQLite has one writer at a time anyway.
The lock is taken at the last moment (in ``before_commit``, after the ledger's seal), so a
writer holds it only for its commit.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, event, insert, inspect, select, update
from sqlalchemy.orm import Session, UOWTransaction, attributes

from .ledger import chain
from .models import (
    Account,
    Event,
    LiveChange,
    LiveCounter,
    Meter,
    MeterCommand,
    MeterState,
    RelayControl,
    Room,
    Setting,
    utcnow,
)

TOUCHED = "wattdesk.live.touched"  # session.info: _Touched of this transaction
KEEP = 20_000  # live_change rows kept (a desk further behind reads every room once)
PRUNE_EVERY = 500  # prune once per this many counter values
CHUNK = 500


class _Touched:
    """What one transaction changed, as far as the rooms on screen are concerned."""

    def __init__(self) -> None:
        self.rooms: set[int] = set()
        self.meters: set[int] = set()
        self.accounts: set[int] = set()
        self.everything = False
        self.collector = False  # the collector's poll writer filed these

    def __bool__(self) -> bool:
        return bool(self.rooms or self.meters or self.accounts or self.everything)


def _touched(session: Session) -> _Touched:
    found = session.info.get(TOUCHED)
    if found is None:
        found = session.info[TOUCHED] = _Touched()
    return found


def note_rooms(session: Session, rooms: Iterable[int | None], *, collector: bool = False) -> None:
    """Rooms this transaction changed behind the ORM's back (bulk statements);
    ``collector``: by the collector's poll writer, whose own desk hears of them directly."""
    t = _touched(session)
    t.rooms.update(r for r in rooms if r is not None)
    t.collector = t.collector or collector


def note_everything(session: Session) -> None:
    """A change that may alter every room (e.g. the alarm rules)."""
    _touched(session).everything = True


# --------------------------------------------------------------------------- the writing side

_BY_METER = (MeterState, MeterCommand, RelayControl)


def _note(t: _Touched, obj: object) -> None:
    if isinstance(obj, _BY_METER):
        t.meters.add(obj.meter_id)
    elif isinstance(obj, Account):
        t.accounts.add(obj.id)
    elif isinstance(obj, Room):
        t.rooms.add(obj.id)
    elif isinstance(obj, Meter):
        t.meters.add(obj.id)
        history = attributes.get_history(obj, "room_id")
        t.rooms.update(r for r in (*history.deleted, obj.room_id) if r is not None)
    elif isinstance(obj, Event):
        if obj.room_id is not None and obj.acked_at is not None:
            t.rooms.add(obj.room_id)
    elif isinstance(obj, Setting) and str(obj.key).startswith("collector."):
        t.everything = True


@event.listens_for(Session, "after_flush")
def _track_flush(session: Session, _ctx: UOWTransaction) -> None:
    t: _Touched | None = None
    for group in (session.new, session.dirty, session.deleted):
        for obj in group:
            if isinstance(obj, (*_BY_METER, Account, Room, Meter, Event, Setting)):
                if isinstance(obj, Event) and obj in session.new:
                    continue  # new events reach a desk by their ids, not through rooms
                t = t or _touched(session)
                _note(t, obj)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(TOUCHED, None)


@event.listens_for(Session, "before_commit")
def _bump_on_commit(session: Session) -> None:
    if not session.info.get(TOUCHED) and session._is_clean():
        return
    session.flush()
    # the ledger's seal first, whichever listener registered first: its head row, then
    # the counter row, in every process (no lock-order deadlock on PostgreSQL)
    if session.info.get(chain.PENDING) or session.info.get(chain.TOUCHED):
        chain.seal(session)
    t: _Touched | None = session.info.pop(TOUCHED, None)
    if t:
        bump(session, t)


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def _rooms_of(session: Session, t: _Touched) -> set[int]:
    rooms = set(t.rooms)
    for ids in _chunks(sorted(t.meters)):
        rooms.update(
            r
            for r in session.scalars(select(Meter.room_id).where(Meter.id.in_(ids)))
            if r is not None
        )
    for ids in _chunks(sorted(t.accounts)):
        rooms.update(session.scalars(select(Room.id).where(Room.account_id.in_(ids))))
    return rooms


_READY: weakref.WeakSet[Any] = weakref.WeakSet()  # engines whose schema has the counter


def _has_counter(session: Session) -> bool:
    """False on a database still at an older revision (the migrations' own data steps)."""
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    if engine in _READY:
        return True
    if not inspect(session.connection()).has_table(LiveCounter.__tablename__):
        return False
    _READY.add(engine)
    return True


def bump(session: Session, t: _Touched) -> int | None:
    """Take the next counter value and file the rooms under it (None: no room changed)."""
    if not _has_counter(session):
        return None
    rooms = _rooms_of(session, t)
    if not rooms and not t.everything:
        return None
    seq = session.scalar(
        update(LiveCounter)
        .where(LiveCounter.id == 1)
        .values(seq=LiveCounter.seq + 1)
        .returning(LiveCounter.seq)
        .execution_options(synchronize_session=False)
    )
    if seq is None:  # a schema made without the migrations' row
        session.execute(insert(LiveCounter).values(id=1, seq=1))
        seq = 1
    session.execute(
        insert(LiveChange).values(
            seq=seq,
            at=utcnow(),
            rooms=sorted(rooms),
            everything=t.everything,
            collector=t.collector,
        )
    )
    if seq % PRUNE_EVERY == 0:
        session.execute(delete(LiveChange).where(LiveChange.seq <= seq - KEEP))
    return int(seq)


# --------------------------------------------------------------------------- the reading side


@dataclass(frozen=True)
class LiveChanges:
    """What changed after a counter value: ``rooms`` None means read every room."""

    seq: int
    rooms: frozenset[int] | None


def live_seq(session: Session) -> int:
    """The counter now (read it *before* a full read: what commits after is caught next)."""
    return int(session.scalar(select(LiveCounter.seq).where(LiveCounter.id == 1)) or 0)


def changes_since(session: Session, seq: int, *, own_collector: bool = False) -> LiveChanges:
    """The rooms changed by the transactions that committed after counter value ``seq``.

    One range scan of the primary key; nothing to read when nothing changed. The values
    after ``seq`` must all be there (they are handed out one apart in commit order); a
    missing one was pruned, so the caller reads everything. ``own_collector``: the caller
    runs the collector and heard of its poll writer's rooms from it; leave those out."""
    rows = session.execute(
        select(LiveChange.seq, LiveChange.rooms, LiveChange.everything, LiveChange.collector)
        .where(LiveChange.seq > seq)
        .order_by(LiveChange.seq)
    ).all()
    if not rows:
        return LiveChanges(seq, frozenset())
    top = int(rows[-1][0])
    contiguous = int(rows[0][0]) == seq + 1 and top - seq == len(rows)
    if not contiguous or any(row.everything for row in rows):
        return LiveChanges(top, None)
    rooms: set[int] = set()
    for row in rows:
        if not (own_collector and row.collector):
            rooms.update(int(r) for r in row.rooms or ())
    return LiveChanges(top, frozenset(rooms))


__all__ = [
    "LiveChanges",
    "bump",
    "changes_since",
    "live_seq",
    "note_everything",
    "note_rooms",
]
