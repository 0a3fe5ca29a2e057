"""The keystore passphrase at start: set it once (typed twice), then type it at each start.

Only shown where the operating system has no usable keyring, so that WattDesk's secrets
live in its encrypted keystore file (``app.security.keystore``). It comes before the
first-administrator and login dialogs: the first audit row needs the audit key, which is
one of those secrets. Deriving the key (scrypt) takes about half a second, so it runs in
the worker pool and the dialog stays responsive. ``WATTDESK_KEYSTORE_PASSPHRASE`` skips
the dialog (a kiosk started by a service).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.security import SecurityError, keystore

from .bridge import Worker


class KeystoreDialog(QDialog):
    """``creating``: choose the passphrase of a new keystore file; else unlock the file."""

    def __init__(self, creating: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.creating = creating
        self.worker = Worker(self)
        self.setWindowTitle(self.tr("WattDesk — keystore"))
        layout = QVBoxLayout(self)
        self.intro = QLabel(self._intro_text(), self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.path = QLabel(str(keystore.keystore_path()), self)
        self.path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.path.setStyleSheet("font-family: monospace;")
        layout.addWidget(self.path)
        if creating:
            warning = QLabel(self._warning_text(), self)
            warning.setWordWrap(True)
            warning.setStyleSheet("font-weight: bold;")
            layout.addWidget(warning)
        form = QFormLayout()
        self.passphrase = self._field(form, self.tr("Passphrase"))
        self.confirm = self._field(form, self.tr("Repeat passphrase")) if creating else None
        layout.addLayout(form)
        self.error = QLabel(self)
        self.error.setObjectName("KeystoreError")
        self.error.setStyleSheet("color: #c62828;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self._submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(480)
        self.passphrase.setFocus()

    def _intro_text(self) -> str:
        if not self.creating:
            return self.tr(
                "WattDesk keeps its secrets in an encrypted keystore file on this computer. "
                "Type its passphrase to unlock it:"
            )
        return self.tr(
            "This computer has no system keyring (such as GNOME Keyring or KWallet). WattDesk "
            "will keep its secrets, the key that protects the audit log and the passwords for "
            "e-mail and the database, in an encrypted file instead:"
        )

    def _warning_text(self) -> str:
        return self.tr(
            "Choose a passphrase of at least %1 characters; it is asked at each start. It "
            "cannot be recovered: if it is forgotten, the secrets are lost and this database "
            "can no longer record changes. Write it down and keep it safe."
        ).replace("%1", str(keystore.MIN_PASSPHRASE))

    def _field(self, form: QFormLayout, label: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(label, edit)
        return edit

    def _submit(self) -> None:
        passphrase = self.passphrase.text()
        if self.confirm is not None:
            if passphrase != self.confirm.text():
                self.error.setText(self.tr("The two passphrases differ."))
                return
            if len(passphrase) < keystore.MIN_PASSPHRASE:
                self.error.setText(
                    self.tr("The passphrase must have at least %1 characters.").replace(
                        "%1", str(keystore.MIN_PASSPHRASE)
                    )
                )
                return
        work = keystore.create_file_store if self.creating else keystore.unlock

        def attempt() -> SecurityError | None:
            try:
                work(passphrase)
            except SecurityError as exc:  # a refusal, not a crash: no traceback in the log
                return exc
            return None

        self._busy(True)
        self.error.clear()
        self.worker.submit(attempt, self._done, self._failed)

    def _busy(self, busy: bool) -> None:
        self.buttons.setEnabled(not busy)
        self.setCursor(Qt.CursorShape.WaitCursor if busy else Qt.CursorShape.ArrowCursor)

    def _done(self, refused: SecurityError | None) -> None:
        if refused is not None:
            self._failed(refused)
            return
        self._busy(False)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        if isinstance(exc, keystore.WrongPassphrase):
            self.error.setText(self.tr("Wrong keystore passphrase. Try again."))
            self.passphrase.clear()
            self.passphrase.setFocus()
        elif isinstance(exc, SecurityError):
            self.error.setText(str(exc))  # damaged file, too short: already translated
        else:
            self.error.setText(self.tr("Unexpected error: %1").replace("%1", str(exc)))

    def done(self, result: int) -> None:
        self.worker.wait(10_000)
        super().done(result)


def ensure_keystore(parent: QWidget | None = None) -> bool:
    """True when this process can read and write secrets; False when the user cancelled or
    no store can work (after saying why, in a message box)."""
    try:
        if keystore.store_kind() == "os":
            keystore.check_backend()  # without a safe keyring no audit row can be written
            return True
        if keystore.is_unlocked() or keystore.unlock_from_environment():
            return True
        if keystore.file_store_exists():
            keystore.check_file()  # a damaged file: say so now, not after the passphrase
    except SecurityError as exc:
        QMessageBox.critical(parent, "WattDesk", str(exc))
        return False
    dialog = KeystoreDialog(creating=not keystore.file_store_exists(), parent=parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
