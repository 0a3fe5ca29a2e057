"""Timetables stored: add, edit, list, show, remove, holidays; scopes to meters (Qt-free).

Every change is one write transaction, role-checked there (``relay.switch``: whoever may cut
a relay may set a timetable that cuts relays; reading needs ``view``) and audited in it
(``timetable.add`` / ``timetable.edit`` / ``timetable.remove`` / ``timetable.holidays``).
``edit`` keeps the row and its id (the executed transitions and the rooms' events stay
linked to it) and stamps ``changed_at``: what the edit means for *now* is the due check's
(``app.timecontrol.execute``). ``remove`` keeps the
row (executed transitions point at it) and marks when: the next due check gives back the
cuts it made (``app.timecontrol.execute``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import (
    Building,
    Floor,
    Meter,
    MeterRole,
    Room,
    Timetable,
    TimetableHoliday,
    TimetableRule,
    utcnow,
)
from ..security import Actor, Permission, audit, authorize, require
from .plan import SPECIFICITY, DayRule, Plan, TimecontrolError, validate


def _plan(row: Timetable, rules: Iterable[TimetableRule], days: Iterable[date]) -> Plan:
    return Plan(
        id=row.id,
        name=row.name,
        scope_kind=row.scope_kind,
        scope_ids=tuple(int(i) for i in row.scope_ids or ()),
        valid_from=row.valid_from,
        valid_to=row.valid_to,
        rules=tuple(
            sorted((DayRule(r.day, r.off_at, r.on_at) for r in rules), key=lambda r: r.day)
        ),
        holidays=frozenset(days),
        remarks=row.remarks,
        active=row.active,
        removed_at=row.removed_at,
        changed_at=row.changed_at,
    )


def load_plans(s: Session, *, with_removed_since: datetime | None = None) -> list[Plan]:
    """The active timetables (and those removed since the given time), with rules and holidays."""
    query = select(Timetable).order_by(Timetable.id)
    rows = [
        r
        for r in s.scalars(query)
        if r.active
        or (
            with_removed_since is not None
            and r.removed_at is not None
            and r.removed_at >= with_removed_since
        )
    ]
    ids = [r.id for r in rows]
    rules: dict[int, list[TimetableRule]] = {i: [] for i in ids}
    days: dict[int, list[date]] = {i: [] for i in ids}
    if ids:
        for rule in s.scalars(select(TimetableRule).where(TimetableRule.timetable_id.in_(ids))):
            rules[rule.timetable_id].append(rule)
        for h in s.scalars(select(TimetableHoliday).where(TimetableHoliday.timetable_id.in_(ids))):
            days[h.timetable_id].append(h.day)
    return [_plan(r, rules[r.id], days[r.id]) for r in rows]


def _row(s: Session, key: str | int) -> Timetable:
    text = str(key).strip()
    row = (
        s.get(Timetable, int(text))
        if text.isdigit()
        else s.scalar(select(Timetable).where(Timetable.name == text))
    )
    if row is None:
        raise TimecontrolError(tr("timetable: no timetable {key!r}", key=text))
    return row


def _check_scope(s: Session, kind: str, ids: tuple[int, ...]) -> None:
    from ..models import Account

    model: Any = {"building": Building, "floor": Floor, "rooms": Room, "account": Account}.get(kind)
    if model is None:
        return  # validate() names it
    for i in ids:
        if s.get(model, i) is None:
            raise TimecontrolError(tr("scope: there is no {kind} with id {id}", kind=kind, id=i))


def add_timetable(db: Database, actor: Actor, plan: Plan) -> Plan:
    """Validate and store ``plan`` (its ``id`` is ignored); audited ``timetable.add``."""
    try:
        with db.write() as s:
            authorize(s, actor, Permission.RELAY_SWITCH)
            if s.scalar(select(Timetable.id).where(Timetable.name == plan.name.strip())):
                raise TimecontrolError(tr("name: a timetable called {name} exists", name=plan.name))
            _check_scope(s, plan.scope_kind, plan.scope_ids)
            validate(plan, load_plans(s))
            row = Timetable(
                name=plan.name.strip(),
                scope_kind=plan.scope_kind,
                scope_ids=list(plan.scope_ids),
                valid_from=plan.valid_from,
                valid_to=plan.valid_to,
                remarks=plan.remarks,
                active=True,
                created_by=actor.operator_id,
                created_at=utcnow(),
            )
            s.add(row)
            s.flush()
            for rule in plan.rules:
                s.add(
                    TimetableRule(
                        timetable_id=row.id, day=rule.day, off_at=rule.off_at, on_at=rule.on_at
                    )
                )
            for day in sorted(plan.holidays):
                s.add(TimetableHoliday(timetable_id=row.id, day=day, remark=""))
            s.flush()
            stored = load_one(s, row.id)
            audit.record(s, actor, "timetable.add", f"timetable:{row.id}", after=describe(stored))
            return stored
    except IntegrityError:  # another desk added the same name meanwhile
        raise TimecontrolError(
            tr("name: a timetable called {name} exists", name=plan.name)
        ) from None


def edit_timetable(
    db: Database, actor: Actor, key: str | int, plan: Plan, now: datetime | None = None
) -> Plan:
    """Replace a stored timetable's name, scope, dates, rules, holidays and remarks with
    ``plan``'s (its ``id`` is ignored), in one transaction audited ``timetable.edit`` with
    the before and after. Refused (nothing changed) with the field named, like ``add``; a
    removed timetable cannot be edited. An edit that changes nothing writes nothing."""
    try:
        with db.write() as s:
            authorize(s, actor, Permission.RELAY_SWITCH)
            row = _row(s, key)
            if not row.active:
                raise TimecontrolError(
                    tr("timetable: {name} is removed; add a new one", name=row.name)
                )
            before = load_one(s, row.id)
            name = plan.name.strip()
            clash = s.scalar(select(Timetable.id).where(Timetable.name == name))
            if clash is not None and clash != row.id:
                raise TimecontrolError(tr("name: a timetable called {name} exists", name=name))
            wanted = _replace_id(plan, row.id, name)
            _check_scope(s, wanted.scope_kind, wanted.scope_ids)
            validate(wanted, load_plans(s))
            if _same(before, wanted):
                return before
            _store_edit(s, row, wanted, now or utcnow())
            after = load_one(s, row.id)
            audit.record(
                s,
                actor,
                "timetable.edit",
                f"timetable:{row.id}",
                before=describe(before),
                after=describe(after),
            )
            return after
    except IntegrityError:  # another desk took the name meanwhile
        raise TimecontrolError(
            tr("name: a timetable called {name} exists", name=plan.name)
        ) from None


def _replace_id(plan: Plan, ident: int, name: str) -> Plan:
    return replace(plan, id=ident, name=name, remarks=plan.remarks.strip())


def _same(a: Plan, b: Plan) -> bool:
    facts = ("name", "scope_kind", "valid_from", "valid_to", "holidays", "remarks")
    return (
        all(getattr(a, f) == getattr(b, f) for f in facts)
        and tuple(sorted(a.scope_ids)) == tuple(sorted(b.scope_ids))
        and sorted(a.rules, key=lambda r: r.day) == sorted(b.rules, key=lambda r: r.day)
    )


def _store_edit(s: Session, row: Timetable, plan: Plan, now: datetime) -> None:
    row.name, row.scope_kind, row.scope_ids = plan.name, plan.scope_kind, list(plan.scope_ids)
    row.valid_from, row.valid_to, row.remarks = plan.valid_from, plan.valid_to, plan.remarks
    row.changed_at = now
    for old in s.scalars(select(TimetableRule).where(TimetableRule.timetable_id == row.id)):
        s.delete(old)
    for h in s.scalars(select(TimetableHoliday).where(TimetableHoliday.timetable_id == row.id)):
        s.delete(h)
    s.flush()  # the unique (timetable, day) rows go before the new ones come
    for rule in plan.rules:
        s.add(
            TimetableRule(timetable_id=row.id, day=rule.day, off_at=rule.off_at, on_at=rule.on_at)
        )
    for day in sorted(plan.holidays):
        s.add(TimetableHoliday(timetable_id=row.id, day=day, remark=""))
    s.flush()


def load_one(s: Session, key: str | int) -> Plan:
    row = _row(s, key)
    rules = s.scalars(select(TimetableRule).where(TimetableRule.timetable_id == row.id))
    days = s.scalars(select(TimetableHoliday.day).where(TimetableHoliday.timetable_id == row.id))
    return _plan(row, rules, days)


def list_timetables(db: Database, actor: Actor, include_removed: bool = False) -> list[Plan]:
    require(actor, Permission.VIEW)
    with db.read() as s:
        ids = s.scalars(select(Timetable.id).order_by(Timetable.name)).all()
        plans = [load_one(s, i) for i in ids]
    return [p for p in plans if include_removed or p.active]


def show_timetable(db: Database, actor: Actor, key: str) -> Plan:
    require(actor, Permission.VIEW)
    with db.read() as s:
        return load_one(s, key)


def remove_timetable(db: Database, actor: Actor, key: str, now: datetime | None = None) -> Plan:
    """Deactivate; the due check restores what it had cut (as of ``removed_at``)."""
    with db.write() as s:
        authorize(s, actor, Permission.RELAY_SWITCH)
        row = _row(s, key)
        if not row.active:
            raise TimecontrolError(tr("timetable: {name} is already removed", name=row.name))
        row.active, row.removed_at = False, now or utcnow()
        s.flush()
        audit.record(
            s,
            actor,
            "timetable.remove",
            f"timetable:{row.id}",
            before={"active": True},
            after={"active": False},
        )
        return load_one(s, row.id)


def set_holidays(
    db: Database, actor: Actor, key: str, add: Iterable[date] = (), remove: Iterable[date] = ()
) -> Plan:
    """Add or drop holiday dates (节假日) of one timetable; audited ``timetable.holidays``."""
    with db.write() as s:
        authorize(s, actor, Permission.RELAY_SWITCH)
        row = _row(s, key)
        have = set(
            s.scalars(select(TimetableHoliday.day).where(TimetableHoliday.timetable_id == row.id))
        )
        added = sorted(set(add) - have)
        dropped = sorted(set(remove) & have)
        for day in added:
            s.add(TimetableHoliday(timetable_id=row.id, day=day, remark=""))
        for day in dropped:
            s.delete(s.get(TimetableHoliday, (row.id, day)))
        if added or dropped:
            row.changed_at = utcnow()  # a window may have opened or closed: as an edit
        s.flush()
        audit.record(
            s,
            actor,
            "timetable.holidays",
            f"timetable:{row.id}",
            after={
                "added": [d.isoformat() for d in added],
                "removed": [d.isoformat() for d in dropped],
            },
        )
        return load_one(s, row.id)


def describe(plan: Plan) -> dict[str, Any]:
    """A timetable as JSON-ready facts (the CLI's ``--json``, the audit row)."""
    from .plan import DAY_NAMES

    return {
        "id": plan.id,
        "name": plan.name,
        "scope": {"kind": plan.scope_kind, "ids": list(plan.scope_ids)},
        "valid_from": plan.valid_from.isoformat(),
        "valid_to": plan.valid_to.isoformat() if plan.valid_to else None,
        "rules": [
            {
                "day": DAY_NAMES[r.day],
                "off": r.off_at.strftime("%H:%M"),
                "on": r.on_at.strftime("%H:%M"),
            }
            for r in plan.rules
        ],
        "holidays": [d.isoformat() for d in sorted(plan.holidays)],
        "remarks": plan.remarks,
        "active": plan.active,
    }


# --------------------------------------------------------------------------- scopes


def scope_meters(
    s: Session, plans: list[Plan], today: date | None = None
) -> dict[int, dict[int, bool]]:
    """Plan id -> {meter id: governed} for the installed tenant meters (with a room) in
    its scope. Only a governed meter is cut by the plan; any meter of its scope gets back
    what the plan itself cut (its "on" never restores anybody else's cut).

    A meter named by several active plans is governed by the most specific one in force
    ``today`` (room group, account, floor, building; ties: the older plan), so a dormitory
    floor's own timetable replaces its building's. Plans for the same scope kind never
    overlap in dates (``validate``). A removed plan keeps its whole scope: it only gives
    back what it cut."""
    rows = s.execute(
        select(Meter.id, Room.id, Room.account_id, Floor.id, Floor.building_id)
        .join(Room, Room.id == Meter.room_id)
        .join(Floor, Floor.id == Room.floor_id)
        .where(Meter.removed_at.is_(None), Meter.role == MeterRole.TENANT)
        .order_by(Meter.id)
    ).all()
    found: dict[int, dict[int, bool]] = {p.id: {} for p in plans}
    ranked = sorted(
        (p for p in plans if p.active and (today is None or p.covers(today))),
        key=lambda p: (SPECIFICITY.get(p.scope_kind, 9), p.id),
    )
    for meter_id, room_id, account_id, floor_id, building_id in rows:
        keys = {"rooms": room_id, "account": account_id, "floor": floor_id, "building": building_id}
        governing = next((p for p in ranked if keys.get(p.scope_kind) in p.scope_ids), None)
        for plan in plans:
            if keys.get(plan.scope_kind) not in plan.scope_ids:
                continue
            governed = plan.active and (governing is None or governing.id == plan.id)
            found[plan.id][meter_id] = governed
    return found
