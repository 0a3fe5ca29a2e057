"""A month's billing runs over 10,000 rooms (issue 16, item 7): goal ≤ 10 s including posting.

    python bench/billing.py [--rooms 10000]

Builds the demo park (``--rooms``, no history) in a temporary SQLite file, gives every room
an area, and defines two fee items park-wide: a per-m² property fee (物业费) deducted and a
fixed service fee (服务费) billed (one 催缴账单 per account). Times, as the system actor (the
collector's scheduler), ``preview`` and ``post`` of each run (app.billing.runs: one write
transaction per run, one ledger transaction or one bill per account, lines, audit) and the
``reverse`` of the property fee; then ``ledger verify`` must say OK.

Baseline in the same run: the same number of bare fee transactions through
``app.ledger.journal.post`` in one write transaction (the floor the run's posting cannot go
under), so the ratio says what the run's own work (scope, amounts, lines, keys) costs.
Apportionment is not timed here: its engine (r16-apportion) had not landed on this branch.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's app, not an installed one

import keyring  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app.billing.runs import post, preview, reverse  # noqa: E402
from app.db import Database, open_database  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.ledger.journal import FEES, TENANT, Leg, verify  # noqa: E402
from app.ledger.journal import post as post_txn  # noqa: E402
from app.models import Account, AccountStatus, FeeItem, Room  # noqa: E402
from app.security import system_actor  # noqa: E402
from bench.audit_verify import BenchKeyring  # noqa: E402

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def load() -> str:
    path = Path("/proc/loadavg")
    return " ".join(path.read_text().split()[:3]) if path.exists() else "?"


def setup(db: Database) -> tuple[int, int, int]:
    """Areas on every room, the two fee items; returns (property fee, service fee, accounts)."""
    with db.write() as s:
        for i, room in enumerate(s.scalars(select(Room))):
            room.area_m2 = Decimal(20 + i % 97) + Decimal("0.35")
        ids = []
        for name, definition in (
            ("基准物业费", {"amount_kind": "per_m2", "amount": "2.35", "mode": "deduct"}),
            ("基准服务费", {"amount_kind": "fixed", "amount": "30", "mode": "bill"}),
        ):
            item = FeeItem(
                name=name,
                definition={**definition, "scope": {"park": True}},
                effective_from=date(2026, 1, 1),
            )
            s.add(item)
            s.flush()
            ids.append(item.id)
        accounts = len(
            s.scalars(select(Account.id).where(Account.status == AccountStatus.OPEN)).all()
        )
    return ids[0], ids[1], accounts


def baseline(db: Database, count: int) -> float:
    """``count`` bare fee transactions in one write transaction (posted for real, without
    audit rows: run after ``ledger verify``)."""
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
                now=NOW,
            )
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=10_000)
    args = parser.parse_args()
    os.environ.setdefault("WATTDESK_LANG", "en")
    keyring.set_keyring(BenchKeyring())
    actor = system_actor(name="collector")
    with tempfile.TemporaryDirectory() as folder:
        db = open_database(f"sqlite:///{Path(folder) / 'bench.sqlite'}")
        began = time.perf_counter()
        build_demo(db, rooms=args.rooms, opening_balances=False)
        prop, service, accounts = setup(db)
        print(
            f"data      {args.rooms} rooms, {accounts} open accounts, built in "
            f"{time.perf_counter() - began:.1f} s   load {load()}"
        )
        total = 0.0
        for name, item in (("物业费 per m², deduct", prop), ("服务费 fixed, bill", service)):
            t0 = time.perf_counter()
            plan = preview(db, actor, f"fee:{item}", "2026-11")
            t1 = time.perf_counter()
            run = post(db, actor, f"fee:{item}", "2026-11", now=NOW)
            t2 = time.perf_counter()
            total += t2 - t1
            print(
                f"{name:<24} preview {t1 - t0:6.2f} s, post {t2 - t1:6.2f} s "
                f"({len(plan.lines)} lines, run {run.id})   load {load()}"
            )
        print(f"{'month, both posted':<24} {total:6.2f} s  (goal ≤ 10 s)   load {load()}")
        t0 = time.perf_counter()
        reverse(db, actor, 1, "bench")
        print(f"{'reverse 物业费':<24} {time.perf_counter() - t0:6.2f} s   load {load()}")
        t0 = time.perf_counter()
        report = verify(db)
        print(
            f"ledger verify {'OK' if report.ok else 'BROKEN'} ({report.transactions} txns) in "
            f"{time.perf_counter() - t0:.1f} s   load {load()}"
        )
        base = baseline(db, accounts)
        print(
            f"{'baseline: bare fee txns':<24} {base:6.2f} s ({accounts} in one transaction)"
            f"   load {load()}"
        )
        db.dispose()


if __name__ == "__main__":
    main()
