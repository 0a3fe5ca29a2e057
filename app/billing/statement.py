"""The monthly statement of an account (对账单): what it had, what came in, what it cost.

A statement is the comprehensive monthly report's row of one account, opened up: the
figures come from ``app.reports.monthly.gather`` (ledger flows from ``ledgerflows``, kWh
from the use engine ``usage``, money per band from the billed intervals or ``pricing``), so
a statement and the monthly report can never disagree, and ``opening + movements ==
closing`` holds to the fen exactly as it does there. What the statement adds:

- each movement of the period that is not an energy charge (recharges, refunds, fees,
  shares of common use and loss, bill payments, adjustments, reversals) as its own line,
  read from the ledger's entries on the account's ``tenant`` and ``meter`` books; the
  energy charges (thousands of billed intervals) stay one sum;
- the price of each band (the tariff in force at the period's start, as ``pricing``
  resolves it for the account's first meter);
- its shares of common use and loss with how each was computed (``BillingLine.detail`` of
  the posted apportionment runs of the period), and its bills with their due dates.

Many statements (a building's batch print, the statement sheet) are read with the same few
grouped queries as one: the cost does not grow with one query per account.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session, aliased

from ..i18n import N_, tr
from ..ledger.journal import METER, TENANT
from ..models import (
    Account,
    Bill,
    BillingLine,
    BillingRun,
    BillingRunStatus,
    BillStatus,
    LedgerEntry,
    LedgerTxn,
    Meter,
    MeterRole,
    Room,
    Tenant,
)
from ..reports.ledgerflows import Flows
from ..reports.monthly import gather
from ..reports.period import Period
from ..reports.pricing import BANDS, MeterKey, TariffBook
from ..reports.request import ReportRequest, Scope
from ..reports.table import as_dict
from .bills import source_names
from .tariff import Band

KIND_TITLES = {
    "recharge": N_("Recharge"),
    "refund": N_("Refund"),
    "close": N_("Account closed (balance paid out)"),
    "fee": N_("Fee"),
    "apportion": N_("Share of common use and loss"),
    "bill": N_("Bill payment"),
    "adjustment": N_("Adjustment"),
    "transfer": N_("Transfer"),
    "opening": N_("Opening balance brought in"),
    "allowance": N_("Allowance"),
    "charge": N_("Energy charges"),
}
ITEMISED_OUT = frozenset({"charge"})  # summed, never listed one by one


@dataclass(frozen=True)
class Movement:
    """One ledger transaction's effect on the account (tenant + meter books), in fen."""

    txn_id: int
    at: datetime
    kind: str  # the transaction's kind; for a reversal, the kind of what it reverses
    reversal: bool
    memo: str
    fen: int

    @property
    def title(self) -> str:
        text = tr(KIND_TITLES.get(self.kind, self.kind))
        return tr("Reversal of: {what}", what=text) if self.reversal else text


@dataclass(frozen=True)
class BandLine:
    band: str
    kwh: Decimal
    price: Decimal | None  # yuan/kWh of the tariff in force; None: no tariff
    fen: int


@dataclass(frozen=True)
class Share:
    """A share of common use or loss (``BillingLine`` of a posted apportionment run)."""

    run_id: int
    source: str
    basis: str
    kwh: Decimal | None
    fen: int
    detail: dict[str, Any]


@dataclass(frozen=True)
class BillLine:
    number: str
    source: str
    period: str
    amount_fen: int
    paid_fen: int
    due: Any  # date
    status: str
    what: str = ""  # the fee item's name (else the source)


@dataclass
class Statement:
    """One account's statement for one period (data; the PDF and the sheet lay it out)."""

    account_id: int
    number: str
    tenant: str
    building: str
    rooms: str
    mode: str
    period: Period
    kwh: Decimal
    bands: list[BandLine]
    flows: Flows
    movements: list[Movement] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    bills: list[BillLine] = field(default_factory=list)

    @property
    def energy_fen(self) -> int:
        return sum(b.fen for b in self.bands)

    @property
    def charges_fen(self) -> int:
        """The energy charges the ledger holds (platform-side meters), one sum."""
        return self.flows.charges

    @property
    def shares_fen(self) -> int:
        return sum(m.fen for m in self.movements if m.kind == "apportion")

    def reconciles(self) -> bool:
        """Opening + listed movements + energy charges == closing (the ledger's balance)."""
        listed = sum(m.fen for m in self.movements)
        return self.flows.opening + listed + self.charges_fen == self.flows.closing


def statements(
    session: Session, period: Period, scope: Scope, account_ids: set[int] | None = None
) -> list[Statement]:
    """Statements of every account in ``scope`` (optionally only ``account_ids``), in the
    monthly report's order (building, account number)."""
    table, _incomplete = gather(session, ReportRequest("statement", period, scope=scope), _quiet)
    numbers = [str(as_dict(table, row)["account"]) for row in table.rows]
    query = select(Account.number, Account.id).where(Account.number.in_(numbers))
    ids = {str(number): int(account_id) for number, account_id in session.execute(query)}
    out: list[Statement] = []
    for row in table.rows:
        cells = as_dict(table, row)
        account_id = ids.get(str(cells["account"]))
        if account_id is None or (account_ids is not None and account_id not in account_ids):
            continue
        out.append(_statement(account_id, cells, period))
    wanted = {s.account_id for s in out}
    prices = _band_prices(session, period, wanted)
    moved = _movements(session, period, wanted)
    for item in out:
        item.bands = [
            BandLine(b.band, b.kwh, prices.get(item.account_id, {}).get(b.band), b.fen)
            for b in item.bands
        ]
        item.movements = moved.get(item.account_id, [])
    _attach_billing(session, period, out)
    return out


def statement(session: Session, period: Period, account_id: int) -> Statement:
    """One account's statement (``LookupError`` when the account has no room and no money
    in the ledger up to the period's end)."""
    found = statements(session, period, Scope(account_id=account_id), {account_id})
    if not found:
        found = [s for s in statements(session, period, Scope()) if s.account_id == account_id]
    if not found:
        raise LookupError(account_id)
    return found[0]


def _quiet(_done: int, _total: int) -> None:
    return None


def _statement(account_id: int, cells: dict[str, Any], period: Period) -> Statement:
    flows = Flows(
        int(cells["opening"]),
        int(cells["recharges"]),
        int(cells["refunds"]),
        int(cells["charges"]),
        int(cells["fees"]),
        int(cells["other"]),
    )
    bands = [
        BandLine(b, Decimal(cells[f"kwh_{b}"] or 0), None, int(cells[f"fen_{b}"] or 0))
        for b in BANDS
    ]
    return Statement(
        account_id,
        str(cells["account"]),
        str(cells["tenant"]),
        str(cells["building"]),
        str(cells["rooms"]),
        str(cells["mode"]),
        period,
        Decimal(cells["kwh"] or 0),
        bands,
        flows,
    )


def _band_prices(
    session: Session, period: Period, account_ids: set[int]
) -> dict[int, dict[str, Decimal]]:
    """Each account's band prices: the tariff in force at the period's start for its first
    tenant meter, resolved as ``pricing.TariffBook`` does for the monthly report."""
    if not account_ids:
        return {}
    query = (
        select(Room.account_id, Meter.id, Meter.building_id, Tenant.kind)
        .join(Room, Meter.room_id == Room.id)
        .join(Account, Room.account_id == Account.id)
        .join(Tenant, Account.tenant_id == Tenant.id)
        .where(Meter.role == MeterRole.TENANT, Room.account_id.in_(account_ids))
        .order_by(Room.account_id, Meter.id)
    )
    book = TariffBook.load(session)
    start, _stop = period.utc_bounds()
    out: dict[int, dict[str, Decimal]] = {}
    for account_id, meter_id, building_id, kind in session.execute(query):
        if account_id in out:
            continue
        tariff_id = book.tariff_id(MeterKey(meter_id, building_id, str(kind.value)))
        tariff = book.tariff(tariff_id) if tariff_id is not None else None
        version = tariff.version_at(start) if tariff is not None else None
        if version is None:
            continue
        out[account_id] = {
            band: version.prices[Band(band)]
            for band in BANDS
            if Band(band) in version.prices and (version.is_tou or band == Band.FLAT.value)
        }
    return out


def _movements(
    session: Session, period: Period, account_ids: set[int]
) -> dict[int, list[Movement]]:
    """Every transaction of the period on the accounts' tenant and meter books, summed per
    transaction, except energy charges (one grouped query for all the accounts)."""
    if not account_ids:
        return {}
    start, stop = period.utc_bounds()
    original = aliased(LedgerTxn)
    kind = case((LedgerTxn.kind == "reversal", original.kind), else_=LedgerTxn.kind)
    query = (
        select(
            LedgerEntry.account_id,
            LedgerTxn.id,
            LedgerTxn.created_at,
            kind,
            LedgerTxn.kind,
            LedgerTxn.memo,
            func.sum(LedgerEntry.amount_fen),
        )
        .join(LedgerTxn, LedgerEntry.txn_id == LedgerTxn.id)
        .outerjoin(original, original.id == LedgerTxn.reverses_id)
        .where(
            LedgerEntry.book.in_((TENANT, METER)),
            LedgerEntry.account_id.in_(account_ids),
            LedgerTxn.created_at >= start,
            LedgerTxn.created_at < stop,
            kind.not_in(ITEMISED_OUT),
        )
        .group_by(
            LedgerEntry.account_id,
            LedgerTxn.id,
            LedgerTxn.created_at,
            kind,
            LedgerTxn.kind,
            LedgerTxn.memo,
        )
        .order_by(LedgerTxn.created_at, LedgerTxn.id)
    )
    out: dict[int, list[Movement]] = defaultdict(list)
    names = source_names(session)
    for account_id, txn_id, at, what, own, memo, fen in session.execute(query):
        if what == "bill" and not fen:
            continue  # a bill paid at the counter: through the account, net zero (bills)
        out[int(account_id)].append(
            Movement(
                int(txn_id), at, str(what), own == "reversal", _named(memo, names), int(fen or 0)
            )
        )
    return dict(out)


def _named(memo: str | None, names: dict[str, str]) -> str:
    """A run's memo ``fee:3 2026-11`` with the item's name: ``物业费 2026-11``."""
    head, _, rest = (memo or "").partition(" ")
    return f"{names[head]} {rest}".strip() if head in names else memo or ""


def period_label(period: Period) -> str:
    """The billing runs' name of a period: ``2026-11`` for a month (else its dates)."""
    return period.describe()


def _attach_billing(session: Session, period: Period, items: list[Statement]) -> None:
    """Shares from the posted apportionment runs of the period (with how each was
    computed), and the bills issued in the period or still open."""
    by_id = {item.account_id: item for item in items}
    if not by_id:
        return
    names = source_names(session)
    shares = (
        select(BillingLine, BillingRun.source)
        .join(BillingRun, BillingLine.run_id == BillingRun.id)
        .where(
            BillingRun.status == BillingRunStatus.POSTED,
            BillingRun.source.startswith("apportion:"),
            BillingRun.period == period_label(period),
            BillingLine.account_id.in_(by_id),
        )
        .order_by(BillingLine.account_id, BillingRun.id, BillingLine.id)
    )
    for line, source in session.execute(shares):
        by_id[line.account_id].shares.append(
            Share(
                line.run_id,
                names.get(source, source),
                str((line.detail or {}).get("basis") or line.basis),
                line.kwh,
                line.fen,
                dict(line.detail or {}),
            )
        )
    start, stop = period.utc_bounds()
    bills = (
        select(Bill)
        .where(
            Bill.account_id.in_(by_id),
            Bill.issued_at < stop,
            or_(Bill.status == BillStatus.OPEN, Bill.issued_at >= start),
        )
        .order_by(Bill.account_id, Bill.due_date, Bill.number)
    )
    for bill in session.scalars(bills):
        by_id[bill.account_id].bills.append(
            BillLine(
                bill.number,
                bill.source,
                bill.period,
                bill.amount_fen,
                bill.paid_fen,
                bill.due_date,
                bill.status.value,
                names.get(bill.source, ""),
            )
        )
