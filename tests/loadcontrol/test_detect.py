"""The load detector on exact synthetic sample streams (one meter, a 10 s poll): what a
switch-on is judged, and at which sample."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import pytest

from app.loadcontrol.detect import LoadDetector, ThresholdError, Thresholds, meter_detections
from app.loadcontrol.signals import Detection, LoadStep, Sample, Verdict
from app.loadcontrol.whitelist import (
    Signature,
    Whitelist,
    WhitelistError,
    learn_signature,
    merge,
)

T0 = datetime(2026, 11, 23, 13, 0, tzinfo=UTC)  # 21:00 in China
PERIOD = timedelta(seconds=10)
LAPTOP = (60.0, 0.6)  # (W, PF) of the loads the tests switch
KETTLE = (1800.0, 1.0)
FAN = (45.0, 0.93)
MICROWAVE = (1220.0, 0.895)
FAN_HEATER = (1200.0, 0.992)
DISPENSER = (500.0, 0.999)


def reading(*loads: tuple[float, float], fraction: float = 1.0) -> tuple[float, float]:
    """The meter's (P, PF) for the loads on, rounded as the register holds them (1 W,
    0.001); ``fraction`` scales the last load (a step caught mid-window)."""
    p = q = 0.0
    for i, (w, pf) in enumerate(loads):
        w *= fraction if i == len(loads) - 1 else 1.0
        p += w
        q += w * math.sqrt(1 - pf * pf) / pf
    pf_total = p / math.hypot(p, q) if p else 1.0
    return round(p), round(pf_total, 3)


def feed(
    det: LoadDetector, readings: list[tuple[float, float]], meter: int = 7
) -> list[tuple[int, Detection]]:
    """Feeds the readings one poll apart; returns (sample index, detection)."""
    out = []
    for i, (p, pf) in enumerate(readings):
        for d in det.feed(Sample(meter, T0 + i * PERIOD, p, pf)):
            out.append((i, d))
    return out


def test_a_kettle_switched_on_is_forbidden_at_the_first_sample() -> None:
    got = feed(LoadDetector(), [reading(LAPTOP)] * 3 + [reading(LAPTOP, KETTLE)] * 3)
    assert len(got) == 1
    i, d = got[0]
    assert i == 3 and d.verdict is Verdict.FORBIDDEN and d.appliance == "kettle"
    assert d.source == "platform" and d.event is None
    assert d.step is not None and d.step.delta_w == 1800.0 and d.step.before_w == 60
    assert d.step.power_factor is not None and d.step.power_factor > 0.99
    assert d.at == T0 + 3 * PERIOD and d.step.at == d.at


def test_a_fan_is_allowed_at_the_second_sample() -> None:
    got = feed(LoadDetector(), [reading(LAPTOP)] * 2 + [reading(LAPTOP, FAN)] * 3)
    assert [(i, d.verdict, d.appliance) for i, d in got] == [(3, Verdict.ALLOWED, "fan")]
    assert got[0][1].step is not None and abs(got[0][1].step.power_factor - 0.93) < 0.01  # type: ignore[operator]


def test_a_fan_heater_and_a_microwave_of_the_same_power_are_told_apart_by_pf() -> None:
    heater = feed(LoadDetector(), [reading(LAPTOP)] * 2 + [reading(LAPTOP, FAN_HEATER)] * 2)
    oven = feed(LoadDetector(), [reading(LAPTOP)] * 2 + [reading(LAPTOP, MICROWAVE)] * 2)
    assert [(i, d.verdict) for i, d in heater] == [(2, Verdict.FORBIDDEN)]
    assert [(i, d.verdict, d.appliance) for i, d in oven] == [(3, Verdict.ALLOWED, "microwave")]


def test_a_whitelisted_heater_like_appliance_is_whitelisted_and_the_kettle_is_not() -> None:
    learner = LoadDetector()
    learned = feed(learner, [reading(LAPTOP)] * 2 + [reading(LAPTOP, DISPENSER)] * 2)
    step = learned[0][1].step
    assert learned[0][1].verdict is Verdict.FORBIDDEN and step is not None  # before learning
    sig = learn_signature(step, "饮水机", appliance="water_dispenser")
    det = LoadDetector()
    det.set_whitelist(7, Whitelist((sig,)))
    stream = [reading(LAPTOP)] * 2 + [reading(LAPTOP, DISPENSER)] * 3
    stream += [reading(LAPTOP)] * 2 + [reading(LAPTOP, (420.0, 0.998))] * 2  # a hand warmer
    stream += [reading(LAPTOP)] * 2 + [reading(LAPTOP, KETTLE)] * 2
    got = [(i, d.verdict, d.appliance) for i, d in feed(det, stream)]
    assert got == [
        (3, Verdict.WHITELISTED, "饮水机"),  # held a sample: it is whitelisted, never forbidden
        # 420 W: outside the dispenser's ±10 %; held a sample (it might have grown into it)
        (8, Verdict.FORBIDDEN, "hand_warmer"),
        (11, Verdict.FORBIDDEN, "kettle"),
    ]


def test_two_loads_one_after_the_other_are_judged_by_their_own_steps() -> None:
    stream = [reading()] * 2 + [reading(LAPTOP)] * 3 + [reading(LAPTOP, KETTLE)] * 2
    got = feed(LoadDetector(), [(max(p, 0), pf) for p, pf in stream])
    assert [(i, d.verdict, d.appliance) for i, d in got] == [
        (3, Verdict.ALLOWED, "laptop"),
        (5, Verdict.FORBIDDEN, "kettle"),
    ]
    kettle = got[1][1].step
    assert kettle is not None and kettle.before_w == 60 and kettle.after_w == 1860
    # the kettle's own PF (~1), though the total's is lower with the laptop on
    assert kettle.power_factor is not None and kettle.power_factor > 0.99


def test_noise_and_slow_drift_below_the_minimum_step_are_ignored() -> None:
    base, pf = reading(LAPTOP, FAN, (150.0, 0.93))
    noisy = [
        (base + d, pf + e) for d, e in [(0, 0), (12, 0.002), (-9, -0.003), (20, 0.0), (4, 0.001)]
    ]
    drift = [(base + 25 * k, pf) for k in range(1, 9)]  # +25 W a poll: a PC's load creeping up
    assert feed(LoadDetector(), noisy + drift) == []
    assert feed(LoadDetector(Thresholds(min_step_w=10)), noisy)  # a lower threshold sees it


def test_switching_off_makes_no_detection() -> None:
    stream = [reading(LAPTOP, KETTLE)] * 2 + [reading(LAPTOP)] * 3
    assert feed(LoadDetector(), stream) == []


def test_a_step_spread_over_two_samples_is_judged_whole() -> None:
    oven = [reading(LAPTOP)] * 2 + [reading(LAPTOP, MICROWAVE, fraction=0.4)]
    oven += [reading(LAPTOP, MICROWAVE)] * 2
    got = feed(LoadDetector(), oven)
    assert [(i, d.verdict, d.appliance) for i, d in got] == [(3, Verdict.ALLOWED, "microwave")]
    assert got[0][1].step is not None and got[0][1].step.delta_w == pytest.approx(1220, abs=2)
    # a forbidden step is reported at once, and the whole step does not report it twice
    kettle = [reading(LAPTOP)] * 2 + [reading(LAPTOP, KETTLE, fraction=0.5)]
    kettle += [reading(LAPTOP, KETTLE)] * 2
    got = feed(LoadDetector(), kettle)
    assert [(i, d.verdict) for i, d in got] == [(2, Verdict.FORBIDDEN)]


def test_a_spread_step_that_may_grow_into_a_whitelisted_one_waits_a_sample() -> None:
    heater = (1200.0, 0.999)  # an allowed 1,200 W resistive appliance (a laser printer)
    sig = learn_signature(LoadStep(7, T0, 1200.0, 0.999, 60, 1260), "激光打印机")
    det = LoadDetector(whitelists={7: Whitelist((sig,))})
    stream = [reading(LAPTOP)] * 2 + [reading(LAPTOP, heater, fraction=0.5)]
    stream += [reading(LAPTOP, heater)] * 2
    got = feed(det, stream)
    assert [(i, d.verdict, d.appliance) for i, d in got] == [(3, Verdict.WHITELISTED, "激光打印机")]


def test_a_confirm_time_holds_the_verdict_and_drops_a_blip() -> None:
    det = LoadDetector(Thresholds(confirm_s=15))
    stream = [reading(LAPTOP)] * 2 + [reading(LAPTOP, KETTLE)] + [reading(LAPTOP)] * 2
    stream += [reading(LAPTOP, KETTLE)] * 3
    got = feed(det, stream)
    assert [(i, d.verdict) for i, d in got] == [(7, Verdict.FORBIDDEN)]


def test_the_power_limit_reports_over_power_once_and_the_night_limit_applies() -> None:
    det = LoadDetector(Thresholds(power_limit_w=1500, night_power_limit_w=300))
    stream = [reading(LAPTOP)] + [reading(LAPTOP, KETTLE)] * 3 + [reading(LAPTOP)]
    got = [(i, d.event) for i, d in feed(det, stream) if d.event]
    assert got == [(1, "over_power")]
    night = datetime(2026, 11, 23, 16, 0, tzinfo=UTC)  # 00:00 in China
    det = LoadDetector(Thresholds(power_limit_w=1500, night_power_limit_w=300))
    out = det.feed(Sample(1, night, 420.0, 1.0))
    assert [(d.event, d.verdict) for d in out] == [("over_power", Verdict.FORBIDDEN)]


def test_meter_flags_become_meter_detections_on_their_rising_edge() -> None:
    got = meter_detections(3, T0, {"malicious_load", "relay_cut"}, set())
    assert [(d.source, d.event, d.verdict, d.step) for d in got] == [
        ("meter", "malicious_load", Verdict.FORBIDDEN, None)
    ]
    assert meter_detections(3, T0, {"malicious_load"}, {"malicious_load"}) == []
    det = LoadDetector()
    det.feed(Sample(3, T0, 100.0, 0.9))
    assert [d.event for d in det.feed_flags(3, T0, {"over_power", "overload"})] == [
        "overload",
        "over_power",
    ]
    assert det.feed_flags(3, T0 + PERIOD, {"over_power", "overload"}) == []


def test_thresholds_round_trip_through_json_and_bad_ones_are_named() -> None:
    t = Thresholds(min_step_w=40, power_limit_w=1200, night_hours=(22, 6))
    assert Thresholds.from_json(t.to_json()) == t
    with pytest.raises(ThresholdError, match="min_step_w"):
        Thresholds(min_step_w=0)
    with pytest.raises(ThresholdError, match="unknown colour"):
        Thresholds.from_json({"colour": 1})
    with pytest.raises(ThresholdError, match="night_hours"):
        Thresholds.from_json({"night_hours": [25, 6]})


def test_after_forget_a_restore_is_not_a_switch_on() -> None:
    det = LoadDetector()
    feed(det, [reading(LAPTOP, FAN)] * 2)
    det.forget(7)  # the rules cut the relay: the meter reads 0, then the restore
    assert det.feed(Sample(7, T0 + 10 * PERIOD, *reading(LAPTOP, FAN, KETTLE))) == []
    assert det.feed(Sample(7, T0 + 11 * PERIOD, *reading(LAPTOP, FAN, KETTLE))) == []


def test_whitelists_round_trip_merge_and_learning_needs_a_switch_on() -> None:
    on = LoadStep(7, T0, 498.0, 0.999, 60, 558)
    room = Whitelist((learn_signature(on, "饮水机"),))
    building = Whitelist((learn_signature(on, "饮水机"), learn_signature(on, "printer")))
    merged = merge(room, building)
    assert [s.name for s in merged.signatures] == ["饮水机", "printer"]
    assert Whitelist.from_json(merged.to_json()) == Whitelist(
        tuple(Signature.from_json(s.to_json()) for s in merged.signatures)
    )
    assert room.match(470.0, 0.998) is not None and room.match(420.0, 0.998) is None
    assert room.match(500.0, 0.90) is None  # the PF is part of the signature
    with pytest.raises(WhitelistError, match="switch-on"):
        learn_signature(LoadStep(7, T0, -498.0, 0.999, 558, 60), "off")
    with pytest.raises(WhitelistError, match="name"):
        learn_signature(on, "  ")
    with pytest.raises(WhitelistError):
        Signature.from_json({"name": "x", "delta_w": 10})


def test_a_whitelisted_appliance_switched_with_another_in_one_interval() -> None:
    sig = learn_signature(LoadStep(7, T0, 500.0, 0.999, 60, 560), "饮水机")
    fridge, dryer = (85.0, 0.7), (1500.0, 0.984)
    det = LoadDetector(whitelists={7: Whitelist((sig,))})
    stream = [reading(LAPTOP)] * 2 + [reading(LAPTOP, DISPENSER, fridge)] * 2  # with the fridge
    stream += [reading(LAPTOP)] * 2 + [reading(LAPTOP, dryer, DISPENSER)] * 2  # with a dryer
    got = [(i, d.verdict, d.appliance) for i, d in feed(det, stream)]
    assert got[0] == (3, Verdict.WHITELISTED, "饮水机")
    assert got[1][:2] == (6, Verdict.FORBIDDEN)
    assert len(got) == 2


def test_a_small_step_on_a_big_total_is_judged_without_its_pf() -> None:
    """A 45 W fan while a 1.8 kW heater runs: 0.001 of PF on the total is ±3 VAr, so the
    fan's step PF (0.93) reads 0.997 here; judged by ΔP alone it is no heater."""
    heater = (1800.0, 0.9995)
    stream = [reading(LAPTOP, heater)] * 2 + [reading(LAPTOP, heater, (45.0, 0.93))] * 2
    trusted = feed(LoadDetector(Thresholds(pf_trust_share=0)), stream)
    got = feed(LoadDetector(), stream)
    assert [d.verdict for _, d in trusted] == [Verdict.FORBIDDEN]  # read as a 45 W heater
    assert [(i, d.verdict) for i, d in got] == [(3, Verdict.UNKNOWN)]


def test_a_heater_at_the_poll_after_a_fridge_is_its_own_step() -> None:
    fridge, dryer = (85.0, 0.7), (1500.0, 0.984)
    stream = (
        [reading(LAPTOP)] * 2 + [reading(LAPTOP, fridge)] + [reading(LAPTOP, fridge, dryer)] * 2
    )
    got = feed(LoadDetector(), stream)
    assert [(i, d.verdict) for i, d in got] == [(3, Verdict.ALLOWED), (3, Verdict.FORBIDDEN)]
    fridge_step, dryer_step = (d.step for _, d in got)
    assert fridge_step is not None and fridge_step.delta_w == 85.0
    assert dryer_step is not None and dryer_step.delta_w == 1500.0
