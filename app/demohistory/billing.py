"""The demo's last month of billing, posted by the real run engine (issue 16).

The demo's definitions (``app.demo._demo_billing``) are in force from the history's first
month, but the demo was *set up* today (their ``created_at``), so the collector's catch-up
(``runs.due_runs``) reaches no earlier period than today's: it never posts a year of
back-log the first time ``make run`` starts. This module posts what the park's office would
have posted by hand when it adopted them: every period of every definition that contains
the first day of last month or today and is due by now. Each run goes through
``app.billing.runs.post`` as the system actor, dated when the scheduler would have posted
it (02:00 on its due date, park time), so the ledger, the audit trail and the statements
read like a month that happened: last month's property fee deducted on its first day, last
month's shares of common use and loss posted on this month's first day (bills due on the
15th), this quarter's shop rent billed.

Bills then: the garbage fee (垃圾费) of one shop floor is due at the end of its month, so
last month's are past due. The cashier took most of them during that month; one tenant
paid a few days late; ``LATE_UNPAID`` stay open, overdue: the cashier's open-bills panel
and the ``arrears`` report have something to show. Paid through ``bills.pay_bill`` like
at the counter, in a demo cashier's shift that is closed afterwards.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..billing import bills, runs
from ..billing.feerun import BillingRunError, due_date, parse_fee, period_key
from ..db import Database
from ..ledger.shifts import close_shift, open_shift_totals
from ..models import ApportionScheme, Bill, FeeItem
from ..security import Actor, Role, system_actor

log = logging.getLogger(__name__)
SCHEDULER_HOUR = time(2, 0)  # when the collector's daily pass would have posted a run
LATE_UNPAID = 3  # last month's garbage fee bills left open (overdue)
CASHIER = "demo.zhao"  # the counter that takes bills (赵出纳)
MONTHLY = {"amount_kind": "per_kwh", "amount": "1", "period": "monthly"}


@dataclass(frozen=True)
class DemoBilling:
    """What ``post_last_month`` did, for the tests and the benchmark."""

    runs: int
    bills_paid: int
    bills_open: int
    refused: list[str]


def _first_of_last_month(today: date) -> date:
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def planned_runs(db: Database, now: datetime, zone: str) -> list[tuple[date, str, str]]:
    """(due date, source, period) of every run to post, oldest first: the periods of each
    active definition that contain last month's first day or today, due by today and
    within its effective dates."""
    today = now.astimezone(ZoneInfo(zone)).date()
    days = (_first_of_last_month(today), today)
    out: set[tuple[date, str, str]] = set()
    with db.read() as session:
        items = [
            (f"fee:{i.id}", i.definition, i.effective_from, i.effective_to)
            for i in session.scalars(select(FeeItem).where(FeeItem.active.is_(True)))
        ] + [
            (f"apportion:{a.id}", MONTHLY, a.effective_from, a.effective_to)
            for a in session.scalars(
                select(ApportionScheme).where(ApportionScheme.active.is_(True))
            )
        ]
    for source, definition, start, end in items:
        try:
            fee = parse_fee(definition)
        except BillingRunError:
            continue
        for day in days:
            key = start.isoformat() if fee.period == "once" else period_key(fee.period, day)
            due = due_date(fee, key)
            if start <= due <= today and (end is None or due <= end):
                out.add((due, source, key))
    return sorted(out, key=lambda x: (x[0], x[1].startswith("apportion"), x[1], x[2]))


def _at(day: date, zone: str, now: datetime) -> datetime:
    return min(datetime.combine(day, SCHEDULER_HOUR, ZoneInfo(zone)), now)


def post_last_month(
    db: Database,
    now: datetime,
    zone: str,
    garbage_fee: int | None,
    seed: int = 7,
    tick: Callable[[int, int], None] | None = None,
) -> DemoBilling:
    """Post the planned runs (each its own transaction, as the scheduler does), then play
    the counter's month for the garbage fee item ``garbage_fee`` (see the docstring).
    ``tick(done, total)`` hears each run posted, and the end."""
    actor = system_actor(workstation="demo", name="collector")
    posted, refused = 0, []
    plan = planned_runs(db, now, zone)
    step = tick or (lambda _done, _total: None)
    for n, (due, source, period) in enumerate(plan):
        step(n, len(plan) + 1)
        try:
            runs.post(db, actor, source, period, now=_at(due, zone, now))
            posted += 1
        except BillingRunError as exc:  # a building without its readings: said, not fatal
            refused.append(f"{source} {period}: {exc}")
            log.warning("demo billing run %s %s not posted: %s", source, period, exc)
    step(len(plan), len(plan) + 1)
    paid, still_open = _counter(db, now, zone, garbage_fee, random.Random(seed))
    step(1, 1)
    return DemoBilling(posted, paid, still_open, refused)


def _counter(
    db: Database, now: datetime, zone: str, fee_id: int | None, pick: random.Random
) -> tuple[int, int]:
    """The cashier takes last month's garbage fee bills during that month (one a few days
    after it was due), leaving ``LATE_UNPAID`` open; returns (paid, left open)."""
    if fee_id is None:
        return 0, 0
    tz = ZoneInfo(zone)
    last = period_key("monthly", _first_of_last_month(now.astimezone(tz).date()))
    with db.read() as session:
        numbers = list(
            session.scalars(
                select(Bill.number)
                .where(Bill.source == f"fee:{fee_id}", Bill.period == last)
                .order_by(Bill.number)
            )
        )
        due = session.scalar(select(Bill.due_date).where(Bill.number.in_(numbers[:1])))
    if not numbers or due is None:
        return 0, 0
    cashier = Actor(None, CASHIER, "赵出纳", Role.CASHIER, "demo")
    to_pay = numbers[: max(0, len(numbers) - LATE_UNPAID)]
    start = datetime.combine(due.replace(day=3), time(9, 30), tz)
    moments = sorted(
        start + timedelta(days=pick.randrange(0, due.day - 3), minutes=pick.randrange(0, 420))
        for _ in to_pay
    )
    late = min(datetime.combine(due + timedelta(days=4), time(10, 15), tz), now)
    for number, at in zip(to_pay, [*moments[:-1], late], strict=True):
        bills.pay_bill(db, cashier, number, pick.choice(["cash", "qr", "qr", "card"]), now=at)
    if to_pay:  # the drawer counted right: the cash taken, to the fen
        with db.read() as session:
            totals = open_shift_totals(session, CASHIER)
        cash = totals.expected_cash_fen if totals is not None else 0
        close_shift(db, cashier, f"{cash // 100}.{cash % 100:02d}", now=late + timedelta(minutes=5))
    return len(to_pay), len(numbers) - len(to_pay)
