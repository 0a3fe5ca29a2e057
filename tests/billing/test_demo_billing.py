"""The demo park with history shows last month's bill (issue 16, "Done when": ``make run``
shows last month's statements).

``build_demo(history=True)`` (what ``init --demo`` and the GUI's first start call) posts
last month's runs through the real engine (``app.billing.runs.post``) dated when the
scheduler would have posted them, and plays the counter's month for the garbage fee: most
paid, one late, a few left open and overdue. Then the collector's catch-up at the first
start (``runs.run_due``) must post nothing, and a month later only the new month, once.
Real SQLite files and the real PostgreSQL server (the ``db`` fixture).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.billing import runs
from app.billing.bills import list_bills
from app.billing.feerun import due_date, parse_fee, period_key
from app.billing.statement import statement
from app.billing.statement_report import statement_report
from app.db import Database
from app.demo import GARBAGE_FEE_NAME, DemoCancelled, build_demo
from app.demohistory.billing import LATE_UNPAID, planned_runs
from app.ledger.journal import verify
from app.models import (
    ApportionScheme,
    Bill,
    BillingRun,
    BillingRunStatus,
    BillStatus,
    FeeItem,
    LedgerTxn,
    Shift,
    utcnow,
)
from app.reports.period import Period, last_of_month
from app.reports.request import ReportRequest, Scope, run_report
from app.security import system_actor

ZONE = "Asia/Shanghai"
TZ = ZoneInfo(ZONE)


def _last_month(today: date) -> tuple[date, str]:
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    return first, f"{first:%Y-%m}"


def test_demo_posts_last_month_once_and_the_catch_up_adds_nothing(db: Database) -> None:
    build_demo(db, rooms=340, history=True)  # offices, a dormitory, a shop street
    now = utcnow()
    today = now.astimezone(TZ).date()
    first, last = _last_month(today)
    with db.read() as s:
        schemes = list(s.scalars(select(ApportionScheme.id)))
        fees = {f.name: f for f in s.scalars(select(FeeItem))}
        posted = {
            (r.source, r.period): r
            for r in s.scalars(select(BillingRun))
            if r.status == BillingRunStatus.POSTED
        }
        fee_txns = s.scalar(select(func.count()).where(LedgerTxn.kind == "fee"))
        shares = s.scalar(select(func.count()).where(LedgerTxn.kind == "apportion"))
    assert len(posted) == len(planned_runs(db, now, ZONE))
    # every building's two schemes for last month; the property fee for last month and
    # this one; the rent for the quarter holding last month; the garbage fee both months
    for scheme in schemes:
        assert (f"apportion:{scheme}", last) in posted
    prop, rent, garbage = fees["物业费"].id, fees["商铺房租"].id, fees[GARBAGE_FEE_NAME].id
    assert {(f"fee:{prop}", last), (f"fee:{prop}", f"{today:%Y-%m}")} <= set(posted)
    assert (f"fee:{rent}", period_key("quarterly", first)) in posted
    assert (f"fee:{garbage}", last) in posted
    assert fee_txns and shares  # offices deducted (platform side), the others billed
    # dated when the scheduler would have posted each: 02:00 park time on its due date
    for (source, period), run in posted.items():
        item = fees.get(next((n for n, f in fees.items() if f"fee:{f.id}" == source), ""))
        rule = (
            parse_fee(item.definition)
            if item
            else parse_fee({"amount_kind": "per_kwh", "amount": "1", "period": "monthly"})
        )
        expected = datetime.combine(due_date(rule, period), time(2, 0), TZ)
        if expected <= now:
            assert run.created_at.astimezone(TZ) == expected, (source, period)
        else:  # due later today (the demo built just after midnight): dated when it was built
            assert run.created_at <= now, (source, period)
        assert run.operator_id is None  # the system actor, like the collector's scheduler
    assert verify(db).ok
    # the first start's catch-up: nothing due that is not posted, nothing posted twice
    actor = system_actor(name="collector")
    assert runs.due_runs(db, now, ZONE) == []
    assert runs.run_due(db, actor, now, ZONE) == []
    # a month on: only what fell due since, once
    later = datetime.combine(
        (today.replace(day=28) + timedelta(days=4)).replace(day=1), time(3, 0), TZ
    )
    new = runs.run_due(db, actor, later, ZONE)
    assert runs.run_due(db, actor, later, ZONE) == []
    with db.read() as s:
        added = s.execute(
            select(BillingRun.source, BillingRun.period).where(BillingRun.id.in_(new))
        ).all()
        counts = s.execute(
            select(BillingRun.source, BillingRun.period, func.count())
            .group_by(BillingRun.source, BillingRun.period)
            .having(func.count() > 1)
        ).all()
    assert counts == []
    next_month = f"{later:%Y-%m}"
    assert (f"fee:{prop}", next_month) in added
    assert all(period >= f"{today:%Y-%m}" or "-Q" in period for _source, period in added)
    assert verify(db).ok


def test_demo_counter_has_open_overdue_and_late_bills(db: Database) -> None:
    build_demo(db, rooms=340, history=True)
    now = utcnow()
    today = now.astimezone(TZ).date()
    first, last = _last_month(today)
    with db.read() as s:
        garbage = s.scalar(select(FeeItem.id).where(FeeItem.name == GARBAGE_FEE_NAME))
        bills = s.scalars(
            select(Bill).where(Bill.source == f"fee:{garbage}", Bill.period == last)
        ).all()
        open_rows = list_bills(s, today=today)
        shifts = s.scalars(select(Shift).where(Shift.operator_login == "demo.zhao")).all()
    assert len(bills) >= 10
    unpaid = [b for b in bills if b.status == BillStatus.OPEN]
    paid = [b for b in bills if b.status == BillStatus.PAID]
    assert len(unpaid) == LATE_UNPAID and len(paid) == len(bills) - LATE_UNPAID
    late = [b for b in paid if b.paid_at and b.paid_at.astimezone(TZ).date() > b.due_date]
    assert len(late) == 1  # one tenant paid a few days late
    assert all(b.paid_at and b.paid_at.astimezone(TZ).date() >= first for b in paid)
    overdue = [b for b in open_rows if b.arrears_days > 0]
    assert {b.number for b in overdue} == {b.number for b in unpaid}
    assert len(open_rows) > len(overdue)  # last month's shares and this quarter's rent, not due
    assert shifts and all(sh.closed_at is not None for sh in shifts)  # the drawer was counted
    report = run_report(
        db, system_actor(), ReportRequest("arrears", Period(first, today), scope=Scope())
    )
    listed = {row[3] for row in report.tables[0].rows}
    assert listed == {b.number for b in unpaid}
    assert verify(db).ok


def test_last_months_statement_has_energy_shares_and_fees(db: Database) -> None:
    """An office's statement for last month: energy by band, its shares of common use and
    loss (how computed), the property fee deducted; it reconciles with the ledger."""
    build_demo(db, rooms=340, history=True)
    today = utcnow().astimezone(TZ).date()
    first, last = _last_month(today)
    with db.read() as s:
        prop = s.scalar(select(FeeItem.id).where(FeeItem.name == "物业费"))
        run = s.scalar(
            select(BillingRun).where(BillingRun.source == f"fee:{prop}", BillingRun.period == last)
        )
        assert run is not None
        txn = s.scalar(select(LedgerTxn).where(LedgerTxn.idempotency_key.startswith(run.source)))
        assert txn is not None and txn.idempotency_key is not None
        account = int(txn.idempotency_key.rsplit(":", 1)[1])
        item = statement(s, Period(first, last_of_month(first)), account)
    assert item.kwh > 0 and item.energy_fen > 0
    # the office's two schemes: loss by energy, common use by area (the demo's definitions)
    assert sorted(sh.basis for sh in item.shares) == ["area", "energy"]
    assert sum(sh.fen for sh in item.shares) > 0
    assert any(m.kind == "fee" and m.fen < 0 and m.memo == f"物业费 {last}" for m in item.movements)
    assert item.reconciles()
    shares = next(
        t for t in statement_report(item, "demo").tables if t.rows and len(t.columns) == 5
    )
    how = [str(row[4]) for row in shares.rows]
    assert any(h.startswith("loss ") and "(master " in h for h in how), how
    assert any(h.startswith("common meters ") and "by area: " in h for h in how), how
    assert all("this account " in h and " yuan at " in h for h in how), how


def test_progress_covers_the_billing_and_a_late_cancel_is_too_late(db: Database) -> None:
    """With history the bar's last fifth is the billing: it ends at 2 × rooms after the
    runs are posted; a cancel pressed then (the park is written) does not stop them."""
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done > total - 12 // 5:  # in the billing phase: too late to cancel
            raise DemoCancelled()

    result = build_demo(db, rooms=12, history=True, progress=progress)
    assert result.created and seen[-1] == (24, 24)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert sum(1 for d, _ in seen if d > 24 - 12 // 5) >= 3  # it moves while posting
    with db.read() as s:
        posted = s.scalar(select(func.count()).select_from(BillingRun))
    assert posted and posted == len(planned_runs(db, utcnow(), ZONE))
