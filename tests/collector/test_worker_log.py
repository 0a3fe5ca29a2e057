"""A bus worker's crash lands in the log file with its traceback, so a windowed desk (no
console) still leaves support something to read. The worker catches its own exceptions
(``log.exception("bus worker %s crashed")``) and is restarted; the record reaches the file
through the root logger that ``app.support.setup_logging`` configured."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from app import support
from app.collector import Collector
from app.db import Database
from app.models import BillingMode
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for


@pytest.fixture
def logging_to_file() -> Iterator[support.LogSetup]:
    setup = support.setup_logging(gui=False, name="collector", hooks=False)
    yield setup
    support.teardown_logging()


def test_a_crashed_bus_worker_is_in_the_log_file(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
    logging_to_file: support.LogSetup,
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER, "2": BillingMode.METER})
    collector = collector_factory(fast_config(sim_clock, restart_initial=0.2))
    collector.start()
    first = collector.workers[site.link_id]
    wait_for(lambda: first.polls > 4, 10, "polling")
    driver = first.handles[site.meter_id(2)].driver
    real = driver.read_quantities
    fired = threading.Event()

    def boom(*args: Any, **kwargs: Any) -> Any:
        if not fired.is_set():
            fired.set()
            raise RuntimeError("driver bug for the log")
        return real(*args, **kwargs)

    driver.read_quantities = boom  # type: ignore[method-assign]
    wait_for(lambda: not first.is_alive(), 10, "the worker died")
    wait_for(lambda: collector.workers[site.link_id] is not first, 10, "the worker was restarted")
    assert logging_to_file.log_file is not None
    text = wait_for(
        lambda: (
            (t := logging_to_file.log_file.read_text(encoding="utf-8")) and "restarted" in t and t
        ),  # type: ignore[union-attr]
        10,
        "the restart logged",
    )
    crashed = text.split(" crashed\n", 1)
    assert len(crashed) == 2 and "ERROR app.collector.worker: bus worker" in crashed[0]
    assert "Traceback (most recent call last)" in crashed[1].split("\n20")[0]
    assert "RuntimeError: driver bug for the log" in crashed[1]
    assert "INFO app.collector.service: bus worker" in text  # the restart, at INFO
