"""The demo park's past energy: per meter and per tariff band, 13 months of it.

Why a model and not the simulator: integrating ``VirtualMeter`` minute by minute over a
year for 10,000 meters takes hours. Instead each room kind has a quarter-hour load shape
per day type, taken from the simulator's own ``load_watts`` (so the history looks like what
the live demo then draws), and each meter's day is that shape times a seasonal factor
(air-conditioning in summer, heating in winter), a weekday factor (offices quiet on
weekends, dorms empty in the holidays, shops open every day), the room's size and some
noise. The bands follow the simulator's ``BAND_BY_HOUR``, so the band registers the history
ends with are the ones the simulated meter goes on counting.

Energy is integer throughout: quarter and day amounts in micro-steps (1e-6 of 0.01 kWh),
registers (0.01 kWh) the floor of the running sum. So a band register never goes
backwards, the total is the sum of the bands, and a daily freeze and the interval reading
at the same midnight are the same number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np

from drivers.simulator.model import BAND_BY_HOUR, load_watts

MICRO = 1_000_000  # micro-steps per register step (0.01 kWh)
STEP_J = 36_000  # joules in 0.01 kWh
QUARTERS = 96
SHAPES = ("office", "dorm", "shop")
WEEKDAY, WEEKEND = date(2025, 3, 5), date(2025, 3, 8)  # a Wednesday, a Saturday


@dataclass(frozen=True)
class Timeline:
    """The instants of the history in park time: daily freezes and 15-minute intervals."""

    zone: ZoneInfo
    days: list[date]  # the freeze dates: midnight of each (the first is the history start)
    midnights: list[datetime]  # aware UTC, one per day
    quarters: list[datetime]  # aware UTC, the interval readings (the last two days)
    first_quarter_day: int  # index in ``days`` of the day the quarter series starts in
    quarter_offset: int  # quarters of that day before the first interval reading
    end: datetime  # the last interval instant: where the simulated meters resume

    @property
    def today(self) -> int:
        return len(self.days) - 1


def timeline(now: datetime, zone: ZoneInfo, months: int = 13) -> Timeline:
    """Freezes from the first of the month ``months`` months ago to today's midnight (so
    last month has its whole month of a year before: 同比 compares like with like), and
    intervals for the 48 hours before the last quarter hour."""
    local = now.astimezone(zone)
    today = local.date()
    y, m = divmod(today.year * 12 + today.month - 1 - months, 12)
    start = date(y, m + 1, 1)
    days = [start + timedelta(days=i) for i in range((today - start).days + 1)]
    midnights = [_utc(datetime(d.year, d.month, d.day), zone) for d in days]
    aligned = local.replace(minute=local.minute - local.minute % 15, second=0, microsecond=0)
    end = aligned.astimezone(midnights[0].tzinfo)
    first = end - timedelta(hours=48)
    first_day = days.index(first.astimezone(zone).date())
    offset = (first - midnights[first_day]) // timedelta(minutes=15)
    quarters = [first + timedelta(minutes=15 * i) for i in range(48 * 4 + 1)]
    return Timeline(zone, days, midnights, quarters, first_day, offset, end)


def _utc(naive_local: datetime, zone: ZoneInfo) -> datetime:
    from datetime import UTC

    return naive_local.replace(tzinfo=zone).astimezone(UTC)


def _shape(kind: str, day: date) -> np.ndarray:
    """Micro-steps per quarter hour of one room kind on one day type (seed 0's jitter)."""
    values = []
    for q in range(QUARTERS):
        moment = datetime(day.year, day.month, day.day) + timedelta(minutes=15 * q)
        watts = load_watts(kind, moment, 0)
        values.append(watts * 900 / STEP_J * MICRO)
    return np.array(values)


def shapes() -> dict[tuple[str, bool], np.ndarray]:
    """(kind, weekend) -> quarter shape; lighting and lifts borrow the shop and office."""
    return {(k, w): _shape(k, WEEKEND if w else WEEKDAY) for k in SHAPES for w in (False, True)}


BAND_OF_QUARTER = np.array([BAND_BY_HOUR[q // 4] for q in range(QUARTERS)])


def season(kind: str, day: date) -> float:
    """The seasonal and calendar factor of one kind on one day."""
    m, d = day.month, day.day
    weekend = day.weekday() >= 5
    if kind == "dorm":
        if (m == 1 and d >= 15) or (m == 2 and d <= 25):
            return 0.08  # winter break
        if (m == 7 and d >= 10) or m == 8:
            return 0.12  # summer break
        base = {6: 1.45, 7: 1.5, 9: 1.35, 12: 1.25, 1: 1.3}.get(m, 1.0)
        return base * (1.15 if weekend else 1.0)
    if kind == "shop":
        base = {6: 1.25, 7: 1.45, 8: 1.45, 9: 1.2, 12: 1.1, 1: 1.15}.get(m, 1.0)
        if m == 2 and d <= 10:
            base *= 0.55  # the Spring Festival: half the street closed
        return base * (1.25 if weekend else 1.0)
    base = {6: 1.3, 7: 1.65, 8: 1.7, 9: 1.3, 12: 1.25, 1: 1.35, 2: 1.25}.get(m, 1.0)
    return base


@dataclass
class EnergyHistory:
    """Band registers (0.01 kWh) of every meter: ``daily[m, d, b]`` at each midnight and
    ``quarter[m, q, b]`` at each interval instant; ``last`` is where each meter resumes."""

    daily: np.ndarray  # int64, meters x days x 4
    quarter: np.ndarray  # int64, meters x quarters x 4

    @property
    def last(self) -> np.ndarray:
        return self.quarter[:, -1, :]


def model(
    kinds: list[str],
    scales: np.ndarray,
    start_registers: np.ndarray,
    tl: Timeline,
    rng: np.random.Generator,
) -> EnergyHistory:
    """Registers for meters of ``kinds`` (office, dorm, shop) with size ``scales`` (0 for a
    meter that draws nothing), starting from ``start_registers`` (meters x 4)."""
    n, ndays = len(kinds), len(tl.days)
    shape = shapes()
    kind_ix = np.array([SHAPES.index(k) for k in kinds])
    # quarter shape per kind and day type, per band: kinds x 2 x 4 (micro-steps per day)
    band_day = np.zeros((len(SHAPES), 2, 4))
    for ki, k in enumerate(SHAPES):
        for w in (0, 1):
            for b in range(4):
                band_day[ki, w, b] = shape[(k, bool(w))][b == BAND_OF_QUARTER].sum()
    factors = np.array([[season(k, d) for d in tl.days] for k in SHAPES])  # kinds x days
    weekend = np.array([d.weekday() >= 5 for d in tl.days], dtype=np.int64)
    noise = rng.lognormal(0.0, 0.15, size=(n, ndays))
    day_factor = factors[kind_ix] * noise * scales[:, None]  # meters x days
    # micro-steps used on day d (from midnight d to midnight d+1), per band
    used = day_factor[:, :, None] * band_day[kind_ix][:, weekend, :]
    used = np.rint(used).astype(np.int64)
    # the days with intervals: quarter by quarter, and those days' totals from the quarters
    qdays = range(tl.first_quarter_day, ndays)
    per_q = np.zeros((n, len(qdays) * QUARTERS), dtype=np.int64)
    for i, d in enumerate(qdays):
        w = int(weekend[d])
        quarter_shape = np.stack([shape[(k, bool(w))] for k in SHAPES])[kind_ix]
        amounts = np.rint(quarter_shape * day_factor[:, d, None]).astype(np.int64)
        per_q[:, i * QUARTERS : (i + 1) * QUARTERS] = amounts
        if d < ndays - 1:
            for b in range(4):
                used[:, d, b] = amounts[:, b == BAND_OF_QUARTER].sum(axis=1)
    start_micro = start_registers.astype(np.int64) * MICRO
    cum = np.zeros((n, ndays, 4), dtype=np.int64)
    cum[:, 1:, :] = np.cumsum(used[:, :-1, :], axis=1)
    daily = (start_micro[:, None, :] + cum) // MICRO
    # quarters: from the midnight of the first quarter day, band by band
    bands_q = np.tile(BAND_OF_QUARTER, len(qdays))
    q_cum = np.zeros((n, per_q.shape[1] + 1, 4), dtype=np.int64)
    for b in range(4):
        masked = np.where(bands_q[None, :] == b, per_q, 0)
        q_cum[:, 1:, b] = np.cumsum(masked, axis=1)
    base = start_micro + cum[:, tl.first_quarter_day, :]
    window = q_cum[:, tl.quarter_offset : tl.quarter_offset + len(tl.quarters), :]
    quarter = (base[:, None, :] + window) // MICRO
    return EnergyHistory(daily, quarter)
