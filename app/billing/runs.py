"""Billing runs that happen exactly once: preview, post, reverse, catch up (计费批次).

A *run* charges one source (``fee:<fee item id>`` or ``apportion:<scheme id>``) for one
period (``2026-11``, ``2026-Q4``, ``2026`` or a date for a one-off fee). Exactly once rests
on three things, all in the ONE write transaction of ``post``:

1. the ``BillingRun`` row is inserted (and flushed) *first*: the partial unique index on
   (source, period) among posted runs makes a second workstation wait for the first one's
   commit and then fail; that failure is turned into a sentence naming the winner;
2. each account's ledger transaction carries the idempotency key
   ``<source>:<period>:<account id>`` (unique in ``ledger_txn``); after a reversal the
   period may be posted again and the key gets ``#<attempt>`` (``fee:3:2026-11:42#2``);
3. lines, bills, the run and its audit row commit together: a crash half-way leaves nothing.

Money: a deducted fee is ``fee`` (tenant −fen, ``fees`` +fen); an apportioned share is
``apportion`` (tenant −fen, ``revenue`` +fen). Mode ``bill`` writes a ``Bill`` (催缴账单,
gap-free number from the ``counter`` row ``bill``, due ``due_days`` after the period ends)
and no ledger entry: the money moves when the cashier collects it. A meter-side account
(its money sits on the meter's book, ``BillingMode.METER``) is billed: the issue asks for a
deduction through a durable meter command "where the profile can", and no meter profile in
the house can (the DL/T 645 and Modbus profiles only add a purchase; the drivers refuse an
amount of 0 or less). docs/architecture.md "Billing runs" says how one would fit.

The deducted lines go to the journal in one batch (``journal.post_many``), a reversal in
one (``journal.reverse_many``): the same rows, seals and balances as one by one, a few
statements instead of a few per line (10,000 rooms in seconds: issue 16 item 7).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..ledger.journal import FEES, REVENUE, TENANT, Leg, Posting, post_many, reverse_many
from ..models import (
    ApportionScheme,
    Bill,
    BillingLine,
    BillingRun,
    BillingRunStatus,
    BillStatus,
    Counter,
    FeeItem,
    LedgerTxn,
    utcnow,
)
from ..reports.period import PARK_ZONE, Period
from ..security import Actor, Permission, audit, authorize, require
from .feerun import (
    MONTHLY,
    BillingRunError,
    compute_fee,
    due_date,
    due_periods,
    meter_side_accounts,
    parse_fee,
    period_key,
    period_span,
)

log = logging.getLogger(__name__)
BILL_TABLE: Table = Bill.__table__  # type: ignore[assignment]
LINE_TABLE: Table = BillingLine.__table__  # type: ignore[assignment]
RUN_PERMISSION = Permission.BILLING_RUN
APPORTION_DUE_DAYS = 15

__all__ = [
    "BillingRunError",
    "RunLine",
    "RunPreview",
    "due_runs",
    "post",
    "preview",
    "reverse",
    "run_due",
    "source_name",
    "sources_for",
]


@dataclass(frozen=True)
class RunLine:
    """One account's amount in a run and how it was computed."""

    account_id: int
    fen: int
    basis: str
    billed: bool  # a bill (mode "bill" or a meter-side account), not a deduction
    detail: dict[str, Any] = field(default_factory=dict)
    kwh: Any = None  # Decimal kWh for apportionment and per-kWh fees


@dataclass
class RunPreview:
    """What ``post`` would write: the lines, who is refused and why, the totals."""

    source: str
    period: str
    kind: str  # ledger kind: fee | apportion
    lines: list[RunLine]
    refused: dict[str, str]  # "account:<id>" / "building:<id>" -> reason
    due_date: date
    posted_run: int | None = None  # the run already posted for this source and period

    @property
    def total_fen(self) -> int:
        return sum(line.fen for line in self.lines)

    @property
    def deducted_fen(self) -> int:
        return sum(line.fen for line in self.lines if not line.billed)

    @property
    def billed_fen(self) -> int:
        return sum(line.fen for line in self.lines if line.billed)


def _split(source: str) -> tuple[str, int]:
    kind, _, ident = source.partition(":")
    if kind not in ("fee", "apportion") or not ident.isdigit():
        raise BillingRunError(tr("{source} is not a fee item or a scheme", source=source))
    return kind, int(ident)


def _compute(session: Session, source: str, period: str) -> RunPreview:
    kind, ident = _split(source)
    span = period_span(period)
    if kind == "fee":
        item = session.get(FeeItem, ident)
        if item is None:
            raise BillingRunError(tr("no fee item {id}", id=ident))
        fee = parse_fee(item.definition)
        if period_key(fee.period, span.start) != period:
            raise BillingRunError(
                tr("{period} is not a period of fee item {name}", period=period, name=item.name)
            )
        _in_force(item, due_date(fee, period), period)
        result = compute_fee(session, fee, period)
        lines = [
            RunLine(
                x.account_id, x.fen, x.basis, fee.mode == "bill" or x.meter_side, x.detail, x.kwh
            )
            for x in result.lines
        ]
        refused = {f"account:{a}": why for a, why in result.refused.items()}
        due = span.end + timedelta(days=fee.due_days)
    else:
        lines, refused = _apportion(session, ident, span)
        due = span.end + timedelta(days=APPORTION_DUE_DAYS)
    return RunPreview(source, period, kind, lines, refused, due, _posted(session, source, period))


def _apportion(
    session: Session, scheme_id: int, span: Period
) -> tuple[list[RunLine], dict[str, str]]:
    """The shares from the engine of r16-apportion (``app.billing.apportion.compute``),
    imported late: that branch lands separately; its result has ``lines`` (account_id, kwh,
    fen, detail) and ``refused`` (building id -> reason). A meter-side account's share is
    billed, like a fee's."""
    scheme = session.get(ApportionScheme, scheme_id)
    if scheme is None:
        raise BillingRunError(tr("no apportionment scheme {id}", id=scheme_id))
    _in_force(scheme, span.start, period_key("monthly", span.start))
    from .apportion import compute  # the engine (readings, tariffs) only when a scheme runs

    result = compute(session, scheme, span)
    shares = [x for x in result.lines if int(x.fen) > 0]
    side = meter_side_accounts(session, [int(x.account_id) for x in shares])
    lines = [
        RunLine(
            int(x.account_id),
            int(x.fen),
            "apportion",
            int(x.account_id) in side,
            dict(x.detail),
            x.kwh,
        )
        for x in shares
    ]
    refused = {f"building:{b}": str(why) for b, why in dict(result.refused).items()}
    return lines, refused


def _in_force(item: FeeItem | ApportionScheme, day: date, period: str) -> None:
    """A deactivated item, or a period outside its effective dates, is not run (by hand
    either: a person who means it changes the dates first, audited)."""
    if (
        not item.active
        or day < item.effective_from
        or (item.effective_to is not None and day > item.effective_to)
    ):
        raise BillingRunError(
            tr("{name} is not in force for {period}", name=item.name, period=period)
        )


def source_name(session: Session, source: str) -> str:
    """The fee item's or scheme's name (物业费, 1号厂房 损耗) for a source key such as
    ``fee:3``: a clerk reads names, not keys; the key itself if the row is gone."""
    try:
        kind, ident = _split(source)
    except BillingRunError:
        return source
    row: FeeItem | ApportionScheme | None = (
        session.get(FeeItem, ident) if kind == "fee" else session.get(ApportionScheme, ident)
    )
    return str(row.name) if row is not None else source


def _posted(session: Session, source: str, period: str) -> int | None:
    return session.scalar(
        select(BillingRun.id).where(
            BillingRun.source == source,
            BillingRun.period == period,
            BillingRun.status == BillingRunStatus.POSTED,
        )
    )


def preview(db: Database, actor: Actor, source: str, period: str) -> RunPreview:
    """Every account's amount and how it was computed; writes nothing."""
    require(actor, RUN_PERMISSION)
    with db.read() as session:
        return _compute(session, source, period)


def _already(session: Session, run_id: int) -> BillingRunError:
    run = session.get(BillingRun, run_id)
    assert run is not None
    return BillingRunError(
        tr(
            "{source} for {period} was already posted as run {id} on {when} ({where}); "
            "nothing was charged again.",
            source=source_name(session, run.source),
            period=run.period,
            id=run.id,
            when=f"{run.created_at.astimezone(ZoneInfo(PARK_ZONE)):%Y-%m-%d %H:%M}",
            where=run.workstation or "-",
        )
    )


def post(
    db: Database, actor: Actor, source: str, period: str, *, now: datetime | None = None
) -> BillingRun:
    """Post the run in one transaction (see the module docstring); refused in words if this
    source and period is already posted, by this or another workstation."""
    moment = now or utcnow()
    try:
        with db.write() as session:
            authorize(session, actor, RUN_PERMISSION)
            plan = _compute(session, source, period)
            if plan.posted_run is not None:
                raise _already(session, plan.posted_run)
            if not plan.lines:  # nothing posted, so the period stays due (and visible)
                raise BillingRunError(_empty(plan))
            return _write(session, actor, plan, moment)
    except IntegrityError as exc:  # the other workstation committed first
        with db.read() as session:
            winner = _posted(session, source, period)
            if winner is None:
                raise
            raise _already(session, winner) from exc


def _empty(plan: RunPreview) -> str:
    reasons = "; ".join(f"{who}: {why}" for who, why in list(plan.refused.items())[:5])
    if reasons:
        return tr(
            "{source} for {period} charges nobody: {reasons}",
            source=plan.source,
            period=plan.period,
            reasons=reasons,
        )
    return tr("{source} for {period} charges nobody", source=plan.source, period=plan.period)


def _write(session: Session, actor: Actor, plan: RunPreview, moment: datetime) -> BillingRun:
    attempt = 1 + int(
        session.scalar(
            select(func.count(BillingRun.id)).where(
                BillingRun.source == plan.source, BillingRun.period == plan.period
            )
        )
        or 0
    )
    run = BillingRun(
        source=plan.source,
        period=plan.period,
        status=BillingRunStatus.POSTED,
        created_at=moment,
        operator_id=actor.operator_id,
        workstation=actor.workstation[:60],
        summary={
            "lines": len(plan.lines),
            "total_fen": plan.total_fen,
            "deducted_fen": plan.deducted_fen,
            "billed_fen": plan.billed_fen,
            "refused": plan.refused,
            "attempt": attempt,
        },
    )
    session.add(run)
    session.flush()  # the partial unique index speaks here, before any money moves
    suffix = "" if attempt == 1 else f"#{attempt}"
    keys = {
        line.account_id: f"{plan.source}:{plan.period}:{line.account_id}{suffix}"
        for line in plan.lines
        if not line.billed
    }
    _no_key_taken(session, list(keys.values()))
    bills = _bills(session, run, [x for x in plan.lines if x.billed], plan.due_date, moment)
    txns = _deduct(session, actor, plan, keys, moment)
    rows: list[dict[str, Any]] = [
        {
            "run_id": run.id,
            "account_id": line.account_id,
            "kwh": line.kwh,
            "fen": line.fen,
            "basis": line.basis[:20],
            "detail": line.detail,
            "txn_id": txns.get(line.account_id),
            "bill_id": bills.get(line.account_id),
        }
        for line in plan.lines
    ]
    if rows:  # one executemany, not an ORM object per line (10,000 rooms: issue 16 item 7)
        session.execute(insert(LINE_TABLE), rows)
    audit.record(
        session,
        actor,
        "billing.run",
        f"billing_run:{run.id}",
        # "txn": every transaction is named by this row (``ledger verify`` checks it)
        after={
            "source": plan.source,
            "period": plan.period,
            **run.summary,
            "txn": list(txns.values()),
        },
        now=moment,
    )
    return run


def _deduct(
    session: Session, actor: Actor, plan: RunPreview, keys: dict[int, str], moment: datetime
) -> dict[int, int]:
    """The deducted lines as ledger transactions, one batched write for the lot (sealed and
    audited like one by one); returns account id -> transaction id, in the lines' order."""
    book = FEES if plan.kind == "fee" else REVENUE
    deducted = [line for line in plan.lines if not line.billed]
    ids = post_many(
        session,
        plan.kind,
        [
            Posting(
                [Leg(TENANT, -line.fen, line.account_id), Leg(book, line.fen)],
                keys[line.account_id],
                f"{plan.source} {plan.period}",
            )
            for line in deducted
        ],
        actor,
        now=moment,
    )
    return {line.account_id: i for line, i in zip(deducted, ids, strict=True)}


def _no_key_taken(session: Session, keys: list[str]) -> None:
    """Refuse if any line's idempotency key is in the journal already (belt and braces:
    the run row's unique index already refused a second posted run)."""
    for start in range(0, len(keys), 900):
        taken = session.scalar(
            select(LedgerTxn.idempotency_key).where(
                LedgerTxn.idempotency_key.in_(keys[start : start + 900])
            )
        )
        if taken:
            raise BillingRunError(tr("{key} has already been charged", key=taken))


def bill_number(seq: int) -> str:
    """``ZD`` (账单) and eight digits: gap-free like receipt numbers."""
    return f"ZD{seq:08d}"


def _bills(
    session: Session, run: BillingRun, lines: list[RunLine], due: date, moment: datetime
) -> dict[int, int]:
    """One bill per line, numbered from the ``bill`` counter (locked, gap-free), inserted
    in one statement; returns account id -> bill id."""
    if not lines:
        return {}
    counter = session.get(Counter, "bill", with_for_update=True)
    if counter is None:
        counter = Counter(name="bill", value=0)
        session.add(counter)
    first = counter.value + 1
    counter.value += len(lines)
    numbers = {bill_number(first + n): line.account_id for n, line in enumerate(lines)}
    session.execute(  # an executemany; the ids are read back by number (unique)
        insert(BILL_TABLE),
        [
            {
                "number": number,
                "account_id": account_id,
                "run_id": run.id,
                "source": run.source,
                "period": run.period,
                "amount_fen": line.fen,
                "paid_fen": 0,
                "issued_at": moment,
                "due_date": due,
                "status": BillStatus.OPEN,
                "memo": f"{run.source} {run.period}",
            }
            for (number, account_id), line in zip(numbers.items(), lines, strict=True)
        ],
    )
    rows = session.execute(select(Bill.number, Bill.id).where(Bill.run_id == run.id))
    return {numbers[number]: int(bill_id) for number, bill_id in rows}


def reverse(
    db: Database, actor: Actor, run_id: int, reason: str, *, now: datetime | None = None
) -> BillingRun:
    """Reverse a posted run as a whole: a reversal entry for every deducted line, its open
    bills cancelled, the run marked reversed with the reason, audited, in one transaction.
    A bill the cashier has already taken money for refuses the reversal (refund it first)."""
    moment = now or utcnow()
    if not reason.strip():
        raise BillingRunError(tr("a reversal needs a reason"))
    with db.write() as session:
        authorize(session, actor, RUN_PERMISSION)
        run = session.get(BillingRun, run_id, with_for_update=True, populate_existing=True)
        if run is None:
            raise BillingRunError(tr("no billing run {id}", id=run_id))
        if run.status != BillingRunStatus.POSTED:
            raise BillingRunError(
                tr(
                    "run {id} was already reversed on {when}",
                    id=run.id,
                    when=f"{run.reversed_at:%Y-%m-%d %H:%M}" if run.reversed_at else "-",
                )
            )
        txn_ids = [
            int(i)
            for i in session.scalars(
                select(BillingLine.txn_id)
                .where(BillingLine.run_id == run.id, BillingLine.txn_id.is_not(None))
                .order_by(BillingLine.id)
            )
            if i is not None
        ]
        reversals = reverse_many(session, txn_ids, actor, reason.strip(), now=moment)
        paid = session.scalar(
            select(Bill.number).where(Bill.run_id == run.id, Bill.paid_fen > 0).limit(1)
        )
        if paid is not None:
            raise BillingRunError(tr("bill {number} is already paid; refund it first", number=paid))
        open_bills = (Bill.run_id == run.id, Bill.status == BillStatus.OPEN)
        cancelled = int(session.scalar(select(func.count(Bill.id)).where(*open_bills)) or 0)
        session.execute(update(Bill).where(*open_bills).values(status=BillStatus.CANCELLED))
        run.status = BillingRunStatus.REVERSED
        run.reversed_at = moment
        run.reversed_by = actor.operator_id
        run.reverse_reason = reason.strip()[:200]
        audit.record(
            session,
            actor,
            "billing.reverse",
            f"billing_run:{run.id}",
            before={"status": "posted"},
            after={"status": "reversed", "txn": reversals, "bills_cancelled": cancelled},
            extra={"reason": reason.strip()[:200]},
            now=moment,
        )
        session.flush()
        return run


# --------------------------------------------------------------------------- catch-up


def due_runs(db: Database, now: datetime, zone: str = PARK_ZONE) -> list[tuple[str, str]]:
    """The (source, period) pairs that should have run by ``now`` and have no run (posted or
    reversed: a reversal is a person's decision, the scheduler does not undo it).

    Catch-up never reaches before the day a fee item or scheme was created: periods due
    earlier (an item back-dated on purpose) are run by hand."""
    today = now.astimezone(ZoneInfo(zone)).date()
    with db.read() as session:
        done = set(session.execute(select(BillingRun.source, BillingRun.period)).tuples())
        wanted: list[tuple[str, str]] = []
        for item in session.scalars(select(FeeItem).where(FeeItem.active.is_(True))):
            try:
                fee = parse_fee(item.definition)
            except BillingRunError as exc:
                log.warning("fee item %s is not valid: %s", item.id, exc)
                continue
            created = item.created_at.astimezone(ZoneInfo(zone)).date()
            start = max(item.effective_from, created) if fee.period != "once" else None
            for key in due_periods(fee, item.effective_from, item.effective_to, today):
                if start is None or due_date(fee, key) >= start:
                    wanted.append((f"fee:{item.id}", key))
        for scheme in session.scalars(
            select(ApportionScheme).where(ApportionScheme.active.is_(True))
        ):
            created = scheme.created_at.astimezone(ZoneInfo(zone)).date()
            for key in due_periods(MONTHLY, scheme.effective_from, scheme.effective_to, today):
                if due_date(MONTHLY, key) >= max(scheme.effective_from, created):
                    wanted.append((f"apportion:{scheme.id}", key))
    return [pair for pair in wanted if pair not in done]


def sources_for(db: Database, period: str, building: int | None = None) -> list[tuple[str, str]]:
    """The (source, period key) pairs a manual ``billing run --period P`` posts: every active
    fee item and scheme whose own period *starts* inside ``P`` (``--period 2026-10`` runs the
    monthly items' ``2026-10`` and a quarterly rent's ``2026-Q4``; a one-off fee whose date
    lies in ``P``), due within its effective dates. ``building``: only the sources whose scope
    names that building (a park-wide source charges other buildings too, so it is left out)."""
    span = period_span(period)
    out: list[tuple[str, str]] = []
    with db.read() as session:
        items = [
            (f"fee:{i.id}", i.definition, i.effective_from, i.effective_to)
            for i in session.scalars(select(FeeItem).where(FeeItem.active.is_(True)))
        ] + [
            (f"apportion:{a.id}", a.definition, a.effective_from, a.effective_to)
            for a in session.scalars(
                select(ApportionScheme).where(ApportionScheme.active.is_(True))
            )
        ]
    for source, definition, start, end in sorted(items, key=lambda x: x[0]):
        if source.startswith("fee:"):
            try:
                fee = parse_fee(definition)
            except BillingRunError:
                continue
            scope = fee.scope
        else:
            fee = MONTHLY
            scope = definition.get("scope") or {}
        if building is not None and building not in [int(b) for b in scope.get("buildings", [])]:
            continue
        key = start.isoformat() if fee.period == "once" else period_key(fee.period, span.start)
        first = period_span(key).start
        due = due_date(fee, key)
        if span.start <= first <= span.end and start <= due and (end is None or due <= end):
            out.append((source, key))
    return out


def run_due(db: Database, actor: Actor, now: datetime, zone: str = PARK_ZONE) -> list[int]:
    """Post every due run once (the collector's scheduler calls this at start and once a
    day); a refused run is logged and left for a person, the others go on."""
    posted: list[int] = []
    for source, period in due_runs(db, now, zone):
        try:
            posted.append(post(db, actor, source, period, now=now).id)
        except (BillingRunError, ImportError) as exc:
            log.warning("billing run %s %s not posted: %s", source, period, exc)
    return posted
