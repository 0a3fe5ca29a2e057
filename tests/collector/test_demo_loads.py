"""The demo park plays dormitory appliances and the collector runs the real load detector by
default (issue 19): the meters of the dorm buildings (under load control) play a room's
appliances on the in-process ``sim://`` buses, the others keep their day/night curve, and
a short run shows the first dorm room of each bus cut for its kettle."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from app.collector import Collector, CollectorConfig, PollPlan
from app.db import Database
from app.demo import build_demo
from app.loadcontrol.store import controlled_meters
from app.loadcontrol.wiring import PlatformDetector
from app.models import Event, LoadEvent, Meter

from .conftest import wait_for


def test_the_demo_dorms_play_appliances_and_a_kettle_is_cut(
    db: Database, collector_factory: Callable[..., Collector]
) -> None:
    build_demo(db, rooms=80)  # a 72-room office building, then 8 rooms of a dormitory
    with db.read() as s:
        dorms = controlled_meters(s)
        addresses = {m.id: m.address for m in s.scalars(select(Meter))}
    assert dorms
    # a simulated minute a real second: the showcase kettle comes every 10 s, a poll of a
    # meter every 0.5 s is 30 simulated seconds (its 90 s use shows in about three)
    config = CollectorConfig(sim_rate=60, sim_wire_time=False, min_poll_interval=0.5)
    config.default_plan = PollPlan(energy_period=30)
    collector = collector_factory(config)
    collector.start()
    assert collector.load_feed is not None
    assert isinstance(collector.load_feed.detector, PlatformDetector)  # the default
    assert collector.load_feed.meters == frozenset(dorms)
    playing, showcases = set(), 0
    for sim in collector.sims.sims.values():
        for vm in sim.meters:
            if vm.play_appliances:
                playing.add(vm.address)
            showcases += vm.showcase > 0
    assert {addresses[m].lstrip("0") for m in dorms} == {a.lstrip("0") for a in playing}
    assert showcases == len({m.link_id for m in _meters(db, dorms)})

    def cut() -> list[LoadEvent]:
        with db.read() as s:
            return list(s.scalars(select(LoadEvent).where(LoadEvent.action == "cut")))

    [first, *_] = wait_for(cut, 90, "a dorm room cut by the real detector")
    assert first.source == "platform" and first.verdict == "forbidden"
    assert first.delta_w is not None and first.delta_w > 300
    with db.read() as s:
        kinds = {e.kind for e in s.scalars(select(Event).where(Event.kind.like("load.%")))}
    assert "load.cut" in kinds


def _meters(db: Database, ids: set[int]) -> list[Meter]:
    with db.read() as s:
        return list(s.scalars(select(Meter).where(Meter.id.in_(ids))))
