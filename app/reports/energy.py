"""The energy report (能耗日/月/年报表): kWh and kWh per band (尖峰平谷) per room, account,
floor, building or park, per day, month or year, from the readings.

Figures come from ``usage.use_by_bucket`` (freeze or first reading after park midnight,
swaps on each meter's span, roll-over by billing's rule). What is counted: every meter that
has a room (tenant and common meters), never the building master meters, which would count
the same energy twice: the master meters beside their sub-meters are the reading sheet's
business (``readings``). A room's meters are summed (一户多表, and the old and new meter of
a swap). An account's rows are the rooms it rents *now* (a transfer moves their history).

The level is ``request.filters["level"]``: ``room`` (default), ``account``, ``floor``,
``building`` or ``park``. Rows run by building, then the level's entity, then time, so the
table's building subtotals (``Table.group``) and the park total are exact sums. A row whose
figures rest on an estimated or missing reading says so in its last column.
``Report.series`` holds the window's stacked bars: band code (``sharp``/``peak``/``flat``/
``valley``) -> kWh per bucket label, for the whole scope.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import N_, tr
from ..models import Account, Building, Floor, Meter, MeterRole, Room, Tenant
from ..security import Actor, Permission
from .period import Bucket, Period, ReportError
from .request import Progress, ReportKind, ReportRequest, park_name, register
from .table import Column, ColumnKind, Report, Table
from .usage import BANDS, Use, has_readings, use_by_bucket

LEVELS = ("room", "account", "floor", "building", "park")
_ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Place:
    """Where one meter is: its room and what the room belongs to."""

    room_id: int
    room: str
    floor_id: int
    floor: str
    floor_level: int
    building_id: int
    building: str
    account_id: int | None
    account: str
    tenant: str


def meter_places(session: Session, request: ReportRequest) -> dict[int, Place]:
    """The counted meters of the scope (with a room, not masters, in service during the
    period) and where each is."""
    first = request.period.midnight(request.period.start)
    query = (
        select(
            Meter.id,
            Room.id,
            Room.number,
            Floor.id,
            Floor.name,
            Floor.level,
            Building.id,
            Building.name,
            Room.account_id,
            Account.number,
            Tenant.name,
        )
        .join(Room, Meter.room_id == Room.id)
        .join(Floor, Room.floor_id == Floor.id)
        .join(Building, Floor.building_id == Building.id)
        .outerjoin(Account, Room.account_id == Account.id)
        .outerjoin(Tenant, Account.tenant_id == Tenant.id)
        .where(Meter.role != MeterRole.MASTER)
        .where(or_(Meter.removed_at.is_(None), Meter.removed_at >= first))
    )
    if not request.scope.is_park:
        query = query.where(Room.id.in_(request.scope.rooms()))
    out: dict[int, Place] = {}
    for row in session.execute(query):
        out[row[0]] = Place(
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            row[6],
            row[7],
            row[8],
            row[9] or "",
            row[10] or "",
        )
    return out


def _add(cell: list[Any] | None, use: Use) -> list[Any]:
    """Exact sums of ``Use`` values of one row (entity x bucket): [kWh, sharp, peak, flat,
    valley, complete]; a plain list, as a month by day of 10,000 rooms makes 300,000."""
    bands = use.bands
    if cell is None:
        if bands:
            return [
                use.kwh,
                bands["sharp"],
                bands["peak"],
                bands["flat"],
                bands["valley"],
                use.complete,
            ]
        return [use.kwh, _ZERO, _ZERO, _ZERO, _ZERO, use.complete]
    cell[0] += use.kwh
    if bands:
        cell[1] += bands["sharp"]
        cell[2] += bands["peak"]
        cell[3] += bands["flat"]
        cell[4] += bands["valley"]
    cell[5] = cell[5] and use.complete
    return cell


def level_of(request: ReportRequest) -> str:
    """The requested level; refuses an unknown level or filter with the choices."""
    unknown = sorted(set(request.filters) - {"level"})
    if unknown:
        raise ReportError(tr("The energy report has no filter {names}.", names=", ".join(unknown)))
    level = request.filters.get("level", "room").strip().lower() or "room"
    if level not in LEVELS:
        raise ReportError(
            tr(
                "Unknown level {level!r}: choose one of {levels}.",
                level=level,
                levels=", ".join(LEVELS),
            )
        )
    return level


def _entity(level: str, place: Place, park: str) -> tuple[Any, tuple[str, ...], tuple[Any, ...]]:
    """(key, its cells, sort key) of the row a meter's use adds to at ``level``."""
    if level == "room":
        return (
            place.room_id,
            (place.building, place.floor, place.room, place.account),
            (place.building, place.floor_level, place.floor, place.room),
        )
    if level == "account":
        number = place.account or tr("(vacant)")
        return place.account_id, (number, place.tenant), (place.account_id is None, number)
    if level == "floor":
        return (
            place.floor_id,
            (place.building, place.floor),
            (place.building, place.floor_level, place.floor),
        )
    if level == "building":
        return place.building_id, (place.building,), (place.building,)
    return 0, (park,), ()


def _entity_columns(level: str) -> list[Column]:
    building = Column("building", tr("Building"))
    floor = Column("floor", tr("Floor"))
    if level == "room":
        return [building, floor, Column("room", tr("Room")), Column("account", tr("Account"))]
    if level == "account":
        return [Column("account", tr("Account")), Column("tenant", tr("Tenant"), wide=True)]
    if level == "floor":
        return [building, floor]
    if level == "building":
        return [building]
    return [Column("park", tr("Park"), wide=True)]


def band_columns() -> list[Column]:
    names = {"sharp": N_("Sharp kWh"), "peak": N_("Peak kWh"), "flat": N_("Flat kWh")}
    names["valley"] = N_("Valley kWh")
    return [Column(b, tr(names[b]), ColumnKind.KWH, total=True) for b in BANDS]


def energy_table(
    level: str,
    buckets: list[Bucket],
    uses: dict[int, dict[date, Use]],
    places: dict[int, Place],
    park: str,
) -> Table:
    """One row per entity x bucket, sorted by building then entity then time."""
    sums: dict[Any, dict[date, list[Any]]] = {}
    cells: dict[Any, tuple[tuple[str, ...], tuple[Any, ...]]] = {}
    for meter_id, by_bucket in uses.items():
        place = places.get(meter_id)
        if place is None:
            continue
        key, texts, order = _entity(level, place, park)
        cells.setdefault(key, (texts, order))
        entity = sums.setdefault(key, {})
        for bucket_key, use in by_bucket.items():
            entity[bucket_key] = _add(entity.get(bucket_key), use)
    columns = [
        *_entity_columns(level),
        Column("bucket", tr("Period")),
        Column("kwh", tr("kWh"), ColumnKind.KWH, total=True),
        *band_columns(),
        Column("note", tr("Note")),
    ]
    table = Table(
        tr("Energy"), columns, group="building" if level in ("room", "floor", "building") else None
    )
    incomplete = tr("estimated")
    labels = [(bucket.key, bucket.label) for bucket in buckets]
    empty = [_ZERO, _ZERO, _ZERO, _ZERO, _ZERO, False]
    rows = table.rows
    for key in sorted(sums, key=lambda k: cells[k][1]):
        texts, entity = cells[key][0], sums[key]
        for bucket_key, label in labels:
            kwh, sharp, peak, flat, valley, complete = entity.get(bucket_key, empty)
            note = "" if complete else incomplete
            rows.append((*texts, label, kwh, sharp, peak, flat, valley, note))
    table.with_total(tr("Total"))
    table.note = tr(
        "Use from the readings at midnight in park time (daily freeze, else the first reading "
        "after midnight); building master meters are not counted (see the reading sheet)."
    )
    return table


def band_series(
    buckets: list[Bucket], uses: Iterable[dict[date, Use]]
) -> dict[str, list[tuple[str, Decimal]]]:
    """Band code -> [(bucket label, kWh)] over the scope: the window's stacked bars."""
    totals = {b.key: dict.fromkeys(BANDS, _ZERO) for b in buckets}
    for by_bucket in uses:
        for key, use in by_bucket.items():
            for name, value in use.bands.items():
                totals[key][name] += value
    return {name: [(b.label, totals[b.key][name]) for b in buckets] for name in BANDS}


def build_energy(db: Database, actor: Actor, request: ReportRequest, progress: Progress) -> Report:
    """能耗报表: see the module doc."""
    level = level_of(request)
    period: Period = request.period
    buckets = period.buckets(request.grain)
    with db.read() as session:
        places = meter_places(session, request)
        progress(1, 3)
        ids = None if request.scope.is_park else list(places)
        uses = use_by_bucket(session, period, request.grain, ids)
        park = park_name(session)
        if not has_readings(session, period, list(places)):
            uses = {}  # not one reading stands for this period: an empty report, said so
    progress(2, 3)
    uses = {m: u for m, u in uses.items() if m in places}
    table = energy_table(level, buckets, uses, places, park)
    report = Report(
        kind="energy",
        title=tr("Energy report"),
        period=period,
        scope=request.scope.text or park,
        tables=[table],
        grain=request.grain,
        park=park,
        generated_at=datetime.now(UTC),
        series=band_series(buckets, uses.values()),
    )
    if not table.rows:
        report.notes.append(tr("There are no readings for this period in this scope."))
    elif any(row[-1] for row in table.rows):
        report.notes.append(
            tr(
                "Rows marked estimated rest on a missing or estimated reading (a meter "
                "offline at midnight, a day still to come, or a register reset)."
            )
        )
    progress(3, 3)
    return report


register(ReportKind("energy", N_("Energy report"), Permission.REPORT_ENERGY, build_energy))
