"""Tariff service: publish effective-dated versions, assign tariffs, find a meter's tariff.

Publishing never rewrites history: a version starts now or later, never in the past, so
every charge already posted keeps the price it was computed with. Every version, who
published it and when, stays in the database (the 15% resale cap makes that record matter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..billing.tariff import Tariff, TariffError, version_from_data, version_to_data
from ..db import Database
from ..i18n import tr
from ..models import (
    Account,
    Meter,
    Room,
    Setting,
    TariffAssignment,
    TariffRow,
    TariffVersionRow,
    Tenant,
    utcnow,
)
from ..security import Actor, Permission, audit, authorize
from .journal import LedgerError
from .locks import serialize

SCOPES = ("meter", "building", "tenant_kind", "default")
GRACE = timedelta(minutes=5)  # clock skew between workstations


@dataclass(frozen=True)
class Published:
    tariff: str
    effective_from: datetime
    warnings: list[str]


def _setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return None if row is None else row.value


def resale_cap(session: Session) -> tuple[Decimal | None, Decimal | None]:
    """(catalogue price, cap = catalogue x (1 + margin)) from the settings; (None, None)
    without a catalogue price."""
    catalogue = _setting(session, "tariff.catalogue_price")
    if catalogue is None:
        return None, None
    margin = Decimal(str(_setting(session, "tariff.resale_margin") or "0.15"))
    price = Decimal(str(catalogue))
    return price, (price * (1 + margin)).quantize(Decimal("0.0001"))


def resale_warnings(session: Session, definition_max: Decimal) -> list[str]:
    """Warn when the highest price exceeds the catalogue price plus the allowed margin."""
    catalogue, cap = resale_cap(session)
    if catalogue is None or cap is None:
        return []
    margin = Decimal(str(_setting(session, "tariff.resale_margin") or "0.15"))
    if definition_max > cap:
        return [
            tr(
                "the highest price {price} yuan/kWh is above the resale cap {cap} "
                "(catalogue {catalogue} + {margin}%)",
                price=definition_max,
                cap=cap,
                catalogue=catalogue,
                margin=int(margin * 100),
            )
        ]
    return []


def publish_version(
    db: Database,
    actor: Actor,
    name: str,
    definition: dict[str, Any],
    *,
    description: str = "",
    now: datetime | None = None,
) -> Published:
    """Validate and store a new version of tariff ``name`` (created on first use)."""
    name = name.strip()
    if not name or len(name) > 60:
        raise LedgerError(tr("a tariff needs a name of 1 to 60 characters"))
    try:
        version = version_from_data(definition)
    except TariffError as exc:
        raise LedgerError(str(exc)) from exc
    moment = now or utcnow()
    if version.effective_from < moment - GRACE:
        raise LedgerError(
            tr(
                "a tariff version cannot start in the past ({start}): "
                "past charges are never rewritten",
                start=version.effective_from.isoformat(),
            )
        )
    with db.write() as session:
        authorize(session, actor, Permission.TARIFF_EDIT)
        serialize(session, "tariff", name)  # two desks publishing: one version per start
        row = session.scalar(select(TariffRow).where(TariffRow.name == name))
        if row is None:
            row = TariffRow(name=name, description=description[:200], created_at=moment)
            session.add(row)
            session.flush()
        clash = session.scalar(
            select(TariffVersionRow.id).where(
                TariffVersionRow.tariff_id == row.id,
                TariffVersionRow.effective_from == version.effective_from,
            )
        )
        if clash is not None:
            raise LedgerError(tr("tariff {name} already has a version starting then", name=name))
        data = version_to_data(version)
        session.add(
            TariffVersionRow(
                tariff_id=row.id,
                effective_from=version.effective_from,
                definition=data,
                created_by=actor.operator_id,
                created_at=moment,
            )
        )
        warnings = resale_warnings(session, version.max_price())
        audit.record(
            session,
            actor,
            "tariff.publish",
            f"tariff:{name}",
            after=data,
            extra={"warnings": warnings} if warnings else None,
            now=moment,
        )
    return Published(name, version.effective_from, warnings)


def assign(db: Database, actor: Actor, name: str, scope: str, key: str = "") -> None:
    """Apply tariff ``name`` to a meter id, a building id, a tenant kind, or by default."""
    if scope not in SCOPES:
        raise LedgerError(
            tr(
                "unknown tariff scope {scope!r} (meter, building, tenant_kind, default)",
                scope=scope,
            )
        )
    key = "" if scope == "default" else str(key).strip()
    if scope != "default" and not key:
        raise LedgerError(tr("say which {scope} the tariff applies to", scope=scope))
    with db.write() as session:
        authorize(session, actor, Permission.TARIFF_EDIT)
        serialize(session, "tariff.assign", scope, key)  # one assignment per scope
        row = session.scalar(select(TariffRow).where(TariffRow.name == name))
        if row is None:
            raise LedgerError(tr("no tariff named {name}", name=name))
        current = session.scalar(
            select(TariffAssignment).where(
                TariffAssignment.scope == scope, TariffAssignment.scope_key == key
            )
        )
        before = None
        if current is None:
            session.add(TariffAssignment(tariff_id=row.id, scope=scope, scope_key=key))
        else:
            before = {"tariff_id": current.tariff_id}
            current.tariff_id = row.id
        audit.record(
            session,
            actor,
            "tariff.assign",
            f"{scope}:{key or '*'}",
            before=before,
            after={"tariff": name},
        )


def load_tariff(session: Session, tariff_id: int) -> Tariff:
    row = session.get(TariffRow, tariff_id)
    versions = session.scalars(
        select(TariffVersionRow)
        .where(TariffVersionRow.tariff_id == tariff_id)
        .order_by(TariffVersionRow.effective_from)
    ).all()
    if row is None or not versions:
        raise LedgerError(tr("tariff {id} has no published version", id=tariff_id))
    return Tariff(row.name, tuple(version_from_data(v.definition) for v in versions))


def tariff_by_name(session: Session, name: str) -> Tariff:
    row = session.scalar(select(TariffRow).where(TariffRow.name == name))
    if row is None:
        raise LedgerError(tr("no tariff named {name}", name=name))
    return load_tariff(session, row.id)


def tariff_for_meter(session: Session, meter_id: int) -> Tariff | None:
    """The most specific assignment: the meter, its building, its tenant's kind, default."""
    meter = session.get(Meter, meter_id)
    if meter is None:
        return None
    keys: list[tuple[str, str]] = [("meter", str(meter.id))]
    building_id = meter.building_id
    kind = None
    if meter.room_id is not None:
        room = session.get(Room, meter.room_id)
        if room is not None and room.account_id is not None:
            account = session.get(Account, room.account_id)
            tenant = session.get(Tenant, account.tenant_id) if account else None
            kind = tenant.kind.value if tenant else None
    if building_id is not None:
        keys.append(("building", str(building_id)))
    if kind is not None:
        keys.append(("tenant_kind", kind))
    keys.append(("default", ""))
    rows = {
        (a.scope, a.scope_key): a.tariff_id
        for a in session.scalars(
            select(TariffAssignment).where(TariffAssignment.scope.in_([k for k, _ in keys]))
        )
    }
    for key in keys:
        if key in rows:
            return load_tariff(session, rows[key])
    return None


@dataclass(frozen=True)
class TariffSummary:
    name: str
    description: str
    versions: list[dict[str, Any]]


def list_tariffs(db: Database) -> list[TariffSummary]:
    with db.read() as session:
        out = []
        for row in session.scalars(select(TariffRow).order_by(TariffRow.name)):
            versions = session.scalars(
                select(TariffVersionRow)
                .where(TariffVersionRow.tariff_id == row.id)
                .order_by(TariffVersionRow.effective_from)
            ).all()
            out.append(TariffSummary(row.name, row.description, [v.definition for v in versions]))
        return out


def price_summary(tariff: Tariff | None, at: datetime) -> str:
    """One line for receipts: the prices in force at ``at``."""
    version = tariff.version_at(at) if tariff else None
    if version is None:
        return ""
    if not version.is_tou:
        return tr("flat {price} yuan/kWh", price=version.prices[next(iter(version.prices))])
    labels = {"sharp": tr("sharp"), "peak": tr("peak"), "flat": tr("flat"), "valley": tr("valley")}
    parts = [f"{labels[b.value]} {p}" for b, p in version.prices.items()]
    return " ".join(parts) + " " + tr("yuan/kWh")
