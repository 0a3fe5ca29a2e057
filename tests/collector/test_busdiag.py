"""Bus diagnostics without Qt: errors counted by kind from the simulator's injected faults,
and the bus scan, on a port of its own and through the collector's bus worker."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from app.collector import Collector
from app.collector.busdiag import ScanJob, error_kind, scan_addresses, scan_port
from app.db import Database
from app.models import BillingMode
from drivers.errors import (
    ChecksumError,
    ExceptionReply,
    FrameError,
    LinkError,
    MeterTimeout,
    RejectedByMeter,
)
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for


def test_error_kinds() -> None:
    assert error_kind(MeterTimeout("no reply")) == "timeout"
    assert error_kind(ChecksumError("bad CRC")) == "crc"
    assert error_kind(FrameError("short")) == "frame"
    assert error_kind(ExceptionReply(3, 2)) == "exception"
    assert error_kind(RejectedByMeter("no")) == "rejected"
    assert error_kind(LinkError("gone")) == "port"
    assert error_kind(ValueError("?")) == "other"


def test_scan_ranges_are_checked() -> None:
    assert scan_addresses("modbus", 3, 5) == ["3", "4", "5"]
    assert scan_addresses("dlt645", 7, 7) == ["000000000007"]
    for protocol, first, last in (("modbus", 0, 3), ("modbus", 5, 4), ("dlt645", 1, 5000)):
        with pytest.raises(ValueError):
            scan_addresses(protocol, first, last)


def test_worker_counts_errors_by_kind(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    make_site(db, sim, {a: BillingMode.METER for a in ("1", "2", "3")})
    collector = collector_factory(fast_config(sim_clock, offline_retry=0.1))
    collector.start()
    worker = next(iter(collector.workers.values()))
    wait_for(lambda: worker.polls >= 3, what="first polls")
    # counted from here: on a loaded machine a sound meter may already have answered after
    # the link's 150 ms (a timeout, rightly counted) before any fault was injected
    before = worker.errors.snapshot()
    assert before["port"] == before["exception"] == 0
    sim.set_fault(1, dead=True)  # no reply: timeouts
    sim.set_fault(2, corrupt=1.0)  # every reply damaged: CRC errors (or a cut-short frame)
    wait_for(lambda: worker.errors.snapshot()["timeout"] >= before["timeout"] + 3, what="timeouts")
    wait_for(lambda: worker.errors.snapshot()["crc"] >= before["crc"] + 2, what="CRC errors")
    counts = worker.errors.snapshot()
    assert counts["port"] == 0 and counts["exception"] == 0
    assert worker.errors.last and worker.errors.last_kind in ("timeout", "crc", "frame")
    assert worker.errors.last_at > 0


def test_scan_through_the_bus_worker_finds_every_simulated_address(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    # meter 4 answers on the bus but is not in the database: the scan lists it too
    make_site(db, sim, {a: BillingMode.METER for a in ("1", "2", "3")})
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    worker = next(iter(collector.workers.values()))
    wait_for(lambda: worker.polls >= 3, what="first polls")
    seen: list[str] = []
    job = ScanJob(
        "modbus",
        scan_addresses("modbus", 1, 10),
        progress=lambda j, hit: seen.append(hit.address if hit else "-"),
        timeout=0.5,  # roomy: a late reply on a loaded machine would read as "no meter"
    )
    polls_before = worker.polls
    assert worker.scan(job)
    assert not worker.scan(ScanJob("modbus", ["1"]))  # one scan at a time
    assert job.finished.wait(30)
    assert [f.address for f in job.found] == ["1", "2", "3", "4"]
    assert job.done == 10 and not job.error and not job.cancelled
    assert worker.polls > polls_before  # the meters were polled between the probes
    assert seen.count("-") >= 6  # one report per address, and one at the end


def test_a_scan_can_be_cancelled(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    make_site(db, sim, {"1": BillingMode.METER})
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    worker = next(iter(collector.workers.values()))
    first = threading.Event()

    def progress(job: ScanJob, _hit: object) -> None:
        first.set()

    job = ScanJob("modbus", scan_addresses("modbus", 1, 247), progress=progress)
    assert worker.scan(job)
    assert first.wait(10)
    job.cancel()
    assert job.finished.wait(10)
    assert job.cancelled and job.done < 247
    assert worker.scan(ScanJob("modbus", ["1"]))  # the bus takes the next scan


def test_scan_of_a_port_nobody_owns() -> None:
    with BusSimulator(count=3, protocol="dlt645") as bus:
        job = ScanJob("dlt645", scan_addresses("dlt645", 1, 5))
        found = scan_port(job, bus.path, baud=2400, parity="N")
        assert [f.address for f in found] == ["000000000001", "000000000002", "000000000003"]
        assert job.finished.is_set() and not job.error
    with BusSimulator(count=2, protocol="modbus") as bus:
        found = scan_port(ScanJob("modbus", ["1", "2", "3"]), bus.path, baud=9600, parity="N")
        assert [f.address for f in found] == ["1", "2"]


def test_scan_of_a_missing_port_says_why() -> None:
    job = ScanJob("modbus", ["1"])
    assert scan_port(job, "/dev/does-not-exist", baud=9600, parity="N") == []
    assert job.finished.is_set() and job.error


def test_a_new_scan_is_taken_the_moment_the_last_one_reports_its_end(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    # The GUI starts the next scan when the last one reports its end (``finished``, then the
    # progress call), which happens on the bus worker's thread before the worker lets go of
    # the job. Held right there, the worker must take the new scan (it refused it: "a scan is
    # already running", the GUI test of the scan failed on a loaded machine) and then run it
    # (not drop it as it lets go of the old one).
    make_site(db, sim, {"1": BillingMode.METER})
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    worker = next(iter(collector.workers.values()))
    ended, go_on = threading.Event(), threading.Event()

    def progress(job: ScanJob, _hit: object) -> None:
        if job.finished.is_set():
            ended.set()
            assert go_on.wait(30)  # the worker's thread, between the end and letting go

    first = ScanJob("modbus", ["1", "2"], progress=progress, timeout=0.5)
    assert worker.scan(first)
    assert ended.wait(30)
    second = ScanJob("modbus", ["1", "2", "3"], timeout=0.5)
    try:
        assert worker.scan(second)
    finally:
        go_on.set()
    assert second.finished.wait(30)
    assert second.done == 3 and not second.error
    assert [f.address for f in second.found] == ["1", "2", "3"]  # the bus has four meters
