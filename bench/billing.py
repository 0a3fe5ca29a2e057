"""A month's apportionment and fees over 10,000 rooms (issue 16, item 7): goal ≤ 10 s
including posting.

    python bench/billing.py [--rooms 10000] [--url postgresql+psycopg://...]

Builds the demo park with its 13 months of history (``build_demo(history=True)``: master
meters that see their sub-meters plus line loss, common-area meters, readings) in a
temporary SQLite file (or, with ``--url`` / ``WATTDESK_TEST_PG_URL``, a scratch PostgreSQL
database that is WIPED first), switches the demo's own definitions off and defines four
park-wide sources for last month: a loss scheme shared by area, a common-use scheme shared
by energy with a 30 % cap, a per-m² property fee (物业费) deducted and a fixed service fee
(服务费) billed (one 催缴账单 per account). Times, as the system actor (the collector's
scheduler), ``preview`` and ``post`` of each run (``app.billing.runs``: one write
transaction per run that computes the plan again, one ledger transaction or one bill per
account, lines, audit); the month's figure is the sum of the four posts (each includes its
own computation). Then the reverse of the property fee and ``ledger verify`` (must be OK).

Baseline in the same run: as many bare fee transactions as the month deducted, through
``app.ledger.journal.post`` one by one in one write transaction (the old posting path), so
the ratio says what the runs' own work (readings, shares, amounts, lines, keys) costs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's app, not an installed one

import keyring  # noqa: E402
from sqlalchemy import select, update  # noqa: E402

from app.billing.runs import post, preview, reverse  # noqa: E402
from app.db import Database, make_engine, open_database  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.ledger.journal import FEES, TENANT, Leg, verify  # noqa: E402
from app.ledger.journal import post as post_txn  # noqa: E402
from app.models import Account, ApportionScheme, FeeItem, Room  # noqa: E402
from app.reports.period import Period  # noqa: E402
from app.security import system_actor  # noqa: E402
from bench.audit_verify import BenchKeyring  # noqa: E402

GOAL_S = 10.0
RULES: dict[str, Any] = {
    "ratios": {},
    "exclude_vacant": True,
    "exclude_accounts": [],
    "max_loss_percent": "15",
    "common_meters": [],
    "masters": [],
}
SCHEMES = (
    ("基准损耗 by area", {"source": "loss", "basis": "area", "cap_percent": None}),
    ("基准公摊 by energy, cap 30 %", {"source": "common", "basis": "energy", "cap_percent": "30"}),
)
FEES_DEFS = (
    ("基准物业费 per m², deduct", {"amount_kind": "per_m2", "amount": "2.35", "mode": "deduct"}),
    ("基准服务费 fixed, bill", {"amount_kind": "fixed", "amount": "30.00", "mode": "bill"}),
)


def load() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "?"


def setup(db: Database) -> list[tuple[str, str]]:
    """The demo's definitions off, every room an area, the four sources on; returns
    (label, source) pairs."""
    park = {"park": True}
    with db.write() as s:
        s.execute(update(ApportionScheme).values(active=False))
        s.execute(update(FeeItem).values(active=False))
        for i, room in enumerate(s.scalars(select(Room).where(Room.area_m2.is_(None)))):
            room.area_m2 = Decimal(20 + i % 97) + Decimal("0.35")
        out: list[tuple[str, str]] = []
        for name, rule in SCHEMES:
            definition = {**RULES, **rule, "scope": park}
            scheme = ApportionScheme(
                name=name, definition=definition, effective_from=date(2025, 1, 1)
            )
            s.add(scheme)
            s.flush()
            out.append((name, f"apportion:{scheme.id}"))
        for name, fee in FEES_DEFS:
            full = {**fee, "scope": park, "period": "monthly", "day": 1, "due_days": 15}
            item = FeeItem(name=name, definition=full, effective_from=date(2025, 1, 1))
            s.add(item)
            s.flush()
            out.append((name, f"fee:{item.id}"))
    return out


def baseline(db: Database, count: int, now: datetime) -> float:
    """``count`` bare fee transactions, one ``journal.post`` each, in one write transaction
    (posted for real, without audit rows: run after ``ledger verify``)."""
    actor = system_actor(name="bench")
    with db.read() as s:
        accounts = s.scalars(select(Account.id).order_by(Account.id)).all()
    began = time.perf_counter()
    with db.write() as s:
        for n in range(count):
            post_txn(
                s,
                "fee",
                [Leg(TENANT, -100, accounts[n % len(accounts)]), Leg(FEES, 100)],
                actor,
                idempotency_key=f"bench:{n}",
                now=now,
            )
    return time.perf_counter() - began


def bench(db: Database, where: str, rooms: int) -> None:
    actor = system_actor(name="collector")
    began = time.perf_counter()
    build_demo(db, rooms=rooms, history=True)
    sources = setup(db)
    now = datetime.now(UTC)
    period = f"{Period.last_month(now.date()).start:%Y-%m}"
    print(
        f"{where}: {rooms} rooms with 13 months of history, built in "
        f"{time.perf_counter() - began:.0f} s; period {period}   load {load()}"
    )
    posted, previewed, deducted, runs = 0.0, 0.0, 0, []
    for name, source in sources:
        t0 = time.perf_counter()
        plan = preview(db, actor, source, period)
        t1 = time.perf_counter()
        run = post(db, actor, source, period, now=now)
        t2 = time.perf_counter()
        previewed, posted = previewed + t1 - t0, posted + t2 - t1
        deducted += sum(1 for x in plan.lines if not x.billed)
        runs.append(run.id)
        print(
            f"  {name:<30} preview {t1 - t0:5.2f} s, post {t2 - t1:5.2f} s  ({len(plan.lines)} "
            f"lines, {plan.total_fen / 100:.2f} yuan, {len(plan.refused)} refused)   load {load()}"
        )
    print(
        f"  month posted (4 runs)          {posted:5.2f} s = {posted / GOAL_S:.2f} x the 10 s "
        f"goal; with the previews {posted + previewed:5.2f} s   load {load()}"
    )
    t0 = time.perf_counter()
    reverse(db, actor, runs[2], "bench")
    print(f"  reverse 物业费                 {time.perf_counter() - t0:5.2f} s   load {load()}")
    t0 = time.perf_counter()
    report = verify(db)
    print(
        f"  ledger verify {'OK' if report.ok else 'BROKEN ' + report.breaches[0]} "
        f"({report.transactions} txns) in {time.perf_counter() - t0:.1f} s   load {load()}"
    )
    base = baseline(db, deducted, now)
    print(
        f"  baseline: {deducted} bare fee txns, one post each, one transaction: {base:5.2f} s; "
        f"month posted = {posted / base:.2f} x baseline   load {load()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=10_000)
    parser.add_argument(
        "--url",
        default=os.environ.get("WATTDESK_TEST_PG_URL", ""),
        help="a scratch PostgreSQL database, WIPED (default: WATTDESK_TEST_PG_URL)",
    )
    parser.add_argument("--no-sqlite", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("WATTDESK_LANG", "en")
    keyring.set_keyring(BenchKeyring())
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            db = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
            bench(db, "SQLite", args.rooms)
            db.dispose()
    if not args.url:
        print("PostgreSQL: skipped (--url or WATTDESK_TEST_PG_URL names a scratch database)")
        return
    wipe = make_engine(args.url)
    with wipe.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    wipe.dispose()
    db = open_database(args.url)
    try:
        bench(db, "PostgreSQL", args.rooms)
    finally:
        db.dispose()


if __name__ == "__main__":
    main()
