"""Statement PDFs: one account's statement, or a building's batch (one PDF, each statement
starting on a new page).

The tables are the reports' own (``app.reports.export.pdf``: the same cell formatting,
column fitting, wrapping and bold totals as every report), so a statement printed here and
the same statement exported through ``write_report`` read alike. What is the statement's
own: the heading (park, "Statement", the account, tenant, rooms, period, the due date of
its open bills), a running head naming the account on its later pages, and the page range
of each statement in a batch (returned, so the caller can say which pages to reprint).

reportlab is imported when this module is, and this module only when a PDF is written.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.flowables import Flowable

from ..i18n import tr
from ..receipts import cjk_font
from ..reports.export.common import generated_at, table_notes
from ..reports.export.pdf import (
    MARGIN,
    escape_text,
    fit_columns,
    measure_widths,
    numbered_canvas,
    pdf_styles,
    table_flowables,
)
from ..reports.table import Report

PageRange = tuple[str, int, int]  # (key, first page, last page), pages counted from 1


class _Mark(Flowable):
    """Zero-size marker: notes the page a statement starts on and sets the running head."""

    def __init__(self, key: str, head: str, log: list[list[Any]]) -> None:
        super().__init__()
        self.key, self.head, self.log = key, head, log

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        page = self.canv.getPageNumber()
        self.log.append([self.key, page, page, self.head, False])


class _End(Flowable):
    """Zero-size marker after a statement: notes its last page; the pages after it (the
    next statement's first) get no running head of this one."""

    def __init__(self, log: list[list[Any]]) -> None:
        super().__init__()
        self.log = log

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        if self.log:
            self.log[-1][2] = self.canv.getPageNumber()
            self.log[-1][4] = True


def _story(report: Report, zone: ZoneInfo, font: str, room: float) -> list[Flowable]:
    styles = pdf_styles(font)
    out: list[Flowable] = []
    if report.park:
        out.append(Paragraph(escape_text(report.park), styles["park"]))
    out.append(Paragraph(escape_text(report.title), styles["title"]))
    meta = [
        report.scope,
        tr("Period: {period}", period=report.period.describe()),
        tr("Generated at: {time}", time=generated_at(report, zone)),
        *report.notes,
    ]
    for line in meta:
        out.append(Paragraph(escape_text(line), styles["meta"]))
    out.append(Spacer(1, 3 * mm))
    for table in report.tables:
        out.append(Paragraph(escape_text(table.title), styles["section"]))
        if table.rows:
            widths = fit_columns(measure_widths(table, font, zone), table, room)
            out.append(table_flowables(table, widths, zone, font, styles))
        else:
            out.append(Paragraph(escape_text(tr("None in this period.")), styles["note"]))
        for note in table_notes(table):
            if note != tr("No data in this period."):
                out.append(Paragraph(escape_text(note), styles["note"]))
        out.append(Spacer(1, 3 * mm))
    return out


def write_statements_pdf(
    reports: list[tuple[str, Report]], target: Path, zone: ZoneInfo | None = None
) -> list[PageRange]:
    """Write the statements (``(key, report)``, usually the account number) to ``target``,
    atomically (a temporary file in the same folder, then a rename); returns each
    statement's page range."""
    font = cjk_font()
    room = A4[0] - 2 * MARGIN
    log: list[list[Any]] = []
    story: list[Flowable] = []
    for n, (key, report) in enumerate(reports):
        if n:
            story.append(PageBreak())
        head = f"{report.park}  {report.title}  {report.scope}  {report.period.describe()}"
        story.append(_Mark(key, head.strip(), log))
        story.extend(_story(report, zone or report.period.zone, font, room))
        story.append(_End(log))
    target = Path(target)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")

    def later_page(canvas: Canvas, _doc: Any) -> None:
        if log and not log[-1][4]:  # a statement continues on this page
            canvas.saveState()
            canvas.setFont(font, 7.5)
            canvas.drawString(MARGIN, A4[1] - MARGIN - 2 * mm, str(log[-1][3]))
            canvas.restoreState()

    doc = SimpleDocTemplate(
        str(temporary),
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 10 * mm,
        bottomMargin=MARGIN + 6 * mm,
        title=tr("Statement"),
        author="WattDesk",
    )
    try:
        doc.build(
            story,
            onFirstPage=lambda _c, _d: None,
            onLaterPages=later_page,
            canvasmaker=numbered_canvas(font, A4),
        )
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return [(str(k), int(first), int(last)) for k, first, last, _head, _end in log]
