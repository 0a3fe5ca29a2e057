"""When the relay automation must not cut (不拉闸规则) and which buildings have guaranteed
supply (保电): the site policy behind ``Rules.no_cut_now`` and ``guarantee_buildings``.

Stored as ``collector.*`` settings, where ``app.collector.config.load_rules`` reads them, so
the running collector applies a change at its next sweep. Validated whole (nothing is
written when one value is wrong, the error names it); one ``settings.change`` audit row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select

from ..collector.config import load_rules
from ..db import Database
from ..i18n import tr
from ..models import Building
from ..security import Actor, Permission, authorize, require
from .settings import SettingsError, _audit_change, put_setting

MAX_DATES = 366


@dataclass(frozen=True)
class CutRules:
    no_cut_from: time | None = None  # both or neither: a nightly window, may wrap midnight
    no_cut_until: time | None = None
    no_cut_weekends: bool = False
    no_cut_dates: tuple[date, ...] = ()  # holidays
    guarantee_buildings: frozenset[int] = field(default_factory=frozenset)


def cut_rules(db: Database) -> CutRules:
    with db.read() as session:
        rules = load_rules(session)
    return CutRules(
        rules.no_cut_from,
        rules.no_cut_until,
        rules.no_cut_weekends,
        tuple(sorted(rules.no_cut_dates)),
        rules.guarantee_buildings,
    )


def building_choices(db: Database) -> list[tuple[int, str]]:
    """(id, name) of every building, for the guaranteed-supply list."""
    with db.read() as session:
        return [(b.id, b.name) for b in session.scalars(select(Building).order_by(Building.id))]


def parse_dates(text: str) -> tuple[date, ...]:
    """``2026-10-01, 2026-10-02`` (commas, spaces, Chinese commas or new lines) -> dates."""
    parts = [
        p for p in text.replace("，", ",").replace("\n", ",").replace(" ", ",").split(",") if p
    ]
    out: set[date] = set()
    for part in parts:
        try:
            out.add(date.fromisoformat(part.strip()))
        except ValueError as exc:
            raise SettingsError(
                tr("holidays: {value!r} is not a date like 2026-10-01", value=part)
            ) from exc
    if len(out) > MAX_DATES:
        raise SettingsError(tr("holidays: at most {count} dates", count=MAX_DATES))
    return tuple(sorted(out))


def save_cut_rules(db: Database, actor: Actor, rules: CutRules) -> CutRules:
    """Store the no-cut windows and the guaranteed buildings (administrators)."""
    require(actor, Permission.SETTINGS_EDIT)
    if (rules.no_cut_from is None) != (rules.no_cut_until is None):
        raise SettingsError(tr("no cuts at night: give both the start and the end, or neither"))
    if rules.no_cut_from is not None and rules.no_cut_from == rules.no_cut_until:
        raise SettingsError(tr("no cuts at night: the start and the end must differ"))
    values = {
        "collector.no_cut_from": _hhmm(rules.no_cut_from),
        "collector.no_cut_until": _hhmm(rules.no_cut_until),
        "collector.no_cut_weekends": rules.no_cut_weekends,
        "collector.no_cut_dates": [d.isoformat() for d in sorted(set(rules.no_cut_dates))],
        "collector.guarantee_buildings": sorted(rules.guarantee_buildings),
    }
    with db.write() as session:
        authorize(session, actor, Permission.SETTINGS_EDIT)
        known = set(session.scalars(select(Building.id)))
        unknown = sorted(set(rules.guarantee_buildings) - known)
        if unknown:
            raise SettingsError(tr("guaranteed supply: no building with id {id}", id=unknown[0]))
        old = load_rules(session)
        before = {
            "collector.no_cut_from": _hhmm(old.no_cut_from),
            "collector.no_cut_until": _hhmm(old.no_cut_until),
            "collector.no_cut_weekends": old.no_cut_weekends,
            "collector.no_cut_dates": sorted(d.isoformat() for d in old.no_cut_dates),
            "collector.guarantee_buildings": sorted(old.guarantee_buildings),
        }
        for key, value in values.items():
            put_setting(session, key, value)
        _audit_change(session, actor, "settings:cut_rules", before, values)
    return cut_rules(db)


def _hhmm(value: time | None) -> str:
    return value.strftime("%H:%M") if value is not None else ""
