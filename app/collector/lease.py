"""One collector per site: the lease on the buses, its standbys and its fence (issue 20).

Several desks share one database; only one of them may talk on the serial buses (two
masters on one RS-485 line garble each other's frames, and two collectors would run one
command twice). The desk that runs the collector holds the ``collector_lease`` row:

- **Taking it** is one write transaction with the row locked (``SELECT … FOR UPDATE`` on
  PostgreSQL; on SQLite the database's single writer, ``app.writelock``, serialises it). A
  free row (released, or never held) is taken at once. A held one is taken only when its
  ``beat`` has not moved for ``ttl`` seconds *of the taker's own clock* (the standby notes
  the time it last saw the beat change): no two desks' wall clocks are ever compared. A
  row held by a process of this workstation that no longer exists is free at once (a
  collector restarted after a crash does not wait out its own lease).
- **Keeping it**: the holder renews every ``renew`` seconds (``beat`` + 1, in a transaction
  of its own, not behind a long poll batch). It considers itself the holder only until
  ``started + ttl - margin`` of its last successful renewal, ``started`` being the moment
  *before* that transaction: a standby that saw the beat (after the commit) waits ``ttl``
  from then, so the holder has stopped ``margin`` seconds before anyone may take over.
- **The fence**: ``valid()`` is checked before every frame (``BusWorker``), and ``check(s)``
  inside the writer's and the command executor's write transactions compares the row's
  ``epoch`` and holder with ours (``FOR SHARE`` on PostgreSQL, so a takeover waits for the
  transaction to end): a holder paused past its expiry (a GC, a stopped VM, a hung disk)
  that wakes up finds a new epoch and its write rolls back: no ``sent`` mark, so no command
  frame and no poll result written. Then the runner stops its collector at once.
- **Standbys** record themselves in ``collector_standby`` while they wait, so every desk can
  show who would take over (``app.livedata.lease``).
"""

from __future__ import annotations

import logging
import math
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from drivers.errors import LinkError

from ..db import Database
from ..models import CollectorLease, CollectorStandby
from ..security import default_workstation

log = logging.getLogger(__name__)


def _clock() -> float:
    """Seconds on a clock that keeps running while the machine sleeps. Linux's monotonic
    clock stops during a suspend: a laptop that slept past its lease woke up still "valid"
    by that clock and polled its buses beside the new holder until its first renewal.
    CLOCK_BOOTTIME counts the sleep (Python 3.11's monotonic clock on Windows, GetTickCount64,
    already does)."""
    return time.clock_gettime(_BOOTTIME) if _BOOTTIME is not None else time.monotonic()


_BOOTTIME: int | None = getattr(time, "CLOCK_BOOTTIME", None)
NAME = "buses"  # the lease on all the site's links (one collector owns them all)
TTL = 20.0  # seconds without a renewal before a standby takes over
RENEW = 3.0  # seconds between two renewals
MARGIN = 4.0  # the holder stops this long before a standby may take over
STANDBY_POLL = 1.0  # seconds between two looks of a standby
STANDBY_NOTE = 10.0  # seconds between two writes of a standby's row (readers: 30 s fresh)


class LeaseLost(LinkError):
    """This process no longer holds the buses: raised before a frame and in a fenced write."""

    def __init__(self, message: str = "the collector lease was lost") -> None:
        super().__init__(message, kind="lease_lost")


@dataclass(frozen=True)
class Holder:
    """The lease row as a desk reads it."""

    holder_id: str
    workstation: str
    pid: int
    epoch: int
    since: datetime | None
    heartbeat_at: datetime | None
    expires_at: datetime | None


def _now() -> datetime:
    return datetime.now(UTC)


def _pid_gone(pid: int) -> bool:
    """True when no process ``pid`` exists on this computer (a crashed holder of ours)."""
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OSError):  # exists (another user's) or cannot tell: not gone
        return False
    return False


class Lease:
    """This process's claim on the buses. ``try_take`` / ``renew`` / ``release`` from one
    thread (the runner's); ``valid`` and ``check`` from any thread."""

    def __init__(
        self,
        db: Database,
        *,
        name: str = NAME,
        ttl: float = TTL,
        renew: float | None = None,
        margin: float | None = None,
        workstation: str | None = None,
    ) -> None:
        # a short lease (tests, a site that wants a faster takeover) renews more often
        renew = min(RENEW, ttl / 5) if renew is None else renew
        margin = min(MARGIN, ttl / 5) if margin is None else margin
        if not 0 < renew < ttl - margin:
            raise ValueError("the renewal period must be shorter than ttl - margin")
        self.db, self.name = db, name
        self.ttl, self.renew_period, self.margin = ttl, renew, margin
        self.holder_id = uuid.uuid4().hex
        self.workstation = (workstation or default_workstation())[:60]
        self.pid = os.getpid()
        self.epoch = 0  # the epoch we hold (0: none)
        self._valid_until = 0.0  # _clock()
        self._seen: tuple[int, int, str] | None = None  # (epoch, beat, holder) last seen
        self._seen_at = 0.0  # _clock(), when it last changed
        self._seen_gone = False  # its holder was a process of ours that no longer exists
        self._standby_since: datetime | None = None
        self._standby_noted = -math.inf  # _clock(), when the standby row was last written
        self._renewing: int | None = None  # the socket of a renewal under way (PostgreSQL)
        self.alarm: threading.Event | None = None  # set when the lease is lost (the keeper's)

    # --- state --------------------------------------------------------------------------

    @property
    def held(self) -> bool:
        return self.epoch > 0

    def valid(self) -> bool:
        """Still the holder by our own clock (checked before every frame)."""
        return self.epoch > 0 and _clock() < self._valid_until

    def check(self, s: Session) -> None:
        """Inside a write transaction: raise ``LeaseLost`` unless we still hold the lease.
        On PostgreSQL the row stays share-locked until the commit, so a takeover (``FOR
        UPDATE``) waits for this transaction: our write is ordered before it, never after."""
        if not self.valid():
            raise LeaseLost("the collector lease expired before this write")
        query = select(CollectorLease.epoch, CollectorLease.holder_id).where(
            CollectorLease.name == self.name
        )
        if not self.db.is_sqlite:
            query = query.with_for_update(read=True)
        row = s.execute(query).first()
        if row is None or (row[0], row[1]) != (self.epoch, self.holder_id):
            self._lose()
            raise LeaseLost("another collector holds the lease now")

    def _lose(self) -> None:
        self.epoch, self._valid_until = 0, 0.0
        if self.alarm is not None:  # the keeper stops the collector now, not at its next beat
            self.alarm.set()

    # --- taking, keeping, giving back ----------------------------------------------------

    def try_take(self) -> Holder | None:
        """One attempt: None when we hold the lease now, else who holds it (and we are
        recorded as a standby)."""
        try:
            return self._try_take()
        except IntegrityError:  # two desks created the missing row at once: look again
            return self.holder()

    def _try_take(self) -> Holder | None:
        started = _clock()
        now = _now()
        with self.db.read() as s:  # a standby's look costs a read, not the write lock
            row = s.get(CollectorLease, self.name)
            held = row is not None and bool(row.holder_id) and not self._free(row)
            seen = _holder(row) if row is not None and held else None
        if seen is not None:
            if started - self._standby_noted >= STANDBY_NOTE:
                with self.db.write() as s:
                    self._standby(s, now)
                self._standby_noted = started
            return seen
        with self.db.write() as s:  # it looks free: decide under the row lock
            row = s.get(CollectorLease, self.name, with_for_update=True)
            if row is None:
                row = CollectorLease(name=self.name, epoch=0, beat=0, holder_id="")
                s.add(row)
            elif row.holder_id and not self._free(row):  # taken meanwhile
                return _holder(row)
            row.epoch = (row.epoch or 0) + 1
            row.beat = 0
            row.holder_id, row.workstation, row.pid = self.holder_id, self.workstation, self.pid
            row.ttl_s, row.since, row.heartbeat_at = self.ttl, now, now
            row.expires_at = now + timedelta(seconds=self.ttl)
            s.execute(delete(CollectorStandby).where(CollectorStandby.holder_id == self.holder_id))
            s.flush()
            epoch = row.epoch
        self.epoch, self._valid_until = epoch, started + self.ttl - self.margin
        self._standby_since, self._seen, self._standby_noted = None, None, -math.inf
        log.info("collector lease %s taken (epoch %d)", self.name, epoch)
        return None

    def _free(self, row: CollectorLease) -> bool:
        """A held row is ours to take: its beat stood still for ``ttl`` of our clock, or its
        holder was a process of this workstation that is gone."""
        seen = (row.epoch, row.beat, row.holder_id)
        now = _clock()
        if seen != self._seen:
            self._seen, self._seen_at = seen, now
            self._seen_gone = row.workstation == self.workstation and _pid_gone(row.pid)
        return self._seen_gone or now - self._seen_at >= self.ttl

    def _standby(self, s: Session, now: datetime) -> None:
        if self._standby_since is None:
            self._standby_since = now
        s.merge(
            CollectorStandby(
                holder_id=self.holder_id,
                name=self.name,
                workstation=self.workstation,
                pid=self.pid,
                since=self._standby_since,
                seen_at=now,
            )
        )

    def renew(self) -> bool:
        """One renewal; False (and no longer the holder) when another desk holds the row.
        A database error propagates: the holder stays valid until its deadline passes.
        On PostgreSQL the transaction is bounded by the time left (``lock_timeout``,
        ``statement_timeout``) and its socket is noted, so ``abort_renewal`` can cut a
        renewal that hangs on a dead network (``LeaseKeeper``)."""
        epoch = self.epoch
        if not epoch:
            return False
        started = _clock()
        now = _now()
        try:
            with self.db.write() as s:
                if not self.db.is_sqlite:
                    self._bound(s, self._valid_until - started)
                row = s.get(CollectorLease, self.name, with_for_update=True)
                mine = row is not None and (row.epoch, row.holder_id) == (epoch, self.holder_id)
                if not mine or self.epoch != epoch:  # another's, or given up while we waited
                    self._lose()
                    return False
                assert row is not None
                row.beat = (row.beat or 0) + 1
                row.heartbeat_at, row.expires_at = now, now + timedelta(seconds=self.ttl)
        finally:
            self._renewing = None  # back in the pool: never ours to cut
        if self.epoch != epoch:  # given up meanwhile (abort_renewal): stays lost
            return False
        self._valid_until = started + self.ttl - self.margin
        return True

    def _bound(self, s: Session, left: float) -> None:
        """PostgreSQL: this renewal waits at most ``left`` seconds for the row and the
        server, and its socket is known to ``abort_renewal``."""
        ms = max(100, int(left * 1000))
        s.execute(text(f"SET LOCAL lock_timeout = {ms}"))
        s.execute(text(f"SET LOCAL statement_timeout = {ms}"))
        raw = s.connection().connection.dbapi_connection
        self._renewing = getattr(getattr(raw, "pgconn", None), "socket", None)

    def abort_renewal(self) -> None:
        """Give up: no longer the holder, and a renewal stuck on the network is cut (its
        socket shut down: its transaction never commits, even if the network comes back)."""
        self._lose()
        fd, self._renewing = self._renewing, None
        if fd is None:
            return
        try:
            with socket.socket(fileno=os.dup(fd)) as sock:
                sock.shutdown(socket.SHUT_RDWR)
        except OSError:  # already closed: nothing left to cut
            log.debug("the renewal's socket was already closed")

    def release(self) -> None:
        """Give the lease back (a clean stop): a standby takes over at its next look."""
        epoch, self.epoch, self._valid_until = self.epoch, 0, 0.0
        with self.db.write() as s:
            s.execute(delete(CollectorStandby).where(CollectorStandby.holder_id == self.holder_id))
            row = s.get(CollectorLease, self.name, with_for_update=True)
            if row is not None and (row.epoch, row.holder_id) == (epoch, self.holder_id):
                row.holder_id, row.expires_at = "", _now()

    def holder(self) -> Holder | None:
        """Who holds the lease now (None: nobody)."""
        with self.db.read() as s:
            row = s.get(CollectorLease, self.name)
            return _holder(row) if row is not None and row.holder_id else None


def _holder(row: CollectorLease) -> Holder:
    return Holder(
        row.holder_id,
        row.workstation,
        row.pid,
        row.epoch,
        row.since,
        row.heartbeat_at,
        row.expires_at,
    )


class LeaseKeeper(threading.Thread):
    """Renews a held lease every ``renew`` seconds; calls ``on_lost`` once when it is lost
    (another holder, a fenced write that found another epoch, or no successful renewal
    before the deadline). A renewal runs on a thread of its own and is waited for only
    until the deadline: one that hangs on a dead network (a pulled cable: no answer, no
    reset, until the TCP timeout) is cut and the collector stops in time."""

    def __init__(self, lease: Lease, on_lost: Callable[[], None]) -> None:
        super().__init__(name="collector lease", daemon=True)
        self.lease, self.on_lost = lease, on_lost
        self._halt = threading.Event()
        self._stopping = False
        lease.alarm = self._halt  # Lease._lose wakes us at once
        self.lost = False

    def stop(self) -> None:
        self._stopping = True
        self._halt.set()

    def run(self) -> None:
        lease = self.lease
        while True:
            self._halt.wait(lease.renew_period)
            if self._stopping:
                return
            self._halt.clear()
            if not self._renew() or not lease.valid():
                log.error("collector lease lost: this collector stops now")
                lease.abort_renewal()
                self.lost = True
                self.on_lost()
                return

    def _renew(self) -> bool:
        """One renewal, waited for until the lease's own deadline at most."""
        lease = self.lease
        if not lease.held:
            return False
        outcome: list[bool] = []

        def renew() -> None:
            try:
                outcome.append(lease.renew())
            except Exception:  # the database is unreachable: valid until the deadline
                log.exception("renewing the collector lease failed")
                outcome.append(lease.valid())

        worker = threading.Thread(target=renew, name="collector lease renewal", daemon=True)
        worker.start()
        worker.join(max(0.0, min(lease._valid_until - _clock(), lease.ttl)))
        if worker.is_alive():
            log.error("renewing the collector lease hangs past its deadline: giving up")
            return False
        return outcome[0]
