"""What every report returns: titled tables of typed cells, with totals and subtotals.

A report is data, not text: money stays integer fen, energy stays ``Decimal`` kWh, times
stay aware datetimes, so the window, the XLSX (real numbers with formats), the CSV and the
PDF all show the same figures and the totals reconcile to the fen. Formatting for people
(yuan with two decimals, park-local times) happens in ``format_cell`` and the exporters.

A ``Report`` has one or more ``Table`` sections (the orders and their totals by method; the
reading sheet and its master meters). A table may name a ``group`` column (the building):
``subtotals()`` then sums each run of rows with the same group value, and the XLSX export
can write one sheet per group.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from .period import Grain, Period

Cell = str | int | Decimal | date | datetime | None
Row = tuple[Cell, ...]


class ColumnKind(enum.StrEnum):
    """How a column's cells are typed, summed and shown."""

    TEXT = "text"  # str
    INT = "int"  # int (counts)
    FEN = "fen"  # int fen, shown as yuan 1,234.56
    KWH = "kwh"  # Decimal kWh, two decimals
    PERCENT = "percent"  # Decimal percent (12.34 means 12.34 %), never summed
    DATE = "date"  # date
    DATETIME = "datetime"  # aware datetime (UTC), shown in park time


SUMMABLE = frozenset({ColumnKind.INT, ColumnKind.FEN, ColumnKind.KWH})


@dataclass(frozen=True)
class Column:
    """``title`` is already translated (built with ``tr()`` when the report is made);
    ``total`` says whether the totals row sums it (counts, yuan, kWh)."""

    key: str
    title: str
    kind: ColumnKind = ColumnKind.TEXT
    total: bool = False
    wide: bool = False  # free text (names, memos): the PDF wraps it, XLSX widens it


@dataclass
class Table:
    """One section of a report. ``rows`` hold cells in column order; ``total`` is the
    totals row (same length, ``None`` where nothing is summed; first cell a label)."""

    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    total: Row | None = None
    group: str | None = None  # key of the column whose runs get subtotals (building)
    note: str = ""  # a sentence under the table (what the figures mean, what is missing)

    def index(self, key: str) -> int:
        for i, column in enumerate(self.columns):
            if column.key == key:
                return i
        raise KeyError(key)

    def column(self, key: str) -> list[Cell]:
        i = self.index(key)
        return [row[i] for row in self.rows]

    def sum_rows(self, rows: Iterable[Row], label: str) -> Row:
        """A totals row over ``rows``: exact sums of the summable ``total`` columns, the
        label in the first column, ``None`` elsewhere."""
        rows = list(rows)
        out: list[Cell] = []
        for i, column in enumerate(self.columns):
            if column.total and column.kind in SUMMABLE:
                zero: int | Decimal = Decimal(0) if column.kind is ColumnKind.KWH else 0
                values = [row[i] for row in rows if row[i] is not None]
                out.append(sum(values, zero))  # type: ignore[arg-type]
            else:
                out.append(None)
        if out:
            out[0] = label
        return tuple(out)

    def with_total(self, label: str) -> Table:
        """Set ``total`` to the sum of every row and return self (for chaining)."""
        self.total = self.sum_rows(self.rows, label)
        return self

    def subtotals(self, label: str = "{group}") -> list[tuple[Cell, list[Row], Row]]:
        """``(group value, its rows, its subtotal row)`` for each run of the group column,
        in order; empty without a group column. ``label`` may use ``{group}``."""
        if self.group is None:
            return []
        i = self.index(self.group)
        out: list[tuple[Cell, list[Row], Row]] = []
        for row in self.rows:
            if out and out[-1][0] == row[i]:
                out[-1][1].append(row)
            else:
                out.append((row[i], [row], ()))
        return [
            (value, rows, self.sum_rows(rows, label.format(group=value))) for value, rows, _ in out
        ]


@dataclass
class Report:
    """A finished report: what was asked (kind, period, scope text) and its tables.

    ``series`` carries what the window charts (label -> values per bucket), so the chart
    and the table come from the same figures; exporters ignore it.
    """

    kind: str
    title: str
    period: Period
    scope: str  # "星河智造产业园" / "A 栋" / "account A-0012", already in words
    tables: list[Table]
    grain: Grain | None = None
    park: str = ""
    generated_at: datetime | None = None
    series: dict[str, list[tuple[str, Decimal]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def main(self) -> Table:
        return self.tables[0]

    @property
    def empty(self) -> bool:
        return all(not table.rows for table in self.tables)


def yuan(fen: int) -> Decimal:
    """Fen as exact yuan (two decimals)."""
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part / whole`` in percent with two decimals; None when ``whole`` is zero."""
    if not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))
    return value.copy_abs() if value.is_zero() else value  # never "-0.00 %"


def format_cell(value: Cell, kind: ColumnKind, zone: ZoneInfo | None = None) -> str:
    """A cell as people read it: yuan ``1,234.56``, kWh ``12.30``, ``12.5 %``, park time."""
    if value is None:
        return ""
    if kind is ColumnKind.FEN and isinstance(value, int):
        return f"{yuan(value):,}"
    if kind is ColumnKind.KWH and isinstance(value, Decimal | int):
        return f"{Decimal(value).quantize(Decimal('0.01')):,}"
    if kind is ColumnKind.PERCENT and isinstance(value, Decimal | int):
        return f"{Decimal(value).quantize(Decimal('0.01'))} %"
    if kind is ColumnKind.DATETIME and isinstance(value, datetime):
        moment = value.astimezone(zone) if zone is not None else value
        return moment.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def row_texts(table: Table, row: Sequence[Cell], zone: ZoneInfo | None = None) -> list[str]:
    """Every cell of ``row`` formatted by its column's kind (CSV, PDF, the window)."""
    cells = zip(row, table.columns, strict=True)
    return [format_cell(value, column.kind, zone) for value, column in cells]


def as_dict(table: Table, row: Row) -> dict[str, Any]:
    """A row as ``{column key: cell}`` (tests and the CLI's JSON read rows this way)."""
    return {column.key: value for column, value in zip(table.columns, row, strict=True)}
