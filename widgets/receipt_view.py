"""A receipt shown on screen and printed through Qt: label/value lines, a title, a copy mark.

It knows nothing of money or the database: it is given the lines to show. Printing draws
the same lines with QPainter on the printer's page (80 mm roll or A5), so what the cashier
sees is what the customer gets.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget


class ReceiptView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = ""
        self.header: list[str] = []  # under the title: address, phone, who issues it
        self.footer = ""
        self.lines: list[tuple[str, str]] = []
        self.label = QLabel(self)
        self.label.setObjectName("ReceiptText")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setStyleSheet(
            "background: white; color: black; padding: 12px; border: 1px solid #bbb;"
        )
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # long values (time-of-use prices, a company's full name) wrap inside their cell
        # instead of widening the label past the pane, where the right edge was cut off
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll)

    def show_receipt(
        self,
        title: str,
        lines: list[tuple[str, str]],
        header: list[str] | None = None,
        footer: str = "",
    ) -> None:
        self.title, self.lines = title, lines
        self.header, self.footer = [h for h in header or [] if h], footer
        rows = "".join(
            f"<tr><td style='padding-right:12px;color:#555'>{_escape(k)}</td>"
            f"<td><b>{_escape(v)}</b></td></tr>"
            for k, v in lines
        )
        head = "".join(
            f"<div style='text-align:center;color:#555'>{_escape(h)}</div>" for h in self.header
        )
        foot = f"<p style='text-align:center;color:#555'>{_escape(footer)}</p>" if footer else ""
        self.label.setText(
            f"<h3 style='text-align:center'>{_escape(title)}</h3>{head}<table>{rows}</table>{foot}"
        )

    def text(self) -> str:
        parts = [self.title, *self.header, *(f"{k}: {v}" for k, v in self.lines)]
        return "\n".join([*parts, self.footer] if self.footer else parts)

    def print_to(self, printer: QPrinter, layout: str = "roll80") -> None:
        """Draw the receipt on ``printer`` (a real printer or a PDF printer for tests)."""
        if layout == "roll80":
            height = 30 + 7 * (len(self.lines) + len(self.header) + 5)
            size = QPageSize(QRectF(0, 0, 80, height).size(), QPageSize.Unit.Millimeter, "80mm")
            printer.setPageLayout(
                QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(4, 4, 4, 4))
            )
        else:
            printer.setPageSize(QPageSize(QPageSize.PageSizeId.A5))
        painter = QPainter(printer)
        try:
            page = printer.pageLayout().paintRectPixels(printer.resolution())
            font = QFont(painter.font())
            font.setPointSizeF(9 if layout == "roll80" else 11)
            painter.setFont(font)
            line_h = painter.fontMetrics().height() * 1.35
            y = line_h
            painter.drawText(
                QRectF(0, 0, page.width(), line_h * 1.5), Qt.AlignmentFlag.AlignHCenter, self.title
            )
            y += line_h
            for text in self.header:
                painter.drawText(
                    QRectF(0, y, page.width(), line_h), Qt.AlignmentFlag.AlignHCenter, text
                )
                y += line_h
            label_w = page.width() * 0.32
            for key, value in self.lines:
                painter.drawText(QRectF(0, y, label_w, line_h), Qt.AlignmentFlag.AlignLeft, key)
                rect = QRectF(label_w, y, page.width() - label_w, line_h * 3)
                used = painter.boundingRect(rect, int(Qt.TextFlag.TextWordWrap), value)
                painter.drawText(rect, int(Qt.TextFlag.TextWordWrap), value)
                y += max(line_h, used.height() + 2)
            if self.footer:
                rect = QRectF(0, y + line_h * 0.5, page.width(), line_h * 3)
                flags = int(Qt.AlignmentFlag.AlignHCenter) | int(Qt.TextFlag.TextWordWrap)
                painter.drawText(rect, flags, self.footer)
        finally:
            painter.end()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
