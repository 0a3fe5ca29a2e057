"""Who is reached, and how: tenant contacts' message settings and the staff's contacts.

A tenant contact (``tenant_contact``, app/accounts/contacts.py keeps its name, phone,
email) gets a language, the message kinds they want ([] = every tenant kind) and two
opt-ins: SMS and e-mail. Nothing is sent to a contact who did not opt in. A member of staff
(``operator_contact``) gets a mobile, an e-mail, a language and the staff kinds they want.

Numbers are validated as Chinese mobile numbers (11 digits, 1[3-9]…, an optional +86 /
0086 / 86 prefix, spaces and dashes tolerated) and stored as the 11 digits; e-mail
addresses by their syntax. Every refusal names the field. Edits are one transaction each,
role-checked here (site.edit for tenants; settings.edit, or oneself, for staff), audited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..db import Database
from ..i18n import tr
from ..models import Operator, OperatorContact, TenantContact, utcnow
from ..security import Actor, Permission, audit, authorize
from .kinds import KINDS, LANGUAGES, STAFF, TENANT, NotifyError

MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
EMAIL = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)


def normalise_mobile(text: str, field: str = "mobile") -> str:
    """``+86 138-1234-5678`` → ``13812345678``; anything else is refused naming ``field``."""
    digits = re.sub(r"[\s\-]", "", text.strip())
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix) :]
            break
    else:
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
    if not MOBILE.match(digits):
        raise NotifyError(
            tr(
                "{field}: {value!r} is not a Chinese mobile number (11 digits starting "
                "13-19, optionally +86)",
                field=field,
                value=text,
            )
        )
    return digits


def check_email(text: str, field: str = "email") -> str:
    value = text.strip()
    if len(value) > 120 or ".." in value or not EMAIL.match(value):
        raise NotifyError(
            tr("{field}: {value!r} is not an e-mail address", field=field, value=text)
        )
    return value


def check_kinds(kinds: Sequence[str], audience: str, field: str = "kinds") -> list[str]:
    """Known kinds of ``audience`` only, each once, in the catalogue's order."""
    wanted = set(kinds)
    for name in wanted:
        kind = KINDS.get(name)
        if kind is None or kind.audience != audience:
            raise NotifyError(
                tr(
                    "{field}: {value!r} is not a message kind for {who}",
                    field=field,
                    value=name,
                    who=audience,
                )
            )
    return [k for k in KINDS if k in wanted]


def check_language(language: str, field: str = "language") -> str:
    if language not in LANGUAGES:
        raise NotifyError(
            tr("{field}: {value!r} is not a language (zh_CN or en)", field=field, value=language)
        )
    return language


@dataclass(frozen=True)
class MessagePrefs:
    """What a person wants: language, kinds ([] = all of their audience), opt-ins."""

    language: str = "zh_CN"
    kinds: tuple[str, ...] = ()
    sms: bool = False
    mail: bool = False


def set_tenant_prefs(
    db: Database, actor: Actor, contact_id: int, prefs: MessagePrefs, *, now: datetime | None = None
) -> None:
    """A tenant contact's message settings; an opt-in needs a valid number / address,
    and the number is stored normalised."""
    language = check_language(prefs.language)
    kinds = check_kinds(prefs.kinds, TENANT)
    with db.write() as s:
        authorize(s, actor, Permission.SITE_EDIT)
        row = s.get(TenantContact, contact_id, with_for_update=True)
        if row is None:
            raise NotifyError(tr("no contact with id {id}", id=contact_id))
        phone = normalise_mobile(row.phone, "phone") if prefs.sms else row.phone
        if prefs.mail:
            check_email(row.email)
        before = {"language": row.language, "kinds": row.kinds, "sms": row.sms, "mail": row.mail}
        row.phone, row.language, row.kinds = phone, language, kinds
        row.sms, row.mail = prefs.sms, prefs.mail
        audit.record(
            s,
            actor,
            "notify.contact",
            f"tenant_contact:{contact_id}",
            before=before,
            after={"language": language, "kinds": kinds, "sms": prefs.sms, "mail": prefs.mail},
            now=now,
        )


def set_staff_contact(
    db: Database,
    actor: Actor,
    operator_id: int,
    mobile: str,
    email: str,
    prefs: MessagePrefs,
    *,
    now: datetime | None = None,
) -> None:
    """A member of staff's mobile, e-mail and wishes: an administrator's, or one's own."""
    clean_mobile = normalise_mobile(mobile) if mobile.strip() else ""
    clean_email = check_email(email) if email.strip() else ""
    if prefs.sms and not clean_mobile:
        raise NotifyError(tr("mobile: SMS is on but no mobile number is given"))
    if prefs.mail and not clean_email:
        raise NotifyError(tr("email: e-mail is on but no address is given"))
    language = check_language(prefs.language)
    kinds = check_kinds(prefs.kinds, STAFF)
    moment = now or utcnow()
    with db.write() as s:
        if actor.operator_id != operator_id:
            authorize(s, actor, Permission.SETTINGS_EDIT)
        if s.get(Operator, operator_id) is None:
            raise NotifyError(tr("no operator with id {id}", id=operator_id))
        row = s.get(OperatorContact, operator_id, with_for_update=True)
        before = None
        if row is None:
            row = OperatorContact(operator_id=operator_id)
            s.add(row)
        else:
            before = {"mobile": row.mobile, "email": row.email, "kinds": row.kinds}
        row.mobile, row.email, row.language, row.kinds = clean_mobile, clean_email, language, kinds
        row.sms, row.mail, row.updated_at = prefs.sms, prefs.mail, moment
        audit.record(
            s,
            actor,
            "notify.staff_contact",
            f"operator:{operator_id}",
            before=before,
            after={
                "mobile": clean_mobile,
                "email": clean_email,
                "language": language,
                "kinds": kinds,
                "sms": prefs.sms,
                "mail": prefs.mail,
            },
            now=moment,
        )


def tenant_prefs(db: Database, contact_id: int) -> MessagePrefs:
    with db.read() as s:
        row = s.get(TenantContact, contact_id)
        if row is None:
            raise NotifyError(tr("no contact with id {id}", id=contact_id))
        return MessagePrefs(row.language, tuple(row.kinds or ()), row.sms, row.mail)


def staff_contacts(db: Database) -> list[tuple[int, str, str, MessagePrefs]]:
    """(operator id, mobile, e-mail, wishes) of every member of staff with a contact."""
    with db.read() as s:
        return [
            (
                r.operator_id,
                r.mobile,
                r.email,
                MessagePrefs(r.language, tuple(r.kinds), r.sms, r.mail),
            )
            for r in s.scalars(select(OperatorContact).order_by(OperatorContact.operator_id))
        ]
