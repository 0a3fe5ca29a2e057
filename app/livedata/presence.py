"""One answer to "how many meters are offline": the banner, the status bar and the tree.

Before, the offline banner counted ``meter.offline`` events of a storm, the status bar
counted ``meter_state.online`` rows (a meter not read yet counted as offline) and the tree
its own rule, so the same moment showed 32, 9 and "498/498 online". Now every place asks
``presence`` for one meter and ``online_counts`` for the park and each bus:

- *online*: the meter's last poll answered (``meter_state.online``);
- *unread*: the collector has not reached it yet since it was installed (no answer ever,
  no miss): not a fault, the bus simply has not got to it;
- *offline*: everything else (it stopped answering, or never answered its polls).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Link, Meter, MeterState

ONLINE, OFFLINE, UNREAD = "online", "offline", "unread"


def presence(online: bool | None, misses: int | None, last_seen: datetime | None) -> str:
    """The state of one meter from its ``meter_state`` columns (all None: no row yet)."""
    if online:
        return ONLINE
    if not misses and last_seen is None:
        return UNREAD
    return OFFLINE


@dataclass
class Count:
    """Meters by presence (``meters`` = online + offline + unread)."""

    meters: int = 0
    online: int = 0
    offline: int = 0
    unread: int = 0

    def add(self, state: str) -> None:
        self.meters += 1
        setattr(self, state, getattr(self, state) + 1)


@dataclass
class OnlineCounts:
    """The park's count and each enabled bus's (by link id, and the link's name)."""

    total: Count = field(default_factory=Count)
    by_link: dict[int, Count] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)

    def by_name(self, name: str) -> Count | None:
        for link_id, link_name in self.names.items():
            if link_name == name:
                return self.by_link.get(link_id)
        return None


def online_counts(session: Session) -> OnlineCounts:
    """Every installed meter on an enabled bus, counted once (one query)."""
    out = OnlineCounts()
    rows = session.execute(
        select(Link.id, Link.name, MeterState.online, MeterState.misses, MeterState.last_seen)
        .select_from(Link)
        .join(Meter, (Meter.link_id == Link.id) & Meter.removed_at.is_(None))
        .outerjoin(MeterState, MeterState.meter_id == Meter.id)
        .where(Link.enabled.is_(True))
    )
    for link_id, name, online, misses, seen in rows:
        state = presence(online, misses, seen)
        out.names[link_id] = name
        out.by_link.setdefault(link_id, Count()).add(state)
        out.total.add(state)
    return out
