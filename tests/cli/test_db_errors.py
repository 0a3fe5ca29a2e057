"""Errors in words, never a traceback (#13 item 4): the real ``python -m app`` against real
files, a real lock held by another process, a real full disk (a small tmpfs), a real
read-only file, the real PostgreSQL server; exit code 3 (environment), the sentence in
English and in Chinese, and the file unchanged where it matters."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.conftest import app, finish, run_all
from tests.clilogin import add_staff, login_env


def _pg_address() -> tuple[str, int, str, str]:
    """Host, port, user and password of the test server: CI's throw-away one (any free port)
    or the developer's on 5432."""
    from sqlalchemy.engine import make_url

    raw = os.environ.get("WATTDESK_TEST_PG_URL", "")
    if raw:
        url = make_url(raw)
        return (
            url.host or "127.0.0.1",
            url.port or 5432,
            url.username or "wattdesk",
            url.password or "wattdesk",
        )
    return "127.0.0.1", 5432, "wattdesk", "wattdesk"


PG_HOST, PG_PORT, PG_USER, PG_PASSWORD = _pg_address()


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return finish(app(*args, env=env))


def said(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    """The command exited ``code`` with every one of ``words`` on stderr and no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == code, (result.returncode, result.stdout, result.stderr)
    text = " ".join(result.stderr.split())  # the sentence may wrap nowhere, but be safe
    for word in words:
        assert word in text, (word, result.stderr)
    return text


def zh(*args: str) -> subprocess.CompletedProcess[str]:
    return run(*args, env={"WATTDESK_LANG": "zh_CN"})


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def made(tmp_path: Path) -> Path:
    """A real, empty WattDesk database made by ``init``."""
    path = tmp_path / "desk.sqlite"
    done = run("init", "--db", str(path))
    assert done.returncode == 0, done.stderr
    return path


# -- addresses WattDesk does not take ------------------------------------------------------


def test_unknown_url_scheme() -> None:
    said(run("--db", "foo://x", "ledger", "verify"), 3, "foo://x", "not a database address")
    said(zh("--db", "foo://x", "ledger", "verify"), 3, "不是 WattDesk 认识的数据库地址")


def test_a_database_we_do_not_support() -> None:
    result = run("--db", "mysql://u@h/d", "ledger", "verify")
    said(result, 3, "SQLite and PostgreSQL only, not mysql")
    assert "pip install" not in result.stderr  # not "install the postgres extra"
    said(zh("--db", "mysql://u@h/d", "ledger", "verify"), 3, "只支持 SQLite 和 PostgreSQL")


def test_missing_driver_says_how_to_install_it(tmp_path: Path) -> None:
    """psycopg made unimportable in a real process (``sys.modules[name] = None`` is how
    Python spells "not installed" to an import)."""
    code = (
        "import sys; sys.modules['psycopg'] = None; from app.cli import main; "
        "sys.exit(main(['--db', 'postgresql://u:p@127.0.0.1/x', 'ledger', 'verify']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    said(result, 3, "pip install 'wattdesk[postgres]'")


def test_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    said(run("--db", str(folder), "ledger", "verify"), 3, str(folder), "is a folder")
    said(zh("--db", str(folder), "init"), 3, "是文件夹")
    assert list(folder.iterdir()) == []


def test_a_text_file_is_not_touched(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n" * 100, encoding="utf-8")
    before = digest(text)
    said(run("--db", str(text), "ledger", "verify"), 3, str(text), "not a WattDesk database")
    said(run("--db", str(text), "init"), 3, "not a WattDesk database", "not changed")
    said(zh("--db", str(text), "audit", "verify"), 3, "不是 WattDesk 数据库")
    assert digest(text) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]  # no -wal, no -shm


def test_another_programs_sqlite_database_gets_no_tables(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)")
    conn.close()
    before = digest(other)
    said(run("--db", str(other), "site", "tree"), 3, "has no WattDesk tables", "wattdesk init")
    assert digest(other) == before


# -- a database file that is not there -----------------------------------------------------

READERS = [
    ("ledger", "verify"),
    ("ledger", "reconcile"),
    ("audit", "verify"),
    ("audit", "show"),
    ("site", "tree"),
    ("account", "show", "A0001"),
    ("tariff", "list"),
    ("tariff", "show", "居民"),
    ("receipt", "pdf", "R1"),
    ("operator", "list"),
]


def test_reading_commands_do_not_create_a_database(tmp_path: Path) -> None:
    """Before: ``--db /typo/x.sqlite ledger verify`` created an empty database, said OK."""
    path = tmp_path / "typo" / "x.sqlite"
    results = run_all(*(("--db", str(path), *command) for command in READERS))
    for command, result in zip(READERS, results, strict=True):
        assert result.returncode == 3, (command, result.stdout, result.stderr)
        said(result, 3, f"There is no database at {path}", f"wattdesk init --db {path}")
    assert not path.parent.exists()


def test_missing_database_in_chinese_and_init_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "new" / "x.sqlite"
    said(zh("--db", str(path), "ledger", "verify"), 3, f"{path} 处没有数据库", "wattdesk init")
    assert not path.exists()
    assert run("--db", str(path), "init").returncode == 0
    add_staff(f"sqlite:///{path}")
    verified = run("--db", str(path), "ledger", "verify", env=login_env("auditor"))
    assert verified.returncode == 0 and "OK" in verified.stdout


# -- a schema from a newer WattDesk --------------------------------------------------------


def test_newer_schema_says_update_and_leaves_the_file(made: Path) -> None:
    with sqlite3.connect(made) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = digest(made)
    said(
        run("--db", str(made), "ledger", "verify"),
        3,
        "written by a newer WattDesk",
        "schema 9999",
        "Update WattDesk",
    )
    said(run("--db", str(made), "init"), 3, "newer WattDesk")  # init does not "fix" it either
    said(zh("--db", str(made), "site", "tree"), 3, "更新版本的 WattDesk", "请升级")
    assert digest(made) == before


# -- time zones ----------------------------------------------------------------------------


def test_unknown_time_zone_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "tz.sqlite"
    args = ("--db", str(path), "collector", "--timezone", "Mars/Base", "--seconds", "1")
    said(run(*args), 2, "unknown time zone 'Mars/Base'", "Asia/Shanghai")
    said(zh(*args), 2, "未知时区 'Mars/Base'")
    assert not path.exists()


# -- a lock held by another process --------------------------------------------------------


@pytest.fixture
def holder(made: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the write lock of ``made`` (BEGIN IMMEDIATE) until told."""
    code = (
        "import sqlite3, sys\n"
        f"c = sqlite3.connect({str(made)!r}, isolation_level=None)\n"
        "c.execute('BEGIN IMMEDIATE')\n"
        "print('locked', flush=True)\n"
        "sys.stdin.readline()\n"
        "c.execute('ROLLBACK')\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield proc
    if proc.poll() is None:
        proc.communicate("\n", timeout=60)


def test_locked_database_names_the_holder(made: Path, holder: subprocess.Popen[str]) -> None:
    fast = {"WATTDESK_BUSY_TIMEOUT_MS": "200"}  # fail in 0.2 s, not 15 s
    result = run("--db", str(made), "init", "--demo", "--rooms", "2", env=fast)
    text = said(result, 3, f"The database {made} is locked", "Try again")
    assert f"process {holder.pid}" in text
    result = run(
        "--db", str(made), "init", "--demo", "--rooms", "2",
        env={**fast, "WATTDESK_LANG": "zh_CN"},
    )  # fmt: skip
    said(result, 3, "已被锁定", f"进程 {holder.pid}")
    # reading goes on while another process writes: opening the database (no schema
    # upgrade) takes no write lock. (The CLI's read commands log in, and a login is audited,
    # so they wait for the writer like any other write.)
    reader = subprocess.run(
        [sys.executable, "-c", "import sys; from app.db import open_database; "
         "from app.ledger.journal import verify; "
         "sys.exit(0 if verify(open_database(sys.argv[1])).ok else 1)", f"sqlite:///{made}"],
        capture_output=True, text=True, timeout=120, env={**os.environ, **fast},
    )  # fmt: skip
    assert reader.returncode == 0, reader.stderr
    holder.communicate("\n", timeout=60)  # the lock is released: nothing was half-written
    add_staff(f"sqlite:///{made}")
    tree = run("--db", str(made), "site", "tree", env=login_env("auditor"))
    assert "The database is empty" in tree.stdout
    again = run("--db", str(made), "init", "--demo", "--rooms", "2")
    assert again.returncode == 0 and "2 rooms" in again.stdout


def test_a_wattdesk_holder_is_named_as_such(made: Path) -> None:
    """``lock_holders`` reads a WattDesk process's command line: a real collector."""
    from app.errors import _holder

    proc = app("--db", str(made), "collector", "--no-simulate", "--seconds", "120")
    try:
        assert proc.stdout is not None
        assert "Collector running" in proc.stdout.readline()
        who = _holder(proc.pid).describe()
    finally:
        proc.terminate()
        finish(proc)
    assert who == f"another WattDesk (wattdesk collector, process {proc.pid})"


def test_the_collector_logs_the_sentence_when_its_writes_are_locked(tmp_path: Path) -> None:
    """A background thread's database error (the writer's poll batch, the dispatcher) is
    logged as the sentence, without a traceback on the console."""
    path = tmp_path / "park.sqlite"
    made = run("init", "--db", str(path), "--demo", "--rooms", "4")
    assert made.returncode == 0, made.stderr
    collector = app(
        "--db", str(path), "collector", "--seconds", "300",
        env={"WATTDESK_BUSY_TIMEOUT_MS": "200"},
    )  # fmt: skip
    lock = None
    try:
        assert collector.stdout is not None and collector.stderr is not None
        assert "Collector running" in collector.stdout.readline()
        code = (
            "import sqlite3, sys\n"
            f"c = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE')\n"
            "print('locked', flush=True)\n"
            "sys.stdin.readline()\n"
        )
        lock = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert lock.stdout is not None and lock.stdout.readline().strip() == "locked"
        lines = []
        for line in collector.stderr:  # until the failed write is logged (the polls go on)
            lines.append(line)
            if "is locked" in line:
                break
        said_line = lines[-1]
        assert f"The database {path} is locked" in said_line, lines
        assert f"process {lock.pid}" in said_line
        assert not any("Traceback" in line for line in lines), lines
    finally:
        if lock is not None:
            lock.communicate("\n", timeout=60)
        collector.terminate()
        finish(collector)


# -- a full disk and a read-only file ------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MiB tmpfs (needs root and mount permission; skipped otherwise)."""
    mount = tmp_path / "small"
    mount.mkdir()
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def _fill(mount: Path, leave: int) -> Path:
    """Fill the disk but ``leave`` bytes (rounded to its 4 KiB blocks)."""
    filler = mount / "filler"
    st = os.statvfs(mount)
    free = st.f_bavail * st.f_frsize
    filler.write_bytes(b"\0" * max(0, free - leave))
    return filler


def test_disk_full(small_disk: Path) -> None:
    path = small_disk / "desk.sqlite"
    assert run("init", "--db", str(path)).returncode == 0
    filler = _fill(small_disk, 96 * 1024)
    result = run("--db", str(path), "init", "--demo", "--rooms", "30")
    said(result, 3, f"The disk holding {path} is full", "Free some space")
    said(zh("--db", str(path), "init", "--demo", "--rooms", "30"), 3, "磁盘已满")
    filler.unlink()
    filler = _fill(small_disk, 0)  # not a byte left: SQLite cannot even make its -shm file
    result = run("--db", str(path), "init", "--demo", "--rooms", "30")
    said(result, 3, f"The disk holding {path} is full")
    filler.unlink()
    # the database is still whole, and usable once there is room again
    add_staff(f"sqlite:///{path}")
    assert run("--db", str(path), "ledger", "verify", env=login_env("auditor")).returncode == 0
    assert run("--db", str(path), "init", "--demo", "--rooms", "2").returncode == 0


def _without_write_permission() -> list[str]:
    """A prefix that runs a command unable to write a file it may only read: as root,
    ``setpriv`` without CAP_DAC_OVERRIDE (root otherwise ignores file modes); as another
    user, nothing (the file modes apply)."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: root writes read-only files anyway")
    drop = "-dac_override,-dac_read_search"
    prefix = ["setpriv", f"--inh-caps={drop}", f"--bounding-set={drop}", "--"]
    probe = subprocess.run([*prefix, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip(f"cannot drop root's file override here: {probe.stderr.strip()}")
    return prefix


def test_read_only_file_and_folder(made: Path) -> None:
    prefix = _without_write_permission()
    before = digest(made)
    made.chmod(0o444)
    made.parent.chmod(0o555)
    try:
        command = [sys.executable, "-m", "app", "--db", str(made), "init", "--demo"]
        result = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=120)
        said(result, 3, f"WattDesk may not write {made}", "read-only", "write access")
        result = subprocess.run(
            [*prefix, *command],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "WATTDESK_LANG": "zh_CN"},
        )
        said(result, 3, "只读")
    finally:
        made.parent.chmod(0o755)
        made.chmod(0o644)
    assert digest(made) == before


# -- PostgreSQL: the real server -----------------------------------------------------------


def _server_up() -> bool:
    try:
        socket.create_connection((PG_HOST, PG_PORT), timeout=2).close()
    except OSError:
        return False
    return True


needs_server = pytest.mark.skipif(
    not _server_up() and not os.environ.get("WATTDESK_TEST_PG_REQUIRED"),
    reason=f"no PostgreSQL at {PG_HOST}:{PG_PORT}",
)


@needs_server
def test_postgres_wrong_password() -> None:
    url = f"postgresql://{PG_USER}:wrong-password@{PG_HOST}:{PG_PORT}/wattdesk"
    text = said(
        run("--db", url, "ledger", "verify"),
        3,
        f"{PG_HOST}:{PG_PORT} refused user {PG_USER}",
        "wrong password",
    )
    assert "wrong-password" not in text  # the password is never echoed
    said(zh("--db", url, "ledger", "verify"), 3, "密码错误")


@needs_server
def test_postgres_database_that_does_not_exist() -> None:
    url = f"postgresql://{PG_USER}:{PG_PASSWORD}@{PG_HOST}:{PG_PORT}/wd_errors_no_such_db"
    said(run("--db", url, "site", "tree"), 3, "has no database wd_errors_no_such_db")


def test_postgres_closed_port() -> None:
    with socket.socket() as sock:  # a port nobody listens on: bound, then freed
        sock.bind((PG_HOST, 0))
        port = sock.getsockname()[1]
    url = f"postgresql://wattdesk:wattdesk@{PG_HOST}:{port}/wattdesk"
    said(run("--db", url, "ledger", "verify"), 3, f"Nothing answers at {PG_HOST}:{port}")
    said(zh("--db", url, "ledger", "verify"), 3, "无应答")


def test_postgres_unknown_host() -> None:
    url = "postgresql://wattdesk:wattdesk@no-such-host.invalid/wattdesk"
    said(run("--db", url, "ledger", "verify"), 3, "host name no-such-host.invalid cannot be found")


# -- the contract, written down ------------------------------------------------------------


def test_help_documents_the_exit_codes() -> None:
    shown = run("--help")
    text = " ".join(shown.stdout.split())
    assert shown.returncode == 0
    assert "Exit codes: 0 done; 1 refused" in text and "2 usage" in text
    assert "3 environment" in text


def test_gui_start_says_it_in_words(tmp_path: Path) -> None:
    """The GUI's start path (headless: the self-test prints what the dialog would show)."""
    text = tmp_path / "notes.txt"
    text.write_text("hello\n", encoding="utf-8")
    result = run("--db", str(text), "--self-test", env={"QT_QPA_PLATFORM": "offscreen"})
    said(result, 3, "self-test failed:", "not a WattDesk database")
    assert text.read_text(encoding="utf-8") == "hello\n"
