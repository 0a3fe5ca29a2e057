"""A day of events as the collector stores them (kind + facts), for the screenshots of the
alarm list and the tests that read it in both languages.

Among them two rows written before events carried their facts (an English message only):
a Chinese screen must show those as their kind's generic sentence, never the English.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from ..db import Database
from ..models import Event, Meter, utcnow

# kind, level, English message (the log's), facts
SAMPLES: list[tuple[str, int, str, dict[str, Any] | None]] = [
    (
        "meter.offline",
        2,
        "reply from unit 4, asked unit 5",
        {
            "misses": 3,
            "never": False,
            "error": "reply from unit 4, asked unit 5",
            "error_kind": "frame.wrong_unit",
            "error_facts": {"got": 4, "asked": 5},
        },
    ),
    (
        "meter.offline",
        2,
        "no reply",
        {"misses": 3, "never": False, "error": "no reply", "error_kind": "timeout"},
    ),
    (
        "meter.offline",
        2,
        "bad CRC in reply 05 03 02 1f",
        {"misses": 3, "never": False, "error": "bad CRC in reply", "error_kind": "crc"},
    ),
    ("meter.online", 0, "meter answers again", {"online": True}),
    (
        "command.confirmed",
        0,
        "relay #12: cut: relay open (read back)",
        {
            "command_id": 12,
            "kind": "relay",
            "outcome": "relay_confirmed",
            "action": "cut",
            "state": "open",
        },
    ),
    (
        "recharge.confirmed",
        0,
        "recharge #31: confirmed: purchase 4, ¥200.00 (reply ok)",
        {"command_id": 31, "kind": "recharge", "amount_fen": 20000, "count": 4, "how": "reply"},
    ),
    (
        "relay.changed",
        1,
        "relay cut by rule:cutoff_line (rule cutoff_line)",
        {"relay": "open", "by": "rule:cutoff_line", "rule": "cutoff_line"},
    ),
    (
        "balance.alarm",
        3,
        "account balance -3.20 yuan: alarm level 3",
        {"balance_fen": -320, "alarm": 3, "account_id": 1},
    ),
    (
        "command.failed",
        2,
        "relay #14: refused: rejected by meter: password wrong or unauthorised (code 0x04)",
        {
            "command_id": 14,
            "kind": "relay",
            "outcome": "refused",
            "error_kind": "rejected",
            "error_facts": {"code": 4, "reasons": ["password wrong or unauthorised"]},
        },
    ),
    (
        "power.over_limit",
        2,
        "power 2400 W above the room's limit of 2000 W",
        {"power_w": 2400, "limit_w": 2000},
    ),
    ("clock.drift", 1, "meter clock is 312 s off", {"s": 312.4}),
    (
        "vacant.consumption",
        2,
        "vacant room draws 340 W (line 50 W)",
        {"room": 7, "watts": 340, "line_w": 50},
    ),
    # written before the facts were stored: English only
    ("meter.online", 0, "meter answers again", None),
    ("command.confirmed", 0, "relay #9: cut: relay cut (read back)", {"command_id": 9}),
]


def write_sample_events(db: Database, now: datetime | None = None) -> int:
    """The samples on the first meters of the park, a minute apart; returns how many."""
    moment = now or utcnow()
    with db.write() as s:
        meters = s.execute(
            select(Meter.id, Meter.room_id)
            .where(Meter.room_id.is_not(None))
            .order_by(Meter.id)
            .limit(len(SAMPLES))
        ).all()
        if not meters:
            return 0
        for i, (kind, level, message, data) in enumerate(SAMPLES):
            meter_id, room_id = meters[i % len(meters)]
            s.add(
                Event(
                    ts=moment - timedelta(minutes=len(SAMPLES) - i),
                    kind=kind,
                    level=level,
                    meter_id=meter_id,
                    room_id=room_id,
                    message=message,
                    data=data,
                )
            )
    return len(SAMPLES)
