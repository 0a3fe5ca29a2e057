"""Words for values on screen: one module for every ``*_label`` helper of the windows.

Why one module: the helpers lived in the window that first needed them, so other windows
imported a whole window (and its imports: charts, PDF receipts, the main window itself)
for one word; ``main_window.role_label`` alone closed a ten-module import circle. This
module imports Qt's translate function and nothing of the app, so any window may use it.

Each function keeps the translation context it had in its old module ("Live", "Roles",
"SiteTree", ...), so the Qt Linguist catalogue and its Chinese texts did not change.
A value the table does not know is shown as it is (never an exception on screen), except
``role_label``: a role is an enum the app controls.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication


class _Counts(Protocol):
    """What ``online_label`` needs of a room's live row (``app.livedata.RoomLive``)."""

    meters: int
    online: int
    unread: int


# -- time ------------------------------------------------------------------------------
def local_time(moment: datetime | None, zone: ZoneInfo) -> str:
    """A stored (UTC) moment in the park's time; empty for none."""
    return "" if moment is None else moment.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")


# -- people ----------------------------------------------------------------------------
def role_label(role: str) -> str:
    """An operator role (``app.models.Role`` is a ``StrEnum``: its members are the keys)."""
    return {
        "admin": QCoreApplication.translate("Roles", "administrator"),
        "operator": QCoreApplication.translate("Roles", "operator"),
        "cashier": QCoreApplication.translate("Roles", "cashier"),
        "auditor": QCoreApplication.translate("Roles", "auditor"),
    }[role]


def tenant_kind_label(kind: str) -> str:
    """A tenant kind (was ``tariffs.kind_label``)."""
    return {
        "enterprise": QCoreApplication.translate("Tariffs", "enterprise"),
        "shop": QCoreApplication.translate("Tariffs", "shop"),
        "dorm": QCoreApplication.translate("Tariffs", "student dorm"),
        "person": QCoreApplication.translate("Tariffs", "person"),
        "public": QCoreApplication.translate("Tariffs", "public"),
    }.get(kind, kind)


# -- live state ------------------------------------------------------------------------
def relay_label(relay: str) -> str:
    return {
        "closed": QCoreApplication.translate("Live", "on"),
        "open": QCoreApplication.translate("Live", "cut"),
        "unknown": QCoreApplication.translate("Live", "unknown"),
        "": "",
    }.get(relay, relay)


def online_label(live: _Counts) -> str:
    """ "online", "offline", "not read yet", or "2/3" for a room with several meters."""
    if live.meters == 0:
        return ""
    if live.online == live.meters:
        return QCoreApplication.translate("Live", "online")
    if live.unread == live.meters:
        return QCoreApplication.translate("Live", "not read yet")
    if live.online == 0 and not live.unread:
        return QCoreApplication.translate("Live", "offline")
    return f"{live.online}/{live.meters}"


def age_label(read_at: datetime | None, now: datetime | None = None) -> str:
    """How long ago a room's meters last answered: "12 s ago", "3 min ago" (the tiles
    say it, so a value that has not moved is not taken for a live one)."""
    if read_at is None:
        return ""
    seconds = max(0, int(((now or datetime.now(UTC)) - read_at).total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("Live", "%1 s ago").replace("%1", str(seconds))
    if seconds < 3600:
        return QCoreApplication.translate("Live", "%1 min ago").replace("%1", str(seconds // 60))
    if seconds < 86400:
        return QCoreApplication.translate("Live", "%1 h ago").replace("%1", str(seconds // 3600))
    return QCoreApplication.translate("Live", "%1 d ago").replace("%1", str(seconds // 86400))


def level_label(level: int) -> str:
    """A low-balance alarm level (一级/二级/三级); empty for none."""
    return {
        1: QCoreApplication.translate("Live", "low balance (level 1)"),
        2: QCoreApplication.translate("Live", "low balance (level 2, pre-trip)"),
        3: QCoreApplication.translate("Live", "at the cut-off line (level 3)"),
    }.get(level, "")


def rooms_label(count: int) -> str:
    return QCoreApplication.translate("SiteTree", "%n room(s)", "", count)


def vacant_label() -> str:
    return QCoreApplication.translate("SiteTree", "(vacant)")


# -- events and errors -----------------------------------------------------------------
def event_kind_label(kind: str) -> str:
    """An event kind's name in the interface's language (the alarms filter, the columns):
    the Qt-free catalogue of ``app.livedata.event_text``, which also writes the sentences."""
    from app.config import ui_language
    from app.livedata.event_text import kind_title

    return kind_title(kind, ui_language())


def error_kind_label(kind: str) -> str:
    """A bus error kind (was ``DiagnosticsWindow.kind_label``); the detail stays technical."""
    return {
        "timeout": QCoreApplication.translate("DiagnosticsWindow", "Timeout"),
        "crc": QCoreApplication.translate("DiagnosticsWindow", "CRC"),
        "frame": QCoreApplication.translate("DiagnosticsWindow", "Frame"),
        "exception": QCoreApplication.translate("DiagnosticsWindow", "Exception"),
        "rejected": QCoreApplication.translate("DiagnosticsWindow", "Refused by the meter"),
        "port": QCoreApplication.translate("DiagnosticsWindow", "Port down"),
    }.get(kind, QCoreApplication.translate("DiagnosticsWindow", "Other"))


def command_status_label(status: str) -> str:
    """How a meter command ended (was ``room_actions.status_label``)."""
    return {
        "failed": QCoreApplication.translate("RoomActions", "failed"),
        "expired": QCoreApplication.translate("RoomActions", "expired"),
        "cancelled": QCoreApplication.translate("RoomActions", "cancelled"),
    }.get(status, status)


# -- money and tariffs -----------------------------------------------------------------
def method_label(method: str) -> str:
    """A payment method (the receipts' core wording is ``app.receipts.method_label``)."""
    return {
        "cash": QCoreApplication.translate("RoomActions", "cash"),
        "card": QCoreApplication.translate("RoomActions", "bank card"),
        "transfer": QCoreApplication.translate("RoomActions", "bank transfer"),
        "qr": QCoreApplication.translate("RoomActions", "QR payment"),
    }.get(method, method)


def band_label(band: str) -> str:
    """A time-of-use band with its Chinese character (尖峰平谷)."""
    return {
        "sharp": QCoreApplication.translate("Tariffs", "Sharp (尖)"),
        "peak": QCoreApplication.translate("Tariffs", "Peak (峰)"),
        "flat": QCoreApplication.translate("Tariffs", "Flat (平)"),
        "valley": QCoreApplication.translate("Tariffs", "Valley (谷)"),
    }.get(band, band)


def billing_mode_label(mode: str) -> str:
    """Who keeps the balance and bills the energy (表端计费 / 后台计费)."""
    return {
        "meter": QCoreApplication.translate("Accounts", "meter-side (表端计费)"),
        "platform": QCoreApplication.translate("Accounts", "platform-side (后台计费)"),
    }.get(mode, mode)


def band_name(band: str) -> str:
    """The one-word band name: 尖 / 峰 / 平 / 谷 in Chinese (was ``tariff_form.band_name``)."""
    return {
        "sharp": QCoreApplication.translate("Tariffs", "Sharp"),
        "peak": QCoreApplication.translate("Tariffs", "Peak"),
        "flat": QCoreApplication.translate("Tariffs", "Flat"),
        "valley": QCoreApplication.translate("Tariffs", "Valley"),
    }.get(band, band)


def tariff_scope_label(scope: str) -> str:
    """Where a tariff applies (was ``tariffs.scope_label``)."""
    return {
        "meter": QCoreApplication.translate("Tariffs", "Meter"),
        "building": QCoreApplication.translate("Tariffs", "Building"),
        "tenant_kind": QCoreApplication.translate("Tariffs", "Tenant kind"),
        "default": QCoreApplication.translate("Tariffs", "Default (everything else)"),
    }.get(scope, scope)


# -- site sheets -----------------------------------------------------------------------
def column_label(column: str) -> str:
    """A sheet column in the user's language (the sheet accepts both spellings)."""
    return {
        "park": QCoreApplication.translate("ImportPreviewDialog", "park"),
        "building": QCoreApplication.translate("ImportPreviewDialog", "building"),
        "floor": QCoreApplication.translate("ImportPreviewDialog", "floor"),
        "room": QCoreApplication.translate("ImportPreviewDialog", "room"),
        "area": QCoreApplication.translate("ImportPreviewDialog", "area"),
        "tenant": QCoreApplication.translate("ImportPreviewDialog", "tenant"),
        "tenant_kind": QCoreApplication.translate("ImportPreviewDialog", "tenant kind"),
        "meter_address": QCoreApplication.translate("ImportPreviewDialog", "meter address"),
        "link": QCoreApplication.translate("ImportPreviewDialog", "link"),
        "profile": QCoreApplication.translate("ImportPreviewDialog", "meter profile"),
        "billing_mode": QCoreApplication.translate("ImportPreviewDialog", "billing mode"),
        "role": QCoreApplication.translate("ImportPreviewDialog", "meter role"),
    }.get(column, column)


# -- reports (r-window) ------------------------------------------------------------------
def grain_label(grain: str) -> str:
    """How a report groups time (``--by``)."""
    return {
        "day": QCoreApplication.translate("ReportsWindow", "by day"),
        "month": QCoreApplication.translate("ReportsWindow", "by month"),
        "year": QCoreApplication.translate("ReportsWindow", "by year"),
    }.get(grain, grain)


def period_mode_label(mode: str) -> str:
    """The kinds of period the Reports window offers."""
    return {
        "day": QCoreApplication.translate("ReportsWindow", "Day"),
        "month": QCoreApplication.translate("ReportsWindow", "Month"),
        "year": QCoreApplication.translate("ReportsWindow", "Year"),
        "custom": QCoreApplication.translate("ReportsWindow", "Custom"),
    }.get(mode, mode)


def scope_level_label(level: str) -> str:
    """Where a report looks: the park, a building, a floor, an account."""
    return {
        "park": QCoreApplication.translate("ReportsWindow", "Whole park"),
        "building": QCoreApplication.translate("ReportsWindow", "Building"),
        "floor": QCoreApplication.translate("ReportsWindow", "Floor"),
        "account": QCoreApplication.translate("ReportsWindow", "Account"),
    }.get(level, level)


def report_method_label(method: str) -> str:
    """A payment method in the orders filter (online payments besides the counter's)."""
    if method == "online":
        return QCoreApplication.translate("ReportsWindow", "online")
    return method_label(method)


def txn_kind_label(kind: str) -> str:
    """A kind of money movement in the orders filter (充值, 退款, 冲正, 调整, 扣费)."""
    return {
        "recharge": QCoreApplication.translate("ReportsWindow", "recharge"),
        "refund": QCoreApplication.translate("ReportsWindow", "refund"),
        "reversal": QCoreApplication.translate("ReportsWindow", "reversal"),
        "adjustment": QCoreApplication.translate("ReportsWindow", "adjustment"),
        "fee": QCoreApplication.translate("ReportsWindow", "fee deduction"),
    }.get(kind, kind)


def report_option_label(value: str) -> str:
    """An energy report's row level (每行) or what a comparison compares (比较)."""
    return {
        "room": QCoreApplication.translate("ReportsWindow", "per room"),
        "account": QCoreApplication.translate("ReportsWindow", "per account"),
        "floor": QCoreApplication.translate("ReportsWindow", "per floor"),
        "building": QCoreApplication.translate("ReportsWindow", "per building"),
        "park": QCoreApplication.translate("ReportsWindow", "the whole park"),
        "energy": QCoreApplication.translate("ReportsWindow", "energy (kWh)"),
        "income": QCoreApplication.translate("ReportsWindow", "income (yuan)"),
    }.get(value, value)


# --- w16-window ---------------------------------------------------------------------------
def apportion_source_label(source: str) -> str:
    """What a scheme shares (公摊来源): the line loss, the common meters' use, or both."""
    return {
        "loss": QCoreApplication.translate("Billing", "line loss"),
        "common": QCoreApplication.translate("Billing", "common-area meters"),
        "both": QCoreApplication.translate("Billing", "loss and common use"),
    }.get(source, source)


def apportion_basis_label(basis: str) -> str:
    """How a scheme splits the energy (分摊依据)."""
    return {
        "energy": QCoreApplication.translate("Billing", "by energy used"),
        "area": QCoreApplication.translate("Billing", "by area (m²)"),
        "equal": QCoreApplication.translate("Billing", "equally"),
        "ratio": QCoreApplication.translate("Billing", "by fixed ratios"),
    }.get(basis, basis)


def fee_amount_kind_label(kind: str) -> str:
    """How a fee item's amount is counted."""
    return {
        "fixed": QCoreApplication.translate("Billing", "fixed amount"),
        "per_m2": QCoreApplication.translate("Billing", "per m² of area"),
        "per_kwh": QCoreApplication.translate("Billing", "per kWh used"),
    }.get(kind, kind)


def fee_period_label(period: str) -> str:
    """How often a fee item is charged."""
    return {
        "once": QCoreApplication.translate("Billing", "one-off"),
        "monthly": QCoreApplication.translate("Billing", "monthly"),
        "quarterly": QCoreApplication.translate("Billing", "quarterly"),
        "yearly": QCoreApplication.translate("Billing", "yearly"),
    }.get(period, period)


def fee_mode_label(mode: str) -> str:
    """Deducted from the balance (扣费) or billed for the counter (催缴账单)."""
    return {
        "deduct": QCoreApplication.translate("Billing", "deduct from balance"),
        "bill": QCoreApplication.translate("Billing", "bill (collect at counter)"),
    }.get(mode, mode)


def billing_scope_label(level: str) -> str:
    """Where a scheme or fee item applies."""
    return {
        "park": QCoreApplication.translate("Billing", "whole park"),
        "buildings": QCoreApplication.translate("Billing", "buildings"),
        "floors": QCoreApplication.translate("Billing", "floors"),
        "accounts": QCoreApplication.translate("Billing", "accounts"),
    }.get(level, level)


def billing_run_status_label(status: str) -> str:
    """A billing run's state (已入账 / 已冲正)."""
    return {
        "posted": QCoreApplication.translate("Billing", "posted"),
        "reversed": QCoreApplication.translate("Billing", "reversed"),
    }.get(status, status)


def bill_status_label(status: str) -> str:
    """A bill's state (未缴 / 已缴 / 已作废)."""
    return {
        "open": QCoreApplication.translate("Billing", "open"),
        "paid": QCoreApplication.translate("Billing", "paid"),
        "cancelled": QCoreApplication.translate("Billing", "cancelled"),
    }.get(status, status)


# --- w16-window2 --------------------------------------------------------------------------
def meter_role_label(role: str) -> str:
    """A meter's place in the tree (总表 / 公共表 / 户表)."""
    return {
        "master": QCoreApplication.translate("Billing", "master meter"),
        "common": QCoreApplication.translate("Billing", "common-area meter"),
        "tenant": QCoreApplication.translate("Billing", "tenant meter"),
    }.get(role, role)


def billing_source_label(kind: str, traits: tuple[str, ...]) -> str:
    """What a run's source is, in words (损耗公摊 / 公耗公摊 / 按面积·扣费): the raw key
    ``apportion:1`` / ``fee:2`` means nothing to a clerk."""
    if kind == "apportion":
        source = traits[0] if traits else ""
        return {
            "loss": QCoreApplication.translate("Billing", "loss apportionment"),
            "common": QCoreApplication.translate("Billing", "common-use apportionment"),
            "both": QCoreApplication.translate("Billing", "loss and common-use apportionment"),
        }.get(source, QCoreApplication.translate("Billing", "apportionment"))
    amount = {
        "fixed": QCoreApplication.translate("Billing", "fixed amount"),
        "per_m2": QCoreApplication.translate("Billing", "by area"),
        "per_kwh": QCoreApplication.translate("Billing", "by kWh"),
    }
    mode = {
        "deduct": QCoreApplication.translate("Billing", "deducted"),
        "bill": QCoreApplication.translate("Billing", "billed"),
    }
    words = [QCoreApplication.translate("Billing", "fee")]
    if len(traits) == 2:
        words += [amount.get(traits[0], traits[0]), mode.get(traits[1], traits[1])]
    return " · ".join(words)


# --- w17-window ---
def batch_status_label(status: str) -> str:
    """A batch's status (批量任务状态) as the Batches window shows it."""
    return {
        "approval": QCoreApplication.translate("Batches", "awaiting approval"),
        "queued": QCoreApplication.translate("Batches", "queued"),
        "scheduled": QCoreApplication.translate("Batches", "scheduled"),
        "running": QCoreApplication.translate("Batches", "running"),
        "paused": QCoreApplication.translate("Batches", "paused"),
        "cancelled": QCoreApplication.translate("Batches", "cancelled"),
        "done": QCoreApplication.translate("Batches", "done"),
    }.get(status, status)


def item_state_label(state: str) -> str:
    """One item's state: queued, sent to the meter, done, failed, skipped, cancelled."""
    return {
        "queued": QCoreApplication.translate("Batches", "queued"),
        "sent": QCoreApplication.translate("Batches", "sent"),
        "done": QCoreApplication.translate("Batches", "done"),
        "failed": QCoreApplication.translate("Batches", "failed"),
        "skipped": QCoreApplication.translate("Batches", "skipped"),
        "cancelled": QCoreApplication.translate("Batches", "cancelled"),
    }.get(state, state)


ITEM_STATES = ("queued", "sent", "done", "failed", "skipped", "cancelled")


def batch_action_label(action: str) -> str:
    """A batch's action (断电, 合闸, 保电 …) in words."""
    return {
        "cut": QCoreApplication.translate("Batches", "relay cut"),
        "close": QCoreApplication.translate("Batches", "relay restore"),
        "guarantee_on": QCoreApplication.translate("Batches", "guaranteed supply on"),
        "guarantee_off": QCoreApplication.translate("Batches", "guaranteed supply off"),
        "params": QCoreApplication.translate("Batches", "meter parameters"),
        "clock": QCoreApplication.translate("Batches", "clock sync"),
        "tariff": QCoreApplication.translate("Batches", "tariff assignment"),
        "recharge": QCoreApplication.translate("Batches", "recharge from a sheet"),
        "fee": QCoreApplication.translate("Batches", "fee deduction"),
    }.get(action, action)


def time_left_label(left: timedelta | None) -> str:
    """An estimated time left (a timedelta or None) as "about 3 min 20 s"."""
    if left is None:
        return ""
    seconds = max(0, int(left.total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("Batches", "%1 s").replace("%1", str(seconds))
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return (
            QCoreApplication.translate("Batches", "%1 min %2 s")
            .replace("%1", str(minutes))
            .replace("%2", str(seconds))
        )
    hours, minutes = divmod(minutes, 60)
    return (
        QCoreApplication.translate("Batches", "%1 h %2 min")
        .replace("%1", str(hours))
        .replace("%2", str(minutes))
    )


# --- w17-calendar -------------------------------------------------------------------------
def cut_reason_label(reason: str) -> str:
    """Why a relay is open (``relay_control.cut_reason``): the room detail showed the key."""
    return {
        "arrears": QCoreApplication.translate("TimeControl", "arrears"),
        "manual": QCoreApplication.translate("TimeControl", "cut by hand"),
        "meter": QCoreApplication.translate("TimeControl", "cut by the meter"),
        "timetable": QCoreApplication.translate("TimeControl", "supply timetable"),
        "batch": QCoreApplication.translate("TimeControl", "batch task"),
    }.get(reason, reason)


def weekday_label(day: int) -> str:
    """0 Monday .. 6 Sunday, 7 the holiday rule (``app.timecontrol.plan.HOLIDAY``)."""
    names = (
        QCoreApplication.translate("TimeControl", "Monday"),
        QCoreApplication.translate("TimeControl", "Tuesday"),
        QCoreApplication.translate("TimeControl", "Wednesday"),
        QCoreApplication.translate("TimeControl", "Thursday"),
        QCoreApplication.translate("TimeControl", "Friday"),
        QCoreApplication.translate("TimeControl", "Saturday"),
        QCoreApplication.translate("TimeControl", "Sunday"),
        QCoreApplication.translate("TimeControl", "Holidays"),
    )
    return names[day] if 0 <= day < len(names) else str(day)


def timetable_scope_label(kind: str) -> str:
    """What a timetable covers: building, floor, room group (``rooms``) or account."""
    return {
        "building": QCoreApplication.translate("TimeControl", "building"),
        "floor": QCoreApplication.translate("TimeControl", "floor"),
        "rooms": QCoreApplication.translate("TimeControl", "room group"),
        "account": QCoreApplication.translate("TimeControl", "account"),
    }.get(kind, kind)


def timetable_kind_label(kind: str) -> str:
    """A timetable transition: supply ``off`` (熄灯) or ``on`` (来电)."""
    return {
        "off": QCoreApplication.translate("TimeControl", "supply off"),
        "on": QCoreApplication.translate("TimeControl", "supply on"),
    }.get(kind, kind)


def timetable_outcome_label(outcome: str) -> str:
    """What an executed transition did (``app.timecontrol.views.HistoryRow.outcome``)."""
    return {
        "cut": QCoreApplication.translate("TimeControl", "cut"),
        "restored": QCoreApplication.translate("TimeControl", "restored"),
        "held": QCoreApplication.translate("TimeControl", "held (guaranteed supply)"),
        "already_off": QCoreApplication.translate("TimeControl", "already off"),
    }.get(outcome, outcome)


# --- w17-dialog ---
def meter_param_label(name: str) -> str:
    """A meter parameter of a batch (告警, 囤积限额, 尖峰平谷电价) as its field says it."""
    price = QCoreApplication.translate("Batches", "Price %1, yuan/kWh")
    return {
        "alarm_1": QCoreApplication.translate("Batches", "Alarm level 1 (一级告警), yuan"),
        "alarm_2": QCoreApplication.translate("Batches", "Alarm level 2 (二级告警), yuan"),
        "max_balance": QCoreApplication.translate("Batches", "Maximum balance (囤积限额), yuan"),
        "price_1": price.replace("%1", band_label("sharp")),
        "price_2": price.replace("%1", band_label("peak")),
        "price_3": price.replace("%1", band_label("flat")),
        "price_4": price.replace("%1", band_label("valley")),
    }.get(name, name)


def sheet_column_label(column: str) -> str:
    """A column of a recharge or fee sheet (``app.batch.sheet.COLUMNS``) as the error says it."""
    return {
        "room": QCoreApplication.translate("Batches", "room"),
        "building": QCoreApplication.translate("Batches", "building"),
        "amount": QCoreApplication.translate("Batches", "amount"),
        "method": QCoreApplication.translate("Batches", "method"),
    }.get(column, column)


# --- w18-settings ---
def message_kind_label(kind: str) -> str:
    """A kind of message (``app.notify.kinds.KINDS``) as the settings and contacts say it."""
    return {
        "low_balance": QCoreApplication.translate("Messages", "Low balance (余额不足)"),
        "pretrip": QCoreApplication.translate("Messages", "Power will be cut soon (即将断电)"),
        "cut": QCoreApplication.translate("Messages", "Power cut (已断电)"),
        "restored": QCoreApplication.translate("Messages", "Power restored (已恢复供电)"),
        "recharge": QCoreApplication.translate("Messages", "Recharge credited (充值到账)"),
        "recharge_pending": QCoreApplication.translate(
            "Messages", "Meter-side recharge still pending (staff)"
        ),
        "bill_issued": QCoreApplication.translate("Messages", "Bill issued (账单)"),
        "bill_overdue": QCoreApplication.translate("Messages", "Bill overdue (逾期)"),
        "meter_offline": QCoreApplication.translate("Messages", "Meter offline (staff)"),
        "daily_summary": QCoreApplication.translate("Messages", "Daily summary (staff)"),
        # w19-rules: dormitory load control
        "load_cut": QCoreApplication.translate(
            "Messages", "Forbidden appliance cut (违规电器断电)"
        ),
        "load_alarm": QCoreApplication.translate("Messages", "Dormitory load alarm (staff)"),
    }.get(kind, kind)


def message_language_label(language: str) -> str:
    return {"zh_CN": "中文", "en": "English"}.get(language, language)


def mail_security_label(security: str) -> str:
    return {
        "none": QCoreApplication.translate("Messages", "None (port 25, inside the office only)"),
        "starttls": QCoreApplication.translate("Messages", "STARTTLS (port 587)"),
        "ssl": QCoreApplication.translate("Messages", "SSL/TLS (port 465)"),
    }.get(security, security)


def sms_count_label(encoding: str, parts: int, left: int) -> str:
    """The template editor's counter: "Chinese (UCS2) · 3 SMS · 1 character left"."""
    name = (
        QCoreApplication.translate("Messages", "Chinese (UCS2)")
        if encoding == "ucs2"
        else QCoreApplication.translate("Messages", "Latin (GSM 7-bit)")
    )
    return (
        QCoreApplication.translate("Messages", "%1 · %2 SMS · %3 characters left in the last part")
        .replace("%1", name)
        .replace("%2", str(parts))
        .replace("%3", str(left))
    )


# --- w18-window ---
def message_status_label(status: str) -> str:
    """An outbox row's status (``app.notify.views.STATUSES``) as the Messages window says it."""
    return {
        "queued": QCoreApplication.translate("Messages", "queued"),
        "sending": QCoreApplication.translate("Messages", "sending"),
        "sent": QCoreApplication.translate("Messages", "sent"),
        "delivered": QCoreApplication.translate("Messages", "delivered"),
        "failed": QCoreApplication.translate("Messages", "failed"),
        "uncertain": QCoreApplication.translate("Messages", "may have been sent"),
    }.get(status, status)


def message_kind_word(kind: str) -> str:
    """A kind of message (``app.notify.kinds.KINDS``, or ``manual``: typed by an operator)
    in a word or two, for the Messages window's table and filter (the settings' longer
    ``message_kind_label``, w18-settings, names each with its Chinese term in brackets)."""
    return {
        "low_balance": QCoreApplication.translate("Messages", "low balance"),
        "pretrip": QCoreApplication.translate("Messages", "power will be cut"),
        "cut": QCoreApplication.translate("Messages", "power cut"),
        "restored": QCoreApplication.translate("Messages", "power restored"),
        "recharge": QCoreApplication.translate("Messages", "recharge credited"),
        "recharge_pending": QCoreApplication.translate("Messages", "recharge pending"),
        "bill_issued": QCoreApplication.translate("Messages", "bill issued"),
        "bill_overdue": QCoreApplication.translate("Messages", "bill overdue"),
        "meter_offline": QCoreApplication.translate("Messages", "meter offline"),
        "daily_summary": QCoreApplication.translate("Messages", "daily summary"),
        "manual": QCoreApplication.translate("Messages", "typed by an operator"),
        "load_cut": QCoreApplication.translate("Messages", "forbidden appliance cut"),  # w19
        "load_alarm": QCoreApplication.translate("Messages", "dormitory load alarm"),  # w19
    }.get(kind, kind)


def message_channel_label(channel: str) -> str:
    """A message channel (``app.notify.channel.REGISTRY``'s names)."""
    return {
        "sms": QCoreApplication.translate("Messages", "SMS"),
        "email": QCoreApplication.translate("Messages", "e-mail"),
        "http_sms": QCoreApplication.translate("Messages", "SMS gateway"),
    }.get(channel, channel)


# --- w19-gui ---
def load_verdict_label(verdict: str) -> str:
    """A load event's verdict (``app.loadcontrol.signals.Verdict``)."""
    return {
        "forbidden": QCoreApplication.translate("Load", "forbidden"),
        "allowed": QCoreApplication.translate("Load", "allowed"),
        "whitelisted": QCoreApplication.translate("Load", "whitelisted"),
        "unknown": QCoreApplication.translate("Load", "unknown"),
    }.get(verdict, verdict)


def load_action_label(action: str) -> str:
    """What load control did about a load event (``load_event.action``) or may do
    (the settings' actions: cut, alarm, message)."""
    return {
        "cut": QCoreApplication.translate("Load", "cut"),
        "alarm": QCoreApplication.translate("Load", "alarm"),
        "message": QCoreApplication.translate("Load", "message"),
        "held": QCoreApplication.translate("Load", "held (guaranteed supply)"),
        "already_cut": QCoreApplication.translate("Load", "already cut by load control"),
        "already_off": QCoreApplication.translate("Load", "already off (other rule)"),
        "learned": QCoreApplication.translate("Load", "learned"),
        "none": QCoreApplication.translate("Load", "none"),
        "": QCoreApplication.translate("Load", "none"),
    }.get(action, action)


def load_source_label(source: str) -> str:
    """Who detected a load: the platform's detector or the meter itself."""
    return {
        "platform": QCoreApplication.translate("Load", "platform"),
        "meter": QCoreApplication.translate("Load", "meter"),
    }.get(source, source)


def load_meter_event_label(event: str) -> str:
    """A meter-side (or over-power) load event by its flag name."""
    return {
        "malicious_load": QCoreApplication.translate("Load", "malicious load (meter)"),
        "overload": QCoreApplication.translate("Load", "overload"),
        "over_power": QCoreApplication.translate("Load", "over the power limit"),
    }.get(event, event)


def load_threshold_label(name: str) -> str:
    """A detector threshold (``app.loadcontrol.detect.Thresholds`` field)."""
    return {
        "min_step_w": QCoreApplication.translate("Load", "Smallest step judged"),
        "resistive_pf": QCoreApplication.translate("Load", "Resistive from power factor"),
        "resistive_min_w": QCoreApplication.translate("Load", "Unknown resistive load cut from"),
        "power_limit_w": QCoreApplication.translate("Load", "Power limit (0: none)"),
        "night_power_limit_w": QCoreApplication.translate(
            "Load", "Night power limit (0: the day's)"
        ),
        "night_hours": QCoreApplication.translate("Load", "Night hours (from, to)"),
        "confirm_s": QCoreApplication.translate("Load", "A step must last"),
        "pf_trust_share": QCoreApplication.translate("Load", "Trust a step's PF from share"),
        "utc_offset_h": QCoreApplication.translate("Load", "Site time zone (UTC+)"),
    }.get(name, name)


def needs_manager_label() -> str:
    """The wall's and the tree's word for a room whose load cut only the dorm manager may
    restore (its automatic restores of the day used up)."""
    return QCoreApplication.translate("Live", "Needs the manager (load control)")


# --- w20-paygui: online payments (线上缴费 / 对账) ---


def payment_platform_label(platform: str) -> str:
    """``wechat`` / ``alipay`` as the clerk knows them."""
    return {
        "wechat": QCoreApplication.translate("Payments", "WeChat Pay"),
        "alipay": QCoreApplication.translate("Payments", "Alipay"),
    }.get(platform, platform)


def payment_action_label(action: str) -> str:
    """What a bill's line did or would do (``app.payments.service.Outcome.action``)."""
    return {
        "credited": QCoreApplication.translate("Payments", "credited"),
        "already": QCoreApplication.translate("Payments", "already credited"),
        "unmatched": QCoreApplication.translate("Payments", "unmatched"),
        "refund": QCoreApplication.translate("Payments", "refund (reported)"),
        "conflict": QCoreApplication.translate("Payments", "refused (key conflict)"),
    }.get(action, action)


def payment_preview_label(action: str) -> str:
    """The dry run's word for a line (nothing happened yet)."""
    if action == "credited":
        return QCoreApplication.translate("Payments", "will be credited")
    return payment_action_label(action)


def payment_source_label(source: str) -> str:
    return {
        "statement": QCoreApplication.translate("Payments", "bill import"),
        "endpoint": QCoreApplication.translate("Payments", "relay notification"),
    }.get(source, source)


def payment_difference_label(what: str) -> str:
    """A reconciliation difference (``app.payments.reconcile.Difference.what``)."""
    return {
        "missing": QCoreApplication.translate("Payments", "missing in the ledger"),
        "amount": QCoreApplication.translate("Payments", "amount differs"),
        "extra": QCoreApplication.translate("Payments", "in the ledger only"),
        "summary": QCoreApplication.translate("Payments", "bill summary differs"),
    }.get(what, what)


def yuan(fen: int | None) -> str:
    """Integer fen as yuan with two decimals ("-" for none)."""
    if fen is None:
        return "-"
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


# --- w20-fieldgui: the field package window (现场数据包) and the laptop's banner ---


def field_conflict_label(kind: str) -> str:
    """A merge conflict's kind (``app.field.merge.Conflict.kind``)."""
    return {
        "account_closed": QCoreApplication.translate("Field", "Account closed"),
        "tariff_changed": QCoreApplication.translate("Field", "Tariff changed"),
        "meter_swapped": QCoreApplication.translate("Field", "Meter replaced"),
        "recharged_twice": QCoreApplication.translate("Field", "Recharged twice"),
        "not_carried": QCoreApplication.translate("Field", "Not carried"),
    }.get(kind, kind)


def _yuan(fen: int) -> str:
    return f"¥{Decimal(fen) / 100:,.2f}"


def field_time_label(moment: datetime) -> str:
    """A stored UTC time in this computer's local time."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


def field_outcome_text(done: Any) -> str:
    """What an export (``app.field.panel.Exported``) or a merge (``MergeOutcome``) did, and
    what to do next."""
    if hasattr(done, "size_bytes"):
        result = done.result
        text = (
            QCoreApplication.translate(
                "Field",
                "Package %1 written to %2 (%3): %4; %5 rooms, %6 meters, %7 operators. Field "
                "receipts are numbered %800000001 and up.",
            )
            .replace("%1", result.package_id[:6].upper())
            .replace("%2", str(result.path))
            .replace("%3", _mb(done.size_bytes))
            .replace("%4", "、".join(b["name"] for b in result.buildings))
            .replace("%5", str(result.rooms))
            .replace("%6", str(result.meters))
            .replace("%7", str(result.operators))
            .replace("%8", result.receipt_prefix)
        )
        if done.keystore is not None:
            text += " " + QCoreApplication.translate("Field", "The laptop's keystore: %1.").replace(
                "%1", str(done.keystore)
            )
        return (
            text
            + "\n"
            + QCoreApplication.translate(
                "Field",
                "Next: copy the file to the laptop, start WattDesk there with it as its "
                "database, work on site, then bring the file back here and merge it.",
            )
        )
    plan = done.plan
    pairs = [
        f"{r.receipt_number} → {office}"
        for r, office in zip(plan.recharges, done.office_receipts, strict=False)
    ]
    text = (
        QCoreApplication.translate(
            "Field",
            "Package %1 merged: %2 recharge(s) (%3) posted with office receipts; %4 reading(s), "
            "%5 event(s) and note(s), %6 audit row(s) added.",
        )
        .replace("%1", done.package_id[:6].upper())
        .replace("%2", str(len(plan.recharges)))
        .replace("%3", _yuan(sum(r.amount_fen for r in plan.recharges)))
        .replace("%4", str(done.readings_added))
        .replace("%5", str(plan.events))
        .replace("%6", str(plan.audit_rows))
    )
    return text + ("\n" + "; ".join(pairs) if pairs else "")


def field_plan_text(plan: Any) -> str:
    """The merge check passed: whose package, what it brings, whether it conflicts."""
    ident = plan.package
    text = (
        QCoreApplication.translate(
            "Field",
            "Package %1 checked: exported from this office on %2 by %3 (%4); signature, audit "
            "chain and money records verify. It brings %5 recharge(s) (%6), %7 reading(s), "
            "%8 event(s) and note(s), %9 audit row(s).",
        )
        .replace("%1", ident.package_id[:6].upper())
        .replace("%2", field_time_label(ident.exported_at))
        .replace("%3", ident.exported_by)
        .replace("%4", "、".join(str(b.get("name")) for b in ident.buildings))
        .replace("%5", str(len(plan.recharges)))
        .replace("%6", _yuan(sum(r.amount_fen for r in plan.recharges)))
        .replace("%7", str(plan.readings))
        .replace("%8", str(plan.events))
        .replace("%9", str(plan.audit_rows))
    )
    if plan.conflicts:
        return (
            text
            + " "
            + QCoreApplication.translate(
                "Field",
                "%1 conflict(s), listed below with the proposed resolution: nothing is applied "
                "until you accept.",
            ).replace("%1", str(len(plan.conflicts)))
        )
    return (
        text
        + " "
        + QCoreApplication.translate("Field", "No conflict: nothing is applied until you accept.")
    )


def field_banner_text(mark: Any) -> str:
    """The laptop's banner on a field package (``app.field.panel.LaptopMark``)."""
    return (
        QCoreApplication.translate(
            "Field",
            "Field package %1 — buildings %2, exported %3 by %4; receipts %5…; bring it back "
            "to the office to merge",
        )
        .replace("%1", mark.short_id)
        .replace("%2", "、".join(mark.buildings))
        .replace("%3", field_time_label(mark.exported_at))
        .replace("%4", mark.exported_by)
        .replace("%5", mark.receipt_prefix)
    )
