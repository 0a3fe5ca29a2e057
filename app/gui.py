"""The GUI entry point: open (and upgrade) the database, then show the main window."""

from __future__ import annotations

import logging
import sys

from .config import resolve_db_url, ui_language

log = logging.getLogger(__name__)


def run_gui(db_url: str | None = None, self_test: str | None = None) -> int:
    """Run the GUI; with ``self_test`` (a PNG path or "") draw one window and quit instead
    (``app/ui/selftest.py``: the smoke run of the installed build)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from .db import DatabaseLocationError, open_database
    from .migrate import SchemaTooNewError
    from .ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setOrganizationName("WattDesk")
    app.setApplicationName("WattDesk")
    translators = apply_workstation_preferences(app)
    from .ui.crash_dialog import install_crash_reporter

    install_crash_reporter(app)  # unhandled exceptions: logged, then shown in a dialog
    try:
        db = open_database(resolve_db_url(db_url))
    except (DatabaseLocationError, SchemaTooNewError) as exc:
        QMessageBox.critical(None, "WattDesk", str(exc))
        return 1
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
    window.start()
    window.start_collector()  # live meters when the database has buses (the demo's sim://)
    code = app.exec()
    del translators
    db.dispose()
    return int(code)


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
