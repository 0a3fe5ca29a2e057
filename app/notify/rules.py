"""The settings of the messages, who receives a kind, and ``queue``: the outbox rows.

The hooks that call ``queue`` in the transaction of the event are in ``app.notify.hooks``;
the planner's scans in ``app.notify.scans``. Each message row's ``key`` is unique, and
``queue`` inserts with ON CONFLICT DO NOTHING: the de-duplication ("one low-balance
message per level per recharge cycle": the key holds the level and the cycle) is the
database's, across processes and restarts. Quiet hours hold SMS to tenants (except a cut)
until the morning by ``next_try_at``.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..db import Database
from ..models import (
    Account,
    Operator,
    OperatorContact,
    OutboxMessage,
    Setting,
    TenantContact,
    utcnow,
)
from ..security import Actor, Permission, audit, authorize
from .contacts import NotifyError, check_email, normalise_mobile
from .kinds import KINDS, STAFF
from .templates import render, template

if TYPE_CHECKING:
    from .lookup import Lookup

SETTING_KEY = "notify"
SMS_CHANNELS = ("sms", "http_sms")  # reach a mobile number; the first configured is used


@dataclass(frozen=True)
class NotifySettings:
    """Settings → Messages, stored as one JSON ``setting`` row (key ``notify``)."""

    channels: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> options
    disabled: frozenset[str] = frozenset()  # message kinds switched off
    quiet_from: time | None = time(22, 0)
    quiet_until: time | None = time(8, 0)
    zone: str = "Asia/Shanghai"
    per_recipient_hour: int = 6
    per_channel_minute: int = 30
    max_attempts: int = 5
    pending_minutes: int = 30  # a meter-side recharge still pending this long: staff told
    offline_minutes: int = 60
    summary_hour: int = 8  # the daily summary goes after this local hour

    @property
    def sms_channel(self) -> str | None:
        return next((c for c in SMS_CHANNELS if c in self.channels), None)

    def enabled(self, kind: str) -> bool:
        return kind not in self.disabled and bool(self.channels)

    def to_json(self) -> dict[str, Any]:
        return {
            "channels": self.channels,
            "disabled": sorted(self.disabled),
            "quiet": [_hhmm(self.quiet_from), _hhmm(self.quiet_until)],
            "zone": self.zone,
            "per_recipient_hour": self.per_recipient_hour,
            "per_channel_minute": self.per_channel_minute,
            "max_attempts": self.max_attempts,
            "pending_minutes": self.pending_minutes,
            "offline_minutes": self.offline_minutes,
            "summary_hour": self.summary_hour,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> NotifySettings:
        base = cls()
        quiet = raw.get("quiet") or [None, None]
        ints = {
            name: int(raw.get(name, getattr(base, name)))
            for name in (
                "per_recipient_hour",
                "per_channel_minute",
                "max_attempts",
                "pending_minutes",
                "offline_minutes",
                "summary_hour",
            )
        }
        return cls(
            channels={str(k): dict(v or {}) for k, v in (raw.get("channels") or {}).items()},
            disabled=frozenset(raw.get("disabled") or ()),
            quiet_from=_time(quiet[0]),
            quiet_until=_time(quiet[1]),
            zone=str(raw.get("zone") or base.zone),
            **ints,
        )

    def hold_until(self, now: datetime) -> datetime | None:
        """The end of the quiet hours if ``now`` is inside them, else None."""
        if self.quiet_from is None or self.quiet_until is None:
            return None
        zone = ZoneInfo(self.zone)
        local = now.astimezone(zone)
        a, b, t = self.quiet_from, self.quiet_until, local.time()
        inside = (a <= t < b) if a <= b else (t >= a or t < b)
        if not inside:
            return None
        end = datetime.combine(local.date(), b, zone)
        if end <= local:
            end = datetime.combine(local.date() + timedelta(days=1), b, zone)
        return end


def _hhmm(value: time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def _time(value: Any) -> time | None:
    if not value:
        return None
    hh, mm = str(value).split(":")
    return time(int(hh), int(mm))


def load_settings(s: Session) -> NotifySettings:
    row = s.get(Setting, SETTING_KEY)
    if row is None or not isinstance(row.value, dict):
        return NotifySettings()
    try:
        return NotifySettings.from_json(row.value)
    except (TypeError, ValueError):
        return NotifySettings()


def save_settings(db: Database, actor: Actor, settings: NotifySettings) -> None:
    """Settings → Messages: administrators only, audited with the values before and after
    (channel options hold no secrets: passwords and keys live in the keyring)."""
    with db.write() as s:
        authorize(s, actor, Permission.SETTINGS_EDIT)
        before = load_settings(s).to_json()
        store_settings(s, settings)
        audit.record(
            s, actor, "notify.settings", "setting:notify", before=before, after=settings.to_json()
        )


def store_settings(s: Session, settings: NotifySettings) -> None:
    s.info["notify.settings"] = settings  # the hooks' per-transaction copy (app.notify.hooks)
    row = s.get(Setting, SETTING_KEY)
    if row is None:
        s.add(Setting(key=SETTING_KEY, value=settings.to_json()))
    else:
        row.value = settings.to_json()


# --- recipients and queueing -------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    channel: str
    address: str
    language: str
    operator_id: int | None = None
    tenant: bool = True


def _reach(
    settings: NotifySettings, phone: str, email: str, sms: bool, mail: bool
) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    channel = settings.sms_channel
    if sms and phone and channel is not None:
        # an old, unchecked number is skipped: the contacts window shows it as invalid
        with contextlib.suppress(NotifyError):
            out.append((channel, normalise_mobile(phone)))
    if mail and email and "email" in settings.channels:
        with contextlib.suppress(NotifyError):
            out.append(("email", check_email(email)))
    return out


def recipients(
    s: Session,
    settings: NotifySettings,
    kind: str,
    account_id: int | None,
    contacts: list[TenantContact] | None = None,
) -> list[Recipient]:
    """The tenant's contacts (of the account; ``contacts`` when the caller read them
    already) or the staff who want ``kind``."""
    out: list[Recipient] = []
    if KINDS[kind].audience == STAFF:
        rows = s.execute(
            select(OperatorContact)
            .join(Operator, Operator.id == OperatorContact.operator_id)
            .where(Operator.active.is_(True))
        ).scalars()
        for c in rows:
            if not c.kinds or kind in c.kinds:
                for channel, address in _reach(settings, c.mobile, c.email, c.sms, c.mail):
                    out.append(Recipient(channel, address, c.language, c.operator_id, False))
        return out
    if account_id is None:
        return out
    if contacts is None:
        contacts = list(
            s.scalars(
                select(TenantContact)
                .join(Account, Account.tenant_id == TenantContact.tenant_id)
                .where(Account.id == account_id)
                .order_by(TenantContact.id)
            )
        )
    for t in contacts:
        if not t.kinds or kind in t.kinds:
            for channel, address in _reach(settings, t.phone, t.email, t.sms, t.mail):
                out.append(Recipient(channel, address, t.language))
    return out


def _key(base: str, channel: str, address: str) -> str:
    key = f"{base}:{channel}:{address}"
    if len(key) > 160:
        key = f"{base[:100]}:{hashlib.sha1(key.encode()).hexdigest()}"
    return key


def in_language(values: dict[str, Any], language: str) -> dict[str, Any]:
    """The values for one recipient: a value may be a function of the recipient's language
    (a load cut's appliance: 热得快 in a Chinese SMS, "Immersion heater" in an English one)."""
    return {k: v(language) if callable(v) else v for k, v in values.items()}


def queue(
    s: Session,
    settings: NotifySettings,
    kind: str,
    key: str,
    values: dict[str, Any],
    *,
    account_id: int | None = None,
    room_id: int | None = None,
    event_id: int | None = None,
    now: datetime | None = None,
    lookup: Lookup | None = None,
    pending: list[dict[str, Any]] | None = None,
) -> int:
    """One outbox row per recipient of ``kind`` (none twice: the key), in ``s``; with
    ``pending`` the rows are added to it for the caller's one ``insert_rows``."""
    if not settings.enabled(kind):
        return 0
    moment = now or utcnow()
    texts: dict[str, tuple[str, str]] = {}
    rows = []
    contacts = lookup.contacts.get(account_id) if lookup and account_id is not None else None
    for r in recipients(s, settings, kind, account_id, contacts):
        if r.language not in texts:
            pair = lookup.template(kind, r.language) if lookup else template(s, kind, r.language)
            texts[r.language] = render(*pair, in_language(values, r.language))
        subject, text = texts[r.language]
        hold = None
        if r.tenant and r.channel in SMS_CHANNELS and kind not in ("cut", "load_cut"):
            hold = settings.hold_until(moment)
        rows.append(
            {
                "key": _key(key, r.channel, r.address),
                "channel": r.channel,
                "recipient": r.address,
                "account_id": account_id,
                "room_id": room_id,
                "operator_id": r.operator_id,
                "kind": kind,
                "language": r.language,
                "subject": subject[:200],
                "text": text,
                "status": "queued",
                "reason": "held for the quiet hours" if hold else "",
                "attempts": 0,
                "next_try_at": hold or moment,
                "reference": "",
                "parts": 0,
                "claimed_by": "",
                "event_id": event_id,
                "created_at": moment,
                "updated_at": moment,
            }
        )
    if pending is not None:
        pending.extend(rows)
        return len(rows)
    return insert_rows(s, rows)


def insert_rows(s: Session, rows: list[dict[str, Any]]) -> int:
    """Insert the rows whose key is new; how many. The keys there already are left out
    (and a racing desk's by the conflict clause)."""
    if rows:
        keys = list({r["key"] for r in rows})
        there = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            there |= set(s.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(chunk))))
        seen: set[str] = set()
        fresh = []
        for r in rows:
            if r["key"] not in there and r["key"] not in seen:
                seen.add(r["key"])
                fresh.append(r)
        rows = fresh
    if rows:
        s.execute(insert_ignore(s), rows)
    return len(rows)


def insert_ignore(s: Session) -> Any:
    """INSERT that skips a row whose key is there already (the de-duplication)."""
    name = s.get_bind().dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(OutboxMessage).on_conflict_do_nothing()
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(OutboxMessage).on_conflict_do_nothing()
    return insert(OutboxMessage)
