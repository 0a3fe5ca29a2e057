"""A pulled network cable between the lease holder and PostgreSQL (issue 20, round 2): the
renewal gets no answer and no reset. Before, it hung until the TCP timeout and the holder's
collector ran on (its frames stopped at the deadline, but nothing stopped it and nothing
said so). Now the keeper gives up at the lease's own deadline, cuts the hung renewal (it
never commits, even when the cable is plugged back), and a standby on a working connection
takes over. PostgreSQL only: SQLite has no network."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select

from app.collector.lease import Lease, LeaseKeeper
from app.db import Database
from app.models import CollectorLease

from .conftest import wait_for
from .pgcable import PgCable


def _beat(db: Database) -> tuple[int, int, str]:
    with db.read() as s:
        row = s.execute(
            select(CollectorLease.epoch, CollectorLease.beat, CollectorLease.holder_id)
        ).one()
        return int(row[0]), int(row[1]), str(row[2])


def test_a_pulled_cable_stops_the_holder_within_its_deadline(pg_db: Database) -> None:
    with PgCable(pg_db.url) as cable:
        far = Database(cable.url)  # the holder's desk, behind the cable
        try:
            holder = Lease(far, ttl=6.0, renew=0.5, margin=1.5, workstation="值班室")
            standby = Lease(pg_db, ttl=6.0, renew=0.5, margin=1.5, workstation="收银台")
            assert holder.try_take() is None
            lost = threading.Event()
            keeper = LeaseKeeper(holder, lost.set)
            keeper.start()
            assert standby.try_take() is not None
            wait_for(lambda: _beat(pg_db)[1] >= 2, 30, "two renewals through the cable")
            cable.stall()
            pulled = time.monotonic()
            assert lost.wait(30), "the keeper never gave up: the renewal hangs"
            gave_up = time.monotonic() - pulled
            assert gave_up <= holder.ttl - holder.margin + 1.0  # its deadline, not TCP's
            assert not holder.valid() and not holder.held and keeper.lost
            stalled_at = _beat(pg_db)
            wait_for(lambda: standby.try_take() is None, 60, "the standby's takeover")
            assert standby.held and _beat(pg_db)[0] == stalled_at[0] + 1
            cable.resume()  # the cable is back: the cut renewal does not come back to life
            keeper.join(10)
            assert not keeper.is_alive()
            assert not holder.renew()
            epoch, _beat_now, holder_id = _beat(pg_db)
            assert (epoch, holder_id) == (standby.epoch, standby.holder_id)
        finally:
            far.engine.dispose()
