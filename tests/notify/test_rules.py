"""Rules → outbox rows, in the transaction of the event that caused them.

The events come from the real collector writer (poll results in, events out), the ledger's
recharge and the bills; the rows are read back from the database (SQLite and PostgreSQL).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.billing.bills import issue_bill
from app.ledger.recharge import RechargeRequest, recharge
from app.models import Event, OutboxMessage, Payment
from app.notify.hooks import on_events
from app.notify.rules import NotifySettings, store_settings
from drivers.meter import RelayState as DriverRelay

from .conftest import NOON, Feeder, Site, outbox


def test_low_balance_event_queues_sms_and_mail_in_its_transaction(
    site: Site, feeder: Feeder
) -> None:
    feeder.poll("50.00", NOON)  # first sight: level 0
    assert outbox(site.db) == []
    feeder.poll("15.00", NOON + timedelta(minutes=1))  # below 20 yuan: alarm level 1
    rows = outbox(site.db)
    assert {(r.channel, r.recipient) for r in rows} == {
        ("sms", "13812345678"),  # stored normalised
        ("email", "zs@example.cn"),
    }
    with site.db.read() as s:
        event = s.scalars(select(Event).where(Event.kind == "balance.alarm")).one()
    for r in rows:
        assert r.kind == "low_balance" and r.status == "queued" and r.event_id == event.id
        assert r.account_id == site.account_id and r.room_id == site.room_id
        assert "A栋 101" in r.text and "15.00" in r.text and "测试园区" in r.text
    assert rows[0].subject == "电费余额不足"


def test_rolled_back_event_leaves_no_message(site: Site) -> None:
    class Boom(Exception):
        pass

    with pytest.raises(Boom), site.db.write() as s:
        event = Event(
            ts=NOON,
            kind="balance.alarm",
            level=1,
            room_id=site.room_id,
            data={"balance_fen": 1500, "alarm": 1},
        )
        s.add(event)
        s.flush()
        assert on_events(s, [event]) == 2  # queued in this transaction...
        raise Boom
    assert outbox(site.db) == []  # ...and gone with it


def test_one_low_balance_message_per_level_per_recharge_cycle(site: Site, feeder: Feeder) -> None:
    feeder.poll("50.00", NOON)
    feeder.poll("15.00", NOON + timedelta(minutes=1))  # level 1
    feeder.poll("30.00", NOON + timedelta(minutes=2))  # back above (a reading wobble)
    feeder.poll("14.00", NOON + timedelta(minutes=3))  # level 1 again: same cycle
    with site.db.read() as s:
        alarms = s.scalars(select(Event).where(Event.kind == "balance.alarm")).all()
    assert len(alarms) == 2  # two events...
    assert len(outbox(site.db, kind="low_balance", channel="sms")) == 1  # ...one message
    feeder.poll("4.00", NOON + timedelta(minutes=4))  # level 2: pre-trip, its own message
    assert len(outbox(site.db, kind="pretrip", channel="sms")) == 1
    recharge(
        site.db,
        site.staff["cashier"],
        RechargeRequest("50", "cash", "recharge-r1", room_id=site.room_id),
    )
    feeder.poll("60.00", NOON + timedelta(minutes=5))
    feeder.poll("15.00", NOON + timedelta(minutes=6))  # a new cycle: told again
    assert len(outbox(site.db, kind="low_balance", channel="sms")) == 2


def test_cut_at_zero_and_restore_by_the_meter(site: Site, feeder: Feeder) -> None:
    feeder.poll("1.00", NOON)
    feeder.poll("0.00", NOON + timedelta(minutes=1), DriverRelay.CUT)  # the meter trips
    cut = outbox(site.db, kind="cut", channel="sms")
    assert len(cut) == 1 and "已停止供电" in cut[0].text
    feeder.poll("50.00", NOON + timedelta(minutes=2), DriverRelay.CLOSED)
    assert len(outbox(site.db, kind="restored", channel="sms")) == 1


def test_quiet_hours_hold_tenant_sms_but_not_a_cut(site: Site, feeder: Feeder) -> None:
    night = datetime(2026, 12, 7, 15, 30, tzinfo=UTC)  # 23:30 in Shanghai
    morning = datetime(2026, 12, 8, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai
    feeder.poll("50.00", night)
    feeder.poll("15.00", night + timedelta(minutes=1))
    sms = outbox(site.db, kind="low_balance", channel="sms")[0]
    assert sms.next_try_at == morning and sms.reason == "held for the quiet hours"
    mail = outbox(site.db, kind="low_balance", channel="email")[0]
    assert mail.next_try_at == night + timedelta(minutes=1)  # e-mail is silent: not held
    feeder.poll("0.00", night + timedelta(minutes=2), DriverRelay.CUT)
    cut = outbox(site.db, kind="cut", channel="sms")[0]
    assert cut.next_try_at == night + timedelta(minutes=2)  # a cut is told at once


def test_platform_recharge_is_told_with_amount_balance_and_receipt(site: Site) -> None:
    result = recharge(
        site.db,
        site.staff["cashier"],
        RechargeRequest("88.50", "cash", "recharge-p1", room_id=site.platform_room),
    )
    rows = outbox(site.db, kind="recharge")
    assert len(rows) == 1  # Li opted in to SMS only
    row = rows[0]
    assert row.recipient == "13900001111" and row.language == "en"
    assert row.text == (
        f"[测试园区] A栋 102: 88.50 yuan credited, balance 188.50 yuan, "
        f"receipt {result.receipt_number}."
    )


def test_meter_side_recharge_waits_for_the_meter(site: Site) -> None:
    recharge(
        site.db,
        site.staff["cashier"],
        RechargeRequest("20", "cash", "recharge-m1", room_id=site.room_id),
    )
    assert outbox(site.db) == []  # the meter has not confirmed it


def test_bill_issued_is_told(site: Site) -> None:
    with site.db.write() as s:
        bill = issue_bill(s, site.platform_account, "fee:1", "2026-11", 63700, date(2026, 12, 20))
    rows = outbox(site.db, kind="bill_issued")
    assert len(rows) == 1 and bill.number in rows[0].text and "637.00" in rows[0].text


def test_nothing_is_queued_without_a_channel_or_an_opt_in(site: Site, feeder: Feeder) -> None:
    with site.db.write() as s:
        store_settings(s, NotifySettings(channels={}))
    feeder.poll("50.00", NOON)
    feeder.poll("15.00", NOON + timedelta(minutes=1))
    assert outbox(site.db) == []
    with site.db.write() as s:
        store_settings(s, NotifySettings(channels={"sms": {}}, disabled=frozenset({"pretrip"})))
    feeder.poll("4.00", NOON + timedelta(minutes=2))
    assert outbox(site.db) == []  # pre-trip switched off


def test_a_broken_template_costs_the_message_not_the_event(site: Site) -> None:
    from app.models import NotifyTemplate

    with site.db.write() as s:
        s.add(NotifyTemplate(kind="low_balance", language="zh_CN", subject="", text="{oops"))
    with site.db.write() as s:
        event = Event(
            ts=NOON,
            kind="balance.alarm",
            level=1,
            room_id=site.room_id,
            data={"balance_fen": 1500, "alarm": 1},
        )
        s.add(event)
        s.flush()
        assert on_events(s, [event]) == 0
    with site.db.read() as s:
        assert s.scalars(select(Event)).all()  # the event committed
        assert s.scalars(select(OutboxMessage)).all() == []
        assert s.scalars(select(Payment)).all() == []
