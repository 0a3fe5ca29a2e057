"""The diagnostics window on a real simulator pty: errors by kind after injected faults,
and the bus scan, through the collector's bus worker and on a port nobody owns."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.collector import Collector, CollectorConfig, PollPlan
from app.models import BillingMode, Role
from app.security import Actor
from app.ui.diagnostics import DiagnosticsWindow
from drivers.simulator import BusSimulator
from tests.collector.conftest import make_site

ADMIN = Actor(None, "li", "李工", Role.ADMIN, "desk-1")
FAST = CollectorConfig(
    min_poll_interval=0.05,
    offline_retry=0.5,
    batch_seconds=0.1,
    command_poll=0.1,
    automation_period=0.5,
    default_plan=PollPlan(energy_period=30.0),
)


@pytest.fixture
def bus() -> Iterator[BusSimulator]:
    # four meters answer; the database knows three of them
    with BusSimulator(count=4, protocol="modbus") as sim:
        yield sim


def window(qtbot, db, collector: Collector | None) -> DiagnosticsWindow:  # type: ignore[no-untyped-def]
    diag = DiagnosticsWindow(db, ADMIN)
    qtbot.addWidget(diag)
    diag.collector = collector
    diag.show()
    with qtbot.waitSignal(diag.links_shown, timeout=10_000):
        diag.start()
    qtbot.waitUntil(lambda: diag.scan.link is not None, timeout=5000)
    return diag


def scan(qtbot, diag: DiagnosticsWindow, first: str, last: str) -> None:  # type: ignore[no-untyped-def]
    diag.tabs.setCurrentWidget(diag.scan)
    diag.scan.first.setText(first)
    diag.scan.last.setText(last)
    with qtbot.waitSignal(diag.scan.finished, timeout=30_000):
        diag.scan.start_button.click()


def test_scan_on_a_port_nobody_owns(qtbot, db, bus) -> None:  # type: ignore[no-untyped-def]
    make_site(db, bus, {a: BillingMode.METER for a in ("1", "2", "3")})
    diag = window(qtbot, db, None)
    assert diag.error_counts(diag.selected_link())["crc"] == "–"  # no collector here
    scan(qtbot, diag, "1", "8")
    assert diag.scan.route == "port"
    assert diag.scan.found_addresses() == ["1", "2", "3", "4"]
    assert diag.scan.unknown_addresses() == ["4"]
    assert diag.scan.results.item(0, 3).text() == "1号楼 / 1F / 101"
    assert "4 device" in diag.scan.status.text()
    assert diag.scan.progress.value() == 8
    diag.scan.first.setText("9")
    diag.scan.last.setText("3")
    assert not diag.scan.start_scan() and "range" in diag.scan.status.text()
    diag.close()


def test_errors_by_kind_and_a_scan_through_the_collector(qtbot, db, bus) -> None:  # type: ignore[no-untyped-def]
    site = make_site(db, bus, {a: BillingMode.METER for a in ("1", "2", "3")})
    collector = Collector(db, FAST)
    collector.start()
    try:
        diag = window(qtbot, db, collector)
        link_id = site.link_id
        bus.set_fault(1, dead=True)  # requests dropped: timeouts
        bus.set_fault(2, corrupt=1.0)  # every reply damaged: CRC errors
        qtbot.waitUntil(
            lambda: (
                diag.error_counts(link_id).get("timeout", "0") not in ("0", "–")
                and diag.error_counts(link_id).get("crc", "0") not in ("0", "–")
            ),
            timeout=15_000,
        )
        assert diag.error_counts(link_id)["port"] == "0"
        row = next(
            r for r in range(diag.links.rowCount()) if diag.links.item(r, 0).data(0x0100) == link_id
        )
        assert diag.links.item(row, 11).text()  # the last error, with its time
        bus.clear_faults()
        polls = collector.workers[link_id].polls
        scan(qtbot, diag, "1", "10")
        assert diag.scan.route == "collector"
        assert diag.scan.found_addresses() == ["1", "2", "3", "4"]
        assert diag.scan.unknown_addresses() == ["4"]
        assert collector.workers[link_id].polls > polls  # polling went on meanwhile
        # a long scan is cancelled at the next address
        diag.scan.first.setText("1")
        diag.scan.last.setText("247")
        with qtbot.waitSignal(diag.scan.finished, timeout=15_000):
            assert diag.scan.start_scan()
            qtbot.waitUntil(lambda: diag.scan.progress.value() >= 2, timeout=10_000)
            diag.scan.cancel_button.click()
        assert diag.scan.job is not None and diag.scan.job.cancelled
        assert "cancelled" in diag.scan.status.text()
        diag.close()
    finally:
        collector.stop()


def test_a_dlt645_scan_gives_the_detail_in_the_users_language(  # type: ignore[no-untyped-def]
    qtbot, db, monkeypatch
) -> None:
    """The driver writes "energy readable" in English; the window shows the Chinese text."""
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    with BusSimulator(count=2, protocol="dlt645") as sim:
        make_site(db, sim, {"1": BillingMode.METER}, protocol="dlt645")
        diag = window(qtbot, db, None)
        scan(qtbot, diag, "1", "3")
        assert diag.scan.found_addresses() == ["000000000001", "000000000002"]
        assert diag.scan.results.item(0, 2).text() == "电能可读"
        diag.close()
