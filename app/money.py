"""Money: exact yuan/fen conversion, parsing what a cashier types, and Chinese capitals.

Money is integer fen everywhere it is stored; ``Decimal`` yuan only at the edges (input,
display, receipts). Never float.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .i18n import tr

FEN = Decimal("0.01")
MAX_FEN = 10**13  # 1e11 yuan: beyond any real account, far below 64-bit limits


class MoneyError(ValueError):
    """An amount that cannot be accepted; the message names why, in the UI language."""


# Full-width forms an IME gives (１００．５０, ，, －) are the same characters to a cashier.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋￥", "0123456789.,-+¥")
# ASCII digits only ([0-9], not \\d: that also takes Arabic-Indic and other scripts' digits),
# thousands separators in groups of three, at most two decimals checked after the match.
_AMOUNT = re.compile(r"[+-]?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)?(?:\.[0-9]*)?")


def parse_yuan(
    text: str | int | Decimal, *, allow_zero: bool = False, allow_negative: bool = False
) -> int:
    """What a person typed (``"100"``, ``"99.5"``, ``"1,000.00"``, ``"￥50"``, ``"１００．５"``)
    -> fen. The syntax is strict (docs/ledger.md): ASCII or full-width digits, an optional
    ``¥``/``￥``, thousands separators in threes, at most two decimals. Python's Decimal
    syntax is not money: ``1e3``, ``1_000``, ``Infinity`` and other scripts' digits are
    refused with the reason, as are floats, zero and negative amounts (unless allowed) and
    absurdly large values.
    """
    if isinstance(text, float):
        raise MoneyError(tr("amounts must not be floating point numbers"))
    if isinstance(text, str):
        value = _strict_decimal(text)
    else:
        value = Decimal(text)
        if not value.is_finite():
            raise MoneyError(tr("{text!r} is not an amount of money", text=str(text)))
    if abs(value) * 100 >= MAX_FEN:
        raise MoneyError(tr("{text!r} is far too large an amount", text=str(text)))
    if value.quantize(FEN) != value:
        raise MoneyError(tr("{text!r} has more than two decimal places (fen)", text=str(text)))
    fen = int(value * 100)
    if fen == 0 and not allow_zero:
        raise MoneyError(tr("the amount must not be zero"))
    if fen < 0 and not allow_negative:
        raise MoneyError(tr("the amount must not be negative"))
    return fen


def _strict_decimal(text: str) -> Decimal:
    """The typed text as a Decimal, or the reason it is not an amount."""
    raw = text.strip().translate(_FULL_WIDTH)
    sign = ""
    if raw[:1] in "+-":
        sign, raw = raw[:1], raw[1:].lstrip()
    raw = raw.removeprefix("¥").strip()
    if not raw:
        raise MoneyError(tr("the amount is empty"))
    if "_" in raw:
        raise MoneyError(tr("{text!r}: no underscores in an amount", text=text))
    if any(c in "eE" for c in raw) and any(c.isdigit() for c in raw):
        raise MoneyError(tr("{text!r}: write the amount in full, without an exponent", text=text))
    if any(c.isdigit() and not "0" <= c <= "9" for c in raw):
        raise MoneyError(tr("{text!r}: only the digits 0-9 are taken in an amount", text=text))
    body = sign + raw
    if not any(c.isdigit() for c in raw) or not _AMOUNT.fullmatch(body):
        raise MoneyError(tr("{text!r} is not an amount of money", text=text))
    try:
        return Decimal(body.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise MoneyError(tr("{text!r} is not an amount of money", text=text)) from exc


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / 100).quantize(FEN)


def format_yuan(fen: int, *, symbol: bool = True) -> str:
    """``123456`` -> ``¥1,234.56``; negative amounts keep their sign."""
    text = f"{fen_to_yuan(abs(fen)):,.2f}"
    sign = "-" if fen < 0 else ""
    return f"{sign}¥{text}" if symbol else f"{sign}{text}"


def round_fen(amount_yuan: Decimal) -> int:
    """Yuan (any precision) -> fen, rounding half up (四舍五入)."""
    return int((amount_yuan * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ["", "拾", "佰", "仟"]
_BIG_UNITS = ["", "万", "亿", "万亿"]


def _four_digits(n: int) -> str:
    """0-9999 in capitals, with 零 for inner gaps (e.g. 1005 -> 壹仟零伍)."""
    out, zero = "", False
    for position in range(3, -1, -1):
        digit = n // 10**position % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += _DIGITS[digit] + _SMALL_UNITS[position]
    return out


def chinese_capitals(fen: int) -> str:
    """Amount in Chinese financial capitals (大写), as receipts print it.

    ``12345`` -> ``壹佰贰拾叁元肆角伍分``; ``10000`` -> ``壹佰元整``;
    ``100000005`` -> ``壹佰万元零伍分``; negative -> ``负...``.
    """
    if fen < 0:
        return "负" + chinese_capitals(-fen)
    yuan, rest = divmod(fen, 100)
    jiao, fen_digit = divmod(rest, 10)
    text = _integer_capitals(yuan) + "元" if yuan else ""
    if jiao == 0 and fen_digit == 0:
        return (text or "零元") + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen_digit:
        text += _DIGITS[fen_digit] + "分"
    return text


def _integer_capitals(n: int) -> str:
    groups: list[int] = []
    while n:
        n, group = divmod(n, 10_000)
        groups.append(group)
    out, pending_zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or group < 1000):
            out += "零"
        out += _four_digits(group) + _BIG_UNITS[index]
        pending_zero = False
    return out
