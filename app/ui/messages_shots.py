"""Screenshots of the Messages window (消息记录) and the room detail's Messages tab.

``python -m app.ui.messages_shots DIR`` (QT_SCALE_FACTOR=1.5 for the 150 % set) builds a
throw-away demo park, gives three dormitory tenants a mobile and an e-mail address
(``app.notify.demo``), sets the SMS channel to the simulated GSM modem on a pty and the
e-mail channel to a mail server that is not there, and runs the real collector on the demo's
simulated buses with every meter running down: the low-balance, pre-trip and cut messages
go out by SMS (sent) while the e-mails wait for their next try (queued). One SMS is then
marked delivered (a delivery report), and two typed messages meet the modem's faults: one
refused (failed), one never confirmed (may have been sent). Saved at 1280x800:
``messages-list-<lang>[-150].png`` (a failed message selected) and
``messages-room-<lang>[-150].png`` (a room's Messages tab).
"""

from __future__ import annotations

import socket
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ZONE = ZoneInfo("Asia/Shanghai")


def _closed_port() -> int:
    """A local port nobody listens on: the office's mail server is down."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_down(app: Any, db: Any, rooms: int) -> None:
    """The real collector on the demo's buses (600x time), every meter at 21 yuan and
    20 kW, until the contacted rooms' cut messages went out."""
    from app.collector import Collector, CollectorConfig, PollPlan
    from app.notify.views import MessageFilter, message_list
    from drivers.profiles import profile_catalog
    from drivers.simulator.model import MICRO

    from .screenshots import pause

    fast = {name: PollPlan(energy_period=0.2) for name in profile_catalog()}
    config = CollectorConfig(
        timezone=str(ZONE), sim_rate=600.0, sim_wire_time=False, min_poll_interval=0.05,
        batch_seconds=0.05, plans=fast,
    )  # fmt: skip
    collector = Collector(db, config)
    collector.start()
    try:
        deadline = time.monotonic() + 30
        while not collector.sims.sims and time.monotonic() < deadline:
            pause(app, 100)
        for bus in list(collector.sims.sims.values()):
            for meter in bus.meters:
                meter.balance_u, meter.frozen_power_w = 21 * MICRO, 20_000.0
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            pause(app, 300)
            cut = message_list(db, MessageFilter(kind="cut", status="sent")).rows
            if len(cut) >= rooms:
                break
        pause(app, 1000)
    finally:
        collector.stop()


def _faults(db: Any, admin: Any, modem: Any, port: str) -> None:
    """A delivery report for the first SMS; a typed message refused by the network
    (+CMS ERROR) and one the modem never confirmed."""
    from app.notify.gsm import GsmModemChannel
    from app.notify.outbox import mark_delivered
    from app.notify.sender import send_now
    from app.notify.views import MessageFilter, message_list

    first = message_list(db, MessageFilter(channel="sms", status="sent")).rows[-1]
    mark_delivered(db, "sms", first.reference, datetime.now(UTC))
    channel = GsmModemChannel(port, 115200, send_timeout=2.0, command_timeout=2.0)
    try:
        modem.cms_next = 21  # short message transfer rejected
        send_now(db, admin, "sms", channel, "13800138000", "【阳光园区】明日9:00-11:00停电检修。")
        modem.mute_after_pdu = True
        send_now(db, admin, "sms", channel, "13800138001", "【阳光园区】请于本周五前缴清电费。")
    finally:
        channel.close()


def messages_shots(app: Any, out: Path, lang: str, suffix: str = "") -> list[Path]:
    """The Messages window and a room's Messages tab, at 1280x800."""
    from app.db import open_database
    from app.demo import build_demo
    from app.notify.demo import demo_contacts
    from app.notify.rules import NotifySettings, save_settings
    from app.security import create_first_admin
    from drivers.simulator.gsm_modem import GsmModemSim

    from .messages import MessagesWindow
    from .room_detail import RoomDetailPanel
    from .screenshots import loop_wait, pause

    saved: list[Path] = []

    def shot(widget: Any, name: str) -> None:
        pause(app, 400)
        path = out / f"messages-{name}-{lang}{suffix}.png"
        widget.grab().save(str(path))
        saved.append(path)

    modem = GsmModemSim()
    port = modem.start_pty()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{tmp}/messages.sqlite")
        build_demo(db, rooms=80)
        admin = create_first_admin(db, "wang", "王晓梅", uuid.uuid4().hex)
        rooms = demo_contacts(db, 3)
        mail = {"host": "127.0.0.1", "port": _closed_port(), "security": "none",
                "from_address": "office@example.cn", "timeout": 2}  # fmt: skip
        channels = {"sms": {"port": port, "baud": 115200}, "email": mail}
        save_settings(db, admin, NotifySettings(channels, quiet_from=None, quiet_until=None))
        try:
            _run_down(app, db, len(rooms))
            _faults(db, admin, modem, port)
        finally:
            modem.stop()
        window = MessagesWindow(db, admin, ZONE)
        window.resize(1280, 800)
        window.show()
        window.load()
        loop_wait(window.loaded, 60_000)
        failed = next((m for m in window.listing.rows if m.status == "failed"), None)
        if failed is not None:
            window.select_message(failed.id)
        shot(window, "list")
        window.close()
        panel = RoomDetailPanel(db, admin, ZONE)
        panel.resize(1280, 800)
        panel.show()
        panel.set_room(rooms[0])
        loop_wait(panel.messages.loaded, 60_000)
        panel.lower_tabs.setCurrentWidget(panel.messages)
        loop_wait(panel.shown, 60_000)
        shot(panel, "room")
        panel.wait()
        panel.close()
        db.dispose()
    return saved


def main(argv: list[str]) -> int:
    """``python -m app.ui.messages_shots [DIR]``: only these shots (QT_SCALE_FACTOR for 150 %)."""
    from app.ui.screenshots import standalone

    return standalone(argv, messages_shots)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
