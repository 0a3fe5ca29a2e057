"""The collector on a bus reached through an RS-485-to-Ethernet gateway (``socket://``):
the bus worker polls, runs an operator's relay command, and comes back after the gateway
drops the connection."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from app.collector import Collector
from app.db import Database
from app.models import BillingMode, CommandStatus, Link, Role
from app.security import add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.services.commands import request_relay
from drivers.simulator import BusSimulator, SimClock
from tests.drivers.drv_helpers import TcpGateway

from .conftest import fast_config, make_site, wait_for

PASSWORD = "Gateway-2026!"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


def test_a_bus_worker_polls_and_switches_through_a_gateway(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {a: BillingMode.METER for a in ("1", "2", "3", "4")})
    gateway = TcpGateway(sim.path)
    try:
        with db.write() as s:
            row = s.get(Link, site.link_id)
            assert row is not None
            row.url = gateway.url
        admin = create_first_admin(db, "admin", "管理员", PASSWORD)
        add_operator(db, admin, "op", "值班员", Role.OPERATOR, PASSWORD)
        operator = login(db, "op", PASSWORD)
        collector = collector_factory(fast_config(sim_clock))
        collector.start()
        for address in ("1", "2", "3", "4"):
            wait_for(
                lambda a=address: (
                    (st := site.state(a)) and st.online and st.energy_total is not None
                ),
                20,
                f"meter {address} polled",
            )
        worker = next(iter(collector.workers.values()))
        assert worker.is_alive() and worker.link.url == gateway.url
        cut = request_relay(db, operator, site.meter_id(2), "cut")
        collector.wake()
        wait_for(lambda: site.command(cut).status is CommandStatus.CONFIRMED, 20, "relay cut")
        assert sim.meter(2).commanded_cut
        polls = worker.polls
        assert gateway.connections == 1
        gateway.drop()  # the converter reboots: the worker reconnects by itself
        wait_for(
            lambda: gateway.connections >= 2 and worker.polls > polls + 4,
            30,
            "polling again through the rebooted gateway",
        )
        assert worker.is_alive()
    finally:
        gateway.close()
