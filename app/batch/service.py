"""Creating and steering batches: preview, create, approve, pause, resume, cancel, retry.

Every change is one transaction, role-checked here (not in a window) and audited. A batch
is created with all its items at once (item keys ``batch:<id>:<item>``); the collector's
engine (``app.batch.engine``) then works through them. A money batch waits in ``approval``
until a *different* operator holding ``money_out.approve`` approves it, like a refund
request (``app.ledger.refunds``): nothing moves before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import Batch, BatchItem, BatchStatus, CommandStatus, ItemState, MeterCommand, utcnow
from ..security import Actor, Permission, audit, authorize
from .actions import MONEY, BatchError, action_label, action_of, check_params, needs_approval, word
from .selection import Selection, Target, resolve
from .sheet import check_sheet, read_rows

REPEATS = ("", "daily", "weekly")
OPEN_STATES = (ItemState.QUEUED, ItemState.SENT)


@dataclass(frozen=True)
class BatchRequest:
    action: str
    selection: Selection | None = None
    sheet: Path | None = None
    params: dict[str, Any] | None = None
    run_at: datetime | None = None  # None: now
    repeat: str = ""
    note: str = ""


@dataclass(frozen=True)
class Preview:
    """What a batch would do: one line per item, before anything is written."""

    action: str
    selection: str
    targets: list[Target]
    needs_approval: bool

    def lines(self) -> list[str]:
        verb = action_label(self.action)
        out = []
        for t in self.targets:
            amount = t.params.get("amount_fen")
            extra = f" {amount / 100:.2f}" if amount is not None else ""
            out.append(f"{t.label}: {verb}{extra}")
        return out


def _targets(s: Session, request: BatchRequest, params: dict[str, Any]) -> tuple[list[Target], str]:
    action = action_of(request.action)
    if request.sheet is not None and action.kind == MONEY:  # an amount per row
        return check_sheet(s, read_rows(request.sheet), prepaid=action.name == "recharge"), (
            request.sheet.name
        )
    if action.needs_sheet:
        raise BatchError(
            tr("a {action} batch takes its amounts from a sheet (--file)", action=action.name)
        )
    if request.selection is None:
        raise BatchError(tr("say which rooms: a list, a building, a floor or a filter"))
    targets = resolve(s, action, request.selection)
    if action.kind == MONEY:  # one amount for every room (a fee)
        if "amount_fen" not in params:
            raise BatchError(tr("say the amount for every room (--amount), or give a sheet"))
        missing = [t.label for t in targets if t.account_id is None]
        if missing:
            raise BatchError(tr("no tenant account: {rooms}", rooms=", ".join(missing[:10])))
        for t in targets:
            t.params["amount_fen"] = params["amount_fen"]
    return targets, request.selection.describe()


def preview(db: Database, actor: Actor, request: BatchRequest) -> Preview:
    """Check everything a create would check, and say what each item would do."""
    action = action_of(request.action)
    params = check_params(action, request.params or {})
    with db.read() as s:
        authorize(s, actor, action.permission)
        targets, described = _targets(s, request, params)
    return Preview(action.name, described, targets, needs_approval(action))


def create(
    db: Database, actor: Actor, request: BatchRequest, *, now: datetime | None = None
) -> int:
    """Write the batch and all its items in one transaction; returns the batch id."""
    action = action_of(request.action)
    params = check_params(action, request.params or {})
    if request.repeat not in REPEATS:
        raise BatchError(tr("unknown repeat {value!r} (daily, weekly)", value=request.repeat))
    if request.repeat and needs_approval(action):
        raise BatchError(tr("a money batch does not repeat: create each one for approval"))
    moment = now or utcnow()
    run_at = request.run_at or moment
    if needs_approval(action):
        status = BatchStatus.APPROVAL
    else:
        status = BatchStatus.SCHEDULED if run_at > moment else BatchStatus.QUEUED
    with db.write() as s:
        authorize(s, actor, action.permission)
        targets, described = _targets(s, request, params)
        batch = Batch(
            action=action.name,
            selection=described[:200],
            params=params,
            status=status,
            run_at=run_at,
            repeat=request.repeat,
            created_by=actor.operator_id,
            created_login=actor.login,
            workstation=actor.workstation,
            created_at=moment,
            updated_at=moment,
            note=request.note[:200],
        )
        s.add(batch)
        s.flush()
        add_items(s, batch.id, targets, moment)
        audit.record(
            s,
            actor,
            "batch.create",
            f"batch:{batch.id}",
            after={
                "action": action.name,
                "selection": batch.selection,
                "items": len(targets),
                "status": status.value,
                "run_at": run_at.isoformat(),
                "repeat": request.repeat,
                "params": params,
                "total_fen": sum(int(t.params.get("amount_fen", 0)) for t in targets),
            },
            now=moment,
        )
        return batch.id


def add_items(s: Session, batch_id: int, targets: list[Target], now: datetime) -> None:
    s.execute(
        insert(BatchItem),
        [
            {
                "batch_id": batch_id,
                "item_no": no,
                "room_id": t.room_id,
                "meter_id": t.meter_id,
                "account_id": t.account_id,
                "link_id": t.link_id,
                "params": {**t.params, "label": t.label},
                "state": ItemState.QUEUED.value,
                "reason": "",
                "key": f"batch:{batch_id}:{no}",
                "attempts": 0,
                "updated_at": now,
            }
            for no, t in enumerate(targets, start=1)
        ],
    )


def _batch(s: Session, batch_id: int) -> Batch:
    batch = s.get(Batch, batch_id, with_for_update=True)
    if batch is None:
        raise BatchError(tr("no batch {id}", id=batch_id))
    return batch


def approve(db: Database, approver: Actor, batch_id: int, *, now: datetime | None = None) -> None:
    """A second administrator lets a money batch run (at its time)."""
    moment = now or utcnow()
    with db.write() as s:
        authorize(s, approver, Permission.MONEY_OUT_APPROVE)
        batch = _batch(s, batch_id)
        if batch.status is not BatchStatus.APPROVAL:
            raise BatchError(
                tr(
                    "batch {id} is not waiting for approval ({status})",
                    id=batch_id,
                    status=word(batch.status.value),
                )
            )
        if approver.is_system or approver.operator_id == batch.created_by:
            raise BatchError(tr("The approver must be a different operator."))
        batch.approved_by, batch.approved_at, batch.updated_at = (
            approver.operator_id,
            moment,
            moment,
        )
        batch.status = BatchStatus.SCHEDULED if batch.run_at > moment else BatchStatus.QUEUED
        audit.record(
            s,
            approver,
            "batch.approve",
            f"batch:{batch.id}",
            after={"status": batch.status.value},
            now=moment,
        )


def set_paused(
    db: Database, actor: Actor, batch_id: int, paused: bool, *, now: datetime | None = None
) -> None:
    """Pause (no new item starts; sent ones finish) or resume a batch."""
    moment = now or utcnow()
    with db.write() as s:
        batch = _batch(s, batch_id)
        authorize(s, actor, action_of(batch.action).permission)
        wanted = (BatchStatus.RUNNING, BatchStatus.QUEUED, BatchStatus.SCHEDULED)
        if paused and batch.status not in wanted:
            raise BatchError(
                tr(
                    "batch {id} is {status}: it cannot be paused",
                    id=batch_id,
                    status=word(batch.status.value),
                )
            )
        if not paused and batch.status is not BatchStatus.PAUSED:
            raise BatchError(tr("batch {id} is not paused", id=batch_id))
        before = batch.status.value
        if paused:
            batch.status = BatchStatus.PAUSED
        elif batch.started_at is not None:
            batch.status = BatchStatus.RUNNING
        else:  # paused before it started: it waits for its time again
            batch.status = BatchStatus.SCHEDULED if batch.run_at > moment else BatchStatus.QUEUED
        batch.updated_at = moment
        audit.record(
            s,
            actor,
            "batch.pause" if paused else "batch.resume",
            f"batch:{batch.id}",
            before={"status": before},
            after={"status": batch.status.value},
            now=moment,
        )


def cancel(
    db: Database, actor: Actor, batch_id: int, *, now: datetime | None = None
) -> dict[str, int]:
    """Cancel: items not yet on the wire are cancelled (a pending command too, under its
    row lock like ``services.commands.cancel``); items already sent finish and are
    reported. Returns the counts by state after the cancel."""
    moment = now or utcnow()
    with db.write() as s:
        batch = _batch(s, batch_id)
        authorize(s, actor, action_of(batch.action).permission)
        if batch.status in (BatchStatus.CANCELLED, BatchStatus.DONE):
            raise BatchError(
                tr("batch {id} is already {status}", id=batch_id, status=word(batch.status.value))
            )
        before = batch.status.value
        s.execute(
            update(BatchItem)
            .where(BatchItem.batch_id == batch_id, BatchItem.state == ItemState.QUEUED)
            .values(
                state=ItemState.CANCELLED, reason="cancelled before it was sent", updated_at=moment
            )
        )
        for item in s.scalars(
            select(BatchItem).where(
                BatchItem.batch_id == batch_id,
                BatchItem.state == ItemState.SENT,
                BatchItem.command_id.is_not(None),
                BatchItem.txn_id.is_(None),
            )
        ):
            cmd = s.get(MeterCommand, item.command_id, with_for_update=True)
            if cmd is not None and cmd.status is CommandStatus.PENDING:
                cmd.status, cmd.updated_at, cmd.result = (
                    CommandStatus.CANCELLED,
                    moment,
                    "cancelled with its batch",
                )
                item.state, item.reason, item.updated_at = (
                    ItemState.CANCELLED,
                    "cancelled before it was sent",
                    moment,
                )
        batch.status, batch.updated_at = BatchStatus.CANCELLED, moment
        batch.finished_at = moment
        counts = _counts(s, batch_id)
        audit.record(
            s,
            actor,
            "batch.cancel",
            f"batch:{batch.id}",
            before={"status": before},
            after={"status": "cancelled", "items": counts},
            now=moment,
        )
        return counts


def retry(db: Database, actor: Actor, batch_id: int, *, now: datetime | None = None) -> int:
    """Queue the failed items again; returns how many. A money item whose posting was
    made is never retried here (its money moved: the recharge is finished by the
    collector or reconciled by an operator), so a retry cannot charge twice."""
    moment = now or utcnow()
    with db.write() as s:
        batch = _batch(s, batch_id)
        authorize(s, actor, action_of(batch.action).permission)
        if batch.status is BatchStatus.APPROVAL:
            raise BatchError(tr("batch {id} is waiting for approval", id=batch_id))
        result = s.execute(
            update(BatchItem)
            .where(
                BatchItem.batch_id == batch_id,
                BatchItem.state == ItemState.FAILED,
                BatchItem.txn_id.is_(None),
            )
            .values(state=ItemState.QUEUED, reason="", command_id=None, updated_at=moment)
        )
        count = int(getattr(result, "rowcount", 0) or 0)
        if count:
            batch.status, batch.finished_at, batch.updated_at = BatchStatus.RUNNING, None, moment
        audit.record(
            s, actor, "batch.retry", f"batch:{batch.id}", after={"items": count}, now=moment
        )
        return count


def _counts(s: Session, batch_id: int) -> dict[str, int]:
    rows = s.execute(
        select(BatchItem.state, func.count())
        .where(BatchItem.batch_id == batch_id)
        .group_by(BatchItem.state)
    ).all()
    return {
        state.value if isinstance(state, ItemState) else str(state): int(n) for state, n in rows
    }
