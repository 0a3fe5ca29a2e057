"""Custom fee items (自定义收费: 物业费, 房租, 服务费, 垃圾费...): validation and the service.

A fee item charges a fixed amount, an amount per m² of the account's rooms or per kWh, to
the accounts of its scope (the park, buildings, floors or named accounts), once or every
month, quarter or year on a day of the period (1-28, so every month has it), from its
effective dates; it is deducted from the balance or billed (催缴账单, due ``due_days`` later).
Posting is the runs' business (another module); this one keeps definitions the runs can
trust. Amounts are yuan as Decimal text: two decimals, four for a price per kWh.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import N_, tr
from ..models import Account, Building, FeeItem, Floor
from ..security import Actor
from . import definitions as store
from .definitions import BillingError, Definition

AMOUNT_KINDS = ("fixed", "per_m2", "per_kwh")
PERIODS = ("once", "monthly", "quarterly", "yearly")
MODES = ("deduct", "bill")
SCOPES = {
    "buildings": (Building, N_("building")),
    "floors": (Floor, N_("floor")),
    "accounts": (Account, N_("account")),
}
KEYS = ("amount_kind", "amount", "scope", "period", "day", "mode", "due_days")
DEFAULT_DUE_DAYS = 15


def places_for(amount_kind: str) -> int:
    """Decimals an amount may have: a price per kWh has four, money two."""
    return 4 if amount_kind == "per_kwh" else 2


def _scope(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    scope = store.need(data, "scope")
    if scope == {"park": True}:
        return {"park": True}
    if not isinstance(scope, dict) or len(scope) != 1 or next(iter(scope)) not in SCOPES:
        raise BillingError(
            tr(
                'scope must be one of {{"park": true}}, {{"buildings": [ids]}}, '
                '{{"floors": [ids]}}, {{"accounts": [ids]}}, not {value}',
                value=scope,
            )
        )
    key = next(iter(scope))
    model, what = SCOPES[key]
    return {key: store.id_list(session, scope, key, model, what)}


def terms(data: Mapping[str, Any]) -> dict[str, Any]:
    """Every field but the scope (which needs the database), checked and normalised: the
    ONE place that says what a fee item's amount, period, day, mode and due days may be.
    ``validate`` (the editor, the CLI) and ``feerun.parse_fee`` (a run) both use it."""
    kind = store.choice(dict(data), "amount_kind", AMOUNT_KINDS)
    amount = store.decimal_text(store.need(dict(data), "amount"), "amount", places_for(kind))
    return {
        "amount_kind": kind,
        "amount": f"{amount:.{places_for(kind)}f}",  # checked: no more decimals than that
        "period": store.choice(dict(data), "period", PERIODS),
        "day": store.whole(data.get("day", 1), "day", 1, 28),
        "mode": store.choice(dict(data), "mode", MODES),
        "due_days": store.whole(data.get("due_days", DEFAULT_DUE_DAYS), "due_days", 0, 365),
    }


def validate(session: Session, data: Any) -> dict[str, Any]:
    """The normalised definition, or ``BillingError`` naming the field at fault."""
    if not isinstance(data, dict):
        raise BillingError(tr("a fee item's definition must be an object"))
    store.no_other_keys(data, KEYS, tr("fee item"))
    checked = terms(data)
    scope = _scope(session, data)
    return {**checked, "scope": scope}


KIND = store.Kind(FeeItem, "fee", validate, N_("fee item"))


def add_fee(
    db: Database,
    actor: Actor,
    name: str,
    definition: dict[str, Any],
    effective_from: date,
    effective_to: date | None = None,
) -> Definition:
    """A new fee item (``billing.edit``), audited as ``fee.add``."""
    return store.add(db, actor, KIND, name, definition, effective_from, effective_to)


def edit_fee(db: Database, actor: Actor, fee_id: int, **changes: Any) -> Definition:
    """``name``, ``definition``, ``effective_from`` while unused; ``effective_to`` always."""
    return store.edit(db, actor, KIND, fee_id, **changes)


def deactivate_fee(db: Database, actor: Actor, fee_id: int) -> Definition:
    return store.deactivate(db, actor, KIND, fee_id)


def list_fees(db: Database, actor: Actor, *, include_inactive: bool = True) -> list[Definition]:
    return store.listing(db, actor, KIND, include_inactive=include_inactive)


def show_fee(db: Database, actor: Actor, key: int | str) -> Definition:
    """By id or name."""
    return store.show(db, actor, KIND, key)


def fees_in_force(db: Database, actor: Actor, day: date) -> list[Definition]:
    """The active fee items effective on ``day``."""
    return [d for d in list_fees(db, actor, include_inactive=False) if d.in_force(day)]
