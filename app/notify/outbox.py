"""The outbox's state changes: claim, mark, recover, retry, and the list.

Exactly once, as far as a sender can know (docs/architecture.md, "Messages"):

* **claim** is a conditional UPDATE ``queued → sending WHERE id = :id AND status =
  'queued'``, committed *before* the channel is asked. Of two senders (threads or processes,
  SQLite or PostgreSQL) that picked the same row, one UPDATE changes it and the other's
  changes nothing (``rowcount`` 0): only the first sends.
* **mark** moves ``sending`` to ``sent`` / ``failed`` / back to ``queued`` (a retryable
  error, with back-off) or to ``uncertain`` (the channel says it may have been sent).
* **recover**: a row left ``sending`` by a sender that died (its process is gone, or it
  has held the row longer than ``stale_after``) may have gone out: it becomes ``uncertain``
  and is never sent again by itself. ``retry`` (an operator's, audited) queues a failed or
  uncertain row again.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update

from ..db import Database
from ..i18n import tr
from ..models import OutboxMessage, utcnow
from ..security import Actor, Permission, audit, authorize
from .channel import SendError, SendResult
from .kinds import NotifyError
from .rules import NotifySettings, load_settings

BACKOFF_FIRST = 30.0  # seconds before the second try; doubles per try
BACKOFF_MAX = 3600.0
STALE_AFTER = timedelta(minutes=15)  # a claim older than this is a dead sender's
CANDIDATES = 8
UNCERTAIN_TEXT = "the sender stopped between sending and recording it: it may have been sent"


def worker_name() -> str:
    """``host:pid`` of this process: recovery can tell a dead local sender's claims."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}"


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_FIRST * 2 ** max(attempts - 1, 0), BACKOFF_MAX))


@dataclass(frozen=True)
class Claimed:
    id: int
    key: str
    channel: str
    recipient: str
    subject: str
    text: str
    attempts: int


def claim(
    db: Database, channel: str, now: datetime, worker: str, settings: NotifySettings
) -> Claimed | None:
    """The next due row of ``channel``, now ``sending`` and committed; None when none is due
    or the channel's rate limit is reached. A row whose recipient had their hourly share
    is moved to when the share frees up."""
    with db.write() as s:
        minute = now - timedelta(minutes=1)
        sent_last_minute = s.scalar(
            select(func.count(OutboxMessage.id)).where(
                OutboxMessage.channel == channel, OutboxMessage.sent_at >= minute
            )
        )
        if (sent_last_minute or 0) >= settings.per_channel_minute:
            return None
        rows = s.execute(
            select(OutboxMessage.id, OutboxMessage.recipient)
            .where(
                OutboxMessage.status == "queued",
                OutboxMessage.channel == channel,
                OutboxMessage.next_try_at <= now,
            )
            .order_by(OutboxMessage.next_try_at, OutboxMessage.id)
            .limit(CANDIDATES)
        ).all()
        hour = now - timedelta(hours=1)
        for row_id, recipient in rows:
            recent: list[datetime] = list(
                s.scalars(
                    select(OutboxMessage.sent_at)
                    .where(
                        OutboxMessage.recipient == recipient,
                        OutboxMessage.sent_at.is_not(None),
                        OutboxMessage.sent_at >= hour,
                    )
                    .order_by(OutboxMessage.sent_at)
                )
            )
            if len(recent) >= settings.per_recipient_hour:
                later = recent[0] + timedelta(hours=1)
                s.execute(
                    update(OutboxMessage)
                    .where(OutboxMessage.id == row_id, OutboxMessage.status == "queued")
                    .values(
                        next_try_at=later, reason="rate limit of this recipient", updated_at=now
                    )
                )
                continue
            done = s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, OutboxMessage.status == "queued")
                .values(
                    status="sending",
                    attempts=OutboxMessage.attempts + 1,
                    claimed_by=worker,
                    updated_at=now,
                )
            )
            if done.rowcount == 1:  # type: ignore[attr-defined]
                m = s.get(OutboxMessage, row_id)
                assert m is not None
                s.refresh(m)
                return Claimed(m.id, m.key, m.channel, m.recipient, m.subject, m.text, m.attempts)
    return None


def mark_sent(db: Database, row_id: int, result: SendResult, now: datetime) -> None:
    with db.write() as s:
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, OutboxMessage.status == "sending")
            .values(
                status="sent",
                reference=result.reference[:200],
                parts=result.parts,
                reason=result.detail[:300],
                sent_at=now,
                updated_at=now,
            )
        )


def mark_error(
    db: Database, claimed: Claimed, error: SendError, now: datetime, settings: NotifySettings
) -> str:
    """Record a failed send; the new status (queued again, failed or uncertain)."""
    if error.maybe_sent:
        status, next_try = "uncertain", now
    elif error.retryable and claimed.attempts < settings.max_attempts:
        status, next_try = "queued", now + backoff(claimed.attempts)
    else:
        status, next_try = "failed", now
    with db.write() as s:
        s.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == claimed.id, OutboxMessage.status == "sending")
            .values(
                status=status,
                reason=f"{error.code}: {error.text}"[:300],
                next_try_at=next_try,
                updated_at=now,
            )
        )
    return status


def mark_delivered(db: Database, channel: str, reference: str, now: datetime) -> int:
    """A delivery report (the modem's ``+CDS``, a gateway's callback) for the message the
    far end knows by ``reference``: ``sent`` → ``delivered``; how many rows (0: unknown)."""
    with db.write() as s:
        done = s.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.channel == channel,
                OutboxMessage.reference == reference,
                OutboxMessage.status == "sent",
            )
            .values(status="delivered", updated_at=now)
        )
        return int(done.rowcount)  # type: ignore[attr-defined]


def recover(db: Database, now: datetime, stale_after: timedelta = STALE_AFTER) -> int:
    """Rows left ``sending`` by a dead sender become ``uncertain``; how many."""
    host = socket.gethostname()[:60]
    changed = 0
    with db.write() as s:
        rows = s.execute(
            select(OutboxMessage.id, OutboxMessage.claimed_by, OutboxMessage.updated_at).where(
                OutboxMessage.status == "sending"
            )
        ).all()
        for row_id, claimed_by, updated_at in rows:
            if not (_dead_here(claimed_by, host) or updated_at < now - stale_after):
                continue
            changed += s.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row_id, OutboxMessage.status == "sending")
                .values(status="uncertain", reason=UNCERTAIN_TEXT, updated_at=now)
            ).rowcount  # type: ignore[attr-defined]
    return changed


def _dead_here(claimed_by: str, host: str) -> bool:
    """The claim is this host's and its process is gone."""
    name, _, pid = claimed_by.rpartition(":")
    if name != host or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def retry(db: Database, actor: Actor, row_id: int, *, now: datetime | None = None) -> str:
    """Queue a failed or uncertain message again (an uncertain one may then arrive twice:
    the operator decides that, after asking the recipient). Audited; operators and admins."""
    moment = now or utcnow()
    with db.write() as s:
        authorize(s, actor, Permission.NOTIFY_RESEND)
        row = s.get(OutboxMessage, row_id, with_for_update=True)
        if row is None:
            raise NotifyError(tr("no message with id {id}", id=row_id))
        if row.status not in ("failed", "uncertain"):
            raise NotifyError(
                tr(
                    "message {id} is {status}: only a failed or uncertain message is sent again",
                    id=row_id,
                    status=row.status,
                )
            )
        before = {"status": row.status, "reason": row.reason}
        row.status, row.next_try_at, row.updated_at = "queued", moment, moment
        row.reason = f"resent by {actor.login}"[:300]
        audit.record(
            s,
            actor,
            "notify.retry",
            f"outbox:{row_id}",
            before=before,
            after={"status": "queued"},
            now=moment,
        )
        return row.channel


@dataclass(frozen=True)
class OutboxRow:
    id: int
    created_at: datetime
    channel: str
    recipient: str
    kind: str
    status: str
    attempts: int
    reason: str
    reference: str
    parts: int
    text: str
    account_id: int | None
    next_try_at: datetime


def list_messages(
    db: Database,
    *,
    status: tuple[str, ...] = (),
    account_id: int | None = None,
    limit: int = 200,
) -> list[OutboxRow]:
    """The newest messages first (the Messages window, ``notify list``)."""
    with db.read() as s:
        q = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(limit)
        if status:
            q = q.where(OutboxMessage.status.in_(status))
        if account_id is not None:
            q = q.where(OutboxMessage.account_id == account_id)
        return [
            OutboxRow(
                m.id,
                m.created_at,
                m.channel,
                m.recipient,
                m.kind,
                m.status,
                m.attempts,
                m.reason,
                m.reference,
                m.parts,
                m.text,
                m.account_id,
                m.next_try_at,
            )
            for m in s.scalars(q)
        ]


def settings_of(db: Database) -> NotifySettings:
    with db.read() as s:
        return load_settings(s)
