"""Two desks' views of one database for the lease fence tests (issue 20, round 2): the
database as a collector that lost the lease sees it (paused past its expiry and woken up
believing it still holds the buses) and as the collector that took over sees it.

Everything a collector runs writes through ``Collector.db`` (app.collector.fence); a test
hands that to the actor (relay rules, batch tick, timetables, load control, billing runs,
message senders) and checks that the stale desk commits nothing and the new one acts once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.collector import Collector, CollectorConfig
from app.collector.lease import Lease
from app.db import Database
from tests.collector.conftest import wait_for


@dataclass
class Desks:
    stale: Collector  # lost the lease while paused; its own clock says it still holds it
    new: Collector  # took over

    @property
    def stale_db(self) -> Database:
        return self.stale.db

    @property
    def new_db(self) -> Database:
        return self.new.db


def _lease(db: Database, desk: str) -> Lease:
    return Lease(db, ttl=1.0, renew=0.2, margin=0.2, workstation=desk)


def take_over(db: Database, config: CollectorConfig | None = None) -> Desks:
    """Desk A takes the lease and stops renewing; desk B takes over after the ttl (its own
    clock, polled with a deadline); A's deadline is then pushed to infinity (a holder whose
    clock did not run), so only the epoch in the write transaction can stop it."""
    first, second = _lease(db, "desk A"), _lease(db, "desk B")
    assert first.try_take() is None and first.held
    wait_for(lambda: second.try_take() is None, 60, "desk B's takeover")
    first._valid_until = math.inf
    assert first.valid() and second.valid()
    config = config or CollectorConfig()
    return Desks(Collector(db, config, lease=first), Collector(db, config, lease=second))
