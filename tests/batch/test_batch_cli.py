"""``python -m app batch ...`` as real subprocesses: a bad sheet refused in words with
every error (exit 1, no traceback); two desks working the same money batch at once post
each item exactly once."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from app.batch import BatchRequest, approve, create
from app.db import Database
from app.models import Batch, BatchStatus, BillingMode, ItemState, LedgerTxn
from drivers.simulator import BusSimulator
from tests.collector.conftest import make_site

from .conftest import PASSWORD, Staff, items, status

ROOT = Path(__file__).resolve().parents[2]


def _app(db: Database, login: str, *args: str) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "WATTDESK_OPERATOR": login,
        "WATTDESK_PASSWORD": PASSWORD,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "app", "batch", args[0], "--db", db.url, *args[1:]],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_cli_refuses_a_bad_sheet_with_every_error(
    db: Database, shared_keyring: None, sim: BusSimulator, staff: Staff, tmp_path: Path
) -> None:
    make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 3)})
    sheet = tmp_path / "bad.csv"
    sheet.write_text("room,amount\n101,10\n999,5\n102,x\n", encoding="utf-8")
    proc = _app(db, "admin", "run", "--action", "recharge", "--file", str(sheet))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1, (out, err)
    assert "row 3, column room" in err and "row 4, column amount" in err
    assert "Traceback" not in err
    proc = _app(db, "admin", "run", "--action", "cut", "--rooms", "101,102", "--dry-run")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert "1号楼/101" in out and "2" in out


def test_two_desks_post_each_item_once(
    db: Database, shared_keyring: None, sim: BusSimulator, staff: Staff, tmp_path: Path
) -> None:
    site = make_site(db, sim, {str(a): BillingMode.PLATFORM for a in range(1, 5)})
    sheet = tmp_path / "ok.csv"
    sheet.write_text(
        "room,amount\n" + "".join(f"10{a},{a}.25\n" for a in range(1, 5)), encoding="utf-8"
    )
    batch_id = create(db, staff.admin, BatchRequest("recharge", sheet=sheet))
    approve(db, staff.admin2, batch_id)
    desks = [_app(db, "admin", "work") for _ in range(2)]
    for desk in desks:
        _out, err = desk.communicate(timeout=180)
        assert desk.returncode == 0, err
    assert status(db, batch_id) is BatchStatus.DONE
    assert [i.state for i in items(db, batch_id)] == [ItemState.DONE] * 4
    with db.read() as s:
        keys = list(
            s.scalars(
                select(LedgerTxn.idempotency_key).where(LedgerTxn.idempotency_key.like("batch:%"))
            )
        )
    assert sorted(keys) == [f"batch:{batch_id}:{n}" for n in range(1, 5)]
    for a in range(1, 5):
        assert site.balance(a) == a * 100 + 25


def test_cli_schedules_lists_and_cancels(
    db: Database, shared_keyring: None, sim: BusSimulator, staff: Staff
) -> None:
    make_site(db, sim, {"1": BillingMode.METER})
    proc = _app(
        db, "operator", "run", "--action", "close", "--rooms", "101", "--at", "2099-01-01 06:30"
    )
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    with db.read() as s:
        [batch] = s.scalars(select(Batch)).all()
        assert batch.status is BatchStatus.SCHEDULED
        assert batch.run_at == datetime(2098, 12, 31, 22, 30, tzinfo=UTC)  # 06:30 in Shanghai
    proc = _app(db, "operator", "list")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0 and f"#{batch.id} close" in out, err
    proc = _app(db, "operator", "cancel", str(batch.id))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    assert status(db, batch.id) is BatchStatus.CANCELLED
    proc = _app(db, "operator", "run", "--action", "close", "--rooms", "101", "--at", "tomorrow")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "YYYY-MM-DD" in err and "Traceback" not in err
    proc = _app(db, "cashier", "run", "--action", "cut", "--rooms", "101")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "may not" in err and "Traceback" not in err
