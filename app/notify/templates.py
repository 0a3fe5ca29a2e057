"""Message kinds and their templates (模板): named fields, Chinese and English defaults.

Each kind of message (low balance, cut, recharge credited...) has an audience (the tenant's
contacts or the staff), the fields its template may use, and a built-in text in 简体中文 and
English. A stored ``notify_template`` row overrides the built-in text of its kind and
language (edited in Settings → Messages, admin only, audited). ``check_template`` refuses a
template that names a field its kind does not have, *by name*, before it is stored, so a
typo never reaches a tenant as a KeyError in the sender. ``preview`` renders a template with
real data from the database and counts its SMS parts with ``app.notify.pdu.sms_parts``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import NotifyTemplate, utcnow
from ..security import Actor, Permission, audit, authorize
from .kinds import LANGUAGES, NotifyError, kind_of
from .values import sample_values


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise NotifyError(tr("unknown language {language!r} (zh_CN or en)", language=language))
    return language


def fields_used(text: str) -> list[str]:
    """The field names ``text`` uses; a malformed template (a lone brace) is refused."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise NotifyError(tr("the template is malformed: {why}", why=str(exc))) from exc
    return [name for _, name, _, _ in parsed if name is not None]


def check_template(kind: str, text: str, subject: str = "") -> None:
    """Refuse a field the kind does not have, naming it and the fields there are."""
    known = kind_of(kind).fields
    if not text.strip():
        raise NotifyError(tr("the template text is empty"))
    for part in (subject, text):
        for name in fields_used(part):
            if name not in known:
                raise NotifyError(
                    tr(
                        "unknown field {{{name}}} in the template of {kind} (known: {known})",
                        name=name,
                        kind=kind,
                        known=", ".join("{" + f + "}" for f in known),
                    )
                )


def template(session: Session, kind: str, language: str) -> tuple[str, str]:
    """(subject, text) of ``kind`` in ``language``: the stored one, else the built-in."""
    row = session.scalar(
        select(NotifyTemplate).where(
            NotifyTemplate.kind == kind, NotifyTemplate.language == language
        )
    )
    if row is not None:
        return row.subject, row.text
    k = kind_of(kind)
    return k.en if language == "en" else k.zh


def render(subject: str, text: str, values: dict[str, Any]) -> tuple[str, str]:
    """The template filled in. A value of None is unknown (the days a balance lasts, before
    a week of daily readings): the clause that names it is left out, so a tenant reads
    "余额12.00元，请及时充值。" rather than "预计可用-天". A field with no value at all shows
    as "-" (never a KeyError)."""
    unknown = {k for k, v in values.items() if v is None}
    filled = _Values({k: str(v) for k, v in values.items() if v is not None})
    return (
        _without(subject, unknown).format_map(filled),
        _without(text, unknown).format_map(filled),
    )


# A clause ends at Chinese or Western punctuation (and the spaces after it).
_CLAUSE = re.compile(r"[^，。；！？,;.!?]*(?:[，。；！？]|[,;.!?](?:\s+|$))?")


def _without(text: str, unknown: set[str]) -> str:
    """``text`` less the clauses that use an unknown field. A dropped clause's ending
    replaces the one before it, so "元，约{d}天。" loses "约{d}天" and still ends in "。"."""
    if not unknown or not any(name in unknown for name in fields_used(text)):
        return text
    kept: list[str] = []
    for clause in (c for c in _CLAUSE.findall(text) if c):
        if not any(name in unknown for name in fields_used(clause)):
            kept.append(clause)
        elif kept:
            ending = _ending(clause)
            kept[-1] = kept[-1][: len(kept[-1]) - len(_ending(kept[-1]))] + ending
    return "".join(kept) or text  # one clause only: keep it, the unknown shows as "-"


def _ending(clause: str) -> str:
    match = re.search(r"[，。；！？,;.!?]\s*$", clause)
    return match.group(0) if match else ""


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "-"


def save_template(
    db: Database,
    actor: Actor,
    kind: str,
    language: str,
    text: str,
    subject: str = "",
    *,
    now: datetime | None = None,
) -> None:
    """Store (or replace) a template after ``check_template``; admin only, audited."""
    check_template(kind, text, subject)
    _language(language)
    moment = now or utcnow()
    with db.write() as s:
        authorize(s, actor, Permission.SETTINGS_EDIT)
        row = s.scalar(
            select(NotifyTemplate).where(
                NotifyTemplate.kind == kind, NotifyTemplate.language == language
            )
        )
        before = None if row is None else {"subject": row.subject, "text": row.text}
        if row is None:
            row = NotifyTemplate(kind=kind, language=language)
            s.add(row)
        row.subject, row.text = subject, text
        row.updated_by, row.updated_at = actor.operator_id, moment
        audit.record(
            s,
            actor,
            "notify.template",
            f"template:{kind}:{language}",
            before=before,
            after={"subject": subject, "text": text},
            now=moment,
        )


# --- preview ---------------------------------------------------------------------------------

Counter = Callable[[str], tuple[str, int, int]]


def _pdu_counter() -> Counter:
    """``app.notify.pdu.sms_parts`` (the SMS branch's encoder), imported when first needed."""
    from . import pdu  # type: ignore[attr-defined,unused-ignore]

    counter: Counter = pdu.sms_parts
    return counter


@dataclass(frozen=True)
class Preview:
    subject: str
    text: str
    values: dict[str, str]
    encoding: str  # "gsm7" / "ucs2" (from the counter)
    parts: int
    chars_left: int


def preview(
    db: Database,
    kind: str,
    language: str,
    *,
    account_id: int | None = None,
    text: str | None = None,
    subject: str | None = None,
    counter: Counter | None = None,
    now: datetime | None = None,
) -> Preview:
    """``kind``'s template (or ``text`` being edited, checked first) filled with real data
    of ``account_id`` (or the first let account), with its SMS encoding and part count.
    ``counter`` defaults to ``app.notify.pdu.sms_parts``; tests pass their own."""
    _language(language)
    with db.read() as s:
        stored_subject, stored_text = template(s, kind, language)
        subject = stored_subject if subject is None else subject
        text = stored_text if text is None else text
        check_template(kind, text, subject)
        values = sample_values(s, kind, account_id, now or utcnow())
    subject_out, text_out = render(subject, text, values)
    encoding, parts, left = (counter or _pdu_counter())(text_out)
    return Preview(subject_out, text_out, values, encoding, parts, left)
