"""What the two money reports (orders, income) share: which ledger rows count as money at
the counter, the filters of the orders report, the scope as a set of accounts, and how a
UTC timestamp is bucketed by park-local day in grouped SQL on SQLite and PostgreSQL.

Money at the counter is what crossed the cashier's desk: the legs of a transaction on the
method books (``cash``, ``card``, ``transfer``, ``qr``), signed from the park's side here
(money in positive). Recharges bring it in; refunds, closing settlements and reversals of a
recharge pay it out. Everything else (energy charges, fees, adjustments, transfers between
accounts, opening balances) moves money *inside* the ledger and never touches a drawer.

Local days in SQL: the database keeps UTC. Instead of a per-dialect time-zone conversion
(SQLite has none for arbitrary zones) the queries group by the UTC hour (``date_trunc`` on
PostgreSQL, the first 13 characters of the stored text on SQLite) and Python maps each hour
to its park-local day. That is exact whenever every local midnight of the period falls on a
whole UTC hour (China, and every zone with whole-hour offsets); otherwise the grouping falls
back to the UTC minute (zones such as +05:30 or +05:45), still a handful of rows per day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from ..i18n import N_, tr
from ..ledger.journal import KINDS, METER, METHOD_BOOKS, TENANT
from ..models import Account, LedgerTxn, Operator, Payment, Room, Tenant
from .period import Period, ReportError
from .request import ReportRequest, Scope

ACCOUNT_BOOKS = (TENANT, METER)  # an account's money: its platform balance and meter books
METHODS = METHOD_BOOKS  # the method books: money at the counter
FILTERS = frozenset({"tenant", "method", "cashier", "kind"})
# every kind the journal accepts but the collector's energy charges, as an IN list: the
# (kind, created_at) index then reads only these kinds' part of the period
NOT_CHARGES = tuple(sorted(KINDS - {"charge"}))

KIND_LABELS = {
    "recharge": N_("Recharge"),
    "refund": N_("Refund"),
    "charge": N_("Energy charge"),
    "fee": N_("Fee deduction"),
    "allowance": N_("Allowance"),
    "adjustment": N_("Adjustment"),
    "reversal": N_("Reversal"),
    "transfer": N_("Transfer between accounts"),
    "opening": N_("Opening balance"),
    "close": N_("Account closed"),
    "bill": N_("Bill payment"),  # r16-bills
    "apportion": N_("Share of common use and loss"),  # r16-bills
}
METHOD_LABELS = {
    "cash": N_("Cash"),
    "card": N_("Bank card"),
    "transfer": N_("Bank transfer"),
    "qr": N_("QR payment"),
    "online": N_("Online payment"),
}


def kind_label(kind: str, reverses: str | None = None) -> str:
    """A ledger kind in words; a reversal says what it reverses."""
    text = tr(KIND_LABELS.get(kind, kind))
    if kind == "reversal" and reverses:
        return tr("Reversal of {kind}", kind=tr(KIND_LABELS.get(reverses, reverses)).lower())
    return text


def method_label(method: str | None) -> str:
    return tr(METHOD_LABELS[method]) if method in METHOD_LABELS else (method or "")


@dataclass(frozen=True)
class Filters:
    """The orders report's filters, checked: unknown names and values are refused."""

    tenant: str = ""
    method: str = ""
    cashier_id: int | None = None
    cashier: str = ""
    kind: str = ""


def parse_filters(session: Session, request: ReportRequest) -> Filters:
    raw = {k: (v or "").strip() for k, v in request.filters.items()}
    unknown = sorted(set(raw) - FILTERS)
    if unknown:
        raise ReportError(
            tr(
                "Unknown filter {names}: use {known}.",
                names=", ".join(unknown),
                known=", ".join(sorted(FILTERS)),
            )
        )
    method, kind = raw.get("method", "").lower(), raw.get("kind", "").lower()
    if method and method not in METHODS:
        raise ReportError(
            tr(
                "Unknown payment method {value!r}: use {known}.",
                value=method,
                known="|".join(METHODS),
            )
        )
    if kind and kind not in KINDS:
        raise ReportError(
            tr("Unknown kind {value!r}: use {known}.", value=kind, known="|".join(sorted(KINDS)))
        )
    cashier, cashier_id = raw.get("cashier", ""), None
    if cashier:
        cashier_id = session.scalar(select(Operator.id).where(Operator.login == cashier))
        if cashier_id is None:
            raise ReportError(tr("There is no operator {login!r}.", login=cashier))
    return Filters(raw.get("tenant", ""), method, cashier_id, cashier, kind)


def account_ids(scope: Scope, tenant: str = "") -> Select[tuple[int]] | None:
    """The accounts in scope (and of the tenant typed), or None for every account.

    A building or floor holds the accounts that let one of its rooms now, and those that
    paid for one of its rooms (so a closed account's history stays in its building)."""
    if scope.is_park and not tenant:
        return None
    query = select(Account.id)
    if scope.account_id is not None:
        query = query.where(Account.id == scope.account_id)
    if scope.building_id is not None or scope.floor_id is not None:
        rooms = scope.rooms()
        query = query.where(
            or_(
                Account.id.in_(select(Room.account_id).where(Room.id.in_(rooms))),
                Account.id.in_(select(Payment.account_id).where(Payment.room_id.in_(rooms))),
            )
        )
    if tenant:
        query = query.join(Tenant, Tenant.id == Account.tenant_id).where(
            or_(Tenant.name.contains(tenant), Tenant.initials.startswith(tenant.lower()))
        )
    return query


def txn_window(period: Period) -> list[ColumnElement[bool]]:
    start, stop = period.utc_bounds()
    return [LedgerTxn.created_at >= start, LedgerTxn.created_at < stop]


def _whole_hours(period: Period) -> bool:
    day, end = period.start, period.end + timedelta(days=1)
    while day <= end:
        moment = period.midnight(day)
        if moment.minute or moment.second:
            return False
        day += timedelta(days=1)
    return True


class Slot:
    """The UTC hour (or minute) of a timestamp as a grouped SQL expression, and back."""

    def __init__(self, session: Session, period: Period) -> None:
        self.dialect = session.get_bind().dialect.name
        self.period = period
        self.hourly = _whole_hours(period)
        self._days: dict[Any, date] = {}

    def expr(self, column: Any) -> ColumnElement[Any]:
        if self.dialect == "postgresql":
            unit = "hour" if self.hourly else "minute"
            return func.date_trunc(unit, func.timezone("UTC", column))
        return func.substr(column, 1, 13 if self.hourly else 16)  # 'YYYY-MM-DD HH[:MM]'

    def day(self, value: Any) -> date:
        """The park-local date of a slot value returned by ``expr``."""
        known = self._days.get(value)
        if known is not None:
            return known
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        else:
            text = str(value)
            moment = datetime.fromisoformat(text + (":00" if len(text) == 13 else "")).replace(
                tzinfo=UTC
            )
        local = self.period.local_date(moment)
        self._days[value] = local
        return local


def fetch(session: Session, query: Select[Any]) -> list[Any]:
    """The rows of a Core select as the driver gives them (tuples, no per-row result
    processing): a year of orders is 10^5 rows, and SQLAlchemy's rows and type decorators
    cost three times the query. Timestamps come back raw: pass them through ``utc``."""
    result = session.connection().execute(query)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def utc(value: Any) -> datetime:
    """A raw timestamp as an aware UTC datetime (SQLite: naive UTC text)."""
    if isinstance(value, str):
        return datetime.fromisoformat(value + "+00:00")
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def operator_names(session: Session) -> dict[int, str]:
    return {i: login for i, login in session.execute(select(Operator.id, Operator.login))}


def accounts_and_tenants(session: Session) -> dict[int, tuple[str, str]]:
    rows = session.execute(
        select(Account.id, Account.number, Tenant.name).join(Tenant, Tenant.id == Account.tenant_id)
    )
    return {i: (number, name) for i, number, name in rows}
