"""What only a field package needs on the laptop (离线): its mark, the laptop's port, notes.

Everything else runs on the package unchanged: the headless collector or the GUI's reads
the meters through the laptop's USB RS-485 adapter, relay commands and recharges go through
the ordinary services (``app.services.commands``, ``app.ledger.recharge``), and receipts are
numbered in the package's own series because export set ``receipt.prefix``. A package is
recognised by its ``field_package`` row (``role="package"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..db import Database
from ..i18n import tr
from ..models import Event, FieldPackage, Link, Meter, utcnow
from ..security import Actor, Permission, audit, authorize
from . import FieldError

NOTE_KIND = "field.note"


@dataclass(frozen=True)
class LaptopMark:
    """The package the laptop runs on: what the banner says."""

    package_id: str
    buildings: list[str]
    exported_at: datetime
    exported_by: str
    receipt_prefix: str

    @property
    def short_id(self) -> str:
        return self.package_id[:6].upper()


def package_identity(db: Database) -> FieldPackage | None:
    """The package's identity when ``db`` is a field package, else None (an office)."""
    with db.read() as session:
        return session.scalar(select(FieldPackage).where(FieldPackage.role == "package"))


def laptop_mark(db: Database) -> LaptopMark | None:
    """The package's mark when ``db`` is a field package, else None (an office)."""
    with db.read() as session:
        row = session.scalar(select(FieldPackage).where(FieldPackage.role == "package"))
        if row is None:
            return None
        return LaptopMark(
            row.package_id,
            [str(b.get("name", b.get("id"))) for b in row.buildings],
            row.exported_at,
            row.exported_by,
            row.receipt_prefix,
        )


@dataclass(frozen=True)
class PackageLink:
    """One bus of the package, for the laptop's ports window."""

    name: str
    url: str
    enabled: bool
    meters: int


def package_links(db: Database) -> list[PackageLink]:
    """The package's links with their current port and how many meters each serves."""
    with db.read() as session:
        rows = session.execute(
            select(Link.name, Link.url, Link.enabled, func.count(Meter.id))
            .outerjoin(Meter, Meter.link_id == Link.id)
            .group_by(Link.id, Link.name, Link.url, Link.enabled)
            .order_by(Link.name)
        ).all()
    return [PackageLink(str(n), str(u), bool(e), int(c)) for n, u, e, c in rows]


def use_ports(db: Database, actor: Actor, ports: dict[str, str]) -> None:
    """Point links of the package at the laptop's adapters (``{"bus 1": "/dev/ttyUSB0"}``)
    and switch the other links off: on site only the buses plugged into the laptop answer,
    and polling the rest would only fill the log with timeouts.

    The port names are the laptop's own: not part of the signature, merged back never."""
    if package_identity(db) is None:
        raise FieldError(tr("This database is not a field package."))
    with db.write() as session:
        authorize(session, actor, Permission.METER_EDIT)
        links = {link.name: link for link in session.scalars(select(Link))}
        for name in ports:
            if name not in links:
                raise FieldError(tr("There is no link named {name}.", name=name))
        for name, link in links.items():
            link.enabled = name in ports
            if name in ports:
                link.url = ports[name]
        audit.record(session, actor, "field.ports", "link:*", after={"ports": dict(ports)})


def add_note(
    db: Database, actor: Actor, meter_id: int, text: str, *, now: datetime | None = None
) -> int:
    """A note taken on site about a meter (a broken seal, a tenant's remark): an event,
    merged back with the readings."""
    text = text.strip()
    if not text:
        raise FieldError(tr("A note needs some text."))
    with db.write() as session:
        authorize(session, actor, Permission.VIEW)
        meter = session.get(Meter, meter_id)
        if meter is None:
            raise FieldError(tr("There is no meter with id {id}.", id=meter_id))
        event = Event(
            ts=now or utcnow(),
            kind=NOTE_KIND,
            level=0,
            meter_id=meter.id,
            room_id=meter.room_id,
            message=text[:2000],
            data={"by": actor.login, "text": text[:2000]},  # the sentence reads it
        )
        session.add(event)
        session.flush()
        audit.record(session, actor, "field.note", f"meter:{meter.id}", after={"event": event.id})
        return event.id
