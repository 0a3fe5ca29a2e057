"""Custom fee items (自定义收费项): which periods are due, and what each account owes.

Qt-free and read-only: ``runs`` turns these amounts into ledger transactions or bills. A fee
item's ``definition`` (JSON, see docs/architecture.md "Billing runs") is parsed here into a
``FeeDef``; the money rules are:

- ``fixed``: the amount once per account in scope, whatever its number of rooms;
- ``per_m2``: the sum of the account's in-scope rooms' ``Room.area_m2`` times the amount,
  rounded half up (四舍五入) to the fen once, on the account's total (never per room, so a
  tenant of three rooms pays exactly what one room of the same total area would);
- ``per_kwh``: the account's use in the period (``app.reports.usage``, its in-scope rooms'
  tenant meters) times the amount, rounded half up to the fen. A meter without complete
  readings for the period refuses that account (with the reason), never a silent zero.

Periods are keyed the way ``BillingRun.period`` stores them: ``2026-11`` (monthly),
``2026-Q4`` (quarterly), ``2026`` (yearly), ``2026-11-15`` (once). A fixed or per-m² fee is
due on its ``day`` of the period's first month (a rent is paid in advance); a per-kWh fee
is due the day after the period ends (the use must be known). ``once`` is due on the item's
``effective_from`` date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import tr
from ..models import Account, AccountStatus, BillingMode, Floor, Meter, MeterRole, Room
from ..money import round_fen
from ..reports.period import Grain, Period, last_of_month
from . import fees
from .definitions import BillingError

PARSE_DEFAULTS = {"period": "monthly", "mode": "deduct"}


class BillingRunError(BillingError):
    """A run or a fee that was refused; ``str()`` is for the user."""


@dataclass(frozen=True)
class FeeDef:
    """A parsed fee item definition (amount in yuan)."""

    amount_kind: str
    amount: Decimal
    scope: Mapping[str, Any]
    period: str = "monthly"
    day: int = 1
    mode: str = "deduct"
    due_days: int = 15


def parse_fee(definition: Mapping[str, Any]) -> FeeDef:
    """The definition as stored in ``FeeItem.definition``, checked by the same rules as the
    editor's (``fees.terms``: a clear refusal, not a KeyError half-way through a run). A
    missing period, mode or scope means monthly, deducted, park-wide."""
    try:
        checked = fees.terms({**PARSE_DEFAULTS, **definition})
    except BillingError as exc:
        raise BillingRunError(str(exc)) from exc
    return FeeDef(
        checked["amount_kind"],
        Decimal(checked["amount"]),
        definition.get("scope") or {"park": True},
        checked["period"],
        checked["day"],
        checked["mode"],
        checked["due_days"],
    )


# A monthly period with nothing else: what a scheme's periods follow (``runs``).
MONTHLY = FeeDef("per_kwh", Decimal(1), {}, "monthly")


# --------------------------------------------------------------------------- periods


def period_key(kind: str, day: date) -> str:
    """The key of the period of ``kind`` containing ``day``."""
    if kind == "monthly":
        return f"{day.year}-{day.month:02d}"
    if kind == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if kind == "yearly":
        return str(day.year)
    return day.isoformat()


def period_span(key: str) -> Period:
    """The dates of a period key (``2026-11``, ``2026-Q4``, ``2026``, ``2026-11-15``)."""
    try:
        if len(key) == 4:
            return Period(date(int(key), 1, 1), date(int(key), 12, 31))
        if "-Q" in key:
            year, q = key.split("-Q")
            first = date(int(year), 3 * int(q) - 2, 1)
            return Period(first, last_of_month(date(first.year, first.month + 2, 1)))
        if len(key) == 7:
            first = date(int(key[:4]), int(key[5:7]), 1)
            return Period(first, last_of_month(first))
        day = date.fromisoformat(key)
        return Period(day, day)
    except ValueError as exc:
        raise BillingRunError(tr("{period} is not a billing period", period=key)) from exc


def _next(kind: str, first: date) -> date:
    months = {"monthly": 1, "quarterly": 3, "yearly": 12}[kind]
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def due_date(fee: FeeDef, key: str) -> date:
    """When the period ``key`` of ``fee`` falls due (see the module's docstring)."""
    span = period_span(key)
    if fee.period == "once":
        return span.start
    if fee.amount_kind == "per_kwh":
        return span.end + timedelta(days=1)
    return span.start.replace(day=fee.day)


def due_periods(
    fee: FeeDef, effective_from: date, effective_to: date | None, today: date
) -> list[str]:
    """Every period of ``fee`` due by ``today`` whose due date lies in the effective dates."""
    if fee.period == "once":
        return [effective_from.isoformat()] if effective_from <= today else []
    first = period_span(period_key(fee.period, effective_from)).start
    keys = []
    while first <= today:
        key = period_key(fee.period, first)
        due = due_date(fee, key)
        if due > today:
            break
        if due >= effective_from and (effective_to is None or due <= effective_to):
            keys.append(key)
        first = _next(fee.period, first)
    return keys


# --------------------------------------------------------------------------- amounts


@dataclass(frozen=True)
class FeeLine:
    """What one account owes for one fee item and period, and how it was computed."""

    account_id: int
    fen: int
    basis: str  # fixed | per_m2 | per_kwh
    meter_side: bool  # the account's money is on a meter book: billed, not deducted
    detail: dict[str, Any] = field(default_factory=dict)
    kwh: Decimal | None = None


@dataclass
class FeeResult:
    lines: list[FeeLine]
    refused: dict[int, str]  # account id -> why it is not charged


@dataclass
class _Scope:
    rooms: dict[int, list[tuple[int, Decimal]]]  # account -> [(room id, area)]
    meter_side: set[int]


def scope_rooms(session: Session, scope: Mapping[str, Any]) -> _Scope:
    """The open accounts in ``scope`` with their in-scope rooms (one query)."""
    query = (
        select(Room.account_id, Room.id, Room.area_m2)
        .join(Account, Account.id == Room.account_id)
        .join(Floor, Floor.id == Room.floor_id)
        .where(Account.status == AccountStatus.OPEN)
    )
    if scope.get("buildings"):
        query = query.where(Floor.building_id.in_([int(b) for b in scope["buildings"]]))
    if scope.get("floors"):
        query = query.where(Room.floor_id.in_([int(f) for f in scope["floors"]]))
    if scope.get("accounts"):
        query = query.where(Room.account_id.in_([int(a) for a in scope["accounts"]]))
    rooms: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for account_id, room_id, area in session.execute(query.order_by(Room.id)):
        rooms[int(account_id)].append((int(room_id), Decimal(area or 0)))
    side = meter_side_accounts(session, list(rooms))
    return _Scope(dict(rooms), side)


def meter_side_accounts(session: Session, account_ids: Collection[int]) -> set[int]:
    """The accounts among ``account_ids`` with an installed meter-side meter in one of their
    rooms: their money is on the meter's book, so a run bills them instead of deducting."""
    ids = list(account_ids)
    side: set[int] = set()
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit
        side.update(
            int(a)
            for (a,) in session.execute(
                select(Room.account_id)
                .join(Meter, Meter.room_id == Room.id)
                .where(
                    Room.account_id.in_(ids[start : start + 900]),
                    Meter.removed_at.is_(None),
                    Meter.billing_mode == BillingMode.METER,
                )
            )
        )
    return side


def compute_fee(session: Session, fee: FeeDef, key: str) -> FeeResult:
    """Every in-scope account's amount of ``fee`` for the period ``key``."""
    scope = scope_rooms(session, fee.scope)
    use = _use(session, scope, key) if fee.amount_kind == "per_kwh" else {}
    lines: list[FeeLine] = []
    refused: dict[int, str] = {}
    for account_id, rooms in sorted(scope.rooms.items()):
        side = account_id in scope.meter_side
        detail: dict[str, Any] = {"amount": str(fee.amount), "rooms": [r for r, _ in rooms]}
        kwh: Decimal | None = None
        if fee.amount_kind == "fixed":
            fen = round_fen(fee.amount)
        elif fee.amount_kind == "per_m2":
            area = sum((a for _, a in rooms), Decimal(0))
            detail["area_m2"] = str(area)
            fen = round_fen(area * fee.amount)
        else:
            kwh, complete = use.get(account_id, (Decimal(0), True))
            if not complete:
                refused[account_id] = tr("a meter of this account has no complete readings")
                continue
            detail["kwh"] = str(kwh)
            fen = round_fen(kwh * fee.amount)
        if fen <= 0:
            refused[account_id] = tr("nothing to charge")
            continue
        lines.append(FeeLine(account_id, fen, fee.amount_kind, side, detail, kwh))
    return FeeResult(lines, refused)


def _use(session: Session, scope: _Scope, key: str) -> dict[int, tuple[Decimal, bool]]:
    """Account -> (kWh of its in-scope rooms' tenant meters in the period, complete)."""
    from ..reports.usage import use_by_bucket

    room_account = {r: a for a, rs in scope.rooms.items() for r, _ in rs}
    meters = _tenant_meters(session, room_account)
    if not meters:
        return {}
    span = period_span(key)
    by_meter = use_by_bucket(session, span, Grain.MONTH, list(meters))
    out: dict[int, tuple[Decimal, bool]] = {}
    for meter_id, buckets in by_meter.items():
        account_id = room_account[meters[meter_id]]
        kwh, complete = out.get(account_id, (Decimal(0), True))
        for u in buckets.values():
            kwh += u.kwh
            complete = complete and u.complete
        out[account_id] = (kwh, complete)
    return out


def _tenant_meters(session: Session, room_account: Collection[int]) -> dict[int, int]:
    rooms = list(room_account)
    out: dict[int, int] = {}
    for start in range(0, len(rooms), 900):
        out.update(
            (int(m), int(r))
            for m, r in session.execute(
                select(Meter.id, Meter.room_id).where(
                    Meter.room_id.in_(rooms[start : start + 900]),
                    Meter.role == MeterRole.TENANT,
                    Meter.removed_at.is_(None),
                )
            )
        )
    return out
