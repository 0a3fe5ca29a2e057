"""A report as an Excel workbook (openpyxl, write-only: 10,000 rows in about a second).

One sheet per table; with ``per_group_sheets`` the tables that have a group column (the
building) get one sheet per group value instead, each with its own totals row. Every sheet:
the park's name and the title block (report, period, scope, generated at), the header row
bold and frozen, then the rows (group subtotals and the totals row bold), then the notes.

Cells are typed, so finance can sum and pivot: yuan are exact numbers (the fen as a
``Decimal`` of yuan, format ``#,##0.00``), kWh numbers with two decimals, percent as real
percentages, dates and park-local times as Excel dates. Text is always a string cell: text
starting with ``=`` is written with ``data_type = "s"`` (openpyxl would otherwise store a
formula), and text a spreadsheet would evaluate when re-typed (``= + - @``, tab, CR) also
carries Excel's quote prefix, so editing the cell keeps it text.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, BinaryIO
from zoneinfo import ZoneInfo

from ..table import Cell, Column, ColumnKind, Report, Row, Table, format_cell, yuan
from .common import (
    Line,
    RowRole,
    display_width,
    formula_like,
    groups,
    lines,
    subtotal_label,
    table_notes,
    title_block,
)

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

YUAN_FORMAT = "#,##0.00"
KWH_FORMAT = "#,##0.00"
INT_FORMAT = "#,##0"
PERCENT_FORMAT = "0.00%"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
FORMATS = {
    ColumnKind.FEN: YUAN_FORMAT,
    ColumnKind.KWH: KWH_FORMAT,
    ColumnKind.INT: INT_FORMAT,
    ColumnKind.PERCENT: PERCENT_FORMAT,
    ColumnKind.DATE: DATE_FORMAT,
    ColumnKind.DATETIME: DATETIME_FORMAT,
}
BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
WIDTH_SAMPLE = 2000  # rows measured for column widths (enough to see the long names)


class _Styles:
    """The few styles of a workbook, made once (openpyxl indexes each new one)."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.park = Font(bold=True, size=14)
        self.bold = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor="DDE4EE")
        self.subtotal_fill = PatternFill("solid", fgColor="F2F2F2")
        self.total_fill = PatternFill("solid", fgColor="E4E4E4")
        self.top_line = Border(top=Side(style="thin"))
        self.wrap = Alignment(wrap_text=True, vertical="center")


def write_xlsx(report: Report, out: BinaryIO, per_group: bool, zone: ZoneInfo) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    styles = _Styles()
    names: set[str] = set()
    for table in report.tables:
        if per_group and table.group is not None and table.rows:
            for value, rows in groups(table):
                label = table.total[0] if table.total and table.total[0] else None
                label = label or subtotal_label(value)
                part = Table(table.title, table.columns, rows, None, None, table.note)
                part.total = table.sum_rows(rows, str(label))
                scope = f"{report.scope} {value}".strip() if report.scope else str(value)
                name = _sheet_name(str(value), names)
                _sheet(book, name, report, part, zone, styles, scope)
        else:
            _sheet(book, _sheet_name(table.title, names), report, table, zone, styles, None)
    if not report.tables:
        empty = Table(report.title, [])
        _sheet(book, _sheet_name(report.title, names), report, empty, zone, styles, None)
    # built in memory, then written: openpyxl leaves its zip half-open if the disk fails
    buffer = io.BytesIO()
    book.save(buffer)
    out.write(buffer.getbuffer())


def _sheet(
    book: Workbook,
    name: str,
    report: Report,
    table: Table,
    zone: ZoneInfo,
    styles: _Styles,
    scope: str | None,
) -> None:
    from openpyxl.utils import get_column_letter

    sheet: Any = book.create_sheet(name)  # write-only: typed as a plain Worksheet
    block = title_block(report, zone, scope)
    header_row = len(block) + 3  # park, the block, a blank row, then the header
    for i, width in enumerate(_widths(table, zone), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    park = _text(sheet, report.park or report.title)
    park.font = styles.park
    sheet.append([park])
    for text in block:
        sheet.append([_text(sheet, text)])
    sheet.append([])
    header = []
    for column in table.columns:
        cell = _text(sheet, column.title)
        cell.font, cell.fill, cell.alignment = styles.bold, styles.header_fill, styles.wrap
        header.append(cell)
    sheet.append(header)
    for line in lines(table):
        sheet.append(_row(sheet, table.columns, line, zone, styles))
    notes = [*table_notes(table), *report.notes]
    if notes:
        sheet.append([])
    for note in notes:
        sheet.append([_text(sheet, note)])


def _row(
    sheet: WriteOnlyWorksheet, columns: list[Column], line: Line, zone: ZoneInfo, styles: _Styles
) -> list[Any]:
    """One printed row: typed cells, number formats; subtotal and totals rows bold."""
    from openpyxl.cell import WriteOnlyCell

    out: list[Any] = []
    emphasis = line.role is not RowRole.DATA
    for value, column in zip(line.cells, columns, strict=True):
        typed = _typed(value, column.kind, zone)
        if not emphasis and (typed is None or (isinstance(typed, str) and not formula_like(typed))):
            out.append(typed)  # a plain value: openpyxl makes the cell (faster)
            continue
        if isinstance(typed, str):
            cell = _text(sheet, typed)
        else:
            cell = WriteOnlyCell(sheet, typed)
            if typed is not None and column.kind in FORMATS:
                cell.number_format = FORMATS[column.kind]
        if emphasis:
            cell.font, cell.border = styles.bold, styles.top_line
            cell.fill = styles.total_fill if line.role is RowRole.TOTAL else styles.subtotal_fill
        out.append(cell)
    return out


def _typed(value: Cell, kind: ColumnKind, zone: ZoneInfo) -> Any:
    """The value Excel should hold: numbers for money, energy and percent, dates as dates."""
    if value is None:
        return None
    if kind is ColumnKind.FEN and isinstance(value, int):
        return yuan(value)
    if kind is ColumnKind.KWH and isinstance(value, Decimal | int):
        return Decimal(value)
    if kind is ColumnKind.PERCENT and isinstance(value, Decimal | int):
        return Decimal(value) / 100
    if isinstance(value, datetime):
        moment = value.astimezone(zone) if value.tzinfo is not None else value
        return moment.replace(tzinfo=None)
    if isinstance(value, date | int | Decimal):
        return value
    return str(value)


def _text(sheet: WriteOnlyWorksheet, text: str) -> Any:
    """A string cell that is never a formula, whatever its first character."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, text)
    if formula_like(text):
        cell.data_type = "s"  # openpyxl made "=..." a formula; store the string itself
        cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
    return cell


def _widths(table: Table, zone: ZoneInfo) -> list[float]:
    """Column widths in characters: the longest of header and (a sample of) cells, CJK
    counted double; free-text columns may be wider, none narrower than 8."""
    widths: list[float] = []
    sample: list[Row] = table.rows[:WIDTH_SAMPLE]
    if table.total is not None:
        sample = [*sample, table.total]
    for i, column in enumerate(table.columns):
        longest = display_width(column.title)
        for row in sample:
            value = row[i]
            if value is not None:
                longest = max(longest, display_width(format_cell(value, column.kind, zone)))
        widths.append(min(max(longest + 2, 8), 60 if column.wide else 40))
    return widths


def _sheet_name(wanted: str, taken: set[str]) -> str:
    """A valid, unique sheet name: no ``[]:*?/\\``, at most 31 characters, never empty."""
    base = BAD_SHEET_CHARS.sub("_", wanted).strip("' ") or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name
