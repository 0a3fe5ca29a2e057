"""The control room live: the embedded collector on the demo's simulated buses drives the
park tree, the room wall and the room detail; relay actions by role; alarms; diagnostics."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.collector import CollectorConfig, PollPlan
from app.demo import build_demo
from app.models import (
    Account,
    AuditEntry,
    BillingMode,
    Event,
    Link,
    Meter,
    MeterRole,
    Role,
    Room,
)
from app.security import Actor, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui.main_window import MainWindow
from app.ui.site_tree import ONLINE, RELAY

PASSWORD = "Control-2026!"
FAST = CollectorConfig(
    min_poll_interval=0.05,
    offline_retry=0.5,
    batch_seconds=0.1,
    command_poll=0.1,
    automation_period=0.5,
    default_plan=PollPlan(energy_period=30.0),
)


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def small_park(db):  # type: ignore[no-untyped-def]
    build_demo(db, rooms=40)
    return db


def people(db) -> tuple[Actor, Actor]:  # type: ignore[no-untyped-def]
    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    add_operator(db, admin, "wang", "王晓梅", Role.CASHIER, PASSWORD)
    return login(db, "admin", PASSWORD), login(db, "wang", PASSWORD)


def open_live(qtbot, db, actor, collector: bool = True) -> MainWindow:  # type: ignore[no-untyped-def]
    window = MainWindow(db, actor)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.tree_loaded, timeout=20_000):
        window.reload()
    if collector:
        with qtbot.waitSignal(window.collector_started, timeout=20_000) as started:
            window.start_collector(FAST)
        assert started.args[0] is not None
    return window


def modbus_room(db, *, positive: bool = True) -> tuple[int, int, str, str]:  # type: ignore[no-untyped-def]
    """(room id, meter id, sim url, address) of a let platform-side room on a Modbus bus."""
    with db.read() as s:
        rows = s.execute(
            select(Room.id, Meter.id, Link.url, Meter.address, Account.balance_fen)
            .join(Meter, Meter.room_id == Room.id)
            .join(Link, Meter.link_id == Link.id)
            .join(Account, Room.account_id == Account.id)
            .where(
                Link.protocol == "modbus",
                Meter.role == MeterRole.TENANT,
                Meter.billing_mode == BillingMode.PLATFORM,
            )
            .order_by(Room.id)
        ).all()
    for rid, mid, url, address, balance in rows:
        if not positive or balance > 5000:
            return rid, mid, url, address
    raise AssertionError("no suitable room in the demo")


def test_offline_meter_turns_row_and_tile_offline(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(small_park)
    window = open_live(qtbot, small_park, admin)
    room_id, _meter, url, address = modbus_room(small_park)
    key = ("room", room_id)
    node = window.tree_model.node(key)
    assert node is not None
    qtbot.waitUntil(lambda: node.values[ONLINE] == "online", timeout=15_000)
    window.park_tree.select_key(node.parent.parent.key)  # the building: its wall
    assert window.wall.tiles.tile(key) is not None
    sim = window.collector.sims.sims[url]
    sim.set_fault(str(int(address)), dead=True)
    # miss_limit (3) timeouts of 300 ms plus the rest of the sweep
    qtbot.waitUntil(lambda: "offline" in node.flags, timeout=15_000)
    assert node.values[ONLINE] == "offline"
    tile = window.wall.tiles.tile(key)
    assert tile is not None and "offline" in tile.lines[2]
    window.park_tree.chips["offline"].setChecked(True)
    rooms = [k for k in window.park_tree.visible_keys() if k[0] == "room"]
    assert rooms == [key]
    sim.set_fault(str(int(address)), dead=False)
    qtbot.waitUntil(lambda: "offline" not in node.flags, timeout=15_000)
    # the filter follows live changes (debounced): nothing offline any more
    qtbot.waitUntil(lambda: window.park_tree.visible_keys() == [], timeout=5000)
    window.close()


def test_cut_and_close_from_the_room_detail(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(small_park)
    window = open_live(qtbot, small_park, admin)
    room_id, meter_id, _url, _address = modbus_room(small_park)
    detail = window.detail
    asked: list[str] = []
    detail.confirm_dialog = lambda question: asked.append(question) or True
    window.open_room(room_id)
    assert window.centre.currentWidget() is detail
    qtbot.waitUntil(
        lambda: (
            detail.detail is not None
            and detail.detail.meters
            and detail.detail.meters[0].online
            and detail.detail.meters[0].relay == "closed"
        ),
        timeout=15_000,
    )
    node = window.tree_model.node(("room", room_id))
    with qtbot.waitSignal(detail.command_finished, timeout=20_000) as done:
        detail.buttons["cut"].click()
    assert done.args == ["confirmed"]
    assert detail.detail.meters[0].relay == "open"  # what the meter reports
    assert "relay" in detail.command_state.text() and "cut" in detail.command_state.text()
    assert detail.detail.path in asked[0] and detail.detail.tenant in asked[0]
    qtbot.waitUntil(lambda: node.values[RELAY] == "cut", timeout=10_000)
    assert "cut" in node.flags
    with qtbot.waitSignal(detail.command_finished, timeout=20_000) as done:
        detail.buttons["close"].click()
    assert done.args == ["confirmed"]
    assert detail.detail.meters[0].relay == "closed"
    qtbot.waitUntil(lambda: node.values[RELAY] == "on", timeout=10_000)
    with small_park.read() as s:
        actions = set(
            s.scalars(select(AuditEntry.action).where(AuditEntry.target == f"meter:{meter_id}"))
        )
    assert {"meter.relay.request", "meter.relay.confirmed"} <= actions
    window.close()


def test_cashier_sees_relay_actions_disabled_with_the_reason(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    _, cashier = people(small_park)
    window = open_live(qtbot, small_park, cashier, collector=False)
    room_id, *_ = modbus_room(small_park)
    with qtbot.waitSignal(window.detail.shown, timeout=10_000):
        window.open_room(room_id)
    for button in window.detail.buttons.values():
        assert not button.isEnabled()
        assert "may not switch relays" in button.toolTip()
    assert "cashier" in window.detail.permission_note.text()
    window.close()


def test_live_batch_changes_rows_in_place(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    admin, _ = people(small_park)
    window = open_live(qtbot, small_park, admin, collector=False)
    qtbot.waitUntil(lambda: len(window.feed.rooms) == 40, timeout=10_000)
    model = window.tree_model
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    rooms = {
        rid: replace(live, relay="open", balance_fen=-100, level=3, let=True)
        for rid, live in list(window.feed.rooms.items())[:25]
    }
    with qtbot.waitSignal(window.live_applied, timeout=1000) as applied:
        window._apply_live(rooms)
    assert applied.args == [25]
    assert resets == []
    first = model.node(("room", next(iter(rooms))))
    assert first.values[RELAY] == "cut" and "-¥1.00" in first.values[2]
    assert {"cut", "low"} <= first.flags and first.badges
    window.park_tree.chips["cut"].setChecked(True)
    shown = {k for k in window.park_tree.visible_keys() if k[0] == "room"}
    assert shown == {("room", rid) for rid in rooms}
    window.close()


def test_alarms_are_listed_and_acknowledged_with_audit(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(small_park)
    with small_park.write() as s:
        room = s.scalar(select(Room).order_by(Room.id))
        s.add(Event(kind="balance.alarm", level=3, room_id=room.id, message="balance at the line"))
    window = open_live(qtbot, small_park, admin, collector=False)
    with qtbot.waitSignal(window.alarms.loaded, timeout=10_000):
        window.alarms.load()
    assert window.alarms.table.rowCount() >= 1
    assert "1" in window.alarms.windowTitle()
    window.alarms.table.selectRow(0)
    with qtbot.waitSignal(window.alarms.acknowledged, timeout=10_000) as acked:
        window.alarms.acknowledge_selected()
    assert acked.args == [1]
    with small_park.read() as s:
        assert (
            s.scalar(select(func.count()).select_from(Event).where(Event.acked_at.is_not(None)))
            == 1
        )
        assert (
            s.scalar(
                select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "event.ack")
            )
            == 1
        )
    window.close()


def test_diagnostics_trace_filter_export_and_read_now(qtbot, small_park, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(small_park)
    window = open_live(qtbot, small_park, admin)
    diag = window.open_diagnostics()
    unit2 = "unit 2 fc"  # the decoded text of one meter's frames
    # the first bus polls its meters in turn, unit 1's first full read alone is six rows:
    # wait for what the filter is checked on, not for a number of rows
    qtbot.waitUntil(lambda: any(unit2 in e.summary for e in diag.trace_rows), timeout=15_000)
    assert diag.links.rowCount() >= 2
    assert diag.trace.item(0, 1).text() in ("tx", "rx", "--")
    diag.pause.setChecked(True)
    shown = list(diag.trace_rows)
    ring = diag.collector.workers[diag.selected_link()].link.trace
    qtbot.waitUntil(lambda: ring.entries(1)[0] is not shown[-1], timeout=15_000)  # bus goes on
    diag.filter.setText(unit2)  # paused: filtered from the frames on screen, not the ring
    assert diag.trace_rows and all(unit2 in e.summary for e in diag.trace_rows)
    assert all(any(e is s for s in shown) for e in diag.trace_rows)
    assert len(diag.trace_rows) < len(shown)
    target = tmp_path / "trace.csv"
    diag.export_to(str(target))
    qtbot.waitUntil(target.exists, timeout=5000)
    exported = target.read_text(encoding="utf-8-sig").splitlines()
    assert exported[0].startswith("time,direction,hex")
    assert len(exported) == 1 + len(diag.trace_rows) and all(unit2 in r for r in exported[1:])
    diag.filter.clear()
    assert [id(e) for e in diag.trace_rows] == [id(e) for e in shown]  # still frozen
    diag.pause.setChecked(False)
    assert diag.trace_rows[-1] is not shown[-1]  # live again: the newer frames are shown
    diag.address.setText("1")
    assert diag.read_meter_now()
    diag.close()
    window.close()


def test_lock_screen_needs_the_password(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(small_park)
    window = open_live(qtbot, small_park, admin, collector=False)
    lock = window.idle_lock
    lock.lock_now()
    assert lock.is_locked and lock.overlay.isVisible()
    lock.overlay.password.setText("wrong-password")
    lock.overlay.unlock.click()
    qtbot.waitUntil(
        lambda: lock.overlay is not None and lock.overlay.error.text() != "", timeout=10_000
    )
    assert lock.is_locked
    lock.overlay.password.setText(PASSWORD)
    with qtbot.waitSignal(lock.unlocked, timeout=10_000):
        lock.overlay.unlock.click()
    assert not lock.is_locked
    window.close()
