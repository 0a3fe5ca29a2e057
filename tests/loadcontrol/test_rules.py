"""The load rules on a real database (SQLite file and PostgreSQL): cut, automatic restore
after the delay, the count limit, the manager's restore, learning, whitelisted loads.

Detections are built by hand (the rules take Detections, whatever made them); the meters'
confirmations are what the collector stores (``Dorm.meter_says``)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from app.db import Database
from app.loadcontrol.actions import rule_of
from app.loadcontrol.rules import LoadRules
from app.loadcontrol.signals import Verdict
from app.loadcontrol.store import LoadControlError, start_learning, whitelist
from app.loadcontrol.views import restore_room, room_state
from app.models import (
    Account,
    AuditEntry,
    Event,
    LoadEvent,
    LoadRestore,
    LoadRoom,
    LoadWhitelist,
    OperatorContact,
    OutboxMessage,
    RelayState,
    TenantContact,
)
from app.notify.rules import NotifySettings, store_settings
from app.security import PermissionDenied
from tests.batch.conftest import Staff, staff  # noqa: F401
from tests.timecontrol.conftest import ZONE, Dorm, at

from .conftest import ADMIN, allowed, control, forbidden, minutes

T0 = at("2026-10-08 15:00")  # a Thursday afternoon


class Clock:
    def __init__(self, t: datetime) -> None:
        self.t = t

    def __call__(self) -> datetime:
        return self.t


@pytest.fixture
def clock() -> Clock:
    return Clock(T0)


@pytest.fixture
def rules(db: Database, clock: Clock) -> LoadRules:
    return LoadRules(db, ADMIN, ZONE, clock)


def room(db: Database, dorm: Dorm, number: str = "101") -> LoadRoom:
    with db.read() as s:
        row = s.get(LoadRoom, dorm.rooms[number])
        assert row is not None
        return row


def events(db: Database, kind: str) -> list[Event]:
    with db.read() as s:
        return list(s.scalars(select(Event).where(Event.kind == kind).order_by(Event.id)))


def audits(db: Database, action: str) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def cut_and_confirm(rules: LoadRules, dorm: Dorm, clock: Clock, number: str = "101") -> int:
    """A forbidden load in ``number`` now; the meter confirms the cut. The load event id."""
    done = rules.handle([forbidden(dorm.meters[number], clock.t)])
    assert done.commands, "no cut queued"
    event_id = done.load_events[0]
    dorm.meter_says(number, RelayState.OPEN, reason="load", rule=rule_of(event_id))
    return event_id


def test_a_forbidden_load_is_cut_through_the_command_table(
    db: Database, dorm: Dorm, rules: LoadRules
) -> None:
    done = rules.handle([forbidden(dorm.meters["101"], T0)])
    [cmd] = dorm.commands("101")
    event_id = done.load_events[0]
    assert cmd.payload == {"action": "cut", "reason": "load", "rule": f"load:{event_id}"}
    assert cmd.priority == 2  # as the arrears cut: before the routine polls
    assert dorm.commands("102") == []
    [cut] = events(db, "load.cut")
    assert cut.level == 3 and cut.room_id == dorm.rooms["101"]  # the alarm feed shows it
    assert cut.data is not None and cut.data["delta_w"] == 1800.0
    assert cut.data["power_factor"] == 0.99 and cut.data["appliance"] == "immersion_heater"
    with db.read() as s:
        ev = s.get(LoadEvent, event_id)
        assert ev is not None and ev.action == "cut" and ev.command_id == cmd.id
    assert len(audits(db, "load.cut")) == 1
    state = room(db, dorm)
    assert state.cut_event_id == event_id and state.restore_due_at == T0 + minutes(5)
    # the same load seen again while the cut is on its way: no second command
    rules.handle([forbidden(dorm.meters["101"], T0)])
    assert len(dorm.commands("101")) == 1


def test_allowed_and_whitelisted_loads_are_not_cut(
    db: Database, dorm: Dorm, rules: LoadRules
) -> None:
    rules.handle([allowed(dorm.meters["101"], T0), allowed(dorm.meters["102"], T0)])
    rules.handle([allowed(dorm.meters["101"], T0, Verdict.WHITELISTED)])
    assert dorm.commands("101") == [] and dorm.commands("102") == []
    with db.read() as s:
        rows = s.scalars(select(LoadEvent)).all()
    assert [(r.verdict, r.action) for r in rows] == [("whitelisted", "none")]


def test_automatic_restore_after_the_delay(
    db: Database, dorm: Dorm, rules: LoadRules, clock: Clock
) -> None:
    event_id = cut_and_confirm(rules, dorm, clock)
    clock.t = T0 + minutes(4)
    assert rules.restore_due().commands == []
    clock.t = T0 + minutes(5)
    done = rules.restore_due()
    [_cut, close] = dorm.commands("101")
    assert done.commands == [close.id]
    assert close.payload == {"action": "close", "reason": "load", "rule": f"load:{event_id}"}
    state = room(db, dorm)
    assert state.restores == 1 and state.cut_event_id is None and state.restore_due_at is None
    assert len(audits(db, "load.auto_restore")) == 1
    assert rules.restore_due().commands == []  # once


def test_the_count_limit_then_only_the_manager_restores(
    db: Database,
    dorm: Dorm,
    rules: LoadRules,
    clock: Clock,
    staff: Staff,  # noqa: F811
) -> None:
    for n in range(2):  # the limit is 2 a day
        clock.t = T0 + minutes(10 * n)
        cut_and_confirm(rules, dorm, clock)
        clock.t += minutes(5)
        assert rules.restore_due().commands
        dorm.meter_says("101", RelayState.CLOSED)
    clock.t = T0 + minutes(30)
    cut_and_confirm(rules, dorm, clock)
    state = room(db, dorm)
    assert state.needs_manager and state.restore_due_at is None and state.restores == 2
    assert len(events(db, "load.needs_manager")) == 1
    clock.t = T0 + minutes(600)
    assert rules.restore_due().commands == []
    assert [c.payload["action"] for c in dorm.commands("101")] == ["cut", "close"] * 2 + ["cut"]
    assert room_state(db, ADMIN, "101").needs_manager

    with pytest.raises(LoadControlError, match="reason"):
        restore_room(db, staff.operator, "101", "  ", ZONE)
    with pytest.raises(PermissionDenied):
        restore_room(db, staff.cashier, "101", "checked the room", ZONE)
    assert room(db, dorm).needs_manager
    done = restore_room(db, staff.operator, "101", "heater taken away", ZONE)
    close = dorm.commands("101")[-1]
    assert done.commands == [close.id] and close.payload["action"] == "close"
    assert close.priority == 0  # an operator command
    assert not room(db, dorm).needs_manager
    [entry] = audits(db, "load.restore")
    assert "heater taken away" in entry.detail and entry.actor == "operator"
    with db.read() as s:
        kinds = [r.kind for r in s.scalars(select(LoadRestore).order_by(LoadRestore.id))]
    assert kinds == ["auto", "auto", "manual"]


def test_a_new_day_starts_the_count_again(
    db: Database, dorm: Dorm, rules: LoadRules, clock: Clock
) -> None:
    control(db, dorm, delay=300, limit=1)
    cut_and_confirm(rules, dorm, clock)
    clock.t += minutes(5)
    assert rules.restore_due().commands
    dorm.meter_says("101", RelayState.CLOSED)
    clock.t = at("2026-10-09 09:00")
    cut_and_confirm(rules, dorm, clock)
    state = room(db, dorm)
    assert not state.needs_manager and state.restores == 0
    assert state.restore_due_at == clock.t + minutes(5)


def test_learning_whitelists_the_next_step(db: Database, dorm: Dorm, rules: LoadRules) -> None:
    until = start_learning(db, ADMIN, "101", "小冰箱", now=T0)
    assert until > T0
    assert room_state(db, ADMIN, "101").learning == "小冰箱"
    # even a step the library calls forbidden is the appliance the manager switched on
    rules.handle([forbidden(dorm.meters["101"], T0, "heater")])
    assert dorm.commands("101") == []
    with db.read() as s:
        [entry] = whitelist(s, dorm.building_id, dorm.rooms["101"])
        assert entry.name == "小冰箱" and entry.source == "learning"
        assert entry.signature["delta_w"] == 1800.0 and entry.signature["power_factor"] == 0.99
        assert s.scalars(select(LoadWhitelist)).one().room_id == dorm.rooms["101"]
    assert room_state(db, ADMIN, "101").learning is None
    assert room_state(db, ADMIN, "101").whitelist == ["小冰箱"]
    rules.handle([forbidden(dorm.meters["101"], T0)])  # learning is over: the next one cuts
    assert [c.payload["action"] for c in dorm.commands("101")] == ["cut"]


def test_learning_times_out(db: Database, dorm: Dorm, rules: LoadRules, clock: Clock) -> None:
    start_learning(db, ADMIN, "101", "fan", now=T0)
    clock.t = T0 + minutes(31)
    rules.handle([forbidden(dorm.meters["101"], clock.t)])
    assert [c.payload["action"] for c in dorm.commands("101")] == ["cut"]


def test_load_control_off_or_alarm_only(db: Database, dorm: Dorm, rules: LoadRules) -> None:
    control(db, dorm, actions=frozenset({"alarm"}))
    rules.handle([forbidden(dorm.meters["101"], T0)])
    assert dorm.commands("101") == []
    [alarm] = events(db, "load.alarm")
    assert alarm.level == 3
    control(db, dorm, enabled=False)
    rules.handle([forbidden(dorm.meters["102"], T0)])
    assert dorm.commands("102") == [] and len(events(db, "load.alarm")) == 1


def test_bad_room_names_are_refused_clearly(db: Database, dorm: Dorm) -> None:
    with pytest.raises(LoadControlError, match="no room"):
        start_learning(db, ADMIN, "999", "fan")
    with pytest.raises(LoadControlError, match="name"):
        start_learning(db, ADMIN, "101", " ")
    with pytest.raises(LoadControlError, match="not cut"):
        restore_room(db, ADMIN, "102", "why not", ZONE)


def contacts(db: Database, dorm: Dorm, staff: Staff, quiet: bool) -> None:  # noqa: F811
    """An SMS channel; room 101's tenant and the operator (the dorm manager) want every
    kind; quiet hours 22:00-08:00 or none."""

    with db.write() as s:
        quiet_hours = {} if quiet else {"quiet_from": None, "quiet_until": None}
        store_settings(s, NotifySettings(channels={"sms": {}}, **quiet_hours))  # type: ignore[arg-type]
        account = s.get(Account, dorm.accounts["101"])
        assert account is not None
        contact = TenantContact(tenant_id=account.tenant_id, name="学生", phone="13812345678")
        contact.sms, contact.mail, contact.language, contact.kinds = True, False, "zh_CN", []
        s.add(contact)
        s.add(
            OperatorContact(
                operator_id=staff.operator.operator_id,
                mobile="13900001111",
                email="",
                language="en",
                kinds=[],
                sms=True,
                mail=False,
                updated_at=T0,
            )
        )


def test_a_cut_messages_the_room_and_the_dorm_manager(
    db: Database,
    dorm: Dorm,
    rules: LoadRules,
    staff: Staff,  # noqa: F811
) -> None:
    """Settings → Messages has an SMS channel; the room's tenant and the operator (the dorm
    manager) want every kind: one ``load_cut`` to the tenant, one ``load_alarm`` to staff,
    in the cut's transaction, each in its recipient's language."""
    contacts(db, dorm, staff, quiet=False)
    rules.handle([forbidden(dorm.meters["101"], T0)])
    with db.read() as s:
        rows = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert sorted((r.kind, r.recipient) for r in rows) == [
        ("load_alarm", "13900001111"),
        ("load_cut", "13812345678"),
    ], [(r.kind, r.recipient) for r in rows]
    tenant = next(r for r in rows if r.kind == "load_cut")
    assert "热得快" in tenant.text and "1800瓦" in tenant.text  # words, not the library key
    assert "immersion_heater" not in tenant.text
    assert "15:05" in tenant.text  # back at, park time
    manager = next(r for r in rows if r.kind == "load_alarm")
    assert "宿舍A/101" in manager.text and "forbidden appliance" in manager.text


def test_a_relay_switched_on_by_hand_is_not_the_managers_restore(
    db: Database, dorm: Dorm, rules: LoadRules, clock: Clock
) -> None:
    """Room 101 needs the manager; an operator switches its relay on by hand (no reason):
    the power is on, but the room still needs the manager, so the next forbidden load is
    cut with no automatic restore."""
    control(db, dorm, limit=0)
    cut_and_confirm(rules, dorm, clock)
    assert room(db, dorm).needs_manager
    dorm.meter_says("101", RelayState.CLOSED)  # the operator's close, confirmed
    clock.t += minutes(10)
    assert rules.restore_due().commands == []
    assert room(db, dorm).needs_manager
    cut_and_confirm(rules, dorm, clock)
    state = room(db, dorm)
    assert state.needs_manager and state.restore_due_at is None
    assert [c.payload["action"] for c in dorm.commands("101")] == ["cut", "cut"]


def test_a_cut_at_night_is_told_at_once(
    db: Database,
    dorm: Dorm,
    staff: Staff,  # noqa: F811
) -> None:
    """Inside the quiet hours (22:00-08:00) the tenant's load-cut SMS is not held back (as
    the arrears cut's): a student whose heater was cut at 23:30 learns it at 23:30."""
    contacts(db, dorm, staff, quiet=True)
    night = at("2026-10-08 23:30")
    LoadRules(db, ADMIN, ZONE, lambda: night).handle([forbidden(dorm.meters["101"], night)])
    with db.read() as s:
        rows = s.scalars(select(OutboxMessage)).all()
    assert sorted(r.kind for r in rows) == ["load_alarm", "load_cut"]
    assert all(r.next_try_at == night for r in rows)
