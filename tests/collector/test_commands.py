"""Operator commands through the database: permissions, audit, execution, manual cuts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.collector import Collector
from app.db import Database
from app.ledger.recharge import RechargeRequest, recharge
from app.models import AuditEntry, BillingMode, CommandStatus, Event, RelayControl, Role
from app.security import PermissionDenied, add_operator, create_first_admin, login, system_actor
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.services.commands import CommandError, cancel, request_relay, sync_clock, write_params
from drivers.simulator import BusSimulator, SimClock

from .conftest import ZONE, fast_config, make_site, set_setting, wait_for

PASSWORD = "Counter-2026!"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


def test_relay_params_and_clock_commands(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.PLATFORM, "2": BillingMode.METER})
    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    add_operator(db, admin, "op", "值班员", Role.OPERATOR, PASSWORD)
    add_operator(db, admin, "cash", "收银员", Role.CASHIER, PASSWORD)
    operator, cashier = login(db, "op", PASSWORD), login(db, "cash", PASSWORD)
    with pytest.raises(PermissionDenied):
        request_relay(db, cashier, site.meter_id(1), "cut")
    with pytest.raises(CommandError):
        request_relay(db, operator, site.meter_id(1), "explode")
    with pytest.raises(CommandError):
        write_params(db, operator, site.meter_id(2), {"price_1": "0.12345"})
    # the account has money: only the operator's manual cut can open this relay
    recharge(
        db,
        admin,
        RechargeRequest(
            amount="100", method="cash", idempotency_key="commands-pay-01", room_id=site.rooms["1"]
        ),
    )
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    wait_for(lambda: (st := site.state(1)) and st.online, 10, "online")
    cut = request_relay(db, operator, site.meter_id(1), "cut")
    params = write_params(db, operator, site.meter_id(2), {"price_1": "0.9500", "alarm_1": "30.00"})
    clock = sync_clock(db, operator, site.meter_id(2))
    collector.wake()
    for cid in (cut, params, clock):
        wait_for(
            lambda cid=cid: site.command(cid).status is CommandStatus.CONFIRMED,
            10,
            f"command {cid}",
        )
    assert sim.meter(1).commanded_cut
    assert sim.meter(2).prices_e4[0] == 9500 and sim.meter(2).alarm_1_fen == 3000
    with db.read() as s:
        control = s.get(RelayControl, site.meter_id(1))
        assert control is not None and control.cut_reason == "manual" and control.cut_by == "op"
        actions = set(s.scalars(select(AuditEntry.action)))
    assert {
        "meter.relay.request",
        "meter.params.request",
        "meter.clock.request",
        "meter.relay.confirmed",
        "meter.params.confirmed",
    } <= actions
    wait_for(lambda: _relay_event(db, site.meter_id(1)) == "op", 5, "relay event by op")
    # a manual cut is never restored by the rules, whatever the balance
    collector.wake()
    wait_for(lambda: collector.stats()["polls"] > 50, 10, "some polls")
    assert sim.meter(1).commanded_cut
    close = request_relay(db, operator, site.meter_id(1), "close")
    collector.wake()
    wait_for(lambda: site.command(close).status is CommandStatus.CONFIRMED, 10, "closed")
    assert not sim.meter(1).commanded_cut


def _relay_event(db: Database, meter_id: int) -> str | None:
    with db.read() as s:
        event = s.scalar(
            select(Event).where(Event.meter_id == meter_id, Event.kind == "relay.changed")
        )
        return None if event is None else event.data["by"]


def test_pending_command_cancel_and_expiry(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    from app.security import system_actor

    actor = system_actor(name="cli:test")
    site = make_site(db, sim, {"1": BillingMode.METER})
    first = request_relay(db, actor, site.meter_id(1), "cut")
    second = request_relay(db, actor, site.meter_id(1), "close")  # replaces the first
    assert site.command(first).status is CommandStatus.CANCELLED
    cancel(db, actor, second)
    assert site.command(second).status is CommandStatus.CANCELLED
    with pytest.raises(CommandError):
        cancel(db, actor, second)
    sim.set_fault(1, dead=True)
    set_setting(db, "collector.auto_cut", False)
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    wait_for(lambda: (st := site.state(1)) and not st.online and st.misses >= 3, 10, "offline")
    now = sim_clock.now().replace(tzinfo=ZONE)
    late = request_relay(db, actor, site.meter_id(1), "cut", now=now)
    collector.wake()
    assert site.command(late).status is CommandStatus.PENDING  # waits for the meter
    sim_clock.start -= timedelta(hours=-1)  # an hour passes: the command outlives its 30 min
    wait_for(lambda: site.command(late).status is CommandStatus.EXPIRED, 10, "expired")
    assert not sim.meter(1).commanded_cut
    assert Decimal(0) == Decimal(sim.meter(1).purchase_count)


def test_a_dlt645_cut_is_valid_in_the_parks_time(
    db: Database, collector_factory: Callable[..., Collector]
) -> None:
    # a park at UTC+14, whatever zone this machine is in: the meter's clock holds the park's
    # time (the executor's clock sync), so the relay's "valid until" must be the park's too
    kiritimati = ZoneInfo("Pacific/Kiritimati")
    clock = SimClock(start=datetime.now(kiritimati).replace(tzinfo=None), rate=1)
    with BusSimulator(count=1, protocol="dlt645", clock=clock) as bus:
        site = make_site(db, bus, {"1": BillingMode.METER}, protocol="dlt645")
        config = replace(
            fast_config(clock),
            clock=lambda: clock.now().replace(tzinfo=kiritimati),
            timezone="Pacific/Kiritimati",
        )
        collector = collector_factory(config)
        collector.start()
        wait_for(lambda: (st := site.state(1)) and st.online, 20, "online")
        cid = request_relay(db, system_actor(name="test"), site.meter_id(1), "cut")
        collector.wake()
        final = (CommandStatus.CONFIRMED, CommandStatus.FAILED, CommandStatus.EXPIRED)
        wait_for(lambda: site.command(cid).status in final, 30, "done")
        assert site.command(cid).status is CommandStatus.CONFIRMED, site.command(cid).result
        assert bus.meter(1).commanded_cut
