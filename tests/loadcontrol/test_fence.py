"""The lease fence on load control's cuts and restores (issue 20, round 2): the load feed
the collector starts writes through the collector's fenced database, so a collector that
lost the lease while paused cuts and restores nothing; the one that took over does, once.
Both back ends."""

from __future__ import annotations

from contextlib import suppress

from app.collector.lease import LeaseLost
from app.db import Database
from app.loadcontrol.rules import LoadRules
from tests.batch.conftest import Staff, staff  # noqa: F401
from tests.timecontrol.conftest import ZONE, Dorm

from ..fencing import take_over
from .conftest import ADMIN, forbidden, minutes
from .test_rules import T0, Clock, clock, cut_and_confirm, rules  # noqa: F401


def test_a_stale_holder_cuts_nothing(db: Database, dorm: Dorm, clock: Clock) -> None:  # noqa: F811
    desks = take_over(db)
    with suppress(LeaseLost):
        assert (
            LoadRules(desks.stale_db, ADMIN, ZONE, clock)
            .handle([forbidden(dorm.meters["101"], clock.t)])
            .commands
            == []
        )
    assert dorm.commands("101") == []
    done = LoadRules(desks.new_db, ADMIN, ZONE, clock).handle(
        [forbidden(dorm.meters["101"], clock.t)]
    )
    assert len(done.commands) == 1 and len(dorm.commands("101")) == 1


def test_a_stale_holder_restores_nothing_and_the_new_one_restores_once(
    db: Database,
    dorm: Dorm,
    rules: LoadRules,  # noqa: F811
    clock: Clock,  # noqa: F811
) -> None:
    cut_and_confirm(rules, dorm, clock)
    clock.t = T0 + minutes(5)
    desks = take_over(db)
    with suppress(LeaseLost):
        assert LoadRules(desks.stale_db, ADMIN, ZONE, clock).restore_due().commands == []
    assert [c.payload["action"] for c in dorm.commands("101")] == ["cut"]
    new = LoadRules(desks.new_db, ADMIN, ZONE, clock)
    assert len(new.restore_due().commands) == 1 and new.restore_due().commands == []
    assert [c.payload["action"] for c in dorm.commands("101")] == ["cut", "close"]
