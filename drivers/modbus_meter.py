"""Modbus RTU meters: a small master over our link, block planning, and the Meter.

The master sends one request and reads exactly one reply (length from the function code),
so a transaction costs two system calls and a few dozen microseconds of Python, and the
link keeps t3.5 silence. Quantities are grouped into as few block reads as the profile
allows (``max_block``, ``max_gap``, ``even_reads``). Writes are sent once (no retries);
recharge and relay are confirmed by reading back.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from functools import partial

from drivers import modbus_rtu as rtu
from drivers.errors import (
    ChecksumError,
    DriverError,
    ExceptionReply,
    FrameError,
    MeterTimeout,
    RechargeRejected,
    UnsupportedByProfile,
)
from drivers.link import Link
from drivers.meter import (
    Meter,
    MeterSnapshot,
    RechargeResult,
    RelayCommand,
    RelayResult,
    RelayState,
    build_snapshot,
    check_amount,
    check_command,
    read_retry,
)
from drivers.profiles import Profile, Quantity, Value, decode_registers, encode_registers

log = logging.getLogger(__name__)


class ModbusMaster:
    """Function-level access to Modbus RTU slaves on one link."""

    def __init__(self, link: Link, timeout: float | None = None) -> None:
        self.link = link
        self.timeout = timeout  # None: the link's reply timeout

    def _call(self, request: bytes, unit: int, function: int) -> rtu.Reply:
        raw = self.link.transact(request, rtu.reply_framing(request), self.timeout)
        try:
            return rtu.decode_reply(raw, unit, function)
        except DriverError as exc:
            self.link.reject(exc)
            raise

    def read_registers(
        self, unit: int, address: int, count: int, table: str = "holding"
    ) -> list[int]:
        function = rtu.TABLE_FUNCTION[table]
        reply = self._call(rtu.read_request(unit, function, address, count), unit, function)
        if len(reply.registers) != count:
            err = FrameError(f"asked {count} registers, got {len(reply.registers)}")
            self.link.reject(err)
            raise err
        return reply.registers

    def read_coils(self, unit: int, address: int, count: int) -> list[bool]:
        reply = self._call(
            rtu.read_request(unit, rtu.READ_COILS, address, count), unit, rtu.READ_COILS
        )
        if len(reply.bits) < count:
            raise FrameError(f"asked {count} coils, got {len(reply.bits)}")
        return reply.bits[:count]

    def write_register(self, unit: int, address: int, value: int) -> None:
        reply = self._call(
            rtu.write_register_request(unit, address, value), unit, rtu.WRITE_REGISTER
        )
        if reply.address != address:
            raise FrameError(f"write echo for {reply.address:#06x}, sent {address:#06x}")

    def write_registers(self, unit: int, address: int, values: list[int]) -> None:
        reply = self._call(
            rtu.write_registers_request(unit, address, values), unit, rtu.WRITE_REGISTERS
        )
        if reply.address != address or reply.count != len(values):
            raise FrameError("write echo does not match the request")

    def write_coil(self, unit: int, address: int, on: bool) -> None:
        self._call(rtu.write_coil_request(unit, address, on), unit, rtu.WRITE_COIL)


@dataclass(frozen=True, slots=True)
class Block:
    table: str
    start: int
    count: int
    quantities: tuple[Quantity, ...]


def plan_blocks(profile: Profile, quantities: list[Quantity]) -> list[Block]:
    """Group quantities into contiguous reads: fewer transactions, each within limits."""
    blocks: list[Block] = []
    ordered = sorted(quantities, key=lambda q: (q.table, q.address))
    cur: list[Quantity] = []

    def close() -> None:
        if not cur:
            return
        start = cur[0].address
        end = max(q.address + q.registers for q in cur)
        if profile.even_reads:
            start -= start % 2
            end += end % 2
        blocks.append(Block(cur[0].table, start, end - start, tuple(cur)))
        cur.clear()

    for q in ordered:
        if cur:
            end = max(c.address + c.registers for c in cur)
            fits = (
                q.table == cur[0].table
                and q.address - end <= profile.max_gap
                and q.address + q.registers - cur[0].address <= profile.max_block
            )
            if not fits:
                close()
        cur.append(q)
    close()
    return blocks


class ModbusMeter(Meter):
    """A meter (or relay module) that speaks Modbus RTU; ``address`` is the unit id."""

    def __init__(
        self, link: Link, profile: Profile, address: str | int, relay: CoilRelay | None = None
    ) -> None:
        super().__init__(link, profile, str(address))
        self.unit = int(address)
        if not 0 < self.unit < 248:
            raise ValueError(f"Modbus unit id must be 1-247, got {address}")
        self.master = ModbusMaster(link)
        self.external_relay = relay
        self._plans: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Block]] = {}
        self._split: dict[tuple[str, int, int], float] = {}  # block refused whole -> when

    # --- reading ------------------------------------------------------------------------

    def read_quantities(self, names: list[str] | None = None) -> dict[str, Value]:
        """Read ``names`` in as few block reads as the profile allows. A block the meter
        refuses with exception 02 (illegal data address) is split: its quantities are read
        one by one, the refusing ones are remembered as unsupported (:meth:`Meter.askable`)
        and later plans leave them out; a meter that refuses all of ``names`` raises."""
        names = names or [q.name for q in self.profile.quantities.values() if q.group != "params"]
        missing = [n for n in names if n not in self.profile.quantities]
        if missing:
            raise UnsupportedByProfile(f"{self.profile.name} has no {', '.join(missing)}")
        asked = self.askable(names)
        key = (tuple(asked), tuple(sorted(self.unsupported)))
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = self._plan(asked)
        values: dict[str, Value] = {}
        refusal: ExceptionReply | None = None
        for block in plan:
            whole = (block.table, block.start, block.count)
            split_at = self._split.get(whole)
            if len(block.quantities) > 1 and (
                split_at is None or self.clock() - split_at >= self.reprobe_after
            ):
                try:
                    self._read_block(block, values)
                    self._split.pop(whole, None)
                    continue
                except ExceptionReply as exc:
                    if exc.code != 2:
                        raise
                    log.info(
                        "meter %s refuses %s 0x%04X+%d: reading its values one by one",
                        self.address,
                        block.table,
                        block.start,
                        block.count,
                    )
                    self._split[whole] = self.clock()
            for q in block.quantities:
                refusal = self._read_alone(q, values) or refusal
        return self.check_partial(names, values, refusal, "illegal data address")

    def _plan(self, asked: list[str]) -> list[Block]:
        """Blocks for ``asked`` that never span a register this meter refused."""
        holes = [self.profile.quantities[n] for n in self.unsupported if n not in asked]
        quantities = sorted(
            (self.profile.quantities[n] for n in asked), key=lambda q: (q.table, q.address)
        )
        plan: list[Block] = []
        run: list[Quantity] = []
        for q in quantities:
            if run and any(
                h.table == q.table and run[-1].address < h.address < q.address for h in holes
            ):
                plan += plan_blocks(self.profile, run)
                run = []
            run.append(q)
        return plan + (plan_blocks(self.profile, run) if run else [])

    def _read_block(self, block: Block, values: dict[str, Value]) -> None:
        if block.table == "coil":
            bits = self.master.read_coils(self.unit, block.start, block.count)
            for q in block.quantities:
                values[q.name] = bits[q.address - block.start]
                self.mark_supported(q.name)
            return
        words = self.master.read_registers(self.unit, block.start, block.count, block.table)
        for q in block.quantities:
            off = q.address - block.start
            values[q.name] = decode_registers(q, words[off : off + q.registers])
            self.mark_supported(q.name)

    def _read_alone(self, q: Quantity, values: dict[str, Value]) -> ExceptionReply | None:
        """Read one quantity by itself; exception 02 marks it unsupported (returned)."""
        try:
            self._read_block(plan_blocks(self.profile, [q])[0], values)
        except ExceptionReply as exc:
            if exc.code != 2:
                raise
            self.mark_unsupported(q.name, f"{q.table} 0x{q.address:04X}")
            return exc
        return None

    def read(self) -> MeterSnapshot:
        snap = super().read()
        if self.external_relay is None:
            return snap
        return replace(snap, relay=self.external_relay.state())

    # --- relay --------------------------------------------------------------------------

    def _relay_state(self) -> tuple[RelayState, bool | None]:
        if self.external_relay is not None:
            return self.external_relay.state(), None
        snap = read_retry(lambda: self.read_quantities(["status"]))
        s = build_snapshot(self.profile, self.address, snap)
        return s.relay, s.guarantee

    def set_relay(self, command: RelayCommand) -> RelayResult:
        command = check_command(command)
        if self.external_relay is not None:
            return self.external_relay.switch(command)
        spec = self.profile.relay
        if spec.method != "register" or command.value not in spec.commands:
            raise UnsupportedByProfile(f"{self.profile.name} cannot {command.value}")
        reply_ok = True
        error: DriverError | None = None
        try:
            self.master.write_register(self.unit, spec.address, spec.commands[command.value])
        except (MeterTimeout, ChecksumError, FrameError) as exc:
            reply_ok, error = False, exc  # never resend blindly: look at the meter
        state, guarantee = self._relay_state()
        ok = self.relay_expected(command, state, guarantee)
        if error is not None and not ok:
            raise error
        return RelayResult(command, state, guarantee, ok, reply_ok)

    # --- recharge -----------------------------------------------------------------------

    def recharge(self, amount: Decimal, count: int, max_sends: int = 2) -> RechargeResult:
        spec = self.profile.recharge
        if spec.method != "registers":
            raise UnsupportedByProfile(f"{self.profile.name} has no remote recharge")
        amount = check_amount(amount)
        raw = amount / spec.amount_scale
        if raw != raw.to_integral_value():
            raise ValueError(f"{amount} is finer than the meter's {spec.amount_scale}")
        raw_int = int(raw)
        # refuse, never truncate: a masked amount would credit a different sum than asked
        if not 0 < raw_int <= 0xFFFFFFFF:
            raise ValueError(f"{amount} does not fit the meter's 32-bit amount register")
        if not 0 < count <= 0xFFFF:
            raise ValueError(f"purchase count {count} does not fit the meter's 16-bit register")
        words = [raw_int >> 16, raw_int & 0xFFFF, count]

        def send() -> None:
            try:
                self.master.write_registers(self.unit, spec.address, words)
            except ExceptionReply as exc:
                raise self._refusal(exc) from exc

        return self._recharge_flow(send, amount, count, max_sends)

    def _refusal(self, exc: ExceptionReply) -> RechargeRejected:
        """The meter refused with an exception reply; its result register says why."""
        spec = self.profile.recharge
        reason = f"exception {exc.code}"
        if spec.result is not None:
            result = spec.result
            try:
                code = read_retry(lambda: self.master.read_registers(self.unit, result, 1))[0]
                reason = spec.result_codes.get(code, f"result code {code}")
            except DriverError as err:
                log.warning("recharge refused, reason unreadable: %s", err)
        return RechargeRejected(reason, code=exc.code)

    # --- parameters and clock -----------------------------------------------------------

    def write_params(self, values: dict[str, Value]) -> dict[str, Value]:
        for name, value in values.items():
            q = self.profile.quantities.get(name)
            if q is None or not q.writable:
                raise UnsupportedByProfile(f"{self.profile.name} cannot write {name}")
            words = encode_registers(q, value)
            try:
                self.master.write_registers(self.unit, q.address, words)
            except (MeterTimeout, ChecksumError, FrameError):
                back = read_retry(partial(self.read_quantities, [name]))
                if back[name] != value:
                    raise
        return read_retry(lambda: self.read_quantities(list(values)))

    def sync_clock(self, now: datetime | None = None) -> None:
        spec = self.profile.clock
        if spec.method != "registers":
            raise UnsupportedByProfile(f"{self.profile.name} has no clock to set")
        moment = (now or self.local_now()).replace(microsecond=0)
        q = self.profile.quantities.get("clock")
        words = (
            encode_registers(q, moment)
            if q
            else [moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second]
        )
        self.master.write_registers(self.unit, spec.address, words)


class CoilRelay:
    """One channel of a coil relay module (e.g. waveshare-relay8) switching a meter.

    Coil on = contactor closed = supply on. Guaranteed supply is the collector's policy for
    such meters (it simply does not cut), so the module does not support it.
    """

    def __init__(self, link: Link, profile: Profile, unit: int, channel: int) -> None:
        if profile.relay.method != "coil":
            raise UnsupportedByProfile(f"{profile.name} is not a coil relay module")
        if not 0 <= channel < profile.relay.channels:
            raise ValueError(f"{profile.name} has channels 0-{profile.relay.channels - 1}")
        self.master = ModbusMaster(link)
        self.profile, self.unit, self.channel = profile, unit, channel
        self.coil = profile.relay.address + channel

    def state(self) -> RelayState:
        on = read_retry(lambda: self.master.read_coils(self.unit, self.coil, 1))[0]
        return RelayState.CLOSED if on else RelayState.CUT

    def switch(self, command: RelayCommand) -> RelayResult:
        """Switch the channel (CUT = coil off, CLOSE = coil on), confirmed by reading the
        coil back. Only a RelayCommand is accepted: ``switch("close")`` raises TypeError
        (it used to send coil OFF, cutting the supply)."""
        command = check_command(command)
        if command not in (RelayCommand.CUT, RelayCommand.CLOSE):
            raise UnsupportedByProfile(f"{self.profile.name} cannot {command.value}")
        reply_ok, error = True, None
        try:
            self.master.write_coil(self.unit, self.coil, command is RelayCommand.CLOSE)
        except (MeterTimeout, ChecksumError, FrameError) as exc:
            reply_ok, error = False, exc
        state = self.state()
        ok = (state is RelayState.CUT) == (command is RelayCommand.CUT)
        if error is not None and not ok:
            raise error
        return RelayResult(command, state, None, ok, reply_ok)
