"""A batch's commands run back to back on their bus, and still leave room for live polls.

Issue 17 asks a relay batch to finish within 1.2 x the wire time it needs *and* never to
starve live polling. With one batch command per bus at a time, a routine poll ran between
every two (1.4 x at the least); now the bus takes ``burst`` background jobs in a row, then
one due poll, which background jobs do not interrupt. Foreground jobs (an operator's
command, the counter's recharge) still run at once, ahead of the batch.
"""

from __future__ import annotations

import threading
from typing import Any
from zoneinfo import ZoneInfo

from app.collector import CollectorConfig
from app.collector.simbus import SimBuses
from app.collector.worker import BusWorker, Job, LinkInfo, MeterInfo, PollResult

JOBS = 20


def _run(priority: int, burst: int = 4) -> list[tuple[str, int]]:
    """Queue ``JOBS`` jobs of ``priority`` on a 6-meter bus whose meters are always due,
    start the worker, and return what it did in order: ("job", id) and ("poll", meter)."""
    sims = SimBuses(ZoneInfo("Asia/Shanghai"))
    meters = [MeterInfo(i, str(i), "sim-prepaid-modbus") for i in range(1, 7)]
    path = sims.path_for("sim://burst", 9600, meters, seed=5)
    order: list[tuple[str, int]] = []
    lock = threading.Lock()
    finished = threading.Event()
    done = 0

    def submit(message: Any) -> None:
        if isinstance(message, PollResult) and message.snapshot is not None:
            with lock:
                order.append(("poll", message.meter_id))

    def run_job(job: Job, meter: Any) -> None:
        with lock:
            order.append(("job", job.command_id))

    def job_done(job: Job, ok: bool) -> None:
        nonlocal done
        done += 1
        if done == JOBS:
            finished.set()

    config = CollectorConfig(min_poll_interval=0.0)
    worker = BusWorker(LinkInfo(1, "burst", path, 9600, "N", 1, 1.0), meters, config, submit,
                       run_job, job_done)  # fmt: skip
    worker.background, worker.burst = 3, burst
    for cid in range(1, JOBS + 1):
        assert worker.enqueue(Job(priority, cid, 1 + cid % 6))
    try:
        worker.start()
        assert finished.wait(60), f"{done} of {JOBS} jobs done"
        worker.stop()
        worker.join(30)
    finally:
        sims.stop()
    with lock:
        return list(order)


def _runs(order: list[tuple[str, int]]) -> list[int]:
    """Lengths of the runs of jobs between two polls, from the first job to the last."""
    kinds = [kind for kind, _ in order]
    first, last = kinds.index("job"), len(kinds) - 1 - kinds[::-1].index("job")
    runs, current = [], 0
    for kind in kinds[first : last + 1]:
        if kind == "job":
            current += 1
        elif current:
            runs.append(current)
            current = 0
    return [*runs, current]


def test_background_jobs_run_in_bursts_with_a_poll_between() -> None:
    order = _run(priority=3, burst=4)
    runs = _runs(order)
    assert sum(runs) == JOBS
    # four in a row (the wire is the batch's), then a whole poll (not preempted by the
    # queued jobs), and so on: 4, 4, 4, 4, 4
    assert runs == [4] * 5, order
    between = [m for kind, m in order[order.index(("job", 1)) :] if kind == "poll"]
    assert len(between) >= 4, order


def test_foreground_jobs_are_never_held_for_a_poll() -> None:
    order = _run(priority=1)
    assert _runs(order) == [JOBS], order
