"""``profile list`` / ``profile check`` and ``meter read --profile`` of a user's own file: the
worked example of docs/drivers.md ("Add a meter model") read out of the document and run
against pymodbus' own server holding that register map; every kind of bad file gets its
file, key and reason and exit 1, never a traceback or "unknown meter profile"."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli import main
from drivers.profile_files import shipped_dir, user_dir
from tests.drivers.drv_helpers import NullModem, PymodbusServer

from .conftest import run

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "peacefair-pzem016"

# the PZEM-016 measurement registers (FC04), 32-bit values low word first
CURRENT_MA, POWER_DW, ENERGY_WH = 70_123, 161_405, 1_234_567
PZEM = [2301, *(CURRENT_MA & 0xFFFF, CURRENT_MA >> 16), *(POWER_DW & 0xFFFF, POWER_DW >> 16),
        *(ENERGY_WH & 0xFFFF, ENERGY_WH >> 16), 500, 97, 0]  # fmt: skip


def example_profile() -> str:
    """The TOML block of the worked example in docs/drivers.md."""
    doc = (ROOT / "docs" / "drivers.md").read_text(encoding="utf-8")
    section = doc.split("## Add a meter model", 1)[1]
    block = re.search(r"```toml\n(.*?)```", section, re.S)
    assert block is not None, "docs/drivers.md lost its worked example"
    return block.group(1)


def user_file(name: str, text: str | bytes) -> Path:
    folder = user_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


class PzemPeer(PymodbusServer):
    """pymodbus' serial server (its own event loop, in a thread) holding the PZEM map."""

    def __init__(self, port: str) -> None:
        from pymodbus.simulator import DataType, SimData, SimDevice

        device = SimDevice(
            id=1,
            simdata=(
                [SimData(0, count=8, values=False, datatype=DataType.BITS)],
                [SimData(0, count=8, values=False, datatype=DataType.BITS)],
                [SimData(0, values=[0] * 16, datatype=DataType.REGISTERS)],
                [SimData(0, values=[*PZEM, 0, 0, 0, 0, 0, 0], datatype=DataType.REGISTERS)],
            ),
        )
        super().__init__(port, [device], "pzem-peer")


@pytest.fixture
def pzem() -> Iterator[str]:
    """The port path of a PZEM-016 stand-in (unit 1) behind a pty null-modem."""
    logging.getLogger("pymodbus").setLevel(logging.ERROR)
    with NullModem() as modem:
        peer = PzemPeer(modem.path_a)
        try:
            yield modem.path_b
        finally:
            peer.stop()


def test_the_worked_example_checks_lists_and_reads_a_meter(
    pzem: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = tmp_path / f"{EXAMPLE}.toml"
    draft.write_text(example_profile(), encoding="utf-8")
    # step 3: checked where it was written, it is valid but not in use yet
    assert main(["profile", "check", str(draft)]) == 0
    out = capsys.readouterr().out
    assert f"a valid modbus profile '{EXAMPLE}'" in out
    assert "line 9600 8N1, reply timeout 0.5 s" in out
    assert "7 quantities: voltage, current, power, energy_total" in out
    assert f"Not in use yet: copy it to {user_dir() / (EXAMPLE + '.toml')}" in out
    # step 4: in the user folder it is listed as the user's and used by name
    installed = user_file(EXAMPLE, draft.read_text(encoding="utf-8"))
    assert main(["profile", "check", str(installed)]) == 0
    assert f"In use as --profile {EXAMPLE} (user)." in capsys.readouterr().out
    assert main(["profile", "list"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(EXAMPLE))
    assert row.split()[:4] == [EXAMPLE, "modbus", "platform", "user"]
    # step 5: meter read through the real CLI process, against pymodbus' server
    result = run("meter", "read", "--port", pzem, "--profile", EXAMPLE, "--address", "1",
                 "--json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    snap = json.loads(result.stdout)
    assert snap["profile"] == EXAMPLE
    assert Decimal(snap["voltage"]) == Decimal("230.1")
    assert Decimal(snap["current"]) == Decimal("70.123")  # low word first
    assert Decimal(snap["power"]) == Decimal("16.1405")  # 0.1 W units -> kW
    assert Decimal(snap["energy_total"]) == Decimal("1234.567")  # Wh -> kWh
    assert Decimal(snap["frequency"]) == Decimal("50.0")
    assert Decimal(snap["power_factor"]) == Decimal("0.97")
    assert snap["extra"] == {"power_alarm": "0"}  # a Decimal, as text
    assert "Traceback" not in result.stderr


def test_meter_read_of_a_typo_says_what_is_wrong_not_unknown_profile(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    typo = example_profile().replace("address = 0x0005", "adress = 0x0005")
    path = user_file(EXAMPLE, typo)
    argv = ["meter", "read", "--port", "/dev/no-such-tty", "--profile", EXAMPLE, "--address", "1"]
    assert main(argv) == 1  # refused before any port is opened
    err = capsys.readouterr().err
    assert f"The meter profile {EXAMPLE} is invalid: {path}: " in err
    assert "quantities.energy_total.adress: unknown key (a typo?)" in err
    assert "unknown meter profile" not in err
    # --json: the same as a JSON error document
    assert main([*argv, "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["error"] == "profile" and doc["file"] == str(path)
    assert doc["key"] == "quantities.energy_total.adress"
    # a name no file has is still a usage error listing the valid profiles
    with pytest.raises(SystemExit) as exit_info:
        main(["meter", "read", "--port", "/dev/x", "--profile", "no-such-model", "--address", "1"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "unknown meter profile 'no-such-model'" in err and "sim-prepaid-modbus" in err
    # the subprocess: same words, exit 1, no traceback
    result = run(*argv)
    assert result.returncode == 1
    assert "quantities.energy_total.adress: unknown key (a typo?)" in result.stderr
    assert "Traceback" not in result.stderr


BAD_FILES: list[tuple[str, str | bytes, str, str]] = [
    ("typo", "adress = 0x0000", "quantities.voltage.adress", "unknown key (a typo?)"),
    ("bad-type", 'baudrate = "fast"', "serial.baudrate", "expected int, got str 'fast'"),
    ("bad-value", 'parity = "X"', "serial.parity", "must be one of N, E, O"),
    ("gbk", "电表".encode("gbk"), "(file)", "not UTF-8 text: byte 0xb5 on line"),
    ("toml", "timeout = = 1", "(file)", "not valid TOML: "),
]


def _bad(name: str, change: str | bytes) -> bytes:
    """The worked example under another name with one mistake put in."""
    text = example_profile().replace(EXAMPLE, name)
    if isinstance(change, bytes):  # a non-UTF-8 description
        return text.encode().replace(b'description = "Peacefair', b'description = "' + change)
    old = {"adress": "address = 0x0000", "baudrate": "baudrate = 9600", "parity": 'parity = "N"',
           "timeout": "timeout = 0.5"}[change.split(" ")[0]]  # fmt: skip
    return text.replace(old, change, 1).encode()


@pytest.mark.parametrize(("name", "change", "key", "reason"), BAD_FILES)
def test_profile_check_names_file_key_and_reason(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    change: str | bytes,
    key: str,
    reason: str,
) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_bytes(_bad(name, change))
    assert main(["profile", "check", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Invalid meter profile {path}: {key}: ")
    assert reason in err
    assert main(["profile", "check", str(path), "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["valid"] is False and doc["file"] == str(path) and doc["key"] == key
    if name in ("gbk", "toml"):  # the line of the mistake, as an editor counts it
        lines = example_profile().splitlines()
        key_line = "description =" if name == "gbk" else "timeout ="
        line = next(n for n, text in enumerate(lines, 1) if text.startswith(key_line))
        assert f"line {line}" in doc["reason"]
    if name == "gbk":
        assert "save the file as UTF-8" in doc["reason"]


def test_profile_check_exit_codes_and_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "nothing.toml"
    assert main(["profile", "check", str(missing)]) == 1
    assert f"No such file: {missing}" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["profile", "check"])
    assert exit_info.value.code == 2
    assert "FILE" in capsys.readouterr().err
    # a shipped file checks as valid and in use; the message follows the UI language
    assert main(["profile", "check", str(shipped_dir() / "dlt645-2007.toml")]) == 0
    assert "In use as --profile dlt645-2007 (shipped)." in capsys.readouterr().out
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    typo = tmp_path / "typo.toml"
    typo.write_bytes(_bad("typo", "adress = 0x0000"))
    assert main(["profile", "check", str(typo)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"电表型号配置文件无效：{typo}：quantities.voltage.adress")
    # the real process: exit 1, the words, no traceback
    result = run("profile", "check", str(typo), env={"WATTDESK_LANG": "en"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "quantities.voltage.adress: unknown key" in result.stderr


def test_profile_list_json_shows_origins_overrides_and_invalid_files() -> None:
    shipped = (shipped_dir() / "eastron-sdm120.toml").read_text(encoding="utf-8")
    override = user_file("eastron-sdm120", shipped.replace("timeout = 0.5", "timeout = 0.8"))
    added = user_file(EXAMPLE, example_profile())
    broken = user_file("broken-model", _bad("broken-model", 'baudrate = "fast"'))
    result = run("profile", "list", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["user_folder"] == str(user_dir()) and doc["shipped_folder"] == str(shipped_dir())
    rows = {row["name"]: row for row in doc["profiles"]}
    assert rows["sim-prepaid-modbus"]["origin"] == "shipped"
    assert rows["sim-prepaid-modbus"]["valid"] is True
    assert rows["eastron-sdm120"] | {"description": None} == {
        "name": "eastron-sdm120", "protocol": "modbus", "billing": "platform",
        "description": None, "origin": "override", "path": str(override),
        "overrides": str(shipped_dir() / "eastron-sdm120.toml"), "valid": True, "error": None,
    }  # fmt: skip
    assert rows[EXAMPLE]["origin"] == "user" and rows[EXAMPLE]["path"] == str(added)
    assert rows[EXAMPLE]["description"].startswith("Peacefair PZEM-016")
    assert rows["broken-model"]["valid"] is False and rows["broken-model"]["protocol"] is None
    assert rows["broken-model"]["error"] == {
        "file": str(broken),
        "key": "serial.baudrate",
        "reason": "expected int, got str 'fast'",
    }
    # the text listing: the broken file's reason below the table, the user folder named
    text = run("profile", "list")
    assert text.returncode == 0
    assert f"{broken}: serial.baudrate: expected int, got str 'fast'" in text.stdout
    assert f"Your profiles: {user_dir()}" in text.stdout
    assert "user (overrides shipped)" in text.stdout
