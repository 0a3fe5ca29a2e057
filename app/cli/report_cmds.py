"""``report KIND --from D --to D ... --format csv|xlsx|pdf --output FILE|-``: a report to a file.

The command logs in like every money command (``--operator``, app/cli/auth.py) but declares
no permission of its own: ``app.reports.run_report`` decides, per kind, in the service (an
auditor reads every report, a cashier only their own orders). What it checks before asking
for a password or touching the database: the format (from ``--format`` or the file's
extension), the dates, the kind's name, and that the output's folder exists, so a typo costs
no login and no report run.

Exit codes: 0 written (also a period with no data: the file says "No data in this period."
and so does the summary line, since an empty month is an answer, not a failure); 1 refused
(a ``ReportError``: bad dates, an unknown kind, building or account, a file that cannot be
written; or a role that may not read the report); 2 usage; 3 environment. The summary line
(kind, period, rows, file) goes to standard error, so ``--output -`` leaves standard output
to the CSV alone.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n import tr
from .auth import login_required
from .collector_cmds import _zone

FILTERS = ("method", "cashier", "tenant", "entry_kind")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    text = "finance and energy reports to XLSX, CSV or PDF"
    p = sub.add_parser(
        "report",
        help=text,
        description=f"{text}. KIND: orders, income, energy, monthly, compare, readings. "
        "Dates are park-local (YYYY-MM-DD, or YYYY-MM / YYYY for a whole month or year).",
    )
    p.add_argument("kind", metavar="KIND", help="orders income energy monthly compare readings")
    p.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    p.add_argument("--from", dest="start", required=True, metavar="DATE", help="first day")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="last day (included)")
    p.add_argument("--by", choices=["day", "month", "year"], help="rows per day, month or year")
    p.add_argument("--building", help="only this building (its name)")
    p.add_argument("--floor", help="only this floor of --building")
    p.add_argument("--account", help="only this account (its number)")
    p.add_argument("--method", help="orders: cash, card, transfer or qr")
    p.add_argument("--cashier", metavar="LOGIN", help="orders: taken by this cashier")
    p.add_argument("--tenant", help="orders: this tenant")
    p.add_argument(
        "--kind",
        dest="entry_kind",
        metavar="K",
        help="orders: recharge, refund, reversal, adjustment, fee, charge, transfer, close, ...",
    )
    p.add_argument(
        "--top", type=int, metavar="N", help="compare: list the N rooms that changed most"
    )
    p.add_argument(
        "--per-building", action="store_true", help="XLSX: one sheet per building, each with totals"
    )
    p.add_argument("--timezone", default="Asia/Shanghai", type=_zone, help="park time zone")
    p.add_argument("--format", choices=["csv", "xlsx", "pdf"], help="default: the file's extension")
    p.add_argument(
        "--output", required=True, metavar="FILE", help="file to write; - prints CSV to stdout"
    )
    p.set_defaults(handler=cmd_report)
    login_required(p)  # run_report checks the role for the kind asked


def cmd_report(args: argparse.Namespace) -> int:
    from ..reports import ReportError

    try:
        return _run(args)
    except ReportError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1


def _run(args: argparse.Namespace) -> int:
    from ..reports import Grain, Period, ReportRequest, kinds, park_name, resolve_scope, run_report
    from ..reports.export import write_report
    from .site_cmds import _open

    fmt = _format(args)
    if fmt is None:
        return 2
    zone = ZoneInfo(args.timezone)
    period = Period.parse(args.start, args.end, zone)
    spec = _kind(args.kind, kinds())
    grain = (
        Grain(args.by) if args.by else (Grain.DAY if Grain.DAY in spec.grains else spec.grains[0])
    )
    output = None if args.output == "-" else Path(args.output)
    if output is not None:
        _check_folder(output)
    db = _open(args)
    try:
        from .auth import actor_for

        actor = actor_for(args, db)
        with db.read() as session:
            scope = resolve_scope(
                session, building=args.building, floor=args.floor, account=args.account
            )
            park = park_name(session)
        filters = {
            ("kind" if name == "entry_kind" else name): str(getattr(args, name)).strip()
            for name in FILTERS
            if getattr(args, name)
        }
        request = ReportRequest(args.kind, period, grain, scope, filters, args.top)
        report = run_report(db, actor, request)
    finally:
        db.dispose()
    report.park = report.park or park
    report.generated_at = report.generated_at or datetime.now(UTC)
    if output is None:
        _print_csv(report, zone)
    else:
        write_report(report, fmt, output, per_group_sheets=args.per_building, zone=zone)
    _summary(args, report, fmt, "-" if output is None else str(output))
    return 0


def _print_csv(report: Any, zone: ZoneInfo) -> None:
    """The CSV on standard output in UTF-8 whatever the console's code page (a pipe on a
    Chinese Windows would otherwise get GBK, or fail on a character GBK lacks)."""
    import io

    from ..reports.export import write_report

    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (tests that replace sys.stdout)
        write_report(report, "csv", sys.stdout, zone=zone)
        return
    text = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    try:
        write_report(report, "csv", text, zone=zone)
    finally:
        text.detach()


def _summary(args: argparse.Namespace, report: Any, fmt: str, where: str) -> None:
    """One line on standard error: what was written where (or that the period is empty)."""
    period = report.period.describe()
    if args.per_building and (fmt != "xlsx" or all(t.group is None for t in report.tables)):
        sys.stderr.write(
            tr(
                "--per-building: the {kind} report as {fmt} has no sheet per building; "
                "written as usual.",
                kind=args.kind,
                fmt=fmt.upper(),
            )
            + "\n"
        )
    rows = len(report.main.rows) if report.tables else 0  # the main table's rows
    if rows == 0:  # the main table is empty (its sums by method may list zeros)
        text = tr(
            "No data in this period ({period}): wrote the {kind} report with that note to {path}.",
            period=period,
            kind=args.kind,
            path=where,
        )
    else:
        text = tr(
            "{kind} report, {period}: {rows} rows written to {path}.",
            kind=args.kind,
            period=period,
            rows=rows,
            path=where,
        )
    sys.stderr.write(text + "\n")


def _format(args: argparse.Namespace) -> str | None:
    """``--format``, else the output file's extension; ``-`` is CSV only. None: usage error
    (the message is written)."""
    from ..reports.export import format_for

    if args.output == "-":
        if args.format not in (None, "csv"):
            sys.stderr.write(tr("--output - prints CSV only; write XLSX or PDF to a file.") + "\n")
            return None
        return "csv"
    fmt: str | None = args.format or format_for(Path(args.output))
    if fmt is None:
        sys.stderr.write(
            tr(
                "Say the format with --format csv|xlsx|pdf (the file name {path} does not end "
                "in .csv, .xlsx or .pdf).",
                path=args.output,
            )
            + "\n"
        )
    return fmt


def _kind(name: str, known: list[Any]) -> Any:
    """The registered kind ``name`` (before any login: a typo costs no password)."""
    from ..reports import ReportError

    for spec in known:
        if spec.name == name:
            return spec
    raise ReportError(
        tr(
            "Unknown report {kind!r}: choose one of {kinds}.",
            kind=name,
            kinds=", ".join(k.name for k in known),
        )
    )


def _check_folder(path: Path) -> None:
    """Refuse up front an output whose folder is missing or that is a folder (the write
    itself still checks everything, atomically)."""
    from ..reports import ReportError

    if path.is_dir():
        raise ReportError(tr("{path} is a folder: give a file name to write.", path=path))
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise ReportError(
            tr("Cannot write {path}: its folder does not exist. Nothing was written.", path=path)
        )
