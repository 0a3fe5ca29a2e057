"""Tenant details and contacts (联系人): phones, email, who may pay for the accounts.

``tenant_contact`` rows belong to a tenant, so every account of that tenant shares them.
Edits are ``site.edit``, one transaction each, audited with the values before and after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..db import Database
from ..i18n import tr
from ..ledger.journal import LedgerError
from ..models import Tenant, TenantContact, TenantKind, utcnow
from ..names import initials
from ..security import Actor, Permission, audit, authorize

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE = re.compile(r"^[0-9+\-() ]{3,40}$")


@dataclass(frozen=True)
class Contact:
    """One person: ``id`` None for a new one."""

    name: str
    phone: str = ""
    email: str = ""
    may_pay: bool = False
    note: str = ""
    id: int | None = None


def check_contact(contact: Contact) -> Contact:
    """Trimmed and checked; a contact needs a name and a phone or an email."""
    name, phone, email = contact.name.strip(), contact.phone.strip(), contact.email.strip()
    if not name or len(name) > 60:
        raise LedgerError(tr("a contact needs a name of 1 to 60 characters"))
    if not phone and not email:
        raise LedgerError(tr("contact {name}: give a phone or an email", name=name))
    if phone and not PHONE.match(phone):
        raise LedgerError(
            tr("contact {name}: {phone} is not a phone number", name=name, phone=phone)
        )
    if email and (len(email) > 120 or not EMAIL.match(email)):
        raise LedgerError(tr("contact {name}: {email} is not an email", name=name, email=email))
    return Contact(name, phone, email, contact.may_pay, contact.note.strip()[:200], contact.id)


def _row(c: TenantContact) -> dict[str, object]:
    return {"name": c.name, "phone": c.phone, "email": c.email, "may_pay": c.may_pay}


def save_tenant(
    db: Database,
    actor: Actor,
    tenant_id: int,
    name: str,
    kind: str,
    contacts: list[Contact],
    *,
    now: datetime | None = None,
) -> None:
    """Rename the tenant, set its kind and replace its contact list, in one transaction:
    rows with an id are updated, rows without are added, rows left out are removed."""
    clean = [check_contact(c) for c in contacts]
    new_name = name.strip()
    if not new_name or len(new_name) > 120:
        raise LedgerError(tr("a tenant needs a name of 1 to 120 characters"))
    try:
        new_kind = TenantKind(kind)
    except ValueError as exc:
        raise LedgerError(tr("unknown tenant kind {value!r}", value=kind)) from exc
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.SITE_EDIT)
        tenant = session.get(Tenant, tenant_id, with_for_update=True)
        if tenant is None:
            raise LedgerError(tr("no tenant with id {id}", id=tenant_id))
        if new_name != tenant.name and session.scalar(
            select(Tenant.id).where(Tenant.name == new_name)
        ):
            raise LedgerError(tr("a tenant named {name} exists already", name=new_name))
        rows = {
            c.id: c
            for c in session.scalars(
                select(TenantContact).where(TenantContact.tenant_id == tenant_id)
            )
        }
        unknown = [c.id for c in clean if c.id is not None and c.id not in rows]
        if unknown:
            raise LedgerError(tr("no contact with id {id} for this tenant", id=unknown[0]))
        before = {
            "name": tenant.name,
            "kind": tenant.kind.value,
            "contacts": [_row(c) for c in rows.values()],
        }
        tenant.name, tenant.kind, tenant.initials = new_name, new_kind, initials(new_name)
        kept = {c.id for c in clean if c.id is not None}
        for cid, row in rows.items():
            if cid not in kept:
                session.delete(row)
        for c in clean:
            found = rows.get(c.id) if c.id is not None else None
            if found is None:
                found = TenantContact(tenant_id=tenant_id, created_at=moment)
                session.add(found)
            row = found
            row.name, row.phone, row.email = c.name, c.phone, c.email
            row.may_pay, row.note = c.may_pay, c.note
        session.flush()
        first = clean[0] if clean else None
        tenant.contact = first.name if first else ""
        tenant.phone = first.phone if first else ""
        audit.record(
            session,
            actor,
            "tenant.edit",
            f"tenant:{tenant_id}",
            before=before,
            after={
                "name": new_name,
                "kind": new_kind.value,
                "contacts": [
                    {"name": c.name, "phone": c.phone, "email": c.email, "may_pay": c.may_pay}
                    for c in clean
                ],
            },
            now=moment,
        )


def contacts_of(db: Database, tenant_id: int) -> list[Contact]:
    with db.read() as session:
        return [
            Contact(c.name, c.phone, c.email, c.may_pay, c.note, c.id)
            for c in session.scalars(
                select(TenantContact)
                .where(TenantContact.tenant_id == tenant_id)
                .order_by(TenantContact.id)
            )
        ]
