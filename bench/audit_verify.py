"""How long does ``audit verify`` take on 1,000,000 audit rows? (goal: ≤ 5 s, issue 13)

Builds a real WattDesk SQLite database (migrations, triggers, WAL) in a temporary directory,
fills ``audit_log`` with a valid hash chain of realistic rows (a login, a recharge, a relay
command, with before/after detail), then times ``app.security.verify_chain`` — exactly what
``python -m app audit verify`` runs. It also times a tampered copy (one byte changed near the
end), which must be found, to show that the time is spent checking and not skipping.

Rows are inserted in bulk with the same ``canonical``/``link`` functions the writer uses
(going through ``record()`` row by row would measure the writer, not the verifier). The
audit key lives in an in-memory keyring backend for the run: this machine has no desktop
keyring, and the key is read once per verification anyway.

    .venv/bin/python bench/audit_verify.py [--rows 1000000] [--keep PATH]
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import keyring
from keyring.backend import KeyringBackend
from sqlalchemy import select

from app.db import Database, open_database
from app.models import AuditHead
from app.security import audit, verify_chain
from app.security.keystore import audit_key_name, set_secret


class BenchKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


ACTIONS = [
    ("login.ok", "operator:cashier1", "{}"),
    (
        "recharge",
        "account:E0100234",
        '{"after":{"balance":"356.20"},"before":{"balance":"156.20"},"method":"cash",'
        '"receipt":"R2026-0012345"}',
    ),
    (
        "relay.command",
        "meter:bus3/017",
        '{"after":{"relay":"closed"},"before":{"relay":"open"},"reason":"balance restored"}',
    ),
    (
        "tariff.publish",
        "tariff:dorm-tou",
        '{"after":{"flat":"0.6523","peak":"0.9874","valley":"0.3261"},"effective":"2026-12-01"}',
    ),
]


def build(path: Path, rows: int) -> float:
    db = open_database(f"sqlite:///{path}")
    with db.read() as session:
        chain_id = session.execute(select(AuditHead.chain_id)).scalar_one()
    db.dispose()
    key = secrets.token_bytes(32)
    set_secret(audit_key_name(chain_id), key.hex())
    started = time.perf_counter()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = OFF")  # bulk fill only; the verifier reads normally
    prev = audit.genesis(key, chain_id)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    insert = f"INSERT INTO audit_log ({audit.COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)"
    batch: list[tuple[object, ...]] = []
    con.execute("BEGIN")
    for i in range(1, rows + 1):
        action, target, detail = ACTIONS[i % len(ACTIONS)]
        ts = audit.ts_text(t0 + timedelta(seconds=i * 7, microseconds=i % 999_983))
        op = 1 + i % 12
        actor, ws = f"operator{op}", f"desk-{i % 3 + 1}"
        digest = audit.link(
            key, prev, audit.canonical(i, ts, op, actor, ws, action, target, detail)
        )
        batch.append((i, ts, op, actor, ws, action, target, detail, digest))
        prev = digest
        if len(batch) == 50_000:
            con.executemany(insert, batch)
            batch.clear()
    if batch:
        con.executemany(insert, batch)
    con.execute(
        "UPDATE audit_head SET seq = ?, hash = ?, mac = ? WHERE id = 1",
        (rows, prev, audit.head_mac(key, chain_id, rows, prev)),
    )
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return time.perf_counter() - started


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="verifications to time")
    parser.add_argument("--keep", type=Path, help="keep the database at this path")
    args = parser.parse_args()
    keyring.set_keyring(BenchKeyring())
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.sqlite"
        if path.exists():
            path.unlink()
        built = build(path, args.rows)
        size = path.stat().st_size
        db = Database(f"sqlite:///{path}")
        times, cpu = [], []
        for _ in range(args.repeat):
            used = time.process_time()
            result = verify_chain(db)
            cpu.append(time.process_time() - used)
            assert result.ok and result.rows == args.rows, result.summary()
            times.append(result.seconds)
        db.dispose()
        con = sqlite3.connect(path)
        con.execute("DROP TRIGGER audit_log_no_update")
        victim = max(1, args.rows - 10)
        con.execute("UPDATE audit_log SET target = target || 'x' WHERE id = ?", (victim,))
        con.commit()
        con.close()
        db = Database(f"sqlite:///{path}")
        bad = verify_chain(db)
        db.dispose()
        assert not bad.ok and bad.first_bad == victim, bad.summary()
    print(f"date        {datetime.now().astimezone():%Y-%m-%d %H:%M %Z}")
    print(f"machine     {cpu_name()}, {os.cpu_count()} CPUs, {platform.system()} "
          f"{platform.release()}, Python {platform.python_version()}, "
          f"SQLite {sqlite3.sqlite_version}")  # fmt: skip
    print(f"rows        {args.rows:,}  (file {size / 1e6:.0f} MB, built in {built:.1f} s)")
    print(f"verify      best {min(times):.2f} s, all {', '.join(f'{t:.2f}' for t in times)} s"
          f"  ({args.rows / min(times) / 1e6:.2f} M rows/s)")  # fmt: skip
    print(f"cpu         best {min(cpu):.2f} s of this process ({min(cpu) / 5:.0%} of the 5 s "
          f"goal; the wall time less the waits for a core on a loaded machine)")  # fmt: skip
    print(f"load        {Path('/proc/loadavg').read_text().split()[:3]}")
    print(f"tampered    row {bad.first_bad} named in {bad.seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
