"""Profiles: the shipped twelve load and validate; mistakes name file, key and reason; a new
meter model is a TOML file and nothing else."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from drivers.bus import link_for, meter_for
from drivers.errors import ProfileError
from drivers.modbus_meter import plan_blocks
from drivers.profile_files import shipped_dir, user_dir
from drivers.profiles import (
    UnknownProfile,
    available_profiles,
    get_profile,
    load_profile,
    load_profiles,
    profile_catalog,
)
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
        (GOOD + '[poll]\nlive = "voltage"\n', "poll.live", "expected list"),
        (GOOD + "[poll]\nfast = true\n", "poll.fast", "unknown key"),
        # a date where the meter model expects a number (it reached readings unchecked)
        (
            GOOD.replace('type = "u32"', 'type = "datetime6"'),
            "quantities.energy_total.type",
            "is a number",
        ),
        (
            GOOD + 'balance = {{ address = 0x0020, type = "datetime6" }}\n',
            "quantities.balance.type",
            "is a number",
        ),
        (
            GOOD + 'voltage_a = {{ address = 0x0030, type = "datetime6" }}\n',
            "quantities.voltage_a.type",
            "is a number",
        ),
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


def test_datetime6_stays_allowed_for_the_clock_and_own_quantities(tmp_path: Path) -> None:
    text = GOOD + (
        'clock = {{ address = 0x0026, type = "datetime6" }}\n'
        'last_reset = {{ address = 0x0030, type = "datetime6" }}\n'
    )
    profile = load_profile(write(tmp_path, "dated", text.format(name="dated")))
    assert profile.quantities["clock"].type == profile.quantities["last_reset"].type


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
    assert dlt.poll.live == ("power", "power_factor", "status")
    config = CollectorConfig()
    plan = config.plan_for("dlt645-2007", dlt.poll)
    assert plan.live == dlt.poll.live and plan.energy_period == 120
    # a profile without [poll] gets the default; the run's own plans win over the profile
    sim = get_profile("sim-prepaid-modbus")
    assert config.plan_for(sim.name, sim.poll) == PollPlan(LIVE_QUANTITIES, 60.0)
    fast = PollPlan(("power",), 5.0)
    assert CollectorConfig(plans={"dlt645-2007": fast}).plan_for("dlt645-2007", dlt.poll) == fast


# --- the user's profile folder --------------------------------------------------------------


def test_the_user_folder_is_meters_under_the_apps_data_directory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from platformdirs import user_data_path

    from app.config import APP_NAME, data_dir

    assert user_dir() == data_dir() / "meters"  # WATTDESK_HOME (set for every test)
    monkeypatch.delenv("WATTDESK_HOME")
    assert user_dir() == user_data_path(APP_NAME, appauthor=False) / "meters"


def user_file(name: str, text: str | bytes) -> Path:
    user_dir().mkdir(parents=True, exist_ok=True)
    path = user_dir() / f"{name}.toml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def test_user_files_override_shipped_ones_and_add_new_models() -> None:
    shipped = (shipped_dir() / "dlt645-2007.toml").read_text(encoding="utf-8")
    mine = user_file("dlt645-2007", shipped.replace("di = 0x0F000101", "di = 0x0F000202"))
    added = user_file("acme-pm100", GOOD.format(name="acme-pm100"))
    assert available_profiles() == {**SHIPPED, "acme-pm100": "modbus"}
    assert get_profile("dlt645-2007").recharge.di == 0x0F000202  # the user's, not shipped
    assert get_profile("dlt645-2007").path == mine
    assert get_profile("acme-pm100").path == added
    assert get_profile("sim-prepaid-modbus").path.parent == shipped_dir()
    catalog = profile_catalog()
    assert catalog["dlt645-2007"].file.origin == "override"
    assert catalog["dlt645-2007"].file.shadows == shipped_dir() / "dlt645-2007.toml"
    assert catalog["acme-pm100"].file.origin == "user"
    assert catalog["eastron-sdm120"].file.origin == "shipped"
    assert set(load_profiles()) == set(SHIPPED) | {"acme-pm100"}
    # a folder named by the caller is searched alone
    assert available_profiles(user_dir()) == {"dlt645-2007": "dlt645", "acme-pm100": "modbus"}


def test_one_bad_file_never_breaks_the_others_and_is_reported_by_name(
    caplog: pytest.LogCaptureFixture,
) -> None:
    user_file("good-meter", GOOD.format(name="good-meter"))
    typo = user_file(
        "typo-meter", GOOD.format(name="typo-meter").replace("address = 0x000B", "adress = 0x000B")
    )
    user_file("gbk-meter", GOOD.format(name="gbk-meter").encode() + "# 电表\n".encode("gbk"))
    user_file("broken-toml", "name = \n")
    user_file(".#good-meter", "an editor's lock file")  # hidden: not a profile
    with caplog.at_level("ERROR", logger="drivers.profiles"):
        found = available_profiles()
    assert found == {**SHIPPED, "good-meter": "modbus"}
    logged = [r.getMessage() for r in caplog.records]
    assert f"skipping invalid meter profile {typo}: quantities.voltage.adress: unknown key (a " \
        "typo?)" in "\n".join(logged)  # fmt: skip
    assert sum("skipping invalid meter profile" in m for m in logged) == 3
    # asked for by name, the bad file says what is wrong with it, not "no such profile"
    with pytest.raises(ProfileError) as info:
        get_profile("typo-meter")
    assert not isinstance(info.value, UnknownProfile)
    assert info.value.path == typo and info.value.key == "quantities.voltage.adress"
    with pytest.raises(UnknownProfile) as unknown:
        get_profile("no-such-model")
    assert "good-meter" in unknown.value.known and "typo-meter" not in unknown.value.known
    assert get_profile("good-meter").quantities["voltage"].address == 0x000B
    with pytest.raises(ProfileError):  # the strict loader still refuses the set
        load_profiles()


def test_an_invalid_override_is_reported_not_replaced_by_the_shipped_file() -> None:
    shipped = (shipped_dir() / "eastron-sdm120.toml").read_text(encoding="utf-8")
    user_file("eastron-sdm120", shipped.replace("baudrate = 2400", 'baudrate = "2400"'))
    with pytest.raises(ProfileError) as info:
        get_profile("eastron-sdm120")
    assert info.value.key == "serial.baudrate" and "expected int" in info.value.reason
    assert "eastron-sdm120" not in available_profiles()


def test_file_encodings_and_toml_errors_name_the_line(tmp_path: Path) -> None:
    gbk = write(tmp_path, "gbk-meter", "")
    gbk.write_bytes(b'name = "gbk-meter"\nprotocol = "modbus"\ndescription = "'
                    + "单相电表".encode("gbk") + b'"\n')  # fmt: skip
    with pytest.raises(ProfileError) as info:
        load_profile(gbk)
    assert info.value.key == "(file)"
    assert info.value.reason == "not UTF-8 text: byte 0xb5 on line 3 (save the file as UTF-8)"
    # Notepad's UTF-8 with a byte-order mark is UTF-8
    bom = write(tmp_path, "bom-meter", "")
    bom.write_bytes(
        b"\xef\xbb\xbf"
        + GOOD.format(name="bom-meter")
        .replace('protocol = "modbus"', 'protocol = "modbus"\ndescription = "单相电表"')
        .encode()
    )
    assert load_profile(bom).description == "单相电表"
    bad = write(tmp_path, "bad-toml", GOOD.format(name="bad-toml").replace("9600", "9600 baud"))
    with pytest.raises(ProfileError) as info:
        load_profile(bad)
    assert info.value.reason.startswith("not valid TOML: ") and "line 5" in info.value.reason
    with pytest.raises(ProfileError, match="cannot read"):
        load_profile(tmp_path)  # a folder, not a file


@pytest.mark.parametrize("name", ["../meters/dlt645-2007", "", ".hidden", "/etc/passwd"])
def test_a_profile_name_is_a_plain_file_name(name: str) -> None:
    with pytest.raises(UnknownProfile):
        get_profile(name)
