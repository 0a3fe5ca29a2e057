"""A report as one CSV file that Excel opens in Chinese and a script can still read.

The first line is the main table's header (no title block above it, so ``csv`` readers and
Excel's sort see a plain table); its rows follow, then its totals row. Each other table
comes after a blank line, with its title on a line of its own, then its header and rows.
Group subtotals are left out: the CSV is for sums and pivots, which would count them twice.

Numbers stay numbers: yuan as ``1234.56`` (no thousands separator), kWh as ``12.30``,
percent as ``12.34``; dates ISO, times in park time. Text that a spreadsheet would run as a
formula (``=``, ``+``, ``-``, ``@``, tab, CR first) gets a leading ``'`` (OWASP's advice).
Files get UTF-8 with a byte-order mark (Excel needs it to read UTF-8); a text stream
(standard output) gets the same lines without it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO, TextIO
from zoneinfo import ZoneInfo

from ..table import Cell, Column, ColumnKind, Report, Table, yuan
from .common import RowRole, formula_like, lines, table_notes

BOM = "\ufeff"


def write_csv(report: Report, out: BinaryIO, _per_group: bool, zone: ZoneInfo) -> None:
    """The report as UTF-8 with BOM to a binary stream (a file)."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        text.write(BOM)
        _write(report, text, zone)
        text.flush()
    finally:
        text.detach()  # leave ``out`` open: the caller closes it


def write_csv_text(report: Report, out: TextIO, zone: ZoneInfo) -> None:
    """The report to a text stream (``--output -``): the same lines without the BOM."""
    _write(report, out, zone)
    out.flush()


def _write(report: Report, out: TextIO, zone: ZoneInfo) -> None:
    # CRLF line ends (RFC 4180, Excel); the writer then quotes any CR or LF inside a field
    writer = csv.writer(out, lineterminator="\r\n")
    for n, table in enumerate(report.tables):
        if n:
            writer.writerow([])
            writer.writerow([guard(table.title)])
        writer.writerow([guard(column.title) for column in table.columns])
        writer.writerows(_rows(table, zone))
        for note in table_notes(table):
            writer.writerow([guard(note)])
    if report.notes:
        writer.writerow([])
        for note in report.notes:
            writer.writerow([guard(note)])


def _rows(table: Table, zone: ZoneInfo) -> Iterable[list[str]]:
    columns = table.columns
    for line in lines(table, subtotals=False):
        if line.role is RowRole.SUBTOTAL:
            continue
        yield [
            cell_text(value, column, zone)
            for value, column in zip(line.cells, columns, strict=True)
        ]


def cell_text(value: Cell, column: Column, zone: ZoneInfo) -> str:
    """One cell as the CSV writes it: plain numbers, ISO dates, guarded text."""
    if value is None:
        return ""
    kind = column.kind
    if kind is ColumnKind.FEN and isinstance(value, int):
        return str(yuan(value))
    if kind in (ColumnKind.KWH, ColumnKind.PERCENT) and isinstance(value, Decimal | int):
        return str(Decimal(value).quantize(Decimal("0.01")))
    if isinstance(value, datetime):
        moment = value.astimezone(zone) if value.tzinfo is not None else value
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    return guard(str(value))


def guard(text: str) -> str:
    """``'=1+2`` for ``=1+2``: shown as the text it is, never evaluated."""
    return "'" + text if formula_like(text) else text
