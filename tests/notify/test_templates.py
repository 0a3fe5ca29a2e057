"""Templates: unknown fields refused by name, stored templates override the built-in ones
(admins only, audited), the preview fills real data and counts SMS parts; contacts: Chinese
mobile numbers and e-mail addresses validated with the field named, stored normalised."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from app.models import AuditEntry, OperatorContact, TenantContact
from app.notify.contacts import (
    MessagePrefs,
    check_email,
    normalise_mobile,
    set_staff_contact,
    set_tenant_prefs,
)
from app.notify.kinds import KINDS, NotifyError
from app.notify.rules import NotifySettings, store_settings
from app.notify.scans import plan
from app.notify.templates import check_template, preview, render, save_template
from app.security import PermissionDenied

from .conftest import NOON, Feeder, Site, outbox


def counter(text: str) -> tuple[str, int, int]:
    """A simple stand-in for app.notify.pdu.sms_parts (the SMS branch's): UCS2 70/67."""
    if all(ord(c) < 128 for c in text):
        return "gsm7", 1 if len(text) <= 160 else -(-len(text) // 153), 0
    parts = 1 if len(text) <= 70 else -(-len(text) // 67)
    return "ucs2", parts, (70 if parts == 1 else parts * 67) - len(text)


def test_unknown_fields_are_refused_by_name() -> None:
    check_template("recharge", "{room} {amount} {balance} {receipt}")
    with pytest.raises(NotifyError, match=r"unknown field \{amout\}.*\{amount\}"):
        check_template("recharge", "{room} 充值{amout}元")
    with pytest.raises(NotifyError, match=r"unknown field \{receipt\}"):
        check_template("cut", "{room}", subject="{receipt}")
    with pytest.raises(NotifyError, match="malformed"):
        check_template("cut", "{room")
    with pytest.raises(NotifyError, match=r"unknown field \{room.number\}"):
        check_template("cut", "{room.number}")
    for kind in KINDS.values():  # the built-in texts pass their own check
        for subject, text in (kind.zh, kind.en):
            check_template(kind.name, text, subject)


def test_stored_template_is_admin_only_audited_and_used(site: Site, feeder: Feeder) -> None:
    with pytest.raises(PermissionDenied):
        save_template(
            site.db, site.staff["operator"], "low_balance", "zh_CN", "{room}余额{balance}"
        )
    with pytest.raises(NotifyError, match=r"\{money\}"):
        save_template(site.db, site.staff["admin"], "low_balance", "zh_CN", "{money}")
    save_template(site.db, site.staff["admin"], "low_balance", "zh_CN", "{room}余额{balance}元")
    with site.db.read() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "notify.template")).one()
    assert entry.target == "template:low_balance:zh_CN"
    feeder.poll("50.00", NOON)
    feeder.poll("15.00", NOON + timedelta(minutes=1))
    assert outbox(site.db, channel="sms")[0].text == "A栋 101余额15.00元"


def test_preview_uses_real_data_and_counts_parts(site: Site, feeder: Feeder) -> None:
    feeder.poll("12.34", NOON)
    shown = preview(site.db, "low_balance", "zh_CN", account_id=site.account_id, counter=counter)
    assert "A栋 101" in shown.text and "12.34" in shown.text and "测试园区" in shown.text
    assert (shown.encoding, shown.parts) == ("ucs2", 1)
    assert shown.values["tenant"] == "张三"
    long = "{room}" + "电" * 200
    shown = preview(site.db, "cut", "zh_CN", account_id=site.account_id, text=long, counter=counter)
    assert shown.parts == 4
    english = preview(site.db, "cut", "en", account_id=site.account_id, counter=counter)
    assert english.subject == "Power cut" and english.text.startswith("[测试园区] A栋 101:")
    assert english.encoding == "ucs2"  # the names are Chinese: UCS2 even in English
    with pytest.raises(NotifyError, match=r"\{nope\}"):
        preview(site.db, "cut", "en", text="{nope}", counter=counter)


def test_an_unknown_value_leaves_its_clause_out() -> None:
    zh_subject, zh = KINDS["low_balance"].zh
    en_subject, en = KINDS["low_balance"].en
    values = {"site": "园区", "room": "A101", "balance": "12.00", "level": 1, "days_left": None}
    assert render(zh_subject, zh, values)[1] == "【园区】A101电费余额12.00元，请及时充值。"
    assert render(en_subject, en, values)[1] == "[园区] A101: balance 12.00 yuan. Please recharge."
    values["days_left"] = "3"
    assert (
        render(zh_subject, zh, values)[1]
        == "【园区】A101电费余额12.00元，预计可用3天，请及时充值。"
    )
    # the dropped clause's ending moves onto the one before; a lone clause stays, with "-"
    assert render("", "余额{b}元，约{d}天。", {"b": "1", "d": None})[1] == "余额1元。"
    assert render("", "about {d} days", {"d": None})[1] == "about - days"
    assert render("", "{b:>4} yuan, {d}, ok.", {"b": "1", "d": None})[1] == "   1 yuan, ok."


def test_preview_without_daily_readings_has_no_dash(site: Site, feeder: Feeder) -> None:
    feeder.poll("12.34", NOON)
    shown = preview(site.db, "low_balance", "zh_CN", account_id=site.account_id, counter=counter)
    assert shown.values["days_left"] is None
    assert "预计可用" not in shown.text and "-" not in shown.text and "12.34元，请" in shown.text


def test_mobile_numbers_and_addresses() -> None:
    for text in ("13812345678", "+86 138 1234 5678", "0086-138-1234-5678", "8613812345678"):
        assert normalise_mobile(text) == "13812345678"
    for bad in ("12812345678", "1381234567", "138123456789", "+1 138 1234 5678", "phone"):
        with pytest.raises(NotifyError, match=r"^mobile: .* is not a Chinese mobile number"):
            normalise_mobile(bad)
    assert check_email(" a.b@example.com.cn ") == "a.b@example.com.cn"
    for bad in ("a@b", "a b@c.cn", "a@@b.cn", "a..b@c.cn", "@c.cn"):
        with pytest.raises(NotifyError, match=r"^email: "):
            check_email(bad)


def test_tenant_prefs_and_staff_contacts(site: Site) -> None:
    with site.db.write() as s:
        contact = s.get(TenantContact, site.contact_id)
        assert contact is not None
        contact.phone = "138 1234 5678"
    with pytest.raises(PermissionDenied):
        set_tenant_prefs(site.db, site.staff["cashier"], site.contact_id, MessagePrefs(sms=True))
    with pytest.raises(NotifyError, match="is not a message kind"):
        set_tenant_prefs(
            site.db, site.staff["admin"], site.contact_id, MessagePrefs(kinds=("daily_summary",))
        )
    prefs = MessagePrefs("en", ("cut", "recharge"), sms=True, mail=False)
    set_tenant_prefs(site.db, site.staff["operator"], site.contact_id, prefs)
    with site.db.read() as s:
        row = s.get(TenantContact, site.contact_id)
        assert row is not None
        assert (row.phone, row.language, row.kinds, row.sms) == (
            "13812345678",
            "en",
            ["cut", "recharge"],
            True,
        )
    operator = site.staff["operator"]
    with pytest.raises(NotifyError, match=r"^mobile: "):
        set_staff_contact(site.db, operator, operator.operator_id or 0, "123", "", MessagePrefs())
    with pytest.raises(PermissionDenied):  # someone else's contact: admins only
        set_staff_contact(site.db, operator, 1, "13900000000", "", MessagePrefs(sms=True))
    set_staff_contact(
        site.db,
        operator,
        operator.operator_id or 0,
        "139-0000-2222",
        "ops@example.cn",
        MessagePrefs(kinds=("meter_offline",), sms=True, mail=True),
    )
    with site.db.read() as s:
        staff = s.get(OperatorContact, operator.operator_id)
        assert staff is not None and staff.mobile == "13900002222"
        actions = {e.action for e in s.scalars(select(AuditEntry))}
    assert {"notify.contact", "notify.staff_contact"} <= actions


def test_offline_meter_reaches_the_staff_once(site: Site, feeder: Feeder) -> None:
    operator = site.staff["operator"]
    set_staff_contact(
        site.db,
        operator,
        operator.operator_id or 0,
        "13900002222",
        "",
        MessagePrefs(kinds=("meter_offline",), sms=True),
    )
    with site.db.write() as s:
        store_settings(s, NotifySettings(channels={"sms": {}}, offline_minutes=30))
    feeder.poll("50.00", NOON)
    from app.collector.worker import PollResult

    feeder.writer._write(
        [PollResult(site.meter_id, NOON + timedelta(minutes=5), None, online=False, misses=3)]
    )
    assert plan(site.db, NOON + timedelta(minutes=20)) == 0  # not long enough yet
    assert plan(site.db, NOON + timedelta(minutes=31)) == 1
    assert plan(site.db, NOON + timedelta(minutes=45)) == 0  # once per outage
    row = outbox(site.db, kind="meter_offline")[0]
    assert row.recipient == "13900002222" and row.operator_id == operator.operator_id
    assert "A栋 101" in row.text and "离线31分钟" in row.text
