"""``wattdesk --self-test``: the GUI draws a window and quits by itself, never past the login.

Run as the bundle's smoke run does: a real ``python -m app`` process, offscreen, on a real
SQLite file; the operator is added through the CLI so that the login's audit row finds the
same (file) keyring in the child process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtGui import QImage

PASSWORD = "Self-Test-2026!"


def _run(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=180,
        input=stdin,
        env=env,
    )


@pytest.fixture
def desk(tmp_path: Path) -> tuple[str, dict[str, str]]:
    url = f"sqlite:///{tmp_path / 'desk.sqlite'}"
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "WATTDESK_LANG": "en",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),  # the child's QSettings
    }
    env.pop("WATTDESK_SELFTEST_LOGIN", None)
    env.pop("WATTDESK_SELFTEST_PASSWORD", None)
    # the demo through the CLI too: its opening balances are sealed under the key of the
    # (file) keyring every child process reads, not this process's memory keyring
    made = _run("init", "--db", url, "--demo", "--rooms", "50", env=env)
    assert made.returncode == 0, made.stderr
    added = _run(
        "operator", "add", "admin", "--role", "admin", "--password-stdin", "--db", url,
        env=env, stdin=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    return url, env


def _settings(env: dict[str, str]) -> QSettings:
    path = Path(env["XDG_CONFIG_HOME"]) / "WattDesk" / "WattDesk.conf"
    return QSettings(str(path), QSettings.Format.IniFormat)


def test_without_credentials_it_draws_the_login_dialog_only(
    desk: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, env = desk
    shot = tmp_path / "login.png"
    done = _run("--db", url, "--self-test", str(shot), env=env)
    assert done.returncode == 0, done.stderr
    assert "self-test ok: login dialog; platform offscreen" in done.stdout
    assert "main window" not in done.stdout
    image = QImage(str(shot))
    assert not image.isNull() and image.width() >= 400


def test_with_credentials_it_logs_in_and_draws_the_main_window(
    desk: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, env = desk
    before = _settings(env)
    before.setValue("main/state", QByteArray(b"the user's layout"))
    before.sync()
    shot = tmp_path / "main.png"
    env = {**env, "WATTDESK_SELFTEST_LOGIN": "admin", "WATTDESK_SELFTEST_PASSWORD": PASSWORD}
    done = _run("--db", url, "--self-test", str(shot), env=env)
    assert done.returncode == 0, done.stderr
    assert "self-test ok: main window, 50 rooms, operator admin" in done.stdout
    assert QImage(str(shot)).width() >= 1000
    after = _settings(env)
    assert after.value("main/state") == QByteArray(b"the user's layout")  # the layout is put back
    assert after.value("main/geometry") is None
    login = {"WATTDESK_OPERATOR": "admin", "WATTDESK_PASSWORD": PASSWORD}
    shown = _run("audit", "show", "--action", "login", "--db", url, env={**env, **login})
    assert "login" in shown.stdout  # the sign-in went through login(), audited


def test_a_wrong_password_is_refused_and_nothing_is_drawn(
    desk: tuple[str, dict[str, str]], tmp_path: Path
) -> None:
    url, env = desk
    shot = tmp_path / "never.png"
    env = {**env, "WATTDESK_SELFTEST_LOGIN": "admin", "WATTDESK_SELFTEST_PASSWORD": "wrong"}
    done = _run("--db", url, "--self-test", str(shot), env=env)
    assert done.returncode == 1
    assert "self-test failed: Wrong login name or password" in done.stderr
    assert "self-test ok" not in done.stdout and not shot.exists()
