"""A timetable as plain values, its validation, and the transitions it makes (Qt-free).

A rule for a day (weekday 0 Monday .. 6 Sunday, or ``HOLIDAY`` = 7) says when the supply
goes off and when it comes back: ``off 23:00, on 06:30`` is lights-out (熄灯) from 23:00
that day to 06:30 the next morning (on before off means "the next day"). On a holiday date
of the timetable the holiday rule replaces the weekday rule (no holiday rule: no window
that day). A window belongs to the day it starts on, so Sunday night's window still ends
at 06:30 on a Monday holiday. Windows only start on days within ``valid_from ..
valid_to`` (a term); the last one still gets its morning.

Times are the park's wall-clock times (``zoneinfo``): on a daylight-saving day a time that
does not exist is the same elapsed moment as one hour later, an ambiguous one is its first
occurrence, so each transition is one well-defined UTC instant and the same instant on
every workstation (the exactly-once key uses it). Overlapping windows (a holiday rule
against its neighbours) merge into one: one off, one on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ..i18n import tr

HOLIDAY = 7
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday")
SCOPE_KINDS = ("building", "floor", "rooms", "account")
# the most specific scope governs a meter (one room group beats its account, floor, building)
SPECIFICITY = {"rooms": 0, "account": 1, "floor": 2, "building": 3}


class TimecontrolError(ValueError):
    """A refused timetable or request; the message names the field, in the user's words."""


@dataclass(frozen=True)
class DayRule:
    day: int  # 0 Monday .. 6 Sunday, 7 holidays
    off_at: time
    on_at: time


@dataclass(frozen=True)
class Plan:
    """One timetable's facts (what ``transitions`` needs; ids for the due check)."""

    id: int
    name: str
    scope_kind: str
    scope_ids: tuple[int, ...]
    valid_from: date
    valid_to: date | None
    rules: tuple[DayRule, ...]
    holidays: frozenset[date] = frozenset()
    remarks: str = ""
    active: bool = True
    removed_at: datetime | None = None
    changed_at: datetime | None = None  # the last edit (the due check gives back from then)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def rule_for(self, day: date) -> DayRule | None:
        want = HOLIDAY if day in self.holidays else day.weekday()
        return next((r for r in self.rules if r.day == want), None)


@dataclass(frozen=True)
class Transition:
    """The supply of a timetable's scope goes ``kind`` (off | on) at ``at`` (UTC)."""

    at: datetime
    kind: str
    day: date  # the day the window started (whose rule made it)
    holiday: bool = False
    local: datetime = field(default=datetime.min, compare=False)  # park wall time


def parse_time(text: str, name: str) -> time:
    """``23:00`` -> time; the error names the field."""
    try:
        hour, _, minute = text.strip().partition(":")
        return time(int(hour), int(minute or "0"))
    except ValueError:
        raise TimecontrolError(
            tr(
                "{field}: write the time as HH:MM (00:00-23:59), not {value!r}",
                field=name,
                value=text,
            )
        ) from None


def parse_day(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise TimecontrolError(
            tr("{field}: write the date as YYYY-MM-DD, not {value!r}", field=name, value=text)
        ) from None


def parse_days(text: str) -> list[int]:
    """``mon-fri``, ``sat,sun``, ``all``, ``holiday`` -> day numbers."""
    text = text.strip().lower()
    if text in ("all", "daily", "*"):
        return list(range(7))
    days: list[int] = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        first, dash, last = part.partition("-")
        if first not in DAY_NAMES or (dash and last not in DAY_NAMES[:7]):
            raise TimecontrolError(
                tr(
                    "days: use mon..sun, ranges like mon-fri, all or holiday, not {value!r}",
                    value=part,
                )
            )
        a = DAY_NAMES.index(first)
        b = DAY_NAMES.index(last) if dash else a
        if dash and (a == HOLIDAY or b < a):
            raise TimecontrolError(tr("days: the range {value!r} runs backwards", value=part))
        days.extend(d for d in range(a, b + 1) if d not in days)
    if not days:
        raise TimecontrolError(tr("days: name at least one day"))
    return days


def validate(plan: Plan, others: list[Plan] = ()) -> None:  # type: ignore[assignment]
    """Refuse a timetable that cannot work, naming the field; ``others``: the active
    timetables already stored (two for the same scope may not overlap in dates)."""
    if not plan.name.strip():
        raise TimecontrolError(tr("name: give the timetable a name"))
    if plan.scope_kind not in SCOPE_KINDS:
        raise TimecontrolError(
            tr(
                "scope: unknown scope {value!r}; use building, floor, rooms or account",
                value=plan.scope_kind,
            )
        )
    if not plan.scope_ids:
        raise TimecontrolError(tr("scope: name at least one room, floor, building or account"))
    if plan.valid_to is not None and plan.valid_to < plan.valid_from:
        raise TimecontrolError(
            tr(
                "valid_to: {end} is before valid_from {start}",
                end=plan.valid_to,
                start=plan.valid_from,
            )
        )
    if not plan.rules:
        raise TimecontrolError(tr("rules: give at least one day with its off and on times"))
    seen: set[int] = set()
    for rule in plan.rules:
        name = DAY_NAMES[rule.day] if 0 <= rule.day <= HOLIDAY else str(rule.day)
        if not 0 <= rule.day <= HOLIDAY:
            raise TimecontrolError(tr("rules: unknown day {day}", day=name))
        if rule.day in seen:
            raise TimecontrolError(tr("rules: {day} is given twice", day=name))
        seen.add(rule.day)
        if rule.off_at == rule.on_at:
            raise TimecontrolError(
                tr(
                    "rules: on {day} the off and on times are the same ({at})",
                    day=name,
                    at=rule.on_at.strftime("%H:%M"),
                )
            )
    for other in others:
        if other.id == plan.id or other.scope_kind != plan.scope_kind or not other.active:
            continue
        if not set(other.scope_ids) & set(plan.scope_ids):
            continue
        if _overlap(plan, other):
            raise TimecontrolError(
                tr(
                    "valid_from: the dates overlap timetable {name} for the same scope; "
                    "end one term before the other starts",
                    name=other.name,
                )
            )


def _overlap(a: Plan, b: Plan) -> bool:
    a_end, b_end = a.valid_to or date.max, b.valid_to or date.max
    return a.valid_from <= b_end and b.valid_from <= a_end


def _instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def windows(
    plan: Plan, first: date, last: date, zone: ZoneInfo
) -> list[tuple[datetime, datetime, date, bool]]:
    """The off windows starting on ``first .. last`` (park dates), merged when they overlap."""
    raw: list[tuple[datetime, datetime, date, bool]] = []
    day = first
    while day <= last:
        rule = plan.rule_for(day) if plan.covers(day) else None
        if rule is not None:
            end_day = day if rule.on_at > rule.off_at else day + timedelta(days=1)
            off, on = _instant(day, rule.off_at, zone), _instant(end_day, rule.on_at, zone)
            if on > off:  # a DST day can fold a short window away
                raw.append((off, on, day, day in plan.holidays))
        day += timedelta(days=1)
    merged: list[tuple[datetime, datetime, date, bool]] = []
    for window in sorted(raw):
        if merged and window[0] <= merged[-1][1]:
            last_w = merged[-1]
            merged[-1] = (last_w[0], max(last_w[1], window[1]), last_w[2], last_w[3])
        else:
            merged.append(window)
    return merged


def transitions(plan: Plan, start: datetime, end: datetime, zone: ZoneInfo) -> list[Transition]:
    """Every off and on of ``plan`` with ``start <= at < end`` (aware datetimes), in order.

    Windows that started up to two days before ``start`` are looked at, so a window open
    at ``start`` still gives its "on"."""
    first = start.astimezone(zone).date() - timedelta(days=2)
    last = end.astimezone(zone).date()
    found: list[Transition] = []
    for off, on, day, holiday in windows(plan, first, last, zone):
        for at, kind in ((off, "off"), (on, "on")):
            if start <= at < end:
                found.append(
                    Transition(at, kind, day, holiday, at.astimezone(zone).replace(tzinfo=None))
                )
    return found


def latest(plan: Plan, now: datetime, zone: ZoneInfo) -> Transition | None:
    """The last transition at or before ``now`` (within eight days: a weekly rule's last
    "on" is found after a long weekend with the PC off), or None.

    An "off" here means the window is open now; the due check needs nothing else: a cut
    missed while the PC was off happens at start if its window is still open, a missed
    "on" is applied at start, and a window that opened and closed meanwhile is nothing."""
    found = transitions(plan, now - timedelta(days=8), now + timedelta(microseconds=1), zone)
    if plan.removed_at is not None and plan.removed_at <= now:
        found = [t for t in found if t.at < plan.removed_at]
        if found and found[-1].kind == "off":  # removed while its window held: give back
            local = plan.removed_at.astimezone(zone)
            return Transition(
                plan.removed_at, "on", found[-1].day, False, local.replace(tzinfo=None)
            )
        return None
    return found[-1] if found else None
