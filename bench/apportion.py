"""The apportionment engine over the demo park: ``python bench/apportion.py [--rooms N ...]``.

For each size: the demo park with its 13 months of history (``build_demo(db, rooms,
history=True)``: master meters that see their sub-meters plus 3.5 % loss, common-area
meters below them) in a temporary SQLite file; then ``compute`` for last month over the
whole park, three ways (loss by area; loss and common use by energy with a 30 % cap;
common use equally), each timed ``--runs`` times (median). As a baseline in the same run:
``use_over`` alone for the same month (the readings the engine needs), so the ratio says
what the sharing and pricing add. Prints the load average next to every figure.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # this checkout's app, not an installed one

import keyring  # noqa: E402

from app.billing.apportion import compute  # noqa: E402
from app.db import open_database  # noqa: E402
from app.demo import build_demo  # noqa: E402
from app.reports.period import Period  # noqa: E402
from app.reports.usage import use_over  # noqa: E402
from bench.audit_verify import BenchKeyring  # noqa: E402

SCHEMES: dict[str, dict[str, Any]] = {
    "loss by area": {"scope": {"park": True}, "source": "loss", "basis": "area"},
    "both by energy, cap 30 %": {
        "scope": {"park": True},
        "source": "both",
        "basis": "energy",
        "cap_percent": "30",
        "max_loss_percent": "15",
    },
    "common equally": {"scope": {"park": True}, "source": "common", "basis": "equal"},
}


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text(encoding="ascii").split()[:3])


def median(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def bench(rooms: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(f"sqlite:///{Path(tmp) / 'bench.sqlite'}")
        start = time.perf_counter()
        build_demo(db, rooms=rooms, history=True)
        print(f"{rooms} rooms: demo with history built in {time.perf_counter() - start:.0f} s")
        period = Period.last_month(datetime.now(UTC).date())
        with db.read() as session:
            base, uses = median(lambda: use_over(session, period), runs)
            print(f"  baseline use_over, {len(uses)} meters: {base:.2f} s  (load {loadavg()})")
            for name, scheme in SCHEMES.items():
                took, result = median(lambda s=scheme: compute(session, s, period), runs)
                fen = sum(b.fen for b in result.buildings)
                print(
                    f"  {name}: {took:.2f} s ({took / base:.1f} x baseline), "
                    f"{len(result.lines)} lines, {len(result.buildings)} buildings shared, "
                    f"{len(result.refused)} refused, {fen / 100:.2f} yuan  (load {loadavg()})"
                )
                for reason in list(result.refused.values())[:3]:
                    print(f"    refused: {reason}")
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rooms", type=int, nargs="+", default=[2500, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    keyring.set_keyring(BenchKeyring())
    print(f"{period_text()}  load {loadavg()}")
    for rooms in args.rooms:
        bench(rooms, args.runs)


def period_text() -> str:
    return f"last month: {Period.last_month(datetime.now(UTC).date()).start:%Y-%m}"


if __name__ == "__main__":
    main()
