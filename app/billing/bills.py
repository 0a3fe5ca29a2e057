"""Bills (催缴账单): issued by the fee runs, listed by arrears, paid at the counter.

A bill is money a tenant owes outside the prepaid balance (a quarter's rent, a property
fee billed rather than deducted). Paying one at the counter is ONE ledger transaction of
kind ``bill``: the method book (cash, card, transfer, QR) takes the money in, the account's
``tenant`` book is credited and debited the same amount in that transaction (so the payment
is the account's: the orders report lists it under the account), and the ``fees`` book (the
park's fee revenue, where deducted fees go too) receives it. The prepaid balance does not
change: the tenant paid the bill, not for electricity, so the balance, the meter and the
statement's opening and closing figures stay as they were; the bill's ``paid_fen`` records
the payment. A partial payment is allowed (the bill stays open with what is
left); paying a bill that is paid or cancelled is refused.

Like a recharge (``app.ledger.recharge``), a payment writes a ``Payment`` row with its
method, cashier and shift (so the shift close and the orders and income reports, which
count the method books' legs, see it), takes a gap-free receipt number, and is audited, all
in the same transaction. The idempotency key ``bill:<number>:<paid before>`` makes two desks
paying the same bill at the same moment charge once: the second waits on the bill's lock,
then finds it paid (or its key taken).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import N_, tr
from ..ledger.journal import FEES, TENANT, LedgerError, Leg, post
from ..ledger.locks import serialize
from ..ledger.recharge import freeze_receipt, open_shift, park_header
from ..models import (
    Account,
    ApportionScheme,
    Bill,
    BillStatus,
    Building,
    Counter,
    FeeItem,
    Floor,
    Park,
    Payment,
    PaymentMethod,
    Room,
    Tenant,
    utcnow,
)
from ..money import MoneyError, parse_yuan
from ..notify.hooks import on_bill as notify_bill
from ..receipts import ReceiptData
from ..reports.period import PARK_ZONE
from ..security import Actor, Permission, audit, authorize, require

STATUS_TITLES = {"open": N_("open"), "paid": N_("paid"), "cancelled": N_("cancelled")}


def status_text(status: str) -> str:
    """A bill's state in words (the window, the statement, the CLI)."""
    return tr(STATUS_TITLES.get(status, status))


@dataclass(frozen=True)
class BillRow:
    """A bill as the cashier and the arrears report see it."""

    id: int
    number: str
    account_id: int
    account: str
    tenant: str
    building: str
    source: str
    period: str
    amount_fen: int
    paid_fen: int
    issued_at: datetime
    due_date: date
    status: str
    memo: str
    arrears_days: int  # days past the due date (0 when not yet due or not open)
    what: str = ""  # the source in words: the fee item's or scheme's name, else the source

    @property
    def title(self) -> str:
        return f"{self.what or self.memo or self.source} {self.period}".strip()

    @property
    def owed_fen(self) -> int:
        return self.amount_fen - self.paid_fen if self.status == BillStatus.OPEN.value else 0


@dataclass(frozen=True)
class BillPayment:
    bill_number: str
    receipt_number: str
    txn_id: int
    amount_fen: int
    owed_before_fen: int
    owed_after_fen: int
    status: str
    receipt: ReceiptData


def local_today(zone: str = PARK_ZONE, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(ZoneInfo(zone)).date()


def list_bills(
    session: Session,
    *,
    account_id: int | None = None,
    building_id: int | None = None,
    open_only: bool = True,
    today: date | None = None,
) -> list[BillRow]:
    """Bills, overdue first (oldest due date first), each with its days in arrears."""
    today = today or local_today()
    building = (
        select(Floor.building_id)
        .join(Room, Room.floor_id == Floor.id)
        .where(Room.account_id == Account.id)
        .order_by(Room.id)
        .limit(1)
        .correlate(Account)
        .scalar_subquery()
    )
    query = (
        select(Bill, Account.number, Tenant.name, Building.name)
        .join(Account, Bill.account_id == Account.id)
        .join(Tenant, Account.tenant_id == Tenant.id)
        .outerjoin(Building, Building.id == building)
        .order_by(Bill.due_date, Bill.number)
    )
    if open_only:
        query = query.where(Bill.status == BillStatus.OPEN)
    if account_id is not None:
        query = query.where(Bill.account_id == account_id)
    if building_id is not None:
        query = query.where(Building.id == building_id)
    names = source_names(session)
    return [
        replace(_row(bill, n, t, b, today), what=names.get(bill.source, ""))
        for bill, n, t, b in session.execute(query)
    ]


def source_names(session: Session) -> dict[str, str]:
    """``"fee:3"`` -> 物业费, ``"apportion:1"`` -> the scheme's name (a handful of rows)."""
    out = {f"fee:{i}": str(n) for i, n in session.execute(select(FeeItem.id, FeeItem.name))}
    schemes = session.execute(select(ApportionScheme.id, ApportionScheme.name))
    out.update({f"apportion:{i}": str(n) for i, n in schemes})
    return out


def _row(bill: Bill, number: str, tenant: str, building: str | None, today: date) -> BillRow:
    late = (today - bill.due_date).days if bill.status == BillStatus.OPEN else 0
    return BillRow(
        bill.id,
        bill.number,
        bill.account_id,
        number,
        tenant,
        building or "",
        bill.source,
        bill.period,
        bill.amount_fen,
        bill.paid_fen,
        bill.issued_at,
        bill.due_date,
        bill.status.value,
        bill.memo,
        max(0, late),
    )


def open_bills(
    db: Database, actor: Actor, account_id: int | None = None, *, open_only: bool = True
) -> list[BillRow]:
    """What the cashier window and ``bill list`` show (a cashier, an administrator or an
    auditor; the role is checked here, not only in the window)."""
    if not actor.can(Permission.REPORT_FINANCE):
        require(actor, Permission.RECHARGE)
    with db.read() as session:
        return list_bills(session, account_id=account_id, open_only=open_only)


def issue_bill(
    session: Session,
    account_id: int,
    source: str,
    period: str,
    amount_fen: int,
    due_date: date,
    *,
    run_id: int | None = None,
    memo: str = "",
    now: datetime | None = None,
) -> Bill:
    """A new open bill with the next gap-free number (``ZD00000001``), in the caller's
    transaction (a fee run issues its bills with its lines)."""
    if amount_fen <= 0:
        raise LedgerError(tr("A bill's amount must be above zero."))
    counter = session.get(Counter, "bill", with_for_update=True)
    if counter is None:
        counter = Counter(name="bill", value=0)
        session.add(counter)
    counter.value += 1
    bill = Bill(
        number=f"ZD{counter.value:08d}",
        account_id=account_id,
        run_id=run_id,
        source=source,
        period=period,
        amount_fen=amount_fen,
        issued_at=now or utcnow(),
        due_date=due_date,
        memo=memo,
    )
    session.add(bill)
    session.flush()
    notify_bill(session, bill, now)  # the tenant's "bill issued" message (app.notify.hooks)
    return bill


def _locked_bill(session: Session, number: str) -> Bill:
    serialize(session, "bill", number.strip())
    bill = session.scalar(select(Bill).where(Bill.number == number.strip()).with_for_update())
    if bill is None:
        raise LedgerError(tr("There is no bill numbered {number}.", number=number))
    return bill


def pay_bill(
    db: Database,
    actor: Actor,
    number: str,
    method: str,
    amount: str | None = None,
    *,
    now: datetime | None = None,
) -> BillPayment:
    """Take a bill's money at the counter (all that is owed, or ``amount`` yuan of it)."""
    try:
        paid_by = PaymentMethod(method)
    except ValueError as exc:
        raise LedgerError(tr("unknown payment method {value!r}", value=method)) from exc
    moment = now or utcnow()
    with db.write() as session:
        authorize(session, actor, Permission.RECHARGE)
        bill = _locked_bill(session, number)
        if bill.status != BillStatus.OPEN:
            raise LedgerError(
                tr(
                    "Bill {number} is {status}: nothing to pay.",
                    number=bill.number,
                    status=status_text(bill.status.value),
                )
            )
        owed = bill.amount_fen - bill.paid_fen
        fen = owed if amount is None else _amount(amount)
        if fen > owed:
            raise LedgerError(
                tr(
                    "Bill {number} has {owed} yuan left to pay.",
                    number=bill.number,
                    owed=f"{owed / 100:.2f}",
                )
            )
        return _Pay(session, actor, bill, paid_by, fen, moment).run()


def _amount(text: str) -> int:
    try:
        fen = parse_yuan(text)
    except MoneyError as exc:
        raise LedgerError(str(exc)) from exc
    if fen <= 0:
        raise LedgerError(tr("The amount must be above zero."))
    return fen


class _Pay:
    """The steps of one bill payment inside its transaction."""

    def __init__(
        self,
        session: Session,
        actor: Actor,
        bill: Bill,
        method: PaymentMethod,
        fen: int,
        now: datetime,
    ) -> None:
        self.s, self.actor, self.bill, self.method = session, actor, bill, method
        self.fen, self.now = fen, now

    def run(self) -> BillPayment:
        bill, before = self.bill, self.bill.amount_fen - self.bill.paid_fen
        shift = open_shift(self.s, self.actor, self.now)
        key = f"bill:{bill.number}:{bill.paid_fen}"
        account = bill.account_id  # in through the account and straight out: net zero
        legs = [
            Leg(self.method.value, -self.fen),
            Leg(TENANT, self.fen, account),
            Leg(TENANT, -self.fen, account),
            Leg(FEES, self.fen),
        ]
        memo = tr(
            "Bill {number} ({source} {period})",
            number=bill.number,
            source=bill.source,
            period=bill.period,
        )
        txn = post(
            self.s, "bill", legs, self.actor, idempotency_key=key, memo=memo[:200], now=self.now
        )
        self.s.add(
            Payment(
                txn_id=txn.id,
                account_id=bill.account_id,
                method=self.method,
                amount_fen=self.fen,
                operator_id=self.actor.operator_id,
                shift_id=shift.id,
                created_at=self.now,
            )
        )
        bill.paid_fen += self.fen
        if bill.paid_fen == bill.amount_fen:
            bill.status, bill.paid_at = BillStatus.PAID, self.now
        after = bill.amount_fen - bill.paid_fen
        frozen = freeze_receipt(self.s, txn.id, self._receipt(before, after), self.now)
        audit.record(
            self.s,
            self.actor,
            "bill.pay",
            f"account:{bill.account_id}",
            before={"paid_fen": bill.paid_fen - self.fen},
            after={
                "bill": bill.number,
                "amount_fen": self.fen,
                "method": self.method.value,
                "receipt": frozen.number,
                "txn": txn.id,
                "status": bill.status.value,
            },
            now=self.now,
        )
        return BillPayment(
            bill.number, frozen.number, txn.id, self.fen, before, after, bill.status.value, frozen
        )

    def _receipt(self, before: int, after: int) -> ReceiptData:
        account = self.s.get(Account, self.bill.account_id)
        assert account is not None  # a bill's account is a foreign key
        tenant = self.s.get(Tenant, account.tenant_id)
        room = self.s.scalars(
            select(Room).where(Room.account_id == account.id).order_by(Room.id)
        ).first()
        floor = self.s.get(Floor, room.floor_id) if room else None
        building = self.s.get(Building, floor.building_id) if floor else None
        park = (
            self.s.get(Park, building.park_id)
            if building
            else self.s.scalars(select(Park).order_by(Park.id)).first()
        )
        place = " / ".join(
            x for x in (building and building.name, floor and floor.name, room and room.number) if x
        )
        return ReceiptData(
            **park_header(self.s, park),
            number="",
            issued_at=self.now,
            operator=self.actor.display_name or self.actor.login,
            tenant=tenant.name if tenant else "",
            room=place,
            meter="-",
            account=account.number,
            amount_fen=self.fen,
            method=self.method.value,
            balance_before_fen=before,
            balance_after_fen=after,
            price_summary=f"{self.bill.source} {self.bill.period}",
            state="bill",
            state_note=tr("Bill {number}", number=self.bill.number),
        )


def cancel_bill(
    db: Database, actor: Actor, number: str, reason: str, *, now: datetime | None = None
) -> None:
    """An administrator withdraws an open bill nothing was paid on (a wrong bill)."""
    if not reason.strip():
        raise LedgerError(tr("Give the reason for cancelling the bill."))
    with db.write() as session:
        authorize(session, actor, Permission.BILLING_RUN)
        bill = _locked_bill(session, number)
        if bill.status != BillStatus.OPEN or bill.paid_fen:
            raise LedgerError(
                tr(
                    "Only an open bill with nothing paid can be cancelled; {number} cannot.",
                    number=bill.number,
                )
            )
        bill.status = BillStatus.CANCELLED
        bill.memo = (f"{bill.memo} · " if bill.memo else "") + reason.strip()[:120]
        audit.record(
            session,
            actor,
            "bill.cancel",
            f"bill:{bill.id}",
            after={"bill": bill.number, "reason": reason.strip()},
            now=now or utcnow(),
        )
