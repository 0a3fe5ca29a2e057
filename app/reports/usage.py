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

Speed (see docs/benchmarks.md): the freezes of a run of consecutive boundary days come in
one query (a range seek per meter on the unique index (meter_id, kind, ts)); only the
meters without a freeze that day cost an ``ORDER BY ts LIMIT 1`` lookup for their first
interval, and only those without any reading that day a fallback lookup. Values come back
as raw integers (0.01 kWh) and raw timestamps (matched against the midnights as stored) and
become ``Decimal`` only in the final ``Use``.
"""

from __future__ import annotations

import enum
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import BigInteger, ColumnElement, String, and_, or_, select, type_coerce
from sqlalchemy.orm import Session, aliased

from ..collector.billing import wrapped_delta
from ..models import Meter, Reading, ReadingKind
from .period import Bucket, Grain, Period

BANDS = ("sharp", "peak", "flat", "valley")
CHUNK = 2000  # explicit meter ids per query (well under every driver's parameter limit)
_CENT = Decimal("0.01")
_ZERO = Decimal("0.00")


class Source(enum.StrEnum):
    """Where a boundary value came from (the reading sheet shows it)."""

    DAILY = "daily"  # the daily freeze
    INTERVAL = "interval"  # the first interval reading after midnight
    SWAP = "swap"  # the final reading of a replaced meter
    FIRST = "first"  # a new meter's first reading (installed after the boundary)


class Boundary(NamedTuple):
    """One meter's register at one day's boundary, in hundredths of a kWh (exact ints).

    ``bands`` is (sharp, peak, flat, valley) or None when the meter has no band registers;
    ``estimated`` is True when no reading of that day could be used (see the module doc);
    ``ts`` is the reading's time, filled only when asked (``times=True``).
    """

    total: int
    bands: tuple[int, ...] | None
    source: Source
    estimated: bool
    ts: datetime | None = None


@dataclass(frozen=True, slots=True)
class Use:
    """Use of one meter in one bucket. ``kwh`` 0.01 kWh, never negative; ``bands`` is
    ``{}`` when the meter has no band registers; ``complete`` is False when a boundary was
    missing or estimated, or the register went backwards without rolling over."""

    kwh: Decimal
    bands: dict[str, Decimal]
    complete: bool


NO_USE = Use(_ZERO, {}, False)


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
    is absent. ``times``: also give each reading's timestamp (the reading sheet)."""
    wanted = sorted(set(days))
    if not wanted:
        return {}
    meters = _meters(session, meter_ids, midnight(wanted[0], zone), zone)
    out: dict[int, dict[date, Boundary]] = {}
    chunks = [None] if meter_ids is None else _chunks(meters.ids)
    for chunk in chunks:
        found: dict[date, set[int]] = {day: set() for day in wanted}
        for run in _runs(wanted):
            _freezes(session, chunk, run, zone, meters, times, out, found)
        asked = meters.ids if chunk is None else chunk
        for day in wanted:
            lo, hi = midnight(day, zone), midnight(day + timedelta(days=1), zone)
            missing = [m for m in asked if m not in found[day]]
            for row in _first_intervals(session, missing, chunk, len(asked), lo, hi, meters.first):
                out.setdefault(row[0], {})[day] = meters.boundary(row, Source.INTERVAL, times)
                found[day].add(row[0])
            missing = [m for m in missing if m not in found[day]]
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
    first = period.midnight(period.start)
    ids = _meters(session, meter_ids, first, period.zone).ids
    out: dict[int, dict[date, Use]] = {}
    backwards: list[tuple[int, Bucket]] = []
    for meter_id in ids:
        at = values.get(meter_id)
        if at is None:
            out[meter_id] = {b.key: NO_USE for b in buckets}
            continue
        row: dict[date, Use] = {}
        before = at.get(days[0])
        for i, bucket in enumerate(buckets):
            after = at.get(days[i + 1])
            use = row[bucket.key] = use_between(before, after)
            if not use.complete and bucket.start != bucket.end and _went_back(before, after):
                backwards.append((meter_id, bucket))
            before = after
        out[meter_id] = row
    for meter_id, bucket, use in _by_days(session, backwards, period.zone):
        out[meter_id][bucket.key] = use
    return out


def use_over(
    session: Session, period: Period, meter_ids: Collection[int] | None = None
) -> dict[int, tuple[Boundary | None, Boundary | None, Use]]:
    """meter id -> (register at the period's start, at its end, use in the whole period),
    with the readings' times (the reading sheet). A reset inside is summed day by day."""
    days = [period.start, period.end + timedelta(days=1)]
    values = boundary_readings(session, meter_ids, days, period.zone, times=True)
    whole = Bucket(period.start, period.start, period.end, Grain.DAY)
    ids = _meters(session, meter_ids, period.midnight(period.start), period.zone).ids
    out: dict[int, tuple[Boundary | None, Boundary | None, Use]] = {}
    backwards: list[tuple[int, Bucket]] = []
    for meter_id in ids:
        at = values.get(meter_id, {})
        start, end = at.get(days[0]), at.get(days[1])
        use = use_between(start, end)
        if not use.complete and period.start != period.end and _went_back(start, end):
            backwards.append((meter_id, whole))
        out[meter_id] = (start, end, use)
    for meter_id, _, use in _by_days(session, backwards, period.zone):
        out[meter_id] = (*out[meter_id][:2], use)
    return out


def has_readings(
    session: Session, period: Period, meter_ids: Collection[int] | None = None
) -> bool:
    """Whether any of the meters has a reading that stands for a boundary of the period
    (from its first midnight to the end of the day after it): no reading at all is "no
    data", which a report says instead of showing zeros."""
    lo = period.midnight(period.start)
    hi = period.midnight(period.end + timedelta(days=2))
    chunks: list[list[int] | None] = [None] if meter_ids is None else [*_chunks(list(meter_ids))]
    for chunk in chunks:
        ids = chunk if chunk is not None else select(Meter.id).where(_in_service(lo))
        query = select(Reading.id).where(
            Reading.meter_id.in_(ids),
            Reading.kind.in_([ReadingKind.DAILY, ReadingKind.INTERVAL]),
            Reading.ts >= lo,
            Reading.ts < hi,
        )
        if session.execute(query.limit(1)).first() is not None:
            return True
    return False


def _went_back(before: Boundary | None, after: Boundary | None) -> bool:
    """Both boundaries read, and the register is lower at the end (a reset inside)."""
    return (
        before is not None
        and after is not None
        and not (before.estimated or after.estimated)
        and after.total < before.total
    )


def _by_days(
    session: Session, buckets: list[tuple[int, Bucket]], zone: ZoneInfo
) -> Iterable[tuple[int, Bucket, Use]]:
    """A bucket of several days whose register was reset inside it, summed day by day, so
    only the day of the reset is lost, not the month (rare: a few meters, on demand)."""
    if not buckets:
        return
    days = sorted(
        {b.start + timedelta(days=n) for _, b in buckets for n in range((b.end - b.start).days + 2)}
    )
    values = boundary_readings(session, sorted({m for m, _ in buckets}), days, zone)
    for meter_id, bucket in buckets:
        at = values.get(meter_id, {})
        kwh, bands, complete = _ZERO, dict.fromkeys(BANDS, _ZERO), True
        has_bands = True
        for n in range((bucket.end - bucket.start).days + 1):
            day = bucket.start + timedelta(days=n)
            use = use_between(at.get(day), at.get(day + timedelta(days=1)))
            kwh, complete = kwh + use.kwh, complete and use.complete
            has_bands = has_bands and bool(use.bands)
            for name, value in use.bands.items():
                bands[name] += value
        yield meter_id, bucket, Use(kwh, bands if has_bands else {}, complete)


def use_between(start: Boundary | None, end: Boundary | None) -> Use:
    """The use between two boundary values (see the module doc for the rules)."""
    if start is None or end is None:
        return NO_USE
    ok = not (start.estimated or end.estimated)
    kwh = end.total - start.total
    if kwh < 0:
        kwh, fine = _delta(start.total, end.total)
        ok = ok and fine
    if start.bands is None or end.bands is None:
        return Use(_dec(kwh), {}, ok)
    s1, s2, s3, s4 = start.bands
    e1, e2, e3, e4 = end.bands
    d1, d2, d3, d4 = e1 - s1, e2 - s2, e3 - s3, e4 - s4
    if d1 < 0 or d2 < 0 or d3 < 0 or d4 < 0:
        (d1, f1), (d2, f2), (d3, f3), (d4, f4) = (
            _delta(s1, e1),
            _delta(s2, e2),
            _delta(s3, e3),
            _delta(s4, e4),
        )
        ok = ok and f1 and f2 and f3 and f4
    bands = {"sharp": _dec(d1), "peak": _dec(d2), "flat": _dec(d3), "valley": _dec(d4)}
    return Use(_dec(kwh), bands, ok)


_DECIMALS: dict[int, Decimal] = {}


def _dec(hundredths: int) -> Decimal:
    """Hundredths as kWh; memoised (Decimals are immutable, and daily uses repeat a lot:
    a fifth of the time of a month by day went into making the same Decimals again)."""
    value = _DECIMALS.get(hundredths)
    if value is None:
        if len(_DECIMALS) >= 200_000:
            _DECIMALS.clear()
        value = _DECIMALS[hundredths] = Decimal(hundredths) * _CENT
    return value


def _delta(before: int, after: int) -> tuple[int, bool]:
    """``after - before`` in hundredths; across a roll-over the wrapped use; a register
    that went backwards otherwise counts 0 (and is not complete)."""
    if after >= before:
        return after - before, True
    wrapped = wrapped_delta(Decimal(before) / 100, Decimal(after) / 100)
    if wrapped is None:
        return 0, False
    return int(wrapped * 100), True


def _chunks(ids: Sequence[int]) -> list[list[int]]:
    return [list(ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK)]


def _runs(days: list[date]) -> Iterable[list[date]]:
    """Sorted days cut into runs of consecutive days (a month by day is one run)."""
    run: list[date] = []
    for day in days:
        if run and day != run[-1] + timedelta(days=1):
            yield run
            run = []
        run.append(day)
    if run:
        yield run


def _in_service(first: datetime) -> ColumnElement[bool]:
    return or_(Meter.removed_at.is_(None), Meter.removed_at >= first)


def _moment(raw: Any) -> datetime:
    """A timestamp as the driver gave it (SQLite: the stored text; PostgreSQL: datetime)."""
    if isinstance(raw, datetime):
        return raw.astimezone(UTC) if raw.tzinfo is not None else raw.replace(tzinfo=UTC)
    return datetime.fromisoformat(str(raw)).replace(tzinfo=UTC)


def _stamps(moment: datetime) -> tuple[datetime, str]:
    """The ways a stored timestamp may come back raw: an aware datetime (PostgreSQL), the
    text SQLAlchemy writes into SQLite (naive UTC with microseconds)."""
    return moment, moment.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


@dataclass
class _Meters:
    """The meters asked for that were in service on or after ``first``: when each was
    removed (swapped) and when it came into service where known (a swap's moment, else
    local midnight of its install date)."""

    first: datetime
    ids: list[int] = field(default_factory=list)
    removed: dict[int, datetime] = field(default_factory=dict)
    installed: dict[int, datetime] = field(default_factory=dict)

    def boundary(self, row: Any, source: Source, times: bool, estimated: bool = False) -> Boundary:
        """A row (meter_id, raw ts, total, sharp, peak, flat, valley) -> Boundary; a swapped
        meter's final reading is named so."""
        meter_id, raw, total, sharp, peak, flat, valley = row
        bands = None if None in (sharp, peak, flat, valley) else (sharp, peak, flat, valley)
        if not times and meter_id not in self.removed:
            return Boundary(total, bands, source, estimated)
        ts = _moment(raw)
        if self.removed.get(meter_id) == ts:
            source, estimated = Source.SWAP, False  # the old meter's last word
        return Boundary(total, bands, source, estimated, ts if times else None)


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
    if wanted is not None and len(wanted) <= CHUNK:  # one building's meters, not the park's
        query = query.where(Meter.id.in_(sorted(wanted)))
    out = _Meters(first)
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


def _columns(r: Any) -> list[Any]:
    """meter_id, raw ts, raw total and bands: no per-value conversion (10,000s of rows)."""
    return [
        r.meter_id,
        type_coerce(r.ts, String),
        type_coerce(r.energy_total, BigInteger),
        *(type_coerce(getattr(r, f"energy_{b}"), BigInteger) for b in BANDS),
    ]


def _freezes(
    session: Session,
    chunk: list[int] | None,
    run: list[date],
    zone: ZoneInfo,
    meters: _Meters,
    times: bool,
    out: dict[int, dict[date, Boundary]],
    found: dict[date, set[int]],
) -> None:
    """The first daily freeze of each day of ``run`` into ``out`` (and ``found``): one
    query, a range seek per meter. Freezes are stamped at midnight, matched unparsed; the
    loop is the hot path of a month by day (10,000 meters x 31 days)."""
    starts = [midnight(day, zone) for day in run]
    exact = {stamp: day for day, start in zip(run, starts, strict=True) for stamp in _stamps(start)}
    # meter_id IN (...) first: SQLite then seeks the unique index meter by meter instead
    # of scanning every reading (a join lets its planner start from the reading table)
    ids = chunk if chunk is not None else select(Meter.id).where(_in_service(meters.first))
    query = select(*_columns(Reading)).where(
        Reading.meter_id.in_(ids),
        Reading.kind == ReadingKind.DAILY,
        Reading.ts >= starts[0],
        Reading.ts < midnight(run[-1] + timedelta(days=1), zone),
    )
    late: dict[tuple[int, date], datetime] = {}  # freezes not stamped at midnight
    removed = meters.removed
    daily = Source.DAILY
    new = tuple.__new__  # Boundary(...) without NamedTuple's Python-level __new__
    for row in _raw_rows(session, query):
        meter_id, raw, total, sharp, peak, flat, valley = row
        at = out.get(meter_id)
        if at is None:
            at = out[meter_id] = {}
        day = exact.get(raw)
        if day is None:  # place it by its time; the day's first freeze counts
            moment = _moment(raw)
            day = run[bisect_right(starts, moment) - 1]
            key = (meter_id, day)
            if day in at and (key not in late or late[key] <= moment):
                continue
            late[key] = moment
        elif late:
            late.pop((meter_id, day), None)  # the midnight freeze beats a later one
        found[day].add(meter_id)
        if times or meter_id in removed:
            at[day] = meters.boundary(row, daily, times)
        elif sharp is None or peak is None or flat is None or valley is None:
            at[day] = new(Boundary, (total, None, daily, False, None))
        else:
            at[day] = new(Boundary, (total, (sharp, peak, flat, valley), daily, False, None))


def _raw_rows(session: Session, query: Any) -> Sequence[Any]:
    """The rows as the driver gives them (plain tuples): the columns of ``_columns`` need
    no conversion, and skipping SQLAlchemy's Row objects saves about 40 % of reading
    300,000 freezes. Falls back to ``.all()`` where there is no DBAPI cursor."""
    result = session.connection().execute(query)
    cursor = getattr(result, "cursor", None)
    if cursor is None:
        return result.all()
    try:
        return list(cursor.fetchall())
    finally:
        result.close()


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


def _first_intervals(
    session: Session,
    missing: list[int],
    chunk: list[int] | None,
    asked: int,
    lo: datetime,
    hi: datetime,
    first: datetime,
) -> Iterable[Any]:
    """Rows of the first interval reading in [lo, hi) of the ``missing`` meters, which are
    some of the ``asked`` meters of ``chunk`` (None: every meter in service)."""
    if not missing:
        return
    in_day = and_(Reading.ts >= lo, Reading.ts < hi)
    # most meters missing (no freezes at this site): ask for the whole chunk as it is (no
    # list of ids to send), skip the others here
    chunks: list[list[int] | None] = [chunk]
    if len(missing) * 2 <= asked:
        chunks = [*_chunks(missing)]
    keep = set(missing)
    for part in chunks:
        meters = select(
            Meter.id.label("meter_id"), _pick(ReadingKind.INTERVAL, in_day).label("rid")
        ).where(_in_service(first))
        if part is not None:
            meters = meters.where(Meter.id.in_(part))
        m = meters.subquery()
        r = aliased(Reading)
        query = select(m.c.meter_id, *_columns(r)[1:]).join(r, r.id == m.c.rid)
        for row in _raw_rows(session, query):
            if row[0] in keep:
                yield row


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
    for chunk in _chunks(missing):
        picks = select(
            Meter.id,
            _pick(ReadingKind.DAILY, Reading.ts >= hi),
            _pick(ReadingKind.INTERVAL, Reading.ts >= hi),
            _pick(ReadingKind.INTERVAL, Reading.ts < lo, latest=True),
            _pick(ReadingKind.DAILY, Reading.ts < lo, latest=True),
        ).where(Meter.id.in_(chunk))
        candidates = {row[0]: tuple(row[1:]) for row in _raw_rows(session, picks)}
        ids = [rid for row in candidates.values() for rid in row if rid is not None]
        rows: dict[int, tuple[Any, Any]] = {}  # id -> (raw stamp, the row)
        for part in _chunks(ids):
            query = select(Reading.id, *_columns(Reading)).where(Reading.id.in_(part))
            for row in _raw_rows(session, query):
                # raw stamps order as times: one back end, one format (text or datetime)
                rows[row[0]] = (row[2], tuple(row[1:]))
        for meter_id, (after_d, after_i, before_i, before_d) in candidates.items():
            after = [
                (*rows[k], source)
                for k, source in ((after_d, Source.DAILY), (after_i, Source.INTERVAL))
                if k is not None
            ]
            before = [
                (*rows[k], source)
                for k, source in ((before_i, Source.INTERVAL), (before_d, Source.DAILY))
                if k is not None
            ]
            if after:
                _, row, source = min(after, key=lambda x: x[0])
                since = meters.installed.get(meter_id)
                if since is not None and since >= lo:  # not installed yet at midnight
                    out[meter_id] = meters.boundary(row, Source.FIRST, times)
                else:
                    out[meter_id] = meters.boundary(row, source, times, True)
            elif before:
                _, row, source = max(before, key=lambda x: x[0])
                out[meter_id] = meters.boundary(row, source, times, True)
    return out
