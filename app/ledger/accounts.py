"""Money out and account life: refunds (退费), cancelled recharges, reversals, opening
(开户), closing (销户), transfer of ownership (过户), transfers and meter replacement (换表).
Fees, adjustments, reversals, reprints and the overdraft limit are in ``corrections``.
The base allowance (基础电量) is not money: it is free kWh in the tariff, used up by
platform-side billing before any price (app.billing.quote), so it is never refunded.

Every function is one unit of work: everything is checked first (permission inside the
write scope, the four-eyes rule for money out above the threshold, balances, rooms, queued
meter commands), then written once, the audit row in the same transaction. The ``*_in``
helpers do the writing inside the caller's session, so compound operations (过户 opens an
account *and* carries the balance) stay one transaction. Close (销户) is in ``closing``,
the meter swap (换表补电) in ``meterswap``; both are re-exported here.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

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
    Tenant,
    TenantKind,
    utcnow,
)
from ..money import MoneyError, fen_to_yuan, format_yuan, parse_yuan
from ..names import initials
from ..receipts import ReceiptData
from ..security import Actor, MoneyOut, Permission, audit, authorize, check_money_out, load_policy
from .journal import METER, TENANT, LedgerError, Leg, post, reverse
from .locks import serialize
from .recharge import ReceiptHeader, issue_receipt, open_shift, park_header


def _amount(text: str | int | Decimal) -> int:
    try:
        return parse_yuan(text)
    except MoneyError as exc:
        raise LedgerError(str(exc)) from exc


def _account(session: Session, account_id: int, *, open_only: bool = True) -> Account:
    account = session.get(Account, account_id, with_for_update=True)
    if account is None:
        raise LedgerError(tr("no account with id {id}", id=account_id))
    if open_only and account.status is not AccountStatus.OPEN:
        raise LedgerError(tr("account {number} is closed", number=account.number))
    return account


def _money_out(
    session: Session, actor: Actor, kind: MoneyOut, fen: int, approver: Actor | None
) -> None:
    authorize(
        session,
        actor,
        Permission.REFUND_REQUEST if kind is MoneyOut.REFUND else Permission.LEDGER_REVERSE,
    )
    check_money_out(actor, kind, fen_to_yuan(fen), load_policy(session), approver)


def _pay_out(
    session: Session,
    actor: Actor,
    txn: LedgerTxn,
    account: Account,
    fen: int,
    method: PaymentMethod,
    now: datetime,
    note: str,
) -> str:
    """Record the cash leaving the counter, with a numbered slip like any receipt."""
    shift = open_shift(session, actor, now)
    session.add(
        Payment(
            txn_id=txn.id,
            account_id=account.id,
            method=method,
            amount_fen=-fen,
            operator_id=actor.operator_id,
            shift_id=shift.id,
            created_at=now,
        )
    )
    tenant = session.get(Tenant, account.tenant_id)
    data = ReceiptData(
        **_slip_header(session, account),
        number="",
        issued_at=now,
        operator=actor.display_name or actor.login,
        tenant=tenant.name if tenant else "",
        meter="-",
        account=account.number,
        amount_fen=-fen,
        method=method.value,
        balance_before_fen=account.balance_fen + fen,
        balance_after_fen=account.balance_fen,
        price_summary="",
        state="refund",
        state_note=note,
    )
    return issue_receipt(session, txn.id, data, now)


class _SlipHeader(ReceiptHeader):
    room: str


def _slip_header(session: Session, account: Account) -> _SlipHeader:
    """A refund slip's header like a receipt's: the park of the account's (first) room, the
    issuer and footer set in Settings, and the rooms."""
    rows = session.execute(
        select(Room.number, Building.name, Park)
        .join(Floor, Room.floor_id == Floor.id)
        .join(Building, Floor.building_id == Building.id)
        .join(Park, Building.park_id == Park.id)
        .where(Room.account_id == account.id)
        .order_by(Room.id)
    ).all()
    park = rows[0][2] if rows else session.scalars(select(Park).order_by(Park.id)).first()
    rooms = ", ".join(f"{building} / {number}" for number, building, _park in rows)
    return {**park_header(session, park), "room": rooms[:120]}


def refund(
    db: Database,
    actor: Actor,
    account_id: int,
    amount: str | int | Decimal,
    method: str,
    reason: str = "",
    approver: Actor | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """Pay back part of a platform-side balance; returns the refund slip number."""
    fen, moment = _amount(amount), now or utcnow()
    pay = _method(method)
    with db.write() as session:
        return refund_in(session, actor, account_id, fen, pay, reason, approver, moment)


def refund_in(
    session: Session,
    actor: Actor,
    account_id: int,
    fen: int,
    pay: PaymentMethod,
    reason: str,
    approver: Actor | None,
    moment: datetime,
    *,
    extra: dict[str, object] | None = None,
) -> str:
    """The refund inside the caller's unit of work: everything checked before anything is
    written (permission, four-eyes, the account, the balance), then legs, slip and audit."""
    _money_out(session, actor, MoneyOut.REFUND, fen, approver)
    account = _account(session, account_id)
    _enough(account, fen, "refunded")
    txn = post(
        session,
        "refund",
        [Leg(TENANT, -fen, account.id), Leg(pay.value, fen)],
        actor,
        memo=reason,
        now=moment,
    )
    number = _pay_out(session, actor, txn, account, fen, pay, moment, reason)
    more = {**({"approved_by": approver.login} if approver else {}), **(extra or {})}
    audit.record(
        session,
        actor,
        "refund",
        f"account:{account.id}",
        after={
            "amount_fen": fen,
            "method": pay.value,
            "slip": number,
            "reason": reason,
            "txn": txn.id,
        },
        extra=more or None,
        now=moment,
    )
    return number


def _enough(account: Account, fen: int, what: str) -> None:
    if fen <= account.balance_fen:
        return
    balance, amount = format_yuan(account.balance_fen), format_yuan(fen)
    if what == "transferred":
        raise LedgerError(
            tr(
                "the balance is {balance}: {amount} cannot be transferred",
                balance=balance,
                amount=amount,
            )
        )
    raise LedgerError(
        tr("the balance is {balance}: {amount} cannot be refunded", balance=balance, amount=amount)
    )


def _method(method: str) -> PaymentMethod:
    try:
        return PaymentMethod(method)
    except ValueError as exc:
        raise LedgerError(tr("unknown payment method {value!r}", value=method)) from exc


def cancel_recharge(
    db: Database,
    actor: Actor,
    receipt_number: str,
    approver: Actor | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """Turn a meter-side recharge that never reached the meter into a refund.

    Allowed only when the meter's purchase count proves it was not applied (the count the
    meter reports is still below the one the command expects). Checked first, then the
    reversal, the slip and the audit row are written in the same transaction.
    """
    moment = now or utcnow()
    with db.write() as session:
        receipt = session.scalar(select(Receipt).where(Receipt.number == receipt_number))
        if receipt is None:
            raise LedgerError(tr("no receipt numbered {number}", number=receipt_number))
        command = session.scalar(  # locked: the collector marks it sent under the same lock
            select(MeterCommand).where(MeterCommand.txn_id == receipt.txn_id).with_for_update()
        )
        if command is None:
            raise LedgerError(
                tr("receipt {number} is not a meter-side recharge", number=receipt_number)
            )
        payment = session.scalars(select(Payment).where(Payment.txn_id == receipt.txn_id)).one()
        _money_out(session, actor, MoneyOut.REVERSAL, payment.amount_fen, approver)
        count, expected = _cancellable(session, command)
        slip, txn = _cancel_in(session, actor, command, payment, receipt_number, moment)
        audit.record(
            session,
            actor,
            "recharge.cancel",
            f"receipt:{receipt_number}",
            after={"slip": slip, "meter_count": count, "expected_count": expected, "txn": txn},
            extra={"approved_by": approver.login} if approver else None,
            now=moment,
        )
    return slip


def _cancellable(session: Session, command: MeterCommand) -> tuple[int, int]:
    """Refuse unless the recharge provably never reached the meter; (meter count, expected)."""
    if command.status in (CommandStatus.CONFIRMED, CommandStatus.CANCELLED):
        raise LedgerError(
            tr("the recharge is {status}: it cannot be cancelled", status=command.status.value)
        )
    if command.status is CommandStatus.SENT:
        raise LedgerError(
            tr("the recharge is being sent to the meter right now; try again shortly")
        )
    state = session.get(MeterState, command.meter_id)
    expected = int(command.payload.get("expected_count", 0))
    if state is None or state.purchase_count is None or state.purchase_count >= expected:
        raise LedgerError(
            tr(
                "the meter's purchase count does not prove the recharge was not applied "
                "(expected {expected}, meter says {count}); read the meter first",
                expected=expected,
                count="?"
                if state is None or state.purchase_count is None
                else state.purchase_count,
            )
        )
    return state.purchase_count, expected


def _cancel_in(
    session: Session,
    actor: Actor,
    command: MeterCommand,
    payment: Payment,
    receipt_number: str,
    moment: datetime,
) -> tuple[str, int]:
    """Write a checked cancellation: the command cancelled, the reversal, the refund slip.
    Returns (slip number, reversal transaction id)."""
    command.status = CommandStatus.CANCELLED
    command.result = f"cancelled by {actor.login}"
    command.updated_at = moment
    txn = reverse(
        session, payment.txn_id, actor, memo=f"cancelled recharge {receipt_number}", now=moment
    )
    account = _account(session, payment.account_id, open_only=False)
    slip = _pay_out(
        session,
        actor,
        txn,
        account,
        payment.amount_fen,
        payment.method,
        moment,
        tr("recharge {number} cancelled", number=receipt_number),
    )
    return slip, txn.id


def open_account(
    db: Database,
    actor: Actor,
    tenant_name: str,
    kind: str,
    room_ids: list[int],
    *,
    now: datetime | None = None,
) -> Account:
    """开户: a tenant (new or known) gets an open account feeding the given vacant rooms."""
    name, tenant_kind = _tenant_name(tenant_name), _tenant_kind(kind)
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.SITE_EDIT)
        rooms = [_vacant_room(session, rid) for rid in room_ids]
        account = open_account_in(session, actor, name, tenant_kind, rooms, moment)
        session.refresh(account)
        return account


def _tenant_name(tenant_name: str) -> str:
    name = tenant_name.strip()
    if not name or len(name) > 120:
        raise LedgerError(tr("a tenant needs a name of 1 to 120 characters"))
    return name


def _tenant_kind(kind: str) -> TenantKind:
    try:
        return TenantKind(kind)
    except ValueError as exc:
        raise LedgerError(tr("unknown tenant kind {value!r}", value=kind)) from exc


def open_account_in(
    session: Session,
    actor: Actor,
    name: str,
    tenant_kind: TenantKind,
    rooms: list[Room],
    moment: datetime,
) -> Account:
    """Write a new account on rooms the caller has checked (vacant, ``site.edit`` held)."""
    # one desk at a time: a new tenant's name and max(id) + 1 (the account number)
    serialize(session, "account.open")
    tenant = session.scalar(select(Tenant).where(Tenant.name == name))
    if tenant is None:
        tenant = Tenant(name=name, kind=tenant_kind, initials=initials(name), created_at=moment)
        session.add(tenant)
        session.flush()
    next_id = (session.scalar(select(func.max(Account.id))) or 0) + 1
    account = Account(number=f"E{next_id + 100000:07d}", tenant_id=tenant.id, opened_at=moment)
    session.add(account)
    session.flush()
    for room in rooms:
        room.account_id = account.id
    audit.record(
        session,
        actor,
        "account.open",
        f"account:{account.id}",
        after={"tenant": name, "rooms": [r.number for r in rooms]},
        now=moment,
    )
    return account


def _vacant_room(session: Session, room_id: int) -> Room:
    room = session.get(Room, room_id, with_for_update=True)  # two desks letting one room
    if room is None:
        raise LedgerError(tr("no room with id {id}", id=room_id))
    if room.account_id is not None:
        raise LedgerError(tr("room {room} is already let", room=room.number))
    return room


def _meter_balances(session: Session, room_ids: list[int]) -> list[tuple[int, int]]:
    """(meter id, balance last read) of the installed meter-side meters of these rooms."""
    if not room_ids:
        return []
    rows = session.execute(
        select(Meter.id, MeterState.balance_fen)
        .join(MeterState, MeterState.meter_id == Meter.id, isouter=True)
        .where(
            Meter.room_id.in_(room_ids),
            Meter.removed_at.is_(None),
            Meter.billing_mode == BillingMode.METER,
            Meter.role == MeterRole.TENANT,
        )
    ).all()
    return [(mid, int(balance or 0)) for mid, balance in rows]


def transfer(
    db: Database,
    actor: Actor,
    from_account: int,
    to_account: int,
    amount: str | int | Decimal,
    approver: Actor | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Move money between two open accounts: an administrator's decision
    (``account.transfer``), and money out of the first (four-eyes above the threshold)."""
    fen, moment = _amount(amount), now or utcnow()
    if from_account == to_account:
        raise LedgerError(tr("choose two different accounts"))
    with db.write() as session:
        _transfer_allowed(session, actor, fen, approver)
        for account_id in sorted((from_account, to_account)):  # id order: two opposite
            _account(session, account_id)  # transfers never deadlock (PostgreSQL)
        source, target = _account(session, from_account), _account(session, to_account)
        _enough(source, fen, "transferred")
        return transfer_in(session, actor, source, target, fen, approver, moment).id


def _transfer_allowed(session: Session, actor: Actor, fen: int, approver: Actor | None) -> None:
    authorize(session, actor, Permission.ACCOUNT_TRANSFER)
    _money_out(session, actor, MoneyOut.REFUND, fen, approver)


def transfer_in(
    session: Session,
    actor: Actor,
    source: Account,
    target: Account,
    fen: int,
    approver: Actor | None,
    moment: datetime,
    meter_legs: list[tuple[int, int]] | None = None,
) -> LedgerTxn:
    """Write a checked transfer (platform ``fen`` and meter-side ``(meter, fen)`` books)."""
    legs = [Leg(TENANT, -fen, source.id), Leg(TENANT, fen, target.id)] if fen else []
    meter_legs = meter_legs or []
    for meter_id, amount in meter_legs:
        legs += [Leg(METER, -amount, source.id, meter_id), Leg(METER, amount, target.id, meter_id)]
    txn = post(session, "transfer", legs, actor, now=moment)
    audit.record(
        session,
        actor,
        "account.transfer",
        f"account:{source.id}",
        after={
            "to": target.id,
            "amount_fen": fen,
            "txn": txn.id,
            **({"meter_fen": dict(meter_legs)} if meter_legs else {}),
        },
        extra={"approved_by": approver.login} if approver else None,
        now=moment,
    )
    return txn


def transfer_ownership(
    db: Database,
    actor: Actor,
    room_id: int,
    new_tenant: str,
    kind: str,
    *,
    carry_balance: bool = False,
    approver: Actor | None = None,
    now: datetime | None = None,
) -> Account:
    """过户: the room passes to a new tenant's new account; the old account keeps its other
    rooms (and its money, unless ``carry_balance`` moves it to the new account: the platform
    balance and what the room's meter-side meters held when last read).

    One transaction: the room, the tenant, the carried amount's permission
    (``account.transfer``) and four-eyes rule and a recharge still queued for the room's
    meter (refused: the old tenant's money would land on the new tenant's meter) are all
    checked before anything is written, so a refusal leaves everything as it was.
    """
    name, tenant_kind = _tenant_name(new_tenant), _tenant_kind(kind)
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.SITE_EDIT)
        room = session.get(Room, room_id, with_for_update=True)  # PostgreSQL: one desk at a time
        if room is None or room.account_id is None:
            raise LedgerError(
                tr("room {room} has no tenant account", room=room.number if room else room_id)
            )
        old = _account(session, room.account_id)
        pending = active_recharges(session, [room.id])
        if pending:
            raise LedgerError(
                tr(
                    "room {room} has a recharge still pending on its meter: wait until the "
                    "meter confirms it (or cancel it) before the transfer of ownership",
                    room=room.number,
                )
            )
        fen = max(old.balance_fen, 0) if carry_balance else 0
        meters = (
            [(m, b) for m, b in _meter_balances(session, [room.id]) if b > 0]
            if carry_balance
            else []
        )
        carried = fen + sum(b for _, b in meters)
        if carried:
            _transfer_allowed(session, actor, carried, approver)
        # everything is checked: write
        room.account_id = None
        account = open_account_in(session, actor, name, tenant_kind, [room], moment)
        txn = (
            transfer_in(session, actor, old, account, fen, approver, moment, meters)
            if carried
            else None
        )
        audit.record(
            session,
            actor,
            "account.transfer_ownership",
            f"room:{room_id}",
            before={"account": old.id},
            after={
                "account": account.id,
                "carry": carry_balance,
                "carried_fen": carried,
                "txn": txn.id if txn else None,
            },
            extra={"approved_by": approver.login} if approver and carried else None,
            now=moment,
        )
        session.refresh(account)
        return account


# re-exported: close (销户) and meter swap (换表补电) live in their own modules
from .closing import active_recharges, close_account  # noqa: E402
from .meterswap import replace_meter  # noqa: E402

__all__ = [
    "active_recharges",
    "cancel_recharge",
    "close_account",
    "open_account",
    "open_account_in",
    "refund",
    "refund_in",
    "replace_meter",
    "transfer",
    "transfer_in",
    "transfer_ownership",
]
