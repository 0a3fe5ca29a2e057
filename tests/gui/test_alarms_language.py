"""The alarm list under WATTDESK_LANG=zh_CN shows only Chinese: the sentences built from the
facts, the rows written before facts were stored, the kind filter and the banner."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication

from app.collector import Collector, CollectorConfig, PollPlan
from app.collector.event_samples import SAMPLES, write_sample_events
from app.models import BillingMode, Role
from app.security import Actor
from app.ui.alarms import AlarmsDock
from app.ui.diagnostics import DiagnosticsWindow
from app.ui.i18n import install_translators
from drivers.simulator import BusSimulator
from tests.collector.conftest import make_site

ZONE = ZoneInfo("Asia/Shanghai")
ADMIN = Actor(None, "wang", "王晓梅", Role.ADMIN, "desk-1")
WORD = re.compile(r"[A-Za-z]{3,}")
ALLOWED = {"kWh", "CRC"}  # units and technical names read the same in Chinese


@pytest.fixture
def chinese(qapp, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    translators = install_translators(QCoreApplication.instance(), "zh_CN")
    assert translators, "the zh_CN translation did not load"
    yield
    for translator in translators:
        QCoreApplication.removeTranslator(translator)


def _english(text: str) -> set[str]:
    return set(WORD.findall(text)) - ALLOWED


def test_the_alarm_list_reads_chinese(qtbot, demo_db, chinese) -> None:  # type: ignore[no-untyped-def]
    assert write_sample_events(demo_db) == len(SAMPLES)
    alarms = AlarmsDock(demo_db, ADMIN, ZONE)
    qtbot.addWidget(alarms)
    alarms.notifier.sound = lambda: None
    alarms.show()
    with qtbot.waitSignal(alarms.loaded, timeout=20_000):
        alarms.load()
    assert alarms.table.rowCount() == len(SAMPLES)
    texts = [
        alarms.table.item(r, c).text()
        for r in range(alarms.table.rowCount())
        for c in range(alarms.table.columnCount())
    ]
    headers = [
        alarms.table.horizontalHeaderItem(c).text() for c in range(alarms.table.columnCount())
    ]
    kinds = [alarms.kind.itemText(i) for i in range(alarms.kind.count())]
    english = {t: _english(t) for t in [*texts, *headers, *kinds] if _english(t)}
    assert not english, english
    messages = [alarms.table.item(r, 3).text() for r in range(alarms.table.rowCount())]
    # the three sentences of the issue, now in Chinese
    assert "连续 3 次轮询无应答，电表离线：应答来自 4 号站，请求的是 5 号站" in messages
    assert "继电器命令 #12 已确认：拉闸：继电器已断开（已回读）" in messages
    assert "电表恢复应答" in messages
    # rows without facts: their kind's sentence, not the stored English
    assert "电表恢复在线" in messages and "命令已确认" in messages
    # the banner of a level-3 alarm arriving live says it in Chinese too
    level3 = next(r for r in alarms.rows if r.level == 3)
    alarms.add_events([replace(level3, id=level3.id + 1000)])
    assert alarms.banner.isVisible()
    banner = alarms.banner.label.text()
    assert "账户余额 -¥3.20：3 级告警" in banner and not _english(banner), banner


def test_the_same_list_reads_english(qtbot, demo_db, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WATTDESK_LANG", "en")
    write_sample_events(demo_db)
    alarms = AlarmsDock(demo_db, ADMIN, ZONE)
    qtbot.addWidget(alarms)
    alarms.notifier.sound = lambda: None
    with qtbot.waitSignal(alarms.loaded, timeout=20_000):
        alarms.load()
    messages = [alarms.table.item(r, 3).text() for r in range(alarms.table.rowCount())]
    assert "Meter offline after 3 unanswered polls: reply from unit 4, asked unit 5" in messages
    # an old row: the kind, then the English message stored with it
    assert "Command confirmed: relay #9: cut: relay cut (read back)" in messages
    assert not any(re.search(r"[\u4e00-\u9fff]", m) for m in messages), messages


def test_diagnostics_says_the_last_error_in_chinese(qtbot, db, chinese) -> None:  # type: ignore[no-untyped-def]
    """A meter at the wrong unit id on a real simulated bus: the diagnostics window's last
    error is the driver's kind and facts in Chinese, not the driver's English."""
    with BusSimulator(count=2, protocol="modbus") as bus:
        make_site(db, bus, {"1": BillingMode.METER, "2": BillingMode.METER})
        bus.set_fault(2, answer_as=9)
        collector = Collector(
            db,
            CollectorConfig(
                min_poll_interval=0.05,
                batch_seconds=0.1,
                offline_retry=0.1,
                default_plan=PollPlan(energy_period=30.0),
            ),
        )
        collector.start()
        try:
            worker = next(iter(collector.workers.values()))
            qtbot.waitUntil(lambda: worker.errors.total > 0, timeout=20_000)
            diag = DiagnosticsWindow(db, ADMIN)
            qtbot.addWidget(diag)
            diag.collector = collector
            with qtbot.waitSignal(diag.links_shown, timeout=10_000):
                diag.start()
            last = diag.links.item(0, diag.links.columnCount() - 1).text()
            assert "无应答（丢弃了" in last, last
            assert not _english(last), last
            diag.close()
        finally:
            collector.stop()
