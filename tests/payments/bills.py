"""Bill files in the platforms' real shapes, built from a list of payments.

Where each shape comes from (public code and docs found with the search tool):

* WeChat Pay 交易账单: the column list and the summary pair
  ``总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额``
  as the ``downloadbill`` API and the merchant platform return them, every value prefixed
  with a backtick, CRLF lines, a BOM in front when saved from the merchant platform; a refund
  is its own row with 交易状态 ``REFUND``, the payment's 微信订单号, 微信退款单号 and 退款金额
  (bills returned by the API quoted in a WeChat Pay SDK's download test and README, and the
  fixtures of several open-source reconciliation parsers, TypeScript and Go).
* Alipay 业务明细: ``#支付宝业务明细查询`` / ``#账号：[…]`` / ``#起始日期：[…]   终止日期：[…]`` /
  ``#----…业务明细列表----`` / the 25-column header ``支付宝交易号,商户订单号,业务类型,…,备注`` /
  rows whose long numbers end with a tab / ``#----…业务明细列表结束----`` /
  ``#交易合计：N笔，商家实收共X元，商家优惠共0.00元`` / ``#退款合计：…`` / ``#导出时间：[…]``, GBK.
  (Java and Go parsers that cut the table between the two rules and decode GBK, and a
  TypeScript test bill with the same 25 columns and negative refund rows).
* Alipay 账务明细: the same frame around
  ``账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,
  账户余额（元）,交易渠道,业务类型,备注`` and ``#支出合计：N笔，共X元`` /
  ``#收入合计：N笔，共X元``, GBK (a Java reconciliation class quoting a real 2012 export in a
  comment, and Python importers of the 商家 对账单 with the trailing tab on each value).

The public files were read for their shape only; the rows here are made up.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WECHAT_HEADER = (
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,"
    "付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,"
    "退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注"
)
WECHAT_SUMMARY = (
    "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额"
)
ALIPAY_BUSINESS_HEADER = (
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,"
    "对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,"
    "商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,"
    "退款批次号/请求号,服务费（元）,分润（元）,备注"
)
ALIPAY_ACCOUNT_HEADER = (
    "账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,"
    "账户余额（元）,交易渠道,业务类型,备注"
)
RULE = "#-----------------------------------------{name}----------------------------------------"
END_RULE = (
    "#-----------------------------------------{name}结束------------------------------------"
)


@dataclass(frozen=True)
class Pay:
    """One line: a payment, or (``refund`` set) a refund of the payment ``txn``."""

    txn: str
    amount: str  # yuan, two decimals
    remark: str = ""
    payer: str = ""
    at: str = "2026-11-03 10:00:00"
    refund: str = ""  # the refund's id


def _fen(text: str) -> int:
    return int(Decimal(text) * 100)


def _y(fen: int) -> str:
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def wechat_bill(pays: list[Pay]) -> bytes:
    """UTF-8 with a BOM, CRLF, backticked values, the summary pair at the end."""
    rows, settled, refunded, total = [], 0, 0, 0
    for i, p in enumerate(pays):
        fen = _fen(p.amount)
        # time, app id, merchant, sub-merchant, device, transaction, order, payer, kind
        head = [
            p.at,
            "wx2421b1c4370ec43b",
            "1900000109",
            "0",
            "",
            p.txn,
            f"M{i:08d}",
            p.payer,
            "JSAPI",
        ]
        if p.refund:
            cells = [
                *head,
                "REFUND",
                "OTHERS",
                "CNY",
                "0.00",
                "0.00",
                p.refund,
                f"RF{i:06d}",
                p.amount,
                "0.00",
                "ORIGINAL",
                "SUCCESS",
                p.remark,
                "",
                "-0.00000",
                "0.60%",
                p.amount,
                p.amount,
                "",
            ]
            refunded += fen
        else:
            cells = [
                *head,
                "SUCCESS",
                "OTHERS",
                "CNY",
                p.amount,
                "0.00",
                "0",
                "0",
                "0.00",
                "0.00",
                "",
                "",
                p.remark,
                "",
                "0.00000",
                "0.60%",
                p.amount,
                "0.00",
                "",
            ]
            settled += fen
        total += fen
        rows.append(",".join("`" + c for c in cells))
    summary = [
        str(len(pays)),
        _y(settled),
        _y(refunded),
        "0.00",
        "0.00000",
        _y(total),
        _y(refunded),
    ]
    text = "\r\n".join([WECHAT_HEADER, *rows, WECHAT_SUMMARY, ",".join("`" + c for c in summary)])
    return b"\xef\xbb\xbf" + (text + "\r\n").encode("utf-8")


def alipay_business_bill(
    pays: list[Pay], day: str = "2026年11月03日", next_day: str = "2026年11月04日"
) -> bytes:
    """GBK, the # frame, trailing tabs on long numbers, refunds negative, the 合计 lines."""
    rows, paid, back = [], [0, 0], [0, 0]
    for i, p in enumerate(pays):
        fen = _fen(p.amount)
        kind, real = ("退款", -fen) if p.refund else ("交易", fen)
        rows.append(
            ",".join(
                [
                    p.txn + "\t",
                    f"M{i:08d}\t",
                    kind,
                    p.remark,
                    p.at,
                    p.at,
                    "",
                    "",
                    "",
                    "",
                    p.payer,
                    _y(real),
                    _y(real),
                    "0.00",
                    "0.00",
                    "0.00",
                    "0.00",
                    "0.00",
                    "",
                    "0.00",
                    "0.00",
                    (p.refund + "\t") if p.refund else "",
                    "-0.30",
                    "0.00",
                    "",
                ]
            )
        )
        target = back if p.refund else paid
        target[0], target[1] = target[0] + 1, target[1] + fen
    lines = [
        "#支付宝业务明细查询",
        "#账号：[20880000000000000156]",
        f"#起始日期：[{day} 00:00:00]   终止日期：[{next_day} 00:00:00]",
        RULE.format(name="业务明细列表"),
        ALIPAY_BUSINESS_HEADER,
        *rows,
        END_RULE.format(name="业务明细列表"),
        f"#交易合计：{paid[0]}笔，商家实收共{_y(paid[1])}元，商家优惠共0.00元",
        f"#退款合计：{back[0]}笔，商家实收退款共{_y(-back[1])}元，商家优惠退款共0.00元",
        "#导出时间：[2026年11月04日 09:12:40]",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("gbk")


def alipay_account_bill(pays: list[Pay], withdrawal: str = "") -> bytes:
    """GBK 账务明细: income and expense columns, a withdrawal row that is no payment."""
    rows, income, spent, balance = [], [0, 0], [0, 0], 100000
    for i, p in enumerate(pays):
        fen = _fen(p.amount)
        if p.refund:
            balance -= fen
            money = ["0.00", _y(-fen)]
            kind = "交易退款"
            spent = [spent[0] + 1, spent[1] + fen]
        else:
            balance += fen
            money = [p.amount, "0.00"]
            kind = "在线支付"
            income = [income[0] + 1, income[1] + fen]
        rows.append(
            ",".join(
                [
                    f"{20261103000000 + i}\t",
                    p.txn + "\t",
                    f"M{i:08d}\t",
                    p.remark,
                    p.at,
                    p.payer,
                    *money,
                    _y(balance),
                    "支付宝",
                    kind,
                    "",
                ]
            )
        )
    if withdrawal:
        fen = _fen(withdrawal)
        balance -= fen
        spent = [spent[0] + 1, spent[1] + fen]
        rows.append(
            ",".join(
                [
                    "20261103999999\t",
                    "20261103TX0001\t",
                    "\t",
                    "提现",
                    "2026-11-03 18:00:00",
                    "中国银行(1234)",
                    "0.00",
                    _y(-fen),
                    _y(balance),
                    "支付宝",
                    "提现",
                    "",
                ]
            )
        )
    lines = [
        "#支付宝账务明细查询",
        "#账号：[20880000000000000156]",
        "#起始日期：[2026年11月03日 00:00:00]   终止日期：[2026年11月04日 00:00:00]",
        RULE.format(name="账务明细列表"),
        ALIPAY_ACCOUNT_HEADER,
        *rows,
        END_RULE.format(name="账务明细列表"),
        f"#支出合计：{spent[0]}笔，共{_y(-spent[1])}元",
        f"#收入合计：{income[0]}笔，共{_y(income[1])}元",
        "#导出时间：[2026年11月04日 09:12:40]",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("gbk")
