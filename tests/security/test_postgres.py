"""The audit log on a real PostgreSQL server: triggers, the chain-head lock, verification.

Each test gets its own copy of the migrated template (``pg_db`` in tests/conftest.py) on the
server ``WATTDESK_TEST_PG_URL`` names; without one it is skipped, saying why (failed in CI).
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.db import Database
from app.security import list_entries, record, system_actor, verify_chain


@pytest.fixture
def pg(pg_db: Database) -> Database:
    """A copy of the migrated template on the PostgreSQL server (tests/conftest.py)."""
    return pg_db


def write(db: Database, n: int, ws: str) -> None:
    for i in range(n):
        with db.write() as session:
            record(session, system_actor(ws), "test.edit", f"room:{i}", after={"i": i})


def test_chain_and_triggers_on_postgres(pg: Database) -> None:
    write(pg, 5, "desk-1")
    assert verify_chain(pg).ok
    for statement in (
        "UPDATE audit_log SET target = 'x' WHERE id = 1",
        "DELETE FROM audit_log WHERE id = 5",
        "TRUNCATE audit_log",
    ):
        with pytest.raises(DBAPIError, match="append-only"), pg.write() as session:
            session.execute(text(statement))
    rows = list_entries(pg, system_actor())
    assert [r.id for r in rows] == [1, 2, 3, 4, 5]


def test_concurrent_writers_take_the_head_lock(pg: Database) -> None:
    barrier = threading.Barrier(4)

    def worker(n: int) -> None:
        barrier.wait()
        write(pg, 25, f"desk-{n}")

    with ThreadPoolExecutor(4) as pool:
        for future in [pool.submit(worker, n) for n in range(4)]:
            future.result()
    result = verify_chain(pg)
    assert result.ok and result.rows == 100


def test_tampering_found_on_postgres(pg: Database) -> None:
    write(pg, 8, "desk-1")
    with pg.engine.begin() as conn:  # the attacker is the database owner
        conn.exec_driver_sql("ALTER TABLE audit_log DISABLE TRIGGER USER")
        conn.exec_driver_sql('UPDATE audit_log SET detail = \'{"after":{"i":9}}\' WHERE id = 6')
    result = verify_chain(pg)
    assert (result.ok, result.first_bad) == (False, 6)
    with pg.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM audit_log WHERE id = 3")
    assert verify_chain(pg).first_bad == 3
