"""Issue 18's "Done when", end to end with real parts: a demo park (``app.demo``) under the
real collector on its simulated buses (``sim://``, an accelerated clock), one room's tenant
with a mobile and an e-mail address, the SMS channel on the simulated GSM modem on a pty and
the e-mail channel on a real SMTP server (aiosmtpd). The room's meter consumes its balance
down: the low-balance, pre-trip and cut messages arrive at the modem (decoded from the
PDUs) and at the mail server, each once; a 200-character Chinese message goes out as three
joined parts. And a sender process SIGKILLed between the modem's ``+CMGS`` and the mark
leaves the row "uncertain": the next sender never sends it again by itself.
"""

from __future__ import annotations

import email
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.collector import Collector, CollectorConfig, PollPlan
from app.db import Database
from app.demo import build_demo
from app.models import (
    Account,
    BillingMode,
    Link,
    LoadSettings,
    Meter,
    MeterState,
    OutboxMessage,
    Room,
    TenantContact,
)
from app.notify.outbox import retry
from app.notify.rules import NotifySettings, store_settings
from drivers.simulator.gsm_modem import GsmModemSim
from tests.collector.conftest import wait_for

from .conftest import Site, outbox
from .smtpserver import Mailbox, smtp_server

ROOT = Path(__file__).resolve().parents[2]
MOBILE, MAIL = "13812345678", "tenant@example.cn"
ZH200 = ("尊敬的用户您好，您的电费余额已不足十元，请尽快充值以免停电。" * 7)[:200]
RATE = 600.0  # simulated seconds per real second: 20 kW spends 20 -> 5 yuan in ~8 s


@pytest.fixture
def modem() -> Iterator[tuple[GsmModemSim, str]]:
    sim = GsmModemSim()
    path = sim.start_pty()
    try:
        yield sim, path
    finally:
        sim.stop()


@pytest.fixture
def mailbox() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    with smtp_server(box) as port:
        yield box, port


def _meter_side_room(db: Database) -> tuple[int, int, int, str, str]:
    """A let room of the demo whose meter keeps the balance: room, account, meter ids,
    the meter's bus URL and address."""
    with db.read() as s:
        row = s.execute(
            select(Room.id, Room.account_id, Meter.id, Link.url, Meter.address)
            .join(Meter, Meter.room_id == Room.id)
            .join(Link, Link.id == Meter.link_id)
            .where(Room.account_id.is_not(None), Meter.billing_mode == BillingMode.METER)
            .order_by(Room.id)
            .limit(1)
        ).one()
    return row[0], row[1], row[2], row[3], row[4]


def _profiles(db: Database) -> set[str]:
    with db.read() as s:
        return set(s.scalars(select(Meter.profile).distinct()))


def _subscribe(db: Database, account_id: int, port: str, smtp_port: int, meter_id: int) -> None:
    """The tenant's contact, both channels, no quiet hours; the meter starts at 21 yuan."""
    with db.write() as s:
        account = s.get(Account, account_id)
        assert account is not None
        contact = TenantContact(tenant_id=account.tenant_id, name="租户", phone=MOBILE, email=MAIL)
        contact.sms, contact.mail, contact.language, contact.kinds = True, True, "zh_CN", []
        s.add(contact)
        channels = {
            "sms": {"port": port, "baud": 115200},
            "email": {"host": "127.0.0.1", "port": smtp_port, "security": "none",
                      "from_address": "office@example.cn", "from_name": "阳光物业"},
        }  # fmt: skip
        store_settings(s, NotifySettings(channels=channels, quiet_from=None, quiet_until=None))
        state = s.get(MeterState, meter_id) or MeterState(meter_id=meter_id)
        state.balance_fen, state.last_seen = 2100, datetime.now(UTC)  # resumed by the sim
        s.add(state)
        # the demo's dormitories are under load control: the 20 kW "heaters" below are a
        # forbidden step, and on a busy machine the load cut came before the balance ran out
        # (the meter then used nothing and never tripped): this test is about the money
        s.execute(update(LoadSettings).values(enabled=False))


def _mails(box: Mailbox) -> list[EmailMessage]:
    out = []
    for raw in list(box.messages):
        parsed = email.message_from_bytes(raw, policy=default)
        assert isinstance(parsed, EmailMessage)
        out.append(parsed)
    return out


def _body(mail: EmailMessage) -> str:
    part = mail.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


def test_a_demo_room_running_down_is_told_by_sms_and_mail_once(
    db: Database, modem: tuple[GsmModemSim, str], mailbox: tuple[Mailbox, int]
) -> None:
    sim, port = modem
    box, smtp_port = mailbox
    build_demo(db, rooms=80)  # 72 offices (platform-side), then dormitories
    room_id, account_id, meter_id, url, address = _meter_side_room(db)
    _subscribe(db, account_id, port, smtp_port, meter_id)
    config = CollectorConfig(
        sim_rate=RATE,
        sim_wire_time=False,
        min_poll_interval=0.05,
        batch_seconds=0.05,
        command_poll=0.05,
        automation_period=0.1,
        plans={name: PollPlan(energy_period=0.2) for name in _profiles(db)},  # balances
    )
    collector = Collector(db, config)
    collector.start()
    try:
        bus = wait_for(lambda: collector.sims.sims.get(url), 60, "the room's simulated bus")
        meter = next(m for m in bus.meters if m.address in (address, str(int(address))))
        meter.frozen_power_w = 20_000.0  # the tenant's heaters: the balance runs down
        texts = lambda: [m.text for m in sim.messages]  # noqa: E731
        wait_for(lambda: any("已停止供电" in t for t in texts()), 120, "the cut SMS")
        wait_for(lambda: len(box.messages) >= 3, 60, "the three e-mails")
        low = [t for t in texts() if "请及时充值" in t]  # level 1 (20 yuan)
        pretrip = [t for t in texts() if "即将断电" in t]  # level 2 (5 yuan)
        cut = [t for t in texts() if "已停止供电" in t]  # the meter tripped at zero
        assert len(low) == len(pretrip) == len(cut) == 1 == len(texts()) / 3, texts()
        assert all(m.to == MOBILE for m in sim.messages)
        mails = _mails(box)
        subjects = sorted(str(m["Subject"]) for m in mails)
        assert subjects == sorted(["电费余额不足", "即将断电", "已断电"]), subjects
        assert all(m["To"] == MAIL for m in mails)
        assert any("已停止供电" in _body(m) for m in mails)
        # the 200-character Chinese message: three parts, joined by the far phone
        with db.write() as s:
            s.add(
                OutboxMessage(
                    key="e2e:zh200", channel="sms", recipient=MOBILE, kind="manual",
                    text=ZH200, account_id=account_id, room_id=room_id,
                    next_try_at=datetime.now(UTC) - timedelta(seconds=1),
                )
            )  # fmt: skip
        assert collector.messages is not None
        collector.messages.wake()
        long = wait_for(lambda: [m for m in sim.messages if m.text == ZH200], 60, "ZH200")[0]
        assert long.encoding == "ucs2" and len(long.parts) == 3
        assert [p.concat[1:] for p in long.parts if p.concat] == [(3, 1), (3, 2), (3, 3)]
        # the modem has all three parts; the sender records "sent" just after (no race)
        row = wait_for(
            lambda: [r for r in outbox(db, key="e2e:zh200") if r.status != "sending"], 60, "sent"
        )[0]
        assert row.status == "sent" and row.parts == 3 and len(row.reference.split(",")) == 3
    finally:
        collector.stop()
    rows = [r for r in outbox(db) if r.kind != "manual"]
    assert sorted((r.kind, r.channel) for r in rows) == [
        ("cut", "email"), ("cut", "sms"), ("low_balance", "email"), ("low_balance", "sms"),
        ("pretrip", "email"), ("pretrip", "sms"),
    ]  # fmt: skip
    assert all(r.status == "sent" and r.attempts == 1 for r in rows)


class Proc:
    """``tests.notify.modem_sender_proc``: a sender process on the real modem channel."""

    def __init__(self, url: str, mode: str, port: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.notify.modem_sender_proc", url, mode, port],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            bufsize=1,
        )

    def line(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def finish(self) -> str:
        answer = self.line()
        assert self.proc.wait(timeout=60) == 0
        return answer


def test_sigkill_after_the_modem_took_it_never_sends_it_twice(
    site: Site, db_url: str, modem: tuple[GsmModemSim, str]
) -> None:
    sim, port = modem
    with site.db.write() as s:
        s.add(
            OutboxMessage(
                key="kill:1", channel="sms", recipient=MOBILE, kind="cut",
                text="【测试园区】A栋101电费余额0.00元，已停止供电，充值后自动恢复。",
                next_try_at=datetime.now(UTC) - timedelta(minutes=1),
            )
        )  # fmt: skip
    victim = Proc(db_url, "hang", port)
    key = victim.line().split()[1]  # "+CMGS" answered: the message is out, not marked
    assert len(sim.messages) == 1
    os.kill(victim.proc.pid, signal.SIGKILL)
    victim.proc.wait(timeout=30)
    row = outbox(site.db)[0]
    assert key == f"outbox:{row.id}" and row.status == "sending"
    assert Proc(db_url, "drain", port).finish() == "done 0 recovered 1"
    row = outbox(site.db)[0]
    assert row.status == "uncertain" and "may have been sent" in row.reason
    assert len(sim.messages) == 1  # the modem got it once
    retry(site.db, site.staff["operator"], row.id)  # the operator asked the tenant
    assert Proc(db_url, "drain", port).finish() == "done 1 recovered 0"
    assert len(sim.messages) == 2 and outbox(site.db)[0].status == "sent"
