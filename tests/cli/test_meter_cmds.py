"""``meter read|relay|recharge``, ``bus scan`` and ``simulate``: the real ``python -m app``
in subprocesses against simulated meters on real pseudo-terminals, checked against the
simulator's own meter state."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal

import pytest

from app.cli import main
from drivers.simulator import BusSimulator

from .conftest import Lines, app, finish, run_all, wait_for

PORT = ("--port", "/dev/no-such-tty")
MODBUS = ("--profile", "sim-prepaid-modbus")
DLT = ("--profile", "sim-prepaid-dlt645")


def yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def test_meter_read_json_returns_the_meters_values(
    make_bus: Callable[..., BusSimulator],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mb = make_bus(("modbus", "7"))
    dl = make_bus(("dlt645", "000012345678"))
    zh = make_bus(("modbus", "1"))
    zh.meter(1).balance_u = 4321 * 10_000
    m = mb.meter(7)
    m.energy = [12345, 23456, 34567, 45678]
    m.balance_u = 12345 * 10_000  # 123.45 yuan
    m.purchase_count, m.purchase_total_fen = 3, 45678
    d = dl.meter("000012345678")
    d.energy = [1, 20, 300, 4000]
    d.balance_u = -567 * 10_000  # overdraft: the relay has tripped
    d.purchase_count, d.purchase_total_fen = 9, 100_000

    procs = [
        app("meter", "read", "--port", mb.path, "--protocol", "modbus", *MODBUS, "--address",
            "7", "--json"),
        app("meter", "read", "--port", dl.path, "--protocol", "dlt645", *DLT, "--address",
            "12345678", "--baud", "2400", "--parity", "E", "--json"),
    ]  # fmt: skip
    modbus, dlt = (finish(proc) for proc in procs)

    for result, meter, address in ((modbus, m, "7"), (dlt, d, "000012345678")):
        assert result.returncode == 0, result.stderr
        snap = json.loads(result.stdout)
        assert snap["address"] == address
        bands = [snap["energy_bands"][b] for b in ("sharp", "peak", "flat", "valley")]
        assert [Decimal(v) for v in bands] == [yuan(e) for e in meter.energy]
        assert Decimal(snap["energy_total"]) == yuan(meter.energy_total)
        assert isinstance(snap["balance"], str)  # exact decimal text, never a float
        assert Decimal(snap["balance"]) == yuan(meter.balance_fen)
        assert snap["purchase_count"] == meter.purchase_count
        assert Decimal(snap["purchase_total"]) == yuan(meter.purchase_total_fen)
        assert snap["relay"] == ("cut" if meter.relay_cut else "closed")
        assert snap["guarantee"] is False
    assert json.loads(dlt.stdout)["balance"] == "-5.67"
    assert json.loads(modbus.stdout)["balance"] == "123.45"
    # without --json: a table in the UI language (in-process: the same main, no start-up)
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    assert main(["meter", "read", "--port", zh.path, *MODBUS, "--address", "1"]) == 0
    table = capsys.readouterr().out
    assert "剩余金额" in table and "43.21 元" in table
    assert "继电器" in table and "合闸" in table


def test_relay_cut_then_close_confirmed_by_the_meter(
    make_bus: Callable[..., BusSimulator],
) -> None:
    mb = make_bus(("modbus", "3"))
    dl = make_bus(("dlt645", "000000000004"))
    m, d = mb.meter(3), dl.meter(4)
    modbus = ["meter", "relay", "--port", mb.path, *MODBUS, "--address", "3"]
    dlt = ["meter", "relay", "--port", dl.path, *DLT, "--address", "4", "--json"]

    cut_m, cut_d = run_all([*modbus, "--off"], [*dlt, "--cut"])
    assert cut_m.returncode == 0, cut_m.stderr
    assert "relay cut" in cut_m.stdout and "confirmed by read-back" in cut_m.stdout
    assert cut_d.returncode == 0, cut_d.stderr
    reply = json.loads(cut_d.stdout)
    assert reply["command"] == "cut" and reply["state"] == "cut" and reply["confirmed"] is True
    assert m.relay_cut and d.relay_cut  # the meters themselves

    close_m, close_d = run_all([*modbus, "--on"], [*dlt, "--close"])
    assert close_m.returncode == 0 and "relay closed" in close_m.stdout
    assert close_d.returncode == 0 and json.loads(close_d.stdout)["state"] == "closed"
    assert not m.relay_cut and not d.relay_cut


# The next tests call the same ``main`` in-process (each ``python -m app`` costs a second of
# start-up): the simulator still answers over a real pty.


def test_guaranteed_supply_on_and_a_cut_it_refuses(
    make_bus: Callable[..., BusSimulator], capsys: pytest.CaptureFixture[str]
) -> None:
    bus = make_bus(("modbus", "3"), ("dlt645", "000000000004"))
    relay = ["meter", "relay", "--port", bus.path]
    assert main([*relay, *MODBUS, "--address", "3", "--guarantee-on"]) == 0
    assert "guaranteed supply on (confirmed by read-back)" in capsys.readouterr().out
    assert bus.meter(3).guarantee
    bus.meter(4).guarantee = True
    assert main([*relay, *DLT, "--address", "4", "--off", "--json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["confirmed"] is False
    assert "did not do --off" in err and "in guaranteed supply and will not cut" in err
    assert not bus.meter(4).relay_cut
    assert main([*relay, *DLT, "--address", "4", "--guarantee-off"]) == 0
    assert main([*relay, *DLT, "--address", "4", "--off"]) == 0
    assert bus.meter(4).relay_cut


def test_a_lost_recharge_reply_and_a_silent_meter(
    make_bus: Callable[..., BusSimulator], capsys: pytest.CaptureFixture[str]
) -> None:
    bus = make_bus(("modbus", "1"))
    meter = bus.meter(1)
    recharge = ["meter", "recharge", "--port", bus.path, *MODBUS, "--address", "1",
                "--amount", "20", "--timeout", "0.1"]  # fmt: skip
    bus.set_fault(1, lose_replies=1)  # the meter credits, its reply never arrives
    assert main([*recharge, "--count", "1"]) == 0
    assert "purchase count confirms the recharge" in capsys.readouterr().out
    assert meter.purchase_count == 1

    bus.set_fault(1, dead=True)  # nothing answers, not even the read-back
    assert main([*recharge, "--count", "2", "--json"]) == 1
    out, err = capsys.readouterr()
    assert json.loads(out)["error"] == "unknown"
    assert "not known whether the recharge landed" in err
    assert "Run the same command again" in err
    assert meter.purchase_count == 1


def test_recharge_accepted_once_and_the_repeat_refused(
    make_bus: Callable[..., BusSimulator],
) -> None:
    mb = make_bus(("modbus", "1"))
    dl = make_bus(("dlt645", "000000000002"))
    m, d = mb.meter(1), dl.meter(2)
    m.purchase_count, d.purchase_count = 4, 0
    before_m, before_d = m.balance_fen, d.balance_fen
    modbus = ["meter", "recharge", "--port", mb.path, *MODBUS, "--address", "1",
              "--amount", "50.10", "--count", "5", "--json"]  # fmt: skip
    dlt = ["meter", "recharge", "--port", dl.path, *DLT, "--address", "2",
           "--amount", "¥1,000", "--count", "1"]  # fmt: skip

    ok_m, ok_d = run_all(modbus, dlt)
    assert ok_m.returncode == 0, ok_m.stderr
    result = json.loads(ok_m.stdout)
    assert result["amount"] == "50.10" and result["count"] == 5 and result["sends"] == 1
    assert m.purchase_count == 5 and m.balance_fen == before_m + 5010
    assert Decimal(result["balance"]) == yuan(m.balance_fen)
    assert ok_d.returncode == 0, ok_d.stderr
    assert "1000.00 yuan credited as purchase 1" in ok_d.stdout
    assert f"balance now {yuan(before_d + 100_000)} yuan" in ok_d.stdout
    assert d.purchase_count == 1 and d.balance_fen == before_d + 100_000

    # the very same commands again: refused, not credited twice
    again_m, again_d = run_all(modbus, dlt)
    assert again_m.returncode == 1
    refusal = json.loads(again_m.stdout)
    assert refusal["error"] == "rejected" and refusal["reason"] == "repeat"
    assert refusal["meter_purchase_count"] == 5
    assert "repeat: purchase 5 is already on the meter" in again_m.stderr
    assert again_d.returncode == 1
    assert "refused the recharge of 1000.00 yuan as purchase 1: repeat" in again_d.stderr
    assert m.balance_fen == before_m + 5010 and d.balance_fen == before_d + 100_000
    assert m.purchase_count == 5 and d.purchase_count == 1


def test_bus_scan_finds_exactly_the_simulated_meters(
    make_bus: Callable[..., BusSimulator], capsys: pytest.CaptureFixture[str]
) -> None:
    mb = make_bus(("modbus", "2"), ("modbus", "5"))
    one = make_bus(("dlt645", "000012345678"))
    two = make_bus(("dlt645", "000000000002"), ("dlt645", "000012345678"))
    # timeouts roomy enough for a loaded machine: a late reply would read as "no meter"

    modbus, wildcard, listed = run_all(
        ["bus", "scan", "--port", mb.path, "--protocol", "modbus", "--from", "1", "--to", "6",
         "--timeout", "0.3", "--json"],
        ["bus", "scan", "--port", one.path, "--protocol", "dlt645", "--json"],
        ["bus", "scan", "--port", two.path, "--protocol", "dlt645", "--timeout", "0.5",
         "--addresses", "1,2,12345678,000000000009", "--json"],
    )  # fmt: skip
    for result in (modbus, wildcard, listed):
        assert result.returncode == 0, result.stderr
    assert [f["address"] for f in json.loads(modbus.stdout)] == ["2", "5"]
    assert {f["protocol"] for f in json.loads(modbus.stdout)} == {"modbus"}
    assert [f["address"] for f in json.loads(wildcard.stdout)] == ["000012345678"]
    assert [f["address"] for f in json.loads(listed.stdout)] == ["000000000002", "000012345678"]

    # in-process from here: text output, and two meters answering the wildcard at once
    scan = ["bus", "scan", "--port"]
    assert main([*scan, mb.path, "--protocol", "modbus", "--from", "4", "--to", "5"]) == 0
    text = capsys.readouterr().out
    assert "modbus:5" in text and "modbus:4" not in text and "1 meter(s) found" in text
    assert main([*scan, two.path, "--protocol", "dlt645"]) == 1
    assert "several meters answered at once" in capsys.readouterr().err
    assert main([*scan, mb.path, "--protocol", "modbus", "--from", "3", "--to", "4"]) == 0
    assert "No meter answered" in capsys.readouterr().out


def test_simulate_prints_a_usable_path_and_stops_on_sigint_and_sigterm(
    capsys: pytest.CaptureFixture[str],
) -> None:
    sims = [
        app("simulate", "--meters", "2", "--protocol", "mixed", "--rate", "0"),
        app("simulate", "--meters", "3", "--baud", "19200", "--faults", "dead@3"),
    ]
    try:
        out = [Lines(sim.stdout) for sim in sims]  # type: ignore[arg-type]
        paths = [lines.next() for lines in out]
        assert all(path.startswith("/dev/") for path in paths), paths
        assert out[0].next().split() == ["modbus:1", "dlt645:000000000002"]
        assert out[1].next().split() == ["modbus:1", "modbus:2", "modbus:3"]

        reader = app("meter", "read", "--port", paths[0], *DLT, "--address", "2", "--json")
        # meanwhile, in-process: --faults dead@3 reached the simulator, 2 answers
        read = ["meter", "read", "--port", paths[1], *MODBUS, "--timeout", "0.1", "--address"]
        assert main([*read, "3"]) == 1
        dead = capsys.readouterr().err
        assert "No answer from meter 3" in dead and "check the address" in dead
        assert main([*read, "2", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["address"] == "2"
        dlt = finish(reader)
        assert dlt.returncode == 0, dlt.stderr
        snap = json.loads(dlt.stdout)
        assert snap["address"] == "000000000002" and snap["purchase_count"] == 0

        # a pty number is reused as soon as it is free (other tests, other processes): a
        # path that exists again must be a new pty, created after ours
        born = {p: os.stat(p).st_ctime_ns for p in paths}
        sims[0].send_signal(signal.SIGINT)
        sims[1].send_signal(signal.SIGTERM)
        for sim in sims:
            result = finish(sim)
            assert result.returncode == 0, result.stderr
            assert "Simulator stopped." in result.stderr
        assert wait_for(lambda: all(_gone(p, born[p]) for p in paths))
    finally:
        for sim in sims:
            if sim.poll() is None:
                sim.kill()
                sim.communicate()


def test_failures_and_bad_input_in_subprocesses() -> None:
    """Exit 1 for what the bus refuses, 2 for bad input (in the UI language); no traceback."""
    procs = [
        app("meter", "recharge", *PORT, *DLT, "--address", "1", "--amount", "abc", "--count",
            "1", env={"WATTDESK_LANG": "zh_CN"}),
        app("meter", "read", *PORT, *DLT, "--address", "1", "--json"),
    ]  # fmt: skip
    chinese, no_port = (finish(proc) for proc in procs)
    assert chinese.returncode == 2 and chinese.stderr.startswith("usage:")
    assert "'abc' 不是有效金额" in chinese.stderr
    assert no_port.returncode == 1 and "Cannot use the port /dev/no-such-tty" in no_port.stderr
    assert json.loads(no_port.stdout)["error"] == "link"
    assert "Traceback" not in chinese.stderr + no_port.stderr


def test_a_profile_without_remote_recharge_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["meter", "recharge", *PORT, "--profile", "acrel-ddsy1352", "--address", "1",
                 "--amount", "5", "--count", "1"])  # fmt: skip
    assert code == 1
    assert "The meter's profile cannot do this" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["meter", "read", *MODBUS, "--address", "1"], "--port is required"),
        (["meter", "read", *PORT, "--profile", "nope", "--address", "1"],
         "unknown meter profile 'nope'; known profiles: acrel-adl200, acrel-adl400"),
        (["meter", "read", *PORT, "--address", "1"], "--profile is required"),
        (["meter", "read", *PORT, *MODBUS], "--address is required"),
        (["meter", "read", *PORT, *MODBUS, "--address", "248"],
         "Modbus address must be 1-247, got '248'"),
        (["meter", "read", *PORT, *MODBUS, "--address", "0"], "must be 1-247, got '0'"),
        (["meter", "read", *PORT, *MODBUS, "--address", "x1"], "must be 1-247, got 'x1'"),
        (["meter", "read", *PORT, *DLT, "--address", "1234567890123"],
         "DL/T 645 address must be 1-12 digits"),
        (["meter", "read", *PORT, *DLT, "--address", "AAAAAAAAAAAA"],
         "DL/T 645 address must be 1-12 digits"),
        (["meter", "read", *PORT, *DLT, "--address", "999999999999"], "broadcast address"),
        (["meter", "read", *PORT, *MODBUS, "--address", "٣"], "must be 1-247, got '٣'"),
        (["meter", "read", *PORT, *MODBUS, "--address", "1", "--baud", "fast"],
         "not a whole number: 'fast'"),
        (["meter", "read", *PORT, *MODBUS, "--address", "1", "--parity", "X"],
         "argument --parity: invalid choice"),
        (["meter", "read", *PORT, *MODBUS, "--address", "1", "--timeout", "0"],
         "a timeout must be 0.001-60 seconds"),
        (["meter", "relay", *PORT, "--protocol", "dlt645", *MODBUS, "--address", "1", "--on"],
         "profile sim-prepaid-modbus speaks modbus, not dlt645"),
        (["meter", "relay", *PORT, *MODBUS, "--address", "1"], "say what to do: --on"),
        (["meter", "relay", *PORT, *MODBUS, "--address", "1", "--on", "--off"],
         "not allowed with argument"),
        (["meter", "recharge", *PORT, *MODBUS, "--address", "1", "--amount", "12.345",
          "--count", "1"], "'12.345' has more than two decimal places (fen)"),
        (["meter", "recharge", *PORT, *MODBUS, "--address", "1", "--amount", "abc",
          "--count", "1"], "'abc' is not an amount of money"),
        (["meter", "recharge", *PORT, *MODBUS, "--address", "1", "--amount", "-5",
          "--count", "1"], "the amount must not be negative"),
        (["meter", "recharge", *PORT, *MODBUS, "--address", "1", "--amount", "0",
          "--count", "1"], "the amount must not be zero"),
        (["meter", "recharge", *PORT, *MODBUS, "--address", "1", "--count", "1"],
         "--amount is required"),
        (["meter", "recharge", *PORT, *MODBUS, "--address", "1", "--amount", "5"],
         "--count is required"),
        (["meter", "recharge", *PORT, *MODBUS, "--address", "1", "--amount", "5",
          "--count", "0"], "the purchase count must be at least 1"),
        (["bus", "scan", *PORT], "--protocol is required"),
        (["bus", "scan", *PORT, "--protocol", "modbus", "--from", "0"],
         "Modbus address must be 1-247, got '0'"),
        (["bus", "scan", *PORT, "--protocol", "modbus", "--from", "9", "--to", "3"],
         "--from 9 is after --to 3"),
        (["bus", "scan", *PORT, "--protocol", "modbus", "--addresses", "1"],
         "--addresses is for DL/T 645"),
        (["bus", "scan", *PORT, "--protocol", "dlt645", "--addresses", "1,abc"],
         "DL/T 645 address must be 1-12 digits"),
        (["simulate", "--meters", "0"], "the number of meters must be 1-247"),
        (["simulate", "--meters", "248"], "the number of meters must be 1-247"),
        (["simulate", "--faults", "boom"], "bad --faults: unknown fault 'boom'"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_before_touching_the_bus(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same parser in-process (fast): usage line, clear message, exit 2."""
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("usage:"), captured.err
    assert message in captured.err, captured.err
    assert captured.out == ""


def test_a_count_or_amount_the_meter_frame_cannot_carry_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A Modbus purchase count is one register (u16) and a DL/T 645 one four BCD digits:
    a bigger one would be cut short on the wire, so it is refused before sending."""
    cases = [
        ([*MODBUS, "--amount", "5", "--count", "65536"], "more than this meter model can carry"),
        ([*DLT, "--amount", "5", "--count", "10000"], "more than this meter model can carry"),
        ([*MODBUS, "--amount", "42949673", "--count", "1"], "more than this meter model can"),
        ([*DLT, "--amount", "1000000", "--count", "1"], "(999999.99 yuan)"),
    ]
    for extra, message in cases:
        with pytest.raises(SystemExit) as exit_info:
            main(["meter", "recharge", *PORT, "--address", "1", *extra])
        assert exit_info.value.code == 2
        assert message in capsys.readouterr().err


def test_the_bus_commands_do_not_load_qt() -> None:
    code = (
        "import sys, app.cli.meter_cmds, drivers.bus, drivers.simulator.__main__; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def _gone(path: str, born_ns: int) -> bool:
    """Our pty is gone: its path no longer exists, or now names a newer pty."""
    try:
        return os.stat(path).st_ctime_ns != born_ns
    except FileNotFoundError:
        return True
