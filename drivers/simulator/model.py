"""A virtual prepaid meter: consumption, tariff bands, balance, relay, purchase count.

Protocol-free state shared by the Modbus and DL/T 645 faces of the simulator. Everything
is integer: energy in 0.01 kWh, money in micro-yuan (a 4-decimal price times 0.01 kWh is a
whole number of micro-yuan), so the simulated meter is as exact as the real one and tests
can compare values without tolerance.
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from drivers.simulator.appliances import DormRoom, Switch

# Tariff band by hour: 0 sharp, 1 peak, 2 flat, 3 valley (a common Chinese TOU split).
BAND_BY_HOUR = (3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 2, 2, 2, 2, 2, 2, 1, 1, 0, 0, 1, 2, 3)
ROOM_TYPES = ("dorm", "shop", "office")
RECHARGE_OK, RECHARGE_REPEAT, RECHARGE_WRONG_COUNT, RECHARGE_OVER_MAX = 1, 2, 3, 4
MICRO = 1_000_000
MALICIOUS_PF = 0.95  # the simulated meter's malicious-load rule: a step this resistive


class SimClock:
    """Simulated wall clock: ``rate`` simulated seconds per real second (0 = frozen).

    ``set_rate`` changes the speed without a jump: a test builds its site on a frozen clock
    and starts the day only once the collector has taken its first reading, so what happens
    in simulated time never depends on how long the set-up took on a busy machine.
    """

    def __init__(self, start: datetime | None = None, rate: float = 1.0) -> None:
        self.start = (start or datetime.now()).replace(microsecond=0)
        self.rate = rate
        self._t0 = time.monotonic()
        self._lock = threading.Lock()  # set_rate moves start, _t0 and rate together

    def now(self) -> datetime:
        with self._lock:
            return self.start + timedelta(seconds=(time.monotonic() - self._t0) * self.rate)

    def set_rate(self, rate: float) -> None:
        """Run at ``rate`` from the present simulated moment on (0 freezes it there)."""
        with self._lock:
            mono = time.monotonic()
            self.start += timedelta(seconds=(mono - self._t0) * self.rate)
            self._t0, self.rate = mono, rate


def load_watts(room: str, moment: datetime, seed: int) -> float:
    """Day/night load of one room type, with a per-meter offset so meters differ."""
    h = moment.hour + moment.minute / 60
    if room == "shop":
        shape = 0.1 + (0.9 if 9 <= h < 21 else 0.0)
        peak = 3000.0
    elif room == "office":
        shape = 0.05 + (0.95 if 8 <= h < 18 and moment.weekday() < 5 else 0.0)
        peak = 2000.0
    else:  # dorm: evenings and mornings
        shape = 0.15 + 0.85 * max(math.exp(-((h - 21) ** 2) / 6), 0.5 * math.exp(-((h - 7) ** 2)))
        peak = 1500.0
    jitter = 0.8 + 0.4 * ((seed * 7919) % 100) / 100
    return peak * shape * jitter


@dataclass
class VirtualMeter:
    """State of one simulated meter; every method is called under the meter's lock."""

    address: str  # Modbus unit id as text, or the 12-digit DL/T 645 number
    protocol: str
    face: str = "prepaid"  # "prepaid" (sim-prepaid maps) or "sdm630" (three-phase, no relay)
    room: str = "dorm"
    seed: int = 0
    energy: list[int] = field(default_factory=lambda: [0, 0, 0, 0])  # 0.01 kWh per band
    balance_u: int = 100 * MICRO  # micro-yuan
    purchase_count: int = 0
    purchase_total_fen: int = 0
    prices_e4: list[int] = field(default_factory=lambda: [9000, 7000, 5000, 3000])
    alarm_1_fen: int = 2000
    alarm_2_fen: int = 500
    max_balance_fen: int = 500_000
    cutoff_fen: int = 0
    commanded_cut: bool = False
    guarantee: bool = False
    reset_flag: bool = False
    last_recharge_result: int = 0
    clock_offset: timedelta = timedelta(0)
    frozen_power_w: float | None = None  # fixed load (tests) instead of the day/night curve
    # a generic meter that lacks some identifiers: DL/T 645 DIs answered D1 02 (no such
    # data), Modbus register addresses answered with exception 02 (illegal data address)
    unsupported: set[int] = field(default_factory=set)
    refuse_blocks: bool = False  # DL/T 645: block identifiers (..FF..) answered D1 02
    # issue 19: the meter plays its room's appliances (a prepaid-face meter only);
    # make_meters turns it on for dorm rooms, the demo park (app/collector/simbus.py) for
    # the meters under load control; showcase: minutes between extra kettle uses (demo)
    play_appliances: bool = False
    showcase: float = 0.0
    # the meter's own load rules (0: off): a switch-on step with PF >= MALICIOUS_PF and at
    # least malicious_w is a malicious load; total power above power_limit_w is over-power;
    # current above overload_a is an overload. The flags stay set until the relay is closed
    # (a restore) or clear_load_events(); self_cut: the meter cuts its relay itself.
    malicious_w: int = 0
    power_limit_w: int = 0
    overload_a: float = 0.0
    self_cut: bool = False
    load_events: set[str] = field(default_factory=set)
    _room: DormRoom | None = field(default=None, repr=False)
    _rules_at: datetime | None = field(default=None, repr=False)
    _joules: int = 0
    _last: datetime | None = None
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # --- derived values -------------------------------------------------------------

    @property
    def balance_fen(self) -> int:
        return math.floor(self.balance_u / 10_000)

    @property
    def relay_cut(self) -> bool:
        if self.guarantee or self.face != "prepaid":  # a monitoring meter has no relay
            return False
        return self.commanded_cut or self.balance_fen <= self.cutoff_fen

    @property
    def energy_total(self) -> int:
        return sum(self.energy)

    @property
    def appliances(self) -> DormRoom | None:
        """The room's appliances when this meter plays them (a prepaid meter)."""
        if not self.play_appliances or self.face != "prepaid":
            return None
        if self._room is None:
            seed = self.seed * 1_000_003 + int(self.address or 0)
            self._room = DormRoom(seed, showcase=self.showcase)
        return self._room

    def switches(self, start: datetime, end: datetime) -> list[Switch]:
        """The labelled switch-ons of this meter's appliances in [start, end)."""
        room = self.appliances
        return room.switches(start, end) if room is not None else []

    def _reading(self, moment: datetime) -> tuple[float, float]:
        """(P, PF) of the load now: fixed, the appliances', or the day/night curve."""
        if self.relay_cut:
            return 0.0, 1.0
        if self.frozen_power_w is not None:
            return self.frozen_power_w, 0.95
        room = self.appliances
        if room is not None:
            return room.reading(moment, self._voltage())
        return load_watts(self.room, moment, self.seed), 0.95

    def _voltage(self) -> float:
        return 220.0 + ((self.seed * 31) % 60 - 30) / 10

    def power_w(self, moment: datetime) -> float:
        return self._reading(moment)[0]

    def electrical(self, moment: datetime) -> dict[str, float]:
        """Instantaneous V, I, P, PF, f consistent with the load (plausible noise-free)."""
        p, pf = self._reading(moment)
        v = self._voltage()
        pf = pf if p > 0 else 1.0
        i = p / (v * pf) if p else 0.0
        return {
            "voltage": v,
            "current": i,
            "power_kw": p / 1000,
            "pf": pf,
            "freq": 50.0,
            "apparent_kva": p / pf / 1000,
        }

    def phases(self, moment: datetime) -> list[tuple[float, float, float]]:
        """(V, A, W) of phases A, B, C: the load split unevenly (40/35/25 %, rotated by the
        seed), each phase's voltage a little off the others, the same PF on each."""
        e = self.electrical(moment)
        shares = (0.40, 0.35, 0.25)
        k = self.seed % 3
        out = []
        for i, offset in enumerate((0.0, -0.6, 0.9)):
            w = e["power_kw"] * 1000 * shares[(i + k) % 3]
            v = e["voltage"] + offset
            out.append((v, w / (v * e["pf"]) if w else 0.0, w))
        return out

    def status_flags(self) -> dict[str, bool]:
        return {
            "relay_cut": self.relay_cut,
            "guarantee": self.guarantee,
            "alarm_1": self.balance_fen <= self.alarm_1_fen,
            "alarm_2": self.balance_fen <= self.alarm_2_fen,
            "overdraft": self.balance_fen <= self.cutoff_fen,
            "reset": self.reset_flag,
            "relay_command_cut": self.commanded_cut,
            "malicious_load": "malicious_load" in self.load_events,
            "overload": "overload" in self.load_events,
            "over_power": "over_power" in self.load_events,
        }

    def clear_load_events(self) -> None:
        self.load_events.clear()

    def check_load_rules(self, moment: datetime) -> None:
        """The meter's own load rules over the switches since the last check (issue 19)."""
        since, self._rules_at = self._rules_at, moment
        if self.relay_cut or not (self.malicious_w or self.power_limit_w or self.overload_a):
            return
        fired = set()
        room = self.appliances
        if self.malicious_w and room is not None and since is not None and moment > since:
            for s in room.switches(since, moment):
                if s.pf >= MALICIOUS_PF and s.power_w >= self.malicious_w:
                    fired.add("malicious_load")
        e = self.electrical(moment)
        if self.power_limit_w and e["power_kw"] * 1000 > self.power_limit_w:
            fired.add("over_power")
        if self.overload_a and e["current"] > self.overload_a:
            fired.add("overload")
        self.load_events |= fired
        if fired and self.self_cut:
            self.relay_command("cut")

    # --- time -------------------------------------------------------------------------

    def advance(self, moment: datetime) -> None:
        """Integrate consumption up to ``moment``, in steps short enough to follow bands."""
        self._integrate(moment)
        self.check_load_rules(moment)

    def _energy_j(self, t: datetime, end: datetime) -> int:
        """Joules from ``t`` to ``end`` at the load of ``t`` (a played room: exactly)."""
        room = self.appliances
        if room is not None and not self.relay_cut and self.frozen_power_w is None:
            return round(room.energy_j(t, end))
        return round(self.power_w(t) * (end - t).total_seconds())

    def _integrate(self, moment: datetime) -> None:
        if self._last is None or moment <= self._last:
            self._last = moment if self._last is None else self._last
            return
        t = self._last
        while t < moment:
            hour_end = t.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
            # 5-minute steps follow the load curve; a long gap (a demo resumed after a
            # night closed) goes by the hour, so its first poll costs 24 steps a day
            fine = moment - t <= timedelta(hours=1)
            step_end = min(moment, hour_end, t + timedelta(minutes=5)) if fine else hour_end
            self._joules += self._energy_j(t, step_end)  # integer: no float drift
            band = BAND_BY_HOUR[t.hour]
            while self._joules >= 36_000:  # 0.01 kWh
                self._joules -= 36_000
                self.energy[band] += 1
                self.balance_u -= self.prices_e4[band]  # price (4 dp) x 0.01 kWh
            t = step_end
        self._last = moment

    def meter_time(self, moment: datetime) -> datetime:
        return moment + self.clock_offset

    # --- commands ---------------------------------------------------------------------

    def recharge(self, amount_fen: int, count: int) -> int:
        """The purchase-count rule: count+1 once, repeats and gaps refused, cap enforced."""
        if count == self.purchase_count:
            result = RECHARGE_REPEAT
        elif count != self.purchase_count + 1:
            result = RECHARGE_WRONG_COUNT
        elif self.balance_fen + amount_fen > self.max_balance_fen or amount_fen <= 0:
            result = RECHARGE_OVER_MAX
        else:
            self.balance_u += amount_fen * 10_000
            self.purchase_count = count
            self.purchase_total_fen += amount_fen
            result = RECHARGE_OK
        self.last_recharge_result = result
        return result

    def relay_command(self, command: str) -> None:
        if command == "cut":
            if not self.guarantee:
                self.commanded_cut = True
        elif command == "close":
            self.commanded_cut = False
            self.load_events.clear()  # a restore clears the meter's load events
        elif command == "guarantee_on":
            self.guarantee = True
        elif command == "guarantee_off":
            self.guarantee = False

    def replace_meter(self) -> None:
        """A new meter on the same address: registers start from zero."""
        self.energy = [0, 0, 0, 0]
        self.balance_u = 0
        self.purchase_count = 0
        self.purchase_total_fen = 0
        self.commanded_cut = False
        self.guarantee = False
        self.reset_flag = True
        self._joules = 0


def make_meters(count: int, protocol: str, seed: int = 1) -> list[VirtualMeter]:
    """N meters: Modbus units 1..N, DL/T 645 numbers 000000000001..; mixed alternates."""
    rng = random.Random(seed)
    meters = []
    for i in range(1, count + 1):
        proto = protocol if protocol != "mixed" else ("modbus" if i % 2 else "dlt645")
        address = str(i) if proto == "modbus" else f"{i:012d}"
        meters.append(
            VirtualMeter(
                address=address,
                protocol=proto,
                room=ROOM_TYPES[rng.randrange(3)],
                seed=rng.randrange(1000),
                energy=[rng.randrange(100, 200_000) for _ in range(4)],
                balance_u=rng.randrange(20, 400) * MICRO,
            )
        )
        meters[-1].play_appliances = meters[-1].room == "dorm"
    return meters
