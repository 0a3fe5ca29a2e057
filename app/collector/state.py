"""From a meter snapshot to the ``meter_state`` row, and the events a change means.

Pure functions over a small in-memory picture of each meter (``Known``), so the writer
can compare every poll with the previous one without reading the table back, and tests
can check each event rule without a bus. Units follow ``MeterState``: energy Decimal kWh
(0.01), voltage 0.1 V, current mA, power W, power factor 0.001, frequency 0.01 Hz, money fen;
per phase the same (``voltage_a_dv``, ``current_a_ma``, ``power_a_w`` ... for a, b, c).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from drivers.meter import MeterSnapshot
from drivers.meter import RelayState as DriverRelay

from ..models import BillingMode, RelayState
from .config import Rules

KWH = Decimal("0.01")
# the registers' resolution: a step back of at most this much is the last digit rounding,
# not the meter going backwards (``energy.backwards`` is for a step beyond it)
RESOLUTION = KWH
ENERGY_FIELDS = ("energy_total", "energy_sharp", "energy_peak", "energy_flat", "energy_valley")
RELAY_MAP = {
    DriverRelay.CUT: RelayState.OPEN,
    DriverRelay.CLOSED: RelayState.CLOSED,
    DriverRelay.UNKNOWN: RelayState.UNKNOWN,
}


@dataclass(frozen=True)
class MeterFacts:
    """What the writer needs to know about a meter row (loaded once, plain data)."""

    meter_id: int
    room_id: int | None
    building_id: int | None
    billing_mode: BillingMode
    is_tenant: bool
    power_limit_w: int | None


@dataclass
class Known:
    """The writer's picture of one meter: the last stored values and the alarm flags."""

    exists: bool = False  # a meter_state row exists
    seen: bool = False  # the meter answered at least once (ever)
    online: bool = False
    offline_told: bool = False  # the offline event was written (once per outage)
    relay: RelayState = RelayState.UNKNOWN
    values: dict[str, Any] = field(default_factory=dict)
    level: int = 0
    drift: bool = False
    over_limit: bool = False
    slot: datetime | None = None  # last interval reading
    day: date | None = None  # last daily freeze


@dataclass
class EventSpec:
    kind: str
    level: int
    message: str
    data: dict[str, Any] = field(default_factory=dict)


def _scaled(value: Decimal | None, factor: int) -> int | None:
    if value is None:
        return None
    return int((Decimal(value) * factor).to_integral_value(ROUND_HALF_UP))


def state_values(snap: MeterSnapshot, zone: ZoneInfo) -> dict[str, Any]:
    """Columns of ``meter_state`` that this snapshot holds (absent quantities left out)."""
    v: dict[str, Any] = {}
    if snap.energy_total is not None:
        v["energy_total"] = Decimal(snap.energy_total).quantize(KWH, ROUND_DOWN)
    for band, kwh in snap.energy_bands.items():
        v[f"energy_{band}"] = Decimal(kwh).quantize(KWH, ROUND_DOWN)
    for name, attr, factor in (
        ("voltage_dv", "voltage", 10),
        ("current_ma", "current", 1000),
        ("power_w", "power", 1000),
        ("pf_milli", "power_factor", 1000),
        ("freq_chz", "frequency", 100),
        ("balance_fen", "balance", 100),
        ("purchased_fen", "purchase_total", 100),
    ):
        scaled = _scaled(getattr(snap, attr), factor)
        if scaled is not None:
            v[name] = scaled
    for phase, values in snap.phases.items():
        for column, value, factor in (
            (f"voltage_{phase}_dv", values.voltage, 10),
            (f"current_{phase}_ma", values.current, 1000),
            (f"power_{phase}_w", values.power, 1000),
        ):
            scaled = _scaled(value, factor)
            if scaled is not None:
                v[column] = scaled
    if snap.purchase_count is not None:
        v["purchase_count"] = int(snap.purchase_count)
    if snap.relay is not DriverRelay.UNKNOWN:
        v["relay"] = RELAY_MAP[snap.relay]
    if snap.guarantee is not None:
        v["guaranteed"] = bool(snap.guarantee)
    if snap.status_word is not None:
        v["status_flags"] = int(snap.status_word)
    if snap.clock is not None:
        v["meter_clock"] = snap.clock.replace(tzinfo=zone)
    return v


def detect(
    known: Known,
    new: dict[str, Any],
    snap: MeterSnapshot,
    facts: MeterFacts,
    rules: Rules,
    at: datetime,
    by: str | None,
    rule: str = "",
) -> list[EventSpec]:
    """Events that the step from ``known`` to ``new`` means (updates ``known``'s flags)."""
    out: list[EventSpec] = []
    old = known.values
    if known.seen and not known.online:
        out.append(EventSpec("meter.online", 0, "meter answers again", {"online": True}))
    relay = new.get("relay")
    if relay is not None and known.relay is not RelayState.UNKNOWN and relay != known.relay:
        who = by or "meter"
        text = "cut" if relay is RelayState.OPEN else "closed"
        out.append(
            EventSpec(
                "relay.changed",
                1 if relay is RelayState.OPEN else 0,
                f"relay {text} by {who}" + (f" (rule {rule})" if rule else ""),
                {"relay": relay.value, "by": who, "rule": rule},
            )
        )
    if "reset" in snap.flags:
        out.append(EventSpec("meter.reset", 2, "the meter reports a reset", {"reset": True}))
    total, before = new.get("energy_total"), old.get("energy_total")
    if total is not None and before is not None and total < before:
        count, count_before = new.get("purchase_count"), old.get("purchase_count")
        replaced = count is not None and count_before is not None and count < count_before
        if not replaced and before - total <= RESOLUTION:
            # one step of the register's last digit (a float register rounded the other
            # way): no event, and the stored registers stay where they were
            for name in ENERGY_FIELDS:
                new.pop(name, None)
            return out + _rest(known, new, facts, rules, at)
        out.append(
            EventSpec(
                "meter.replaced" if replaced else "energy.backwards",
                2,
                f"energy register went from {before} to {total} kWh"
                + (" and the purchase count restarted: meter replaced?" if replaced else ""),
                {"before": str(before), "after": str(total), "step": str(before - total)},
            )
        )
    return out + _rest(known, new, facts, rules, at)


def _rest(
    known: Known, new: dict[str, Any], facts: MeterFacts, rules: Rules, at: datetime
) -> list[EventSpec]:
    """The events of balance, clock and power (after the relay and register checks)."""
    out: list[EventSpec] = []
    balance = new.get("balance_fen")
    if balance is not None and facts.billing_mode is BillingMode.METER:
        level = rules.level(balance)
        if level > known.level:
            out.append(
                EventSpec(
                    "balance.alarm",
                    level,
                    f"balance {balance / 100:.2f} yuan reached alarm level {level}",
                    {"balance_fen": balance, "alarm": level},
                )
            )
        known.level = level
    clock = new.get("meter_clock")
    if clock is not None:
        drift = abs((clock - at).total_seconds())
        if drift > rules.clock_drift_s and not known.drift:
            out.append(
                EventSpec("clock.drift", 1, f"meter clock is {drift:.0f} s off", {"s": drift})
            )
        known.drift = drift > rules.clock_drift_s
    power = new.get("power_w")
    if power is not None and facts.power_limit_w:
        over = power > facts.power_limit_w
        if over and not known.over_limit:
            out.append(
                EventSpec(
                    "power.over_limit",
                    2,
                    f"power {power} W above the room's limit of {facts.power_limit_w} W",
                    {"power_w": power, "limit_w": facts.power_limit_w},
                )
            )
        known.over_limit = over
    return out


def changed(known: Known, new: dict[str, Any]) -> dict[str, Any]:
    """The columns whose value differs from what is stored."""
    return {k: v for k, v in new.items() if known.values.get(k) != v}
