"""The real command line on a machine without a keyring: ``python -m app`` subprocesses with
keyring's fail backend, the keystore file's passphrase from the environment or a terminal
(a pty), the way the frozen bundle's smoke run and a kiosk service use it."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.security.filestore import FileStore

ROOT = Path(__file__).resolve().parents[2]
GOOD = "kiosk-passphrase-1"
NO_KEYRING = "keyring.backends.fail.Keyring"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    from app.db import open_database

    folder = tmp_path / "home"
    folder.mkdir()
    # what `init` does: no other command creates the (default) database
    open_database(f"sqlite:///{folder / 'wattdesk.sqlite'}").dispose()
    return folder


def run(
    home: Path,
    *args: str,
    passphrase: str | None = GOOD,
    stdin: str = "",
    lang: str = "en",
    boss: bool = False,
) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS``; ``boss``: logged in as the administrator boss (environment)."""
    env = {**os.environ, "WATTDESK_HOME": str(home), "PYTHON_KEYRING_BACKEND": NO_KEYRING}
    env["WATTDESK_LANG"] = lang
    env.pop("WATTDESK_KEYSTORE_PASSPHRASE", None)
    if passphrase is not None:
        env["WATTDESK_KEYSTORE_PASSPHRASE"] = passphrase
    if boss:
        env.update(WATTDESK_OPERATOR="boss", WATTDESK_PASSWORD="pass-word-1")
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )


def test_the_smoke_path_works_with_the_environment_passphrase(home: Path) -> None:
    """``init --demo``, an operator, a recharge, both verifications: no keyring anywhere."""
    assert run(home, "init", "--demo", "--rooms", "5", "--no-history").returncode == 0
    added = run(home, "operator", "add", "boss", "--role", "admin", "--password-stdin",
                stdin="pass-word-1\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    paid = run(home, "recharge", "--room", "101", "--amount", "10", "--method", "cash", boss=True)
    assert paid.returncode == 0 and "credited" in paid.stdout, paid.stderr
    assert run(home, "ledger", "verify", boss=True).returncode == 0
    verify = run(home, "audit", "verify", boss=True)
    # the add, then three logins and the recharge
    assert verify.returncode == 0 and "intact: 5 rows" in verify.stdout, verify.stderr
    status = run(home, "keystore", "status")
    assert "keystore file" in status.stdout and "intact" in status.stdout
    path = home / "keystore.json"
    values = FileStore.open(path, GOOD).secrets()
    (name, key) = next(iter(values.items()))
    assert name.startswith("WattDesk/audit-key/") and len(key) == 64
    raw = path.read_bytes()
    assert key.encode() not in raw and key[:16].encode() not in raw


def test_wrong_or_missing_passphrase_is_a_clear_refusal(home: Path) -> None:
    added = run(home, "operator", "add", "boss", "--role", "admin", "--password-stdin",
                stdin="pass-word-1\n")  # fmt: skip
    assert added.returncode == 0, added.stderr
    path = home / "keystore.json"
    before = path.read_bytes()
    wrong = run(home, "audit", "verify", passphrase="not-the-passphrase", boss=True)
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr
    assert "wrong keystore passphrase" in wrong.stderr and str(path) in wrong.stderr
    locked = run(home, "audit", "verify", passphrase=None, boss=True)  # stdin: no terminal
    assert locked.returncode == 1 and "Traceback" not in locked.stderr
    assert "is locked" in locked.stderr and "WATTDESK_KEYSTORE_PASSPHRASE" in locked.stderr
    zh = run(home, "audit", "verify", passphrase="not-the-passphrase", lang="zh_CN", boss=True)
    assert zh.returncode == 1 and "密钥库口令错误" in zh.stderr
    assert path.read_bytes() == before


def test_a_damaged_file_stops_the_command_and_is_kept(home: Path) -> None:
    assert run(home, "operator", "add", "boss", "--role", "admin", "--password-stdin",
               stdin="pass-word-1\n").returncode == 0  # fmt: skip
    path = home / "keystore.json"
    truncated = path.read_bytes()[:100]
    path.write_bytes(truncated)
    broken = run(home, "operator", "add", "kim", "--role", "cashier", "--password-stdin",
                 stdin="pass-word-2\n", boss=True)  # fmt: skip
    assert broken.returncode == 1 and "Traceback" not in broken.stderr
    assert "damaged" in broken.stderr and str(path) in broken.stderr
    assert path.read_bytes() == truncated


def test_no_passphrase_at_all_creates_nothing(home: Path) -> None:
    none = run(home, "operator", "add", "boss", "--role", "admin", "--password-stdin",
               passphrase=None, stdin="pass-word-1\n")  # fmt: skip
    assert none.returncode == 1 and "Traceback" not in none.stderr
    assert "no usable keyring" in none.stderr and "at least 10 characters" in none.stderr
    assert not (home / "keystore.json").exists()


class Terminal:
    """``python -m app`` on a pseudo-terminal (a new session, so getpass uses it)."""

    def __init__(self, home: Path, *args: str) -> None:
        self.master, slave = pty.openpty()
        env = {**os.environ, "WATTDESK_HOME": str(home), "PYTHON_KEYRING_BACKEND": NO_KEYRING}
        env.pop("WATTDESK_KEYSTORE_PASSPHRASE", None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=ROOT,
            env={**env, "WATTDESK_LANG": "en"},
            start_new_session=True,
        )
        os.close(slave)
        self.seen = b""

    def expect(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self.master], [], [], left)[0]:
                raise AssertionError(f"{text!r} never came; got {self.seen!r}")
            try:
                chunk = os.read(self.master, 4096)
            except OSError:  # the child closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"{text!r} never came; got {self.seen!r}")
            self.seen += chunk
        self.seen = self.seen[self.seen.index(text.encode()) + len(text) :]

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def close(self) -> int:
        code = self.proc.wait(timeout=60)
        os.close(self.master)
        return code


def test_the_terminal_asks_twice_to_create_and_once_to_unlock(home: Path) -> None:
    term = Terminal(home, "operator", "add", "boss", "--role", "admin")
    term.expect("New password: ")  # the operator's own password, then the keystore's
    term.type("pass-word-1")
    term.expect("Repeat the password: ")
    term.type("pass-word-1")
    term.expect("cannot be recovered")
    term.expect("New keystore passphrase: ")
    term.type(GOOD)
    term.expect("Repeat the keystore passphrase: ")
    term.type(GOOD)
    assert term.close() == 0
    assert FileStore.open(home / "keystore.json", GOOD).secrets()

    term = Terminal(home, "audit", "verify", "--operator", "boss")
    term.expect("Password for boss: ")  # logging in writes an audit row: then the keystore
    term.type("pass-word-1")
    term.expect("Passphrase of the keystore")
    term.type("not-the-passphrase")
    term.expect("wrong keystore passphrase")
    term.expect("Passphrase of the keystore")
    term.type(GOOD)
    term.expect("intact: 2 rows")
    assert term.close() == 0


def test_the_terminal_refuses_two_different_passphrases(home: Path) -> None:
    term = Terminal(home, "operator", "add", "boss", "--role", "admin")
    term.expect("New password: ")
    term.type("pass-word-1")
    term.expect("Repeat the password: ")
    term.type("pass-word-1")
    term.expect("New keystore passphrase: ")
    term.type(GOOD)
    term.expect("Repeat the keystore passphrase: ")
    term.type(GOOD + "x")
    term.expect("differ")
    assert term.close() == 1
    assert "Traceback" not in term.seen.decode(errors="replace")
    assert not (home / "keystore.json").exists()
