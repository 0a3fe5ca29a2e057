"""The room detail of a three-phase meter shows voltage, current and power per phase; a
single-phase room's table keeps exactly its rows."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.demo import build_demo
from app.models import Meter, MeterState, RelayState, Role, Room
from app.security import Actor
from app.ui.room_detail import RoomDetailPanel

ZONE = ZoneInfo("Asia/Shanghai")
PHASES = {
    "voltage_a_dv": 2301, "voltage_b_dv": 2298, "voltage_c_dv": 2314,
    "current_a_ma": 12500, "current_b_ma": 8250, "current_c_ma": 3750,
    "power_a_w": 2750, "power_b_w": 1821, "power_c_w": 812,
}  # fmt: skip


def _rooms(db, three_phase: bool) -> int:  # type: ignore[no-untyped-def]
    """First let room; with ``three_phase`` its meter reports like an SDM630."""
    now = datetime.now(UTC)
    with db.write() as s:
        room_id, meter_id = s.execute(
            select(Room.id, Meter.id)
            .join(Meter, Meter.room_id == Room.id)
            .where(Room.account_id.is_not(None))
            .order_by(Room.id)
        ).first()
        extra = PHASES if three_phase else {"voltage_dv": 2301, "current_ma": 4250}
        s.add(
            MeterState(
                meter_id=meter_id, online=True, last_seen=now, updated_at=now, power_w=5383,
                relay=RelayState.CLOSED, energy_total=Decimal("15246.75"), **extra,
            )
        )  # fmt: skip
    return int(room_id)


def _table(qtbot, db, room_id: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    panel = RoomDetailPanel(db, Actor(None, "wang", "王晓梅", Role.ADMIN, "desk-1"), ZONE)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.shown, timeout=20_000):
        panel.set_room(room_id)
    table = panel.meters
    rows = {
        table.verticalHeaderItem(r).text(): table.item(r, 0).text() for r in range(table.rowCount())
    }
    assert panel.wait()
    return rows


def test_three_phase_meter_shows_each_phase(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    build_demo(db, rooms=20)
    rows = _table(qtbot, db, _rooms(db, three_phase=True))
    assert rows["Voltage A / B / C"] == "230.1 / 229.8 / 231.4 V"
    assert rows["Current A / B / C"] == "12.500 / 8.250 / 3.750 A"
    assert rows["Power A / B / C"] == "2750 / 1821 / 812 W"
    assert rows["Power"] == "5383 W"  # the meter's total
    assert list(rows).index("Voltage A / B / C") == list(rows).index("Frequency") + 1
    assert "Voltage" not in rows and "Current" not in rows  # no empty single-phase rows


def test_single_phase_room_keeps_its_rows(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    build_demo(db, rooms=20)
    rows = _table(qtbot, db, _rooms(db, three_phase=False))
    assert len(rows) == 16 and not any("A / B / C" in label for label in rows)
    assert rows["Voltage"] == "230.1 V" and rows["Relay"]
