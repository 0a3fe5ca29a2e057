"""Running one meter command: mark it sent before any I/O, confirm by reading back.

Every rule here exists because of a crash or a lost reply:

- ``sent`` is committed *before* the frame goes out, so after a crash a ``sent`` command is
  known to be in doubt and a ``pending`` one is known never to have been sent.
- A recharge is decided by the meter's purchase count, read before anything is sent:
  ``expected`` -> it landed (confirm, send nothing); ``expected - 1`` -> it did not, send the
  *same* frame (same count) again; anything else -> stop and tell an operator. A new count is
  never invented. A pending command whose meter already shows ``expected`` was not sent by
  us: refused loudly (level 3) rather than confirmed.
- Relay commands are idempotent (the driver confirms by reading the status back), so they
  are simply sent again after doubt; a late one expires instead of cutting hours later.
- A meter that does not answer leaves the command as it is (``pending`` or ``sent``), with
  the error in ``result``; the dispatcher gives it again when the meter is back online.
Each outcome is committed with its event and its audit row in one transaction.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from drivers.errors import (
    DriverError,
    ExceptionReply,
    LinkError,
    RechargeRejected,
    RejectedByMeter,
    UnsupportedByProfile,
    error_data,
)
from drivers.meter import Meter as Driver
from drivers.meter import RelayCommand
from drivers.profiles import Value

from ..db import Database
from ..models import (
    CommandStatus,
    Event,
    Meter,
    MeterCommand,
    MeterState,
    Operator,
    RelayControl,
)
from ..money import format_yuan
from ..notify.hooks import on_events as notify_events
from ..security import Actor, audit, system_actor
from .commitgroup import CommitGroup
from .config import CollectorConfig, naive_local
from .worker import Cause, Job

log = logging.getLogger(__name__)
ACTIVE = (CommandStatus.PENDING, CommandStatus.SENT)
RELAY_ACTIONS = {c.value for c in RelayCommand}
# how a recharge was confirmed: the code in the event's facts, the English for the result
HOW_TEXT = {
    "reply": "reply ok",
    "readback_lost_reply": "read back after a lost reply",
    "readback_doubt": "read back after doubt",
    "repeat_count_ok": "repeat refused, count ok",
}


class CommandExecutor:
    """Runs jobs for the bus workers (called on the worker's thread)."""

    def __init__(
        self,
        db: Database,
        config: CollectorConfig,
        notify: Callable[[set[int], list[int]], None],
        actor: Actor | None = None,
    ) -> None:
        self.db = db
        self.config = config
        self.notify = notify
        self.actor = actor or system_actor(name="collector")
        # sent marks and outcomes of all buses share write transactions (app.collector.commitgroup)
        self.commits = CommitGroup(db)
        # jobs of this priority and above may defer their outcome's commit (set by the collector)
        self.background = 1 << 30
        self._pending: dict[int, Any] = {}  # command id -> its submitted outcome step
        self._deferrable: set[int] = set()  # commands whose kind may defer (not recharges)
        self._pending_lock = threading.Lock()
        # the lease check (app.collector.lease.Lease.check), set by a leased collector
        self.fence: Callable[[Session], None] | None = None

    # --- entry point ----------------------------------------------------------------------

    def run(self, job: Job, driver: Driver) -> Cause | None:
        with self.db.read() as s:
            cmd = s.get(MeterCommand, job.command_id)
            if cmd is None or cmd.status not in ACTIVE:
                return None
            kind, status, payload = cmd.kind, cmd.status, dict(cmd.payload or {})
            expires, by = cmd.expires_at, self._by(s, cmd)
        if kind != "recharge" and job.priority >= self.background:
            with self._pending_lock:
                self._deferrable.add(job.command_id)
        now = self.config.clock()
        expired = expires is not None and expires <= now
        try:
            if kind == "recharge":
                return self._recharge(job, driver, status, payload, expired, by)
            if expired:
                self._finish(
                    job,
                    CommandStatus.EXPIRED,
                    "expired before it could run",
                    2,
                    data={"outcome": "expired_before_run"},
                )
                return None
            if kind == "relay":
                return self._relay(job, driver, payload, by)
            if kind == "params":
                return self._params(job, driver, payload, by)
            if kind == "clock":
                return self._clock(job, driver, by)
        except LinkError:
            raise
        except RechargeRejected:
            raise
        except (UnsupportedByProfile, RejectedByMeter, ExceptionReply) as exc:
            if kind == "recharge":  # in doubt: the count decides on the next attempt
                self._waiting(job, exc)
                raise
            self._finish(
                job,
                CommandStatus.FAILED,
                f"refused: {exc}",
                2,
                data={"outcome": "refused", "error": str(exc)[:200], **error_data(exc)},
            )
            return None
        except DriverError as exc:
            self._waiting(job, exc)
            raise
        self._finish(
            job,
            CommandStatus.FAILED,
            f"unknown command kind {kind!r}",
            2,
            data={"outcome": "unknown_kind", "name": kind},
        )
        return None

    # --- kinds ----------------------------------------------------------------------------

    def _recharge(
        self,
        job: Job,
        driver: Driver,
        status: CommandStatus,
        payload: dict[str, Any],
        expired: bool,
        by: str,
    ) -> Cause | None:
        amount_fen = int(payload["amount_fen"])
        expected = int(payload["expected_count"])
        count = driver.purchase_count()
        if status is CommandStatus.PENDING and count >= expected:
            expected = self._renumber(job, count, expected, payload, own_only=True)
        elif (
            status is CommandStatus.PENDING
            and count < expected - 1
            and not self._earlier_recharge(job, expected)
        ):
            expected = self._renumber(job, count, expected, payload, own_only=False)
        if count == expected:
            if status is CommandStatus.SENT:
                self._recharge_done(job, amount_fen, expected, None, "readback_doubt")
                return Cause("recharge", by, command_id=job.command_id)
            self._finish(
                job,
                CommandStatus.FAILED,
                f"the meter's purchase count is already {count}: this recharge was never sent; "
                "check the meter and the account",
                3,
                data={"outcome": "count_ahead", "count": count},
            )
            return None
        if count != expected - 1:
            if count < expected - 1 and self._earlier_recharge(job, expected):
                return None  # the earlier purchase goes first; this one waits its turn
            self._finish(
                job,
                CommandStatus.FAILED,
                f"the meter's purchase count is {count}, expected {expected - 1}: "
                "not sent; an operator must reconcile",
                3,
                data={"outcome": "count_mismatch", "count": count, "expected": expected - 1},
            )
            return None
        if expired:
            self._finish(
                job,
                CommandStatus.EXPIRED,
                "expired; never reached the meter",
                2,
                data={"outcome": "expired_never_reached"},
            )
            return None
        if not self._mark_sent(job):
            return None  # cancelled at a desk meanwhile: never sent
        try:
            result = driver.recharge(Decimal(amount_fen) / 100, expected)
        except RechargeRejected as exc:
            if exc.reason == "repeat" and driver.purchase_count() == expected:
                self._recharge_done(job, amount_fen, expected, None, "repeat_count_ok")
                return Cause("recharge", by, command_id=job.command_id)
            self._finish(
                job,
                CommandStatus.FAILED,
                f"refused by the meter: {exc.reason}",
                3,
                data={"outcome": "meter_refused", "reason": exc.reason, **error_data(exc)},
            )
            return Cause("recharge", by, command_id=job.command_id)
        balance = None if result.balance is None else int(result.balance * 100)
        how = "readback_lost_reply" if result.confirmed_by_readback else "reply"
        self._recharge_done(job, amount_fen, expected, balance, how)
        return Cause("recharge", by, command_id=job.command_id)

    def _relay(self, job: Job, driver: Driver, payload: dict[str, Any], by: str) -> Cause | None:
        action = str(payload.get("action", ""))
        if action not in RELAY_ACTIONS:
            self._finish(
                job,
                CommandStatus.FAILED,
                f"unknown relay action {action!r}",
                2,
                data={"outcome": "unknown_action", "action": action},
            )
            return Cause("relay", by, command_id=job.command_id, action=action)
        rule = str(payload.get("rule", ""))
        if not self._mark_sent(job):
            return None  # cancelled at a desk meanwhile: never sent
        result = driver.set_relay(RelayCommand(action))
        if result.confirmed:
            self._finish(
                job,
                CommandStatus.CONFIRMED,
                f"{action}: relay {result.state.value} (read back)",
                0,
                data={"outcome": "relay_confirmed", "action": action, "state": result.state.value},
                relay=(action, str(payload.get("reason", "manual")), rule, by),
            )
        else:
            self._finish(
                job,
                CommandStatus.FAILED,
                f"{action}: the meter kept its relay {result.state.value}"
                + (" (guaranteed supply)" if result.guarantee else ""),
                2,
                data={
                    "outcome": "relay_kept",
                    "action": action,
                    "state": result.state.value,
                    "guarantee": bool(result.guarantee),
                },
            )
        return Cause("relay", by, rule=rule, command_id=job.command_id, action=action)

    def _params(self, job: Job, driver: Driver, payload: dict[str, Any], by: str) -> Cause | None:
        values: dict[str, Value] = {
            str(k): Decimal(str(v)) for k, v in (payload.get("values") or {}).items()
        }
        if not self._mark_sent(job):
            return None  # cancelled at a desk meanwhile: never sent
        back = driver.write_params(values)
        wrong = {k: str(back.get(k)) for k, v in values.items() if back.get(k) != v}
        if wrong:
            self._finish(
                job,
                CommandStatus.FAILED,
                f"read back differs: {wrong}"[:200],
                2,
                data={"outcome": "params_differ", "wrong": sorted(wrong)},
            )
        else:
            data = {"outcome": "params_written"}
            self._finish(job, CommandStatus.CONFIRMED, "written and read back", 0, data=data)
        return Cause("params", by, command_id=job.command_id)

    def _clock(self, job: Job, driver: Driver, by: str) -> Cause | None:
        if not self._mark_sent(job):
            return None  # cancelled at a desk meanwhile: never sent
        driver.sync_clock(naive_local(self.config.clock(), self.config.zone))
        snap = driver.read()
        now = naive_local(self.config.clock(), self.config.zone)
        if snap.clock is None:
            data = {"outcome": "clock_unreadable"}
            self._finish(job, CommandStatus.CONFIRMED, "sent (clock not readable)", 0, data=data)
        elif abs((snap.clock - now).total_seconds()) <= 60:
            clock = f"{snap.clock:%H:%M:%S}"
            data = {"outcome": "clock_ok", "clock": clock}
            self._finish(job, CommandStatus.CONFIRMED, f"meter clock {clock}", 0, data=data)
        else:
            data = {"outcome": "clock_still", "clock": f"{snap.clock:%Y-%m-%d %H:%M:%S}"}
            self._finish(job, CommandStatus.FAILED, f"meter clock still {snap.clock}", 2, data=data)
        return Cause("clock", by, command_id=job.command_id)

    # --- database steps -------------------------------------------------------------------

    def _by(self, s: Session, cmd: MeterCommand) -> str:
        if cmd.operator_id is not None:
            op = s.get(Operator, cmd.operator_id)
            if op is not None:
                return op.login
        payload = cmd.payload or {}
        if payload.get("rule"):
            return f"rule:{payload['rule']}"
        return str(payload.get("by") or "system")

    def _earlier_recharge(self, job: Job, expected: int) -> bool:
        with self.db.read() as s:
            rows = s.scalars(
                select(MeterCommand).where(
                    MeterCommand.meter_id == job.meter_id,
                    MeterCommand.kind == "recharge",
                    MeterCommand.status.in_(ACTIVE),
                    MeterCommand.id != job.command_id,
                )
            ).all()
        return any(int(r.payload.get("expected_count", 0)) < expected for r in rows)

    def _renumber(
        self, job: Job, count: int, expected: int, payload: dict[str, Any], *, own_only: bool
    ) -> int:
        """Give a never-sent purchase the count the meter expects next (``count + 1``).

        The ledger computes ``expected`` from ``meter_state`` and the queue, which can be off
        by the purchases in flight: too low when our own confirmed purchase took the count
        before the state caught up, too high when a purchase that landed was still ``sent``
        while a poll had already stored the new count. Renumbering is safe only because a
        pending command was never on the wire (the meter cannot hold it yet). Upwards, every
        skipped count must be one of *our* confirmed purchases (``own_only``): a count taken
        by anything else is left for an operator (the caller fails the command)."""
        with self.db.write() as s:
            taken = {
                int(c.payload.get("expected_count", 0))
                for c in s.scalars(
                    select(MeterCommand).where(
                        MeterCommand.meter_id == job.meter_id,
                        MeterCommand.kind == "recharge",
                        MeterCommand.status == CommandStatus.CONFIRMED,
                    )
                )
            }
            if own_only and not set(range(expected, count + 1)) <= taken:
                return expected
            cmd = s.get(MeterCommand, job.command_id)
            if cmd is None or cmd.status is not CommandStatus.PENDING:
                return expected
            cmd.payload = {**payload, "expected_count": count + 1, "renumbered_from": expected}
            audit.record(
                s,
                self.actor,
                "meter.recharge.renumbered",
                f"meter:{job.meter_id}",
                before={"expected_count": expected},
                after={"expected_count": count + 1},
                extra={"command_id": job.command_id, "meter_count": count},
            )
        log.info("recharge %d renumbered %d -> %d", job.command_id, expected, count + 1)
        return count + 1

    def _mark_sent(self, job: Job) -> bool:
        """SENT before the frame goes out; False when a desk cancelled the command since the
        job was read (row locked: a cancel either came first and is seen here, or waits
        and then sees SENT and refuses)."""
        now = self.config.clock()

        def step(s: Session) -> bool:
            if self.fence is not None:  # a holder that lost the lease sends nothing
                self.fence(s)
            cmd = s.get(MeterCommand, job.command_id, with_for_update=True)
            if cmd is None or cmd.status not in ACTIVE:
                return False
            cmd.status = CommandStatus.SENT
            cmd.attempts += 1
            cmd.updated_at = now
            return True

        if not self.commits.run(step):  # committed (with other buses' steps) before I/O
            return False
        self.notify({job.command_id}, [])
        return True

    def _waiting(self, job: Job, exc: Exception) -> None:
        """The meter did not answer: the command stays as it is, with the reason."""
        try:
            with self.db.write() as s:
                cmd = s.get(MeterCommand, job.command_id)
                if cmd is not None and cmd.status in ACTIVE:
                    cmd.result = f"waiting: {exc}"[:200]
                    cmd.updated_at = self.config.clock()
        except Exception:  # the command is durable anyway; only the note is lost
            log.exception("could not note the wait of command %d", job.command_id)

    def _recharge_done(
        self, job: Job, amount_fen: int, count: int, balance: int | None, how: str
    ) -> None:
        text = f"confirmed: purchase {count}, {format_yuan(amount_fen)}"
        if balance is not None:
            text += f", meter balance {format_yuan(balance)}"
        self._finish(
            job,
            CommandStatus.CONFIRMED,
            f"{text} ({HOW_TEXT.get(how, how)})",
            0,
            event_kind="recharge.confirmed",
            data={"amount_fen": amount_fen, "count": count, "balance_fen": balance, "how": how},
        )

    def _finish(
        self,
        job: Job,
        status: CommandStatus,
        result: str,
        level: int,
        *,
        event_kind: str | None = None,
        data: dict[str, Any] | None = None,
        relay: tuple[str, str, str, str] | None = None,
    ) -> None:
        now = self.config.clock()

        def step(s: Session) -> int | None:
            cmd = s.get(MeterCommand, job.command_id)
            assert cmd is not None
            if cmd.status not in ACTIVE:
                return None
            before = cmd.status.value
            cmd.status, cmd.result, cmd.updated_at = status, result[:200], now
            meter = s.get(Meter, cmd.meter_id)
            kind = event_kind or f"command.{status.value}"
            event = Event(
                ts=now,
                kind=kind,
                level=level,
                meter_id=cmd.meter_id,
                room_id=meter.room_id if meter else None,
                message=f"{cmd.kind} #{cmd.id}: {result}"[:500],
                data={"command_id": cmd.id, "kind": cmd.kind, **(data or {})},
            )
            s.add(event)
            if relay is not None:
                self._relay_control(s, cmd.meter_id, relay, now)
            if event_kind == "recharge.confirmed" and data is not None:
                self._confirmed_state(s, cmd.meter_id, data)
            audit.record(
                s,
                self.actor,
                f"meter.{cmd.kind}.{status.value}",
                f"meter:{cmd.meter_id}",
                before={"status": before},
                after={"status": status.value, "result": result[:200]},
                extra={"command_id": cmd.id, **(data or {})},
                now=now,
            )
            s.flush()
            notify_events(s, [event])  # a recharge confirmed: the tenant's message
            return int(event.id)

        if self._defers(job):  # committed while the bus reads the meter back (settle)
            with self._pending_lock:
                self._pending[job.command_id] = self.commits.submit(step, rank=1)
            return
        event_id = self.commits.run(step, rank=1)  # the outcome, after the sent marks
        if event_id is not None:
            self.notify({job.command_id}, [event_id])

    def _defers(self, job: Job) -> bool:
        """A background job's outcome (a batch's relay, parameter or clock command) need not
        be on disk before the meter's read-back: only before the bus's next job. Recharges
        never wait (the next purchase's count reads the confirmed one)."""
        return job.priority >= self.background and job.command_id in self._deferrable

    def settle(self, job: Job) -> None:
        """The job's deferred outcome committed (the bus worker's ``job_done`` calls this
        before the dispatcher hears the job is done); nothing when there is none."""
        with self._pending_lock:
            self._deferrable.discard(job.command_id)
            step = self._pending.pop(job.command_id, None)
        if step is None:
            return
        event_id = self.commits.wait(step)
        if event_id is not None:
            self.notify({job.command_id}, [event_id])

    @staticmethod
    def _confirmed_state(s: Session, meter_id: int, data: dict[str, Any]) -> None:
        """Move the stored meter state past a confirmed purchase, count *and* cumulative
        purchase together, so the pair stays one consistent picture of the meter.

        The next recharge's count must see this one at once (not after the next poll).
        Only the count used to move: ``purchased_fen`` kept the last poll's value, and
        until a poll brought the meter's own total (never, while replies were lost),
        reconcile compared the new count's recharges with the old total and raised a
        level-2 mismatch on a meter that held exactly what was confirmed. When a poll has
        already stored this purchase (its count is at or past ours), its total includes
        it and nothing changes here."""
        state = s.get(MeterState, meter_id)
        if state is None:
            return
        count = int(data["count"])
        if (state.purchase_count or 0) < count:
            if state.purchase_count is not None and state.purchased_fen is not None:
                state.purchased_fen += int(data["amount_fen"])
            state.purchase_count = count
        if data.get("balance_fen") is not None:
            state.balance_fen = int(data["balance_fen"])

    @staticmethod
    def _relay_control(
        s: Session, meter_id: int, relay: tuple[str, str, str, str], now: datetime
    ) -> None:
        action, reason, rule, by = relay
        if action not in ("cut", "close"):
            return
        row = s.get(RelayControl, meter_id)
        if row is None:
            row = RelayControl(meter_id=meter_id)
            s.add(row)
        if action == "cut":
            row.cut_reason, row.rule, row.cut_by, row.cut_at = reason[:16], rule[:60], by, now
        else:
            row.cut_reason, row.rule, row.cut_by, row.cut_at = None, rule[:60], by, None
        row.updated_at = now
