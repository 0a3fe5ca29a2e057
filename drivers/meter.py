"""The meter as the collector sees it: typed snapshots, results and one interface.

``Meter`` hides protocol and model: the collector calls ``read()``, ``set_relay()``,
``recharge()``, ``write_params()`` and ``sync_clock()`` and gets a typed result or one of
the typed errors of :mod:`drivers.errors`. Writes that move money or power are sent once
and then *verified by reading back*; the collector never has to guess whether a timed-out
recharge landed.
"""

from __future__ import annotations

import logging
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from drivers.errors import (
    ChecksumError,
    DriverError,
    FrameError,
    MeterTimeout,
    RechargeRejected,
    RejectedByMeter,
    UnsupportedByProfile,
)
from drivers.link import Link
from drivers.profiles import PHASE_QUANTITIES, PHASES, Profile, Value

log = logging.getLogger(__name__)

BANDS = ("sharp", "peak", "flat", "valley")
T = TypeVar("T")


class RelayState(StrEnum):
    CLOSED = "closed"  # supply on
    CUT = "cut"  # supply cut by the meter's (or the module's) relay
    UNKNOWN = "unknown"  # the profile cannot tell


class RelayCommand(StrEnum):
    CUT = "cut"
    CLOSE = "close"
    GUARANTEE_ON = "guarantee_on"  # guaranteed supply: the meter will not cut
    GUARANTEE_OFF = "guarantee_off"


@dataclass(frozen=True, slots=True)
class PhaseValues:
    """One phase of a three-phase meter: line-to-neutral voltage (V), current (A) and
    active power (kW, signed), Decimal like every other value; ``None`` if not read."""

    voltage: Decimal | None = None
    current: Decimal | None = None
    power: Decimal | None = None


@dataclass(frozen=True, slots=True)
class MeterSnapshot:
    """One reading of a meter; a quantity the profile does not have is ``None``.

    Energy is kWh with the meter's own resolution (0.01), money is yuan, both Decimal.
    ``balance`` is negative when the meter is in overdraft. ``phases`` is empty for a
    single-phase meter and holds ``"a"``, ``"b"``, ``"c"`` for a three-phase one (its
    ``power`` is then the meter's total; ``voltage``/``current`` only if the profile names
    such a quantity).
    """

    address: str
    profile: str
    taken_at: datetime
    energy_total: Decimal | None = None
    energy_bands: dict[str, Decimal] = field(default_factory=dict)
    voltage: Decimal | None = None
    current: Decimal | None = None
    power: Decimal | None = None
    power_factor: Decimal | None = None
    frequency: Decimal | None = None
    balance: Decimal | None = None
    purchase_count: int | None = None
    purchase_total: Decimal | None = None
    relay: RelayState = RelayState.UNKNOWN
    guarantee: bool | None = None
    flags: frozenset[str] = frozenset()
    status_word: int | None = None
    clock: datetime | None = None
    extra: dict[str, Value] = field(default_factory=dict)
    phases: dict[str, PhaseValues] = field(default_factory=dict)
    # quantities this meter refuses (name -> "DI 04000101" / "holding 0x0026"): not read
    unsupported: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class RelayResult:
    """Outcome of a relay command, decided by reading the state back.

    ``confirmed`` is True when the read-back shows what was asked; a meter in guaranteed
    supply keeps its relay closed on ``cut`` and reports ``confirmed=False``.
    """

    command: RelayCommand
    state: RelayState
    guarantee: bool | None
    confirmed: bool
    reply_ok: bool  # the command frame itself got a normal reply


@dataclass(frozen=True, slots=True)
class RechargeResult:
    """A recharge the meter holds: its purchase count now equals ``count``."""

    amount: Decimal
    count: int
    balance: Decimal | None
    sends: int  # frames sent (2 = resent once after the read-back showed it had not landed)
    confirmed_by_readback: bool  # the reply was lost; the purchase count proved it landed


def to_fen(amount: Decimal) -> int:
    """Yuan -> integer fen; refuses sub-fen amounts rather than rounding money."""
    fen = amount * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"{amount} yuan is not a whole number of fen")
    return int(fen)


def check_amount(amount: Decimal) -> Decimal:
    if isinstance(amount, float) or not isinstance(amount, Decimal | int):
        raise TypeError("money is Decimal (yuan), never float")
    amount = Decimal(amount)
    if amount <= 0:
        raise ValueError("a recharge amount must be positive")
    to_fen(amount)
    return amount


def build_snapshot(
    profile: Profile, address: str, values: dict[str, Value], now: datetime | None = None
) -> MeterSnapshot:
    """Assemble a snapshot from decoded quantities (shared by both protocols)."""
    v = dict(values)
    flags: frozenset[str] = frozenset()
    status_word = None
    relay = RelayState.UNKNOWN
    guarantee = None
    sq = profile.quantities.get("status")
    if sq is not None and "status" in v:
        status_word = _count("status", v.pop("status"))
        flags = frozenset(n for n, bit in sq.flags.items() if status_word >> bit & 1)
        if "relay_cut" in sq.flags:
            relay = RelayState.CUT if "relay_cut" in flags else RelayState.CLOSED
        if "guarantee" in sq.flags:
            guarantee = "guarantee" in flags
    clock = v.pop("clock", None)
    date_part, time_part = v.pop("clock_date", None), v.pop("clock_time", None)
    if isinstance(date_part, datetime):
        clock = date_part
    elif date_part is not None and time_part is not None:
        clock = _bcd_clock(_count("clock_date", date_part), _count("clock_time", time_part))
    balance = _number("balance", v.pop("balance", None))
    overdraft = _number("overdraft", v.pop("overdraft", None))
    if overdraft and balance is not None and balance == 0:
        balance = -overdraft
    bands = {b: _decimal(f"energy_{b}", v.pop(f"energy_{b}")) for b in BANDS if f"energy_{b}" in v}
    per_phase = {n: _number(n, v.pop(n)) for n in PHASE_QUANTITIES if n in v}
    phases = (
        {
            ph: PhaseValues(*(per_phase.get(f"{q}_{ph}") for q in ("voltage", "current", "power")))
            for ph in PHASES
        }
        if per_phase
        else {}
    )

    def num(name: str) -> Decimal | None:
        return _number(name, v.pop(name, None))

    count = v.pop("purchase_count", None)
    return MeterSnapshot(
        address=address,
        profile=profile.name,
        taken_at=now or datetime.now(),
        energy_bands=bands,
        balance=balance,
        relay=relay,
        guarantee=guarantee,
        flags=flags,
        status_word=status_word,
        clock=clock if isinstance(clock, datetime) else None,
        energy_total=num("energy_total"),
        voltage=num("voltage"),
        current=num("current"),
        power=num("power"),
        power_factor=num("power_factor"),
        frequency=num("frequency"),
        purchase_count=None if count is None else _count("purchase_count", count),
        purchase_total=num("purchase_total"),
        extra=v,
        phases=phases,
    )


def _number(name: str, value: Value | None) -> Decimal | None:
    """A decoded snapshot number as the snapshot types it (Decimal; None: not read)."""
    return None if value is None else _decimal(name, value)


def _decimal(name: str, value: Value) -> Decimal:
    if isinstance(value, datetime):  # profiles refuse datetime6 for these names
        raise TypeError(f"{name} is a number, the meter profile decoded a date")
    return value if isinstance(value, Decimal) else Decimal(value)


def _count(name: str, value: Value) -> int:
    """A count or status word (int); a scaled Decimal is cut to its integer part."""
    if isinstance(value, datetime):
        raise TypeError(f"{name} is a number, the meter profile decoded a date")
    return int(value)


def _bcd_clock(date_value: int, time_value: int) -> datetime | None:
    """Decimal digits of YYMMDDWW / hhmmss (as bcd_to_int gives them) -> datetime."""
    yy, mm, dd = date_value // 1000000, date_value // 10000 % 100, date_value // 100 % 100
    hh, mi, ss = time_value // 10000, time_value // 100 % 100, time_value % 100
    try:
        return datetime(2000 + yy, mm, dd, hh, mi, ss)
    except ValueError:
        log.warning("meter clock is not a valid date: %s %s", date_value, time_value)
        return None


def read_retry(fn: Callable[[], T], attempts: int = 3) -> T:
    """Retry an *idempotent* read after a timeout or a damaged frame (read-back paths)."""
    last: DriverError | None = None
    for _ in range(attempts):
        try:
            return fn()
        except (MeterTimeout, ChecksumError, FrameError) as exc:
            last = exc
    assert last is not None
    raise last


def check_command(command: object) -> RelayCommand:
    """The relay API takes only :class:`RelayCommand`. A plain string is refused: ``"close"``
    once reached a coil module as *off* (an ``is`` test against the enum failed), cutting
    the supply it was asked to restore."""
    if not isinstance(command, RelayCommand):
        raise TypeError(
            f"a relay command is a RelayCommand (e.g. RelayCommand.CLOSE), "
            f"got {type(command).__name__} {command!r}"
        )
    return command


REPROBE_AFTER = 86_400.0  # seconds: a quantity the meter refused is asked again once a day


class Meter(ABC):
    """One meter on one link, driven by its profile.

    Real meters each support a different subset of a profile: a quantity the meter refuses
    (DL/T 645 "no such data", Modbus exception 02) is remembered in ``unsupported`` (name ->
    "DI 04000101" / "holding 0x0026"), left out of later reads and asked again after
    ``reprobe_after`` seconds of ``clock`` (a firmware update, a replaced meter). The
    collector keeps its Meter objects for the life of the bus worker, so this costs one
    refused frame per quantity per day.
    """

    def __init__(self, link: Link, profile: Profile, address: str) -> None:
        self.link = link
        self.profile = profile
        self.address = address
        self.unsupported: dict[str, str] = {}
        self._refused_at: dict[str, float] = {}
        self.reprobe_after = REPROBE_AFTER
        self.clock: Callable[[], float] = time.monotonic
        # The meter's wall time (naive, the site's zone): what its clock is set to, and what
        # a DL/T 645 relay command's "valid until" is read against. The collector sets it
        # to the park's time; this PC's local time is only the default for the CLI.
        self.local_now: Callable[[], datetime] = datetime.now

    # --- quantities the meter refuses ----------------------------------------------------

    def askable(self, names: list[str]) -> list[str]:
        """``names`` less those refused recently (a refused one is asked again when due)."""
        if not self._refused_at:
            return names
        now = self.clock()
        return [
            n
            for n in names
            if n not in self._refused_at or now - self._refused_at[n] >= self.reprobe_after
        ]

    def mark_unsupported(self, name: str, where: str) -> None:
        if name not in self.unsupported:
            log.info("meter %s does not support %s (%s)", self.address, name, where)
        self.unsupported[name] = where
        self._refused_at[name] = self.clock()

    def mark_supported(self, name: str) -> None:
        if self._refused_at.pop(name, None) is not None:
            self.unsupported.pop(name, None)

    def unsupported_of(self, names: list[str]) -> dict[str, str]:
        return {n: self.unsupported[n] for n in names if n in self.unsupported}

    def check_partial(
        self, names: list[str], values: dict[str, Value], refusal: DriverError | None, reason: str
    ) -> dict[str, Value]:
        """The values read; a meter that refused every one of ``names`` is still an error
        (the refusal itself, or one naming what it is known not to support)."""
        if values or not names:
            return values
        if refusal is not None:
            raise refusal
        where = ", ".join(self.unsupported_of(names).values())
        raise RejectedByMeter(reason, reasons=(reason, f"not supported by this meter: {where}"))

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.profile.name} @{self.address} on {self.link.url}>"

    @abstractmethod
    def read_quantities(self, names: list[str] | None = None) -> dict[str, Value]:
        """Read the named quantities (default: the snapshot group and extras)."""

    def read(self) -> MeterSnapshot:
        """One snapshot: energy, V/I/P/PF/f, money, relay, status, clock."""
        names = [q.name for q in self.profile.quantities.values() if q.group != "params"]
        snap = build_snapshot(self.profile, self.address, self.read_quantities(names))
        missing = self.unsupported_of(names)
        return replace(snap, unsupported=missing) if missing else snap

    def read_params(self) -> dict[str, Value]:
        """Prices (price_1..4 = sharp, peak, flat, valley), alarm lines, maximum balance."""
        names = [q.name for q in self.profile.quantities_in("params")]
        return self.read_quantities(names) if names else {}

    @abstractmethod
    def set_relay(self, command: RelayCommand) -> RelayResult:
        """Send the relay command once, then read the state back to decide.

        Raises TypeError for anything but a :class:`RelayCommand` (see check_command)."""

    @abstractmethod
    def recharge(self, amount: Decimal, count: int) -> RechargeResult:
        """Credit ``amount`` yuan as purchase number ``count`` (the meter's count + 1)."""

    @abstractmethod
    def write_params(self, values: dict[str, Value]) -> dict[str, Value]:
        """Write prices / alarm thresholds / maximum balance; returns the read-back."""

    @abstractmethod
    def sync_clock(self, now: datetime | None = None) -> None:
        """Set the meter clock to ``now`` (host local time by default)."""

    # --- recharge flow shared by both protocols ------------------------------------------

    def purchase_count(self) -> int:
        """The meter's purchase count, read with retries (it decides recharge outcomes)."""
        if "purchase_count" not in self.profile.quantities:
            raise UnsupportedByProfile(f"{self.profile.name} has no purchase count")
        values = read_retry(lambda: self.read_quantities(["purchase_count"]))
        return _count("purchase_count", values["purchase_count"])

    def _recharge_flow(
        self, send: Callable[[], None], amount: Decimal, count: int, max_sends: int
    ) -> RechargeResult:
        """Send once; if the reply is lost, the purchase count says what happened.

        count reached -> done; still count-1 -> the frame never landed, send the *same*
        frame again (safe: the meter refuses a repeat); anything else -> wrong count.
        A refusal (:class:`RechargeRejected`) from ``send`` propagates unchanged.
        """
        sends = 0
        while True:
            sends += 1
            try:
                send()
            except (MeterTimeout, ChecksumError, FrameError) as exc:
                now = self.purchase_count()
                if now == count:
                    return self._recharge_done(amount, count, sends, True)
                if now == count - 1 and sends < max_sends:
                    log.info("recharge %s #%d did not land, sending it again", self.address, count)
                    continue
                if now == count - 1:
                    raise
                raise RechargeRejected(
                    "wrong_count",
                    reasons=("wrong_count", f"meter count is {now}, expected {count - 1}"),
                ) from exc
            now = self.purchase_count()
            if now != count:
                raise RechargeRejected(
                    "wrong_count",
                    reasons=("wrong_count", f"meter count is {now} after an accepted recharge"),
                )
            return self._recharge_done(amount, count, sends, False)

    def _recharge_done(
        self, amount: Decimal, count: int, sends: int, readback: bool
    ) -> RechargeResult:
        balance = None
        if "balance" in self.profile.quantities:
            try:
                snap = build_snapshot(
                    self.profile,
                    self.address,
                    read_retry(
                        lambda: self.read_quantities(
                            [n for n in ("balance", "overdraft") if n in self.profile.quantities]
                        )
                    ),
                )
                balance = snap.balance
            except DriverError as exc:
                log.warning("balance after recharge unreadable: %s", exc)
        return RechargeResult(amount, count, balance, sends, readback)

    def relay_expected(
        self, command: RelayCommand, state: RelayState, guarantee: bool | None
    ) -> bool:
        if command is RelayCommand.CUT:
            return state is RelayState.CUT
        if command is RelayCommand.CLOSE:
            return state is RelayState.CLOSED
        if command is RelayCommand.GUARANTEE_ON:
            return guarantee is True
        return guarantee is False
