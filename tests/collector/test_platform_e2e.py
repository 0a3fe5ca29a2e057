"""Platform-side billing and relay automation end to end, on an accelerated simulated day."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.collector import Collector
from app.db import Database
from app.ledger.journal import LedgerError, verify
from app.ledger.recharge import RechargeRequest, recharge
from app.ledger.tariffs import assign, publish_version
from app.models import (
    AuditEntry,
    BillingMode,
    Event,
    LedgerTxn,
    MeterBilling,
    MeterCharge,
    Reading,
    ReadingKind,
    RelayControl,
    RelayState,
)
from app.money import round_fen
from app.security import audit, system_actor
from drivers.simulator import BusSimulator, SimClock
from drivers.simulator.model import MICRO

from .conftest import ZONE, Site, fast_config, make_site, set_setting, sim_start, wait_for

ADMIN = system_actor(name="cli:test")
PRICES = {"sharp": "1.2000", "peak": "1.0000", "flat": "0.7000", "valley": "0.3000"}
SLOTS = [
    ["00:00", "valley"],
    ["08:00", "peak"],
    ["11:00", "flat"],
    ["17:00", "peak"],
    ["19:00", "sharp"],
    ["21:00", "peak"],
    ["22:00", "flat"],
    ["23:00", "valley"],
]


FAST = 1800  # simulated seconds per real second: 15 min every 0.5 s


@pytest.fixture
def fast_clock() -> SimClock:
    return SimClock(start=sim_start(16, 40), rate=FAST)


@contextmanager
def _platform_bus(clock: SimClock) -> Iterator[BusSimulator]:
    with BusSimulator(count=3, protocol="modbus", clock=clock) as bus:
        for m in bus.meters:
            m.frozen_power_w = 2000.0
            m.balance_u = 1_000_000 * MICRO  # the meter's own purse must never trip it
            m.max_balance_fen = 10**9
        yield bus


@pytest.fixture
def fast_sim(fast_clock: SimClock) -> Iterator[BusSimulator]:
    with _platform_bus(fast_clock) as bus:
        yield bus


def _tariff(db: Database, clock: SimClock) -> None:
    start = clock.now().replace(tzinfo=ZONE) - timedelta(days=1)
    definition = {
        "effective_from": start.isoformat(),
        "timezone": "Asia/Shanghai",
        "prices": PRICES,
        "seasons": [{"start": "01-01", "workday": SLOTS, "weekend": SLOTS, "holiday": SLOTS}],
    }
    publish_version(db, ADMIN, "工商业分时", definition, now=start)
    assign(db, ADMIN, "工商业分时", "default")


def _pay(db: Database, site: Site, address: str, amount: str, key: str) -> None:
    recharge(
        db,
        ADMIN,
        RechargeRequest(
            amount=amount, method="cash", idempotency_key=key, room_id=site.rooms[address]
        ),
    )


def _baseline(db: Database, meter_id: int) -> MeterBilling | None:
    """The reading platform billing counts from (written with the meter's first reading)."""
    with db.read() as s:
        return s.get(MeterBilling, meter_id)


def _charges(db: Database, meter_id: int) -> list[MeterCharge]:
    with db.read() as s:
        return list(
            s.scalars(
                select(MeterCharge)
                .where(MeterCharge.meter_id == meter_id)
                .order_by(MeterCharge.slot)
            )
        )


def test_platform_meter_is_charged_by_tou_band(
    db: Database, collector_factory: Callable[..., Collector]
) -> None:
    """16:40 -> past 17:20: flat, then peak.

    The clock stands at 16:40 until the collector has read the meter once (the billing
    baseline): the flat band lasts 0.67 s of real time, and on a busy machine the set-up
    alone took longer, so the first reading was already in peak and nothing flat was billed.
    """
    begin = sim_start(16, 40)
    clock = SimClock(start=begin, rate=0)
    with _platform_bus(clock) as bus:
        site = make_site(db, bus, {"1": BillingMode.PLATFORM})
        _tariff(db, clock)
        _pay(db, site, "1", "500.00", "platform-pay-0001")
        collector = collector_factory(fast_config(clock))
        collector.start()
        mid = site.meter_id(1)
        wait_for(lambda: _baseline(db, mid), 10, "the billing baseline")
        clock.set_rate(FAST)
        wait_for(lambda: clock.now() >= begin.replace(hour=17, minute=20), 10, "17:20")
        wait_for(lambda: len([c for c in _charges(db, mid) if c.fen]) >= 3, 10, "charges")
        collector.stop()
    charges = _charges(db, mid)
    bands = {line["band"] for c in charges for line in c.lines}
    assert {"flat", "peak"} <= bands
    with db.read() as s:
        billing = s.get(MeterBilling, mid)
        first = s.scalars(
            select(Reading)
            .where(Reading.meter_id == mid, Reading.kind == ReadingKind.INTERVAL)
            .order_by(Reading.ts)
        ).first()
        charge_txns = s.scalar(
            select(func.count()).select_from(LedgerTxn).where(LedgerTxn.kind == "charge")
        )
    assert billing is not None and first is not None
    # the meter's own band registers decide the split; rounding is on the cumulative sum
    exact = sum(
        (Decimal(billing.last_bands[b]) - getattr(first, f"energy_{b}")) * Decimal(PRICES[b])
        for b in PRICES
    )
    total = sum(c.fen for c in charges)
    assert total == round_fen(exact) == billing.charged_fen
    assert site.balance("1") == 50000 - total
    assert charge_txns == len([c for c in charges if c.fen])
    assert verify(db).ok
    assert audit.verify_chain(db).ok


def test_cut_at_the_line_and_restored_by_a_recharge(
    db: Database,
    fast_sim: BusSimulator,
    fast_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, fast_sim, {"1": BillingMode.PLATFORM})
    _tariff(db, fast_clock)
    _pay(db, site, "1", "1.00", "platform-pay-0002")
    collector = collector_factory(fast_config(fast_clock))
    collector.start()
    mid = site.meter_id(1)
    wait_for(lambda: fast_sim.meter(1).relay_cut, 15, "cut by the rule")
    assert site.balance("1") <= 0
    control = wait_for(lambda: _control(db, mid), 5, "cut recorded")
    assert control.cut_reason == "arrears" and control.rule == "cutoff_line"
    wait_for(lambda: site.state(1).relay is RelayState.OPEN, 5, "state says open")
    _pay(db, site, "1", "50.00", "platform-pay-0003")
    collector.wake()
    wait_for(lambda: not fast_sim.meter(1).relay_cut, 10, "restored")
    wait_for(lambda: site.state(1).relay is RelayState.CLOSED, 5, "state says closed")
    with db.read() as s:
        events = [
            (e.kind, (e.data or {}).get("by"))
            for e in s.scalars(
                select(Event).where(Event.meter_id == mid, Event.kind == "relay.changed")
            )
        ]
        actions = set(s.scalars(select(AuditEntry.action)))
    assert ("relay.changed", "rule:cutoff_line") in events
    assert ("relay.changed", "rule:restore_after_recharge") in events
    assert {"relay.auto_cut", "relay.auto_restore", "billing.charge"} <= actions
    assert verify(db).ok


def test_an_accounts_overdraft_limit_lowers_its_cut_off_line(
    db: Database,
    fast_sim: BusSimulator,
    fast_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    """透支额度 ¥5: the account goes below zero and is cut only at -¥5 (the audit row of the
    automatic cut names the line and the balance it saw)."""
    from app.ledger.corrections import set_overdraft

    site = make_site(db, fast_sim, {"1": BillingMode.PLATFORM})
    _tariff(db, fast_clock)
    _pay(db, site, "1", "1.00", "platform-pay-0004")
    with pytest.raises(LedgerError, match="reason"):
        set_overdraft(db, ADMIN, site.accounts["1"], "5.00", " ")
    assert set_overdraft(db, ADMIN, site.accounts["1"], "5.00", "night shift kitchen") == 500
    collector = collector_factory(fast_config(fast_clock))
    collector.start()
    wait_for(lambda: fast_sim.meter(1).relay_cut, 20, "cut by the rule")
    with db.read() as s:
        cut = s.scalars(select(AuditEntry).where(AuditEntry.action == "relay.auto_cut")).one()
        limit = s.scalars(select(AuditEntry).where(AuditEntry.action == "account.overdraft")).one()
    seen = json.loads(cut.detail)
    assert seen["line_fen"] == -500 and seen["balance_fen"] <= -500
    assert "night shift kitchen" in limit.detail
    assert verify(db).ok


def test_guaranteed_supply_prevents_the_cut(
    db: Database,
    fast_sim: BusSimulator,
    fast_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, fast_sim, {"1": BillingMode.PLATFORM, "2": BillingMode.PLATFORM})
    _tariff(db, fast_clock)
    fast_sim.meter(1).guarantee = True  # the meter itself is in guaranteed supply
    set_setting(db, "collector.guarantee_buildings", [])
    collector = collector_factory(fast_config(fast_clock))
    collector.start()
    wait_for(lambda: fast_sim.meter(2).relay_cut, 10, "meter 2 (no guarantee) is cut")
    with db.read() as s:
        suppressed = s.scalars(
            select(Event).where(
                Event.meter_id == site.meter_id(1), Event.kind == "relay.cut_suppressed"
            )
        ).all()
    assert suppressed and suppressed[0].data["rule"] == "guarantee.meter"
    assert not fast_sim.meter(1).relay_cut
    assert all(c.kind != "relay" for c in site.commands(1))


def test_building_guarantee_and_night_rule_suppress_cuts(
    db: Database,
    fast_sim: BusSimulator,
    fast_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, fast_sim, {"1": BillingMode.PLATFORM})
    _tariff(db, fast_clock)
    set_setting(db, "collector.guarantee_buildings", [site.building_id])
    collector = collector_factory(fast_config(fast_clock))
    collector.start()
    wait_for(lambda: site.state(1) and site.state(1).online, 5, "online")
    wait_for(lambda: _suppressed(db, site.meter_id(1)), 5, "suppressed")
    assert _suppressed(db, site.meter_id(1))[0] == "guarantee.building"
    assert not fast_sim.meter(1).relay_cut


def _control(db: Database, meter_id: int) -> RelayControl | None:
    with db.read() as s:
        row = s.get(RelayControl, meter_id)
        return row if row is not None and row.cut_reason else None


def _suppressed(db: Database, meter_id: int) -> list[str]:
    with db.read() as s:
        return [
            e.data["rule"]
            for e in s.scalars(
                select(Event).where(
                    Event.meter_id == meter_id, Event.kind == "relay.cut_suppressed"
                )
            )
        ]


def test_meter_reset_is_not_billed(
    db: Database,
    fast_sim: BusSimulator,
    fast_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, fast_sim, {"1": BillingMode.PLATFORM})
    _tariff(db, fast_clock)
    _pay(db, site, "1", "500.00", "platform-pay-0004")
    collector = collector_factory(fast_config(fast_clock))
    collector.start()
    mid = site.meter_id(1)
    wait_for(lambda: len([c for c in _charges(db, mid) if c.fen]) >= 2, 10, "charges")
    before_kwh = fast_sim.meter(1).energy_total
    fast_sim.replace_meter(1)  # registers restart from zero
    with fast_sim.meter(1).lock:
        fast_sim.meter(1).balance_u = 1_000_000 * MICRO  # a platform meter's purse is unused
    wait_for(lambda: any("backwards" in c.note for c in _charges(db, mid)), 10, "skip row")
    wait_for(
        lambda: len([c for c in _charges(db, mid) if c.fen and c.start > _skip(db, mid)]) >= 2,
        10,
        "billing goes on",
    )
    collector.stop()
    charges = _charges(db, mid)
    billed_kwh = sum(c.kwh for c in charges)
    assert billed_kwh < Decimal(before_kwh) / 100  # the old register is never billed again
    assert all(c.kwh < 5 for c in charges)  # no huge delta
    assert site.balance("1") == 50000 - sum(c.fen for c in charges)
    with db.read() as s:
        kinds = {e.kind for e in s.scalars(select(Event).where(Event.meter_id == mid))}
    assert {"meter.replaced", "billing.skipped"} & kinds
    assert verify(db).ok


def _skip(db: Database, meter_id: int) -> object:
    return next(c.end for c in _charges(db, meter_id) if "backwards" in c.note)
