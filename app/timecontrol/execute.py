"""The due check: execute each timetable transition once per meter, catching up (Qt-free).

The collector calls ``DueCheck.run(now)`` at start and every minute
(``app.collector.service``); ``python -m app schedule due`` runs one by hand. For each
timetable only its *latest* transition at or before ``now`` matters:

- an "off" (the window is open now) cuts each meter it governs that is still on; if the PC
  was off at 23:00 the cut happens at start, unless the window has closed meanwhile (then
  the latest transition is the "on" and nothing is cut);
- an "on" restores each meter the timetable itself cut (``relay_control``: reason
  ``timetable``, rule ``timetable:<id>``) and nothing else: never an arrears, manual or
  meter cut. A removed timetable gives its cuts back the same way.

The order of precedence (docs/collector.md):

1. Guaranteed supply (保电, on the meter or its building) wins: no timetable cut while it
   holds; the cut happens when it ends, if the window is still open (an event says so once).
2. A timetable cut is not an arrears cut: its reason is ``timetable``, so the relay rules'
   restore after a recharge (``app.collector.automation``, reason ``arrears`` only) never
   restores it, and a recharge during lights-out does not switch the lights on.
3. The no-cut rules (night window, weekends, holidays) hold back arrears cuts only; a
   timetable the office set on purpose cuts in them.
4. An operator's switch wins over the timetable until its next transition: a meter cut by
   hand (or for arrears) is left as it is ("already off"), one switched on by hand during
   lights-out stays on.

Exactly once: each executed transition is a ``timetable_transition`` row whose unique key
is (timetable, meter, instant, off|on), inserted in the same transaction as its relay
command, audit row and event; a second workstation's insert fails and its transaction rolls
back. A transition waits (is retried the next minute) while the meter is offline, has a
relay command in flight, or is under guaranteed supply. Its relay command lives until the
window closes (the plan's next transition): a meter that stops answering after the command
was queued gets it when it answers again inside the window, and never after.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..collector.config import Rules, load_rules
from ..db import Database
from ..models import (
    CommandStatus,
    Event,
    Meter,
    MeterCommand,
    MeterState,
    RelayControl,
    RelayState,
    TimetableTransition,
)
from ..security import Actor, audit
from .plan import Plan, Transition, latest, transitions
from .store import load_plans, scope_meters

log = logging.getLogger(__name__)
REASON = "timetable"
RELAY_PRIORITY = 2  # as the relay rules' commands
LIFETIME = timedelta(minutes=10)  # only when the window has no end ahead (see _window_end)
LOOKBACK = timedelta(days=9)  # beyond plan.latest()'s eight days
CHUNK = 200  # transitions per write transaction


def rule_of(timetable_id: int) -> str:
    """The rule a timetable's cut carries in ``relay_control.rule`` and the command."""
    return f"{REASON}:{timetable_id}"


@dataclass(frozen=True)
class _Meter:
    online: bool
    relay: RelayState
    guaranteed: bool
    building_id: int | None
    room_id: int | None
    cut_reason: str | None
    cut_rule: str


@dataclass(frozen=True)
class _Step:
    plan: Plan
    transition: Transition
    meter_id: int
    outcome: str  # queued | already_off
    action: str | None  # cut | close | None (record only)
    room_id: int | None = None


@dataclass
class DueResult:
    commands: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    recorded: int = 0
    waiting: int = 0  # offline, busy or guaranteed: tried again next time


@dataclass
class DueCheck:
    """Run by one process (the collector, or the CLI once); ``meter_ids`` limits it to the
    meters this collector owns (None: all)."""

    db: Database
    actor: Actor
    zone: ZoneInfo
    meter_ids: set[int] | None = None
    suppressed: set[tuple[int, int, datetime]] = field(default_factory=set)
    _ends: dict[tuple[int, datetime | None, datetime, str], datetime] = field(
        default_factory=dict, repr=False
    )

    def run(self, now: datetime) -> DueResult:
        result = DueResult()
        with self.db.read() as s:
            steps, events = self._decide(s, now, result)
        for event in events:
            self._suppressed_event(now, *event, result)
        self._execute_all(now, steps, result)
        return result

    # --- deciding (read transaction) ----------------------------------------------------

    def _decide(
        self, s: Session, now: datetime, result: DueResult
    ) -> tuple[list[_Step], list[tuple[_Step, str]]]:
        plans = load_plans(s, with_removed_since=now - LOOKBACK)
        if not plans:
            return [], []
        due = [(p, t) for p in plans for t in [self._desired(p, now)] if t is not None]
        if not due:
            return [], []
        scopes = scope_meters(s, [p for p, _ in due], now.astimezone(self.zone).date())
        done, last = self._done(s, [p.id for p, _ in due], now)
        meters = self._meters(s)
        busy = _busy(s)
        rules = load_rules(s)
        steps: list[_Step] = []
        blocked: list[tuple[_Step, str]] = []
        for plan, desired in due:
            for meter_id, governed in self._candidates(plan, scopes[plan.id], meters, now):
                if self.meter_ids is not None and meter_id not in self.meter_ids:
                    continue
                m = meters.get(meter_id)
                if m is None:
                    continue
                wanted = desired if governed is not None else self._given_back(plan)
                tr = _effective(plan, wanted, meter_id, done, last, now, self.zone)
                if tr is None:
                    continue
                step = self._step(plan, tr, meter_id, m, bool(governed))
                if step is None:
                    continue
                step = replace(step, room_id=m.room_id)
                if not m.online or (step.action and meter_id in busy):
                    result.waiting += 1
                    continue
                guard = _guarantee(m, rules) if step.action == "cut" else None
                if guard is not None:
                    result.waiting += 1
                    if (plan.id, meter_id, tr.at) not in self.suppressed:
                        blocked.append((step, guard))
                    continue
                steps.append(step)
        return steps, self._first_holds(s, blocked)

    def _first_holds(self, s: Session, blocked: list[tuple[_Step, str]]) -> list[tuple[_Step, str]]:
        """The holds not told yet: one ``timetable.held`` event per timetable, meter and
        transition, across restarts (the events already written decide, not this process's
        memory: a collector restarted during 保电 used to tell it again)."""
        if not blocked:
            return []
        since = min(step.transition.at for step, _ in blocked)
        told = {
            (int((data or {}).get("timetable_id", 0)), meter_id, str((data or {}).get("due")))
            for meter_id, data in s.execute(
                select(Event.meter_id, Event.data).where(
                    Event.kind == "timetable.held",
                    Event.ts >= since,
                    Event.meter_id.in_({step.meter_id for step, _ in blocked}),
                )
            )
        }
        fresh: list[tuple[_Step, str]] = []
        for step, guard in blocked:
            self.suppressed.add((step.plan.id, step.meter_id, step.transition.at))
            due = step.transition.local.strftime("%Y-%m-%d %H:%M")
            if (step.plan.id, step.meter_id, due) not in told:
                fresh.append((step, guard))
        return fresh

    @staticmethod
    def _step(plan: Plan, tr: Transition, meter_id: int, m: _Meter, governed: bool) -> _Step | None:
        if tr.kind == "off":
            if not governed:
                return None
            if m.relay is RelayState.OPEN:  # cut already (arrears, by hand, the meter)
                return _Step(plan, tr, meter_id, "already_off", None)
            return _Step(plan, tr, meter_id, "queued", "cut")
        ours = m.cut_reason == REASON and m.cut_rule == rule_of(plan.id)
        if ours and m.relay is not RelayState.CLOSED:
            return _Step(plan, tr, meter_id, "queued", "close")
        return None  # nothing of ours to give back

    @staticmethod
    def _done(
        s: Session, plan_ids: list[int], now: datetime
    ) -> tuple[set[tuple[int, int, datetime, str]], dict[tuple[int, int], tuple[datetime, str]]]:
        """The executed keys, and per (timetable, meter) the last one executed (instant,
        kind): the last *executed*, not the latest instant (a give-back may carry the
        instant of a morning nobody executed, earlier than the night's "off")."""
        rows = s.execute(
            select(
                TimetableTransition.timetable_id,
                TimetableTransition.meter_id,
                TimetableTransition.at,
                TimetableTransition.kind,
            )
            .where(
                TimetableTransition.timetable_id.in_(plan_ids),
                TimetableTransition.at >= now - LOOKBACK,
            )
            .order_by(TimetableTransition.id)
        ).all()
        last = {(t, m): (at, k) for t, m, at, k in rows}  # the highest id wins
        return {(t, m, at, k) for t, m, at, k in rows}, last

    # --- after an edit (store.edit_timetable stamps changed_at) ---------------------------

    def _desired(self, plan: Plan, now: datetime) -> Transition | None:
        """The plan's latest transition; for an edited plan with none left (its term moved
        away, say), an "on" at the edit, so its cuts are given back."""
        found = latest(plan, now, self.zone)
        if found is None and _edited(plan, now):
            return self._given_back(plan)
        return found

    def _given_back(self, plan: Plan) -> Transition:
        assert plan.changed_at is not None
        local = plan.changed_at.astimezone(self.zone).replace(tzinfo=None)
        return Transition(plan.changed_at, "on", local.date(), False, local)

    @staticmethod
    def _candidates(
        plan: Plan, scope: dict[int, bool], meters: dict[int, _Meter], now: datetime
    ) -> list[tuple[int, bool | None]]:
        """The meters of the plan's scope (governed or not), and after an edit those it cut
        that left its scope (None: give back)."""
        found: list[tuple[int, bool | None]] = list(scope.items())
        if _edited(plan, now):
            rule = rule_of(plan.id)
            found += [
                (mid, None)
                for mid, m in meters.items()
                if mid not in scope and m.cut_reason == REASON and m.cut_rule == rule
            ]
        return found

    @staticmethod
    def _meters(s: Session) -> dict[int, _Meter]:
        rows = s.execute(
            select(
                Meter.id,
                Meter.building_id,
                Meter.room_id,
                MeterState.online,
                MeterState.relay,
                MeterState.guaranteed,
                RelayControl.cut_reason,
                RelayControl.rule,
            )
            .join(MeterState, MeterState.meter_id == Meter.id)
            .outerjoin(RelayControl, RelayControl.meter_id == Meter.id)
            .where(Meter.removed_at.is_(None))
        ).all()
        return {
            mid: _Meter(bool(online), relay, bool(guaranteed), bid, rid, reason, rule or "")
            for mid, bid, rid, online, relay, guaranteed, reason, rule in rows
        }

    # --- executing (one write transaction per meter and transition) -----------------------

    def _execute_all(self, now: datetime, steps: list[_Step], result: DueResult) -> None:
        """Up to ``CHUNK`` steps per write transaction (2,000 single commits took 23 s on
        SQLite). If another workstation executed one of them meanwhile, the unique key fails
        the chunk, which rolls back whole and is done again one step per transaction."""
        for first in range(0, len(steps), CHUNK):
            chunk = steps[first : first + CHUNK]
            done = DueResult()
            try:
                with self.db.write() as s:
                    seen = _executed_of(s, chunk)
                    busy = _busy(s)
                    for step in chunk:
                        self._apply(s, now, step, done, seen, busy)
            except IntegrityError:
                log.info("timetable due check: a chunk met another desk; one by one")
                for step in chunk:
                    self._execute(now, step, result)
                continue
            _merge(result, done)

    def _execute(self, now: datetime, step: _Step, result: DueResult) -> None:
        done = DueResult()
        try:
            with self.db.write() as s:
                self._apply(s, now, step, done, _executed_of(s, [step]), _busy(s, step.meter_id))
        except IntegrityError:
            log.info("timetable %d for meter %d: done elsewhere", step.plan.id, step.meter_id)
            return
        _merge(result, done)

    def _apply(
        self,
        s: Session,
        now: datetime,
        step: _Step,
        result: DueResult,
        seen: set[tuple[int, int, datetime, str]],
        busy: set[int],
    ) -> None:
        """One transition for one meter in ``s``: command, row, event, audit. ``seen`` and
        ``busy`` were read in this same write transaction."""
        plan, tr = step.plan, step.transition
        if (plan.id, step.meter_id, tr.at, tr.kind) in seen:
            return  # another workstation was first
        if step.action is not None and step.meter_id in busy:
            result.waiting += 1
            return
        command_id = self._command(s, now, step) if step.action else None
        facts = _facts(plan, tr, now, step.outcome, command_id)
        s.add(
            TimetableTransition(
                timetable_id=plan.id,
                meter_id=step.meter_id,
                at=tr.at,
                kind=tr.kind,
                outcome=step.outcome,
                command_id=command_id,
                executed_at=now,
                data=facts,
            )
        )
        event = self._event(s, now, step, facts)
        audit.record(
            s,
            self.actor,
            f"relay.timetable_{'cut' if tr.kind == 'off' else 'restore'}",
            f"meter:{step.meter_id}",
            after={"outcome": step.outcome, "command_id": command_id},
            extra={"timetable_id": plan.id, "at": tr.at.isoformat()},
            now=now,
        )
        s.flush()  # the unique key decides here between workstations
        result.recorded += 1
        result.events.append(event.id)
        if command_id is not None:
            result.commands.append(command_id)
        log.info("timetable %s: %s meter %d (%s)", plan.name, tr.kind, step.meter_id, step.outcome)

    def _command(self, s: Session, now: datetime, step: _Step) -> int:
        cmd = MeterCommand(
            meter_id=step.meter_id,
            kind="relay",
            priority=RELAY_PRIORITY,
            payload={
                "action": step.action,
                "reason": REASON,
                "rule": rule_of(step.plan.id),
                "timetable": step.plan.name,
                "at": step.transition.at.isoformat(),
            },
            created_at=now,
            updated_at=now,
            expires_at=self._window_end(step.plan, step.transition, now),
        )
        s.add(cmd)
        s.flush()
        return cmd.id

    def _window_end(self, plan: Plan, tr: Transition, now: datetime) -> datetime:
        """A timetable command lives while its transition still holds: until the plan's
        next transition (a cut until the morning's "on", a restore until the next "off").
        A meter offline at 23:00 that answers at 02:00 is cut then; one that answers after
        06:30 is not cut at all (the dispatcher expires the command unsent). Without a next
        transition (the term ended, the timetable was removed) the command lives ``LOOKBACK``
        (as long as the due check looks back)."""
        key = (plan.id, plan.changed_at, tr.at, tr.kind)
        end = self._ends.get(key)
        if end is None:  # once per timetable and transition, not per meter
            if len(self._ends) > 1000:  # a collector runs for months: forget old ones
                self._ends.clear()
            after = tr.at + timedelta(microseconds=1)
            later = transitions(plan, after, tr.at + LOOKBACK, self.zone)
            end = next((t.at for t in later if t.kind != tr.kind), tr.at + LOOKBACK)
            if plan.removed_at is not None and plan.removed_at > tr.at:
                end = min(end, plan.removed_at)
            self._ends[key] = end
        return end if end > now else now + LIFETIME

    def _event(self, s: Session, now: datetime, step: _Step, facts: dict[str, Any]) -> Event:
        event = Event(
            ts=now,
            kind="timetable.cut" if step.transition.kind == "off" else "timetable.restore",
            level=0,
            meter_id=step.meter_id,
            room_id=step.room_id,
            message=f"timetable {step.plan.name}: {step.transition.kind} due "
            f"{facts['due']} ({step.outcome})",
            data=facts,
        )
        s.add(event)
        return event

    def _suppressed_event(self, now: datetime, step: _Step, rule: str, result: DueResult) -> None:
        facts = _facts(step.plan, step.transition, now, "guaranteed", None) | {"rule": rule}
        with self.db.write() as s:
            room_id = s.scalar(select(Meter.room_id).where(Meter.id == step.meter_id))
            event = Event(
                ts=now,
                kind="timetable.held",
                level=0,
                meter_id=step.meter_id,
                room_id=room_id,
                message=f"timetable {step.plan.name}: no cut because of {rule}",
                data=facts,
            )
            s.add(event)
            s.flush()
            result.events.append(event.id)


def _facts(
    plan: Plan, tr: Transition, now: datetime, outcome: str, command_id: int | None
) -> dict[str, Any]:
    late = (now - tr.at).total_seconds()
    return {
        "timetable_id": plan.id,
        "timetable": plan.name,
        "transition": tr.kind,
        "due": tr.local.strftime("%Y-%m-%d %H:%M"),
        "holiday": tr.holiday,
        "late_s": int(late),
        "outcome": outcome,
        "command_id": command_id,
    }


def _edited(plan: Plan, now: datetime) -> bool:
    return plan.changed_at is not None and now - LOOKBACK < plan.changed_at <= now


def _effective(
    plan: Plan,
    tr: Transition,
    meter_id: int,
    done: set[tuple[int, int, datetime, str]],
    last: dict[tuple[int, int], tuple[datetime, str]],
    now: datetime,
    zone: ZoneInfo,
) -> Transition | None:
    """The transition to execute for one meter now, or None (docs/collector.md, "Editing a
    timetable"): ``tr`` unless executed already. After an edit the meter may be in the
    wrong state for the new plan although ``tr`` was executed (the edit closed the open
    window, or opened it again after an earlier edit had closed it): then ``tr``'s kind once
    more, keyed at the edit's instant (once per edit). An edit that only moved the start of
    a window already cut does not cut again (a room switched on by hand stays on)."""
    prev = last.get((plan.id, meter_id))  # the last executed for this meter
    if (plan.id, meter_id, tr.at, tr.kind) not in done:
        if tr.kind == "off" and prev is not None and prev[1] == "off" and tr.at <= prev[0] <= now:
            return None
        return tr
    edit = plan.changed_at
    if prev is None or prev[1] == tr.kind or edit is None:  # executed last: in step
        return None
    if not prev[0] < edit <= now or (plan.id, meter_id, edit, tr.kind) in done:
        return None
    local = edit.astimezone(zone).replace(tzinfo=None)
    return Transition(edit, tr.kind, tr.day, tr.holiday, local)


def _merge(into: DueResult, done: DueResult) -> None:
    into.commands += done.commands
    into.events += done.events
    into.recorded += done.recorded
    into.waiting += done.waiting


def _guarantee(m: _Meter, rules: Rules) -> str | None:
    if m.guaranteed:
        return "guarantee.meter"
    if m.building_id is not None and m.building_id in rules.guarantee_buildings:
        return "guarantee.building"
    return None


def _busy(s: Session, meter_id: int | None = None) -> set[int]:
    query = select(MeterCommand.meter_id).where(
        MeterCommand.kind == "relay",
        MeterCommand.status.in_((CommandStatus.PENDING, CommandStatus.SENT)),
    )
    if meter_id is not None:
        query = query.where(MeterCommand.meter_id == meter_id)
    return set(s.scalars(query))


def _executed_of(s: Session, steps: list[_Step]) -> set[tuple[int, int, datetime, str]]:
    """The keys of ``steps`` already in ``timetable_transition`` (one query)."""
    plan_ids = {st.plan.id for st in steps}
    meter_ids = {st.meter_id for st in steps}
    instants = {st.transition.at for st in steps}
    rows = s.execute(
        select(
            TimetableTransition.timetable_id,
            TimetableTransition.meter_id,
            TimetableTransition.at,
            TimetableTransition.kind,
        ).where(
            TimetableTransition.timetable_id.in_(plan_ids),
            TimetableTransition.meter_id.in_(meter_ids),
            TimetableTransition.at.in_(instants),
        )
    ).all()
    return {(t, m, at, k) for t, m, at, k in rows}


# --- the relay rules' side (app.collector.automation) -----------------------------------


def held_off(s: Session, now: datetime, zone: ZoneInfo) -> dict[int, Plan]:
    """Meter id -> the timetable whose off window is open now and governs the meter."""
    plans = load_plans(s)
    open_now = [p for p in plans if (t := latest(p, now, zone)) is not None and t.kind == "off"]
    if not open_now:
        return {}
    scopes = scope_meters(s, open_now, now.astimezone(zone).date())
    return {m: p for p in open_now for m, governed in scopes[p.id].items() if governed}


def keep_cut(
    s: Session, actor: Actor, now: datetime, meter_id: int, plan: Plan, zone: ZoneInfo
) -> int:
    """A recharge during lights-out: the arrears cut becomes the timetable's, so the relay
    rules do not switch the lights on at night and the timetable's "on" does in the morning.
    Called by the relay rules in their write transaction; returns the event id."""
    control = s.get(RelayControl, meter_id)
    if control is None:
        control = RelayControl(meter_id=meter_id)
        s.add(control)
    before = {"cut_reason": control.cut_reason, "rule": control.rule}
    control.cut_reason, control.rule, control.updated_at = REASON, rule_of(plan.id), now
    tr = latest(plan, now, zone)
    local = now.astimezone(zone).replace(tzinfo=None)
    tr = tr or Transition(now, "off", local.date(), False, local)
    facts = _facts(plan, tr, tr.at, "kept_off", None)
    room_id = s.scalar(select(Meter.room_id).where(Meter.id == meter_id))
    event = Event(
        ts=now,
        kind="timetable.cut",
        level=0,
        meter_id=meter_id,
        room_id=room_id,
        message=f"timetable {plan.name}: recharged during the off window; stays cut",
        data=facts,
    )
    s.add(event)
    audit.record(
        s,
        actor,
        "relay.timetable_keep",
        f"meter:{meter_id}",
        before=before,
        after={"cut_reason": REASON, "rule": rule_of(plan.id)},
        now=now,
    )
    s.flush()
    return event.id
