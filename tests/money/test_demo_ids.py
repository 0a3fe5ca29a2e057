"""Explicit ids never break PostgreSQL's sequences (#13 item 7).

The demo writes its rows with explicit ids (bulk inserts without RETURNING) and opening
balances as ledger rows; PostgreSQL's id sequences did not move, so after ``init --demo``
the first recharge failed with UniqueViolation pk_ledger_txn (and the first new account,
meter, tenant ... would have too). Runs on both back ends through the real CLI.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid

import keyring
import pytest
from sqlalchemy import select

from app.db import open_database
from app.ledger.accounts import open_account
from app.ledger.journal import verify
from app.ledger.recharge import RechargeRequest, recharge
from app.models import BillingMode, Room
from app.security import AuditKeyMissing, audit, system_actor
from tests.security.filekeyring import FileKeyring

from .conftest import room_of


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        # the bare park: opening balances sealed, the audit log empty
        (["--no-history"], "sealed transactions"),
        # with 13 months of history (issue 15): recharges audited, shifts with explicit ids
        ([], "audit log of this database has"),
    ],
)
def test_init_demo_then_recharges_and_new_rows(db_url: str, extra: list[str], missing: str) -> None:
    init = subprocess.run(
        [sys.executable, "-m", "app", "init", "--db", db_url, "--demo", "--rooms", "200", *extra],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ},
    )
    assert init.returncode == 0, init.stderr
    db = open_database(db_url)
    actor = system_actor(name="cli:test")
    try:
        # this process's keyring lacks the key `init` made (its opening balances are sealed,
        # its audit log is empty, or holds the history's rows): a write is refused, no second
        # key is made behind the seals
        room = room_of(db, BillingMode.PLATFORM)
        with pytest.raises(AuditKeyMissing, match=missing):
            recharge(db, actor, RechargeRequest("50", "cash", uuid.uuid4().hex, room_id=room.id))
        keyring.set_keyring(FileKeyring())  # the keyring `init` wrote to, like a real desk's
        audit.forget_cached_keys()
        for billing in (BillingMode.PLATFORM, BillingMode.METER, BillingMode.PLATFORM):
            room = room_of(db, billing)
            request = RechargeRequest("50", "cash", uuid.uuid4().hex, room_id=room.id)
            assert recharge(db, actor, request).amount_fen == 5000
        with db.read() as s:
            vacant = s.scalar(select(Room.id).where(Room.account_id.is_(None)).limit(1))
        assert vacant is not None
        account = open_account(db, actor, "新租户有限公司", "enterprise", [vacant])
        assert account.id > 0
        report = verify(db)
        assert report.ok, report.breaches
    finally:
        db.dispose()
