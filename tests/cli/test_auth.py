"""The command line logs in (app/cli/auth.py): every subcommand declares who runs it, money
and settings commands need an operator of the right role and their password, only ``init``,
the collector and the first ``operator add`` run as the system actor.

Real ``python -m app`` subprocesses on a real SQLite file; the terminal prompt on a real pty.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli import build_parser
from app.cli.auth import Access, Kind
from app.db import open_database
from app.demo import build_demo
from app.security import Permission
from tests.clilogin import PASSWORD, add_staff, login_env

ROOT = Path(__file__).resolve().parents[2]

# --------------------------------------------------------------------------- the declarations


def leaves(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[str, argparse.ArgumentParser]]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        return [(" ".join(path), parser)]
    return [
        leaf
        for action in subs
        for name, child in action.choices.items()
        for leaf in leaves(child, (*path, name))
    ]


def test_every_command_declares_who_runs_it() -> None:
    """A command that opens the database (it has ``--db``) logs in or is one of the few that
    run as the system actor; one that never opens it says so. A new command that declares
    nothing fails here (and actor_for() refuses to run it)."""
    found = dict(leaves(build_parser()))
    assert "recharge" in found and "collector" in found and "meter read" in found
    for name, parser in found.items():
        access = parser.get_default("access")
        assert isinstance(access, Access), f"{name} does not declare its access (app/cli/auth.py)"
        options = parser._option_string_actions
        if "--db" in options:
            assert access.kind is not Kind.NO_DATABASE, f"{name} opens the database"
        else:
            assert access.kind is Kind.NO_DATABASE, f"{name}: no --db, yet {access.kind}"
        if access.kind is Kind.LOGIN:
            assert "--operator" in options and "--password-stdin" in options, name
    system = {n for n, p in found.items() if p.get_default("access").kind is Kind.SYSTEM}
    assert system == {"init", "collector"}
    first_admin = {n for n, p in found.items() if p.get_default("access").first_admin}
    # the first administrator, and a restore onto a fresh machine (no operators to log in)
    assert first_admin == {"operator add", "restore"}
    hardware = {n for n, p in found.items() if p.get_default("access").kind is Kind.NO_DATABASE}
    assert {"meter read", "meter relay", "bus scan", "simulate", "profile list"} <= hardware
    needs = {n: p.get_default("access").permission for n, p in found.items()}
    assert needs["recharge"] is Permission.RECHARGE
    assert needs["tariff add"] is Permission.TARIFF_EDIT
    assert needs["ledger verify"] is Permission.AUDIT_READ
    assert needs["audit verify"] is Permission.AUDIT_READ
    assert needs["operator disable"] is Permission.OPERATOR_MANAGE
    assert needs["site import"] is Permission.SITE_EDIT
    assert needs["site export"] is Permission.VIEW
    assert needs["backup"] is Permission.BACKUP
    assert needs["notify send"] is Permission.NOTIFY_RESEND  # issue 18
    assert needs["notify retry"] is Permission.NOTIFY_RESEND
    assert needs["notify list"] is Permission.VIEW
    assert needs["fee add"] is needs["apportion add"] is Permission.BILLING_EDIT  # issue 16
    assert needs["fee list"] is needs["apportion show"] is Permission.VIEW
    assert needs["billing run"] is needs["billing reverse"] is Permission.BILLING_RUN


# --------------------------------------------------------------------------- subprocesses


def run(
    *args: str, env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
        cwd=ROOT,
        env={**env, "WATTDESK_LANG": "en"},
    )


@pytest.fixture
def url(tmp_path: Path) -> str:
    """A small demo park with an operator of every role; two wrong passwords lock one out."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    db = open_database(url)
    build_demo(db, rooms=20, opening_balances=False)
    db.dispose()
    add_staff(url, max_failures=2)
    return url


def refused(result: subprocess.CompletedProcess[str], *words: str) -> bool:
    """Exit 1 with a sentence (no traceback) that contains ``words``."""
    return (
        result.returncode == 1
        and "Traceback" not in result.stderr
        and all(w in result.stderr for w in words)
    )


def audit_rows(tmp_path: Path, action: str) -> list[tuple[str, str]]:
    con = sqlite3.connect(tmp_path / "desk.sqlite")
    try:
        return con.execute(
            "SELECT target, detail FROM audit_log WHERE action = ? ORDER BY id", (action,)
        ).fetchall()
    finally:
        con.close()


def test_each_role_may_do_what_the_gui_lets_it_and_nothing_else(url: str, tmp_path: Path) -> None:
    tariff = tmp_path / "t.json"
    tariff.write_text(
        json.dumps({"effective_from": "2030-01-01T00:00:00+08:00", "prices": {"flat": "0.6"}})
    )
    sheet = tmp_path / "site.csv"
    sheet.write_text("building,floor,room,area\nB栋,1F,101,20\n", encoding="utf-8")
    money = ("recharge", "--db", url, "--room", "#1", "--amount", "10", "--method", "cash")
    commands = {
        "money": money,
        "tariff": ("tariff", "add", "商业", "--file", str(tariff), "--db", url),
        "ledger": ("ledger", "verify", "--db", url),
        "operators": ("operator", "unlock", "cashier", "--db", url),
        "audit": ("audit", "verify", "--db", url),
        "site": ("site", "import", str(sheet), "--db", url, "--park", "园区"),
        "backup": ("backup", "--to", str(tmp_path / "copy.sqlite"), "--db", url),
    }
    allowed = {
        "money": ("cashier", "admin"),
        "tariff": ("operator",),
        "ledger": ("auditor",),
        "operators": ("admin",),
        "audit": ("auditor",),
        "site": ("operator",),
        "backup": ("admin",),
    }
    refused_to = {
        "money": ("auditor", "operator"),
        "tariff": ("cashier",),
        "ledger": ("cashier",),
        "operators": ("cashier",),
        "audit": ("operator",),
        "site": ("cashier",),
        "backup": ("auditor",),
    }
    for group, args in commands.items():
        for who in allowed[group]:
            done = run(*args, env=login_env(who))
            assert done.returncode == 0, (group, who, done.stderr)
        for who in refused_to[group]:
            no = run(*args, env=login_env(who))
            assert refused(no, f"{who} (", "may not"), (group, who, no.stderr)
    # the refused recharges took no money: two receipts, the cashier's and the admin's
    con = sqlite3.connect(tmp_path / "desk.sqlite")
    assert con.execute("SELECT count(*) FROM receipt").fetchone() == (2,)
    con.close()


def test_no_operator_is_refused_with_the_options_named(url: str, tmp_path: Path) -> None:
    money = ("recharge", "--db", url, "--room", "#1", "--amount", "10", "--method", "cash")
    nobody = run(*money, env=login_env(None))
    assert refused(nobody, "needs --operator LOGIN (or WATTDESK_OPERATOR)")
    # an operator but no password anywhere, and no terminal to ask on
    env = login_env(None, WATTDESK_OPERATOR="cashier")
    no_password = subprocess.run(
        [sys.executable, "-m", "app", *money],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
        env={**env, "WATTDESK_LANG": "en"},
    )
    assert refused(no_password, "no terminal", "--password-stdin", "WATTDESK_PASSWORD")
    empty = run(*money, "--operator", "cashier", "--password-stdin", env=login_env(None), stdin="")
    assert refused(empty, "standard input is empty")
    assert audit_rows(tmp_path, "recharge") == []


def test_a_wrong_password_is_audited_counted_and_locks_out(url: str, tmp_path: Path) -> None:
    money = ("recharge", "--db", url, "--room", "#1", "--amount", "10", "--method", "cash")
    wrong = run(*money, env=login_env("cashier", "not-my-password"))
    assert refused(wrong, "Wrong login name or password")
    assert "not-my-password" not in wrong.stdout + wrong.stderr
    failed = audit_rows(tmp_path, "login.failed")
    assert [t for t, _ in failed] == ["operator:cashier"]
    assert json.loads(failed[0][1])["failures"] == 1
    second = run(*money, env=login_env("cashier", "still-wrong"))
    assert refused(second, "locked")  # max_failures = 2
    assert audit_rows(tmp_path, "operator.locked")
    right = run(*money, env=login_env("cashier"))  # the right password, but locked out
    assert refused(right, "locked")
    assert audit_rows(tmp_path, "recharge") == []
    # the administrator lifts the lockout, then disables the account
    assert run("operator", "unlock", "cashier", "--db", url, env=login_env("admin")).returncode == 0
    assert run(*money, env=login_env("cashier")).returncode == 0
    assert (
        run("operator", "disable", "cashier", "--db", url, env=login_env("admin")).returncode == 0
    )
    assert refused(run(*money, env=login_env("cashier")), "disabled")
    # the passwords never reach the log files
    files = list((Path(os.environ["WATTDESK_HOME"]) / "logs").rglob("*.log"))
    logs = "".join(p.read_text(errors="replace") for p in files)
    assert "recharge" in logs  # the command lines were logged, without a password
    for secret in (PASSWORD, "not-my-password", "still-wrong"):
        assert secret not in logs


def test_password_from_stdin_or_the_environment(url: str, tmp_path: Path) -> None:
    money = ("recharge", "--db", url, "--room", "#1", "--amount", "10", "--method", "cash")
    piped = run(
        *money, "--operator", "cashier", "--password-stdin", env=login_env(None), stdin=PASSWORD
    )
    assert piped.returncode == 0 and "credited" in piped.stdout, piped.stderr
    # WATTDESK_PASSWORD with the login on the command line
    env = login_env(None, WATTDESK_PASSWORD=PASSWORD)
    assert run(*money, "--operator", "cashier", env=env).returncode == 0
    wrong = run(*money, "--operator", "cashier", env=login_env(None, WATTDESK_PASSWORD="nope-1"))
    assert refused(wrong, "Wrong login name or password")
    actors = [json.loads(d)["after"]["receipt"] for _, d in audit_rows(tmp_path, "recharge")]
    assert actors == ["R00000001", "R00000002"]
    con = sqlite3.connect(tmp_path / "desk.sqlite")
    who = con.execute("SELECT DISTINCT actor FROM audit_log WHERE action = 'recharge'").fetchall()
    con.close()
    assert who == [("cashier",)]  # the recharges are the cashier's, not cli:<os user>'s


def test_the_terminal_asks_without_echo(url: str, tmp_path: Path) -> None:
    master, slave = pty.openpty()
    env = login_env(None, WATTDESK_LANG="en", WATTDESK_OPERATOR="cashier")  # login from env
    args = ["recharge", "--db", url, "--room", "#1", "--amount", "10", "--method", "cash"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=ROOT,
        env=env,
        start_new_session=True,  # the pty becomes the controlling terminal: getpass uses it
    )
    os.close(slave)
    seen = b""

    def read_until(text: bytes, timeout: float = 60.0) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while text not in seen:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([master], [], [], left)[0]:
                raise AssertionError(f"{text!r} never came; got {seen!r}")
            try:
                chunk = os.read(master, 4096)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"{text!r} never came; got {seen!r}")
            seen += chunk

    try:
        read_until(b"Password for cashier: ")
        os.write(master, PASSWORD.encode() + b"\r")
        read_until(b"credited")
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    assert PASSWORD.encode() not in seen  # typed, never echoed
    assert [a for (a,) in _actors(tmp_path, "recharge")] == ["cashier"]


def _actors(tmp_path: Path, action: str) -> list[tuple[str]]:
    con = sqlite3.connect(tmp_path / "desk.sqlite")
    try:
        return con.execute("SELECT actor FROM audit_log WHERE action = ?", (action,)).fetchall()
    finally:
        con.close()


def test_the_first_administrator_init_and_collector_need_no_login(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    nobody = login_env(None)
    init = run("init", "--db", url, "--demo", "--rooms", "10", env=nobody)
    assert init.returncode == 0, init.stderr
    # nobody to log in yet: a money command says how to start
    early = run("ledger", "verify", "--db", url, env=nobody)
    assert refused(early, "No operator exists yet", "operator add LOGIN --role admin")
    first = run("operator", "add", "boss", "--role", "admin", "--password-stdin",
                "--db", url, env=nobody, stdin="pass-word-1\n")  # fmt: skip
    assert first.returncode == 0, first.stderr
    second = run("operator", "add", "kim", "--role", "cashier", "--password-stdin",
                 "--db", url, env=nobody, stdin="pass-word-2\n")  # fmt: skip
    assert refused(second, "needs --operator")
    collector = run("collector", "--db", url, "--seconds", "0.5", env=nobody)
    assert collector.returncode == 0 and "Collector stopped" in collector.stdout, collector.stderr
    hardware = run("profile", "list", env=nobody)
    assert hardware.returncode == 0, hardware.stderr
    con = sqlite3.connect(tmp_path / "desk.sqlite")
    rows = con.execute("SELECT actor, action FROM audit_log ORDER BY id").fetchall()
    con.close()
    adds = [actor for actor, action in rows if action == "operator.add"]
    assert len(adds) == 1 and adds[0].startswith("cli:")  # the demo history audits first
    assert "login.ok" not in [a for _, a in rows]


def test_an_operator_changes_their_own_password_with_the_one_they_logged_in_with(
    url: str,
) -> None:
    """``operator passwd`` of one's own account: the login password is the old one; stdin
    gives it first, then the new one (with WATTDESK_PASSWORD, stdin gives only the new one).
    A cashier may not reset somebody else's."""
    nobody = login_env(None)
    own = run("operator", "passwd", "cashier", "--operator", "cashier", "--password-stdin",
              "--db", url, env=nobody, stdin=f"{PASSWORD}\nNew-pass-2026\n")  # fmt: skip
    assert own.returncode == 0, own.stderr
    money = ("recharge", "--db", url, "--room", "#1", "--amount", "10", "--method", "cash")
    assert refused(run(*money, env=login_env("cashier")), "Wrong login name or password")
    assert run(*money, env=login_env("cashier", "New-pass-2026")).returncode == 0
    other = run("operator", "passwd", "auditor", "--password-stdin", "--db", url,
                env=login_env("cashier", "New-pass-2026"), stdin="Other-pass-2026\n")  # fmt: skip
    assert refused(other, "may not")
