"""The log folder after real runs: ``python -m app`` in subprocesses, forced errors in the
main thread and in a thread, a hard crash, a folder that cannot be written."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def logs() -> Path:
    return Path(os.environ["WATTDESK_HOME"]) / "logs"


# a real `python -m app` whose command fails: a thread dies first, then the main thread
FORCED = textwrap.dedent(
    """
    import sys, threading
    import app.cli as cli

    real = cli.build_parser

    def boom(args):
        worker = threading.Thread(target=lambda: 1 / 0, name="bus-7")
        worker.start()
        worker.join()
        raise ValueError("forced for the support test")

    def parser():
        p = real()
        sub = next(a for a in p._actions if a.dest == "command")
        sub.add_parser("boom").set_defaults(handler=boom)
        return p

    cli.build_parser = parser
    sys.argv = ["wattdesk", "boom"]
    sys.exit(cli.main())
    """
)


def test_a_command_leaves_its_lines_in_the_log_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.sqlite'}"
    result = run("-m", "app", "init", "--db", url)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # the file gets INFO, the screen stays as it was
    text = (logs() / "wattdesk-cli.log").read_text(encoding="utf-8")
    assert "WattDesk 0.1.0 started (wattdesk-cli)" in text
    assert "['init', '--db'," in text
    assert "Running upgrade 0006 -> 0007" in text  # the schema upgrades are recorded
    assert "Context impl" not in text  # alembic's chatter on every open is not
    assert (logs() / "wattdesk-cli-crash.log").read_text().startswith("--- pid ")


def test_a_database_password_on_the_command_line_stays_out_of_the_log() -> None:
    result = run("-m", "app", "site", "tree", "--db", "postgresql://desk:s3cret@127.0.0.1:1/x")
    assert result.returncode == 3  # nothing listens on port 1
    text = (logs() / "wattdesk-cli.log").read_text(encoding="utf-8")
    assert "postgresql://desk:***@127.0.0.1:1/x" in text and "s3cret" not in text


def test_verbose_puts_debug_lines_in_the_file(tmp_path: Path) -> None:
    code = (
        "import logging; from app.support import setup_logging; setup_logging(True, gui=False);"
        "logging.getLogger('x').debug('a debug line')"
    )
    result = run("-c", code)
    assert "a debug line" in result.stderr  # -v showed DEBUG on stderr before, still does
    assert "a debug line" in (logs() / "wattdesk-cli.log").read_text(encoding="utf-8")


def test_forced_errors_reach_the_log_with_their_tracebacks() -> None:
    result = run("-c", FORCED)
    assert result.returncode == 1
    # stderr shows the tracebacks as Python always printed them
    assert "Traceback (most recent call last)" in result.stderr
    assert "ValueError: forced for the support test" in result.stderr
    assert "Exception in thread bus-7" in result.stderr
    text = (logs() / "wattdesk-cli.log").read_text(encoding="utf-8")
    thread_part, main_part = text.split("unhandled exception in thread MainThread")
    assert "bus-7 CRITICAL app.crash: unhandled exception in thread bus-7" in thread_part
    assert "ZeroDivisionError: division by zero" in thread_part
    assert "in boom\n" in main_part and "ValueError: forced for the support test" in main_part
    assert main_part.count("Traceback (most recent call last)") == 1


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SIGSEGV dump checked on Linux")
def test_a_hard_crash_is_dumped_into_the_crash_file() -> None:
    code = (
        "import faulthandler, threading; from app.support import setup_logging;"
        "setup_logging(gui=True); faulthandler._sigsegv()"
    )
    result = run("-c", code)
    assert result.returncode < 0  # killed by the signal
    dump = (logs() / "wattdesk-gui-crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in dump
    assert 'File "<string>", line 1 in <module>' in dump
    assert "WattDesk 0.1.0 started (wattdesk-gui)" in (logs() / "wattdesk-gui.log").read_text()


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "Cannot write the log folder"), ("zh_CN", "无法写入日志文件夹")],
)
def test_an_unwritable_log_folder_is_one_warning(tmp_path: Path, lang: str, words: str) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")  # even root cannot make a folder under a file
    url = f"sqlite:///{tmp_path / 'b.sqlite'}"
    env = {"WATTDESK_LOG_DIR": str(blocker / "logs"), "WATTDESK_LANG": lang}
    result = run("-m", "app", "init", "--db", url, env=env)
    assert result.returncode == 0
    assert result.stdout.startswith(("Database ready", "数据库已就绪"))
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(words) and str(blocker) in lines[0]
    failing = run("-c", FORCED, env=env)  # and a crash is still reported, on stderr only
    assert failing.returncode == 1 and "ValueError: forced" in failing.stderr


def test_the_windowed_build_without_stderr_still_logs() -> None:
    code = textwrap.dedent(
        """
        import logging, sys, threading
        sys.stderr = None  # what a console=False PyInstaller build has on Windows
        from app.support import setup_logging
        setup = setup_logging(gui=True)
        logging.getLogger("app.collector.worker").error("bus worker x crashed")
        t = threading.Thread(target=lambda: {}["missing"], name="bus-2"); t.start(); t.join()
        print(setup.log_file, setup.fault_file)
        """
    )
    result = run("-c", code)
    assert result.returncode == 0, result.stderr
    log_file, fault_file = result.stdout.split()
    text = Path(log_file).read_text(encoding="utf-8")
    assert "ERROR app.collector.worker: bus worker x crashed" in text
    assert "KeyError: 'missing'" in text
    assert Path(fault_file).is_file()


def test_log_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from app.support import log_dir

    monkeypatch.setenv("WATTDESK_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("WATTDESK_LOG_DIR", raising=False)
    assert log_dir() == tmp_path / "home" / "logs"
    monkeypatch.setenv("WATTDESK_LOG_DIR", str(tmp_path / "elsewhere"))
    assert log_dir() == tmp_path / "elsewhere"
    monkeypatch.delenv("WATTDESK_LOG_DIR")
    monkeypatch.delenv("WATTDESK_HOME")
    assert log_dir().name.lower() in {"log", "logs"} and "WattDesk" in str(log_dir())
