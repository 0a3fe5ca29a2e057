"""A bus worker that died is said in words, in the status bar, the diagnostics window and the
event list, in the interface's language; it is never a silent dead thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from app.collector import ChangeBatch, Collector, CollectorConfig, PollPlan
from app.models import BillingMode, Role
from app.security import Actor
from app.ui.bus_status import BusStatus
from app.ui.diagnostics import DiagnosticsWindow
from app.ui.event_labels import event_text, link_state_text
from app.ui.i18n import install_translators
from drivers.simulator import BusSimulator
from tests.collector.conftest import make_site

ADMIN = Actor(None, "li", "李工", Role.ADMIN, "desk-1")
CRASH = {"link_id": 1, "link": "bus 1", "reason": "RuntimeError: x", "restart_s": 8.0}


@pytest.fixture
def bus() -> Iterator[BusSimulator]:
    with BusSimulator(count=2, protocol="modbus") as sim:
        yield sim


def test_link_states_in_words(qapp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WATTDESK_LANG", "en")
    stopped = "down: bus worker stopped: RuntimeError: x; restarting in 8 s"
    assert link_state_text(stopped) == "bus worker stopped: RuntimeError: x; restarting in 8 s"
    assert link_state_text("down: no reply") == "down: no reply"
    assert event_text("bus.crashed", "", CRASH) == (
        "Bus bus 1: worker stopped; restarting in 8 s (RuntimeError: x)"
    )
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    translators = install_translators(QCoreApplication.instance(), "zh_CN")
    assert translators, "the zh_CN translation did not load"
    try:
        assert link_state_text(stopped) == "总线线程已停止：RuntimeError: x；8 秒后重启"
        assert link_state_text("down: restarted after: RuntimeError: x") == (
            "总线线程已重启，原因：RuntimeError: x"
        )
        # the event: the facts in Chinese; the Python error stays in the log (and the
        # technician's diagnostics window above)
        assert event_text("bus.crashed", "", CRASH) == "总线 bus 1：总线线程已停止，8 秒后重启"
        assert link_state_text("down: no reply") == "中断：无应答"
    finally:
        for translator in translators:
            QCoreApplication.removeTranslator(translator)


def test_dead_worker_shown_in_the_status_bar_and_diagnostics(qtbot, db, bus) -> None:  # type: ignore[no-untyped-def]
    site = make_site(db, bus, {"1": BillingMode.METER, "2": BillingMode.METER})
    # restarting only after a minute: the window must show the dead worker meanwhile
    collector = Collector(
        db,
        CollectorConfig(
            min_poll_interval=0.05,
            batch_seconds=0.1,
            command_poll=0.1,
            restart_initial=60.0,
            default_plan=PollPlan(energy_period=30.0),
        ),
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    status = BusStatus(db, parent)
    status.local = True  # the collector runs in this process (MainWindow sets it)
    batches: list[ChangeBatch] = []
    collector.hub.subscribe(batches.append)
    collector.start()
    try:
        worker = collector.workers[site.link_id]
        qtbot.waitUntil(lambda: worker.polls > 4, timeout=10_000)
        fired = threading.Event()
        driver = worker.handles[site.meter_id(1)].driver
        real = driver.read_quantities

        def boom(*args: Any, **kwargs: Any) -> Any:
            if not fired.is_set():
                fired.set()
                raise RuntimeError("driver bug")
            return real(*args, **kwargs)

        driver.read_quantities = boom  # type: ignore[method-assign]
        qtbot.waitUntil(lambda: any(b.links for b in batches), timeout=10_000)
        for batch in list(batches):
            status.on_batch(batch)
        with qtbot.waitSignal(status.refreshed, timeout=10_000):
            status.refresh()
        assert "bus worker stopped: RuntimeError: driver bug; restarting in 60 s" in (
            status.buses.toolTip()
        )
        assert status.buses.text().startswith("Buses 0/1")

        diag = DiagnosticsWindow(db, ADMIN)
        qtbot.addWidget(diag)
        diag.collector = collector
        with qtbot.waitSignal(diag.links_shown, timeout=10_000):
            diag.start()
        last = diag.links.item(0, 11).text()
        assert last.startswith("bus worker stopped: RuntimeError: driver bug; restarting in ")
        diag.close()
        status.wait()
    finally:
        collector.stop()
