"""Who runs the buses: the collector lease as every desk shows it (issue 20).

One read of ``collector_lease`` and ``collector_standby`` (``app.collector.lease`` writes
them). The lease's ``expires_at`` is the holder's own wall clock; a desk compares it with
its own only to say "no heartbeat lately" (``stale``), never to decide anything: the
takeover is the standbys' business and judged by their own clocks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..models import CollectorLease, CollectorStandby

NAME = "buses"  # app.collector.lease.NAME (livedata does not import the collector)
STANDBY_FRESH = timedelta(seconds=30)  # a standby row older than this is not shown


@dataclass(frozen=True)
class LeaseDesk:
    """A collector process on some workstation: the holder or a standby."""

    workstation: str
    pid: int
    since: datetime | None
    heartbeat_at: datetime | None = None


@dataclass(frozen=True)
class LeaseView:
    holder: LeaseDesk | None  # None: no collector runs (never ran, or stopped cleanly)
    stale: bool = False  # held, but its expiry passed by this desk's clock
    standbys: list[LeaseDesk] = field(default_factory=list)


def lease_view(db: Database, now: datetime | None = None) -> LeaseView:
    """The holder, whether its heartbeat is overdue, and the standbys waiting."""
    with db.read() as s:
        return read_lease(s, now)


def read_lease(s: Session, now: datetime | None = None) -> LeaseView:
    """``lease_view`` in a read the caller has open (the status bar's one read)."""
    now = now or datetime.now(UTC)
    row = s.get(CollectorLease, NAME)
    standbys = s.scalars(
        select(CollectorStandby)
        .where(CollectorStandby.name == NAME, CollectorStandby.seen_at >= now - STANDBY_FRESH)
        .order_by(CollectorStandby.since)
    ).all()
    waiting = [LeaseDesk(r.workstation, r.pid, r.since, r.seen_at) for r in standbys]
    if row is None or not row.holder_id:
        return LeaseView(None, False, waiting)
    holder = LeaseDesk(row.workstation, row.pid, row.since, row.heartbeat_at)
    stale = row.expires_at is not None and row.expires_at < now
    return LeaseView(holder, stale, waiting)
