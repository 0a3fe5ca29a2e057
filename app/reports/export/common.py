"""What the three exporters share: the title block, the rows in print order (with the
subtotal and totals rows marked), the formula guard and the display width of a text.

Keeping this in one place is what makes an XLSX, a CSV and a PDF of the same report say the
same thing: the same header lines, the same subtotal labels, the same "no data" sentence.
"""

from __future__ import annotations

import enum
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ...i18n import tr
from ..period import Grain
from ..table import Report, Row, Table

# a spreadsheet evaluates a cell whose text starts with one of these (CSV injection, OWASP)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class RowRole(enum.Enum):
    """What a printed row is: a data row, a group's subtotal, or the table's total."""

    DATA = "data"
    SUBTOTAL = "subtotal"
    TOTAL = "total"


@dataclass(frozen=True)
class Line:
    role: RowRole
    cells: Row


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read ``text`` as a formula if it were typed in a cell."""
    return text.startswith(FORMULA_STARTS)


def grain_text(grain: Grain | None) -> str:
    if grain is Grain.DAY:
        return tr("by day")
    if grain is Grain.MONTH:
        return tr("by month")
    if grain is Grain.YEAR:
        return tr("by year")
    return ""


def generated_at(report: Report, zone: ZoneInfo) -> str:
    moment = report.generated_at or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def title_block(report: Report, zone: ZoneInfo, scope: str | None = None) -> list[str]:
    """The lines under the park's name: report, period, scope, generated at.

    ``scope`` overrides the report's (a per-building sheet says its building)."""
    period = report.period.describe()
    grain = grain_text(report.grain)
    if grain:
        period = tr("{period} ({grain})", period=period, grain=grain)
    return [
        tr("Report: {title}", title=report.title),
        tr("Period: {period}", period=period),
        tr("Scope: {scope}", scope=scope or report.scope or tr("the whole park")),
        tr("Generated at: {time}", time=generated_at(report, zone)),
    ]


def no_data_text() -> str:
    return tr("No data in this period.")


def subtotal_label(group: object) -> str:
    return tr("Subtotal {group}", group=group if group is not None else "")


def lines(table: Table, *, subtotals: bool = True) -> Iterator[Line]:
    """The rows in print order: each group's rows followed by its subtotal (when the table
    has a group column and ``subtotals``), then the table's totals row if it has one."""
    if table.group is not None and subtotals:
        runs = table.subtotals()
        for value, rows, _ in runs:
            for row in rows:
                yield Line(RowRole.DATA, row)
            yield Line(RowRole.SUBTOTAL, table.sum_rows(rows, subtotal_label(value)))
    else:
        for row in table.rows:
            yield Line(RowRole.DATA, row)
    if table.total is not None:
        yield Line(RowRole.TOTAL, table.total)


def groups(table: Table) -> list[tuple[object, list[Row]]]:
    """``(group value, rows)`` for every distinct value of the group column, in order of
    first appearance (a sheet per building collects its rows even if they were not adjacent)."""
    if table.group is None:
        return []
    i = table.index(table.group)
    found: dict[object, list[Row]] = {}
    for row in table.rows:
        found.setdefault(row[i], []).append(row)
    return list(found.items())


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width view: CJK (wide and full-width) counts two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table_notes(table: Table) -> list[str]:
    """The sentences printed under a table: its own note, "no data" when it has no rows."""
    out = [table.note] if table.note else []
    if not table.rows:
        out.append(no_data_text())
    return out
