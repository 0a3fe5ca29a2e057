"""Several desks (issue 20): the window runs the collector only when it can take the lease,
shows in the status bar which desk runs the buses, and stops polling when another desk
took the lease over."""

from __future__ import annotations

from sqlalchemy import update

from app.collector.lease import Lease
from app.models import CollectorLease
from app.security import default_workstation

from .test_live import FAST, cheap_hashing, open_live, people, small_park

__all__ = ["cheap_hashing", "small_park"]  # fixtures


def test_a_desk_whose_collector_another_desk_runs_shows_that_desk(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    other = Lease(small_park, ttl=600, workstation="收银台2")
    assert other.try_take() is None  # the collector runs on the cashier's desk
    admin, _ = people(small_park)
    window = open_live(qtbot, small_park, admin, collector=False)
    with qtbot.waitSignal(window.collector_started, timeout=20_000) as started:
        window.start_collector(FAST)
    assert started.args[0] is None and window.collector is None  # no second master
    label = window.bus_status.lease
    qtbot.waitUntil(lambda: "收银台2" in label.text(), timeout=20_000)
    assert label.text().startswith("Collector: 收银台2 since ")
    assert "(process" in label.toolTip()
    other.release()
    window.bus_status.refresh()
    qtbot.waitUntil(lambda: label.text() == "Collector: none running", timeout=20_000)
    window.close()


def test_a_desk_that_lost_the_lease_stops_its_collector(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(small_park)
    window = open_live(qtbot, small_park, admin)  # the lease was free: this desk runs it
    label = window.bus_status.lease
    qtbot.waitUntil(lambda: label.text().startswith("Collector: this desk since "), timeout=20_000)
    assert default_workstation() in label.toolTip()
    with small_park.write() as s:  # another desk took over while this one was paused
        s.execute(update(CollectorLease).values(epoch=CollectorLease.epoch + 1, holder_id="x"))
    qtbot.waitUntil(lambda: window.collector is None, timeout=30_000)
    assert "Another desk took over the collector" in window.statusBar().currentMessage()
    window.close()
