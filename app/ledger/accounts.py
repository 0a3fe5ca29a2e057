"""Money out and account life: refunds (退费), cancelled recharges, reversals, opening
(开户), closing (销户), transfer of ownership (过户), transfers and meter replacement (换表).
Fees, adjustments, reversals, reprints and the overdraft limit are in ``corrections``.
The base allowance (基础电量) is not money: it is free kWh in the tariff, used up by
platform-side billing before any price (app.billing.quote), so it is never refunded.

Every function is one unit of work: permission checked inside the write scope, the
four-eyes rule for money out above the threshold, the audit row in the same transaction.
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
        _money_out(session, actor, MoneyOut.REFUND, fen, approver)
        account = _account(session, account_id)
        if fen > account.balance_fen:
            raise LedgerError(
                tr(
                    "the balance is {balance}: {amount} cannot be refunded",
                    balance=format_yuan(account.balance_fen),
                    amount=format_yuan(fen),
                )
            )
        txn = post(
            session,
            "refund",
            [Leg(TENANT, -fen, account.id), Leg(pay.value, fen)],
            actor,
            memo=reason,
            now=moment,
        )
        number = _pay_out(session, actor, txn, account, fen, pay, moment, reason)
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
            extra={"approved_by": approver.login} if approver else None,
            now=moment,
        )
    return number


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
    meter reports is still below the one the command expects).
    """
    moment = now or utcnow()
    with db.write() as session:
        receipt = session.scalar(select(Receipt).where(Receipt.number == receipt_number))
        if receipt is None:
            raise LedgerError(tr("no receipt numbered {number}", number=receipt_number))
        command = session.scalar(  # locked: the collector marks it sent under the same lock
            select(MeterCommand).where(MeterCommand.txn_id == receipt.txn_id).with_for_update()
        )
        payment = session.scalars(select(Payment).where(Payment.txn_id == receipt.txn_id)).one()
        if command is None:
            raise LedgerError(
                tr("receipt {number} is not a meter-side recharge", number=receipt_number)
            )
        _money_out(session, actor, MoneyOut.REVERSAL, payment.amount_fen, approver)
        if command.status in (CommandStatus.CONFIRMED, CommandStatus.CANCELLED):
            raise LedgerError(
                tr("the recharge is {status}: it cannot be cancelled", status=command.status.value)
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
        if command.status is CommandStatus.SENT:
            raise LedgerError(
                tr("the recharge is being sent to the meter right now; try again shortly")
            )
        command.status = CommandStatus.CANCELLED
        command.result = f"cancelled by {actor.login}"
        command.updated_at = moment
        txn = reverse(session, receipt.txn_id, actor, memo=f"cancelled recharge {receipt_number}")
        account = _account(session, payment.account_id, open_only=False)
        number = _pay_out(
            session,
            actor,
            txn,
            account,
            payment.amount_fen,
            payment.method,
            moment,
            tr("recharge {number} cancelled", number=receipt_number),
        )
        audit.record(
            session,
            actor,
            "recharge.cancel",
            f"receipt:{receipt_number}",
            after={
                "slip": number,
                "meter_count": state.purchase_count,
                "expected_count": expected,
                "txn": txn.id,
            },
            extra={"approved_by": approver.login} if approver else None,
            now=moment,
        )
    return number


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
    name = tenant_name.strip()
    if not name or len(name) > 120:
        raise LedgerError(tr("a tenant needs a name of 1 to 120 characters"))
    try:
        tenant_kind = TenantKind(kind)
    except ValueError as exc:
        raise LedgerError(tr("unknown tenant kind {value!r}", value=kind)) from exc
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.SITE_EDIT)
        # one desk at a time: a new tenant's name and max(id) + 1 (the account number)
        serialize(session, "account.open")
        rooms = [_vacant_room(session, rid) for rid in room_ids]
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
        session.refresh(account)
        return account


def _vacant_room(session: Session, room_id: int) -> Room:
    room = session.get(Room, room_id, with_for_update=True)  # two desks letting one room
    if room is None:
        raise LedgerError(tr("no room with id {id}", id=room_id))
    if room.account_id is not None:
        raise LedgerError(tr("room {room} is already let", room=room.number))
    return room


def close_account(
    db: Database,
    actor: Actor,
    account_id: int,
    method: str = "cash",
    approver: Actor | None = None,
    *,
    now: datetime | None = None,
) -> str | None:
    """销户: settle (refund what is left, platform and meter side), free the rooms, close.

    A negative balance must be paid first. Money left on meter-side meters is refunded as
    last read from the meter; returns the refund slip number, or None if nothing was owed.
    """
    moment, pay = now or utcnow(), _method(method)
    with db.write() as session:
        account = _account(session, account_id)
        if account.balance_fen < 0:
            raise LedgerError(
                tr(
                    "account {number} owes {amount}: take the payment before closing",
                    number=account.number,
                    amount=format_yuan(-account.balance_fen),
                )
            )
        rooms = session.scalars(select(Room).where(Room.account_id == account.id)).all()
        legs = [Leg(TENANT, -account.balance_fen, account.id)] if account.balance_fen else []
        for meter_id, balance in _meter_balances(session, [r.id for r in rooms]):
            if balance > 0:
                legs.append(Leg(METER, -balance, account.id, meter_id))
        total = -sum(leg.amount_fen for leg in legs)
        number = None
        if total:
            _money_out(session, actor, MoneyOut.REFUND, total, approver)
            legs.append(Leg(pay.value, total))
            txn = post(session, "close", legs, actor, memo="account closed", now=moment)
            number = _pay_out(
                session, actor, txn, account, total, pay, moment, tr("final settlement")
            )
        else:
            authorize(session, actor, Permission.REFUND_REQUEST)
        authorize(session, actor, Permission.SITE_EDIT)
        for room in rooms:
            room.account_id = None
        account.status, account.closed_at = AccountStatus.CLOSED, moment
        audit.record(
            session,
            actor,
            "account.close",
            f"account:{account.id}",
            after={
                "refund_fen": total,
                "slip": number,
                "rooms": [r.number for r in rooms],
                "txn": txn.id if number else None,
            },
            extra={"approved_by": approver.login} if approver else None,
            now=moment,
        )
    return number


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
    """Move money between two open accounts (counts as money out of the first)."""
    fen, moment = _amount(amount), now or utcnow()
    if from_account == to_account:
        raise LedgerError(tr("choose two different accounts"))
    with db.write() as session:
        _money_out(session, actor, MoneyOut.REFUND, fen, approver)
        for account_id in sorted((from_account, to_account)):  # id order: two opposite
            _account(session, account_id)  # transfers never deadlock (PostgreSQL)
        source, target = _account(session, from_account), _account(session, to_account)
        if fen > source.balance_fen:
            raise LedgerError(
                tr(
                    "the balance is {balance}: {amount} cannot be transferred",
                    balance=format_yuan(source.balance_fen),
                    amount=format_yuan(fen),
                )
            )
        txn = post(
            session,
            "transfer",
            [Leg(TENANT, -fen, source.id), Leg(TENANT, fen, target.id)],
            actor,
            now=moment,
        )
        audit.record(
            session,
            actor,
            "account.transfer",
            f"account:{source.id}",
            after={"to": target.id, "amount_fen": fen, "txn": txn.id},
            now=moment,
        )
        return txn.id


def transfer_ownership(
    db: Database,
    actor: Actor,
    room_id: int,
    new_tenant: str,
    kind: str,
    *,
    carry_balance: bool = False,
    now: datetime | None = None,
) -> Account:
    """过户: the room passes to a new tenant's new account; the old account keeps its other
    rooms (and its money, unless ``carry_balance`` moves it to the new account)."""
    moment = now or utcnow()
    with db.write() as session:  # checked where it is changed: no other desk in between
        authorize(session, actor, Permission.SITE_EDIT)
        room = session.get(Room, room_id)
        if room is None or room.account_id is None:
            raise LedgerError(
                tr("room {room} has no tenant account", room=room.number if room else room_id)
            )
        old_id = room.account_id
        room.account_id = None
    account = open_account(db, actor, new_tenant, kind, [room_id], now=moment)
    if carry_balance:
        with db.read() as session:
            balance = session.get_one(Account, old_id).balance_fen
        if balance > 0:
            transfer(db, actor, old_id, account.id, fen_to_yuan(balance), now=moment)
    with db.write() as session:
        audit.record(
            session,
            actor,
            "account.transfer_ownership",
            f"room:{room_id}",
            before={"account": old_id},
            after={"account": account.id, "carry": carry_balance},
            now=moment,
        )
    return account


def replace_meter(
    db: Database,
    actor: Actor,
    old_meter_id: int,
    new_address: str,
    *,
    new_profile: str | None = None,
    now: datetime | None = None,
) -> int:
    """换表: install a new meter in place of the old; the balance left on a meter-side meter
    moves to the new one (a recharge command with purchase count 1, 换表补电)."""
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.METER_EDIT)
        old = session.get(Meter, old_meter_id)
        if old is None or old.removed_at is not None:
            raise LedgerError(tr("meter {id} is not installed", id=old_meter_id))
        old.removed_at = moment
        session.flush()
        new = Meter(
            link_id=old.link_id,
            address=new_address.strip(),
            profile=new_profile or old.profile,
            role=old.role,
            billing_mode=old.billing_mode,
            room_id=old.room_id,
            building_id=old.building_id,
            parent_id=old.parent_id,
            install_date=moment.date(),
        )
        session.add(new)
        session.flush()
        old.replaced_by_id = new.id
        carried = 0
        if old.billing_mode is BillingMode.METER and old.room_id is not None:
            state = session.get(MeterState, old.id)
            carried = int(state.balance_fen or 0) if state else 0
            room = session.get(Room, old.room_id)
            if carried > 0 and room is not None and room.account_id is not None:
                txn = post(
                    session,
                    "transfer",
                    [
                        Leg(METER, -carried, room.account_id, old.id),
                        Leg(METER, carried, room.account_id, new.id),
                    ],
                    actor,
                    now=moment,
                )
                session.add(
                    MeterCommand(
                        meter_id=new.id,
                        kind="recharge",
                        priority=1,
                        txn_id=txn.id,
                        operator_id=actor.operator_id,
                        created_at=moment,
                        updated_at=moment,
                        payload={"amount_fen": carried, "expected_count": 1},
                    )
                )
        audit.record(
            session,
            actor,
            "meter.replace",
            f"meter:{old.id}",
            after={
                "new_meter": new.id,
                "address": new.address,
                "carried_fen": carried,
                "txn": txn.id if carried > 0 and room and room.account_id else None,
            },
            now=moment,
        )
        return new.id
