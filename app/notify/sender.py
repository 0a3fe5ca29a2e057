"""The senders: one thread per configured channel, and the planner, in the collector process.

``Sender`` owns one channel (the modem's serial port is held by it alone, like a bus by its
worker): it claims the next due row (committed ``sending`` before the channel is asked),
sends, and marks the outcome (``app.notify.outbox``). A channel with ``delivery_reports``
(the GSM modem) is listened to between messages, in slices of ``REPORT_SLICE``, by the same
thread (the port has one owner), and each report marks its row (``app.notify.reports``).
On start it turns the rows a dead sender left ``sending`` into ``uncertain``.
``NotifyService`` starts a sender for every channel configured in Settings → Messages
whose kind is registered (``app.notify.channel`` ``REGISTRY``) and the planner
(``app.notify.scans``, once a minute); the collector starts and stops it with its own
threads. Nothing starts when no channel is configured.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..db import Database
from ..i18n import tr
from ..models import OutboxMessage, utcnow
from ..security import Actor, Permission, audit, authorize, default_workstation
from . import load_channels
from .channel import REGISTRY, Channel, Message, SendError
from .contacts import check_email, normalise_mobile
from .kinds import NotifyError
from .outbox import Claimed, claim, mark_error, mark_sent, recover, settings_of, worker_name
from .reports import apply_report
from .rules import SMS_CHANNELS, NotifySettings
from .scans import plan

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
IDLE_WAIT = 5.0  # seconds a sender sleeps when nothing is due (``wake()`` cuts it short)
PLAN_PERIOD = 60.0
SETTINGS_PERIOD = 30.0  # a sender re-reads the limits this often
REPORT_SLICE = 0.5  # longest a sender listens for delivery reports before looking at wake()
# a channel's option naming the one desk that sends on it (the desk with the modem); none:
# every collector process sends on it (an SMTP server or a gateway every desk reaches)
WORKSTATION_OPTION = "workstation"


class Sender(threading.Thread):
    """Sends the outbox rows of one channel, one at a time."""

    def __init__(
        self,
        db: Database,
        name: str,
        channel: Channel,
        *,
        clock: Clock = utcnow,
        idle_wait: float = IDLE_WAIT,
    ) -> None:
        super().__init__(name=f"notify sender {name}", daemon=True)
        self.db, self.channel_name, self.channel = db, name, channel
        self.clock, self.idle_wait = clock, idle_wait
        self.worker = worker_name()
        self.settings = NotifySettings()
        self._settings_at = -1e9
        self._wake = threading.Event()
        self._halt = threading.Event()
        self.sent = 0
        self.reports = 0  # delivery reports that marked a row
        self._listen = getattr(channel, "delivery_reports", None)
        self._unapplied: list[Any] = []  # reports a database hiccup kept from their rows

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._halt.set()
        self._wake.set()

    def recover(self) -> int:
        """What a starting sender does first: rows a dead sender left ``sending`` become
        ``uncertain`` (never sent again by themselves); how many."""
        try:
            recovered = recover(self.db, self.clock())
        except Exception:  # the next start (or the planner) tries again; sending goes on
            log.exception("outbox recovery failed")
            return 0
        if recovered:
            log.warning("%d messages may have been sent before a crash", recovered)
        return recovered

    def run(self) -> None:
        self.recover()
        while not self._halt.is_set():
            try:
                busy = self.step()
            except Exception:  # a database hiccup: wait and go on (rows are durable)
                log.exception("sender %s step failed", self.channel_name)
                busy = False
            if not busy:
                self._idle()
        try:
            self.channel.close()
        except Exception:  # closing a broken port must not hide the stop
            log.exception("closing channel %s failed", self.channel_name)

    def _idle(self) -> None:
        """Wait for ``wake()`` or ``idle_wait``, listening for delivery reports meanwhile."""
        if self._listen is None:
            self._wake.wait(self.idle_wait)
        else:
            deadline = time.monotonic() + self.idle_wait
            while not self._wake.is_set() and (left := deadline - time.monotonic()) > 0:
                started = time.monotonic()
                self.collect_reports(min(REPORT_SLICE, left))
                rest = min(REPORT_SLICE, left) - (time.monotonic() - started)
                if rest > 0:
                    self._wake.wait(rest)
        self._wake.clear()

    def collect_reports(self, wait: float = 0.0) -> int:
        """Take the channel's delivery reports (listening ``wait`` seconds) and mark their
        rows; how many rows changed. A report a database error kept is tried again."""
        if self._listen is None:
            return 0
        try:
            self._unapplied += self._listen(wait)
        except SendError as exc:  # the modem went away: the next slice reopens it
            log.info("delivery reports on %s: %s", self.channel_name, exc.text)
        except Exception:  # a channel bug must not end the sender (it runs outside step)
            log.exception("delivery reports on %s failed", self.channel_name)
        changed = 0
        while self._unapplied:
            report = self._unapplied[0]
            try:
                applied = apply_report(self.db, self.channel_name, report, self.clock())
            except Exception:  # the database: the report waits for the next slice
                log.exception("delivery report on %s not recorded", self.channel_name)
                break
            self._unapplied.pop(0)
            if applied.outcome in ("delivered", "failed", "part", "pending"):
                changed += 1
            elif applied.outcome == "unknown":
                log.info("delivery report for unknown reference %d", report.message_ref)
        self.reports += changed
        return changed

    def _limits(self) -> NotifySettings:
        now = self.clock().timestamp()
        if now - self._settings_at > SETTINGS_PERIOD:
            self.settings, self._settings_at = settings_of(self.db), now
        return self.settings

    def step(self) -> bool:
        """Claim, send and mark one row; False when none was due."""
        settings = self._limits()
        claimed = claim(self.db, self.channel_name, self.clock(), self.worker, settings)
        if claimed is None:
            return False
        self._send(claimed, settings)
        self.collect_reports()  # reports the modem gave during the send
        return True

    def _send(self, c: Claimed, settings: NotifySettings) -> None:
        message = Message(to=c.recipient, text=c.text, subject=c.subject, key=f"outbox:{c.id}")
        try:
            result = self.channel.send(message)
        except SendError as exc:
            status = mark_error(self.db, c, exc, self.clock(), settings)
            log.info("message %d on %s: %s (%s)", c.id, self.channel_name, status, exc.code)
            return
        except Exception as exc:  # a channel bug: it may have sent; never resend blindly
            log.exception("channel %s failed on message %d", self.channel_name, c.id)
            error = SendError("connection", str(exc)[:200], maybe_sent=True)
            mark_error(self.db, c, error, self.clock(), settings)
            return
        mark_sent(self.db, c.id, result, self.clock())
        self.sent += 1

    def drain(self) -> int:
        """Send every due row from this thread (the command line, tests); how many."""
        count = 0
        while self.step():
            count += 1
        return count


def build_channel(name: str, options: dict[str, object]) -> Channel:
    """The registered channel ``name`` made with ``options`` (Settings → Messages)."""
    load_channels()
    factory = REGISTRY.get(name)
    if factory is None:
        raise KeyError(name)
    return factory(**options)


class NotifyService:
    """The senders and the planner of this process."""

    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self.db, self.clock = db, clock
        self.senders: dict[str, Sender] = {}
        self._planner: threading.Thread | None = None
        self._halt = threading.Event()
        self._done: set[str] = set()

    def start(self) -> None:
        """Start what Settings → Messages configures for this desk; a channel that cannot
        be built is logged and skipped (the collector must start anyway)."""
        try:
            settings = settings_of(self.db)
        except Exception:  # an old schema or a broken setting: no messages, collector runs
            log.exception("messages: settings unreadable, no senders")
            return
        here = default_workstation()
        for name, stored in settings.channels.items():
            options = dict(stored)
            desk = str(options.pop(WORKSTATION_OPTION, "") or "")
            if desk and desk != here:
                continue  # the modem hangs on another desk: its collector sends
            try:
                channel = build_channel(name, options)
            except Exception:
                log.exception("messages: channel %s cannot be built", name)
                continue
            sender = Sender(self.db, name, channel, clock=self.clock)
            self.senders[name] = sender
            sender.start()
        if settings.channels:
            self._halt.clear()
            self._planner = threading.Thread(
                target=self._plan_loop, name="notify planner", daemon=True
            )
            self._planner.start()

    def wake(self) -> None:
        for sender in self.senders.values():
            sender.wake()

    def _plan_loop(self) -> None:
        while not self._halt.is_set():
            try:
                # a sender that died on another desk leaves rows "sending": found here
                recover(self.db, self.clock())
                if plan(self.db, self.clock(), self._done):
                    self.wake()
            except Exception:  # the next minute tries again
                log.exception("messages: planning failed")
                self._done.clear()
            self._halt.wait(PLAN_PERIOD)

    def stop(self, timeout: float = 10.0) -> None:
        self._halt.set()
        for sender in self.senders.values():
            sender.stop()
        for sender in self.senders.values():
            sender.join(timeout)
        if self._planner is not None:
            self._planner.join(timeout)
            self._planner = None
        self.senders.clear()


@dataclass(frozen=True)
class SendNow:
    id: int
    status: str  # sent / failed / uncertain
    detail: str  # the far end's reference, or the reason


def send_now(
    db: Database,
    actor: Actor,
    name: str,
    channel: Channel,
    to: str,
    text: str,
    subject: str = "",
    *,
    clock: Clock = utcnow,
) -> SendNow:
    """A message typed by an operator (``notify send``, "send a test"): an outbox row made
    ``sending`` and audited in one transaction, then sent and marked like any other, so it
    is in the history and a crash mid-send leaves it "uncertain" too. Never retried."""
    address = check_address(name, to)
    if not text.strip():
        raise NotifyError(tr("text: the message is empty"))
    now = clock()
    worker = worker_name()
    with db.write() as s:
        authorize(s, actor, Permission.NOTIFY_RESEND)
        row = OutboxMessage(
            key=f"manual:{uuid.uuid4().hex}",
            channel=name,
            recipient=address,
            operator_id=actor.operator_id,
            kind="manual",
            language="",
            subject=subject[:200],
            text=text,
            status="sending",
            attempts=1,
            claimed_by=worker,
            next_try_at=now,
            created_at=now,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            actor,
            "notify.send",
            f"outbox:{row.id}",
            after={"channel": name, "to": address},
            now=now,
        )
        claimed = Claimed(row.id, row.key, name, address, row.subject, text, 1)
    sender = Sender(db, name, channel, clock=clock)
    sender.settings, sender._settings_at = NotifySettings(max_attempts=1), now.timestamp()
    sender._send(claimed, sender.settings)
    with db.read() as s:
        done = s.get(OutboxMessage, claimed.id)
        assert done is not None
        return SendNow(done.id, done.status, done.reference or done.reason)


def check_address(channel: str, to: str) -> str:
    """A mobile number for the SMS channels, an e-mail address for e-mail; else as given."""
    if channel in SMS_CHANNELS:
        return normalise_mobile(to, "to")
    if channel == "email":
        return check_email(to, "to")
    if not to.strip():
        raise NotifyError(tr("to: no recipient given"))
    return to.strip()
