"""A second workstation (no collector of its own) hears of new events through the shared
change counter: the alarms list and the alerts work at every desk, not only at the one
that owns the serial ports."""

from __future__ import annotations

from sqlalchemy import select

from app.collector import CollectorConfig
from app.livechange import note_rooms
from app.models import Event, Room
from app.ui.live import LiveFeed


def _bump(db, message: str | None = None) -> None:  # type: ignore[no-untyped-def]
    """What the other workstation's writer does: events, then a room filed as changed."""
    with db.write() as s:
        if message is not None:
            room = s.scalar(select(Room.id).order_by(Room.id))
            s.add(
                Event(
                    kind="balance.alarm",
                    level=3,
                    room_id=room,
                    message=message,
                    data={"balance_fen": -150, "alarm": 3},
                )
            )
        note_rooms(s, [s.scalar(select(Room.id).order_by(Room.id.desc()))])


def test_events_written_elsewhere_reach_this_desk(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    _bump(demo_db, "written before this desk started")
    feed = LiveFeed(demo_db, CollectorConfig().zone)
    arrived: list[list] = []
    feed.events_arrived.connect(arrived.append)
    feed._watch.setInterval(50)  # the 5 s of a real desk, shortened
    feed.watch_other_workstation()
    qtbot.waitUntil(lambda: feed._last_event is not None, timeout=10_000)
    assert arrived == []  # what came before is the alarms dock's first load, not news
    _bump(demo_db, "the room reached the cut-off line")
    qtbot.waitUntil(lambda: bool(arrived), timeout=10_000)
    rows = [row for batch in arrived for row in batch]
    assert [row.message for row in rows] == ["the room reached the cut-off line"]
    assert rows[0].level == 3 and rows[0].data["alarm"] == 3
    _bump(demo_db)  # a batch without events: nothing new to show
    seq = feed.seq
    qtbot.waitUntil(lambda: feed.seq != seq, timeout=10_000)
    assert feed.wait()
    assert len(arrived) == 1
    feed._watch.stop()
    assert feed.wait()


def test_the_wall_reads_only_the_rooms_another_desk_changed(qtbot, demo_db, db_url) -> None:  # type: ignore[no-untyped-def]
    """A cashier on another desk recharges one room: this desk reads that room, not the
    park (300 rooms), and a refresh with nothing new reads no room at all."""
    from app.db import open_database
    from app.models import Account, Meter

    feed = LiveFeed(demo_db, CollectorConfig().zone)
    loaded: list[dict] = []
    feed.rooms_updated.connect(loaded.append)
    feed.load()
    qtbot.waitUntil(lambda: bool(loaded), timeout=30_000)
    assert len(loaded[0]) == 300
    refreshes: list = []
    feed.refreshed.connect(refreshes.append)
    feed.check_changes()
    qtbot.waitUntil(lambda: len(refreshes) == 1, timeout=30_000)
    assert refreshes[0].rooms == {}  # unchanged: zero rooms read
    other = open_database(db_url, migrate=False)
    try:
        with other.write() as s:
            let = select(Room).join(Meter, Meter.room_id == Room.id)
            room = s.scalar(let.where(Room.account_id.is_not(None)))
            s.get_one(Account, room.account_id).balance_fen += 12_345
            changed = room.id
    finally:
        other.dispose()
    feed.check_changes()
    qtbot.waitUntil(lambda: len(refreshes) == 2, timeout=30_000)
    assert set(refreshes[1].rooms) == {changed}
    assert [set(batch) for batch in loaded[1:]] == [{changed}]
    feed.check_changes()
    qtbot.waitUntil(lambda: len(refreshes) == 3, timeout=30_000)
    assert refreshes[2].rooms == {}
    assert feed.wait()


def test_the_collector_desk_reads_what_other_desks_changed(qtbot, demo_db, db_url) -> None:  # type: ignore[no-untyped-def]
    """The desk running the collector hears of its polls from the collector itself; from
    the counter it reads only what other desks filed (here a recharge's balance)."""
    from app.collector import Collector
    from app.db import open_database
    from app.models import Account, Meter

    feed = LiveFeed(demo_db, CollectorConfig().zone)
    feed.attach(Collector(demo_db, CollectorConfig()))  # not started: no bus needed here
    feed._watch.stop()  # the test drives the refreshes
    loaded: list[dict] = []
    feed.rooms_updated.connect(loaded.append)
    feed.load()
    qtbot.waitUntil(lambda: bool(loaded), timeout=30_000)
    refreshes: list = []
    feed.refreshed.connect(refreshes.append)
    other = open_database(db_url, migrate=False)
    try:
        with other.write() as s:  # what this desk's own collector writer files: skipped
            note_rooms(s, [s.scalar(select(Room.id).order_by(Room.id))], collector=True)
        with other.write() as s:
            let = select(Room).join(Meter, Meter.room_id == Room.id)
            room = s.scalar(let.where(Room.account_id.is_not(None)).order_by(Room.id.desc()))
            s.get_one(Account, room.account_id).balance_fen += 500
            changed = room.id
    finally:
        other.dispose()
    feed.check_changes()
    qtbot.waitUntil(lambda: len(refreshes) == 1, timeout=30_000)
    assert set(refreshes[0].rooms) == {changed}
    feed.detach()
    assert feed.wait()
