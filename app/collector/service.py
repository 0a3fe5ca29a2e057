"""The collector as one object: start, stop, restart, wake; its dispatcher thread.

``Collector(db).start()`` reads the enabled links and their installed meters, starts the
writer, one bus worker per link and the dispatcher, which every ``command_poll`` seconds (or
at once after ``wake()``) hands pending commands to the worker that owns the meter (never
for a meter that is offline: those wait until it answers), expires commands that outlived
their ``expires_at`` without being sent, and runs the relay rules. ``stop()`` joins every
thread it started (the GUI calls it on close; tests check that no thread leaks).

A bus worker that dies of an unexpected error is never left dead: the dispatcher records
why (a ``bus.crashed`` event, level 2, and the link's status "bus worker stopped: <why>;
restarting in N s"), and starts a new worker for the same link and meters after a back-off
that doubles with each crash in a row (``restart_initial`` .. ``restart_max``). Commands the
dead worker had queued are in ``meter_command`` and are handed to the new one.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..batch.actions import BATCH_PRIORITY
from ..batch.engine import tick as batch_tick
from ..billing.runs import run_due
from ..db import Database
from ..errors import log_failure
from ..loadcontrol.feed import LoadFeed, start_feed
from ..loadcontrol.store import controlled_meters
from ..models import CommandStatus, Event, Link, Meter, MeterCommand
from ..notify.sender import NotifyService
from ..security import Actor, audit, system_actor
from ..timecontrol.execute import DueCheck
from .automation import Automation
from .config import CollectorConfig
from .executor import ACTIVE, CommandExecutor
from .fence import fenced, unfenced
from .hub import ChangeBatch, ChangeHub
from .lease import Lease
from .reconcile import reconcile
from .simbus import Resume, SimBuses, is_sim, load_resume
from .vacancy import vacant_meters
from .wakeup import open_watch
from .worker import BusWorker, Job, LinkInfo, MeterInfo, PollResult
from .writer import StateWriter

log = logging.getLogger(__name__)
BATCH_DEPTH = 4  # batch commands handed to one bus at a time (app.batch.engine.WINDOW is more)


def restart_delay(crashes: int, initial: float, cap: float) -> float:
    """Seconds before restarting a worker after its ``crashes``-th crash in a row."""
    return min(initial * 2 ** max(crashes - 1, 0), cap)


@dataclass
class BusProblem:
    """A bus worker that died: why, when, and when it is (or was) started again."""

    link_id: int
    link: str
    reason: str
    crashes: int  # in a row (reset once a worker has run longer than ``restart_max``)
    delay: float  # seconds from the crash to the restart
    restart_at: float  # monotonic
    restarted: bool = False

    def restart_in(self, now: float | None = None) -> float:
        return max(0.0, self.restart_at - (time.monotonic() if now is None else now))


class Collector:
    """Owns the buses of this workstation. Thread-safe ``wake()``; start/stop from one thread."""

    def __init__(
        self,
        db: Database,
        config: CollectorConfig | None = None,
        hub: ChangeHub | None = None,
        actor: Actor | None = None,
        lease: Lease | None = None,
    ) -> None:
        # held by the caller (app.collector.standby): fences every frame and every write.
        # Everything this collector runs writes through ``self.db``, fenced by the lease
        # (app.collector.fence): expiry, relay rules, batches, timetables, load control,
        # billing runs, message senders. The writer and the executor check it themselves.
        self.lease = lease
        self.db = fenced(db, lease.check if lease is not None else None)
        self.config = config or CollectorConfig()
        self.hub = hub or ChangeHub()
        self.actor = actor or system_actor(name="collector")
        self.workers: dict[int, BusWorker] = {}
        self.writer: StateWriter | None = None
        self.sims = SimBuses(
            self.config.zone,
            self.config.sim_rate,
            self.config.sim_wire_time,
            self.config.sim_transport,
        )
        self._owner: dict[int, BusWorker] = {}
        self._in_flight: set[int] = set()
        # link id -> its batch commands handed to the bus (at most BATCH_DEPTH): enough
        # queued that the bus runs them back to back, few enough that a pause or a cancel
        # stops a batch within a few commands
        self._batch_busy: dict[int, set[int]] = {}
        self._flight_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._dispatcher: threading.Thread | None = None
        self._automation: Automation | None = None
        self.load_feed: LoadFeed | None = None  # dormitory load control (app.loadcontrol)
        self._timetables: DueCheck | None = None
        self._executor: CommandExecutor | None = None
        self._buses: dict[int, tuple[LinkInfo, list[MeterInfo]]] = {}
        self.problems: dict[int, BusProblem] = {}  # link id -> its worker's last crash
        self.messages: NotifyService | None = None
        self.dispatched = 0

    # --- lifecycle -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._dispatcher is not None

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        buses = self._load()
        meter_ids = [m.meter_id for _, meters in buses for m in meters]
        self.writer = StateWriter(
            unfenced(self.db),
            self.config,
            self.hub,
            meter_ids,
            after_billing=self.wake,
            actor=self.actor,
        )
        self._executor = CommandExecutor(
            unfenced(self.db), self.config, self._notify_commands, self.actor
        )
        self._executor.background = BATCH_PRIORITY
        if self.lease is not None:
            self.writer.fence = self._executor.fence = self.lease.check
        for link, meters in buses:
            self._buses[link.link_id] = (link, meters)
            self._install(self._new_worker(link.link_id))
        self._automation = Automation(self.db, self.config, self.actor, set(self._owner))
        self.load_feed = start_feed(self.db, self.config, self.actor, set(self._owner), self.wake)
        self._timetables = DueCheck(self.db, self.actor, self.config.zone, set(self._owner))
        self.writer.start()
        gate = threading.Event()
        pace = self._pace()
        for worker in self.workers.values():
            worker.start_gate = gate
            worker.min_interval = pace
            worker.start()
        gate.set()
        self._dispatcher = threading.Thread(
            target=self._dispatch_loop, name="collector dispatcher", daemon=True
        )
        self._dispatcher.start()
        self.messages = NotifyService(self.db, self.config.clock)  # the senders (app.notify):
        self.messages.start()  # none when Settings → Messages configures no channel
        log.info("collector started: %d buses, %d meters", len(self.workers), len(self._owner))

    def stop(self, timeout: float = 10.0) -> None:
        if not self.running:
            return
        self._stop.set()
        self._wake.set()
        assert self._dispatcher is not None
        self._dispatcher.join(timeout)
        if self.messages is not None:
            self.messages.stop(timeout)
            self.messages = None
        for worker in self.workers.values():
            worker.stop()
        for worker in self.workers.values():
            worker.join(timeout)
            if worker.is_alive():
                log.error("bus worker %s did not stop", worker.name)
        if self.load_feed is not None:
            self.load_feed.stop()
            self.load_feed.join(timeout)
            self.load_feed = None
        if self.writer is not None:
            self.writer.stop()
            self.writer.join(timeout)
        self.sims.stop()
        self.workers.clear()
        self._buses.clear()
        self.problems.clear()
        self._owner.clear()
        self._in_flight.clear()
        self._batch_busy.clear()
        self._dispatcher = None
        self.writer = None
        log.info("collector stopped")

    def restart(self) -> None:
        """Stop and start again, re-reading links and meters (after the site changed)."""
        self.stop()
        self.start()

    def __enter__(self) -> Collector:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def wake(self) -> None:
        """Look at the command table now (call after queuing a command in this process)."""
        self._wake.set()

    def stats(self) -> dict[str, Any]:
        writer = self.writer
        return {
            "buses": len(self.workers),
            "meters": len(self._owner),
            "polls": sum(w.polls for w in self.workers.values()),
            "offline": sum(len(w.scheduler.offline()) for w in self.workers.values()),
            "batches": writer.batches if writer else 0,
            "write_seconds": writer.write_seconds if writer else 0.0,
            "dispatched": self.dispatched,
        }

    def online(self, meter_id: int) -> bool:
        worker = self._owner.get(meter_id)
        return worker is not None and worker.is_online(meter_id)

    # --- bus workers ----------------------------------------------------------------------

    def _pace(self) -> float:
        """Seconds between two polls of one meter: the budget spread over the park."""
        budget = self.config.poll_budget
        share = len(self._owner) / budget if budget > 0 else 0.0
        return max(self.config.min_poll_interval, share)

    def _new_worker(self, link_id: int) -> BusWorker:
        assert self.writer is not None and self._executor is not None
        link, meters = self._buses[link_id]
        worker = BusWorker(
            link, meters, self.config, self._sink, self._executor.run, self._job_done
        )
        worker.on_exit = self._worker_exited
        if self.lease is not None:
            worker.gate = self.lease.valid
        worker.min_interval = self._pace()
        worker.background = BATCH_PRIORITY  # a batch's commands yield to polls now and then
        return worker

    def _sink(self, message: object) -> None:
        """A worker's message: to the writer, and a poll of a load-controlled meter also to
        the load feed (a set lookup on the bus thread; the detector runs on the feed's)."""
        feed = self.load_feed
        if feed is not None and isinstance(message, PollResult):
            feed.offer(message)
        if self.writer is not None:
            self.writer.submit(message)

    def _install(self, worker: BusWorker) -> None:
        self.workers[worker.info.link_id] = worker
        for meter_id in worker.handles:
            self._owner[meter_id] = worker

    def _worker_exited(self, worker: BusWorker) -> None:
        """Called on the dying worker's thread: the dispatcher looks at it at once."""
        if worker.failure:
            self._wake.set()

    def _supervise(self) -> None:
        """Record each crashed worker once, and restart it when its back-off is over."""
        now = time.monotonic()
        for link_id, worker in list(self.workers.items()):
            if self._stop.is_set():
                return
            if not worker.crashed:
                continue
            problem = self.problems.get(link_id)
            if problem is None or problem.restarted:
                self._crashed(worker, problem, now)
            elif now >= self.problems[link_id].restart_at:
                self._restart(worker, self.problems[link_id])

    def _crashed(self, worker: BusWorker, before: BusProblem | None, now: float) -> None:
        cfg = self.config
        in_a_row = before is not None and now - worker.started_at < cfg.restart_max
        crashes = before.crashes + 1 if before is not None and in_a_row else 1
        delay = restart_delay(crashes, cfg.restart_initial, cfg.restart_max)
        problem = BusProblem(
            worker.info.link_id, worker.info.name, worker.failure, crashes, delay, now + delay
        )
        self.problems[worker.info.link_id] = problem
        for job in worker.take_jobs():  # durable in meter_command: dispatched again later
            self._forget(job.command_id)
        log.error(
            "bus worker %s stopped (%s); restarting in %g s",
            worker.info.name,
            worker.failure,
            delay,
        )
        event_id = None
        try:
            with self.db.write() as s:
                event = Event(
                    ts=self.config.clock(),
                    kind="bus.crashed",
                    level=2,
                    message=f"{worker.info.name}: {worker.stopped_text(delay)}"[:500],
                    data={
                        "link_id": worker.info.link_id,
                        "link": worker.info.name,
                        "reason": worker.failure,
                        "restart_s": delay,
                        "crashes": crashes,
                        **worker.failure_data,
                    },
                )
                s.add(event)
                s.flush()
                event_id = event.id
        except Exception:  # the restart matters more than its event row
            log.exception("could not record the crash of bus worker %s", worker.info.name)
        self.hub.publish(
            ChangeBatch(
                links={worker.info.link_id: "down: " + worker.stopped_text(delay)},
                events=(event_id,) if event_id is not None else (),
            )
        )

    def _restart(self, dead: BusWorker, problem: BusProblem) -> None:
        try:
            worker = self._new_worker(dead.info.link_id)
        except Exception as exc:  # counted as one more crash: the back-off grows
            log.exception("bus worker %s cannot be rebuilt", dead.info.name)
            dead.failure = f"{type(exc).__name__}: {exc}"[:200]
            problem.restarted = True
            return
        worker.adopt(dead)
        for job in dead.take_jobs():
            self._forget(job.command_id)
        self._install(worker)
        problem.restarted = True
        worker.start()
        log.info("bus worker %s restarted (crash %d in a row)", dead.info.name, problem.crashes)
        self.hub.publish(
            ChangeBatch(links={dead.info.link_id: f"down: restarted after: {problem.reason}"})
        )

    # --- loading ---------------------------------------------------------------------------

    def _load(self) -> list[tuple[LinkInfo, list[MeterInfo]]]:
        buses: list[tuple[LinkInfo, list[MeterInfo]]] = []
        with self.db.read() as s:
            links = s.scalars(select(Link).where(Link.enabled.is_(True)).order_by(Link.id)).all()
            resume: dict[int, Resume] | None = None
            vacant: frozenset[int] = frozenset()
            dorms: frozenset[int] = frozenset()
            for link in links:
                meters = [
                    MeterInfo(m.id, m.address, m.profile)
                    for m in s.scalars(
                        select(Meter)
                        .where(Meter.link_id == link.id, Meter.removed_at.is_(None))
                        .order_by(Meter.id)
                    )
                ]
                if not meters:
                    continue
                url = link.url
                if is_sim(url):
                    if not self.config.simulate:
                        log.warning("link %s is simulated (%s): skipped", link.name, url)
                        continue
                    if resume is None:  # simulated meters resume where the stored ones were
                        resume, vacant = load_resume(s), frozenset(vacant_meters(s))
                        dorms = frozenset(controlled_meters(s))  # they play appliances
                    url = self.sims.path_for(
                        url,
                        link.baud,
                        meters,
                        seed=link.id,
                        resume=resume,
                        vacant=vacant,
                        dorms=dorms,
                    )
                buses.append(
                    (
                        LinkInfo(
                            link.id,
                            link.name,
                            url,
                            link.baud,
                            link.parity.value,
                            link.stopbits,
                            link.timeout_ms / 1000,
                        ),
                        meters,
                    )
                )
        return buses

    # --- dispatcher ------------------------------------------------------------------------

    def _dispatch_loop(self) -> None:
        next_rules = 0.0
        next_timetables = 0.0
        reconciled_on = None
        watch = open_watch(self.db, self.config.command_watch)
        self._wake.set()  # a first round at once: what was queued before the watch listened
        try:
            while not self._stop.is_set():
                watch.wait(self.config.command_poll, self._wake)
                self._wake.clear()
                if self._stop.is_set():
                    break
                try:
                    self._supervise()
                    self._dispatch()  # first: a queued command waits for nothing else
                    self._batches()
                    self._expire()
                    if time.monotonic() >= next_rules and self._automation is not None:
                        next_rules = time.monotonic() + self.config.automation_period
                        self._automation.sweep()
                        self._dispatch()  # what the rules just queued
                    if time.monotonic() >= next_timetables and self._timetables is not None:
                        # supply timetables (app.timecontrol): at start, then every minute
                        next_timetables = time.monotonic() + self.config.timetable_period
                        if self._timetables.run(self.config.clock()).commands:
                            self._dispatch()
                    today = self.config.clock().astimezone(self.config.zone).date()
                    if today != reconciled_on:  # once a day, and at start
                        reconciled_on = today
                        reconcile(self.db, now=self.config.clock(), timezone=self.config.timezone)
                        # billing runs due by now (month end passed, the PC was off): each
                        # posted once, the database's unique run row decides (app.billing.runs)
                        run_due(self.db, self.actor, self.config.clock(), self.config.timezone)
                except Exception as exc:  # noqa: BLE001 - logged in log_failure; keep dispatching
                    log_failure(log, "collector dispatcher step failed", exc, self.db.url)
        finally:
            watch.close()

    def _dispatch(self) -> None:
        with self.db.read() as s:
            rows = s.execute(
                select(
                    MeterCommand.id,
                    MeterCommand.meter_id,
                    MeterCommand.kind,
                    MeterCommand.priority,
                    MeterCommand.payload,
                )
                .where(MeterCommand.status.in_(ACTIVE))
                .order_by(MeterCommand.priority, MeterCommand.id)
            ).all()
        first_recharge: dict[int, tuple[int, int]] = {}
        for cid, meter_id, kind, _prio, payload in rows:
            if kind == "recharge":
                expected = int((payload or {}).get("expected_count", 0))
                best = first_recharge.get(meter_id)
                if best is None or expected < best[1]:
                    first_recharge[meter_id] = (cid, expected)
        for cid, meter_id, kind, prio, _payload in rows:
            if kind == "recharge" and first_recharge[meter_id][0] != cid:
                continue  # purchases reach a meter in count order
            worker = self._owner.get(meter_id)
            if worker is None or not worker.is_online(meter_id):
                continue
            link = worker.info.link_id
            with self._flight_lock:
                if cid in self._in_flight:
                    continue
                if prio >= BATCH_PRIORITY:  # a few batch commands per bus at a time
                    busy = self._batch_busy.setdefault(link, set())
                    if len(busy) >= BATCH_DEPTH:
                        continue
                    busy.add(cid)
                self._in_flight.add(cid)
            if worker.enqueue(Job(prio, cid, meter_id)):
                self.dispatched += 1
            else:
                self._forget(cid)

    def _batches(self) -> None:
        """Start due batches and turn their items into commands (``app.batch.engine``)."""
        done = batch_tick(
            self.db, self.config.clock(), workstation=self.actor.workstation, chunk=20
        )
        if done.queued_commands:
            self._dispatch()

    def _forget(self, command_id: int) -> None:
        with self._flight_lock:
            self._in_flight.discard(command_id)
            for busy in self._batch_busy.values():
                busy.discard(command_id)

    def _job_done(self, job: Job, ok: bool) -> None:
        try:
            if self._executor is not None:  # a batch command's outcome, deferred past its read-back
                self._executor.settle(job)
        finally:
            self._forget(job.command_id)
            self._wake.set()

    def _expire(self) -> None:
        """Pending (never sent) commands past their expiry: expired, with event and audit."""
        now = self.config.clock()
        with self.db.read() as s:
            due = s.scalars(
                select(MeterCommand.id).where(
                    MeterCommand.status == CommandStatus.PENDING,
                    MeterCommand.expires_at.is_not(None),
                    MeterCommand.expires_at <= now,
                )
            ).all()
        if not due:
            return
        events: list[int] = []
        with self.db.write() as s:
            for cid in due:
                cmd = s.get(MeterCommand, cid)
                if cmd is None or cmd.status is not CommandStatus.PENDING or cid in self._in_flight:
                    continue
                cmd.status, cmd.updated_at = CommandStatus.EXPIRED, now
                cmd.result = "expired: the meter did not answer in time; never sent"
                meter = s.get(Meter, cmd.meter_id)
                event = Event(
                    ts=now,
                    kind="command.expired",
                    level=2,
                    meter_id=cmd.meter_id,
                    room_id=meter.room_id if meter else None,
                    message=f"{cmd.kind} #{cmd.id}: {cmd.result}",
                    data={"command_id": cmd.id, "kind": cmd.kind, "outcome": "expired_unsent"},
                )
                s.add(event)
                audit.record(
                    s,
                    self.actor,
                    f"meter.{cmd.kind}.expired",
                    f"meter:{cmd.meter_id}",
                    before={"status": "pending"},
                    after={"status": "expired"},
                    extra={"command_id": cmd.id},
                    now=now,
                )
                s.flush()
                events.append(event.id)
        self.hub.publish(ChangeBatch(commands=frozenset(due), events=tuple(events)))

    def _notify_commands(self, commands: set[int], events: list[int]) -> None:
        self.hub.publish(ChangeBatch(commands=frozenset(commands), events=tuple(events)))
