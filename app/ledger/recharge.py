"""Recharge (充值), exactly once.

One write transaction holds everything: the payment, the balanced ledger legs, a gap-free
receipt number, the audit row and, for meter-side billing, the pending meter command with
the purchase count the meter must see (N+1). The idempotency key is made when the cashier
window opens: a double click, a retry or a restart after a crash sends the same key and
gets the same receipt back; the same key with a different amount is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, TypedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import (
    Account,
    AccountStatus,
    BillingMode,
    Building,
    CommandStatus,
    Counter,
    Floor,
    LedgerTxn,
    Meter,
    MeterCommand,
    MeterRole,
    MeterState,
    Park,
    Payment,
    PaymentMethod,
    Receipt,
    Room,
    Setting,
    Shift,
    Tenant,
    utcnow,
)
from ..money import MoneyError, format_yuan, parse_yuan
from ..notify.hooks import on_recharge as notify_recharge
from ..receipts import ReceiptData
from ..security import Actor, Permission, audit, authorize
from .journal import METER, TENANT, LedgerError, Leg, post
from .locks import serialize

DEFAULT_MAX_RECHARGE_FEN = 5_000_000  # ¥50,000 at the counter in one go
RECHARGE_PRIORITY = 1
COMMAND_LIFETIME = timedelta(days=7)
ACTIVE = (CommandStatus.PENDING, CommandStatus.SENT)


class IdempotencyConflict(LedgerError):
    """The key was already used for a different recharge."""


@dataclass(frozen=True)
class RechargeRequest:
    amount: str | int | Decimal  # yuan, as typed
    method: str
    idempotency_key: str
    room_id: int | None = None
    account_id: int | None = None
    meter_id: int | None = None
    priority: int = 1  # of the meter command; a batch's recharges go after the counter's


@dataclass(frozen=True)
class RechargeResult:
    receipt_number: str
    txn_id: int
    account_id: int
    amount_fen: int
    balance_before_fen: int
    balance_after_fen: int
    command_id: int | None
    expected_count: int | None
    receipt: ReceiptData  # what was frozen in the same transaction: no second read needed
    replayed: bool = False


def setting(session: Session, key: str, default: Any) -> Any:
    row = session.get(Setting, key)
    return default if row is None else row.value


def recharge(
    db: Database, actor: Actor, request: RechargeRequest, *, now: datetime | None = None
) -> RechargeResult:
    """Take the money and queue what the meter must do, all in one transaction."""
    checked = _checked(request)
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.RECHARGE)
        return _one(session, actor, request, checked, moment, None)


def recharge_many(
    session: Session, actor: Actor, requests: Sequence[RechargeRequest], now: datetime
) -> list[RechargeResult]:
    """Several recharges in the caller's one write transaction (a batch's sheet).

    Each is exactly what :func:`recharge` does alone (its key, payment, legs, gap-free
    receipt, audit row; the ledger seal covers them all at commit), so a replayed key still
    gives its first receipt. What only needs reading once per group is read once: the
    permission, the limit, the park's receipt header and each tariff's price line. The
    first refusal raises: the caller's transaction rolls back whole (nothing of the group
    is kept) and the caller posts that group one by one to learn which item was refused.
    Why: one commit (one fsync on SQLite) per group instead of one per recharge."""
    checked = [_checked(r) for r in requests]
    authorize(session, actor, Permission.RECHARGE)
    cache: dict[Any, Any] = {}
    return [_one(session, actor, r, c, now, cache) for r, c in zip(requests, checked, strict=True)]


def _checked(request: RechargeRequest) -> tuple[str, PaymentMethod, int]:
    """The request's key, method and amount in fen, or the refusal (before any lock)."""
    key = request.idempotency_key.strip()
    if not 8 <= len(key) <= 64:
        raise LedgerError(tr("the idempotency key must be 8 to 64 characters"))
    try:
        method = PaymentMethod(request.method)
    except ValueError as exc:
        raise LedgerError(tr("unknown payment method {value!r}", value=request.method)) from exc
    try:
        amount = parse_yuan(request.amount)
    except MoneyError as exc:
        raise LedgerError(str(exc)) from exc
    return key, method, amount


def _one(
    session: Session,
    actor: Actor,
    request: RechargeRequest,
    checked: tuple[str, PaymentMethod, int],
    moment: datetime,
    cache: dict[Any, Any] | None,
) -> RechargeResult:
    key, method, amount = checked
    # two desks with the same key: the second waits here and then replays the first
    serialize(session, "recharge.key", key)
    previous = session.scalar(select(LedgerTxn).where(LedgerTxn.idempotency_key == key))
    if previous is not None:
        return _replay(session, previous, request, amount, method)
    if cache is not None and "limit" in cache:
        limit = cache["limit"]
    else:
        limit = int(setting(session, "ledger.max_recharge_fen", DEFAULT_MAX_RECHARGE_FEN))
        if cache is not None:
            cache["limit"] = limit
    if amount > limit:
        raise LedgerError(
            tr(
                "{amount} is above the single recharge limit of {limit}",
                amount=format_yuan(amount),
                limit=format_yuan(limit),
            )
        )
    return _Recharge(session, actor, request, amount, method, key, moment, cache).run()


def _replay(
    session: Session, txn: LedgerTxn, request: RechargeRequest, amount: int, method: PaymentMethod
) -> RechargeResult:
    payment = session.scalars(select(Payment).where(Payment.txn_id == txn.id)).one()
    receipt = session.scalars(select(Receipt).where(Receipt.txn_id == txn.id)).one()
    same_target = request.account_id in (None, payment.account_id) and request.room_id in (
        None,
        payment.room_id,
    )
    if payment.amount_fen != amount or payment.method != method or not same_target:
        raise IdempotencyConflict(
            tr(
                "this recharge was already taken as {amount} by {method} (receipt {number}); "
                "a different recharge needs a new window",
                amount=format_yuan(payment.amount_fen),
                method=payment.method.value,
                number=receipt.number,
            )
        )
    command = session.scalar(select(MeterCommand).where(MeterCommand.txn_id == txn.id))
    content = receipt.content
    return RechargeResult(
        receipt.number,
        txn.id,
        payment.account_id,
        payment.amount_fen,
        content["balance_before_fen"],
        content["balance_after_fen"],
        command.id if command else None,
        command.payload.get("expected_count") if command else None,
        receipt_data(session, receipt.number),
        replayed=True,
    )


RECEIPT_ISSUER = "receipt.issuer"  # site-wide receipt lines set in Settings → Park details
RECEIPT_FOOTER = "receipt.footer"


def receipt_extras(session: Session) -> dict[str, str]:
    """The site-wide receipt lines (issuing company, footer) for ``ReceiptData``."""
    values = {}
    for field, key in (("issuer", RECEIPT_ISSUER), ("footer", RECEIPT_FOOTER)):
        row = session.get(Setting, key)
        values[field] = str(row.value or "") if row is not None else ""
    return values


class ReceiptHeader(TypedDict):
    """The ``ReceiptData`` fields :func:`park_header` fills (passed as keywords)."""

    park: str
    park_phone: str
    park_address: str
    issuer: str
    footer: str


def park_header(session: Session, park: Park | None) -> ReceiptHeader:
    """What every receipt and refund slip prints about who issued it."""
    extras = receipt_extras(session)
    return {
        "park": park.name if park else "",
        "park_phone": park.phone if park else "",
        "park_address": park.address if park else "",
        "issuer": extras["issuer"],
        "footer": extras["footer"],
    }


class _Recharge:
    """The steps of one recharge inside its transaction."""

    def __init__(
        self,
        session: Session,
        actor: Actor,
        request: RechargeRequest,
        amount: int,
        method: PaymentMethod,
        key: str,
        now: datetime,
        cache: dict[Any, Any] | None = None,
    ) -> None:
        self.s, self.actor, self.request, self.amount = session, actor, request, amount
        self.method, self.key, self.now = method, key, now
        self.cache = cache  # a group's lookups (``recharge_many``); None for one recharge

    def run(self) -> RechargeResult:
        room, account = self._target()
        meter = self._meter(room)
        shift = open_shift(self.s, self.actor, self.now)
        if meter is not None:
            state = self.s.get(MeterState, meter.id)
            queued = self._queued(meter.id)
            before = (state.balance_fen or 0) if state else 0
            before += sum(int(c.payload.get("amount_fen", 0)) for c in queued)
            self._check_max_balance(before)
            expected = self._next_count(meter.id, state)
            legs = [
                Leg(self.method.value, -self.amount),
                Leg(METER, self.amount, account.id, meter.id),
            ]
        else:
            before, expected = account.balance_fen, None
            legs = [Leg(self.method.value, -self.amount), Leg(TENANT, self.amount, account.id)]
        txn = post(self.s, "recharge", legs, self.actor, idempotency_key=self.key, now=self.now)
        self.s.add(
            Payment(
                txn_id=txn.id,
                account_id=account.id,
                room_id=room.id if room else None,
                meter_id=meter.id if meter else None,
                method=self.method,
                amount_fen=self.amount,
                operator_id=self.actor.operator_id,
                shift_id=shift.id,
                created_at=self.now,
            )
        )
        command = None
        if meter is not None:
            command = MeterCommand(
                meter_id=meter.id,
                kind="recharge",
                priority=self.request.priority,
                txn_id=txn.id,
                operator_id=self.actor.operator_id,
                created_at=self.now,
                updated_at=self.now,
                expires_at=self.now + COMMAND_LIFETIME,
                payload={"amount_fen": self.amount, "expected_count": expected},
            )
            self.s.add(command)
            self.s.flush()
        after = before + self.amount
        frozen = freeze_receipt(
            self.s,
            txn.id,
            self._receipt_data(room, account, meter, before, after, bool(meter)),
            self.now,
        )
        number = frozen.number
        audit.record(
            self.s,
            self.actor,
            "recharge",
            f"account:{account.id}",
            after={
                "amount_fen": self.amount,
                "method": self.method.value,
                "receipt": number,
                "meter_id": meter.id if meter else None,
                "expected_count": expected,
                "txn": txn.id,
            },
            now=self.now,
        )
        notify_recharge(  # the tenant's "recharge credited" (platform-side; app.notify.hooks)
            self.s,
            account.id,
            room.id if room else None,
            self.amount,
            after,
            number,
            txn.id,
            meter_side=meter is not None,
            now=self.now,
        )
        return RechargeResult(
            number,
            txn.id,
            account.id,
            self.amount,
            before,
            after,
            command.id if command else None,
            expected,
            frozen,
        )

    def _target(self) -> tuple[Room | None, Account]:
        room = None
        if self.request.room_id is not None:
            room = self.s.get(Room, self.request.room_id)
            if room is None:
                raise LedgerError(tr("no room with id {id}", id=self.request.room_id))
            if room.account_id is None:
                raise LedgerError(
                    tr("room {room} has no tenant account to recharge", room=room.number)
                )
            account_id = room.account_id
        elif self.request.account_id is not None:
            account_id = self.request.account_id
        else:
            raise LedgerError(tr("say which room or account to recharge"))
        account = self.s.get(Account, account_id, with_for_update=True)
        if account is None:
            raise LedgerError(tr("no account with id {id}", id=account_id))
        if account.status is not AccountStatus.OPEN:
            raise LedgerError(tr("account {number} is closed", number=account.number))
        return room, account

    def _meter(self, room: Room | None) -> Meter | None:
        """The meter-side meter the money goes to, or None for platform-side billing."""
        if room is None:
            return None
        # locked: the purchase count N+1 is taken once per meter, whichever desk comes first
        meters = self.s.scalars(
            select(Meter)
            .where(
                Meter.room_id == room.id,
                Meter.removed_at.is_(None),
                Meter.role == MeterRole.TENANT,
                Meter.billing_mode == BillingMode.METER,
            )
            .order_by(Meter.id)
            .with_for_update()
        ).all()
        if self.request.meter_id is not None:
            chosen = [m for m in meters if m.id == self.request.meter_id]
            if not chosen:
                raise LedgerError(
                    tr(
                        "meter {id} is not a prepaid meter of room {room}",
                        id=self.request.meter_id,
                        room=room.number,
                    )
                )
            return chosen[0]
        if len(meters) > 1:
            raise LedgerError(
                tr("room {room} has several prepaid meters: choose one", room=room.number)
            )
        return meters[0] if meters else None

    def _next_count(self, meter_id: int, state: MeterState | None) -> int:
        """The purchase count this recharge must carry: one above the highest count the meter
        reported or that a recharge on its way (or confirmed, before the next poll shows it)
        already claims."""
        claimed = [
            int(c.payload.get("expected_count") or 0)
            for c in self.s.scalars(
                select(MeterCommand).where(
                    MeterCommand.meter_id == meter_id,
                    MeterCommand.kind == "recharge",
                    MeterCommand.status.in_((*ACTIVE, CommandStatus.CONFIRMED)),
                )
            )
        ]
        return max([(state.purchase_count or 0) if state else 0, *claimed]) + 1

    def _queued(self, meter_id: int) -> list[MeterCommand]:
        return list(
            self.s.scalars(
                select(MeterCommand).where(
                    MeterCommand.meter_id == meter_id,
                    MeterCommand.kind == "recharge",
                    MeterCommand.status.in_(ACTIVE),
                )
            )
        )

    def _check_max_balance(self, before: int) -> None:
        cap = setting(self.s, "meter.max_balance_fen", None)
        if cap is not None and before + self.amount > int(cap):
            raise LedgerError(
                tr(
                    "the meter would hold {total}, above its maximum balance of {cap}",
                    total=format_yuan(before + self.amount),
                    cap=format_yuan(int(cap)),
                )
            )

    def _prices(self, room: Room | None, meter: Meter | None) -> str:
        from .tariffs import price_summary, tariff_for_meter

        if meter is None and room is not None:
            meter = self.s.scalars(
                select(Meter).where(Meter.room_id == room.id, Meter.removed_at.is_(None))
            ).first()
        if meter is None:
            return ""
        tariff = tariff_for_meter(self.s, meter.id)
        if self.cache is None:
            return price_summary(tariff, self.now)
        key = ("prices", tariff.name if tariff is not None else None)
        if key not in self.cache:
            self.cache[key] = price_summary(tariff, self.now)
        return str(self.cache[key])

    def _header(self, park: Park | None) -> ReceiptHeader:
        if self.cache is None:
            return park_header(self.s, park)
        key = ("park", park.id if park is not None else None)
        if key not in self.cache:
            self.cache[key] = park_header(self.s, park)
        header: ReceiptHeader = self.cache[key]
        return header

    def _receipt_data(
        self,
        room: Room | None,
        account: Account,
        meter: Meter | None,
        before: int,
        after: int,
        meter_side: bool,
    ) -> ReceiptData:
        tenant = self.s.get(Tenant, account.tenant_id)
        room_text = ""
        if room is not None:
            floor = self.s.get(Floor, room.floor_id)
            building = self.s.get(Building, floor.building_id) if floor else None
            park = self.s.get(Park, building.park_id) if building else None
            room_text = " / ".join(
                x
                for x in (
                    building.name if building else "",
                    floor.name if floor else "",
                    room.number,
                )
                if x
            )
        else:
            park = self.s.scalars(select(Park).order_by(Park.id)).first()
        meter_text = f"{meter.link.name} #{meter.address}" if meter is not None else "-"
        return ReceiptData(
            **self._header(park),
            number="",
            issued_at=self.now,
            operator=self.actor.display_name or self.actor.login,
            tenant=tenant.name if tenant else "",
            room=room_text,
            meter=meter_text,
            account=account.number,
            amount_fen=self.amount,
            method=self.method.value,
            balance_before_fen=before,
            balance_after_fen=after,
            price_summary=self._prices(room, meter),
            state="pending" if meter_side else "platform",
        )


def open_shift(session: Session, actor: Actor, now: datetime) -> Shift:
    """The actor's open shift, opened now if there is none (one per login, also when the
    same login works at two desks at once)."""
    serialize(session, "shift", actor.login)
    # locked too: a shift being closed at another desk is waited for, then seen closed (its
    # frozen totals never miss a payment), and this payment goes to a new shift
    shift = session.scalar(
        select(Shift)
        .where(Shift.operator_login == actor.login, Shift.closed_at.is_(None))
        .with_for_update()
    )
    if shift is None:
        shift = Shift(operator_id=actor.operator_id, operator_login=actor.login, opened_at=now)
        session.add(shift)
        session.flush()
    return shift


def issue_receipt(session: Session, txn_id: int, data: ReceiptData, now: datetime) -> str:
    """Take the next gap-free number (same transaction) and freeze the receipt's content."""
    return freeze_receipt(session, txn_id, data, now).number


def freeze_receipt(session: Session, txn_id: int, data: ReceiptData, now: datetime) -> ReceiptData:
    """:func:`issue_receipt`, returning the receipt as frozen (number, time, check hash), so
    the caller shows exactly what was stored without reading it back."""
    counter = session.get(Counter, "receipt", with_for_update=True)
    if counter is None:
        counter = Counter(name="receipt", value=0)
        session.add(counter)
    counter.value += 1
    seq = counter.value
    # a field package numbers its receipts in its own series (app.field: "F3A9C1-00000001")
    number = receipt_number(seq, str(setting(session, RECEIPT_PREFIX, "R")))
    content, digest = frozen_content(data, number, now)
    session.add(
        Receipt(
            seq=seq,
            number=number,
            txn_id=txn_id,
            issued_at=now,
            content=content,
            verify_hash=digest,
        )
    )
    session.flush()
    return replace(data, number=number, issued_at=now, verify_hash=digest)


RECEIPT_PREFIX = "receipt.prefix"  # "R" at the office; a field package's own prefix


def receipt_number(seq: int, prefix: str = "R") -> str:
    return f"{prefix}{seq:08d}"


def frozen_content(data: ReceiptData, number: str, now: datetime) -> tuple[dict[str, Any], str]:
    """What a receipt freezes and its check hash (also the demo history's bulk receipts).

    ``ReceiptData`` is flat (text, numbers, one datetime): a shallow copy of its fields is
    what ``asdict`` gives, without its deep copy per field (a third of the time of the
    demo history's 100,000 receipts)."""
    content = {
        **{f.name: getattr(data, f.name) for f in fields(data)},
        "number": number,
        "issued_at": now.isoformat(),
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return content, hashlib.sha256(text.encode()).hexdigest()[:16]


def receipt_data(session: Session, number: str) -> ReceiptData:
    """The frozen receipt, with the recharge's state as it is now."""
    receipt = session.scalar(select(Receipt).where(Receipt.number == number))
    if receipt is None:
        raise LedgerError(tr("no receipt numbered {number}", number=number))
    content = dict(receipt.content)
    content["issued_at"] = datetime.fromisoformat(content["issued_at"])
    content["verify_hash"] = receipt.verify_hash
    command = session.scalar(select(MeterCommand).where(MeterCommand.txn_id == receipt.txn_id))
    if command is not None:
        content["state"] = {CommandStatus.CONFIRMED: "confirmed"}.get(command.status, "pending")
        if command.status in (CommandStatus.FAILED, CommandStatus.EXPIRED):
            content["state_note"] = command.result
    return ReceiptData(**content)


def pending_count(session: Session) -> int:
    return int(
        session.scalar(select(func.count(MeterCommand.id)).where(MeterCommand.status.in_(ACTIVE)))
        or 0
    )
