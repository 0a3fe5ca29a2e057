"""What the control room shows live, read in a few flat queries (plain data, no ORM objects).

The GUI calls these from worker threads after each collector batch, for the rooms of the
meters that changed only, so 10,000 rooms never mean 10,000 queries or a full reload.
Qt-free so the benchmark, a report or a second workstation can reuse them.
``rooms``: room summaries and the room detail; ``events``: alarms, acknowledgement, bus
health; ``refresh``: a second workstation's refresh of the rooms that changed since
the live counter value it last saw (``app.livechange``).
"""

from .events import (
    EventRow,
    LinkHealth,
    LinkLine,
    acknowledge_events,
    latest_event_id,
    link_health,
    link_line,
    link_meters,
    meter_link,
    pending_recharge_count,
    recent_events,
    scan_key,
)
from .presence import Count, OnlineCounts, online_counts, presence
from .refresh import LiveRefresh, LiveStart, refresh, start
from .rooms import (
    MeterLive,
    RoomDetail,
    RoomLive,
    local_midnight,
    meter_rooms,
    room_detail,
    room_live,
    room_path,
    rooms_with_recent_recharges,
)

__all__ = [
    "Count",
    "EventRow",
    "LinkHealth",
    "LinkLine",
    "LiveRefresh",
    "LiveStart",
    "MeterLive",
    "OnlineCounts",
    "RoomDetail",
    "RoomLive",
    "acknowledge_events",
    "latest_event_id",
    "link_health",
    "link_line",
    "link_meters",
    "local_midnight",
    "meter_link",
    "meter_rooms",
    "online_counts",
    "pending_recharge_count",
    "presence",
    "recent_events",
    "refresh",
    "room_detail",
    "room_live",
    "room_path",
    "rooms_with_recent_recharges",
    "scan_key",
    "start",
]
