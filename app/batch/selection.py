"""Which rooms and meters a batch covers: a list of rooms, a building, a floor, a filter.

A selection resolves to *targets* in one read: one per installed tenant meter for meter
actions (a room with two meters gets two items), one per room with an account for money
actions. Names that match nothing, or more than one room, are refused in words before
anything is queued. Sheets (recharge amounts per room) are in ``app.batch.sheet``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..i18n import tr
from ..models import Account, Bill, BillStatus, Building, Floor, Meter, MeterRole, Room
from ..sitetree import room_label
from .actions import Action, BatchError

__all__ = ["room_label"]  # kept here too: older callers import it from the batch package

FILTERS = ("arrears",)


@dataclass(frozen=True)
class Selection:
    """What the operator picked; exactly one of the fields is set (``rooms`` may be ids)."""

    rooms: tuple[str, ...] = ()
    room_ids: tuple[int, ...] = ()
    building: str = ""
    floor: str = ""  # "building/floor"
    filter: str = ""

    def describe(self) -> str:
        if self.rooms:
            return tr("rooms {rooms}", rooms=", ".join(self.rooms))[:200]
        if self.room_ids:
            return tr("{count} rooms picked", count=len(self.room_ids))
        if self.building:
            return tr("building {name}", name=self.building)
        if self.floor:
            return tr("floor {name}", name=self.floor)
        return tr("filter {name}", name=self.filter)


@dataclass
class Target:
    """One future item: where it acts and its own parameters (a sheet row's amount)."""

    room_id: int | None
    meter_id: int | None
    account_id: int | None
    link_id: int | None
    label: str
    params: dict[str, Any] = field(default_factory=dict)


def find_room(s: Session, text: str) -> Room:
    """A room by ``number`` (unique in the park) or ``building/number``."""
    spec = text.strip()
    query = select(Room).join(Floor, Floor.id == Room.floor_id)
    if "/" in spec:
        building, number = (p.strip() for p in spec.rsplit("/", 1))
        query = query.join(Building, Building.id == Floor.building_id).where(
            Building.name == building, Room.number == number
        )
    else:
        query = query.where(Room.number == spec)
    found = s.scalars(query).all()
    if not found:
        raise BatchError(tr("no room {room}", room=spec))
    if len(found) > 1:
        raise BatchError(tr("room {room} is in several buildings: write building/room", room=spec))
    return found[0]


def _rooms(s: Session, sel: Selection) -> list[Room]:
    if sel.rooms:
        return [find_room(s, r) for r in sel.rooms]
    if sel.room_ids:
        rooms = [s.get(Room, i) for i in sel.room_ids]
        missing = [i for i, r in zip(sel.room_ids, rooms, strict=True) if r is None]
        if missing:
            raise BatchError(tr("no room with id {id}", id=missing[0]))
        return [r for r in rooms if r is not None]
    query = select(Room).join(Floor, Floor.id == Room.floor_id)
    if sel.building:
        building = s.scalar(select(Building).where(Building.name == sel.building))
        if building is None:
            raise BatchError(tr("no building {name}", name=sel.building))
        query = query.where(Floor.building_id == building.id)
    elif sel.floor:
        name, _, floor_name = sel.floor.rpartition("/")
        floor = s.scalar(
            select(Floor)
            .join(Building, Building.id == Floor.building_id)
            .where(Building.name == name, Floor.name == floor_name)
        )
        if floor is None:
            raise BatchError(tr("no floor {name} (write building/floor)", name=sel.floor))
        query = query.where(Room.floor_id == floor.id)
    elif sel.filter == "arrears":
        owing = select(Bill.account_id).where(Bill.status == BillStatus.OPEN)
        query = query.join(Account, Account.id == Room.account_id).where(
            or_(Account.balance_fen < 0, Account.id.in_(owing))
        )
    else:
        raise BatchError(
            tr("say which rooms: a list, a building, a floor, a sheet or a filter (arrears)")
        )
    return list(s.scalars(query.order_by(Floor.building_id, Floor.level, Room.number)))


def resolve(s: Session, action: Action, sel: Selection) -> list[Target]:
    """The targets of ``sel`` for ``action``, in a stable order (building, floor, room)."""
    rooms = _rooms(s, sel)
    seen: set[int] = set()
    targets: list[Target] = []
    for room in rooms:
        if room.id in seen:
            continue
        seen.add(room.id)
        label = room_label(s, room)
        if action.per_room:
            targets.append(Target(room.id, None, room.account_id, None, label))
            continue
        meters = s.scalars(
            select(Meter)
            .where(
                Meter.room_id == room.id,
                Meter.removed_at.is_(None),
                Meter.role == MeterRole.TENANT,
            )
            .order_by(Meter.id)
        ).all()
        for meter in meters:
            targets.append(
                Target(
                    room.id, meter.id, room.account_id, meter.link_id, f"{label} #{meter.address}"
                )
            )
    if not targets:
        raise BatchError(tr("the selection has no room or meter to act on"))
    return targets
