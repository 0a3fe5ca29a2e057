"""The quoting engine: meter readings in, charges per band and tier out, exact to the fen.

Each interval between two readings is cut into pieces at every boundary that changes the
price: TOU slot edges, midnight, a new tariff version, a new tier period. Energy is shared
among the pieces in proportion to their duration, unless the meter's own band registers
say how much went into each band. Amounts are summed exactly (Decimal) and rounded only
on the cumulative total, so a line's fen is ``round(total after) - round(total before)``:
the sum of the lines always equals the rounded total, and quoting readings in two halves
(carrying the state) gives to the fen what quoting them at once gives. The base allowance
(基础电量) of the tier period is used up first, in lines marked ``free`` at price 0.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import pairwise

from ..money import round_fen
from .tariff import Band, Tariff, TariffVersion, TierPeriod, local_midnight

_CTX = decimal.Context(prec=50)
_SHARE = Decimal("1e-12")


@dataclass(frozen=True)
class MeterReading:
    """A cumulative register reading (kWh), optionally with the meter's band registers."""

    ts: datetime
    total: Decimal
    bands: dict[Band, Decimal] | None = None


@dataclass(frozen=True)
class QuoteState:
    """What must be carried from one quote to the next for one meter."""

    period: tuple[int, ...] | None = None  # (year, month) or (year,)
    period_kwh: Decimal = Decimal(0)  # consumed in the current tier period
    free_kwh: Decimal = Decimal(0)  # base allowance used in the current tier period
    exact_yuan: Decimal = Decimal(0)  # cumulative charge, unrounded
    charged_fen: int = 0  # cumulative charge, rounded: what has been posted


@dataclass(frozen=True)
class ChargeLine:
    start: datetime
    end: datetime
    band: Band
    tier: int
    kwh: Decimal
    price: Decimal
    fen: int
    free: bool = False  # energy from the base allowance (基础电量): priced 0


@dataclass
class Quote:
    lines: list[ChargeLine] = field(default_factory=list)
    state: QuoteState = field(default_factory=QuoteState)
    anomalies: list[str] = field(default_factory=list)
    uncovered_kwh: Decimal = Decimal(0)  # energy before the first tariff version

    @property
    def total_fen(self) -> int:
        return sum(line.fen for line in self.lines)

    def by_band(self) -> dict[Band, tuple[Decimal, int]]:
        out: dict[Band, tuple[Decimal, int]] = {}
        for line in self.lines:
            kwh, fen = out.get(line.band, (Decimal(0), 0))
            out[line.band] = (kwh + line.kwh, fen + line.fen)
        return out


def quote(
    tariff: Tariff, readings: Sequence[MeterReading], state: QuoteState | None = None
) -> Quote:
    """Charges for the energy between consecutive ``readings`` (sorted by time)."""
    result = Quote(state=state or QuoteState())
    for before, after in pairwise(readings):
        if after.ts <= before.ts:
            result.anomalies.append(
                f"reading at {after.ts.isoformat()} is not after {before.ts.isoformat()}"
            )
            continue
        delta = after.total - before.total
        if delta < 0:
            result.anomalies.append(
                f"energy went backwards at {after.ts.isoformat()}: {before.total} -> {after.total}"
            )
            continue
        if delta == 0:
            continue
        _interval(tariff, before, after, delta, result)
    return result


@dataclass(frozen=True)
class _Piece:
    start: datetime
    end: datetime
    version: TariffVersion | None
    band: Band
    period: tuple[int, ...]


def _interval(
    tariff: Tariff, before: MeterReading, after: MeterReading, delta: Decimal, result: Quote
) -> None:
    pieces = list(_pieces(tariff, before.ts, after.ts))
    for piece, kwh in _energy_shares(pieces, before, after, delta):
        if kwh == 0:
            continue
        if piece.version is None:
            result.uncovered_kwh += kwh
            continue
        _charge_piece(piece, kwh, result)


def _energy_shares(
    pieces: list[_Piece], before: MeterReading, after: MeterReading, delta: Decimal
) -> list[tuple[_Piece, Decimal]]:
    """Energy of each piece; with band registers, each band's delta goes to the pieces of
    that band (or, if the clock has none of it, to all pieces but priced in that band)."""
    seconds = [Decimal((p.end - p.start).total_seconds()) for p in pieces]
    if before.bands is None or after.bands is None:
        return list(zip(pieces, _split(delta, seconds), strict=True))
    shares: list[tuple[_Piece, Decimal]] = []
    for band in Band:
        band_delta = after.bands.get(band, Decimal(0)) - before.bands.get(band, Decimal(0))
        if band_delta <= 0:
            continue
        own = [i for i, p in enumerate(pieces) if p.band is band] or list(range(len(pieces)))
        for i, kwh in zip(own, _split(band_delta, [seconds[i] for i in own]), strict=True):
            piece = pieces[i] if pieces[i].band is band else replace(pieces[i], band=band)
            shares.append((piece, kwh))
    shares.sort(key=lambda share: share[0].start)
    return shares


def _split(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """``amount`` shared in proportion to ``weights``, to 1e-12 kWh, summing exactly to it
    (the last share takes the remainder)."""
    whole = sum(weights)
    shares = [_CTX.divide(_CTX.multiply(amount, w), whole).quantize(_SHARE) for w in weights[:-1]]
    return [*shares, amount - sum(shares)]


def _charge_piece(piece: _Piece, kwh: Decimal, result: Quote) -> None:
    version = piece.version
    assert version is not None
    state = result.state
    if state.period != piece.period:
        state = replace(state, period=piece.period, period_kwh=Decimal(0), free_kwh=Decimal(0))
    left, used = kwh, state.period_kwh
    free = min(left, max(version.allowance_kwh - state.free_kwh, Decimal(0)))
    if free > 0:  # the base allowance goes first; it counts towards the tiers
        result.lines.append(
            ChargeLine(
                piece.start,
                piece.end,
                piece.band,
                _tier_for(version, used),
                free,
                Decimal(0),
                0,
                free=True,
            )
        )
        used += free
        left -= free
        state = replace(state, period_kwh=used, free_kwh=state.free_kwh + free)
    tiers = version.tiers
    tier_index = _tier_for(version, used)
    while left > 0:
        tier = tiers[tier_index] if tiers else None
        bound = tier.upto_kwh if tier is not None else None
        portion = left if bound is None else min(left, bound - used)
        price = version.price(piece.band) + (tier.add_price if tier is not None else 0)
        exact = state.exact_yuan + _CTX.multiply(portion, price)
        charged = round_fen(exact)
        fen = charged - state.charged_fen
        result.lines.append(
            ChargeLine(piece.start, piece.end, piece.band, tier_index, portion, price, fen)
        )
        used += portion
        left -= portion
        state = replace(state, exact_yuan=exact, charged_fen=charged, period_kwh=used)
        if bound is not None and used >= bound:
            tier_index += 1
    result.state = state


def _tier_for(version: TariffVersion, used: Decimal) -> int:
    """Index of the tier that the next kWh falls in, after ``used`` kWh this period."""
    for index, tier in enumerate(version.tiers):
        if tier.upto_kwh is None or used < tier.upto_kwh:
            return index
    return 0


def _pieces(tariff: Tariff, start: datetime, end: datetime) -> Iterable[_Piece]:
    cuts = sorted({start, end, *_boundaries(tariff, start, end)})
    for a, b in pairwise(cuts):
        version = tariff.version_at(a)
        zone = (version or tariff.versions[0]).zone
        local = a.astimezone(zone)
        band = version.band_at(local) if version else Band.FLAT
        period_kind = version.tier_period if version else TierPeriod.MONTH
        period = (local.year, local.month) if period_kind is TierPeriod.MONTH else (local.year,)
        yield _Piece(a, b, version, band, period)


def _boundaries(tariff: Tariff, start: datetime, end: datetime) -> Iterable[datetime]:
    for version in tariff.versions:
        if start < version.effective_from < end:
            yield version.effective_from
    zone = tariff.versions[0].zone
    day = start.astimezone(zone).date()
    last = end.astimezone(zone).date()
    while day <= last:
        midnight = local_midnight(day, zone)
        if start < midnight < end:
            yield midnight
        version = tariff.version_at(max(midnight, start)) or tariff.versions[0]
        schedule = version.schedule(day)
        for minute in schedule.boundaries() if schedule else ():
            moment = midnight + timedelta(minutes=minute)
            if start < moment < end:
                yield moment.astimezone(UTC)
        day += timedelta(days=1)
