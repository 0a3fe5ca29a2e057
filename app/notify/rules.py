"""Which event sends what to whom, written into the outbox in the event's own transaction.

The hooks (``on_events``, ``on_recharge``, ``on_bill``) are called by the code that creates
the events that matter, with its session, after its rows are flushed: the collector's writer
(balance alarms, relay changes), the executor (a meter-side recharge confirmed), the ledger
(a platform-side recharge credited) and the bills. So a message exists if and only if its
event committed. They are cheap when nothing applies: an event kind outside
``EVENT_KINDS`` costs a set lookup, and with no channel configured one settings read.

Each message row's ``key`` is unique, and ``queue`` inserts with ON CONFLICT DO NOTHING:
the de-duplication ("one low-balance message per level per recharge cycle": the key holds
the level and the cycle) is the database's, across processes and restarts. Quiet hours
hold SMS to tenants (except a cut) until the morning by ``next_try_at``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..models import (
    Account,
    Bill,
    Event,
    MeterCommand,
    Operator,
    OperatorContact,
    OutboxMessage,
    Room,
    Setting,
    TenantContact,
    utcnow,
)
from .contacts import NotifyError, check_email, normalise_mobile
from .kinds import KINDS, STAFF
from .templates import render, template
from .values import (
    account_values,
    balance_of,
    bill_values,
    days_left,
    receipt_of,
    recharge_cycle,
    yuan,
)

log = logging.getLogger(__name__)
SETTING_KEY = "notify"
SMS_CHANNELS = ("sms", "http_sms")  # reach a mobile number; the first configured is used
EVENT_KINDS = frozenset({"balance.alarm", "relay.changed", "recharge.confirmed"})
CUT_RULES = frozenset({"cutoff_line"})
RESTORE_RULES = frozenset({"restore_after_recharge"})


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


def store_settings(s: Session, settings: NotifySettings) -> None:
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
    s: Session, settings: NotifySettings, kind: str, account_id: int | None
) -> list[Recipient]:
    """The tenant's contacts (of the account) or the staff who want ``kind``."""
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
    contacts = s.scalars(
        select(TenantContact)
        .join(Account, Account.tenant_id == TenantContact.tenant_id)
        .where(Account.id == account_id)
        .order_by(TenantContact.id)
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
) -> int:
    """One outbox row per recipient of ``kind`` (none twice: the key), in ``s``."""
    if not settings.enabled(kind):
        return 0
    moment = now or utcnow()
    texts: dict[str, tuple[str, str]] = {}
    rows = []
    for r in recipients(s, settings, kind, account_id):
        if r.language not in texts:
            texts[r.language] = render(*template(s, kind, r.language), values)
        subject, text = texts[r.language]
        hold = None
        if r.tenant and r.channel in SMS_CHANNELS and kind != "cut":
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
    if rows:  # the keys there already are left out (and a racing desk's by the conflict)
        keys = [r["key"] for r in rows]
        there = set(s.scalars(select(OutboxMessage.key).where(OutboxMessage.key.in_(keys))))
        rows = [r for r in rows if r["key"] not in there]
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


# --- the hooks ---------------------------------------------------------------------------


def on_events(s: Session, events: Iterable[Event]) -> int:
    """Queue the messages ``events`` (flushed, in ``s``) mean; how many rows."""
    relevant = [e for e in events if e.kind in EVENT_KINDS]
    if not relevant:
        return 0
    settings = load_settings(s)
    if not settings.channels:
        return 0
    return _guarded(s, "events", lambda: sum(_event(s, settings, e) for e in relevant))


def _guarded(s: Session, what: str, work: Callable[[], int]) -> int:
    """``work`` in a savepoint: a bug in a message (a template, a lookup) is logged and
    costs that message, never the meter's state, the money or the bill that caused it."""
    try:
        with s.begin_nested():
            return work()
    except Exception:  # logged; the caller's transaction goes on
        log.exception("messages for %s could not be queued", what)
        return 0


def _account(s: Session, event: Event) -> int | None:
    data = event.data or {}
    if data.get("account_id") is not None:
        return int(data["account_id"])
    if event.room_id is None:
        return None
    return s.scalar(select(Room.account_id).where(Room.id == event.room_id))


@dataclass(frozen=True)
class _Where:
    """Where an event's messages belong (account, room, the event, its time)."""

    account_id: int
    room_id: int | None
    event_id: int
    at: datetime

    def queue(
        self, s: Session, settings: NotifySettings, kind: str, key: str, values: dict[str, Any]
    ) -> int:
        return queue(
            s,
            settings,
            kind,
            key,
            values,
            account_id=self.account_id,
            room_id=self.room_id,
            event_id=self.event_id,
            now=self.at,
        )


def _event(s: Session, settings: NotifySettings, e: Event) -> int:
    data = e.data or {}
    account = _account(s, e)
    if account is None:
        return 0
    values = account_values(s, account, e.room_id)
    common = _Where(account, e.room_id, e.id, e.ts)
    if e.kind == "balance.alarm":
        level = int(data.get("alarm", 0))
        kind = {1: "low_balance", 2: "pretrip"}.get(level)
        if kind is None:
            return 0  # level 3 is the cut line: the cut message tells
        balance = int(data.get("balance_fen", 0))
        values.update(balance=yuan(balance), level=level, days_left=days_left(s, account, balance))
        key = f"{kind}:{account}:{level}:{recharge_cycle(s, account)}"
        return common.queue(s, settings, kind, key, values)
    if e.kind == "relay.changed":
        by, rule, relay = data.get("by"), data.get("rule", ""), data.get("relay")
        if relay == "open" and (by == "meter" or rule in CUT_RULES):
            kind = "cut"
        elif relay == "closed" and (by == "meter" or rule in RESTORE_RULES):
            kind = "restored"
        else:
            return 0  # an operator's or a timetable's switching: not the tenant's money
        values["balance"] = yuan(balance_of(s, account))
        return common.queue(s, settings, kind, f"{kind}:{e.id}", values)
    if e.kind == "recharge.confirmed":  # meter-side: the money is on the meter now
        cmd = s.get(MeterCommand, data["command_id"]) if data.get("command_id") else None
        txn = cmd.txn_id if cmd is not None else None
        on_meter = data.get("balance_fen")
        values.update(
            amount=yuan(int(data.get("amount_fen", 0))),
            balance=yuan(on_meter if on_meter is not None else balance_of(s, account)),
            receipt=receipt_of(s, txn),
        )
        return common.queue(s, settings, "recharge", f"recharge:{txn or e.id}", values)
    return 0


def on_recharge(
    s: Session,
    account_id: int,
    room_id: int | None,
    amount_fen: int,
    balance_fen: int,
    receipt: str,
    txn_id: int,
    *,
    meter_side: bool,
    now: datetime | None = None,
) -> int:
    """A recharge taken: platform-side it is credited now (a meter-side one is told when the
    meter confirms it, ``recharge.confirmed``)."""
    if meter_side:
        return 0
    settings = load_settings(s)
    if not settings.channels:
        return 0

    def work() -> int:
        values = account_values(s, account_id, room_id)
        values.update(amount=yuan(amount_fen), balance=yuan(balance_fen), receipt=receipt)
        key = f"recharge:{txn_id}"
        return queue(
            s, settings, "recharge", key, values, account_id=account_id, room_id=room_id, now=now
        )

    return _guarded(s, f"recharge {txn_id}", work)


def on_bill(s: Session, bill: Bill, now: datetime | None = None) -> int:
    """A bill issued (flushed, in ``s``)."""
    settings = load_settings(s)
    if not settings.channels:
        return 0

    def work() -> int:
        values = {**account_values(s, bill.account_id, None), **bill_values(bill)}
        key = f"bill_issued:{bill.id}"
        return queue(s, settings, "bill_issued", key, values, account_id=bill.account_id, now=now)

    return _guarded(s, f"bill {bill.number}", work)
