"""Raw words and BCD fields <-> exact values, as a profile's quantity describes them.

Every value leaves the driver as ``Decimal`` (or ``int`` for counts, ``bool`` for coils,
``datetime`` for clocks): scaled integers stay exact, money never becomes float. Float32
registers (SDM120) are rounded to 7 significant digits, which is all a float32 holds.
"""

from __future__ import annotations

import math
import struct
from datetime import datetime
from decimal import Decimal

from drivers import dlt645
from drivers.errors import FrameError
from drivers.profiles import Quantity

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
            return datetime(*words[:6])
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
