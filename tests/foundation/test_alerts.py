"""The alert policy (Qt-free): level-3 alarms alert, offline storms collapse, and nothing
alerts more than once per quiet period; time is injected, nothing sleeps."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from app.livedata import EventRow
from app.livedata.alerts import AlertPolicy

_ids = itertools.count(1)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def event(kind: str, level: int, link: str = "bus 2", room: str = "A / 1F / 101") -> EventRow:
    return EventRow(
        next(_ids), datetime.now(UTC), level, kind, room, None, "detail", False, None, link
    )


def offline(n: int, link: str = "bus 2") -> list[EventRow]:
    return [event("meter.offline", 2, link) for _ in range(n)]


def policy(clock: Clock) -> AlertPolicy:
    return AlertPolicy(min_interval=30, storm_threshold=5, storm_window=60, clock=clock)


def test_a_level_3_alarm_raises_one_alert() -> None:
    clock = Clock()
    p = policy(clock)
    assert p.feed([event("relay.changed", 1), event("meter.offline", 2)]) == []
    alerts = p.feed([event("balance.alarm", 3)])
    assert len(alerts) == 1 and alerts[0].level == 3
    assert alerts[0].alarms[0].kind == "balance.alarm" and not alerts[0].storms


def test_a_burst_of_50_offline_events_is_one_storm_alert() -> None:
    clock = Clock()
    p = policy(clock)
    raised = []
    for _ in range(10):  # 50 meters in batches of 5 over 9 s: inside the rate window
        raised += p.feed(offline(5))
        clock.now += 1
        raised += p.tick()
    assert len(raised) == 1
    assert raised[0].storms == {"bus 2": 50}  # the banner counts every meter of the storm
    clock.now += 31
    assert p.tick() == []  # nothing pending after the quiet time either


def test_a_burst_in_one_batch_is_one_alert_too() -> None:
    clock = Clock()
    p = policy(clock)
    alerts = p.feed(offline(50))
    assert len(alerts) == 1 and alerts[0].storms == {"bus 2": 50}


def test_a_few_offline_meters_are_no_storm() -> None:
    clock = Clock()
    p = policy(clock)
    assert p.feed(offline(4)) == []
    clock.now += 61  # the fifth comes too late to make a storm with the others
    assert p.feed(offline(1)) == []


def test_alerts_are_rate_limited_but_never_lost() -> None:
    clock = Clock()
    p = policy(clock)
    assert len(p.feed([event("balance.alarm", 3)])) == 1
    clock.now += 5
    assert p.feed([event("balance.alarm", 3, room="B / 2F / 201")]) == []
    assert p.feed(offline(6, "bus 3")) == []  # a storm in the quiet time waits too
    clock.now += 10
    assert p.tick() == []
    clock.now += 16  # 31 s after the first alert
    (later,) = p.tick()
    assert [a.room for a in later.alarms] == ["B / 2F / 201"]
    assert later.storms == {"bus 3": 6}
    assert p.tick() == []


def test_a_storm_that_goes_on_updates_the_raised_alert_without_a_new_one() -> None:
    clock = Clock()
    p = policy(clock)
    (alert,) = p.feed(offline(5))
    clock.now += 40  # after the quiet time, but the storm still lasts (within 60 s)
    assert p.feed(offline(3)) == []
    assert p.updated and alert.storms == {"bus 2": 8}
    clock.now += 100  # the storm is over: a new one is a new alert
    p.tick()
    assert len(p.feed(offline(5))) == 1


def test_storms_are_counted_per_bus() -> None:
    clock = Clock()
    p = policy(clock)
    (alert,) = p.feed(offline(3, "bus 1") + offline(5, "bus 2"))
    assert alert.storms == {"bus 2": 5}
