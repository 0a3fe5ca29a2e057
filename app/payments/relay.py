"""What the payment endpoint does once a request is authentic (no HTTP here).

``take_notification`` checks the payment's fields, then in ONE write transaction: takes the
nonce (a nonce already stored is a replay: refused; two requests with one nonce at once
wait for each other on a lock and the second is refused), finds the account, and makes the
recharge through ``service.credit`` (the counter's path, key ``<platform>:<txn>``). The
answer is built from what was committed, so "200" always means "credited".

``account_view`` is the tenant's self-service query: balance, days left, recent daily use
and recent payments, from the same values the messages use (``app.notify.values``).
"""

from __future__ import annotations

import itertools
import re
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..ledger.journal import LedgerError
from ..ledger.locks import serialize
from ..ledger.recharge import IdempotencyConflict
from ..models import (
    Account,
    AccountStatus,
    Meter,
    Payment,
    PaymentNonce,
    Reading,
    ReadingKind,
    Receipt,
    Room,
)
from ..notify.values import balance_of, days_left, meters_of
from ..reports.period import PARK_ZONE
from ..security import Actor, SecurityError
from .service import Match, by_room, credit, yuan_text
from .statements import Line

PARK = ZoneInfo(PARK_ZONE)  # the site time the collector freezes the day in

AMOUNT = re.compile(r"^\d{1,9}(\.\d{1,2})?$")
TXN = re.compile(r"^[A-Za-z0-9_-]{1,56}$")
RECENT_DAYS = 7


class Refusal(Exception):
    """An HTTP refusal: status code, a stable reason code, a sentence."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status, self.reason, self.message = status, reason, message


def amount_fen(value: object) -> int:
    """Yuan as a JSON string, at most two decimals, above zero, below a billion."""
    if not isinstance(value, str) or not AMOUNT.match(value):
        raise Refusal(
            422, "bad_amount", "amount must be a string of yuan with at most two decimals"
        )
    fen = int(Decimal(value) * 100)
    if fen <= 0:
        raise Refusal(422, "bad_amount", "amount must be above zero")
    return fen


def _text(payload: dict[str, Any], name: str, limit: int) -> str:
    value = payload.get(name, "")
    if not isinstance(value, str) or len(value) > limit:
        raise Refusal(400, "bad_field", f"{name} must be text of at most {limit} characters")
    return value.strip()


def _line(payload: dict[str, Any], now: datetime) -> tuple[str, Line]:
    platform = payload.get("platform")
    if platform not in ("wechat", "alipay"):
        raise Refusal(400, "bad_field", "platform must be wechat or alipay")
    txn = payload.get("transaction_id")
    if not isinstance(txn, str) or not TXN.match(txn):
        raise Refusal(400, "bad_field", "transaction_id must be 1-56 of A-Z a-z 0-9 _ -")
    fen = amount_fen(payload.get("amount"))
    paid_at = now
    if payload.get("paid_at"):
        try:
            paid_at = datetime.fromisoformat(_text(payload, "paid_at", 40))
        except ValueError as exc:
            raise Refusal(400, "bad_field", "paid_at must be an ISO 8601 time") from exc
        if paid_at.tzinfo is None:
            raise Refusal(400, "bad_field", "paid_at needs its UTC offset")
        paid_at = paid_at.astimezone(UTC)
    payer, remark = _text(payload, "payer", 128), _text(payload, "remark", 256)
    return str(platform), Line(0, "payment", txn, "", paid_at, fen, payer, remark)


def _target(session: Session, payload: dict[str, Any]) -> Match:
    number, room = _text(payload, "account", 30), _text(payload, "room", 60)
    if number:
        account = session.scalar(select(Account).where(Account.number == number))
        if account is None or account.status is not AccountStatus.OPEN:
            raise Refusal(404, "unknown_account", f"no open account {number}")
        return Match(account.id, None, "account")
    if room:
        found = by_room(session, room.replace("/", " "))
        if found.account_id is None:
            raise Refusal(404, "unknown_account", f"no let room {room}")
        return found
    raise Refusal(400, "bad_field", "say account or room")


def _nonce(session: Session, nonce: str, now: datetime) -> None:
    serialize(session, "payment.nonce", nonce)
    if session.get(PaymentNonce, nonce) is not None:
        raise Refusal(409, "replay", "this nonce was already used")
    session.add(PaymentNonce(nonce=nonce, seen_at=now))
    session.flush()


def prune_nonces(db: Database, before: datetime) -> int:
    """Forget nonces older than ``before``: a request that old is refused by its timestamp
    anyway (the window is 5 minutes), so the table does not grow for ever."""
    from sqlalchemy import delete

    with db.write() as s:
        gone = s.execute(delete(PaymentNonce).where(PaymentNonce.seen_at < before))
        return int(getattr(gone, "rowcount", 0) or 0)


def use_nonce(db: Database, nonce: str, now: datetime) -> None:
    """Take a nonce for a read-only request (its own short transaction)."""
    with db.write() as s:
        _nonce(s, nonce, now)


def take_notification(
    db: Database, actor: Actor, payload: dict[str, Any], nonce: str, now: datetime
) -> dict[str, Any]:
    """The recharge of a notified payment, committed before this returns."""
    platform, line = _line(payload, now)
    try:
        with db.write() as s:
            _nonce(s, nonce, now)
            found = _target(s, payload)
            result = credit(s, actor, platform, line, found, "endpoint", now)
            number = s.scalar(select(Account.number).where(Account.id == result.account_id))
    except IdempotencyConflict as exc:
        raise Refusal(409, "conflict", str(exc)) from exc
    except LedgerError as exc:  # closed account, the recharge limit, the meter's maximum
        raise Refusal(422, "refused", str(exc)) from exc
    except SecurityError as exc:  # the operator who started the endpoint was disabled since
        raise Refusal(403, "forbidden", str(exc)) from exc
    return {
        "status": "credited",
        "replayed": result.replayed,
        "account": number,
        "amount": yuan_text(result.amount_fen),
        "receipt": result.receipt_number,
        "balance_after": yuan_text(max(0, result.balance_after_fen)),
        "meter_command": result.command_id is not None,
    }


def account_view(db: Database, number: str) -> dict[str, Any]:
    """Balance, days left, recent daily use and payments of one account (read only)."""
    with db.read() as s:
        account = s.scalar(select(Account).where(Account.number == number))
        if account is None:
            raise Refusal(404, "unknown_account", f"no account {number}")
        balance = balance_of(s, account.id)
        use = _recent_use(s, account.id)
        paid = s.execute(
            select(Payment.created_at, Payment.amount_fen, Payment.method, Receipt.number)
            .join(Receipt, Receipt.txn_id == Payment.txn_id)
            .where(Payment.account_id == account.id)
            .order_by(Payment.id.desc())
            .limit(5)
        ).all()
        return {
            "account": account.number,
            "open": account.status is AccountStatus.OPEN,
            "balance": (yuan_text(balance) if balance >= 0 else "-" + yuan_text(-balance)),
            "days_left": days_left(s, account.id, balance),
            "recent_use": use,
            "recent_payments": [
                {
                    "at": at.astimezone(UTC).isoformat(),
                    "amount": yuan_text(fen),
                    "method": str(method.value),
                    "receipt": receipt,
                }
                for at, fen, method, receipt in paid
            ],
        }


def _recent_use(s: Session, account_id: int) -> list[dict[str, str]]:
    """kWh per day of the last week, from the daily readings of the account's meters."""
    meters = meters_of(s, account_id) or list(
        s.scalars(
            select(Meter.id)
            .join(Room, Room.id == Meter.room_id)
            .where(Room.account_id == account_id, Meter.removed_at.is_(None))
        )
    )
    days: dict[str, Decimal] = {}
    for meter_id in meters:
        rows = list(
            s.execute(
                select(Reading.ts, Reading.energy_total)
                .where(Reading.meter_id == meter_id, Reading.kind == ReadingKind.DAILY)
                .order_by(Reading.ts.desc())
                .limit(RECENT_DAYS + 1)
            )
        )
        rows.reverse()
        for (_, before), (ts, after) in itertools.pairwise(rows):
            # a daily reading is the freeze at the park's midnight that ends the day it counts
            day = (ts.astimezone(PARK) - timedelta(days=1)).date().isoformat()
            days[day] = days.get(day, Decimal(0)) + max(Decimal(0), after - before)
    return [{"date": d, "kwh": f"{v:.2f}"} for d, v in sorted(days.items())]
