"""How well the load detector finds forbidden appliances in a simulated dormitory week (issue 19).

A building of ``--rooms`` rooms (one DL/T 645 dorm bus of 32 meters by default) plays
``--days`` days of the simulator's appliance schedules (drivers/simulator/appliances.py: its
own models, not the detector's library), read by the meters as the simulator reads them (1 s
measuring window, noise, a mains voltage that moves ±2 % over the day, 1 W and 0.001 PF
resolution). Each room is polled every ``--period`` seconds, the rooms spread over the period
as a round-robin bus spreads them. Every eighth room has the building's water dispenser (a
500 W resistive heater that cycles all day); its whitelist entry is learned on site: the
first switch-on of the dispenser the detector reports goes through ``learn_signature``.

Every labelled switch-on is matched to the step the detector saw at the first poll after it
(several switch-ons in one poll interval make one step: the largest names it). Prints, per
poll period: precision and recall of "forbidden" (a forbidden verdict on an allowed switch-on,
or on a step no switch-on explains, is a false positive), the verdict per appliance class and
what the library called it, the whitelisted switch-ons judged forbidden per room, and the time
from switch-on to verdict in poll periods.

    .venv/bin/python bench/load_detect.py [--rooms 32] [--days 7] [--periods 20,10]
"""

from __future__ import annotations

import argparse
import bisect
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.loadcontrol.detect import LoadDetector  # noqa: E402
from app.loadcontrol.signals import Detection, Sample, Verdict  # noqa: E402
from app.loadcontrol.whitelist import Whitelist, learn_signature  # noqa: E402
from drivers.simulator.appliances import (  # noqa: E402
    WINDOW_S,
    DormRoom,
    Switch,
    mains_voltage,
)

CHINA = timedelta(hours=8)
WHITELISTED = "water_dispenser"


@dataclass
class RoomRun:
    """One room's week: its switch-ons, the poll times and the detections."""

    room: DormRoom
    switches: list[Switch]
    polls: list[datetime] = field(default_factory=list)
    detections: list[Detection] = field(default_factory=list)


def to_utc(t: datetime) -> datetime:
    return (t - CHINA).replace(tzinfo=UTC)


def play(
    run: RoomRun,
    meter: int,
    det: LoadDetector,
    start: datetime,
    end: datetime,
    period: float,
    offset: float,
    building: int,
) -> None:
    """Polls one room from ``start`` to ``end`` and feeds the detector (a sweep over the
    switches: the active set changes only at switch times)."""
    pending = sorted(
        run.room.switches(start - timedelta(days=1), end), key=lambda s: s.on
    )  # yesterday's may still run
    active: list[Switch] = []
    i = 0
    t = start + timedelta(seconds=offset)
    step = timedelta(seconds=period)
    window = timedelta(seconds=WINDOW_S)
    while t < end:
        while i < len(pending) and pending[i].on - window <= t:
            active.append(pending[i])
            i += 1
        active = [s for s in active if s.off + window > t]
        p, pf = run.room.reading_of(active, t, mains_voltage(building, t))
        run.polls.append(t)
        sample = Sample(meter, to_utc(t), float(round(p)), round(pf, 3))
        run.detections += det.feed(sample)
        t += step


def learn(room: DormRoom, meter: int, start: datetime, period: float, building: int) -> Whitelist:
    """The manager's learning on site: the first dispenser switch-on the detector reports."""
    first = next(
        s for s in room.switches(start, start + timedelta(days=2)) if s.appliance == WHITELISTED
    )
    det = LoadDetector()
    run = RoomRun(room, [])
    play(
        run,
        meter,
        det,
        first.on - timedelta(minutes=2),
        first.on + timedelta(minutes=2),
        period,
        0.0,
        building,
    )
    for d in run.detections:
        if d.step is not None and d.step.delta_w > 0:
            return Whitelist((learn_signature(d.step, "饮水机", appliance=WHITELISTED),))
    raise SystemExit("the dispenser's switch-on was not seen")


@dataclass
class Tally:
    tp: int = 0  # forbidden verdicts whose step holds a forbidden switch-on
    fp: int = 0  # forbidden verdicts on allowed switch-ons only
    spurious: int = 0  # forbidden verdicts on steps no switch-on explains
    found: int = 0  # forbidden switch-ons with a forbidden verdict
    missed: int = 0
    unseen: int = 0  # switch-ons with no detection (below the minimum step)
    switch_ons: int = 0
    forbidden_ons: int = 0
    periods: list[float] = field(default_factory=list)
    classes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    whitelist_cuts: Counter[int] = field(default_factory=Counter)
    whitelist_ons: int = 0


def score(runs: list[RoomRun], period: float) -> Tally:
    """Each detection explains the switch-ons whose first poll lies between the poll its
    step started at (or the one before: a switch caught in its first milliseconds shows
    at the next poll) and the poll of the verdict; a forbidden verdict is right when one of
    them is forbidden (a kettle switched with the dispenser is still a right cut)."""
    tally = Tally()
    for meter, run in enumerate(runs):
        index = {to_utc(p): k for k, p in enumerate(run.polls)}
        groups: dict[int, list[Switch]] = defaultdict(list)
        for s in run.switches:
            k = bisect.bisect_left(run.polls, s.on)
            if k < len(run.polls):
                groups[k].append(s)
        judged: dict[int, list[Detection]] = defaultdict(list)
        for d in run.detections:
            if d.step is None:
                continue
            k0, k1 = index[d.step.at], index[d.at]
            covered = [k for k in range(k0 - 1, k1 + 1) if k in groups]
            if k0 - 1 in covered and (k0 in groups or judged.get(k0 - 1)):
                covered.remove(k0 - 1)
            for k in covered:
                judged[k].append(d)
            if d.verdict is not Verdict.FORBIDDEN:
                continue
            switched = [s for k in covered for s in groups[k]]
            if any(s.forbidden for s in switched):
                tally.tp += 1
            elif switched:
                tally.fp += 1
                for s in switched:
                    if s.appliance == WHITELISTED:
                        tally.whitelist_cuts[meter] += 1
            else:
                tally.spurious += 1
        for k, group in groups.items():
            tally.switch_ons += len(group)
            dets = judged.get(k, [])
            forb = [d for d in dets if d.verdict is Verdict.FORBIDDEN]
            for s in group:
                tally.whitelist_ons += s.appliance == WHITELISTED
                if s.forbidden:
                    tally.forbidden_ons += 1
                    if forb:
                        tally.found += 1
                        first = min(d.at for d in forb)
                        tally.periods.append((first - to_utc(s.on)).total_seconds() / period)
                    else:
                        tally.missed += 1
            top = max(group, key=lambda s: s.power_w)
            verdict = "forbidden" if forb else (dets[-1].verdict.value if dets else "no step")
            label = (forb or dets)[-1].appliance if dets else None
            tally.classes[top.appliance][f"{verdict}:{label or '-'}"] += 1
            tally.unseen += not dets
    return tally


def report(t: Tally, period: float, seconds: float) -> None:
    precision = t.tp / max(1, t.tp + t.fp + t.spurious)
    recall = t.found / max(1, t.found + t.missed)
    print(f"\n== poll period {period:g} s ({seconds:.1f} s to run)")
    print(
        f"switch-ons {t.switch_ons} (forbidden {t.forbidden_ons}); poll intervals with a "
        f"switch-on but no detection (below the minimum step) {t.unseen}"
    )
    verdicts = t.tp + t.fp + t.spurious
    print(
        f"forbidden: precision {precision:.1%} ({t.tp} of {verdicts} forbidden verdicts), "
        f"recall {recall:.1%} ({t.found} of {t.found + t.missed} forbidden switch-ons); wrong "
        f"verdicts: {t.fp} on allowed switch-ons, {t.spurious} on steps no switch-on explains"
    )
    if t.periods:
        ps = sorted(t.periods)
        within = sum(p <= 2 for p in ps) / len(ps)
        print(
            f"switch-on to forbidden verdict, poll periods: median {statistics.median(ps):.2f}, "
            f"p95 {ps[int(0.95 * (len(ps) - 1))]:.2f}, max {ps[-1]:.2f}; <= 1: "
            f"{sum(p <= 1 for p in ps) / len(ps):.1%}, <= 2: {within:.1%}"
        )
    cut_twice = {m: n for m, n in t.whitelist_cuts.items() if n > 1}
    cuts = sum(t.whitelist_cuts.values())
    print(
        f"whitelisted switch-ons {t.whitelist_ons}, cut for themselves {cuts}; rooms where a "
        f"whitelisted appliance was cut more than once: {len(cut_twice)} {cut_twice or ''}"
    )
    print("class (the largest switch-on of a poll interval): n, verdict:library class (top 3)")
    for cls in sorted(t.classes):
        c = t.classes[cls]
        top = ", ".join(f"{k} {v}" for k, v in c.most_common(3))
        print(f"  {cls:18s} {sum(c.values()):5d}  {top}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rooms", type=int, default=32)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--periods", default="20,10", help="poll periods in s, comma-separated")
    ap.add_argument("--seed", type=int, default=19)
    ap.add_argument("--start", default="2026-11-23", help="first local day (a Monday)")
    args = ap.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} at start; {args.rooms} rooms x {args.days} days")
    start = datetime.fromisoformat(args.start)
    end = start + timedelta(days=args.days)
    for period in (float(p) for p in args.periods.split(",")):
        t0 = time.perf_counter()
        det = LoadDetector()
        runs = []
        for i in range(args.rooms):
            wl = frozenset({WHITELISTED}) if i % 8 == 0 else frozenset()
            room = DormRoom(args.seed * 10_000 + i, wl)
            if wl:
                det.set_whitelist(i, learn(room, i, start, period, args.seed))
            run = RoomRun(room, room.switches(start, end))
            play(run, i, det, start, end, period, period * i / args.rooms, args.seed)
            runs.append(run)
        report(score(runs, period), period, time.perf_counter() - t0)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
