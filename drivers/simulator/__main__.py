"""``python -m drivers.simulator``: run a simulated bus until interrupted.

Prints the pty path (and the meters on it) on stdout so a script or a person can point
WattDesk at it; everything else goes to the log.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from datetime import datetime

from drivers.simulator.bus import BusSimulator, parse_faults
from drivers.simulator.model import SimClock, make_meters


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m drivers.simulator",
        description="Simulated prepaid meters on a pseudo-terminal.",
    )
    p.add_argument("--meters", type=int, default=8, help="number of meters (default 8)")
    p.add_argument("--protocol", choices=("modbus", "dlt645", "mixed"), default="modbus")
    p.add_argument(
        "--baud", type=int, default=None, help="emulated baud (default 9600 Modbus, 2400 DL/T 645)"
    )
    p.add_argument(
        "--wire-time",
        action="store_true",
        help="hold replies for the 8E1 wire time at --baud (benchmarks)",
    )
    p.add_argument(
        "--turnaround",
        type=float,
        default=0.02,
        help="DL/T 645 meter turnaround in seconds (default 0.02)",
    )
    p.add_argument(
        "--faults",
        default="",
        help="e.g. 'corrupt=0.1,dead@3,slow=0.4@2,flaky@5,garbage=0.05,reset=2@4'",
    )
    p.add_argument(
        "--rate",
        type=float,
        default=1.0,
        help="simulated seconds per real second (accelerated clock; 0 freezes)",
    )
    p.add_argument("--start", default=None, help="simulated start time, ISO format")
    p.add_argument("--link", default=None, help="also create this stable symlink to the pty")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--verbose", "-v", action="store_true")
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.meters < 1 or args.meters > 247:
        sys.stderr.write("--meters must be 1-247\n")
        return 2
    try:
        faults = parse_faults(args.faults)
        start = datetime.fromisoformat(args.start) if args.start else None
    except ValueError as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    baud = args.baud or (2400 if args.protocol == "dlt645" else 9600)
    meters = make_meters(args.meters, args.protocol, args.seed)
    sim = BusSimulator(
        meters,
        baud=baud,
        wire_time=args.wire_time,
        dlt_turnaround=args.turnaround,
        clock=SimClock(start, args.rate),
        faults=faults,
        link_path=args.link,
        seed=args.seed,
    )
    done = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: done.set())
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    with sim:
        sys.stdout.write(f"{sim.path}\n")
        sys.stdout.write(" ".join(f"{m.protocol}:{m.address}" for m in meters) + "\n")
        sys.stdout.flush()
        done.wait()
    s = sim.stats
    logging.getLogger(__name__).info(
        "served %d requests, %d replies, %d t3.5 violations", s.requests, s.replies, s.violations
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
