"""``python -m app load list|show|learn|restore`` as real subprocesses on SQLite and
PostgreSQL: events listed and filtered, a room's state, learning mode, the manager's
restore (refused without a reason or the permission, in words, exit 1, in English and in
Chinese), bad input never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from sqlalchemy import select

from app.db import Database, open_database
from app.loadcontrol.actions import rule_of
from app.loadcontrol.rules import LoadRules
from app.models import MeterCommand, RelayState
from app.security import audit, system_actor
from tests.clilogin import PASSWORD, add_staff
from tests.security.filekeyring import FileKeyring
from tests.timecontrol.conftest import ZONE, Dorm, at, build_dorm

from .conftest import control, forbidden

ROOT = Path(__file__).resolve().parents[2]
T0 = at("2026-10-08 15:00")


def run(
    url: str, *args: str, as_: str = "admin", lang: str = "en"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WATTDESK_LANG": lang, "WATTDESK_PASSWORD": PASSWORD}
    return subprocess.run(
        [sys.executable, "-m", "app", "load", *args, "--db", url, "--operator", as_],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def actions(url: str, meter_id: int) -> list[str]:
    """The meter's relay commands, read through a new connection (what the subprocesses
    wrote)."""
    fresh = open_database(url)
    try:
        with fresh.read() as s:
            rows = s.scalars(
                select(MeterCommand)
                .where(MeterCommand.meter_id == meter_id)
                .order_by(MeterCommand.id)
            ).all()
            return [str(c.payload["action"]) for c in rows]
    finally:
        fresh.dispose()


@pytest.fixture
def site(db_url: str, db: Database) -> tuple[str, Dorm]:
    """The dorm with staff, and room 101 cut by load control (no automatic restore: the
    manager's). Written here with the file keyring the subprocesses use."""
    dorm = build_dorm(db)
    add_staff(db_url)
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    audit.forget_cached_keys()
    try:
        control(db, dorm, limit=0)
        rules = LoadRules(db, system_actor(), ZONE, lambda: T0)
        done = rules.handle([forbidden(dorm.meters["101"], T0)])
    finally:
        keyring.set_keyring(previous)
        audit.forget_cached_keys()
    dorm.meter_says("101", RelayState.OPEN, reason="load", rule=rule_of(done.load_events[0]))
    return db_url, dorm


def test_list_and_show(site: tuple[str, Dorm]) -> None:
    url, _ = site
    listed = run(url, "list")
    assert listed.returncode == 0, listed.stderr
    assert "101" in listed.stdout and "immersion_heater" in listed.stdout
    assert "ΔP  1800 W" in listed.stdout and "cut" in listed.stdout
    assert run(url, "list", "--verdict", "allowed").stdout.strip() == "no load events"
    assert "101" in run(url, "list", "--building", "宿舍A", "--since", "2026-10-01").stdout
    shown = run(url, "show", "101", "--json")
    assert shown.returncode == 0, shown.stderr
    facts = json.loads(shown.stdout)
    assert facts["needs_manager"] is True and facts["under_control"] is True
    assert facts["events"][0]["delta_w"] == 1800.0
    text = run(url, "show", "101", lang="zh_CN").stdout
    assert "需要宿管恢复: 是" in text


def test_learn(site: tuple[str, Dorm]) -> None:
    url, _ = site
    learned = run(url, "learn", "102", "--name", "台灯", as_="operator")
    assert learned.returncode == 0, learned.stderr
    assert "learning until" in learned.stdout
    assert json.loads(run(url, "show", "102", "--json").stdout)["learning"] == "台灯"
    refused = run(url, "learn", "102", "--name", "台灯", as_="cashier")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr


def test_restore_needs_a_reason_and_the_permission(site: tuple[str, Dorm]) -> None:
    url, dorm = site
    bare = run(url, "restore", "101", as_="operator")
    assert bare.returncode == 1 and "needs a reason" in bare.stderr
    assert "Traceback" not in bare.stderr
    zh = run(url, "restore", "101", as_="operator", lang="zh_CN")
    assert zh.returncode == 1 and "原因" in zh.stderr
    cashier = run(url, "restore", "101", "--reason", "checked", as_="cashier")
    assert cashier.returncode == 1 and "may not" in cashier.stderr
    assert actions(url, dorm.meters["101"]) == ["cut"]
    done = run(url, "restore", "101", "--reason", "heater taken away", as_="operator")
    assert done.returncode == 0, done.stderr
    assert "power restore queued" in done.stdout
    assert actions(url, dorm.meters["101"]) == ["cut", "close"]
    again = run(url, "restore", "101", "--reason", "once more", as_="operator")
    assert again.returncode == 1 and "not cut by load control" in again.stderr


def test_bad_input(site: tuple[str, Dorm]) -> None:
    url, _ = site
    for args in (
        ("show", "999"),
        ("list", "--building", "nowhere"),
        ("learn", "101", "--name", " "),
    ):
        bad = run(url, *args)
        assert bad.returncode == 1, (args, bad.stdout, bad.stderr)
        assert bad.stderr.strip() and "Traceback" not in bad.stderr
    usage = run(url, "list", "--since", "yesterday")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
