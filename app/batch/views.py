"""Read models for the Batches window and ``batch list|show``: progress, items, time left.

``batch_list`` gives every batch with its counts by state; ``batch_detail`` one batch with
its items (filtered by state or text) and an estimate of the time left, from the pace of
the items finished so far (finished items / time since start). Qt-free, one read each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import Batch, BatchItem, BatchStatus, ItemState, utcnow
from ..security import Actor, Permission, authorize
from .actions import ACTIONS, METER, BatchError

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
    expected: timedelta | None = None  # a waiting batch's estimated run time (``expect``)
    pace: timedelta | None = None  # the per-item, per-bus time that estimate used

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


WAITING = (BatchStatus.APPROVAL, BatchStatus.QUEUED, BatchStatus.SCHEDULED)
PACE_SAMPLES = 5  # finished batches of an action that give its pace


Lane = int | None  # a bus (``link_id``) for a meter action; None: the whole batch


def _lanes(s: Session, batch_ids: list[int]) -> dict[int, dict[Lane, tuple[int, datetime]]]:
    """Each batch's lanes with their items and the last change of one of them: its buses
    for a meter action (buses run in parallel, each gives a batch one command at a time),
    else one lane (postings run one group after another)."""
    lanes: dict[int, dict[Lane, tuple[int, datetime]]] = {}
    if not batch_ids:
        return lanes
    meter = {n for n, a in ACTIONS.items() if a.kind == METER}
    kinds: dict[int, str] = {
        row[0]: row[1]
        for row in s.execute(select(Batch.id, Batch.action).where(Batch.id.in_(batch_ids)))
    }
    for batch_id, link_id, n, last in s.execute(
        select(BatchItem.batch_id, BatchItem.link_id, func.count(), func.max(BatchItem.updated_at))
        .where(BatchItem.batch_id.in_(batch_ids))
        .group_by(BatchItem.batch_id, BatchItem.link_id)
    ):
        lane = link_id if kinds.get(batch_id) in meter else None
        count, latest = lanes.setdefault(batch_id, {}).get(lane, (0, last))
        lanes[batch_id][lane] = (count + int(n), max(latest, last))
    return lanes


def _paces(s: Session, action: str) -> dict[Lane, timedelta]:
    """Per lane (bus), the median time one item of ``action`` took there in the last
    finished batches of that action whose items all succeeded (a failed meter item waits
    for its command to expire: no measure of the pace). A lane's time runs from the
    batch's start to its last item's change, so it includes what that bus really gives a
    batch: its baud rate and protocol, the polls and the counter's commands in between."""
    done = s.execute(
        select(Batch.id, Batch.started_at)
        .where(
            Batch.action == action,
            Batch.status == BatchStatus.DONE,
            Batch.started_at.is_not(None),
            ~Batch.id.in_(select(BatchItem.batch_id).where(BatchItem.state != ItemState.DONE)),
        )
        .order_by(Batch.id.desc())
        .limit(PACE_SAMPLES)
    ).all()
    started = {batch_id: at for batch_id, at in done}
    samples: dict[Lane, list[timedelta]] = {}
    for batch_id, lanes in _lanes(s, list(started)).items():
        for lane, (count, last) in lanes.items():
            if count and last >= started[batch_id]:
                samples.setdefault(lane, []).append((last - started[batch_id]) / count)
    return {lane: sorted(v)[len(v) // 2] for lane, v in samples.items()}


def _expected(s: Session, batches: list[Batch]) -> dict[int, tuple[timedelta, timedelta]]:
    """A waiting batch's estimated run time once started and the pace that decides it:
    the slowest of its lanes (items there times that bus's pace for the action). None
    when one of its buses has no finished batch of the action yet: a bus at another baud
    rate or protocol can be many times slower, so another bus's pace is no estimate."""
    waiting = [b for b in batches if b.status in WAITING]
    if not waiting:
        return {}
    paces = {action: _paces(s, action) for action in {b.action for b in waiting}}
    out: dict[int, tuple[timedelta, timedelta]] = {}
    for b in waiting:
        lanes = _lanes(s, [b.id]).get(b.id, {})
        known = paces[b.action]
        if not lanes or any(lane not in known for lane in lanes):
            continue
        out[b.id] = max((known[lane] * count, known[lane]) for lane, (count, _) in lanes.items())
    return out


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
        expected = _expected(s, list(batches))
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
                    *expected.get(b.id, (None, None)),
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
