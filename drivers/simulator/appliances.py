"""Appliances in a simulated dormitory room: a labelled, seeded switch schedule and the meter
reading it produces (issue 19).

The models here are the simulator's own, NOT the detector's library (app/loadcontrol reads
resources/appliances.toml; this module never does), so a benchmark of the detector against
them measures something. Each model has a unit-to-unit spread (one room's kettle is 1,650 W,
another's 1,950 W), a per-switch spread, a duration and times of day; the figures come from:

- rated powers: Chinese retail ranges of the class (1.5-1.8 L kettles 1,500-2,200 W, 热得快
  500-2,000 W, hair dryers 1,200-2,000 W, electric blankets 60-120 W, 暖手宝 360-500 W,
  rice cookers 300-700 W, induction hobs 1,600-2,200 W, microwave ovens 700 W output /
  1,150-1,300 W input) and the energy labels (GB 21455 air conditioners, GB 12021.2 fridges);
- power factors: PLAID (Gao et al., 2014) and WHITED (Kahl et al., 2016) steady-state
  figures: heaters 0.99-1.0, hair dryers 0.97-0.99 (the fan motor), microwaves 0.87-0.93,
  laptop chargers 0.5-0.6, LCD monitors 0.6-0.9, compressor fridges 0.6-0.8, fans 0.9-0.97;
  active-PFC PCs 0.9-0.96 at the 20-50 % load they run at (80 PLUS test reports);
- times of day and durations: UK-DALE kettle and hair-dryer usage (short, mornings and
  evenings), shifted to a student day (late evenings, a 23:00 lights-out in the rules).

A room plays its schedule day by day (a day's switches come from a generator seeded with the
room's seed and the date), so any moment's power can be computed without the days before:
the live simulator (``VirtualMeter``) and the benchmark share :meth:`DormRoom.reading`.
The meter is modelled as averaging P and Q over a 1 s window, as metering chips do, so a
switch inside the last second before a poll shows as a step spread over two polls.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

WINDOW_S = 1.0  # the meter's measuring window: P and Q are its means
BASE_W, BASE_PF = 9.0, 0.5  # router and chargers on standby


@dataclass(frozen=True, slots=True)
class Model:
    """One appliance as the simulator plays it (the label ``key`` is the library's key)."""

    key: str
    forbidden: bool
    watts: float  # mean rated power of a unit
    unit_sd: float  # unit-to-unit spread, ratio
    pf: float  # mean PF of the step
    pf_sd: float
    own: float  # share of rooms with one
    uses: float  # mean switch-ons per day (Poisson) for appliances used on demand
    minutes: float  # median duration (log-normal, sigma 0.5)
    hours: tuple[tuple[int, int, float], ...]  # (from, to, weight) local hours
    cycle: tuple[float, float] | None = None  # thermostat/compressor (on, off) minutes
    ramp_s: float = 0.0  # power rises over this long after the switch (inverter start)
    resistive: bool = False  # power follows the mains voltage squared


DAILY = ((7, 9, 2.0), (12, 14, 1.0), (17, 19, 1.0), (21, 24, 3.0))
EVENING_NIGHT = ((19, 24, 2.0), (0, 1, 1.0))
DAY = ((8, 12, 1.0), (13, 18, 1.0), (19, 24, 2.0))
ALL_DAY = ((0, 24, 1.0),)
MORNING_NIGHT = ((7, 9, 2.0), (21, 24, 3.0))
BEDTIME = ((21, 24, 3.0), (0, 2, 1.0))
MEALS = ((11, 13, 1.0), (17, 19, 1.0))
COOKING = ((11, 13, 1.0), (17, 22, 1.0))
R = True  # resistive

MODELS: tuple[Model, ...] = (
    # forbidden (the list)
    Model("kettle", True, 1780, 0.08, 0.998, 0.001, 0.35, 1.5, 4, DAILY, resistive=R),
    Model("immersion_heater", True, 1050, 0.25, 0.998, 0.001, 0.15, 1.0, 8, DAILY, resistive=R),
    Model("hair_dryer", True, 1550, 0.15, 0.984, 0.004, 0.45, 1.0, 5, MORNING_NIGHT),
    Model("electric_blanket", True, 85, 0.22, 0.999, 0.001, 0.30, 1.0, 150, BEDTIME, resistive=R),
    Model("hand_warmer", True, 420, 0.12, 0.997, 0.002, 0.15, 1.0, 11, EVENING_NIGHT, resistive=R),
    Model("fan_heater", True, 1200, 0.20, 0.992, 0.004, 0.20, 1.2, 80, EVENING_NIGHT),
    Model("rice_cooker", True, 520, 0.25, 0.998, 0.001, 0.06, 0.8, 35, MEALS, resistive=R),
    Model("induction_hob", True, 1850, 0.12, 0.962, 0.012, 0.06, 0.7, 18, COOKING),
    Model("iron", True, 1250, 0.15, 0.999, 0.001, 0.05, 0.3, 12, DAY, resistive=R),
    # allowed, including the look-alikes
    Model("laptop", False, 60, 0.30, 0.56, 0.04, 0.85, 1.6, 150, DAY),
    Model("desktop_pc", False, 125, 0.30, 0.935, 0.02, 0.30, 1.0, 200, DAY),
    Model("monitor", False, 26, 0.25, 0.72, 0.10, 0.25, 1.0, 200, DAY),
    Model("phone_charger", False, 10, 0.40, 0.50, 0.05, 0.95, 2.0, 90, ALL_DAY),
    Model("lamp", False, 12, 0.35, 0.62, 0.08, 0.60, 1.0, 180, ((18, 24, 1.0),)),
    Model("fridge", False, 85, 0.20, 0.70, 0.05, 0.12, 0.0, 0, ALL_DAY, cycle=(14.0, 34.0)),
    Model("fan", False, 42, 0.25, 0.93, 0.025, 0.10, 0.6, 120, DAY),
    Model("microwave", False, 1220, 0.06, 0.895, 0.02, 0.20, 1.0, 2.5, DAILY),
    Model("air_conditioner", False, 820, 0.25, 0.95, 0.015, 0.20, 0.8, 120, EVENING_NIGHT,
          ramp_s=90),
    Model("tv", False, 75, 0.25, 0.82, 0.07, 0.08, 0.7, 120, ((19, 24, 1.0),)),
    # allowed only where whitelisted (the building's water dispenser): resistive, cycles
    Model("water_dispenser", False, 500, 0.05, 0.998, 0.001, 0.0, 0.0, 0, ALL_DAY,
          cycle=(5.0, 55.0), resistive=R),
)  # fmt: skip
MODEL_BY_KEY = {m.key: m for m in MODELS}


@dataclass(frozen=True, slots=True)
class Switch:
    """One labelled use of an appliance: what was switched on, when, and off when."""

    appliance: str
    forbidden: bool
    on: datetime
    off: datetime
    power_w: float  # steady power of this use
    pf: float
    ramp_s: float = 0.0

    def power_at(self, t: datetime) -> float:
        """Instantaneous power at ``t`` (0 outside the use; ramps at the start)."""
        if not self.on <= t < self.off:
            return 0.0
        if self.ramp_s <= 0:
            return self.power_w
        frac = (t - self.on).total_seconds() / self.ramp_s
        return self.power_w * min(1.0, 0.6 + 0.4 * frac)


def _mix(*parts: int) -> int:
    """A 64-bit integer hash of integers (splitmix64), stable across runs and platforms."""
    x = 0x9E3779B97F4A7C15
    for p in parts:
        x = (x ^ (p & 0xFFFFFFFFFFFFFFFF)) * 0xBF58476D1CE4E5B9 & 0xFFFFFFFFFFFFFFFF
        x = (x ^ (x >> 31)) * 0x94D049BB133111EB & 0xFFFFFFFFFFFFFFFF
        x ^= x >> 29
    return x


def _gauss(*parts: int) -> float:
    """A standard normal number determined by ``parts`` (Box-Muller on two hashes)."""
    u1 = (_mix(*parts, 1) >> 11) / 9007199254740992 or 1e-12
    u2 = (_mix(*parts, 2) >> 11) / 9007199254740992
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


def _pick_hour(rng: random.Random, hours: tuple[tuple[int, int, float], ...]) -> float:
    total = sum((b - a) * w for a, b, w in hours)
    x = rng.random() * total
    for a, b, w in hours:
        span = (b - a) * w
        if x < span:
            return a + x / w
        x -= span
    return float(hours[-1][1]) - 0.01


class DormRoom:
    """The appliances of one room and their schedule; ``seed`` makes it reproducible."""

    def __init__(
        self, seed: int, whitelisted: frozenset[str] = frozenset(), showcase: float = 0.0
    ) -> None:
        self.seed = seed
        # minutes: a demo room that also boils a kettle this often (0: never), so that an
        # operator who runs the demo for a quarter of an hour sees load control cut a room
        self.showcase = showcase
        rng = random.Random(_mix(seed, 7))
        self.units: dict[str, tuple[float, float]] = {}  # key -> (W, PF) of this room's unit
        for m in MODELS:
            if m.key in whitelisted or rng.random() < m.own:
                w = m.watts * max(0.3, 1 + rng.gauss(0, m.unit_sd))
                pf = min(1.0, max(0.2, rng.gauss(m.pf, m.pf_sd)))
                self.units[m.key] = (round(w, 1), round(pf, 4))
        self._days: dict[date, tuple[Switch, ...]] = {}

    def day(self, d: date) -> tuple[Switch, ...]:
        """The switches starting on local day ``d`` (cached: a day costs ~50 µs)."""
        got = self._days.get(d)
        if got is None:
            got = self._days[d] = self._make_day(d)
            if len(self._days) > 8:
                self._days.pop(min(self._days))
        return got

    def _make_day(self, d: date) -> tuple[Switch, ...]:
        rng = random.Random(_mix(self.seed, d.toordinal()))
        midnight = datetime(d.year, d.month, d.day)
        out: list[Switch] = []
        for m in MODELS:
            unit = self.units.get(m.key)
            if unit is None:
                continue
            if m.cycle is not None:
                out += self._cycles(m, unit, midnight, rng)
                continue
            n = _poisson(rng, m.uses)
            last_off = midnight
            for start_h in sorted(_pick_hour(rng, m.hours) for _ in range(n)):
                on = midnight + timedelta(hours=start_h)
                if on < last_off:  # the unit is still on: that use is skipped
                    continue
                minutes = m.minutes * math.exp(rng.gauss(0, 0.5))
                off = on + timedelta(minutes=minutes)
                out.append(self._switch(m, unit, on, off, rng))
                last_off = off + timedelta(minutes=1)
        if self.showcase > 0:
            out += self._showcase(midnight, rng)
        out.sort(key=lambda s: s.on)
        return tuple(out)

    def _showcase(self, midnight: datetime, rng: random.Random) -> list[Switch]:
        """A kettle for 90 s every ``showcase`` minutes, from an offset of the seed."""
        m = MODEL_BY_KEY["kettle"]
        unit = self.units.get("kettle", (m.watts, m.pf))
        step = timedelta(minutes=self.showcase)
        t = midnight + timedelta(minutes=self.seed % max(1, int(self.showcase)), seconds=20)
        out = []
        while t < midnight + timedelta(days=1):
            out.append(self._switch(m, unit, t, t + timedelta(seconds=90), rng))
            t += step
        return out

    def _cycles(
        self, m: Model, unit: tuple[float, float], midnight: datetime, rng: random.Random
    ) -> list[Switch]:
        assert m.cycle is not None
        on_m, off_m = m.cycle
        t = midnight + timedelta(minutes=rng.random() * (on_m + off_m))
        end = midnight + timedelta(days=1)
        out = []
        while t < end:
            dur = on_m * (0.8 + 0.4 * rng.random())
            off = t + timedelta(minutes=dur)
            out.append(self._switch(m, unit, t, off, rng))
            t = off + timedelta(minutes=off_m * (0.8 + 0.4 * rng.random()))
        return out

    @staticmethod
    def _switch(
        m: Model, unit: tuple[float, float], on: datetime, off: datetime, rng: random.Random
    ) -> Switch:
        w, pf = unit
        w *= 1 + rng.gauss(0, 0.01)  # per use: setting, temperature
        pf = min(1.0, pf + rng.gauss(0, m.pf_sd / 4))
        on = on.replace(microsecond=rng.randrange(1_000_000))
        return Switch(m.key, m.forbidden, on, off, round(w, 1), round(pf, 4), m.ramp_s)

    def switches(self, start: datetime, end: datetime) -> list[Switch]:
        """The labelled switch-ons in [start, end), in time order."""
        out: list[Switch] = []
        d = start.date()
        while d <= end.date():
            out += [s for s in self.day(d) if start <= s.on < end]
            d += timedelta(days=1)
        return out

    def active(self, t: datetime) -> list[Switch]:
        """The uses on at ``t`` (a use can run past midnight: yesterday is looked at too)."""
        d = t.date()
        return [
            s
            for day in (d - timedelta(days=1), d)
            for s in self.day(day)
            if s.on - timedelta(seconds=WINDOW_S) <= t < s.off + timedelta(seconds=WINDOW_S)
        ]

    def energy_j(self, start: datetime, end: datetime) -> float:
        """Joules drawn in [start, end): the uses' steady power times their overlap."""
        total = BASE_W * (end - start).total_seconds()
        d = start.date() - timedelta(days=1)
        while d <= end.date():
            for s in self.day(d):
                overlap = (min(s.off, end) - max(s.on, start)).total_seconds()
                if overlap > 0:
                    total += s.power_w * overlap
            d += timedelta(days=1)
        return total

    def reading(self, t: datetime, voltage: float = 220.0) -> tuple[float, float]:
        """The meter's (P in W, PF) at ``t``: the 1 s means of P and Q, with noise."""
        return self.reading_of(self.active(t), t, voltage)

    def reading_of(self, active: list[Switch], t: datetime, voltage: float) -> tuple[float, float]:
        """As :meth:`reading`, for a set of uses the caller already has (the benchmark)."""
        p = BASE_W
        q = BASE_W * math.sqrt(1 - BASE_PF**2) / BASE_PF
        scale = (voltage / 220.0) ** 2
        t0 = t - timedelta(seconds=WINDOW_S)
        for s in active:
            lo, hi = max(t0, s.on), min(t, s.off)
            share = max(0.0, (hi - lo).total_seconds()) / WINDOW_S
            if share <= 0:
                continue
            w = s.power_at(hi - timedelta(microseconds=1)) * share
            model = MODEL_BY_KEY[s.appliance]
            w *= scale if model.resistive else 1.0
            p += w
            q += w * math.sqrt(max(0.0, 1 - s.pf**2)) / s.pf
        ms = int(t.timestamp() * 1000)
        p *= 1 + 0.002 * _gauss(self.seed, ms, 11)
        p += 0.8 * _gauss(self.seed, ms, 12)
        q *= 1 + 0.004 * _gauss(self.seed, ms, 13)
        p = max(0.0, p)
        pf = p / math.hypot(p, q) if p > 0 else 1.0
        return p, pf


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: fine for the small means of daily uses."""
    if mean <= 0:
        return 0
    limit, k, prod = math.exp(-mean), 0, rng.random()
    while prod > limit:
        k += 1
        prod *= rng.random()
    return k


def mains_voltage(seed: int, t: datetime) -> float:
    """A building's mains voltage: ±2 % over the day (evening sag), so resistive loads
    drift slowly, as they do on a real feeder."""
    h = t.hour + t.minute / 60 + t.second / 3600
    return 220.0 * (
        1 + 0.02 * math.cos(2 * math.pi * (h - 4) / 24) + 0.003 * math.sin(seed + h * 3.1)
    )


class ScriptedRoom(DormRoom):
    """A room that plays only the uses switched by hand (``switch_on``): a test, or an
    operator at the simulator, decides what is switched and when; each use is labelled
    like a scheduled one. Call under the meter's lock when the simulator runs."""

    def __init__(self, seed: int = 1) -> None:
        super().__init__(seed)
        self.uses: list[Switch] = []

    def switch_on(
        self,
        appliance: str,
        at: datetime,
        minutes: float = 5.0,
        power_w: float | None = None,
        pf: float | None = None,
    ) -> Switch:
        """``appliance`` (a model key) on at ``at`` for ``minutes``: this room's unit of
        it, or the model's mean one, unless ``power_w`` / ``pf`` are given."""
        m = MODEL_BY_KEY[appliance]
        unit_w, unit_pf = self.units.get(appliance, (m.watts, m.pf))
        use = Switch(
            appliance,
            m.forbidden,
            at,
            at + timedelta(minutes=minutes),
            power_w if power_w is not None else unit_w,
            pf if pf is not None else unit_pf,
            m.ramp_s,
        )
        self.uses.append(use)
        return use

    def switch_off(self, use: Switch, at: datetime) -> Switch:
        """``use`` ended at ``at`` (someone switched it off early); the use as it is now."""
        ended = replace(use, off=min(use.off, max(use.on, at)))
        self.uses[self.uses.index(use)] = ended
        return ended

    def day(self, d: date) -> tuple[Switch, ...]:
        return tuple(s for s in self.uses if s.on.date() == d)
