"""Applying a validated site sheet to the database (the write half of site import)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
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
    Parity,
    Park,
    Protocol,
    Room,
    Tenant,
)
from ..names import initials
from ..security import Actor, Permission, audit, authorize, require, system_actor
from ..siteimport import (
    ImportIssue,
    ImportReport,
    RowPlan,
    SiteImportError,
    SiteRow,
    normalise,
    read_sheet,
    validate_rows,
)

DEFAULT_SERIAL = {Protocol.MODBUS: (9600, 300), Protocol.DLT645: (2400, 1000)}


BATCH_ROWS = 500  # rows per write transaction: a fraction of a second of the writers' lock


def import_site(
    db: Database,
    path: Path,
    *,
    park: str | None = None,
    dry_run: bool = False,
    actor: Actor | None = None,
    batch_rows: int = BATCH_ROWS,
) -> ImportReport:
    """Validate the whole sheet against a read snapshot, then write it in bounded batches.

    A dry run is the first half only: it plans every row in a read transaction (no write
    lock, no flush, nothing written, not even an audit row), so a dry run of a large sheet
    never holds up a cashier. It used to apply the sheet inside ``BEGIN IMMEDIATE`` and
    roll back, holding the database for minutes; every writer behind it failed.

    The real import does the same check first (nothing is written unless the whole sheet
    is good), then writes ``batch_rows`` rows per transaction, each audited on its own
    (``site.import`` with the batch and its rows), so other writers get their turn between
    batches. Rows are matched on natural keys, so if a batch fails (a concurrent edit made
    a row wrong, the disk filled) the error says which rows were written, and importing the
    same sheet again after the fix leaves those unchanged and writes the rest.

    ``actor`` needs ``SITE_EDIT``; without one (a caller that logs nobody in; the command line
    passes its logged-in operator) the system actor ``cli:<user>`` is used.
    """
    actor = actor or system_actor()
    require(actor, Permission.SITE_EDIT)
    rows, issues = normalise(read_sheet(path))
    good, row_issues = validate_rows(rows) if not issues else ([], [])
    issues += row_issues
    if issues:
        raise SiteImportError(issues)
    with db.read() as session:
        session.autoflush = False  # a flush would write (and take the write lock)
        authorize(session, actor, Permission.SITE_EDIT)
        applier = _Applier(session, park, dry=True)
        report = applier.apply(good)
        if applier.issues:
            raise SiteImportError(applier.issues)
    if dry_run:
        report.dry_run = True
        return report
    return _write_in_batches(db, path, park, actor, good, max(1, batch_rows))


def _write_in_batches(
    db: Database, path: Path, park: str | None, actor: Actor, good: list[SiteRow], size: int
) -> ImportReport:
    total = ImportReport()
    chunks = [good[i : i + size] for i in range(0, len(good), size)] or [[]]
    for number, chunk in enumerate(chunks, 1):
        try:
            with db.write() as session:
                authorize(session, actor, Permission.SITE_EDIT)
                applier = _Applier(session, park)
                part = applier.apply(chunk)
                if applier.issues:
                    raise SiteImportError(applier.issues)
                audit.record(
                    session,
                    actor,
                    "site.import",
                    f"file:{path.name}",
                    after={
                        "rows": part.rows,
                        "created": part.created,
                        "updated": part.updated,
                        "unchanged": part.unchanged,
                    },
                    extra={
                        "batch": number,
                        "batches": len(chunks),
                        "first_row": chunk[0].line if chunk else None,
                        "last_row": chunk[-1].line if chunk else None,
                    },
                )
        except SiteImportError as exc:
            if total.rows:
                written = (good[0].line, _last_written(good, total))
                raise SiteImportError(exc.issues, written=written) from exc
            raise
        except Exception as exc:
            if total.rows:
                exc.add_note(
                    tr(
                        "Rows {first} to {last} of the sheet were written; import the same "
                        "sheet again to write the rest (written rows stay unchanged).",
                        first=good[0].line,
                        last=_last_written(good, total),
                    )
                )
            raise
        total.rows += part.rows
        total.created += part.created
        total.updated += part.updated
        total.unchanged += part.unchanged
        total.plan.extend(part.plan)
        total.batches = number
    return total


def _last_written(good: list[SiteRow], total: ImportReport) -> int:
    """The sheet line of the last row written so far."""
    return good[total.rows - 1].line


def floor_level(name: str) -> int:
    """'3F' -> 3, 'B1' -> -1, '12层' -> 12; 0 when no number is found."""
    match = re.search(r"\d+", name)
    if not match:
        return 0
    level = int(match.group())
    return -level if name.strip().upper().startswith("B") else level


def _plan(row: SiteRow, change: str, park: str) -> RowPlan:
    return RowPlan(
        row.line,
        change,
        park,
        row.building,
        row.floor,
        row.room,
        row.tenant,
        row.meter_address,
        row.link,
        row.profile,
    )


class _Applier:
    """Finds or creates each row's objects, counting what changed."""

    def __init__(self, session: Session, park: str | None, *, dry: bool = False) -> None:
        self.s = session
        self.park_name = park
        self.dry = dry
        self._stand_in = 0  # a dry run's new objects get ids -1, -2, ... and are never flushed
        self.issues: list[ImportIssue] = []
        self.report = ImportReport()
        self._parks = {p.name: p for p in session.scalars(select(Park))}
        self._buildings = {(b.park_id, b.name): b for b in session.scalars(select(Building))}
        self._floors = {(f.building_id, f.name): f for f in session.scalars(select(Floor))}
        self._rooms = {(r.floor_id, r.number): r for r in session.scalars(select(Room))}
        self._tenants = {t.name: t for t in session.scalars(select(Tenant))}
        self._links = {lk.url: lk for lk in session.scalars(select(Link))}
        self._meters = {
            (m.link_id, m.address): m
            for m in session.scalars(select(Meter).where(Meter.removed_at.is_(None)))
        }
        self._next_account = (session.scalar(select(func.max(Account.id))) or 0) + 1

    def apply(self, rows: list[SiteRow]) -> ImportReport:
        for row in rows:
            self.changed = self.created = False
            park = self._row(row)
            self.report.rows += 1
            if self.created:
                self.report.created += 1
                change = "create"
            elif self.changed:
                self.report.updated += 1
                change = "update"
            else:
                self.report.unchanged += 1
                change = "unchanged"
            self.report.plan.append(_plan(row, change, park.name))
        return self.report

    def _new(self, obj: Any) -> None:
        if self.dry:  # plan only: in a read snapshot nothing may reach the database
            self._stand_in -= 1
            obj.id = self._stand_in
        else:
            self.s.add(obj)
            self.s.flush()
        self.created = True

    def _row(self, row: SiteRow) -> Park:
        park = self._park(row.park)
        building = self._buildings.get((park.id, row.building))
        if building is None:
            building = Building(park_id=park.id, name=row.building)
            self._new(building)
            self._buildings[(park.id, row.building)] = building
        floor = self._floors.get((building.id, row.floor))
        if floor is None:
            floor = Floor(building_id=building.id, name=row.floor, level=floor_level(row.floor))
            self._new(floor)
            self._floors[(building.id, row.floor)] = floor
        room = self._rooms.get((floor.id, row.room))
        if room is None:
            room = Room(floor_id=floor.id, number=row.room, area_m2=row.area or 0)
            self._new(room)
            self._rooms[(floor.id, row.room)] = room
        elif row.area is not None and room.area_m2 != row.area:
            room.area_m2 = row.area
            self.changed = True
        if row.tenant:
            account = self._account(row)
            if room.account_id != account.id:
                room.account_id = account.id
                self.changed = True
        if row.meter_address:
            self._meter(row, room, building)
        return park

    def _park(self, name: str | None) -> Park:
        name = name or self.park_name
        if name is None:
            if len(self._parks) == 1:
                return next(iter(self._parks.values()))
            if self._parks:
                raise SiteImportError(
                    [
                        ImportIssue(
                            0, "park", tr("The database has several parks; choose one with --park.")
                        )
                    ]
                )
            name = tr("My park")
        park = self._parks.get(name)
        if park is None:
            park = Park(name=name)
            self._new(park)
            self._parks[name] = park
        return park

    def _account(self, row: SiteRow) -> Account:
        tenant = self._tenants.get(row.tenant)
        if tenant is None:
            tenant = Tenant(name=row.tenant, kind=row.tenant_kind, initials=initials(row.tenant))
            self._new(tenant)
            self._tenants[row.tenant] = tenant
        for account in tenant.accounts:
            if account.status is AccountStatus.OPEN:
                return account
        account = Account(number=f"E{self._next_account + 100000:07d}", tenant_id=tenant.id)
        self._next_account += 1
        self._new(account)
        tenant.accounts.append(account)
        return account

    def _meter(self, row: SiteRow, room: Room, building: Building) -> None:
        protocol = Protocol(row.protocol)
        link = self._links.get(row.link)
        if link is None:
            baud, timeout = DEFAULT_SERIAL[protocol]
            link = Link(
                name=row.link,
                url=row.link,
                protocol=protocol,
                baud=baud,
                parity=Parity.EVEN,
                timeout_ms=timeout,
            )
            self._new(link)
            self._links[row.link] = link
        elif link.protocol is not protocol:
            self.issues.append(
                ImportIssue(
                    row.line,
                    "link",
                    tr(
                        "link {link} mixes protocols {first} and {second}",
                        link=row.link,
                        first=link.protocol.value,
                        second=row.protocol,
                    ),
                )
            )
            return
        meter = self._meters.get((link.id, row.meter_address))
        if meter is None:
            meter = Meter(
                link_id=link.id,
                address=row.meter_address,
                profile=row.profile,
                role=row.role,
                billing_mode=row.billing_mode,
                room_id=room.id,
                building_id=building.id,
            )
            self._new(meter)
            self._meters[(link.id, row.meter_address)] = meter
            return
        if meter.room_id != room.id:
            owner = self.s.get(Room, meter.room_id) if meter.room_id else None
            self.issues.append(
                ImportIssue(
                    row.line,
                    "meter_address",
                    tr(
                        "meter address {address} on link {link} already belongs to room {room}",
                        address=row.meter_address,
                        link=row.link,
                        room=owner.number if owner else "-",
                    ),
                )
            )
            return
        for attr, value in (
            ("profile", row.profile),
            ("billing_mode", row.billing_mode),
            ("role", row.role),
        ):
            if getattr(meter, attr) != value:
                setattr(meter, attr, value)
                self.changed = True
