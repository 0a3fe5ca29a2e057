"""Events carry their kind and facts, not an English sentence: the driver's error kind and
facts from a real pty bus, and the facts' round trip through SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.collector import Collector
from app.db import Database
from app.livedata import recent_events
from app.livedata.event_text import describe
from app.models import BillingMode, Event
from drivers.simulator import BusSimulator, SimClock

from .conftest import fast_config, make_site, wait_for

ENGLISH = re.compile(r"[A-Za-z]{3,}")


def _offline_events(db: Database) -> dict[int, dict[str, Any]]:
    with db.read() as s:
        rows = s.execute(
            select(Event.meter_id, Event.data).where(Event.kind == "meter.offline")
        ).all()
    return {meter_id: dict(data or {}) for meter_id, data in rows}


def test_driver_errors_over_a_pty_are_stored_as_kind_and_facts(
    db: Database,
    sim: BusSimulator,
    sim_clock: SimClock,
    collector_factory: Callable[..., Collector],
) -> None:
    site = make_site(db, sim, {a: BillingMode.METER for a in ("1", "2", "3", "4")})
    sim.set_fault(2, answer_as=9)  # a meter set to the wrong unit id answers for unit 2
    sim.set_fault(3, dead=True)  # no reply at all
    sim.set_fault(4, corrupt=1.0)  # every reply damaged on the wire
    collector = collector_factory(fast_config(sim_clock, offline_retry=0.1))
    collector.start()
    wanted = {site.meter_id(a) for a in ("2", "3", "4")}
    events = wait_for(
        lambda: (found := _offline_events(db)) and wanted <= set(found) and found,
        what="three meters offline",
    )
    wrong, dead, damaged = (events[site.meter_id(a)] for a in ("2", "3", "4"))
    # the unit-9 reply is not the answer to unit 2: dropped, counted, said
    assert wrong["error_kind"] == "timeout.strangers", wrong
    assert int(wrong["error_facts"]["count"]) >= 1
    assert dead["error_kind"] == "timeout", dead
    assert dead["error_facts"] == {}
    # a damaged byte breaks the CRC, or cuts the frame, or leaves noise: never a bare text
    assert damaged["error_kind"] in ("crc", "timeout.partial", "frame.noise", "timeout"), damaged
    assert site.meter_id("1") not in events
    for data in (wrong, dead, damaged):
        assert data["misses"] >= 1 and data["error"]  # the English stays for the log
        chinese = describe("meter.offline", data, "zh_CN")
        assert not ENGLISH.findall(chinese.replace("CRC", "")), chinese
        assert describe("meter.offline", data, "en") != chinese
    assert "丢弃了" in describe("meter.offline", wrong, "zh_CN")
    assert "无应答" in describe("meter.offline", dead, "zh_CN")


FACTS = {
    "command_id": 12,
    "kind": "relay",
    "outcome": "relay_confirmed",
    "action": "cut",
    "state": "open",
}
OFFLINE = {
    "misses": 3,
    "never": False,
    "error": "reply from unit 4, asked unit 5",
    "error_kind": "frame.wrong_unit",
    "error_facts": {"got": 4, "asked": 5},
}


def test_facts_survive_the_database(db: Database) -> None:
    """Both back ends (tests/collector runs on SQLite and PostgreSQL): JSON in, the same
    dict out, and the same Chinese sentence from the row read back."""
    with db.write() as s:
        s.add(Event(kind="command.confirmed", level=0, message="relay #12: cut", data=FACTS))
        s.add(Event(kind="meter.offline", level=2, message="reply from unit 4", data=OFFLINE))
    with db.read() as s:
        rows = {row.kind: row for row in recent_events(s, limit=10)}
    assert rows["command.confirmed"].data == FACTS
    assert rows["meter.offline"].data == OFFLINE
    relay = rows["command.confirmed"]
    assert describe(relay.kind, relay.data, "zh_CN", relay.message) == (
        "继电器命令 #12 已确认：拉闸：继电器已断开（已回读）"
    )
    offline = rows["meter.offline"]
    assert describe(offline.kind, offline.data, "zh_CN", offline.message) == (
        "连续 3 次轮询无应答，电表离线：应答来自 4 号站，请求的是 5 号站"
    )
    assert describe(offline.kind, offline.data, "en", offline.message) == (
        "Meter offline after 3 unanswered polls: reply from unit 4, asked unit 5"
    )
