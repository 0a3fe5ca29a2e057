"""``wattdesk --self-test [PNG]``: the GUI starts, draws a window, and quits by itself.

Why: a frozen build can lack a Qt plugin, a translation, a font or a module that only the
GUI imports, and only starting the GUI shows it. The bundle's smoke run (.ci/bundle-smoke)
starts the built ``WattDesk`` this way offscreen; a support person can do the same on a
user's PC (``wattdesk-cli --self-test`` prints to the console on Windows too).

It is not a way round the login. Without credentials it draws the login dialog (which shows
no data) and closes it. With ``WATTDESK_SELFTEST_LOGIN`` and ``WATTDESK_SELFTEST_PASSWORD`` it
signs in through the same ``login()`` as the dialog (password check, lockout, the login's
audit row) and draws the main window as that operator, once the park tree has loaded. It
never starts the collector or the backup check, writes nothing else, and puts the saved
window layout back as it was. The outcome is one line on standard output, ``self-test ok:
...`` (exit 0) or ``self-test failed: ...`` on standard error (exit 1).
"""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QEventLoop, QSettings, QTimer, qVersion
from PySide6.QtWidgets import QApplication, QWidget

from app.config import ui_language
from app.db import Database
from app.security import SecurityError, login, needs_first_admin

log = logging.getLogger(__name__)

ENV_LOGIN = "WATTDESK_SELFTEST_LOGIN"
ENV_SECRET = "WATTDESK_SELFTEST_PASSWORD"
LOAD_TIMEOUT_MS = 60_000
_LAYOUT_KEYS = ("main/geometry", "main/state")


class SelfTestFailed(Exception):
    """The window could not be built or drawn: the message says what."""


def run_self_test(app: QApplication, db: Database, shot: str | None = None) -> int:
    """Build and draw the login dialog or (with credentials) the main window; 0 when drawn."""
    try:
        widget, what = _build(db)
        try:
            _draw(widget, shot)
        finally:
            _close(widget)
    except (SelfTestFailed, SecurityError) as exc:
        _say(sys.stderr, f"self-test failed: {exc}")
        return 1
    _say(
        sys.stdout,
        f"self-test ok: {what}; platform {app.platformName()}; Qt {qVersion()}; "
        f"language {ui_language()}; keyring {_keyring_name()}",
    )
    return 0


def _build(db: Database) -> tuple[QWidget, str]:
    name, password = os.environ.get(ENV_LOGIN), os.environ.get(ENV_SECRET)
    if not name or password is None:
        from .login import FirstAdminDialog, LoginDialog

        first = needs_first_admin(db)
        dialog = FirstAdminDialog(db) if first else LoginDialog(db)
        dialog.show()
        return dialog, "first-administrator dialog" if first else "login dialog"
    actor = login(db, name, password)  # the dialog's own check: wrong password -> refused
    from .main_window import MainWindow

    window = MainWindow(db, actor)
    window.show()
    rooms = _wait_for_tree(window)
    return window, f"main window, {rooms} rooms, operator {actor.login}"


def _wait_for_tree(window) -> int:  # type: ignore[no-untyped-def]
    """Load the park as the window does at start (no backup check) and wait for it."""
    loaded: list[int] = []
    loop = QEventLoop()
    window.tree_loaded.connect(lambda rooms: (loaded.append(rooms), loop.quit()))
    QTimer.singleShot(LOAD_TIMEOUT_MS, loop.quit)
    window.reload()
    loop.exec()
    if not loaded:
        raise SelfTestFailed(f"the park did not load within {LOAD_TIMEOUT_MS // 1000} s")
    return loaded[0]


def _draw(widget: QWidget, shot: str | None) -> None:
    QApplication.processEvents()
    image = widget.grab().toImage()
    if image.isNull() or image.width() < 100 or image.height() < 100:
        raise SelfTestFailed(f"the window drew nothing ({image.width()}x{image.height()})")
    if shot and not image.save(shot):
        raise SelfTestFailed(f"could not save the picture to {shot}")


def _close(widget: QWidget) -> None:
    """Close as a user would (workers are waited for) but keep the user's saved layout."""
    settings = QSettings()
    saved = {key: settings.value(key) for key in _LAYOUT_KEYS}
    widget.close()
    for key, value in saved.items():
        if value is None:
            settings.remove(key)
        else:
            settings.setValue(key, value)
    settings.sync()


def _keyring_name() -> str:
    from keyring.errors import KeyringError

    from app.security.keystore import backend_name

    try:
        return backend_name()
    except (KeyringError, ImportError, RuntimeError, OSError) as exc:  # diagnostics only
        return f"unavailable ({exc})"


def _say(stream, text: str) -> None:  # type: ignore[no-untyped-def]
    """One line for the caller; a windowed Windows build has no console streams."""
    log.info("%s", text)
    if stream is not None:
        stream.write(text + "\n")
        stream.flush()
