"""The hooks: which event sends what to whom, queued in the event's own transaction.

``on_events``, ``on_recharge`` and ``on_bill`` are called by the code that creates the
events that matter, with its session, after its rows are flushed: the collector's writer
(balance alarms, relay changes), the executor (a meter-side recharge confirmed), the ledger
(a platform-side recharge credited) and the bills. So a message exists if and only if its
event committed. They are cheap when nothing applies: an event kind outside
``EVENT_KINDS`` costs a set lookup, no channel configured one settings read. The work runs
in a savepoint: a bug in a message costs that message, never the event.

Mapping: a balance alarm of level 1 is ``low_balance``, level 2 ``pretrip`` (level 3 is the
cut line: the cut tells); a relay opened by the meter itself or by the cut-off rule is
``cut``, closed by the meter or the restore rule ``restored`` (an operator's or a
timetable's switching is not the tenant's money and sends nothing); a meter-side recharge
confirmed is ``recharge`` (a platform-side one is told when it is taken).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..models import Bill, Event, MeterCommand
from .lookup import Lookup
from .rules import NotifySettings, insert_rows, load_settings, queue
from .values import account_values, bill_values, receipt_of, yuan

log = logging.getLogger(__name__)
EVENT_KINDS = frozenset({"balance.alarm", "relay.changed", "recharge.confirmed"})
CUT_RULES = frozenset({"cutoff_line"})
RESTORE_RULES = frozenset({"restore_after_recharge"})
ALARM_KINDS = {1: "low_balance", 2: "pretrip"}
SETTINGS_INFO, LOOKUP_INFO = "notify.settings", "notify.lookup"  # keys in ``Session.info``


def settings_for(s: Session) -> NotifySettings:
    """The settings, read once per transaction (a billing run issues thousands of bills in
    one: one read, not one per bill); ``store_settings`` in the same session replaces it."""
    found = s.info.get(SETTINGS_INFO)
    if not isinstance(found, NotifySettings):
        found = s.info[SETTINGS_INFO] = load_settings(s)
    return found


def _lookup(s: Session) -> Lookup:
    """The transaction's ``Lookup`` (site name and templates read once)."""
    found = s.info.get(LOOKUP_INFO)
    if not isinstance(found, Lookup):
        found = s.info[LOOKUP_INFO] = Lookup(s)
    return found


def on_events(s: Session, events: Iterable[Event]) -> int:
    """Queue the messages ``events`` (flushed, in ``s``) mean; how many rows."""
    relevant = [e for e in events if e.kind in EVENT_KINDS]
    if not relevant:
        return 0
    settings = settings_for(s)
    if not settings.channels:
        return 0

    def work() -> int:
        lookup = Lookup(s)
        accounts = [(e.data or {}).get("account_id") for e in relevant]
        lookup.prefetch((e.room_id for e in relevant if e.room_id), accounts, relevant[0].ts)
        pending: list[dict[str, Any]] = []
        for e in relevant:
            _event(s, settings, e, lookup, pending)
        return insert_rows(s, pending)

    return _guarded(s, "events", work)


def _guarded(s: Session, what: str, work: Callable[[], int]) -> int:
    """``work`` in a savepoint: a bug in a message (a template, a lookup) is logged and
    costs that message, never the meter's state, the money or the bill that caused it."""
    try:
        with s.begin_nested():
            return work()
    except Exception:  # logged; the caller's transaction goes on
        log.exception("messages for %s could not be queued", what)
        return 0


def _event(
    s: Session,
    settings: NotifySettings,
    e: Event,
    lookup: Lookup,
    pending: list[dict[str, Any]],
) -> None:
    data = e.data or {}
    account = data.get("account_id")
    account = int(account) if account is not None else lookup.account_of(e.room_id)
    if account is None:
        return
    values = lookup.values(account, e.room_id)

    def put(kind: str, key: str) -> None:
        queue(
            s,
            settings,
            kind,
            key,
            values,
            account_id=account,
            room_id=e.room_id,
            event_id=e.id,
            now=e.ts,
            lookup=lookup,
            pending=pending,
        )

    if e.kind == "balance.alarm":
        level = int(data.get("alarm", 0))
        kind = ALARM_KINDS.get(level)
        if kind is not None:
            balance = int(data.get("balance_fen", 0))
            values.update(
                balance=yuan(balance), level=level, days_left=lookup.days_left(account, balance)
            )
            cycle = lookup.cycles.get(account, 0)
            put(kind, f"{kind}:{account}:{level}:{cycle}")
    elif e.kind == "relay.changed":
        by, rule, relay = data.get("by"), data.get("rule", ""), data.get("relay")
        kind = None
        if relay == "open" and (by == "meter" or rule in CUT_RULES):
            kind = "cut"
        elif relay == "closed" and (by == "meter" or rule in RESTORE_RULES):
            kind = "restored"
        if kind is not None:
            values["balance"] = yuan(lookup.balance(account))
            put(kind, f"{kind}:{e.id}")
    elif e.kind == "recharge.confirmed":  # meter-side: the money is on the meter now
        cmd = s.get(MeterCommand, data["command_id"]) if data.get("command_id") else None
        txn = cmd.txn_id if cmd is not None else None
        on_meter = data.get("balance_fen")
        values.update(
            amount=yuan(int(data.get("amount_fen", 0))),
            balance=yuan(on_meter if on_meter is not None else lookup.balance(account)),
            receipt=receipt_of(s, txn),
        )
        put("recharge", f"recharge:{txn or e.id}")


def on_recharge(
    s: Session,
    account_id: int,
    room_id: int | None,
    amount_fen: int,
    balance_fen: int,
    receipt: str,
    txn_id: int,
    *,
    meter_side: bool,
    now: datetime | None = None,
) -> int:
    """A recharge taken: platform-side it is credited now (a meter-side one is told when the
    meter confirms it, ``recharge.confirmed``)."""
    if meter_side:
        return 0
    settings = settings_for(s)
    if not settings.channels:
        return 0

    def work() -> int:
        values = account_values(s, account_id, room_id)
        values.update(amount=yuan(amount_fen), balance=yuan(balance_fen), receipt=receipt)
        key = f"recharge:{txn_id}"
        return queue(
            s,
            settings,
            "recharge",
            key,
            values,
            account_id=account_id,
            room_id=room_id,
            now=now,
            lookup=_lookup(s),
        )

    return _guarded(s, f"recharge {txn_id}", work)


def on_bill(s: Session, bill: Bill, now: datetime | None = None) -> int:
    """A bill issued (flushed, in ``s``)."""
    settings = settings_for(s)
    if not settings.channels:
        return 0

    def work() -> int:
        values = {**account_values(s, bill.account_id, None), **bill_values(bill)}
        key = f"bill_issued:{bill.id}"
        return queue(
            s,
            settings,
            "bill_issued",
            key,
            values,
            account_id=bill.account_id,
            now=now,
            lookup=_lookup(s),
        )

    return _guarded(s, f"bill {bill.number}", work)
