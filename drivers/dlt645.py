"""DL/T 645-2007 codec: frames, BCD values, requests and reply checks.

Our own codec rather than a third-party one because the driver needs exact control over
what is accepted: 0-4 FE wake-up bytes in front of a reply, strict checksum and end byte,
abnormal replies turned into typed errors carrying the meter's reason, and Decimal values
(money must never pass through float).

Frame layout: ``FE*0..4 | 68 | A0..A5 | 68 | C | L | DATA | CS | 16`` where the address is
six BCD bytes low byte first, every DATA byte travels +0x33, and CS is the sum mod 256 from
the first 68 through DATA.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from drivers.errors import ChecksumError, FrameError, RechargeRejected, RejectedByMeter
from drivers.link import Framing
from drivers.messages import N_

START = 0x68
END = 0x16
PREAMBLE = b"\xfe\xfe\xfe\xfe"
MAX_PREAMBLE = 4
WILDCARD = b"\xaa" * 6
BROADCAST = b"\x99" * 6

# Control codes (requests, master -> meter).
BROADCAST_TIME = 0x08
READ = 0x11
READ_FOLLOW = 0x12
READ_ADDRESS = 0x13
WRITE = 0x14
RELAY = 0x1C

REPLY = 0x80  # D7: direction meter -> master
ABNORMAL = 0x40  # D6: abnormal reply, one error byte follows
FOLLOWS = 0x20  # D5: more frames follow (read with 12)

# Relay command N1 (control code 1C).
RELAY_CUT = 0x1A
RELAY_CLOSE_ALLOWED = 0x1B
RELAY_CLOSE_NOW = 0x1C
ALARM_ON = 0x2A
ALARM_OFF = 0x2B
GUARANTEE_ON = 0x3A
GUARANTEE_OFF = 0x3B

# ERR byte of an abnormal reply to 11/12/14/1C (DL/T 645-2007 table of error words).
ERR_BITS = {  # the app translates each reason (app.livedata.error_text)
    0: N_("other error"),
    1: N_("no such data"),
    2: N_("password wrong or unauthorised"),
    3: N_("baud rate cannot be changed"),
    4: N_("too many annual time zones"),
    5: N_("too many daily periods"),
    6: N_("too many tariffs"),
}
# What a meter answers to a relay command past its "valid until" is "other error": said so,
# since the usual cause is a meter clock ahead of the park's time (or never set)
STALE_RELAY = N_("the command may be out of date by the meter's clock (check its time)")
# Error word of money operations (SERR of the 2013 prepaid annex); vendor recharge
# identifiers reuse it, and so does the simulator.
RECHARGE_ERR_BITS = {
    0: "other",
    1: "repeat",
    2: "esam_verify_failed",
    3: "authentication_failed",
    4: "customer_mismatch",
    5: "wrong_count",
    6: "over_maximum",
}
RECHARGE_REPEAT = 1 << 1
RECHARGE_WRONG_COUNT = 1 << 5
RECHARGE_OVER_MAXIMUM = 1 << 6


@dataclass(frozen=True, slots=True)
class Frame:
    """One decoded frame; ``data`` is already taken -0x33, ``address`` is the raw 6 bytes."""

    address: bytes
    control: int
    data: bytes = b""

    @property
    def is_reply(self) -> bool:
        return bool(self.control & REPLY)

    @property
    def is_abnormal(self) -> bool:
        return bool(self.control & ABNORMAL)

    @property
    def has_follow_up(self) -> bool:
        return bool(self.control & FOLLOWS)

    @property
    def function(self) -> int:
        return self.control & 0x1F

    def summary(self) -> str:
        """Short human text for the trace window."""
        kind = {
            0x08: "time",
            0x11: "read",
            0x12: "read+",
            0x13: "addr",
            0x14: "write",
            0x1C: "relay",
        }.get(self.function, f"C{self.function:02X}")
        text = f"{kind} {address_text(self.address)} C={self.control:02X}"
        if self.function in (READ, READ_FOLLOW, WRITE) and len(self.data) >= 4:
            text += f" DI={int.from_bytes(self.data[:4], 'little'):08X}"
        if self.is_abnormal and self.data:
            text += f" ERR={self.data[0]:02X}"
        return text


# --- addresses -------------------------------------------------------------------------


def encode_address(address: str | int | bytes) -> bytes:
    """Meter number (12 decimal digits, as printed on the meter) -> 6 BCD bytes, low first."""
    if isinstance(address, bytes):
        if len(address) != 6:
            raise ValueError("a DL/T 645 address is 6 bytes")
        return address
    text = f"{address:012d}" if isinstance(address, int) else address.strip()
    if text.upper() == "AAAAAAAAAAAA":
        return WILDCARD
    if text == "999999999999":
        return BROADCAST
    if len(text) > 12 or not text.isdigit():
        raise ValueError(f"DL/T 645 address must be up to 12 decimal digits, got {address!r}")
    text = text.zfill(12)
    return bytes(int(text[i : i + 2], 16) for i in range(10, -1, -2))


def address_text(raw: bytes) -> str:
    """6 raw address bytes -> the 12-digit meter number (AA bytes print as ``AA``)."""
    return "".join(f"{b:02X}" for b in reversed(raw))


# --- frames ----------------------------------------------------------------------------


def checksum(body: bytes) -> int:
    return sum(body) & 0xFF


def encode_frame(address: bytes, control: int, data: bytes = b"", preamble: int = 4) -> bytes:
    """Build a frame; ``data`` is given plain and sent +0x33."""
    if len(address) != 6:
        raise ValueError("a DL/T 645 address is 6 bytes")
    if len(data) > 200:
        raise ValueError("DL/T 645-2007 data field is at most 200 bytes")
    body = bytes([START, *address, START, control, len(data)]) + bytes(
        (b + 0x33) & 0xFF for b in data
    )
    return b"\xfe" * preamble + body + bytes([checksum(body), END])


def expected_length(buf: bytes | bytearray) -> int:
    """How many bytes the reply in ``buf`` needs in total (the link reads up to it).

    Raises :class:`FrameError` as soon as the bytes cannot start a frame, so a garbage reply
    fails fast instead of waiting for the timeout.
    """
    n = 0
    while n < len(buf) and buf[n] == 0xFE:
        n += 1
    if n > MAX_PREAMBLE:
        raise FrameError(f"{n} FE bytes before the frame (at most {MAX_PREAMBLE})")
    if n == len(buf):
        return n + 12
    if buf[n] != START:
        raise FrameError(f"frame starts with {buf[n]:02X}, not 68")
    if len(buf) < n + 10:
        return n + 12
    if buf[n + 7] != START:
        raise FrameError(f"second start byte is {buf[n + 7]:02X}, not 68")
    return n + 12 + buf[n + 9]


def decode_frame(raw: bytes | bytearray) -> Frame:
    """Decode exactly one frame (0-4 FE in front); any defect raises a typed error."""
    raw = bytes(raw)
    need = expected_length(raw)
    if len(raw) < need:
        raise FrameError(f"truncated frame: {len(raw)} of {need} bytes")
    if len(raw) > need:
        raise FrameError(f"{len(raw) - need} extra bytes after the frame")
    n = 0
    while raw[n] == 0xFE:
        n += 1
    length = raw[n + 9]
    body = raw[n : n + 10 + length]
    if raw[n + 10 + length] != checksum(body):
        raise ChecksumError(
            f"checksum {raw[n + 10 + length]:02X}, computed {checksum(body):02X}",
            kind="checksum",
        )
    if raw[n + 11 + length] != END:
        raise FrameError(f"end byte {raw[n + 11 + length]:02X}, not 16")
    data = bytes((b - 0x33) & 0xFF for b in body[10:])
    return Frame(address=body[1:7], control=body[8], data=data)


def find_frame(buf: bytes | bytearray) -> tuple[Frame | None, int]:
    """Scan a byte stream for the first valid frame (the meter side: noise is skipped).

    Returns ``(frame, consumed)``; ``(None, k)`` means drop ``k`` bytes and wait for more.
    A false start (a 68 inside noise that announces a long frame) does not hide a complete
    frame behind it.
    """
    pos = 0
    pending: int | None = None
    while True:
        start = buf.find(START, pos)
        if start < 0:
            return None, len(buf) if pending is None else pending
        pos = start + 1
        if len(buf) < start + 10:
            return None, start if pending is None else pending
        if buf[start + 7] != START:
            continue
        end = start + 12 + buf[start + 9]
        if len(buf) < end:
            pending = start if pending is None else pending
            continue
        try:
            frame = decode_frame(buf[start:end])
        except FrameError:
            continue
        return frame, end


def check_frame(raw: bytes) -> None:
    decode_frame(raw)


def reply_matcher(request: bytes) -> Callable[[bytes], bool]:
    """Which sound frame answers ``request``: a reply (D7) to its control code from the
    addressed meter (any meter for the wildcard), and for reads the same identifier.

    A late answer of another meter, or of this meter to another identifier, is then
    dropped by the link instead of being taken as the answer.
    """
    req = decode_frame(request)
    function, address = req.function, req.address
    di = req.data[:4] if function in (READ, READ_FOLLOW) and len(req.data) >= 4 else b""
    any_meter = address in (WILDCARD, BROADCAST)

    def match(raw: bytes) -> bool:
        n = 0
        while raw[n] == 0xFE:
            n += 1
        control = raw[n + 8]
        if not control & REPLY or control & 0x1F != function:
            return False
        if not any_meter and raw[n + 1 : n + 7] != address:
            return False
        if control & ABNORMAL or not di:
            return True
        return bytes((b - 0x33) & 0xFF for b in raw[n + 10 : n + 14]) == di

    return match


def reply_framing(request: bytes) -> Framing:
    """How the link finds the reply to ``request``: any garbage and any number of FE
    before ``68 A0..A5 68`` is skipped."""
    return Framing(12, expected_length, check_frame, reply_matcher(request), _summary)


def _summary(raw: bytes) -> str:
    return decode_frame(raw).summary()


# --- BCD values ------------------------------------------------------------------------


def bcd_to_int(raw: bytes) -> int:
    """Little-endian BCD bytes -> int; a nibble above 9 is a damaged frame."""
    value = 0
    for b in reversed(raw):
        hi, lo = b >> 4, b & 0x0F
        if hi > 9 or lo > 9:
            raise FrameError(f"invalid BCD byte {b:02X}")
        value = value * 100 + hi * 10 + lo
    return value


def int_to_bcd(value: int, size: int) -> bytes:
    if value < 0 or value >= 10 ** (2 * size):
        raise ValueError(f"{value} does not fit in {size} BCD bytes")
    out = bytearray()
    for _ in range(size):
        value, rem = divmod(value, 100)
        out.append(((rem // 10) << 4) | (rem % 10))
    return bytes(out)


def parse_format(fmt: str) -> tuple[int, int]:
    """``"XXXXXX.XX"`` -> (bytes 4, decimals 2); the standard writes formats this way."""
    digits = fmt.replace(".", "")
    if not digits or set(digits) - {"X", "N"} or len(digits) % 2 or fmt.count(".") > 1:
        raise ValueError(f"bad DL/T 645 data format {fmt!r}")
    decimals = len(fmt) - fmt.index(".") - 1 if "." in fmt else 0
    return len(digits) // 2, decimals


def decode_value(raw: bytes, fmt: str, signed: bool = False) -> Decimal:
    """BCD field -> exact Decimal; ``signed`` takes the top bit of the last byte as sign."""
    size, decimals = parse_format(fmt)
    if len(raw) != size:
        raise FrameError(f"value of format {fmt} needs {size} bytes, got {len(raw)}")
    negative = False
    if signed and raw[-1] & 0x80:
        negative = True
        raw = raw[:-1] + bytes([raw[-1] & 0x7F])
    value = Decimal(bcd_to_int(raw)).scaleb(-decimals)
    return -value if negative else value


def encode_value(value: Decimal | int, fmt: str, signed: bool = False) -> bytes:
    """Exact Decimal -> BCD field; refuses values that need rounding or do not fit."""
    if isinstance(value, float):
        raise TypeError("money and meter values are Decimal or int, never float")
    size, decimals = parse_format(fmt)
    scaled = Decimal(value).scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{value} has more than {decimals} decimals (format {fmt})")
    number = int(scaled)
    negative = number < 0
    if negative and not signed:
        raise ValueError(f"{value} is negative but format {fmt} is unsigned")
    raw = bytearray(int_to_bcd(abs(number), size))
    if negative:
        if raw[-1] & 0x80:
            raise ValueError(f"{value} does not fit in signed {fmt}")
        raw[-1] |= 0x80
    return bytes(raw)


def encode_datetime(moment: datetime) -> bytes:
    """ssmmhhDDMMYY, low byte first as every multi-byte field (broadcast time, validity)."""
    return bytes(
        int_to_bcd(v, 1)[0]
        for v in (
            moment.second,
            moment.minute,
            moment.hour,
            moment.day,
            moment.month,
            moment.year % 100,
        )
    )


def decode_datetime(raw: bytes) -> datetime:
    """ssmmhhDDMMYY (low byte first) -> datetime: a relay command's "valid until"."""
    if len(raw) != 6:
        raise FrameError("a date and time needs 6 bytes")
    second, minute, hour, day, month, year = (bcd_to_int(bytes([b])) for b in raw)
    try:
        return datetime(2000 + year, month, day, hour, minute, second)
    except ValueError as exc:
        raise FrameError(f"not a valid date: {exc}") from exc


def decode_date_time(date_raw: bytes, time_raw: bytes) -> datetime:
    """04000101 (WW DD MM YY) + 04000102 (ss mm hh) -> datetime."""
    if len(date_raw) != 4 or len(time_raw) != 3:
        raise FrameError("date needs 4 bytes and time 3 bytes")
    _week, day, month, year = (bcd_to_int(bytes([b])) for b in date_raw)
    second, minute, hour = (bcd_to_int(bytes([b])) for b in time_raw)
    try:
        return datetime(2000 + year, month, day, hour, minute, second)
    except ValueError as exc:
        raise FrameError(f"meter clock is not a valid date: {exc}") from exc


def encode_date(moment: datetime) -> bytes:
    week = (moment.isoweekday()) % 7  # the standard counts Sunday as 0
    return bytes(int_to_bcd(v, 1)[0] for v in (week, moment.day, moment.month, moment.year % 100))


def encode_time(moment: datetime) -> bytes:
    return bytes(int_to_bcd(v, 1)[0] for v in (moment.second, moment.minute, moment.hour))


# --- requests --------------------------------------------------------------------------


def di_bytes(di: int) -> bytes:
    return di.to_bytes(4, "little")


def read_request(address: bytes, di: int) -> bytes:
    return encode_frame(address, READ, di_bytes(di))


def read_follow_request(address: bytes, di: int, seq: int) -> bytes:
    return encode_frame(address, READ_FOLLOW, di_bytes(di) + bytes([seq & 0xFF]))


def read_address_request() -> bytes:
    return encode_frame(WILDCARD, READ_ADDRESS)


def credentials(password: int, level: int, operator: int) -> bytes:
    """Password level + 3 password bytes, then the 4-byte operator code, low bytes first."""
    return bytes([level]) + int_to_bcd(password, 3) + int_to_bcd(operator, 4)


def write_request(
    address: bytes, di: int, payload: bytes, password: int = 0, level: int = 2, operator: int = 0
) -> bytes:
    return encode_frame(
        address, WRITE, di_bytes(di) + credentials(password, level, operator) + payload
    )


def broadcast_time_request(moment: datetime) -> bytes:
    return encode_frame(BROADCAST, BROADCAST_TIME, encode_datetime(moment))


def relay_request(
    address: bytes,
    command: int,
    valid_until: datetime,
    password: int = 0,
    level: int = 2,
    operator: int = 0,
) -> bytes:
    """1C: credentials (8) + N1 + N2 (00) + validity (6): L = 16."""
    data = (
        credentials(password, level, operator) + bytes([command, 0]) + encode_datetime(valid_until)
    )
    return encode_frame(address, RELAY, data)


# --- replies ---------------------------------------------------------------------------


def error_reasons(err: int, table: dict[int, str] = ERR_BITS) -> tuple[str, ...]:
    reasons = tuple(text for bit, text in table.items() if err & (1 << bit))
    return reasons or (f"error byte {err:02X}",)


def check_reply(
    frame: Frame, request_control: int, address: bytes, recharge: bool = False
) -> Frame:
    """Verify a reply answers ``request_control`` from ``address``; abnormal -> typed error.

    ``recharge`` reads the error byte with the money-operation table, so a refused purchase
    surfaces as :class:`RechargeRejected` with ``repeat`` / ``wrong_count`` / ``over_maximum``.
    """
    if not frame.is_reply or frame.function != request_control:
        raise FrameError(
            f"reply control {frame.control:02X} does not answer {request_control:02X}",
            kind="frame.wrong_function",
            got=frame.control,
            asked=request_control,
        )
    if address not in (WILDCARD, BROADCAST) and frame.address != address:
        raise FrameError(
            f"reply from {address_text(frame.address)}, asked {address_text(address)}",
            kind="frame.wrong_address",
            got=address_text(frame.address),
            asked=address_text(address),
        )
    if frame.is_abnormal:
        err = frame.data[0] if frame.data else 0
        if recharge:
            reasons = error_reasons(err, RECHARGE_ERR_BITS)
            raise RechargeRejected(reasons[0], code=err, reasons=reasons)
        reasons = error_reasons(err)
        raise RejectedByMeter(reasons[0], code=err, reasons=reasons)
    return frame


def reply_frame(
    request: Frame, data: bytes = b"", follows: bool = False, address: bytes | None = None
) -> bytes:
    """Meter side: a normal reply to ``request`` (the simulator builds its answers here)."""
    control = request.function | REPLY | (FOLLOWS if follows else 0)
    return encode_frame(address or request.address, control, data)


def abnormal_frame(request: Frame, err: int, address: bytes | None = None) -> bytes:
    return encode_frame(
        address or request.address, request.function | REPLY | ABNORMAL, bytes([err])
    )
