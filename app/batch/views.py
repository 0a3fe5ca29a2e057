"""Read models for the Batches window and ``batch list|show``: progress, items, time left.

``batch_list`` gives every batch with its counts by state; ``batch_detail`` one batch with
its items (filtered by state or text) and an estimate of the time left, from the pace of
the items finished so far (finished items / time since start). Qt-free, one read each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select

from ..db import Database
from ..i18n import tr
from ..models import Batch, BatchItem, BatchStatus, ItemState, utcnow
from ..security import Actor, Permission, authorize
from .actions import BatchError

FINISHED = (ItemState.DONE, ItemState.FAILED, ItemState.SKIPPED, ItemState.CANCELLED)


@dataclass(frozen=True)
class BatchSummary:
    id: int
    action: str
    selection: str
    status: str
    run_at: datetime
    repeat: str
    created_by: str
    approved: bool
    counts: dict[str, int]
    total: int
    started_at: datetime | None
    finished_at: datetime | None
    left: timedelta | None = None  # estimated time left while running

    @property
    def finished(self) -> int:
        return sum(self.counts.get(s.value, 0) for s in FINISHED)

    @property
    def progress(self) -> float:
        return self.finished / self.total if self.total else 1.0


@dataclass(frozen=True)
class ItemRow:
    item_no: int
    label: str
    state: str
    reason: str
    command_id: int | None
    txn_id: int | None
    amount_fen: int | None
    attempts: int
    updated_at: datetime


@dataclass(frozen=True)
class BatchDetail:
    summary: BatchSummary
    params: dict[str, object]
    items: list[ItemRow] = field(default_factory=list)


def estimate_left(
    total: int, finished: int, started: datetime | None, now: datetime
) -> timedelta | None:
    """Time left at the pace so far; None before the first item finished."""
    if started is None or finished <= 0 or finished >= total:
        return None if finished < total else timedelta(0)
    per_item = (now - started) / finished
    return per_item * (total - finished)


def _summaries(db: Database, where: list[object], now: datetime) -> list[BatchSummary]:
    with db.read() as s:
        batches = s.scalars(select(Batch).where(*where).order_by(Batch.id.desc())).all()  # type: ignore[arg-type]
        ids = [b.id for b in batches]
        counts: dict[int, dict[str, int]] = {i: {} for i in ids}
        if ids:
            for batch_id, state, n in s.execute(
                select(BatchItem.batch_id, BatchItem.state, func.count())
                .where(BatchItem.batch_id.in_(ids))
                .group_by(BatchItem.batch_id, BatchItem.state)
            ):
                counts[batch_id][ItemState(state).value] = int(n)
        out = []
        for b in batches:
            c = counts[b.id]
            total = sum(c.values())
            done = sum(c.get(x.value, 0) for x in FINISHED)
            left = (
                estimate_left(total, done, b.started_at, now)
                if b.status is BatchStatus.RUNNING
                else None
            )
            out.append(
                BatchSummary(
                    b.id,
                    b.action,
                    b.selection,
                    b.status.value,
                    b.run_at,
                    b.repeat,
                    b.created_login,
                    b.approved_by is not None,
                    c,
                    total,
                    b.started_at,
                    b.finished_at,
                    left,
                )
            )
        return out


def batch_list(
    db: Database, actor: Actor, *, status: str | None = None, now: datetime | None = None
) -> list[BatchSummary]:
    """Every batch, newest first, with its counts by state."""
    with db.read() as s:
        authorize(s, actor, Permission.VIEW)
    where: list[object] = []
    if status:
        where.append(Batch.status == BatchStatus(status))
    return _summaries(db, where, now or utcnow())


def batch_detail(
    db: Database,
    actor: Actor,
    batch_id: int,
    *,
    state: str | None = None,
    text: str = "",
    now: datetime | None = None,
) -> BatchDetail:
    """One batch and its items, filtered by state and by a text in the label or reason."""
    with db.read() as s:
        authorize(s, actor, Permission.VIEW)
        batch = s.get(Batch, batch_id)
        if batch is None:
            raise BatchError(tr("no batch {id}", id=batch_id))
        params = dict(batch.params or {})
        query = select(BatchItem).where(BatchItem.batch_id == batch_id)
        if state:
            query = query.where(BatchItem.state == ItemState(state))
        items = [
            ItemRow(
                i.item_no,
                str((i.params or {}).get("label", "")),
                i.state.value,
                i.reason,
                i.command_id,
                i.txn_id,
                (i.params or {}).get("amount_fen"),
                i.attempts,
                i.updated_at,
            )
            for i in s.scalars(query.order_by(BatchItem.item_no))
        ]
    if text:  # the label lives in JSON: matched here too
        needle = text.lower()
        items = [i for i in items if needle in i.label.lower() or needle in i.reason.lower()]
    summary = _summaries(db, [Batch.id == batch_id], now or utcnow())[0]
    return BatchDetail(summary, params, items)
