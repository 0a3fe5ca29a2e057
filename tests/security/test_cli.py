"""The security commands, in process (fast) and once as a real ``python -m app`` subprocess."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def url(tmp_path: Path) -> str:
    from app.db import open_database

    made = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    open_database(made).dispose()  # what `init` does: no other command creates a database
    return made


def cli(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *args: str,
    stdin: str = "",
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def as_boss(monkeypatch: pytest.MonkeyPatch) -> None:
    """Log the following commands in as ``boss`` the way a script does (the environment)."""
    monkeypatch.setenv("WATTDESK_OPERATOR", "boss")
    monkeypatch.setenv("WATTDESK_PASSWORD", "pass-word-1")


def test_operator_lifecycle(url: str, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run = lambda *a, stdin="": cli(capsys, monkeypatch, *a, "--db", url, stdin=stdin)  # noqa: E731
    code, _, err = run("operator", "list")
    assert code == 1 and "operator add" in err  # nobody to log in yet: the hint says what to do
    code, _, err = run("operator", "add", "kim", "--role", "cashier", "--password-stdin",
                       stdin="pass-word-1\n")  # fmt: skip
    assert code == 1 and "first operator must be an administrator" in err
    code, out, _ = run("operator", "add", "boss", "--role", "admin", "--name", "老板",
                       "--password-stdin", stdin="pass-word-1\n")  # fmt: skip
    assert code == 0 and "boss" in out
    as_boss(monkeypatch)
    # boss logs in through the environment: --password-stdin gives only the new password
    code, _, _ = run("operator", "add", "kim", "--role", "cashier", "--password-stdin",
                     stdin="pass-word-2\n")  # fmt: skip
    assert code == 0
    code, _, err = run("operator", "add", "lee", "--role", "cashier", "--password-stdin",
                       stdin="short\n")  # fmt: skip
    assert code == 1 and "at least 8" in err
    code, _, err = run("operator", "add", "lee", "--role", "cashier")
    assert code == 1 and "--password-stdin" in err
    assert run("operator", "disable", "kim")[0] == 0
    code, out, _ = run("operator", "list", "--json")
    listed = {o["login"]: o for o in json.loads(out)}
    assert listed["kim"]["active"] is False and listed["boss"]["name"] == "老板"
    assert run("operator", "enable", "kim")[0] == 0
    code, _, err = run("operator", "passwd", "kim", "--password-stdin",
                       stdin="pass-word-3\n")  # fmt: skip
    assert code == 0, err
    assert run("operator", "unlock", "kim")[0] == 0
    code, _, err = run("operator", "disable", "nobody")
    assert code == 1 and "nobody" in err
    code, out, _ = run("audit", "show", "--action", "operator", "--json")
    actions = [json.loads(line)["action"] for line in out.splitlines()]
    assert actions == [
        "operator.add",
        "operator.add",
        "operator.disable",
        "operator.enable",
        "operator.passwd",
        "operator.unlock",
    ]
    code, out, _ = run("audit", "show", "--json", "--limit", "1000")
    assert out.count('"login.ok"') >= 10  # every command above logged boss in, audited
    assert all("pass-word" not in line for line in out.splitlines())
    code, out, _ = run("audit", "verify")
    assert code == 0 and "intact" in out


def test_audit_verify_names_the_tampered_row(url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run = lambda *a, stdin="": cli(capsys, monkeypatch, *a, "--db", url, stdin=stdin)  # noqa: E731
    run("operator", "add", "boss", "--role", "admin", "--password-stdin", stdin="pass-word-1\n")
    as_boss(monkeypatch)
    for name in ("a1", "a2"):
        run("operator", "add", name + "admin", "--role", "admin", "--password-stdin",
            stdin="pass-word-1\n")  # fmt: skip
    from app.db import Database

    Database(url).dispose()
    con = sqlite3.connect(tmp_path / "cli.sqlite")
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("UPDATE audit_log SET target = 'operator:a9admin' WHERE id = 2")
    con.commit()
    con.close()
    code, out, _ = run("audit", "verify")
    assert code == 1 and "row 2" in out


def test_audit_show_since(url: str, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run = lambda *a, stdin="": cli(capsys, monkeypatch, *a, "--db", url, stdin=stdin)  # noqa: E731
    run("operator", "add", "boss", "--role", "admin", "--password-stdin", stdin="pass-word-1\n")
    as_boss(monkeypatch)
    code, out, _ = run("audit", "show", "--since", "2000-01-01")
    assert code == 0 and "operator.add" in out
    code, out, _ = run("audit", "show", "--since", "2999-01-01")
    assert code == 0 and out == ""
    with pytest.raises(SystemExit) as usage:
        cli(capsys, monkeypatch, "audit", "show", "--since", "yesterday")
    assert usage.value.code == 2


def test_backup_and_restore_commands(url: str, tmp_path: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    run = lambda *a, stdin="": cli(capsys, monkeypatch, *a, "--db", url, stdin=stdin)  # noqa: E731
    run("operator", "add", "boss", "--role", "admin", "--password-stdin", stdin="pass-word-1\n")
    as_boss(monkeypatch)
    target = tmp_path / "copy.sqlite"
    code, out, _ = run("backup", "--to", str(target))
    assert code == 0 and "integrity ok" in out and target.exists()
    run("operator", "add", "kim", "--role", "cashier", "--password-stdin",
        stdin="pass-word-2\n")  # fmt: skip
    code, out, _ = run("restore", str(target))
    assert code == 0 and "kept at" in out
    code, out, _ = run("operator", "list", "--json")
    assert [o["login"] for o in json.loads(out)] == ["boss"]
    code, _, err = run("restore", str(tmp_path / "missing.sqlite"))
    assert code == 1 and "no such file" in err
    code, out, _ = run("backup", "--to", str(tmp_path), "--keep", "2")
    assert code == 0


def subprocess_env(tmp_path: Path, backend: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHON_KEYRING_BACKEND=backend,
        WATTDESK_TEST_KEYRING_FILE=str(tmp_path / "keyring.json"),
        WATTDESK_LANG="en",
    )
    return env


def test_real_command_line_with_and_without_a_keyring(tmp_path: Path, url: str) -> None:
    def run(backend: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *args, "--db", url],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            env=subprocess_env(tmp_path, backend),
        )

    none = run("keyring.backends.fail.Keyring", "operator", "add", "boss", "--role", "admin",
               "--password-stdin", stdin="pass-word-1\n")  # fmt: skip
    assert none.returncode == 1
    assert "no usable keyring" in none.stderr and "Traceback" not in none.stderr
    assert "WATTDESK_KEYSTORE_PASSPHRASE" in none.stderr and "plain text" in none.stderr
    backend = "tests.security.filekeyring.FileKeyring"
    ok = run(backend, "operator", "add", "boss", "--role", "admin", "--password-stdin",
             stdin="pass-word-1\n")  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    verify = run(backend, "audit", "verify", "--operator", "boss", "--password-stdin",
                 stdin="pass-word-1\n")  # fmt: skip
    assert verify.returncode == 0 and "intact: 2 rows" in verify.stdout  # the add, the login
