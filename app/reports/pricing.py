"""Pricing meter-side use (表端计费) by band with the tariff in force, for the reports.

A meter-side meter spends the money written to it by itself: the ledger never sees its
energy money (it stays on the ``meter`` book). The comprehensive monthly report still has to
show what the energy of each band cost, so it prices the use the readings give with the
tariff the meter is assigned (``app.ledger.tariffs.tariff_for_meter``'s rules: the meter,
its building, its tenant's kind, the default), band by band.

Rules, so the figures can be checked by hand:

- each band's money is ``round_half_up(kWh of the band x price of the band)``; the meter's
  total is the sum of its bands;
- a meter with band registers (尖峰平谷) gives each band's kWh; without them the energy is
  shared over the tariff's time slots by duration (the quoting engine's rule), so the money
  per band is an estimate;
- tiers and the base allowance start again with each month (the meter counts them itself;
  a period that starts mid-month starts them there): the first ``allowance`` kWh are free,
  each tier's surcharge applies to the kWh in it, and both are shared over the bands in
  proportion to their kWh (a month's use has no order in time once summed);
- a version that starts in the middle of a month: the quoting engine cuts the month and
  prices each slice with its own version.

Everything but the last case is arithmetic on the month's figures, and the share of each
band by duration is worked out once per tariff and month, not once per meter: pricing
10,000 meters costs milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..billing.quote import MeterReading, quote
from ..billing.tariff import Band, Tariff, TariffVersion
from ..ledger.journal import LedgerError
from ..ledger.tariffs import load_tariff
from ..models import TariffAssignment
from ..money import round_fen

BANDS = tuple(b.value for b in Band)


class MeterKey(NamedTuple):
    """What tariff resolution needs to know of a meter (read in bulk by the report; a
    tuple: thousands are made per report)."""

    meter_id: int
    building_id: int | None
    tenant_kind: str | None


@dataclass
class TariffBook:
    """Every assignment, read once; tariffs loaded on first use (a report prices thousands
    of meters with a handful of tariffs)."""

    session: Session
    assignments: dict[tuple[str, str], int] = field(default_factory=dict)
    tariffs: dict[int, Tariff | None] = field(default_factory=dict)
    shares: dict[tuple[int, datetime, datetime], dict[str, Decimal]] = field(default_factory=dict)

    @classmethod
    def load(cls, session: Session) -> TariffBook:
        book = cls(session)
        for row in session.scalars(select(TariffAssignment)):
            book.assignments[(row.scope, row.scope_key)] = row.tariff_id
        return book

    def tariff_id(self, meter: MeterKey) -> int | None:
        """The most specific assignment, as ``tariff_for_meter`` chooses it."""
        keys = [("meter", str(meter.meter_id))]
        if meter.building_id is not None:
            keys.append(("building", str(meter.building_id)))
        if meter.tenant_kind is not None:
            keys.append(("tenant_kind", meter.tenant_kind))
        keys.append(("default", ""))
        for key in keys:
            if key in self.assignments:
                return self.assignments[key]
        return None

    def tariff(self, tariff_id: int) -> Tariff | None:
        """The tariff, or None when it has no published version yet (nothing to price)."""
        if tariff_id not in self.tariffs:
            try:
                self.tariffs[tariff_id] = load_tariff(self.session, tariff_id)
            except LedgerError:
                self.tariffs[tariff_id] = None
        return self.tariffs[tariff_id]

    def price(
        self,
        tariff_id: int,
        start: datetime,
        stop: datetime,
        kwh: Decimal,
        bands: Mapping[str, Decimal],
    ) -> dict[str, int]:
        """Fen per band for ``kwh`` used in ``[start, stop)`` (one month or less)."""
        tariff = self.tariff(tariff_id)
        if kwh <= 0 or tariff is None:
            return {}
        version = _single_version(tariff, start, stop)
        if version is None:
            return _by_engine(tariff, start, stop, kwh, bands)
        if not _complete(bands, kwh):
            bands = {b: kwh * share for b, share in self._shares(tariff_id, start, stop).items()}
        free = min(kwh, version.allowance_kwh)
        paid = (kwh - free) / kwh
        extra = _tier_extra(version, free, kwh) / kwh  # surcharge per kWh, on average
        return {
            band: round_fen(amount * (paid * _band_price(version, band) + extra))
            for band, amount in bands.items()
            if amount > 0
        }

    def _shares(self, tariff_id: int, start: datetime, stop: datetime) -> dict[str, Decimal]:
        """Each band's share of the time in ``[start, stop)`` (once per tariff and month)."""
        key = (tariff_id, start, stop)
        tariff = self.tariff(tariff_id)
        if key not in self.shares and tariff is not None:
            used = quote(
                tariff,
                [MeterReading(start, Decimal(0)), MeterReading(stop, Decimal(1))],
            )
            self.shares[key] = {band.value: kwh for band, (kwh, _fen) in used.by_band().items()}
        return self.shares.get(key, {"flat": Decimal(1)})


def _complete(bands: Mapping[str, Decimal], kwh: Decimal) -> bool:
    """Band registers that account for the whole use (else shared by duration)."""
    return bool(bands) and sum(bands.values(), Decimal(0)) == kwh


def _single_version(tariff: Tariff, start: datetime, stop: datetime) -> TariffVersion | None:
    """The version in force over all of ``[start, stop)``; None when there is none at the
    start or another starts inside (the engine cuts the month then)."""
    version = tariff.version_at(start)
    if version is None:
        return None
    if any(start < v.effective_from < stop for v in tariff.versions):
        return None
    return version


def _tier_extra(version: TariffVersion, free: Decimal, kwh: Decimal) -> Decimal:
    """The tier surcharges (yuan) on the paid kWh ``[free, kwh)`` of one tier period."""
    extra, low = Decimal(0), Decimal(0)
    for tier in version.tiers:
        high = kwh if tier.upto_kwh is None else min(tier.upto_kwh, kwh)
        overlap = high - max(low, free)
        if overlap > 0:
            extra += overlap * tier.add_price
        if tier.upto_kwh is None or tier.upto_kwh >= kwh:
            break
        low = tier.upto_kwh
    return extra


def _band_price(version: TariffVersion, band: str) -> Decimal:
    """A band's price; a band the tariff has no price for (a flat tariff, a register the
    tariff does not use) is priced flat."""
    if version.is_tou and Band(band) in version.prices:
        return version.prices[Band(band)]
    return version.prices.get(Band.FLAT, max(version.prices.values()))


def _by_engine(
    tariff: Tariff, start: datetime, stop: datetime, kwh: Decimal, bands: Mapping[str, Decimal]
) -> dict[str, int]:
    """Tiers, an allowance or a version change: the quoting engine cuts the month; each
    band's exact amount is then rounded once (as the plain case does)."""
    registers = None
    if _complete(bands, kwh):
        registers = (
            {b: Decimal(0) for b in Band},
            {b: Decimal(bands.get(b.value, 0)) for b in Band},
        )
    before = MeterReading(start, Decimal(0), registers[0] if registers else None)
    after = MeterReading(stop, kwh, registers[1] if registers else None)
    try:
        lines = quote(tariff, [before, after]).lines
    except KeyError:  # a band register the tariff has no price for: price it all flat
        lines = quote(tariff, [MeterReading(start, Decimal(0)), MeterReading(stop, kwh)]).lines
    exact: dict[str, Decimal] = {}
    for line in lines:
        exact[line.band.value] = exact.get(line.band.value, Decimal(0)) + line.kwh * line.price
    return {band: round_fen(amount) for band, amount in exact.items()}


def add_fen(into: dict[str, int], more: Iterable[tuple[str, int]]) -> None:
    for band, fen in more:
        into[band] = into.get(band, 0) + fen
