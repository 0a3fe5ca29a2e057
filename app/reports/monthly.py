"""The comprehensive monthly report (用电综合报表): per account, energy and money.

One row per account, grouped by building (subtotals) with the park's total: tenant, rooms,
billing mode (表端 / 后台), kWh in total and per band (尖峰平谷), money per band, then the
ledger's columns: opening balance, recharges, refunds, energy charges, fees, other
movements and the closing balance. Usually asked for one month; any period works.

Where each figure comes from (the table's note says it to the reader too):

- the ledger columns are sums of ledger entries on the account's ``tenant`` and ``meter``
  books (``ledgerflows``), so ``opening + movements == closing`` holds to the fen on every
  row, and the closing balance is the ledger's balance at the end of the period;
- kWh come from the readings (``usage.use_by_bucket``: daily freeze, swaps, roll-over);
- money per band of platform-side meters comes from the billed intervals (``meter_charge``:
  what the charges in the ledger were made of); meter-side meters spend their money
  themselves, so their energy is priced from the readings with the tariff in force
  (``pricing``), an amount the ledger does not hold.

Everything is read with a few grouped queries; Python only joins dictionaries per account
and per meter, never walks the ledger's entries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import N_, tr
from ..models import Account, Building, Floor, Meter, MeterRole, Room, Tenant, utcnow
from ..security import Actor, Permission
from .ledgerflows import Flows, account_flows, platform_band_fen
from .period import Grain, Period
from .pricing import BANDS, MeterKey, TariffBook, add_fen
from .request import Progress, ReportKind, ReportRequest, Scope, park_name, register
from .table import Column, ColumnKind, Report, Row, Table
from .usage import Use, use_by_bucket

BAND_TITLES = {"sharp": N_("sharp"), "peak": N_("peak"), "flat": N_("flat"), "valley": N_("valley")}
TITLE = N_("Comprehensive monthly report")
METER_SIDE, PLATFORM_SIDE = "meter", "platform"


@dataclass
class AccountLine:
    """What the report gathers for one account before it becomes a row."""

    account_id: int
    number: str
    tenant: str
    building: str = ""
    rooms: list[str] = field(default_factory=list)
    modes: set[str] = field(default_factory=set)
    kwh: Decimal = Decimal(0)
    band_kwh: dict[str, Decimal] = field(default_factory=dict)
    band_fen: dict[str, int] = field(default_factory=dict)
    flows: Flows = field(default_factory=Flows)


class MeterRow(NamedTuple):
    meter_id: int
    account_id: int
    mode: str
    key: MeterKey


def _columns() -> list[Column]:
    kwh, fen = ColumnKind.KWH, ColumnKind.FEN
    bands = [(b, tr(BAND_TITLES[b])) for b in BANDS]
    return [
        Column("building", tr("Building")),
        Column("account", tr("Account")),
        Column("tenant", tr("Tenant"), wide=True),
        Column("rooms", tr("Rooms"), wide=True),
        Column("mode", tr("Billing")),
        Column("kwh", tr("kWh"), kwh, total=True),
        *[Column(f"kwh_{b}", tr("{band} kWh", band=name), kwh, total=True) for b, name in bands],
        *[Column(f"fen_{b}", tr("{band} yuan", band=name), fen, total=True) for b, name in bands],
        Column("energy_fen", tr("Energy yuan"), fen, total=True),
        Column("opening", tr("Opening balance"), fen, total=True),
        Column("recharges", tr("Recharges"), fen, total=True),
        Column("refunds", tr("Refunds"), fen, total=True),
        Column("charges", tr("Energy charges"), fen, total=True),
        Column("fees", tr("Fees"), fen, total=True),
        Column("other", tr("Other"), fen, total=True),
        Column("closing", tr("Closing balance"), fen, total=True),
    ]


def _accounts(session: Session, scope: Scope) -> dict[int, AccountLine]:
    """The accounts renting rooms in scope, with their rooms and home building (the
    building of their first room: an account's money cannot be split between buildings)."""
    rooms = scope.rooms().subquery()
    query = (
        select(Account.id, Account.number, Tenant.name, Building.name, Room.number)
        .join(Tenant, Account.tenant_id == Tenant.id)
        .join(Room, Room.account_id == Account.id)
        .join(Floor, Room.floor_id == Floor.id)
        .join(Building, Floor.building_id == Building.id)
        .where(Room.id.in_(select(rooms.c.id)))
        .order_by(Account.id, Building.name, Floor.level, Room.number)
    )
    out: dict[int, AccountLine] = {}
    for account_id, number, tenant, building, room in session.execute(query):
        line = out.get(account_id)
        if line is None:
            line = out[account_id] = AccountLine(account_id, number, tenant, building)
        line.rooms.append(room)
    return out


def _roomless(session: Session, ids: set[int]) -> dict[int, AccountLine]:
    """Accounts without a room now (closed, or not yet let) that the ledger still names."""
    if not ids:
        return {}
    query = (
        select(Account.id, Account.number, Tenant.name)
        .join(Tenant, Account.tenant_id == Tenant.id)
        .where(Account.id.in_(ids))
    )
    label = tr("(no room)")
    return {a: AccountLine(a, n, t, label) for a, n, t in session.execute(query)}


def _meters(session: Session, scope: Scope) -> list[MeterRow]:
    """Tenant meters of the rooms in scope, installed or removed (a swapped meter's use
    of the period still counts), with what tariff resolution needs."""
    rooms = scope.rooms().subquery()
    query = (
        select(Meter.id, Room.account_id, Meter.billing_mode, Meter.building_id, Tenant.kind)
        .join(Room, Meter.room_id == Room.id)
        .join(Account, Room.account_id == Account.id)
        .join(Tenant, Account.tenant_id == Tenant.id)
        .where(Meter.role == MeterRole.TENANT, Room.id.in_(select(rooms.c.id)))
    )
    return [
        MeterRow(m, a, str(mode.value), MeterKey(m, b, str(kind.value)))
        for m, a, mode, b, kind in session.execute(query)
    ]


def _energy(
    session: Session,
    period: Period,
    meters: list[MeterRow],
    lines: dict[int, AccountLine],
    park_wide: bool,
) -> int:
    """kWh per account from the readings, and meter-side money priced per band; returns how
    many meters had a missing or estimated boundary reading."""
    wanted = None if park_wide else [m.meter_id for m in meters]  # None: one query per day
    used = use_by_bucket(session, period, Grain.MONTH, wanted)
    bounds = {b.key: period_bounds(period, b.start, b.end) for b in period.buckets(Grain.MONTH)}
    book = TariffBook.load(session)
    incomplete = 0
    for meter in meters:
        line = lines.get(meter.account_id)
        if line is None:
            continue
        line.modes.add(meter.mode)
        buckets = used.get(meter.meter_id, {})
        incomplete += any(not use.complete for use in buckets.values())
        tariff_id = book.tariff_id(meter.key) if meter.mode == METER_SIDE else None
        for key, use in buckets.items():
            _add_use(line, use)
            if tariff_id is not None and key in bounds:
                start, stop = bounds[key]
                priced = book.price(tariff_id, start, stop, use.kwh, use.bands)
                add_fen(line.band_fen, priced.items())
    return incomplete


def period_bounds(period: Period, first: date, last: date) -> tuple[datetime, datetime]:
    """UTC ``[first midnight, midnight after last)`` in the period's zone."""
    return Period(first, last, period.zone).utc_bounds()


def _add_use(line: AccountLine, use: Use) -> None:
    line.kwh += use.kwh
    for band, kwh in use.bands.items():
        line.band_kwh[band] = line.band_kwh.get(band, Decimal(0)) + kwh


def _mode_texts() -> dict[frozenset[str], str]:
    """The billing mode in words, translated once per report (not once per row)."""
    return {
        frozenset({METER_SIDE}): tr("meter-side"),
        frozenset({PLATFORM_SIDE}): tr("platform-side"),
        frozenset({METER_SIDE, PLATFORM_SIDE}): tr("mixed"),
        frozenset(): "",
    }


def _row(line: AccountLine, modes: dict[frozenset[str], str]) -> Row:
    flows = line.flows
    return (
        line.building,
        line.number,
        line.tenant,
        ", ".join(line.rooms),
        modes.get(frozenset(line.modes), ""),
        line.kwh,
        *[line.band_kwh.get(b, Decimal(0)) for b in BANDS],
        *[line.band_fen.get(b, 0) for b in BANDS],
        sum(line.band_fen.values()),
        flows.opening,
        flows.recharges,
        flows.refunds,
        flows.charges,
        flows.fees,
        flows.other,
        flows.closing,
    )


def _note(incomplete: int) -> str:
    text = tr(
        "From the ledger (tenant and meter books): opening balance, recharges, refunds "
        "(account closings included), energy charges, fees, other movements and the closing "
        "balance; money out of an account is negative and a reversal counts in the column of "
        "what it reverses, so on every row opening + movements = closing. From the readings: "
        "kWh. Money per band: platform-side meters from their billed intervals; meter-side "
        "meters priced from the readings with the tariff in force (the meter spends that "
        "money itself, so the ledger does not hold it)."
    )
    if incomplete:
        text += " " + tr(
            "{count} meter(s) lacked a boundary reading: their use is estimated.", count=incomplete
        )
    return text


def gather(session: Session, request: ReportRequest, progress: Progress) -> tuple[Table, int]:
    """The report's table (rows grouped by building, subtotals, park total)."""
    period, scope = request.period, request.scope
    lines = _accounts(session, scope)
    progress(1, 5)
    flows = account_flows(session, period)
    if scope.is_park:
        named = {a for a, f in flows.items() if a not in lines and (f.opening or f.movements)}
        lines.update(_roomless(session, named))
    for account_id, line in lines.items():
        line.flows = flows.get(account_id, Flows())
    progress(2, 5)
    incomplete = _energy(session, period, _meters(session, scope), lines, scope.is_park)
    progress(3, 5)
    for account_id, bands in platform_band_fen(session, period).items():
        if account_id in lines:
            add_fen(lines[account_id].band_fen, bands.items())
    progress(4, 5)
    roomless, modes = tr("(no room)"), _mode_texts()
    ordered = sorted(lines.values(), key=lambda x: (x.building == roomless, x.building, x.number))
    table = Table(
        tr("Energy and money per account"),
        _columns(),
        [_row(line, modes) for line in ordered],
        group="building",
        note=_note(incomplete),
    )
    return table.with_total(tr("Park total")), incomplete


def build(db: Database, actor: Actor, request: ReportRequest, progress: Progress) -> Report:
    """The registered builder (``run_report`` has checked ``report.finance``)."""
    with db.read() as session:
        table, _incomplete = gather(session, request, progress)
        park = park_name(session)
    sums = [(str(value), subtotal) for value, _rows, subtotal in table.subtotals()]
    series: dict[str, list[tuple[str, Decimal]]] = {
        tr(BAND_TITLES[band]): [
            (name, Decimal(str(row[table.index(f"kwh_{band}")] or 0))) for name, row in sums
        ]
        for band in BANDS
    }
    progress(5, 5)
    return Report(
        "monthly",
        tr(TITLE),
        request.period,
        request.scope.text or park,
        [table],
        park=park,
        generated_at=utcnow(),
        series=series,
    )


register(ReportKind("monthly", TITLE, Permission.REPORT_FINANCE, build))
