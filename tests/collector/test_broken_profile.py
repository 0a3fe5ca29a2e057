"""A meter whose profile file is broken (a typo in a user's model) costs only that meter:
the collector starts, the bus runs, the other meters are polled."""

from __future__ import annotations

from collections.abc import Callable

from app.collector import Collector
from app.db import Database
from app.models import BillingMode, Meter
from drivers.profile_files import user_dir
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for


def test_a_broken_profile_file_leaves_the_bus_running(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER, "2": BillingMode.METER})
    folder = user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "my-meter.toml").write_text(
        'name = "my-meter"\nprotocol = "modbus"\nbiling = "meter"\n', encoding="utf-8"
    )  # 'biling': the typo
    with db.write() as s:
        row = s.get(Meter, site.meters["1"])  # the bus's first meter
        assert row is not None
        row.profile = "my-meter"
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    wait_for(
        lambda: (st := site.state(2)) and st.online and st.energy_total is not None,
        20,
        "the good meter polled",
    )
    worker = next(iter(collector.workers.values()))
    assert worker.is_alive()
    assert site.meters["1"] not in worker.handles
