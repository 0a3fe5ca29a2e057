"""Load control's settings, whitelists and learning mode, read and written (Qt-free).

A building's row holds its settings; a room's row (same building) overrides it whole. The
detector's thresholds are stored as JSON and never interpreted here (the detector defines
them). Every change is role-checked and audited in its own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..ledger.journal import LedgerError
from ..models import (
    LoadLearning,
    LoadSettings,
    LoadWhitelist,
    Meter,
    MeterRole,
    Room,
    utcnow,
)
from ..security import Actor, Permission, audit, authorize

ACTIONS = ("cut", "alarm", "message")
PERIODS = ("day",)
LEARN_TIMEOUT = timedelta(minutes=30)


class LoadControlError(LedgerError):
    """A refusal of load control; ``str(exc)`` is for the user (CLI exit 1)."""


@dataclass(frozen=True)
class LoadConfig:
    """The settings in force for one room (its own row, else its building's)."""

    enabled: bool = True
    thresholds: dict[str, Any] = field(default_factory=dict)
    actions: frozenset[str] = frozenset(ACTIONS)
    restore_delay_s: int = 300
    restore_limit: int = 3
    restore_period: str = "day"

    @classmethod
    def of(cls, row: LoadSettings) -> LoadConfig:
        return cls(
            bool(row.enabled),
            dict(row.thresholds or {}),
            frozenset(row.actions or ()),
            int(row.restore_delay_s),
            int(row.restore_limit),
            row.restore_period,
        )


def config_for(s: Session, building_id: int | None, room_id: int | None) -> LoadConfig | None:
    """The room's settings, or None when neither it nor its building is under load control."""
    if building_id is None:
        return None
    rows = s.scalars(
        select(LoadSettings).where(
            LoadSettings.building_id == building_id,
            or_(LoadSettings.room_id.is_(None), LoadSettings.room_id == room_id),
        )
    ).all()
    own = next((r for r in rows if r.room_id is not None), None)
    row = own or next((r for r in rows if r.room_id is None), None)
    return LoadConfig.of(row) if row is not None else None


def controlled_meters(s: Session) -> set[int]:
    """The tenant meters of rooms under load control now (fed to the detector)."""
    rows = s.execute(
        select(Meter.id, Meter.building_id, Meter.room_id).where(
            Meter.removed_at.is_(None),
            Meter.role == MeterRole.TENANT,
            Meter.room_id.is_not(None),
            Meter.building_id.in_(select(LoadSettings.building_id)),
        )
    ).all()
    settings = s.scalars(select(LoadSettings)).all()
    by_building = {r.building_id: r.enabled for r in settings if r.room_id is None}
    by_room = {r.room_id: r.enabled for r in settings if r.room_id is not None}
    return {mid for mid, bid, rid in rows if by_room.get(rid, by_building.get(bid, False))}


def save_settings(
    db: Database,
    actor: Actor,
    building_id: int,
    config: LoadConfig,
    room_id: int | None = None,
    now: datetime | None = None,
) -> None:
    """Create or replace a building's (or a room's) settings; audited ``load.settings``."""
    if not set(config.actions) <= set(ACTIONS) or config.restore_period not in PERIODS:
        raise LoadControlError(tr("unknown load control action or period"))
    if config.restore_delay_s < 0 or config.restore_limit < 0:
        raise LoadControlError(tr("the restore delay and limit cannot be negative"))
    moment = now or utcnow()
    with db.write() as s:
        authorize(s, actor, Permission.LOAD_EDIT)
        row = s.scalar(
            select(LoadSettings).where(
                LoadSettings.building_id == building_id,
                LoadSettings.room_id.is_(None)
                if room_id is None
                else LoadSettings.room_id == room_id,
            )
        )
        before = None if row is None else _settings_json(LoadConfig.of(row))
        if row is None:
            row = LoadSettings(building_id=building_id, room_id=room_id)
            s.add(row)
        row.enabled, row.thresholds = config.enabled, dict(config.thresholds)
        row.actions = sorted(config.actions)
        row.restore_delay_s, row.restore_limit = config.restore_delay_s, config.restore_limit
        row.restore_period, row.updated_by, row.updated_at = (
            config.restore_period,
            actor.operator_id,
            moment,
        )
        audit.record(
            s,
            actor,
            "load.settings",
            f"building:{building_id}" + (f"/room:{room_id}" if room_id else ""),
            before=before,
            after=_settings_json(config),
            now=moment,
        )


def _settings_json(c: LoadConfig) -> dict[str, Any]:
    return {
        "enabled": c.enabled,
        "thresholds": c.thresholds,
        "actions": sorted(c.actions),
        "restore_delay_s": c.restore_delay_s,
        "restore_limit": c.restore_limit,
        "restore_period": c.restore_period,
    }


# --- whitelists and learning ------------------------------------------------------------


def whitelist(s: Session, building_id: int, room_id: int | None) -> list[LoadWhitelist]:
    """What a room may use: its own entries and its building's (not removed)."""
    return list(
        s.scalars(
            select(LoadWhitelist)
            .where(
                LoadWhitelist.building_id == building_id,
                LoadWhitelist.removed_at.is_(None),
                or_(LoadWhitelist.room_id.is_(None), LoadWhitelist.room_id == room_id),
            )
            .order_by(LoadWhitelist.id)
        )
    )


def add_whitelist(
    s: Session,
    actor: Actor,
    building_id: int,
    room_id: int | None,
    name: str,
    signature: dict[str, Any],
    source: str,
    now: datetime,
) -> LoadWhitelist:
    """One entry, audited ``load.whitelist_add``, in ``s`` (the caller's transaction)."""
    entry = LoadWhitelist(
        building_id=building_id,
        room_id=room_id,
        name=name[:60],
        signature=signature,
        source=source,
        added_by=actor.operator_id,
        added_at=now,
    )
    s.add(entry)
    s.flush()
    audit.record(
        s,
        actor,
        "load.whitelist_add",
        f"room:{room_id}" if room_id else f"building:{building_id}",
        after={"id": entry.id, "name": entry.name, "source": source, "signature": signature},
        now=now,
    )
    return entry


def start_learning(
    db: Database,
    actor: Actor,
    room_name: str,
    name: str,
    timeout: timedelta = LEARN_TIMEOUT,
    now: datetime | None = None,
) -> datetime:
    """Learning mode for a room: its next step up is whitelisted as ``name``; returns until
    when it waits. Audited ``load.learn``."""
    name = name.strip()
    if not name:
        raise LoadControlError(tr("give the appliance a name"))
    moment = now or utcnow()
    with db.write() as s:
        authorize(s, actor, Permission.LOAD_EDIT)
        room = room_by_name(s, room_name)
        row = s.get(LoadLearning, room.id)
        if row is None:
            row = LoadLearning(room_id=room.id)
            s.add(row)
        row.name, row.started_by, row.started_at = name[:60], actor.operator_id, moment
        row.until = moment + timeout
        audit.record(
            s,
            actor,
            "load.learn",
            f"room:{room.id}",
            after={"name": row.name, "until": row.until.isoformat()},
            now=moment,
        )
        return row.until


def room_by_name(s: Session, name: str) -> Room:
    """The room ``number`` (unique in the park) or ``building/number``, or a clear refusal."""
    from ..batch.selection import BatchError, find_room  # app.batch loads its engine

    try:
        return find_room(s, name)
    except BatchError as exc:
        raise LoadControlError(str(exc)) from exc


def add_demo_load_control(s: Session, building_kinds: dict[int, str]) -> int:
    """The demo park's dormitory buildings under load control (``app.demo``, in its write
    transaction): cut, alarm, message; back after 5 minutes, 3 times a day; the detector's
    default thresholds. Returns how many buildings."""
    dorms = sorted(bid for bid, kind in building_kinds.items() if kind == "dorm")
    for bid in dorms:
        s.add(
            LoadSettings(
                building_id=bid,
                room_id=None,
                enabled=True,
                thresholds={},
                actions=sorted(ACTIONS),
                restore_delay_s=300,
                restore_limit=3,
                restore_period="day",
            )
        )
    return len(dorms)
