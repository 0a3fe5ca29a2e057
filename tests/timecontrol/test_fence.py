"""The lease fence on the timetables' due check, the relay rules and command expiry (issue
20, round 2): a collector that lost the lease while paused queues and expires nothing; the
one that took over does it, once. Both back ends."""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta

from sqlalchemy import update

from app.collector import CollectorConfig
from app.collector.automation import Automation
from app.collector.lease import LeaseLost
from app.db import Database
from app.ledger.recharge import RechargeRequest, recharge
from app.models import Account, BillingMode, CommandStatus, MeterCommand, RelayState
from app.services.commands import request_relay
from app.timecontrol.execute import DueCheck

from ..fencing import take_over
from .conftest import ADMIN, ZONE, Dorm, at, build_dorm, lights_out

ROOMS = ("101", "102", "201")


def test_a_stale_holder_runs_no_timetable_and_the_new_one_runs_it_once(dorm: Dorm) -> None:
    lights_out(dorm.db, ("building", (dorm.building_id,)))
    desks = take_over(dorm.db)
    with suppress(LeaseLost):
        assert DueCheck(desks.stale_db, ADMIN, ZONE).run(at("2026-09-30 23:40")).commands == []
    assert all(dorm.actions(n) == [] and dorm.transitions(n) == [] for n in ROOMS)
    due = DueCheck(desks.new_db, ADMIN, ZONE)
    assert len(due.run(at("2026-09-30 23:40")).commands) == 3
    assert due.run(at("2026-09-30 23:41")).commands == []
    assert all(dorm.actions(n) == ["cut"] for n in ROOMS)


def test_a_stale_holder_restores_no_relay_after_a_recharge(db: Database) -> None:
    dorm = build_dorm(db, BillingMode.PLATFORM)
    with db.write() as s:
        account = s.get(Account, dorm.accounts["102"])
        assert account is not None
        account.balance_fen = 0
    dorm.meter_says("102", RelayState.OPEN, reason="arrears", rule="cutoff_line")
    recharge(
        dorm.db, ADMIN, RechargeRequest("50.00", "cash", "fence-102", room_id=dorm.rooms["102"])
    )
    now = at("2026-09-30 12:00")
    config = CollectorConfig(clock=lambda: now)
    desks = take_over(dorm.db, config)
    meters = set(dorm.meters.values())
    with suppress(LeaseLost):
        assert Automation(desks.stale_db, config, ADMIN, meters).sweep() == []
    assert dorm.actions("102") == []
    rules = Automation(desks.new_db, config, ADMIN, meters)
    assert len(rules.sweep()) == 1 and rules.sweep() == []
    assert dorm.actions("102") == ["close"]


def test_a_stale_holder_expires_no_command(dorm: Dorm, db: Database) -> None:
    cid = request_relay(db, ADMIN, dorm.meters["101"], "cut")
    now = at("2026-09-30 12:00")
    with db.write() as s:
        s.execute(
            update(MeterCommand)
            .where(MeterCommand.id == cid)
            .values(expires_at=now - timedelta(minutes=1))
        )
    desks = take_over(db, CollectorConfig(clock=lambda: now))
    with suppress(LeaseLost):
        desks.stale._expire()
    with db.read() as s:
        assert s.get(MeterCommand, cid).status is CommandStatus.PENDING  # type: ignore[union-attr]
    desks.new._expire()
    with db.read() as s:
        assert s.get(MeterCommand, cid).status is CommandStatus.EXPIRED  # type: ignore[union-attr]
