"""The protocol faces of a virtual meter: the sim-prepaid-modbus register map and the
sim-prepaid-dlt645 identifiers (both documented in docs/drivers.md and the TOML profiles),
and for ``face == "sdm630"`` meters the Eastron SDM630 input registers (three-phase,
float32, the map of resources/meters/eastron-sdm630.toml).

Each face turns one request into one reply (or None: no reply) against a
:class:`VirtualMeter`, which the caller has already advanced to the current time.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

from drivers import dlt645
from drivers import modbus_rtu as rtu
from drivers.errors import DriverError, FrameError
from drivers.simulator.model import RECHARGE_OK, VirtualMeter

MAP_SIZE = 0x0050
RELAY_REGISTER = 0x0040
RECHARGE_REGISTER = 0x0048
RESULT_REGISTER = 0x004B
CLOCK_REGISTER = 0x0026
RELAY_VALUES = {1: "cut", 2: "close", 3: "guarantee_on", 4: "guarantee_off"}
MODBUS_FLAG_BITS = {
    "relay_cut": 0,
    "guarantee": 1,
    "alarm_1": 2,
    "alarm_2": 3,
    "overdraft": 4,
    "reset": 5,
    "malicious_load": 6,  # issue 19: the meter's own load events
    "overload": 7,
    "over_power": 8,
}
DLT_FLAG_BITS = {
    "relay_cut": 4,
    "relay_command_cut": 6,
    "alarm_1": 7,
    "guarantee": 12,
    "malicious_load": 13,  # bits 13-15 are reserved in DL/T 645-2007 status word 3
    "overload": 14,
    "over_power": 15,
}
LIMIT_REGISTER = 0x003E  # power limit (W), then the malicious-load threshold (W): u16 each
RECHARGE_DI = 0x0F000101
PASSWORD = b"\x00\x00\x00"  # every simulated DL/T 645 meter uses password 000000


def _u32(value: int) -> list[int]:
    value &= 0xFFFFFFFF
    return [value >> 16, value & 0xFFFF]


def _flags(m: VirtualMeter, bits: dict[str, int]) -> int:
    state = m.status_flags()
    return sum(1 << bit for name, bit in bits.items() if state.get(name))


# --- Modbus -----------------------------------------------------------------------------


def modbus_image(m: VirtualMeter, now: datetime) -> list[int]:
    """The holding-register image of the simulated prepaid meter (0x0000-0x004F)."""
    e = m.electrical(now)
    regs = [0] * MAP_SIZE
    regs[0:2] = _u32(m.energy_total)
    for band in range(4):
        regs[2 + 2 * band : 4 + 2 * band] = _u32(m.energy[band])
    regs[0x0B] = round(e["voltage"] * 10)
    regs[0x0C] = round(e["current"] * 100)
    regs[0x0D] = round(e["power_kw"] * 1000) & 0xFFFF
    regs[0x0F] = round(e["apparent_kva"] * 1000)
    regs[0x10] = round(e["pf"] * 1000)
    regs[0x11] = round(e["freq"] * 100)
    regs[0x20:0x22] = _u32(m.balance_fen)
    regs[0x22] = m.purchase_count
    regs[0x23:0x25] = _u32(m.purchase_total_fen)
    regs[0x25] = _flags(m, MODBUS_FLAG_BITS)
    t = m.meter_time(now)
    regs[0x26:0x2C] = [t.year, t.month, t.day, t.hour, t.minute, t.second]
    for band in range(4):
        regs[0x30 + 2 * band : 0x32 + 2 * band] = _u32(m.prices_e4[band])
    regs[0x38:0x3A] = _u32(m.alarm_1_fen)
    regs[0x3A:0x3C] = _u32(m.alarm_2_fen)
    regs[0x3C:0x3E] = _u32(m.max_balance_fen)
    regs[LIMIT_REGISTER] = min(m.power_limit_w, 0xFFFF)
    regs[LIMIT_REGISTER + 1] = min(m.malicious_w, 0xFFFF)
    regs[RESULT_REGISTER] = m.last_recharge_result
    return regs


def _write_modbus(m: VirtualMeter, address: int, values: list[int], now: datetime) -> int:
    """Apply a register write; returns a Modbus exception code or 0."""
    end = address + len(values)

    def u32(at: int) -> int:
        return values[at - address] << 16 | values[at - address + 1]

    if address == RELAY_REGISTER and len(values) == 1:
        if values[0] not in RELAY_VALUES:
            return 3
        m.relay_command(RELAY_VALUES[values[0]])
        return 0
    if address == RECHARGE_REGISTER and len(values) == 3:
        result = m.recharge(u32(address), values[2])
        return 0 if result == RECHARGE_OK else 3
    if address == CLOCK_REGISTER and len(values) == 6:
        try:
            year, month, day, hour, minute, second = values
            m.clock_offset = datetime(year, month, day, hour, minute, second) - now
        except ValueError:
            return 3
        return 0
    if address >= LIMIT_REGISTER and end <= LIMIT_REGISTER + 2:
        for at, v in zip(range(address, end), values, strict=True):
            if at == LIMIT_REGISTER:
                m.power_limit_w = v
            else:
                m.malicious_w = v
        return 0
    if address >= 0x30 and end <= 0x3E and address % 2 == 0 and len(values) % 2 == 0:
        for at in range(address, end, 2):
            v = u32(at)
            if at < 0x38:
                m.prices_e4[(at - 0x30) // 2] = v
            elif at == 0x38:
                m.alarm_1_fen = v
            elif at == 0x3A:
                m.alarm_2_fen = v
            else:
                m.max_balance_fen = v
        return 0
    return 2


SDM630_SIZE = 0x0158  # input registers 0x0000-0x0157 (0x0156 total kWh is the last)


def _f32(value: float) -> list[int]:
    hi, lo = struct.unpack(">HH", struct.pack(">f", value))
    return [hi, lo]


def sdm630_image(m: VirtualMeter, now: datetime) -> list[int]:
    """The input registers of a simulated SDM630: per-phase V, A, W, totals, kWh."""
    regs = [0] * SDM630_SIZE
    phases = m.phases(now)
    for i, (volts, amps, watts) in enumerate(phases):
        regs[2 * i : 2 * i + 2] = _f32(volts)
        regs[0x06 + 2 * i : 0x08 + 2 * i] = _f32(amps)
        regs[0x0C + 2 * i : 0x0E + 2 * i] = _f32(watts)
    e = m.electrical(now)
    regs[0x34:0x36] = _f32(sum(w for _, _, w in phases))
    regs[0x3E:0x40] = _f32(e["pf"])
    regs[0x46:0x48] = _f32(e["freq"])
    kwh = m.energy_total / 100
    regs[0x48:0x4A] = _f32(kwh)
    regs[0x156:0x158] = _f32(kwh)
    return regs


def _sdm630_reply(m: VirtualMeter, req: rtu.Request, now: datetime) -> bytes:
    """FC04 reads of even length within the map; anything else is refused like a meter."""
    unit, fc = req.unit, req.function
    if fc != rtu.READ_INPUT:
        return rtu.exception_reply(unit, fc, 1)
    if req.count < 1 or req.count % 2 or req.address + req.count > SDM630_SIZE:
        return rtu.exception_reply(unit, fc, 2)
    regs = sdm630_image(m, now)
    return rtu.registers_reply(unit, fc, regs[req.address : req.address + req.count])


def modbus_reply(m: VirtualMeter, raw: bytes, now: datetime) -> bytes | None:
    req = rtu.decode_request(raw)
    unit, fc = req.unit, req.function
    if m.face == "sdm630":
        return _sdm630_reply(m, req, now)
    if fc in (rtu.READ_HOLDING, rtu.READ_INPUT):
        if (
            req.count < 1
            or req.address + req.count > MAP_SIZE
            or any(req.address <= a < req.address + req.count for a in m.unsupported)
        ):
            return rtu.exception_reply(unit, fc, 2)
        regs = modbus_image(m, now)
        if m.reset_flag and req.address <= 0x25 < req.address + req.count:
            m.reset_flag = False  # the reset flag clears once it has been read
        return rtu.registers_reply(unit, fc, regs[req.address : req.address + req.count])
    if fc == rtu.WRITE_REGISTER or fc == rtu.WRITE_REGISTERS:
        code = _write_modbus(m, req.address, req.registers, now)
    else:
        code = 1
    if code:
        return rtu.exception_reply(unit, fc, code)
    return rtu.echo_reply(raw)


# --- DL/T 645 ---------------------------------------------------------------------------


def _bcd(value: int | Decimal, fmt: str, signed: bool = False) -> bytes:
    return dlt645.encode_value(Decimal(value), fmt, signed)


def _money(fen: int) -> bytes:
    return _bcd(Decimal(max(fen, 0)) / 100, "XXXXXX.XX")


def is_block(di: int) -> bool:
    """A DL/T 645 block identifier: FF in DI1 or DI2 (0001FF00, 0201FF00...)."""
    return (di >> 8) & 0xFF == 0xFF or (di >> 16) & 0xFF == 0xFF


def dlt_value(m: VirtualMeter, di: int, now: datetime) -> bytes | None:
    """Value bytes for one identifier, or None when the meter has no such data."""
    if di in m.unsupported or (m.refuse_blocks and is_block(di)):
        return None
    e = m.electrical(now)
    q = Decimal
    if di == 0x0001FF00:
        return b"".join(_money(v) for v in (m.energy_total, *m.energy))
    # variable blocks of a single-phase meter: phase A, then B and C (zero); power and
    # power factor blocks start with the total (= phase A)
    volts = _bcd(q(round(e["voltage"] * 10)) / 10, "XXX.X")
    amps = _bcd(q(round(e["current"] * 1000)) / 1000, "XXX.XXX", True)
    kw = _bcd(q(round(e["power_kw"] * 10000)) / 10000, "XX.XXXX", True)
    pf = _bcd(q(round(e["pf"] * 1000)) / 1000, "X.XXX", True)
    blocks = {
        0x0201FF00: volts + bytes(4),
        0x0202FF00: amps + bytes(6),
        0x0203FF00: kw + kw + bytes(6),
        0x0206FF00: pf + pf + bytes(4),
    }
    if di in blocks:
        return blocks[di]
    if di >> 16 == 0x0001 and di & 0xFF == 0 and (di >> 8 & 0xFF) <= 4:
        band = di >> 8 & 0xFF
        return _money(m.energy_total if band == 0 else m.energy[band - 1])
    if di == 0x00000000:
        return _money(m.energy_total)
    readers: dict[int, Callable[[], bytes]] = {
        0x02010100: lambda: _bcd(q(round(e["voltage"] * 10)) / 10, "XXX.X"),
        0x02020100: lambda: _bcd(q(round(e["current"] * 1000)) / 1000, "XXX.XXX", True),
        0x02030000: lambda: _bcd(q(round(e["power_kw"] * 10000)) / 10000, "XX.XXXX", True),
        0x02060000: lambda: _bcd(q(round(e["pf"] * 1000)) / 1000, "X.XXX", True),
        0x02800002: lambda: _bcd(q(round(e["freq"] * 100)) / 100, "XX.XX"),
        0x00900200: lambda: _money(m.balance_fen),
        0x00900201: lambda: _money(-m.balance_fen),
        0x03330201: lambda: _bcd(m.purchase_count, "XXXX"),
        0x03330601: lambda: _money(m.purchase_total_fen),
        0x04000503: lambda: _flags(m, DLT_FLAG_BITS).to_bytes(2, "little"),
        0x04000101: lambda: dlt645.encode_date(m.meter_time(now)),
        0x04000102: lambda: dlt645.encode_time(m.meter_time(now)),
        0x04001001: lambda: _money(m.alarm_1_fen),
        0x04001002: lambda: _money(m.alarm_2_fen),
        0x04001004: lambda: _money(m.max_balance_fen),
        0x04000401: lambda: dlt645.encode_address(m.address),
    }
    simple = readers.get(di)
    if simple is not None:
        return simple()
    if 0x04050101 <= di <= 0x04050104:
        return _bcd(q(m.prices_e4[di - 0x04050101]) / 10000, "XXXX.XXXX")
    return None


def _dlt_write(m: VirtualMeter, frame: dlt645.Frame, now: datetime) -> bytes:
    di = int.from_bytes(frame.data[:4], "little")
    payload = frame.data[12:]
    if frame.data[5:8] != PASSWORD:
        return dlt645.abnormal_frame(frame, 0x04)
    try:
        if di == RECHARGE_DI:
            amount = dlt645.decode_value(payload[:4], "XXXXXX.XX")
            count = int(dlt645.decode_value(payload[4:6], "XXXX"))
            result = m.recharge(int(amount * 100), count)
            if result != RECHARGE_OK:
                err = {
                    2: dlt645.RECHARGE_REPEAT,
                    3: dlt645.RECHARGE_WRONG_COUNT,
                    4: dlt645.RECHARGE_OVER_MAXIMUM,
                }[result]
                return dlt645.abnormal_frame(frame, err)
        elif 0x04050101 <= di <= 0x04050104:
            m.prices_e4[di - 0x04050101] = int(dlt645.decode_value(payload, "XXXX.XXXX") * 10000)
        elif di in (0x04001001, 0x04001002, 0x04001004):
            fen = int(dlt645.decode_value(payload, "XXXXXX.XX") * 100)
            attr = {
                0x04001001: "alarm_1_fen",
                0x04001002: "alarm_2_fen",
                0x04001004: "max_balance_fen",
            }[di]
            setattr(m, attr, fen)
        else:
            return dlt645.abnormal_frame(frame, 0x02)
    except DriverError:
        return dlt645.abnormal_frame(frame, 0x01)
    return dlt645.reply_frame(frame)


def dlt_reply(m: VirtualMeter, frame: dlt645.Frame, now: datetime, split: int = 0) -> bytes | None:
    """Reply of meter ``m`` to a frame addressed to it (broadcast handled by the bus).

    ``split`` > 0 sends values longer than that many bytes in follow-up frames (12), so
    the driver's follow-up path is exercised.
    """
    fn = frame.function
    if fn == dlt645.READ_ADDRESS:
        return dlt645.reply_frame(
            frame, dlt645.encode_address(m.address), address=dlt645.encode_address(m.address)
        )
    if fn in (dlt645.READ, dlt645.READ_FOLLOW):
        di_raw = frame.data[:4]
        value = dlt_value(m, int.from_bytes(di_raw, "little"), now)
        if value is None:
            return dlt645.abnormal_frame(frame, 0x02)
        if m.reset_flag and int.from_bytes(di_raw, "little") == 0x04000503:
            m.reset_flag = False
        if not split or len(value) <= split:
            if fn == dlt645.READ_FOLLOW:
                return dlt645.abnormal_frame(frame, 0x02)
            return dlt645.reply_frame(frame, di_raw + value)
        chunks = [value[i : i + split] for i in range(0, len(value), split)]
        seq = frame.data[4] if fn == dlt645.READ_FOLLOW else 0
        if seq >= len(chunks):
            return dlt645.abnormal_frame(frame, 0x02)
        more = seq + 1 < len(chunks)
        tail = bytes([seq]) if fn == dlt645.READ_FOLLOW else b""
        return dlt645.reply_frame(frame, di_raw + chunks[seq] + tail, follows=more)
    if fn == dlt645.WRITE:
        return _dlt_write(m, frame, now)
    if fn == dlt645.RELAY:
        if frame.data[1:4] != PASSWORD:
            return dlt645.abnormal_frame(frame, 0x04)
        command = {
            dlt645.RELAY_CUT: "cut",
            dlt645.RELAY_CLOSE_ALLOWED: "close",
            dlt645.RELAY_CLOSE_NOW: "close",
            dlt645.GUARANTEE_ON: "guarantee_on",
            dlt645.GUARANTEE_OFF: "guarantee_off",
        }.get(frame.data[8] if len(frame.data) >= 16 else -1)
        if command is None:
            return dlt645.abnormal_frame(frame, 0x01)
        try:
            valid_until = dlt645.decode_datetime(frame.data[10:16])
        except FrameError:
            return dlt645.abnormal_frame(frame, 0x01)
        if m.meter_time(now) > valid_until:  # a real meter refuses a stale command
            return dlt645.abnormal_frame(frame, 0x01)
        m.relay_command(command)
        return dlt645.reply_frame(frame)
    return dlt645.abnormal_frame(frame, 0x01)
