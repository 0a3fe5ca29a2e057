"""The appliance library file and its loader: the built-in file, and bad files rejected with
an error naming the entry."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from app.loadcontrol.library import (
    Default,
    LibraryError,
    builtin_library,
    load_library,
    parse_library,
)

FORBIDDEN = (
    "kettle", "immersion_heater", "hair_dryer", "electric_blanket", "hand_warmer",
    "fan_heater", "rice_cooker", "induction_hob", "iron",
)  # fmt: skip
ALLOWED = (
    "laptop", "desktop_pc", "monitor", "phone_charger", "fridge", "fan", "lamp", "router",
    "printer", "air_conditioner", "microwave",
)  # fmt: skip

GOOD = {
    "name_en": "Kettle",
    "name_zh": "电热水壶",
    "default": "forbidden",
    "power_w": [1500, 2200],
    "power_factor": [0.98, 1.0],
    "duration_s": [60, 400],
    "source": "GB 4706.19",
}


def test_the_builtin_library_has_the_issues_classes_with_their_defaults() -> None:
    lib = builtin_library()
    assert len(lib.classes) >= 30
    assert len(set(lib.keys())) == len(lib.classes)
    for key in FORBIDDEN:
        cls = lib.get(key)
        assert cls is not None and cls.default is Default.FORBIDDEN, key
    for key in ALLOWED:
        cls = lib.get(key)
        assert cls is not None and cls.default is Default.ALLOWED, key
    for cls in lib.classes:
        assert cls.source and cls.name_zh and cls.name_en
        assert 0 < cls.power_factor.low <= cls.power_factor.high <= 1
    assert lib.get("kettle").name("zh_CN") == "电热水壶"  # type: ignore[union-attr]


def test_the_library_is_frozen_and_a_default_can_be_changed_on_a_copy() -> None:
    lib = builtin_library()
    kettle = lib.get("kettle")
    assert kettle is not None
    with pytest.raises(dataclasses.FrozenInstanceError):
        kettle.default = Default.ALLOWED  # type: ignore[misc]
    allowed = lib.with_default("rice_cooker", Default.ALLOWED)
    assert allowed.get("rice_cooker").default is Default.ALLOWED  # type: ignore[union-attr]
    assert lib.get("rice_cooker").default is Default.FORBIDDEN  # type: ignore[union-attr]
    with pytest.raises(LibraryError, match="'toaster_oven'"):
        lib.with_default("toaster_oven", Default.ALLOWED)


def test_a_good_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "lib.toml"
    path.write_text(
        'version = 1\n[appliance.kettle]\nname_en = "Kettle"\nname_zh = "电热水壶"\n'
        'default = "forbidden"\npower_w = [1500, 2200]\npower_factor = [0.98, 1.0]\n'
        'duration_s = [60, 400]\ninrush = 1.0\nsource_kind = "standard"\nsource = "GB 4706.19"\n',
        encoding="utf-8",
    )
    lib = load_library(path)
    assert lib.keys() == ("kettle",)
    assert lib.classes[0].power_w.contains(1800)
    assert lib.classes[0].inrush == 1.0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"power_w": [2200, 1500]}, r"'kettle': power_w min 2200 is above max 1500"),
        ({"power_factor": [0.9, 1.2]}, r"'kettle': power_factor .* outside \[0, 1\]"),
        ({"power_factor": [0.9]}, r"'kettle': power_factor must be \[min, max\]"),
        ({"power_w": [0, 100]}, r"'kettle': power_w must be above 0 W"),
        ({"default": "maybe"}, r"'kettle': default must be 'forbidden' or 'allowed'"),
        ({"colour": "white"}, r"'kettle': unknown key\(s\) colour"),
        ({"source": "  "}, r"'kettle': source must be a non-empty text"),
        ({"inrush": 0.5}, r"'kettle': inrush is a ratio >= 1"),
        ({"source_kind": "rumour"}, r"'kettle': source_kind 'rumour' not one of"),
    ],
)
def test_a_bad_entry_is_named(change: dict[str, object], message: str) -> None:
    with pytest.raises(LibraryError, match=message):
        parse_library({"version": 1, "appliance": {"kettle": {**GOOD, **change}}})


def test_a_missing_key_and_bad_documents_are_named(tmp_path: Path) -> None:
    entry = {k: v for k, v in GOOD.items() if k != "power_factor"}
    with pytest.raises(LibraryError, match=r"'kettle': missing key\(s\) power_factor"):
        parse_library({"appliance": {"kettle": entry}})
    with pytest.raises(LibraryError, match="no \\[appliance"):
        parse_library({"version": 1})
    with pytest.raises(LibraryError, match="version 2"):
        parse_library({"version": 2, "appliance": {"kettle": GOOD}})
    bad = tmp_path / "bad.toml"
    bad.write_text("[appliance.kettle\n", encoding="utf-8")
    with pytest.raises(LibraryError, match=r"bad\.toml"):
        load_library(bad)
