"""DL/T 645-2007 codec against byte literals (checked by hand and by an independent codec)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers import dlt645 as d
from drivers.errors import ChecksumError, FrameError, RechargeRejected, RejectedByMeter

ADDR = bytes.fromhex("785634120000")  # meter number 000012345678, low byte first
H = bytes.fromhex


def test_address_is_bcd_low_byte_first() -> None:
    assert d.encode_address("000012345678") == ADDR
    assert d.encode_address(12345678) == ADDR
    assert d.address_text(ADDR) == "000012345678"
    assert d.encode_address("AAAAAAAAAAAA") == d.WILDCARD
    with pytest.raises(ValueError):
        d.encode_address("12345678901X")


def test_read_request_11() -> None:
    # 00010000 forward active total; checksum hand-computed: 68+78+56+34+12+68+11+04+33*3+34
    assert d.read_request(ADDR, 0x00010000) == H("fefefefe 68 785634120000 68 11 04 33333433 c6 16")


def test_read_follow_up_request_12() -> None:
    assert d.read_follow_request(ADDR, 0x0001FF00, 1) == H(
        "fefefefe 68 785634120000 68 12 05 33323433 34 fb 16"
    )


def test_read_address_request_13_uses_wildcard() -> None:
    assert d.read_address_request() == H("fefefefe 68 aaaaaaaaaaaa 68 13 00 df 16")


def test_write_request_14_with_password_and_operator() -> None:
    value = d.encode_value(Decimal("0.5678"), "XXXX.XXXX")
    frame = d.write_request(ADDR, 0x04050101, value, password=123456, level=2, operator=11223344)
    assert frame == H("fefefefe 68 785634120000 68 14 10 34343837 35896745 77665544 ab893333 59 16")


def test_broadcast_time_08() -> None:
    frame = d.broadcast_time_request(datetime(2026, 11, 25, 13, 45, 30))
    assert frame == H("fefefefe 68 999999999999 68 08 06 637846584459 8a 16")


def test_relay_control_1c_cut_with_validity() -> None:
    frame = d.relay_request(ADDR, d.RELAY_CUT, datetime(2026, 11, 25, 14, 0, 0))
    # level 02 + password 000000, operator 00000000, N1=1A N2=00, valid until 14:00 25-11-26
    assert frame == H("fefefefe 68 785634120000 68 1c 10 35333333 33333333 4d33 333347584459 cc 16")
    assert len(d.decode_frame(frame).data) == 16


def test_normal_read_reply_91_decodes_value() -> None:
    raw = H("fefefefe 68 785634120000 68 91 08 33333433 89674533 b2 16")
    frame = d.check_reply(d.decode_frame(raw), d.READ, ADDR)
    assert frame.data[:4] == H("00000100")
    assert d.decode_value(frame.data[4:], "XXXXXX.XX") == Decimal("1234.56")


def test_reply_with_follow_up_flag_b1_and_12_reply_92() -> None:
    b1 = d.decode_frame(H("fefefefe 68 785634120000 68 b1 0c 33323433 3333333333333333 05 16"))
    assert b1.has_follow_up and b1.function == d.READ
    r92 = d.decode_frame(H("fefefefe 68 785634120000 68 92 09 33323433 33333333 34 4b 16"))
    assert not r92.has_follow_up and r92.data[-1] == 1


def test_read_address_reply_93_and_relay_reply_9c() -> None:
    r93 = d.decode_frame(H("fefefefe 68 785634120000 68 93 06 ab8967453333 c3 16"))
    assert d.check_reply(r93, d.READ_ADDRESS, d.WILDCARD).data == ADDR
    r9c = d.decode_frame(H("fefefefe 68 785634120000 68 9c 00 80 16"))
    assert d.check_reply(r9c, d.RELAY, ADDR).data == b""


@pytest.mark.parametrize(
    ("raw", "control", "reason"),
    [
        ("fefefefe 68 785634120000 68 d1 01 35 eb 16", d.READ, "no such data"),
        ("fefefefe 68 785634120000 68 d4 01 37 f0 16", d.WRITE, "password wrong or unauthorised"),
        ("fefefefe 68 785634120000 68 dc 01 37 f8 16", d.RELAY, "password wrong or unauthorised"),
    ],
)
def test_abnormal_replies_are_typed_errors_with_the_meters_reason(
    raw: str, control: int, reason: str
) -> None:
    with pytest.raises(RejectedByMeter) as info:
        d.check_reply(d.decode_frame(H(raw)), control, ADDR)
    assert info.value.reason == reason
    assert info.value.code in (0x02, 0x04)


def test_abnormal_recharge_reply_reads_the_money_error_word() -> None:
    raw = H("fefefefe 68 785634120000 68 d4 01 35 ee 16")  # ERR 02: repeat recharge
    with pytest.raises(RechargeRejected) as info:
        d.check_reply(d.decode_frame(raw), d.WRITE, ADDR, recharge=True)
    assert info.value.reason == "repeat"


def test_bad_checksum() -> None:
    with pytest.raises(ChecksumError):
        d.decode_frame(H("fefefefe 68 785634120000 68 91 08 33333433 89674533 b3 16"))


def test_wrong_end_byte() -> None:
    with pytest.raises(FrameError, match="end byte"):
        d.decode_frame(H("fefefefe 68 785634120000 68 91 08 33333433 89674533 b2 17"))


def test_truncated_frame() -> None:
    with pytest.raises(FrameError, match="truncated"):
        d.decode_frame(H("fefefefe 68 785634120000 68 91 08 33333433 8967"))
    raw = H("fefefefe 68 785634120000 68 91 08")
    assert d.expected_length(raw) == 4 + 12 + 8  # the link knows how much more to read


@pytest.mark.parametrize("preamble", ["", "fe", "fefe", "fefefe", "fefefefe"])
def test_zero_to_four_fe_accepted(preamble: str) -> None:
    frame = d.decode_frame(H(preamble + "68 785634120000 68 9c 00 80 16"))
    assert frame.control == 0x9C


def test_fe_noise_beyond_four_and_garbage_rejected_fast() -> None:
    with pytest.raises(FrameError, match="FE"):
        d.expected_length(H("fefefefefe 68"))
    with pytest.raises(FrameError, match="not 68"):
        d.expected_length(H("fe fe 13 68"))


def test_stream_scanner_skips_noise_and_damaged_frames() -> None:
    good = d.read_request(ADDR, 0x00010000)
    damaged = bytearray(good)
    damaged[-2] ^= 1
    stream = H("00 fe 68 12 fe") + bytes(damaged) + good
    frame, used = d.find_frame(stream)
    assert frame is not None and frame.data == H("00000100")
    assert used == len(stream)


def test_reply_for_other_meter_or_other_request_is_a_frame_error() -> None:
    r9c = d.decode_frame(H("fefefefe 68 785634120000 68 9c 00 80 16"))
    with pytest.raises(FrameError):
        d.check_reply(r9c, d.READ, ADDR)
    with pytest.raises(FrameError):
        d.check_reply(r9c, d.RELAY, d.encode_address("1"))


def test_signed_and_invalid_bcd() -> None:
    assert d.decode_value(H("345682"), "XXX.XXX", signed=True) == Decimal("-25.634")
    assert d.encode_value(Decimal("-25.634"), "XXX.XXX", signed=True) == H("345682")
    with pytest.raises(FrameError):
        d.decode_value(H("3a00"), "XX.XX")
    with pytest.raises(ValueError):
        d.encode_value(Decimal("1.234"), "XX.XX")
    with pytest.raises(TypeError):
        d.encode_value(1.5, "XX.XX")  # type: ignore[arg-type]


@given(st.integers(0, 99_999_999), st.booleans())
def test_value_round_trip(n: int, signed: bool) -> None:
    value = Decimal(n % 8_000_000 if signed else n).scaleb(-2)
    assert d.decode_value(d.encode_value(value, "XXXXXX.XX", signed), "XXXXXX.XX", signed) == value


def test_frames_agree_with_the_independent_dlt645_package() -> None:
    from dlt645 import DLT645Protocol

    data = H("00000100")
    ours = d.encode_frame(ADDR, d.READ, data)
    theirs = bytes(DLT645Protocol.build_frame(ADDR, d.READ, data))
    assert ours == theirs
    parsed = DLT645Protocol.deserialize(ours)
    assert bytes(parsed.data) == data
