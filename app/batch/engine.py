"""The batch engine: starts due batches, turns items into work, follows their outcome.

``tick(db, now)`` is called by the collector's dispatcher every round (``app.collector.
service``), and may be called by any process (``batch work``): every step is a conditional
change under a row or advisory lock, so two workstations ticking the same batch still start
it once and do each item once.

- *Start*: a ``queued`` batch, or a ``scheduled`` one whose ``run_at`` has come (also after
  downtime: it fires once, late), becomes ``running`` under its row lock.
- *Meter items* become ``meter_command`` rows at ``BATCH_PRIORITY`` in the transaction that
  marks them ``sent``, at most ``WINDOW`` waiting per bus (commands of offline meters not
  counted: they wait for their meter without holding the bus up): a pause stops releasing at
  once (the few already released finish). The collector hands each bus a few batch commands
  at a time (``BATCH_DEPTH``) at the lowest priority: operator commands and the counter's
  recharges go ahead of them, and after every ``burst`` of them a due routine poll gets the
  wire (``app.collector.worker``).
- *Money items* post through ``app.ledger.recharge`` with the item's key as idempotency key:
  a crash between the posting and the item's update replays the same transaction on the next
  tick (never a second one). A meter-side recharge's command carries ``BATCH_PRIORITY``,
  so the counter's recharges go first.
- *Sync*: a ``sent`` item follows its command (confirmed -> done; failed or expired ->
  failed with the command's result; cancelled -> cancelled).
- *Finish*: a running batch with nothing queued or sent is ``done``; a repeating one leaves
  its next occurrence ``scheduled`` (the first due time after now: missed repeats are not
  made up one by one).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session

from ..db import Database
from ..ledger.journal import LedgerError
from ..ledger.locks import serialize
from ..ledger.recharge import RechargeRequest, recharge, recharge_many
from ..models import (
    Batch,
    BatchItem,
    BatchStatus,
    CommandStatus,
    ItemState,
    LedgerTxn,
    Meter,
    MeterCommand,
    MeterState,
    Operator,
    utcnow,
)
from ..security import Actor, SecurityError, audit, system_actor
from ..security.operators import actor_of
from ..services.commands import LIFETIME
from .actions import BATCH_PRIORITY, DIRECT, METER, MONEY, RELAY, action_of

log = logging.getLogger(__name__)
WINDOW = 6  # meter commands of batches waiting per bus: the collector hands 4 to the bus, 2 next
CHUNK = 200  # money or direct items per tick
GROUP = 50  # items posted between two status checks (recharges: one transaction, ~0.2 s)
STEP = {"daily": timedelta(days=1), "weekly": timedelta(weeks=1)}
FOLLOW = {
    CommandStatus.CONFIRMED: ItemState.DONE,
    CommandStatus.FAILED: ItemState.FAILED,
    CommandStatus.EXPIRED: ItemState.FAILED,
    CommandStatus.CANCELLED: ItemState.CANCELLED,
}


@dataclass
class TickResult:
    started: int = 0
    released: int = 0  # meter commands queued
    posted: int = 0  # money or direct items done or sent
    synced: int = 0
    finished: int = 0

    @property
    def queued_commands(self) -> bool:
        return bool(self.released or self.posted)


def tick(
    db: Database, now: datetime | None = None, *, workstation: str = "", chunk: int = CHUNK
) -> TickResult:
    """One round of every step; cheap (one read) when no batch is due or running.

    ``chunk`` bounds the money or direct items done in this call (the collector passes a
    small one, so its dispatcher is never held up long by postings)."""
    moment = now or utcnow()
    result = TickResult()
    with db.read() as s:
        active = s.scalar(
            select(func.count(Batch.id)).where(
                or_(
                    Batch.status.in_((BatchStatus.QUEUED, BatchStatus.RUNNING)),
                    (Batch.status == BatchStatus.SCHEDULED) & (Batch.run_at <= moment),
                )
            )
        )
        sent = s.scalar(select(func.count(BatchItem.id)).where(BatchItem.state == ItemState.SENT))
    if not active and not sent:
        return result
    result.started = _start_due(db, moment)
    result.synced, result.released = _sync_and_release(db, moment)
    result.posted = _run_other_items(db, moment, workstation, chunk)
    if result.posted:
        result.synced += _sync(db, moment)
    result.finished = _finish(db, moment)
    return result


# --- start ----------------------------------------------------------------------------------


def _start_due(db: Database, now: datetime) -> int:
    started = 0
    due_now = select(Batch.id).where(
        or_(
            Batch.status == BatchStatus.QUEUED,
            (Batch.status == BatchStatus.SCHEDULED) & (Batch.run_at <= now),
        )
    )
    with db.read() as s:  # the collector ticks every round: no write lock when nothing is due
        if not s.scalars(due_now).first():
            return 0
    with db.write() as s:
        due = s.scalars(due_now).all()
        for batch_id in due:
            batch = s.get(Batch, batch_id, with_for_update=True)
            if batch is None or batch.status not in (BatchStatus.QUEUED, BatchStatus.SCHEDULED):
                continue  # another workstation started it first
            before = batch.status.value
            batch.status, batch.started_at, batch.updated_at = BatchStatus.RUNNING, now, now
            audit.record(
                s,
                system_actor(name="batch"),
                "batch.start",
                f"batch:{batch.id}",
                before={"status": before},
                after={"status": "running", "late_s": int((now - batch.run_at).total_seconds())},
                now=now,
            )
            started += 1
    return started


# --- meter items ----------------------------------------------------------------------------


def _sync_and_release(db: Database, now: datetime) -> tuple[int, int]:
    """Items follow their finished commands, and the next items of running meter batches
    become commands, in ONE write transaction (the collector calls this every dispatcher
    round: one write instead of two, none when there is nothing to do)."""
    with db.read() as s:
        running = _running(s, METER)
        rows = _finished_commands(s)
    if not running and not rows:
        return 0, 0
    released = 0
    with db.write() as s:
        _follow(s, rows, now)
        if running:
            released = _release_in(s, running, now)
    return len(rows), released


def _release_in(s: Session, running: list[Batch], now: datetime) -> int:
    serialize(s, "batch", "release")  # one desk at a time counts the windows
    # a command waiting for an offline meter does not hold its bus's window: the
    # dispatcher keeps it until the meter answers (or it expires), the others go on
    waiting: dict[int | None, int] = dict(
        s.execute(  # type: ignore[arg-type]
            select(BatchItem.link_id, func.count())
            .join(MeterCommand, MeterCommand.id == BatchItem.command_id)
            .outerjoin(MeterState, MeterState.meter_id == BatchItem.meter_id)
            .where(
                BatchItem.state == ItemState.SENT,
                MeterCommand.status == CommandStatus.PENDING,
                or_(MeterState.online.is_(None), MeterState.online.is_(True)),
            )
            .group_by(BatchItem.link_id)
        ).all()
    )
    offline = set(s.scalars(select(MeterState.meter_id).where(MeterState.online.is_(False))))
    released = 0
    for batch in running:
        # plain tuples: a 1,000-item batch is scanned every round, only the few chosen
        # items are loaded as rows
        candidates = s.execute(
            select(BatchItem.id, BatchItem.link_id)
            .where(BatchItem.batch_id == batch.id, BatchItem.state == ItemState.QUEUED)
            .order_by(BatchItem.item_no)
        ).all()
        for item_id, link_id in candidates:
            if waiting.get(link_id, 0) >= WINDOW:
                continue
            item = s.get(BatchItem, item_id)
            if item is not None and _send(s, batch, item, now):
                released += 1
                if item.meter_id not in offline:
                    waiting[link_id] = waiting.get(link_id, 0) + 1
    return released


def _send(s: Session, batch: Batch, item: BatchItem, now: datetime) -> bool:
    """The item's meter command and its ``sent`` state, in this transaction."""
    action = action_of(batch.action)
    meter = s.get(Meter, item.meter_id) if item.meter_id is not None else None
    if meter is None or meter.removed_at is not None:  # replaced since the batch was made
        s.execute(
            update(BatchItem)
            .where(BatchItem.id == item.id, BatchItem.state == ItemState.QUEUED)
            .values(state=ItemState.SKIPPED, reason="the meter was removed", updated_at=now)
        )
        return False
    claimed = s.execute(
        update(BatchItem)
        .where(BatchItem.id == item.id, BatchItem.state == ItemState.QUEUED)
        .values(state=ItemState.SENT, attempts=BatchItem.attempts + 1, updated_at=now)
    )
    if not getattr(claimed, "rowcount", 0):
        return False  # another workstation took it
    payload: dict[str, Any]
    if action.name in RELAY:
        payload = {"action": action.name, "reason": "manual"}
    elif action.command == "params":
        payload = {"values": dict(batch.params.get("values") or {})}
    else:
        payload = {}
    payload |= {"by": batch.created_login or "batch", "batch": batch.id, "item": item.item_no}
    assert item.meter_id is not None
    cmd = MeterCommand(
        meter_id=item.meter_id,
        kind=action.command,
        priority=BATCH_PRIORITY,
        payload=payload,
        operator_id=batch.created_by,
        created_at=now,
        updated_at=now,
        expires_at=now + LIFETIME[action.command],
    )
    s.add(cmd)
    s.flush()
    s.execute(update(BatchItem).where(BatchItem.id == item.id).values(command_id=cmd.id))
    return True


# --- money and direct items -----------------------------------------------------------------


def _run_other_items(db: Database, now: datetime, workstation: str, chunk: int) -> int:
    with db.read() as s:
        running = _running(s, MONEY) + _running(s, DIRECT)
        work = []
        for batch in running:
            items = s.scalars(
                select(BatchItem)
                .where(BatchItem.batch_id == batch.id, BatchItem.state == ItemState.QUEUED)
                .order_by(BatchItem.item_no)
                .limit(chunk)
            ).all()
            actor = _creator(s, batch, workstation)
            work += [(batch, item, actor) for item in items]
    work = work[:chunk]
    done = 0
    for start in range(0, len(work), GROUP):
        group = work[start : start + GROUP]
        posted = _post_group(db, group, now)
        if posted is not None:
            done += posted
            continue
        with db.read() as s:  # paused or cancelled meanwhile: stop here
            running_ids = set(
                s.scalars(
                    select(Batch.id).where(
                        Batch.id.in_({b.id for b, _, _ in group}),
                        Batch.status == BatchStatus.RUNNING,
                    )
                )
            )
        outcomes = [
            _post(db, item, actor, now)
            if batch.action == "recharge"
            else _fee(db, batch, item, actor, now)
            if batch.action == "fee"
            else _direct(db, batch, item, actor)
            for batch, item, actor in group
            if batch.id in running_ids
        ]
        _settle(db, outcomes, now)
        done += len(outcomes)
    return done


def _creator(s: Session, batch: Batch, workstation: str) -> Actor:
    """The batch runs in its creator's name (their shift takes a recharge's money)."""
    op = s.get(Operator, batch.created_by) if batch.created_by is not None else None
    if op is None or not op.active:
        return system_actor(workstation or None, name=batch.created_login or "batch")
    return actor_of(op, workstation or batch.workstation)


# (item id, state, reason, ledger txn, meter command)
Outcome = tuple[int, ItemState, str, int | None, int | None]


def _post(db: Database, item: BatchItem, actor: Actor, now: datetime) -> Outcome:
    """Post one money item. Its state is written later with its group's: a crash before
    that replays the same posting by its key on the next tick, never a second one."""
    try:
        result = recharge(db, actor, _request(item), now=now)
    except (LedgerError, SecurityError) as exc:
        return (item.id, ItemState.FAILED, str(exc), None, None)
    state = ItemState.SENT if result.command_id is not None else ItemState.DONE
    return (item.id, state, result.receipt_number, result.txn_id, result.command_id)


def _post_group(
    db: Database, group: list[tuple[Batch, BatchItem, Actor]], now: datetime
) -> int | None:
    """A group of one batch's recharges in ONE write transaction, each item's state in it
    too (``ledger.recharge.recharge_many``: same key, payment, receipt, audit row and seal
    as one by one). None when the group is not all recharges of one creator, or when an
    item is refused: then nothing of it was kept and the caller posts it one by one, which
    says which item failed and why. A crash mid-group rolls the group back; the rerun
    posts each item once (their keys are still free)."""
    batch, _, actor = group[0]
    if batch.action != "recharge" or any(b.id != batch.id for b, _, _ in group):
        return None
    requests = [_request(item) for _, item, _ in group]
    try:
        with db.write() as s:
            status = s.scalar(select(Batch.status).where(Batch.id == batch.id))
            if status is not BatchStatus.RUNNING:  # paused or cancelled meanwhile
                return 0
            results = recharge_many(s, actor, requests, now)
            _settle_in(
                s,
                [
                    (
                        item.id,
                        ItemState.SENT if r.command_id is not None else ItemState.DONE,
                        r.receipt_number,
                        r.txn_id,
                        r.command_id,
                    )
                    for (_, item, _), r in zip(group, results, strict=True)
                ],
                now,
            )
    except (LedgerError, SecurityError) as exc:
        log.info("batch %d: a recharge of the group was refused (%s); one by one", batch.id, exc)
        return None
    return len(group)


def _request(item: BatchItem) -> RechargeRequest:
    params = item.params or {}
    return RechargeRequest(
        amount=Decimal(int(params["amount_fen"])) / 100,
        method=str(params.get("method") or "transfer"),
        idempotency_key=item.key,
        room_id=item.room_id,
        meter_id=item.meter_id,
        priority=BATCH_PRIORITY,
    )


def _fee(db: Database, batch: Batch, item: BatchItem, actor: Actor, now: datetime) -> Outcome:
    """Deduct one fee (``ledger.corrections.charge_fee``) under the item's key: a rerun
    finds the key and charges nothing again."""
    from ..ledger.corrections import charge_fee

    fen = int((item.params or {})["amount_fen"])
    if item.account_id is None:
        return (item.id, ItemState.SKIPPED, "no tenant account", None, None)
    try:
        txn = charge_fee(
            db,
            actor,
            item.account_id,
            Decimal(fen) / 100,
            str(batch.params["item"]),
            key=item.key,
            now=now,
        )
    except (LedgerError, SecurityError) as exc:
        return (item.id, ItemState.FAILED, str(exc), None, None)
    if txn is None:  # charged by an earlier attempt (crash before the item's update)
        with db.read() as s:
            txn = s.scalar(select(LedgerTxn.id).where(LedgerTxn.idempotency_key == item.key))
    return (item.id, ItemState.DONE, "", txn, None)


def _direct(db: Database, batch: Batch, item: BatchItem, actor: Actor) -> Outcome:
    from ..ledger.tariffs import assign

    try:
        assign(db, actor, str(batch.params["tariff"]), "meter", str(item.meter_id))
    except (LedgerError, SecurityError) as exc:
        return (item.id, ItemState.FAILED, str(exc), None, None)
    return (item.id, ItemState.DONE, "", None, None)


def _settle(db: Database, outcomes: list[Outcome], now: datetime) -> None:
    if not outcomes:
        return
    with db.write() as s:
        _settle_in(s, outcomes, now)


def _settle_in(s: Session, outcomes: list[Outcome], now: datetime) -> None:
    for item_id, state, reason, txn_id, command_id in outcomes:
        s.execute(
            update(BatchItem)
            .where(BatchItem.id == item_id, BatchItem.state == ItemState.QUEUED)
            .values(
                state=state,
                reason=reason[:200],
                txn_id=txn_id,
                command_id=command_id,
                attempts=BatchItem.attempts + 1,
                updated_at=now,
            )
        )


# --- sync and finish ------------------------------------------------------------------------


def _sync(db: Database, now: datetime) -> int:
    with db.read() as s:
        rows = _finished_commands(s)
    if not rows:
        return 0
    with db.write() as s:
        _follow(s, rows, now)
    return len(rows)


def _finished_commands(s: Session) -> list[Any]:
    return list(
        s.execute(
            select(BatchItem.id, MeterCommand.status, MeterCommand.result)
            .join(MeterCommand, MeterCommand.id == BatchItem.command_id)
            .where(
                BatchItem.state == ItemState.SENT,
                MeterCommand.status.in_(tuple(FOLLOW)),
            )
        ).all()
    )


def _follow(s: Session, rows: list[Any], now: datetime) -> None:
    for item_id, status, text in rows:
        state = FOLLOW[status]
        reason = "" if state is ItemState.DONE else text
        s.execute(
            update(BatchItem)
            .where(BatchItem.id == item_id, BatchItem.state == ItemState.SENT)
            .values(state=state, reason=reason[:200], updated_at=now)
        )


def _finish(db: Database, now: datetime) -> int:
    finished = 0
    with db.read() as s:  # every round: the write lock only when a batch has nothing open
        open_ids = select(BatchItem.batch_id).where(
            BatchItem.state.in_((ItemState.QUEUED, ItemState.SENT))
        )
        closing = s.scalars(
            select(Batch.id).where(Batch.status == BatchStatus.RUNNING, Batch.id.not_in(open_ids))
        ).first()
    if closing is None:
        return 0
    with db.write() as s:
        ids = s.scalars(select(Batch.id).where(Batch.status == BatchStatus.RUNNING)).all()
        for batch_id in ids:
            open_items = s.scalar(
                select(func.count(BatchItem.id)).where(
                    BatchItem.batch_id == batch_id,
                    BatchItem.state.in_((ItemState.QUEUED, ItemState.SENT)),
                )
            )
            if open_items:
                continue
            batch = s.get(Batch, batch_id, with_for_update=True)
            if batch is None or batch.status is not BatchStatus.RUNNING:
                continue
            batch.status, batch.finished_at, batch.updated_at = BatchStatus.DONE, now, now
            counts: dict[ItemState, int] = dict(
                s.execute(  # type: ignore[arg-type]
                    select(BatchItem.state, func.count())
                    .where(BatchItem.batch_id == batch_id)
                    .group_by(BatchItem.state)
                ).all()
            )
            after: dict[str, Any] = {
                "status": "done",
                "items": {ItemState(k).value: int(v) for k, v in counts.items()},
            }
            if batch.repeat in STEP:
                after["next"] = _repeat(s, batch, now)
            audit.record(
                s,
                system_actor(name="batch"),
                "batch.done",
                f"batch:{batch.id}",
                after=after,
                now=now,
            )
            finished += 1
    return finished


def _repeat(s: Session, batch: Batch, now: datetime) -> int:
    """The next occurrence: same action and items, fresh keys, ``scheduled``."""
    step = STEP[batch.repeat]
    run_at = batch.run_at + step
    while run_at <= now:
        run_at += step
    nxt = Batch(
        action=batch.action,
        selection=batch.selection,
        params=dict(batch.params or {}),
        status=BatchStatus.SCHEDULED,
        run_at=run_at,
        repeat=batch.repeat,
        created_by=batch.created_by,
        created_login=batch.created_login,
        workstation=batch.workstation,
        created_at=now,
        updated_at=now,
        note=batch.note,
    )
    s.add(nxt)
    s.flush()
    items = s.scalars(
        select(BatchItem).where(BatchItem.batch_id == batch.id).order_by(BatchItem.item_no)
    ).all()
    s.execute(
        insert(BatchItem),
        [
            {
                "batch_id": nxt.id,
                "item_no": i.item_no,
                "room_id": i.room_id,
                "meter_id": i.meter_id,
                "account_id": i.account_id,
                "link_id": i.link_id,
                "params": dict(i.params or {}),
                "state": ItemState.QUEUED.value,
                "reason": "",
                "key": f"batch:{nxt.id}:{i.item_no}",
                "attempts": 0,
                "updated_at": now,
            }
            for i in items
        ],
    )
    batch.next_id = nxt.id
    return nxt.id


def _running(s: Session, kind: str) -> list[Batch]:
    batches = s.scalars(
        select(Batch).where(Batch.status == BatchStatus.RUNNING).order_by(Batch.id)
    ).all()
    return [b for b in batches if action_of(b.action).kind == kind]
