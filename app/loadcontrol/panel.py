"""What Settings → Load control and the room detail's "Load control" tab read and change
(Qt-free; roles checked here, each change audited in its own transaction).

Why a module of its own: the windows must not hold SQL, and ``store``/``rules`` belong to the
rules and the collector. The thresholds are checked by ONE rule, the detector's own
(:class:`~app.loadcontrol.detect.Thresholds`): the page's spin boxes take their ranges from
:data:`THRESHOLD_FIELDS` and a save is refused here with the detector's words when a value
is out of range, so the page cannot store what the detector would refuse at start.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import (
    Building,
    Floor,
    LoadEvent,
    LoadLearning,
    LoadRoom,
    LoadSettings,
    LoadWhitelist,
    Operator,
    Room,
    utcnow,
)
from ..security import Actor, Permission, audit, authorize
from ..sitetree import room_label
from .detect import ThresholdError, Thresholds
from .library import ApplianceClass, builtin_library
from .rules import Done
from .store import LoadConfig, LoadControlError, add_whitelist, config_for, start_learning
from .views import restore_room
from .whitelist import DEFAULT_TOL_PF, DEFAULT_TOL_RATIO, MIN_TOL_W, Signature, WhitelistError


@dataclass(frozen=True)
class Field:
    """One threshold as the page shows it: range, unit, decimals (the detector decides)."""

    name: str
    unit: str
    low: float
    high: float
    decimals: int


# The ranges the page offers; the detector's __post_init__ is the rule that decides.
THRESHOLD_FIELDS = (
    Field("min_step_w", "W", 1, 2000, 0),
    Field("resistive_pf", "", 0.5, 1.0, 3),
    Field("resistive_min_w", "W", 0, 5000, 0),
    Field("power_limit_w", "W", 0, 20000, 0),
    Field("night_power_limit_w", "W", 0, 20000, 0),
    Field("confirm_s", "s", 0, 600, 0),
    Field("pf_trust_share", "", 0, 0.99, 2),
    Field("utc_offset_h", "h", -12, 14, 0),
)


def check_thresholds(raw: dict[str, Any]) -> dict[str, Any]:
    """The thresholds as the detector will read them (defaults filled), or a refusal."""
    try:
        return Thresholds.from_json(raw).to_json()
    except ThresholdError as exc:
        raise LoadControlError(str(exc)) from None


@dataclass(frozen=True)
class SettingsRow:
    """A building's settings (``room`` empty) or a room's override."""

    building_id: int
    room_id: int | None
    room: str
    config: LoadConfig
    updated_at: datetime | None


@dataclass(frozen=True)
class EntryRow:
    """One whitelist entry: ``room`` empty for the whole building."""

    id: int
    room: str
    name: str
    delta_w: float | None
    power_factor: float | None
    learned: bool
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class LearningRow:
    room: str
    name: str
    started_by: str
    until: datetime


@dataclass(frozen=True)
class BuildingPanel:
    """Everything the page shows for one building."""

    building_id: int
    building: str
    settings: SettingsRow | None
    overrides: list[SettingsRow]
    whitelist: list[EntryRow]
    learning: list[LearningRow]
    rooms: list[str]


def buildings(db: Database) -> list[tuple[int, str, bool]]:
    """The park's buildings (id, name, under load control), in their order."""
    with db.read() as s:
        controlled = set(
            s.scalars(select(LoadSettings.building_id).where(LoadSettings.room_id.is_(None)))
        )
        return [
            (b.id, b.name, b.id in controlled)
            for b in s.scalars(select(Building).order_by(Building.id))
        ]


def building_panel(db: Database, building_id: int) -> BuildingPanel:
    """One building's settings, room overrides, whitelist and rooms in learning mode."""
    with db.read() as s:
        b = s.get(Building, building_id)
        if b is None:
            raise LoadControlError(tr("no building {name}", name=str(building_id)))
        rooms = {
            r.id: f"{b.name}/{r.number}"
            for r in s.scalars(
                select(Room)
                .join(Floor, Floor.id == Room.floor_id)
                .where(Floor.building_id == building_id)
                .order_by(Room.id)
            )
        }
        names = {o.id: o.display_name for o in s.scalars(select(Operator))}
        rows = s.scalars(select(LoadSettings).where(LoadSettings.building_id == building_id)).all()
        settings = [
            SettingsRow(
                building_id,
                r.room_id,
                rooms.get(r.room_id, "") if r.room_id else "",
                LoadConfig.of(r),
                r.updated_at,
            )
            for r in rows
        ]
        entries = s.scalars(
            select(LoadWhitelist)
            .where(LoadWhitelist.building_id == building_id, LoadWhitelist.removed_at.is_(None))
            .order_by(LoadWhitelist.room_id.is_not(None), LoadWhitelist.id)
        ).all()
        learning = s.scalars(
            select(LoadLearning).where(LoadLearning.room_id.in_(list(rooms)))
        ).all()
        return BuildingPanel(
            building_id,
            b.name,
            next((r for r in settings if r.room_id is None), None),
            sorted((r for r in settings if r.room_id is not None), key=lambda r: r.room),
            [_entry(e, rooms, names) for e in entries],
            [
                LearningRow(rooms[x.room_id], x.name, names.get(x.started_by or 0, ""), x.until)
                for x in learning
            ],
            list(rooms.values()),
        )


def _entry(e: LoadWhitelist, rooms: dict[int, str], names: dict[int, str]) -> EntryRow:
    sig = e.signature or {}
    dw, pf = sig.get("delta_w"), sig.get("power_factor")
    return EntryRow(
        e.id,
        rooms.get(e.room_id, "") if e.room_id else "",
        e.name,
        None if dw is None else float(dw),
        None if pf is None else float(pf),
        e.source == "learning",
        names.get(e.added_by or 0, ""),
        e.added_at,
    )


def save_config(
    db: Database, actor: Actor, building_id: int, config: LoadConfig, room: str = ""
) -> LoadConfig:
    """Store a building's settings (or ``room``'s override) after the detector's check."""
    from dataclasses import replace

    from .store import save_settings

    checked = replace(config, thresholds=check_thresholds(config.thresholds))
    room_id = _room_id(db, building_id, room) if room else None
    save_settings(db, actor, building_id, checked, room_id)
    return checked


def remove_override(db: Database, actor: Actor, building_id: int, room: str) -> None:
    """A room back on its building's settings; audited ``load.settings_removed``."""
    room_id = _room_id(db, building_id, room)
    with db.write() as s:
        authorize(s, actor, Permission.LOAD_EDIT)
        row = s.scalar(select(LoadSettings).where(LoadSettings.room_id == room_id))
        if row is None:
            return
        s.delete(row)
        audit.record(s, actor, "load.settings_removed", f"building:{building_id}/room:{room_id}")


def _room_id(db: Database, building_id: int, room: str) -> int:
    with db.read() as s:
        found = _room_in(s, building_id, room)
        return found.id


def _room_in(s: Session, building_id: int, room: str) -> Room:
    number = room.rsplit("/", 1)[-1].strip()
    found = s.scalar(
        select(Room)
        .join(Floor, Floor.id == Room.floor_id)
        .where(Floor.building_id == building_id, Room.number == number)
    )
    if found is None:
        raise LoadControlError(tr("no room {room} in this building", room=room))
    return found


def add_entry(
    db: Database,
    actor: Actor,
    building_id: int,
    room: str,
    name: str,
    delta_w: float,
    power_factor: float | None,
) -> int:
    """A whitelist entry typed by hand (``room`` empty: the whole building); its id."""
    try:
        sig = Signature(
            name=name.strip(),
            delta_w=float(delta_w),
            power_factor=power_factor,
            tol_w=max(MIN_TOL_W, float(delta_w) * DEFAULT_TOL_RATIO),
            tol_pf=DEFAULT_TOL_PF,
        )
        sig = Signature.from_json(sig.to_json())  # the whitelist's own check
    except WhitelistError:
        raise LoadControlError(
            tr("a whitelist entry needs a name, a ΔP above 0 W and a PF in (0, 1]")
        ) from None
    with db.write() as s:
        authorize(s, actor, Permission.LOAD_EDIT)
        room_id = _room_in(s, building_id, room).id if room else None
        entry = add_whitelist(
            s, actor, building_id, room_id, sig.name, sig.to_json(), "manual", utcnow()
        )
        return entry.id


def remove_entry(db: Database, actor: Actor, entry_id: int) -> None:
    """A whitelist entry no longer allowed (kept, marked removed); audited."""
    with db.write() as s:
        authorize(s, actor, Permission.LOAD_EDIT)
        entry = s.get(LoadWhitelist, entry_id)
        if entry is None or entry.removed_at is not None:
            raise LoadControlError(tr("that whitelist entry is already removed"))
        entry.removed_at = utcnow()
        audit.record(
            s,
            actor,
            "load.whitelist_remove",
            f"room:{entry.room_id}" if entry.room_id else f"building:{entry.building_id}",
            before={"id": entry.id, "name": entry.name, "source": entry.source},
        )


def learn(db: Database, actor: Actor, room: str, name: str) -> datetime:
    """Learning mode for ``room`` (building/number): until when it waits."""
    return start_learning(db, actor, room, name)


def library_rows() -> tuple[ApplianceClass, ...]:
    """The built-in appliance library, in file order (read-only on the page)."""
    return builtin_library().classes


def threshold_names() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Thresholds))


# --- the room detail --------------------------------------------------------------------


@dataclass(frozen=True)
class RoomEvent:
    at: datetime
    source: str
    meter: str
    verdict: str
    appliance: str  # a library key, a learned name or a meter event
    delta_w: float | None
    power_factor: float | None
    action: str


@dataclass(frozen=True)
class RoomLoad:
    """A room's load control for its detail tab."""

    room_id: int
    room: str
    under_control: bool
    cut_since: datetime | None
    restore_due_at: datetime | None
    restores: int
    limit: int
    needs_manager: bool
    learning: str | None
    events: list[RoomEvent]


def room_load(db: Database, room_id: int, limit: int = 50) -> RoomLoad:
    """A room's load-control state and its last load events, newest first."""
    from ..models import Meter

    with db.read() as s:
        room = s.get(Room, room_id)
        if room is None:
            raise LoadControlError(tr("no room {room} in this building", room=str(room_id)))
        floor = s.get(Floor, room.floor_id)
        cfg = config_for(s, floor.building_id if floor else None, room.id)
        row = s.get(LoadRoom, room.id)
        learning = s.get(LoadLearning, room.id)
        events = s.scalars(
            select(LoadEvent)
            .where(LoadEvent.room_id == room_id)
            .order_by(LoadEvent.id.desc())
            .limit(limit)
        ).all()
        meters = {m.id: m.address for m in s.scalars(select(Meter).where(Meter.room_id == room_id))}
        return RoomLoad(
            room.id,
            room_label(s, room),
            cfg is not None and cfg.enabled,
            row.cut_since if row else None,
            row.restore_due_at if row else None,
            row.restores if row else 0,
            cfg.restore_limit if cfg else 0,
            bool(row and row.needs_manager),
            learning.name if learning else None,
            [
                RoomEvent(
                    e.at,
                    e.source,
                    str(meters.get(e.meter_id, e.meter_id)),
                    e.verdict,
                    e.appliance or e.meter_event,
                    e.delta_w,
                    e.power_factor,
                    e.action,
                )
                for e in events
            ],
        )


def manual_restore(db: Database, actor: Actor, room: str, reason: str, zone: ZoneInfo) -> Done:
    """The dorm manager's restore (``load.restore``, a reason required): the rules' own."""
    return restore_room(db, actor, room, reason, zone)


def rooms_needing_manager(db: Database) -> set[int]:
    """Rooms that used up their automatic restores (the wall marks them)."""
    with db.read() as s:
        return set(s.scalars(select(LoadRoom.room_id).where(LoadRoom.needs_manager.is_(True))))


def room_and_meter(db: Database, building_id: int, room: str) -> tuple[int, int | None]:
    """The room's id and its tenant meter's (the screenshots' scenes and tests act on it)."""
    from ..models import Meter, MeterRole

    with db.read() as s:
        found = _room_in(s, building_id, room)
        meter = s.scalar(
            select(Meter.id).where(
                Meter.room_id == found.id,
                Meter.role == MeterRole.TENANT,
                Meter.removed_at.is_(None),
            )
        )
        return found.id, meter


def controlled_buildings(db: Database) -> list[int]:
    """The buildings with load-control settings of their own."""
    with db.read() as s:
        return sorted(
            set(s.scalars(select(LoadSettings.building_id).where(LoadSettings.room_id.is_(None))))
        )
