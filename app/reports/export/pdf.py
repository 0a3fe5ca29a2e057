"""A report as a PDF to print or file (reportlab platypus, the embedded Chinese font).

Every page: the park's name and the report's title, period and scope at the top (the title
block is drawn on the first page, the park and title repeat as a running head), and "page x
of y" at the foot (a two-pass canvas counts the pages first). Tables repeat their header row
on each page; free-text columns (``Column.wide``: names, memos) and any cell wider than its
column wrap as paragraphs with CJK line breaking; group subtotals and the totals row are set
off in bold (filled and stroked glyphs: the CJK font has no bold face), on a shaded band
under a rule. A4 portrait when the table fits, A4 landscape when it is wide.

reportlab is imported here only, and this module only when a PDF is written. The
statement PDF (``app.billing.statement_pdf``) lays out its tables with the same public
pieces: ``pdf_styles``, ``measure_widths``, ``fit_columns``, ``table_flowables``,
``escape_text`` and ``numbered_canvas``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from ...i18n import tr
from ...receipts import cjk_font
from ..table import ColumnKind, Report, Table, format_cell
from .common import RowRole, table_notes, title_block

MARGIN = 12 * mm
SIZE = 8.0  # table text, points
PAD = 3.0  # cell padding each side
NUMERIC = frozenset({ColumnKind.INT, ColumnKind.FEN, ColumnKind.KWH, ColumnKind.PERCENT})
MIN_COLUMN = 12 * mm
MAX_NARROW = 45 * mm  # a column that is not free text is never wider than this
WIDE_COMFORT = 70 * mm  # free text wider than this wraps before a bigger page is taken
CHUNK = 150  # rows tried per page: more than an A4 page holds at this size


def write_pdf(report: Report, out: BinaryIO, _per_group: bool, zone: ZoneInfo) -> None:
    font = cjk_font()
    measured = [measure_widths(table, font, zone) for table in report.tables]
    pagesize = _page_for(measured, report.tables)
    room = pagesize[0] - 2 * MARGIN
    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 10 * mm,
        bottomMargin=MARGIN + 6 * mm,
        title=f"{report.park} {report.title} {report.period.describe()}".strip(),
        author="WattDesk",
    )
    styles = pdf_styles(font)
    story: list[Flowable] = _heading(report, zone, styles)
    for n, table in enumerate(report.tables):
        if n or table.title != report.title:
            story.append(Paragraph(escape_text(table.title), styles["section"]))
        if table.columns:
            story.append(
                table_flowables(table, fit_columns(measured[n], table, room), zone, font, styles)
            )
        for note in table_notes(table):
            story.append(Paragraph(escape_text(note), styles["note"]))
        story.append(Spacer(1, 4 * mm))
    for note in report.notes:
        story.append(Paragraph(escape_text(note), styles["note"]))
    head = f"{report.park}  {report.title}  {report.period.describe()}".strip()

    def running_head(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, pagesize[1] - MARGIN - 2 * mm, head)
        canvas.restoreState()

    doc.build(
        story,
        onFirstPage=lambda c, d: None,
        onLaterPages=running_head,
        canvasmaker=numbered_canvas(font, pagesize),
    )


def pdf_styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("cell", fontName=font, fontSize=SIZE, leading=SIZE * 1.25, wordWrap="CJK")
    return {
        "cell": base,
        "latin": ParagraphStyle("latin", parent=base, wordWrap=None),
        "num": ParagraphStyle("num", parent=base, alignment=2),
        "park": ParagraphStyle("park", parent=base, fontSize=16, leading=20, alignment=1),
        "title": ParagraphStyle(
            "title", parent=base, fontSize=13, leading=17, alignment=1, spaceAfter=2 * mm
        ),
        "meta": ParagraphStyle("meta", parent=base, fontSize=9, leading=12),
        "section": ParagraphStyle(
            "section",
            parent=base,
            fontSize=10.5,
            leading=14,
            spaceBefore=2 * mm,
            spaceAfter=1.5 * mm,
        ),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=8.5, leading=11, textColor=colors.HexColor("#444444")
        ),
    }


def _heading(report: Report, zone: ZoneInfo, styles: dict[str, ParagraphStyle]) -> list[Any]:
    """The park's name, the report's title, then its period, scope and time of making."""
    out: list[Any] = []
    if report.park:
        out.append(Paragraph(escape_text(report.park), styles["park"]))
    out.append(Paragraph(escape_text(report.title), styles["title"]))
    for line in title_block(report, zone)[1:]:
        out.append(Paragraph(escape_text(line), styles["meta"]))
    out.append(Spacer(1, 3 * mm))
    return out


PAGES = (A4, landscape(A4), landscape(A3))  # a wider page before a number ever wraps


@dataclass(frozen=True)
class Widths:
    """A table's column widths: ``natural`` if nothing wrapped (headers on one line),
    ``least`` the narrowest each may be (a figure whole, its header wrapped at spaces; a
    text column ``MIN_COLUMN``)."""

    natural: list[float]
    least: list[float]


def _page_for(widths: list[Widths], tables: list[Table]) -> tuple[float, float]:
    """The smallest page on which every table fits comfortably (A4 portrait, A4
    landscape, A3 landscape), else the smallest on which its figures fit whole with the
    text wrapped (A3 landscape prints shrunk to A4 with "fit to page"): a yuan figure
    split over two lines is misread, a wrapped tenant name is not."""
    for page in PAGES:
        room = page[0] - 2 * MARGIN
        if all(_comfortable(w, t) <= room for w, t in zip(widths, tables, strict=True)):
            return page
    for page in PAGES:
        room = page[0] - 2 * MARGIN
        if all(sum(w.least) <= room for w in widths):
            return page
    return PAGES[-1]


def _capped(natural: list[float], table: Table) -> list[float]:
    return [
        w if column.wide else min(w, MAX_NARROW)
        for w, column in zip(natural, table.columns, strict=True)
    ]


def _comfortable(widths: Widths, table: Table) -> float:
    """Figures and short text whole, free text (names, memos) up to ``WIDE_COMFORT``: a
    long memo wraps rather than turning the page."""
    return sum(
        min(w, WIDE_COMFORT) if column.wide else w
        for w, column in zip(_capped(widths.natural, table), table.columns, strict=True)
    )


def measure_widths(table: Table, font: str, zone: ZoneInfo) -> Widths:
    """Measured on the header, a sample of the rows, and the subtotal and totals figures
    (bold, and often the widest numbers); not their labels, which span the empty cells
    after them."""
    sample = table.rows[:1000]
    sums = [t for _, _, t in table.subtotals()] + ([table.total] if table.total else [])
    natural, least = [], []
    for i, column in enumerate(table.columns):
        cells = [format_cell(r[i], column.kind, zone) for r in sample]
        widest = max((stringWidth(t, font, SIZE) for t in cells if t), default=0.0)
        if i:
            bold = [format_cell(r[i], column.kind, zone) for r in sums]
            widest = max([widest, *(stringWidth(t, font, SIZE) * 1.04 for t in bold)])
        title = stringWidth(column.title, font, SIZE)
        word = max((stringWidth(t, font, SIZE) for t in column.title.split()), default=0.0)
        natural.append(max(max(widest, title) + 2 * PAD + 1, MIN_COLUMN))
        figure = column.kind in NUMERIC
        least.append(max(max(widest, word) + 2 * PAD + 1, MIN_COLUMN) if figure else MIN_COLUMN)
    return Widths(natural, least)


def fit_columns(widths: Widths, table: Table, room: float) -> list[float]:
    """Widths that fill at most ``room``: free text (names, memos) wraps first, then every
    text column, then figure headers wrap at their spaces; a figure itself never wraps
    unless even the narrowest table is wider than the page (then all shrink evenly)."""
    capped = _capped(widths.natural, table)
    if sum(capped) <= room:
        return capped
    for shrinking in (
        lambda c: c.wide,  # names and memos wrap first
        lambda c: c.kind not in NUMERIC,  # then every text column
    ):
        fixed = sum(w for w, c in zip(capped, table.columns, strict=True) if not shrinking(c))
        flexible = sum(w for w, c in zip(capped, table.columns, strict=True) if shrinking(c))
        count = sum(1 for c in table.columns if shrinking(c))
        left = room - fixed
        if flexible and left >= MIN_COLUMN * count:
            return [
                max(MIN_COLUMN, w * left / flexible) if shrinking(c) else w
                for w, c in zip(capped, table.columns, strict=True)
            ]
    least = widths.least
    spare = room - sum(least)
    if spare >= 0:  # figures at their least, the rest of the room to the text columns
        text = sum(w for w, c in zip(capped, table.columns, strict=True) if c.kind not in NUMERIC)
        return [
            lw + spare * w / text if text and c.kind not in NUMERIC else lw
            for w, lw, c in zip(capped, least, table.columns, strict=True)
        ]
    scale = room / sum(least)
    return [w * scale for w in least]


def table_flowables(
    table: Table,
    widths: list[float],
    zone: ZoneInfo,
    font: str,
    styles: dict[str, ParagraphStyle],
) -> Flowable:
    """One report table as a long table: the header repeated on every page, free text
    wrapped, subtotals and totals in bold on a shaded band."""
    from .common import lines

    header = [Paragraph(escape_text(c.title), _head_style(c.title, styles)) for c in table.columns]
    data: list[list[Any]] = [header]
    marked: list[tuple[int, RowRole, int]] = []
    for line in lines(table):
        cells = line.cells
        if line.role is RowRole.DATA:
            data.append(_cells(table, cells, widths, zone, font, styles))
            continue
        # the label spans the empty cells after it ("Subtotal A栋" in a narrow column)
        span = next((j for j in range(1, len(cells)) if cells[j] is not None), len(cells))
        marked.append((len(data), line.role, span))
        row: list[Any] = [_Bold(str(cells[0] or ""), font, "LEFT"), *[""] * (span - 1)]
        for value, column in zip(cells[span:], table.columns[span:], strict=True):
            align = "RIGHT" if column.kind in NUMERIC else "LEFT"
            row.append(_Bold(format_cell(value, column.kind, zone), font, align))
        data.append(row)
    style: list[Any] = [
        ("FONT", (0, 0), (-1, -1), font, SIZE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE4EE")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#BBBBBB")),
    ]
    for i, column in enumerate(table.columns):
        if column.kind in NUMERIC:
            style.append(("ALIGN", (i, 1), (i, -1), "RIGHT"))
    marks = {at - 1: (role, span) for at, role, span in marked}  # index into the body rows
    return _Paged(header, data[1:], marks, widths, style)


class _Paged(Flowable):
    """A table laid out one page at a time. Each split builds a LongTable of the header and
    the next ``CHUNK`` rows only and keeps what fits, so the cost grows with the rows, not
    with rows times pages (reportlab's own split rebuilds the whole rest of the table on
    every page: a 10,000-row report took four times as long). The header row starts every
    piece, so it repeats on each page."""

    def __init__(
        self,
        header: list[Any],
        rows: list[list[Any]],
        marks: dict[int, tuple[RowRole, int]],
        widths: list[float],
        style: list[Any],
        start: int = 0,
    ) -> None:
        super().__init__()
        self.header, self.rows, self.marks, self.widths = header, rows, marks, widths
        self.style, self.start = style, start
        self.whole: LongTable | None = None
        self.hAlign = "LEFT"

    def piece(self, stop: int) -> LongTable:
        """The header and rows ``start..stop`` as one table, the emphasised rows styled."""
        commands = list(self.style)
        for i in range(self.start, stop):
            if i in self.marks:
                role, span = self.marks[i]
                at = i - self.start + 1
                if span > 1:
                    commands.append(("SPAN", (0, at), (span - 1, at)))
                shade = "#E4E4E4" if role is RowRole.TOTAL else "#F2F2F2"
                commands.append(("BACKGROUND", (0, at), (-1, at), colors.HexColor(shade)))
                commands.append(("LINEABOVE", (0, at), (-1, at), 1.0, colors.black))
        data = [self.header, *self.rows[self.start : stop]]
        return LongTable(data, colWidths=self.widths, repeatRows=1, style=TableStyle(commands))

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if len(self.rows) - self.start <= CHUNK:
            self.whole = self.piece(len(self.rows))
            return self.whole.wrap(available_width, available_height)
        self.whole = None
        return available_width, available_height + 1  # more than a page: split me

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        stop = min(self.start + CHUNK, len(self.rows))
        trial = self.piece(stop)
        parts = trial.split(available_width, available_height)
        if not parts:
            return []  # not even the header and one row fit here: the next page
        fitted = stop - self.start if len(parts) == 1 else len(parts[0]._cellvalues) - 1  # type: ignore[attr-defined]
        if fitted <= 0:
            return []
        rest = _Paged(self.header, self.rows, self.marks, self.widths, self.style)
        rest.start = self.start + fitted
        return [parts[0], rest] if rest.start < len(self.rows) else [parts[0]]

    def draw(self) -> None:
        if self.whole is not None:
            self.whole.drawOn(self.canv, 0, 0)


def _head_style(title: str, styles: dict[str, ParagraphStyle]) -> ParagraphStyle:
    """Chinese titles may break between any two characters; Latin ones only at spaces
    ("Closing / balance", not "Closing balan / ce")."""
    return styles["cell"] if any(ord(ch) >= 0x2E80 for ch in title) else styles["latin"]


def _cells(
    table: Table,
    row: tuple[Any, ...],
    widths: list[float],
    zone: ZoneInfo,
    font: str,
    styles: dict[str, ParagraphStyle],
) -> list[Any]:
    """Plain strings where they fit (fast), paragraphs where text must wrap."""
    out: list[Any] = []
    for value, column, width in zip(row, table.columns, widths, strict=True):
        text = format_cell(value, column.kind, zone)
        if stringWidth(text, font, SIZE) > width - 2 * PAD:  # wraps: a paragraph
            style = styles["num"] if column.kind in NUMERIC else styles["cell"]
            out.append(Paragraph(escape_text(text), style))
        else:
            out.append(text)
    return out


class _Bold(Flowable):
    """A cell's text in bold for the subtotal and totals rows: the CJK font has no bold
    face, so the glyphs are filled and stroked (text render mode 2), as word processors do
    for "fake bold". One line; the text stays extractable."""

    def __init__(self, text: str, font: str, align: str) -> None:
        super().__init__()
        self.text, self.font, self.align = text, font, align

    def wrap(self, available_width: float, _available_height: float) -> tuple[float, float]:
        self.width = available_width
        return available_width, SIZE * 1.2

    def draw(self) -> None:
        canvas = self.canv
        x = 0.0
        if self.align == "RIGHT":
            x = self.width - stringWidth(self.text, self.font, SIZE)
        text = canvas.beginText(x, SIZE * 0.25)
        text.setFont(self.font, SIZE)
        text.setTextRenderMode(2)
        canvas.setLineWidth(SIZE * 0.035)
        text.textOut(self.text)
        canvas.drawText(text)


def escape_text(text: str) -> str:
    """Paragraph text is mini-HTML: ``<``, ``>`` and ``&`` of a tenant's name stay text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def numbered_canvas(font: str, pagesize: tuple[float, float]) -> type[Canvas]:
    """A canvas that holds every page until the end, then writes "page x of y" on each."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._foot(total)
                super().showPage()
            super().save()

        def _foot(self, total: int) -> None:
            self.saveState()
            self.setFont(font, 8)
            text = tr("Page {page} of {pages}", page=self.getPageNumber(), pages=total)
            self.drawCentredString(pagesize[0] / 2, MARGIN, text)
            self.restoreState()

    return NumberedCanvas
