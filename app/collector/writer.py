"""The one writer of poll results: batches state, readings, events and billing.

Bus workers hand over plain messages (``PollResult``, ``LinkStatus``); this thread takes
whatever arrived within ``batch_seconds`` and writes it in one transaction (Home Assistant's
recorder pattern): one ``meter_state`` update per changed meter (only changed columns),
interval readings on each new interval, the daily freeze after midnight, the events the
change means, platform-side charges for each new interval, and the change counter. Then it
tells the observers which meters changed. SQLite has one writer at a time; doing this in one
thread with one transaction per batch is what keeps 10,000 meters cheap.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ..db import Database
from ..errors import log_failure
from ..livechange import note_rooms
from ..models import (
    CollectorStatus,
    Event,
    Meter,
    MeterState,
    Reading,
    ReadingKind,
    RelayControl,
    RelayState,
    Room,
)
from ..notify.hooks import on_events as notify_events
from ..security import Actor, audit, default_workstation, system_actor
from .billing import Biller
from .config import CollectorConfig, Rules, load_rules
from .hub import ChangeBatch, ChangeHub
from .lease import LeaseLost
from .state import ENERGY_FIELDS, EventSpec, Known, MeterFacts, changed, detect, state_values
from .vacancy import VacancyWatch
from .worker import LinkStatus, PollResult

log = logging.getLogger(__name__)
BACKLOG_WAIT = 2.0  # a worker waits at most this long for the writer to catch up
VACANCY_PERIOD = 5.0  # seconds between two reads of the vacant rooms
STATE_COLUMNS = [c.key for c in MeterState.__table__.columns if c.key != "meter_id"]
# the meter_state columns a room's live summary (app.livedata.room_live) is made of: a poll
# that changes none of them (only last_seen, volts, amps) is not filed for other desks
ROOM_COLUMNS = frozenset({"balance_fen", "relay", "guaranteed", "energy_total", "power_w"})


class StateWriter(threading.Thread):
    """Consumes worker messages; one write transaction per batch."""

    def __init__(
        self,
        db: Database,
        config: CollectorConfig,
        hub: ChangeHub,
        meter_ids: list[int],
        after_billing: Callable[[], None] = lambda: None,
        actor: Actor | None = None,
    ) -> None:
        super().__init__(name="collector writer", daemon=True)
        self.db, self.config, self.hub = db, config, hub
        self.actor = actor or system_actor(name="collector")
        self.after_billing = after_billing
        self.inbox: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._room = threading.Condition()
        self._halt = threading.Event()
        self.facts: dict[int, MeterFacts] = {}
        self.known: dict[int, Known] = {}
        self.rules = Rules()
        self.vacancy = VacancyWatch()
        self._last_vacancy = time.monotonic()
        self.batches = 0
        self.write_seconds = 0.0
        self.last_batch_size = 0
        self._last_heartbeat = 0.0
        self._last_checkpoint = 0.0
        # the lease check (app.collector.lease.Lease.check), set by a leased collector
        self.fence: Callable[[Session], None] | None = None
        self._load(meter_ids)

    def submit(self, message: object) -> None:
        """Hand a message over; a bus worker's poll result waits while the writer is far
        behind (``writer_backlog`` messages), so an overloaded park slows its polling to
        what can be stored instead of growing the inbox without bound and starving this
        thread of the interpreter (a 10,000-room park saturates two cores). Other messages
        (link status, commands' outcomes) never wait."""
        backlog = self.config.writer_backlog
        if (
            isinstance(message, PollResult)
            and self.inbox.qsize() >= backlog
            and not self._halt.is_set()
        ):
            with self._room:
                self._room.wait_for(
                    lambda: self.inbox.qsize() < backlog // 2 or self._halt.is_set(),
                    timeout=BACKLOG_WAIT,
                )
        self.inbox.put(message)

    def _made_room(self) -> None:
        with self._room:
            self._room.notify_all()

    def stop(self) -> None:
        self._halt.set()
        self._made_room()
        self.inbox.put(None)

    # --- start-up ---------------------------------------------------------------------------

    def _load(self, meter_ids: list[int]) -> None:
        wanted = set(meter_ids)
        with self.db.read() as s:
            self.rules = load_rules(s)
            self.vacancy.reload(s, start=True)
            rows = s.execute(
                select(Meter, Room.power_limit_w).outerjoin(Room, Room.id == Meter.room_id)
            ).all()
            for meter, limit in rows:
                if meter.id in wanted:
                    self.facts[meter.id] = MeterFacts(
                        meter.id,
                        meter.room_id,
                        meter.building_id,
                        meter.billing_mode,
                        meter.role.value == "tenant",
                        limit,
                    )
                    self.known[meter.id] = Known()
            for st in s.scalars(select(MeterState)):
                k = self.known.get(st.meter_id)
                if k is None:
                    continue
                k.exists, k.seen, k.online, k.relay = (
                    True,
                    st.last_seen is not None,
                    st.online,
                    st.relay,
                )
                k.values = {c: getattr(st, c) for c in STATE_COLUMNS}
                if st.balance_fen is not None:
                    k.level = self.rules.level(st.balance_fen)
            for kind, attr in ((ReadingKind.INTERVAL, "slot"), (ReadingKind.DAILY, "day")):
                for meter_id, ts in s.execute(
                    select(Reading.meter_id, func.max(Reading.ts))
                    .where(Reading.kind == kind)
                    .group_by(Reading.meter_id)
                ):
                    k = self.known.get(meter_id)
                    if k is not None and ts is not None:
                        setattr(k, attr, ts if attr == "slot" else self.config.day(ts))

    # --- loop -------------------------------------------------------------------------------

    def run(self) -> None:
        while True:
            items = self._collect()
            if items is None:
                break
            self._made_room()
            self._store(items)
            self._checkpoint()
            self._reload_vacancy()
        log.debug("writer stopped")

    def _store(self, items: list[object]) -> None:
        try:
            self._write(items)
        except LeaseLost as exc:  # another desk runs the buses: nothing of ours is stored
            log.warning("writer batch of %d messages dropped: %s", len(items), exc)
        except Exception as exc:  # noqa: BLE001 - logged; the next polls bring fresh values
            log_failure(log, f"writer batch of {len(items)} messages failed", exc, self.db.url)

    def _reload_vacancy(self) -> None:
        """Vacant rooms again every ``VACANCY_PERIOD`` s, in a read of its own between two
        batches (not inside a write transaction a cashier's recharge may wait behind)."""
        now = time.monotonic()
        if now - self._last_vacancy < VACANCY_PERIOD:
            return
        self._last_vacancy = now
        try:
            with self.db.read() as s:
                self.vacancy.reload(s)
        except Exception:  # the last picture stays; the next period tries again
            log.exception("reading the vacant rooms failed")

    def _checkpoint(self) -> None:
        """A passive WAL checkpoint every ``checkpoint_period`` seconds, here between two
        batches rather than inside some cashier's commit (``Database.checkpoint``)."""
        now = time.monotonic()
        if now - self._last_checkpoint < self.config.checkpoint_period:
            return
        self._last_checkpoint = now
        try:
            self.db.checkpoint()
        except Exception:  # the automatic checkpoint still runs; only the timing is lost
            log.exception("WAL checkpoint failed")

    def _collect(self) -> list[object] | None:
        """Wait for the first message, then take what arrives within ``batch_seconds``."""
        try:
            first = self.inbox.get(timeout=self.config.heartbeat_period)
        except queue.Empty:
            return [] if not self._halt.is_set() else None
        if first is None:
            if not self._halt.is_set():
                return self._drain([])
            self._final()
            return None
        items = [first]
        deadline = time.monotonic() + self.config.batch_seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            try:
                item = self.inbox.get(timeout=left)
            except queue.Empty:
                break
            if item is None:
                self._store(items)
                self._final()
                return None
            items.append(item)
        return items

    def _drain(self, items: list[object]) -> list[object]:
        while True:
            try:
                item = self.inbox.get_nowait()
            except queue.Empty:
                return items
            if item is not None:
                items.append(item)

    def _final(self) -> None:
        rest = self._drain([])
        if rest:
            self._store(rest)

    # --- one batch --------------------------------------------------------------------------

    def _write(self, items: list[object]) -> None:
        """Write ``items`` in as many transactions as the time budget asks for.

        A transaction takes about ``batch_budget`` seconds of work at most (plus its
        commit): the writers' lock is fair, so a cashier's recharge queued meanwhile goes
        between two parts instead of waiting behind a whole backlog (a batch of fresh
        full snapshots took 100-200 ms and pushed the recharge commit p99 past 50 ms)."""
        rest = items
        while True:
            done = self._write_part(rest)
            rest = rest[done:]
            if not rest:
                return

    def _write_part(self, items: list[object]) -> int:
        """One transaction over the first items of ``items``; how many it took."""
        started = time.perf_counter()
        batch = _Batch()
        taken = 0
        with self.db.write() as s:
            if self.fence is not None:  # a holder that lost the lease writes nothing
                self.fence(s)
            opened = time.perf_counter()
            if self.batches % 20 == 0:
                self.rules = load_rules(s)
            biller = Biller(s, self.actor, self.rules)
            for item in items:
                if taken and time.perf_counter() - opened > self.config.batch_budget:
                    break
                taken += 1
                if isinstance(item, PollResult) and item.meter_id in self.facts:
                    self._result(s, item, batch, biller)
                elif isinstance(item, LinkStatus):
                    batch.links[item.link_id] = "up" if item.up else f"down: {item.error}"
            self._flush(s, batch)
            note_rooms(s, (self.facts[m].room_id for m in batch.shown), collector=True)
            if biller.charged:
                audit.record(
                    s,
                    self.actor,
                    "billing.charge",
                    "meters",
                    extra={
                        "charges": biller.charged,
                        "total_fen": biller.total_fen,
                        "rule": "platform_billing",
                    },
                )
            self._heartbeat(s, bool(batch.changed or batch.events))
            s.flush()
            if batch.event_rows:  # messages in the events' transaction (app.notify.hooks)
                notify_events(s, batch.event_rows)
            event_ids = tuple(e.id for e in batch.event_rows)
        self.batches += 1
        self.last_batch_size = taken
        self.write_seconds += time.perf_counter() - started
        self.hub.publish(
            ChangeBatch(
                meters=frozenset(batch.changed),
                events=event_ids,
                online=frozenset(batch.online),
                offline=frozenset(batch.offline),
                links=batch.links,
            )
        )
        if biller.charged:
            self.after_billing()
        return taken

    def _result(self, s: Session, r: PollResult, batch: _Batch, biller: Biller) -> None:
        k, facts = self.known[r.meter_id], self.facts[r.meter_id]
        if r.snapshot is None:
            values: dict[str, Any] = {"misses": r.misses, "last_error": r.error[:200]}
            if not k.values.get("misses") or not k.seen:  # "not read yet" / offline may show
                batch.shown.add(r.meter_id)
            if not r.online and not k.offline_told and (k.online or not k.seen):
                values["online"] = False
                batch.offline.add(r.meter_id)
                batch.shown.add(r.meter_id)
                text = r.error if k.seen else f"never answered: {r.error}"
                data = {
                    "misses": r.misses,
                    "error": r.error[:200],
                    "never": not k.seen,
                    **r.error_data,
                }
                batch.event(r.meter_id, facts, r.at, EventSpec("meter.offline", 2, text, data))
                k.online, k.offline_told = False, True
            batch.update(r.meter_id, values, k, r.at)
            return
        new = state_values(r.snapshot, self.config.zone)
        by = r.cause.by if r.cause is not None and r.cause.kind == "relay" else None
        rule = r.cause.rule if r.cause is not None else ""
        for spec in detect(k, new, r.snapshot, facts, self.rules, r.at, by, rule):
            batch.event(r.meter_id, facts, r.at, spec)
            if spec.kind == "relay.changed" and by is None:
                self._self_trip(s, r.meter_id, new.get("relay"), r.at)
        vacant = self.vacancy.check(r.meter_id, new.get("power_w"))
        if vacant is not None:  # a vacant room draws power (app.collector.vacancy)
            batch.event(r.meter_id, facts, r.at, vacant)
        if not k.online:
            batch.online.add(r.meter_id)
        fresh = changed(k, new)
        if not k.online or not k.seen or ROOM_COLUMNS.intersection(fresh):
            batch.shown.add(r.meter_id)
        k.online, k.seen, k.offline_told = True, True, False
        if "relay" in new:
            k.relay = new["relay"]
        values = {
            **fresh,
            "online": True,
            "misses": 0,
            "last_error": "",
            "last_seen": r.at,
        }
        batch.update(r.meter_id, values, k, r.at)
        if r.full and new.get("energy_total") is not None:
            self._readings(s, r, new, k, facts, batch, biller)

    def _readings(
        self,
        s: Session,
        r: PollResult,
        new: dict[str, Any],
        k: Known,
        facts: MeterFacts,
        batch: _Batch,
        biller: Biller,
    ) -> None:
        slot = self.config.slot(r.at)
        energy = {f: new.get(f) for f in ENERGY_FIELDS}
        if k.slot is None or slot > k.slot:
            batch.readings.append(
                {
                    "meter_id": r.meter_id,
                    "kind": ReadingKind.INTERVAL,
                    "ts": slot,
                    "balance_fen": new.get("balance_fen"),
                    **energy,
                }
            )
            k.slot = slot
            if facts.billing_mode.value == "platform" and facts.is_tenant:
                bands = {b: new.get(f"energy_{b}") for b in ("sharp", "peak", "flat", "valley")}
                outcome = biller.bill(
                    r.meter_id,
                    facts.room_id,
                    r.at,
                    new["energy_total"],
                    bands if None not in bands.values() else None,
                    slot,
                )
                for spec in outcome.events:
                    batch.event(r.meter_id, facts, r.at, spec)
        day = self.config.day(r.at)
        if k.day is None or day > k.day:
            if k.day is not None:
                batch.readings.append(
                    {
                        "meter_id": r.meter_id,
                        "kind": ReadingKind.DAILY,
                        "ts": self.config.midnight(day),
                        "balance_fen": new.get("balance_fen"),
                        **energy,
                    }
                )
            k.day = day

    def _self_trip(self, s: Session, meter_id: int, relay: Any, at: datetime) -> None:
        """The meter switched by itself (meter-side trip, local button): remember why."""
        row = s.get(RelayControl, meter_id)
        if row is None:
            row = RelayControl(meter_id=meter_id)
            s.add(row)
        if relay is RelayState.OPEN:
            row.cut_reason, row.rule, row.cut_by, row.cut_at = "meter", "", "meter", at
        elif relay is RelayState.CLOSED:
            row.cut_reason, row.cut_at = None, None
        row.updated_at = at

    def _flush(self, s: Session, batch: _Batch) -> None:
        for rows in _grouped(batch.inserts).values():
            s.execute(insert(MeterState), rows)
        for rows in _grouped(batch.updates).values():
            s.execute(update(MeterState), rows)
        if batch.readings:
            s.execute(_insert_ignore(s, Reading), batch.readings)
        s.add_all(batch.event_rows)

    def _heartbeat(self, s: Session, changed_any: bool) -> None:
        now = time.monotonic()
        if not changed_any and now - self._last_heartbeat < self.config.heartbeat_period:
            return
        row = s.get(CollectorStatus, 1)
        if row is None:
            row = CollectorStatus(id=1, change_seq=0)
            s.add(row)
        if changed_any:
            row.change_seq = (row.change_seq or 0) + 1
        row.heartbeat_at = self.config.clock()
        row.workstation = default_workstation()[:60]
        row.pid = os.getpid()
        self._last_heartbeat = now


def _grouped(rows: dict[int, dict[str, Any]]) -> dict[tuple[str, ...], list[dict[str, Any]]]:
    """Rows with the same columns together: one executemany per shape."""
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for meter_id, values in rows.items():
        values = {k: v for k, v in values.items() if k != "meter_id"}
        groups.setdefault(tuple(sorted(values)), []).append({"meter_id": meter_id, **values})
    return groups


def _insert_ignore(s: Session, table: type) -> Any:
    """INSERT that skips rows already there (a restart re-reading the same interval)."""
    name = s.get_bind().dialect.name
    if name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(table).on_conflict_do_nothing()
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(table).on_conflict_do_nothing()
    return insert(table)


class _Batch:
    """What one batch will write."""

    def __init__(self) -> None:
        self.inserts: dict[int, dict[str, Any]] = {}
        self.updates: dict[int, dict[str, Any]] = {}
        self.readings: list[dict[str, Any]] = []
        self.event_rows: list[Event] = []
        self.changed: set[int] = set()
        self.online: set[int] = set()
        self.offline: set[int] = set()
        self.shown: set[int] = set()  # meters whose room looks different now
        self.links: dict[int, str] = {}

    @property
    def events(self) -> bool:
        return bool(self.event_rows)

    def update(self, meter_id: int, values: dict[str, Any], k: Known, at: datetime) -> None:
        values = {**values, "updated_at": at}
        k.values.update(values)
        self.changed.add(meter_id)
        if not k.exists:
            k.exists = True
            self.inserts[meter_id] = {"meter_id": meter_id, **values}
        elif meter_id in self.inserts:
            self.inserts[meter_id].update(values)
        else:
            self.updates.setdefault(meter_id, {}).update(values)

    def event(self, meter_id: int, facts: MeterFacts, at: datetime, spec: EventSpec) -> None:
        self.event_rows.append(
            Event(
                ts=at,
                kind=spec.kind,
                level=spec.level,
                meter_id=meter_id,
                room_id=facts.room_id,
                message=spec.message[:500],
                data=spec.data or None,
            )
        )
