"""The bill reader on files in the platforms' shapes (tests/payments/bills.py says where
each shape comes from): encodings, headers, backticks, tabs, refunds, summary lines."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from app.payments.statements import StatementError, read_statement
from tests.payments.bills import (
    WECHAT_HEADER,
    Pay,
    alipay_account_bill,
    alipay_business_bill,
    wechat_bill,
)

WX = "4200001234202611030000000001"
WX2 = "4200001234202611030000000002"
ALI = "2026110322001400000000000001"
ALI2 = "2026110322001400000000000002"


def test_wechat_bill_utf8_bom_backticks_refund_and_summary() -> None:
    data = wechat_bill(
        [
            Pay(WX, "50.00", "电费, 充值 E0100003", "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"),
            Pay(WX2, "0.10", "A栋 101", "oX", at="2026-11-03 23:59:59"),
            Pay(
                WX,
                "20.00",
                "电费, 充值 E0100003",
                "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
                refund="50000000000000000000000001",
            ),
        ]
    )
    assert data.startswith(b"\xef\xbb\xbf")
    st = read_statement(data, "wechat")
    assert st.shape == "wechat-trade"
    first, second, refund = st.lines
    assert (first.kind, first.txn, first.amount_fen) == ("payment", WX, 5000)
    assert first.remark == "电费, 充值 E0100003"  # the comma inside 商品名称 survives
    assert first.payer == "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
    assert first.paid_at == datetime(2026, 11, 3, 2, 0, tzinfo=UTC)  # Beijing 10:00
    assert second.amount_fen == 10
    assert (refund.kind, refund.txn, refund.refund_id, refund.amount_fen) == (
        "refund",
        WX,
        "50000000000000000000000001",
        2000,
    )
    assert st.summary["count"] == (3, 3)
    assert st.summary["paid_fen"] == (5010, 5010)
    assert st.summary["refunded_fen"] == (2000, 2000)
    start, end = st.period or (None, None)
    assert (start, end) == (
        datetime(2026, 11, 2, 16, 0, tzinfo=UTC),
        datetime(2026, 11, 3, 16, 0, tzinfo=UTC),
    )


def test_wechat_header_lines_before_the_table_are_skipped() -> None:
    body = wechat_bill([Pay(WX, "12.34", "E0100003")])[3:].decode()
    text = "微信支付商户交易账单\r\n商户号：[1900000109]\r\n起始时间：[2026-11-03]\r\n" + body
    st = read_statement(text.encode("utf-8"), "wechat")
    assert [x.amount_fen for x in st.lines] == [1234]


def test_alipay_business_bill_gbk_tabs_negative_refunds_and_totals() -> None:
    data = alipay_business_bill(
        [
            Pay(ALI, "35.80", "电费 E0100003", "buy***@example.com"),
            Pay(ALI2, "100.00", "B栋 202", "138****0000"),
            Pay(ALI, "35.80", "电费 E0100003", "buy***@example.com", refund="RB2026110300001"),
        ]
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")  # really GBK
    st = read_statement(data, "alipay")
    assert st.shape == "alipay-business"
    assert [(x.kind, x.txn, x.amount_fen) for x in st.lines] == [
        ("payment", ALI, 3580),
        ("payment", ALI2, 10000),
        ("refund", ALI, 3580),
    ]
    assert st.lines[0].txn == ALI  # the trailing tab is gone
    assert st.lines[2].refund_id == "RB2026110300001"
    assert st.summary["count"] == (2, 2)
    assert st.summary["paid_fen"] == (13580, 13580)
    assert st.summary["refunded_fen"] == (3580, 3580)
    assert st.period == (
        datetime(2026, 11, 2, 16, 0, tzinfo=UTC),
        datetime(2026, 11, 3, 16, 0, tzinfo=UTC),
    )


def test_alipay_account_bill_income_refund_and_a_withdrawal_skipped() -> None:
    data = alipay_account_bill(
        [
            Pay(ALI, "2274.00", "海航 E0100003", "陈晶 (k@126.com)"),
            Pay(ALI, "74.00", "海航 E0100003", refund="x"),
        ],
        withdrawal="1000.00",
    )
    st = read_statement(data, "alipay")
    assert st.shape == "alipay-account"
    assert [(x.kind, x.amount_fen) for x in st.lines] == [("payment", 227400), ("refund", 7400)]
    assert len(st.skipped) == 1 and "提现" in st.skipped[0][1]
    assert st.summary["income_fen"] == (227400, 227400)
    assert st.summary["expense_count"] == (2, 2)
    assert st.summary["expense_fen"] == (107400, 107400)


@pytest.mark.parametrize("amount", ["12.345", "1e3", "12.3.4", "十元", "0x10"])
def test_an_amount_that_is_not_exact_yuan_is_refused_with_its_line(amount: str) -> None:
    data = wechat_bill([Pay(WX, "1.00", "E0100003")]).replace(b"`1.00,", f"`{amount},".encode(), 1)
    with pytest.raises(StatementError, match="line 2"):
        read_statement(data, "wechat")


def test_the_wrong_platform_or_no_bill_is_refused() -> None:
    with pytest.raises(StatementError, match="WeChat"):
        read_statement(alipay_business_bill([Pay(ALI, "1.00")]), "wechat")
    with pytest.raises(StatementError, match="Alipay"):
        read_statement(wechat_bill([Pay(WX, "1.00")]), "alipay")
    with pytest.raises(StatementError):
        read_statement(b"\xff\xfe\x00garbage\x81", "alipay")
    assert WECHAT_HEADER.startswith("交易时间")
