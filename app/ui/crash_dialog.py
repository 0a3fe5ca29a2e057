"""The crash dialog: an unhandled exception, in plain words, with the way to report it.

``app.support``'s excepthooks log every unhandled exception (any thread) and then call
their listeners on the failing thread. ``CrashReporter`` is such a listener: it only emits
a signal, connected *queued*, so the dialog is built on the GUI thread from the event loop
— never inside a bus thread, never inside the hook of a failing slot. A burst of errors
(a timer slot failing every 100 ms, fifty rooms failing one after the other) opens one
dialog that counts the others, not fifty.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app import support
from app.support import CrashReport

from .about import all_versions, open_folder

log = logging.getLogger(__name__)
MAX_KEPT = 20  # tracebacks kept for "Copy details" (the log has them all)


class CrashDialog(QDialog):
    """One dialog for the first error and the ones that follow while it is open."""

    def __init__(self, first: CrashReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("CrashDialog")
        self.setWindowTitle(self.tr("WattDesk — unexpected error"))
        self.reports: list[CrashReport] = []
        self.count = 0
        icon = QLabel(self)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(size)
        )
        intro = QLabel(
            self.tr(
                "Something went wrong inside WattDesk. The program keeps running, but the "
                "action you were doing may not have finished: check it before trying again."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.summary = QLabel(self)
        self.summary.setObjectName("CrashSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.summary.font()
        font.setBold(True)
        self.summary.setFont(font)
        self.more = QLabel(self)
        self.more.setObjectName("CrashMore")
        self.more.hide()
        setup = support.current()
        folder = setup.folder
        where = QLabel(
            setup.problem
            or self.tr(
                "The details are written to the log folder %1. To report the problem, send "
                'the files of that folder, or press "Copy details" and paste them into your '
                "message."
            ).replace("%1", str(folder)),
            self,
        )
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("Copy details"), self)
        self.copy_button.setObjectName("CopyDetails")
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.folder_button = QPushButton(self.tr("Open log folder"), self)
        self.folder_button.setObjectName("OpenLogFolder")
        self.folder_button.clicked.connect(lambda: open_folder(folder))
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        text = QVBoxLayout()
        text.addWidget(intro)
        text.addWidget(self.summary)
        text.addWidget(self.more)
        text.addWidget(where)
        top = QVBoxLayout(self)
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        line.addLayout(text, 1)
        top.addWidget(row)
        top.addWidget(buttons)
        self.setMinimumWidth(520)
        self.add(first)

    def add(self, report: CrashReport) -> None:
        """Count one more error; the first one stays the headline."""
        self.count += 1
        if len(self.reports) < MAX_KEPT:
            self.reports.append(report)
        if self.count == 1:
            self.summary.setText(self._plain(report))
        else:
            self.more.setText(
                self.tr("%n more error(s) happened since (all are in the log).", "", self.count - 1)
            )
            self.more.show()

    def _plain(self, report: CrashReport) -> str:
        if report.thread == "MainThread":
            return report.summary
        return (
            self.tr("%1 (in the background task %2)")
            .replace("%1", report.summary)
            .replace("%2", report.thread)
        )

    def details(self) -> str:
        return support.crash_details(self.reports, all_versions())

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details())


class CrashReporter(QObject):
    """Listens to ``app.support``'s hooks and shows one ``CrashDialog`` at a time."""

    crashed = Signal(object)  # CrashReport, emitted on the failing thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.dialog: CrashDialog | None = None
        self.broken = False
        self.crashed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        support.add_crash_listener(self._listen)

    def _listen(self, report: CrashReport) -> None:
        self.crashed.emit(report)

    def _show(self, report: CrashReport) -> None:
        if self.broken:  # the dialog itself failed once: the log is all we can do
            return
        try:
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.add(report)
                return
            # no parent: the dialog must outlive a window that is closing because of the error
            self.dialog = CrashDialog(report)
            self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self.dialog.destroyed.connect(self._forget)
            self.dialog.show()
            self.dialog.raise_()
            self.dialog.activateWindow()
        except Exception:  # not through the excepthook: that would loop back here
            self.broken = True
            log.exception("the crash dialog could not be shown")

    def _forget(self) -> None:
        self.dialog = None

    def uninstall(self) -> None:
        """Stop listening (the hooks themselves stay: they still log)."""
        support.remove_crash_listener(self._listen)


def install_crash_reporter(app: QObject) -> CrashReporter:
    """The GUI's excepthooks: log (already set up by ``setup_logging``) and show the
    dialog. Call once the QApplication exists."""
    support.install_excepthooks()
    return CrashReporter(app)


__all__ = ["CrashDialog", "CrashReporter", "install_crash_reporter"]
