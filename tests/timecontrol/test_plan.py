"""Timetables as values: transitions in park time (across midnight, holidays, terms, DST)
and validation that names the field. Pure functions, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.timecontrol.plan import (
    HOLIDAY,
    DayRule,
    Plan,
    TimecontrolError,
    latest,
    parse_days,
    parse_time,
    transitions,
    validate,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def plan(**changes: object) -> Plan:
    base: dict[str, object] = {
        "id": 1,
        "name": "宿舍熄灯",
        "scope_kind": "building",
        "scope_ids": (1,),
        "valid_from": date(2026, 9, 1),
        "valid_to": date(2027, 1, 15),
        "rules": tuple(DayRule(d, time(23, 0), time(6, 30)) for d in range(7)),
    }
    base.update(changes)
    return Plan(**base)  # type: ignore[arg-type]


def local(when: datetime, zone: ZoneInfo = SHANGHAI) -> str:
    return when.astimezone(zone).strftime("%m-%d %H:%M")


def span(start: str, end: str, zone: ZoneInfo = SHANGHAI) -> tuple[datetime, datetime]:
    return (
        datetime.fromisoformat(start).replace(tzinfo=zone).astimezone(UTC),
        datetime.fromisoformat(end).replace(tzinfo=zone).astimezone(UTC),
    )


def test_lights_out_crosses_midnight_in_park_time() -> None:
    found = transitions(plan(), *span("2026-09-14 00:00", "2026-09-16 00:00"), SHANGHAI)
    assert [(local(t.at), t.kind) for t in found] == [
        ("09-14 06:30", "on"),  # Sunday night's window ends on Monday morning
        ("09-14 23:00", "off"),
        ("09-15 06:30", "on"),
        ("09-15 23:00", "off"),
    ]
    assert found[1].at == datetime(2026, 9, 14, 15, 0, tzinfo=UTC)  # UTC+8, no DST
    assert found[1].day == date(2026, 9, 14) and found[2].day == date(2026, 9, 14)


def test_a_holiday_uses_the_holiday_rule_and_merges_with_the_night_before() -> None:
    """National Day (Thu 2026-10-01): the holiday rule 00:30-09:00 overlaps Wednesday's
    23:00-06:30 window: one off at 23:00, one on at 09:00; no lights-out that holiday night
    (its rule starts at 00:30 on the holiday only); Friday is a weekday again."""
    rules = (*plan().rules, DayRule(HOLIDAY, time(0, 30), time(9, 0)))
    p = plan(rules=rules, holidays=frozenset({date(2026, 10, 1)}))
    found = transitions(p, *span("2026-09-30 12:00", "2026-10-03 12:00"), SHANGHAI)
    assert [(local(t.at), t.kind, t.holiday) for t in found] == [
        ("09-30 23:00", "off", False),
        ("10-01 09:00", "on", False),  # merged: the window of the day it started
        ("10-02 23:00", "off", False),
        ("10-03 06:30", "on", False),
    ]


def test_a_holiday_without_a_holiday_rule_has_no_window() -> None:
    p = plan(holidays=frozenset({date(2026, 10, 1)}))
    found = transitions(p, *span("2026-10-01 12:00", "2026-10-02 12:00"), SHANGHAI)
    assert [(local(t.at), t.kind) for t in found] == []


def test_the_holiday_rule_marks_its_own_window() -> None:
    rules = (*plan().rules, DayRule(HOLIDAY, time(22, 0), time(8, 0)))
    p = plan(rules=rules, holidays=frozenset({date(2026, 10, 3)}))
    found = transitions(p, *span("2026-10-03 12:00", "2026-10-04 12:00"), SHANGHAI)
    assert [(local(t.at), t.kind, t.holiday) for t in found] == [
        ("10-03 22:00", "off", True),
        ("10-04 08:00", "on", True),
    ]


def test_windows_start_only_within_the_term() -> None:
    p = plan(valid_from=date(2026, 9, 1), valid_to=date(2026, 9, 2))
    found = transitions(p, *span("2026-08-31 00:00", "2026-09-05 00:00"), SHANGHAI)
    assert [(local(t.at), t.kind) for t in found] == [
        ("09-01 23:00", "off"),
        ("09-02 06:30", "on"),
        ("09-02 23:00", "off"),
        ("09-03 06:30", "on"),  # the last night of the term still gets its morning
    ]


def test_daylight_saving_days_keep_wall_times_and_one_instant_each() -> None:
    """Berlin: 2026-03-29 02:00 -> 03:00, 2026-10-25 03:00 -> 02:00."""
    year = {"valid_from": date(2026, 1, 1), "valid_to": None}
    p = plan(rules=tuple(DayRule(d, time(1, 0), time(6, 0)) for d in range(7)), **year)
    spring = transitions(p, *span("2026-03-28 12:00", "2026-03-30 12:00", BERLIN), BERLIN)
    assert [(local(t.at, BERLIN), t.kind) for t in spring] == [
        ("03-29 01:00", "off"),
        ("03-29 06:00", "on"),
        ("03-30 01:00", "off"),
        ("03-30 06:00", "on"),
    ]
    assert spring[1].at - spring[0].at == timedelta(hours=4)  # the night is an hour short
    autumn = transitions(p, *span("2026-10-24 12:00", "2026-10-26 00:00", BERLIN), BERLIN)
    assert autumn[1].at - autumn[0].at == timedelta(hours=6)  # and an hour long
    gap = plan(rules=tuple(DayRule(d, time(2, 30), time(6, 0)) for d in range(7)), **year)
    missing = transitions(gap, *span("2026-03-29 00:00", "2026-03-29 12:00", BERLIN), BERLIN)
    assert missing[0].kind == "off"
    assert missing[0].at == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 summer time


def test_latest_is_what_a_restart_catches_up() -> None:
    p = plan()
    night = datetime(2026, 9, 14, 23, 40, tzinfo=SHANGHAI)
    last = latest(p, night.astimezone(UTC), SHANGHAI)
    assert last is not None and last.kind == "off" and local(last.at) == "09-14 23:00"
    morning = datetime(2026, 9, 15, 7, 0, tzinfo=SHANGHAI)
    last = latest(p, morning.astimezone(UTC), SHANGHAI)
    assert last is not None and last.kind == "on" and local(last.at) == "09-15 06:30"
    removed = plan(active=False, removed_at=datetime(2026, 9, 15, 1, 0, tzinfo=SHANGHAI))
    last = latest(removed, morning.astimezone(UTC), SHANGHAI)
    assert last is not None and last.kind == "on" and local(last.at) == "09-15 01:00"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": " "}, "name:"),
        ({"scope_kind": "campus"}, "scope:"),
        ({"scope_ids": ()}, "scope:"),
        ({"valid_to": date(2026, 8, 1)}, "valid_to:"),
        ({"rules": ()}, "rules:"),
        ({"rules": (DayRule(0, time(23), time(23)),)}, "rules:"),
        ({"rules": (DayRule(0, time(23), time(6)), DayRule(0, time(22), time(6)))}, "rules:"),
    ],
)
def test_validation_names_the_field(changes: dict[str, object], field: str) -> None:
    with pytest.raises(TimecontrolError) as caught:
        validate(plan(**changes))
    assert str(caught.value).startswith(field)


def test_overlapping_terms_for_the_same_scope_are_refused() -> None:
    autumn = plan(id=1, valid_from=date(2026, 9, 1), valid_to=date(2027, 1, 15))
    spring = plan(id=2, name="春季", valid_from=date(2027, 1, 10), valid_to=None)
    with pytest.raises(TimecontrolError, match=r"^valid_from: .*宿舍熄灯"):
        validate(spring, [autumn])
    validate(plan(id=2, name="春季", valid_from=date(2027, 2, 20), valid_to=None), [autumn])
    validate(plan(id=2, name="三楼", scope_kind="floor", valid_from=date(2026, 9, 1)), [autumn])


def test_parsing_times_and_days() -> None:
    assert parse_time("6:30", "rule") == time(6, 30)
    assert parse_days("mon-fri") == [0, 1, 2, 3, 4]
    assert parse_days("sat,sun") == [5, 6]
    assert parse_days("all") == list(range(7))
    assert parse_days("holiday") == [HOLIDAY]
    for bad in ("25:00", "6h", ""):
        with pytest.raises(TimecontrolError, match=r"^rule: "):
            parse_time(bad, "rule")
    for bad in ("fri-mon", "someday"):
        with pytest.raises(TimecontrolError, match=r"^days: "):
            parse_days(bad)


def test_a_weekly_rules_missed_morning_is_found_after_a_long_weekend() -> None:
    """Only Friday night is dark (Fri 22:00 - Sat 08:00); the PC is off from Friday evening to
    Wednesday: the latest transition is still Saturday's "on", so the start restores."""
    p = plan(rules=(DayRule(4, time(22, 0), time(8, 0)),))
    wednesday = datetime(2026, 9, 23, 9, 0, tzinfo=SHANGHAI).astimezone(UTC)
    last = latest(p, wednesday, SHANGHAI)
    assert last is not None and last.kind == "on" and local(last.at) == "09-19 08:00"
