"""The built-in appliance library (resources/appliances.toml): signature ranges per class.

The detector matches a load step (ΔP and the step's own power factor) against these ranges.
The file is data a site may edit, so the loader is strict: an unknown key, a missing key, a
range whose minimum exceeds its maximum or a power factor outside (0, 1] is an error that
names the entry, raised when the file is read rather than when a cut is decided on it. The
loaded form is frozen: the detector shares one instance between threads without copying.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).resolve().parents[2] / "resources" / "appliances.toml"
SOURCE_KINDS = frozenset({"standard", "dataset", "manufacturer", "datasheet"})
REQUIRED = frozenset(
    {"name_en", "name_zh", "default", "power_w", "power_factor", "duration_s", "source"}
)
OPTIONAL = frozenset({"inrush", "source_kind"})


class LibraryError(ValueError):
    """The appliance library file is unusable; the message names the entry and the key."""


class Default(StrEnum):
    """What a room may do with an appliance of the class when no whitelist says otherwise."""

    FORBIDDEN = "forbidden"
    ALLOWED = "allowed"


@dataclass(frozen=True, slots=True)
class Range:
    """A closed interval [low, high]."""

    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    @property
    def half(self) -> float:
        return (self.high - self.low) / 2

    def outside(self, value: float) -> float:
        """How far ``value`` lies outside the interval (0 inside)."""
        return max(0.0, self.low - value, value - self.high)


@dataclass(frozen=True, slots=True)
class ApplianceClass:
    """One class of appliance and the step it makes when switched on."""

    key: str
    name_en: str
    name_zh: str
    default: Default
    power_w: Range
    power_factor: Range
    duration_s: Range
    inrush: float | None
    source: str
    source_kind: str

    @property
    def forbidden(self) -> bool:
        return self.default is Default.FORBIDDEN

    def name(self, lang: str = "en") -> str:
        return self.name_zh if lang.startswith("zh") else self.name_en


@dataclass(frozen=True, slots=True)
class Library:
    """The classes in file order; ``get`` by key."""

    classes: tuple[ApplianceClass, ...]
    version: int = 1

    def get(self, key: str) -> ApplianceClass | None:
        for cls in self.classes:
            if cls.key == key:
                return cls
        return None

    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.classes)

    def with_default(self, key: str, default: Default) -> Library:
        """A copy where ``key`` has another default (a building that allows rice cookers)."""
        if self.get(key) is None:
            raise LibraryError(f"appliance {key!r}: not in the library")
        out = []
        for c in self.classes:
            if c.key == key:
                c = ApplianceClass(
                    c.key, c.name_en, c.name_zh, default, c.power_w, c.power_factor,
                    c.duration_s, c.inrush, c.source, c.source_kind,
                )  # fmt: skip
            out.append(c)
        return Library(tuple(out), self.version)


def _range(key: str, field: str, raw: Any, low: float, high: float | None) -> Range:
    """A two-number [min, max] inside [low, high] (high None: unbounded)."""
    if (
        not isinstance(raw, list)
        or len(raw) != 2
        or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in raw)
    ):
        raise LibraryError(f"appliance {key!r}: {field} must be [min, max], got {raw!r}")
    lo, hi = float(raw[0]), float(raw[1])
    if lo > hi:
        raise LibraryError(f"appliance {key!r}: {field} min {lo:g} is above max {hi:g}")
    if lo < low or (high is not None and hi > high):
        bound = f"[{low:g}, {high:g}]" if high is not None else f">= {low:g}"
        raise LibraryError(f"appliance {key!r}: {field} {raw!r} outside {bound}")
    return Range(lo, hi)


def _text(key: str, field: str, raw: Any) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise LibraryError(f"appliance {key!r}: {field} must be a non-empty text")
    return raw.strip()


def _entry(key: str, raw: Any) -> ApplianceClass:
    """One ``[appliance.<key>]`` table, checked."""
    if not isinstance(raw, dict):
        raise LibraryError(f"appliance {key!r}: must be a table")
    unknown = set(raw) - REQUIRED - OPTIONAL
    if unknown:
        raise LibraryError(f"appliance {key!r}: unknown key(s) {', '.join(sorted(unknown))}")
    missing = REQUIRED - set(raw)
    if missing:
        raise LibraryError(f"appliance {key!r}: missing key(s) {', '.join(sorted(missing))}")
    try:
        default = Default(raw["default"])
    except ValueError:
        raise LibraryError(
            f"appliance {key!r}: default must be 'forbidden' or 'allowed', got {raw['default']!r}"
        ) from None
    power = _range(key, "power_w", raw["power_w"], 0.0, None)
    if power.low <= 0:
        raise LibraryError(f"appliance {key!r}: power_w must be above 0 W")
    pf = _range(key, "power_factor", raw["power_factor"], 0.0, 1.0)
    if pf.low <= 0:
        raise LibraryError(f"appliance {key!r}: power_factor must be above 0")
    inrush = raw.get("inrush")
    if inrush is not None and (
        not isinstance(inrush, (int, float)) or isinstance(inrush, bool) or inrush < 1
    ):
        raise LibraryError(f"appliance {key!r}: inrush is a ratio >= 1, got {inrush!r}")
    kind = raw.get("source_kind", "datasheet")
    if kind not in SOURCE_KINDS:
        raise LibraryError(
            f"appliance {key!r}: source_kind {kind!r} not one of {', '.join(sorted(SOURCE_KINDS))}"
        )
    return ApplianceClass(
        key=key,
        name_en=_text(key, "name_en", raw["name_en"]),
        name_zh=_text(key, "name_zh", raw["name_zh"]),
        default=default,
        power_w=power,
        power_factor=pf,
        duration_s=_range(key, "duration_s", raw["duration_s"], 0.0, None),
        inrush=float(inrush) if inrush is not None else None,
        source=_text(key, "source", raw["source"]),
        source_kind=kind,
    )


def parse_library(data: dict[str, Any]) -> Library:
    """A library from the parsed TOML document (``version`` and ``[appliance.*]``)."""
    unknown = set(data) - {"version", "appliance"}
    if unknown:
        raise LibraryError(f"appliance library: unknown top-level key(s) {sorted(unknown)}")
    version = data.get("version", 1)
    if version != 1:
        raise LibraryError(f"appliance library: version {version!r} not supported (1)")
    table = data.get("appliance")
    if not isinstance(table, dict) or not table:
        raise LibraryError("appliance library: no [appliance.<key>] tables")
    classes = tuple(_entry(key, raw) for key, raw in table.items())
    return Library(classes, version)


def load_library(path: Path | str | None = None) -> Library:
    """Read and check the library file (the built-in one by default)."""
    p = Path(path) if path is not None else DEFAULT_PATH
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LibraryError(f"appliance library {p.name}: {exc}") from None
    return parse_library(data)


_BUILTIN: Library | None = None


def builtin_library() -> Library:
    """The built-in library, read once (frozen, so sharing it is safe)."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = load_library()
    return _BUILTIN


# a meter's own load events (app.loadcontrol.feed.METER_FLAGS) in words: a message or an
# event must never show the raw flag name
METER_EVENT_WORDS = {
    "malicious_load": ("a malicious load", "恶性负载"),
    "overload": ("an overload", "过载"),
    "over_power": ("power over the limit", "超功率"),
}


def describe(appliance: str | None, meter_event: str | None, lang: str) -> str:
    """What was found, in words of ``lang``: a library class by its name, a whitelist or
    unknown name as it is, a meter's own event by :data:`METER_EVENT_WORDS`."""
    if appliance:
        cls = builtin_library().get(appliance)
        return cls.name(lang) if cls is not None else appliance
    if meter_event:
        en, zh = METER_EVENT_WORDS.get(meter_event, (meter_event, meter_event))
        return zh if lang.startswith("zh") else en
    return "?"
