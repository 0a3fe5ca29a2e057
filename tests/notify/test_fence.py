"""The lease fence on the message senders the collector starts (issue 20, round 2): a
collector that lost the lease while paused claims no message, so its channel sends nothing;
the one that took over sends each message once. Both back ends."""

from __future__ import annotations

from contextlib import suppress

from app.collector.lease import LeaseLost
from app.notify.sender import Sender

from ..fencing import take_over
from .conftest import NOON, Recording, Site
from .test_sender import Clock, add_rows


def test_a_stale_holder_sends_no_message_and_the_new_one_sends_each_once(site: Site) -> None:
    add_rows(site.db, 2)
    desks = take_over(site.db)
    stale = Recording()
    with suppress(LeaseLost):
        assert Sender(desks.stale_db, "recording", stale, clock=Clock(NOON)).drain() == 0
    assert stale.sent == []
    fresh = Recording()
    sender = Sender(desks.new_db, "recording", fresh, clock=Clock(NOON))
    assert sender.drain() == 2 and sender.drain() == 0
    assert sorted(m.to for m in fresh.sent) == ["13800000000", "13800000001"]
