"""The load rules (负控复位): a forbidden load cuts, the cut is given back after a delay a
limited number of times per period, then only the dorm manager restores it (Qt-free).

``LoadRules.handle(detections)`` is called by the collector's load feed (off the bus
threads) with what the detector (or the meter itself) found; ``restore_due(now)`` by the
same feed every few seconds. Both take Detections only (``app.loadcontrol.signals``), never
the detector's internals.

Where load control sits in the order of precedence (docs/collector.md):

1. Guaranteed supply (保电, the meter's flag or ``guarantee_buildings``) wins: no load cut;
   a ``load.held`` event says it was held.
2. A load cut is not an arrears cut: its ``relay_control`` reason is ``load`` (rule
   ``load:<event id>``), so a recharge never restores it, a timetable's "on" never does.
3. A load restore gives back only its own cut: if the meter is off for another reason (the
   relay rules, a timetable, an operator, the meter itself) nothing is switched on. When the
   restore is due and the account is in arrears the cut becomes the arrears cut (reason
   ``arrears``: a recharge restores it); when a timetable's off window is open it becomes the
   timetable's (its "on" restores it).
4. An operator's relay switch without a reason is not the manager's restore: the room keeps
   "needs the manager" until ``restore_room`` with a reason (permission ``load.restore``).

Restart-proof and exactly once: the due time is ``load_room.restore_due_at`` in the
database, and each cut is given back under ``load_restore``'s unique ``event_id``; a second
desk's insert fails and its transaction (command, audit, event) rolls back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..collector.config import load_rules, utc_clock
from ..db import Database
from ..models import (
    Account,
    BillingMode,
    LoadEvent,
    LoadLearning,
    LoadRestore,
    LoadRoom,
    Meter,
    MeterState,
    RelayControl,
    RelayState,
    Room,
)
from ..security import Actor, audit
from ..timecontrol.execute import held_off, keep_cut
from .actions import (
    LEVELS,
    MANUAL_PRIORITY,
    REASON,
    RELAY_PRIORITY,
    active_relay,
    measured,
    relay_command,
    room_event,
    rule_of,
    send_messages,
)
from .library import describe
from .signals import Detection, Verdict
from .store import LoadConfig, add_whitelist, config_for

log = logging.getLogger(__name__)


@dataclass
class Done:
    """What one call did: relay commands queued (the caller wakes the dispatcher) and the
    room events written (the GUI's change batch)."""

    commands: list[int] = field(default_factory=list)
    events: list[int] = field(default_factory=list)
    load_events: list[int] = field(default_factory=list)
    learned: list[int] = field(default_factory=list)  # whitelist entries learned


@dataclass
class LoadRules:
    db: Database
    actor: Actor
    zone: ZoneInfo
    clock: Callable[[], datetime] = utc_clock

    def now(self) -> datetime:
        return self.clock()

    # --- detections --------------------------------------------------------------------

    def handle(self, detections: Sequence[Detection]) -> Done:
        """Act on detections (one write transaction). Only a FORBIDDEN verdict or a
        meter-side event cuts; a WHITELISTED one is recorded (why it was not cut); the rest
        is left alone, unless the room is learning."""
        done = Done()
        if not detections:
            return done
        with self.db.write() as s:
            for d in detections:
                self._one(s, d, done)
        return done

    def _one(self, s: Session, d: Detection, done: Done) -> None:
        meter = s.get(Meter, d.meter_id)
        if meter is None or meter.room_id is None or meter.removed_at is not None:
            return
        cfg = config_for(s, meter.building_id, meter.room_id)
        if cfg is None or not cfg.enabled:
            return
        now = self.now()
        if self._learned(s, d, meter, now, done):
            return
        forbidden = d.verdict is Verdict.FORBIDDEN or d.source == "meter"
        if not forbidden and d.verdict is not Verdict.WHITELISTED:
            return
        ev = _load_event(d, meter, "none" if not forbidden else "")
        s.add(ev)
        s.flush()
        done.load_events.append(ev.id)
        if forbidden:
            self._forbidden(s, now, ev, meter, cfg, done)

    def _learned(self, s: Session, d: Detection, meter: Meter, now: datetime, done: Done) -> bool:
        """Learning mode: the room's next step up becomes a whitelist entry, not a cut."""
        assert meter.room_id is not None
        learning = s.get(LoadLearning, meter.room_id)
        if learning is None:
            return False
        if learning.until < now:
            s.delete(learning)  # timed out: the room is judged again
            return False
        step = d.step
        if d.source != "platform" or step is None or step.delta_w <= 0:
            return False
        signature = {
            "delta_w": step.delta_w,
            "power_factor": step.power_factor,
            "before_w": step.before_w,
            "after_w": step.after_w,
            "appliance": d.appliance,
        }
        assert meter.building_id is not None
        entry = add_whitelist(
            s,
            self.actor,
            meter.building_id,
            meter.room_id,
            learning.name,
            signature,
            "learning",
            now,
        )
        ev = _load_event(d, meter, "learned")
        ev.appliance = learning.name
        s.add(ev)
        s.flush()
        event = room_event(
            s,
            now,
            "load.learned",
            meter.id,
            meter.room_id,
            f"learned appliance {learning.name}: {step.delta_w:.0f} W",
            measured(ev) | {"whitelist_id": entry.id, "name": learning.name},
        )
        s.delete(learning)
        done.learned.append(entry.id)
        done.load_events.append(ev.id)
        done.events.append(event.id)
        return True

    def _forbidden(
        self, s: Session, now: datetime, ev: LoadEvent, meter: Meter, cfg: LoadConfig, done: Done
    ) -> None:
        state = s.get(MeterState, meter.id)
        control = s.get(RelayControl, meter.id)
        rules = load_rules(s)
        room = s.get(Room, meter.room_id)
        assert room is not None
        guard = None
        if state is not None and state.guaranteed:
            guard = "guarantee.meter"
        elif meter.building_id in rules.guarantee_buildings:
            guard = "guarantee.building"
        pending = active_relay(s, meter.id)
        if guard is not None:
            ev.action = "held"
        elif "cut" not in cfg.actions:
            ev.action = "alarm"
        elif pending is not None and (pending.payload or {}).get("action") == "cut":
            ours = (pending.payload or {}).get("reason") == REASON  # a cut on its way
            ev.action = "already_cut" if ours else "already_off"
        elif not _flowing(ev) and state is not None and state.relay is RelayState.OPEN:
            ours = control is not None and control.cut_reason == REASON
            ev.action = "already_cut" if ours else "already_off"  # arrears, timetable ...
        else:
            ev.action = "cut"
            ev.command_id = relay_command(s, now, meter.id, "cut", ev.id, RELAY_PRIORITY)
            done.commands.append(ev.command_id)
        restore = self._after_cut(s, now, ev, meter, cfg, done) if ev.action == "cut" else ""
        facts = measured(ev) | ({"rule": guard} if guard else {})
        level = LEVELS.get(ev.action, 1) if "alarm" in cfg.actions or ev.action == "cut" else 1
        event = room_event(
            s,
            now,
            f"load.{ev.action}",
            meter.id,
            meter.room_id,
            f"load {ev.verdict} ({describe(ev.appliance, ev.meter_event, 'en')}, "
            f"{ev.delta_w or 0:.0f} W): "
            f"{ev.action}",
            facts,
            level,
        )
        done.events.append(event.id)
        audit.record(
            s,
            self.actor,
            f"load.{ev.action}",
            f"meter:{meter.id}",
            after={"load_event_id": ev.id, "command_id": ev.command_id},
            extra={"appliance": ev.appliance, "source": ev.source, "rule": guard or ""},
            now=now,
        )
        if "message" in cfg.actions and ev.action in ("cut", "alarm"):
            send_messages(s, ev, room, room.account_id, restore, event.id)
        log.info("load: %s meter %d (%s)", ev.action, meter.id, ev.appliance or ev.meter_event)

    def _after_cut(
        self, s: Session, now: datetime, ev: LoadEvent, meter: Meter, cfg: LoadConfig, done: Done
    ) -> str:
        """The room's state after a cut: the automatic restore due, or "needs the manager"
        when the period's restores are used up. Returns the restore time for the messages
        (park-local "HH:MM", or a dash: the manager's)."""
        assert meter.room_id is not None
        row = _room_state(s, meter.room_id, meter.id, now, self.zone)
        row.cut_event_id, row.cut_since, row.updated_at = ev.id, now, now
        if row.needs_manager or row.restores >= cfg.restore_limit:
            self._needs_manager(s, now, row, cfg, done)
            return "\u2014"  # the dorm manager restores it
        row.restore_due_at = now + timedelta(seconds=cfg.restore_delay_s)
        return f"{row.restore_due_at.astimezone(self.zone):%H:%M}"

    def _needs_manager(
        self, s: Session, now: datetime, row: LoadRoom, cfg: LoadConfig, done: Done
    ) -> None:
        row.restore_due_at = None
        if row.needs_manager:
            return
        row.needs_manager = True
        event = room_event(
            s,
            now,
            "load.needs_manager",
            row.meter_id,
            row.room_id,
            f"{row.restores} automatic restores used ({cfg.restore_limit} per "
            f"{cfg.restore_period}): the dorm manager restores the room",
            {
                "restores": row.restores,
                "limit": cfg.restore_limit,
                "load_event_id": row.cut_event_id,
            },
            LEVELS["needs_manager"],
        )
        done.events.append(event.id)
        audit.record(
            s,
            self.actor,
            "load.needs_manager",
            f"room:{row.room_id}",
            after={"restores": row.restores, "limit": cfg.restore_limit},
            now=now,
        )

    # --- restores ----------------------------------------------------------------------

    def restore_due(self, now: datetime | None = None) -> Done:
        """Give back the load cuts whose delay has passed (each room in its own write
        transaction; another desk's restore of the same cut wins, this one rolls back)."""
        moment = now or self.now()
        done = Done()
        with self.db.read() as s:
            due = list(
                s.scalars(
                    select(LoadRoom.room_id).where(
                        LoadRoom.restore_due_at.is_not(None), LoadRoom.restore_due_at <= moment
                    )
                )
            )
        for room_id in due:
            mine = Done()  # kept only if its transaction commits
            try:
                with self.db.write() as s:
                    self._auto(s, moment, room_id, mine)
            except IntegrityError:
                log.info("load restore of room %d: done by another desk", room_id)
                continue
            done.commands += mine.commands
            done.events += mine.events
        return done

    def _auto(self, s: Session, now: datetime, room_id: int, done: Done) -> None:
        row = s.get(LoadRoom, room_id)
        if row is None or row.restore_due_at is None or row.restore_due_at > now:
            return  # another desk was first
        room = s.get(Room, room_id)
        meter = s.get(Meter, row.meter_id) if row.meter_id is not None else None
        building = meter.building_id if meter is not None else None
        cfg = config_for(s, building, room_id) or LoadConfig()
        _roll(row, now, self.zone)
        if room is None or meter is None or row.cut_event_id is None:
            row.restore_due_at = None
            return
        if row.restores >= cfg.restore_limit:
            self._needs_manager(s, now, row, cfg, done)
            return
        outcome = give_back(s, self.actor, now, row, meter, "auto", "", self.zone, done)
        if outcome == "queued":
            row.restores += 1


def give_back(
    s: Session,
    actor: Actor,
    now: datetime,
    row: LoadRoom,
    meter: Meter,
    kind: str,
    reason: str,
    zone: ZoneInfo,
    done: Done,
) -> str:
    """Give the room's load cut back, under the order of precedence; returns the outcome
    (``queued``, ``kept_arrears``, ``kept_timetable``, ``not_ours``, ``waiting``)."""
    event_id = row.cut_event_id
    assert event_id is not None
    control = s.get(RelayControl, meter.id)
    pending = active_relay(s, meter.id)
    ours = (
        control is not None and control.cut_reason == REASON and control.rule == rule_of(event_id)
    )
    if (
        not ours
        and pending is not None
        and (pending.payload or {}).get("rule") == rule_of(event_id)
    ):
        return "waiting"  # the cut is still on its way to the meter
    command_id = None
    if not ours:
        outcome = "not_ours"  # given back by hand, or the cut never landed
    elif (arrears := _arrears(s, meter)) is not None:
        assert control is not None
        control.cut_reason, control.rule, control.updated_at = "arrears", "cutoff_line", now
        outcome = "kept_arrears"
    elif (plan := held_off(s, now, zone).get(meter.id)) is not None:
        keep_cut(s, actor, now, meter.id, plan, zone)
        outcome = "kept_timetable"
    else:
        prio = MANUAL_PRIORITY if kind == "manual" else RELAY_PRIORITY
        command_id = relay_command(s, now, meter.id, "close", event_id, prio)
        done.commands.append(command_id)
        outcome = "queued"
    s.add(
        LoadRestore(
            event_id=event_id,
            room_id=row.room_id,
            kind=kind,
            outcome=outcome,
            command_id=command_id,
            by=actor.login[:60],
            reason=reason[:200],
            at=now,
        )
    )
    s.flush()  # the unique event_id decides here between desks
    row.cut_event_id = row.cut_since = row.restore_due_at = None
    if kind == "manual":
        row.needs_manager = False
    row.updated_at = now
    facts = {
        "kind": kind,
        "outcome": outcome,
        "command_id": command_id,
        "load_event_id": event_id,
        "reason": reason,
    }
    if outcome == "kept_arrears":
        facts["balance_fen"] = arrears
    event = room_event(
        s,
        now,
        "load.restore",
        meter.id,
        row.room_id,
        f"load cut {event_id}: {kind} restore ({outcome})" + (f": {reason}" if reason else ""),
        facts,
    )
    done.events.append(event.id)
    audit.record(
        s,
        actor,
        "load.auto_restore" if kind == "auto" else "load.restore",
        f"room:{row.room_id}",
        after=facts,
        now=now,
    )
    log.info("load: %s restore of room %d: %s", kind, row.room_id, outcome)
    return outcome


def _arrears(s: Session, meter: Meter) -> int | None:
    """The balance (fen) when the room is at its cut-off line: a platform-side account's
    balance, or for a meter-side account the meter's own balance as the collector last
    read it (that meter keeps its relay open by itself anyway: a close would not land)."""
    if meter.room_id is None:
        return None
    room = s.get(Room, meter.room_id)
    account = s.get(Account, room.account_id) if room and room.account_id else None
    if account is None:
        return None
    line = load_rules(s).cutoff_fen - account.overdraft_fen
    if meter.billing_mode is BillingMode.PLATFORM:
        balance: int | None = account.balance_fen
    else:
        state = s.get(MeterState, meter.id)
        balance = state.balance_fen if state is not None else None
    return balance if balance is not None and balance <= line else None


def _room_state(s: Session, room_id: int, meter_id: int, now: datetime, zone: ZoneInfo) -> LoadRoom:
    row = s.get(LoadRoom, room_id)
    if row is None:
        row = LoadRoom(room_id=room_id, meter_id=meter_id, restores=0, needs_manager=False)
        s.add(row)
    row.meter_id = meter_id
    _roll(row, now, zone)
    return row


def _roll(row: LoadRoom, now: datetime, zone: ZoneInfo) -> None:
    """A new period (park-local day): the automatic restores start from 0 again."""
    today = now.astimezone(zone).date()
    if row.period_start != today:
        row.period_start, row.restores = today, 0


def _flowing(ev: LoadEvent) -> bool:
    """A step up measured now means the supply is on, whatever the stored relay state says
    (the writer may not have stored the poll that showed the restore yet)."""
    return ev.after_w is not None and ev.after_w > 0 and (ev.delta_w or 0) > 0


def _load_event(d: Detection, meter: Meter, action: str) -> LoadEvent:
    step = d.step
    return LoadEvent(
        meter_id=meter.id,
        room_id=meter.room_id,
        at=d.at,
        source=d.source[:8],
        verdict=str(d.verdict)[:12],
        appliance=(d.appliance or "")[:60],
        meter_event=(d.event or "")[:20],
        confidence=float(d.confidence),
        delta_w=step.delta_w if step else None,
        power_factor=step.power_factor if step else None,
        before_w=step.before_w if step else None,
        after_w=step.after_w if step else None,
        action=action,
    )
