"""``billing run`` and ``billing reverse``: real ``python -m app`` subprocesses on a SQLite
file, logged in; exit codes 0 done, 1 refused (in words), 2 usage."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import open_database
from app.demo import build_demo
from app.models import Account, BillingRun, FeeItem
from tests.clilogin import add_staff, login_env

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, login: str | None = "admin") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**login_env(login), "WATTDESK_LANG": "en"},
    )


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A demo park (its own fee items and schemes) plus a ¥8.80 service fee, id 1 after the
    demo's (see ``fee``)."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    db = open_database(url)
    build_demo(db, rooms=20, opening_balances=False)
    with db.write() as s:
        s.add(
            FeeItem(
                name="服务费",
                definition={"amount_kind": "fixed", "amount": "8.80", "scope": {"park": True}},
                effective_from=date(2026, 1, 1),
            )
        )
    db.dispose()
    add_staff(url)
    return url


def balances(url: str) -> dict[int, int]:
    db = open_database(url)
    try:
        with db.read() as s:
            return {a: b for a, b in s.execute(select(Account.id, Account.balance_fen))}
    finally:
        db.dispose()


def fee(url: str) -> str:
    db = open_database(url)
    try:
        with db.read() as s:
            return f"fee:{s.scalar(select(FeeItem.id).where(FeeItem.name == '服务费'))}"
    finally:
        db.dispose()


def test_run_preview_post_rerun_reverse(url: str) -> None:
    before, source = balances(url), fee(url)
    one = ("--source", source)
    dry = run("billing", "run", "--period", "2026-11", *one, "--dry-run", "--json", "--db", url)
    assert dry.returncode == 0, dry.stderr
    [row] = json.loads(dry.stdout)
    assert row["period"] == "2026-11" and "run" not in row and row["accounts"] > 0
    assert balances(url) == before  # a dry run writes nothing

    done = run("billing", "run", "--period", "2026-11", *one, "--json", "--db", url)
    assert done.returncode == 0, done.stderr
    [posted] = json.loads(done.stdout)
    charged = {a: before[a] - b for a, b in balances(url).items() if b != before[a]}
    assert charged and set(charged.values()) == {880}
    assert sum(charged.values()) == posted["deducted_fen"]

    again = run("billing", "run", "--period", "2026-11", *one, "--db", url)
    assert again.returncode == 1 and "already posted as run" in again.stderr
    assert "Traceback" not in again.stderr
    assert balances(url) == before | {a: before[a] - 880 for a in charged}
    assert run("ledger", "verify", "--db", url).returncode == 0

    nobody = run(
        "billing", "reverse", str(posted["run"]), "--reason", "x", "--db", url, login="cashier"
    )
    assert nobody.returncode == 1 and "Traceback" not in nobody.stderr
    back = run("billing", "reverse", str(posted["run"]), "--reason", "typo", "--db", url)
    assert back.returncode == 0, back.stderr
    assert balances(url) == before
    twice = run("billing", "reverse", str(posted["run"]), "--reason", "typo", "--db", url)
    assert twice.returncode == 1 and "already reversed" in twice.stderr
    assert run("ledger", "verify", "--db", url).returncode == 0
    db = open_database(url)
    try:
        with db.read() as s:
            assert s.scalar(select(BillingRun.status)) == "reversed"
    finally:
        db.dispose()


def test_bad_input_is_refused_with_the_right_exit_code(url: str) -> None:
    assert run("billing", "run", "--db", url).returncode == 2  # --period is required
    bad = run("billing", "run", "--period", "2026-13", "--db", url)
    assert bad.returncode == 1 and "not a billing period" in bad.stderr
    nothing = run("billing", "run", "--period", "2026-11", "--building", "Z栋", "--db", url)
    assert nothing.returncode == 1 and "no building" in nothing.stderr
    cashier = run("billing", "run", "--period", "2026-11", "--db", url, login="cashier")
    # every source of the month (the demo's and ours); whatever is refused is said in words
    every = run("billing", "run", "--period", "2026-11", "--json", "--db", url)
    assert every.returncode in (0, 1) and "Traceback" not in every.stderr
    rows = json.loads(every.stdout)
    assert {"source": fee(url), "period": "2026-11"}.items() <= next(
        r for r in rows if r["source"] == fee(url)
    ).items()
    assert any("run" in r for r in rows)
    assert cashier.returncode == 1 and "Traceback" not in cashier.stderr
