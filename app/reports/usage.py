"""Energy use per meter per bucket, from the readings: the engine of the energy reports.

The register value at a day's boundary (local midnight in park time) is, in this order:

1. the meter's daily freeze of that day (``Reading`` kind DAILY, stamped at midnight);
2. otherwise the first INTERVAL reading of that day (the first after midnight);
3. on a meter swapped before the boundary, its final reading (``app.ledger.meterswap``
   stores it as the old meter's last reading at ``removed_at``): the old meter's use ends
   there, and the new meter's starts with its own first reading, so summing a room's meters
   is right;
4. otherwise an *estimate*: the first reading after that day (the meter was offline), or the
   last one before it (a boundary still in the future, the meter silent since). A new meter
   (installed after the boundary) starts at its first reading, which is not an estimate.

Use in a bucket is the value at the boundary after it minus the value at its start, per
band too. A register that went backwards is a roll-over when billing says so
(``app.collector.billing.wrapped_delta``: the same rule, so reports and charges agree);
anything else backwards (a reset) counts 0 and marks the bucket incomplete. Use is never
negative.

The CT ratio is *not* applied here: the profiles read primary-side registers (ratios
already applied by the meter) and platform billing charges the stored deltas as they are,
so the reports show what is billed; ``Meter.ct_ratio`` is a record of the installation.

Speed: one query per boundary day (and per chunk of explicit meter ids), each a correlated
``ORDER BY ts LIMIT 1`` lookup per meter on the unique index (meter_id, kind, ts); values
come back as raw integers (0.01 kWh) and become ``Decimal`` only in the final ``Use``.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, ColumnElement, and_, func, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from ..collector.billing import wrapped_delta
from ..models import Meter, Reading, ReadingKind
from .period import Grain, Period

BANDS = ("sharp", "peak", "flat", "valley")
CHUNK = 2000  # explicit meter ids per query (well under every driver's parameter limit)
_CENT = Decimal("0.01")


class Source(enum.StrEnum):
    """Where a boundary value came from (the reading sheet shows it)."""

    DAILY = "daily"  # the daily freeze
    INTERVAL = "interval"  # the first interval reading after midnight
    SWAP = "swap"  # the final reading of a replaced meter
    FIRST = "first"  # a new meter's first reading (installed after the boundary)


@dataclass(frozen=True, slots=True)
class Boundary:
    """One meter's register at one day's boundary, in hundredths of a kWh (exact ints).

    ``bands`` is (sharp, peak, flat, valley) or None when the meter has no band registers;
    ``estimated`` is True when no reading of that day could be used (see the module doc);
    ``ts`` is the reading's time, filled only when asked (``times=True``).
    """

    total: int
    bands: tuple[int, int, int, int] | None
    source: Source
    estimated: bool
    ts: datetime | None = None


@dataclass(frozen=True)
class Use:
    """Use of one meter in one bucket. ``kwh`` 0.01 kWh, never negative; ``bands`` is
    ``{}`` when the meter has no band registers; ``complete`` is False when a boundary was
    missing or estimated, or the register went backwards without rolling over."""

    kwh: Decimal
    bands: dict[str, Decimal]
    complete: bool


def midnight(day: date, zone: ZoneInfo) -> datetime:
    """Local midnight of ``day`` in UTC."""
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


def boundary_days(period: Period, grain: Grain) -> list[date]:
    """The start of every bucket, then the day after the period (the last end boundary)."""
    return [b.start for b in period.buckets(grain)] + [period.end + timedelta(days=1)]


def boundary_readings(
    session: Session,
    meter_ids: Collection[int] | None,
    days: Sequence[date],
    zone: ZoneInfo,
    *,
    times: bool = False,
) -> dict[int, dict[date, Boundary]]:
    """meter id -> {day -> its register at that day's midnight} for every meter (or those
    of ``meter_ids``) in service on or after the first day. A meter with no reading at all
    is absent. ``times``: also fetch each reading's timestamp (the reading sheet).

    Per day: one query for the readings of that day (freeze, else first interval), then,
    only for the meters it did not find, one for the nearest reading after or before."""
    if not days:
        return {}
    meters = _meters(session, meter_ids, midnight(min(days), zone), zone)
    out: dict[int, dict[date, Boundary]] = {}
    for chunk in _chunks(None if meter_ids is None else list(meters)):
        for day in days:
            lo, hi = midnight(day, zone), midnight(day + timedelta(days=1), zone)
            found = set()
            for row in session.execute(_in_day_query(chunk, lo, hi, meters.first, times)):
                found.add(row.meter_id)
                out.setdefault(row.meter_id, {})[day] = _boundary(row, row.final, False, None)
            wanted = meters.ids if chunk is None else chunk
            missing = [m for m in wanted if m not in found]
            for meter_id, value in _fallback(session, missing, lo, hi, meters, times).items():
                out.setdefault(meter_id, {})[day] = value
    return out


def use_by_bucket(
    session: Session,
    period: Period,
    grain: Grain,
    meter_ids: Collection[int] | None = None,
) -> dict[int, dict[date, Use]]:
    """meter id -> {bucket key (its first day) -> Use}; ``meter_ids`` None: every meter in
    service during the period (a meter removed before it is left out). A meter without any
    reading gets a zero, incomplete ``Use`` in every bucket."""
    buckets = period.buckets(grain)
    days = boundary_days(period, grain)
    values = boundary_readings(session, meter_ids, days, period.zone)
    ids = meter_ids if meter_ids is not None else _meters_in_service(session, period)
    none = Use(Decimal("0.00"), {}, False)
    out: dict[int, dict[date, Use]] = {}
    for meter_id in ids:
        at = values.get(meter_id)
        if at is None:
            out[meter_id] = {b.key: none for b in buckets}
            continue
        out[meter_id] = {
            b.key: use_between(at.get(days[i]), at.get(days[i + 1])) for i, b in enumerate(buckets)
        }
    return out


def use_between(start: Boundary | None, end: Boundary | None) -> Use:
    """The use between two boundary values (see the module doc for the rules)."""
    if start is None or end is None:
        return Use(Decimal("0.00"), {}, False)
    complete = not (start.estimated or end.estimated)
    kwh, ok = _delta(start.total, end.total)
    bands: dict[str, Decimal] = {}
    if start.bands is not None and end.bands is not None:
        for name, before, after in zip(BANDS, start.bands, end.bands, strict=True):
            value, band_ok = _delta(before, after)
            bands[name] = _kwh(value)
            ok = ok and band_ok
    return Use(_kwh(kwh), bands, complete and ok)


def _delta(before: int, after: int) -> tuple[int, bool]:
    """``after - before`` in hundredths; across a roll-over the wrapped use; a register
    that went backwards otherwise counts 0 (and is not complete)."""
    if after >= before:
        return after - before, True
    wrapped = wrapped_delta(Decimal(before) / 100, Decimal(after) / 100)
    if wrapped is None:
        return 0, False
    return int(wrapped * 100), True


def _kwh(hundredths: int) -> Decimal:
    return Decimal(hundredths) * _CENT


def _chunks(meter_ids: Collection[int] | None) -> Iterable[list[int] | None]:
    if meter_ids is None:
        yield None
        return
    ids = sorted(set(meter_ids))
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _in_service(first: datetime) -> ColumnElement[bool]:
    return or_(Meter.removed_at.is_(None), Meter.removed_at >= first)


def _meters_in_service(session: Session, period: Period) -> list[int]:
    first = period.midnight(period.start)
    return list(session.scalars(select(Meter.id).where(_in_service(first)).order_by(Meter.id)))


@dataclass
class _Meters:
    """The meters asked for that were in service on or after ``first``: when each was
    removed (swapped) and when it came into service where known (a swap's moment, else
    local midnight of its install date)."""

    first: datetime
    ids: list[int]
    removed: dict[int, datetime]
    installed: dict[int, datetime]

    def __iter__(self) -> Iterator[int]:
        return iter(self.ids)


def _meters(
    session: Session, meter_ids: Collection[int] | None, first: datetime, zone: ZoneInfo
) -> _Meters:
    old = aliased(Meter)
    query = (
        select(Meter.id, Meter.removed_at, Meter.install_date, old.removed_at)
        .outerjoin(old, old.replaced_by_id == Meter.id)
        .where(_in_service(first))
        .order_by(Meter.id)
    )
    wanted = None if meter_ids is None else set(meter_ids)
    out = _Meters(first, [], {}, {})
    for meter_id, removed_at, install_date, swapped_at in session.execute(query):
        if wanted is not None and meter_id not in wanted:
            continue
        out.ids.append(meter_id)
        if removed_at is not None:
            out.removed[meter_id] = removed_at
        if swapped_at is not None:
            out.installed[meter_id] = swapped_at
        elif install_date is not None:
            out.installed[meter_id] = midnight(install_date, zone)
    return out


def _raw(column: Any) -> Any:
    """A scaled column as the stored integer (no Decimal per value: 10,000s of rows)."""
    return type_coerce(column, BigInteger)


def _pick(kind: ReadingKind, where: ColumnElement[bool], latest: bool = False) -> Any:
    """The id of a meter's first (or latest) reading of ``kind`` where ``where`` holds:
    one ordered seek on the unique index (meter_id, kind, ts)."""
    return (
        select(Reading.id)
        .where(Reading.meter_id == Meter.id, Reading.kind == kind, where)
        .order_by(Reading.ts.desc() if latest else Reading.ts)
        .limit(1)
        .correlate(Meter)
        .scalar_subquery()
    )


def _values(r: Any, times: bool) -> list[Any]:
    columns: list[Any] = [
        (r.kind == ReadingKind.DAILY).label("daily"),
        _raw(r.energy_total).label("total"),
        *(_raw(getattr(r, f"energy_{b}")).label(b) for b in BANDS),
    ]
    if times:
        columns.append(r.ts.label("ts"))
    return columns


def _in_day_query(
    chunk: list[int] | None, lo: datetime, hi: datetime, first: datetime, times: bool
) -> Any:
    """Per meter, the day's freeze, else its first interval reading of the day."""
    in_day = and_(Reading.ts >= lo, Reading.ts < hi)
    chosen = func.coalesce(_pick(ReadingKind.DAILY, in_day), _pick(ReadingKind.INTERVAL, in_day))
    meters = select(
        Meter.id.label("meter_id"), Meter.removed_at.label("removed_at"), chosen.label("rid")
    ).where(_in_service(first))
    if chunk is not None:
        meters = meters.where(Meter.id.in_(chunk))
    m = meters.subquery()
    r = aliased(Reading)
    final = and_(m.c.removed_at.is_not(None), r.ts == m.c.removed_at).label("final")
    return select(m.c.meter_id, final, *_values(r, times)).join(r, r.id == m.c.rid)


def _fallback(
    session: Session,
    missing: list[int],
    lo: datetime,
    hi: datetime,
    meters: _Meters,
    times: bool,
) -> dict[int, Boundary]:
    """For meters without a reading that day: the earliest reading after it (the meter was
    offline, or is new), else the latest before it (swapped away, or a day to come)."""
    out: dict[int, Boundary] = {}
    for i in range(0, len(missing), CHUNK):
        chunk = missing[i : i + CHUNK]
        picks = select(
            Meter.id,
            _pick(ReadingKind.DAILY, Reading.ts >= hi),
            _pick(ReadingKind.INTERVAL, Reading.ts >= hi),
            _pick(ReadingKind.INTERVAL, Reading.ts < lo, latest=True),
            _pick(ReadingKind.DAILY, Reading.ts < lo, latest=True),
        ).where(Meter.id.in_(chunk))
        candidates = {row[0]: row[1:] for row in session.execute(picks)}
        ids = [rid for row in candidates.values() for rid in row if rid is not None]
        rows = {}
        for j in range(0, len(ids), CHUNK):
            query = select(Reading.id, Reading.ts.label("when"), *_values(Reading, times))
            for row in session.execute(query.where(Reading.id.in_(ids[j : j + CHUNK]))):
                rows[row.id] = row
        for meter_id, (after_d, after_i, before_i, before_d) in candidates.items():
            after = [rows[k] for k in (after_d, after_i) if k is not None]
            before = [rows[k] for k in (before_i, before_d) if k is not None]
            if after:
                row = min(after, key=lambda x: x.when)
                since = meters.installed.get(meter_id)
                new = since is not None and since >= lo  # not installed yet at midnight
                out[meter_id] = _boundary(row, False, not new, Source.FIRST if new else None)
            elif before:
                row = max(before, key=lambda x: x.when)
                final = meters.removed.get(meter_id) == row.when  # swapped: its last word
                out[meter_id] = _boundary(row, final, not final, None)
    return out


def _boundary(row: Any, final: Any, estimated: bool, source: Source | None) -> Boundary:
    """A query row -> Boundary, the source named by the rule that gave it."""
    bands = (row.sharp, row.peak, row.flat, row.valley)
    band_values = None
    if None not in bands:
        band_values = (int(bands[0]), int(bands[1]), int(bands[2]), int(bands[3]))
    if source is None:
        source = Source.SWAP if final else Source.DAILY if row.daily else Source.INTERVAL
    return Boundary(int(row.total), band_values, source, estimated, getattr(row, "ts", None))
