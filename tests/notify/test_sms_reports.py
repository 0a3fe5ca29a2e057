"""Delivery reports (状态报告) from the simulated GSM modem to the outbox, end to end: the
real channel on a pty and over socket://, the real sender, SQLite files and PostgreSQL.

A multipart row is delivered only when every part's report came; a part's permanent failure
fails the row with the reason in words; a temporary status or no report leaves it "sent"; a
reference reused after the wrap marks only the newer row; a sender started afresh marks rows
sent before it. Both report routes: ``+CDS`` straight to us and ``+CDSI`` stored reports.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest

from app.db import Database
from app.models import OutboxMessage
from app.notify.gsm import GsmModemChannel
from app.notify.reports import REPORT_WINDOW, parts_of, status_words
from app.notify.sender import Sender
from drivers.simulator.gsm_modem import GsmModemSim

from .conftest import Site, outbox

TO = "13800138000"
ZH200 = ("尊敬的用户您好，您的电费余额已不足十元，请尽快充值以免停电。" * 7)[:200]


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(params=["pty", "socket"])
def sim(request: pytest.FixtureRequest) -> Iterator[GsmModemSim]:
    modem = GsmModemSim()
    modem.start_pty() if request.param == "pty" else modem.start_tcp()
    modem.delivery_reports = True
    try:
        yield modem
    finally:
        modem.stop()


def queue(db: Database, text: str, key: str, to: str = TO) -> int:
    now = datetime.now(UTC) - timedelta(days=30)  # due at once, whatever the clock says
    with db.write() as s:
        row = OutboxMessage(
            key=key,
            channel="sms",
            recipient=to,
            kind="low_balance",
            text=text,
            next_try_at=now,
            created_at=now,
            updated_at=now,
        )
        s.add(row)
        s.flush()
        return row.id


def row(db: Database, row_id: int) -> OutboxMessage:
    (found,) = outbox(db, id=row_id)
    return found


def until(check: Callable[[], bool], sender: Sender | None = None, timeout: float = 30) -> None:
    """Listen for reports (the sender's own slices) until ``check`` holds."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        if sender is not None:
            sender.collect_reports(0.2)
        else:
            threading.Event().wait(0.05)


def make_sender(site: Site, sim: GsmModemSim, clock: Clock, **options: object) -> Sender:
    channel = GsmModemChannel(sim.url, 115200, status_reports=True, **options)  # type: ignore[arg-type]
    return Sender(site.db, "sms", channel, clock=clock)


@pytest.mark.parametrize("stored", [False, True], ids=["cds", "cdsi"])
def test_three_parts_are_delivered_only_with_the_third_report(
    site: Site, sim: GsmModemSim, stored: bool
) -> None:
    sim.report_statuses = [0x00, 0x00, None]  # the third part's report does not come yet
    sender = make_sender(site, sim, Clock(), stored_reports=stored)
    try:
        first = queue(site.db, ZH200, "r:1")
        assert sender.drain() == 1
        until(lambda: row(site.db, first).reference == "1✓,2✓,3", sender)
        assert row(site.db, first).status == "sent"
        sim.send_report(3, TO, 0x00)
        until(lambda: row(site.db, first).status == "delivered", sender)
        assert row(site.db, first).reference == "1✓,2✓,3✓"
        assert sender.reports == 3
        if stored:  # read with AT+CMGR and deleted with AT+CMGD
            assert len(sim.deleted_reports) == 3 and not sim.stored_reports
    finally:
        sender.channel.close()


def test_a_failed_part_fails_the_row_with_the_reason(
    site: Site, sim: GsmModemSim, monkeypatch: pytest.MonkeyPatch
) -> None:
    sim.report_statuses = [0x00, 0x46, 0x00]
    sender = make_sender(site, sim, Clock())
    try:
        first = queue(site.db, ZH200, "r:1")
        sender.drain()
        until(lambda: row(site.db, first).status == "failed", sender)
        failed = row(site.db, first)
        assert failed.reference.startswith("1✓,2✗")
        assert failed.reason == (
            "not delivered (part 2 of 3): the validity period expired before delivery"
        )
        # the third part's report after the failure changes nothing
        sender.collect_reports(0.3)
        assert row(site.db, first).status == "failed" and sim.report_statuses == []
    finally:
        sender.channel.close()
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    assert status_words(0x46) == "有效期已过，短信未送达"
    assert status_words(0x61) == "短信中心已放弃：对方手机忙"


def test_a_temporary_status_and_a_report_that_never_comes_leave_it_sent(
    site: Site, sim: GsmModemSim
) -> None:
    sim.report_statuses = [0x21, None, 0x00]
    sender = make_sender(site, sim, Clock())
    try:
        busy = queue(site.db, "hello", "r:1")
        silent = queue(site.db, "again", "r:2")
        third = queue(site.db, "third", "r:3")
        assert sender.drain() == 3
        # the third's report came after the other two would have: they are settled
        until(lambda: row(site.db, third).status == "delivered", sender)
        assert row(site.db, busy).status == "sent"
        assert row(site.db, busy).reason == "part 1 of 1: the phone is busy"
        assert (row(site.db, silent).status, row(site.db, silent).reference) == ("sent", "2")
    finally:
        sender.channel.close()


def test_a_reference_reused_after_the_wrap_marks_only_the_newer_row(
    site: Site, sim: GsmModemSim
) -> None:
    clock = Clock()
    sim.report_statuses = [None, None, None]
    sender = make_sender(site, sim, clock)
    try:
        start = clock.now
        sim._next_ref = 4  # the next message gets reference 5
        clock.now = start - REPORT_WINDOW - timedelta(hours=1)  # beyond the window
        ancient = queue(site.db, "ancient", "r:0")
        sender.drain()
        sim._next_ref = 4  # 255 messages later: 5 again
        clock.now = start - timedelta(hours=10)
        old = queue(site.db, "old", "r:1")
        sender.drain()
        sim._next_ref = 4
        clock.now = start
        new = queue(site.db, "new", "r:2")
        sender.drain()
        assert {row(site.db, i).reference for i in (ancient, old, new)} == {"5"}
        sim.send_report(5, TO, 0x00, submitted=start)
        until(lambda: row(site.db, new).status == "delivered", sender)
        assert row(site.db, old).status == "sent" and row(site.db, ancient).status == "sent"
        # a late report for the old one (the centre took it 10 hours ago) is the old one's
        sim.send_report(5, TO, 0x00, submitted=start - timedelta(hours=10))
        until(lambda: row(site.db, old).status == "delivered", sender)
        assert row(site.db, ancient).status == "sent"
        # another phone's report with the same reference is nobody's here
        sim.send_report(5, "13900000000", 0x00, submitted=start)
        until(lambda: sender.collect_reports(0.2) == 0 and sim.held == [])
        assert row(site.db, ancient).status == "sent"
    finally:
        sender.channel.close()


def test_a_restarted_sender_marks_rows_sent_before(site: Site, sim: GsmModemSim) -> None:
    sim.report_statuses = [0x00, None, None]
    first = make_sender(site, sim, Clock())
    first.idle_wait = 0.2
    row_id = queue(site.db, ZH200, "r:1")
    first.start()
    try:
        until(lambda: row(site.db, row_id).reference == "1✓,2,3")
    finally:
        first.stop()
        first.join(30)
    assert not first.is_alive()
    second = make_sender(site, sim, Clock())
    second.idle_wait = 0.2
    second.start()
    try:
        # idle, it opened the modem to listen (nothing to send)
        until(lambda: second.channel._ready)  # type: ignore[attr-defined]
        sim.send_report(2, TO, 0x00)
        sim.send_report(3, TO, 0x00)
        until(lambda: row(site.db, row_id).status == "delivered")
    finally:
        second.stop()
        second.join(30)
    assert row(site.db, row_id).reference == "1✓,2✓,3✓" and second.reports == 2


def test_late_reports_held_by_the_network(site: Site, sim: GsmModemSim) -> None:
    sim.hold_reports = True
    sender = make_sender(site, sim, Clock())
    try:
        first = queue(site.db, ZH200, "r:1")
        sender.drain()
        assert len(sim.held) == 3
        assert sender.collect_reports(0.3) == 0 and row(site.db, first).status == "sent"
        sim.release_reports()
        until(lambda: row(site.db, first).status == "delivered", sender)
    finally:
        sender.channel.close()


def test_references_and_their_parts() -> None:
    assert [(p.ref, p.state) for p in parts_of("12,13✓,14✗")] == [
        (12, ""),
        (13, "✓"),
        (14, "✗"),
    ]
    assert parts_of("<msg@example.cn>") == [] and parts_of("") == []
    assert status_words(0x00) == "received by the phone"
    assert status_words(0x30) == "the SMS centre is still trying (status 0x30)"


def test_reports_stored_while_no_one_listened_are_read_at_the_next_start(
    site: Site, sim: GsmModemSim
) -> None:
    """With ``stored_reports`` the modem keeps what came while WattDesk was not running;
    the next opening lists them (``AT+CMGL=4``), marks the rows and deletes them."""
    sim.hold_reports = True
    first = make_sender(site, sim, Clock(), stored_reports=True)
    row_id = queue(site.db, ZH200, "r:1")
    assert first.drain() == 1
    first.channel.close()  # the collector stops
    sim.release_reports()  # ... and the network's reports come meanwhile
    until(lambda: len(sim.stored_reports) == 3)
    second = make_sender(site, sim, Clock(), stored_reports=True)
    try:
        until(lambda: row(site.db, row_id).status == "delivered", second)
    finally:
        second.channel.close()
    assert not sim.stored_reports and second.reports == 3
