"""Render the main windows to PNG for the user guide: ``python -m app.ui.screenshots DIR``.

Runs offscreen on a temporary demo database, in the language of ``WATTDESK_LANG``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(argv[0] if argv else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.config import ui_language
    from app.db import open_database
    from app.demo import build_demo
    from app.models import Role
    from app.security import Actor
    from app.ui.i18n import install_translators
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    lang = ui_language()
    keep = install_translators(app, lang)
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/shot.sqlite")
        build_demo(db, rooms=480)
        actor = Actor(1, "wang", "王晓梅", Role.ADMIN, "desk-1")
        window = MainWindow(db, actor)
        window.resize(1366, 800)
        window.show()
        loop = QEventLoop()
        window.tree_loaded.connect(loop.quit)
        QTimer.singleShot(20_000, loop.quit)
        window.reload()
        loop.exec()
        window.park_tree.select_key(("building", 1))
        window.park_tree.view.expandToDepth(2)
        app.processEvents()
        window.grab().save(str(out / f"main-window-{lang}.png"))
        window.close()
        db.dispose()
    del keep
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
