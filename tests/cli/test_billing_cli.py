"""``fee add|list|show`` and ``apportion add|list|show`` through the real ``python -m app``
(subprocesses) on a real SQLite file and a real PostgreSQL database: names in, ids stored,
a refusal one sentence naming the field (exit 1), a bad option exit 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import open_database
from app.demo import build_demo
from app.models import Account, AuditEntry, Building, FeeItem, Meter, MeterRole
from tests.clilogin import PASSWORD, add_staff

ROOT = Path(__file__).resolve().parents[2]
BOTH = pytest.mark.parametrize("db_backend", ["sqlite", "postgresql"], indirect=True)


def run(
    url: str, *args: str, as_: str = "admin", lang: str = "en"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WATTDESK_LANG": lang, "WATTDESK_PASSWORD": PASSWORD}
    return subprocess.run(
        [sys.executable, "-m", "app", *args, "--db", url, "--operator", as_],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


@pytest.fixture
def url(db_url: str) -> str:
    db = open_database(db_url)
    build_demo(db, rooms=200, opening_balances=False)
    db.dispose()
    add_staff(db_url)
    return db_url


def first_building(url: str) -> tuple[int, str]:
    db = open_database(url)
    try:
        with db.read() as s:
            row = s.execute(select(Building.id, Building.name).order_by(Building.id)).first()
    finally:
        db.dispose()
    assert row is not None
    return row[0], row[1]


@BOTH
def test_fee_add_list_show(url: str) -> None:
    building, name = first_building(url)
    added = run(
        url,
        "fee",
        "add",
        "--name",
        "保洁费",
        "--amount",
        "3.50",
        "--per",
        "m2",
        "--scope",
        f"building:{name}",
        "--period",
        "monthly",
        "--day",
        "1",
        "--mode",
        "deduct",
        "--from",
        "2026-12-01",
    )
    assert added.returncode == 0, added.stderr
    assert "保洁费" in added.stdout
    listed = run(url, "fee", "list", as_="auditor")
    assert listed.returncode == 0, listed.stderr
    assert "保洁费" in listed.stdout and "3.50/m²" in listed.stdout and "monthly@1" in listed.stdout
    shown = run(url, "fee", "show", "保洁费", "--json", as_="cashier")
    assert shown.returncode == 0, shown.stderr
    data = json.loads(shown.stdout)
    assert data["definition"] == {
        "amount_kind": "per_m2",
        "amount": "3.50",
        "scope": {"buildings": [building]},
        "period": "monthly",
        "day": 1,
        "mode": "deduct",
        "due_days": 15,
    }
    assert (data["effective_from"], data["effective_to"], data["used"]) == (
        "2026-12-01",
        None,
        False,
    )
    db = open_database(url)
    try:
        with db.read() as s:
            assert s.scalar(select(FeeItem.id).where(FeeItem.name == "保洁费")) == data["id"]
            assert (
                s.scalar(select(AuditEntry.actor).where(AuditEntry.action == "fee.add")) == "admin"
            )
    finally:
        db.dispose()


@BOTH
def test_apportion_add_list_show(url: str) -> None:
    building, name = first_building(url)
    db = open_database(url)
    try:
        with db.read() as s:
            common = list(
                s.scalars(
                    select(Meter.id)
                    .where(Meter.building_id == building, Meter.role == MeterRole.COMMON)
                    .order_by(Meter.id)
                )
            )
            number = s.scalar(select(Account.number).order_by(Account.id))
            account = s.scalar(select(Account.id).order_by(Account.id))
    finally:
        db.dispose()
    loss = run(
        url,
        "apportion", "add", "--name", "测试损耗", "--scope", f"building:{name}", "--source", "loss",
        "--basis", "energy", "--cap", "30", "--exclude", str(number), "--from", "2026-12-01",
        "--json",
    )  # fmt: skip
    assert loss.returncode == 0, loss.stderr
    data = json.loads(loss.stdout)
    assert data["definition"]["cap_percent"] == "30"
    assert data["definition"]["exclude_accounts"] == [account]
    assert data["source"] == f"apportion:{data['id']}"
    shared = run(
        url,
        "apportion", "add", "--name", "测试公摊", "--scope", f"building:{name}",
        "--source", "common", "--basis", "area", "--from", "2026-12-01", "--to", "2027-11-30",
    )  # fmt: skip
    assert shared.returncode == 0, shared.stderr
    shown = json.loads(run(url, "apportion", "show", "测试公摊", "--json").stdout)
    assert shown["definition"]["common_meters"] == common and common  # the scope's, by default
    assert shown["effective_to"] == "2027-11-30"
    listed = run(url, "apportion", "list", as_="operator")
    assert listed.returncode == 0, listed.stderr
    lines = {line.split()[1]: line for line in listed.stdout.splitlines()}
    assert "loss  energy  cap 30%" in lines["测试损耗"]
    assert "2026-12-01..2027-11-30  common  area" in lines["测试公摊"]


def test_refusals_are_sentences_with_exit_codes(db_url: str) -> None:
    db = open_database(db_url)
    build_demo(db, rooms=60, opening_balances=False)
    db.dispose()
    add_staff(db_url)
    _, name = first_building(db_url)
    before = run(db_url, "fee", "list").stdout  # the demo's own fee items
    base = ["fee", "add", "--name", "测试房租", "--amount", "4500", "--scope", f"building:{name}"]
    base += ["--period", "quarterly", "--mode", "bill", "--from", "2026-12-01"]
    cases = [
        (["--day", "31"], "en", 1, "day must be a whole number from 1 to 28"),
        (["--amount", "4500.001"], "en", 1, "amount has more than 2 decimals"),
        (["--scope", "building:没有这栋"], "en", 1, "unknown building 没有这栋"),
        (["--to", "2026-01-01"], "zh_CN", 1, "早于生效日期"),
        (["--from", "2026-13-01"], "en", 2, "not a date"),
        (["--period", "weekly"], "en", 2, "invalid choice"),
    ]
    for extra, lang, code, text in cases:
        done = run(db_url, *base, *extra, lang=lang)
        assert done.returncode == code, (extra, done.stderr)
        assert text in done.stderr, (extra, done.stderr)
        assert "Traceback" not in done.stderr
    refused = run(db_url, *base, as_="operator")
    assert refused.returncode == 1 and "may not" in refused.stderr
    missing = run(db_url, "apportion", "show", "没有")
    assert missing.returncode == 1 and "no apportionment scheme" in missing.stderr
    ratio = run(
        db_url,
        "apportion", "add", "--name", "比例", "--scope", "park", "--source", "loss",
        "--basis", "ratio", "--from", "2026-12-01",
    )  # fmt: skip
    assert ratio.returncode == 1 and "ratios" in ratio.stderr, ratio.stderr
    assert run(db_url, "fee", "list").stdout == before  # nothing was stored
