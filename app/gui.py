"""The GUI entry point: open (and upgrade) the database, then show the main window."""

from __future__ import annotations

import logging
import sys

from .config import resolve_db_url, ui_language
from .db import Database
from .errors import EXIT_ENVIRONMENT, explain, sqlite_path
from .i18n import tr
from .support.hooks import FILE_ONLY

log = logging.getLogger(__name__)


def run_gui(db_url: str | None = None, self_test: str | None = None) -> int:
    """Run the GUI; with ``self_test`` (a PNG path or "") draw one window and quit instead
    (``app/ui/selftest.py``: the smoke run of the installed build)."""
    from PySide6.QtWidgets import QApplication

    from .ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("WattDesk")
    app.setApplicationName("WattDesk")
    translators = apply_workstation_preferences(app)
    from .ui.crash_dialog import install_crash_reporter

    install_crash_reporter(app)  # unhandled exceptions: logged, then shown in a dialog
    db = start_database(resolve_db_url(db_url), interactive=self_test is None)
    if not isinstance(db, Database):  # said why (or the user declined to create one)
        return db
    if self_test is not None:
        from .ui.selftest import run_self_test

        code = run_self_test(app, db, self_test or None)
        db.dispose()
        return code
    actor = _sign_in(db)
    if actor is None:
        db.dispose()
        return 0
    window = MainWindow(db, actor)
    window.show()
    # the park first, then live meters when the database has buses (the demo's sim://)
    window.start(collector=True)
    code = app.exec()
    del translators
    finish_gui(db)
    return int(code)


def finish_gui(db: Database) -> None:
    """The last steps after the event loop: close the database, then freeze what is left.

    By now the window has saved its layout, the collector has stopped (its writer flushed
    every batch) and the last window is closed. What remains are some 230,000 objects of a
    10,000-room park (simulated meters, bus workers, tree rows) in reference cycles; the
    collection of them at interpreter exit took 1.5-3 s. ``gc.freeze()`` leaves them to the
    operating system, which frees the memory at once; nothing in them still has to be
    written (log handlers are flushed and closed by ``logging``'s exit hook as before)."""
    import gc

    db.dispose()
    gc.freeze()


def start_database(url: str, *, interactive: bool) -> Database | int:
    """The database the window works on, or the exit code when there is none.

    What cannot be opened is said in the words of ``app.errors`` (a message box, or stderr
    in the headless self-test) instead of a crash: exit 3. Where a SQLite file does not
    exist yet, the user is told and asked; only a yes creates it (the first start, or a
    typo in WATTDESK_DB or --db: the question tells them apart); a no is exit 0."""
    from PySide6.QtWidgets import QMessageBox

    from .db import open_database

    path = sqlite_path(url)
    try:
        if interactive and path is not None and not path.exists():
            answer = QMessageBox.question(
                None,
                "WattDesk",
                tr(
                    "There is no WattDesk database at {path} yet. Create a new, empty "
                    "database there? Choose No if you expected an existing database, and "
                    "check the --db option or WATTDESK_DB.",
                    path=path,
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return 0
        return open_database(url)
    except Exception as exc:
        message = explain(exc, url)
        if message is None:
            raise  # a bug: the crash reporter shows it
        log.error("cannot start: %s", message)
        log.debug("cannot start", exc_info=True, extra={FILE_ONLY: True})
        if interactive:
            QMessageBox.critical(None, "WattDesk", message)
        else:  # the headless self-test: no dialog to wait on
            sys.stderr.write(f"self-test failed: {message}\n")
        return EXIT_ENVIRONMENT


def apply_workstation_preferences(app):  # type: ignore[no-untyped-def]
    """This desk's saved language (Settings → Language; ``WATTDESK_LANG`` still wins) and
    theme; returns the installed translators (keep them alive)."""
    from .config import set_preferred_language
    from .ui.i18n import install_translators
    from .ui.theme import apply_theme, ensure_chinese_font, saved_language, saved_theme

    ensure_chinese_font()
    set_preferred_language(saved_language())
    translators = install_translators(app, ui_language())
    if saved_theme() == "dark":
        apply_theme("dark", remember=False)
    return translators


def _sign_in(db):  # type: ignore[no-untyped-def]
    """First administrator on an empty database, else the login dialog; None if cancelled."""
    from .security import needs_first_admin
    from .ui.keystore_dialog import ensure_keystore
    from .ui.login import FirstAdminDialog, LoginDialog

    if not ensure_keystore():  # the OS keyring, or the keystore file's passphrase dialog
        return None
    dialog = FirstAdminDialog(db) if needs_first_admin(db) else LoginDialog(db)
    if dialog.exec() != dialog.DialogCode.Accepted:
        return None
    return dialog.actor
