"""What the ledger says about each account over a period, in a few grouped queries.

The comprehensive monthly report (用电综合报表) must reconcile with the ledger to the fen:
for every account, ``opening + recharges + refunds + charges + fees + other == closing``,
where every figure is a sum of ``ledger_entry`` rows on the account's ``tenant`` and
``meter`` books (``account.balance_fen`` and ``meter_book`` are caches; the entries are the
truth). Money written to a meter-side meter stays on the ``meter`` book: it is still the
tenant's money, held by the meter, so both books make up what the tenant has.

A reversal is counted in the column of what it reverses (a reversed recharge lowers the
recharges of the period the reversal falls in), so the columns are net. Closing an account
(销户) pays the balance out: it counts with the refunds. Transfers, adjustments and opening
balances brought in go to ``other``.

Platform-side money per band comes from ``meter_charge.lines`` (the engine's lines, per band
and tier), summed in SQL with the back end's JSON functions so no Python loop walks the
charges.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, case, func, select, text
from sqlalchemy.orm import Session, aliased

from ..ledger.journal import METER, TENANT
from ..models import LedgerEntry, LedgerTxn
from ..models.types import UTCDateTime
from .period import Period

RECHARGES = "recharges"
REFUNDS = "refunds"
CHARGES = "charges"
FEES = "fees"
OTHER = "other"
FLOWS = (RECHARGES, REFUNDS, CHARGES, FEES, OTHER)
_KIND_FLOW = {
    "recharge": RECHARGES,
    "refund": REFUNDS,
    "close": REFUNDS,
    "charge": CHARGES,
    "fee": FEES,
}


def flow_of(kind: str | None) -> str:
    """The column a transaction kind's money goes to (a reversal: its original's kind)."""
    return _KIND_FLOW.get(kind or "", OTHER)


@dataclass
class Flows:
    """One account's money over the period, in fen, from the ledger's entries."""

    opening: int = 0
    recharges: int = 0
    refunds: int = 0
    charges: int = 0
    fees: int = 0
    other: int = 0

    @property
    def movements(self) -> int:
        return self.recharges + self.refunds + self.charges + self.fees + self.other

    @property
    def closing(self) -> int:
        return self.opening + self.movements

    def add(self, flow: str, fen: int) -> None:
        setattr(self, flow, getattr(self, flow) + fen)


def account_flows(session: Session, period: Period) -> dict[int, Flows]:
    """Opening balance and the period's movements of every account with any entry before
    the period's end, by one grouped query over the entries (tenant and meter books)."""
    start, stop = period.utc_bounds()
    return flows_between(session, start, stop)


def flows_between(session: Session, start: datetime, stop: datetime) -> dict[int, Flows]:
    """``account_flows`` for the UTC range ``[start, stop)``."""
    original = aliased(LedgerTxn)
    kind = case((LedgerTxn.kind == "reversal", original.kind), else_=LedgerTxn.kind)
    before = case((LedgerTxn.created_at < start, LedgerEntry.amount_fen), else_=0)
    during = case((LedgerTxn.created_at >= start, LedgerEntry.amount_fen), else_=0)
    query = (
        select(LedgerEntry.account_id, kind, func.sum(before), func.sum(during))
        .join(LedgerTxn, LedgerEntry.txn_id == LedgerTxn.id)
        .outerjoin(original, original.id == LedgerTxn.reverses_id)
        .where(
            LedgerEntry.book.in_((TENANT, METER)),
            LedgerEntry.account_id.is_not(None),
            LedgerTxn.created_at < stop,
        )
        .group_by(LedgerEntry.account_id, kind)
    )
    out: dict[int, Flows] = defaultdict(Flows)
    for account_id, txn_kind, opening, moved in session.execute(query):
        flows = out[int(account_id)]
        flows.opening += int(opening or 0)
        if moved:
            flows.add(flow_of(txn_kind), int(moved))
    return dict(out)


def ledger_balances_at(session: Session, moment: datetime) -> dict[int, int]:
    """Every account's money (tenant + meter books) just before ``moment``: the figure the
    closing balance must equal (tests and ``ledger verify``-style checks)."""
    query = (
        select(LedgerEntry.account_id, func.sum(LedgerEntry.amount_fen))
        .join(LedgerTxn, LedgerEntry.txn_id == LedgerTxn.id)
        .where(
            LedgerEntry.book.in_((TENANT, METER)),
            LedgerEntry.account_id.is_not(None),
            LedgerTxn.created_at < moment,
        )
        .group_by(LedgerEntry.account_id)
    )
    return {int(a): int(s or 0) for a, s in session.execute(query)}


_BAND_FEN_SQLITE = text(
    "SELECT mc.account_id, json_extract(j.value, '$.band'), "
    "SUM(CAST(json_extract(j.value, '$.fen') AS INTEGER)) "
    "FROM meter_charge AS mc, json_each(mc.lines) AS j "
    "WHERE mc.account_id IS NOT NULL AND mc.fen <> 0 "
    'AND mc."end" >= :start AND mc."end" < :stop '
    "GROUP BY mc.account_id, json_extract(j.value, '$.band')"
).bindparams(bindparam("start", type_=UTCDateTime()), bindparam("stop", type_=UTCDateTime()))
_BAND_FEN_POSTGRES = text(
    "SELECT mc.account_id, j.value ->> 'band', SUM(CAST(j.value ->> 'fen' AS BIGINT)) "
    "FROM meter_charge AS mc, json_array_elements(CAST(mc.lines AS json)) AS j(value) "
    "WHERE mc.account_id IS NOT NULL AND mc.fen <> 0 "
    'AND mc."end" >= :start AND mc."end" < :stop '
    "GROUP BY mc.account_id, j.value ->> 'band'"
).bindparams(bindparam("start", type_=UTCDateTime()), bindparam("stop", type_=UTCDateTime()))


def platform_band_fen(session: Session, period: Period) -> dict[int, dict[str, int]]:
    """Platform-side energy money per account and band (fen), from the billed intervals
    that end in the period (a charge is posted at its interval's end)."""
    start, stop = period.utc_bounds()
    dialect = session.get_bind().dialect.name
    sql = _BAND_FEN_POSTGRES if dialect == "postgresql" else _BAND_FEN_SQLITE
    params = {"start": start, "stop": stop}
    out: dict[int, dict[str, int]] = defaultdict(dict)
    for account_id, band, fen in session.execute(sql, params):
        if band is not None:
            out[int(account_id)][str(band)] = int(fen or 0)
    return dict(out)


__all__ = [
    "CHARGES",
    "FEES",
    "FLOWS",
    "OTHER",
    "RECHARGES",
    "REFUNDS",
    "Flows",
    "account_flows",
    "flow_of",
    "flows_between",
    "ledger_balances_at",
    "platform_band_fen",
]
