"""The Messages window's read model (``app.notify.views``) on both back ends: filters, the
counts, a room's account's messages, the reasons in words, and resend's question."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.db import Database
from app.models import OutboxMessage
from app.notify.kinds import NotifyError
from app.notify.outbox import UNCERTAIN_TEXT
from app.notify.views import MessageFilter, message_list, resend, room_messages

from .conftest import NOON, Site, outbox


def _add(db: Database, key: str, status: str, **values: object) -> int:
    with db.write() as s:
        fields: dict[str, object] = {"kind": "low_balance", **values}
        m = OutboxMessage(
            key=key, status=status, text=f"text {key}", next_try_at=NOON,
            created_at=NOON + timedelta(seconds=len(key)), **fields,
        )  # fmt: skip
        s.add(m)
        s.flush()
        return m.id


def test_filters_counts_and_a_rooms_messages(site: Site) -> None:
    mine = {"account_id": site.account_id, "room_id": site.room_id}
    theirs = {"account_id": site.platform_account, "room_id": site.platform_room}
    a = _add(site.db, "a", "sent", channel="sms", recipient="13812345678", **mine)
    b = _add(site.db, "bb", "failed", channel="email", recipient="ZS@Example.cn",
             reason="refused: The mail server refused the recipient", **mine)  # fmt: skip
    c = _add(site.db, "ccc", "uncertain", channel="sms", recipient="13900001111",
             reason=UNCERTAIN_TEXT, **theirs)  # fmt: skip
    d = _add(site.db, "dddd", "queued", channel="sms", recipient="13700000000", kind="manual")
    every = message_list(site.db)
    assert [m.id for m in every.rows] == [d, c, b, a]
    assert every.counts == {"sent": 1, "failed": 1, "uncertain": 1, "queued": 1}
    assert every.waiting == 1 and every.channels == ["email", "sms"]
    rows = {m.id: m for m in every.rows}
    assert rows[a].room == "A栋 101" and rows[a].account == "A0001" and rows[d].room == ""
    assert rows[b].reason == "The mail server refused the recipient"  # the code dropped
    assert "may have been sent" in rows[c].reason and rows[c].resendable
    assert [m.id for m in message_list(site.db, MessageFilter(status="failed")).rows] == [b]
    assert [m.id for m in message_list(site.db, MessageFilter(channel="email")).rows] == [b]
    assert [m.id for m in message_list(site.db, MessageFilter(kind="manual")).rows] == [d]
    found = message_list(site.db, MessageFilter(text="zs@example")).rows  # any case
    assert [m.id for m in found] == [b]
    assert [m.id for m in message_list(site.db, MessageFilter(text="102")).rows] == [c]
    assert [m.id for m in message_list(site.db, MessageFilter(text="B0001")).rows] == [c]
    assert [m.id for m in room_messages(site.db, site.room_id)] == [b, a]
    assert [m.id for m in room_messages(site.db, site.platform_room, limit=5)] == [c]


def test_resend_asks_before_an_uncertain_one(site: Site) -> None:
    c = _add(site.db, "c", "uncertain", channel="sms", recipient="13900001111")
    row = message_list(site.db).rows[0]
    with pytest.raises(NotifyError, match="may have been sent"):
        resend(site.db, site.staff["operator"], row)
    assert outbox(site.db, id=c)[0].status == "uncertain"
    assert resend(site.db, site.staff["operator"], row, confirmed=True) == "sms"
    assert outbox(site.db, id=c)[0].status == "queued"
