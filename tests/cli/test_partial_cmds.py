"""``meter read`` on a meter that lacks identifiers prints what it got and names what the
meter does not support; ``bus scan`` names every meter that answered the wildcard in turn
and says "collision" when they answered at once. In-process ``main`` against simulated
meters on real ptys."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal

import pytest

from app.cli import main
from drivers.profiles import get_profile
from drivers.simulator import BusSimulator, SimClock, VirtualMeter
from drivers.simulator.wildcard import TurnTakingBus


def test_meter_read_lists_what_the_meter_does_not_support(
    make_bus: Callable[..., BusSimulator],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bus = make_bus(("dlt645", "000000000005"), ("modbus", "3"))
    bus.meter(5).unsupported = {0x04000101, 0x04000102, 0x00900200}
    bus.meter(3).unsupported = {0x0026}
    read = ["meter", "read", "--port", bus.path, "--baud", "115200"]
    assert main([*read, "--profile", "dlt645-2007", "--address", "5", "--json"]) == 0
    snap = json.loads(capsys.readouterr().out)
    assert snap["unsupported"] == {
        "balance": "DI 00900200",
        "clock_date": "DI 04000101",
        "clock_time": "DI 04000102",
    }
    assert snap["balance"] is None and snap["clock"] is None
    assert Decimal(snap["energy_total"]) == Decimal(bus.meter(5).energy_total) / 100
    assert main([*read, "--profile", "sim-prepaid-modbus", "--address", "3"]) == 0
    text = capsys.readouterr().out
    assert "Balance" in text and "Not supported by this meter" in text
    assert "clock" in text and "holding 0x0026" in text
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    assert main([*read, "--profile", "dlt645-2007", "--address", "5"]) == 0
    text = capsys.readouterr().out
    assert "此电表不支持" in text and "DI 04000101" in text and "电压" in text
    # a meter that refuses everything asked is still a failure, with the meter's reason
    monkeypatch.setenv("WATTDESK_LANG", "en")
    bus.meter(5).unsupported = {q.di for q in get_profile("dlt645-2007").quantities.values()}
    bus.meter(5).refuse_blocks = True
    assert main([*read, "--profile", "dlt645-2007", "--address", "5"]) == 1
    assert "refused: no such data" in capsys.readouterr().err


def test_bus_scan_names_meters_answering_in_turn_and_reports_a_collision(
    make_bus: Callable[..., BusSimulator],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    meters = [VirtualMeter("000000000002", "dlt645"), VirtualMeter("000012345678", "dlt645")]
    with TurnTakingBus(meters, clock=SimClock(rate=0)) as turns:
        scan = ["bus", "scan", "--port", turns.path, "--protocol", "dlt645", "--baud", "115200"]
        assert main([*scan, "--json"]) == 0
        found = json.loads(capsys.readouterr().out)
        assert [(f["protocol"], f["address"]) for f in found] == [
            ("dlt645", "000000000002"),
            ("dlt645", "000012345678"),
        ]
        assert main(scan) == 0
        text = capsys.readouterr().out
        assert "DL/T 645 meter 000000000002" in text and "DL/T 645 meter 000012345678" in text
        assert "2 meter(s) found" in text
    at_once = make_bus(("dlt645", "000000000002"), ("dlt645", "000012345678"))
    scan = ["bus", "scan", "--port", at_once.path, "--protocol", "dlt645", "--baud", "115200"]
    assert main(scan) == 1
    assert (
        "collision: several meters answered at once; probe with --addresses or --from/--to"
    ) in capsys.readouterr().err
    assert main([*scan, "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["error"] == "collision"
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    assert main(scan) == 1
    assert "冲突：多块电表同时应答" in capsys.readouterr().err
