"""The senders: claim, send, mark; retries with back-off; rate limits; quiet hours released;
two processes never send one row twice; a SIGKILL between send and mark leaves the row
"uncertain" and it is never sent again by itself. Real sender processes, real databases."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import AuditEntry, OutboxMessage
from app.notify.channel import REGISTRY, ChannelStatus, Message, SendResult
from app.notify.kinds import NotifyError
from app.notify.outbox import (
    backoff,
    list_messages,
    mark_delivered,
    recover,
    retry,
    settings_of,
)
from app.notify.rules import NotifySettings, save_settings, store_settings
from app.notify.sender import NotifyService, Sender
from app.security import PermissionDenied

from .conftest import NOON, Feeder, Recording, Site, outbox

ROOT = Path(__file__).resolve().parents[2]


def add_rows(db: Database, count: int, channel: str = "recording", at: datetime = NOON) -> None:
    with db.write() as s:
        for i in range(count):
            s.add(
                OutboxMessage(
                    key=f"test:{i}",
                    channel=channel,
                    recipient=f"1380000{i:04d}",
                    kind="low_balance",
                    text=f"message {i}",
                    next_try_at=at,
                    created_at=at,
                    updated_at=at,
                )
            )


def limits(db: Database, **values: Any) -> None:
    with db.write() as s:
        store_settings(s, NotifySettings(channels={"recording": {}}, **values))


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def test_a_sent_message_is_marked_with_the_far_end_reference(site: Site) -> None:
    add_rows(site.db, 2)
    channel = Recording()
    sender = Sender(site.db, "recording", channel, clock=Clock(NOON))
    assert sender.drain() == 2
    assert [m.key for m in channel.sent] == [f"outbox:{r.id}" for r in outbox(site.db)]
    for row in outbox(site.db):
        assert row.status == "sent" and row.attempts == 1 and row.reference.startswith("ref-")
        assert row.sent_at == NOON
    assert sender.drain() == 0  # nothing is sent twice


def test_retryable_errors_back_off_then_fail(site: Site) -> None:
    limits(site.db, max_attempts=3)
    add_rows(site.db, 1)
    clock = Clock(NOON)
    sender = Sender(site.db, "recording", Recording(fail="connection:retry"), clock=clock)
    assert sender.drain() == 1
    row = outbox(site.db)[0]
    assert (row.status, row.attempts) == ("queued", 1)
    assert row.next_try_at == NOON + backoff(1) == NOON + timedelta(seconds=30)
    assert row.reason == "connection: test connection"
    assert sender.drain() == 0  # not due yet
    clock.now = NOON + timedelta(seconds=30)
    assert sender.drain() == 1
    row = outbox(site.db)[0]
    assert row.attempts == 2 and row.next_try_at == clock.now + timedelta(seconds=60)
    clock.now = row.next_try_at
    sender.drain()
    row = outbox(site.db)[0]
    assert (row.status, row.attempts) == ("failed", 3)


@pytest.mark.parametrize(
    ("fail", "status"), [("refused:no", "failed"), ("timeout:maybe", "uncertain")]
)
def test_refused_fails_at_once_and_maybe_sent_is_uncertain(
    site: Site, fail: str, status: str
) -> None:
    add_rows(site.db, 1)
    sender = Sender(site.db, "recording", Recording(fail=fail), clock=Clock(NOON))
    sender.drain()
    row = outbox(site.db)[0]
    assert (row.status, row.attempts) == (status, 1)
    assert sender.drain() == 0  # an uncertain row is never sent again by itself


def test_rate_limits_per_recipient_and_per_channel(site: Site) -> None:
    limits(site.db, per_recipient_hour=2, per_channel_minute=3)
    with site.db.write() as s:
        for i in range(3):
            s.add(
                OutboxMessage(
                    key=f"same:{i}",
                    channel="recording",
                    recipient="13900000000",
                    kind="low_balance",
                    text="x",
                    next_try_at=NOON,
                )
            )
    clock = Clock(NOON)
    sender = Sender(site.db, "recording", Recording(), clock=clock)
    assert sender.drain() == 2
    third = outbox(site.db, key="same:2")[0]
    assert third.status == "queued" and third.next_try_at == NOON + timedelta(hours=1)
    add_rows(site.db, 4)  # other recipients: the channel's 3 a minute stop the 2nd
    assert sender.drain() == 1
    clock.now = NOON + timedelta(minutes=1, seconds=1)
    assert sender.drain() == 3


def test_quiet_hours_hold_until_morning_then_release(site: Site, feeder: Feeder) -> None:
    night = datetime(2026, 12, 7, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai
    feeder.poll("50.00", night)
    feeder.poll("15.00", night + timedelta(minutes=1))
    clock = Clock(datetime(2026, 12, 7, 23, 59, tzinfo=UTC))  # 07:59 in Shanghai
    channel = Recording()
    sender = Sender(site.db, "sms", channel, clock=clock)
    assert sender.drain() == 0
    clock.now = datetime(2026, 12, 8, 0, 0, tzinfo=UTC)  # 08:00
    assert sender.drain() == 1
    assert channel.sent[0].to == "13812345678" and "15.00" in channel.sent[0].text


def test_resend_is_for_operators_and_audited(site: Site) -> None:
    add_rows(site.db, 2)
    Sender(site.db, "recording", Recording(fail="refused:no"), clock=Clock(NOON)).drain()
    first, second = outbox(site.db)
    with pytest.raises(PermissionDenied):
        retry(site.db, site.staff["cashier"], first.id)
    assert retry(site.db, site.staff["operator"], first.id) == "recording"
    row = outbox(site.db, id=first.id)[0]
    assert row.status == "queued" and row.reason == "resent by operator"
    with pytest.raises(NotifyError, match="only a failed or uncertain"):
        retry(site.db, site.staff["admin"], first.id)
    with site.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "notify.retry")).one()
    assert entry.target == f"outbox:{first.id}" and '"failed"' in entry.detail
    assert [m.id for m in list_messages(site.db, status=("failed",))] == [second.id]


class Proc:
    def __init__(self, url: str, mode: str, path: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.notify.sender_proc", url, mode, str(path)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        assert self.proc.stdout is not None
        assert self.proc.stdout.readline().strip() == "ready"

    def say(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()

    def line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()


def _lines(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text().splitlines()]


def test_two_sender_processes_send_each_row_once(site: Site, db_url: str, tmp_path: Path) -> None:
    limits(site.db, per_channel_minute=1000)
    now = datetime.now(UTC)
    add_rows(site.db, 60, at=now - timedelta(minutes=1))
    far_end = tmp_path / "far_end.jsonl"
    procs = [Proc(db_url, "drain", far_end) for _ in range(2)]
    for p in procs:
        p.say("go")
    counts = [int(p.line().split()[1]) for p in procs]  # "done N recovered 0"
    print("rows sent by each process:", counts)
    for p in procs:
        assert p.proc.wait(timeout=60) == 0
    lines = _lines(far_end)
    keys = [x["key"] for x in lines]
    assert sorted(keys) == sorted(set(keys)) and len(keys) == 60 == sum(counts)
    rows = outbox(site.db)
    assert all(r.status == "sent" and r.attempts == 1 for r in rows)
    by_pid = {x["key"]: x["pid"] for x in lines}
    for r in rows:  # the process that sent a row is the one that claimed it
        assert r.claimed_by.endswith(f":{by_pid[f'outbox:{r.id}']}")


def test_sigkill_between_send_and_mark_leaves_it_uncertain_never_resent(
    site: Site, db_url: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    add_rows(site.db, 1, at=now - timedelta(minutes=1))
    far_end = tmp_path / "far_end.jsonl"
    victim = Proc(db_url, "hang", far_end)
    victim.say("go")
    key = victim.line().split()[1]  # the message is out; the mark is not written
    os.kill(victim.proc.pid, signal.SIGKILL)
    victim.proc.wait(timeout=30)
    row = outbox(site.db)[0]
    assert key == f"outbox:{row.id}" and row.status == "sending"
    survivor = Proc(db_url, "drain", far_end)  # a sender starting again
    survivor.say("go")
    assert survivor.line() == "done 0 recovered 1"  # found it, and never sent it again
    assert survivor.proc.wait(timeout=60) == 0
    row = outbox(site.db)[0]
    assert row.status == "uncertain" and "may have been sent" in row.reason
    assert [x["key"] for x in _lines(far_end)] == [key]
    retry(site.db, site.staff["operator"], row.id)  # an operator's decision
    again = Proc(db_url, "drain", far_end)
    again.say("go")
    assert again.line() == "done 1 recovered 0"
    assert again.proc.wait(timeout=60) == 0


def test_a_live_senders_claim_is_not_taken_for_a_dead_one(site: Site) -> None:
    add_rows(site.db, 1)
    with site.db.write() as s:
        row = s.scalars(select(OutboxMessage)).one()
        row.status, row.claimed_by, row.updated_at = "sending", f"elsewhere:{os.getpid()}", NOON
    assert recover(site.db, NOON + timedelta(minutes=5)) == 0  # another host, recent
    assert recover(site.db, NOON + timedelta(minutes=16)) == 1  # stale: uncertain


class Signalling(Recording):
    """Sets ``sent`` when a message went out: the test waits on it, never sleeps."""

    sent_event = threading.Event()

    def send(self, message: Message) -> SendResult:
        result = super().send(message)
        Signalling.sent_event.set()
        return result

    def check(self) -> ChannelStatus:
        return ChannelStatus(True, "ready")


def test_the_service_starts_a_sender_per_configured_channel(site: Site) -> None:
    REGISTRY["signalling"] = Signalling
    try:
        with site.db.write() as s:
            store_settings(s, NotifySettings(channels={"signalling": {}, "unknown": {}}))
        add_rows(site.db, 1, channel="signalling", at=datetime.now(UTC) - timedelta(seconds=1))
        Signalling.sent_event.clear()
        service = NotifyService(site.db)
        service.start()
        try:
            assert set(service.senders) == {"signalling"}  # "unknown" is logged and skipped
            service.wake()
            assert Signalling.sent_event.wait(60)
        finally:
            service.stop()
        assert not service.senders
    finally:
        REGISTRY.pop("signalling", None)


def test_a_delivery_report_marks_the_sent_row_delivered(site: Site) -> None:
    add_rows(site.db, 2)
    Sender(site.db, "recording", Recording(), clock=Clock(NOON)).drain()
    first, second = outbox(site.db)
    later = NOON + timedelta(minutes=1)
    assert mark_delivered(site.db, "recording", first.reference, later) == 1
    assert mark_delivered(site.db, "recording", first.reference, later) == 0  # once
    assert mark_delivered(site.db, "other", second.reference, later) == 0  # its own channel
    assert [r.status for r in outbox(site.db)] == ["delivered", "sent"]


def test_settings_are_for_administrators_and_audited(site: Site) -> None:
    wanted = NotifySettings(channels={"sms": {"port": "/dev/ttyUSB2", "baud": 115200}})
    with pytest.raises(PermissionDenied):
        save_settings(site.db, site.staff["operator"], wanted)
    save_settings(site.db, site.staff["admin"], wanted)
    assert settings_of(site.db) == wanted
    with site.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "notify.settings")).one()
    assert "/dev/ttyUSB2" in entry.detail


def test_a_channel_pinned_to_another_desk_is_not_sent_from_here(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATTDESK_WORKSTATION", "desk-2")
    REGISTRY["signalling"] = Signalling
    try:
        with site.db.write() as s:
            pinned = {"signalling": {"workstation": "desk-1"}}
            store_settings(s, NotifySettings(channels=pinned))
        service = NotifyService(site.db)
        service.start()
        try:
            assert service.senders == {}
        finally:
            service.stop()
        monkeypatch.setenv("WATTDESK_WORKSTATION", "desk-1")
        service = NotifyService(site.db)
        service.start()
        try:
            assert set(service.senders) == {"signalling"}
        finally:
            service.stop()
    finally:
        REGISTRY.pop("signalling", None)
