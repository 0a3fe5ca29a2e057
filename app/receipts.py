"""Receipt PDFs (reportlab): an 80 mm roll for receipt printers and an A5 sheet.

The Chinese font is embedded (a subset of WenQuanYi Micro Hei from ``resources/fonts``),
so a receipt reads the same on a machine without any Chinese font. Pure function of a
``ReceiptData``: the ledger decides what a receipt says, this module only lays it out.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .config import CHINESE_FONT_FILE
from .i18n import tr
from .money import chinese_capitals, format_yuan

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

# reportlab is imported where a PDF is drawn, not here: the ledger imports ReceiptData,
# and the main window must start without loading reportlab (issue 14, fast start)
mm = 72 / 25.4  # reportlab.lib.units.mm
A5 = (148 * mm, 210 * mm)  # reportlab.lib.pagesizes.A5
FONT_FILE = CHINESE_FONT_FILE
FONT = "WattDeskCJK"
ROLL_WIDTH = 80 * mm
LAYOUTS = ("roll80", "a5")


@dataclass(frozen=True)
class ReceiptData:
    park: str
    park_phone: str
    number: str
    issued_at: datetime
    operator: str
    tenant: str
    room: str
    meter: str
    account: str
    amount_fen: int
    method: str  # cash | card | transfer | qr
    balance_before_fen: int
    balance_after_fen: int
    price_summary: str
    state: str  # confirmed | pending | platform (account credited, no meter write) | refund
    state_note: str = ""
    verify_hash: str = ""
    copy: bool = False
    timezone: str = "Asia/Shanghai"
    # the header and footer set in Settings → Park details (empty on receipts issued before)
    park_address: str = ""
    issuer: str = ""
    footer: str = ""


def cjk_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(FONT_FILE), subfontIndex=0))
    return FONT


def method_label(method: str) -> str:
    return {
        "cash": tr("Cash"),
        "card": tr("Bank card"),
        "transfer": tr("Bank transfer"),
        "qr": tr("QR payment"),
    }.get(method, method)


def state_label(data: ReceiptData) -> str:
    if data.state == "confirmed":
        return tr("Credited to the meter (confirmed by read-back)")
    if data.state == "pending":
        return tr("Pending: will be written to the meter when it answers")
    if data.state == "refund":
        return tr("Refund paid out")
    if data.state == "bill":  # r16-bills: a 催缴账单 paid; the prepaid balance is untouched
        return tr("Bill paid (not credited to the prepaid balance)")
    return tr("Credited to the account")


def receipt_lines(data: ReceiptData) -> list[tuple[str, str]]:
    """(label, value) pairs in print order; shared by both layouts and the GUI preview."""
    when = data.issued_at.astimezone(ZoneInfo(data.timezone)).strftime("%Y-%m-%d %H:%M:%S")
    refund = data.state == "refund"  # a slip of money paid out: its own words
    rows = [
        (tr("Receipt No."), data.number),
        (tr("Date"), when),
        (tr("Operator"), data.operator),
        (tr("Tenant"), data.tenant),
        (tr("Room"), data.room),
        (tr("Meter"), data.meter),
        (tr("Account"), data.account),
        (tr("Paid out by") if refund else tr("Payment"), method_label(data.method)),
        (amount_label(data), format_yuan(data.amount_fen)),
        (tr("In words"), chinese_capitals(data.amount_fen)),
        (_balance_label(data, after=False), format_yuan(data.balance_before_fen)),
        (_balance_label(data, after=True), format_yuan(data.balance_after_fen)),
        (tr("Item") if data.state == "bill" else tr("Prices"), data.price_summary),
        (tr("State"), state_label(data)),
    ]
    if data.state_note:
        rows.append((tr("Note"), data.state_note))
    return rows


def _balance_label(data: ReceiptData, *, after: bool) -> str:
    """A bill's receipt shows what is still owed on the bill, not the prepaid balance."""
    if data.state == "bill":
        return tr("Owed after") if after else tr("Owed before")
    if data.state == "refund":
        return tr("Balance after refund") if after else tr("Balance before refund")
    return tr("Balance after") if after else tr("Balance before")


def amount_label(data: ReceiptData) -> str:
    if data.state == "bill":
        return tr("Amount paid")
    return tr("Refund amount") if data.state == "refund" else tr("Amount")


def _subheader(data: ReceiptData) -> list[str]:
    return [line for line in (data.issuer, data.park_address) if line]


def render_pdf(data: ReceiptData, layout: str = "roll80") -> bytes:
    """The receipt as PDF bytes in ``layout`` (``roll80`` or ``a5``)."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown receipt layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    font = cjk_font()
    buffer = io.BytesIO()
    if layout == "roll80":
        _roll(data, buffer, font)
    else:
        _sheet(data, buffer, font)
    return buffer.getvalue()


def _tokens(text: str) -> list[str]:
    """Words of Latin text (with their trailing space) and single CJK characters."""
    tokens: list[str] = []
    for ch in text:
        latin_word = ch.isascii() and not ch.isspace()
        extends = tokens and tokens[-1][-1:].isascii() and not tokens[-1].endswith(" ")
        if tokens and (ch == " " or (latin_word and extends)):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    return tokens


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines no wider than ``width``: breaks between CJK characters or at spaces, never
    inside a number or a Latin word unless the word alone is too wide."""
    from reportlab.pdfbase import pdfmetrics

    lines, current = [], ""
    for token in _tokens(text):
        if current and pdfmetrics.stringWidth((current + token).rstrip(), font, size) > width:
            lines.append(current.rstrip())
            current = ""
        while pdfmetrics.stringWidth(token.rstrip(), font, size) > width and len(token) > 1:
            cut = len(token) - 1
            while cut > 1 and pdfmetrics.stringWidth(token[:cut], font, size) > width:
                cut -= 1
            lines.append(token[:cut])
            token = token[cut:]
        current += token
    return [*lines, current.rstrip()] if current or not lines else lines


wrap_text = _wrap  # for the other PDFs of the counter (the shift report)


def _qr(canvas: Canvas, text: str, x: float, y: float, size: float) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(text)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, canvas, x, y)


def receipt_title(data: ReceiptData) -> str:
    if data.state == "bill":
        title = tr("Bill payment receipt")
    elif data.state == "refund":
        title = tr("Refund slip")
    else:
        title = tr("Electricity recharge receipt")
    return f"{title} ({tr('COPY')})" if data.copy else title


def _roll(data: ReceiptData, out: io.BytesIO, font: str) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    margin, size = 4 * mm, 8.5
    lines_ = receipt_lines(data)
    # the label column fits the longest label ("Balance before" in English ran into its
    # value), within 14-26 mm so the values keep most of the 80 mm roll
    widest = max((pdfmetrics.stringWidth(label, font, size) for label, _ in lines_), default=0.0)
    label_w = min(max(widest + 2 * mm, 14 * mm), 26 * mm)
    text_w = ROLL_WIDTH - 2 * margin - label_w
    body: list[tuple[str, list[str], float]] = []
    for label, value in lines_:
        big = label == amount_label(data)
        body.append((label, _wrap(value, font, 12 if big else size, text_w), 12 if big else size))
    extra = [_wrap(line, font, 8, ROLL_WIDTH - 2 * margin) for line in _subheader(data)]
    footer = _wrap(data.footer, font, 7, ROLL_WIDTH - 2 * margin) if data.footer else []
    height = 40 * mm + sum(len(lines) * (s + 3) for _, lines, s in body) + 34 * mm
    height += sum(len(lines) for lines in extra) * 10 + len(footer) * 9
    canvas = Canvas(out, pagesize=(ROLL_WIDTH, height))
    canvas.setTitle(f"{data.park} {data.number}")
    y = height - margin - 12
    canvas.setFont(font, 11)
    canvas.drawCentredString(ROLL_WIDTH / 2, y, data.park)
    y -= 15
    canvas.setFont(font, 8)
    for lines in extra:
        for line in lines:
            canvas.drawCentredString(ROLL_WIDTH / 2, y + 3, line)
            y -= 10
    canvas.setFont(font, 10)
    canvas.drawCentredString(ROLL_WIDTH / 2, y, receipt_title(data))
    y -= 8
    canvas.line(margin, y, ROLL_WIDTH - margin, y)
    y -= 13
    for label, lines, s in body:
        canvas.setFont(font, size)
        canvas.drawString(margin, y, label)
        canvas.setFont(font, s)
        for line in lines:
            canvas.drawString(margin + label_w, y, line)
            y -= s + 3
    y -= 2
    canvas.line(margin, y, ROLL_WIDTH - margin, y)
    _qr(
        canvas,
        f"WD:{data.number}:{data.verify_hash}",
        (ROLL_WIDTH - 26 * mm) / 2,
        y - 28 * mm,
        26 * mm,
    )
    y -= 31 * mm
    canvas.setFont(font, 7)
    canvas.drawCentredString(ROLL_WIDTH / 2, y, f"{tr('Verification')}: {data.verify_hash}")
    y -= 10
    if data.park_phone:
        canvas.drawCentredString(ROLL_WIDTH / 2, y, f"{tr('Service phone')}: {data.park_phone}")
    for line in footer:
        y -= 9
        canvas.drawCentredString(ROLL_WIDTH / 2, y, line)
    canvas.showPage()
    canvas.save()


def _sheet(data: ReceiptData, out: io.BytesIO, font: str) -> None:
    from reportlab.pdfgen.canvas import Canvas

    width, height = A5
    margin = 14 * mm
    canvas = Canvas(out, pagesize=A5)
    canvas.setTitle(f"{data.park} {data.number}")
    y = height - margin - 6
    canvas.setFont(font, 16)
    canvas.drawCentredString(width / 2, y, data.park)
    y -= 22
    canvas.setFont(font, 9.5)
    for line in _subheader(data):
        for part in _wrap(line, font, 9.5, width - 2 * margin):
            canvas.drawCentredString(width / 2, y + 6, part)
            y -= 13
    canvas.setFont(font, 13)
    canvas.drawCentredString(width / 2, y, receipt_title(data))
    y -= 12
    canvas.line(margin, y, width - margin, y)
    y -= 20
    label_w = 30 * mm
    for label, value in receipt_lines(data):
        big = label == amount_label(data)
        s = 15 if big else 10.5
        canvas.setFont(font, 10.5)
        canvas.drawString(margin, y, label)
        canvas.setFont(font, s)
        for line in _wrap(value, font, s, width - 2 * margin - label_w - 30 * mm):
            canvas.drawString(margin + label_w, y, line)
            y -= s + 6
    _qr(
        canvas,
        f"WD:{data.number}:{data.verify_hash}",
        width - margin - 28 * mm,
        height - margin - 90 * mm,
        28 * mm,
    )
    y -= 6
    canvas.line(margin, y, width - margin, y)
    y -= 16
    canvas.setFont(font, 8.5)
    canvas.drawString(margin, y, f"{tr('Verification')}: {data.verify_hash}")
    if data.park_phone:
        canvas.drawRightString(width - margin, y, f"{tr('Service phone')}: {data.park_phone}")
    y -= 36
    canvas.setFont(font, 10)
    canvas.drawString(margin, y, tr("Cashier signature:"))
    canvas.drawString(width / 2, y, tr("Customer signature:"))
    if data.footer:
        y -= 24
        canvas.setFont(font, 8.5)
        for part in _wrap(data.footer, font, 8.5, width - 2 * margin):
            canvas.drawCentredString(width / 2, y, part)
            y -= 12
    canvas.showPage()
    canvas.save()
