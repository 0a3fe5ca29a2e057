"""Statements as ``app.reports`` reports: one account's statement, and the statement sheet.

A statement laid out as typed tables (``Report``) is what lets the reports' exporters write
it as XLSX, CSV or PDF with no code of their own; the statement PDF (``statement_pdf``)
prints the same tables. The statement sheet (``statements`` report kind, finance) is every
account of the scope on one row: the figures of its statement, so the sheet, the
statements and the monthly report agree to the fen.
"""

from __future__ import annotations

from ..db import Database
from ..i18n import N_, tr
from ..models import utcnow
from ..reports.request import Progress, ReportKind, ReportRequest, park_name, register
from ..reports.table import Column, ColumnKind, Report, Row, Table
from ..security import Actor, Permission
from .bills import status_text
from .statement import Statement, statements

BAND_TITLES = {"sharp": N_("sharp"), "peak": N_("peak"), "flat": N_("flat"), "valley": N_("valley")}
BASIS_TITLES = {
    "energy": N_("by energy"),
    "area": N_("by area"),
    "equal": N_("equally"),
    "ratio": N_("by fixed ratios"),
}
STATEMENT_TITLE = N_("Statement")
SHEET_TITLE = N_("Statement sheet")
FEN, KWH, TEXT = ColumnKind.FEN, ColumnKind.KWH, ColumnKind.TEXT


def summary_rows(item: Statement) -> list[tuple[str, int]]:
    """The statement's money in print order: opening, each flow, closing."""
    flows = item.flows
    return [
        (tr("Opening balance"), flows.opening),
        (tr("Recharges"), flows.recharges),
        (tr("Refunds"), flows.refunds),
        (tr("Energy charges"), flows.charges),
        (tr("Fees"), flows.fees),
        (tr("Shares of common use and loss"), item.shares_fen),
        (tr("Other"), flows.other - item.shares_fen),
        (tr("Closing balance"), flows.closing),
    ]


def _summary(item: Statement) -> Table:
    columns = [Column("item", tr("Item"), wide=True), Column("yuan", tr("Amount (yuan)"), FEN)]
    return Table(tr("Summary"), columns, [tuple(r) for r in summary_rows(item)])


def _energy(item: Statement) -> Table:
    columns = [
        Column("band", tr("Band")),
        Column("kwh", tr("kWh"), KWH, total=True),
        Column("price", tr("Price (yuan/kWh)")),
        Column("yuan", tr("Amount (yuan)"), FEN, total=True),
    ]
    rows: list[Row] = [
        (tr(BAND_TITLES[b.band]), b.kwh, "" if b.price is None else f"{b.price:.4f}", b.fen)
        for b in item.bands
        if b.kwh or b.fen or b.price is not None
    ]
    table = Table(tr("Energy by band"), columns, rows, note=_energy_note(item))
    table.with_total(tr("Total"))
    if table.total is not None:  # the total kWh are the readings', bands may lack registers
        table.total = (table.total[0], item.kwh, None, item.energy_fen)
    return table


def _energy_note(item: Statement) -> str:
    return tr(
        "kWh from the readings ({mode}); a meter without band registers shows its kWh only "
        "in the total. Platform-side energy is charged to the account (the energy charges "
        "above); a meter-side meter spends the money written to it itself.",
        mode=item.mode or "-",
    )


def _movements(item: Statement) -> Table:
    columns = [
        Column("at", tr("Date"), ColumnKind.DATETIME),
        Column("what", tr("Item"), wide=True),
        Column("memo", tr("Memo"), wide=True),
        Column("yuan", tr("Amount (yuan)"), FEN, total=True),
    ]
    rows: list[Row] = [(m.at, m.title, m.memo, m.fen) for m in item.movements]
    if item.charges_fen:
        rows.append((None, tr("Energy charges (billed intervals)"), "", item.charges_fen))
    return Table(tr("Movements"), columns, rows).with_total(tr("Total"))


def _shares(item: Statement) -> Table:
    columns = [
        Column("source", tr("Scheme")),
        Column("basis", tr("Basis")),
        Column("kwh", tr("kWh"), KWH, total=True),
        Column("yuan", tr("Amount (yuan)"), FEN, total=True),
        Column("how", tr("How it was computed"), wide=True),
    ]
    rows: list[Row] = [
        (s.source, tr(BASIS_TITLES.get(s.basis, s.basis)), s.kwh, s.fen, describe_detail(s.detail))
        for s in item.shares
    ]
    note = tr(
        "A month's shares are posted once its readings are complete, early the next month: "
        "their money is among the next statement's movements."
    )
    return Table(tr("Shares of common use and loss"), columns, rows, note=note).with_total(
        tr("Total")
    )


BASIS_UNITS = {"energy": "kWh", "area": "m²"}


def describe_detail(detail: dict[str, object]) -> str:
    """``BillingLine.detail`` in words: for an apportionment share (``app.billing.apportion``)
    what was shared, this account's part of the basis, the kWh and the price; any other
    detail as its keys and values, in their order."""
    if "share_kwh" not in detail or not ("loss_kwh" in detail or "common_kwh" in detail):
        return "; ".join(f"{key}: {value}" for key, value in detail.items())
    parts: list[str] = []
    if "loss_kwh" in detail:
        masters = detail.get("masters")
        rows = masters if isinstance(masters, list) else []
        parts.append(
            tr("loss {kwh} kWh", kwh=detail["loss_kwh"])
            + "".join(
                tr(
                    " (master {master} − sub-meters {subs} kWh)",
                    master=m.get("master_kwh"),
                    subs=m.get("subs_kwh"),
                )
                for m in rows[:1]
                if isinstance(m, dict)
            )
        )
    if "common_kwh" in detail:
        parts.append(tr("common meters {kwh} kWh", kwh=detail["common_kwh"]))
    basis = str(detail.get("basis", ""))
    if basis == "equal":
        parts.append(tr("shared equally"))
    else:
        parts.append(
            tr(
                "{basis}: {value} of {total} {unit}",
                basis=tr(BASIS_TITLES.get(basis, basis)),
                value=detail.get("basis_value"),
                total=detail.get("basis_total"),
                unit=BASIS_UNITS.get(basis, ""),
            ).strip()
        )
    if detail.get("capped"):
        parts.append(
            tr("capped at {percent} % of own use", percent=detail.get("cap_percent") or "-")
        )
    bands = detail.get("bands")
    tariff = bands.get("tariff") if isinstance(bands, dict) else None
    parts.append(
        tr(
            "this account {kwh} kWh = {yuan} yuan at {tariff}",
            kwh=detail["share_kwh"],
            yuan=f"{int(str(detail.get('share_fen') or 0)) / 100:,.2f}",
            tariff=tariff or "-",
        )
    )
    return "; ".join(parts)


def _bills(item: Statement) -> Table:
    columns = [
        Column("number", tr("Bill No.")),
        Column("what", tr("Item"), wide=True),
        Column("due", tr("Due date"), ColumnKind.DATE),
        Column("amount", tr("Amount (yuan)"), FEN, total=True),
        Column("paid", tr("Paid (yuan)"), FEN, total=True),
        Column("status", tr("State")),
    ]
    rows: list[Row] = [
        (
            b.number,
            f"{b.what or b.source} {b.period}",
            b.due,
            b.amount_fen,
            b.paid_fen,
            status_text(b.status),
        )
        for b in item.bills
    ]
    return Table(tr("Bills"), columns, rows).with_total(tr("Total"))


def statement_report(item: Statement, park: str) -> Report:
    """One account's statement as a report (summary, energy, movements, shares, bills)."""
    scope = tr(
        "Account {number} · {tenant} · {rooms}",
        number=item.number,
        tenant=item.tenant,
        rooms=item.rooms or "-",
    )
    tables = [_summary(item), _energy(item), _movements(item)]
    if item.shares:
        tables.append(_shares(item))
    if item.bills:
        tables.append(_bills(item))
    due = [
        tr(
            "Bill {number}: {owed} yuan to pay by {due}",
            number=b.number,
            owed=f"{(b.amount_fen - b.paid_fen) / 100:,.2f}",
            due=b.due.isoformat(),
        )
        for b in item.bills
        if b.status == "open"
    ]
    return Report(
        "statement",
        tr(STATEMENT_TITLE),
        item.period,
        scope,
        tables,
        park=park,
        generated_at=utcnow(),
        notes=due,
    )


def _sheet_columns() -> list[Column]:
    return [
        Column("building", tr("Building")),
        Column("account", tr("Account")),
        Column("tenant", tr("Tenant"), wide=True),
        Column("rooms", tr("Rooms"), wide=True),
        Column("kwh", tr("kWh"), KWH, total=True),
        Column("energy_fen", tr("Energy yuan"), FEN, total=True),
        Column("opening", tr("Opening balance"), FEN, total=True),
        Column("recharges", tr("Recharges"), FEN, total=True),
        Column("refunds", tr("Refunds"), FEN, total=True),
        Column("charges", tr("Energy charges"), FEN, total=True),
        Column("fees", tr("Fees"), FEN, total=True),
        Column("shares", tr("Shares of common use and loss"), FEN, total=True),
        Column("other", tr("Other"), FEN, total=True),
        Column("closing", tr("Closing balance"), FEN, total=True),
        Column("open_bills", tr("Open bills"), FEN, total=True),
    ]


def sheet_row(item: Statement) -> Row:
    money = dict(summary_rows(item))
    unpaid = sum(b.amount_fen - b.paid_fen for b in item.bills if b.status == "open")
    return (
        item.building,
        item.number,
        item.tenant,
        item.rooms,
        item.kwh,
        item.energy_fen,
        *(money[k] for k in list(money)),
        unpaid,
    )


def sheet_table(items: list[Statement]) -> Table:
    table = Table(
        tr(SHEET_TITLE),
        _sheet_columns(),
        [sheet_row(item) for item in items],
        group="building",
        note=tr(
            "One row per account: the figures of its statement (opening + movements = "
            "closing, from the ledger); open bills are what is still owed on bills."
        ),
    )
    return table.with_total(tr("Park total"))


def build_sheet(db: Database, actor: Actor, request: ReportRequest, progress: Progress) -> Report:
    """The registered builder of the statement sheet (``run_report`` checked the role)."""
    with db.read() as session:
        items = statements(session, request.period, request.scope)
        park = park_name(session)
    progress(1, 1)
    return Report(
        "statements",
        tr(SHEET_TITLE),
        request.period,
        request.scope.text or park,
        [sheet_table(items)],
        park=park,
        generated_at=utcnow(),
    )


register(ReportKind("statements", SHEET_TITLE, Permission.REPORT_FINANCE, build_sheet))

__all__ = ["build_sheet", "sheet_table", "statement_report", "summary_rows"]
