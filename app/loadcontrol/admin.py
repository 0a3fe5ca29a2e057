"""Load control's whitelists and settings edited by name (the ``load whitelist`` and
``load settings`` commands; Qt-free, so a window may call the same services).

Every change is role-checked (``load.edit``) and audited in its own transaction; a bad
value is a :class:`~app.loadcontrol.store.LoadControlError` with a sentence in the
interface's language naming the field. The collector's load feed notices a change within
``CollectorConfig.load_refresh`` seconds (``app.loadcontrol.wiring.load_version``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import Building, Floor, LoadEvent, LoadSettings, LoadWhitelist, utcnow
from ..security import Actor, Permission, audit, authorize
from .detect import ThresholdError, Thresholds
from .store import ACTIONS, LoadConfig, LoadControlError, add_whitelist, room_by_name, save_settings
from .whitelist import DEFAULT_TOL_PF, DEFAULT_TOL_RATIO, MIN_TOL_W


@dataclass(frozen=True)
class Scope:
    """A building, or one room of it."""

    building_id: int
    room_id: int | None
    label: str


@dataclass(frozen=True)
class WhitelistRow:
    id: int
    scope: str  # the building's name, or building/room
    name: str
    delta_w: float | None
    power_factor: float | None
    tol_w: float | None
    source: str
    added_at: datetime


def find_scope(s: Session, building: str | None, room: str | None) -> Scope:
    """``--building NAME`` or ``--room NUMBER`` (or building/number)."""
    if bool(building) == bool(room):
        raise LoadControlError(tr("name either a building or a room"))
    if room:
        r = room_by_name(s, room)
        floor = s.get(Floor, r.floor_id)
        assert floor is not None
        b = s.get(Building, floor.building_id)
        return Scope(floor.building_id, r.id, f"{b.name if b else '?'}/{r.number}")
    assert building is not None
    text = building.strip()
    found = s.scalars(select(Building).where(Building.name == text).order_by(Building.id)).first()
    if found is None:
        raise LoadControlError(tr("no building {name}", name=text))
    return Scope(found.id, None, found.name)


# --- whitelists ---------------------------------------------------------------------------


def list_whitelist(
    db: Database, actor: Actor, building: str | None = None, room: str | None = None
) -> list[WhitelistRow]:
    """A building's entries, or what a room may use (its own and its building's)."""
    with db.read() as s:
        authorize(s, actor, Permission.VIEW)
        scope = find_scope(s, building, room)
        query = select(LoadWhitelist).where(
            LoadWhitelist.building_id == scope.building_id, LoadWhitelist.removed_at.is_(None)
        )
        if scope.room_id is None:
            query = query.where(LoadWhitelist.room_id.is_(None))
        else:
            query = query.where(
                or_(LoadWhitelist.room_id.is_(None), LoadWhitelist.room_id == scope.room_id)
            )
        rows = s.scalars(query.order_by(LoadWhitelist.id)).all()
        building_name = scope.label.split("/")[0]
        return [
            WhitelistRow(
                e.id,
                scope.label if e.room_id is not None else building_name,
                e.name,
                _num(e.signature.get("delta_w")),
                _num(e.signature.get("power_factor")),
                _num(e.signature.get("tol_w")),
                e.source,
                e.added_at,
            )
            for e in rows
        ]


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def add_entry(
    db: Database,
    actor: Actor,
    name: str,
    *,
    building: str | None = None,
    room: str | None = None,
    delta_w: float | None = None,
    power_factor: float | None = None,
    tol_w: float | None = None,
    from_event: int | None = None,
    now: datetime | None = None,
) -> int:
    """A whitelist entry by hand: ΔP (and PF) given, or taken from a recorded load event
    (what the detector measured there). Returns its id; audited ``load.whitelist_add``."""
    name = name.strip()
    if not name:
        raise LoadControlError(tr("give the appliance a name"))
    moment = now or utcnow()
    with db.write() as s:
        authorize(s, actor, Permission.LOAD_EDIT)
        scope = find_scope(s, building, room)
        if from_event is not None:
            delta_w, power_factor = _measured(s, from_event)
        signature = _signature(delta_w, power_factor, tol_w)
        entry = add_whitelist(
            s, actor, scope.building_id, scope.room_id, name, signature, "manual", moment
        )
        return entry.id


def _measured(s: Session, event_id: int) -> tuple[float, float | None]:
    ev = s.get(LoadEvent, event_id)
    if ev is None:
        raise LoadControlError(tr("no load event {id}", id=event_id))
    if ev.delta_w is None or ev.delta_w <= 0:
        raise LoadControlError(
            tr("load event {id} measured no switch-on step (a meter's own event)", id=event_id)
        )
    return ev.delta_w, ev.power_factor


def _signature(delta_w: float | None, pf: float | None, tol_w: float | None) -> dict[str, Any]:
    if delta_w is None:
        raise LoadControlError(tr("give the step's power (--delta-w) or a load event (--event)"))
    if not math.isfinite(delta_w) or delta_w <= 0:
        raise LoadControlError(tr("the step's power must be above 0 W: {value}", value=delta_w))
    if pf is not None and not 0 < pf <= 1:
        raise LoadControlError(
            tr("the power factor must be above 0 and at most 1: {value}", value=pf)
        )
    if tol_w is not None and (not math.isfinite(tol_w) or tol_w <= 0):
        raise LoadControlError(tr("the tolerance must be above 0 W: {value}", value=tol_w))
    return {
        "delta_w": round(delta_w, 1),
        "power_factor": None if pf is None else round(pf, 3),
        "tol_w": round(tol_w if tol_w else max(MIN_TOL_W, delta_w * DEFAULT_TOL_RATIO), 1),
        "tol_pf": DEFAULT_TOL_PF,
    }


def remove_entry(db: Database, actor: Actor, entry_id: int, now: datetime | None = None) -> str:
    """Take an entry off its whitelist (kept, marked removed); returns its name."""
    moment = now or utcnow()
    with db.write() as s:
        authorize(s, actor, Permission.LOAD_EDIT)
        entry = s.get(LoadWhitelist, entry_id)
        if entry is None or entry.removed_at is not None:
            raise LoadControlError(tr("no whitelist entry {id}", id=entry_id))
        entry.removed_at = moment
        audit.record(
            s,
            actor,
            "load.whitelist_remove",
            f"room:{entry.room_id}" if entry.room_id else f"building:{entry.building_id}",
            before={"id": entry.id, "name": entry.name, "signature": entry.signature},
            now=moment,
        )
        return entry.name


# --- settings -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SettingsView:
    scope: str
    config: LoadConfig | None  # None: not under load control
    own: bool  # the room's own override (False: the building's)
    thresholds: Thresholds


def show_settings(
    db: Database, actor: Actor, building: str | None = None, room: str | None = None
) -> SettingsView:
    with db.read() as s:
        authorize(s, actor, Permission.VIEW)
        scope = find_scope(s, building, room)
        own = _row(s, scope)
        base = _row(s, Scope(scope.building_id, None, "")) if scope.room_id else own
        row = own or base
        cfg = LoadConfig.of(row) if row is not None else None
        th = _thresholds(cfg.thresholds if cfg else {})
        return SettingsView(scope.label, cfg, own is not None and scope.room_id is not None, th)


def _row(s: Session, scope: Scope) -> LoadSettings | None:
    return s.scalar(
        select(LoadSettings).where(
            LoadSettings.building_id == scope.building_id,
            LoadSettings.room_id.is_(None)
            if scope.room_id is None
            else LoadSettings.room_id == scope.room_id,
        )
    )


def _thresholds(raw: dict[str, Any]) -> Thresholds:
    try:
        return Thresholds.from_json(raw)
    except ThresholdError:
        return Thresholds()


THRESHOLD_FIELDS = tuple(f.name for f in fields(Thresholds))


def parse_threshold(name: str, text: str) -> Any:
    """One ``NAME=VALUE`` of the thresholds, by the field's type (night_hours: ``23-7``)."""
    if name not in THRESHOLD_FIELDS:
        raise LoadControlError(
            tr(
                "unknown threshold {name}; known: {names}",
                name=name,
                names=", ".join(THRESHOLD_FIELDS),
            )
        )
    try:
        if name == "night_hours":
            start, end = text.replace(",", "-").split("-")
            return (int(start), int(end))
        if name == "utc_offset_h":
            return int(text)
        value = float(text)
        if not math.isfinite(value):
            raise ValueError(text)
        return value
    except ValueError:
        raise LoadControlError(
            tr("bad value for threshold {name}: {value}", name=name, value=text)
        ) from None


def change_settings(
    db: Database,
    actor: Actor,
    building: str | None = None,
    room: str | None = None,
    *,
    enabled: bool | None = None,
    restore_delay_s: int | None = None,
    restore_limit: int | None = None,
    actions: list[str] | None = None,
    thresholds: dict[str, str] | None = None,
    now: datetime | None = None,
) -> LoadConfig:
    """Change what is given; the rest stays (a room without its own settings starts from its
    building's). Checked whole before anything is written; audited ``load.settings``."""
    with db.read() as s:
        authorize(s, actor, Permission.LOAD_EDIT)
        scope = find_scope(s, building, room)
        own = _row(s, scope)
        base = _row(s, Scope(scope.building_id, None, "")) if scope.room_id else None
        start = own or base
        cfg = LoadConfig.of(start) if start is not None else LoadConfig()
    if actions is not None:
        bad = sorted(set(actions) - set(ACTIONS))
        if bad:
            raise LoadControlError(
                tr(
                    "unknown action {name}; known: {names}",
                    name=", ".join(bad),
                    names=", ".join(ACTIONS),
                )
            )
        cfg = replace(cfg, actions=frozenset(actions))
    if restore_delay_s is not None:
        cfg = replace(cfg, restore_delay_s=restore_delay_s)
    if restore_limit is not None:
        cfg = replace(cfg, restore_limit=restore_limit)
    if enabled is not None:
        cfg = replace(cfg, enabled=enabled)
    if thresholds:
        changed = {k: parse_threshold(k, v) for k, v in thresholds.items()}
        try:
            merged = replace(_thresholds(cfg.thresholds), **changed)
        except ThresholdError as exc:
            names = str(exc).split("bad ", 1)[-1]
            raise LoadControlError(tr("threshold out of range: {names}", names=names)) from None
        cfg = replace(cfg, thresholds=merged.to_json())
    save_settings(db, actor, scope.building_id, cfg, scope.room_id, now)
    return cfg
