"""The platform-side load detector (恶性负载识别): steps of active power judged by ΔP and PF.

Why steps and not totals: in a dormitory several appliances run at once, and what tells a
kettle from a laptop is what changed when it was switched on, not what the room draws. Each
sample's reactive power is taken from P and PF (assumed inductive: a meter's PF register has
no sign in the profiles we read), so a step has its own power factor, ΔP / |ΔP + jΔQ|, which
stays near 1 for a resistive heater even when a PC with PF 0.6 runs beside it.

Timing (the issue's goal: a cut within 2 poll periods of the switch-on). A switch-on shows
at the first sample after it. A FORBIDDEN step is reported there unless it could still grow
into a whitelisted one; every other step (and a forbidden one that could) is held one
sample, so that a step spread over two samples (a meter that averages P over its
measuring window, an appliance that ramps) is judged whole. So the verdict comes at the
first or the second sample after the switch-on, never later (``confirm_s`` > 0 trades that
for fewer transients). Noise and slow drift are under ``min_step_w`` and never start a step.

The hour is not a classifier feature: ΔP and the step's PF separated the simulated classes
without it (docs/benchmarks.md; an hour prior was not tried), and a prior by hour would
judge a student's kettle at 03:00 differently from the same kettle at 21:00.
``night_hours`` only selects the night power limit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from app.loadcontrol.library import ApplianceClass, Library, builtin_library
from app.loadcontrol.signals import Detection, LoadStep, Sample, Verdict
from app.loadcontrol.whitelist import Whitelist

METER_EVENTS = ("malicious_load", "overload", "over_power")
PAIR_REST_PF = 0.95  # a whitelisted step plus another: the other must be clearly not resistive
P_SLACK_RATIO, P_SLACK_W, PF_SLACK = 0.03, 5.0, 0.006  # library edges: meter resolution, mains


class ThresholdError(ValueError):
    """Thresholds that cannot be used (the message names the field)."""


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Per building (or room group) detector settings; the rules side stores ``to_json``."""

    min_step_w: float = 30.0  # smaller changes are noise or drift, never a step
    resistive_pf: float = 0.975  # a step at or above this PF is resistive
    resistive_min_w: float = 300.0  # an unmatched resistive step this big is forbidden
    power_limit_w: float = 0.0  # total power above it: an over-power detection (0: none)
    night_power_limit_w: float = 0.0  # the same during night_hours (0: power_limit_w)
    night_hours: tuple[int, int] = (23, 7)  # [start, end) local hours, may wrap midnight
    confirm_s: float = 0.0  # a step must last this long before its verdict
    # a step's PF is trusted only when the step is at least this share of the total after
    # it: 0.001 of PF on a 1.5 kW total is ±3 VAr, the whole Q of a 40 W fan's step
    pf_trust_share: float = 0.05
    utc_offset_h: int = 8  # samples are UTC; the hour that counts is the site's (China)

    def __post_init__(self) -> None:
        checks = {
            "min_step_w": self.min_step_w > 0,
            "resistive_pf": 0 < self.resistive_pf <= 1,
            "resistive_min_w": self.resistive_min_w >= 0,
            "power_limit_w": self.power_limit_w >= 0,
            "night_power_limit_w": self.night_power_limit_w >= 0,
            "night_hours": len(self.night_hours) == 2
            and all(0 <= h <= 23 for h in self.night_hours),
            "confirm_s": self.confirm_s >= 0,
            "pf_trust_share": 0 <= self.pf_trust_share < 1,
            "utc_offset_h": -12 <= self.utc_offset_h <= 14,
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            raise ThresholdError(f"load thresholds: bad {', '.join(bad)}")

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d["night_hours"] = list(self.night_hours)
        return d

    @classmethod
    def from_json(cls, raw: Mapping[str, Any]) -> Thresholds:
        known = set(cls.__dataclass_fields__)
        unknown = set(raw) - known
        if unknown:
            raise ThresholdError(f"load thresholds: unknown {', '.join(sorted(unknown))}")
        kw = dict(raw)
        if "night_hours" in kw:
            kw["night_hours"] = tuple(int(h) for h in kw["night_hours"])
        try:
            return cls(**kw)
        except TypeError as exc:
            raise ThresholdError(f"load thresholds: {exc}") from None

    def limit_at(self, at: datetime) -> float:
        """The power limit in force at ``at`` (the night one inside night hours)."""
        hour = (at + timedelta(hours=self.utc_offset_h)).hour
        start, end = self.night_hours
        night = start <= hour < end if start <= end else hour >= start or hour < end
        if night and self.night_power_limit_w > 0:
            return self.night_power_limit_w
        return self.power_limit_w


def reactive(power_w: float, pf: float | None) -> float | None:
    """Q from P and PF, inductive; None without a PF."""
    if pf is None:
        return None
    pf = min(abs(pf), 1.0)
    if pf <= 0 or power_w <= 0:
        return 0.0
    return power_w * math.sqrt(1 - pf * pf) / pf


def step_pf(delta_w: float, delta_q: float | None) -> float | None:
    """The power factor of a step from its ΔP and ΔQ (None without reactive power)."""
    if delta_q is None:
        return None
    s = math.hypot(delta_w, delta_q)
    return abs(delta_w) / s if s > 0 else 1.0


def _cost(cls: ApplianceClass, delta_w: float, pf: float | None) -> float | None:
    """How well a step fits a class: None outside its ranges (with the meter's slack), else
    a cost growing from the centre of the ranges; PF weighs twice ΔP (it separates more)."""
    pr = cls.power_w
    if pr.outside(delta_w) > max(P_SLACK_W, P_SLACK_RATIO * delta_w):
        return None
    cost = 0.5 * ((delta_w - pr.mid) / (pr.half + 1.0)) ** 2
    if pf is not None:
        fr = cls.power_factor
        if fr.outside(pf) > PF_SLACK:
            return None
        cost += ((pf - fr.mid) / (fr.half + 0.01)) ** 2
    return cost


@dataclass(frozen=True, slots=True)
class Judgement:
    verdict: Verdict
    appliance: str | None
    confidence: float


def judge(
    delta_w: float,
    pf: float | None,
    library: Library,
    whitelist: Whitelist,
    thresholds: Thresholds,
) -> Judgement:
    """The verdict on one switch-on step. Whitelist first (the room named it on site), also
    a whitelisted appliance switched in the same poll interval as an allowed one; then the
    library (:func:`classify`)."""
    hit = whitelist.match(delta_w, pf)
    if hit is not None:
        return Judgement(Verdict.WHITELISTED, hit[0].name, round(1 - hit[1] / 2, 3))
    pair = _whitelisted_plus_allowed(delta_w, pf, library, whitelist, thresholds)
    if pair is not None:
        return pair
    return classify(delta_w, pf, library, thresholds)


def classify(
    delta_w: float, pf: float | None, library: Library, thresholds: Thresholds
) -> Judgement:
    """The library's verdict: a resistive step fitting a forbidden and an allowed class is
    forbidden (a laser printer needs its whitelist entry); an unmatched resistive step of at
    least ``resistive_min_w`` is forbidden; anything else unmatched is unknown."""
    fits = []
    for c in library.classes:
        cost = _cost(c, delta_w, pf)
        if cost is not None:
            fits.append((cost, c))
    fits.sort(key=lambda t: t[0])
    resistive = pf is not None and pf >= thresholds.resistive_pf
    if fits:
        forbidden = [f for f in fits if f[1].forbidden]
        if pf is None and len(forbidden) < len(fits):
            return Judgement(Verdict.UNKNOWN, fits[0][1].key, 0.3)
        cost, best = forbidden[0] if resistive and forbidden else fits[0]
        verdict = Verdict.FORBIDDEN if best.forbidden else Verdict.ALLOWED
        return Judgement(verdict, best.key, round(1 / (1 + cost), 3))
    if resistive and delta_w >= thresholds.resistive_min_w:
        return Judgement(Verdict.FORBIDDEN, None, 0.6)
    return Judgement(Verdict.UNKNOWN, None, 0.0)


def _whitelisted_plus_allowed(
    delta_w: float, pf: float | None, library: Library, whitelist: Whitelist, t: Thresholds
) -> Judgement | None:
    """A step that is a whitelisted signature plus a smaller, clearly non-resistive rest the
    library calls allowed (the dispenser's heater and the fridge's compressor in the same
    poll interval): whitelisted.
    A rest that is forbidden or unknown leaves the step to the library (a kettle switched
    with the dispenser is still cut)."""
    if pf is None or not whitelist.signatures:
        return None
    dq = reactive(delta_w, pf) or 0.0
    for sig in whitelist.signatures:
        rest_w = delta_w - sig.delta_w
        if sig.power_factor is None or not t.min_step_w <= rest_w <= 0.5 * sig.delta_w:
            continue  # the rest must be the smaller, or a hair dryer could hide behind it
        rest_q = dq - (reactive(sig.delta_w, sig.power_factor) or 0.0)
        rest_pf = step_pf(rest_w, rest_q)
        if rest_pf is None or rest_pf > PAIR_REST_PF:
            continue  # a resistive-looking rest: the subtraction is too coarse to trust
        rest = classify(rest_w, rest_pf, library, t)
        if rest.verdict is Verdict.ALLOWED:
            return Judgement(Verdict.WHITELISTED, sig.name, round(0.5 * rest.confidence, 3))
    return None


@dataclass
class _Pending:
    """A switch-on step seen but not (finally) judged: kept one more sample."""

    at: datetime
    before_w: float
    before_q: float | None
    delta_w: float
    delta_q: float | None
    reported: Verdict | None = None  # the verdict already reported for it


def _merge(p: _Pending, dw: float, dq: float | None) -> None:
    p.delta_w += dw
    p.delta_q = None if dq is None or p.delta_q is None else p.delta_q + dq


def _spreads(p: _Pending, dw: float, dq: float | None, min_step_w: float) -> bool:
    """Whether a rise at the sample after a step is the rest of it (one switch caught in
    the meter's measuring window): small rises are; a full one only with the step's PF
    (± 0.05: the first part may be small and its PF coarse). A hair dryer switched at the
    poll after a fridge is not the fridge's rest."""
    if dw < min_step_w:
        return True
    a, b = step_pf(dw, dq), step_pf(p.delta_w, p.delta_q)
    return a is None or b is None or abs(a - b) <= 0.05


def _continues(p: _Pending, dw: float, dq: float | None, min_step_w: float) -> bool:
    """Whether a rise right after a judged step is more of it (a ramp): small rises are; a
    full step only when it has that step's PF and is at most half its size (an inverter
    ramping up), not a kettle after the water dispenser nor a monitor after the PC."""
    if dw < min_step_w:
        return True
    a, b = step_pf(dw, dq), step_pf(p.delta_w, p.delta_q)
    return a is not None and b is not None and abs(a - b) <= 0.02 and dw <= 0.5 * p.delta_w


@dataclass
class _MeterState:
    at: datetime
    power_w: float
    q: float | None
    pending: _Pending | None = None
    chain: _Pending | None = None  # the step judged at the last sample, while it still grows
    over_limit: bool = False
    flags: frozenset[str] = frozenset()


@dataclass
class LoadDetector:
    """The :class:`~app.loadcontrol.signals.Detector` of the platform: one instance for the
    meters of a building (its thresholds); ``whitelists`` per meter id."""

    thresholds: Thresholds = field(default_factory=Thresholds)
    library: Library = field(default_factory=builtin_library)
    whitelists: dict[int, Whitelist] = field(default_factory=dict)
    _state: dict[int, _MeterState] = field(default_factory=dict, repr=False)

    def set_whitelist(self, meter_id: int, whitelist: Whitelist) -> None:
        self.whitelists[meter_id] = whitelist

    def forget(self, meter_id: int) -> None:
        """Drop a meter's history (a relay cut or restore: the next step is not a switch)."""
        self._state.pop(meter_id, None)

    def feed(self, sample: Sample) -> list[Detection]:
        """One sample (in time order per meter): the detections it completes."""
        q = reactive(sample.power_w, sample.power_factor)
        st = self._state.get(sample.meter_id)
        if st is None:
            self._state[sample.meter_id] = _MeterState(sample.at, sample.power_w, q)
            return self._limit(sample, None)
        dw = sample.power_w - st.power_w
        dq = None if q is None or st.q is None else q - st.q
        out: list[Detection] = []
        small = 0.25 * self.thresholds.min_step_w
        if st.pending is not None:
            pend = st.pending
            if dw >= small and _spreads(pend, dw, dq, self.thresholds.min_step_w):
                _merge(pend, dw, dq)
                dw, dq = 0.0, None
            out += self._settle(sample, pend, st)
        elif st.chain is not None:
            if dw >= small and _continues(st.chain, dw, dq, self.thresholds.min_step_w):
                _merge(st.chain, dw, dq)  # a ramp (an inverter starting): still that step
                dw, dq = 0.0, None
                out += self._extend(sample, st.chain)
            else:
                st.chain = None
        if dw >= self.thresholds.min_step_w:
            pend = _Pending(sample.at, st.power_w, st.q, dw, dq)
            st.pending, st.chain = pend, None
            out += self._first(sample, pend, st)
        elif dw <= -self.thresholds.min_step_w:
            st.chain = None
            if st.pending is not None:  # switched off again before its verdict: a blip
                st.pending = None
        st.at, st.power_w, st.q = sample.at, sample.power_w, q
        return out + self._limit(sample, st)

    def _step(self, meter_id: int, p: _Pending) -> LoadStep:
        return LoadStep(
            meter_id=meter_id,
            at=p.at,
            delta_w=round(p.delta_w, 1),
            power_factor=None if (pf := step_pf(p.delta_w, p.delta_q)) is None else round(pf, 4),
            before_w=p.before_w,
            after_w=p.before_w + p.delta_w,
        )

    def _judge(self, meter_id: int, p: _Pending) -> Judgement:
        """The step's verdict; its PF left out when the step is too small a share of the
        total for the meter's PF resolution and noise (then judged by ΔP alone)."""
        pf = step_pf(p.delta_w, p.delta_q)
        if p.delta_w < self.thresholds.pf_trust_share * (p.before_w + p.delta_w):
            pf = None
        return judge(
            p.delta_w,
            pf,
            self.library,
            self.whitelists.get(meter_id, Whitelist()),
            self.thresholds,
        )

    def _detection(self, sample: Sample, p: _Pending, j: Judgement) -> Detection:
        step = self._step(sample.meter_id, p)
        return Detection(sample.meter_id, sample.at, j.verdict, j.appliance, j.confidence, step)

    def _first(self, sample: Sample, p: _Pending, st: _MeterState) -> list[Detection]:
        """At the first sample of a step: report it now only if it is forbidden, confirmed
        and cannot grow into a whitelisted appliance; otherwise wait one sample."""
        if self.thresholds.confirm_s > 0:
            return []
        j = self._judge(sample.meter_id, p)
        wl = self.whitelists.get(sample.meter_id, Whitelist())
        if j.verdict is Verdict.FORBIDDEN and wl.largest_w() <= p.delta_w:
            p.reported = Verdict.FORBIDDEN
            return [self._detection(sample, p, j)]  # no waiting for a cut
        return []

    def _settle(self, sample: Sample, p: _Pending, st: _MeterState) -> list[Detection]:
        """At a later sample: the final verdict (unless the confirm time still runs)."""
        if (sample.at - p.at).total_seconds() < self.thresholds.confirm_s:
            return []
        st.pending, st.chain = None, p
        j = self._judge(sample.meter_id, p)
        if p.reported is j.verdict:
            return []  # the early verdict stands
        p.reported = j.verdict
        return [self._detection(sample, p, j)]

    def _extend(self, sample: Sample, p: _Pending) -> list[Detection]:
        """A step that went on growing after its verdict: reported again only when it has
        now become forbidden (a ramp that turned out to be a heater)."""
        j = self._judge(sample.meter_id, p)
        if j.verdict is not Verdict.FORBIDDEN or p.reported is Verdict.FORBIDDEN:
            return []
        p.reported = j.verdict
        return [self._detection(sample, p, j)]

    def _limit(self, sample: Sample, st: _MeterState | None) -> list[Detection]:
        """An over-power detection when the total first exceeds the limit in force."""
        limit = self.thresholds.limit_at(sample.at)
        over = limit > 0 and sample.power_w > limit
        was = st.over_limit if st is not None else False
        if st is not None:
            st.over_limit = over
        elif over:
            self._state[sample.meter_id].over_limit = True
        if not over or was:
            return []
        return [
            Detection(
                sample.meter_id,
                sample.at,
                Verdict.FORBIDDEN,
                None,
                1.0,
                None,
                source="platform",
                event="over_power",
            )
        ]

    def feed_flags(self, meter_id: int, at: datetime, flags: Iterable[str]) -> list[Detection]:
        """The meter's own load events, each reported once when it appears."""
        now = frozenset(flags)
        st = self._state.get(meter_id)
        before = st.flags if st is not None else frozenset()
        if st is not None:
            st.flags = now
        return meter_detections(meter_id, at, now, before)


def meter_detections(
    meter_id: int, at: datetime, flags: Iterable[str], before: Iterable[str] = ()
) -> list[Detection]:
    """Detections (source ``meter``) for the load-event flags of a snapshot that were not
    set in the previous one: ``malicious_load``, ``overload``, ``over_power``. The meter
    has judged these itself, so each is a cut (verdict FORBIDDEN, confidence 1)."""
    now, was = set(flags), set(before)
    return [
        Detection(meter_id, at, Verdict.FORBIDDEN, None, 1.0, None, source="meter", event=e)
        for e in METER_EVENTS
        if e in now and e not in was
    ]
