"""Finance and energy reports (财务管理 + 报表), Qt-free.

Each report kind is a function of the database and a request (period, grouping, scope)
that returns a ``Report`` of typed tables with totals; ``run_report`` checks the role and
is what the window and ``python -m app report`` call. Exports (XLSX, CSV, PDF) live in
``app.reports.export``. No SQL in the UI: the window reads only through here.
"""

from __future__ import annotations

from .period import Bucket, Grain, Period, ReportCancelled, ReportError
from .request import (
    REGISTRY,
    ReportKind,
    ReportRequest,
    Scope,
    kinds,
    may_run,
    park_name,
    register,
    resolve_scope,
    run_report,
)
from .table import Column, ColumnKind, Report, Table, format_cell, percent, row_texts, yuan

__all__ = [
    "REGISTRY",
    "Bucket",
    "Column",
    "ColumnKind",
    "Grain",
    "Period",
    "Report",
    "ReportCancelled",
    "ReportError",
    "ReportKind",
    "ReportRequest",
    "Scope",
    "Table",
    "format_cell",
    "kinds",
    "may_run",
    "park_name",
    "percent",
    "register",
    "resolve_scope",
    "row_texts",
    "run_report",
    "yuan",
]
