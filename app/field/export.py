"""``field export``: a signed package of one or more buildings for the laptop in the field.

The package is a WattDesk SQLite database made by the ordinary migrations, into which the
office's rows are copied with their ids (so merge needs no id mapping): the park, the
buildings, their floors, rooms, tenants and accounts, their meters with their links and
latest states, every tariff with its versions and assignments, the settings and every
operator (with their password hashes: they log in on the laptop offline; no per-building
operator list exists, an operator's role is what limits them). Balances come over as
``opening`` transactions, so the package's ledger verifies like any other. Then its
identity row (``field_package``), its own FIELD receipt prefix, and the signature.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..ledger.journal import METER, OPENING, TENANT, Leg, post
from ..ledger.recharge import RECEIPT_PREFIX
from ..migrate import upgrade
from ..models import (
    Account,
    AuditHead,
    Building,
    Event,
    FieldPackage,
    Floor,
    LedgerTxn,
    Link,
    Meter,
    MeterBook,
    MeterState,
    Operator,
    Park,
    Reading,
    Room,
    Setting,
    TariffAssignment,
    TariffRow,
    TariffVersionRow,
    Tenant,
    utcnow,
)
from ..notify.rules import SETTING_KEY as NOTIFY_SETTING
from ..security import Actor, Permission, audit, authorize
from . import FieldError
from .signing import (
    hash_digest,
    install_package_key,
    sign,
    site_key,
    write_laptop_keystore,
)

RECEIPT_PREFIX_SETTING = RECEIPT_PREFIX


@dataclass(frozen=True)
class ExportResult:
    package_id: str
    path: Path
    buildings: list[dict[str, Any]]
    rooms: int
    meters: int
    accounts: int
    operators: int
    receipt_prefix: str


def receipt_prefix(package_id: str) -> str:
    """``F`` and six characters of the package id: never an office number (``R...``), and
    two packages' numbers differ (``F3A9C1-00000001``)."""
    return f"F{package_id[:6].upper()}-"


def _buildings(session: Session, wanted: list[str]) -> list[Building]:
    """The buildings named (by name or id), each once; an unknown one refuses the export."""
    found: dict[int, Building] = {}
    for name in wanted:
        text = name.strip()
        row = session.scalar(select(Building).where(Building.name == text))
        if row is None and text.isdigit():
            row = session.get(Building, int(text))
        if row is None:
            raise FieldError(tr("There is no building named {name}.", name=text))
        found[row.id] = row
    if not found:
        raise FieldError(tr("Say which building to export with --building."))
    return list(found.values())


class _Copy:
    """Rows read in the office's session and written, ids kept, into the package's."""

    def __init__(self, office: Session, package: Session) -> None:
        self.office, self.package = office, package

    def rows(self, model: type, where: Any = None) -> list[dict[str, Any]]:
        table = model.__table__  # type: ignore[attr-defined]
        query = select(table) if where is None else select(table).where(where)
        rows = [dict(r) for r in self.office.execute(query).mappings()]
        if rows:
            self.package.execute(insert(table), rows)
        return rows


@dataclass(frozen=True)
class LaptopKeystore:
    """Where to write the laptop's own keystore (only the package key) and its passphrase."""

    path: Path
    passphrase: str


def export_package(
    db: Database,
    actor: Actor,
    buildings: list[str],
    output: Path,
    *,
    laptop: LaptopKeystore | None = None,
    operators: list[str] | None = None,
    now: datetime | None = None,
) -> ExportResult:
    """Write the package for ``buildings`` to ``output`` (a new file) and record the export;
    with ``laptop``, also a keystore file for the laptop holding only the package key. With
    ``operators`` (logins), only they and the exporting administrator can log in on the
    laptop: every other operator comes over disabled and without a password hash (their rows
    are still needed by the audit log and the accounts they created), so a lost laptop holds
    no hash of theirs to attack."""
    moment = now or utcnow()
    for path in (output, *([laptop.path] if laptop else [])):
        if path.exists():
            raise FieldError(tr("{path} exists already: choose a new file name.", path=path))
    if not output.parent.is_dir():
        raise FieldError(tr("The folder {path} does not exist.", path=output.parent))
    with db.read() as office:
        if office.scalar(select(FieldPackage).where(FieldPackage.role == "package")):
            raise FieldError(tr("This database is a field package: export from the office."))
    package_id = secrets.token_hex(16)
    prefix = receipt_prefix(package_id)
    try:
        allowed = None if operators is None else frozenset({*operators, actor.login})
        result = _export(db, actor, buildings, output, package_id, prefix, moment, allowed)
        if laptop is not None:
            _laptop_keystore(db, output, laptop)
        return result
    except BaseException:
        output.unlink(missing_ok=True)  # no package without the office's record of it
        raise


def _laptop_keystore(db: Database, output: Path, laptop: LaptopKeystore) -> None:
    with db.read() as office:
        head = office.get(AuditHead, 1)
        assert head is not None
        site = site_key(head.chain_id, create=False)
    # read-only: opening it as a Database would switch the finished file back to WAL
    conn = sqlite3.connect(f"{output.resolve().as_uri()}?mode=ro", uri=True)
    try:
        chain_id = str(conn.execute("SELECT chain_id FROM audit_head WHERE id = 1").fetchone()[0])
    finally:
        conn.close()
    assert site is not None
    write_laptop_keystore(laptop.path, laptop.passphrase, site, chain_id)


def _export(
    db: Database,
    actor: Actor,
    buildings: list[str],
    output: Path,
    package_id: str,
    prefix: str,
    moment: datetime,
    allowed: frozenset[str] | None,
) -> ExportResult:
    with db.write() as office:
        authorize(office, actor, Permission.FIELD_PACKAGE)
        chosen = _buildings(office, buildings)
        head = office.get(AuditHead, 1)
        assert head is not None
        site = site_key(head.chain_id, create=True)
        assert site is not None
        pkg_db = _create(output)
        try:
            result = _fill(
                office, pkg_db, chosen, (package_id, prefix), site, actor, moment, allowed
            )
            with pkg_db.read() as pkg:
                row = pkg.get(FieldPackage, package_id)
                assert row is not None
                signature, baseline = row.signature, row.baseline
            _finish_file(pkg_db, output)
        except BaseException:
            pkg_db.dispose()
            raise
        mine = _identity(office, package_id, "export", chosen, prefix, actor, moment)
        mine.signature, mine.baseline = signature, baseline
        office.add(mine)
        audit.record(
            office,
            actor,
            "field.export",
            f"field:{package_id}",
            after={
                "buildings": [b["id"] for b in result.buildings],
                "receipt_prefix": prefix,
                "file": output.name,
                "operators": sorted(allowed) if allowed is not None else "all",
            },
            now=moment,
        )
    return result


def _create(output: Path) -> Database:
    pkg_db = Database(f"sqlite:///{output}")
    upgrade(pkg_db)
    return pkg_db


def _identity(
    office: Session,
    package_id: str,
    role: str,
    chosen: list[Building],
    prefix: str,
    actor: Actor,
    moment: datetime,
) -> FieldPackage:
    head = office.get(AuditHead, 1)
    assert head is not None
    ledger_seq = office.connection().exec_driver_sql("SELECT seq FROM ledger_head WHERE id = 1")
    return FieldPackage(
        package_id=package_id,
        role=role,
        site_chain_id=head.chain_id,
        exported_at=moment,
        exported_by=actor.login,
        buildings=[{"id": b.id, "name": b.name} for b in chosen],
        office_ledger_seq=int(ledger_seq.scalar() or 0),
        office_audit_seq=head.seq,
        office_audit_hash=head.hash,
        receipt_prefix=prefix,
        baseline={},
        signature="",
    )


def _fill(
    office: Session,
    pkg_db: Database,
    chosen: list[Building],
    names: tuple[str, str],  # the package id and its receipt prefix
    site: bytes,
    actor: Actor,
    moment: datetime,
    allowed: frozenset[str] | None,
) -> ExportResult:
    package_id, prefix = names
    ids = [b.id for b in chosen]
    with pkg_db.write() as pkg:
        install_package_key(site, _chain_id(pkg))
        copy = _Copy(office, pkg)
        floors = copy_site(copy, ids)
        if allowed is not None:
            floors["operators"] = _only_operators(pkg, allowed)
        # no message channels on the laptop: offline anyway, and the office's modem port
        # name could be the laptop's RS-485 adapter
        copy.rows(Setting, Setting.key.not_in((RECEIPT_PREFIX_SETTING, NOTIFY_SETTING)))
        pkg.add(Setting(key=RECEIPT_PREFIX_SETTING, value=prefix))
        pkg.add(_identity(office, package_id, "package", chosen, prefix, actor, moment))
        pkg.flush()
        _opening(office, pkg, actor, moment)
        audit.record(
            pkg,
            actor,
            "field.package",
            f"field:{package_id}",
            after={"buildings": ids, "receipt_prefix": prefix},
            now=moment,
        )
    with pkg_db.write() as pkg:
        row = pkg.get(FieldPackage, package_id)
        assert row is not None
        row.baseline = _baseline(pkg)
        pkg.flush()
        row.signature = sign(site, pkg)
    return ExportResult(
        package_id,
        Path(str(pkg_db.url).removeprefix("sqlite:///")),
        [{"id": b.id, "name": b.name} for b in chosen],
        floors["rooms"],
        floors["meters"],
        floors["accounts"],
        floors["operators"],
        prefix,
    )


def _only_operators(pkg: Session, allowed: frozenset[str]) -> int:
    """Disable, without a password hash, every operator not allowed on site; an unknown
    login refuses the export. Returns how many can log in on the laptop."""
    logins = set(pkg.scalars(select(Operator.login)))
    for name in sorted(allowed - logins):
        raise FieldError(tr("There is no operator named {login}.", login=name))
    pkg.execute(
        update(Operator)
        .where(Operator.login.not_in(allowed))
        .values(password_hash="", active=False, failed_logins=0, locked_until=None)
    )
    return len(allowed)


def _chain_id(pkg: Session) -> str:
    head = pkg.get(AuditHead, 1)
    assert head is not None
    return head.chain_id


def copy_site(copy: _Copy, building_ids: list[int]) -> dict[str, int]:
    """The buildings' rows, parents before children (foreign keys are on)."""
    office = copy.office
    park_ids = select(Building.park_id).where(Building.id.in_(building_ids))
    copy.rows(Park, Park.id.in_(park_ids))
    copy.rows(Building, Building.id.in_(building_ids))
    floor_ids = select(Floor.id).where(Floor.building_id.in_(building_ids))
    copy.rows(Floor, Floor.id.in_(floor_ids))
    room_rows = list(office.scalars(select(Room).where(Room.floor_id.in_(floor_ids))))
    account_ids = {r.account_id for r in room_rows if r.account_id is not None}
    tenant_ids = select(Account.tenant_id).where(Account.id.in_(account_ids))
    copy.rows(Tenant, Tenant.id.in_(tenant_ids))
    accounts = copy.rows(Account, Account.id.in_(account_ids))
    copy.package.execute(update(Account).values(balance_fen=0))
    copy.rows(Room, Room.floor_id.in_(floor_ids))
    in_site = (Meter.building_id.in_(building_ids)) | (
        Meter.room_id.in_(select(Room.id).where(Room.floor_id.in_(floor_ids)))
    )
    meter_ids = select(Meter.id).where(in_site)
    copy.rows(Link, Link.id.in_(select(Meter.link_id).where(in_site)))
    operators = copy.rows(Operator)
    meters = copy.rows(Meter, Meter.id.in_(meter_ids))
    exported = {m["id"] for m in meters}
    orphans = [m["id"] for m in meters if m["parent_id"] and m["parent_id"] not in exported]
    if orphans:  # a parent meter in a building that stays at the office
        copy.package.execute(update(Meter).where(Meter.id.in_(orphans)).values(parent_id=None))
    copy.rows(MeterState, MeterState.meter_id.in_(meter_ids))
    copy.rows(TariffRow)
    copy.rows(TariffVersionRow)
    copy.rows(TariffAssignment)
    return {
        "rooms": len(room_rows),
        "meters": len(meters),
        "accounts": len(accounts),
        "operators": len(operators),
    }


def _opening(office: Session, pkg: Session, actor: Actor, moment: datetime) -> None:
    """The exported accounts' balances as ``opening`` transactions of the package, so its
    ledger verifies; the office's entries stay at the office."""
    accounts = list(pkg.scalars(select(Account.id)))
    for account in office.scalars(select(Account).where(Account.id.in_(accounts))):
        if account.balance_fen:
            legs = [
                Leg(TENANT, account.balance_fen, account.id),
                Leg(OPENING, -account.balance_fen),
            ]
            post(pkg, "opening", legs, actor, memo="field package", now=moment)
    meters = set(pkg.scalars(select(Meter.id)))
    books = office.scalars(select(MeterBook).where(MeterBook.account_id.in_(accounts)))
    for book in books:
        if book.balance_fen and book.meter_id in meters:
            legs = [
                Leg(METER, book.balance_fen, book.account_id, book.meter_id),
                Leg(OPENING, -book.balance_fen),
            ]
            post(pkg, "opening", legs, actor, memo="field package", now=moment)


def _baseline(pkg: Session) -> dict[str, Any]:
    """The highest ids the export wrote: what lies above is the laptop's work."""

    def top(column: Any) -> int:
        return int(pkg.scalar(select(func.max(column))) or 0)

    head = pkg.get(AuditHead, 1)
    return {
        "ledger_txn": top(LedgerTxn.id),
        "reading": top(Reading.id),
        "event": top(Event.id),
        "audit": head.seq if head else 0,
        "operators": {
            str(op_id): hash_digest(text)
            for op_id, text in pkg.execute(select(Operator.id, Operator.password_hash))
        },
    }


def _finish_file(pkg_db: Database, output: Path) -> None:
    """One self-contained file (no -wal beside it) to carry to the laptop."""
    pkg_db.dispose()
    with sqlite3.connect(output) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
    conn.close()
