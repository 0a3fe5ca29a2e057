"""Fixtures for driver tests: simulated buses on real ptys, stopped even when a test fails."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from drv_helpers import NullModem

from drivers.bus import link_for
from drivers.link import Link
from drivers.simulator import BusSimulator, SimClock


@pytest.fixture
def make_bus() -> Iterator[Callable[..., BusSimulator]]:
    """Factory: ``make_bus(count=4, protocol="modbus", ...)`` -> a started BusSimulator."""
    started: list[BusSimulator] = []

    def make(**kwargs: object) -> BusSimulator:
        kwargs.setdefault("clock", SimClock(rate=0))  # frozen: values are exact
        sim = BusSimulator(**kwargs)  # type: ignore[arg-type]
        sim.start()
        started.append(sim)
        return sim

    yield make
    for sim in started:
        sim.stop()


@pytest.fixture
def make_link() -> Iterator[Callable[..., Link]]:
    """Factory for links that are closed after the test."""
    links: list[Link] = []

    def make(url: str, profile: str = "sim-prepaid-modbus", **overrides: object) -> Link:
        link = link_for(url, profile, **overrides)
        links.append(link)
        return link

    yield make
    for link in links:
        link.close()


# --- independent peers on a pty null-modem (pymodbus' server, the dlt645 package) ---------


@pytest.fixture
def pymodbus_peer() -> Iterator[str]:
    """pymodbus' serial server: an SDM120 map on unit 1, a Waveshare relay module on 2."""
    from test_peers import PymodbusPeer

    logging.getLogger("pymodbus").setLevel(logging.ERROR)
    with NullModem() as modem:
        peer = PymodbusPeer(modem.path_a)
        try:
            yield modem.path_b
        finally:
            peer.stop()


@pytest.fixture
def dlt645_peer() -> Iterator[tuple[str, object]]:
    """The dlt645 package's meter 000012345678: standard identifiers only (no money
    identifiers, no blocks: it answers D1 02 for those)."""
    from dlt645 import MeterServerService

    with NullModem() as modem:
        service = MeterServerService.new_rtu_server(modem.path_a, 8, 1, 2400, "N", 1.0)
        service.set_address(bytes.fromhex("785634120000"))
        assert service.server.start()
        try:
            yield modem.path_b, service
        finally:
            service.server.stop()
