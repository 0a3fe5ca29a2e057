"""Every port type parks use, and a wire shared with imperfect peers.

The same reads over a pty (the fast fd path), a transparent TCP gateway (``socket://``, as
RS-485-to-Ethernet converters are used) and a port with no file descriptor (as every
Windows COM port is), for Modbus and DL/T 645; then peers that answer late (after the
master timed out) or put line noise in front of their replies.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest
from drv_helpers import Rfc2217Gateway, ScriptedPeer, TcpGateway, no_fd_factory

from drivers.bus import link_for, meter_for
from drivers.errors import LinkError, MeterTimeout
from drivers.link import Link
from drivers.meter import RelayCommand, RelayState
from drivers.simulator import BusSimulator
from drivers.simulator.model import make_meters

PROFILE = {"modbus": "sim-prepaid-modbus", "dlt645": "sim-prepaid-dlt645"}
TRANSPORTS = ("pty", "gateway", "no-fd")


@pytest.fixture
def opened() -> Iterator[Callable[[str, str, str], Link]]:
    """``opened(transport, path, protocol)`` -> a link to ``path`` over that transport."""
    links: list[Link] = []
    gateways: list[TcpGateway] = []

    def make(transport: str, path: str, protocol: str) -> Link:
        if transport == "gateway":
            gateway = TcpGateway(path)
            gateways.append(gateway)
            link = link_for(gateway.url, PROFILE[protocol], timeout=0.3)
        else:
            link = link_for(path, PROFILE[protocol], timeout=0.3)
            if transport == "no-fd":
                link._factory = no_fd_factory
        links.append(link)
        return link

    yield make
    for link in links:
        link.close()
    for gateway in gateways:
        gateway.close()


def _exact(snapshot: object) -> tuple[object, ...]:
    s = snapshot
    return (
        s.energy_total,
        tuple(sorted(s.energy_bands.items())),
        s.voltage,
        s.balance,  # type: ignore[attr-defined]
        s.purchase_count,
        s.relay,
    )  # type: ignore[attr-defined]


@pytest.mark.parametrize("protocol", ["modbus", "dlt645"])
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_snapshot_is_the_same_over_every_transport(
    make_bus: Callable[..., BusSimulator],
    opened: Callable[[str, str, str], Link],
    transport: str,
    protocol: str,
) -> None:
    sim = make_bus(count=3, protocol=protocol)
    m = sim.meters[1]
    m.energy = [1111, 2222, 3333, 4444]
    m.balance_u = 4321 * 10_000
    link = opened(transport, sim.path, protocol)
    snap = meter_for(link, PROFILE[protocol], m.address).read()
    assert snap.energy_total == Decimal("111.10")
    assert snap.energy_bands == {
        "sharp": Decimal("11.11"),
        "peak": Decimal("22.22"),
        "flat": Decimal("33.33"),
        "valley": Decimal("44.44"),
    }
    assert snap.balance == Decimal("43.21")
    assert snap.relay is RelayState.CLOSED
    if transport == "no-fd":
        assert getattr(link._port, "fd", None) is None  # the portable path really ran
    other = meter_for(link, PROFILE[protocol], sim.meters[2].address).read()
    assert other.energy_total != snap.energy_total  # and it was the right meter


@pytest.mark.parametrize("protocol", ["modbus", "dlt645"])
@pytest.mark.parametrize("transport", ["gateway", "no-fd"])
def test_relay_and_recharge_through_a_gateway_and_a_port_without_fd(
    make_bus: Callable[..., BusSimulator],
    opened: Callable[[str, str, str], Link],
    transport: str,
    protocol: str,
) -> None:
    sim = make_bus(count=2, protocol=protocol)
    m = sim.meters[0]
    meter = meter_for(opened(transport, sim.path, protocol), PROFILE[protocol], m.address)
    assert meter.set_relay(RelayCommand.CUT).confirmed
    assert m.commanded_cut
    assert meter.set_relay(RelayCommand.CLOSE).confirmed
    before = m.balance_fen
    result = meter.recharge(Decimal("25.50"), m.purchase_count + 1)
    assert result.count == m.purchase_count == 1
    assert m.balance_fen == before + 2550


def test_a_gateway_that_goes_away_is_a_link_error_and_comes_back(
    make_bus: Callable[..., BusSimulator],
) -> None:
    sim = make_bus(count=1)
    gateway = TcpGateway(sim.path)
    link = link_for(gateway.url, "sim-prepaid-modbus", timeout=0.3, backoff_initial=0.01)
    try:
        meter = meter_for(link, "sim-prepaid-modbus", 1)
        assert meter.read().energy_total is not None
        port = gateway.port
        gateway.close()  # the converter reboots: the TCP connection drops
        with pytest.raises((LinkError, MeterTimeout)):
            for _ in range(3):
                meter.read()
        assert not link.is_open or link.last_error
    finally:
        link.close()
    refused = link_for(f"socket://127.0.0.1:{port}", "sim-prepaid-modbus")
    with pytest.raises(LinkError, match="cannot open"):
        refused.open()


def _peer_meters(protocol: str) -> list[object]:
    meters = make_meters(6, protocol, seed=3)
    for i, m in enumerate(meters):
        m.energy = [100 * (i + 1), 0, 0, 0]
    return meters  # type: ignore[return-value]


@pytest.mark.parametrize("protocol", ["modbus", "dlt645"])
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_late_reply_never_poisons_the_next_transaction(
    opened: Callable[[str, str, str], Link],
    transport: str,
    protocol: str,
) -> None:
    meters = _peer_meters(protocol)
    slow, other = meters[3], meters[4]  # type: ignore[attr-defined]
    peer = ScriptedPeer(meters, late=frozenset({slow.address}))  # type: ignore[attr-defined]
    try:
        link = opened(transport, peer.path, protocol)
        late = meter_for(link, PROFILE[protocol], slow.address)  # type: ignore[attr-defined]
        good = meter_for(link, PROFILE[protocol], other.address)  # type: ignore[attr-defined]
        for _ in range(3):
            with pytest.raises(MeterTimeout):
                late.read_quantities(["energy_total"])
            # the slow meter's answer arrives now, in front of this one: it is dropped
            assert good.read_quantities(["energy_total"]) == {"energy_total": Decimal("5.00")}
        dropped = [e for e in link.trace.entries() if "not the answer" in e.error]
        assert len(dropped) >= 3
    finally:
        peer.close()


NOISE = {"modbus": b"\x00\xff\x55\xaa", "dlt645": b"\x00\xff\x55\xaa" + b"\xfe" * 7}


@pytest.mark.parametrize("protocol", ["modbus", "dlt645"])
@pytest.mark.parametrize("transport", TRANSPORTS)
def test_noise_before_a_reply_is_skipped(
    opened: Callable[[str, str, str], Link],
    transport: str,
    protocol: str,
) -> None:
    meters = _peer_meters(protocol)
    peer = ScriptedPeer(meters, noise=NOISE[protocol])
    try:
        link = opened(transport, peer.path, protocol)
        for i, m in enumerate(meters):
            meter = meter_for(link, PROFILE[protocol], m.address)  # type: ignore[attr-defined]
            values = meter.read_quantities(["energy_total", "balance"])
            assert values["energy_total"] == Decimal(i + 1)
        assert any("noise" in e.error for e in link.trace.entries())
    finally:
        peer.close()


@pytest.mark.parametrize("protocol", ["modbus", "dlt645"])
def test_reads_through_an_rfc2217_gateway(
    make_bus: Callable[..., BusSimulator],
    protocol: str,
) -> None:
    sim = make_bus(count=2, protocol=protocol)
    sim.meters[1].balance_u = 1234 * 10_000
    gateway = Rfc2217Gateway(sim.path)
    link = link_for(gateway.url, PROFILE[protocol], timeout=0.5)
    try:
        meter = meter_for(link, PROFILE[protocol], sim.meters[1].address)
        assert meter.read().balance == Decimal("12.34")
        assert meter.set_relay(RelayCommand.CUT).confirmed
    finally:
        link.close()
        gateway.close()
