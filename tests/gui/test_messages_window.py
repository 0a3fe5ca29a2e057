"""The Messages window (消息记录) and the room detail's Messages tab, over a real SQLite site.

The site is the messages tests' one (two rooms, two accounts with contacts, the four roles).
Outbox rows are written as the senders leave them; the window lists and filters them, a
failed SMS resent by an operator goes out through a real sender thread to the simulated GSM
modem on a pty (its decoded text checked) and the window follows it to "sent" by itself; an
uncertain one asks first ("may have been sent"); a cashier may not resend (greyed, and the
service refuses); the export is read back with openpyxl. Every wait is on a signal or a
``waitUntil``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from PySide6.QtGui import QAction

from app.db import Database
from app.models import OutboxMessage
from app.notify.rules import NotifySettings, store_settings
from app.notify.sender import NotifyService
from app.ui.main_window import MainWindow
from app.ui.messages import MessagesWindow
from app.ui.room_detail import RoomDetailPanel
from drivers.simulator.gsm_modem import GsmModemSim
from tests.notify.conftest import Site, build_site, cheap_hashing, outbox  # noqa: F401

ZONE = ZoneInfo("Asia/Shanghai")
WAIT = 30_000
NOW = datetime.now(UTC) - timedelta(minutes=5)


@pytest.fixture
def site(db: Database) -> Site:
    return build_site(db)


def add(site: Site, key: str, status: str, **values: Any) -> int:
    """An outbox row as a sender leaves it; its id."""
    row = {
        "channel": "sms",
        "recipient": "13812345678",
        "kind": "low_balance",
        "text": f"余额不足 {key}",
        "account_id": site.account_id,
        "room_id": site.room_id,
        **values,
    }
    with site.db.write() as s:
        m = OutboxMessage(
            key=key,
            status=status,
            next_try_at=NOW,
            created_at=NOW,
            updated_at=NOW,
            attempts=1 if status != "queued" else 0,
            **row,
        )
        if status in ("sent", "delivered"):
            m.sent_at, m.reference, m.parts = NOW, "7", 1
        s.add(m)
        s.flush()
        return m.id


@pytest.fixture
def rows(site: Site) -> dict[str, int]:
    return {
        "sent": add(site, "a", "sent", kind="recharge"),
        "failed": add(site, "b", "failed", reason="refused: +CMS ERROR 500"),
        "uncertain": add(site, "c", "uncertain", kind="cut", reason="timeout: no answer"),
        "mail": add(site, "d", "sent", channel="email", recipient="zs@example.cn"),
        "other": add(
            site,
            "e",
            "failed",
            recipient="13900001111",
            account_id=site.platform_account,
            room_id=site.platform_room,
            kind="bill_issued",
        ),
    }


def open_window(qtbot: Any, db: Database, actor: Any, **kw: Any) -> MessagesWindow:
    window = MessagesWindow(db, actor, ZONE, **kw)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=WAIT):
        window.load()
    return window


def ids(window: MessagesWindow) -> list[int]:
    return [m.id for m in window.listing.rows]


def choose(qtbot: Any, window: MessagesWindow, combo: Any, value: str) -> None:
    with qtbot.waitSignal(window.loaded, timeout=WAIT):
        combo.setCurrentIndex(combo.findData(value))


def test_lists_newest_first_and_filters(qtbot: Any, site: Site, rows: dict[str, int]) -> None:
    window = open_window(qtbot, site.db, site.staff["operator"])
    assert ids(window) == sorted(rows.values(), reverse=True)
    assert window.table.rowCount() == 5
    status_cell = window.table.item(ids(window).index(rows["failed"]), 6).text()
    assert "failed" in status_cell and "+CMS ERROR 500" in status_cell
    assert window.table.item(ids(window).index(rows["other"]), 4).text() == "A栋 102"
    choose(qtbot, window, window.status_filter, "failed")
    assert ids(window) == [rows["other"], rows["failed"]]
    choose(qtbot, window, window.kind_filter, "bill_issued")
    assert ids(window) == [rows["other"]]
    choose(qtbot, window, window.status_filter, "")
    choose(qtbot, window, window.kind_filter, "")
    choose(qtbot, window, window.channel_filter, "email")
    assert ids(window) == [rows["mail"]]
    choose(qtbot, window, window.channel_filter, "")
    with qtbot.waitSignal(window.loaded, timeout=WAIT):
        window.text_filter.setText("A0001")  # the account number
    assert rows["other"] not in ids(window) and len(ids(window)) == 4
    with qtbot.waitSignal(window.loaded, timeout=WAIT):
        window.text_filter.setText("102")  # the room
    assert ids(window) == [rows["other"]]
    assert "may have been sent 1" in window.status.text()  # the counts of every status


def test_a_long_sms_shows_its_parts_delivered(qtbot: Any, site: Site) -> None:
    long = add(site, "long", "sent")
    short = add(site, "short", "sent")
    with site.db.write() as s:
        s.get(OutboxMessage, long).reference = "12,13✓,14✓"  # type: ignore[union-attr]
        s.get(OutboxMessage, long).parts = 3  # type: ignore[union-attr]
    window = open_window(qtbot, site.db, site.staff["operator"])
    cell = {i: window.table.item(ids(window).index(i), 6).text() for i in (long, short)}
    assert cell == {long: "sent (2 of 3 parts delivered)", short: "sent"}


@pytest.fixture
def modem() -> Iterator[tuple[GsmModemSim, str]]:
    sim = GsmModemSim()
    path = sim.start_pty()
    try:
        yield sim, path
    finally:
        sim.stop()


def test_a_failed_sms_resent_goes_out_to_the_modem(
    qtbot: Any, site: Site, rows: dict[str, int], modem: tuple[GsmModemSim, str]
) -> None:
    sim, port = modem
    with site.db.write() as s:
        store_settings(s, NotifySettings(channels={"sms": {"port": port, "baud": 115200}}))
    service = NotifyService(site.db)
    service.start()  # the collector's senders: the sms one holds the modem's port
    try:
        window = open_window(qtbot, site.db, site.staff["operator"], wake=service.wake)
        assert window.select_message(rows["failed"])
        assert window.resend_button.isEnabled()
        asked: list[str] = []
        window.confirm_dialog = lambda q: asked.append(q) or True
        with qtbot.waitSignal(window.resent, timeout=WAIT):
            window.resend_button.click()
        assert "13812345678" in asked[0] and "may have been sent" not in asked[0]
        qtbot.waitUntil(lambda: len(sim.messages) == 1, timeout=60_000)
        assert sim.messages[0].text == "余额不足 b" and sim.messages[0].to == "13812345678"
        # the window refreshes itself while the message waits, and shows it sent
        qtbot.waitUntil(
            lambda: any(m.id == rows["failed"] and m.status == "sent" for m in window.listing.rows),
            timeout=60_000,
        )
    finally:
        service.stop()
    assert len(sim.messages) == 1  # once
    assert outbox(site.db, id=rows["uncertain"])[0].status == "uncertain"  # not touched


def test_an_uncertain_one_asks_first(qtbot: Any, site: Site, rows: dict[str, int]) -> None:
    window = open_window(qtbot, site.db, site.staff["admin"])
    assert window.select_message(rows["uncertain"])
    asked: list[str] = []
    window.confirm_dialog = lambda q: asked.append(q) or False
    window.resend_selected()
    assert "may have been sent" in asked[0]
    assert outbox(site.db, id=rows["uncertain"])[0].status == "uncertain"  # "No": nothing
    window.confirm_dialog = lambda q: True
    with qtbot.waitSignal(window.resent, timeout=WAIT):
        window.resend_selected()
    assert outbox(site.db, id=rows["uncertain"])[0].status == "queued"
    assert window.select_message(rows["sent"])
    assert not window.resend_button.isEnabled()  # a sent one is never resent


def test_a_cashier_cannot_resend(qtbot: Any, site: Site, rows: dict[str, int]) -> None:
    window = open_window(qtbot, site.db, site.staff["cashier"])
    assert window.select_message(rows["failed"])
    assert not window.resend_button.isEnabled()
    assert "role" in window.resend_button.toolTip()
    window.confirm_dialog = lambda q: True
    with qtbot.waitSignal(window.failed, timeout=WAIT) as refused:
        window.resend_selected()  # the service refuses even if the button were reached
    assert "may not send or resend messages" in refused.args[0]
    assert outbox(site.db, id=rows["failed"])[0].status == "failed"


def test_export_reads_back(qtbot: Any, site: Site, rows: dict[str, int], tmp_path: Path) -> None:
    window = open_window(qtbot, site.db, site.staff["auditor"])
    choose(qtbot, window, window.status_filter, "failed")
    path = tmp_path / "messages.xlsx"
    with qtbot.waitSignal(window.exported, timeout=WAIT):
        window.export_to(path)
    sheet = load_workbook(path).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0][:2] == ["No.", "Created"]
    assert [r[0] for r in values[1:]] == [rows["other"], rows["failed"]]
    failed = values[2]
    assert failed[5] == "13812345678" and failed[8] == "failed"
    assert failed[9] == "'+CMS ERROR 500"  # the code dropped; a leading + is no formula
    assert failed[13] == "余额不足 b"
    assert isinstance(failed[1], datetime)
    assert not list(tmp_path.glob("*.tmp*"))  # written atomically: no leftover


def test_room_detail_shows_the_accounts_messages(
    qtbot: Any, site: Site, rows: dict[str, int]
) -> None:
    panel = RoomDetailPanel(site.db, site.staff["operator"], ZONE)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.messages.loaded, timeout=WAIT) as got:
        panel.set_room(site.room_id)
    assert got.args[0] == 4
    shown = [m.id for m in panel.messages.rows]
    assert rows["other"] not in shown and shown[0] == rows["mail"]
    table = panel.messages.table
    assert "zs@example.cn" in table.item(0, 2).text()
    texts = [table.item(r, 3).text() for r in range(table.rowCount())]
    assert any(t.startswith("may have been sent") for t in texts)
    with qtbot.waitSignal(panel.messages.loaded, timeout=WAIT) as other:
        panel.set_room(site.platform_room)
    assert other.args[0] == 1 and panel.messages.rows[0].id == rows["other"]
    panel.wait()


def test_the_main_toolbar_opens_it_once(qtbot: Any, site: Site, rows: dict[str, int]) -> None:
    window = MainWindow(site.db, site.staff["operator"])
    qtbot.addWidget(window)
    action = window.findChild(QAction, "OpenMessages")
    assert action is not None
    action.trigger()
    messages = window.messages_window
    assert isinstance(messages, MessagesWindow) and messages.isVisible()
    qtbot.waitUntil(lambda: len(messages.listing.rows) == 5, timeout=WAIT)
    assert window.open_messages() is messages  # built once
    window.close()
    assert not messages.isVisible()


def test_a_delivery_report_shows_the_message_delivered(
    qtbot: Any, site: Site, modem: tuple[GsmModemSim, str]
) -> None:
    """The whole path: the collector's SMS sender (delivery reports asked for in the
    settings) sends a 2-part message, the modem's reports come, the window says delivered."""
    sim, port = modem
    sim.delivery_reports = True
    with site.db.write() as s:
        options = {"port": port, "baud": 115200, "status_reports": True}
        store_settings(s, NotifySettings(channels={"sms": options}))
    row_id = add(site, "long", "queued", text="余额不足，请尽快充值。" * 8)  # 80 chars: 2 parts
    service = NotifyService(site.db)
    service.start()
    try:
        qtbot.waitUntil(lambda: outbox(site.db, id=row_id)[0].status == "delivered", timeout=60_000)
    finally:
        service.stop()
    assert outbox(site.db, id=row_id)[0].reference == "1✓,2✓"
    window = open_window(qtbot, site.db, site.staff["operator"])
    status_cell = window.table.item(ids(window).index(row_id), 6).text()
    assert status_cell.startswith("delivered"), status_cell
