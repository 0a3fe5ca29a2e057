"""Fixtures for driver tests: simulated buses on real ptys, stopped even when a test fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

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
