"""The demo tells the truth on screen: one offline count in the status bar, the banner and
the tree; tiles say how old their values are; a vacant room drawing power is flagged."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.demo import build_demo
from app.livedata import online_counts
from app.livedata.alerts import Alert
from app.models import Link, Meter, MeterRole, Room
from app.ui.alerts import alert_text
from app.ui.site_tree import ONLINE

from . import test_live
from .test_live import open_live, people

cheap_hashing = test_live.cheap_hashing  # the same autouse fixture as the live tests


@pytest.fixture
def park(db):  # type: ignore[no-untyped-def]
    build_demo(db, rooms=40)
    return db


def _bus_of_tenants(db) -> tuple[str, str, list[str]]:  # type: ignore[no-untyped-def]
    """(sim url, link name, Modbus addresses) of a bus of tenant meters."""
    with db.read() as s:
        rows = s.execute(
            select(Link.url, Link.name, Meter.address)
            .join(Meter, Meter.link_id == Link.id)
            .where(Link.protocol == "modbus", Meter.role == MeterRole.TENANT)
            .order_by(Link.id, Meter.id)
        ).all()
    url, name = rows[0][0], rows[0][1]
    return url, name, [a for u, _n, a in rows if u == url]


def test_one_offline_count_in_status_bar_banner_and_tree(qtbot, park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(park)
    window = open_live(qtbot, park, admin)
    url, name, addresses = _bus_of_tenants(park)
    model = window.tree_model
    rooms = [n for n in model.nodes() if n.key[0] == "room"]
    qtbot.waitUntil(lambda: sum(n.values[ONLINE] == "online" for n in rooms) > 20, timeout=20_000)
    sim = window.collector.sims.sims[url]
    dead = addresses[:3]
    for address in dead:
        sim.set_fault(str(int(address)), dead=True)

    def offline_rooms() -> int:
        return sum("offline" in n.flags for n in rooms)

    qtbot.waitUntil(lambda: offline_rooms() == 3, timeout=30_000)
    qtbot.waitUntil(lambda: window.bus_status.counts.total.offline == 3, timeout=15_000)
    assert "3 offline" in window.bus_status.buses.text()
    with park.read() as s:
        assert online_counts(s).total.offline == 3
    # a storm of seven offline events on that bus: the banner says how many are offline now
    counts = window.alarms.notifier.counts
    assert counts is not None and counts.total.offline == 3
    text = alert_text(Alert(1, storms={name: 7}), counts)
    assert text.startswith("3 meter"), text
    for address in dead:
        sim.set_fault(str(int(address)), dead=False)
    # all back: the banner tells the storm that happened, never "0 meters offline"
    notifier = window.alarms.notifier
    qtbot.waitUntil(lambda: notifier.counts.total.offline == 0, timeout=60_000)
    text = alert_text(Alert(1, storms={name: 7}), notifier.counts)
    assert text.startswith("7 meter") and "went offline" in text, text
    window.close()


def test_tiles_show_the_age_of_their_values_and_vacant_rooms_drawing(qtbot, park) -> None:  # type: ignore[no-untyped-def]
    admin, _ = people(park)
    with park.write() as s:
        vacant = s.scalar(  # one meter in ten of a vacant room draws power in the demo
            select(Room.id)
            .join(Meter, Meter.room_id == Room.id)
            .where(Meter.id % 10 == 0)
            .order_by(Room.id)
        )
        room = s.get(Room, vacant)
        room.account_id = None
    window = open_live(qtbot, park, admin)
    key = ("room", vacant)
    node = window.tree_model.node(key)
    assert node is not None
    window.park_tree.select_key(node.parent.parent.key)  # the building: its wall
    qtbot.waitUntil(lambda: "vacant_draw" in node.flags, timeout=20_000)
    window.park_tree.chips["vacant_draw"].setChecked(True)
    qtbot.waitUntil(lambda: key in window.park_tree.visible_keys(), timeout=5000)
    assert all(
        "vacant_draw" in window.tree_model.node(k).flags
        for k in window.park_tree.visible_keys()
        if k[0] == "room"
    )
    tile = window.wall.tiles.tile(key)
    assert tile is not None
    qtbot.waitUntil(lambda: " s ago" in window.wall.tiles.tile(key).lines[2], timeout=10_000)
    window.close()


def test_chart_time_axis_is_in_park_time(qtbot) -> None:  # type: ignore[no-untyped-def]
    from datetime import date, datetime
    from decimal import Decimal
    from zoneinfo import ZoneInfo

    from app.ui.charts import DailyChart, PowerChart

    zone = ZoneInfo("Asia/Shanghai")
    chart = PowerChart(None, zone)
    qtbot.addWidget(chart)
    axis = chart.getAxis("bottom")
    seven = datetime(2026, 7, 1, 7, 0, tzinfo=zone).timestamp()  # 23:00 UTC the day before
    axis.setRange(seven - 3600, seven + 3600)
    spacing = 3600
    axis.zoomLevel = axis.zoomLevels[6 * 3600]
    assert axis.tickStrings([seven], 1.0, spacing) == ["07:00"]
    daily = DailyChart(None, zone)
    qtbot.addWidget(daily)
    daily.set_days([(date(2026, 7, 1), Decimal("3.5"))])
    bar_x = daily.bars.opts["x"][0]
    assert datetime.fromtimestamp(bar_x, zone) == datetime(2026, 7, 1, 12, tzinfo=zone)


def test_chart_months_and_weekdays_in_the_interface_language(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """pyqtgraph's strftime writes "Dec" and "Mon 03" in the C locale: a Chinese screen
    reads 12月 and 周一 03, an English one keeps pyqtgraph's words."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from app.ui.charts import DailyChart

    zone = ZoneInfo("Asia/Shanghai")
    chart = DailyChart(None, zone)
    qtbot.addWidget(chart)
    axis = chart.getAxis("bottom")
    december = datetime(2026, 12, 1, 12, tzinfo=zone).timestamp()
    monday = datetime(2026, 12, 7, 12, tzinfo=zone).timestamp()
    months, days = axis.zoomLevels[432000], axis.zoomLevels[21600]
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    axis.zoomLevel = months
    assert axis.tickStrings([december], 1.0, 30 * 86400) == ["12月"]
    axis.zoomLevel = days
    assert axis.tickStrings([monday], 1.0, 86400) == ["周一 07"]
    monkeypatch.setenv("WATTDESK_LANG", "en")
    assert axis.tickStrings([monday], 1.0, 86400) == ["Mon 07"]
    axis.zoomLevel = months
    assert axis.tickStrings([december], 1.0, 30 * 86400) == ["Dec"]
