"""Meter profiles: one TOML file per meter model, shipped in ``resources/meters`` or the
user's own in the user profile folder (which overrides and adds: ``drivers.profile_files``).

A profile says which protocol a model speaks, its default line settings, where each
quantity lives (Modbus table/address/type/scale/word order, or DL/T 645 data identifier and
BCD format), and how relay control, recharge and clock sync are done. Adding a meter model
is writing such a file; nothing in code names a model. Every file is validated on load and a
mistake is reported as :class:`ProfileError` naming the file, the key and the reason, so a
typo is found when the profile is loaded, not when a meter reads a wrong value at night.

The second half turns raw words and BCD fields into exact values as a quantity describes
them: ``Decimal`` (or ``int`` for counts and flag words, ``bool`` for coils, ``datetime`` for
clocks); money never becomes float. Float32 registers (SDM120) are rounded to 7 significant
digits, which is all a float32 holds.
"""

from __future__ import annotations

import logging
import math
import struct
import threading
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from drivers import dlt645
from drivers.errors import FrameError, ProfileError
from drivers.link import PARITIES, SerialSettings
from drivers.profile_files import (
    ProfileFile,
    find_file,
    find_files,
    read_toml,
    search_path,
    shipped_dir,
)

log = logging.getLogger(__name__)

PROTOCOLS = ("modbus", "dlt645")
SNAPSHOT_QUANTITIES = (
    "energy_total",
    "energy_sharp",
    "energy_peak",
    "energy_flat",
    "energy_valley",
    "voltage",
    "current",
    "power",
    "power_factor",
    "frequency",
    "balance",
    "overdraft",
    "purchase_count",
    "purchase_total",
    "status",
    "clock",
    "clock_date",
    "clock_time",
)
PHASES = ("a", "b", "c")
# standard per-phase names in profiles: voltage_a (line-to-neutral V), current_a (A),
# power_a (active kW), and the same for b and c
PHASE_QUANTITIES = tuple(f"{q}_{ph}" for q in ("voltage", "current", "power") for ph in PHASES)
PARAM_QUANTITIES = ("price_1", "price_2", "price_3", "price_4", "alarm_1", "alarm_2", "max_balance")
MODBUS_TYPES = {"u16": 1, "i16": 1, "u32": 2, "i32": 2, "f32": 2, "datetime6": 6, "bool": 1}
MODBUS_TABLES = ("holding", "input", "coil")
DLT645_KINDS = ("bcd", "bits16", "date", "time")
RELAY_METHODS = ("none", "register", "coil", "dlt645")
RELAY_COMMANDS = ("cut", "close", "guarantee_on", "guarantee_off")
RECHARGE_METHODS = ("none", "registers", "dlt645_write")
CLOCK_METHODS = ("none", "registers", "broadcast", "dlt645_write")
BILLING = ("meter", "platform")


@dataclass(frozen=True, slots=True)
class Quantity:
    """Where one value lives and how to turn raw words or BCD into an exact Decimal."""

    name: str
    unit: str = ""
    scale: Decimal = Decimal(1)
    writable: bool = False
    flags: dict[str, int] = field(default_factory=dict)
    # Modbus
    table: str = "holding"
    address: int = 0
    type: str = "u16"
    word_order: str = "big"
    # DL/T 645
    di: int = 0
    format: str = ""
    signed: bool = False
    index: int = 0
    kind: str = "bcd"
    block: int = 0  # a block DI that also carries this value (tried first, see dlt645_meter)
    block_index: int = 0  # position of the value in that block

    @property
    def registers(self) -> int:
        return MODBUS_TYPES[self.type]

    @property
    def group(self) -> str:
        if self.name in PARAM_QUANTITIES:
            return "params"
        return "snapshot" if self.name in SNAPSHOT_QUANTITIES else "extra"

    @property
    def size(self) -> int:
        """DL/T 645 bytes of this value."""
        if self.kind == "bits16":
            return 2
        if self.kind == "date":
            return 4
        if self.kind == "time":
            return 3
        return dlt645.parse_format(self.format)[0]


@dataclass(frozen=True, slots=True)
class RelaySpec:
    method: str = "none"
    address: int = 0
    commands: dict[str, int] = field(default_factory=dict)
    channels: int = 0
    valid_minutes: int = 10


@dataclass(frozen=True, slots=True)
class RechargeSpec:
    method: str = "none"
    address: int = 0
    result: int | None = None
    result_codes: dict[int, str] = field(default_factory=dict)
    di: int = 0
    amount_format: str = "XXXXXX.XX"
    count_format: str = "XXXX"
    amount_scale: Decimal = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class PollSpec:
    """What the collector reads on each poll (``live``) and how often it takes the full
    snapshot of energy, money and clock (``energy_period`` seconds). ``live`` None means
    the collector's default (voltage, current, power, power factor, frequency, status)."""

    live: tuple[str, ...] | None = None
    energy_period: float | None = None


@dataclass(frozen=True, slots=True)
class ClockSpec:
    method: str = "none"
    address: int = 0


@dataclass(frozen=True, slots=True)
class Profile:
    """A validated meter profile."""

    name: str
    protocol: str
    path: Path
    description: str = ""
    billing: str = "platform"
    serial: SerialSettings = field(default_factory=SerialSettings)
    quantities: dict[str, Quantity] = field(default_factory=dict)
    relay: RelaySpec = field(default_factory=RelaySpec)
    recharge: RechargeSpec = field(default_factory=RechargeSpec)
    clock: ClockSpec = field(default_factory=ClockSpec)
    poll: PollSpec = field(default_factory=PollSpec)
    max_block: int = 40
    max_gap: int = 4
    even_reads: bool = False
    password: int = 0
    password_level: int = 2
    operator: int = 0

    def quantities_in(self, group: str) -> list[Quantity]:
        return [q for q in self.quantities.values() if q.group == group]


def profile_dir() -> Path:
    """The folder that holds the shipped profiles (``resources/meters``); the user's own
    folder is :func:`drivers.profile_files.user_dir`."""
    return shipped_dir()


class _Reader:
    """Typed access to one TOML table that reports errors with the dotted key path."""

    def __init__(self, path: Path, data: dict[str, Any], prefix: str = "") -> None:
        self.path, self.data, self.prefix = path, data, prefix
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def error(self, name: str, reason: str) -> ProfileError:
        return ProfileError(self.path, self.key(name), reason)

    def get(
        self,
        name: str,
        kind: type | tuple[type, ...],
        default: Any = ...,
        choices: tuple[Any, ...] | None = None,
    ) -> Any:
        self.used.add(name)
        if name not in self.data:
            if default is ...:
                raise self.error(name, "missing")
            return default
        value = self.data[name]
        if isinstance(value, bool) and kind in (int, float):
            raise self.error(name, f"expected {kind.__name__}, got a boolean")
        if not isinstance(value, kind):
            names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
            raise self.error(name, f"expected {names}, got {type(value).__name__} {value!r}")
        if choices is not None and value not in choices:
            raise self.error(name, f"must be one of {', '.join(map(str, choices))}, got {value!r}")
        return value

    def decimal(self, name: str, default: str) -> Decimal:
        raw = self.get(name, (str, int), default)
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            raise self.error(name, f"not a decimal number: {raw!r}") from None
        if not value.is_finite() or value == 0:
            raise self.error(name, f"must be a finite non-zero decimal, got {raw!r}")
        return value

    def table(self, name: str) -> _Reader:
        data = self.get(name, dict, {})
        return _Reader(self.path, data, f"{self.key(name)}.")

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise self.error(unknown[0], "unknown key (a typo?)")


QUANTITY_KEYS = {
    "modbus": {"unit", "scale", "writable", "flags", "table", "address", "type", "word_order"},
    "dlt645": {
        "unit",
        "scale",
        "writable",
        "flags",
        "di",
        "format",
        "signed",
        "index",
        "kind",
        "block",
        "block_index",
    },
}


def _quantity(name: str, r: _Reader, protocol: str) -> Quantity:
    unknown = sorted(set(r.data) - QUANTITY_KEYS[protocol])
    if unknown:  # a misspelt key is reported as such, not as the key it replaced missing
        raise r.error(
            unknown[0],
            f"unknown key (a typo?); {protocol} quantities take "
            f"{', '.join(sorted(QUANTITY_KEYS[protocol]))}",
        )
    common: dict[str, Any] = {
        "name": name,
        "unit": r.get("unit", str, ""),
        "scale": r.decimal("scale", "1"),
        "writable": r.get("writable", bool, False),
    }
    flags = r.get("flags", dict, {})
    for flag, bit in flags.items():
        if isinstance(bit, bool) or not isinstance(bit, int) or not 0 <= bit <= 31:
            raise r.error(f"flags.{flag}", f"a flag is a bit number 0-31, got {bit!r}")
    common["flags"] = dict(flags)
    if protocol == "modbus":
        q = Quantity(
            table=r.get("table", str, "holding", MODBUS_TABLES),
            address=r.get("address", int),
            type=r.get("type", str, "u16", tuple(MODBUS_TYPES)),
            word_order=r.get("word_order", str, "big", ("big", "little")),
            **common,
        )
        if not 0 <= q.address <= 0xFFFF:
            raise r.error("address", f"must be 0-65535, got {q.address}")
        if (q.table == "coil") != (q.type == "bool"):
            raise r.error("type", "coils hold type bool, and bool lives in coils")
        if q.writable and q.table == "input":
            raise r.error("writable", "input registers are read-only")
        if q.type == "datetime6" and _is_number(name):
            # else the date would reach a reading as if it were kWh, yuan or a status word
            raise r.error("type", f"{name} is a number; datetime6 is for the clock")
    else:
        kind = r.get("kind", str, "bcd", DLT645_KINDS)
        fmt = r.get("format", str, "" if kind != "bcd" else ...)
        if kind == "bcd":
            try:
                dlt645.parse_format(fmt)
            except ValueError as exc:
                raise r.error("format", str(exc)) from None
        di = r.get("di", int)
        if not 0 <= di <= 0xFFFFFFFF:
            raise r.error("di", f"a data identifier is 4 bytes, got {di:#x}")
        q = Quantity(
            di=di,
            format=fmt,
            kind=kind,
            signed=r.get("signed", bool, False),
            index=r.get("index", int, 0),
            block=r.get("block", int, 0),
            block_index=r.get("block_index", int, 0),
            **common,
        )
        if q.index < 0:
            raise r.error("index", "must be >= 0")
        if not 0 <= q.block <= 0xFFFFFFFF or q.block == di:
            raise r.error("block", f"a block is another 4-byte data identifier, got {q.block:#x}")
        if q.block_index < 0 or (q.block_index and not q.block):
            raise r.error("block_index", "a position (>= 0) in the quantity's block")
    r.finish()
    return q


def _is_number(name: str) -> bool:
    """A quantity the meter model reads as a number (everything it knows but the clock)."""
    known = (*SNAPSHOT_QUANTITIES, *PARAM_QUANTITIES, *PHASE_QUANTITIES)
    return name in known and name not in ("clock", "clock_date", "clock_time")


def _relay(r: _Reader, protocol: str) -> RelaySpec:
    method = r.get("method", str, "none", RELAY_METHODS)
    if method in ("register", "coil") and protocol != "modbus":
        raise r.error("method", f"{method} relay needs protocol modbus")
    if method == "dlt645" and protocol != "dlt645":
        raise r.error("method", "dlt645 relay needs protocol dlt645")
    commands = {}
    if method == "register":
        for cmd in RELAY_COMMANDS:
            if cmd in r.data:
                commands[cmd] = r.get(cmd, int)
        if "cut" not in commands or "close" not in commands:
            raise r.error("cut", "a register relay needs at least cut and close values")
    spec = RelaySpec(
        method=method,
        address=r.get("address", int, 0),
        commands=commands,
        channels=r.get("channels", int, 0),
        valid_minutes=r.get("valid_minutes", int, 10),
    )
    if method == "coil" and spec.channels < 1:
        raise r.error("channels", "a coil relay module needs its channel count")
    r.finish()
    return spec


def _recharge(r: _Reader, protocol: str) -> RechargeSpec:
    method = r.get("method", str, "none", RECHARGE_METHODS)
    if method == "registers" and protocol != "modbus":
        raise r.error("method", "registers recharge needs protocol modbus")
    if method == "dlt645_write" and protocol != "dlt645":
        raise r.error("method", "dlt645_write recharge needs protocol dlt645")
    codes_raw = r.get("result_codes", dict, {})
    codes: dict[int, str] = {}
    for key, text in codes_raw.items():
        if not key.isdigit() or not isinstance(text, str):
            raise r.error(f"result_codes.{key}", "keys are register values, values are reasons")
        codes[int(key)] = text
    spec = RechargeSpec(
        method=method,
        address=r.get("address", int, 0),
        result=r.get("result", int, None),
        result_codes=codes,
        di=r.get("di", int, 0),
        amount_format=r.get("amount_format", str, "XXXXXX.XX"),
        count_format=r.get("count_format", str, "XXXX"),
        amount_scale=r.decimal("amount_scale", "0.01"),
    )
    if method == "dlt645_write":
        if not spec.di:
            raise r.error("di", "the vendor data identifier that takes amount + count")
        for key in ("amount_format", "count_format"):
            try:
                dlt645.parse_format(getattr(spec, key))
            except ValueError as exc:
                raise r.error(key, str(exc)) from None
    if method == "registers" and "address" not in r.data:
        raise r.error("address", "missing")
    r.finish()
    return spec


def _serial(r: _Reader) -> SerialSettings:
    s = SerialSettings(
        baudrate=r.get("baudrate", int, 9600),
        parity=r.get("parity", str, "E", tuple(PARITIES)),
        stopbits=r.get("stopbits", int, 1, (1, 2)),
        bytesize=r.get("bytesize", int, 8, (7, 8)),
        timeout=float(r.get("timeout", (int, float), 0.5)),
    )
    if s.timeout <= 0 or s.timeout > 10:
        raise r.error("timeout", "reply timeout must be in (0, 10] seconds")
    r.finish()
    return s


def _poll(r: _Reader, quantities: dict[str, Quantity]) -> PollSpec:
    """``[poll]``: ``live = ["voltage", ...]`` (quantities of this profile) and
    ``energy_period = 60`` (seconds, 5 to 86400)."""
    live = r.get("live", list, None)
    if live is not None:
        unknown = [q for q in live if not isinstance(q, str) or q not in quantities]
        if unknown:
            raise r.error("live", f"not a quantity of this profile: {unknown[0]!r}")
        live = tuple(dict.fromkeys(live))
    period = r.get("energy_period", (int, float), None)
    if period is not None and not 5 <= period <= 86_400:
        raise r.error("energy_period", f"must be 5 to 86400 seconds, got {period!r}")
    r.finish()
    return PollSpec(live, None if period is None else float(period))


def parse_profile(path: Path, data: dict[str, Any]) -> Profile:
    """Validate an already parsed TOML document; raise ProfileError on the first mistake."""
    r = _Reader(path, data)
    name = r.get("name", str)
    if name != path.stem:
        raise r.error("name", f"must match the file name {path.stem!r}, got {name!r}")
    protocol = r.get("protocol", str, ..., PROTOCOLS)
    opts = r.table(protocol)
    quantities: dict[str, Quantity] = {}
    qtable = r.table("quantities")
    for qname in qtable.data:
        sub = qtable.table(qname)
        quantities[qname] = _quantity(qname, sub, protocol)
    if not quantities:
        raise r.error("quantities", "a profile must read at least one quantity")
    qtable.finish()
    relay = _relay(r.table("relay"), protocol)
    recharge = _recharge(r.table("recharge"), protocol)
    if recharge.method != "none" and "purchase_count" not in quantities:
        raise r.error("recharge", "recharge needs a purchase_count quantity to read back")
    ctable = r.table("clock")
    clock = ClockSpec(
        method=ctable.get("method", str, "none", CLOCK_METHODS),
        address=ctable.get("address", int, 0),
    )
    ctable.finish()
    profile = Profile(
        name=name,
        protocol=protocol,
        path=path,
        description=r.get("description", str, ""),
        billing=r.get("billing", str, "platform", BILLING),
        serial=_serial(r.table("serial")),
        quantities=quantities,
        relay=relay,
        recharge=recharge,
        clock=clock,
        poll=_poll(r.table("poll"), quantities),
        max_block=opts.get("max_block", int, 40),
        max_gap=opts.get("max_gap", int, 4),
        even_reads=opts.get("even_reads", bool, False),
        password=opts.get("password", int, 0),
        password_level=opts.get("password_level", int, 2),
        operator=opts.get("operator", int, 0),
    )
    if protocol == "modbus" and not 1 <= profile.max_block <= 125:
        raise opts.error("max_block", "must be 1-125 registers")
    opts.finish()
    r.finish()
    return profile


_parsed: dict[Path, tuple[tuple[int, int], Profile]] = {}
_parsed_lock = threading.Lock()


def load_profile(path: Path | str) -> Profile:
    """Read and validate one profile file (wherever it is).

    Parsed profiles are kept while the file's size and modification time stay the same: a
    collector builds one driver per meter (10,000 in a large park) from a handful of files,
    and an edited file is read again at its next use.
    """
    path = Path(path)
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
    except OSError:
        stamp = None
    if stamp is not None:
        with _parsed_lock:
            hit = _parsed.get(path)
        if hit is not None and hit[0] == stamp:
            return hit[1]
    profile = parse_profile(path, read_toml(path))
    if stamp is not None:
        with _parsed_lock:
            _parsed[path] = (stamp, profile)
    return profile


class UnknownProfile(ProfileError):
    """No file provides a profile of this name (as opposed to a file that is invalid);
    ``known`` lists the valid profiles there are."""

    def __init__(self, path: Path, name: str, known: list[str]) -> None:
        self.name, self.known = name, tuple(known)
        listed = ", ".join(known) or "none"
        super().__init__(path, "(file)", f"no profile named {name!r} (known: {listed})")


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One profile file on the search path: its profile, or why it is invalid."""

    file: ProfileFile
    profile: Profile | None = None
    error: ProfileError | None = None


def profile_catalog(folder: Path | None = None) -> dict[str, CatalogEntry]:
    """Every profile file by name, valid or not, after user files override shipped ones
    (``folder`` searches that folder alone). One bad file never hides the others."""
    entries: dict[str, CatalogEntry] = {}
    for name, found in find_files(folder).items():
        try:
            entries[name] = CatalogEntry(found, profile=load_profile(found.path))
        except ProfileError as exc:
            entries[name] = CatalogEntry(found, error=exc)
    return entries


def load_profiles(folder: Path | None = None) -> dict[str, Profile]:
    """Every profile on the search path; the first invalid file raises ProfileError."""
    return {name: load_profile(found.path) for name, found in find_files(folder).items()}


def get_profile(name: str, folder: Path | None = None) -> Profile:
    """The profile ``name``: the user's file if there is one, else the shipped one.

    :class:`UnknownProfile` when no file has that name; the file's own ProfileError (file,
    key, reason) when it exists but is invalid, so the user learns what to fix rather
    than that the profile does not exist."""
    found = find_file(name, folder)
    if found is None:
        where = search_path(folder)[-1][0] / f"{name}.toml"
        raise UnknownProfile(where, name, sorted(available_profiles(folder)))
    return load_profile(found.path)


def available_profiles(folder: Path | None = None) -> dict[str, str]:
    """Map profile name -> protocol for every valid profile on the search path.

    An invalid file is logged (file, key, reason) and left out rather than breaking a site
    import that does not use it; ``get_profile`` of its name raises its ProfileError.
    """
    found: dict[str, str] = {}
    for name, entry in profile_catalog(folder).items():
        if entry.profile is not None:
            found[name] = entry.profile.protocol
        elif entry.error is not None:
            err = entry.error
            log.error("skipping invalid meter profile %s: %s: %s", err.path, err.key, err.reason)
    return found


Value = Decimal | int | bool | datetime


def _combine(words: list[int], order: str) -> int:
    if order == "little":
        words = list(reversed(words))
    value = 0
    for w in words:
        value = (value << 16) | w
    return value


def _split(value: int, count: int, order: str) -> list[int]:
    words = [(value >> (16 * (count - 1 - i))) & 0xFFFF for i in range(count)]
    return list(reversed(words)) if order == "little" else words


def _scaled(raw: int, q: Quantity) -> Decimal | int:
    """Counts and flag words stay int; everything else is an exact scaled Decimal."""
    if q.flags or q.name == "purchase_count":
        return raw
    return Decimal(raw) * q.scale


def decode_registers(q: Quantity, words: list[int]) -> Value:
    """Words of one quantity (already sliced to ``q.registers``) -> value."""
    t = q.type
    if t == "u16":
        return _scaled(words[0], q)
    if t == "i16":
        raw = words[0] - 0x10000 if words[0] & 0x8000 else words[0]
        return _scaled(raw, q)
    if t == "datetime6":
        try:
            year, month, day, hour, minute, second = words[:6]
            return datetime(year, month, day, hour, minute, second)
        except ValueError as exc:
            raise FrameError(f"{q.name}: not a valid date {words}: {exc}") from exc
    raw = _combine(words, q.word_order)
    if t == "u32":
        return _scaled(raw, q)
    if t == "i32":
        return _scaled(raw - (1 << 32) if raw & 0x80000000 else raw, q)
    if t == "f32":
        f = struct.unpack(">f", raw.to_bytes(4, "big"))[0]
        if not math.isfinite(f):
            raise FrameError(f"{q.name}: float32 is {f}")
        return Decimal(format(f, ".7g")) * q.scale
    raise FrameError(f"{q.name}: type {t} is not a register type")


def encode_registers(q: Quantity, value: Value) -> list[int]:
    """Value -> words to write; refuses values the register cannot hold exactly."""
    if isinstance(value, float):
        raise TypeError("meter values are Decimal or int, never float")
    if q.type == "datetime6":
        if not isinstance(value, datetime):
            raise TypeError(f"{q.name} takes a datetime")
        return [value.year, value.month, value.day, value.hour, value.minute, value.second]
    if not isinstance(value, Decimal | int):
        raise TypeError(f"{q.name} takes a Decimal or int, got {type(value).__name__}")
    if q.type == "f32":
        f = float(Decimal(value) / q.scale)
        return _split(int.from_bytes(struct.pack(">f", f), "big"), 2, q.word_order)
    scaled = Decimal(value) / q.scale
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{q.name}: {value} is not a multiple of {q.scale}")
    raw = int(scaled)
    bits = 16 * q.registers
    signed = q.type.startswith("i")
    low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    if not low <= raw <= high:
        raise ValueError(f"{q.name}: {value} out of range for {q.type}")
    return _split(raw & ((1 << bits) - 1), q.registers, q.word_order)


def decode_bcd(q: Quantity, raw: bytes) -> Value:
    """One DL/T 645 field (already sliced to ``q.size``) -> value."""
    if q.kind == "bits16":
        return int.from_bytes(raw, "little")
    if q.kind in ("date", "time"):
        return dlt645.bcd_to_int(raw)  # assembled into the clock by the meter
    value = dlt645.decode_value(raw, q.format, q.signed)
    if q.name == "purchase_count":
        return int(value)
    return value * q.scale if q.scale != 1 else value


def encode_bcd(q: Quantity, value: Value) -> bytes:
    if q.kind != "bcd":
        raise ValueError(f"{q.name}: writing {q.kind} fields is not supported")
    if not isinstance(value, Decimal | int) or isinstance(value, bool):
        raise TypeError(f"{q.name} takes a Decimal or int")
    return dlt645.encode_value(Decimal(value) / q.scale, q.format, q.signed)


def flag_names(q: Quantity, word: int) -> frozenset[str]:
    return frozenset(name for name, bit in q.flags.items() if word >> bit & 1)
