"""Export the whole site to a sheet the import reads back unchanged."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import (
    Account,
    AccountStatus,
    Building,
    Floor,
    Link,
    Meter,
    Park,
    Room,
    Tenant,
    TenantContact,
)
from ..notify.sheet import CONTACT_COLUMNS, contact_cells
from ..security import Actor, Permission, authorize, require

# exactly the columns the import reads (app/siteimport.py COLUMNS), in this order
EXPORT_COLUMNS = (
    "park",
    "building",
    "floor",
    "room",
    "area",
    "power_limit",
    "tenant",
    "tenant_kind",
    "account",
    "meter_address",
    "link",
    "protocol",
    "profile",
    "billing_mode",
    "role",
    *CONTACT_COLUMNS,  # the tenants' message contacts (app/notify/sheet.py), one per row
)
SITE_COLUMNS = EXPORT_COLUMNS[: -len(CONTACT_COLUMNS)]
METER_COLUMNS = ("meter_address", "link", "protocol", "profile", "billing_mode", "role")
NUMERIC = ("area", "power_limit")  # written as numbers in XLSX, text everywhere else


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: int
    rooms: int
    meters: int
    skipped_meters: int  # master or common meters without a room: a sheet row needs a room

    def summary(self) -> str:
        text = tr(
            "Exported {rows} rows ({rooms} rooms, {meters} meters) to {path}.",
            rows=self.rows,
            rooms=self.rooms,
            meters=self.meters,
            path=self.path,
        )
        if self.skipped_meters:
            text += " " + tr(
                "{count} meter(s) without a room (master or common meters) are not in the sheet.",
                count=self.skipped_meters,
            )
        return text


def site_rows(session: Session) -> tuple[list[dict[str, Any]], int]:
    """One row per installed meter of a room, one per room without a meter, in site order;
    and the number of installed meters that have no room."""
    query = (
        select(
            Park.name,
            Building.name,
            Floor.name,
            Room.number,
            Room.area_m2,
            Room.power_limit_w,
            Tenant.name,
            Tenant.kind,
            Account.number,
            Meter.address,
            Link.url,
            Link.protocol,
            Meter.profile,
            Meter.billing_mode,
            Meter.role,
        )
        .select_from(Room)
        .join(Floor, Floor.id == Room.floor_id)
        .join(Building, Building.id == Floor.building_id)
        .join(Park, Park.id == Building.park_id)
        .outerjoin(
            Account, and_(Account.id == Room.account_id, Account.status == AccountStatus.OPEN)
        )
        .outerjoin(Tenant, Tenant.id == Account.tenant_id)
        .outerjoin(Meter, and_(Meter.room_id == Room.id, Meter.removed_at.is_(None)))
        .outerjoin(Link, Link.id == Meter.link_id)
        .order_by(Park.name, Building.name, Floor.level, Floor.name, Room.number, Meter.id)
    )
    rows = []
    for values in session.execute(query):
        row = dict(zip(SITE_COLUMNS, values, strict=True))
        for key, value in row.items():
            if value is None:
                row[key] = ""
            elif hasattr(value, "value"):  # an enum: its stored word, which the import reads
                row[key] = value.value
        row.update(dict.fromkeys(CONTACT_COLUMNS, ""))
        rows.append(row)
    rows = _with_contacts(session, rows)
    roomless = select(Meter.id).where(Meter.room_id.is_(None), Meter.removed_at.is_(None))
    skipped = len(session.scalars(roomless).all())
    return rows, skipped


def _with_contacts(session: Session, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each tenant's contacts on its rows, one per row in contact order; a tenant with
    more contacts than rows gets copies of its first row without the meter columns (the
    import reads such a row as "one more contact of this room's tenant")."""
    contacts: dict[str, list[TenantContact]] = {}
    query = select(Tenant.name, TenantContact).join(Tenant, Tenant.id == TenantContact.tenant_id)
    for name, contact in session.execute(query.order_by(TenantContact.id)).tuples():
        contacts.setdefault(name, []).append(contact)
    last: dict[str, int] = {}
    for index, row in enumerate(rows):
        if row["tenant"]:
            last[row["tenant"]] = index
    extra: dict[int, list[dict[str, Any]]] = {}
    used: dict[str, int] = {}
    for row in rows:
        tenant = row["tenant"]
        waiting = contacts.get(tenant, ())
        if tenant and used.get(tenant, 0) < len(waiting):
            row.update(contact_cells(waiting[used.get(tenant, 0)]))
            used[tenant] = used.get(tenant, 0) + 1
    for tenant, index in last.items():
        for contact in contacts.get(tenant, [])[used.get(tenant, 0) :]:
            copy = {**rows[index], **dict.fromkeys(METER_COLUMNS, ""), **contact_cells(contact)}
            extra.setdefault(index, []).append(copy)
    out: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        out.append(row)
        out += extra.get(index, [])
    return out


def export_site(db: Database, path: Path, actor: Actor) -> ExportResult:
    """Write the site to ``path`` (.xlsx or .csv, by its suffix), whole-file: a failed
    export leaves no half sheet behind. Needs ``VIEW``."""
    require(actor, Permission.VIEW)
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ValueError(tr("unsupported file type {suffix!r}: use .csv or .xlsx", suffix=suffix))
    with db.read() as session:
        authorize(session, actor, Permission.VIEW)
        rows, skipped = site_rows(session)
    data = _xlsx(rows) if suffix == ".xlsx" else _csv(rows)
    _write_whole(path, data)
    rooms = {(r["park"], r["building"], r["floor"], r["room"]) for r in rows}
    meters = sum(1 for r in rows if r["meter_address"])  # a contact's own row has none
    return ExportResult(path, len(rows), len(rooms), meters, skipped)


def _csv(rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel opens the Chinese names correctly."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for row in rows:
        writer.writerow([str(row[c]) for c in EXPORT_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx(rows: list[dict[str, Any]]) -> bytes:
    """Text cells (meter addresses keep their leading zeros), area and limit as numbers."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("site")
    sheet.append(list(EXPORT_COLUMNS))
    for row in rows:
        sheet.append([_xlsx_cell(c, row[c]) for c in EXPORT_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(column: str, value: Any) -> Any:
    if value == "":
        return None
    if column == "area":
        return float(value)
    if column == "power_limit":
        return int(value)
    return str(value)


def _write_whole(path: Path, data: bytes) -> None:
    """Next to the target, then renamed: the sheet appears whole or not at all."""
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, path)
