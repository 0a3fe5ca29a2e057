"""Applying a validated site sheet to the database (the write half of site import)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, text
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
from ..notify.sheet import ContactPlan
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


def import_site(
    db: Database,
    path: Path,
    *,
    park: str | None = None,
    dry_run: bool = False,
    actor: Actor | None = None,
) -> ImportReport:
    """Validate the whole sheet, then write it in one transaction, or not at all.

    A dry run plans every row in a read transaction (no write lock, no flush, nothing
    written, not even an audit row), so a dry run of a large sheet never holds up a
    cashier. The real import plans the same way inside one write transaction, then inserts
    the new rows in bulk (ids drawn in one statement per table, one flush), so 10,000 rows
    hold the writers' lock about as long as the plan takes; any error rolls everything
    back. (Between #13 and #14 it wrote 500 rows per transaction and a failure left part
    of the sheet written; the bulk flush made that unnecessary.)

    ``actor`` needs ``SITE_EDIT``; without one (a caller that logs nobody in; the command line
    passes its logged-in operator) the system actor ``cli:<user>`` is used.
    """
    actor = actor or system_actor()
    require(actor, Permission.SITE_EDIT)
    rows, issues = normalise(read_sheet(path))
    if issues:
        raise SiteImportError(issues)
    good, issues = validate_rows(rows)
    if issues:  # the database's objections to the other rows too: every error at once
        with db.read() as session:
            try:
                issues += plan_rows(session, clean_rows(good, issues), park)[1]
            except SiteImportError as exc:
                issues += exc.issues
        raise SiteImportError(sorted(issues, key=lambda i: i.row))
    if dry_run:
        with db.read() as session:
            session.autoflush = False  # a flush would write (and take the write lock)
            authorize(session, actor, Permission.SITE_EDIT)
            applier = _Applier(session, park)
            report = applier.apply(good)
            if applier.issues:
                raise SiteImportError(applier.issues)
        report.dry_run = True
        return report
    with db.write() as session:
        session.autoflush = False
        authorize(session, actor, Permission.SITE_EDIT)
        applier = _Applier(session, park)
        report = applier.apply(good)
        if applier.issues:
            raise SiteImportError(applier.issues)
        applier.materialise()
        contacts = applier.contacts.write(session)  # after the tenants' real ids
        audit.record(
            session,
            actor,
            "site.import",
            f"file:{path.name}",
            after={
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
            },
            extra={"new": applier.new_counts(), "contacts": contacts},
        )
    report.batches = 1
    return report


def allocate_ids(session: Session, model: type[Any], count: int) -> list[int]:
    """``count`` fresh ids for ``model``: from PostgreSQL's sequence (so another desk drawing
    ids meanwhile never collides), on SQLite past the highest id (the write transaction
    is BEGIN IMMEDIATE, so nobody else inserts meanwhile)."""
    if count <= 0:
        return []
    name = model.__tablename__
    if session.get_bind().dialect.name == "postgresql":
        sequence = session.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": name})
        drawn = session.scalars(
            text("SELECT nextval(:s) FROM generate_series(1, :n)"), {"s": sequence, "n": count}
        )
        return sorted(drawn)
    first = (session.scalar(select(func.max(model.id))) or 0) + 1
    return list(range(first, first + count))


def floor_level(name: str) -> int:
    """'3F' -> 3, 'B1' -> -1, '12层' -> 12; 0 when no number is found."""
    match = re.search(r"\d+", name)
    if not match:
        return 0
    level = int(match.group())
    return -level if name.strip().upper().startswith("B") else level


def _plan(row: SiteRow, change: str, park: str, outcomes: tuple[str, ...]) -> RowPlan:
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
        outcomes,
    )


# what a new object of each kind means for its row's outcome (the preview's words)
NEW_KIND = {Room: "room", Meter: "meter", Tenant: "tenant", Account: "account"}
FOREIGN_KEYS = (
    "park_id",
    "building_id",
    "floor_id",
    "account_id",
    "tenant_id",
    "link_id",
    "room_id",
)


def _values(obj: Any) -> dict[str, Any]:
    """A new object's column values for a Core insert; unset columns keep their defaults."""
    values = {}
    for column in obj.__table__.columns:
        value = getattr(obj, column.key, None)
        if value is None and column.default is not None:
            continue
        values[column.key] = value
    return values


class _Applier:
    """Finds or creates each row's objects, counting what changed.

    New objects get stand-in ids (-1, -2, ...) and are never flushed while planning, so a
    dry run in a read snapshot writes nothing. ``materialise`` (a real import, inside its
    write transaction) then draws real ids, rewrites the stand-ins and flushes once.
    """

    def __init__(self, session: Session, park: str | None) -> None:
        self.s = session
        self.park_name = park
        self._stand_in = 0
        self.issues: list[ImportIssue] = []
        self.report = ImportReport()
        self.created_objects: list[Any] = []
        self._deferred: dict[int, tuple[Room, int]] = {}  # stored room -> new account's id
        self._made_accounts: dict[str, Account] = {}  # tenant -> account opened by this sheet
        self._owners: dict[str, str] = {}  # number of an account opened here -> its tenant
        self._parks = {p.name: p for p in session.scalars(select(Park))}
        self._buildings = {(b.park_id, b.name): b for b in session.scalars(select(Building))}
        self._floors = {(f.building_id, f.name): f for f in session.scalars(select(Floor))}
        self._rooms = {(r.floor_id, r.number): r for r in session.scalars(select(Room))}
        self._tenants = {t.name: t for t in session.scalars(select(Tenant))}
        self._accounts = {a.number: a for a in session.scalars(select(Account))}
        self._open_of_tenant: dict[int, Account] = {}  # a tenant's first open account
        for account in sorted(self._accounts.values(), key=lambda a: a.id):
            if account.status is AccountStatus.OPEN:
                self._open_of_tenant.setdefault(account.tenant_id, account)
        self._links = {lk.url: lk for lk in session.scalars(select(Link))}
        self._meters = {
            (m.link_id, m.address): m
            for m in session.scalars(select(Meter).where(Meter.removed_at.is_(None)))
        }
        self._next_account = (session.scalar(select(func.max(Account.id))) or 0) + 1
        self.contacts = ContactPlan(session)

    def apply(self, rows: list[SiteRow]) -> ImportReport:
        for row in rows:
            self.changed = False
            self.made: list[str] = []
            self.created = False
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
            outcomes = tuple(self.made) + (("updated",) if self.changed else ())
            self.report.plan.append(_plan(row, change, park.name, outcomes or ("unchanged",)))
        return self.report

    def _new(self, obj: Any) -> None:
        self._stand_in -= 1
        obj.id = self._stand_in
        self.created_objects.append(obj)
        self.created = True
        kind = NEW_KIND.get(type(obj))
        if kind is not None:
            self.made.append(kind)

    def new_counts(self) -> dict[str, int]:
        """New objects by table (the audit entry's detail)."""
        counts: dict[str, int] = {}
        for obj in self.created_objects:
            counts[obj.__tablename__] = counts.get(obj.__tablename__, 0) + 1
        return counts

    def materialise(self) -> None:
        """Real ids for the new objects, the stand-ins rewritten everywhere, one flush."""
        real: dict[int, int] = {}
        by_model: dict[type[Any], list[Any]] = {}
        for obj in self.created_objects:
            by_model.setdefault(type(obj), []).append(obj)
        for model, objs in by_model.items():
            for obj, new_id in zip(objs, allocate_ids(self.s, model, len(objs)), strict=True):
                real[obj.id] = new_id
        for obj in self.created_objects:
            obj.id = real[obj.id]
            for column in FOREIGN_KEYS:
                value = getattr(obj, column, None)
                if isinstance(value, int) and value < 0:
                    setattr(obj, column, real[value])
        for model in (Park, Building, Tenant, Link, Floor, Account, Room, Meter):
            objs = by_model.get(model, [])
            if objs:  # Core executemany: the ORM's per-object flush took 3 s for 10,000 rows
                self.s.execute(insert(model), [_values(obj) for obj in objs])
        for room, account_id in self._deferred.values():
            room.account_id = real[account_id]
        self.s.flush()

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
        room = self._room(row, floor)
        if row.tenant:
            account = self._account(row)
            if account is not None and self._room_account(room) != account.id:
                self._set_account(room, account)
                self.changed = self.changed or room.id > 0  # a new room is not "updated"
            if row.contact is not None and self.contacts.plan(
                self._tenants[row.tenant], row.contact
            ):  # the tenant's contact (issue 18, app/notify/sheet.py): a stored row is
                self.changed = self.changed or not self.created  # "updated" by it
        if row.meter_address:
            self._meter(row, room, building)
        return park

    def _room_account(self, room: Room) -> int | None:
        return self._deferred.get(id(room), (room, room.account_id))[1]

    def _set_account(self, room: Room, account: Account) -> None:
        """A stored room gets a new account's id only after the inserts (a flush before
        would write a stand-in id); a new room gets it now and is rewritten with the rest."""
        if room.id > 0 and account.id < 0:
            self._deferred[id(room)] = (room, account.id)
        else:
            self._deferred.pop(id(room), None)
            room.account_id = account.id

    def _room(self, row: SiteRow, floor: Floor) -> Room:
        room = self._rooms.get((floor.id, row.room))
        if room is None:
            room = Room(
                floor_id=floor.id,
                number=row.room,
                area_m2=row.area or Decimal("0.00"),
                power_limit_w=row.power_limit,
            )
            self._new(room)
            self._rooms[(floor.id, row.room)] = room
            return room
        if row.area is not None and room.area_m2 != row.area:
            room.area_m2 = row.area
            self.changed = True
        if row.power_limit is not None and room.power_limit_w != row.power_limit:
            room.power_limit_w = row.power_limit
            self.changed = True
        return room

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

    def _account(self, row: SiteRow) -> Account | None:
        tenant = self._tenants.get(row.tenant)
        if tenant is None:
            tenant = Tenant(name=row.tenant, kind=row.tenant_kind, initials=initials(row.tenant))
            self._new(tenant)
            self._tenants[row.tenant] = tenant
        elif row.kind_given and tenant.kind is not row.tenant_kind:
            tenant.kind = row.tenant_kind
            self.changed = True
        if row.account:
            return self._numbered_account(row, tenant)
        made = self._made_accounts.get(tenant.name)
        if made is not None:
            return made
        stored = self._open_of_tenant.get(tenant.id)
        if stored is not None:
            return stored
        number = f"E{self._next_account + 100000:07d}"
        while number in self._accounts:
            self._next_account += 1
            number = f"E{self._next_account + 100000:07d}"
        return self._open_account(number, tenant)

    def _open_account(self, number: str, tenant: Tenant) -> Account:
        account = Account(number=number, tenant_id=tenant.id)
        self._next_account += 1
        self._new(account)
        self._accounts[number] = account
        self._made_accounts.setdefault(tenant.name, account)
        self._owners[number] = tenant.name
        return account

    def _numbered_account(self, row: SiteRow, tenant: Tenant) -> Account | None:
        """The sheet names the account: it must be this tenant's and open, or new."""
        account = self._accounts.get(row.account)
        if account is None:
            return self._open_account(row.account, tenant)
        if account.tenant_id != tenant.id:
            reason = tr(
                "account {account} belongs to tenant {tenant}",
                account=row.account,
                tenant=self._owners.get(row.account) or account.tenant.name,
            )
        elif account.status is not AccountStatus.OPEN:
            reason = tr(
                "account {account} is closed: leave the account cell empty to open a new one",
                account=row.account,
            )
        else:
            return account
        self.issues.append(ImportIssue(row.line, "account", reason))
        return None

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


def plan_rows(
    session: Session, rows: list[SiteRow], park: str | None
) -> tuple[ImportReport, list[ImportIssue]]:
    """What importing ``rows`` would do, row by row, and the conflicts with the database
    (a meter address owned by another room, a link of another protocol, an account of
    another tenant). Nothing is added to the session: safe in a read snapshot."""
    session.autoflush = False
    applier = _Applier(session, park)
    report = applier.apply(rows)
    return report, applier.issues


def clean_rows(rows: list[SiteRow], issues: list[ImportIssue]) -> list[SiteRow]:
    """The rows without an issue of their own (checked against the database on their own:
    a row that is wrong anyway must not make the next one look wrong)."""
    bad = {issue.row for issue in issues}
    return [row for row in rows if row.line not in bad]
