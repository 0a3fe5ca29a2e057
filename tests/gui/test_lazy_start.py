"""Fast start: what is not on screen is imported and built on first use (issue 14).

A fresh interpreter builds the main window on a demo park and loads the tree; pyqtgraph,
reportlab and the windows not on screen must not have been imported by then. Then each
window opens on first use, in this process. The import circle through the main window
must not come back: no module of app/ui imports it but the entry points."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.models import Role
from app.security import Actor
from widgets.tree_model import TreeModel, TreeNode

ROOT = Path(__file__).resolve().parents[2]
LAZY = [
    "pyqtgraph",
    "reportlab",
    "numpy",
    "app.ui.charts",
    "app.ui.room_detail",
    "app.ui.cashier",
    "app.ui.tariffs",
    "app.ui.reports",
    "app.ui.billing",
    "app.ui.batches",
    "app.ui.timecontrol",
    "app.batch.engine",
    "app.billing.runs",
    "app.ui.approvals",
    "app.ui.diagnostics",
    "app.ui.settings",
    "app.backup",
    "app.collector.service",
]
CHILD = """
import json, sys
from PySide6.QtWidgets import QApplication
from app.db import open_database
from app.demo import build_demo
from app.models import Role
from app.security import Actor
from app.ui.main_window import MainWindow
app = QApplication([])
db = open_database(sys.argv[1])
build_demo(db, rooms=60)
window = MainWindow(db, Actor(None, "cli:test", "test", Role.ADMIN, "desk-1"))
window.show()
window.tree_loaded.connect(lambda n: app.quit())
window.reload()
app.exec()
print(json.dumps(sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules)))
window.close()
db.dispose()
"""


def test_the_main_window_starts_without_charts_pdf_or_hidden_windows(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WATTDESK_HOME=str(tmp_path))
    env["WATTDESK_KEYSTORE_PASSPHRASE"] = "lazy-start-passphrase"
    out = subprocess.run(
        [sys.executable, "-c", CHILD, f"sqlite:///{tmp_path}/lazy.sqlite", json.dumps(LAZY)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == []


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative, inside app/ui
                found.add(f"app.ui.{base}" if base else "app.ui")
                found.update(f"app.ui.{alias.name}" for alias in node.names if not base)
            else:
                found.add(base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_window_imports_the_main_window() -> None:
    # the entry points build it: the GUI, its self-test and the screenshot script
    allowed = {"main_window.py", "selftest.py", "screenshots.py"}
    offenders = [
        p.name
        for p in sorted((ROOT / "app" / "ui").glob("*.py"))
        if p.name not in allowed and "app.ui.main_window" in _imports(p)
    ]
    assert offenders == []


def test_tree_model_accessors() -> None:
    model = TreeModel(["name"])
    park = TreeNode(("park", 1), "park", ["P"])
    room = park.add(TreeNode(("room", 7), "room", ["101"]))
    model.set_roots([park])
    view = model.node_map()
    assert view[("room", 7)] is room and model.node(("room", 7)) is room
    assert model.index_of(("room", 7)).internalPointer() is room
    assert not model.index_of(("room", 8)).isValid()
    with pytest.raises(TypeError):
        view[("room", 8)] = room  # type: ignore[index]
    model.set_roots([TreeNode(("park", 2), "park", ["Q"])])
    assert ("room", 7) not in model.node_map() and ("park", 2) in model.node_map()


def test_each_window_opens_on_first_use(qtbot, demo_db) -> None:  # type: ignore[no-untyped-def]
    from app.ui.main_window import MainWindow

    window = MainWindow(demo_db, Actor(None, "cli:test", "管理员", Role.ADMIN, "desk-1"))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.feed.rooms_updated, timeout=30_000):  # after the tree
        window.reload()
    assert window._detail is None and window.cashier is None
    window.open_room(1)
    qtbot.waitUntil(lambda: window.centre.currentWidget() is window.detail, timeout=10_000)
    assert window.detail.room_id == 1
    qtbot.waitUntil(lambda: window.detail.title.text() != "", timeout=20_000)
    counter = window.open_cashier()
    assert counter.isVisible()
    for opener in (
        window.open_tariffs,
        window.open_approvals,
        window.open_reports,
        window.open_diagnostics,
        window.open_settings,
    ):
        shown = opener()
        assert shown.isVisible(), opener.__name__
        assert opener() is shown  # built once
    window.close()
