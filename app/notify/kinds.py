"""The kinds of message (low balance, cut, recharge credited...), who they are for, the
fields each template may use and the built-in texts in 简体中文 and English.

Data more than code: long template lines are kept whole (E501 is off for this file) so that
a translator reads each text in one piece.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import tr
from ..ledger.journal import LedgerError

LANGUAGES = ("zh_CN", "en")
TENANT, STAFF = "tenant", "staff"
COMMON = ("room", "tenant", "account", "site")


class NotifyError(LedgerError):
    """A refusal of the messages layer; ``str(exc)`` is for the user. A ``LedgerError`` so
    that the command line and the windows show it like every other refusal."""


@dataclass(frozen=True)
class Kind:
    name: str
    audience: str  # TENANT or STAFF
    fields: tuple[str, ...]
    zh: tuple[str, str]  # (e-mail subject, text)
    en: tuple[str, str]


def _k(
    name: str, audience: str, fields: tuple[str, ...], zh: tuple[str, str], en: tuple[str, str]
) -> Kind:
    return Kind(name, audience, COMMON + fields, zh, en)


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        _k(
            "low_balance",
            TENANT,
            ("balance", "days_left", "level"),
            (
                "电费余额不足",
                "【{site}】{room}电费余额{balance}元，预计可用{days_left}天，请及时充值。",
            ),
            (
                "Low electricity balance",
                "[{site}] {room}: balance {balance} yuan, about {days_left} days left. Please recharge.",
            ),
        ),
        _k(
            "pretrip",
            TENANT,
            ("balance", "days_left", "level"),
            ("即将断电", "【{site}】{room}电费余额仅{balance}元，即将断电，请尽快充值。"),
            (
                "Power will be cut soon",
                "[{site}] {room}: only {balance} yuan left, power will be cut soon. Please recharge.",
            ),
        ),
        _k(
            "cut",
            TENANT,
            ("balance",),
            ("已断电", "【{site}】{room}电费余额{balance}元，已停止供电，充值后自动恢复。"),
            (
                "Power cut",
                "[{site}] {room}: balance {balance} yuan, the power is cut. It comes back after a recharge.",
            ),
        ),
        _k(
            "restored",
            TENANT,
            ("balance",),
            ("已恢复供电", "【{site}】{room}已恢复供电，当前余额{balance}元。"),
            ("Power restored", "[{site}] {room}: power restored, balance {balance} yuan."),
        ),
        _k(
            "recharge",
            TENANT,
            ("amount", "balance", "receipt"),
            (
                "充值到账",
                "【{site}】{room}充值{amount}元已到账，余额{balance}元，收据号{receipt}。",
            ),
            (
                "Recharge credited",
                "[{site}] {room}: {amount} yuan credited, balance {balance} yuan, receipt {receipt}.",
            ),
        ),
        _k(
            "recharge_pending",
            STAFF,
            ("amount", "receipt", "minutes", "meter"),
            (
                "充值未写入电表",
                "{room}（电表{meter}）充值{amount}元（收据{receipt}）已{minutes}分钟未写入电表。",
            ),
            (
                "Recharge not on the meter",
                "{room} (meter {meter}): the recharge of {amount} yuan (receipt {receipt}) is still pending after {minutes} minutes.",
            ),
        ),
        _k(
            "bill_issued",
            TENANT,
            ("bill", "amount", "period", "due_date"),
            (
                "缴费通知",
                "【{site}】{room}{period}账单{bill}金额{amount}元，请于{due_date}前缴清。",
            ),
            (
                "New bill",
                "[{site}] {room}: bill {bill} for {period}, {amount} yuan, due {due_date}.",
            ),
        ),
        _k(
            "bill_overdue",
            TENANT,
            ("bill", "amount", "period", "due_date", "days_overdue"),
            (
                "账单逾期",
                "【{site}】{room}账单{bill}（{amount}元）已逾期{days_overdue}天，请尽快缴费。",
            ),
            (
                "Bill overdue",
                "[{site}] {room}: bill {bill} ({amount} yuan) is {days_overdue} days overdue.",
            ),
        ),
        _k(
            "meter_offline",
            STAFF,
            ("meter", "minutes", "building"),
            ("电表离线", "{building} {room} 电表{meter}已离线{minutes}分钟。"),
            ("Meter offline", "{building} {room}: meter {meter} offline for {minutes} minutes."),
        ),
        _k(
            "daily_summary",
            STAFF,
            ("date", "offline", "cut", "low", "recharges", "recharge_total", "failed"),
            (
                "每日汇总",
                "{date}：离线电表{offline}块，断电{cut}户，低余额{low}户，充值{recharges}笔共{recharge_total}元，发送失败{failed}条。",
            ),
            (
                "Daily summary",
                "{date}: {offline} meters offline, {cut} rooms cut, {low} low balances, {recharges} recharges ({recharge_total} yuan), {failed} messages failed.",
            ),
        ),
        _k(
            "load_cut",
            TENANT,
            ("appliance", "power", "restore_at"),
            (
                "违规电器断电",
                "【{site}】{room}检测到违规电器（{appliance}，{power}瓦），已断电；预计恢复时间{restore_at}（“—”表示由宿舍管理员恢复）。",
            ),
            (
                "Power cut: forbidden appliance",
                "[{site}] {room}: a forbidden appliance ({appliance}, {power} W) was detected and the power is cut; back at {restore_at} (\u2014: the dorm manager restores it).",
            ),
        ),
        _k(
            "load_alarm",
            STAFF,
            ("appliance", "power", "building"),
            (
                "宿舍违规用电",
                "{building} {room}：检测到违规电器（{appliance}，{power}瓦），详见负载事件。",
            ),
            (
                "Dormitory load alarm",
                "{building} {room}: forbidden appliance ({appliance}, {power} W); see the load events.",
            ),
        ),
    )
}


def kind_of(name: str) -> Kind:
    found = KINDS.get(name)
    if found is None:
        raise NotifyError(tr("unknown message kind {kind!r}", kind=name))
    return found
