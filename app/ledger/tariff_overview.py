"""What the tariff editor shows, read in one go: every tariff with its versions (who
published each and when) and where it is assigned, plus what it could be assigned to.

Qt-free so the GUI reads it in a worker thread and the CLI or a report could reuse it. The
resale cap is computed here from the same settings ``resale_warnings`` uses, so the editor
can warn *before* publishing, not only after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..billing.tariff import TariffVersion, version_from_data
from ..db import Database
from ..models import (
    Building,
    Floor,
    Meter,
    Operator,
    Room,
    TariffAssignment,
    TariffRow,
    TariffVersionRow,
    TenantKind,
)
from .tariffs import resale_cap

SCOPE_ORDER = {"meter": 0, "building": 1, "tenant_kind": 2, "default": 3}


@dataclass(frozen=True)
class VersionInfo:
    version: TariffVersion
    definition: dict[str, Any]
    published_by: str  # display name, or "" for the demo / the system
    published_at: datetime


@dataclass(frozen=True)
class AssignmentInfo:
    scope: str  # meter | building | tenant_kind | default
    key: str
    label: str  # building name, "room path · meter address", the tenant kind, or ""


@dataclass(frozen=True)
class TariffInfo:
    name: str
    description: str
    versions: list[VersionInfo]  # oldest first
    assignments: list[AssignmentInfo]  # most specific first

    def version_at(self, moment: datetime) -> VersionInfo | None:
        chosen = None
        for info in self.versions:
            if info.version.effective_from <= moment:
                chosen = info
        return chosen

    def upcoming(self, moment: datetime) -> list[VersionInfo]:
        return [v for v in self.versions if v.version.effective_from > moment]


@dataclass(frozen=True)
class TariffOverview:
    tariffs: list[TariffInfo]
    buildings: list[tuple[int, str]]
    meters: list[tuple[int, str]]  # installed tenant meters: (id, "path · address")
    tenant_kinds: list[str]
    catalogue_price: Decimal | None
    resale_cap: Decimal | None  # catalogue x (1 + margin), or None without a catalogue price

    def tariff(self, name: str) -> TariffInfo | None:
        return next((t for t in self.tariffs if t.name == name), None)


def _meter_labels(session: Session) -> dict[int, str]:
    rows = session.execute(
        select(Meter.id, Meter.address, Building.name, Floor.name, Room.number)
        .select_from(Meter)
        .join(Room, Meter.room_id == Room.id, isouter=True)
        .join(Floor, Room.floor_id == Floor.id, isouter=True)
        .join(Building, Meter.building_id == Building.id, isouter=True)
        .where(Meter.removed_at.is_(None))
        .order_by(Building.name, Floor.name, Room.number, Meter.address)
    ).all()
    labels = {}
    for meter_id, address, building, floor, room in rows:
        path = " / ".join(p for p in (building, floor, room) if p)
        labels[meter_id] = f"{path} · {address}" if path else str(address)
    return labels


def read_overview(db: Database) -> TariffOverview:
    """Everything the tariff window shows (one read transaction)."""
    with db.read() as s:
        buildings = [(b.id, b.name) for b in s.scalars(select(Building).order_by(Building.name))]
        building_names = {str(bid): name for bid, name in buildings}
        meters = _meter_labels(s)
        people = {op.id: op.display_name or op.login for op in s.scalars(select(Operator))}
        by_tariff: dict[int, list[AssignmentInfo]] = {}
        for a in s.scalars(select(TariffAssignment)):
            if a.scope == "building":
                label = building_names.get(a.scope_key, a.scope_key)
            elif a.scope == "meter":
                label = meters.get(int(a.scope_key), a.scope_key) if a.scope_key.isdigit() else ""
            else:
                label = a.scope_key
            by_tariff.setdefault(a.tariff_id, []).append(
                AssignmentInfo(a.scope, a.scope_key, label)
            )
        tariffs = []
        for row in s.scalars(select(TariffRow).order_by(TariffRow.name)):
            versions = [
                VersionInfo(
                    version_from_data(v.definition),
                    v.definition,
                    people.get(v.created_by, "") if v.created_by is not None else "",
                    v.created_at,
                )
                for v in s.scalars(
                    select(TariffVersionRow)
                    .where(TariffVersionRow.tariff_id == row.id)
                    .order_by(TariffVersionRow.effective_from)
                )
            ]
            assigned = sorted(
                by_tariff.get(row.id, []), key=lambda a: (SCOPE_ORDER.get(a.scope, 9), a.label)
            )
            tariffs.append(TariffInfo(row.name, row.description, versions, assigned))
        catalogue, cap = resale_cap(s)
        return TariffOverview(
            tariffs=tariffs,
            buildings=buildings,
            meters=sorted(meters.items(), key=lambda item: item[1]),
            tenant_kinds=[k.value for k in TenantKind],
            catalogue_price=catalogue,
            resale_cap=cap,
        )
