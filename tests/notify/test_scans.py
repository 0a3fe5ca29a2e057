"""The planner's scans: a bill past due (the tenant), a meter-side recharge still pending
(the staff), the daily summary (the staff): each queued once however often the scan runs."""

from __future__ import annotations

from datetime import date, timedelta

from app.billing.bills import issue_bill
from app.ledger.recharge import RechargeRequest, recharge
from app.models import Event, OutboxMessage
from app.notify.contacts import MessagePrefs, set_staff_contact
from app.notify.rules import NotifySettings, store_settings
from app.notify.scans import plan

from .conftest import NOON, Site, outbox


def _staff(site: Site) -> None:
    operator = site.staff["operator"]
    set_staff_contact(
        site.db, operator, operator.operator_id or 0, "13900002222", "", MessagePrefs(sms=True)
    )


def test_overdue_bill_pending_recharge_and_daily_summary(site: Site) -> None:
    _staff(site)
    with site.db.write() as s:
        store_settings(s, NotifySettings(channels={"sms": {}}, pending_minutes=30))
        issue_bill(s, site.platform_account, "fee:1", "2026-11", 12000, date(2026, 12, 1))
    taken = NOON  # 12:00 in Shanghai: the daily summary is due (after 08:00)
    recharge(
        site.db,
        site.staff["cashier"],
        RechargeRequest("20", "cash", "scan-recharge-1", room_id=site.room_id),
        now=taken,
    )
    assert len(outbox(site.db, kind="bill_issued")) == 1
    early = taken + timedelta(minutes=10)
    assert plan(site.db, early) == 2  # the overdue bill, the summary
    assert outbox(site.db, kind="recharge_pending") == []  # not 30 minutes yet
    overdue = outbox(site.db, kind="bill_overdue")
    assert len(overdue) == 1 and overdue[0].recipient == "13900001111"
    assert "days overdue" in overdue[0].text  # Li reads English
    later = taken + timedelta(minutes=31)
    made = plan(site.db, later)
    pending = outbox(site.db, kind="recharge_pending")
    assert len(pending) == 1 and pending[0].operator_id == site.staff["operator"].operator_id
    assert "20.00" in pending[0].text and "A栋 101" in pending[0].text
    assert made == 1
    summary = outbox(site.db, kind="daily_summary")
    assert len(summary) == 1 and summary[0].text.startswith("2026-12-06：")
    assert plan(site.db, later + timedelta(minutes=1)) == 0  # each told once
    assert len(outbox(site.db, kind="bill_overdue")) == 1


def test_the_daily_summary_counts_yesterday(site: Site) -> None:
    _staff(site)
    yesterday = NOON - timedelta(days=1)  # 12:00 on 6 December in Shanghai
    with site.db.write() as s:
        store_settings(s, NotifySettings(channels={"sms": {}}))
        for kind, level, at in (
            ("relay.changed", 1, yesterday),  # a cut
            ("relay.changed", 0, yesterday),  # a restore: not a cut
            ("balance.alarm", 1, yesterday),
            ("relay.changed", 1, NOON),  # today: tomorrow's summary
        ):
            s.add(Event(ts=at, kind=kind, level=level, room_id=site.room_id))
        s.add(
            OutboxMessage(
                key="f",
                channel="sms",
                recipient="1",
                kind="cut",
                text="x",
                status="failed",
                updated_at=yesterday,
            )
        )
    assert plan(site.db, NOON) == 1
    text = outbox(site.db, kind="daily_summary")[0].text
    assert text == ("2026-12-06：离线电表0块，断电1户，低余额1户，充值0笔共0.00元，发送失败1条。")
