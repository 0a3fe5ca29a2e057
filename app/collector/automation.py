"""Relay automation for platform-side billing: cut at the cut-off line, restore after a
recharge, never against guaranteed supply or a no-cut window, never undoing a manual cut.

A sweep reads every installed platform-side tenant meter with its account balance, its
latest state (the relay as the *meter* last said it) and why it was cut, and queues relay
commands through the same table operators use, each with its audit row (``relay.auto_cut``
/ ``relay.auto_restore`` with the rule) in the same transaction. Meter-side meters trip by
themselves; the writer records those trips. A suppressed cut is an event once per meter and
reason, not once per sweep.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..models import (
    Account,
    BillingMode,
    CommandStatus,
    Event,
    Meter,
    MeterCommand,
    MeterRole,
    MeterState,
    RelayControl,
    RelayState,
    Room,
)
from ..security import Actor, audit
from ..timecontrol.execute import held_off, keep_cut
from .config import CollectorConfig, Rules, load_rules

log = logging.getLogger(__name__)
RELAY_PRIORITY = 2
RELAY_LIFETIME = timedelta(minutes=10)  # a late automatic cut is worse than none


@dataclass(frozen=True)
class _Decision:
    meter_id: int
    room_id: int | None
    action: str  # cut | close | suppressed
    rule: str
    balance: int
    line: int


@dataclass
class Automation:
    db: Database
    config: CollectorConfig
    actor: Actor
    meter_ids: set[int]
    suppressed: dict[int, str] = field(default_factory=dict)

    def sweep(self) -> list[int]:
        """Queue what the rules ask for now; returns the new command ids.

        Decides in a read transaction (the common case: nothing to do, no write lock taken),
        then writes the decisions with a fresh look at the meter's active relay commands.
        """
        now = self.config.clock()
        local = now.astimezone(self.config.zone)
        with self.db.read() as s:
            rules = load_rules(s)
            busy = self._busy(s)
            rows = s.execute(
                select(
                    Meter.id, Meter.building_id, Meter.room_id, Account, MeterState, RelayControl
                )
                .join(Room, Room.id == Meter.room_id)
                .join(Account, Account.id == Room.account_id)
                .join(MeterState, MeterState.meter_id == Meter.id)
                .outerjoin(RelayControl, RelayControl.meter_id == Meter.id)
                .where(
                    Meter.removed_at.is_(None),
                    Meter.billing_mode == BillingMode.PLATFORM,
                    Meter.role == MeterRole.TENANT,
                    MeterState.online.is_(True),
                )
            ).all()
            decisions = [
                d
                for meter_id, building_id, room_id, account, state, control in rows
                if meter_id in self.meter_ids and meter_id not in busy
                for d in [
                    self._decide(
                        rules, local, meter_id, building_id, room_id, account, state, control
                    )
                ]
                if d is not None
            ]
            held = self._held(s, now, decisions)
        if not decisions:
            return []
        made: list[int] = []
        with self.db.write() as s:
            busy = self._busy(s)
            for d in decisions:
                if d.action == "suppressed":
                    s.add(
                        Event(
                            ts=now,
                            kind="relay.cut_suppressed",
                            level=2,
                            meter_id=d.meter_id,
                            room_id=d.room_id,
                            message=f"balance {d.balance / 100:.2f} yuan is at the "
                            f"cut-off line; no cut because of {d.rule}",
                            data={"rule": d.rule, "balance_fen": d.balance},
                        )
                    )
                elif d.meter_id in held:  # paid during lights-out (app.timecontrol)
                    keep_cut(s, self.actor, now, d.meter_id, held[d.meter_id], self.config.zone)
                elif d.meter_id not in busy:
                    made.append(self._queue(s, now, d))
        return made

    def _held(self, s: Session, now: datetime, decisions: list[_Decision]) -> dict[int, Any]:
        """Restores a supply timetable holds back: its off window is open for the meter, so
        the cut becomes the timetable's and its "on" restores it (docs/collector.md)."""
        if not any(d.action == "close" for d in decisions):
            return {}
        held = held_off(s, now, self.config.zone)
        return {
            d.meter_id: held[d.meter_id]
            for d in decisions
            if d.action == "close" and d.meter_id in held
        }

    @staticmethod
    def _busy(s: Session) -> set[int]:
        return set(
            s.scalars(
                select(MeterCommand.meter_id).where(
                    MeterCommand.kind == "relay",
                    MeterCommand.status.in_((CommandStatus.PENDING, CommandStatus.SENT)),
                )
            )
        )

    def _decide(
        self,
        rules: Rules,
        local: datetime,
        meter_id: int,
        building_id: int | None,
        room_id: int | None,
        account: Account,
        state: MeterState,
        control: RelayControl | None,
    ) -> _Decision | None:
        balance, overdraft = account.balance_fen, account.overdraft_fen
        line = rules.cutoff_fen - overdraft
        if state.relay is RelayState.CLOSED and balance <= line and rules.auto_cut:
            blocked = None
            if state.guaranteed:
                blocked = "guarantee.meter"
            elif building_id is not None and building_id in rules.guarantee_buildings:
                blocked = "guarantee.building"
            else:
                blocked = rules.no_cut_now(local)
            if blocked is not None:
                if self.suppressed.get(meter_id) == blocked:
                    return None
                self.suppressed[meter_id] = blocked
                return _Decision(meter_id, room_id, "suppressed", blocked, balance, line)
            self.suppressed.pop(meter_id, None)
            return _Decision(meter_id, room_id, "cut", "cutoff_line", balance, line)
        self.suppressed.pop(meter_id, None)
        restore_line = rules.restore_fen - overdraft
        if (
            state.relay is RelayState.OPEN
            and control is not None
            and control.cut_reason == "arrears"
            and balance > restore_line
            and rules.auto_restore
        ):
            return _Decision(
                meter_id, room_id, "close", "restore_after_recharge", balance, restore_line
            )
        return None

    def _queue(self, s: Session, now: datetime, d: _Decision) -> int:
        meter_id, action, rule, balance, line = d.meter_id, d.action, d.rule, d.balance, d.line
        cmd = MeterCommand(
            meter_id=meter_id,
            kind="relay",
            priority=RELAY_PRIORITY,
            payload={
                "action": action,
                "reason": "arrears",
                "rule": rule,
                "balance_fen": balance,
                "line_fen": line,
            },
            created_at=now,
            updated_at=now,
            expires_at=now + RELAY_LIFETIME,
        )
        s.add(cmd)
        s.flush()
        audit.record(
            s,
            self.actor,
            f"relay.auto_{'cut' if action == 'cut' else 'restore'}",
            f"meter:{meter_id}",
            after={"action": action, "command_id": cmd.id},
            extra={"rule": rule, "balance_fen": balance, "line_fen": line},
            now=now,
        )
        log.info("rule %s: %s meter %d (balance %d fen)", rule, action, meter_id, balance)
        return cmd.id
