"""Editing a stored timetable (both back ends): one audited transaction with the before and
after, the same id (executed transitions stay linked), refusals naming the field with
nothing changed; and what an edit does to *now* (docs/collector.md, "Editing a timetable"):

- an edit at 23:30 that adds a 23:00 cut: the window is open, the due check cuts at once;
- an edit that closes the open window gives the timetable's cuts back at the edit, once,
  and a later edit that opens it again cuts again, once;
- an edit that only moves the start of a window already cut cuts nobody again (a room
  switched on by hand stays on);
- a room that leaves the scope during the window gets its cut back."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import AuditEntry, RelayState, Role, TimetableTransition
from app.security import Actor, PermissionDenied
from app.timecontrol import store
from app.timecontrol.execute import DueCheck, rule_of
from app.timecontrol.plan import DayRule, Plan, TimecontrolError

from .conftest import ADMIN, ZONE, Dorm, at, lights_out

ROOMS = ("101", "102", "201")


def check(db: Database, when: str) -> list[int]:
    return DueCheck(db, ADMIN, ZONE).run(at(when)).commands


def times(plan: Plan, off: time, on: time = time(6, 30)) -> Plan:
    return replace(plan, rules=tuple(DayRule(d, off, on) for d in range(7)))


def edit(dorm: Dorm, plan: Plan, when: str) -> Plan:
    return store.edit_timetable(dorm.db, ADMIN, plan.id, plan, now=at(when))


def cut_by(dorm: Dorm, plan: Plan, *rooms: str) -> None:
    for n in rooms:
        dorm.meter_says(n, RelayState.OPEN, reason="timetable", rule=rule_of(plan.id))


def test_an_edit_keeps_the_id_and_history_and_is_audited(dorm: Dorm) -> None:
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    check(dorm.db, "2026-09-30 23:10")
    changed = replace(
        plan,
        name="宿舍熄灯(冬)",
        remarks="冬季作息",
        valid_to=date(2027, 1, 31),
        holidays=frozenset({date(2027, 1, 1)}),
        rules=(*times(plan, time(22, 30), time(7, 0)).rules, DayRule(7, time(0, 0), time(8, 0))),
    )
    stored = store.edit_timetable(dorm.db, ADMIN, "宿舍熄灯", changed)
    assert stored.id == plan.id and stored.name == "宿舍熄灯(冬)"
    assert store.show_timetable(dorm.db, ADMIN, str(plan.id)) == stored
    assert stored.holidays == {date(2027, 1, 1)} and len(stored.rules) == 8
    assert stored.changed_at is not None
    with dorm.db.read() as s:
        rows = s.scalars(select(TimetableTransition.timetable_id)).all()
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "timetable.edit")).one()
    assert rows == [plan.id] * 3  # the transitions executed stay linked to the same id
    assert entry.target == f"timetable:{plan.id}"
    detail = json.loads(entry.detail)
    assert detail["before"]["name"] == "宿舍熄灯" and detail["after"]["name"] == "宿舍熄灯(冬)"
    assert detail["after"]["rules"][0] == {"day": "mon", "off": "22:30", "on": "07:00"}
    assert store.edit_timetable(dorm.db, ADMIN, plan.id, stored) == stored  # nothing: no row
    with dorm.db.read() as s:
        assert (
            len(s.scalars(select(AuditEntry).where(AuditEntry.action == "timetable.edit")).all())
            == 1
        )


def test_bad_edits_are_refused_naming_the_field_and_change_nothing(dorm: Dorm) -> None:
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    other = lights_out(dorm.db, ("floor", (dorm.floors["2F"],)), name="2F")
    bad = [
        (replace(plan, valid_to=date(2026, 8, 1)), "valid_to: 2026-08-01 is before"),
        (replace(plan, name="2F"), "name: a timetable called 2F exists"),
        (replace(plan, name=" "), "name: give the timetable a name"),
        (replace(plan, rules=()), "rules: give at least one day"),
        (replace(plan, scope_kind="floor", scope_ids=(dorm.floors["2F"],)), "valid_from: the"),
        (replace(plan, scope_ids=(9999,)), "scope: there is no building with id 9999"),
        (times(plan, time(6, 30)), "rules: on mon the off and on times are the same"),
    ]
    for changed, message in bad:
        with pytest.raises(TimecontrolError) as refused:
            store.edit_timetable(dorm.db, ADMIN, plan.id, changed)
        assert str(refused.value).startswith(message), str(refused.value)
    cashier = Actor(1, "cashier", "收银员", Role.CASHIER, "desk-2")
    with pytest.raises(PermissionDenied):
        store.edit_timetable(dorm.db, cashier, plan.id, replace(plan, remarks="x"))
    store.remove_timetable(dorm.db, ADMIN, other.name)
    with pytest.raises(TimecontrolError, match="is removed"):
        store.edit_timetable(dorm.db, ADMIN, other.id, replace(other, remarks="x"))
    assert store.show_timetable(dorm.db, ADMIN, str(plan.id)) == plan
    with dorm.db.read() as s:
        assert not s.scalars(select(AuditEntry).where(AuditEntry.action == "timetable.edit")).all()


def test_an_edit_at_2330_that_adds_a_2300_cut_cuts_at_once(dorm: Dorm) -> None:
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)), off=time(23, 45))
    assert check(dorm.db, "2026-09-30 23:30") == []
    edit(dorm, times(plan, time(23, 0)), "2026-09-30 23:30")
    assert len(check(dorm.db, "2026-09-30 23:31")) == 3  # the window is open: cut now
    assert check(dorm.db, "2026-09-30 23:50") == []  # once (the old 23:45 is gone)
    with dorm.db.read() as s:
        ats = set(s.scalars(select(TimetableTransition.at)))
    assert ats == {at("2026-09-30 23:00")}


def test_closing_the_open_window_gives_back_and_reopening_cuts_again_once(dorm: Dorm) -> None:
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    assert len(check(dorm.db, "2026-09-30 23:10")) == 3
    cut_by(dorm, plan, *ROOMS)
    later = edit(dorm, times(plan, time(23, 50)), "2026-09-30 23:30")  # lights-out moved later
    assert len(check(dorm.db, "2026-09-30 23:31")) == 3  # given back at the edit
    assert check(dorm.db, "2026-09-30 23:32") == []
    for n in ROOMS:
        dorm.meter_says(n, RelayState.CLOSED)
    assert len(check(dorm.db, "2026-09-30 23:51")) == 3  # the new 23:50
    cut_by(dorm, plan, *ROOMS)
    edit(dorm, times(later, time(23, 55)), "2026-09-30 23:52")  # closes it again
    assert len(check(dorm.db, "2026-09-30 23:53")) == 3
    for n in ROOMS:
        dorm.meter_says(n, RelayState.CLOSED)
    edit(dorm, times(later, time(23, 0)), "2026-09-30 23:54")  # and opens it again
    assert len(check(dorm.db, "2026-09-30 23:55")) == 3
    assert check(dorm.db, "2026-09-30 23:56") == []
    for n in ROOMS:
        assert dorm.actions(n) == ["cut", "close", "cut", "close", "cut"]


def test_moving_the_start_of_a_window_already_cut_cuts_nobody_again(dorm: Dorm) -> None:
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    assert len(check(dorm.db, "2026-09-30 23:10")) == 3
    cut_by(dorm, plan, "101", "201")
    dorm.meter_says("102", RelayState.CLOSED)  # switched on by hand at night
    edit(dorm, times(plan, time(22, 0)), "2026-09-30 23:30")
    assert check(dorm.db, "2026-09-30 23:31") == []
    assert dorm.actions("102") == ["cut"]
    assert len(check(dorm.db, "2026-10-01 06:40")) == 2  # the morning gives back 101, 201


def test_a_room_that_leaves_the_scope_in_the_window_gets_its_cut_back(dorm: Dorm) -> None:
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    assert len(check(dorm.db, "2026-09-30 23:10")) == 3
    cut_by(dorm, plan, *ROOMS)
    edit(
        dorm, replace(plan, scope_kind="rooms", scope_ids=(dorm.rooms["101"],)), "2026-09-30 23:30"
    )
    assert len(check(dorm.db, "2026-09-30 23:31")) == 2
    assert dorm.actions("101") == ["cut"]
    assert dorm.actions("102") == ["cut", "close"] and dorm.actions("201") == ["cut", "close"]
    assert check(dorm.db, "2026-09-30 23:40") == []


def test_an_edit_undone_before_the_next_transition_cuts_again(dorm: Dorm) -> None:
    """Lights-out moved from 23:00 to 23:50 at 23:30 (given back: the morning's "on", which
    nobody executed, is executed now), then moved back to 23:00 at 23:40: cut again at once,
    although the "on" executed last carries an earlier instant than the 23:00 "off"."""
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    assert len(check(dorm.db, "2026-09-30 23:10")) == 3
    cut_by(dorm, plan, *ROOMS)
    edit(dorm, times(plan, time(23, 50)), "2026-09-30 23:30")
    assert len(check(dorm.db, "2026-09-30 23:31")) == 3
    for n in ROOMS:
        dorm.meter_says(n, RelayState.CLOSED)
    edit(dorm, times(plan, time(23, 0)), "2026-09-30 23:40")
    assert len(check(dorm.db, "2026-09-30 23:41")) == 3
    assert check(dorm.db, "2026-09-30 23:42") == []
    for n in ROOMS:
        assert dorm.actions(n) == ["cut", "close", "cut"]
