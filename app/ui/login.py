"""Login and first-administrator dialogs.

Password hashing (argon2id, ~19 MiB) takes tens of milliseconds, so the check runs in the
worker pool and the dialog stays responsive; errors from the security layer are shown as
they come (they are already in the user's language).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.db import Database
from app.security import Actor, SecurityError, create_first_admin, login

from .bridge import Worker


class _CredentialsDialog(QDialog):
    """Shared shape: a form, an error line, OK/Cancel; subclasses say what OK does."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor: Actor | None = None
        self.worker = Worker(self)
        self.form = QFormLayout()
        self.error = QLabel(self)
        self.error.setObjectName("LoginError")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)

    def _line(self, label: str, password: bool = False) -> QLineEdit:
        edit = QLineEdit(self)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(label, edit)
        return edit

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.WaitCursor if busy else Qt.CursorShape.ArrowCursor)

    def _run(self, work) -> None:  # type: ignore[no-untyped-def]
        self._busy(True)
        self.error.clear()
        self.worker.submit(work, self._done, self._failed)

    def _done(self, actor: Actor) -> None:
        self._busy(False)
        self.actor = actor
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        if isinstance(exc, SecurityError):
            self.error.setText(str(exc))
        else:
            self.error.setText(self.tr("Unexpected error: %1").replace("%1", str(exc)))

    def _submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def done(self, result: int) -> None:
        self.worker.wait(10_000)
        super().done(result)


class LoginDialog(_CredentialsDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.setWindowTitle(self.tr("WattDesk — log in"))
        self.intro.setText(self.tr("Log in with your operator name and password."))
        self.login = self._line(self.tr("Login"))
        self.password = self._line(self.tr("Password"), password=True)
        self.login.setFocus()

    def _submit(self) -> None:
        name, secret, db = self.login.text(), self.password.text(), self.db
        self.password.clear()
        self._run(lambda: login(db, name, secret))


class FirstAdminDialog(_CredentialsDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.setWindowTitle(self.tr("WattDesk — first administrator"))
        self.intro.setText(
            self.tr(
                "This database has no operator yet. Create the first administrator: "
                "there is no built-in account or default password."
            )
        )
        self.login = self._line(self.tr("Login"))
        self.display = self._line(self.tr("Full name"))
        self.password = self._line(self.tr("Password"), password=True)
        self.confirm = self._line(self.tr("Repeat password"), password=True)
        self.login.setFocus()

    def _submit(self) -> None:
        if self.password.text() != self.confirm.text():
            self.error.setText(self.tr("The two passwords differ."))
            return
        name, display, secret, db = (
            self.login.text(),
            self.display.text(),
            self.password.text(),
            self.db,
        )
        self._run(lambda: create_first_admin(db, name, display, secret))
