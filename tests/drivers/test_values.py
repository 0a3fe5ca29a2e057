"""Register and BCD value conversions: exact, word order honoured, float refused."""

from __future__ import annotations

import struct
from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers import modbus_rtu as rtu
from drivers.errors import ChecksumError, ExceptionReply, FrameError
from drivers.profiles import Quantity, decode_registers, encode_registers


def q(**kw: object) -> Quantity:
    return Quantity(name=kw.pop("name", "x"), **kw)  # type: ignore[arg-type]


def test_u32_i32_word_orders_and_scale() -> None:
    big = q(type="u32", scale=Decimal("0.01"))
    assert decode_registers(big, [0x0001, 0x0002]) == Decimal("655.38")
    little = q(type="u32", scale=Decimal("0.01"), word_order="little")
    assert decode_registers(little, [0x0002, 0x0001]) == Decimal("655.38")
    signed = q(type="i32", scale=Decimal("0.01"))
    assert decode_registers(signed, [0xFFFF, 0xFF9C]) == Decimal("-1.00")
    assert encode_registers(signed, Decimal("-1.00")) == [0xFFFF, 0xFF9C]
    assert decode_registers(q(type="i16", scale=Decimal("0.001")), [0xFC18]) == Decimal("-1")


def test_counts_flags_clock_and_float32() -> None:
    assert decode_registers(q(name="purchase_count", type="u16"), [7]) == 7
    assert decode_registers(q(type="u16", flags={"cut": 0}), [5]) == 5
    stamp = q(type="datetime6")
    assert decode_registers(stamp, [2026, 11, 25, 13, 45, 30]) == datetime(2026, 11, 25, 13, 45, 30)
    with pytest.raises(FrameError):
        decode_registers(stamp, [2026, 13, 1, 0, 0, 0])
    words = list(struct.unpack(">HH", struct.pack(">f", 230.1)))
    assert decode_registers(q(type="f32"), words) == Decimal("230.1")
    nan = list(struct.unpack(">HH", struct.pack(">f", float("nan"))))
    with pytest.raises(FrameError):
        decode_registers(q(type="f32"), nan)


def test_encoding_refuses_float_inexact_and_out_of_range() -> None:
    price = q(type="u32", scale=Decimal("0.0001"))
    assert encode_registers(price, Decimal("0.9000")) == [0, 9000]
    with pytest.raises(TypeError):
        encode_registers(price, 0.9)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        encode_registers(price, Decimal("0.00001"))
    with pytest.raises(ValueError):
        encode_registers(q(type="u16"), 70000)


@given(st.integers(-(2**31), 2**31 - 1), st.sampled_from(["big", "little"]))
def test_i32_round_trip(n: int, order: str) -> None:
    quantity = q(type="i32", scale=Decimal("0.01"), word_order=order)
    value = Decimal(n).scaleb(-2)
    assert decode_registers(quantity, encode_registers(quantity, value)) == value


def test_modbus_frames_and_reply_checks() -> None:
    assert rtu.read_request(1, rtu.READ_HOLDING, 0, 10) == bytes.fromhex("01030000000ac5cd")
    reply = rtu.registers_reply(1, rtu.READ_HOLDING, [1, 2])
    assert rtu.expected_length(reply[:3]) == len(reply) == 9
    assert rtu.decode_reply(reply, 1, rtu.READ_HOLDING).registers == [1, 2]
    with pytest.raises(ChecksumError):
        rtu.decode_reply(reply[:-1] + bytes([reply[-1] ^ 1]), 1, rtu.READ_HOLDING)
    with pytest.raises(FrameError):
        rtu.decode_reply(reply, 2, rtu.READ_HOLDING)
    with pytest.raises(ExceptionReply) as info:
        rtu.decode_reply(rtu.exception_reply(1, 3, 2), 1, rtu.READ_HOLDING)
    assert info.value.code == 2
    write = rtu.write_registers_request(1, 0x48, [0, 100, 1])
    assert rtu.request_length(write[:7]) == len(write)
    assert rtu.decode_request(write).registers == [0, 100, 1]
