"""Apportionment schemes (公摊方案): validation of their definition, and the service.

A scheme says, for a building, some buildings or the whole park, which energy is shared —
the line loss (master meters minus the meters under them), the common-area meters' use, or
both — among which accounts and on which basis (energy used, area, equally, fixed ratios),
with an optional cap and exclusions. The engine that computes and posts the shares is
another module (issue 16, the runs); this one only makes sure a stored definition is one the
engine can run, and names the field when it is not. The stored form is normalised: every
key present, ids as integers, decimals as text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import N_, tr
from ..models import Account, ApportionScheme, Building, Meter, MeterRole
from ..security import Actor
from . import definitions as store
from .definitions import BillingError, Definition

SOURCES = ("loss", "common", "both")
BASES = ("energy", "area", "equal", "ratio")
KEYS = (
    "scope",
    "source",
    "common_meters",
    "masters",
    "basis",
    "ratios",
    "cap_percent",
    "exclude_vacant",
    "exclude_accounts",
)
WEIGHT_PLACES = 4


def _scope(session: Session, data: dict[str, Any]) -> dict[str, Any]:
    scope = store.need(data, "scope")
    if scope == {"park": True}:
        return {"park": True}
    if not isinstance(scope, dict) or set(scope) != {"buildings"}:
        raise BillingError(
            tr('scope must be {{"park": true}} or {{"buildings": [ids]}}, not {value}', value=scope)
        )
    ids = store.id_list(session, scope, "buildings", Building, N_("building"))
    return {"buildings": ids}


def _meters(session: Session, data: dict[str, Any], key: str, role: MeterRole) -> list[int]:
    ids = store.id_list(session, data, key, Meter, N_("meter"))
    query = select(Meter.id, Meter.role).where(Meter.id.in_(ids))
    roles = {meter: role for meter, role in session.execute(query)}
    wrong = [i for i in ids if roles[i] != role]
    if wrong:
        raise BillingError(
            tr(
                "{field}: meter {ids} is not a {role} meter",
                field=key,
                ids=", ".join(map(str, wrong)),
                role=tr(role.value),
            )
        )
    return ids


def _scope_buildings(session: Session, scope: dict[str, Any]) -> list[int]:
    if scope.get("park"):
        return list(session.scalars(select(Building.id).order_by(Building.id)))
    return list(scope["buildings"])


def masters_of(session: Session, definition: dict[str, Any]) -> list[int]:
    """The master meters whose loss a (validated) scheme shares: the ones it names, else the
    installed master meters of its scope (for the run, which asks at its period)."""
    if definition.get("masters"):
        return list(definition["masters"])
    buildings = _scope_buildings(session, definition["scope"])
    query = select(Meter.id).where(
        Meter.role == MeterRole.MASTER,
        Meter.building_id.in_(buildings),
        Meter.removed_at.is_(None),
    )
    return list(session.scalars(query.order_by(Meter.id)))


def _ratios(session: Session, data: dict[str, Any]) -> dict[str, str]:
    raw = data.get("ratios")
    if not isinstance(raw, dict) or not raw:
        raise BillingError(tr('ratios: a basis of "ratio" needs a weight for each account'))
    ratios: dict[str, str] = {}
    for key, weight in raw.items():
        if not str(key).isdigit():
            raise BillingError(tr("ratios: {value!r} is not an account id", value=key))
        value = store.decimal_text(weight, f"ratios[{key}]", WEIGHT_PLACES)
        ratios[str(int(key))] = str(value)
    store.id_list(session, {"ratios": [int(k) for k in ratios]}, "ratios", Account, N_("account"))
    return ratios


def _cap(data: dict[str, Any]) -> str | None:
    raw = data.get("cap_percent")
    if raw is None:
        return None
    cap = store.decimal_text(raw, "cap_percent", 2)
    if cap > Decimal(100):
        raise BillingError(
            tr("cap_percent must be more than 0 and at most 100, not {value}", value=raw)
        )
    return str(cap)


def validate(session: Session, data: Any) -> dict[str, Any]:
    """The normalised definition, or ``BillingError`` naming the field at fault."""
    if not isinstance(data, dict):
        raise BillingError(tr("a scheme's definition must be an object"))
    store.no_other_keys(data, KEYS, tr("scheme"))
    scope = _scope(session, data)
    source = store.choice(data, "source", SOURCES)
    common: list[int] = []
    if source in ("common", "both"):
        common = _meters(session, data, "common_meters", MeterRole.COMMON)
    elif data.get("common_meters"):
        raise BillingError(tr('common_meters: a source of "loss" shares no common meter'))
    masters: list[int] = []
    if data.get("masters"):
        masters = _meters(session, data, "masters", MeterRole.MASTER)
    elif source in ("loss", "both"):
        buildings = _scope_buildings(session, scope)
        found = session.scalar(
            select(Meter.id).where(Meter.role == MeterRole.MASTER, Meter.building_id.in_(buildings))
        )
        if found is None:
            raise BillingError(
                tr("masters: the scope has no master meter to measure a loss; name the masters")
            )
    basis = store.choice(data, "basis", BASES)
    ratios = _ratios(session, data) if basis == "ratio" else {}
    if basis != "ratio" and data.get("ratios"):
        raise BillingError(tr('ratios are only for a basis of "ratio", not {basis!r}', basis=basis))
    vacant = data.get("exclude_vacant", True)
    if not isinstance(vacant, bool):
        raise BillingError(tr("exclude_vacant must be true or false"))
    excluded: list[int] = []
    if data.get("exclude_accounts"):
        excluded = store.id_list(session, data, "exclude_accounts", Account, N_("account"))
    return {
        "scope": scope,
        "source": source,
        "common_meters": common,
        "masters": masters,
        "basis": basis,
        "ratios": ratios,
        "cap_percent": _cap(data),
        "exclude_vacant": vacant,
        "exclude_accounts": excluded,
    }


KIND = store.Kind(ApportionScheme, "apportion", validate, N_("apportionment scheme"))


def add_scheme(
    db: Database,
    actor: Actor,
    name: str,
    definition: dict[str, Any],
    effective_from: date,
    effective_to: date | None = None,
) -> Definition:
    """A new scheme (``billing.edit``), audited as ``apportion.add``."""
    return store.add(db, actor, KIND, name, definition, effective_from, effective_to)


def edit_scheme(db: Database, actor: Actor, scheme_id: int, **changes: Any) -> Definition:
    """``name``, ``definition``, ``effective_from`` while unused; ``effective_to`` always."""
    return store.edit(db, actor, KIND, scheme_id, **changes)


def deactivate_scheme(db: Database, actor: Actor, scheme_id: int) -> Definition:
    return store.deactivate(db, actor, KIND, scheme_id)


def list_schemes(db: Database, actor: Actor, *, include_inactive: bool = True) -> list[Definition]:
    return store.listing(db, actor, KIND, include_inactive=include_inactive)


def show_scheme(db: Database, actor: Actor, key: int | str) -> Definition:
    """By id or name."""
    return store.show(db, actor, KIND, key)


def schemes_in_force(db: Database, actor: Actor, day: date) -> list[Definition]:
    """The active schemes effective on ``day`` (what a run of that period applies)."""
    return [d for d in list_schemes(db, actor, include_inactive=False) if d.in_force(day)]
