"""A DL/T 645 dorm bus: seconds per live sweep of 32 meters at 2400 8E1.

The simulator runs as its own process with wire time (4 FE, 20 ms turnaround). One sweep
reads each meter's live quantities once, as a bus worker does between full snapshots:
today's plan (the load and the relay: power, power factor, status; ``sim-prepaid-dlt645``
``[poll] live``) against the plan of the morning (voltage, current, power, power factor,
frequency, status: six single-identifier frames), in the same run. Also one full snapshot
of one meter, with the block identifiers and without. Prints the load average.

    .venv/bin/python bench/dlt645_sweep.py [--meters 32] [--sweeps 1]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from drivers.bus import link_for, meter_for  # noqa: E402
from drivers.profiles import get_profile  # noqa: E402

OLD_LIVE = ["voltage", "current", "power", "power_factor", "frequency", "status"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--meters", type=int, default=32)
    ap.add_argument("--sweeps", type=int, default=1)
    args = ap.parse_args()
    sim = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "drivers.simulator",
            "--meters",
            str(args.meters),
            "--protocol",
            "dlt645",
            "--baud",
            "2400",
            "--wire-time",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert sim.stdout is not None
        path = sim.stdout.readline().strip()
        sim.stdout.readline()
        link = link_for(path, "sim-prepaid-dlt645")
        meters = [meter_for(link, "sim-prepaid-dlt645", n) for n in range(1, args.meters + 1)]
        live = list(get_profile("sim-prepaid-dlt645").poll.live or OLD_LIVE)
        for name, plan in (
            ("today's live plan " + "+".join(live), live),
            ("the morning's six identifiers", OLD_LIVE),
        ):
            frames0, t0 = link.transactions, time.perf_counter()
            for _ in range(args.sweeps):
                for m in meters:
                    m.read_quantities(plan)
            seconds = (time.perf_counter() - t0) / args.sweeps
            frames = (link.transactions - frames0) / args.sweeps / args.meters
            print(f"{name:58s} {seconds:6.1f} s per sweep, {frames:.1f} frames per meter")
        m = meters[0]
        m.read()  # the first full read probes the blocks
        frames0, t0 = link.transactions, time.perf_counter()
        m.read()
        print(
            f"{'full snapshot, block identifiers':58s} {time.perf_counter() - t0:6.2f} s, "
            f"{link.transactions - frames0} frames"
        )
        link.close()
    finally:
        sim.terminate()
        sim.wait(10)
    one, five, fifteen = os.getloadavg()
    print(f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count() or 0} CPUs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
