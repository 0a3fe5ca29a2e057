"""PollScheduler when the whole bus goes quiet and comes back (pure logic, a fake clock)."""

from __future__ import annotations

from drivers.bus import PollScheduler


def _sweep(s: PollScheduler, ok: bool, n: int) -> list[object]:
    polled = []
    for _ in range(n):
        key = s.next()
        if key is None:
            break
        polled.append(key)
        s.report(key, ok)
    return polled


def test_a_bus_that_went_silent_is_probed_whole_when_one_meter_answers() -> None:
    now = [0.0]
    keys = list(range(8))
    s = PollScheduler(keys, miss_limit=3, offline_retry=3600, clock=lambda: now[0], idle_probe=2)
    for _ in range(3):  # the cable is out: three sweeps of failures
        _sweep(s, False, 8)
    assert s.offline() == keys and s.silent
    assert s.next() is None  # nothing due for an hour...
    now[0] = 2.5
    probe = s.next()  # ...but an all-offline bus is probed every idle_probe s
    assert probe is not None
    s.report(probe, True)  # the cable is back
    assert not s.silent and s.recoveries == 1
    assert sorted(_sweep(s, True, 7)) == sorted(k for k in keys if k != probe)  # one sweep
    assert s.offline() == []


def test_one_glitch_on_the_last_online_meter_does_not_reprobe_the_dead_ones() -> None:
    now = [0.0]
    s = PollScheduler(["a", "b", "c"], miss_limit=3, offline_retry=30, clock=lambda: now[0])
    for _ in range(3):  # b and c die, a answers between them
        s.report("b", False)
        s.report("c", False)
        s.report("a", True)
    assert s.offline() == ["b", "c"] and not s.silent
    s.report("a", False)  # one damaged reply
    s.report("a", True)
    assert s.recoveries == 0
    assert s.health["b"].next_probe == 30  # the dead ones keep their retry period


def test_a_link_error_makes_the_next_answer_a_recovery() -> None:
    now = [0.0]
    s = PollScheduler(["a", "b"], miss_limit=1, offline_retry=30, clock=lambda: now[0])
    s.report("b", False)  # b is offline, due in 30 s
    s.mark_silent()  # the port failed
    s.report("a", True)
    assert s.recoveries == 1 and s.health["b"].next_probe == 0.0
    assert {s.next(), s.next()} == {"a", "b"}  # b is probed in this sweep, not in 30 s
