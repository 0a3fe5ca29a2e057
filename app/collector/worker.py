"""One bus worker thread per link: it alone talks to that link.

The loop takes, in this order: an operator or rule command from its priority queue (so a
relay command queued mid-sweep goes on the wire after the transaction in progress), then
the next meter of the round-robin (``drivers.bus.PollScheduler``: offline meters are only
probed every ``offline_retry`` seconds, so one dead meter costs one timeout per retry period,
never one per cycle). A poll reads the live values; the full snapshot (energy, balance,
purchase count, clock) every ``energy_period`` seconds, right after an interval boundary,
when a meter comes back and after every command (so the state is always what the meter
says). Results go to the writer as plain messages; the worker never writes meter state.

A command never waits for a whole poll: a poll gives the wire up between two of its
transactions when a command is queued (``_Preempted``), and is done again after it.
*Background* jobs (a batch's commands, priority ``background`` and above) run back to back
at wire speed, but after ``burst`` of them in a row a routine poll that is due takes the
next slot, and that poll is not preempted by background jobs: live values keep coming
(slower) during a batch, and a batch gets about ``burst / (burst + 1)`` of the wire.
A worker that dies of an unexpected error says why (``failure``) and tells its owner
(``on_exit``); the collector starts a successor with ``adopt()`` after a back-off.
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from drivers.bus import PollScheduler, link_for, meter_for
from drivers.errors import (
    DriverError,
    LinkError,
    ProfileError,
    UnsupportedByProfile,
    error_data,
)
from drivers.link import Link, SerialSettings
from drivers.meter import Meter, MeterSnapshot, build_snapshot

from .busdiag import ErrorCounts, ScanJob
from .config import CollectorConfig, PollPlan, naive_local
from .lease import LeaseLost

log = logging.getLogger(__name__)
FULL_SHARE = 2.0  # full snapshots get at most 1/FULL_SHARE of a bus's wire time


@dataclass(frozen=True)
class Cause:
    """Why a snapshot was taken right after a command: who or which rule acted."""

    kind: str  # relay | recharge | params | clock
    by: str  # operator login or "rule:<name>"
    rule: str = ""
    command_id: int = 0
    action: str = ""


@dataclass
class PollResult:
    """One poll, or one miss, of one meter, as the worker saw it."""

    meter_id: int
    at: datetime  # collector clock
    snapshot: MeterSnapshot | None
    full: bool = False
    error: str = ""
    online: bool = True
    misses: int = 0
    cause: Cause | None = None
    error_data: dict[str, Any] = field(default_factory=dict)  # kind and facts of the error


@dataclass
class LinkStatus:
    link_id: int
    up: bool
    error: str = ""


@dataclass(frozen=True)
class MeterInfo:
    """What a worker needs of a meter row (plain data: no session crosses threads)."""

    meter_id: int
    address: str
    profile: str


@dataclass(frozen=True)
class LinkInfo:
    link_id: int
    name: str
    url: str  # what to open (a sim:// link already resolved to its pty)
    baud: int
    parity: str
    stopbits: int
    timeout_s: float


@dataclass(order=True)
class Job:
    """A command to run on this bus; ordered by priority, then by id (queue order)."""

    priority: int
    command_id: int
    meter_id: int = field(compare=False)


@dataclass
class _Handle:
    info: MeterInfo
    driver: Meter
    plan: PollPlan
    live: list[str]
    last_full: float = float("-inf")
    last_poll: float = float("-inf")
    full_slot: datetime | None = None
    force_full: bool = True


BACKGROUND_OFF = 1 << 30  # no job is background until the collector says which are
BURST = 8  # background jobs in a row before a due routine poll gets the wire


class _Preempted(Exception):
    """A command is queued: the poll in progress stops before its next transaction."""


Submit = Callable[[object], None]
RunJob = Callable[[Job, Meter], Cause | None]
ReadReply = Callable[["PollResult | None", float], None]


class BusWorker(threading.Thread):
    """Owns one ``drivers.link.Link``; polls its meters and runs its commands."""

    def __init__(
        self,
        link: LinkInfo,
        meters: list[MeterInfo],
        config: CollectorConfig,
        submit: Submit,
        run_job: RunJob,
        job_done: Callable[[Job, bool], None],
    ) -> None:
        super().__init__(name=f"bus {link.name}", daemon=True)
        self.info = link
        self.config = config
        self._submit = submit
        self._run_job = run_job
        self._job_done = job_done
        self._halt = threading.Event()
        self._wake = threading.Event()
        self._jobs: queue.PriorityQueue[Job] = queue.PriorityQueue()
        self._queued: set[int] = set()
        self._lock = threading.Lock()
        self.link: Link = _bus_link(link, meters)
        # set by the collector at start: workers already polling would starve the thread
        # that starts the others (506 buses took 26 s to start; the last bus polled late)
        self.start_gate: threading.Event | None = None
        # seconds between two polls of one meter; the collector raises it for a large
        # park (CollectorConfig.poll_budget)
        self.min_interval = config.min_poll_interval
        # jobs of this priority and above are background work (set by the collector: a
        # batch's commands); after ``burst`` of them in a row a due poll goes first
        self.background = BACKGROUND_OFF
        self.burst = BURST
        self._streak = 0  # background jobs run since the last routine poll
        self._held: int | None = None  # a meter whose turn came but was not due yet
        self._granted = False  # the poll in progress holds its slot against background jobs
        self._preemptible = False
        self._resume: _Handle | None = None
        transact = self.link.transact

        # set by the collector when it runs under a lease (app.collector.lease): False once
        # the lease is lost or past its deadline, checked before every frame
        self.gate: Callable[[], bool] | None = None

        def guarded(*args: Any, **kwargs: Any) -> bytes:
            if self.gate is not None and not self.gate():
                raise LeaseLost("the collector lease is lost: no frame goes out")
            # between two transactions of a poll: a queued command goes first, and a stop
            # does not wait for the rest of the poll (a DL/T 645 snapshot is 13 frames,
            # over a second at 2400 baud: quitting waited for the slowest bus's poll)
            if self._preemptible and (self._halt.is_set() or self._preempting()):
                raise _Preempted
            return transact(*args, **kwargs)

        # every driver of this bus calls link.transact: wrapping this one instance is the
        # hook (mypy forbids assigning to a method)
        self.link.transact = guarded  # type: ignore[method-assign]
        self.handles: dict[int, _Handle] = {}
        self._read_now: list[tuple[int, ReadReply | None]] = []
        site_now = partial(_site_now, config.clock, config.zone)
        for m in meters:
            try:
                driver = meter_for(self.link, m.profile, m.address)
            except DriverError as exc:
                log.error("meter %s on %s cannot be driven: %s", m.address, link.name, exc)
                continue
            driver.local_now = site_now  # a relay command's "valid until" in the meter's time
            plan = config.plan_for(m.profile, driver.profile.poll)
            live = [q for q in plan.live if q in driver.profile.quantities]
            self.handles[m.meter_id] = _Handle(m, driver, plan, live)
        self.scheduler = PollScheduler(
            list(self.handles),
            miss_limit=config.miss_limit,
            offline_retry=config.offline_retry,
            idle_probe=config.silent_probe,
        )
        self.polls = 0
        self.full_cost = 0.0  # seconds one full snapshot takes on this bus (moving average)
        self.link_up = True
        self.failure = ""  # why the thread died, when it died of an unexpected error
        self.failure_data: dict[str, Any] = {}  # its kind and facts (app.livedata.error_text)
        self.started_at = 0.0  # monotonic, when run() began
        self.on_exit: Callable[[BusWorker], None] | None = None
        self._seq = itertools.count()
        self.errors = ErrorCounts()  # failed transactions by kind (diagnostics window)
        self._scan: ScanJob | None = None
        self._scan_turn = False

    # --- control from other threads -------------------------------------------------------

    def enqueue(self, job: Job) -> bool:
        """Queue a command for one of this bus's meters; False if it is already queued."""
        with self._lock:
            if (
                job.command_id in self._queued
                or job.meter_id not in self.handles
                or self._halt.is_set()  # stopped or dead: the command stays in the table
            ):
                return False
            self._queued.add(job.command_id)
        self._jobs.put(job)
        self._wake.set()
        return True

    def read_now(self, meter_id: int, reply: ReadReply | None = None) -> bool:
        """Read this meter fully at the bus's next turn, offline or not (the technician's
        "read this meter now"); False if the meter is not on this bus.

        ``reply`` (called on this bus's thread) gets the poll result and the seconds the
        read took on the wire: the settings window's link test goes through here, so a port
        the collector owns is never opened a second time.
        """
        if meter_id not in self.handles:
            return False
        with self._lock:
            self._read_now.append((meter_id, reply))
        self._wake.set()
        return True

    def _take_read_now(self) -> bool:
        if not self._read_now:  # the common case: no lock on every turn of the bus
            return False
        with self._lock:
            item = self._read_now.pop(0) if self._read_now else None
        if item is None:
            return False
        meter_id, reply = item
        handle = self.handles[meter_id]
        handle.force_full = True
        started = time.monotonic()
        result = self._poll(handle)
        if reply is not None:
            try:
                reply(result, time.monotonic() - started)
            except Exception:  # a caller's callback never stops the bus
                log.exception("read-now reply failed")
        return True

    def scan(self, job: ScanJob) -> bool:
        """Scan addresses on this bus between polls (the technician's "bus scan" while
        the collector owns the port): one address per turn, after any command, so the
        meters keep being polled; False if a scan is already running."""
        with self._lock:
            # a finished scan no longer counts: it reports its end (``finished``) before
            # _take_scan lets go of it, and a new scan asked for at that moment was refused
            busy = self._scan is not None and not self._scan.finished.is_set()
            if busy or self._halt.is_set() or not self.is_alive():
                return False
            self._scan = job
        self._wake.set()
        return True

    def _take_scan(self) -> bool:
        job = self._scan
        if job is None:
            return False
        self._scan_turn = not self._scan_turn
        if not self._scan_turn:  # every other turn: a poll between two probes
            return False
        if not job.step(self.link):
            with self._lock:
                if self._scan is job:  # not a new scan that came in as this one finished
                    self._scan = None
        return True

    def is_online(self, meter_id: int) -> bool:
        health = self.scheduler.health.get(meter_id)
        return health is not None and health.online

    def stop(self) -> None:
        self._halt.set()
        self._wake.set()

    @property
    def crashed(self) -> bool:
        """The thread ended by an unexpected error, not by ``stop()``."""
        return bool(self.failure) and not self.is_alive()

    def adopt(self, old: BusWorker) -> None:
        """Carry on where a dead worker of the same link stopped: what it knew of each meter
        (offline ones are probed at once), its counters and its frame trace. Its queued
        commands are not taken over: they live in ``meter_command`` and the dispatcher
        hands them out again (``take_jobs`` gives their ids back)."""
        for key, health in old.scheduler.health.items():
            if key in self.scheduler.health:
                self.scheduler.health[key] = health
        self.scheduler.wake_offline()
        self.polls = old.polls
        self.errors = old.errors
        self.link.trace = old.link.trace
        self.link_up = False  # "up" is said again after the first answer

    def take_jobs(self) -> list[Job]:
        """Empty the command queue (a dead worker's commands go back to the dispatcher)."""
        jobs: list[Job] = []
        while True:
            try:
                jobs.append(self._jobs.get_nowait())
            except queue.Empty:
                break
        with self._lock:
            self._queued.clear()
        return jobs

    # --- the loop --------------------------------------------------------------------------

    def run(self) -> None:
        if self.start_gate is not None:  # every bus of the park starts polling together
            self.start_gate.wait()
        self.started_at = time.monotonic()
        self._stagger()
        try:
            while not self._halt.is_set():
                if self._poll_turn():
                    continue
                if self._take_job() or self._take_read_now() or self._take_scan():
                    continue
                self._streak = 0  # the queue is empty: the wire is the polls' again
                if self._resume is not None:  # the poll a command interrupted
                    resumed, self._resume = self._resume, None
                    self._poll(resumed, preemptible=True)
                    continue
                key = self._next_key()
                if key is None:
                    if self._scan is None:  # a scan goes on at full speed meanwhile
                        self._wait(0.2)
                    continue
                handle = self.handles[key]
                due = handle.last_poll + self.min_interval
                now = time.monotonic()
                if due > now:
                    self._wait(due - now)
                    if self._halt.is_set():
                        break
                    self._take_job()
                self._poll(handle, preemptible=True)
        except Exception as exc:  # never die silently: the owner restarts us, the GUI says why
            log.exception("bus worker %s crashed", self.info.name)
            self.failure = (f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)[
                :200
            ]
            self.failure_data = error_data(exc)
            if self.on_exit is None:
                self._submit(LinkStatus(self.info.link_id, False, self.stopped_text()))
        finally:
            with self._lock:
                self._halt.set()  # no scan is accepted any more
                job, self._scan = self._scan, None
            if job is not None:
                job.finish("the bus worker stopped")
            self.link.close()
            if self.on_exit is not None:
                self.on_exit(self)

    def stopped_text(self, restart_in: float | None = None) -> str:
        """The bus status after a crash, in the words the GUI translates (event_labels)."""
        text = f"bus worker stopped: {self.failure}"
        if restart_in is not None:
            text += f"; restarting in {restart_in:g} s"
        return text

    def _stagger(self) -> None:
        """Spread the first polls of this bus's meters over one poll interval (the first
        meter at once, so the bus is up at once): a large park would otherwise ask every
        meter at the same instant and saturate the CPU, so the last buses came up late."""
        step = self.min_interval / max(len(self.handles), 1)
        base = self.started_at - self.min_interval
        for i, handle in enumerate(self.handles.values()):
            if handle.last_poll == float("-inf"):
                handle.last_poll = base + i * step

    def _next_key(self) -> int | None:
        """The meter whose poll is next: one held back by ``_poll_turn`` keeps its turn."""
        if self._held is not None:
            key, self._held = self._held, None
            return key
        return self.scheduler.next()

    def _background_next(self) -> bool:
        """The job at the head of the queue is background work (peeked, not taken)."""
        with self._jobs.mutex:
            heap = self._jobs.queue
            return bool(heap) and heap[0].priority >= self.background

    def _preempting(self) -> bool:
        """A queued job stops the poll in progress; a granted poll yields to foreground
        jobs only (operator commands, the counter's recharges, rules)."""
        if not self._granted:
            return not self._jobs.empty()
        with self._jobs.mutex:
            heap = self._jobs.queue
            return bool(heap) and heap[0].priority < self.background

    def _poll_turn(self) -> bool:
        """After ``burst`` background jobs in a row, the next due routine poll goes before
        the next background job (the one a job interrupted first): a batch never starves
        the live values, and still gets most of the wire."""
        if self._streak < self.burst or not self._background_next():
            return False
        self._streak = 0
        handle = self._resume
        self._resume = None
        if handle is None:
            key = self._next_key()
            if key is None:
                return False
            handle = self.handles[key]
            if handle.last_poll + self.min_interval > time.monotonic():
                self._held = key  # not due: the batch keeps the slot, the meter its turn
                return False
        self._granted = True
        try:
            self._poll(handle, preemptible=True)
        finally:
            self._granted = False
        return True

    def _wait(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _take_job(self) -> bool:
        try:
            job = self._jobs.get_nowait()
        except queue.Empty:
            return False
        with self._lock:
            self._queued.discard(job.command_id)
        if job.priority >= self.background:
            self._streak += 1
        handle = self.handles.get(job.meter_id)
        if handle is None:
            self._job_done(job, False)
            return True
        ok = False
        try:
            cause = self._run_job(job, handle.driver)
            ok = True
            self.scheduler.report(job.meter_id, True)
            if cause is not None:
                handle.force_full = True
                self._poll(handle, cause)
        except LinkError as exc:
            self._link_down(exc, handle)
        except DriverError as exc:
            log.info("command %d on meter %s: %s", job.command_id, handle.info.address, exc)
            self._miss(handle, exc)
        finally:
            self._job_done(job, ok)
        return True

    def _poll(
        self, handle: _Handle, cause: Cause | None = None, *, preemptible: bool = False
    ) -> PollResult | None:
        at = self.config.clock()
        mono = time.monotonic()
        handle.last_poll = mono
        slot = self.config.slot(at)
        full = (
            handle.force_full
            or cause is not None
            or mono - handle.last_full >= self._energy_period(handle)
            or handle.full_slot != slot
            or not handle.live
        )
        self._preemptible = preemptible
        try:
            if full:
                snapshot = handle.driver.read()
            else:
                values = handle.driver.read_quantities(handle.live)
                snapshot = build_snapshot(handle.driver.profile, handle.info.address, values)
        except _Preempted:
            self._resume = handle  # polled again, whole, right after the command
            return None
        except LinkError as exc:
            return self._link_down(exc, handle)
        except UnsupportedByProfile as exc:
            log.error("meter %s: %s", handle.info.address, exc)
            handle.live = []
            return None
        except DriverError as exc:
            return self._miss(handle, exc)
        finally:
            self._preemptible = False
        self.polls += 1
        if not self.link_up:
            self._link_back()
        was_online = self.is_online(handle.info.meter_id)
        self.scheduler.report(handle.info.meter_id, True)
        if full:
            handle.last_full, handle.full_slot, handle.force_full = mono, slot, False
            took = time.monotonic() - mono
            self.full_cost = took if not self.full_cost else 0.8 * self.full_cost + 0.2 * took
        elif not was_online:  # back after an outage: the next poll reads everything
            handle.force_full = True
        result = PollResult(handle.info.meter_id, at, snapshot, full, cause=cause)
        self._submit(result)
        return result

    def _energy_period(self, handle: _Handle) -> float:
        """The plan's energy period, stretched so that full snapshots take at most half
        of the wire: a 32-meter DL/T 645 bus at 2400 baud needs 2.6 s per full snapshot,
        83 s for all, so a 60 s period made every poll a full one and the live values
        (power) of a meter moved once a minute and a half instead of every 21 s."""
        return max(handle.plan.energy_period, FULL_SHARE * len(self.handles) * self.full_cost)

    def _miss(self, handle: _Handle, exc: Exception, *, counted: bool = True) -> PollResult:
        key = handle.info.meter_id
        if counted:  # one failed transaction, one count
            self.errors.count(exc)
        self.scheduler.report(key, False)
        health = self.scheduler.health[key]
        handle.force_full = True
        result = PollResult(
            key,
            self.config.clock(),
            None,
            error=str(exc)[:200] or type(exc).__name__,
            online=health.online,
            misses=health.misses,
            error_data=error_data(exc),
        )
        self._submit(result)
        return result

    def _link_down(self, exc: LinkError, handle: _Handle) -> PollResult:
        """The port failed: no meter of this bus can answer, so each one counts a miss (the
        bus is offline after ``miss_limit`` link errors, not after that many sweeps of
        0.5 s waits), and the first answer after it brings every meter back."""
        if self.link_up:
            log.warning("link %s down: %s", self.info.name, exc)
            self._submit(LinkStatus(self.info.link_id, False, str(exc)[:200]))
        self.link_up = False
        self.scheduler.mark_silent()
        for other in self.handles.values():
            if other is not handle and self.is_online(other.info.meter_id):
                self._miss(other, exc, counted=False)
        result = self._miss(handle, exc)
        self._halt.wait(0.5)  # the link reopens itself with back-off on the next call
        return result

    def _link_back(self) -> None:
        log.info("link %s back", self.info.name)
        self.link_up = True
        self.scheduler.wake_offline()  # probe every offline meter now, not in 30 s
        self._submit(LinkStatus(self.info.link_id, True))


def _site_now(clock: Callable[[], datetime], zone: ZoneInfo) -> datetime:
    """The park's wall time, naive: a meter's clock is set to it (executor's clock sync)."""
    return naive_local(clock(), zone)


def _bus_link(info: LinkInfo, meters: list[MeterInfo]) -> Link:
    """The bus's link, timed by the first meter whose profile loads.

    A broken profile file (a typo in a user's model) must cost only its own meters, never
    the bus or the whole collector: those meters are logged and left out, the others run.
    """
    line = {
        "baudrate": info.baud,
        "parity": info.parity,
        "stopbits": info.stopbits,
        "timeout": info.timeout_s,
    }
    for m in meters:
        try:
            return link_for(info.url, m.profile, **line)
        except ProfileError as exc:
            log.error(
                "meter %s on %s: profile %s unusable: %s", m.address, info.name, m.profile, exc
            )
    return Link(
        info.url, SerialSettings(info.baud, info.parity, info.stopbits, timeout=info.timeout_s)
    )
