"""Load control end to end with the REAL detector in the collector (app.loadcontrol.wiring,
the collector's default), on simulated dorm meters over a pty, both back ends: the rooms
play only the appliances a test switches on (``ScriptedRoom``), each use labelled with its
switch-on time.

Timing is counted in polls of that meter, not in seconds, so that a loaded machine cannot
fail it: the samples the detector was fed that showed the appliance before the cut are at
most two (the issue's "within 2 poll periods of the switch-on")."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.collector import Collector, CollectorConfig
from app.db import Database
from app.livedata.event_text import describe
from app.loadcontrol.admin import add_entry
from app.loadcontrol.signals import Detection, Sample
from app.loadcontrol.store import LoadConfig, save_settings, start_learning
from app.loadcontrol.views import restore_room
from app.loadcontrol.wiring import PlatformDetector
from app.models import (
    Account,
    BillingMode,
    CommandStatus,
    Event,
    LoadEvent,
    LoadRestore,
    LoadRoom,
    LoadWhitelist,
    MeterCommand,
    RelayControl,
    RelayState,
)
from app.security import system_actor
from drivers.simulator import BusSimulator, SimClock, VirtualMeter
from drivers.simulator.appliances import ScriptedRoom, Switch
from drivers.simulator.model import MICRO
from tests.collector.conftest import ZONE, Site, fast_config, make_site, sim_start, wait_for

ADMIN = system_actor(name="cli:test")
METER, PLATFORM = BillingMode.METER, BillingMode.PLATFORM
# real seconds between two polls of a meter (the clock runs at real speed): the simulated
# meter averages P over 1 s as metering chips do, and a real bus polls a meter every few
# seconds at the most, so a poll period under that window is not what the detector is for
POLL = 1.0


class Recording(PlatformDetector):
    """The real detector, recording what it was fed and what it found (per meter)."""

    def __init__(self, db: Database) -> None:
        super().__init__(db)
        self.fed: dict[int, list[Sample]] = {}
        self.found: list[Detection] = []

    def feed(self, sample: Sample) -> list[Detection]:
        self.fed.setdefault(sample.meter_id, []).append(sample)
        out = super().feed(sample)
        self.found += out
        return out


@pytest.fixture
def clock() -> SimClock:
    return SimClock(start=sim_start(), rate=1)


@pytest.fixture
def bus(clock: SimClock) -> Iterator[BusSimulator]:
    meters = []
    for n in (1, 2, 3):
        vm = VirtualMeter(address=str(n), protocol="modbus", play_appliances=True, seed=n)
        vm._room = ScriptedRoom(seed=n)
        vm.balance_u = 1000 * MICRO
        meters.append(vm)
    with BusSimulator(meters=meters, clock=clock) as sim:
        yield sim


@pytest.fixture
def run(db: Database) -> Iterator[Callable[[CollectorConfig], tuple[Collector, Recording]]]:
    made: list[Collector] = []

    def start(config: CollectorConfig) -> tuple[Collector, Recording]:
        box: list[Recording] = []

        def factory(d: Database) -> Recording:
            box.append(Recording(d))
            return box[0]

        config.load_detector = factory
        collector = Collector(db, config)
        made.append(collector)
        collector.start()
        return collector, box[0]

    yield start
    for c in made:
        c.stop()


def config(clock: SimClock, **kw: object) -> CollectorConfig:
    base: dict[str, object] = {"load_restore_check": 0.05, "load_refresh": 0.2}
    base.update(kw)
    return fast_config(clock, min_poll_interval=POLL, **base)


def switch(bus: BusSimulator, clock: SimClock, address: int, appliance: str, **kw: float) -> Switch:
    """``appliance`` switched on in the room of meter ``address`` now (labelled)."""
    vm = bus.meter(address)
    with vm.lock:
        room = vm._room
        assert isinstance(room, ScriptedRoom)
        return room.switch_on(appliance, clock.now(), **kw)


def relay_actions(site: Site, address: int) -> list[str]:
    return [str(c.payload["action"]) for c in site.commands(address) if c.kind == "relay"]


def load_events(db: Database, meter_id: int) -> list[LoadEvent]:
    with db.read() as s:
        return list(
            s.scalars(
                select(LoadEvent).where(LoadEvent.meter_id == meter_id).order_by(LoadEvent.id)
            )
        )


def room_state(db: Database, site: Site, address: int) -> LoadRoom | None:
    with db.read() as s:
        return s.get(LoadRoom, site.rooms[str(address)])


def after(db: Database, meter_id: int, use: Switch) -> list[LoadEvent]:
    """The load events of a meter from the poll before ``use`` on."""
    on = use.on.replace(tzinfo=ZONE) - timedelta(seconds=POLL)
    return [e for e in load_events(db, meter_id) if e.at >= on]


def confirmed(site: Site, address: int) -> bool:
    return all(c.status is CommandStatus.CONFIRMED for c in site.commands(address))


def polls_seeing(det: Recording, meter_id: int, use: Switch, over_w: float) -> list[Sample]:
    """The polls that saw the appliance switched on at its labelled time (a poll stamped
    just before it may have read the meter just after: one poll period of slack)."""
    on = use.on.replace(tzinfo=ZONE) - timedelta(seconds=POLL)
    return [x for x in det.fed.get(meter_id, []) if x.at >= on and x.power_w > over_w]


def fed(det: Recording, meter_id: int, n: int) -> Callable[[], bool]:
    return lambda: len(det.fed.get(meter_id, [])) >= n


def dorm(db: Database, bus: BusSimulator, billing: dict[str, BillingMode], **kw: object) -> Site:
    site = make_site(db, bus, billing)
    cfg = LoadConfig(**{"restore_delay_s": 2, "restore_limit": 1, **kw})  # type: ignore[arg-type]
    save_settings(db, ADMIN, site.building_id, cfg)
    return site


def test_a_kettle_is_cut_within_two_polls_restored_then_left_for_the_manager(
    db: Database,
    bus: BusSimulator,
    clock: SimClock,
    run: Callable[..., tuple[Collector, Recording]],
) -> None:
    site = dorm(db, bus, {"1": METER, "2": METER})
    collector, det = run(config(clock))
    mid = site.meter_id(1)
    wait_for(fed(det, mid, 3), 30, "polls fed to the real detector")

    kettle = switch(bus, clock, 1, "kettle", minutes=0.5)
    wait_for(lambda: bus.meter(1).relay_cut, 30, "the load cut on the meter")
    seen = polls_seeing(det, mid, kettle, 100)
    assert 1 <= len(seen) <= 2, f"polls that saw the kettle before the cut: {len(seen)}"
    [ev] = [e for e in load_events(db, mid) if e.action == "cut"]
    assert (ev.source, ev.verdict) == ("platform", "forbidden")
    # a switch inside the meter's 1 s window before a poll shows a part of the step there:
    # still resistive and forbidden at once, but it may be named after a smaller heater
    assert ev.delta_w is not None and ev.power_factor is not None and ev.power_factor > 0.97

    # automatic restore after the delay (2 s); the kettle is still on when the power comes
    # back: the detector was told (forget), so that is no new switch-on and no second cut
    wait_for(lambda: relay_actions(site, 1) == ["cut", "close"], 30, "the automatic restore")
    wait_for(lambda: not bus.meter(1).relay_cut, 30, "the restore on the meter")
    later = det.fed[mid][-1].at
    wait_for(lambda: det.fed[mid][-1].at > later + timedelta(seconds=4 * POLL), 30, "polls")
    assert relay_actions(site, 1) == ["cut", "close"]
    assert collector.load_feed is not None and collector.load_feed.forgets >= 2

    # the kettle again: cut, and with the day's one restore used, the manager's turn
    with bus.meter(1).lock:  # switched off by hand (waiting out its half minute cost 20 s)
        room = bus.meter(1)._room
        assert isinstance(room, ScriptedRoom)
        room.switch_off(kettle, clock.now())
    wait_for(fed(det, mid, len(det.fed[mid]) + 2), 30, "polls without the kettle")
    again = switch(bus, clock, 1, "kettle", minutes=0.5)
    wait_for(lambda: relay_actions(site, 1) == ["cut", "close", "cut"], 30, "the second cut")
    assert 1 <= len(polls_seeing(det, mid, again, 100)) <= 2
    wait_for(lambda: (st := room_state(db, site, 1)) and st.needs_manager, 30, "needs manager")
    st = room_state(db, site, 1)
    assert st is not None and st.restore_due_at is None
    assert relay_actions(site, 2) == []

    # the manager restores it, with a reason (once the cut is confirmed: before, the
    # service says it is still on its way)
    wait_for(lambda: confirmed(site, 1), 30, "the second cut confirmed")
    done = restore_room(
        db, ADMIN, "101", "kettle taken away", ZONE, clock.now().replace(tzinfo=ZONE)
    )
    assert done.commands
    collector.wake()
    wait_for(lambda: not bus.meter(1).relay_cut, 30, "the manager's restore on the meter")
    st = room_state(db, site, 1)
    assert st is not None and not st.needs_manager
    with db.read() as s:
        kinds = [r.kind for r in s.scalars(select(LoadRestore).order_by(LoadRestore.id))]
    assert kinds == ["auto", "manual"]


def test_learned_then_not_cut_and_a_hand_whitelisted_appliance_not_cut(
    db: Database,
    bus: BusSimulator,
    clock: SimClock,
    run: Callable[..., tuple[Collector, Recording]],
) -> None:
    """A water dispenser (500 W, resistive: the library calls it forbidden) learned in room
    101; an induction hob whitelisted by hand for the building while the collector runs
    (another desk: the feed's version check picks it up)."""
    site = dorm(db, bus, {"1": METER, "2": METER}, restore_limit=3)
    _, det = run(config(clock))
    m1, m2 = site.meter_id(1), site.meter_id(2)
    wait_for(fed(det, m1, 3), 30, "polls fed")

    start_learning(db, ADMIN, "101", "饮水机")
    first = switch(bus, clock, 1, "water_dispenser", minutes=0.1)
    wait_for(lambda: det.whitelist(m1).match(first.power_w, first.pf), 30, "learned")
    with db.read() as s:
        [entry] = s.scalars(select(LoadWhitelist)).all()
    assert (entry.name, entry.source, entry.room_id) == ("饮水机", "learning", site.rooms["1"])
    assert relay_actions(site, 1) == []
    wait_for(lambda: clock.now() > first.off + timedelta(seconds=1), 30, "the dispenser off")
    wait_for(fed(det, m1, len(det.fed[m1]) + 2), 30, "polls without it")
    again = switch(bus, clock, 1, "water_dispenser", minutes=0.2)
    wait_for(lambda: after(db, m1, again), 30, "the second use judged")
    wait_for(lambda: len(polls_seeing(det, m1, again, 300)) >= 3, 30, "polls with it on")
    assert [(e.verdict, e.appliance, e.action) for e in after(db, m1, again)] == [
        ("whitelisted", "饮水机", "none")
    ]
    assert relay_actions(site, 1) == [] and not bus.meter(1).relay_cut

    # by hand, from "another desk": the building's induction hob (ΔP and PF of the unit)
    refreshes = det.refreshes
    hob = bus.meter(2)._room.units.get("induction_hob", (1850.0, 0.962))  # type: ignore[union-attr]
    add_entry(db, ADMIN, "电磁炉", building="1号楼", delta_w=hob[0], power_factor=hob[1])
    wait_for(lambda: det.refreshes > refreshes, 30, "the whitelist read again")
    assert det.whitelist(m2).match(*hob)
    use = switch(bus, clock, 2, "induction_hob", minutes=0.2)
    wait_for(lambda: len(polls_seeing(det, m2, use, 1000)) >= 3, 30, "polls with it on")
    assert [(e.verdict, e.appliance, e.action) for e in load_events(db, m2)] == [
        ("whitelisted", "电磁炉", "none")
    ]
    assert relay_actions(site, 2) == [] and not bus.meter(2).relay_cut


def test_the_meters_own_malicious_load_flag_cuts_with_source_meter(
    db: Database,
    bus: BusSimulator,
    clock: SimClock,
    run: Callable[..., tuple[Collector, Recording]],
) -> None:
    """The platform allows the kettle (building whitelist), the meter's own rule does not:
    the meter's judgement cuts."""
    site = dorm(db, bus, {"1": METER})
    vm = bus.meter(1)
    with vm.lock:
        vm.malicious_w = 800
        w, pf = vm._room.units.get("kettle", (1780.0, 0.998))  # type: ignore[union-attr]
    add_entry(db, ADMIN, "烧水壶", building="1号楼", delta_w=w, power_factor=pf, tol_w=400)
    _, det = run(config(clock))
    mid = site.meter_id(1)
    wait_for(fed(det, mid, 3), 30, "polls fed")
    switch(bus, clock, 1, "kettle", minutes=0.5)
    wait_for(lambda: relay_actions(site, 1) == ["cut"], 30, "the cut")
    events = load_events(db, mid)
    cut = [e for e in events if e.action == "cut"]
    assert [(e.source, e.meter_event) for e in cut] == [("meter", "malicious_load")]
    assert not [e for e in events if e.source == "platform" and e.verdict == "forbidden"]
    with db.read() as s:
        [event] = s.scalars(select(Event).where(Event.kind == "load.cut")).all()
    english = describe(event.kind, event.data, "en", event.message)
    assert "malicious_load" not in english and "a malicious load" in english
    assert "恶性负载" in describe(event.kind, event.data, "zh_CN", event.message)


def test_precedence_guaranteed_supply_and_arrears_at_restore(
    db: Database,
    bus: BusSimulator,
    clock: SimClock,
    run: Callable[..., tuple[Collector, Recording]],
) -> None:
    """Meter 1 in guaranteed supply: the kettle is held, never cut. Meter 2 (platform-side
    account): cut; its account falls into arrears meanwhile, so the restore keeps it off as
    the arrears cut (a recharge gives it back), never closes the relay."""
    site = dorm(db, bus, {"1": METER, "2": PLATFORM}, restore_delay_s=3)
    with bus.meter(1).lock:
        bus.meter(1).guarantee = True
    with db.write() as s:
        account = s.get(Account, site.accounts["2"])
        assert account is not None
        account.balance_fen = 50_000
    _, det = run(config(clock))
    m1, m2 = site.meter_id(1), site.meter_id(2)
    wait_for(lambda: (st := site.state(1)) and st.guaranteed, 30, "the guarantee stored")
    wait_for(fed(det, m2, 3), 30, "polls fed")
    switch(bus, clock, 1, "hair_dryer", minutes=0.5)
    switch(bus, clock, 2, "kettle", minutes=0.5)
    wait_for(lambda: relay_actions(site, 2) == ["cut"], 30, "the load cut of meter 2")
    wait_for(lambda: any(e.action == "held" for e in load_events(db, m1)), 30, "held")
    assert relay_actions(site, 1) == [] and not bus.meter(1).relay_cut
    # the cut confirmed and stored first: before, the relay rules would see the relay on
    # and cut for the arrears themselves (right too, but not the restore's precedence)
    wait_for(lambda: confirmed(site, 2), 30, "the load cut confirmed")
    wait_for(lambda: (st := site.state(2)) and st.relay is RelayState.OPEN, 30, "stored")
    with db.write() as s:  # the account runs out while the room is cut
        account = s.get(Account, site.accounts["2"])
        assert account is not None
        account.balance_fen = -100
    wait_for(lambda: (st := room_state(db, site, 2)) and st.cut_event_id is None, 30, "restore due")
    with db.read() as s:
        [restore] = s.scalars(select(LoadRestore)).all()
        control = s.get(RelayControl, m2)
        closes = s.scalars(
            select(MeterCommand).where(MeterCommand.meter_id == m2, MeterCommand.kind == "relay")
        ).all()
    assert control is not None
    assert restore.outcome == "kept_arrears", (restore.outcome, control.cut_reason, control.rule)
    assert control.cut_reason == "arrears"
    assert [c.payload["action"] for c in closes] == ["cut"] and bus.meter(2).relay_cut


def test_a_meter_side_account_in_arrears_is_not_closed_at_restore(
    db: Database,
    bus: BusSimulator,
    clock: SimClock,
    run: Callable[..., tuple[Collector, Recording]],
) -> None:
    """A meter-side account: the meter's own balance as last read decides (issue 19 round
    1 looked at platform-side accounts only)."""
    site = dorm(db, bus, {"1": METER}, restore_delay_s=3)
    _, det = run(config(clock))
    mid = site.meter_id(1)
    wait_for(fed(det, mid, 3), 30, "polls fed")
    switch(bus, clock, 1, "kettle", minutes=0.5)
    wait_for(lambda: relay_actions(site, 1) == ["cut"], 30, "the cut")
    with bus.meter(1).lock:
        bus.meter(1).balance_u = -5 * MICRO  # the meter ran out (its own balance)
    wait_for(lambda: (st := site.state(1)) and (st.balance_fen or 0) < 0, 30, "balance read")
    wait_for(lambda: (st := room_state(db, site, 1)) and st.cut_event_id is None, 30, "restore")
    with db.read() as s:
        [restore] = s.scalars(select(LoadRestore)).all()
    assert restore.outcome == "kept_arrears" and relay_actions(site, 1) == ["cut"]
