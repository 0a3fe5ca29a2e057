"""Lock screen after idle time (or Ctrl+L): every window of the application is covered
until the operator who is logged in types their password again.

Idle means no key press, mouse button or wheel in any window of the application (the
main window, the cashier counter, the diagnostics window, a floating dock…) for
``lock/idle_minutes`` (QSettings, default 10; 0 switches the idle lock off, Ctrl+L still
locks). When locked, each visible top-level window gets an opaque cover with its own
password field (the cashier may sit at a full-screen counter with the main window behind
it), and an application-wide event filter swallows every key, mouse, wheel and shortcut
event that is not meant for a cover, so a window's shortcuts (the cashier's F1-F4, Esc)
do nothing either. A window shown while locked is covered at once. The windows are not
touched otherwise: the cashier's in-flight recharge (its idempotency key, its QSettings
record) and the collector go on as they were.

The password check is the normal login (``app.security.login``: audited, counts towards
the lockout), run in a worker thread because argon2 takes ~0.2 s.
"""

from __future__ import annotations

import time
from typing import Any

import shiboken6
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
from widgets.fonts import emphasise

from .bridge import Worker

INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}
# what a locked window must not receive (unless it is meant for the cover)
BLOCKED = INPUT | {
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.ContextMenu,
    QEvent.Type.ShortcutOverride,
}
NOT_COVERED = (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.Desktop)


class LockOverlay(QWidget):
    """Opaque cover over one window with a password field (any cover unlocks them all)."""

    def __init__(self, parent: QWidget, who: str) -> None:
        super().__init__(parent)
        self.setObjectName("LockOverlay")
        self.setAutoFillBackground(True)
        self.setStyleSheet("#LockOverlay { background: #263238; } QLabel { color: white; }")
        title = QLabel(self.tr("WattDesk is locked"), self)
        emphasise(title, 1.8, bold=True)
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
        self.overlays: dict[QWidget, LockOverlay] = {}  # covered window -> its cover
        self._trying: LockOverlay | None = None
        minutes = QSettings().value("lock/idle_minutes", 10)
        try:
            self.idle_seconds = max(0.0, float(minutes) * 60)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.idle_seconds = 600.0
        self.timer = QTimer(self)
        self.timer.setInterval(5000)
        self.timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)  # counts activity; blocks input while locked
            if self.idle_seconds > 0:
                self.timer.start()

    @property
    def is_locked(self) -> bool:
        return bool(self.overlays)

    @property
    def overlay(self) -> LockOverlay | None:
        """The main window's cover (None when unlocked)."""
        return self.overlays.get(self.window)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT:
            self.last_input = time.monotonic()
        if not self.overlays:
            return False
        if kind == QEvent.Type.Shortcut:
            return True  # no window's shortcut acts while locked
        if not isinstance(watched, QWidget):
            return False  # QWindow-level delivery: the widget gets it next, decided there
        if kind == QEvent.Type.Show and watched.isWindow():
            QTimer.singleShot(0, lambda w=watched: self._cover_if_needed(w))
            return False
        if kind not in BLOCKED or _covered_part(watched):
            return False
        top = watched.window()
        if top.windowType() == Qt.WindowType.Popup:
            return False  # a menu opened from a cover must be able to close
        if kind == QEvent.Type.KeyPress:
            cover = self.overlays.get(top)
            if cover is not None:
                cover.password.setFocus()
        return True

    def _check(self) -> None:
        if not self.is_locked and time.monotonic() - self.last_input >= self.idle_seconds:
            self.lock_now()

    def lock_now(self) -> None:
        if self.overlays:
            return
        self._cover(self.window)
        for widget in QApplication.topLevelWidgets():
            self._cover_if_needed(widget)
        active = QApplication.activeWindow()
        cover = self.overlays.get(active) if active is not None else None
        (cover or self.overlays[self.window]).password.setFocus()
        self.locked.emit()

    def _cover_if_needed(self, widget: QWidget) -> None:
        if (
            shiboken6.isValid(widget)  # shown, then deleted before this turn of the loop
            and self.overlays
            and widget not in self.overlays
            and widget.isWindow()
            and widget.isVisible()
            and widget.windowType() not in NOT_COVERED
            and not _covered_part(widget)
        ):
            self._cover(widget)

    def _cover(self, target: QWidget) -> None:
        who = self.actor.display_name or self.actor.login
        cover = LockOverlay(target, who)
        cover.setGeometry(target.rect())
        cover.unlock.clicked.connect(lambda: self._try_unlock(cover))
        cover.show()
        cover.raise_()
        cover.password.setFocus()
        target.installEventFilter(self._resizer)
        target.destroyed.connect(lambda *_: self.overlays.pop(target, None))
        self.overlays[target] = cover

    def _try_unlock(self, cover: LockOverlay) -> None:
        if cover not in self.overlays.values() or self._trying is not None:
            return
        secret, db, name = cover.password.text(), self.db, self.actor.login
        cover.password.clear()
        cover.error.clear()
        for each in self.overlays.values():
            each.unlock.setEnabled(False)
        self._trying = cover
        self.worker.submit(lambda: login(db, name, secret), self._unlocked, self._refused)

    def _unlocked(self, _actor: Any) -> None:
        self._trying = None
        covers, self.overlays = list(self.overlays.items()), {}
        for target, cover in covers:
            target.removeEventFilter(self._resizer)
            cover.deleteLater()
        self.last_input = time.monotonic()
        self.unlocked.emit()

    def _refused(self, exc: Exception) -> None:
        cover, self._trying = self._trying, None
        for each in self.overlays.values():
            each.unlock.setEnabled(True)
        if cover is not None and cover in self.overlays.values():
            cover.error.setText(str(exc))
            cover.password.setFocus()

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


def _covered_part(widget: QWidget | None) -> bool:
    """True for a lock cover or anything inside one (its password field, its button)."""
    while widget is not None:
        if isinstance(widget, LockOverlay):
            return True
        widget = widget.parentWidget()
    return False


class _Resize(QObject):
    def __init__(self, lock: IdleLock) -> None:
        super().__init__(lock)
        self.lock = lock

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            cover = self.lock.overlays.get(watched)
            if cover is not None:
                cover.setGeometry(watched.rect())
        return False
