"""The frozen build and PostgreSQL on a fresh machine.

PyInstaller follows ``import`` statements only: a module loaded by name (``importlib``,
``__import__``) is missing from the bundle unless build.spec lists it, and the bundle then
fails only when a user runs that command (``ModuleNotFoundError: app.cli.money_impl`` in
issue #12). These tests rebuild the analysis's view statically (every import statement from
``app/__main__.py`` on, in function bodies too, as PyInstaller reads them) and check that each
command module and each module loaded by name is reached or listed. The bundle's smoke run
(.ci/bundle-smoke) checks the built folder itself.

A plain ``postgresql://`` URL uses the driver the ``postgres`` extra installs (psycopg 3);
without it, the user reads a sentence, not a traceback.
"""

from __future__ import annotations

import ast
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from app.db import make_engine

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("app", "drivers", "widgets")


def _spec_list(name: str) -> list[str]:
    """The string items of the list assigned to ``name`` in build.spec."""
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            assert isinstance(node.value, ast.List), f"{name} is not a plain list"
            return [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
    raise AssertionError(f"build.spec has no {name} list")


def _module_files() -> dict[str, Path]:
    """Every module of the project's packages, by dotted name."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The project modules ``name`` imports anywhere in its body (as PyInstaller sees it)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            out.add(base)
            out.update(f"{base}.{alias.name}" for alias in node.names)
    # importing a.b.c runs a/__init__ and a/b/__init__ too
    with_parents = {".".join(m.split(".")[:i]) for m in out for i in range(1, m.count(".") + 2)}
    return {m for m in with_parents if m in known}


def statically_reached() -> set[str]:
    """Project modules the analysis finds from the entry point by import statements alone."""
    known = _module_files()
    reached, todo = set(), ["app.__main__"]
    while todo:
        name = todo.pop()
        if name not in reached:
            reached.add(name)
            todo.extend(_imports_of(name, known[name], known) - reached)
    return reached


def loaded_by_name() -> dict[str, str]:
    """Modules app/ and drivers/ load by a string (module -> where); a computed name fails."""
    found: dict[str, str] = {}
    for package in ("app", "drivers"):
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called not in ("import_module", "__import__"):
                    continue
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                arg = node.args[0] if node.args else None
                assert isinstance(arg, ast.Constant) and isinstance(arg.value, str), (
                    f"{where} loads a module by a computed name: the bundle cannot know it "
                    "(load it by a constant name and list it in build.spec's HIDDEN_IMPORTS)"
                )
                found[arg.value] = where
    return found


def test_every_module_loaded_by_name_is_a_hidden_import() -> None:
    loaded = loaded_by_name()
    assert "app.cli.money_impl" in loaded, "the scan lost its subject (money_impl by name)"
    hidden = set(_spec_list("HIDDEN_IMPORTS"))
    missing = {m: where for m, where in loaded.items() if m not in hidden}
    assert not missing, f"loaded by name but not in build.spec's HIDDEN_IMPORTS: {missing}"


def test_every_cli_module_is_in_the_bundle() -> None:
    cli = {m for m in _module_files() if m == "app.cli" or m.startswith("app.cli.")}
    assert {"app.cli", "app.cli.money_cmds", "app.cli.money_impl"} <= cli
    covered = statically_reached() | set(_spec_list("HIDDEN_IMPORTS"))
    assert not cli - covered, f"neither imported nor a hidden import: {sorted(cli - covered)}"
    # the static view is not trivially everything: money_impl is reached only by name
    assert "app.cli.money_impl" not in statically_reached()


def _spec_set(name: str) -> set[str]:
    tree = ast.parse((ROOT / "build.spec").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == name for t in node.targets
        ):
            assert isinstance(node.value, ast.Set), f"{name} is not a plain set"
            return {e.value for e in node.value.elts if isinstance(e, ast.Constant)}
    raise AssertionError(f"build.spec has no {name} set")


def _every_import() -> set[str]:
    """Every dotted name the project's own modules import (absolute imports)."""
    names: set[str] = set()
    for path in _module_files().values():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_nothing_the_app_imports_is_left_out_of_the_bundle() -> None:
    """An exclude that the app imports would build fine and fail at run time."""
    imported = _every_import()
    excluded = _spec_list("EXCLUDED_MODULES")
    hits = {m for m in imported for x in excluded if m == x or m.startswith(x + ".")}
    assert not hits, f"imported by the app but excluded in build.spec: {sorted(hits)}"
    qt = {m.split(".")[1] for m in imported if m.startswith("PySide6.") and m.count(".") >= 1}
    assert {"QtCore", "QtWidgets"} <= qt  # the scan sees the GUI's imports
    unlisted = {q for q in qt if q.startswith("Qt")} - _spec_set("USED_QT")
    assert not unlisted, f"Qt modules the app imports, missing from USED_QT: {sorted(unlisted)}"


def test_a_plain_postgresql_url_uses_the_installed_driver() -> None:
    pytest.importorskip("psycopg")  # the postgres extra (make installs it)
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
    pytest.importorskip("psycopg")
    from app.cli import main

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nobody listens here once the socket is closed
    assert main(["init", "--db", f"postgresql://wattdesk@127.0.0.1:{port}/site"]) == 3
    err = capsys.readouterr().err
    assert f"Nothing answers at 127.0.0.1:{port}" in err  # app.errors words it
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "url", ["postgresql://wattdesk@127.0.0.1:1/site", "postgresql+psycopg://x@h/d"]
)
def test_without_the_driver_a_postgresql_url_says_to_install_the_extra(url: str) -> None:
    # a real interpreter in which psycopg cannot be imported (as after a plain pip install)
    code = (
        "import sys; sys.modules['psycopg'] = None\n"
        "from app.cli import main\n"
        f"sys.exit(main(['init', '--db', {url!r}]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 3, done.stderr  # the environment (#13: exit codes)
    assert "driver (psycopg) is not installed" in done.stderr
    assert "wattdesk[postgres]" in done.stderr
    assert "Traceback" not in done.stderr and "ModuleNotFoundError" not in done.stderr
