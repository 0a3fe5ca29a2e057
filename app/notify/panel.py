"""What Settings → Messages and the contacts editors read and do, without Qt.

The windows (``app.ui.settings_messages``, ``app.ui.contacts_dialog``) call these functions
in their worker pool: one read of everything the page shows (``setup``), a channel's
``check`` and "send a test" with the options typed on the page (not yet saved, so the
operator can try before saving; done by the running sender of this process when there is
one, so the modem's port has one owner), and saving the settings with the e-mail password
put in the keyring (never in the settings row; the running senders reload at once). Role
checks and the audit are the services' own (``save_settings``, ``send_now``); the password
is only stored after the settings were accepted, so a role that may not change them cannot
change it either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import select

from ..accounts.contacts import PHONE
from ..db import Database
from ..i18n import tr
from ..models import NotifyTemplate, Operator, OperatorContact, Tenant, TenantContact
from ..security import Actor, Permission, SecurityError, audit, authorize
from ..security.keystore import SMTP_PASSWORD, get_secret, set_secret
from .channel import Channel, ChannelStatus, SendError
from .contacts import MessagePrefs, check_email, check_kinds, check_language, normalise_mobile
from .gsm import SIM_PIN
from .kinds import KINDS, LANGUAGES, TENANT, Kind, NotifyError
from .rules import NotifySettings, load_settings, save_settings
from .sender import (
    REQUEST_TIMEOUT,
    WORKSTATION_OPTION,
    SenderGone,
    SendNow,
    build_channel,
    check_address,
    running_service,
    send_now,
    waiting_without_channel,
)
from .templates import template

T = TypeVar("T")


@dataclass(frozen=True)
class TemplateText:
    kind: str
    language: str
    subject: str
    text: str
    stored: bool  # False: the built-in text


@dataclass(frozen=True)
class StaffRow:
    operator_id: int
    login: str
    name: str
    mobile: str
    email: str
    prefs: MessagePrefs


@dataclass(frozen=True)
class Setup:
    """Everything Settings → Messages shows."""

    settings: NotifySettings
    kinds: list[Kind]
    templates: dict[tuple[str, str], TemplateText]
    password_stored: bool
    staff: list[StaffRow]
    pin_stored: bool = False  # the modem SIM's PIN is in the keyring


def setup(db: Database) -> Setup:
    """The settings, every kind's template in both languages and the staff's contacts."""
    with db.read() as s:
        settings = load_settings(s)
        texts = {}
        stored = set(s.execute(select(NotifyTemplate.kind, NotifyTemplate.language)).tuples())
        for kind in KINDS:
            for language in LANGUAGES:
                subject, text = template(s, kind, language)
                texts[(kind, language)] = TemplateText(
                    kind, language, subject, text, (kind, language) in stored
                )
        staff = [
            StaffRow(
                op.id,
                op.login,
                op.display_name,
                c.mobile if c else "",
                c.email if c else "",
                MessagePrefs(c.language, tuple(c.kinds or ()), c.sms, c.mail)
                if c
                else MessagePrefs(),
            )
            for op, c in s.execute(
                select(Operator, OperatorContact)
                .outerjoin(OperatorContact, OperatorContact.operator_id == Operator.id)
                .where(Operator.active.is_(True))
                .order_by(Operator.login)
            ).tuples()
        ]
    password = _stored(SMTP_PASSWORD)
    return Setup(settings, list(KINDS.values()), texts, password, staff, _stored(SIM_PIN))


def _stored(name: str) -> bool:
    try:
        return bool(get_secret(name))
    except SecurityError:  # a locked keystore: the page says "not stored", asks for it
        return False


def _options(options: dict[str, object]) -> dict[str, object]:
    """The stored options a channel's factory takes (the desk option is the senders')."""
    return {k: v for k, v in options.items() if k != WORKSTATION_OPTION and v not in ("", None)}


def _build(name: str, options: dict[str, object]) -> Channel:
    """The channel as the page sets it up; a password, key or SIM PIN typed there (not
    saved yet) is given to the channel directly instead of the keyring's."""
    opts = _options(options)
    secret = str(opts.pop("password", "") or opts.pop("secret", "") or "")
    if name == "email" and secret:
        from .mail import SmtpChannel
        from .mime import SmtpSettings

        return SmtpChannel(SmtpSettings.from_mapping(opts), password=secret)
    if name == "http_sms" and secret:
        from .http_sms import HttpSmsChannel, HttpSmsSettings

        return HttpSmsChannel(HttpSmsSettings.from_mapping(opts), secret=secret)
    return build_channel(name, opts)


def _direct_or_routed(
    name: str, options: dict[str, object], work: Callable[[Channel], T], timeout: float
) -> T:
    """``work`` on the channel as the page sets it up. When this process runs the senders
    (the GUI's collector) and one owns ``name``, the work is done in that sender's thread
    between two messages, so the modem's port is opened by one thread only; otherwise
    (the command line, a desk without a collector) the channel is opened here."""
    service = running_service()
    sender = service.sender(name) if service is not None else None
    if sender is not None:
        make = None if _same_setup(sender.options, options) else (lambda: _build(name, options))
        try:
            return sender.call(work, make, timeout)
        except SenderGone:
            pass  # stopped meanwhile (a reload): its port is closed, open it here
    channel = _build(name, options)
    try:
        return work(channel)
    finally:
        channel.close()


def _same_setup(running: dict[str, object], typed: dict[str, object]) -> bool:
    """The page's options are the running channel's (nothing typed differently, no
    password or key typed to try)."""
    if typed.get("password") or typed.get("secret"):
        return False
    return _options(running) == _options(typed)


def check_channel(
    name: str, options: dict[str, object], *, timeout: float = REQUEST_TIMEOUT
) -> ChannelStatus:
    """Ask the modem / the mail server / the gateway whether it can send; no message sent.
    A channel that cannot even be built (a bad option) is a status that is not ready; a
    sender that does not answer in ``timeout`` seconds is one too, saying so."""
    try:
        return _direct_or_routed(name, options, lambda channel: channel.check(), timeout)
    except SendError as exc:
        return ChannelStatus(False, exc.text, {"error": exc.code})
    except NotifyError as exc:
        return ChannelStatus(False, str(exc), {"error": "busy"})
    except (TypeError, ValueError, OSError) as exc:
        return ChannelStatus(False, tr("The channel cannot be set up: {why}", why=str(exc)), {})


def send_test(
    db: Database,
    actor: Actor,
    name: str,
    options: dict[str, object],
    to: str,
    text: str,
    *,
    timeout: float = REQUEST_TIMEOUT,
) -> SendNow:
    """ "Send a test": one message through ``name`` set up with ``options``, as an outbox
    row of its own (audited, in the history), sent by the running sender when there is
    one (see ``_direct_or_routed``). A failure's detail is the channel's sentence (the
    outbox keeps ``code: sentence``; the page shows the sentence)."""
    subject = tr("WattDesk test message")
    check_address(name, to)  # refused before the sender is asked

    def work(channel: Channel) -> SendNow:
        return send_now(db, actor, name, channel, to, text, subject)

    try:
        done = _direct_or_routed(name, options, work, timeout)
    except SendError as exc:
        raise NotifyError(exc.text) from exc
    except (TypeError, OSError) as exc:
        raise NotifyError(tr("The channel cannot be set up: {why}", why=str(exc))) from exc
    if done.status != "sent":
        code, _, sentence = done.detail.partition(": ")
        if sentence and code.isidentifier():
            return SendNow(done.id, done.status, sentence)
    return done


def save_setup(
    db: Database, actor: Actor, settings: NotifySettings, secrets: dict[str, str] | None = None
) -> NotifySettings:
    """Store the settings (admin only, audited by ``save_settings``), then the secrets
    typed on the page (the e-mail password, the gateway's key, the SIM PIN) in the keyring
    or keystore, by their names (``SMTP_PASSWORD``, ``SMS_GATEWAY_SECRET``, ``SIM_PIN``). The
    senders of this process follow at once (``NotifyService.reload``); another desk's
    collector within ``RELOAD_PERIOD`` seconds."""
    save_settings(db, actor, settings)
    for name, value in (secrets or {}).items():
        if value:
            set_secret(name, value)
    service = running_service()
    if service is not None:  # a new PIN: the modem channel enters it once per start
        service.reload(restart=("sms",) if (secrets or {}).get(SIM_PIN) else ())
    return settings


def waiting_messages(db: Database) -> dict[str, int]:
    """Messages still queued for a channel that is no longer set up, by channel: they
    stay queued (nothing is lost) and go out when the channel is set up again."""
    with db.read() as s:
        settings = load_settings(s)
    return waiting_without_channel(db, settings)


# --- tenant contacts, as the accounts window edits them -----------------------------------


@dataclass(frozen=True)
class ContactRow:
    id: int | None
    name: str
    mobile: str
    email: str
    prefs: MessagePrefs


def tenant_contacts(db: Database, tenant_id: int) -> list[ContactRow]:
    with db.read() as s:
        return [
            ContactRow(
                c.id,
                c.name,
                c.phone,
                c.email,
                MessagePrefs(c.language, tuple(c.kinds or ()), c.sms, c.mail),
            )
            for c in s.scalars(
                select(TenantContact)
                .where(TenantContact.tenant_id == tenant_id)
                .order_by(TenantContact.id)
            )
        ]


def check_contact_row(row: ContactRow, number: int) -> ContactRow:
    """The row checked, every refusal naming the contact's line and the field."""
    where = tr("contact {n}", n=number)
    name = row.name.strip()
    if not name or len(name) > 60:
        raise NotifyError(tr("{where}: name: 1 to 60 characters", where=where))
    mobile = _phone(row.mobile, row.prefs.sms, tr("{where}: mobile", where=where))
    email = check_email(row.email, tr("{where}: e-mail", where=where)) if row.email.strip() else ""
    if not mobile and not email:
        raise NotifyError(tr("{where}: give a mobile or an e-mail", where=where))
    if row.prefs.sms and not mobile:
        raise NotifyError(tr("{where}: mobile: SMS is on but no mobile is given", where=where))
    if row.prefs.mail and not email:
        raise NotifyError(tr("{where}: e-mail: e-mail is on but no address is given", where=where))
    language = check_language(row.prefs.language, tr("{where}: language", where=where))
    kinds = check_kinds(row.prefs.kinds, TENANT, tr("{where}: messages", where=where))
    prefs = MessagePrefs(language, tuple(kinds), row.prefs.sms, row.prefs.mail)
    return ContactRow(row.id, name, mobile, email, prefs)


def _phone(text: str, sms: bool, field: str) -> str:
    """A mobile number normalised (``+86 138-…`` → 11 digits). Without SMS a landline the
    tenant dialog accepted (``0512-6688 1234``) is kept as typed; anything else, or a
    landline with SMS on, is refused naming ``field``."""
    if not text.strip():
        return ""
    try:
        return normalise_mobile(text, field)
    except NotifyError:
        if not sms and PHONE.match(text.strip()) and sum(c.isdigit() for c in text) >= 7:
            return text.strip()
        raise


def save_tenant_contacts(
    db: Database, actor: Actor, tenant_id: int, rows: list[ContactRow]
) -> list[ContactRow]:
    """Replace the tenant's contacts' names, mobiles, e-mails and message wishes in one
    transaction (site.edit), audited with before and after. New rows are added; rows left
    out are kept (removing a person is the tenant dialog's). The tenant's own contact and
    phone (its first contact's, as ``save_tenant`` keeps them) follow."""
    clean = [check_contact_row(r, i + 1) for i, r in enumerate(rows)]
    with db.write() as s:
        authorize(s, actor, Permission.SITE_EDIT)
        if s.get(Tenant, tenant_id) is None:
            raise NotifyError(tr("no tenant with id {id}", id=tenant_id))
        there = {
            c.id: c
            for c in s.scalars(select(TenantContact).where(TenantContact.tenant_id == tenant_id))
        }
        before = [_audit_row(c) for c in there.values()]
        for r in clean:
            row = there.get(r.id) if r.id is not None else None
            if r.id is not None and row is None:
                raise NotifyError(tr("no contact with id {id} for this tenant", id=r.id))
            if row is None:
                row = TenantContact(tenant_id=tenant_id)
                s.add(row)
            row.name, row.phone, row.email = r.name, r.mobile, r.email
            row.language, row.kinds = r.prefs.language, list(r.prefs.kinds)
            row.sms, row.mail = r.prefs.sms, r.prefs.mail
        s.flush()
        now = list(
            s.scalars(
                select(TenantContact)
                .where(TenantContact.tenant_id == tenant_id)
                .order_by(TenantContact.id)
            )
        )
        tenant = s.get(Tenant, tenant_id)
        if tenant is not None and now:
            tenant.contact, tenant.phone = now[0].name, now[0].phone
        after = [_audit_row(c) for c in now]
        audit.record(
            s,
            actor,
            "notify.contacts",
            f"tenant:{tenant_id}",
            before={"contacts": before},
            after={"contacts": after},
        )
    return tenant_contacts(db, tenant_id)


def _audit_row(c: TenantContact) -> dict[str, object]:
    return {
        "id": c.id,
        "name": c.name,
        "phone": c.phone,
        "email": c.email,
        "language": c.language,
        "kinds": list(c.kinds or ()),
        "sms": c.sms,
        "mail": c.mail,
    }
