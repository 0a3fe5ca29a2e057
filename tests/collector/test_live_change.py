"""A second workstation reads only the rooms that changed (``app.livechange``): the writer
in another process files the rooms it touched, a cashier's recharge on a third connection
files its room, nothing is missed, an unchanged park reads nothing, and on PostgreSQL two
writers committing side by side never make a reader skip one of them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, text

from app.collector import CollectorConfig
from app.db import Database, open_database
from app.demo import build_demo
from app.ledger.recharge import RechargeRequest, recharge
from app.livechange import changes_since, note_rooms
from app.livedata import RoomLive, acknowledge_events, refresh, room_live, start
from app.livedata.refresh import newest_read, with_read_at
from app.models import Account, BillingMode, Event, Meter, MeterRole, Room, Setting
from app.security import system_actor

from .conftest import wait_for

ROOT = Path(__file__).resolve().parents[2]
ZONE = CollectorConfig().zone


def _tenant_meters(db: Database) -> list[tuple[int, int, BillingMode]]:
    """(meter, room, billing) of the park's tenant meters, by meter id."""
    with db.read() as s:
        return [
            (m, r, b)
            for m, r, b in s.execute(
                select(Meter.id, Meter.room_id, Meter.billing_mode)
                .where(Meter.role == MeterRole.TENANT, Meter.room_id.is_not(None))
                .order_by(Meter.id)
            )
        ]


def _platform_room(db: Database) -> int:
    with db.read() as s:
        return int(
            s.scalars(
                select(Room.id)
                .join(Meter, Meter.room_id == Room.id)
                .where(Meter.billing_mode == BillingMode.PLATFORM, Room.account_id.is_not(None))
                .order_by(Room.id)
            ).first()
        )


class Desk:
    """The second workstation: a full read, then refreshes applied to what it shows."""

    def __init__(self, db: Database, own: bool = False) -> None:
        with db.read() as s:
            first = start(s, ZONE)
        self.db, self.seq, self.shown = db, first.seq, dict(first.rooms)
        self.own = own  # this desk runs the collector (hears of its polls directly)
        self.read: list[set[int]] = []  # rooms read by each refresh
        self.since = newest_read(self.shown, None)  # as app.ui.live.LiveFeed does

    def refresh(self) -> set[int]:
        since = None if self.own else self.since
        with self.db.read() as s:
            got = refresh(s, ZONE, self.seq, None, own_collector=self.own, read_since=since)
        assert not got.full
        self.seq = got.seq
        self.shown.update(with_read_at(self.shown, got))
        self.since = newest_read(self.shown, self.since)
        self.read.append(set(got.rooms))
        return set(got.rooms)

    def truth(self) -> dict[int, RoomLive]:
        with self.db.read() as s:
            return room_live(s, ZONE)


def test_second_desk_reads_exactly_the_changed_rooms(db: Database, db_url: str) -> None:
    build_demo(db, rooms=40, opening_balances=False)
    meters = _tenant_meters(db)
    room_of = {m: r for m, r, _ in meters}
    first, second = [m for m, _, _ in meters[:5]], [m for m, _, _ in meters[10:13]]
    paid = _platform_room(db)
    desk = Desk(db)
    collector_desk = Desk(db, own=True)  # the desk whose collector that writer would be
    assert desk.refresh() == set()  # an unchanged park: zero rooms read
    rounds = [[[m, 500 + m, 220] for m in first], [[m, 900, 220] for m in second]]
    child = _other_desk(db_url, rounds)
    cashier = open_database(db_url, migrate=False)  # a third connection: the counter
    try:
        recharge(
            cashier,
            system_actor(name="cli:cashier"),
            RechargeRequest("25", "cash", uuid.uuid4().hex, room_id=paid),
        )
        while child.poll() is None:  # refresh while the other desk writes
            desk.refresh()
        out, err = child.communicate(timeout=120)
    finally:
        cashier.dispose()
    assert child.returncode == 0 and out.strip() == "done 2", err
    desk.refresh()
    expected = {room_of[m] for m in first + second} | {paid}
    assert set().union(*desk.read) == expected
    assert desk.refresh() == set()  # and nothing more once it is quiet
    assert desk.shown == desk.truth()  # nothing missed
    assert desk.shown[paid].balance_fen == 2500
    # the collector's own desk reads only what the other desks filed: the recharge
    assert collector_desk.refresh() == {paid}
    # polls that move only what the room summary does not show (volts) file nothing
    out, err = _other_desk(db_url, [[[m, 500 + m, 231] for m in first]]).communicate(timeout=120)
    assert out.strip() == "done 1", err
    assert desk.refresh() == set()


def _other_desk(url: str, rounds: list[list[list[int]]]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("live_writer.py")), url, json.dumps(rounds)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_second_desk_follows_a_real_collector_process(db: Database, db_url: str) -> None:
    """``python -m app collector`` on the demo buses in another process: whatever the desk
    read along the way, it ends showing exactly what a full read shows."""
    build_demo(db, rooms=40, opening_balances=False)
    desk = Desk(db)
    child = subprocess.Popen(
        [sys.executable, "-m", "app", "collector", "--db", db_url],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:

        def online() -> bool:
            desk.refresh()
            return sum(1 for live in desk.shown.values() if live.online) >= 20

        wait_for(online, 180, "20 rooms online on the second desk")
    finally:
        child.send_signal(signal.SIGTERM)  # the collector stops on SIGTERM, exit 0
        _, err = child.communicate(timeout=120)
    assert child.returncode == 0, err
    desk.refresh()
    assert desk.shown == desk.truth()


def test_account_changes_file_their_rooms(db: Database) -> None:
    """Every ORM write a room's summary is made of files the room: here an account closed
    behind the room's back (its status) and a room's account removed."""
    build_demo(db, rooms=40, opening_balances=False)
    paid = _platform_room(db)
    desk = Desk(db)
    with db.write() as s:
        room = s.get_one(Room, paid)
        account = s.get_one(Account, room.account_id)
        account.overdraft_fen += 100
    assert desk.refresh() == {paid}
    with db.write() as s:
        s.get_one(Room, paid).account_id = None
    assert desk.refresh() == {paid}
    assert desk.shown[paid].let is False and desk.shown == desk.truth()


def test_alarm_rules_and_acknowledgements_are_filed(db: Database) -> None:
    """New alarm levels may change every room's badge: every room is read; an alarm
    acknowledged at another desk files its room."""
    build_demo(db, rooms=40, opening_balances=False)
    room = _platform_room(db)
    with db.write() as s:
        s.add(Event(kind="balance.alarm", level=2, room_id=room, message="low"))
    desk = Desk(db)
    with db.read() as s:
        event_id = s.scalar(select(Event.id).where(Event.room_id == room))
    assert acknowledge_events(db, system_actor(name="cli:desk-3"), [event_id]) == 1
    assert desk.refresh() == {room}
    with db.write() as s:
        s.merge(Setting(key="collector.alarm_1_fen", value=9_999))
    with db.read() as s:
        got = refresh(s, ZONE, desk.seq, None)
    assert got.full and len(got.rooms) == 40


def test_a_desk_too_far_behind_reads_everything(db: Database) -> None:
    build_demo(db, rooms=40, opening_balances=False)
    with db.read() as s:
        rooms = list(s.scalars(select(Room.id).order_by(Room.id)))
    with db.write() as s:
        note_rooms(s, rooms[:1])
    with db.write() as s:
        note_rooms(s, rooms[1:2])
        s.execute(text("DELETE FROM live_change WHERE seq = (SELECT MIN(seq) FROM live_change)"))
    with db.read() as s:
        got = changes_since(s, 0)
    assert got.rooms is None  # a value it never saw was pruned: read every room
    with db.read() as s:
        assert refresh(s, ZONE, 0, None).full


def _blocked_on_a_lock(db: Database, pid: int) -> bool:
    with db.read() as s:
        return bool(
            s.scalar(
                text("SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = :pid"),
                {"pid": pid},
            )
        )


def test_postgres_writers_committing_side_by_side_are_never_skipped(
    db: Database, db_backend: str
) -> None:
    """Writer A has taken its counter value and not committed; writer B changes another
    room and commits behind it. A reader in between must see neither (not B's value past
    A's hole); once both committed, both rooms, in one contiguous run of values."""
    if db_backend != "postgresql":
        pytest.skip("SQLite has one writer at a time")
    build_demo(db, rooms=40, opening_balances=False)
    with db.read() as s:
        rooms = list(s.scalars(select(Room.id).order_by(Room.id)))
    r1, r2 = rooms[0], rooms[1]
    desk = Desk(db)
    a_numbered, a_release = threading.Event(), threading.Event()
    b_pid: list[int] = []
    errors: list[BaseException] = []

    def writer_a() -> None:
        try:
            with db.write() as s:
                note_rooms(s, [r1])
                conn = s.connection()

                def hold(_conn: Any) -> None:  # counter taken, commit not yet sent
                    a_numbered.set()
                    a_release.wait(120)

                event.listen(conn, "commit", hold, once=True)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    def writer_b() -> None:
        try:
            with db.write() as s:
                b_pid.append(int(s.scalar(text("SELECT pg_backend_pid()"))))
                note_rooms(s, [r2])
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    a = threading.Thread(target=writer_a)
    a.start()
    assert a_numbered.wait(60)
    b = threading.Thread(target=writer_b)
    b.start()
    wait_for(lambda: b_pid and _blocked_on_a_lock(db, b_pid[0]), 60, "B waiting behind A")
    assert desk.refresh() == set()  # neither committed: nothing, and no value skipped
    a_release.set()
    a.join(60)
    b.join(60)
    assert not errors
    assert desk.refresh() == {r1, r2}
    with db.read() as s:
        values = list(s.scalars(text("SELECT seq FROM live_change ORDER BY seq")))
    assert values == list(range(values[0], values[0] + len(values)))


def test_a_desk_sees_when_meters_last_answered_without_reading_their_rooms(
    db: Database, db_url: str
) -> None:
    """A poll that moves only volts files no change, yet the tiles' "read 12 s ago" on a
    desk without the collector must move: ``read_since`` returns the newest answers."""
    build_demo(db, rooms=40, opening_balances=False)
    first = [m for m, _, _ in _tenant_meters(db)[:5]]
    room_of = {m: r for m, r, _ in _tenant_meters(db)}
    desk = Desk(db)
    out, err = _other_desk(db_url, [[[m, 500 + m, 220] for m in first]]).communicate(timeout=120)
    assert out.strip() == "done 1", err
    desk.refresh()
    since = max(desk.shown[room_of[m]].read_at for m in first)  # type: ignore[type-var]
    out, err = _other_desk(db_url, [[[m, 500 + m, 231] for m in first]]).communicate(timeout=120)
    assert out.strip() == "done 1", err
    with db.read() as s:
        got = refresh(s, ZONE, desk.seq, None, read_since=since)
    assert got.rooms == {}  # nothing the rooms show changed: no summary read
    truth = desk.truth()
    assert got.read_at == {room_of[m]: truth[room_of[m]].read_at for m in first}
    assert all(at is not None and at > since for at in got.read_at.values())
