"""The lock covers every window: the cashier counter and the diagnostics window take no
input while locked, activity in any window counts against idle time, the password typed
at any cover unlocks them all, and the cashier's in-flight recharge key survives."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt

from app.demo import build_demo
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui.cashier import INFLIGHT

from .test_live import PASSWORD, open_live, people


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def small_park(db):  # type: ignore[no-untyped-def]
    build_demo(db, rooms=40)
    return db


def test_locked_cashier_and_diagnostics_take_no_input(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(small_park)
    window = open_live(qtbot, small_park, admin, collector=False)
    lock = window.idle_lock
    counter = window.open_cashier()
    qtbot.addWidget(counter)
    qtbot.waitUntil(lambda: bool(counter.rooms), timeout=10_000)
    diagnostics = window.open_diagnostics()
    key = counter.key
    settings = QSettings()
    settings.setValue(INFLIGHT, [key, "1", "10.00", "cash"])  # a recharge on its way

    # activity in the counter counts: typing there keeps the lock away
    lock.last_input = 0.0
    qtbot.keyClicks(counter.search, "1")
    assert lock.last_input > 0.0
    counter.search.clear()

    lock.lock_now()
    assert lock.is_locked
    assert set(lock.overlays) >= {window, counter, diagnostics}
    cover = lock.overlays[counter]
    assert cover.isVisible() and cover.geometry() == counter.rect()
    qtbot.keyClicks(counter.search, "101")
    assert counter.search.text() == ""
    counter.activateWindow()
    qtbot.waitUntil(counter.isActiveWindow, timeout=5000)  # its shortcuts would act now
    qtbot.keyClick(counter, Qt.Key.Key_F3)  # the counter's F-keys choose the payment method
    assert counter.method() == "cash"
    qtbot.mouseClick(counter.methods.button(1), Qt.MouseButton.LeftButton)
    assert counter.method() == "cash"
    qtbot.keyClicks(diagnostics.filter, "unit")
    assert diagnostics.filter.text() == ""

    # a wrong password at the counter's cover: refused there, still locked everywhere
    cover.password.setText("wrong-password")
    cover.unlock.click()
    qtbot.waitUntil(lambda: cover.error.text() != "", timeout=10_000)
    assert lock.is_locked and lock.overlays[window].isVisible()
    # the cashier types the password at the counter itself
    qtbot.keyClicks(cover.password, PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        qtbot.keyClick(cover.password, Qt.Key.Key_Return)
    assert not lock.is_locked and not lock.overlays
    qtbot.keyClicks(counter.search, "101")
    assert counter.search.text() == "101"
    qtbot.keyClick(counter, Qt.Key.Key_F3)
    assert counter.method() == "transfer"
    assert counter.key == key  # the same recharge: never a second key for it
    assert QSettings().value(INFLIGHT)[0] == key
    diagnostics.close()
    window.close()


def test_a_window_opened_while_locked_is_covered(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(small_park)
    window = open_live(qtbot, small_park, admin, collector=False)
    lock = window.idle_lock
    lock.lock_now()
    counter = window.open_cashier()
    qtbot.addWidget(counter)
    qtbot.waitUntil(lambda: counter in lock.overlays, timeout=5000)
    qtbot.keyClicks(counter.search, "1")
    assert counter.search.text() == ""
    lock.overlay.password.setText(PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        lock.overlay.unlock.click()
    assert counter not in lock.overlays
    window.close()
