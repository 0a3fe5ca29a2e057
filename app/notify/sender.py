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
threads. The service follows saved settings while it runs (``NotifyService.reload``), and
other threads of its process reach a sender's port only through ``Sender.call`` (Settings →
Messages "Check" and "Send a test", between messages).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import func, select

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
T = TypeVar("T")
IDLE_WAIT = 5.0  # seconds a sender sleeps when nothing is due (``wake()`` cuts it short)
PLAN_PERIOD = 60.0
SETTINGS_PERIOD = 30.0  # a sender re-reads the limits this often
REPORT_SLICE = 0.5  # longest a sender listens for delivery reports before looking at wake()
RELOAD_PERIOD = 10.0  # the service re-reads the channels this often (another desk saved)
REQUEST_TIMEOUT = 60.0  # "Check" / "Send a test" wait this long for the sender's answer
STOP_WAIT = 120.0  # a changed channel's sender may finish a long multipart message
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
        self._requests: queue.SimpleQueue[_Request] = queue.SimpleQueue()
        self.options: dict[str, object] = {}  # as stored, to see a changed setup
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
            self._serve()
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
        self._refuse_waiting()

    # --- requests from other threads (Settings → Messages "Check", "Send a test") ------

    def call(
        self,
        work: Callable[[Channel], T],
        make: Callable[[], Channel] | None = None,
        timeout: float = REQUEST_TIMEOUT,
    ) -> T:
        """Run ``work(channel)`` in this sender's thread, between two messages, and return
        its result (or raise its exception): the port stays this thread's alone. ``make``
        builds the channel as typed on the page instead of the running one (whose port is
        closed first, so a pty or a Windows COM port can be opened again; the running
        channel reopens it for its next message). ``SenderGone`` when this sender stopped
        before taking the request (open the port directly then); ``NotifyError`` when it
        did not take it within ``timeout`` seconds (the request is withdrawn)."""
        future: Future[T] = Future()
        self._requests.put(_Request(work, make, future))
        self.wake()
        deadline = time.monotonic() + timeout
        while True:
            try:
                return future.result(min(1.0, max(0.0, deadline - time.monotonic())))
            except TimeoutError:
                pass
            if not self.is_alive() and future.cancel():
                raise SenderGone(self.channel_name)
            if time.monotonic() >= deadline:
                break
        if future.cancel():
            raise NotifyError(
                tr(
                    "The {channel} sender did not answer within {seconds} s (a long message, "
                    "or the modem hangs); nothing was done. Try again in a minute.",
                    channel=self.channel_name,
                    seconds=int(timeout),
                )
            )
        raise NotifyError(
            tr(
                "The {channel} sender is still working on this after {seconds} s; "
                "its outcome will be in the message history.",
                channel=self.channel_name,
                seconds=int(timeout),
            )
        )

    def _serve(self) -> None:
        """Answer the requests waiting now, each on the port this thread owns."""
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            if not request.future.set_running_or_notify_cancel():
                continue  # the caller gave up waiting
            try:
                request.future.set_result(self._run_request(request))
            except Exception as exc:  # noqa: BLE001 - handed to the caller, who decides
                request.future.set_exception(exc)

    def _run_request(self, request: _Request) -> Any:
        if request.make is None:
            return request.work(self.channel)
        self.channel.close()  # frees the port for the channel as the page sets it up
        channel = request.make()
        try:
            return request.work(channel)
        finally:
            channel.close()

    def _refuse_waiting(self) -> None:
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            if request.future.set_running_or_notify_cancel():
                request.future.set_exception(SenderGone(self.channel_name))

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


class SenderGone(Exception):
    """The sender stopped before it took a request: the port is free, open it directly."""


@dataclass
class _Request:
    work: Callable[[Channel], Any]
    make: Callable[[], Channel] | None
    future: Future[Any]


def build_channel(name: str, options: dict[str, object]) -> Channel:
    """The registered channel ``name`` made with ``options`` (Settings → Messages)."""
    load_channels()
    factory = REGISTRY.get(name)
    if factory is None:
        raise KeyError(name)
    return factory(**options)


_running: NotifyService | None = None  # the service of this process (the collector's)
_running_lock = threading.Lock()


def running_service() -> NotifyService | None:
    """The NotifyService started in this process, if any: Settings → Messages sends its
    "Check" and "Send a test" through it instead of opening the modem a second time."""
    with _running_lock:
        return _running


class NotifyService:
    """The senders and the planner of this process.

    The channels follow the saved settings while the service runs: the planner thread
    re-reads the ``notify`` setting every ``RELOAD_PERIOD`` seconds (a save on another desk
    sharing the database is seen there) and ``reload()`` is also called at once after a save
    in this process. A changed or removed channel's sender stops after its current message
    (a multipart SMS is never cut), a new one starts, an unchanged one keeps running."""

    def __init__(self, db: Database, clock: Clock = utcnow) -> None:
        self.db, self.clock = db, clock
        self.senders: dict[str, Sender] = {}
        self._stopping: dict[str, Sender] = {}  # stopped, not yet ended (a long message)
        self._planner: threading.Thread | None = None
        self._halt = threading.Event()
        self._done: set[str] = set()
        self._lock = threading.RLock()  # the two dicts of senders
        self._reload_lock = threading.Lock()  # one reload at a time
        self._applied: dict[str, dict[str, Any]] | None = None
        self.waiting: dict[str, int] = {}  # removed channel -> its rows still queued

    def start(self) -> None:
        """Start what Settings → Messages configures for this desk; a channel that cannot
        be built is logged and skipped (the collector must start anyway)."""
        global _running
        self._halt.clear()
        try:
            self.reload()
        except Exception:  # an old schema or a broken setting: no messages, collector runs
            log.exception("messages: settings unreadable, no senders")
        self._planner = threading.Thread(target=self._plan_loop, name="notify planner", daemon=True)
        self._planner.start()
        with _running_lock:
            _running = self

    def sender(self, name: str) -> Sender | None:
        """The running sender of channel ``name`` in this process, if any."""
        with self._lock:
            sender = self.senders.get(name)
        return sender if sender is not None and sender.is_alive() else None

    def reload(self, settings: NotifySettings | None = None, restart: tuple[str, ...] = ()) -> bool:
        """Make the senders follow ``settings`` (read from the database when None); whether
        anything changed. ``restart`` names channels to start afresh even with the same
        options (a new SIM PIN in the keyring: the modem channel enters it once a start).
        Safe from any thread (reloads run one at a time); a sender still busy with a long
        message is waited for up to ``STOP_WAIT`` outside the lock that ``sender()`` takes,
        and otherwise replaced at the next call."""
        settings = settings_of(self.db) if settings is None else settings
        wanted = _wanted_here(settings)
        with self._reload_lock:
            changed = False
            with self._lock:
                for name, sender in list(self.senders.items()):
                    if wanted.get(name) != sender.options or name in restart:
                        log.info("messages: channel %s changed or removed, its sender stops", name)
                        sender.stop()  # takes effect after its current message
                        self._stopping[name] = self.senders.pop(name)
                        changed = True
                stopping = list(self._stopping.items())
            for name, old in stopping:
                old.join(STOP_WAIT)
                if not old.is_alive():
                    with self._lock:
                        self._stopping.pop(name, None)  # (stop() may have cleared it)
            if self._halt.is_set():
                return changed  # the service stops: start nothing new
            with self._lock:
                for name, options in wanted.items():
                    if name not in self.senders and name not in self._stopping:
                        changed = self._start_sender(name, options) or changed
                self._applied = settings.channels
            self._note_waiting(settings)
            return changed

    def _start_sender(self, name: str, options: dict[str, Any]) -> bool:
        try:
            channel = build_channel(name, _factory_options(options))
        except Exception:
            log.exception("messages: channel %s cannot be built", name)
            return False
        sender = Sender(self.db, name, channel, clock=self.clock)
        sender.options = dict(options)
        self.senders[name] = sender
        sender.start()
        return True

    def _note_waiting(self, settings: NotifySettings) -> None:
        """Rows queued for a channel no longer set up stay queued (nothing is lost; they go
        out when it is set up again); how many, for the log and Settings → Messages."""
        try:
            self.waiting = waiting_without_channel(self.db, settings)
        except Exception:  # only a status: the senders run anyway
            log.exception("messages: counting queued rows failed")
            return
        for name, count in self.waiting.items():
            log.warning("messages: %d queued for channel %s, which is not set up", count, name)

    def wake(self) -> None:
        with self._lock:
            senders = list(self.senders.values())
        for sender in senders:
            sender.wake()

    def _plan_loop(self) -> None:
        last_plan = -1e9
        while not self._halt.is_set():
            try:
                settings = settings_of(self.db)
                if settings.channels != self._applied or self._stopping:
                    self.reload(settings)
                if settings.channels and time.monotonic() - last_plan >= PLAN_PERIOD:
                    last_plan = time.monotonic()
                    # a sender that died on another desk leaves rows "sending": found here
                    recover(self.db, self.clock())
                    if plan(self.db, self.clock(), self._done):
                        self.wake()
            except Exception:  # the next round tries again
                log.exception("messages: planning failed")
                self._done.clear()
            self._halt.wait(RELOAD_PERIOD)

    def stop(self, timeout: float = 10.0) -> None:
        global _running
        with _running_lock:
            if _running is self:
                _running = None
        self._halt.set()
        if self._planner is not None:
            self._planner.join(timeout)
            self._planner = None
        with self._lock:
            senders = list(self.senders.values()) + list(self._stopping.values())
            for sender in senders:
                sender.stop()
            for sender in senders:
                sender.join(timeout)
            self.senders.clear()
            self._stopping.clear()
            self._applied = None


def _wanted_here(settings: NotifySettings) -> dict[str, dict[str, Any]]:
    """The channels this desk sends on, with their stored options: a channel pinned to
    another desk (``workstation``) is that desk's collector's."""
    here = default_workstation()
    wanted = {}
    for name, stored in settings.channels.items():
        desk = str(stored.get(WORKSTATION_OPTION, "") or "")
        if not desk or desk == here:
            wanted[name] = dict(stored)
    return wanted


def _factory_options(stored: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in stored.items() if k != WORKSTATION_OPTION}


def waiting_without_channel(db: Database, settings: NotifySettings) -> dict[str, int]:
    """Queued rows of channels not in ``settings`` (removed in Settings → Messages)."""
    with db.read() as s:
        rows = s.execute(
            select(OutboxMessage.channel, func.count())
            .where(OutboxMessage.status == "queued")
            .group_by(OutboxMessage.channel)
        ).all()
    return {name: int(n) for name, n in rows if name not in settings.channels}


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
