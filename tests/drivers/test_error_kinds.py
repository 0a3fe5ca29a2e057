"""Driver errors carry a kind and facts (``drivers.errors``), so the application words them in
the reader's language: the real codecs' failures, not hand-made exceptions."""

from __future__ import annotations

import json

import pytest

from drivers import dlt645
from drivers import modbus_rtu as rtu
from drivers.errors import (
    ChecksumError,
    DriverError,
    ExceptionReply,
    FrameError,
    LinkError,
    MeterTimeout,
    RejectedByMeter,
    error_data,
)

READ_HOLDING = 0x03


def test_modbus_reply_from_another_unit() -> None:
    reply = rtu.frame(4, bytes([READ_HOLDING, 2, 0, 7]))
    with pytest.raises(FrameError) as caught:
        rtu.decode_reply(reply, unit=5, function=READ_HOLDING)
    assert caught.value.kind == "frame.wrong_unit"
    assert caught.value.facts == {"got": 4, "asked": 5}
    assert str(caught.value) == "reply from unit 4, asked unit 5"  # the log keeps its English


def test_modbus_damaged_reply_and_exception_reply() -> None:
    reply = bytearray(rtu.frame(5, bytes([READ_HOLDING, 2, 0, 7])))
    reply[3] ^= 0xFF
    with pytest.raises(ChecksumError) as crc:
        rtu.decode_reply(bytes(reply), unit=5, function=READ_HOLDING)
    assert crc.value.kind == "crc"
    with pytest.raises(ExceptionReply) as refused:
        rtu.decode_reply(rtu.frame(5, bytes([READ_HOLDING | 0x80, 2])), 5, READ_HOLDING)
    assert error_data(refused.value) == {
        "error_kind": "exception",
        "error_facts": {"function": READ_HOLDING, "code": 2},
    }


def test_dlt645_wrong_meter_and_error_word() -> None:
    asked = dlt645.encode_address("000000000005")
    request = dlt645.decode_frame(dlt645.read_request(asked, 0x00000000))
    other = dlt645.reply_frame(request, address=dlt645.encode_address("000000000004"))
    with pytest.raises(FrameError) as wrong:
        dlt645.check_reply(dlt645.decode_frame(other), dlt645.READ, asked)
    assert wrong.value.kind == "frame.wrong_address"
    assert wrong.value.facts == {"got": "000000000004", "asked": "000000000005"}
    refused = dlt645.abnormal_frame(request, 0b0000_0100)  # bit 2: password / unauthorised
    with pytest.raises(RejectedByMeter) as word:
        dlt645.check_reply(dlt645.decode_frame(refused), dlt645.READ, asked)
    assert word.value.kind == "rejected"
    assert word.value.facts == {"code": 4, "reasons": ["password wrong or unauthorised"]}


def test_every_error_has_a_kind_and_json_facts() -> None:
    errors: list[DriverError] = [
        MeterTimeout("no reply"),
        MeterTimeout("reply stopped after 4 of 17 bytes", kind="timeout.partial", have=4, need=17),
        LinkError("cannot open /dev/ttyUSB9", "no_port"),
        RejectedByMeter("repeat", code=2, reasons=("repeat",)),
    ]
    kinds = [e.kind for e in errors]
    assert kinds == ["timeout", "timeout.partial", "no_port", "rejected"]
    for e in errors:
        json.dumps(e.as_data())  # storable as the event's data
    assert error_data(ValueError("bug")) == {"error_kind": "other", "error_facts": {}}
