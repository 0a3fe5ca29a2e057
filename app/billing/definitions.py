"""What apportionment schemes and fee items share: errors, field checks and the service.

A scheme (``app.billing.schemes``) and a fee item (``app.billing.fees``) are both a named row
holding a validated JSON ``definition`` and effective dates. This module stores them: add,
edit, deactivate, list, show; each one transaction, role-checked (``billing.edit`` to change,
``view`` to read) and audited with before/after.

Editing, decided for issue 16: a definition that no billing run has used yet may be edited
freely (rules, name, dates). Once a run (posted or reversed) names it as its source, its
rules, name and start are history: the run's lines were computed from them and a statement
must be explainable later. Such an item can only be ended (``effective_to``) or deactivated;
a new price from a date is a new item (for example 物业费 2027) starting the day after the old
one ends. So a run never meets a definition that changed under it, and no version table is
needed: the rows themselves are the versions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..ledger.locks import serialize
from ..models import ApportionScheme, BillingRun, FeeItem, utcnow
from ..security import Actor, Permission, audit, authorize, require

Model = type[ApportionScheme] | type[FeeItem]
Validator = Callable[[Session, Any], dict[str, Any]]
NAME_MAX = 60


class BillingError(ValueError):
    """A billing definition or operation that was refused; ``str()`` is for the user
    (translated) and names the field at fault."""


@dataclass(frozen=True)
class Definition:
    """A scheme or fee item as the CLI, the GUI and the runs read it."""

    id: int
    kind: str  # "apportion" | "fee": the prefix of a run's source
    name: str
    definition: dict[str, Any]
    effective_from: date
    effective_to: date | None
    active: bool
    used: bool  # a billing run names it: its rules are frozen
    created_at: datetime

    @property
    def source(self) -> str:
        """The ``billing_run.source`` of this definition's runs."""
        return f"{self.kind}:{self.id}"

    def in_force(self, day: date) -> bool:
        """Active and effective on ``day``."""
        return (
            self.active
            and self.effective_from <= day
            and (self.effective_to is None or day <= self.effective_to)
        )


# ------------------------------------------------------------------------- field checks


def need(data: dict[str, Any], key: str) -> Any:
    if key not in data or data[key] is None:
        raise BillingError(tr("{field} is missing", field=key))
    return data[key]


def choice(data: dict[str, Any], key: str, options: tuple[str, ...], default: str = "") -> str:
    value = data.get(key, default) if default else need(data, key)
    if value not in options:
        raise BillingError(
            tr(
                "{field} must be one of {options}, not {value!r}",
                field=key,
                options=", ".join(options),
                value=value,
            )
        )
    return str(value)


def decimal_text(value: Any, key: str, places: int) -> Decimal:
    """A positive amount given as text (or int), with at most ``places`` decimals."""
    if isinstance(value, bool | float) or not isinstance(value, str | int | Decimal):
        raise BillingError(
            tr('{field} must be a number written as text, such as "12.50"', field=key)
        )
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise BillingError(
            tr("{field}: {value!r} is not a number", field=key, value=value)
        ) from None
    if not amount.is_finite() or amount <= 0:
        raise BillingError(tr("{field} must be more than 0, not {value}", field=key, value=value))
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise BillingError(
            tr(
                "{field} has more than {places} decimals: {value}",
                field=key,
                places=places,
                value=value,
            )
        )
    return amount


def whole(value: Any, key: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise BillingError(
            tr(
                "{field} must be a whole number from {low} to {high}, not {value!r}",
                field=key,
                low=low,
                high=high,
                value=value,
            )
        )
    return value


def id_list(session: Session, data: dict[str, Any], key: str, model: Any, what: str) -> list[int]:
    """A non-empty list of ids that exist in ``model``'s table."""
    raw = data.get(key)
    if not isinstance(raw, list) or not raw:
        raise BillingError(
            tr("{field} must be a list of at least one {what}", field=key, what=tr(what))
        )
    ids: list[int] = []
    for item in raw:
        if isinstance(item, bool) or not isinstance(item, int):
            raise BillingError(tr("{field}: {value!r} is not an id", field=key, value=item))
        if item not in ids:
            ids.append(item)
    known = set(session.scalars(select(model.id).where(model.id.in_(ids))))
    missing = [i for i in ids if i not in known]
    if missing:
        raise BillingError(
            tr(
                "{field}: unknown {what} {ids}",
                field=key,
                what=tr(what),
                ids=", ".join(map(str, missing)),
            )
        )
    return ids


def no_other_keys(data: dict[str, Any], allowed: Iterable[str], where: str) -> None:
    extra = sorted(set(data) - set(allowed))
    if extra:
        raise BillingError(
            tr("{where}: unknown field {fields}", where=where, fields=", ".join(extra))
        )


def check_dates(effective_from: date, effective_to: date | None) -> None:
    if effective_to is not None and effective_to < effective_from:
        raise BillingError(
            tr(
                "effective_to {to} is before effective_from {start}",
                to=effective_to.isoformat(),
                start=effective_from.isoformat(),
            )
        )


def check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > NAME_MAX:
        raise BillingError(tr("name must have 1 to {n} characters", n=NAME_MAX))
    return name


# ---------------------------------------------------------------------------- service


@dataclass(frozen=True)
class Kind:
    """One kind of definition: its table, the prefix of its runs, its validator."""

    model: Model
    prefix: str  # "apportion" | "fee"
    validate: Validator
    label: str  # for messages: "apportionment scheme" | "fee item"


def _used(session: Session, kind: Kind, item_id: int) -> bool:
    source = f"{kind.prefix}:{item_id}"
    return (
        session.scalar(select(BillingRun.id).where(BillingRun.source == source).limit(1))
        is not None
    )


def _snapshot(session: Session, kind: Kind, row: Any) -> Definition:
    return Definition(
        id=row.id,
        kind=kind.prefix,
        name=row.name,
        definition=dict(row.definition),
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        active=row.active,
        used=_used(session, kind, row.id),
        created_at=row.created_at,
    )


def _state(row: Any) -> dict[str, Any]:
    return {
        "name": row.name,
        "definition": row.definition,
        "effective_from": row.effective_from.isoformat(),
        "effective_to": row.effective_to.isoformat() if row.effective_to else None,
        "active": row.active,
    }


def _unique(session: Session, kind: Kind, name: str, item_id: int | None = None) -> None:
    other = session.scalar(select(kind.model.id).where(kind.model.name == name))
    if other is not None and other != item_id:
        raise BillingError(
            tr("name: there is already a {what} named {name}", what=tr(kind.label), name=name)
        )


def add(
    db: Database,
    actor: Actor,
    kind: Kind,
    name: str,
    definition: dict[str, Any],
    effective_from: date,
    effective_to: date | None = None,
) -> Definition:
    """Validate and store a new definition (active); audited as ``<prefix>.add``."""
    name = check_name(name)
    check_dates(effective_from, effective_to)
    with db.write() as session:
        authorize(session, actor, Permission.BILLING_EDIT)
        serialize(session, f"billing.{kind.prefix}", name)  # two desks adding one name
        _unique(session, kind, name)
        clean = kind.validate(session, definition)
        row = kind.model(
            name=name,
            definition=clean,
            effective_from=effective_from,
            effective_to=effective_to,
            active=True,
            created_by=actor.operator_id,
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        audit.record(
            session, actor, f"{kind.prefix}.add", f"{kind.prefix}:{row.id}", after=_state(row)
        )
        return _snapshot(session, kind, row)


_KEEP: Any = object()


def edit(
    db: Database,
    actor: Actor,
    kind: Kind,
    item_id: int,
    *,
    name: str | None = None,
    definition: dict[str, Any] | None = None,
    effective_from: date | None = None,
    effective_to: Any = _KEEP,  # a date, None (open-ended), or left as it is
) -> Definition:
    """Change a definition; once used by a run only ``effective_to`` may change (see the
    module's docstring). Audited as ``<prefix>.edit`` with what changed before and after."""
    with db.write() as session:
        authorize(session, actor, Permission.BILLING_EDIT)
        row = _row(session, kind, item_id, lock=True)
        before = _state(row)
        frozen = {"name": name, "definition": definition, "effective_from": effective_from}
        if _used(session, kind, row.id) and any(v is not None for v in frozen.values()):
            raise BillingError(
                tr(
                    "{what} {name} has been used by a billing run: its rules, name and start "
                    "cannot change. End it (effective_to) and add a new one from the new date.",
                    what=tr(kind.label),
                    name=row.name,
                )
            )
        if name is not None:
            row.name = check_name(name)
            _unique(session, kind, row.name, row.id)
        if definition is not None:
            row.definition = kind.validate(session, definition)
        if effective_from is not None:
            row.effective_from = effective_from
        if effective_to is not _KEEP:
            row.effective_to = effective_to
        check_dates(row.effective_from, row.effective_to)
        after = _state(row)
        changed = [k for k in after if after[k] != before[k]]
        if changed:
            audit.record(
                session,
                actor,
                f"{kind.prefix}.edit",
                f"{kind.prefix}:{row.id}",
                before={k: before[k] for k in changed},
                after={k: after[k] for k in changed},
            )
        return _snapshot(session, kind, row)


def deactivate(db: Database, actor: Actor, kind: Kind, item_id: int) -> Definition:
    """Stop a definition from taking part in later runs; posted runs stay as they are."""
    with db.write() as session:
        authorize(session, actor, Permission.BILLING_EDIT)
        row = _row(session, kind, item_id, lock=True)
        if row.active:
            row.active = False
            audit.record(
                session,
                actor,
                f"{kind.prefix}.deactivate",
                f"{kind.prefix}:{row.id}",
                before={"active": True},
                after={"active": False},
            )
        return _snapshot(session, kind, row)


def listing(
    db: Database, actor: Actor, kind: Kind, *, include_inactive: bool = True
) -> list[Definition]:
    """Every definition of ``kind`` by name (the inactive ones too, unless asked not to)."""
    require(actor, Permission.VIEW)
    with db.read() as session:
        query = select(kind.model).order_by(kind.model.name)
        if not include_inactive:
            query = query.where(kind.model.active.is_(True))
        return [_snapshot(session, kind, row) for row in session.scalars(query)]


def show(db: Database, actor: Actor, kind: Kind, key: int | str) -> Definition:
    """One definition by id or by name."""
    require(actor, Permission.VIEW)
    with db.read() as session:
        return _snapshot(session, kind, _row(session, kind, key))


def _row(session: Session, kind: Kind, key: int | str, lock: bool = False) -> Any:
    if isinstance(key, int) or (isinstance(key, str) and key.isdigit()):
        query = select(kind.model).where(kind.model.id == int(key))
    else:
        query = select(kind.model).where(kind.model.name == str(key).strip())
    row = session.scalar(query.with_for_update() if lock else query)
    if row is None and isinstance(key, str) and key.isdigit():  # a name made of digits
        row = session.scalar(select(kind.model).where(kind.model.name == key))
    if row is None:
        raise BillingError(tr("there is no {what} {key}", what=tr(kind.label), key=key))
    return row
