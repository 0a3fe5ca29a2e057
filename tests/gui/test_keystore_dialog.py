"""The keystore passphrase dialog at start, driven like a person would, on a machine
without a keyring (keyring's fail backend)."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox

from app.security import get_secret, keystore, set_secret
from app.security.filestore import DEFAULT_KDF, KdfParams, configure_kdf
from app.ui.keystore_dialog import KeystoreDialog, ensure_keystore

GOOD = "kiosk-passphrase-1"


@pytest.fixture(autouse=True)
def no_keyring() -> Iterator[None]:
    configure_kdf(KdfParams(n=2**10, r=8, p=1), allow_weak=True)
    keyring.set_keyring(fail.Keyring())
    yield
    configure_kdf(DEFAULT_KDF)
    keystore.lock()


def open_dialog(qtbot, creating: bool) -> KeystoreDialog:  # type: ignore[no-untyped-def]
    dialog = KeystoreDialog(creating=creating)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_first_start_sets_the_passphrase_typed_twice(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, creating=True)
    texts = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "cannot be recovered" in texts and str(keystore.keystore_path()) in texts
    qtbot.keyClicks(dialog.passphrase, GOOD)
    qtbot.keyClicks(dialog.confirm, GOOD + "x")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert "differ" in dialog.error.text() and dialog.isVisible()
    assert not keystore.file_store_exists()
    dialog.passphrase.setText("short")
    dialog.confirm.setText("short")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert "at least 10" in dialog.error.text() and not keystore.file_store_exists()
    dialog.passphrase.setText(GOOD)
    dialog.confirm.setText(GOOD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    assert keystore.file_store_exists() and keystore.is_unlocked()
    set_secret("smtp-password", "p@ss")  # the secrets work right away
    assert get_secret("smtp-password") == "p@ss"


def test_each_later_start_unlocks_and_a_wrong_passphrase_is_refused(qtbot) -> None:  # type: ignore[no-untyped-def]
    keystore.create_file_store(GOOD)
    set_secret("smtp-password", "p@ss")
    keystore.lock()
    dialog = open_dialog(qtbot, creating=False)
    assert dialog.confirm is None
    qtbot.keyClicks(dialog.passphrase, "not the passphrase")
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Wrong keystore passphrase" in dialog.error.text(), timeout=10_000)
    assert dialog.isVisible() and not keystore.is_unlocked()
    assert dialog.passphrase.text() == ""  # cleared for the next try
    qtbot.keyClicks(dialog.passphrase, GOOD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert keystore.is_unlocked() and get_secret("smtp-password") == "p@ss"


def test_the_environment_passphrase_needs_no_dialog(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WATTDESK_KEYSTORE_PASSPHRASE", GOOD)
    assert ensure_keystore()
    assert keystore.file_store_exists() and keystore.is_unlocked()


def _close_message_box(seen: list[str]) -> None:
    box = QApplication.activeModalWidget()
    if isinstance(box, QMessageBox):
        seen.append(box.text())
        box.close()
    else:
        QTimer.singleShot(20, lambda: _close_message_box(seen))


def test_a_damaged_file_is_said_at_start_and_kept(qtbot) -> None:  # type: ignore[no-untyped-def]
    keystore.create_file_store(GOOD)
    keystore.lock()
    path = keystore.keystore_path()
    path.write_bytes(path.read_bytes()[:50])
    seen: list[str] = []
    QTimer.singleShot(0, lambda: _close_message_box(seen))
    assert not ensure_keystore()
    assert seen and "damaged" in seen[0] and str(path) in seen[0]
    assert len(path.read_bytes()) == 50


def test_sign_in_asks_for_the_keystore_before_the_first_administrator(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    """The real start sequence (``app.gui._sign_in``): keystore dialog, then first admin."""
    from app.gui import _sign_in
    from app.ui.login import FirstAdminDialog

    seen: list[str] = []

    def drive() -> None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, KeystoreDialog) and not seen:
            seen.append("keystore")
            modal.passphrase.setText(GOOD)
            modal.confirm.setText(GOOD)  # type: ignore[union-attr]
            modal._submit()
        elif isinstance(modal, FirstAdminDialog):
            seen.append("first admin")
            modal.reject()
            return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    assert _sign_in(db) is None  # the first administrator was cancelled
    assert seen == ["keystore", "first admin"]
    assert keystore.is_unlocked() and keystore.file_store_exists()


def test_cancel_at_the_keystore_ends_the_start_cleanly(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from app.gui import _sign_in

    seen: list[str] = []

    def drive() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, drive)
            return
        seen.append(type(modal).__name__)
        modal.reject()  # type: ignore[attr-defined]

    QTimer.singleShot(0, drive)
    assert _sign_in(db) is None
    assert seen == ["KeystoreDialog"] and not keystore.file_store_exists()
