"""app/ui/labels.py: every label for every value, in English and in Chinese.

The helpers moved here from eight windows keeping their translation contexts; a label
whose context or text changed by mistake falls back to English on a Chinese screen, which
the zh_CN half of this test catches (it compares with the English result)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication

from app.livedata.event_text import known_kinds
from app.models import Role
from app.ui import labels
from app.ui.i18n import install_translators

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Counts:
    meters: int
    online: int
    unread: int


# (function, argument, English text)
CASES: list[tuple[Callable[..., str], object, str]] = [
    (labels.role_label, Role.ADMIN, "administrator"),
    (labels.role_label, Role.OPERATOR, "operator"),
    (labels.role_label, Role.CASHIER, "cashier"),
    (labels.role_label, Role.AUDITOR, "auditor"),
    (labels.tenant_kind_label, "enterprise", "enterprise"),
    (labels.tenant_kind_label, "shop", "shop"),
    (labels.tenant_kind_label, "dorm", "student dorm"),
    (labels.tenant_kind_label, "person", "person"),
    (labels.tenant_kind_label, "public", "public"),
    (labels.relay_label, "closed", "on"),
    (labels.relay_label, "open", "cut"),
    (labels.relay_label, "unknown", "unknown"),
    (labels.online_label, Counts(2, 2, 0), "online"),
    (labels.online_label, Counts(2, 0, 2), "not read yet"),
    (labels.online_label, Counts(2, 0, 0), "offline"),
    (labels.level_label, 1, "low balance (level 1)"),
    (labels.level_label, 2, "low balance (level 2, pre-trip)"),
    (labels.level_label, 3, "at the cut-off line (level 3)"),
    (labels.rooms_label, 3, "3 rooms"),
    (labels.rooms_label, 1, "1 room"),
    (labels.error_kind_label, "timeout", "Timeout"),
    (labels.error_kind_label, "frame", "Frame"),
    (labels.error_kind_label, "exception", "Exception"),
    (labels.error_kind_label, "rejected", "Refused by the meter"),
    (labels.error_kind_label, "port", "Port down"),
    (labels.error_kind_label, "something new", "Other"),
    (labels.command_status_label, "failed", "failed"),
    (labels.command_status_label, "expired", "expired"),
    (labels.command_status_label, "cancelled", "cancelled"),
    (labels.method_label, "cash", "cash"),
    (labels.method_label, "card", "bank card"),
    (labels.method_label, "transfer", "bank transfer"),
    (labels.method_label, "qr", "QR payment"),
    (labels.band_label, "sharp", "Sharp (尖)"),
    (labels.band_label, "peak", "Peak (峰)"),
    (labels.band_label, "flat", "Flat (平)"),
    (labels.band_label, "valley", "Valley (谷)"),
    (labels.tariff_scope_label, "meter", "Meter"),
    (labels.tariff_scope_label, "building", "Building"),
    (labels.tariff_scope_label, "tenant_kind", "Tenant kind"),
    (labels.tariff_scope_label, "default", "Default (everything else)"),
    (labels.column_label, "park", "park"),
    (labels.column_label, "building", "building"),
    (labels.column_label, "floor", "floor"),
    (labels.column_label, "room", "room"),
    (labels.column_label, "area", "area"),
    (labels.column_label, "tenant", "tenant"),
    (labels.column_label, "tenant_kind", "tenant kind"),
    (labels.column_label, "meter_address", "meter address"),
    (labels.column_label, "link", "link"),
    (labels.column_label, "profile", "meter profile"),
    (labels.column_label, "billing_mode", "billing mode"),
    (labels.column_label, "role", "meter role"),
    # the Reports window (r-window)
    (labels.grain_label, "day", "by day"),
    (labels.grain_label, "month", "by month"),
    (labels.grain_label, "year", "by year"),
    (labels.period_mode_label, "day", "Day"),
    (labels.period_mode_label, "month", "Month"),
    (labels.period_mode_label, "year", "Year"),
    (labels.period_mode_label, "custom", "Custom"),
    (labels.scope_level_label, "park", "Whole park"),
    (labels.scope_level_label, "building", "Building"),
    (labels.scope_level_label, "floor", "Floor"),
    (labels.scope_level_label, "account", "Account"),
    (labels.report_method_label, "online", "online"),
    (labels.report_method_label, "qr", "QR payment"),
    (labels.txn_kind_label, "recharge", "recharge"),
    (labels.txn_kind_label, "refund", "refund"),
    (labels.txn_kind_label, "reversal", "reversal"),
    (labels.txn_kind_label, "adjustment", "adjustment"),
    (labels.txn_kind_label, "fee", "fee deduction"),
    (labels.report_option_label, "room", "per room"),
    (labels.report_option_label, "building", "per building"),
    (labels.report_option_label, "park", "the whole park"),
    (labels.report_option_label, "income", "income (yuan)"),
]
# the event kinds: every one the collector writes (their names live in app.livedata.event_text)
EVENTS = known_kinds()


@pytest.fixture
def language(request, qapp, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WATTDESK_LANG", request.param)  # the Qt-free texts follow ui_language()
    translators = install_translators(qapp, request.param)
    assert translators, f"the {request.param} translation did not load"
    yield request.param
    for t in translators:
        QCoreApplication.removeTranslator(t)


@pytest.mark.parametrize("language", ["en"], indirect=True)
def test_labels_in_english(language: str) -> None:
    for function, value, english in CASES:
        assert function(value) == english, (function.__name__, value)
    assert labels.vacant_label() == "(vacant)"
    assert labels.online_label(Counts(3, 2, 0)) == "2/3"
    assert labels.online_label(Counts(0, 0, 0)) == ""
    assert labels.level_label(0) == ""
    assert labels.relay_label("") == ""
    for unknown in (labels.tenant_kind_label, labels.method_label, labels.band_label):
        assert unknown("zzz") == "zzz"  # shown as it is, never an exception
    assert labels.event_kind_label("relay.changed") == "Relay changed"
    assert labels.event_kind_label("no.such") == "Other event"
    assert len(EVENTS) >= 17 and all(labels.event_kind_label(k) != "Other event" for k in EVENTS)


@pytest.mark.parametrize("language", ["zh_CN"], indirect=True)
def test_labels_in_chinese(language: str) -> None:
    untranslated = []
    for function, value, english in CASES:
        text = function(value)
        if text == english or not CJK.search(text):
            untranslated.append((function.__name__, value, text))
    assert untranslated == []
    assert labels.rooms_label(300) == "300 间"
    assert CJK.search(labels.vacant_label())
    assert labels.online_label(Counts(3, 2, 0)) == "2/3"
    for kind in EVENTS:
        assert CJK.search(labels.event_kind_label(kind)), kind
    assert CJK.search(labels.event_kind_label("no.such"))


def test_local_time_is_in_the_park_zone() -> None:
    moment = datetime(2026, 12, 5, 16, 30, 5, tzinfo=UTC)
    assert labels.local_time(moment, ZoneInfo("Asia/Shanghai")) == "2026-12-06 00:30:05"
    assert labels.local_time(None, ZoneInfo("Asia/Shanghai")) == ""
