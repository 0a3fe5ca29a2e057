"""What a tenant's own payment costs next to a counter recharge.

A demo park of ``--rooms`` rooms in a temporary SQLite file (or ``--db URL``). Three ways
of crediting ``--n`` payments to let accounts (platform-side and meter-side mixed), each
timed in the same run so the ratios hold on a busy machine:

* ``counter``: ``recharge()`` one by one, as the cashier window does (the baseline);
* ``bill import``: a WeChat bill of ``--n`` lines with the account number in the remark,
  ``import_statement`` (reading the file, matching, one transaction per line);
* ``bill again``: the same bill imported a second time (every line a replay).

Prints seconds, ms per payment and the ratio to the counter, with the load average.

    .venv/bin/python bench/payments.py [--rooms 2000] [--n 500]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import keyring  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app.db import open_database  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.ledger.journal import verify  # noqa: E402
from app.ledger.recharge import RechargeRequest, recharge  # noqa: E402
from app.models import Account, Room  # noqa: E402
from app.payments.service import import_statement  # noqa: E402
from app.payments.statements import read_statement  # noqa: E402
from app.security import system_actor  # noqa: E402
from bench.ledger import MemoryKeyring  # noqa: E402
from tests.payments.bills import Pay, wechat_bill  # noqa: E402


def load() -> str:
    avg = Path("/proc/loadavg")
    return " ".join(avg.read_text().split()[:3]) if avg.exists() else "?"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rooms", type=int, default=2000)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--db")
    args = parser.parse_args()
    keyring.set_keyring(MemoryKeyring())  # the audit key of a throw-away database
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(args.db or f"sqlite:///{tmp}/bench.sqlite")
        build_demo(db, rooms=args.rooms, opening_balances=False)
        actor = system_actor(name="bench")
        with db.read() as s:
            rows = s.execute(
                select(Room.id, Account.number)
                .join(Account, Account.id == Room.account_id)
                .order_by(Room.id)
            ).all()
        picked = [rows[i % len(rows)] for i in range(args.n)]
        start = time.perf_counter()
        for room_id, _ in picked:
            recharge(db, actor, RechargeRequest("1.00", "qr", uuid.uuid4().hex, room_id=room_id))
        counter = time.perf_counter() - start
        bill = wechat_bill(
            [
                Pay(f"42{i:026d}", "1.00", f"电费 {number}", f"o{i}")
                for i, (_, number) in enumerate(picked)
            ]
        )
        timings = {}
        for name in ("bill import", "bill again"):
            start = time.perf_counter()
            report = import_statement(db, actor, read_statement(bill, "wechat"))
            timings[name] = time.perf_counter() - start
            done = report.count("credited"), report.count("already")
            print(f"  ({name}: {done[0]} credited, {done[1]} already)")
        ok = verify(db).ok
        db.dispose()
    print(f"payments: {args.n} payments, {args.rooms} rooms, load average {load()}")
    print(f"  counter      {counter:7.2f} s {counter / args.n * 1000:7.1f} ms each   1.00")
    for name, seconds in timings.items():
        print(
            f"  {name:12} {seconds:7.2f} s {seconds / args.n * 1000:7.1f} ms each"
            f" {seconds / counter:6.2f}"
        )
    print(f"  ledger verify: {'clean' if ok else 'BREACHES'}")


if __name__ == "__main__":
    main()
