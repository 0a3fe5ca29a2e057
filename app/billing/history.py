"""Reads the Billing window needs: the runs' history, a run's lines, names for a preview.

The services that write (``runs.post``/``reverse``, ``bills.cancel_bill``) return ids and
rows; a clerk needs account numbers, tenant names, who posted, and *how* each share was
computed in words. These reads live here, Qt-free (the window holds no SQL), role-checked
like the rest: the history and the lines of posted runs are money (``report.finance``, or
``billing.run`` for the person who posts them).

``explain`` turns a line's stored ``detail`` (``feerun`` and ``apportion`` write it) into a
sentence in the UI language, so the preview, the history and a later statement say the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from ..db import Database
from ..i18n import N_, tr
from ..models import (
    Account,
    AccountStatus,
    ApportionScheme,
    BillingLine,
    BillingRun,
    Building,
    FeeItem,
    Floor,
    Meter,
    MeterRole,
    Operator,
    Room,
    Tenant,
)
from ..security import Actor, Permission, require
from .runs import RunPreview, sources_for
from .scopes import account_id

HISTORY_LIMIT = 500  # the newest runs; a park posts a handful a month
# how a share was split, in words, and the unit of its weights
BASIS_WORDS = {
    "energy": N_("shared by energy use"),
    "area": N_("shared by area"),
    "equal": N_("shared equally"),
    "ratio": N_("shared by fixed ratios"),
}
BASIS_UNITS = {"energy": " kWh", "area": " m²"}


@dataclass(frozen=True)
class RunRow:
    """One billing run as the history lists it."""

    id: int
    source: str
    what: str  # the fee item's or scheme's name
    period: str
    status: str  # posted | reversed
    created_at: datetime
    operator: str
    workstation: str
    lines: int
    total_fen: int
    deducted_fen: int
    billed_fen: int
    reversed_at: datetime | None
    reversed_by: str
    reason: str


@dataclass(frozen=True)
class LineRow:
    """One account's amount in a preview or a posted run, with names and the explanation."""

    account_id: int
    account: str
    tenant: str
    kwh: Decimal | None
    fen: int
    billed: bool
    basis: str
    how: str  # ``explain``'s sentence


@dataclass(frozen=True)
class SourceRow:
    """A source due in a period: what ``billing run --period`` would post. ``kind`` is
    ``apportion`` or ``fee``; ``traits`` what kind of it in keys the window puts in words:
    a scheme's ``(source,)`` (loss / common / both), a fee's ``(amount_kind, mode)``."""

    source: str
    period: str
    what: str
    kind: str = ""
    traits: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeterRow:
    """A master or common-area meter as the scheme editor offers it: a clerk knows the
    meter by its label or address and where it hangs, not by its id."""

    id: int
    address: str
    label: str
    role: str  # master | common
    building_id: int | None
    building: str
    room: str  # "3F 301" when it sits in a room, else ""


def _reader(actor: Actor) -> None:
    if not actor.can(Permission.BILLING_RUN):
        require(actor, Permission.REPORT_FINANCE)


def source_names(session: Session) -> dict[str, str]:
    """``"fee:3"`` -> 物业费, ``"apportion:1"`` -> the scheme's name."""
    out = {f"fee:{i}": str(n) for i, n in session.execute(select(FeeItem.id, FeeItem.name))}
    schemes = session.execute(select(ApportionScheme.id, ApportionScheme.name))
    out.update({f"apportion:{i}": str(n) for i, n in schemes})
    return out


def source_traits(session: Session) -> dict[str, tuple[str, ...]]:
    """``"apportion:1"`` -> ``("loss",)``, ``"fee:3"`` -> ``("per_m2", "deduct")``: what
    kind of scheme or fee item a source is (the window says it in words)."""
    out: dict[str, tuple[str, ...]] = {}
    for i, d in session.execute(select(ApportionScheme.id, ApportionScheme.definition)):
        out[f"apportion:{i}"] = (str((d or {}).get("source", "")),)
    for i, d in session.execute(select(FeeItem.id, FeeItem.definition)):
        d = d or {}
        out[f"fee:{i}"] = (str(d.get("amount_kind", "")), str(d.get("mode", "")))
    return out


def due_sources(
    db: Database, actor: Actor, period: str, building: int | None = None
) -> list[SourceRow]:
    """``runs.sources_for`` with each source's name and kind (the window's list of what is
    due; the raw key rides along for the run, not for the eye)."""
    require(actor, Permission.VIEW)
    pairs = sources_for(db, period, building)
    with db.read() as session:
        names, traits = source_names(session), source_traits(session)
    return [
        SourceRow(
            source,
            key,
            names.get(source, source),
            source.partition(":")[0],
            traits.get(source, ()),
        )
        for source, key in pairs
    ]


def scheme_meters(db: Database, actor: Actor) -> list[MeterRow]:
    """The installed master and common-area meters with their building and room, by
    building then address (the scheme editor's pickers; a park has a handful)."""
    require(actor, Permission.VIEW)
    query = (
        select(Meter, Room.number, Floor.name, Floor.building_id)
        .outerjoin(Room, Room.id == Meter.room_id)
        .outerjoin(Floor, Floor.id == Room.floor_id)
        .where(Meter.role.in_([MeterRole.MASTER, MeterRole.COMMON]), Meter.removed_at.is_(None))
    )
    with db.read() as session:
        buildings = {b: str(n) for b, n in session.execute(select(Building.id, Building.name))}
        rows = []
        for meter, room, floor, floor_building in session.execute(query):
            building = meter.building_id if meter.building_id is not None else floor_building
            rows.append(
                MeterRow(
                    meter.id,
                    meter.address,
                    meter.label,
                    meter.role.value,
                    building,
                    buildings.get(building, "") if building is not None else "",
                    f"{floor} {room}" if room is not None else "",
                )
            )
    return sorted(rows, key=lambda m: (m.building, m.role, m.address, m.id))


def list_runs(db: Database, actor: Actor, limit: int = HISTORY_LIMIT) -> list[RunRow]:
    """The newest runs first, posted and reversed, with who and the totals."""
    _reader(actor)
    poster, reverser = aliased(Operator), aliased(Operator)
    query = (
        select(BillingRun, poster.display_name, reverser.display_name)
        .outerjoin(poster, poster.id == BillingRun.operator_id)
        .outerjoin(reverser, reverser.id == BillingRun.reversed_by)
        .order_by(BillingRun.id.desc())
        .limit(limit)
    )
    with db.read() as session:
        names = source_names(session)
        return [
            RunRow(
                run.id,
                run.source,
                names.get(run.source, run.source),
                run.period,
                run.status.value,
                run.created_at,
                who or "",
                run.workstation,
                int(run.summary.get("lines", 0)),
                int(run.summary.get("total_fen", 0)),
                int(run.summary.get("deducted_fen", 0)),
                int(run.summary.get("billed_fen", 0)),
                run.reversed_at,
                undo or "",
                run.reverse_reason,
            )
            for run, who, undo in session.execute(query)
        ]


def _accounts(session: Session, ids: list[int]) -> dict[int, tuple[str, str]]:
    out: dict[int, tuple[str, str]] = {}
    for start in range(0, len(ids), 900):
        query = (
            select(Account.id, Account.number, Tenant.name)
            .join(Tenant, Tenant.id == Account.tenant_id)
            .where(Account.id.in_(ids[start : start + 900]))
        )
        out.update({a: (str(n), str(t)) for a, n, t in session.execute(query)})
    return out


def run_lines(db: Database, actor: Actor, run_id: int) -> list[LineRow]:
    """A posted (or reversed) run's lines as they were written."""
    _reader(actor)
    with db.read() as session:
        run = session.get(BillingRun, run_id)
        kind = run.source.partition(":")[0] if run is not None else "fee"
        rows = session.scalars(
            select(BillingLine).where(BillingLine.run_id == run_id).order_by(BillingLine.id)
        ).all()
        names = _accounts(session, sorted({r.account_id for r in rows}))
        return [
            LineRow(
                r.account_id,
                *names.get(r.account_id, (str(r.account_id), "")),
                r.kwh,
                r.fen,
                r.bill_id is not None,
                r.basis,
                explain(kind, r.basis, r.detail),
            )
            for r in rows
        ]


def preview_lines(db: Database, actor: Actor, plan: RunPreview) -> list[LineRow]:
    """A preview's lines with account numbers, tenants and the explanation."""
    require(actor, Permission.VIEW)
    with db.read() as session:
        names = _accounts(session, sorted({x.account_id for x in plan.lines}))
    return [
        LineRow(
            x.account_id,
            *names.get(x.account_id, (str(x.account_id), "")),
            x.kwh,
            x.fen,
            x.billed,
            x.basis,
            explain(plan.kind, x.basis, x.detail),
        )
        for x in plan.lines
    ]


def refusals(db: Database, actor: Actor, plan: RunPreview) -> list[tuple[str, str]]:
    """``(who, why)`` for each refused building or account, named as a clerk knows it."""
    require(actor, Permission.VIEW)
    buildings: dict[int, str] = {}
    accounts: dict[int, tuple[str, str]] = {}
    with db.read() as session:
        ids = [int(k.partition(":")[2]) for k in plan.refused if k.startswith("building:")]
        if ids:
            query = select(Building.id, Building.name).where(Building.id.in_(ids))
            buildings = {b: str(n) for b, n in session.execute(query)}
        acc = [int(k.partition(":")[2]) for k in plan.refused if k.startswith("account:")]
        accounts = _accounts(session, acc)
    out: list[tuple[str, str]] = []
    for key, why in plan.refused.items():
        kind, _, ident = key.partition(":")
        if kind == "building":
            out.append((buildings.get(int(ident), key), why))
        elif kind == "account" and ident.isdigit():
            number, tenant = accounts.get(int(ident), (ident, ""))
            out.append((f"{number} {tenant}".strip(), why))
        else:
            out.append((key, why))
    return out


# ------------------------------------------------------------------------- account numbers


def account_ids(db: Database, actor: Actor, text: str, field: str) -> list[int]:
    """Account numbers (or ``#id``) as a clerk types them in the editors -> ids, in order;
    an unknown one is a ``BillingError`` naming ``field`` (the form outlines it)."""
    require(actor, Permission.VIEW)
    out: list[int] = []
    with db.read() as session:
        for number in text.replace(",", " ").replace("，", " ").split():
            found = account_id(session, number, field)
            if found not in out:
                out.append(found)
    return out


def account_numbers(db: Database, actor: Actor, ids: list[int]) -> dict[int, str]:
    """Account id -> number, for showing a stored definition's accounts."""
    require(actor, Permission.VIEW)
    with db.read() as session:
        return {a: number for a, (number, _tenant) in _accounts(session, sorted(ids)).items()}


def account_choices(db: Database, actor: Actor) -> list[tuple[str, str]]:
    """``(number, tenant)`` of every account not closed, by number: what the editors'
    account fields complete from (a clerk types a tenant's name, the field gets the number)."""
    require(actor, Permission.VIEW)
    query = (
        select(Account.number, Tenant.name)
        .join(Tenant, Tenant.id == Account.tenant_id)
        .where(Account.status != AccountStatus.CLOSED)
        .order_by(Account.number)
    )
    with db.read() as session:
        return [(str(n), str(t)) for n, t in session.execute(query)]


def accounts_named(definition: dict[str, Any]) -> list[int]:
    """Every account id a scheme's or fee item's definition names."""
    scope = definition.get("scope") or {}
    ids = [*scope.get("accounts", []), *definition.get("exclude_accounts", [])]
    ids += [int(k) for k in (definition.get("ratios") or {})]
    return [int(i) for i in ids]


# ------------------------------------------------------------------------- in words


def explain(kind: str, basis: str, detail: dict[str, Any]) -> str:
    """How one line was computed, in the UI language (the stored ``detail`` in words)."""
    if kind == "apportion":
        return _explain_share(detail)
    amount = detail.get("amount", "")
    if basis == "per_m2":
        return tr("{area} m² × {amount} yuan/m²", area=detail.get("area_m2", "?"), amount=amount)
    if basis == "per_kwh":
        return tr("{kwh} kWh × {amount} yuan/kWh", kwh=detail.get("kwh", "?"), amount=amount)
    return tr("fixed amount {amount} yuan", amount=amount)


def _explain_share(detail: dict[str, Any]) -> str:
    basis = str(detail.get("basis", ""))
    parts = []
    if detail.get("loss_kwh") is not None:
        parts.append(tr("loss {kwh} kWh", kwh=detail["loss_kwh"]))
    if detail.get("common_kwh") is not None:
        parts.append(tr("common use {kwh} kWh", kwh=detail["common_kwh"]))
    text = tr(
        "{building}: {what} {basis}, this account {value}{unit} of {total}{unit}",
        building=detail.get("building_name", ""),
        what=" + ".join(parts) or tr("{kwh} kWh", kwh=detail.get("energy_kwh", "?")),
        basis=tr(BASIS_WORDS.get(basis, basis)),
        value=detail.get("basis_value", "?"),
        total=detail.get("basis_total", "?"),
        unit=BASIS_UNITS.get(basis, ""),
    )
    if detail.get("capped"):
        text += tr(" (capped at {cap} % of its own use)", cap=detail.get("cap_percent", "?"))
    return text
