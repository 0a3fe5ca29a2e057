"""Profiles: the shipped twelve load and validate; mistakes name file, key and reason; a new
meter model is a TOML file and nothing else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from drivers.bus import link_for, meter_for
from drivers.errors import ProfileError
from drivers.modbus_meter import plan_blocks
from drivers.profiles import available_profiles, get_profile, load_profile, load_profiles
from drivers.simulator import BusSimulator, SimClock

SHIPPED = {
    "sim-prepaid-modbus": "modbus",
    "sim-prepaid-dlt645": "dlt645",
    "acrel-ddsy1352": "modbus",
    "eastron-sdm120": "modbus",
    "waveshare-relay8": "modbus",
    "dlt645-2007": "dlt645",
    "eastron-sdm630": "modbus",
    "chint-dtsu666": "modbus",
    "chint-ddsu666": "modbus",
    "acrel-adl400": "modbus",
    "acrel-adl200": "modbus",
    "acrel-dtsy1352": "modbus",
}

GOOD = """
name = "{name}"
protocol = "modbus"
[serial]
baudrate = 9600
parity = "E"
[quantities]
energy_total = {{ address = 0x0000, type = "u32", scale = "0.01", unit = "kWh" }}
voltage = {{ address = 0x000B, type = "u16", scale = "0.1", unit = "V" }}
"""


def test_shipped_profiles_all_load() -> None:
    profiles = load_profiles()
    assert {n: p.protocol for n, p in profiles.items()} == SHIPPED
    assert available_profiles() == SHIPPED
    sim = profiles["sim-prepaid-modbus"]
    for name in (
        "balance",
        "purchase_count",
        "purchase_total",
        "status",
        "price_1",
        "price_4",
        "alarm_1",
        "alarm_2",
        "max_balance",
    ):
        assert name in sim.quantities
    assert sim.recharge.method == "registers" and sim.relay.method == "register"
    assert profiles["acrel-ddsy1352"].relay.method == "none"  # monitoring only
    assert profiles["eastron-sdm120"].quantities["voltage"].table == "input"
    assert profiles["dlt645-2007"].recharge.di == 0x0F000101


def test_sdm120_reads_are_even_and_blocks_merge() -> None:
    p = get_profile("eastron-sdm120")
    blocks = plan_blocks(p, list(p.quantities.values()))
    assert all(b.start % 2 == 0 and b.count % 2 == 0 for b in blocks)
    assert sum(len(b.quantities) for b in blocks) == len(p.quantities)
    sim = get_profile("sim-prepaid-modbus")
    snap = [q for q in sim.quantities.values() if q.group != "params"]
    assert len(plan_blocks(sim, snap)) == 2  # 0x0000-0x0011 and 0x0020-0x002B


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        (GOOD.replace('protocol = "modbus"', 'protocol = "bacnet"'), "protocol", "must be one of"),
        (
            GOOD.replace('type = "u32"', 'type = "u33"'),
            "quantities.energy_total.type",
            "must be one of",
        ),
        (
            GOOD.replace('scale = "0.01"', 'scale = "abc"'),
            "quantities.energy_total.scale",
            "not a decimal",
        ),
        (
            GOOD.replace("address = 0x0000", "adress = 0x0000"),
            "quantities.energy_total.adress",
            "unknown key",
        ),
        (GOOD.replace('parity = "E"', 'parity = "X"'), "serial.parity", "must be one of"),
        (GOOD.replace("baudrate = 9600", 'baudrate = "fast"'), "serial.baudrate", "expected int"),
        (GOOD + '[relay]\nmethod = "register"\naddress = 64\n', "relay.cut", "at least cut"),
        (GOOD + '[recharge]\nmethod = "registers"\naddress = 72\n', "recharge", "purchase_count"),
        (GOOD + '[relay]\nmethod = "dlt645"\n', "relay.method", "needs protocol dlt645"),
        ('name = "{name}"\nprotocol = "modbus"\n', "quantities", "at least one"),
        (GOOD + '[poll]\nlive = ["voltage", "power"]\n', "poll.live", "'power'"),
        (GOOD + "[poll]\nenergy_period = 1\n", "poll.energy_period", "5 to 86400"),
        (GOOD + "[poll]\nlive = \"voltage\"\n", "poll.live", "expected list"),
        (GOOD + "[poll]\nfast = true\n", "poll.fast", "unknown key"),
    ],
)
def test_invalid_profile_names_file_key_and_reason(
    tmp_path: Path, text: str, key: str, reason: str
) -> None:
    path = write(tmp_path, "broken", text.format(name="broken"))
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    err = info.value
    assert err.path == path and err.key == key and reason in err.reason
    assert str(err).startswith("broken.toml: ")


def test_name_must_match_file_and_toml_errors_are_reported(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="must match the file name"):
        load_profile(write(tmp_path, "model-a", GOOD.format(name="model-b")))
    with pytest.raises(ProfileError, match="not valid TOML"):
        load_profile(write(tmp_path, "bad-toml", "name = \n"))


def test_available_profiles_skips_invalid_files(tmp_path: Path) -> None:
    write(tmp_path, "good-meter", GOOD.format(name="good-meter"))
    write(tmp_path, "bad-meter", "protocol = 3")
    assert available_profiles(tmp_path) == {"good-meter": "modbus"}
    with pytest.raises(ProfileError):
        load_profiles(tmp_path)


def test_a_new_meter_model_is_only_a_toml_file(tmp_path: Path) -> None:
    """A vendor with a different map (little word order, i32 balance at 0x0100) is read by
    writing its profile; no code changes. The simulator's map stands in for the meter."""
    text = """
name = "acme-pm100"
protocol = "modbus"
description = "a model that only exists in this test"
billing = "platform"
[serial]
baudrate = 19200
parity = "N"
timeout = 0.3
[modbus]
max_block = 8
max_gap = 0
[quantities]
kwh = { address = 0x0000, type = "u32", scale = "0.01", unit = "kWh" }
volts = { address = 0x000B, type = "u16", scale = "0.1", unit = "V" }
money = { address = 0x0020, type = "i32", scale = "0.01", unit = "yuan" }
"""
    profile = load_profile(write(tmp_path, "acme-pm100", text))
    assert available_profiles(tmp_path) == {"acme-pm100": "modbus"}
    with BusSimulator(count=1, clock=SimClock(rate=0)) as sim:
        vm = sim.meter(1)
        link = link_for(sim.path, profile)
        try:
            values = meter_for(link, profile, 1).read_quantities()
        finally:
            link.close()
    assert values["kwh"] == Decimal(vm.energy_total) / 100
    assert values["money"] == Decimal(vm.balance_fen) / 100
    assert values["volts"] > 200


def test_poll_plans_come_from_the_profile_unless_the_run_overrides_them() -> None:
    from app.collector.config import LIVE_QUANTITIES, CollectorConfig, PollPlan

    dlt = get_profile("dlt645-2007")
    assert dlt.poll.live == ("voltage", "current", "power", "status")
    config = CollectorConfig()
    plan = config.plan_for("dlt645-2007", dlt.poll)
    assert plan.live == dlt.poll.live and plan.energy_period == 120
    # a profile without [poll] gets the default; the run's own plans win over the profile
    sim = get_profile("sim-prepaid-modbus")
    assert config.plan_for(sim.name, sim.poll) == PollPlan(LIVE_QUANTITIES, 60.0)
    fast = PollPlan(("power",), 5.0)
    assert CollectorConfig(plans={"dlt645-2007": fast}).plan_for("dlt645-2007", dlt.poll) == fast
