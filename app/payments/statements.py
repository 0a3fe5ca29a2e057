"""Reading the merchant bills WeChat Pay and Alipay export (对账单), exactly.

Three shapes, as the platforms write them (sources in docs/architecture.md → Payments):

* **WeChat Pay 交易账单** (商户平台 → 交易中心 → 下载交易账单, or the ``downloadbill`` API),
  UTF-8, often with a BOM. The column header ``交易时间,公众账号ID,商户号,…,微信订单号,…`` may
  follow a few header lines; every value is prefixed with a backtick (`` ` ``, so a
  spreadsheet keeps long numbers as text). A refund is its own row (``交易状态`` ``REFUND``,
  the payment's ``微信订单号``, its own ``微信退款单号``, the money in ``退款金额``). The file
  ends with ``总交易单数,应结订单总金额,退款总金额,…`` and one line of backticked totals.
* **Alipay 业务明细** (商家中心 → 对账中心 → 交易明细 / 业务明细), GBK: ``#`` header lines
  (账号, 起始日期 … 终止日期), a ``#----…业务明细列表----`` rule, the header
  ``支付宝交易号,商户订单号,业务类型,…,商家实收（元）,…,备注``, long numbers with a trailing
  tab, refunds as rows of 业务类型 ``退款`` with negative amounts, then
  ``#----…业务明细列表结束----`` and ``#交易合计：N笔，商家实收共X元…`` / ``#退款合计：…``.
* **Alipay 账务明细** (the account's money movements), GBK: the same ``#`` frame around
  ``账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,…``,
  closed by ``#支出合计：N笔，共X元`` / ``#收入合计：N笔，共X元``.

Amounts are yuan with at most two decimals and become integer fen through ``Decimal``
(never float); anything else is refused with its line number. Times are Beijing time (the
platforms' own) and stored in UTC.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from ..i18n import tr
from ..ledger.journal import LedgerError

PLATFORM_ZONE = ZoneInfo("Asia/Shanghai")  # both platforms write Beijing time
AMOUNT = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$")
WECHAT_PAID = ("SUCCESS",)
WECHAT_REFUND = ("REFUND",)


class StatementError(LedgerError):
    """The file is not a bill of the chosen platform, or a line cannot be read exactly."""


@dataclass(frozen=True)
class Line:
    """One payment or refund of the bill."""

    row: int  # line number in the file (1-based), for the clerk
    kind: str  # payment | refund
    txn: str  # the platform's transaction id (微信订单号 / 支付宝交易号)
    refund_id: str  # "" for a payment
    paid_at: datetime  # UTC
    amount_fen: int  # > 0, also for a refund
    payer: str  # openid / the buyer's account, as the bill shows it
    remark: str  # 商品名称 and the merchant's note / 备注


@dataclass
class Statement:
    """A bill read: its lines, what was skipped and why, the platform's own totals."""

    platform: str
    shape: str  # wechat-trade | alipay-business | alipay-account
    lines: list[Line] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    # name -> (what the platform's summary says, what the rows add up to), fen or a count
    summary: dict[str, tuple[int | None, int]] = field(default_factory=dict)
    period: tuple[datetime, datetime] | None = None  # UTC, end exclusive

    def payments(self) -> list[Line]:
        return [x for x in self.lines if x.kind == "payment"]

    def refunds(self) -> list[Line]:
        return [x for x in self.lines if x.kind == "refund"]


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it is that, else GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            return data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise StatementError(
                tr("the file is neither UTF-8 nor GBK text: is it the bill itself?")
            ) from exc


def read_statement(data: bytes, platform: str) -> Statement:
    """The bill in ``data`` for ``platform`` (``wechat`` or ``alipay``)."""
    text = decode(data).lstrip("\ufeff")
    lines = text.splitlines()
    if platform == "wechat":
        return _wechat(lines)
    if platform == "alipay":
        for index, line in enumerate(lines):
            cells = _names(line)
            if "支付宝交易号" in cells and "业务类型" in cells:
                return _alipay_business(lines, index)
            if "账务流水号" in cells and "业务流水号" in cells:
                return _alipay_account(lines, index)
        raise StatementError(
            tr("no Alipay bill header (支付宝交易号… or 账务流水号…): is it an Alipay bill?")
        )
    raise StatementError(tr("unknown platform {name!r}", name=platform))


# --------------------------------------------------------------------------- cells


def _clean(cell: str) -> str:
    return cell.strip().strip("\t").strip().removeprefix("`").strip()


def _names(line: str) -> list[str]:
    """Header cells, with full-width parentheses as ASCII (收入金额（+元） → 收入金额(+元))."""
    return [_clean(c).replace("（", "(").replace("）", ")") for c in line.split(",")]


def _fen(text: str, row: int, column: str) -> int:
    value = _clean(text).replace(",", "")
    if value == "":
        return 0
    if not AMOUNT.match(value):
        raise StatementError(
            tr(
                "line {row}: {column} {value!r} is not an amount in yuan with at most two decimals",
                row=row,
                column=column,
                value=value,
            )
        )
    return int(Decimal(value) * 100)


def _time(text: str, row: int) -> datetime:
    value = _clean(text)
    for pattern in ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M"):
        try:
            local = datetime.strptime(value, pattern)
        except ValueError:
            continue
        return local.replace(tzinfo=PLATFORM_ZONE).astimezone(UTC)
    raise StatementError(tr("line {row}: {value!r} is not a time", row=row, value=value))


class _Row:
    """One data row by column name."""

    def __init__(self, names: list[str], cells: list[str], row: int) -> None:
        self.cells = {n: _clean(c) for n, c in zip(names, cells, strict=False)}
        self.row = row

    def get(self, *names: str) -> str:
        for name in names:
            value = self.cells.get(name)
            if value:
                return value
        return ""

    def fen(self, name: str) -> int:
        return _fen(self.cells.get(name, ""), self.row, name)


def _require(names: list[str], needed: tuple[str, ...], row: int) -> None:
    missing = [n for n in needed if n not in names]
    if missing:
        raise StatementError(
            tr("line {row}: the bill has no column {names}", row=row, names=", ".join(missing))
        )


def _period_of(lines: list[Line]) -> tuple[datetime, datetime] | None:
    """The Beijing days the lines fall on (a WeChat bill is one day's)."""
    if not lines:
        return None
    first = min(x.paid_at for x in lines).astimezone(PLATFORM_ZONE)
    last = max(x.paid_at for x in lines).astimezone(PLATFORM_ZONE)
    start = first.replace(hour=0, minute=0, second=0, microsecond=0)
    end = last.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    return start.astimezone(UTC), end.astimezone(UTC)


# --------------------------------------------------------------------------- WeChat


def _wechat(lines: list[str]) -> Statement:
    start = next(
        (i for i, x in enumerate(lines) if x.startswith("交易时间") and "微信订单号" in x), None
    )
    if start is None:
        raise StatementError(
            tr("no WeChat Pay bill header (交易时间,…,微信订单号,…): is it a WeChat bill?")
        )
    names = _names(lines[start])
    _require(names, ("交易时间", "微信订单号", "交易状态", "应结订单金额", "退款金额"), start + 1)
    st = Statement("wechat", "wechat-trade")
    settled = refunded = rows = 0
    index = start + 1
    while index < len(lines) and not lines[index].startswith("总交易单数"):
        raw = lines[index]
        index += 1
        if not raw.strip():
            continue
        # every value starts with a backtick: split on ",`" so a comma inside 商品名称 stays
        cells = raw[1:].split(",`") if raw.startswith("`") else next(csv.reader([raw]))
        row = _Row(names, cells, index)
        rows += 1
        settled += row.fen("应结订单金额")
        refunded += row.fen("退款金额")
        _wechat_line(st, row)
    if index < len(lines) - 1:
        sums = _Row(_names(lines[index]), lines[index + 1].split(","), index + 2)
        st.summary = {
            "count": (int(sums.get("总交易单数") or 0), rows),
            "paid_fen": (sums.fen("应结订单总金额"), settled),
            "refunded_fen": (sums.fen("退款总金额"), refunded),
        }
    else:
        st.summary = {"count": (None, rows), "paid_fen": (None, settled)}
    st.period = _period_of(st.lines)
    return st


def _wechat_line(st: Statement, row: _Row) -> None:
    status = row.get("交易状态").upper()
    txn = row.get("微信订单号")
    paid_at = _time(row.get("交易时间"), row.row)
    remark = " ".join(x for x in (row.get("商品名称"), row.get("商户数据包")) if x)

    def line(kind: str, refund_id: str, amount: int) -> Line:
        return Line(row.row, kind, txn, refund_id, paid_at, amount, row.get("用户标识"), remark)

    if status in WECHAT_PAID:
        amount = row.fen("应结订单金额") or row.fen("订单金额")
        if amount > 0:
            st.lines.append(line("payment", "", amount))
            return
    elif status in WECHAT_REFUND:
        amount = row.fen("退款金额")
        refund_id = row.get("微信退款单号", "商户退款单号")
        if amount > 0 and refund_id:
            st.lines.append(line("refund", refund_id, amount))
            return
    st.skipped.append((row.row, f"{status or '-'} {txn}"))


# --------------------------------------------------------------------------- Alipay


def _frame(lines: list[str], start: int) -> tuple[list[str], list[str], list[str]]:
    """(the ``#`` lines before the table, its data rows, the ``#`` lines after it)."""
    before = [x for x in lines[:start] if x.startswith("#")]
    rows: list[str] = []
    after: list[str] = []
    for raw in lines[start + 1 :]:
        if raw.startswith("#") or after:
            after.append(raw)
        elif raw.strip().strip(","):
            rows.append(raw)
    return before, rows, after


def _header_period(before: list[str]) -> tuple[datetime, datetime] | None:
    """``#起始日期：[2026年10月03日 00:00:00]   终止日期：[2026年10月04日 00:00:00]``."""
    found = re.findall(r"\[(\d{4})年(\d{2})月(\d{2})日 (\d{2}):(\d{2}):(\d{2})\]", " ".join(before))
    if len(found) < 2:
        return None
    start, end = (
        datetime.strptime("".join(parts), "%Y%m%d%H%M%S")
        .replace(tzinfo=PLATFORM_ZONE)
        .astimezone(UTC)
        for parts in found[:2]
    )
    return start, end


def _summary(after: list[str], label: str, tail: str) -> tuple[int, int] | None:
    """(count, fen) of ``#交易合计：2笔，商家实收共36.80元`` style lines (the sign dropped)."""
    text = "\n".join(after)
    match = re.search(rf"{label}[：:]\s*(\d+)笔[，,]\s*{tail}\s*(-?[\d.,]+)元", text)
    if match is None:
        return None
    return int(match.group(1)), abs(_fen(match.group(2), 0, label))


def _alipay_business(lines: list[str], start: int) -> Statement:
    names = _names(lines[start])
    _require(names, ("支付宝交易号", "业务类型", "商家实收(元)"), start + 1)
    before, rows, after = _frame(lines, start)
    st = Statement("alipay", "alipay-business")
    counts = {"payment": 0, "refund": 0}
    sums = {"payment": 0, "refund": 0}
    for offset, raw in enumerate(rows):
        row = _Row(names, next(csv.reader([raw])), start + 2 + offset)
        kind = {"交易": "payment", "退款": "refund"}.get(row.get("业务类型"))
        amount = abs(row.fen("商家实收(元)"))
        txn = row.get("支付宝交易号")
        if kind is None or amount == 0 or not txn:
            st.skipped.append((row.row, f"{row.get('业务类型') or '-'} {txn}"))
            continue
        refund_id = row.get("退款批次号/请求号") if kind == "refund" else ""
        if kind == "refund" and not refund_id:
            refund_id = f"R{row.row}"
        counts[kind] += 1
        sums[kind] += amount
        st.lines.append(
            Line(
                row=row.row,
                kind=kind,
                txn=txn,
                refund_id=refund_id,
                paid_at=_time(row.get("完成时间", "创建时间"), row.row),
                amount_fen=amount,
                payer=row.get("对方账户"),
                remark=" ".join(x for x in (row.get("商品名称"), row.get("备注")) if x),
            )
        )
    paid = _summary(after, "交易合计", "商家实收共")
    back = _summary(after, "退款合计", "商家实收退款共")
    st.summary = {
        "count": (paid[0] if paid else None, counts["payment"]),
        "paid_fen": (paid[1] if paid else None, sums["payment"]),
        "refund_count": (back[0] if back else None, counts["refund"]),
        "refunded_fen": (back[1] if back else None, sums["refund"]),
    }
    st.period = _header_period(before) or _period_of(st.lines)
    return st


ALIPAY_ACCOUNT_PAID = ("在线支付", "交易付款", "交易", "收款", "商家收款")


def _alipay_account(lines: list[str], start: int) -> Statement:
    names = _names(lines[start])
    _require(names, ("账务流水号", "业务流水号", "收入金额(+元)", "支出金额(-元)"), start + 1)
    before, rows, after = _frame(lines, start)
    st = Statement("alipay", "alipay-account")
    income = [0, 0]  # count, fen: every income row, as the summary counts them
    spent = [0, 0]
    for offset, raw in enumerate(rows):
        row = _Row(names, next(csv.reader([raw])), start + 2 + offset)
        money_in, money_out = row.fen("收入金额(+元)"), abs(row.fen("支出金额(-元)"))
        kind_text = row.get("业务类型")
        if money_in > 0:
            income = [income[0] + 1, income[1] + money_in]
        if money_out > 0:
            spent = [spent[0] + 1, spent[1] + money_out]
        kind = None
        if money_in > 0 and kind_text in ALIPAY_ACCOUNT_PAID:
            kind, amount, refund_id = "payment", money_in, ""
        elif money_out > 0 and "退款" in kind_text:
            kind, amount, refund_id = "refund", money_out, row.get("账务流水号")
        txn = row.get("业务流水号")
        if kind is None or not txn:
            st.skipped.append((row.row, f"{kind_text or '-'} {row.get('账务流水号')}"))
            continue
        st.lines.append(
            Line(
                row=row.row,
                kind=kind,
                txn=txn,
                refund_id=refund_id,
                paid_at=_time(row.get("发生时间"), row.row),
                amount_fen=amount,
                payer=row.get("对方账号"),
                remark=" ".join(x for x in (row.get("商品名称"), row.get("备注")) if x),
            )
        )
    got = _summary(after, "收入合计", "共")
    out = _summary(after, "支出合计", "共")
    st.summary = {
        "income_count": (got[0] if got else None, income[0]),
        "income_fen": (got[1] if got else None, income[1]),
        "expense_count": (out[0] if out else None, spent[0]),
        "expense_fen": (out[1] if out else None, spent[1]),
    }
    st.period = _header_period(before) or _period_of(st.lines)
    return st
