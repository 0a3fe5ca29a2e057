"""The due check against a real database (SQLite and PostgreSQL): catch-up after downtime
exactly once, the order of precedence (guaranteed supply, arrears and manual cuts, the
relay rules' restore), scopes, removal; the room's events in both languages.

The meters' answers are written as the collector stores them (``Dorm.meter_says``); the
collector itself runs in test_collector_e2e.py. Every check is driven by an explicit
``now``."""

from __future__ import annotations

from datetime import time

from sqlalchemy import func, select

from app.collector import CollectorConfig
from app.collector.automation import Automation
from app.db import Database
from app.ledger.recharge import RechargeRequest, recharge
from app.livedata.event_text import describe
from app.livedata.events import recent_events
from app.models import Account, AuditEntry, BillingMode, Event, RelayControl, RelayState
from app.timecontrol import store
from app.timecontrol.execute import DueCheck, rule_of

from .conftest import ADMIN, ZONE, Dorm, at, build_dorm, lights_out

ROOMS = ("101", "102", "201")


def check(db: Database, when: str) -> list[int]:
    return DueCheck(db, ADMIN, ZONE).run(at(when)).commands


def test_a_cut_missed_while_off_happens_at_start_once_and_the_morning_restores_it(
    dorm: Dorm,
) -> None:
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    assert len(check(dorm.db, "2026-09-30 23:40")) == 3  # the PC was off at 23:00
    assert check(dorm.db, "2026-09-30 23:41") == []  # in flight: nothing twice
    for n in ROOMS:
        dorm.meter_says(n, RelayState.OPEN, reason="timetable", rule=rule_of(plan.id))
    assert check(dorm.db, "2026-09-30 23:50") == []  # executed: never again
    assert check(dorm.db, "2026-10-01 06:29") == []
    assert len(check(dorm.db, "2026-10-01 06:40")) == 3
    for n in ROOMS:
        dorm.meter_says(n, RelayState.CLOSED)
    assert check(dorm.db, "2026-10-01 06:45") == []
    for n in ROOMS:
        assert dorm.actions(n) == ["cut", "close"]
        assert dorm.transitions(n) == [("off", "queued"), ("on", "queued")]
        cut = dorm.commands(n)[0].payload
        assert cut["reason"] == "timetable" and cut["rule"] == rule_of(plan.id)
    with dorm.db.read() as s:
        actions = s.scalars(select(AuditEntry.action).where(AuditEntry.action.like("relay.t%")))
        assert sorted(actions) == ["relay.timetable_cut"] * 3 + ["relay.timetable_restore"] * 3


def test_a_window_that_closed_while_the_pc_was_off_cuts_nothing(dorm: Dorm) -> None:
    lights_out(dorm.db, ("building", (dorm.building_id,)))
    assert check(dorm.db, "2026-10-01 07:00") == []
    assert all(dorm.transitions(n) == [] for n in ROOMS)


def test_guaranteed_supply_wins_while_it_holds(dorm: Dorm) -> None:
    lights_out(dorm.db, ("building", (dorm.building_id,)))
    dorm.guarantee("101", True)
    due = DueCheck(dorm.db, ADMIN, ZONE)
    assert len(due.run(at("2026-09-30 23:10")).commands) == 2
    assert due.run(at("2026-09-30 23:15")).commands == []
    assert dorm.actions("101") == [] and dorm.transitions("101") == []
    with dorm.db.read() as s:
        held = s.scalars(select(Event).where(Event.kind == "timetable.held")).all()
    assert len(held) == 1 and held[0].data["rule"] == "guarantee.meter"  # once, not per minute
    dorm.guarantee("101", False)  # 保电 ends while the window is open: the cut follows
    assert len(due.run(at("2026-09-30 23:20")).commands) == 1
    assert dorm.actions("101") == ["cut"]


def test_a_buildings_guaranteed_supply_holds_every_cut(dorm: Dorm) -> None:
    from app.models import Setting

    with dorm.db.write() as s:
        s.add(Setting(key="collector.guarantee_buildings", value=[dorm.building_id]))
    lights_out(dorm.db, ("building", (dorm.building_id,)))
    assert check(dorm.db, "2026-09-30 23:10") == []


def test_arrears_and_manual_cuts_are_left_alone_and_never_restored_by_the_timetable(
    dorm: Dorm,
) -> None:
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    dorm.meter_says("101", RelayState.OPEN, reason="arrears", rule="cutoff_line")
    assert len(check(dorm.db, "2026-09-30 23:10")) == 2  # 102 and 201
    assert dorm.transitions("101") == [("off", "already_off")]
    dorm.meter_says("102", RelayState.OPEN, reason="timetable", rule=rule_of(plan.id))
    dorm.meter_says("102", RelayState.CLOSED)  # an operator switched 102 on at night
    dorm.meter_says("201", RelayState.OPEN, reason="timetable", rule=rule_of(plan.id))
    assert check(dorm.db, "2026-09-30 23:30") == []  # the operator's switch wins
    assert len(check(dorm.db, "2026-10-01 06:40")) == 1  # 201 only
    assert dorm.actions("101") == [] and dorm.actions("102") == ["cut"]
    assert dorm.actions("201") == ["cut", "close"]


def test_a_recharge_never_restores_a_timetable_cut(db: Database) -> None:
    """The relay rules restore after a recharge only what they cut for arrears: room 101 was
    cut by its timetable, 102 (under no timetable) for arrears; both accounts are empty,
    both pay 50 yuan."""
    dorm = build_dorm(db, BillingMode.PLATFORM)
    plan = lights_out(db, ("rooms", (dorm.rooms["101"],)))
    with db.write() as s:
        for n in ("101", "102"):
            account = s.get(Account, dorm.accounts[n])
            assert account is not None
            account.balance_fen = 0
    dorm.meter_says("101", RelayState.OPEN, reason="timetable", rule=rule_of(plan.id))
    dorm.meter_says("102", RelayState.OPEN, reason="arrears", rule="cutoff_line")
    now = at("2026-09-30 23:30")
    rules = Automation(db, CollectorConfig(clock=lambda: now), ADMIN, set(dorm.meters.values()))
    assert rules.sweep() == []  # nothing paid yet
    for n in ("101", "102"):
        request = RechargeRequest("50.00", "cash", f"tt-recharge-{n}", room_id=dorm.rooms[n])
        recharge(db, ADMIN, request)
    made = rules.sweep()
    assert len(made) == 1 and dorm.actions("102") == ["close"]
    assert dorm.commands("102")[0].payload["rule"] == "restore_after_recharge"
    assert dorm.actions("101") == []  # the lights stay out until the timetable's morning
    assert len(check(db, "2026-10-01 06:40")) == 1  # the timetable's morning
    assert dorm.actions("101") == ["close"]


def test_the_most_specific_timetable_governs_a_meter(dorm: Dorm) -> None:
    building = lights_out(dorm.db, ("building", (dorm.building_id,)))
    floor = lights_out(
        dorm.db, ("floor", (dorm.floors["2F"],)), name="2F", off=time(22, 0), on=time(7, 0)
    )
    assert len(check(dorm.db, "2026-09-30 22:10")) == 1  # 201 only
    dorm.meter_says("201", RelayState.OPEN, reason="timetable", rule=rule_of(floor.id))
    assert len(check(dorm.db, "2026-09-30 23:10")) == 2  # 101, 102
    for n in ("101", "102"):
        dorm.meter_says(n, RelayState.OPEN, reason="timetable", rule=rule_of(building.id))
    assert len(check(dorm.db, "2026-10-01 06:40")) == 2  # the building's morning
    assert dorm.actions("201") == ["cut"]  # its floor's window holds until 07:00
    assert len(check(dorm.db, "2026-10-01 07:05")) == 1
    assert dorm.actions("201") == ["cut", "close"]


def test_a_room_group_and_an_account(dorm: Dorm) -> None:
    lights_out(dorm.db, ("rooms", (dorm.rooms["101"], dorm.rooms["201"])), name="group")
    lights_out(dorm.db, ("account", (dorm.accounts["102"],)), name="account", off=time(22, 0))
    assert len(check(dorm.db, "2026-09-30 22:30")) == 1
    assert dorm.actions("102") == ["cut"]
    assert len(check(dorm.db, "2026-09-30 23:30")) == 2


def test_removing_a_timetable_gives_back_its_cuts(dorm: Dorm) -> None:
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    assert len(check(dorm.db, "2026-09-30 23:10")) == 3
    for n in ROOMS:
        dorm.meter_says(n, RelayState.OPEN, reason="timetable", rule=rule_of(plan.id))
    dorm.meter_says("102", RelayState.OPEN, reason="manual", rule="")  # cut again by hand
    store.remove_timetable(dorm.db, ADMIN, plan.name, now=at("2026-09-30 23:30"))
    assert len(check(dorm.db, "2026-09-30 23:31")) == 2
    assert dorm.actions("102") == ["cut"]  # a manual cut stays
    assert dorm.transitions("101") == [("off", "queued"), ("on", "queued")]


def test_the_rooms_events_say_what_the_timetable_did_in_both_languages(dorm: Dorm) -> None:
    lights_out(
        dorm.db,
        ("building", (dorm.building_id,)),
        holiday=(time(0, 30), time(9, 0)),
        holidays=(),
    )
    check(dorm.db, "2026-09-30 23:40")
    with dorm.db.read() as s:
        rows = recent_events(s, room_id=dorm.rooms["101"])
        count = s.scalar(select(func.count()).select_from(Event).where(Event.kind.like("time%")))
    assert count == 3
    (row,) = [r for r in rows if r.kind == "timetable.cut"]
    zh = describe(row.kind, row.data, "zh_CN")
    en = describe(row.kind, row.data, "en")
    assert en == (
        "Timetable 宿舍熄灯: supply cut due 2026-09-30 23:00 "
        "(caught up after the collector was stopped)"
    )
    assert zh.startswith("时间控制 宿舍熄灯") and "停电" in zh and "supply" not in zh


def test_a_recharge_during_lights_out_waits_for_the_timetables_morning(db: Database) -> None:
    """Room 101 was cut for arrears at 22:00 and pays at 23:30, inside lights-out: the relay
    rules do not switch it on at night; the cut becomes the timetable's and the morning
    restores it. Room 102 pays at 22:30, before the window: restored at once."""
    dorm = build_dorm(db, BillingMode.PLATFORM)
    plan = lights_out(db, ("building", (dorm.building_id,)))
    with db.write() as s:
        for n in ("101", "102"):
            account = s.get(Account, dorm.accounts[n])
            assert account is not None
            account.balance_fen = 0
    for n in ("101", "102"):
        dorm.meter_says(n, RelayState.OPEN, reason="arrears", rule="cutoff_line")
    clock = [at("2026-09-30 22:30")]
    rules = Automation(
        db, CollectorConfig(clock=lambda: clock[0]), ADMIN, set(dorm.meters.values())
    )
    recharge(db, ADMIN, RechargeRequest("50.00", "cash", "tt-early-102", room_id=dorm.rooms["102"]))
    assert len(rules.sweep()) == 1 and dorm.actions("102") == ["close"]
    dorm.meter_says("102", RelayState.CLOSED)
    assert len(check(db, "2026-09-30 23:10")) == 2  # 102 and 201; 101 is off already
    assert dorm.transitions("101") == [("off", "already_off")]
    recharge(db, ADMIN, RechargeRequest("50.00", "cash", "tt-night-101", room_id=dorm.rooms["101"]))
    clock[0] = at("2026-09-30 23:30")
    assert rules.sweep() == []
    assert dorm.actions("101") == []
    with db.read() as s:
        control = s.get(RelayControl, dorm.meters["101"])
        assert control is not None
        assert (control.cut_reason, control.rule) == ("timetable", rule_of(plan.id))
        kept = s.scalars(select(Event).where(Event.kind == "timetable.cut")).all()
    assert [e.data["outcome"] for e in kept if e.meter_id == dorm.meters["101"]] == [
        "already_off",
        "kept_off",
    ]
    assert (
        len(check(db, "2026-10-01 06:40")) == 1
    )  # 101 back in the morning (102, 201 not ours yet)
    assert dorm.actions("101") == ["close"]


def test_a_desk_that_meets_another_mid_transaction_executes_nothing_twice(
    dorm: Dorm, db_backend: str
) -> None:
    """Another desk has inserted room 101's transition and not committed yet when this
    desk's due check writes its chunk: on PostgreSQL the insert waits for that commit, then
    fails on the unique key; the chunk rolls back and is done one by one (101 skipped, the
    others executed). On SQLite the write lock orders the two and the row is seen first."""
    import threading

    from sqlalchemy import text

    from app.models import MeterCommand, TimetableTransition

    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    off = at("2026-09-30 23:00")
    other = dorm.db.write()
    s = other.__enter__()
    s.add(
        TimetableTransition(
            timetable_id=plan.id, meter_id=dorm.meters["101"], at=off, kind="off", outcome="queued"
        )
    )
    s.add(MeterCommand(meter_id=dorm.meters["101"], kind="relay", payload={"action": "cut"}))
    s.flush()
    found: list[list[int]] = []
    worker = threading.Thread(target=lambda: found.append(check(dorm.db, "2026-09-30 23:10")))
    worker.start()
    if db_backend == "postgresql":  # wait until this desk's insert waits on the other's row

        def waiting() -> bool:
            with dorm.db.read() as r:
                sql = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                return bool(r.scalar(text(sql)))

        from tests.collector.conftest import wait_for

        wait_for(waiting, 30, "the second desk waiting on the unique key")
    other.__exit__(None, None, None)  # the other desk commits
    worker.join(60)
    assert not worker.is_alive() and len(found) == 1
    assert len(found[0]) == 2  # 102 and 201; 101 was the other desk's
    for n in ROOMS:
        assert len(dorm.transitions(n)) == 1
        assert dorm.actions(n) == ["cut"]


def test_a_hold_is_told_once_across_restarts(dorm: Dorm) -> None:
    """保电 holds room 101's 23:00 cut; the collector restarts twice inside the window (a new
    DueCheck each time, as at every start): one ``timetable.held`` event, not one per start."""
    lights_out(dorm.db, ("building", (dorm.building_id,)))
    dorm.guarantee("101", True)
    assert len(DueCheck(dorm.db, ADMIN, ZONE).run(at("2026-09-30 23:10")).commands) == 2
    for when in ("2026-09-30 23:20", "2026-09-30 23:30"):  # two restarts
        restarted = DueCheck(dorm.db, ADMIN, ZONE)
        assert restarted.run(at(when)).commands == []
        assert restarted.run(at(when)).commands == []
    with dorm.db.read() as s:
        held = s.scalars(select(Event).where(Event.kind == "timetable.held")).all()
    assert [e.meter_id for e in held] == [dorm.meters["101"]]
    dorm.guarantee("101", False)
    assert len(check(dorm.db, "2026-09-30 23:40")) == 1


def test_a_timetable_command_lives_until_its_window_closes(dorm: Dorm) -> None:
    """The cut queued at 23:00 may wait for an offline meter until the morning's 06:30 (not
    10 minutes); the morning's restore until the next night's 23:00."""
    plan = lights_out(dorm.db, ("building", (dorm.building_id,)))
    check(dorm.db, "2026-09-30 23:00")
    assert {c.expires_at for c in dorm.commands("101")} == {at("2026-10-01 06:30")}
    dorm.meter_says("101", RelayState.OPEN, reason="timetable", rule=rule_of(plan.id))
    check(dorm.db, "2026-10-01 06:35")
    assert dorm.commands("101")[-1].expires_at == at("2026-10-01 23:00")
