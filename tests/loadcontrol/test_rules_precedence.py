"""Where load control sits in the order of precedence (docs/collector.md), on both back
ends: guaranteed supply wins; a load cut is not an arrears cut (a recharge never restores
it, a load restore never restores an arrears or timetable cut: the room stays off under
that rule); a timetable's "on" never restores a load cut; a restart keeps a pending
restore; two desks never both restore."""

from __future__ import annotations

import threading
from datetime import datetime

from sqlalchemy import select, text

from app.collector import CollectorConfig
from app.collector.automation import Automation
from app.collector.config import Rules
from app.db import Database
from app.ledger.recharge import RechargeRequest, recharge
from app.loadcontrol.actions import rule_of
from app.loadcontrol.rules import LoadRules
from app.models import Account, Event, LoadRestore, LoadRoom, RelayControl, RelayState, Setting
from app.timecontrol.execute import DueCheck
from app.timecontrol.execute import rule_of as timetable_rule
from tests.collector.conftest import wait_for
from tests.timecontrol.conftest import ZONE, Dorm, at, build_dorm, lights_out

from .conftest import ADMIN, control, forbidden, minutes

T0 = at("2026-10-08 15:00")


def rules_at(db: Database, when: datetime) -> LoadRules:
    return LoadRules(db, ADMIN, ZONE, lambda: when)


def cut(db: Database, dorm: Dorm, number: str, when: datetime) -> int:
    done = rules_at(db, when).handle([forbidden(dorm.meters[number], when)])
    event_id = done.load_events[0]
    dorm.meter_says(number, RelayState.OPEN, reason="load", rule=rule_of(event_id))
    return event_id


def platform_dorm(db: Database) -> Dorm:
    from app.models import BillingMode

    dorm = build_dorm(db, BillingMode.PLATFORM)
    control(db, dorm)
    return dorm


def reason_of(db: Database, meter_id: int) -> tuple[str | None, str]:
    with db.read() as s:
        row = s.get(RelayControl, meter_id)
        assert row is not None
        return row.cut_reason, row.rule


def test_guaranteed_supply_holds_a_load_cut(db: Database) -> None:
    dorm = platform_dorm(db)
    dorm.guarantee("101", True)
    with db.write() as s:
        s.add(Setting(key="collector.guarantee_buildings", value=[dorm.building_id]))
    assert Rules is not None
    rules = rules_at(db, T0)
    rules.handle([forbidden(dorm.meters["101"], T0), forbidden(dorm.meters["102"], T0)])
    assert dorm.commands("101") == [] and dorm.commands("102") == []
    with db.read() as s:
        held = s.scalars(select(Event).where(Event.kind == "load.held")).all()
    rules_of = sorted(str((e.data or {}).get("rule")) for e in held)
    assert rules_of == ["guarantee.building", "guarantee.meter"]


def test_a_recharge_never_restores_a_load_cut(db: Database) -> None:
    dorm = platform_dorm(db)
    with db.write() as s:
        account = s.get(Account, dorm.accounts["101"])
        assert account is not None
        account.balance_fen = 0
    cut(db, dorm, "101", T0)
    automation = Automation(db, CollectorConfig(clock=lambda: T0), ADMIN, set(dorm.meters.values()))
    recharge(
        db, ADMIN, RechargeRequest("50.00", "cash", "lc-recharge-1", room_id=dorm.rooms["101"])
    )
    assert automation.sweep() == []
    assert dorm.actions("101") == ["cut"]


def test_a_load_restore_due_in_arrears_leaves_the_arrears_cut(db: Database) -> None:
    """Room 101's account is empty when its load restore is due: the room stays off, now as
    an arrears cut, and a recharge restores it through the relay rules."""
    dorm = platform_dorm(db)
    cut(db, dorm, "101", T0)
    with db.write() as s:
        account = s.get(Account, dorm.accounts["101"])
        assert account is not None
        account.balance_fen = -100
    due = rules_at(db, T0 + minutes(5)).restore_due()
    assert due.commands == [] and dorm.actions("101") == ["cut"]
    assert reason_of(db, dorm.meters["101"]) == ("arrears", "cutoff_line")
    with db.read() as s:
        assert s.scalars(select(LoadRestore.outcome)).one() == "kept_arrears"
        assert s.get(LoadRoom, dorm.rooms["101"]).restores == 0  # type: ignore[union-attr]
    automation = Automation(db, CollectorConfig(clock=lambda: T0), ADMIN, set(dorm.meters.values()))
    recharge(
        db, ADMIN, RechargeRequest("50.00", "cash", "lc-recharge-2", room_id=dorm.rooms["101"])
    )
    assert len(automation.sweep()) == 1
    assert dorm.actions("101") == ["cut", "close"]
    assert dorm.commands("101")[-1].payload["reason"] == "arrears"


def test_a_load_restore_never_restores_another_rules_cut(db: Database) -> None:
    """The cut became a manual cut (an operator) before the restore was due: nothing is
    switched on and the room's load state is cleared without counting a restore."""
    dorm = platform_dorm(db)
    cut(db, dorm, "101", T0)
    dorm.meter_says("101", RelayState.OPEN, reason="manual", rule="")
    assert rules_at(db, T0 + minutes(5)).restore_due().commands == []
    with db.read() as s:
        assert s.scalars(select(LoadRestore.outcome)).one() == "not_ours"
        row = s.get(LoadRoom, dorm.rooms["101"])
        assert row is not None and row.restores == 0 and row.cut_event_id is None
    assert dorm.actions("101") == ["cut"]


def test_timetables_and_load_cuts(db: Database) -> None:
    """A load cut at 22:50; the timetable's 23:00 "off" finds the meter off (already_off);
    the load restore due at 22:55 ... is due at 23:05 inside the window: the room stays off,
    now the timetable's cut, and the 06:30 "on" restores it. A load cut during the day is
    never restored by the "on" of the morning."""
    dorm = platform_dorm(db)
    plan = lights_out(db, ("building", (dorm.building_id,)))
    control(db, dorm, delay=900)
    cut(db, dorm, "101", at("2026-09-30 22:50"))
    DueCheck(db, ADMIN, ZONE).run(at("2026-09-30 23:01"))
    assert dorm.transitions("101") == [("off", "already_off")]
    assert rules_at(db, at("2026-09-30 23:05")).restore_due().commands == []
    assert reason_of(db, dorm.meters["101"]) == ("timetable", timetable_rule(plan.id))
    assert dorm.actions("101") == ["cut"]
    assert len(DueCheck(db, ADMIN, ZONE).run(at("2026-10-01 06:31")).commands) == 1
    assert dorm.actions("101") == ["cut", "close"]
    # a load cut in the morning (the timetable's "on" already executed) and one at 06:29
    dorm.meter_says("101", RelayState.CLOSED)
    dorm.meter_says("102", RelayState.CLOSED)
    cut(db, dorm, "102", at("2026-10-01 06:20"))
    DueCheck(db, ADMIN, ZONE).run(at("2026-10-01 06:35"))
    assert dorm.actions("102")[-1] == "cut"  # the "on" left the load cut alone
    assert reason_of(db, dorm.meters["102"])[0] == "load"


def test_a_pending_restore_survives_a_restart(db: Database) -> None:
    dorm = platform_dorm(db)
    cut(db, dorm, "101", T0)
    # the process that cut is gone; a new one (a restarted collector) finds it due
    assert len(rules_at(db, T0 + minutes(5)).restore_due().commands) == 1
    assert dorm.actions("101") == ["cut", "close"]


def test_two_desks_never_both_restore(db: Database, db_backend: str) -> None:
    """Another desk has written room 101's restore and not committed yet when this desk's
    restore is due: on PostgreSQL this desk's insert waits for that commit, then fails on
    the unique key and its transaction (command, audit, event) rolls back; on SQLite the
    write lock orders the two. Either way one restore, no second close."""
    dorm = platform_dorm(db)
    event_id = cut(db, dorm, "101", T0)
    other = db.write()
    s = other.__enter__()
    s.add(LoadRestore(event_id=event_id, room_id=dorm.rooms["101"], kind="auto", outcome="queued"))
    s.flush()
    found: list[list[int]] = []
    desk = threading.Thread(
        target=lambda: found.append(rules_at(db, T0 + minutes(5)).restore_due().commands)
    )
    desk.start()
    if db_backend == "postgresql":

        def waiting() -> bool:
            with db.read() as r:
                sql = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                return bool(r.scalar(text(sql)))

        wait_for(waiting, 30, "the second desk waiting on the unique key")
    other.__exit__(None, None, None)
    desk.join(60)
    assert not desk.is_alive() and found == [[]]
    assert dorm.actions("101") == ["cut"]
    with db.read() as r:
        assert len(r.scalars(select(LoadRestore)).all()) == 1
        assert r.scalars(select(Event).where(Event.kind == "load.restore")).all() == []


def test_a_meter_already_off_is_left_alone(db: Database) -> None:
    """101 is off for arrears when the meter reports an overload; 102's arrears cut is on
    its way when the detector sees a heater: neither gets a load cut (a later load restore
    must never switch on what another rule cut)."""
    from app.loadcontrol.signals import Detection, Verdict
    from app.models import MeterCommand

    dorm = platform_dorm(db)
    dorm.meter_says("101", RelayState.OPEN, reason="arrears", rule="cutoff_line")
    with db.write() as s:
        s.add(
            MeterCommand(
                meter_id=dorm.meters["102"],
                kind="relay",
                priority=2,
                payload={"action": "cut", "reason": "arrears", "rule": "cutoff_line"},
            )
        )
    meter_said = Detection(dorm.meters["101"], T0, Verdict.FORBIDDEN, None, 1.0, None, "meter")
    rules_at(db, T0).handle([meter_said, forbidden(dorm.meters["102"], T0)])
    assert dorm.actions("101") == [] and dorm.actions("102") == ["cut"]
    with db.read() as s:
        kinds = s.scalars(select(Event.kind).where(Event.kind.like("load.%"))).all()
        assert s.get(LoadRoom, dorm.rooms["101"]) is None
    assert sorted(kinds) == ["load.already_off", "load.already_off"]
    assert reason_of(db, dorm.meters["101"]) == ("arrears", "cutoff_line")
