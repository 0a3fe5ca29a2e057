"""Relay modules and the relay API's one command type, against pymodbus' own serial server
holding a Waveshare relay module's coils (unit 2, coils 0-7 on), and the simulator.

``switch("close")`` once sent coil OFF (an ``is`` test against the enum failed on a plain
string), cutting the supply it was asked to restore: a plain string is now a TypeError and
nothing goes on the wire."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from drv_helpers import wait_for

from app.cli import main
from drivers.bus import link_for, meter_for, relay_channel
from drivers.errors import DriverError
from drivers.meter import RelayCommand, RelayState
from drivers.modbus_meter import CoilRelay
from drivers.simulator import BusSimulator


def _state(path: str, channel: int) -> RelayState:
    link = link_for(path, "waveshare-relay8", timeout=0.5)
    try:
        relay = relay_channel(link, "waveshare-relay8", 2, channel)
        assert wait_for(lambda: _answers(relay), timeout=5)
        return relay.state()
    finally:
        link.close()


def _answers(relay: CoilRelay) -> bool:
    try:
        relay.state()
        return True
    except DriverError:
        return False


def test_a_plain_string_is_refused_and_nothing_is_sent(pymodbus_peer: str) -> None:
    link = link_for(pymodbus_peer, "waveshare-relay8", timeout=0.5)
    try:
        relay = relay_channel(link, "waveshare-relay8", unit=2, channel=5)
        assert wait_for(lambda: _answers(relay), timeout=5)
        before = link.transactions
        for wrong in ("close", "cut", 1, None):
            with pytest.raises(TypeError, match="RelayCommand"):
                relay.switch(wrong)  # type: ignore[arg-type]
        assert link.transactions == before  # not one frame
        assert relay.state() is RelayState.CLOSED  # the supply stayed on
        assert relay.switch(RelayCommand.CLOSE).state is RelayState.CLOSED
    finally:
        link.close()


def test_meters_refuse_a_plain_string_too(make_bus: Callable[..., BusSimulator]) -> None:
    sim = make_bus(count=2, protocol="mixed")
    link = link_for(sim.path, "sim-prepaid-modbus", baudrate=115200)
    try:
        for meter in (
            meter_for(link, "sim-prepaid-modbus", 1),
            meter_for(link, "sim-prepaid-dlt645", 2),
        ):
            before = link.transactions
            with pytest.raises(TypeError, match="RelayCommand"):
                meter.set_relay("cut")  # type: ignore[arg-type]
            assert link.transactions == before
        assert not any(m.relay_cut for m in sim.meters)
    finally:
        link.close()


def test_meter_relay_channel_switches_one_channel_of_the_module(
    pymodbus_peer: str, capsys: pytest.CaptureFixture[str]
) -> None:
    relay = [
        "meter",
        "relay",
        "--port",
        pymodbus_peer,
        "--profile",
        "waveshare-relay8",
        "--address",
        "2",
    ]
    assert _state(pymodbus_peer, 3) is RelayState.CLOSED
    assert main([*relay, "--channel", "4", "--off"]) == 0
    out = capsys.readouterr().out
    assert "2 channel 4" in out and "relay cut" in out and "confirmed by read-back" in out
    assert _state(pymodbus_peer, 3) is RelayState.CUT  # channel 4 as printed = coil 3
    assert _state(pymodbus_peer, 2) is RelayState.CLOSED  # its neighbours untouched
    assert _state(pymodbus_peer, 4) is RelayState.CLOSED
    assert main([*relay, "--channel", "4", "--on", "--json"]) == 0
    assert '"channel": 4' in capsys.readouterr().out
    assert _state(pymodbus_peer, 3) is RelayState.CLOSED
    # usage errors before anything is switched; a module cannot guarantee supply
    for extra, message in (
        (["--off"], "with --channel 1-8"),
        (["--channel", "9", "--off"], "with --channel 1-8"),
    ):
        with pytest.raises(SystemExit) as exc:
            main([*relay, *extra])
        assert exc.value.code == 2
        assert message in capsys.readouterr().err
    assert main([*relay, "--channel", "1", "--guarantee-on"]) == 1
    assert "cannot guarantee_on" in capsys.readouterr().err
    assert all(_state(pymodbus_peer, c) is RelayState.CLOSED for c in range(8))


def test_channel_is_refused_for_a_meter_with_its_own_relay(
    make_bus: Callable[..., BusSimulator], capsys: pytest.CaptureFixture[str]
) -> None:
    sim = make_bus(count=1, protocol="modbus")
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "meter",
                "relay",
                "--port",
                sim.path,
                "--profile",
                "sim-prepaid-modbus",
                "--address",
                "1",
                "--channel",
                "2",
                "--off",
            ]
        )
    assert exc.value.code == 2
    assert "--channel is for relay modules" in capsys.readouterr().err
    assert not sim.meters[0].relay_cut
