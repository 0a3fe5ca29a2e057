"""Events read as sentences in the interface's language, built from their stored facts
(the windows' helper ``app.ui.event_labels.event_text`` over ``app.livedata.event_text``)."""

from __future__ import annotations

import pytest

from app.ui.event_labels import event_text, kind_label

CUT = {"relay": "open", "by": "rule:cutoff_line", "rule": "cutoff_line"}
RECHARGE = {
    "command_id": 7,
    "kind": "recharge",
    "amount_fen": 5000,
    "count": 3,
    "balance_fen": 6210,
}


@pytest.fixture
def english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATTDESK_LANG", "en")


@pytest.fixture
def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")


def test_sentences_come_from_the_facts(qapp, english) -> None:  # type: ignore[no-untyped-def]
    assert event_text("relay.changed", "relay cut by rule", CUT) == (
        "Power cut by an automatic rule (rule: balance at the cut-off line)"
    )
    assert event_text("relay.changed", "", {"relay": "closed", "by": "zhang", "rule": ""}) == (
        "Power restored by operator zhang"
    )
    assert event_text("recharge.confirmed", "x", RECHARGE) == (
        "Recharge of ¥50.00 confirmed (purchase 3); meter balance ¥62.10"
    )
    offline = {"misses": 3, "error": "no reply", "never": False, "error_kind": "timeout"}
    assert event_text("meter.offline", "no reply", offline) == (
        "Meter offline after 3 unanswered polls: no reply"
    )
    cut = {"misses": 3, "error": "reply stopped after 4 of 17 bytes", "never": False}
    assert event_text("meter.offline", "", cut).endswith(": reply cut short (4 of 17 bytes)")


def test_rows_without_their_facts_fall_back_to_the_stored_detail(qapp, english) -> None:  # type: ignore[no-untyped-def]
    assert event_text("relay.changed", "relay cut by meter", {}) == (
        "Relay changed: relay cut by meter"
    )
    # malformed facts never raise in the alarm list
    assert event_text("balance.alarm", "balance low", {"balance_fen": "lots"}) == (
        "Low balance: balance low"
    )
    assert event_text("something.new", "detail", {"a": 1}) == "Other event: detail"


def test_a_chinese_operator_reads_chinese(qapp, chinese) -> None:  # type: ignore[no-untyped-def]
    assert event_text("relay.changed", "relay cut by rule", CUT) == (
        "由自动规则拉闸断电（规则：余额已到拉闸线）"
    )
    assert event_text("balance.alarm", "", {"balance_fen": 480, "alarm": 2, "account_id": 1}) == (
        "账户余额 ¥4.80：2 级告警"
    )
    offline = {"misses": 3, "error": "bad CRC in reply 01 03", "never": False}
    assert "CRC" in event_text("meter.offline", "", offline)
    assert "无应答" in event_text(
        "meter.offline", "", {"misses": 3, "error": "no reply", "never": True}
    )
    # the three sentences of the issue
    assert event_text("meter.online", "meter answers again", {"online": True}) == "电表恢复应答"
    assert event_text("meter.online", "meter answers again", None) == "电表恢复在线"
    relay = {"command_id": 12, "kind": "relay", "outcome": "relay_confirmed", "action": "cut"}
    assert (
        event_text(
            "command.confirmed", "relay #12: cut: relay cut (read back)", {**relay, "state": "open"}
        )
        == "继电器命令 #12 已确认：拉闸：继电器已断开（已回读）"
    )
    wrong = {"misses": 3, "never": False, "error": "reply from unit 4, asked unit 5"}
    assert event_text("meter.offline", "x", wrong) == (
        "连续 3 次轮询无应答，电表离线：应答来自 4 号站，请求的是 5 号站"
    )
    assert kind_label("command.confirmed") == "命令已确认"
