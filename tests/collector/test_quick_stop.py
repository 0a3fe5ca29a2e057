"""A stop does not wait for the rest of a poll (issue 14: quitting took 2-3 s).

A DL/T 645 meter's full snapshot is 13 frames, over a second at 2400 baud with the
simulator's wire time; before, ``stop()`` let the poll in progress finish every frame, so
the GUI's quit waited for the slowest bus. Now the poll gives way at the next frame (as it
does for a queued command) and its half-read snapshot is not stored."""

from __future__ import annotations

import threading
from typing import Any
from zoneinfo import ZoneInfo

from app.collector import CollectorConfig
from app.collector.simbus import SimBuses
from app.collector.worker import BusWorker, LinkInfo, MeterInfo, PollResult


def test_stop_abandons_the_poll_in_progress() -> None:
    sims = SimBuses(ZoneInfo("Asia/Shanghai"), wire_time=True)
    meters = [MeterInfo(1, "000000000001", "sim-prepaid-dlt645")]
    path = sims.path_for("sim://quick-stop", 2400, meters, seed=3)
    submitted: list[Any] = []
    worker = BusWorker(
        LinkInfo(1, "quick-stop", path, 2400, "E", 1, 1.0),
        meters,
        CollectorConfig(),
        submitted.append,
        lambda job, meter: None,
        lambda job, ok: None,
    )
    frames: list[bytes] = []
    first = threading.Event()
    guarded = worker.link.transact

    def counting(request: bytes, *args: Any, **kwargs: Any) -> bytes:
        frames.append(request)
        first.set()
        return guarded(request, *args, **kwargs)

    worker.link.transact = counting  # type: ignore[method-assign]
    try:
        worker.start()
        assert first.wait(30), "the worker sent no frame"
        worker.stop()
        worker.join(30)
        assert not worker.is_alive()
    finally:
        sims.stop()
    # the first poll is a full snapshot (13 frames); the stop came during its first frame
    assert len(frames) <= 2, f"{len(frames)} frames sent after the stop"
    assert not [r for r in submitted if isinstance(r, PollResult)]
