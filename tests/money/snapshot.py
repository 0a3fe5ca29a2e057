"""A snapshot of every table a money operation may touch, to prove a refusal wrote nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from app.db import Database

TABLES = (
    "account",
    "tenant",
    "room",
    "meter",
    "meter_command",
    "meter_charge",
    "reading",
    "ledger_txn",
    "ledger_entry",
    "payment",
    "receipt",
    "counter",
    "shift",
    "refund_request",
)
# log-ins write audit rows of their own; everything else a refused operation must not write
IGNORED_ACTIONS = tuple(
    f"{p}.{o}" for p in ("login", "approval") for o in ("ok", "failed", "refused")
)


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    with db.read() as s:
        data = {
            table: sorted(map(tuple, s.execute(text(f"SELECT * FROM {table}")).all()), key=repr)
            for table in TABLES
        }
        data["audit_log"] = [
            tuple(row)
            for row in s.execute(text("SELECT id, action, target FROM audit_log ORDER BY id")).all()
            if row[1] not in IGNORED_ACTIONS
        ]
    return data


def assert_unchanged(db: Database, before: dict[str, list[tuple[Any, ...]]]) -> None:
    after = snapshot(db)
    changed = {t: (before[t][-3:], after[t][-3:]) for t in before if before[t] != after[t]}
    assert not changed, f"a refused operation wrote: {changed}"
