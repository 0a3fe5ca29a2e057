"""DL/T 645-2007 meters: a master over our link and the Meter built on a profile.

One read per data identifier (a block identifier such as 0001FF00 feeds several
quantities from one frame), follow-up frames (12) collected until the meter says it is
done, writes (14) and relay control (1C) with password and operator code, broadcast time
sync (08). Abnormal replies arrive as typed errors carrying the meter's reason; relay and
recharge outcomes are decided by reading status word 3 and the purchase count back.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal
from functools import partial
from typing import TypedDict

from drivers import dlt645
from drivers.errors import (
    BusCollision,
    ChecksumError,
    DriverError,
    FrameError,
    MeterTimeout,
    RejectedByMeter,
    UnsupportedByProfile,
)
from drivers.link import Link
from drivers.meter import (
    Meter,
    RechargeResult,
    RelayCommand,
    RelayResult,
    build_snapshot,
    check_amount,
    check_command,
    read_retry,
)
from drivers.profiles import Profile, Quantity, Value, decode_bcd, encode_bcd

log = logging.getLogger(__name__)

RELAY_CODES = {
    RelayCommand.CUT: dlt645.RELAY_CUT,
    RelayCommand.CLOSE: dlt645.RELAY_CLOSE_NOW,
    RelayCommand.GUARANTEE_ON: dlt645.GUARANTEE_ON,
    RelayCommand.GUARANTEE_OFF: dlt645.GUARANTEE_OFF,
}
MAX_FOLLOW_UPS = 32


class Credentials(TypedDict):
    """The profile's password fields, passed as keywords to every write and relay frame."""

    password: int
    level: int
    operator: int


def _summary(raw: bytes) -> str:
    return dlt645.decode_frame(raw).summary()


def _heard(raw: bytes) -> str:
    frames, garbage = split_frames(raw)
    text = "; ".join(f.summary() for f in frames) or "no frame"
    return text + (f" + {garbage} stray bytes" if garbage else "")


def split_frames(raw: bytes) -> tuple[list[dlt645.Frame], int]:
    """Whole frames in a byte stream (several answers one after the other) and the count of
    bytes that belong to none (FE preambles aside): overlapping answers leave such bytes."""
    frames: list[dlt645.Frame] = []
    garbage = 0
    pos = 0
    while pos < len(raw):
        frame, end = dlt645.find_frame(raw[pos:])
        if frame is None:
            garbage += sum(1 for b in raw[pos:] if b != 0xFE)
            break
        start = pos + end - (12 + len(frame.data))
        garbage += sum(1 for b in raw[pos:start] if b != 0xFE)
        frames.append(frame)
        pos += end
    return frames, garbage


def _no_such_data(exc: RejectedByMeter) -> bool:
    return exc.code is not None and bool(exc.code & 0x02)


class Dlt645Master:
    """Frame-level DL/T 645 access on one link (no meter model knowledge)."""

    def __init__(self, link: Link, timeout: float | None = None) -> None:
        self.link = link
        self.timeout = timeout  # None: the link's reply timeout

    def _call(
        self, request: bytes, control: int, address: bytes, recharge: bool = False
    ) -> dlt645.Frame:
        raw = self.link.transact(request, dlt645.reply_framing(request), self.timeout)
        try:
            return dlt645.check_reply(dlt645.decode_frame(raw), control, address, recharge)
        except FrameError as exc:
            self.link.reject(exc)
            raise
        except DriverError as exc:
            self.link.trace.mark_error(str(exc))
            raise

    def read(self, address: bytes, di: int) -> bytes:
        """Value bytes of ``di`` (after the DI), follow-up frames joined in order."""
        reply = self._call(dlt645.read_request(address, di), dlt645.READ, address)
        self._check_di(reply.data, di)
        data = bytearray(reply.data[4:])
        seq = 0
        while reply.has_follow_up:
            seq += 1
            if seq > MAX_FOLLOW_UPS:
                raise FrameError(f"more than {MAX_FOLLOW_UPS} follow-up frames for {di:08X}")
            reply = self._call(
                dlt645.read_follow_request(address, di, seq), dlt645.READ_FOLLOW, address
            )
            self._check_di(reply.data, di)
            if len(reply.data) < 5 or reply.data[-1] != seq & 0xFF:
                raise FrameError(f"follow-up frame {seq} of {di:08X} has a wrong sequence")
            data += reply.data[4:-1]
        return bytes(data)

    @staticmethod
    def _check_di(data: bytes, di: int) -> None:
        if len(data) < 4 or int.from_bytes(data[:4], "little") != di:
            raise FrameError(f"reply is not for data identifier {di:08X}")

    def write(
        self,
        address: bytes,
        di: int,
        payload: bytes,
        password: int = 0,
        level: int = 2,
        operator: int = 0,
        recharge: bool = False,
    ) -> None:
        request = dlt645.write_request(address, di, payload, password, level, operator)
        self._call(request, dlt645.WRITE, address, recharge)

    def relay(
        self,
        address: bytes,
        code: int,
        valid_until: datetime,
        password: int = 0,
        level: int = 2,
        operator: int = 0,
    ) -> None:
        request = dlt645.relay_request(address, code, valid_until, password, level, operator)
        self._call(request, dlt645.RELAY, address)

    def read_address(self) -> str:
        """Address of the single meter on the bus (AA wildcard). Several meters are a
        FrameError naming them (:meth:`read_addresses` lists them), garbled answers a
        :class:`BusCollision`."""
        found = self.read_addresses()
        if not found:
            raise MeterTimeout("no meter answered the AA wildcard", kind="timeout.wildcard")
        if len(found) > 1:
            raise FrameError(
                f"{len(found)} meters answered the AA wildcard: {', '.join(found)}",
                kind="frame.wildcard",
                count=len(found),
            )
        return found[0]

    def read_addresses(self, window: float | None = None) -> list[str]:
        """Every meter that answered the AA wildcard, in the order it answered.

        Meters that back off at random answer one after the other, each reply a whole
        frame: all are listed. Answers that overlap garble each other: any bytes that are not
        part of a valid frame mean a collision (:class:`BusCollision`, with the meters that
        were still heard whole), never one meter reported for several.
        """
        quiet = self.timeout or self.link.settings.timeout
        raw = self.link.collect(
            dlt645.read_address_request(),
            quiet,
            window if window is not None else 8 * quiet,
            _heard,
        )
        frames, garbage = split_frames(raw)
        found: list[str] = []
        for frame in frames:
            if (
                frame.function == dlt645.READ_ADDRESS
                and frame.is_reply
                and not frame.is_abnormal
                and frame.data == frame.address
            ):
                text = dlt645.address_text(frame.address)
                if text not in found:
                    found.append(text)
            else:
                garbage += 1  # a whole frame, but no answer to 13: not a meter's address
        if garbage:
            self.link.trace.mark_error("collision: several meters answered at once")
            raise BusCollision(
                f"garbled answers to the AA wildcard ({garbage} stray bytes or "
                "frames): several meters answered at once",
                found,
            )
        return found

    def broadcast_time(self, moment: datetime) -> None:
        self.link.send(dlt645.broadcast_time_request(moment), _summary)


class Dlt645Meter(Meter):
    """A DL/T 645-2007 meter; ``address`` is its 12-digit number."""

    def __init__(self, link: Link, profile: Profile, address: str | int) -> None:
        raw = dlt645.encode_address(address)
        super().__init__(link, profile, dlt645.address_text(raw))
        self.raw_address = raw
        self.master = Dlt645Master(link)
        self._block_refused: dict[int, float] = {}  # block DI -> when this meter refused it

    def _credentials(self) -> Credentials:
        p = self.profile
        return {"password": p.password, "level": p.password_level, "operator": p.operator}

    def read_quantities(self, names: list[str] | None = None) -> dict[str, Value]:
        """Read ``names``, one frame per identifier; a value with a ``block`` in the profile
        comes from that block while this meter answers it (probed once: a refused block is
        remembered and its values read one by one). A value the meter refuses ("no such
        data") is left out and remembered (:meth:`Meter.askable`); a meter that refuses
        all of ``names`` raises."""
        names = names or [q.name for q in self.profile.quantities.values() if q.group != "params"]
        for n in names:
            if n not in self.profile.quantities:
                raise UnsupportedByProfile(f"{self.profile.name} has no {n}")
        groups: dict[int, list[tuple[Quantity, int, bool]]] = {}
        for n in self.askable(names):
            q = self.profile.quantities[n]
            if q.block and self._block_usable(q.block):
                groups.setdefault(q.block, []).append((q, q.block_index, True))
            else:
                groups.setdefault(q.di, []).append((q, q.index, False))
        values: dict[str, Value] = {}
        refusal: RejectedByMeter | None = None
        while groups:
            di = next(iter(groups))
            items = groups.pop(di)
            for q, error in self._read_group(di, items, values):
                if error is None:  # the block lacked it, or refused: ask its own identifier
                    singles = groups.setdefault(q.di, [])
                    singles.append((q, q.index, False))
                else:
                    refusal = refusal or error
        return self.check_partial(names, values, refusal, "no such data")

    def _read_group(
        self, di: int, items: list[tuple[Quantity, int, bool]], values: dict[str, Value]
    ) -> list[tuple[Quantity, RejectedByMeter | None]]:
        """One frame for ``di``; returns the quantities it did not give: (q, None) to be
        read alone, (q, refusal) when the meter has no such data for q's own identifier."""
        via_block = items[0][2]
        try:
            data = self.master.read(self.raw_address, di)
        except RejectedByMeter as exc:
            if via_block:  # any refusal of a block: fall back to the single identifiers
                log.info(
                    "meter %s refuses block %08X (%s): reading its values one by one",
                    self.address,
                    di,
                    exc.reason,
                )
                self._block_refused[di] = self.clock()
                return [(q, None) for q, _, _ in items]
            if not _no_such_data(exc):
                raise
            for q, _, _ in items:
                self.mark_unsupported(q.name, f"DI {q.di:08X}")
            return [(q, exc) for q, _, _ in items]
        if via_block:
            self._block_refused.pop(di, None)
        left: list[tuple[Quantity, RejectedByMeter | None]] = []
        for q, position, block in items:
            off = position * q.size
            field = data[off : off + q.size]
            if len(field) != q.size:
                if block:  # a shorter block (a single-phase meter's phase A only)
                    left.append((q, None))
                    continue
                raise FrameError(
                    f"{q.name}: {di:08X} carries {len(data)} bytes, "
                    f"value {position} needs {off + q.size}"
                )
            values[q.name] = decode_bcd(q, field)
            self.mark_supported(q.name)
        return left

    def _block_usable(self, block: int) -> bool:
        refused = self._block_refused.get(block)
        return refused is None or self.clock() - refused >= self.reprobe_after

    def set_relay(self, command: RelayCommand) -> RelayResult:
        command = check_command(command)
        if self.profile.relay.method != "dlt645":
            raise UnsupportedByProfile(f"{self.profile.name} cannot {command.value}")
        if "status" not in self.profile.quantities:
            raise UnsupportedByProfile(f"{self.profile.name} has no status word to confirm")
        valid = self.local_now() + timedelta(minutes=self.profile.relay.valid_minutes)
        reply_ok, error = True, None
        try:
            self.master.relay(self.raw_address, RELAY_CODES[command], valid, **self._credentials())
        except (MeterTimeout, ChecksumError, FrameError) as exc:
            reply_ok, error = False, exc  # never resend blindly: read status word 3
        except RejectedByMeter as exc:
            if exc.code != 0x01:  # a password refused says so itself
                raise
            raise RejectedByMeter(exc.reason, exc.code, (*exc.reasons, dlt645.STALE_RELAY)) from exc
        values = read_retry(lambda: self.read_quantities(["status"]))
        snap = build_snapshot(self.profile, self.address, values)
        ok = self.relay_expected(command, snap.relay, snap.guarantee)
        if error is not None and not ok:
            raise error
        return RelayResult(command, snap.relay, snap.guarantee, ok, reply_ok)

    def recharge(self, amount: Decimal, count: int, max_sends: int = 2) -> RechargeResult:
        spec = self.profile.recharge
        if spec.method != "dlt645_write":
            raise UnsupportedByProfile(f"{self.profile.name} has no remote recharge")
        amount = check_amount(amount)
        payload = dlt645.encode_value(amount, spec.amount_format) + dlt645.encode_value(
            count, spec.count_format
        )

        def send() -> None:
            self.master.write(
                self.raw_address, spec.di, payload, recharge=True, **self._credentials()
            )

        return self._recharge_flow(send, amount, count, max_sends)

    def write_params(self, values: dict[str, Value]) -> dict[str, Value]:
        for name, value in values.items():
            q = self.profile.quantities.get(name)
            if q is None or not q.writable:
                raise UnsupportedByProfile(f"{self.profile.name} cannot write {name}")
            payload = encode_bcd(q, value)
            try:
                self.master.write(self.raw_address, q.di, payload, **self._credentials())
            except (MeterTimeout, ChecksumError, FrameError):
                back = read_retry(partial(self.read_quantities, [name]))
                if back[name] != value:
                    raise
        return read_retry(lambda: self.read_quantities(list(values)))

    def sync_clock(self, now: datetime | None = None) -> None:
        moment = (now or self.local_now()).replace(microsecond=0)
        method = self.profile.clock.method
        if method == "broadcast":
            self.master.broadcast_time(moment)
        elif method == "dlt645_write":
            creds = self._credentials()
            self.master.write(self.raw_address, 0x04000101, dlt645.encode_date(moment), **creds)
            self.master.write(self.raw_address, 0x04000102, dlt645.encode_time(moment), **creds)
        else:
            raise UnsupportedByProfile(f"{self.profile.name} has no clock to set")
