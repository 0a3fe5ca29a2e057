"""The comparison report (同比 / 环比): a period against the one before and a year before.

``request.filters["measure"]`` chooses the figure: ``energy`` (kWh from the readings, in
total and per band 尖峰平谷; the default) or ``income`` (net payments: recharges in,
refunds out, in fen). Three tables:

1. per building, with the park (or the scope) as the total row: this period, the previous
   period (``Period.previous()``: 环比) and the same period a year before
   (``Period.year_before()``: 同比), each change absolute and in percent;
2. energy only: the same per band;
3. the rooms whose figure changed most against the previous period (``request.limit``,
   default 20 each way), up and down.

``Report.series`` carries the window's two lines: this year and last year, month by month.

Income is summed here with grouped SQL on ``payment`` (the income report's own module is
another's; this one needs only net amounts per room). A refund's payment names no room: it
counts for the account's first room.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import N_, tr
from ..models import Account, Building, Floor, Meter, MeterRole, Payment, Room, Tenant, utcnow
from ..security import Actor, Permission
from .period import Grain, Period, ReportError, add_months, last_of_month
from .pricing import BANDS
from .request import Progress, ReportKind, ReportRequest, Scope, park_name, register
from .table import Cell, Column, ColumnKind, Report, Row, Table, percent, yuan
from .usage import use_by_bucket

BAND_TITLES = {"sharp": N_("sharp"), "peak": N_("peak"), "flat": N_("flat"), "valley": N_("valley")}
TITLE = N_("Comparison report")
ENERGY, INCOME = "energy", "income"
MEASURES = (ENERGY, INCOME)
FILTERS = frozenset({"measure"})
DEFAULT_LIMIT = 20
TOTAL = "total"

Figure = Decimal | int  # kWh (Decimal) or fen (int)


@dataclass(frozen=True)
class RoomInfo:
    building: str
    number: str
    tenant: str


@dataclass
class Figures:
    """One period's figures per room, and per room and band (energy only)."""

    rooms: dict[int, Figure]
    bands: dict[str, Figure]
    complete: bool = True  # False: some boundary readings were missing (estimated)


def measure_of(request: ReportRequest) -> str:
    """The measure asked for; unknown filters or measures are refused by name."""
    unknown = sorted(set(request.filters) - FILTERS - {"cashier"})
    if unknown:
        raise ReportError(
            tr("The comparison report has no filter {names}.", names=", ".join(unknown))
        )
    measure = request.filters.get("measure", ENERGY).strip().lower() or ENERGY
    if measure not in MEASURES:
        raise ReportError(
            tr(
                "Compare {measure!r}? Choose energy or income.",
                measure=request.filters.get("measure", ""),
            )
        )
    return measure


def _rooms(session: Session, scope: Scope) -> dict[int, RoomInfo]:
    """Every room in scope with its building and current tenant."""
    rooms = scope.rooms().subquery()
    query = (
        select(Room.id, Building.name, Room.number, Tenant.name)
        .join(Floor, Room.floor_id == Floor.id)
        .join(Building, Floor.building_id == Building.id)
        .outerjoin(Account, Room.account_id == Account.id)
        .outerjoin(Tenant, Account.tenant_id == Tenant.id)
        .where(Room.id.in_(select(rooms.c.id)))
    )
    return {r: RoomInfo(b, n, t or "") for r, b, n, t in session.execute(query)}


def _room_meters(session: Session, scope: Scope) -> dict[int, int]:
    """meter id -> room id of the tenant meters of the rooms in scope (removed ones too)."""
    rooms = scope.rooms().subquery()
    query = select(Meter.id, Meter.room_id).where(
        Meter.role == MeterRole.TENANT, Meter.room_id.in_(select(rooms.c.id))
    )
    return {m: r for m, r in session.execute(query) if r is not None}


def energy_figures(
    session: Session, period: Period, meters: dict[int, int], park_wide: bool
) -> Figures:
    """kWh per room and per band over the whole period (year buckets: fewest boundaries)."""
    used = use_by_bucket(session, period, Grain.YEAR, None if park_wide else list(meters))
    rooms: dict[int, Figure] = defaultdict(Decimal)
    bands: dict[str, Figure] = defaultdict(Decimal)
    complete = True
    for meter_id, buckets in used.items():
        room = meters.get(meter_id)
        if room is None:
            continue
        for use in buckets.values():
            rooms[room] += use.kwh
            complete = complete and use.complete
            for band, kwh in use.bands.items():
                bands[band] += kwh
    return Figures(dict(rooms), dict(bands), complete)


@dataclass
class MonthlyUse:
    """kWh per month, per room and per band: one pass of the use engine serves the three
    periods and the two lines of the series when they are whole months."""

    rooms: dict[date, dict[int, Decimal]]
    bands: dict[date, dict[str, Decimal]]
    incomplete: set[date] = field(default_factory=set)  # months with estimated boundaries
    measured: set[date] = field(default_factory=set)  # months some meter has a use for

    def figures(self, period: Period) -> Figures:
        rooms: dict[int, Figure] = defaultdict(Decimal)
        bands: dict[str, Figure] = defaultdict(Decimal)
        for key, per_room in self.rooms.items():
            if period.start <= key <= period.end:
                for room, kwh in per_room.items():
                    rooms[room] += kwh
                for band, kwh in self.bands[key].items():
                    bands[band] += kwh
        missing = any(period.start <= key <= period.end for key in self.incomplete)
        return Figures(dict(rooms), dict(bands), not missing)

    def total(self, key: date) -> Decimal:
        return sum(self.rooms.get(key, {}).values(), Decimal(0))


def month_uses(
    session: Session, span: Period, meters: dict[int, int], park_wide: bool
) -> MonthlyUse:
    used = use_by_bucket(session, span, Grain.MONTH, None if park_wide else list(meters))
    out = MonthlyUse({b.key: {} for b in span.buckets(Grain.MONTH)}, {})
    out.bands = {key: {} for key in out.rooms}
    for meter_id, buckets in used.items():
        room = meters.get(meter_id)
        if room is None:
            continue
        for key, use in buckets.items():
            out.measured.add(key)
            if not use.complete:
                out.incomplete.add(key)
            per_room = out.rooms[key]
            per_room[room] = per_room.get(room, Decimal(0)) + use.kwh
            for band, kwh in use.bands.items():
                out.bands[key][band] = out.bands[key].get(band, Decimal(0)) + kwh
    return out


def whole_months(period: Period) -> bool:
    return period.start.day == 1 and period.end == last_of_month(period.end)


def _payment_room() -> ColumnElement[Any]:
    """The room a payment counts for: its own, else its account's first room (refunds)."""
    first = select(func.min(Room.id)).where(Room.account_id == Payment.account_id)
    return func.coalesce(Payment.room_id, first.scalar_subquery())


def income_figures(session: Session, period: Period) -> Figures:
    """Net payments (fen) per room over the period, by one grouped query."""
    start, stop = period.utc_bounds()
    room = _payment_room()
    query = (
        select(room, func.sum(Payment.amount_fen))
        .where(Payment.created_at >= start, Payment.created_at < stop)
        .group_by(room)
    )
    return Figures({r if r is not None else 0: int(v or 0) for r, v in session.execute(query)}, {})


def monthly_income(
    session: Session, first: date, months: int, period: Period, scope: Scope
) -> list[int]:
    """Net payments per month from ``first`` for ``months`` months, in one scan."""
    bounds = [period.midnight(add_months(first, i)) for i in range(months + 1)]
    sums = [
        func.sum(
            case(
                (
                    (Payment.created_at >= bounds[i]) & (Payment.created_at < bounds[i + 1]),
                    Payment.amount_fen,
                ),
                else_=0,
            )
        )
        for i in range(months)
    ]
    query = select(*sums).where(Payment.created_at >= bounds[0], Payment.created_at < bounds[-1])
    if not scope.is_park:
        query = query.where(_payment_room().in_(select(scope.rooms().subquery().c.id)))
    row = session.execute(query).one()
    return [int(v or 0) for v in row]


def _columns(measure: str, what: str) -> list[Column]:
    kind = ColumnKind.KWH if measure == ENERGY else ColumnKind.FEN
    pct = ColumnKind.PERCENT
    return [
        Column("what", what),
        Column("current", tr("This period"), kind, total=True),
        Column("previous", tr("Previous period"), kind, total=True),
        Column("change_previous", tr("Change on previous"), kind, total=True),
        Column("pct_previous", tr("% on previous"), pct),
        Column("year_before", tr("A year before"), kind, total=True),
        Column("change_year", tr("Change on a year before"), kind, total=True),
        Column("pct_year", tr("% on a year before"), pct),
    ]


def compare_row(label: Cell, now: Figure, before: Figure, year: Figure) -> Row:
    """One line: the three figures, both changes and both percentages."""
    return (
        label,
        now,
        before,
        now - before,
        percent(now - before, before),
        year,
        now - year,
        percent(now - year, year),
    )


def _zero(measure: str) -> Figure:
    return Decimal(0) if measure == ENERGY else 0


def _by_building(
    measure: str, rooms: dict[int, RoomInfo], figures: list[Figures], park_wide: bool
) -> Table:
    zero = _zero(measure)
    sums: dict[str, list[Figure]] = defaultdict(lambda: [zero, zero, zero])
    for i, fig in enumerate(figures):
        for room_id, value in fig.rooms.items():
            info = rooms.get(room_id)
            if info is None and not park_wide:
                continue
            name = info.building if info is not None else tr("(no room)")
            sums[name][i] += value
    table = Table(tr("By building"), _columns(measure, tr("Building")))
    table.rows = [compare_row(name, *sums[name]) for name in sorted(sums)]
    totals = [sum((s[i] for s in sums.values()), zero) for i in range(3)]
    table.total = compare_row(tr("Total"), *totals)
    return table


def _by_band(figures: list[Figures]) -> Table:
    table = Table(tr("By band"), _columns(ENERGY, tr("Band")))
    zero = Decimal(0)
    table.rows = [
        compare_row(tr(BAND_TITLES[band]), *(f.bands.get(band, zero) for f in figures))
        for band in BANDS
    ]
    return table


def _movers(measure: str, rooms: dict[int, RoomInfo], figures: list[Figures], limit: int) -> Table:
    """The rooms that changed most against the previous period, up then down."""
    zero = _zero(measure)
    changes = []
    for room_id, info in rooms.items():
        now, before, year = (f.rooms.get(room_id, zero) for f in figures)
        if now != before:
            changes.append((now - before, info, now, before, year))
    up = sorted((c for c in changes if c[0] > 0), key=lambda c: (-c[0], c[1].number))[:limit]
    down = sorted((c for c in changes if c[0] < 0), key=lambda c: (c[0], c[1].number))[:limit]
    columns = [
        Column("direction", tr("Direction")),
        Column("building", tr("Building")),
        Column("room", tr("Room")),
        Column("tenant", tr("Tenant"), wide=True),
        *_columns(measure, "")[1:],
    ]
    table = Table(tr("Rooms that changed most"), columns)
    for direction, picked in ((tr("up"), up), (tr("down"), down)):
        for _change, info, now, before, year in picked:
            row = compare_row(info.number, now, before, year)
            table.rows.append((direction, info.building, info.number, info.tenant, *row[1:]))
    table.note = tr(
        "Ranked by the change against the previous period; at most {limit} each way.",
        limit=limit,
    )
    return table


def _series(
    session: Session,
    measure: str,
    period: Period,
    scope: Scope,
    months: MonthlyUse | None,
) -> dict[str, list[tuple[str, Decimal]]]:
    """This year and last year by month (this year up to the period's last month)."""
    year = period.end.year
    out: dict[str, list[tuple[str, Decimal]]] = {}
    for y, last in ((year, last_of_month(period.end)), (year - 1, date(year - 1, 12, 31))):
        if months is not None:
            values = [months.total(date(y, m, 1)) for m in range(1, last.month + 1)]
            # a month before the first reading is no month of zero use: leave it out,
            unknown = {
                m
                for m in range(1, last.month + 1)
                if date(y, m, 1) in months.incomplete or date(y, m, 1) not in months.measured
            }
            # nor are the months before the park's first use (meters not yet installed)
            for m, v in enumerate(values, start=1):
                if v:
                    break
                unknown.add(m)
        else:
            span = Period(date(y, 1, 1), last, period.zone)
            fen = monthly_income(session, span.start, last.month, span, scope)
            values, unknown = [yuan(v) for v in fen], set()
        out[str(y)] = [
            (f"{m:02d}", v) for m, v in enumerate(values, start=1) if not (m in unknown and not v)
        ]
    return out


def _energy(
    session: Session, periods: list[Period], meters: dict[int, int], scope: Scope
) -> tuple[list[Figures], MonthlyUse]:
    """The three periods' figures and the series' months, with one pass of the use engine
    when the periods are whole months (the usual case), else one more per period."""
    current = periods[0]
    first = date(current.end.year - 1, 1, 1)
    last = last_of_month(current.end)
    if all(whole_months(p) for p in periods):
        first = min(first, *(p.start for p in periods))
        last = max(last, *(p.end for p in periods))
        months = month_uses(session, Period(first, last, current.zone), meters, scope.is_park)
        return [months.figures(p) for p in periods], months
    months = month_uses(session, Period(first, last, current.zone), meters, scope.is_park)
    return [energy_figures(session, p, meters, scope.is_park) for p in periods], months


def build(db: Database, actor: Actor, request: ReportRequest, progress: Progress) -> Report:
    """The registered builder (``run_report`` has checked ``report.finance``)."""
    measure = measure_of(request)
    limit = request.limit if request.limit is not None and request.limit > 0 else DEFAULT_LIMIT
    periods = [request.period, request.period.previous(), request.period.year_before()]
    scope = request.scope
    with db.read() as session:
        rooms = _rooms(session, scope)
        meters = _room_meters(session, scope)
        progress(1, 5)
        months = None
        if measure == ENERGY:
            figures, months = _energy(session, periods, meters, scope)
        else:
            figures = [income_figures(session, period) for period in periods]
        progress(3, 5)
        series = _series(session, measure, request.period, scope, months)
        park = park_name(session)
    tables = [_by_building(measure, rooms, figures, scope.is_park)]
    if measure == ENERGY:
        tables.append(_by_band(figures))
    tables.append(_movers(measure, rooms, figures, limit))
    tables[0].note = _note(measure, periods, figures)
    progress(5, 5)
    return Report(
        "compare",
        tr(TITLE),
        request.period,
        scope.text or park,
        tables,
        park=park,
        generated_at=utcnow(),
        series=series,
    )


def _note(measure: str, periods: list[Period], figures: list[Figures]) -> str:
    what = (
        tr("kWh from the readings")
        if measure == ENERGY
        else tr("net payments (recharges less refunds)")
    )
    text = tr(
        "{what}: {now} against the previous period {previous} and a year before {year}.",
        what=what,
        now=periods[0].describe(),
        previous=periods[1].describe(),
        year=periods[2].describe(),
    )
    gaps = [p.describe() for p, f in zip(periods, figures, strict=True) if not f.complete]
    if gaps:
        text += " " + tr(
            "Readings are missing in {periods}: those figures are incomplete (days without "
            "a reading count nothing), so their changes overstate the difference.",
            periods=", ".join(gaps),
        )
    return text


register(ReportKind("compare", TITLE, Permission.REPORT_FINANCE, build))
