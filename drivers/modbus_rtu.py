"""Modbus RTU framing: the one module that touches pymodbus.

pymodbus supplies the PDU classes (encode/decode of each function) and the CRC; the
transport is ours (:mod:`drivers.link`), because pymodbus' sync serial client needs ~400 us
of CPU per transaction and finds frame ends by polling, and its async client drops the
connection after repeated timeouts of one slave and does not keep t3.5 (REFERENCE.md).
Knowing the reply length from the function code lets the link read exactly one frame.

pymodbus' API changes between minor versions (``slave=`` became ``device_id=``): it is
pinned, and only this file may import it, so an upgrade touches nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pymodbus.framer.rtu import FramerRTU
from pymodbus.pdu.bit_message import (
    ReadCoilsRequest,
    ReadCoilsResponse,
    WriteSingleCoilRequest,
    WriteSingleCoilResponse,
)
from pymodbus.pdu.pdu import ModbusPDU
from pymodbus.pdu.register_message import (
    ReadHoldingRegistersRequest,
    ReadHoldingRegistersResponse,
    ReadInputRegistersRequest,
    ReadInputRegistersResponse,
    WriteMultipleRegistersRequest,
    WriteMultipleRegistersResponse,
    WriteSingleRegisterRequest,
    WriteSingleRegisterResponse,
)

from drivers.errors import ChecksumError, ExceptionReply, FrameError
from drivers.link import Framing

READ_COILS = 0x01
READ_HOLDING = 0x03
READ_INPUT = 0x04
WRITE_COIL = 0x05
WRITE_REGISTER = 0x06
WRITE_REGISTERS = 0x10

TABLE_FUNCTION = {"holding": READ_HOLDING, "input": READ_INPUT, "coil": READ_COILS}

_REQUESTS: dict[int, type[ModbusPDU]] = {
    READ_COILS: ReadCoilsRequest,
    READ_HOLDING: ReadHoldingRegistersRequest,
    READ_INPUT: ReadInputRegistersRequest,
    WRITE_COIL: WriteSingleCoilRequest,
    WRITE_REGISTER: WriteSingleRegisterRequest,
    WRITE_REGISTERS: WriteMultipleRegistersRequest,
}
_RESPONSES: dict[int, type[ModbusPDU]] = {
    READ_COILS: ReadCoilsResponse,
    READ_HOLDING: ReadHoldingRegistersResponse,
    READ_INPUT: ReadInputRegistersResponse,
    WRITE_COIL: WriteSingleCoilResponse,
    WRITE_REGISTER: WriteSingleRegisterResponse,
    WRITE_REGISTERS: WriteMultipleRegistersResponse,
}
_crc = FramerRTU.compute_CRC
if FramerRTU.crc16_table == [0]:  # pymodbus fills the table lazily on first use
    FramerRTU.crc16_table = FramerRTU.generate_crc16_table()


def frame(unit: int, pdu: bytes) -> bytes:
    """Unit id + PDU + CRC (low byte first on the wire)."""
    body = bytes([unit]) + pdu
    return body + _crc(body).to_bytes(2, "big")


def crc_ok(raw: bytes) -> bool:
    return len(raw) >= 4 and _crc(raw[:-2]).to_bytes(2, "big") == raw[-2:]


# --- master side -----------------------------------------------------------------------


def read_request(unit: int, function: int, address: int, count: int) -> bytes:
    """FC01/03/04 request; ``count`` registers or coils."""
    pdu = _REQUESTS[function](address=address, count=count)
    return frame(unit, bytes([function]) + pdu.encode())


def write_register_request(unit: int, address: int, value: int) -> bytes:
    pdu = WriteSingleRegisterRequest(address=address, registers=[value])
    return frame(unit, bytes([WRITE_REGISTER]) + pdu.encode())


def write_registers_request(unit: int, address: int, values: list[int]) -> bytes:
    pdu = WriteMultipleRegistersRequest(address=address, registers=values)
    return frame(unit, bytes([WRITE_REGISTERS]) + pdu.encode())


def write_coil_request(unit: int, address: int, on: bool) -> bytes:
    pdu = WriteSingleCoilRequest(address=address, bits=[on])
    return frame(unit, bytes([WRITE_COIL]) + pdu.encode())


def expected_length(buf: bytes | bytearray) -> int:
    """Total reply length known from the first three bytes (function code, byte count)."""
    if len(buf) < 3:
        return 3
    function = buf[1]
    if function & 0x80:
        return 5
    if function in (READ_COILS, READ_HOLDING, READ_INPUT, 0x02):
        return 5 + buf[2]
    if function in (WRITE_COIL, WRITE_REGISTER, WRITE_REGISTERS, 0x0F):
        return 8
    raise FrameError(f"reply has unknown function code {function:#04x}")


def check_crc(raw: bytes) -> None:
    if not crc_ok(raw):
        raise ChecksumError(f"bad CRC in reply {raw.hex(' ')}")


def reply_matcher(request: bytes) -> Callable[[bytes], bool]:
    """Which sound frame answers ``request``: same unit and function (or its exception),
    and for reads the byte count asked, for writes the echoed address (and count).

    On a shared wire a late reply of another unit, or of the same unit to an earlier
    request of another size, is then dropped by the link instead of taken as the answer.
    """
    unit, function = request[0], request[1]
    if function in (READ_HOLDING, READ_INPUT, READ_COILS, 0x02):
        count = int.from_bytes(request[4:6], "big")
        size = 2 * count if function in (READ_HOLDING, READ_INPUT) else (count + 7) // 8
        echo = b""
    else:
        size, echo = -1, request[2:6] if function in (WRITE_REGISTERS, 0x0F) else request[2:4]

    def match(raw: bytes) -> bool:
        if raw[0] != unit:
            return False
        if raw[1] == function | 0x80:
            return True
        if raw[1] != function:
            return False
        return raw[2] == size if size >= 0 else raw[2 : 2 + len(echo)] == echo

    return match


def reply_framing(request: bytes) -> Framing:
    """How the link finds the reply to ``request`` (noise skipped by CRC resync)."""
    return Framing(5, expected_length, check_crc, reply_matcher(request), summary)


@dataclass(slots=True)
class Reply:
    """A checked reply: registers for FC03/04, bits for FC01, echo fields for writes."""

    function: int
    registers: list[int] = field(default_factory=list)
    bits: list[bool] = field(default_factory=list)
    address: int = 0
    count: int = 0


def decode_reply(raw: bytes, unit: int, function: int) -> Reply:
    """Check CRC, unit and function of a reply; exception replies -> ExceptionReply."""
    if not crc_ok(raw):
        raise ChecksumError(f"bad CRC in reply {raw.hex(' ')}")
    if raw[0] != unit:
        raise FrameError(
            f"reply from unit {raw[0]}, asked unit {unit}",
            kind="frame.wrong_unit",
            got=raw[0],
            asked=unit,
        )
    if raw[1] == function | 0x80:
        raise ExceptionReply(function, raw[2])
    if raw[1] != function:
        raise FrameError(
            f"reply function {raw[1]:#04x} to request {function:#04x}",
            kind="frame.wrong_function",
            got=raw[1],
            asked=function,
        )
    pdu = _RESPONSES[function]()
    try:
        pdu.decode(raw[2:-2])
    except Exception as exc:
        raise FrameError(f"undecodable reply {raw.hex(' ')}: {exc}") from exc
    return Reply(function, list(pdu.registers), list(pdu.bits), pdu.address, pdu.count)


def summary(raw: bytes | bytearray) -> str:
    """Short text for the trace: unit, function and the main fields."""
    if len(raw) < 4:
        return "short frame"
    unit, function = raw[0], raw[1]
    if function & 0x80:
        return f"unit {unit} exception fc={function & 0x7F:#04x} code={raw[2]}"
    if len(raw) == 8:
        a, b = int.from_bytes(raw[2:4], "big"), int.from_bytes(raw[4:6], "big")
        return f"unit {unit} fc={function:#04x} addr={a:#06x} n/v={b:#06x}"
    return f"unit {unit} fc={function:#04x} {len(raw)} bytes"


# --- slave side (simulator) ------------------------------------------------------------


@dataclass(slots=True)
class Request:
    """A request as a slave sees it."""

    unit: int
    function: int
    address: int
    count: int
    registers: list[int] = field(default_factory=list)
    bits: list[bool] = field(default_factory=list)


def request_length(buf: bytes | bytearray) -> int:
    """Total request length from its first bytes (the slave reads exactly one frame)."""
    if len(buf) < 7:
        return 8 if len(buf) < 2 or buf[1] not in (0x0F, WRITE_REGISTERS) else 7
    if buf[1] in (0x0F, WRITE_REGISTERS):
        return 9 + buf[6]
    return 8


def decode_request(raw: bytes) -> Request:
    if not crc_ok(raw):
        raise ChecksumError("bad CRC in request")
    cls = _REQUESTS.get(raw[1])
    if cls is None:
        return Request(raw[0], raw[1], 0, 0)
    pdu = cls()
    try:
        pdu.decode(raw[2:-2])
    except Exception as exc:
        raise FrameError(f"undecodable request: {exc}") from exc
    return Request(raw[0], raw[1], pdu.address, pdu.count, list(pdu.registers), list(pdu.bits))


def registers_reply(unit: int, function: int, registers: list[int]) -> bytes:
    pdu = _RESPONSES[function](registers=registers)
    return frame(unit, bytes([function]) + pdu.encode())


def bits_reply(unit: int, bits: list[bool]) -> bytes:
    pdu = ReadCoilsResponse(bits=bits)
    return frame(unit, bytes([READ_COILS]) + pdu.encode())


def echo_reply(request_raw: bytes) -> bytes:
    """FC05/06 echo the request; FC16 echoes address and count."""
    if request_raw[1] == WRITE_REGISTERS:
        return frame(request_raw[0], request_raw[1:6])
    return bytes(request_raw)


def exception_reply(unit: int, function: int, code: int) -> bytes:
    return frame(unit, bytes([function | 0x80, code]))
