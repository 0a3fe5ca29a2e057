"""Several desks (issue 20): the window runs the collector only when it can take the lease,
shows in the status bar which desk runs the buses, and stops polling when another desk
took the lease over."""

from __future__ import annotations

import re

from PySide6.QtCore import QSettings
from sqlalchemy import update

from app.collector.lease import Lease
from app.models import CollectorLease
from app.security import default_workstation
from app.ui import desk_standby

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
    buses = window.bus_status.buses  # not "Buses 3/3" in green: this desk polls nothing
    assert buses.text().startswith("Buses run by 收银台2 · meters ")
    assert "#2e7d32" not in buses.styleSheet()
    assert window.standby.button.isVisible() and not window.standby.button.isChecked()
    assert not window.standby.waiting  # off unless asked for: no standby row
    other.release()
    window.bus_status.refresh()
    qtbot.waitUntil(lambda: label.text() == "Collector: none running", timeout=20_000)
    assert buses.text().startswith("Buses not polled · ")
    window.close()


def test_a_desk_asked_to_stand_by_takes_over_when_the_holder_stops(qtbot, small_park) -> None:  # type: ignore[no-untyped-def]
    """Asked at an earlier start ("Take over when it stops", remembered on this computer):
    the window waits as a standby and starts its collector when the other desk stops."""
    QSettings().setValue(desk_standby.SETTING, True)
    other = Lease(small_park, ttl=600, workstation="值班室")
    assert other.try_take() is None
    admin, _ = people(small_park)
    window = open_live(qtbot, small_park, admin, collector=False)
    with qtbot.waitSignal(window.collector_started, timeout=20_000) as started:
        window.start_collector(FAST)
    assert started.args[0] is None
    button = window.standby.button
    assert button.isVisible() and button.isChecked() and window.standby.waiting
    label = window.bus_status.lease
    qtbot.waitUntil(lambda: "1 standby" in label.text(), timeout=20_000)
    assert window.collector is None  # the other desk renews (a 600 s lease): it waits
    with qtbot.waitSignal(window.collector_started, timeout=30_000) as took:
        other.release()  # the duty room's collector stops
    assert took.args[0] is not None and window.collector is took.args[0]
    qtbot.waitUntil(lambda: label.text().startswith("Collector: this desk since "), timeout=20_000)
    buses = window.bus_status.buses
    qtbot.waitUntil(lambda: bool(re.match(r"Buses \d+/\d+ · ", buses.text())), timeout=20_000)
    assert "#2e7d32" in buses.styleSheet() or "#c62828" in buses.styleSheet()
    assert "this desk runs the buses now" in window.statusBar().currentMessage()
    button.setChecked(False)  # stand down: the collector stops and gives the lease back
    assert not window.standby.waiting and window.collector is None
    assert Lease(small_park, ttl=600).holder() is None  # given back: another desk may take it
    assert not QSettings().value(desk_standby.SETTING, type=bool)  # remembered: off
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
