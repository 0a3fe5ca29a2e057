"""A vacant room that draws power: someone uses electricity nobody pays for.

A room is vacant when no open account holds it (``Room.account_id`` empty, or its account
closed). A tenant meter of a vacant room whose power stays above ``vacant_watts`` (setting
``collector.vacant_watts``, 50 W by default: more than a meter's own standby) raises one
``vacant.consumption`` event (level 2) per episode: the episode ends when the power falls
below half the line or the room is let, so a heater left on does not raise an event at
every poll. The facts (room, watts, line) go into ``Event.data`` for the event's sentence
in the reader's language. ``RoomLive.vacant_draw`` applies the same line for the tiles and
the tree's filter.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Account, AccountStatus, Event, Meter, MeterRole, MeterState, Room, Setting
from .state import EventSpec

VACANT_WATTS = 50
KIND = "vacant.consumption"


def vacant_watts(session: Session) -> int:
    """The line above which a vacant room's draw is flagged (``collector.vacant_watts``)."""
    row = session.get(Setting, "collector.vacant_watts")
    try:
        return int(row.value) if row is not None else VACANT_WATTS
    except (TypeError, ValueError):
        return VACANT_WATTS


def vacant_meters(session: Session) -> dict[int, int]:
    """Installed tenant meter id -> room id, for the rooms no open account holds."""
    rows = session.execute(
        select(Meter.id, Meter.room_id)
        .join(Room, Room.id == Meter.room_id)
        .outerjoin(Account, Account.id == Room.account_id)
        .where(
            Meter.removed_at.is_(None),
            Meter.role == MeterRole.TENANT,
            (Room.account_id.is_(None)) | (Account.status != AccountStatus.OPEN),
        )
    )
    return {mid: rid for mid, rid in rows}


class VacancyWatch:
    """The writer's memory of vacant rooms and of the episodes already told."""

    def __init__(self) -> None:
        self.meters: dict[int, int] = {}
        self.watts = VACANT_WATTS
        self.told: set[int] = set()  # meters whose episode has had its event

    def reload(self, session: Session, *, start: bool = False) -> None:
        """Vacancy changes while the collector runs (an account opened or closed). At
        ``start``, an episode told before the restart whose room still draws goes on
        (no second event for the same heater)."""
        self.meters = vacant_meters(session)
        self.watts = vacant_watts(session)
        self.told &= set(self.meters)
        if start and self.meters:
            told = set(session.scalars(select(Event.meter_id).where(Event.kind == KIND)))
            drawing = session.scalars(
                select(MeterState.meter_id).where(MeterState.power_w * 2 >= self.watts)
            )
            self.told |= {m for m in drawing if m in told and m in self.meters}

    def check(self, meter_id: int, power_w: int | None) -> EventSpec | None:
        """The event this poll's power means for ``meter_id`` (None: nothing new)."""
        room = self.meters.get(meter_id)
        if room is None or power_w is None:
            self.told.discard(meter_id)
            return None
        if power_w > self.watts and meter_id not in self.told:
            self.told.add(meter_id)
            return EventSpec(
                KIND,
                2,
                f"vacant room draws {power_w} W (no open account)",
                {"room": room, "watts": power_w, "line_w": self.watts},
            )
        if power_w * 2 < self.watts:
            self.told.discard(meter_id)
        return None
