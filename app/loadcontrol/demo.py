"""The demo park's dormitory buildings under load control (called by ``app.demo`` in its
write transaction): every building of kind ``dorm`` cuts forbidden appliances, alarms and
messages, restores after 5 minutes up to 3 times a day. The thresholds are left empty: the
detector's defaults apply."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import LoadSettings
from .store import ACTIONS


def add_demo_load_control(s: Session, building_kinds: dict[int, str]) -> int:
    """Settings rows for the dorm buildings; returns how many."""
    dorms = sorted(bid for bid, kind in building_kinds.items() if kind == "dorm")
    for bid in dorms:
        s.add(
            LoadSettings(
                building_id=bid,
                room_id=None,
                enabled=True,
                thresholds={},
                actions=sorted(ACTIONS),
                restore_delay_s=300,
                restore_limit=3,
                restore_period="day",
            )
        )
    return len(dorms)
