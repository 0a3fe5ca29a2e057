"""``python -m app statement pdf`` and ``bill list|pay|cancel``: real subprocesses on a real
SQLite file holding the small park of tests/reports/smallpark (money made by the services)
and two bills. Files written are read back (pdftotext); refusals are one sentence and an
exit code, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import keyring
import pytest

from app.billing.bills import issue_bill
from app.cli import build_parser
from app.db import open_database
from app.models import Role
from app.security import Permission, add_operator, audit
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from tests.cli.test_auth import leaves
from tests.clilogin import PASSWORD, login_env
from tests.reports.smallpark import at, build
from tests.security.filekeyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def park(tmp_path: Path) -> dict[str, str]:
    env = {
        "PYTHON_KEYRING_BACKEND": "tests.security.filekeyring.FileKeyring",
        "WATTDESK_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
        "WATTDESK_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(ROOT),
        "WATTDESK_LANG": "en",
    }
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    audit.forget_cached_keys()
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    url = f"sqlite:///{tmp_path / 'park.sqlite'}"
    db = open_database(url, create=True)
    try:
        small = build(db)
        for role in (Role.CASHIER, Role.OPERATOR, Role.AUDITOR):
            add_operator(db, small.admin, role.value, role.value, role, PASSWORD)
        with db.write() as s:
            issue_bill(
                s, small.accounts["P2"], "fee:1", "2026-Q1", 30000, date(2026, 3, 15), now=at(3, 1)
            )
            issue_bill(
                s, small.accounts["P1"], "fee:1", "2026-Q1", 50000, date(2026, 4, 15), now=at(3, 1)
            )
    finally:
        db.dispose()
        configure_hashing(DEFAULT_PARAMS)
        keyring.set_keyring(previous)
        audit.forget_cached_keys()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return {**env, "url": url}


def run(
    park: dict[str, str], *args: str, who: str | None = "admin"
) -> subprocess.CompletedProcess[str]:
    env = login_env(who, **{k: v for k, v in park.items() if k.isupper()})
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--db", park["url"]],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=env,
    )


def refused(done: subprocess.CompletedProcess[str], code: int, *words: str) -> bool:
    return (
        done.returncode == code
        and "Traceback" not in done.stderr
        and all(w in done.stderr for w in words)
    )


def test_access_declared() -> None:
    found = dict(leaves(build_parser()))
    needs = {n: p.get_default("access").permission for n, p in found.items()}
    assert needs["statement pdf"] is Permission.REPORT_FINANCE
    assert needs["bill pay"] is Permission.RECHARGE
    assert needs["bill cancel"] is Permission.BILLING_RUN
    assert needs["bill list"] is None  # the service checks: cashier or finance


def test_statement_pdf_and_batch(park: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "p1.pdf"
    done = run(
        park,
        "statement",
        "pdf",
        "--account",
        "P1",
        "--period",
        "2026-03",
        "--output",
        str(out),
        who="auditor",
    )
    assert done.returncode == 0, done.stderr
    assert "P1: pages 1-1" in done.stderr
    tool = shutil.which("pdftotext")
    if tool is not None:
        text = subprocess.run(
            [tool, "-layout", str(out), "-"], capture_output=True, check=True
        ).stdout.decode()
        assert "甲公司" in text and "264.00" in text and "ZD00000002" in text
    batch = tmp_path / "a.pdf"
    done = run(
        park,
        "statement",
        "pdf",
        "--building",
        "A栋",
        "--period",
        "2026-03",
        "--output",
        str(batch),
        who="auditor",
    )
    assert done.returncode == 0, done.stderr
    assert "M1: pages 1-" in done.stderr and "P1: pages" in done.stderr
    sheet = tmp_path / "a.csv"
    done = run(
        park,
        "statement",
        "pdf",
        "--building",
        "A栋",
        "--period",
        "2026-03",
        "--format",
        "csv",
        "--output",
        str(sheet),
        who="auditor",
    )
    assert done.returncode == 0, done.stderr
    assert "乙商店" in sheet.read_text(encoding="utf-8-sig")
    assert refused(
        run(
            park,
            "statement",
            "pdf",
            "--account",
            "NOPE",
            "--period",
            "2026-03",
            "--output",
            str(out),
            who="auditor",
        ),
        1,
        "NOPE",
    )
    assert refused(
        run(
            park,
            "statement",
            "pdf",
            "--account",
            "P1",
            "--period",
            "2026-03",
            "--output",
            str(out),
            who="cashier",
        ),
        1,
    )
    assert refused(run(park, "statement", "pdf", "--account", "P1", "--output", str(out)), 2)


def test_bill_list_pay_twice_and_cancel(park: dict[str, str], tmp_path: Path) -> None:
    listed = run(park, "bill", "list", "--open", "--json", who="cashier")
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [r["number"] for r in rows] == ["ZD00000001", "ZD00000002"]  # overdue first
    receipt = tmp_path / "r.pdf"
    paid = run(
        park,
        "bill",
        "pay",
        "ZD00000001",
        "--method",
        "cash",
        "--receipt",
        str(receipt),
        who="cashier",
    )
    assert paid.returncode == 0, paid.stderr
    assert "300.00 yuan paid by cash" in paid.stdout and receipt.read_bytes()[:4] == b"%PDF"
    assert refused(
        run(park, "bill", "pay", "ZD00000001", "--method", "cash", who="cashier"), 1, "ZD00000001"
    )
    assert refused(run(park, "bill", "pay", "ZD00000002", "--method", "cash", who="operator"), 1)
    assert refused(run(park, "bill", "cancel", "ZD00000002", "--reason", "x", who="cashier"), 1)
    done = run(park, "bill", "cancel", "ZD00000002", "--reason", "wrong amount")
    assert done.returncode == 0, done.stderr
    left = run(park, "bill", "list", "--open", who="auditor")
    assert left.returncode == 0 and left.stdout.strip() == ""
    verify = run(park, "ledger", "verify", who="auditor")
    assert verify.returncode == 0, verify.stdout + verify.stderr
