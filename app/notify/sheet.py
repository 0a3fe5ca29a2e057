"""Tenant contacts from the site sheet (现场表): the columns, their checks, the writes.

The site sheet (``app.siteimport``, ``app.services.site``) may carry, next to a row's
tenant, one contact: ``contact`` (联系人; the tenant's name when empty), ``mobile`` (手机),
``email`` (邮箱), ``notify`` (消息通知: sms / email / sms+email / none, or 短信 / 邮件 /
短信+邮件 / 无), ``language`` (语言: zh_CN / en, 中文 / 英文) and ``kinds`` (消息类型: the
message kinds wanted, comma-separated names such as ``low_balance,cut``; empty: all). A
mobile number is checked and stored as the 11 digits (a landline the tenant dialog
accepted is kept as written when SMS is off), an address by its syntax, an opt-in needs
its number or address; every refusal names the row and the column, like the rest of the
sheet. A sheet without the ``kinds`` column leaves a stored contact's kinds as they are.

The export (``app.sitesheet.export``) writes the same columns, one contact per row of
its tenant (``contact_cells``), so an export read back changes nothing.

A contact is matched by its tenant and name: a second import with the same values changes
nothing; different values update the stored contact. Contacts are written after the new
tenants have their real ids (``ContactPlan.write``, inside the import's transaction).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts.contacts import PHONE
from ..i18n import tr
from ..models import Tenant, TenantContact
from .contacts import check_email, check_kinds, normalise_mobile
from .kinds import TENANT, NotifyError

CONTACT_COLUMNS: dict[str, tuple[str, ...]] = {
    "contact": ("contact", "联系人"),
    "mobile": ("mobile", "手机", "手机号"),
    "email": ("email", "邮箱", "电子邮箱"),
    "notify": ("notify", "消息通知", "通知方式"),
    "language": ("language", "语言"),
    "kinds": ("kinds", "消息类型"),
}
NOTIFY_WORDS = {
    "": (False, False),
    "none": (False, False),
    "无": (False, False),
    "sms": (True, False),
    "短信": (True, False),
    "email": (False, True),
    "邮件": (False, True),
    "sms+email": (True, True),
    "短信+邮件": (True, True),
}
LANGUAGE_WORDS = {
    "": "zh_CN",
    "zh_cn": "zh_CN",
    "zh": "zh_CN",
    "中文": "zh_CN",
    "en": "en",
    "english": "en",
    "英文": "en",
}


@dataclass(frozen=True)
class SheetContact:
    name: str
    mobile: str
    email: str
    sms: bool
    mail: bool
    language: str
    kinds: tuple[str, ...] | None = None  # None: the sheet has no kinds column


def parse_contact(
    row: dict[str, str], tenant: str, bad: Callable[[str, str], None]
) -> SheetContact | None:
    """The row's contact, checked (``bad(column, reason)`` for each problem); None when the
    row has none."""
    cells = {c: row.get(c, "").strip() for c in CONTACT_COLUMNS}
    if not any(v for c, v in cells.items() if c != "kinds"):
        return None
    if not tenant:
        bad("contact", tr("a contact needs a tenant in the same row"))
        return None
    name = cells["contact"] or tenant
    if len(name) > 60:
        bad("contact", tr("text is longer than {limit} characters", limit=60))
    mobile, email = cells["mobile"], cells["email"]
    wanted = NOTIFY_WORDS.get(cells["notify"].lower())
    try:
        mobile = normalise_mobile(mobile) if mobile else ""
    except NotifyError as exc:
        if (wanted and wanted[0]) or not _landline(mobile):
            bad("mobile", str(exc))
    try:
        email = check_email(email) if email else ""
    except NotifyError as exc:
        bad("email", str(exc))
    if wanted is None:
        bad(
            "notify",
            tr("unknown {value!r} (use sms, email, sms+email or none)", value=cells["notify"]),
        )
        wanted = (False, False)
    sms, mail = wanted
    if sms and not cells["mobile"]:
        bad("notify", tr("SMS needs a mobile number in the same row"))
    if mail and not cells["email"]:
        bad("notify", tr("e-mail needs an address in the same row"))
    language = LANGUAGE_WORDS.get(cells["language"].lower())
    if language is None:
        bad(
            "language",
            tr(
                "{field}: {value!r} is not a language (zh_CN or en)",
                field="language",
                value=cells["language"],
            ),
        )
        language = "zh_CN"
    return SheetContact(name, mobile, email, sms, mail, language, _kinds(row, bad))


def _landline(text: str) -> bool:
    return bool(PHONE.match(text)) and sum(c.isdigit() for c in text) >= 7


def _kinds(row: dict[str, str], bad: Callable[[str, str], None]) -> tuple[str, ...] | None:
    if "kinds" not in row:
        return None
    names = [k for k in re.split(r"[,，、;；\s]+", row["kinds"].strip()) if k]
    try:
        return tuple(check_kinds(names, TENANT, "kinds"))
    except NotifyError as exc:
        bad("kinds", str(exc))
        return None


def contact_cells(contact: TenantContact) -> dict[str, str]:
    """A stored contact as the export writes it: the words ``parse_contact`` reads."""
    notify = {(True, False): "sms", (False, True): "email", (True, True): "sms+email"}
    return {
        "contact": contact.name,
        "mobile": contact.phone or "",
        "email": contact.email or "",
        "notify": notify.get((bool(contact.sms), bool(contact.mail)), ""),
        "language": contact.language or "zh_CN",
        "kinds": ",".join(contact.kinds or ()),
    }


class ContactPlan:
    """The contacts a sheet sets: planned row by row, written after the ids are real."""

    def __init__(self, session: Session) -> None:
        self.stored = {(c.tenant_id, c.name): c for c in session.scalars(select(TenantContact))}
        self.pending: dict[tuple[int, str], tuple[Tenant, SheetContact]] = {}

    def plan(self, tenant: Tenant, contact: SheetContact) -> bool:
        """Note ``contact`` for ``tenant``; whether it changes anything (a contact repeated
        on several rows of one tenant counts once)."""
        key = (id(tenant), contact.name)
        if key in self.pending:
            return False
        stored = self.stored.get((tenant.id, contact.name))
        if stored is not None and _same(stored, contact):
            return False
        self.pending[key] = (tenant, contact)
        return True

    def write(self, session: Session) -> int:
        """Add or update the planned contacts (tenants have their real ids now)."""
        for tenant, c in self.pending.values():
            row = self.stored.get((tenant.id, c.name))
            if row is None:
                row = TenantContact(tenant_id=tenant.id, name=c.name)
                session.add(row)
            row.phone, row.email, row.sms, row.mail = c.mobile, c.email, c.sms, c.mail
            row.language = c.language
            if c.kinds is not None:
                row.kinds = list(c.kinds)
            elif row.kinds is None:
                row.kinds = []
        session.flush()
        return len(self.pending)


def _same(row: TenantContact, c: SheetContact) -> bool:
    if c.kinds is not None and list(c.kinds) != list(row.kinds or ()):
        return False
    return (row.phone, row.email, row.sms, row.mail, row.language) == (
        c.mobile,
        c.email,
        c.sms,
        c.mail,
        c.language,
    )
