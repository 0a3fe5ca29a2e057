"""``python -m app schedule ...`` as real subprocesses on SQLite and PostgreSQL: a timetable
added, listed, shown with what it does next, holidays, removed; bad input refused in words
naming the field (exit 1; a malformed option exit 2), never a traceback; and two
workstations running the same due check at once execute each transition once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db import Database, open_database
from app.models import MeterCommand, TimetableTransition
from tests.clilogin import PASSWORD, add_staff

from .conftest import Dorm, build_dorm

ROOT = Path(__file__).resolve().parents[2]
RULE = ["--rule", "mon-fri=23:00-06:30", "--rule", "sat,sun=23:30-07:30"]


def app(url: str, *args: str, as_: str = "admin") -> subprocess.Popen[str]:
    env = {**os.environ, "WATTDESK_LANG": "en", "WATTDESK_PASSWORD": PASSWORD}
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args, "--db", url, "--operator", as_],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )


def run(url: str, *args: str, as_: str = "admin") -> subprocess.CompletedProcess[str]:
    proc = app(url, *args, as_=as_)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture
def site(db_url: str, db: Database) -> tuple[str, Dorm]:
    dorm = build_dorm(db)
    add_staff(db_url)
    return db_url, dorm


def add(url: str, *extra: str, name: str = "宿舍熄灯") -> subprocess.CompletedProcess[str]:
    return run(url, "schedule", "add", "--name", name, "--from", "2026-09-01", *extra)


def test_add_list_show_holidays_remove(site: tuple[str, Dorm]) -> None:
    url, _ = site
    added = add(
        url,
        "--to",
        "2027-01-15",
        "--scope",
        "floor:宿舍A/1F",
        *RULE,
        "--holiday-rule",
        "00:30-09:00",
        "--holiday",
        "2026-10-01,2026-10-02",
        "--remarks",
        "秋季学期",
    )
    assert added.returncode == 0, added.stderr
    assert "Timetable 宿舍熄灯 added" in added.stdout
    listed = run(url, "schedule", "list")
    assert listed.returncode == 0, listed.stderr
    assert "floor:宿舍A/1F" in listed.stdout and "mon=23:00-06:30" in listed.stdout
    shown = run(url, "schedule", "show", "宿舍熄灯", "--json", "--days", "400")
    facts = json.loads(shown.stdout)
    assert facts["holidays"] == ["2026-10-01", "2026-10-02"]
    assert {"day": "holiday", "off": "00:30", "on": "09:00"} in facts["rules"]
    assert facts["next"] and facts["next"][0]["meters"] == 2  # rooms 101 and 102
    hol = run(
        url, "schedule", "holidays", "宿舍熄灯", "--add", "2026-10-03", "--drop", "2026-10-02"
    )
    assert hol.returncode == 0 and "2026-10-01, 2026-10-03" in hol.stdout, hol.stderr
    removed = run(url, "schedule", "remove", "宿舍熄灯")
    assert removed.returncode == 0, removed.stderr
    assert "宿舍熄灯" not in run(url, "schedule", "list").stdout
    assert "[removed]" in run(url, "schedule", "list", "--all").stdout


BAD = [
    (["--scope", "building:宿舍A", "--rule", "mon-fri=23:00-25:00"], "rule: write the time"),
    (["--scope", "building:宿舍A", "--rule", "mon-fri 23:00-06:30"], "rule: write DAYS=OFF-ON"),
    (["--scope", "building:宿舍A", "--rule", "fri-mon=23:00-06:30"], "days: the range"),
    (["--scope", "building:宿舍A", "--rule", "mon=23:00-23:00"], "rules: on mon the off"),
    (["--scope", "building:宿舍A"], "rules: give at least one day"),
    (["--scope", "campus:宿舍A", *RULE], "scope: write building:NAME"),
    (["--scope", "building:无此楼", *RULE], "scope: unknown building 无此楼"),
    (["--scope", "rooms:宿舍A/1F/999", *RULE], "scope: unknown room 宿舍A/1F/999"),
    (["--scope", "building:宿舍A", "--to", "2026-08-01", *RULE], "valid_to: 2026-08-01 is before"),
    (["--scope", "building:宿舍A", "--to", "2026-02-30", *RULE], "valid_to: write the date"),
    (["--scope", "building:宿舍A", "--holiday", "10/01", *RULE], "holiday: write the date"),
    (["--scope", "building:宿舍A", "--holiday-rule", "0030", *RULE], "holiday_rule: write OFF-ON"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_is_refused_in_words(
    site: tuple[str, Dorm], args: list[str], message: str
) -> None:
    result = add(site[0], *args)
    assert result.returncode == 1, result.stdout
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr


def test_conflicts_unknowns_and_rights_are_refused(site: tuple[str, Dorm]) -> None:
    url, _ = site
    assert add(url, "--scope", "building:宿舍A", *RULE).returncode == 0
    cases = [
        (add(url, "--scope", "building:宿舍A", *RULE), "name: a timetable called 宿舍熄灯"),
        (
            add(url, "--scope", "building:宿舍A", *RULE, name="第二个"),
            "valid_from: the dates overlap timetable 宿舍熄灯",
        ),
        (run(url, "schedule", "show", "无此表"), "timetable: no timetable '无此表'"),
        (run(url, "schedule", "remove", "宿舍熄灯", as_="cashier"), ""),
        (run(url, "schedule", "due", "--now", "tonight"), "now: write an ISO 8601 time"),
    ]
    for result, message in cases:
        assert result.returncode == 1, (result.args, result.stdout)
        assert result.stderr.startswith(message), result.stderr
        assert "Traceback" not in result.stderr
    usage = run(url, "schedule", "show", "宿舍熄灯", "--days", "many")
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    assert "宿舍熄灯" in run(url, "schedule", "list").stdout  # the cashier removed nothing


def test_two_workstations_execute_each_transition_once(site: tuple[str, Dorm]) -> None:
    """Three desks run the due check of 23:40 at the same moment (the PC that owns the
    buses, and two more by hand): one cut per meter, one transition row per meter."""
    url, dorm = site
    assert add(url, "--scope", "building:宿舍A", "--rule", "all=23:00-06:30").returncode == 0
    now = "2026-09-30T23:40:00+08:00"
    procs = [app(url, "schedule", "due", "--now", now, "--json") for _ in range(3)]
    results = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in results]
    recorded = sum(json.loads(out)["recorded"] for out, _ in results)
    assert recorded == 3
    db = open_database(url)
    try:
        with db.read() as s:
            commands = s.scalars(select(MeterCommand.meter_id).where(MeterCommand.kind == "relay"))
            rows = s.scalar(select(func.count()).select_from(TimetableTransition))
            assert sorted(commands) == sorted(dorm.meters.values())
            assert rows == 3
    finally:
        db.dispose()


def test_every_schedule_command_logs_in_with_its_right() -> None:
    from app.cli import build_parser
    from app.cli.auth import Kind
    from app.security import Permission
    from tests.cli.test_auth import leaves

    found = {n: p for n, p in leaves(build_parser()) if n.startswith("schedule ")}
    assert set(found) == {
        f"schedule {c}" for c in ("add", "edit", "list", "show", "remove", "holidays", "due")
    }
    needs = {n: p.get_default("access") for n, p in found.items()}
    assert all(a.kind is Kind.LOGIN for a in needs.values())
    assert needs["schedule add"].permission is Permission.RELAY_SWITCH
    assert needs["schedule due"].permission is Permission.RELAY_SWITCH
    assert needs["schedule edit"].permission is Permission.RELAY_SWITCH
    assert needs["schedule list"].permission is Permission.VIEW


def test_edit_changes_only_what_is_given_and_refuses_bad_input_changing_nothing(
    site: tuple[str, Dorm],
) -> None:
    url, _ = site
    assert add(url, "--scope", "building:宿舍A", *RULE, "--remarks", "秋季").returncode == 0
    before = json.loads(run(url, "schedule", "show", "宿舍熄灯", "--json").stdout)
    edited = run(
        url,
        "schedule",
        "edit",
        "宿舍熄灯",
        "--rule",
        "sat,sun=00:00-08:00",
        "--holiday-rule",
        "00:30-09:00",
        "--holiday",
        "2026-10-01",
        "--to",
        "2027-01-15",
        "--name",
        "冬季熄灯",
    )
    assert edited.returncode == 0, edited.stderr
    assert f"Timetable 冬季熄灯 changed (id {before['id']})" in edited.stdout
    after = json.loads(run(url, "schedule", "show", str(before["id"]), "--json").stdout)
    assert after["remarks"] == "秋季" and after["scope"] == before["scope"]
    assert after["valid_to"] == "2027-01-15" and after["holidays"] == ["2026-10-01"]
    rules = {r["day"]: (r["off"], r["on"]) for r in after["rules"]}
    assert rules["mon"] == ("23:00", "06:30") and rules["sun"] == ("00:00", "08:00")
    assert rules["holiday"] == ("00:30", "09:00")
    dropped = run(
        url,
        "schedule",
        "edit",
        "冬季熄灯",
        "--drop-rule",
        "sat,sun",
        "--holiday-rule",
        "none",
        "--to",
        "none",
    )
    assert dropped.returncode == 0, dropped.stderr
    facts = json.loads(run(url, "schedule", "show", "冬季熄灯", "--json").stdout)
    assert [r["day"] for r in facts["rules"]] == ["mon", "tue", "wed", "thu", "fri"]
    assert facts["valid_to"] is None
    bad = [
        (["--to", "2026-08-01"], "valid_to: 2026-08-01 is before"),
        (["--rule", "mon=23:00-23:00"], "rules: on mon the off"),
        (["--rule", "mon=25:00-06:00"], "rule: write the time"),
        (["--scope", "building:无此楼"], "scope: unknown building 无此楼"),
        (["--drop-rule", "all"], "rules: give at least one day"),
        (["--from", "2026-13-01"], "valid_from: write the date"),
        ([], "edit: name what to change"),
    ]
    for args, message in bad:
        result = run(url, "schedule", "edit", "冬季熄灯", *args)
        assert result.returncode == 1, (args, result.stdout)
        assert result.stderr.startswith(message), result.stderr
        assert "Traceback" not in result.stderr
    refused = run(url, "schedule", "edit", "冬季熄灯", "--remarks", "x", as_="cashier")
    assert refused.returncode == 1
    assert json.loads(run(url, "schedule", "show", "冬季熄灯", "--json").stdout) == facts
