"""Unhandled exceptions in the GUI: logged, then one dialog with the summary in plain words,
"Copy details" and "Open log folder"; Help → About with the versions and folders.

pytest-qt's own exception capture is switched off for these tests (it would replace
``sys.excepthook``); the hooks are installed for the test and given back after it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QApplication, QPushButton

from app import support
from app.models import Role
from app.security import Actor
from app.ui.about import AboutDialog
from app.ui.crash_dialog import CrashReporter, install_crash_reporter
from app.ui.main_window import MainWindow

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def reporter(qapp) -> Iterator[CrashReporter]:  # type: ignore[no-untyped-def]
    support.setup_logging(gui=True, hooks=False)  # the log file in this test's home
    crash = install_crash_reporter(qapp)
    yield crash
    crash.uninstall()
    if crash.dialog is not None:
        crash.dialog.close()
    support.teardown_logging()


def failing_button(qtbot, message: str) -> QPushButton:  # type: ignore[no-untyped-def]
    button = QPushButton("fail")
    qtbot.addWidget(button)

    def slot() -> None:
        raise RuntimeError(message)

    button.clicked.connect(slot)
    return button


class FolderOpener(QObject):
    """Stands in for the file manager: Qt hands it the file:// URL to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_an_exception_in_a_slot_opens_the_crash_dialog(qtbot, reporter) -> None:  # type: ignore[no-untyped-def]
    button = failing_button(qtbot, "the cashier slot failed")
    button.click()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    dialog = reporter.dialog
    assert dialog.summary.text() == "RuntimeError: the cashier slot failed"
    assert not dialog.more.isVisibleTo(dialog)
    dialog.copy_button.click()
    details = QGuiApplication.clipboard().text()
    assert "Traceback (most recent call last)" in details and "in slot" in details
    assert "RuntimeError: the cashier slot failed" in details
    for name in ("Qt ", "PySide6", "Python", "pymodbus", "SQLAlchemy", "pyserial"):
        assert f"\n{name}" in details, name
    log_file = support.current().log_file
    assert log_file is not None
    logged = log_file.read_text(encoding="utf-8")
    assert "unhandled exception in thread MainThread: RuntimeError: the cashier slot failed" in (
        logged
    )

    opener = FolderOpener()
    QDesktopServices.setUrlHandler("file", opener, "open")
    try:
        dialog.folder_button.click()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [Path(u.toLocalFile()) for u in opener.urls] == [support.current().folder]


def test_a_burst_of_errors_opens_one_dialog(qtbot, reporter) -> None:  # type: ignore[no-untyped-def]
    button = failing_button(qtbot, "again and again")
    for _ in range(50):
        button.click()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.count == 50)
    dialogs = [w for w in QApplication.topLevelWidgets() if w.objectName() == "CrashDialog"]
    assert [d for d in dialogs if d.isVisible()] == [reporter.dialog]
    more = reporter.dialog.more.text()  # "error(s)" until the English plural file has it
    assert more.startswith("49 more error") and more.endswith("(all are in the log).")
    assert len(reporter.dialog.reports) == 20  # the clipboard is not flooded either


# our hook hands the exception on to pytest's, which warns about it: expected here
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_an_exception_in_a_thread_reaches_the_dialog_on_the_gui_thread(qtbot, reporter) -> None:  # type: ignore[no-untyped-def]
    shown_on: list[threading.Thread] = []
    reporter.crashed.connect(lambda _r: shown_on.append(threading.current_thread()))
    worker = threading.Thread(target=lambda: [][1], name="bus-3")
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: reporter.dialog is not None and reporter.dialog.isVisible())
    assert reporter.dialog.summary.text() == (
        "IndexError: list index out of range (in the background task bus-3)"
    )
    assert shown_on == [threading.main_thread()]  # queued to the GUI thread


def test_about_shows_versions_and_folders(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    support.setup_logging(gui=True, hooks=False)
    try:
        dialog = AboutDialog("postgresql+psycopg://desk:s3cret@db.example/wattdesk")
        qtbot.addWidget(dialog)
        rows = dict(dialog.rows)
        assert rows["Database"] == "postgresql+psycopg://desk:***@db.example/wattdesk"
        assert rows["Log folder"] == str(Path(os.environ["WATTDESK_HOME"]) / "logs")
        assert rows["Data folder"] == os.environ["WATTDESK_HOME"]
        assert rows["Version"] == "0.1.0"
        for name in ("Qt", "PySide6", "Python", "pymodbus", "SQLAlchemy", "pyserial"):
            assert rows[name][0].isdigit(), (name, rows[name])
        dialog.copy_button.click()
        copied = QGuiApplication.clipboard().text()
        assert "s3cret" not in copied and "desk:***@db.example" in copied
        pymodbus = next(line for line in copied.splitlines() if line.startswith("pymodbus "))
        assert pymodbus.split() == ["pymodbus", rows["pymodbus"]]
    finally:
        support.teardown_logging()


def test_help_about_in_the_main_window(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(db, Actor(None, "cli:test", "测试员", Role.ADMIN, "desk-1"))
    qtbot.addWidget(window)
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Help" in menus
    window.about_action.trigger()
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    assert dict(about.rows)["Database"] == db.url
    about.close()
