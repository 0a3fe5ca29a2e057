"""A batch's result as an Excel workbook (批量任务结果): one row per item, for the office.

The Batches window's "Export…" and anyone holding a ``BatchDetail`` call ``write_batch_xlsx``.
The file is written whole or not at all (``app.reports.export.write_atomically``: a
temporary file beside the target, renamed over it once complete), so a half-written sheet
never replaces a good one. Times are shown in the park's zone; amounts as exact yuan.
openpyxl is imported here, never at start-up.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from ..i18n import tr
from ..reports.export import write_atomically
from .actions import action_label, word
from .views import BatchDetail

YUAN_FORMAT = "#,##0.00"
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """An aware UTC time as a naive park-local one (Excel has no zones)."""
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite hands back naive UTC
        from datetime import UTC

        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).replace(tzinfo=None)


def _text(value: str) -> str:
    """Text a spreadsheet would read as a formula keeps a leading quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def headers() -> list[str]:
    return [
        tr("Item"),
        tr("Room / meter"),
        tr("State"),
        tr("Reason"),
        tr("Amount (yuan)"),
        tr("Attempts"),
        tr("Updated"),
    ]


def summary_rows(detail: BatchDetail, zone: ZoneInfo) -> list[tuple[str, Any]]:
    """The batch's own lines above the items: what, over which rooms, how it went."""
    b = detail.summary
    counts = ", ".join(f"{word(k)} {n}" for k, n in sorted(b.counts.items()))
    return [
        (tr("Batch"), b.id),
        (tr("Action"), action_label(b.action)),
        (tr("Selection"), _text(b.selection)),
        (tr("Status"), word(b.status)),
        (tr("Created by"), b.created_by),
        (tr("Run at"), _local(b.run_at, zone)),
        (tr("Finished"), _local(b.finished_at, zone)),
        (tr("Items"), b.total),
        (tr("Counts"), counts),
    ]


def write_batch_xlsx(detail: BatchDetail, path: Path, zone: ZoneInfo) -> None:
    """Write ``detail`` (a batch and the items it holds) to ``path`` atomically."""
    write_atomically(Path(path), lambda out: _write(detail, out, zone))


def _write(detail: BatchDetail, out: BinaryIO, zone: ZoneInfo) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = tr("Batch {id}", id=detail.summary.id)[:31]
    bold = Font(bold=True)
    for label, value in summary_rows(detail, zone):
        sheet.append([label, value])
        sheet.cell(sheet.max_row, 1).font = bold
        if isinstance(value, datetime):
            sheet.cell(sheet.max_row, 2).number_format = TIME_FORMAT
    sheet.append([])
    sheet.append(headers())
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
    for item in detail.items:
        amount = Decimal(item.amount_fen) / 100 if item.amount_fen is not None else None
        sheet.append(
            [
                item.item_no,
                _text(item.label),
                word(item.state),
                _text(item.reason),
                amount,
                item.attempts,
                _local(item.updated_at, zone),
            ]
        )
        row = sheet.max_row
        sheet.cell(row, 5).number_format = YUAN_FORMAT
        sheet.cell(row, 7).number_format = TIME_FORMAT
    sheet.freeze_panes = f"A{header_row + 1}"  # set last: a cell() call would make a row
    for column, width in zip("ABCDEFG", (10, 24, 12, 36, 14, 10, 20), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(out)
