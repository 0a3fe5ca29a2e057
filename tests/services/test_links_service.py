"""Links through ``app.services.links``: validation with named errors, role, audit, no data
lost on remove, and the link test against a real simulator pty (directly and through the
running collector's bus worker)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from app.collector import Collector
from app.db import Database
from app.models import AuditEntry, BillingMode, Link
from app.security import Actor, PermissionDenied
from app.services.links import (
    LinkSettingsError,
    LinkSpec,
    list_links,
    remove_link,
    save_link,
    try_link,
)
from drivers.simulator import BusSimulator, SimClock
from tests.collector.conftest import fast_config, make_site, sim_start, wait_for

SPEC = LinkSpec(name="Bus B7", url="/dev/ttyUSB7", protocol="modbus", baud=9600, parity="E")


def test_add_edit_remove_with_audit(park: Database, staff: dict[str, Actor]) -> None:
    operator = staff["operator"]  # operators look after the buses
    link_id = save_link(park, operator, SPEC)
    save_link(park, operator, replace(SPEC, baud=19200, timeout_ms=800), link_id)
    row = next(r for r in list_links(park) if r.id == link_id)
    assert (row.spec.baud, row.spec.timeout_ms, row.meters) == (19200, 800, 0)
    remove_link(park, operator, link_id)
    assert all(r.id != link_id for r in list_links(park))
    with park.read() as s:
        actions = [
            a.action
            for a in s.scalars(select(AuditEntry).where(AuditEntry.target == f"link:{link_id}"))
        ]
    assert actions == ["link.add", "link.change", "link.remove"]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (replace(SPEC, baud=9601), "baud rate 9601 is not one RS-485 meters use"),
        (replace(SPEC, url="  "), "port: required value is missing"),
        (replace(SPEC, url="ttyUSB0"), "not a valid serial port or gateway URL: 'ttyUSB0'"),
        (replace(SPEC, timeout_ms=5), "the reply timeout must be 20 to 10000 ms"),
    ],
)
def test_bad_links_are_refused_by_name(park: Database, staff, spec, message) -> None:  # type: ignore[no-untyped-def]
    before = list_links(park)
    with pytest.raises(LinkSettingsError, match=message):
        save_link(park, staff["admin"], spec)
    assert list_links(park) == before


def test_duplicate_port_and_links_with_meters(park: Database, staff) -> None:  # type: ignore[no-untyped-def]
    admin = staff["admin"]
    first = list_links(park)[0]
    assert first.meters > 0
    with pytest.raises(LinkSettingsError, match=f"the port {first.spec.url} is already used"):
        save_link(park, admin, replace(SPEC, url=first.spec.url))
    with pytest.raises(LinkSettingsError, match="cannot be removed; disable it instead"):
        remove_link(park, admin, first.id)
    other = "dlt645" if first.spec.protocol == "modbus" else "modbus"
    with pytest.raises(LinkSettingsError, match="has meters that speak"):
        save_link(park, admin, replace(first.spec, protocol=other), first.id)
    save_link(park, admin, replace(first.spec, enabled=False), first.id)  # disabling is fine
    with park.read() as s:
        assert s.get(Link, first.id).enabled is False


@pytest.mark.parametrize("role", ["cashier", "auditor"])
def test_cashiers_and_auditors_may_not_touch_links(park: Database, staff, role) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        save_link(park, staff[role], SPEC)
    with pytest.raises(PermissionDenied):
        remove_link(park, staff[role], list_links(park)[0].id)


@pytest.fixture
def bus() -> BusSimulator:
    with BusSimulator(count=2, protocol="modbus", clock=SimClock(start=sim_start())) as sim:
        yield sim


def test_link_test_reads_a_meter_on_a_real_pty(db: Database, bus: BusSimulator) -> None:
    site = make_site(db, bus, {"2": BillingMode.METER})
    check = try_link(db, site.link_id)
    assert check.ok and not check.via_collector, check.message
    assert f"{bus.path} opened; meter 2 answered in" in check.message


def test_link_test_names_a_port_that_does_not_exist(db: Database, staff_free_admin) -> None:  # type: ignore[no-untyped-def]
    link_id = save_link(db, staff_free_admin, replace(SPEC, url="/dev/ttyWATTDESK-NONE"))
    check = try_link(db, link_id)
    assert not check.ok
    assert check.message == "cannot open /dev/ttyWATTDESK-NONE: no such port on this computer"


def test_link_test_says_when_no_meter_answers(db: Database, bus: BusSimulator) -> None:
    site = make_site(db, bus, {"2": BillingMode.METER})
    bus.set_fault(2, dead=True)
    check = try_link(db, site.link_id)
    assert not check.ok
    assert check.message.startswith(f"{bus.path} opened but no meter answered")


def test_link_test_goes_through_the_running_collector(db: Database, bus: BusSimulator) -> None:
    site = make_site(db, bus, {"1": BillingMode.METER, "2": BillingMode.METER})
    collector = Collector(db, fast_config(SimClock(start=sim_start(), rate=60)))
    collector.start()
    try:
        wait_for(lambda: (st := site.state(1)) and st.online, what="meter 1 online")
        polls = collector.workers[site.link_id].polls
        check = try_link(db, site.link_id, collector)
        assert check.ok and check.via_collector, check.message
        assert "(through the running collector): meter" in check.message
        assert collector.workers[site.link_id].polls > polls
    finally:
        collector.stop()


@pytest.fixture
def staff_free_admin() -> Actor:
    from app.security import system_actor

    return system_actor(name="test-admin")
