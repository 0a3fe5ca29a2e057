"""One owner for the modem's port, and saved channels taking effect at once.

Settings → Messages "Check" and "Send a test" go through the running NotifyService's
sender (its thread owns the port): on the simulated modem over a pty and over socket:// the
modem sees one connection and no interleaved commands, and an SMS queued meanwhile goes
out exactly once. Saving the channels reloads the running senders: a changed port, an
added e-mail channel (also when "another desk" saved: only the database changed), a
removed SMS channel whose queued rows stay queued. Real SQLite / PostgreSQL, real
simulator, real SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from app.models import OutboxMessage
from app.notify import sender as sender_module
from app.notify.panel import check_channel, save_setup, send_test, waiting_messages
from app.notify.rules import NotifySettings, store_settings
from app.notify.sender import NotifyService, running_service
from drivers.simulator.gsm_modem import GsmModemSim
from tests.collector.conftest import wait_for

from .conftest import Site, outbox
from .smtpserver import Mailbox, smtp_server

ZH200 = ("尊敬的用户您好，您的电费余额已不足十元，请尽快充值以免停电。" * 7)[:200]
MOBILE = "13800138000"


def start_sim(transport: str) -> tuple[GsmModemSim, str]:
    sim = GsmModemSim()
    return sim, sim.start_pty() if transport == "pty" else sim.start_tcp()


@pytest.fixture(params=["pty", "socket"])
def modem(request: pytest.FixtureRequest) -> Iterator[tuple[GsmModemSim, str]]:
    sim, url = start_sim(request.param)
    try:
        yield sim, url
    finally:
        sim.stop()


@pytest.fixture
def service(site: Site) -> Iterator[NotifyService]:
    running = NotifyService(site.db)
    yield running
    running.stop(120)


def channels(db: Any, **chans: dict[str, Any]) -> None:
    """What another desk's save leaves: only the settings row changes."""
    with db.write() as s:
        store_settings(s, NotifySettings(channels=chans, quiet_from=None, quiet_until=None))


def settings(**chans: dict[str, Any]) -> NotifySettings:
    return NotifySettings(channels=chans, quiet_from=None, quiet_until=None)


def queue(db: Any, key: str, text: str, channel: str = "sms", later: bool = False) -> None:
    now = datetime.now(UTC)
    to = MOBILE if channel == "sms" else "zs@example.cn"
    with db.write() as s:
        s.add(
            OutboxMessage(
                key=key,
                channel=channel,
                recipient=to,
                kind="manual",
                subject="test" if channel == "email" else "",
                text=text,
                next_try_at=now + timedelta(hours=1) if later else now - timedelta(seconds=1),
                created_at=now,
                updated_at=now,
            )
        )


def status_of(db: Any, key: str) -> str:
    return next(r.status for r in outbox(db) if r.key == key)


def test_check_and_send_a_test_go_through_the_running_sender(
    site: Site, modem: tuple[GsmModemSim, str], service: NotifyService
) -> None:
    sim, url = modem
    options: dict[str, object] = {"port": url, "baud": 115200}
    channels(site.db, sms=options)
    service.start()
    assert running_service() is service and service.sender("sms") is not None
    queue(site.db, "q:1", ZH200)
    service.wake()
    status = check_channel("sms", dict(options))
    assert status.ready, status.text
    done = send_test(site.db, site.staff["admin"], "sms", dict(options), MOBILE, "测试短信 test")
    assert done.status == "sent", done.detail
    wait_for(lambda: status_of(site.db, "q:1") == "sent", 60, "the queued SMS")
    texts = sorted(m.text for m in sim.messages)
    assert texts == sorted([ZH200, "测试短信 test"])  # each exactly once, whole
    assert sim.unknown == [] and sim.refused == []  # nothing interleaved on the line
    if url.startswith("socket://"):
        assert sim.connections == 1  # the sender's own connection, never a second one


def test_options_typed_differently_are_tried_in_the_sender_thread(
    site: Site, modem: tuple[GsmModemSim, str], service: NotifyService
) -> None:
    sim, url = modem
    channels(site.db, sms={"port": url, "baud": 115200})
    service.start()
    typed: dict[str, object] = {"port": url, "baud": 9600, "smsc": ""}
    assert check_channel("sms", typed).ready
    queue(site.db, "q:2", "after the check")
    service.wake()  # the running channel reopens its port for the next message
    wait_for(lambda: status_of(site.db, "q:2") == "sent", 60, "the queued SMS")
    assert [m.text for m in sim.messages] == ["after the check"] and sim.unknown == []


def test_a_stuck_sender_is_said_and_the_request_withdrawn(
    site: Site, service: NotifyService
) -> None:
    sim, url = start_sim("socket")
    try:
        channels(site.db, sms={"port": url, "baud": 115200, "send_timeout": 6.0})
        service.start()
        sim.mute_after_pdu = True  # the network never answers the next PDU
        queue(site.db, "q:3", "never answered")
        service.wake()
        wait_for(lambda: status_of(site.db, "q:3") == "sending", 60, "the claimed row")
        status = check_channel("sms", {"port": url, "baud": 115200, "send_timeout": 6.0}, timeout=1)
        assert not status.ready and status.facts == {"error": "busy"}
        assert "did not answer within 1 s" in status.text
        wait_for(lambda: status_of(site.db, "q:3") == "uncertain", 60, "the send timed out")
        assert check_channel("sms", {"port": url, "baud": 115200, "send_timeout": 6.0}).ready
        assert sim.unknown == []  # (the channel reconnects after its own timeout)
    finally:
        sim.stop()


def test_without_a_service_the_port_is_opened_directly(
    site: Site, modem: tuple[GsmModemSim, str]
) -> None:
    sim, url = modem
    assert running_service() is None
    assert check_channel("sms", {"port": url, "baud": 115200}).ready
    done = send_test(site.db, site.staff["admin"], "sms", {"port": url}, MOBILE, "direct")
    assert done.status == "sent" and [m.text for m in sim.messages] == ["direct"]


def test_a_changed_port_takes_effect_after_the_current_message(
    site: Site, service: NotifyService
) -> None:
    first, url1 = start_sim("pty")
    second, url2 = start_sim("socket")
    try:
        channels(site.db, sms={"port": url1, "baud": 115200})
        service.start()
        old = service.sender("sms")
        queue(site.db, "q:long", ZH200)
        service.wake()
        wait_for(lambda: status_of(site.db, "q:long") != "queued", 60, "the long SMS claimed")
        save_setup(site.db, site.staff["admin"], settings(sms={"port": url2, "baud": 115200}))
        assert status_of(site.db, "q:long") == "sent"  # finished before its sender stopped
        assert [(m.text, len(m.parts)) for m in first.messages] == [(ZH200, 3)]
        new = service.sender("sms")
        assert new is not None and new is not old and old is not None and not old.is_alive()
        queue(site.db, "q:next", "to the new port")
        service.wake()
        wait_for(lambda: status_of(site.db, "q:next") == "sent", 60, "the SMS on the new port")
        assert [m.text for m in second.messages] == ["to the new port"]
        assert len(first.messages) == 1
    finally:
        first.stop()
        second.stop()


def test_another_desk_adds_e_mail_and_removes_sms_with_rows_queued(
    site: Site, service: NotifyService, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sender_module, "RELOAD_PERIOD", 0.1)
    sim, url = start_sim("socket")
    box = Mailbox()
    try:
        with smtp_server(box) as smtp_port:
            sms = {"port": url, "baud": 115200}
            channels(site.db, sms=sms)
            service.start()
            sms_sender = service.sender("sms")
            mail = {"host": "127.0.0.1", "port": smtp_port, "security": "none",
                    "from_address": "office@example.cn"}  # fmt: skip
            channels(site.db, sms=sms, email=mail)  # saved on another desk: only the row
            wait_for(lambda: service.sender("email"), 30, "the e-mail sender")
            assert service.sender("sms") is sms_sender  # unchanged: kept running
            queue(site.db, "q:mail", "电费提醒", channel="email")
            service.wake()
            wait_for(lambda: status_of(site.db, "q:mail") == "sent", 60, "the e-mail")
            assert len(box.messages) == 1
            for i in range(3):
                queue(site.db, f"q:held{i}", f"held {i}", later=True)
            channels(site.db, email=mail)
            wait_for(lambda: service.waiting, 30, "the reload after SMS was removed")
            assert service.sender("sms") is None
            assert sms_sender is not None and not sms_sender.is_alive()
            assert service.waiting == {"sms": 3} == waiting_messages(site.db)
            held = [r for r in outbox(site.db) if r.key.startswith("q:held")]
            assert [r.status for r in held] == ["queued"] * 3  # nothing lost
            assert service.sender("email") is not None and sim.messages == []
    finally:
        sim.stop()
