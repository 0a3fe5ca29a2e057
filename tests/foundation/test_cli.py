"""The command line: the real ``python -m app`` in a subprocess, exit codes and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.clilogin import add_staff, login_env


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
    )


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == 0
    for command in ("init", "site", "simulate", "collector", "recharge", "ledger", "report"):
        assert command in result.stdout


def test_init_demo_and_site_tree_json(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    first = run("init", "--db", url, "--demo", "--rooms", "40")
    assert first.returncode == 0, first.stderr
    assert "40 rooms" in first.stdout
    again = run("init", "--db", url, "--demo")
    assert "already exists" in again.stdout
    add_staff(url)
    tree = run("--db", url, "site", "tree", "--json", env=login_env("auditor"))
    assert tree.returncode == 0, tree.stderr
    parks = json.loads(tree.stdout)
    rooms = [r for p in parks for b in p["buildings"] for f in b["floors"] for r in f["rooms"]]
    assert len(rooms) == 40 and all(r["meters"] for r in rooms)


def test_site_import_exit_codes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    good = tmp_path / "good.csv"
    good.write_text("building,floor,room,area\nA栋,1F,101,20\n", encoding="utf-8")
    bad = tmp_path / "bad.csv"
    bad.write_text("building,floor,room,area\nA栋,1F,101,-1\n", encoding="utf-8")
    assert run("init", "--db", url).returncode == 0  # only init creates a database
    add_staff(url)
    env = login_env("operator")  # the technical side edits the site
    ok = run("site", "import", str(good), "--db", url, "--park", "园区", env=env)
    assert ok.returncode == 0 and "1 created" in ok.stdout
    refused = run("site", "import", str(bad), "--db", url, env=env)
    assert refused.returncode == 1
    assert "row 2, column area" in refused.stderr
    missing = run("site", "import", str(tmp_path / "nope.csv"), "--db", url, env=env)
    assert missing.returncode == 1 and "cannot read" in missing.stderr


def test_bad_input_exits_non_zero(capsys: object) -> None:
    assert run("no-such-command").returncode == 2
    bad_rooms = run("init", "--rooms", "-5")
    assert bad_rooms.returncode == 2 and "at least 1" in bad_rooms.stderr
    assert run("init", "--rooms", "many").returncode == 2


def test_report_is_a_real_command_now() -> None:
    """The ``report`` stub is gone: without its dates it is a usage error naming them."""
    result = run("report", "energy")
    assert result.returncode == 2
    assert "--from" in result.stderr and "not available yet" not in result.stderr


def test_chinese_messages(tmp_path: Path) -> None:
    result = run(
        "init", "--db", f"sqlite:///{tmp_path / 'zh.sqlite'}", env={"WATTDESK_LANG": "zh_CN"}
    )
    assert result.returncode == 0 and "数据库已就绪" in result.stdout
