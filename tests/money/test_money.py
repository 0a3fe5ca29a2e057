"""Amounts typed by a cashier, and amounts in Chinese capitals (大写) for receipts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.money import MoneyError, chinese_capitals, format_yuan, parse_yuan, round_fen


@pytest.mark.parametrize(
    ("text", "fen"),
    [
        ("100", 10000),
        ("99.5", 9950),
        ("0.01", 1),
        ("1,000.00", 100000),
        ("￥50", 5000),
        (" 12.30 ", 1230),
        (Decimal("7.77"), 777),
        (3, 300),
        ("１００．５０", 10050),  # full-width, as a Chinese IME types it
        ("１，０００", 100000),
        ("¥ 1,234,567.8", 123456780),
        ("+5", 500),
        (".5", 50),
    ],
)
def test_parse_accepts_what_cashiers_type(text: object, fen: int) -> None:
    assert parse_yuan(text) == fen  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-1", "negative"),
        ("0", "zero"),
        ("0.00", "zero"),
        ("1.234", "two decimal"),
        ("abc", "not an amount"),
        ("", "empty"),
        ("NaN", "not an amount"),
        ("1e30", "exponent"),
        ("1e3", "exponent"),
        ("1E-2", "exponent"),
        ("1_000", "underscores"),
        (
            "١٠٠",
            "digits 0-9",
        ),  # Arabic-Indic: Decimal takes them, a cashier never means them
        ("१००", "digits 0-9"),
        ("1,00", "not an amount"),
        ("1,0000.00", "not an amount"),
        ("1 000", "not an amount"),
        ("--5", "not an amount"),
        (".", "not an amount"),
        ("¥", "empty"),
        ("100000000000000", "too large"),
        (1.5, "floating"),
        ("Infinity", "not an amount"),
    ],
)
def test_parse_refuses_with_a_reason(text: object, message: str) -> None:
    with pytest.raises(MoneyError, match=message):
        parse_yuan(text)  # type: ignore[arg-type]


def test_parse_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    with pytest.raises(MoneyError, match="金额不能为负数"):
        parse_yuan("-5")


@pytest.mark.parametrize(
    ("fen", "text"),
    [
        (12345, "壹佰贰拾叁元肆角伍分"),
        (10000, "壹佰元整"),
        (100000005, "壹佰万元零伍分"),
        (1, "壹分"),
        (101, "壹元零壹分"),
        (1000100, "壹万零壹元整"),
        (100010000, "壹佰万零壹佰元整"),
        (0, "零元整"),
        (10000001000, "壹亿零壹拾元整"),
        (-250, "负贰元伍角"),
        (30, "叁角"),
    ],
)
def test_chinese_capitals(fen: int, text: str) -> None:
    assert chinese_capitals(fen) == text


DIGIT = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}


def _value_of(text: str) -> int:
    """Parse capitals back to fen (test oracle, independent of the formatter)."""
    total, section, number = 0, 0, 0
    units = {"拾": 10, "佰": 100, "仟": 1000}
    yuan_part, _, rest = text.replace("整", "").partition("元")
    if not _:
        yuan_part, rest = "", text
    for ch in yuan_part:
        if ch in DIGIT:
            number = DIGIT[ch]
        elif ch in units:
            section += number * units[ch]
            number = 0
        elif ch == "万":
            total += (section + number) * 10_000
            section = number = 0
        elif ch == "亿":
            total = (total + section + number) * 100_000_000
            section = number = 0
    fen = (total + section + number) * 100
    jiao = rest.partition("角")
    if jiao[1]:
        fen += DIGIT[jiao[0][-1]] * 10
        rest = jiao[2]
    if "分" in rest:
        fen += DIGIT[rest.replace("分", "")[-1]]
    return fen


@given(st.integers(min_value=0, max_value=99_999_999_999))
def test_capitals_read_back_to_the_same_amount(fen: int) -> None:
    assert _value_of(chinese_capitals(fen)) == fen


def test_format_and_round() -> None:
    assert format_yuan(123456) == "¥1,234.56"
    assert format_yuan(-5) == "-¥0.05"
    assert round_fen(Decimal("0.005")) == 1 and round_fen(Decimal("0.00499")) == 0
