"""A command cancelled at a desk after the collector read it is never sent (#13 item 7).

The executor reads a pending command, then marks it sent in a second transaction and
writes to the meter. A desk's cancel committed between the two was overwritten with SENT and
the relay switched anyway (on SQLite too; on PostgreSQL also a cancel running at the same
moment). Now the executor locks the row and re-checks it, and the cancel locks it too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from app.collector.executor import CommandExecutor
from app.collector.worker import Job
from app.db import Database
from app.models import BillingMode, CommandStatus
from app.security import system_actor
from app.services.commands import cancel, request_relay
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site

ACTOR = system_actor(name="cli:desk")


def test_a_command_cancelled_after_it_was_read_is_never_sent(
    db: Database, sim: BusSimulator, sim_clock: SimClock
) -> None:
    site = make_site(db, sim, {"1": BillingMode.PLATFORM})
    cid = request_relay(db, ACTOR, site.meter_id(1), "cut")
    other_desk = Database(db.url)
    cancelled: list[int] = []

    def desk_cancels_first(conn: Any, *_args: Any) -> None:
        # the executor's first write (marking the command sent), after it read the command
        if conn.get_execution_options().get("wattdesk_write") and not cancelled:
            cancelled.append(cid)
            cancel(other_desk, ACTOR, cid)

    executor = CommandExecutor(db, fast_config(sim_clock), lambda *_: None)
    event.listen(db.engine, "before_cursor_execute", desk_cancels_first)
    try:
        # no driver: a command that is not sent never touches the meter
        result = executor.run(Job(1, cid, site.meter_id(1)), None)  # type: ignore[arg-type]
    finally:
        event.remove(db.engine, "before_cursor_execute", desk_cancels_first)
        other_desk.dispose()
    assert cancelled == [cid]
    assert result is None
    assert site.command(cid).status is CommandStatus.CANCELLED
    assert not sim.meter(1).commanded_cut
