"""The Time control window's reads (``app.timecontrol.views``): places by name, the
calendar with its holidays and held rooms, a room's history with what was held."""

from __future__ import annotations

from datetime import date, time

from app.models import RelayState
from app.timecontrol import views
from app.timecontrol.execute import rule_of

from .conftest import ADMIN, ZONE, Dorm, lights_out
from .test_due import check


def test_places_are_named_and_timetables_listed_with_their_scope_in_words(dorm: Dorm) -> None:
    choices = {(c.kind, c.text): c.id for c in views.scope_choices(dorm.db, ADMIN)}
    assert choices[("building", "宿舍A")] == dorm.building_id
    assert choices[("floor", "宿舍A/2F")] == dorm.floors["2F"]
    assert choices[("rooms", "宿舍A/1F/102")] == dorm.rooms["102"]
    assert choices[("account", "D201 学生201")] == dorm.accounts["201"]
    lights_out(dorm.db, ("floor", (dorm.floors["2F"],)), name="2F")
    (row,) = views.timetable_rows(dorm.db, ADMIN)
    assert (row.plan.name, row.scope_text) == ("2F", "floor:宿舍A/2F")


def test_the_calendar_marks_holidays_and_rooms_held_by_guaranteed_supply(dorm: Dorm) -> None:
    lights_out(dorm.db, ("building", (dorm.building_id,)), holidays=(date(2026, 10, 1),))
    dorm.guarantee("102", True)
    view = views.calendar(dorm.db, ADMIN, date(2026, 9, 30), 3, ZONE)
    offs = [u.local.strftime("%m-%d %H:%M") for u in view.events if u.kind == "off"]
    assert offs == ["09-30 23:00", "10-02 23:00"]  # none on the holiday
    assert view.holidays == [(date(2026, 10, 1), "宿舍熄灯")]
    assert [(h.room, h.timetable) for h in view.held] == [("宿舍A/1F/102", "宿舍熄灯")]
    room = views.calendar(dorm.db, ADMIN, date(2026, 9, 30), 3, ZONE, ("rooms", dorm.rooms["201"]))
    assert room.held == [] and len(room.events) == 4
    assert room.events[0].meters == 1
    account = views.calendar(
        dorm.db, ADMIN, date(2026, 9, 30), 3, ZONE, ("account", dorm.accounts["102"])
    )
    assert len(account.events) == 4 and account.held[0].room == "宿舍A/1F/102"
    later = views.calendar(dorm.db, ADMIN, date(2026, 10, 5), 2, ZONE)
    assert later.holidays == []


def test_a_rooms_history_says_cut_restored_and_held(dorm: Dorm) -> None:
    plan = lights_out(dorm.db, ("floor", (dorm.floors["1F"],)), off=time(23, 0), on=time(6, 30))
    dorm.guarantee("102", True)
    check(dorm.db, "2026-09-30 23:05")
    dorm.meter_says("101", RelayState.OPEN, reason="timetable", rule=rule_of(plan.id))
    check(dorm.db, "2026-10-01 06:35")
    cut = views.room_history(dorm.db, ADMIN, dorm.rooms["101"])
    assert [(h.kind, h.outcome, h.timetable) for h in cut] == [
        ("on", "restored", "宿舍熄灯"),
        ("off", "cut", "宿舍熄灯"),
    ]
    held = views.room_history(dorm.db, ADMIN, dorm.rooms["102"])
    assert [(h.kind, h.outcome) for h in held][-1] == ("off", "held")
    assert views.room_history(dorm.db, ADMIN, dorm.rooms["201"]) == []
