"""What the Messages window (消息记录) and the room detail read: the outbox as rows to show.

A Qt-free read model, so the windows hold no SQL (``docs/architecture.md``, "Layers"):
``message_list`` is the window's table (newest first, filtered by status, channel, kind and
a text found in the recipient, the message, the room or the account), with the count of
each status and whether anything is still waiting to go out (the window then refreshes
itself); ``room_messages`` is the last messages of the account a room is let to. Resending
goes through ``app.notify.outbox.retry`` (role-checked, audited); ``resend`` here only adds
the window's question for an uncertain message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Select, func, or_, select

from ..db import Database
from ..i18n import tr
from ..models import Account, Building, Floor, OutboxMessage, Room
from ..security import Actor
from .channel import CODES
from .kinds import NotifyError
from .outbox import UNCERTAIN_TEXT, retry

STATUSES = ("queued", "sending", "sent", "delivered", "failed", "uncertain")
WAITING = ("queued", "sending")  # the window refreshes itself while any is there
RESENDABLE = ("failed", "uncertain")
LIMIT = 500


@dataclass(frozen=True)
class MessageRow:
    """One outbox row as the window shows it (times aware UTC)."""

    id: int
    created_at: datetime
    sent_at: datetime | None
    kind: str
    channel: str
    recipient: str
    status: str
    reason: str
    parts: int
    reference: str
    attempts: int
    subject: str
    text: str
    room: str  # "A栋 101", empty for a staff message
    account: str  # the account number, empty for a staff message

    @property
    def resendable(self) -> bool:
        return self.status in RESENDABLE


@dataclass(frozen=True)
class MessageFilter:
    """The window's filters; empty means any."""

    status: str = ""
    channel: str = ""
    kind: str = ""
    text: str = ""
    limit: int = LIMIT


@dataclass(frozen=True)
class MessageList:
    rows: list[MessageRow]
    counts: dict[str, int] = field(default_factory=dict)  # every row's status, unfiltered
    channels: list[str] = field(default_factory=list)  # channels that have rows
    kinds: list[str] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        return sum(self.counts.get(s, 0) for s in WAITING)


def reason_text(reason: str) -> str:
    """The stored reason in the UI language where the outbox wrote a fixed English one
    (recovery after a crash, an operator's resend); a channel's reason is already in the
    language of the desk that sent it."""
    if reason == UNCERTAIN_TEXT:
        return tr("The sender stopped between sending and recording it: it may have been sent.")
    if reason.startswith("resent by "):
        return tr("resent by {login}", login=reason[len("resent by ") :])
    code, sep, text = reason.partition(": ")
    if sep and code in CODES:  # "refused: <the channel's words>": the words say it
        return text
    return reason


def _query(f: MessageFilter) -> Select[tuple[OutboxMessage, str, str, str]]:
    q = (
        select(OutboxMessage, Room.number, Building.name, Account.number)
        .outerjoin(Room, Room.id == OutboxMessage.room_id)
        .outerjoin(Floor, Floor.id == Room.floor_id)
        .outerjoin(Building, Building.id == Floor.building_id)
        .outerjoin(Account, Account.id == OutboxMessage.account_id)
        .order_by(OutboxMessage.id.desc())
        .limit(f.limit)
    )
    if f.status:
        q = q.where(OutboxMessage.status == f.status)
    if f.channel:
        q = q.where(OutboxMessage.channel == f.channel)
    if f.kind:
        q = q.where(OutboxMessage.kind == f.kind)
    text = f.text.strip()
    if text:
        like = f"%{text}%"
        q = q.where(
            or_(
                OutboxMessage.recipient.ilike(like),
                OutboxMessage.text.ilike(like),
                OutboxMessage.reference.ilike(like),
                Room.number.ilike(like),
                Building.name.ilike(like),
                Account.number.ilike(like),
            )
        )
    return q


def _row(
    m: OutboxMessage, room: str | None, building: str | None, account: str | None
) -> MessageRow:
    place = " ".join(x for x in (building, room) if x)
    return MessageRow(
        m.id,
        m.created_at,
        m.sent_at,
        m.kind,
        m.channel,
        m.recipient,
        m.status,
        reason_text(m.reason),
        m.parts,
        m.reference,
        m.attempts,
        m.subject,
        m.text,
        place,
        account or "",
    )


def message_list(db: Database, f: MessageFilter | None = None) -> MessageList:
    """The window's rows (newest first) and the counts of the whole outbox by status."""
    f = f or MessageFilter()
    with db.read() as s:
        rows = [_row(*r) for r in s.execute(_query(f)).all()]
        counts = {
            status: int(n)
            for status, n in s.execute(
                select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(
                    OutboxMessage.status
                )
            ).all()
        }
        channels = sorted(s.scalars(select(OutboxMessage.channel).distinct()))
        kinds = sorted(s.scalars(select(OutboxMessage.kind).distinct()))
    return MessageList(rows, counts, channels, kinds)


def room_messages(db: Database, room_id: int, limit: int = 20) -> list[MessageRow]:
    """The last ``limit`` messages sent for the account the room is let to (every room of
    that account: a tenant's phone got them all); none for a vacant room."""
    with db.read() as s:
        account_id = s.scalar(select(Room.account_id).where(Room.id == room_id))
        if account_id is None:
            return []
        q = _query(MessageFilter(limit=limit)).where(OutboxMessage.account_id == account_id)
        return [_row(*r) for r in s.execute(q).all()]


def resend(db: Database, actor: Actor, row: MessageRow, *, confirmed: bool = False) -> str:
    """Queue a failed message again, or an uncertain one once the operator confirmed it may
    arrive twice; the channel whose sender takes it. Role-checked and audited by
    ``outbox.retry`` (``notify.resend``)."""
    if row.status == "uncertain" and not confirmed:
        raise NotifyError(
            tr("message {id} may have been sent: confirm before sending it again", id=row.id)
        )
    return retry(db, actor, row.id)
