"""Lock screen after idle time (or Ctrl+L): the window is covered until the operator who is
logged in types their password again.

Idle means no key press, mouse button or wheel in any window of the application for
``lock/idle_minutes`` (QSettings, default 10; 0 switches it off). The password check is
the normal login (``app.security.login``: audited, counts towards the lockout), run in a
worker thread because argon2 takes ~0.2 s. The collector keeps running while locked.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.security import Actor, login

from .bridge import Worker

INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class LockOverlay(QWidget):
    """Opaque cover over the main window with a password field."""

    def __init__(self, parent: QWidget, who: str) -> None:
        super().__init__(parent)
        self.setObjectName("LockOverlay")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#LockOverlay { background: #263238; } QLabel { color: white; }")
        title = QLabel(self.tr("WattDesk is locked"), self)
        title.setStyleSheet("font-size: 24px; font-weight: bold;")
        self.who = QLabel(
            self.tr("Logged in: %1. Type the password to continue.").replace("%1", who), self
        )
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaximumWidth(320)
        self.unlock = QPushButton(self.tr("Unlock"), self)
        self.unlock.setMaximumWidth(320)
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #ffab91;")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, self.who, self.password, self.unlock, self.error):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.password.returnPressed.connect(self.unlock.click)


class IdleLock(QObject):
    locked = Signal()
    unlocked = Signal()

    def __init__(self, window: QMainWindow, db: Database, actor: Actor) -> None:
        super().__init__(window)
        self.window, self.db, self.actor = window, db, actor
        self.worker = Worker(self)
        self.last_input = time.monotonic()
        self.overlay: LockOverlay | None = None
        minutes = QSettings().value("lock/idle_minutes", 10)
        try:
            self.idle_seconds = max(0.0, float(minutes) * 60)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.idle_seconds = 600.0
        self.timer = QTimer(self)
        self.timer.setInterval(5000)
        self.timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None and self.idle_seconds > 0:
            app.installEventFilter(self)
            self.timer.start()

    @property
    def is_locked(self) -> bool:
        return self.overlay is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT:
            self.last_input = time.monotonic()
        return False

    def _check(self) -> None:
        if not self.is_locked and time.monotonic() - self.last_input >= self.idle_seconds:
            self.lock_now()

    def lock_now(self) -> None:
        if self.overlay is not None:
            return
        who = self.actor.display_name or self.actor.login
        self.overlay = LockOverlay(self.window, who)
        self.overlay.setGeometry(self.window.rect())
        self.overlay.unlock.clicked.connect(self._try_unlock)
        self.overlay.show()
        self.overlay.raise_()
        self.overlay.password.setFocus()
        self.window.installEventFilter(self._resizer)
        self.locked.emit()

    def _try_unlock(self) -> None:
        overlay = self.overlay
        if overlay is None:
            return
        secret, db, name = overlay.password.text(), self.db, self.actor.login
        overlay.password.clear()
        overlay.unlock.setEnabled(False)
        self.worker.submit(lambda: login(db, name, secret), self._unlocked, self._refused)

    def _unlocked(self, _actor: Any) -> None:
        if self.overlay is not None:
            self.overlay.deleteLater()
            self.overlay = None
        self.last_input = time.monotonic()
        self.unlocked.emit()

    def _refused(self, exc: Exception) -> None:
        if self.overlay is not None:
            self.overlay.error.setText(str(exc))
            self.overlay.unlock.setEnabled(True)
            self.overlay.password.setFocus()

    @property
    def _resizer(self) -> QObject:
        if not hasattr(self, "_resize_filter"):
            self._resize_filter = _Resize(self)
        return self._resize_filter

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.worker.wait(5000)


class _Resize(QObject):
    def __init__(self, lock: IdleLock) -> None:
        super().__init__(lock)
        self.lock = lock

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self.lock.overlay is not None:
            self.lock.overlay.setGeometry(self.lock.window.rect())
        return False
