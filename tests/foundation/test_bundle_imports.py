"""The frozen build and PostgreSQL on a fresh machine: modules loaded by name are in the
PyInstaller spec's hidden imports, and a plain ``postgresql://`` URL uses the driver the
project installs (psycopg 3), not psycopg2, which is not a dependency."""

from __future__ import annotations

import ast
import re
import socket
from pathlib import Path

import pytest

from app.db import make_engine

ROOT = Path(__file__).resolve().parents[2]


def _hidden_imports() -> set[str]:
    spec = (ROOT / "build.spec").read_text(encoding="utf-8")
    block = re.search(r"hiddenimports=\[(.*?)\]", spec, re.S)
    assert block, "build.spec has no hiddenimports"
    return set(re.findall(r'"([\w.]+)"', block.group(1)))


def test_every_module_loaded_by_name_is_a_hidden_import() -> None:
    loaded: set[str] = set()
    for path in (ROOT / "app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                loaded.add(str(node.args[0].value))
    assert loaded, "the scan found no import_module call (the test lost its subject)"
    assert loaded <= _hidden_imports(), loaded - _hidden_imports()


def test_a_plain_postgresql_url_uses_the_installed_driver() -> None:
    engine = make_engine("postgresql://wattdesk@127.0.0.1:1/site")  # no connection yet
    try:
        assert engine.url.drivername == "postgresql+psycopg"
        assert engine.dialect.driver == "psycopg"
    finally:
        engine.dispose()
    kept = make_engine("postgresql+psycopg://wattdesk@127.0.0.1:1/site")
    assert kept.url.drivername == "postgresql+psycopg"
    kept.dispose()


def test_an_unreachable_database_is_a_sentence_and_exit_3(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.cli import main

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nobody listens here once the socket is closed
    assert main(["init", "--db", f"postgresql://wattdesk@127.0.0.1:{port}/site"]) == 3
    err = capsys.readouterr().err
    assert "Cannot use the database" in err and "Connection refused" in err
    assert "Traceback" not in err
