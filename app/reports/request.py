"""What a report is asked for, who may ask, and the registry of report kinds.

Every report is ``build(db, actor, request, progress) -> Report``; ``run_report`` is the
one entry point the window and the CLI call: it checks the role in the service (not only in
the UI), resolves nothing twice and lets a progress callback cancel (``ReportCancelled``).

Who reads what: energy reports and the reading sheet need ``report.energy`` (administrator,
operator, auditor); money reports need ``report.finance`` (administrator, auditor); a
cashier may run the orders report, and then sees only their own orders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol as TypingProtocol

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import Account, Building, Floor, Park, Room
from ..security import Actor, Permission, require
from .period import Grain, Period, ReportError
from .table import Report

Progress = Callable[[int, int], None]  # (done, total); may raise ReportCancelled


@dataclass(frozen=True)
class Scope:
    """Where: the park (all ids None), a building, a floor of it, or one account.

    ``text`` is the scope in words for headers ("A 栋 3F", "账户 A-0012").
    """

    building_id: int | None = None
    floor_id: int | None = None
    account_id: int | None = None
    text: str = ""

    @property
    def is_park(self) -> bool:
        return self.building_id is None and self.floor_id is None and self.account_id is None

    def rooms(self) -> Select[tuple[int]]:
        """A subquery of the ids of the rooms in scope (for ``.in_()``)."""
        query = select(Room.id).join(Floor, Room.floor_id == Floor.id)
        if self.floor_id is not None:
            query = query.where(Room.floor_id == self.floor_id)
        if self.building_id is not None:
            query = query.where(Floor.building_id == self.building_id)
        if self.account_id is not None:
            query = query.where(Room.account_id == self.account_id)
        return query


@dataclass(frozen=True)
class ReportRequest:
    """Everything a report kind may use; each kind reads what it needs.

    ``filters`` carries the orders report's extra filters by name (``method``, ``kind``,
    ``cashier``, ``tenant``) as typed by the user; unknown names are refused by the kind.
    """

    kind: str
    period: Period
    grain: Grain = Grain.DAY
    scope: Scope = Scope()
    filters: dict[str, str] = field(default_factory=dict)
    limit: int | None = None  # compare: how many most-changed rooms to list


class Builder(TypingProtocol):
    def __call__(
        self, db: Database, actor: Actor, request: ReportRequest, progress: Progress
    ) -> Report: ...


@dataclass(frozen=True)
class ReportKind:
    """A registered report: ``title`` is an English msgid (translate with ``tr`` to show)."""

    name: str
    title: str
    permission: Permission
    build: Builder
    grains: tuple[Grain, ...] = (Grain.DAY, Grain.MONTH, Grain.YEAR)


REGISTRY: dict[str, ReportKind] = {}
ORDER = ("orders", "income", "energy", "monthly", "compare", "readings")


def register(kind: ReportKind) -> ReportKind:
    REGISTRY[kind.name] = kind
    return kind


def kinds() -> list[ReportKind]:
    """Registered kinds in the menu's order (the six of the issue first)."""
    _load()
    known = [REGISTRY[name] for name in ORDER if name in REGISTRY]
    return known + [k for name, k in sorted(REGISTRY.items()) if name not in ORDER]


def may_run(actor: Actor, kind: str) -> bool:
    """Whether the actor may open this report (the window greys what it may not)."""
    _load()
    spec = REGISTRY.get(kind)
    if spec is None:
        return False
    if kind == "orders" and actor.can(Permission.RECHARGE):
        return True
    return actor.can(spec.permission)


def run_report(
    db: Database, actor: Actor, request: ReportRequest, progress: Progress | None = None
) -> Report:
    """Make one report. Refuses an unknown kind, a role that may not read it; a cashier's
    orders report is narrowed to their own orders whatever was asked."""
    _load()
    spec = REGISTRY.get(request.kind)
    if spec is None:
        raise ReportError(
            tr(
                "Unknown report {kind!r}: choose one of {kinds}.",
                kind=request.kind,
                kinds=", ".join(k.name for k in kinds()),
            )
        )
    if request.grain not in spec.grains:
        raise ReportError(
            tr(
                "The {kind} report cannot be grouped by {grain}.",
                kind=request.kind,
                grain=request.grain.value,
            )
        )
    if request.kind == "orders" and not actor.can(spec.permission):
        require(actor, Permission.RECHARGE)  # a cashier: their own orders only
        request = ReportRequest(
            request.kind,
            request.period,
            request.grain,
            request.scope,
            {**request.filters, "cashier": actor.login},
            request.limit,
        )
    else:
        require(actor, spec.permission)
    return spec.build(db, actor, request, progress or (lambda _done, _total: None))


def resolve_scope(
    session: Session,
    *,
    building: str | None = None,
    floor: str | None = None,
    account: str | None = None,
) -> Scope:
    """Names as typed (building ``A栋``, floor ``3F`` of it, account number) to a scope;
    an unknown name is refused with the name in the sentence."""
    building_id = floor_id = account_id = None
    parts: list[str] = []
    if building:
        rows = session.execute(
            select(Building.id, Park.name)
            .join(Park, Building.park_id == Park.id)
            .where(Building.name == building.strip())
        ).all()
        if not rows:
            raise ReportError(tr("There is no building named {name!r}.", name=building))
        if len(rows) > 1:
            raise ReportError(
                tr(
                    "Several parks have a building named {name!r}: {parks}.",
                    name=building,
                    parks=", ".join(sorted(str(r[1]) for r in rows)),
                )
            )
        building_id = rows[0][0]
        parts.append(building.strip())
    if floor:
        if building_id is None:
            raise ReportError(tr("A floor needs its building (--building)."))
        floor_id = session.scalar(
            select(Floor.id).where(Floor.building_id == building_id, Floor.name == floor.strip())
        )
        if floor_id is None:
            raise ReportError(
                tr("Building {building} has no floor {floor!r}.", building=building, floor=floor)
            )
        parts.append(floor.strip())
    if account:
        account_id = session.scalar(select(Account.id).where(Account.number == account.strip()))
        if account_id is None:
            raise ReportError(tr("There is no account {number!r}.", number=account))
        parts.append(tr("account {number}", number=account.strip()))
    return Scope(building_id, floor_id, account_id, " ".join(parts))


def park_name(session: Session) -> str:
    """The park's name for report headers (several parks: their names joined)."""
    names = session.scalars(select(Park.name).order_by(Park.id)).all()
    return " / ".join(names)


def _load() -> None:
    """Import the kinds so they register (lazy: importing ``app.reports`` stays cheap).
    The module is ``known``, not ``kinds``: a submodule named like the ``kinds()`` function
    the package re-exports would replace it on the package once imported."""
    from . import known  # noqa: F401
