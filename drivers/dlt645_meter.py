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

from drivers import dlt645
from drivers.errors import (
    ChecksumError,
    DriverError,
    FrameError,
    MeterTimeout,
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


def _summary(raw: bytes) -> str:
    return dlt645.decode_frame(raw).summary()


class Dlt645Master:
    """Frame-level DL/T 645 access on one link (no meter model knowledge)."""

    def __init__(self, link: Link, timeout: float | None = None) -> None:
        self.link = link
        self.timeout = timeout  # None: the link's reply timeout

    def _call(self, request: bytes, control: int, address: bytes,
              recharge: bool = False) -> dlt645.Frame:
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
            reply = self._call(dlt645.read_follow_request(address, di, seq), dlt645.READ_FOLLOW,
                               address)
            self._check_di(reply.data, di)
            if len(reply.data) < 5 or reply.data[-1] != seq & 0xFF:
                raise FrameError(f"follow-up frame {seq} of {di:08X} has a wrong sequence")
            data += reply.data[4:-1]
        return bytes(data)

    @staticmethod
    def _check_di(data: bytes, di: int) -> None:
        if len(data) < 4 or int.from_bytes(data[:4], "little") != di:
            raise FrameError(f"reply is not for data identifier {di:08X}")

    def write(self, address: bytes, di: int, payload: bytes, password: int = 0, level: int = 2,
              operator: int = 0, recharge: bool = False) -> None:
        request = dlt645.write_request(address, di, payload, password, level, operator)
        self._call(request, dlt645.WRITE, address, recharge)

    def relay(self, address: bytes, code: int, valid_until: datetime, password: int = 0,
              level: int = 2, operator: int = 0) -> None:
        request = dlt645.relay_request(address, code, valid_until, password, level, operator)
        self._call(request, dlt645.RELAY, address)

    def read_address(self) -> str:
        """Address of the single meter on the bus (AA wildcard); two meters collide."""
        reply = self._call(dlt645.read_address_request(), dlt645.READ_ADDRESS, dlt645.WILDCARD)
        if len(reply.data) != 6 or reply.data != reply.address:
            raise FrameError("read-address reply does not carry the meter's address")
        return dlt645.address_text(reply.data)

    def broadcast_time(self, moment: datetime) -> None:
        self.link.send(dlt645.broadcast_time_request(moment), _summary)


class Dlt645Meter(Meter):
    """A DL/T 645-2007 meter; ``address`` is its 12-digit number."""

    def __init__(self, link: Link, profile: Profile, address: str | int) -> None:
        raw = dlt645.encode_address(address)
        super().__init__(link, profile, dlt645.address_text(raw))
        self.raw_address = raw
        self.master = Dlt645Master(link)

    def _credentials(self) -> dict[str, int]:
        p = self.profile
        return {"password": p.password, "level": p.password_level, "operator": p.operator}

    def read_quantities(self, names: list[str] | None = None) -> dict[str, Value]:
        names = names or [q.name for q in self.profile.quantities.values()
                          if q.group != "params"]
        by_di: dict[int, list[Quantity]] = {}
        for n in names:
            q = self.profile.quantities.get(n)
            if q is None:
                raise UnsupportedByProfile(f"{self.profile.name} has no {n}")
            by_di.setdefault(q.di, []).append(q)
        values: dict[str, Value] = {}
        for di, quantities in by_di.items():
            data = self.master.read(self.raw_address, di)
            for q in quantities:
                off = q.index * q.size
                field = data[off : off + q.size]
                if len(field) != q.size:
                    raise FrameError(f"{q.name}: {di:08X} carries {len(data)} bytes, "
                                     f"value {q.index} needs {off + q.size}")
                values[q.name] = decode_bcd(q, field)
        return values

    def set_relay(self, command: RelayCommand | str) -> RelayResult:
        command = RelayCommand(command)
        if self.profile.relay.method != "dlt645":
            raise UnsupportedByProfile(f"{self.profile.name} cannot {command.value}")
        if "status" not in self.profile.quantities:
            raise UnsupportedByProfile(f"{self.profile.name} has no status word to confirm")
        valid = datetime.now() + timedelta(minutes=self.profile.relay.valid_minutes)
        reply_ok, error = True, None
        try:
            self.master.relay(self.raw_address, RELAY_CODES[command], valid,
                              **self._credentials())
        except (MeterTimeout, ChecksumError, FrameError) as exc:
            reply_ok, error = False, exc  # never resend blindly: read status word 3
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
        payload = (dlt645.encode_value(amount, spec.amount_format)
                   + dlt645.encode_value(count, spec.count_format))

        def send() -> None:
            self.master.write(self.raw_address, spec.di, payload, recharge=True,
                              **self._credentials())

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
                back = read_retry(lambda q=q: self.read_quantities([q.name]))  # type: ignore[misc]
                if back[name] != value:
                    raise
        return read_retry(lambda: self.read_quantities(list(values)))

    def sync_clock(self, now: datetime | None = None) -> None:
        moment = (now or datetime.now()).replace(microsecond=0)
        method = self.profile.clock.method
        if method == "broadcast":
            self.master.broadcast_time(moment)
        elif method == "dlt645_write":
            creds = self._credentials()
            self.master.write(self.raw_address, 0x04000101, dlt645.encode_date(moment), **creds)
            self.master.write(self.raw_address, 0x04000102, dlt645.encode_time(moment), **creds)
        else:
            raise UnsupportedByProfile(f"{self.profile.name} has no clock to set")
