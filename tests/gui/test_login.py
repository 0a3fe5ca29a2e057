"""The first-administrator and login dialogs, driven like a person would."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models import Operator, Role
from app.security import needs_first_admin
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui.login import FirstAdminDialog, LoginDialog

PASSWORD = "Counter-2026!"


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


def first_admin(qtbot, db):  # type: ignore[no-untyped-def]
    dialog = FirstAdminDialog(db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.keyClicks(dialog.login, "wang")
    dialog.display.setText("王晓梅")  # QTest.keyClicks only types ASCII
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.confirm, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return)
    return dialog


def test_first_start_asks_for_the_first_administrator(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    assert needs_first_admin(db)
    dialog = first_admin(qtbot, db)
    assert dialog.actor is not None and dialog.actor.role is Role.ADMIN
    with db.read() as s:
        op = s.scalars(select(Operator)).one()
        assert op.login == "wang" and op.password_hash.startswith("$argon2id$")
        assert PASSWORD not in op.password_hash
    assert not needs_first_admin(db)


def test_mismatched_passwords_are_caught_before_anything_is_written(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    dialog = FirstAdminDialog(db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.login, "wang")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClicks(dialog.confirm, PASSWORD + "x")
    dialog._submit()
    assert "differ" in dialog.error.text()
    assert needs_first_admin(db)


def test_login_wrong_then_right(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    first_admin(qtbot, db)
    dialog = LoginDialog(db)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.login, "wang")
    qtbot.keyClicks(dialog.password, "wrong-password")
    dialog._submit()
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=10_000)
    assert dialog.actor is None and dialog.result() != dialog.DialogCode.Accepted
    assert dialog.password.text() == ""  # the typed password does not linger
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog._submit()
    assert dialog.actor is not None and dialog.actor.login == "wang"
