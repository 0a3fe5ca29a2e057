"""The calendar's read API: what happens next for a scope over a date range (the governing
timetable only), and what was executed for a meter; scopes written by name."""

from __future__ import annotations

from datetime import time

import pytest

from app.timecontrol.calendar import history, parse_scope, plan_scope_text, upcoming
from app.timecontrol.plan import TimecontrolError

from .conftest import ADMIN, ZONE, Dorm, at, lights_out
from .test_due import check


def test_upcoming_for_a_room_shows_the_timetable_that_governs_it(dorm: Dorm) -> None:
    building = lights_out(dorm.db, ("building", (dorm.building_id,)))
    floor = lights_out(
        dorm.db, ("floor", (dorm.floors["2F"],)), name="2F", off=time(22, 0), on=time(7, 0)
    )
    start, end = at("2026-09-30 12:00"), at("2026-10-01 12:00")

    def seen(scope: tuple[str, int] | None) -> list[tuple[str, str, str, int]]:
        found = upcoming(dorm.db, ADMIN, start, end, ZONE, scope=scope)
        return [(u.timetable, u.local.strftime("%H:%M"), u.kind, u.meters) for u in found]

    assert seen(("room", dorm.rooms["201"])) == [
        ("2F", "22:00", "off", 1),
        ("2F", "07:00", "on", 1),
    ]
    assert seen(("room", dorm.rooms["101"])) == [
        (building.name, "23:00", "off", 1),
        (building.name, "06:30", "on", 1),
    ]
    assert seen(("building", dorm.building_id)) == [
        ("2F", "22:00", "off", 1),
        (building.name, "23:00", "off", 2),
        (building.name, "06:30", "on", 2),
        ("2F", "07:00", "on", 1),
    ]
    assert seen(("account", dorm.accounts["102"]))[0][:3] == (building.name, "23:00", "off")
    assert upcoming(dorm.db, ADMIN, start, end, ZONE, timetable_id=floor.id)[0].kind == "off"
    check(dorm.db, "2026-09-30 22:05")
    (row,) = history(dorm.db, ADMIN, dorm.meters["201"])
    assert (row["kind"], row["outcome"]) == ("off", "queued")


def test_scopes_by_name(dorm: Dorm) -> None:
    with dorm.db.read() as s:
        assert parse_scope(s, "floor:宿舍A/2F") == ("floor", (dorm.floors["2F"],))
        kind, ids = parse_scope(s, "rooms:宿舍A/1F/101, 宿舍A/2F/201")
        assert (kind, ids) == ("rooms", (dorm.rooms["101"], dorm.rooms["201"]))
        assert parse_scope(s, "account:D102") == ("account", (dorm.accounts["102"],))
        for bad, message in [
            ("floor", "scope: write"),
            ("building:宿舍A,宿舍B", "scope: name one building"),
            ("account:X1", "scope: unknown account X1"),
        ]:
            with pytest.raises(TimecontrolError, match=message):
                parse_scope(s, bad)
    plan = lights_out(dorm.db, ("rooms", (dorm.rooms["101"], dorm.rooms["201"])), name="g")
    with dorm.db.read() as s:
        assert plan_scope_text(s, plan) == "rooms:宿舍A/1F/101,宿舍A/2F/201"
