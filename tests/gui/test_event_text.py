"""Events read as sentences in the interface's language, built from their stored facts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.ui.event_labels import event_text
from app.ui.i18n import install_translators

CUT = {"relay": "open", "by": "rule:cutoff_line", "rule": "cutoff_line"}
RECHARGE = {
    "command_id": 7,
    "kind": "recharge",
    "amount_fen": 5000,
    "count": 3,
    "balance_fen": 6210,
}


def test_sentences_come_from_the_facts(qapp) -> None:  # type: ignore[no-untyped-def]
    assert event_text("relay.changed", "relay cut by rule", CUT) == (
        "Power cut by an automatic rule (rule: balance at the cut-off line)"
    )
    assert event_text("relay.changed", "", {"relay": "closed", "by": "zhang", "rule": ""}) == (
        "Power restored by operator zhang"
    )
    assert event_text("recharge.confirmed", "x", RECHARGE) == (
        "Recharge of ¥50.00 confirmed (purchase 3); meter balance ¥62.10"
    )
    assert event_text(
        "meter.offline", "timeout", {"misses": 3, "error": "timeout", "never": False}
    ) == ("Meter offline after 3 unanswered polls (timeout)")
    cut = {"misses": 3, "error": "reply stopped after 4 of 17 bytes", "never": False}
    assert event_text("meter.offline", "", cut).endswith("(reply cut short (4 of 17 bytes))")


def test_rows_without_their_facts_fall_back_to_the_stored_detail(qapp) -> None:  # type: ignore[no-untyped-def]
    assert event_text("relay.changed", "relay cut by meter", {}) == (
        "Relay changed: relay cut by meter"
    )
    # malformed facts never raise in the alarm list
    assert event_text("balance.alarm", "balance low", {"balance_fen": "lots"}) == (
        "Low balance: balance low"
    )
    assert event_text("something.new", "detail", {"a": 1}) == "something.new: detail"


def test_a_chinese_operator_reads_chinese(qapp) -> None:  # type: ignore[no-untyped-def]
    app = QCoreApplication.instance()
    translators = install_translators(app, "zh_CN")
    assert translators, "the zh_CN translation did not load"
    try:
        assert event_text("relay.changed", "relay cut by rule", CUT) == (
            "已拉闸（自动规则）（规则：余额到达拉闸线）"
        )
        assert event_text(
            "balance.alarm", "", {"balance_fen": 480, "alarm": 2, "account_id": 1}
        ) == ("账户余额 ¥4.80：2 级告警")
        offline = {"misses": 3, "error": "bad CRC in reply 01 03", "never": False}
        assert "CRC" in event_text("meter.offline", "", offline)
        assert "无应答" in event_text(
            "meter.offline", "", {"misses": 3, "error": "no reply", "never": True}
        )
    finally:
        for translator in translators:
            app.removeTranslator(translator)
