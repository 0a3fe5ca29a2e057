"""The meter reading sheet (抄表记录): what a reader used to walk the park for.

Table 1: every meter of the scope (tenant and common meters) with its register at the
start and at the end of the period (park-time midnights, the same rule as the energy
report: ``usage``), each with the reading's time and source (daily freeze, interval
reading, a swapped meter's final reading, a new meter's first reading) and the use between.
A swapped room shows both meters, each on its own span.

Table 2: each building master meter (``MeterRole.MASTER``) beside the sum of its
sub-meters: the meters whose ``parent_id`` is the master (a new meter of a swap inherits it),
or, when none points at it, every other meter of its building. The gap (master minus
sub-meters, kWh and % of the master) is the loss and common use that apportionment (公摊)
will share. Masters are listed for the park or one building; a floor or an account is
not what a master meter measures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import N_, tr
from ..models import Building, Floor, Meter, MeterRole, Room
from ..security import Actor, Permission
from .period import Grain, Period, ReportError
from .request import Progress, ReportKind, ReportRequest, park_name, register
from .table import Column, ColumnKind, Report, Row, Table, percent
from .usage import Boundary, Source, Use, has_readings, use_over

SOURCES = {
    Source.DAILY: N_("daily freeze"),
    Source.INTERVAL: N_("interval reading"),
    Source.SWAP: N_("final reading (swap)"),
    Source.FIRST: N_("first reading (new meter)"),
}
ROLES = {
    MeterRole.TENANT: N_("tenant"),
    MeterRole.COMMON: N_("common"),
    MeterRole.MASTER: N_("master"),
}
_ZERO = Decimal("0.00")


@dataclass(frozen=True)
class MeterInfo:
    id: int
    address: str
    label: str
    role: MeterRole
    parent_id: int | None
    building_id: int | None
    building: str
    floor_level: int
    room: str

    @property
    def name(self) -> str:
        return f"{self.label} ({self.address})" if self.label else self.address


def sheet_meters(session: Session, request: ReportRequest) -> dict[int, MeterInfo]:
    """Meters in service during the period, in scope; masters only at park/building scope."""
    period = request.period
    building_id = func.coalesce(Floor.building_id, Meter.building_id)
    query = (
        select(
            Meter.id,
            Meter.address,
            Meter.label,
            Meter.role,
            Meter.parent_id,
            building_id,
            Building.name,
            Floor.level,
            Room.number,
        )
        .outerjoin(Room, Meter.room_id == Room.id)
        .outerjoin(Floor, Room.floor_id == Floor.id)
        .outerjoin(Building, Building.id == building_id)
        .where(or_(Meter.removed_at.is_(None), Meter.removed_at >= period.midnight(period.start)))
    )
    scope = request.scope
    if scope.floor_id is not None or scope.account_id is not None:
        query = query.where(Room.id.in_(scope.rooms()))
    elif scope.building_id is not None:
        query = query.where(building_id == scope.building_id)
    return {
        row[0]: MeterInfo(
            row[0], row[1], row[2], row[3], row[4], row[5], row[6] or "", row[7] or 0, row[8] or ""
        )
        for row in session.execute(query)
    }


def _source(value: Boundary | None) -> str:
    return tr(SOURCES[value.source]) if value is not None else ""


def _reading(value: Boundary | None) -> Decimal | None:
    return Decimal(value.total) / 100 if value is not None else None


def readings_table(
    meters: dict[int, MeterInfo], figures: dict[int, tuple[Boundary | None, Boundary | None, Use]]
) -> Table:
    columns = [
        Column("building", tr("Building")),
        Column("room", tr("Room")),
        Column("meter", tr("Meter")),
        Column("role", tr("Role")),
        Column("start_kwh", tr("Start reading"), ColumnKind.KWH),
        Column("start_at", tr("Start read at"), ColumnKind.DATETIME),
        Column("start_source", tr("Start source")),
        Column("end_kwh", tr("End reading"), ColumnKind.KWH),
        Column("end_at", tr("End read at"), ColumnKind.DATETIME),
        Column("end_source", tr("End source")),
        Column("kwh", tr("Use kWh"), ColumnKind.KWH, total=True),
        Column("note", tr("Note")),
    ]
    table = Table(tr("Meter readings"), columns, group="building")
    tenants = [m for m in meters.values() if m.role is not MeterRole.MASTER]
    tenants.sort(key=lambda m: (m.building, m.floor_level, m.room, m.address, m.id))
    for meter in tenants:
        start, end, use = figures.get(meter.id, (None, None, Use(_ZERO, {}, False)))
        note = ""
        if start is None and end is None:
            note = tr("no reading")
        elif not use.complete:
            note = tr("estimated")
        row: Row = (
            meter.building,
            meter.room,
            meter.name,
            tr(ROLES[meter.role]),
            _reading(start),
            start.ts if start is not None else None,
            _source(start),
            _reading(end),
            end.ts if end is not None else None,
            _source(end),
            use.kwh,
            note,
        )
        table.rows.append(row)
    table.with_total(tr("Total"))
    return table


def sub_meters(master: MeterInfo, meters: dict[int, MeterInfo]) -> list[MeterInfo]:
    """By ``parent_id`` when any meter points at the master, else the building's others."""
    children = [m for m in meters.values() if m.parent_id == master.id]
    if children:
        return children
    return [
        m
        for m in meters.values()
        if m.role is not MeterRole.MASTER and m.building_id == master.building_id
    ]


def masters_table(
    meters: dict[int, MeterInfo],
    figures: dict[int, tuple[Boundary | None, Boundary | None, Use]],
    shown: bool,
) -> Table:
    columns = [
        Column("building", tr("Building")),
        Column("meter", tr("Master meter")),
        Column("start_kwh", tr("Start reading"), ColumnKind.KWH),
        Column("end_kwh", tr("End reading"), ColumnKind.KWH),
        Column("master_kwh", tr("Master kWh"), ColumnKind.KWH, total=True),
        Column("subs", tr("Sub-meters"), ColumnKind.INT, total=True),
        Column("subs_kwh", tr("Sub-meters kWh"), ColumnKind.KWH, total=True),
        Column("gap_kwh", tr("Gap kWh"), ColumnKind.KWH, total=True),
        Column("gap_pct", tr("Gap %"), ColumnKind.PERCENT),
        Column("note", tr("Note")),
    ]
    table = Table(tr("Master meters and their sub-meters"), columns)
    table.note = tr(
        "The gap is the master meter's use minus its sub-meters' (line loss and common use): "
        "what apportionment shares out."
    )
    if not shown:
        table.note = tr("Master meters are listed for the park or one building.")
        return table
    masters = [m for m in meters.values() if m.role is MeterRole.MASTER]
    masters.sort(key=lambda m: (m.building, m.address, m.id))
    none = (None, None, Use(_ZERO, {}, False))
    for master in masters:
        start, end, use = figures.get(master.id, none)
        subs = sub_meters(master, meters)
        sub_uses = [figures.get(m.id, none)[2] for m in subs]
        total = sum((u.kwh for u in sub_uses), _ZERO)
        complete = use.complete and all(u.complete for u in sub_uses)
        gap = use.kwh - total
        table.rows.append(
            (
                master.building,
                master.name,
                _reading(start),
                _reading(end),
                use.kwh,
                len(subs),
                total,
                gap,
                percent(gap, use.kwh),
                "" if complete else tr("estimated"),
            )
        )
    return table.with_total(tr("Total"))


def build_readings(
    db: Database, actor: Actor, request: ReportRequest, progress: Progress
) -> Report:
    """抄表记录: see the module doc."""
    if request.filters:
        raise ReportError(
            tr(
                "The reading sheet has no filter {names}.",
                names=", ".join(sorted(request.filters)),
            )
        )
    period: Period = request.period
    with db.read() as session:
        meters = sheet_meters(session, request)
        progress(1, 3)
        figures = use_over(session, period, list(meters)) if meters else {}
        park = park_name(session)
        if not has_readings(session, period, list(meters)):
            meters, figures = {}, {}  # not one reading stands for this period: say so
    progress(2, 3)
    shown = request.scope.floor_id is None and request.scope.account_id is None
    report = Report(
        kind="readings",
        title=tr("Meter reading sheet"),
        period=period,
        scope=request.scope.text or park,
        tables=[readings_table(meters, figures), masters_table(meters, figures, shown)],
        grain=None,
        park=park,
        generated_at=datetime.now(UTC),
    )
    if not meters:
        report.notes.append(tr("There are no readings for this period in this scope."))
    elif any(row[-1] for table in report.tables for row in table.rows):
        report.notes.append(
            tr(
                "Readings marked estimated are not of the day they stand for (a meter offline "
                "at midnight, a day still to come) or the register went back (a reset)."
            )
        )
    progress(3, 3)
    return report


register(
    ReportKind(
        "readings",
        N_("Meter reading sheet"),
        Permission.REPORT_ENERGY,
        build_readings,
        grains=(Grain.DAY, Grain.MONTH, Grain.YEAR),
    )
)
