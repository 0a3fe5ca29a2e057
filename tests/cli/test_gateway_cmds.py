"""The bus commands through an RS-485-to-Ethernet gateway (``socket://HOST:PORT``), the way
most parks reach their buses, and the messages for gateway addresses that are wrong."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable, Iterator
from decimal import Decimal

import pytest

from drivers.simulator import BusSimulator
from tests.drivers.drv_helpers import TcpGateway

from .conftest import run

MODBUS = ("--protocol", "modbus", "--profile", "sim-prepaid-modbus")
DLT = ("--protocol", "dlt645", "--profile", "sim-prepaid-dlt645")


@pytest.fixture
def gateway() -> Iterator[Callable[[BusSimulator], TcpGateway]]:
    made: list[TcpGateway] = []

    def make(sim: BusSimulator) -> TcpGateway:
        made.append(TcpGateway(sim.path))
        return made[-1]

    yield make
    for g in made:
        g.close()


def test_meter_read_and_relay_through_a_gateway(
    make_bus: Callable[..., BusSimulator],
    gateway: Callable[[BusSimulator], TcpGateway],
) -> None:
    sim = make_bus(("modbus", "3"), ("dlt645", "000000000042"))
    sim.meter(3).balance_u = 8765 * 10_000
    sim.meter("000000000042").energy = [10, 20, 30, 40]
    url = gateway(sim).url

    modbus = run("meter", "read", "--port", url, *MODBUS, "--address", "3", "--json")
    assert modbus.returncode == 0, modbus.stderr
    assert Decimal(json.loads(modbus.stdout)["balance"]) == Decimal("87.65")

    dlt = run("meter", "read", "--port", url, *DLT, "--address", "42", "--json")
    assert dlt.returncode == 0, dlt.stderr
    assert Decimal(json.loads(dlt.stdout)["energy_total"]) == Decimal("1.00")

    cut = run("meter", "relay", "--port", url, *MODBUS, "--address", "3", "--off")
    assert cut.returncode == 0, cut.stderr
    assert sim.meter(3).commanded_cut


def test_bus_scan_through_a_gateway(
    make_bus: Callable[..., BusSimulator],
    gateway: Callable[[BusSimulator], TcpGateway],
) -> None:
    sim = make_bus(("modbus", "2"), ("modbus", "5"))
    url = gateway(sim).url
    scan = run(
        "bus", "scan", "--port", url, "--protocol", "modbus", "--from", "1", "--to", "6", "--json"
    )
    assert scan.returncode == 0, scan.stderr
    assert sorted(f["address"] for f in json.loads(scan.stdout)) == ["2", "5"]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens here once the socket is closed


@pytest.mark.parametrize(
    ("url", "english", "chinese"),
    [
        # the closed port is chosen when the test runs: the same test id on every xdist worker
        ("socket://127.0.0.1:{closed}", "gateway refused the connection", "网关拒绝连接"),
        (
            "socket://127.0.0.1",
            "not a serial port name or a gateway address",
            "不是串口名称或网关地址",
        ),
        ("socket://127.0.0.1:99999", "not a serial port name or a gateway address", "网关地址"),
        ("tcp://127.0.0.1:502", "not a serial port name or a gateway address", "网关地址"),
        (
            "socket://no-such-gateway.invalid:4001",
            "no computer or gateway with this name",
            "找不到这个名称",
        ),
    ],
)
def test_a_wrong_gateway_address_is_named_in_the_users_language(
    url: str,
    english: str,
    chinese: str,
) -> None:
    url = url.format(closed=_closed_port()) if "{closed}" in url else url
    for lang, words in (("en", english), ("zh_CN", chinese)):
        result = run(
            "meter", "read", "--port", url, *MODBUS, "--address", "1", env={"WATTDESK_LANG": lang}
        )
        assert result.returncode == 1
        assert words in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
