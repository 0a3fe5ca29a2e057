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
