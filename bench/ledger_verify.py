"""How long does ``ledger verify`` take on 1,000,000 entries, chain and all? (goal: ≤ 5 s)

Builds a real WattDesk SQLite file (migrations, triggers, WAL) with a small demo park, then
bulk-loads a journal with raw SQL in one transaction: 90 % collector charges (two legs) and
10 % counter recharges (two legs, a payment, a receipt with frozen content, a money audit
row in the audit chain naming the transaction). The seals are computed by the chain's own
sealing code (``app.ledger.chain``), the audit hashes by ``app.security.audit``, so the file
is exactly what WattDesk would have written. Then it times ``app.ledger.journal.verify``
(what ``python -m app ledger verify`` runs) and prints rows/s, the ratio to the goal and the
load average. A tampered copy (one payment changed near the end) must be named.

    .venv/bin/python bench/ledger_verify.py [--entries 1000000] [--recharge-share 0.1]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
from sqlalchemy import select

from app.db import Database, open_database
from app.demo import build_demo
from app.ledger import chain
from app.ledger.journal import verify
from app.models import Account, AuditHead
from app.security import audit
from bench.audit_verify import BenchKeyring, cpu_name

TS = "%Y-%m-%d %H:%M:%S.%f"


def receipt_content(seq: int, fen: int, account: str, when: datetime) -> dict[str, object]:
    return {
        "park": "星河智造产业园",
        "park_phone": "0512-6688 8899",
        "park_address": "江苏省苏州市工业园区星湖街 88 号",
        "issuer": "",
        "footer": "",
        "number": f"R{seq:08d}",
        "issued_at": when.isoformat(),
        "operator": "收银员",
        "tenant": "苏州星河电子有限公司",
        "room": "1号厂房 / 1F / 101",
        "meter": "-",
        "account": account,
        "amount_fen": fen,
        "method": "cash",
        "balance_before_fen": 0,
        "balance_after_fen": fen,
        "price_summary": "平 0.6600",
        "state": "platform",
        "state_note": "",
    }


def build(path: Path, entries: int, share: float) -> tuple[Database, float]:
    db = open_database(f"sqlite:///{path}")
    build_demo(db, rooms=400, opening_balances=False)
    with db.read() as s:
        accounts = [(a.id, a.number) for a in s.scalars(select(Account))]
        chain_id = s.execute(select(AuditHead.chain_id)).scalar_one()
    db.dispose()
    started = time.perf_counter()
    key = audit.key_for_chain(chain_id, 0)
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")  # bulk fill only; the verifier reads normally
    con.execute("BEGIN")
    txns, legs, payments, receipts, logs = [], [], [], [], []
    balance: dict[int, int] = {}
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    every = max(1, round(1 / share)) if share else 0
    prev, seq_r, entry_id = audit.genesis(key, chain_id), 0, 0
    for i in range(1, entries // 2 + 1):
        account, number = accounts[i % len(accounts)]
        when = t0 + timedelta(seconds=i * 13, microseconds=i % 999_983)
        stamp = when.strftime(TS)
        if every and i % every == 0:
            fen = 1000 + i % 50_000
            seq_r += 1
            txns.append((i, stamp, "recharge", f"key-{i:012d}", 1, None, ""))
            legs += [
                (entry_id + 1, i, "cash", None, None, -fen),
                (entry_id + 2, i, "tenant", account, None, fen),
            ]
            payments.append((i, i, account, None, None, "cash", fen, 1, None, stamp))
            content = receipt_content(seq_r, fen, number, when)
            digest = hashlib.sha256(
                json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
            ).hexdigest()[:16]
            receipts.append((seq_r, seq_r, f"R{seq_r:08d}", i, stamp, json.dumps(content), digest))
            detail = audit.canonical_json(
                {"after": {"amount_fen": fen, "method": "cash", "receipt": f"R{seq_r:08d}",
                           "meter_id": None, "expected_count": None, "txn": i}}
            )  # fmt: skip
            target = f"account:{account}"
            row = audit.canonical(seq_r, stamp, 1, "cashier", "desk-1", "recharge", target, detail)
            prev = audit.link(key, prev, row)
            logs.append((seq_r, stamp, 1, "cashier", "desk-1", "recharge", target, detail, prev))
        else:
            fen = 1 + i % 500
            fen = -fen
            txns.append((i, stamp, "charge", f"charge:{i}", None, None, f"energy, meter {i % 400}"))
            legs += [
                (entry_id + 1, i, "tenant", account, None, fen),
                (entry_id + 2, i, "revenue", None, None, -fen),
            ]
        entry_id += 2
        balance[account] = balance.get(account, 0) + fen
    con.executemany(
        "INSERT INTO ledger_txn (id, created_at, kind, idempotency_key, operator_id, "
        "reverses_id, memo) VALUES (?,?,?,?,?,?,?)",
        txns,
    )
    con.executemany(
        "INSERT INTO ledger_entry (id, txn_id, book, account_id, meter_id, amount_fen) "
        "VALUES (?,?,?,?,?,?)",
        legs,
    )
    con.executemany(
        "INSERT INTO payment (id, txn_id, account_id, room_id, meter_id, method, amount_fen, "
        "operator_id, shift_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        payments,
    )
    con.executemany(
        "INSERT INTO receipt (id, seq, number, txn_id, issued_at, content, verify_hash) "
        "VALUES (?,?,?,?,?,?,?)",
        receipts,
    )
    con.executemany(f"INSERT INTO audit_log ({audit.COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)", logs)
    con.execute(
        "UPDATE audit_head SET seq = ?, hash = ?, mac = ? WHERE id = 1",
        (seq_r, prev, audit.head_mac(key, chain_id, seq_r, prev)),
    )
    con.executemany(
        "UPDATE account SET balance_fen = ? WHERE id = ?", [(v, k) for k, v in balance.items()]
    )
    con.execute("UPDATE counter SET value = ? WHERE name = 'receipt'", (seq_r,))
    con.commit()
    con.close()
    db = Database(f"sqlite:///{path}")
    with db.engine.connect() as conn:  # the chain's own sealing code seals the whole journal
        conn.execution_options(wattdesk_write=True)
        with conn.begin():
            chain._seal_ids(conn, chain.ledger_key(key), (0, "", 0, 0), set())
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return db, time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--recharge-share", type=float, default=0.1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    keyring.set_keyring(BenchKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        db, built = build(path, args.entries, args.recharge_share)
        times, cpu, report = [], [], None
        for _ in range(args.repeat):
            started, used = time.perf_counter(), time.process_time()
            report = verify(db)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - used)
            assert report.ok, report.breaches[:5]
        assert report is not None
        db.dispose()
        con = sqlite3.connect(path)
        con.execute("DROP TRIGGER payment_no_update")
        victim = con.execute("SELECT max(txn_id) FROM payment").fetchone()[0]
        con.execute("UPDATE payment SET amount_fen = amount_fen + 1 WHERE txn_id = ?", (victim,))
        con.commit()
        con.close()
        started = time.perf_counter()
        bad = verify(db)
        tampered = time.perf_counter() - started
        db.dispose()
        assert bad.first_bad == victim, bad.breaches[:3]
        size = path.stat().st_size
    best = min(times)
    print(f"date        {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine     {cpu_name()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}")  # fmt: skip
    print(f"load        {Path('/proc/loadavg').read_text().split()[:3]}")
    print(f"journal     {report.entries:,} entries, {report.transactions:,} transactions, "
          f"{report.receipts:,} receipts and money audit rows, {report.accounts:,} accounts "
          f"(file {size / 1e6:.0f} MB, built and sealed in {built:.1f} s)")  # fmt: skip
    print(f"verify      best {best:.2f} s, all {', '.join(f'{t:.2f}' for t in times)} s "
          f"({report.entries / best / 1e6:.2f} M entries/s; "
          f"{best / 5:.0%} of the 5 s goal)")  # fmt: skip
    print(f"cpu         best {min(cpu):.2f} s of this process (the wall time less the waits "
          f"for a core on a loaded machine): {args.entries / min(cpu) / 1e6:.2f} M entries/s, "
          f"{min(cpu) / 5:.0%} of the goal")  # fmt: skip
    print(f"tampered    transaction {bad.first_bad} named in {tampered:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
