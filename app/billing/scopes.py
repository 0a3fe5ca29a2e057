"""Scopes and accounts written the way people write them: ``park``, ``building:A栋,B栋``,
``floor:A栋/3F``, ``account:A0001,A0002`` (or ``#id`` for any of them).

The command line and the Billing window both take names; a stored definition holds ids (a
renamed building keeps its schemes). This module turns one into the other and says which
name it does not know. Qt-free; reads only.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import tr
from ..models import Account, Building, Floor, Meter, MeterRole
from .definitions import BillingError

KINDS = {"building": "buildings", "floor": "floors", "account": "accounts"}


def _names(text: str) -> list[str]:
    names = [part.strip() for part in text.split(",") if part.strip()]
    if not names:
        raise BillingError(tr("scope: name at least one after the colon"))
    return names


def building_id(session: Session, name: str) -> int:
    if name.startswith("#") and name[1:].isdigit():
        found = session.scalar(select(Building.id).where(Building.id == int(name[1:])))
    else:
        found = session.scalar(select(Building.id).where(Building.name == name))
    if found is None:
        raise BillingError(tr("scope: unknown building {name}", name=name))
    return found


def floor_id(session: Session, name: str) -> int:
    if name.startswith("#") and name[1:].isdigit():
        found = session.scalar(select(Floor.id).where(Floor.id == int(name[1:])))
    else:
        building, _, floor = name.partition("/")
        found = session.scalar(
            select(Floor.id)
            .join(Building, Building.id == Floor.building_id)
            .where(Building.name == building.strip(), Floor.name == floor.strip())
        )
    if found is None:
        raise BillingError(tr("scope: unknown floor {name} (write BUILDING/FLOOR)", name=name))
    return found


def account_id(session: Session, number: str, field: str = "scope") -> int:
    if number.startswith("#") and number[1:].isdigit():
        found = session.scalar(select(Account.id).where(Account.id == int(number[1:])))
    else:
        found = session.scalar(select(Account.id).where(Account.number == number))
    if found is None:
        raise BillingError(tr("{field}: unknown account {name}", field=field, name=number))
    return found


def parse_scope(session: Session, text: str, kinds: tuple[str, ...]) -> dict[str, Any]:
    """``park`` or ``KIND:NAME[,NAME...]`` for KIND in ``kinds`` -> a definition's scope."""
    text = text.strip()
    if text == "park":
        return {"park": True}
    kind, sep, rest = text.partition(":")
    if not sep or kind not in kinds:
        raise BillingError(
            tr(
                "scope must be park or {kinds} followed by a colon and names, not {value!r}",
                kinds=", ".join(kinds),
                value=text,
            )
        )
    ids: list[int] = []
    for name in _names(rest):
        if kind == "building":
            found = building_id(session, name)
        elif kind == "floor":
            found = floor_id(session, name)
        else:
            found = account_id(session, name)
        if found not in ids:
            ids.append(found)
    return {KINDS[kind]: ids}


def meters_of(session: Session, scope: dict[str, Any], role: MeterRole) -> list[int]:
    """The meters of ``role`` in a scheme's scope (its buildings, or the whole park)."""
    query = select(Meter.id).where(Meter.role == role, Meter.removed_at.is_(None))
    if not scope.get("park"):
        query = query.where(Meter.building_id.in_(scope["buildings"]))
    return list(session.scalars(query.order_by(Meter.id)))
