"""A tenant's own payment becomes one recharge, exactly once, whichever way it came in.

Both ways in (the bill import and the endpoint) end in :func:`credit`: the counter's own
recharge path (``app.ledger.recharge.recharge_many`` in the caller's transaction, method
``qr``), so a meter-side room gets its meter recharge command queued with the purchase count
N+1 exactly as at the counter, and a platform-side account gets its posting. The ledger's
idempotency key is ``<platform>:<transaction id>``: a bill imported twice, an overlapping
bill, the same payment notified by the relay and then found in the bill, two notifications
at once: all replay the first recharge instead of making a second. The ``online_payment``
row of the line is written in the same transaction, so "credited" is never claimed for a
recharge that rolled back.

Refunds in a bill are recorded and reported (``reported``), never reversed by themselves:
money leaves an account only through the refund request and its approval (docs/ledger.md),
where a person sees what was already spent on the meter.

Matching (the section at the end): which account a payment is for.
Tenants are asked to write their account number (``E0100023``) or their room (``A栋 301``,
``A栋/301``) in the payment's remark (商品名称 / 备注 / 付款说明). The remark is read for:

1. account numbers (a letter and digits, or digits alone, as the site numbers them): exactly
   one existing account named → that account;
2. room numbers: a room whose number is in the remark and whose building's name is too, or
   a room number that exists only once on the site → that room's tenant account.

Anything ambiguous (two accounts named, a room number found in several buildings, a vacant
room) is not guessed: the payment stays unmatched (未匹配) with the reason. Failing the
remark, a payer id (WeChat openid, Alipay buyer account) seen before in a confirmed match
(``payer_link``) gives the account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..ledger.journal import LedgerError
from ..ledger.locks import serialize
from ..ledger.recharge import IdempotencyConflict, RechargeRequest, RechargeResult, recharge_many
from ..models import (
    Account,
    AccountStatus,
    BillingMode,
    Building,
    Floor,
    LedgerTxn,
    Meter,
    OnlinePayment,
    PayerLink,
    Room,
    utcnow,
)
from ..security import Actor, Permission, audit, authorize
from .statements import Line, Statement


class PaymentError(LedgerError):
    """A payment that cannot be taken (the message says why, for the clerk or the relay)."""


@dataclass(frozen=True)
class Outcome:
    """What one line of a bill did (or, for a dry run, would do)."""

    line: Line
    action: str  # credited | already | unmatched | refund | conflict
    account: str = ""  # account number
    receipt: str = ""
    note: str = ""


@dataclass
class ImportReport:
    statement: Statement
    dry_run: bool
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for o in self.outcomes if o.action == action)

    def fen(self, action: str) -> int:
        return sum(o.line.amount_fen for o in self.outcomes if o.action == action)


def ledger_key(platform: str, txn: str) -> str:
    """The recharge's idempotency key (8 to 64 characters, as the ledger wants)."""
    return f"{platform}:{txn}"[:64]


def yuan_text(fen: int) -> str:
    return f"{fen // 100}.{fen % 100:02d}"


def credit(
    session: Session,
    actor: Actor,
    platform: str,
    line: Line,
    found: Match,
    source: str,
    now: datetime,
) -> RechargeResult:
    """The recharge of ``line`` for ``found``'s account, in the caller's transaction."""
    if found.account_id is None:
        raise PaymentError(found.note or tr("no account for this payment"))
    room_id = found.room_id
    if room_id is None:  # an account with one room is recharged through it (its meter)
        rooms = list(session.scalars(select(Room.id).where(Room.account_id == found.account_id)))
        room_id = rooms[0] if len(rooms) == 1 else None
        if len(rooms) > 1 and _prepaid(session, rooms):  # which meter? a person says
            raise PaymentError(
                tr("the account has several prepaid rooms: assign the payment to one room")
            )
    request = RechargeRequest(
        amount=yuan_text(line.amount_fen),
        method="qr",
        idempotency_key=ledger_key(platform, line.txn),
        room_id=room_id,
        account_id=None if room_id is not None else found.account_id,
    )
    result = recharge_many(session, actor, [request], now)[0]
    row = _row(session, platform, line, source, now)
    row.status, row.account_id, row.txn_id, row.note = (
        "credited",
        result.account_id,
        result.txn_id,
        "",
    )
    row.updated_at = now
    learn_payer(session, platform, line.payer, result.account_id, line.txn)
    session.flush()
    return result


def _prepaid(session: Session, rooms: list[int]) -> bool:
    """Whether any of ``rooms`` has a meter that holds its own balance (meter-side)."""
    found = session.scalar(
        select(Meter.id).where(
            Meter.room_id.in_(rooms),
            Meter.removed_at.is_(None),
            Meter.billing_mode == BillingMode.METER,
        )
    )
    return found is not None


def _row(session: Session, platform: str, line: Line, source: str, now: datetime) -> OnlinePayment:
    """The ``online_payment`` row of ``line``, made when first seen (two desks importing
    the same bill at once: the second waits for the first's row instead of failing on the
    unique index)."""
    serialize(session, "payment.line", platform, line.txn, line.refund_id)
    row = session.scalar(
        select(OnlinePayment).where(
            OnlinePayment.platform == platform,
            OnlinePayment.platform_txn == line.txn,
            OnlinePayment.refund_id == line.refund_id,
        )
    )
    if row is None:
        row = OnlinePayment(
            platform=platform,
            platform_txn=line.txn,
            refund_id=line.refund_id,
            kind=line.kind,
            source=source,
            paid_at=line.paid_at,
            amount_fen=line.amount_fen,
            payer=line.payer[:128],
            remark=line.remark[:256],
            status="unmatched" if line.kind == "payment" else "reported",
            created_at=now,
            updated_at=now,
        )
        session.add(row)
        session.flush()
    return row


def import_statement(
    db: Database,
    actor: Actor,
    statement: Statement,
    *,
    file_name: str = "",
    dry_run: bool = False,
    now: datetime | None = None,
) -> ImportReport:
    """Every line of the bill: payments credited once, unmatched listed, refunds reported.

    One transaction per line: a refused line (a closed account, a key used for another
    amount) is reported and the others still go in; a crash halfway is finished by
    importing the file again. A dry run writes nothing."""
    moment = now or utcnow()
    report = ImportReport(statement, dry_run)
    with db.read() as s:
        # reading a platform's bill against the ledger is finance's work too (对账): a dry
        # run needs money or finance; the refusal names the money permission
        reading = dry_run and actor.can(Permission.REPORT_FINANCE)
        authorize(s, actor, Permission.REPORT_FINANCE if reading else Permission.RECHARGE)
    for line in statement.lines:
        if dry_run:
            with db.read() as s:
                report.outcomes.append(_preview(s, statement.platform, line))
            continue
        try:
            with db.write() as s:
                report.outcomes.append(_take(s, actor, statement.platform, line, moment))
        except IdempotencyConflict as exc:
            report.outcomes.append(Outcome(line, "conflict", note=str(exc)))
        except LedgerError as exc:  # a closed account, the recharge limit: for a person
            with db.write() as s:
                row = _row(s, statement.platform, line, "statement", moment)
                row.note = str(exc)[:300]
            report.outcomes.append(Outcome(line, "unmatched", note=str(exc)))
    if not dry_run:
        with db.write() as s:
            audit.record(
                s,
                actor,
                "payment.import",
                f"statement:{statement.platform}",
                after={
                    "file": file_name,
                    "shape": statement.shape,
                    "credited": report.count("credited"),
                    "credited_fen": report.fen("credited"),
                    "already": report.count("already"),
                    "unmatched": report.count("unmatched"),
                    "refunds": report.count("refund"),
                },
                now=moment,
            )
    return report


def _take(session: Session, actor: Actor, platform: str, line: Line, now: datetime) -> Outcome:
    if line.kind == "refund":
        row = _row(session, platform, line, "statement", now)
        paid = _payment_row(session, platform, line.txn)
        if paid is not None and row.account_id is None:
            row.account_id = paid.account_id
        return Outcome(line, "refund", _number(session, row.account_id), note=_refund_note(paid))
    if _already(session, platform, line.txn):
        result = _credited(session, actor, platform, line, now)
        return Outcome(line, "already", _number(session, result.account_id), result.receipt_number)
    found = match(session, platform, line.remark, line.payer)
    if found.account_id is None:
        row = _row(session, platform, line, "statement", now)
        row.note = found.note[:300]
        return Outcome(line, "unmatched", note=found.note)
    result = credit(session, actor, platform, line, found, "statement", now)
    action = "already" if result.replayed else "credited"  # another desk was first
    return Outcome(line, action, _number(session, result.account_id), result.receipt_number)


def _credited(
    session: Session, actor: Actor, platform: str, line: Line, now: datetime
) -> RechargeResult:
    """The recharge already made for ``line`` (a replay: same key, same receipt)."""
    txn = session.scalar(
        select(LedgerTxn).where(LedgerTxn.idempotency_key == ledger_key(platform, line.txn))
    )
    assert txn is not None
    from ..models import Payment

    payment = session.scalars(select(Payment).where(Payment.txn_id == txn.id)).one()
    found = Match(payment.account_id, payment.room_id, "ledger")
    return credit(session, actor, platform, line, found, "statement", now)


def _preview(session: Session, platform: str, line: Line) -> Outcome:
    if line.kind == "refund":
        paid = _payment_row(session, platform, line.txn)
        account = _number(session, paid.account_id) if paid is not None else ""
        return Outcome(line, "refund", account, note=_refund_note(paid))
    if _already(session, platform, line.txn):
        return Outcome(line, "already")
    found = match(session, platform, line.remark, line.payer)
    if found.account_id is None:
        return Outcome(line, "unmatched", note=found.note)
    return Outcome(line, "credited", _number(session, found.account_id), note=found.how)


def _already(session: Session, platform: str, txn: str) -> bool:
    key = ledger_key(platform, txn)
    return session.scalar(select(LedgerTxn.id).where(LedgerTxn.idempotency_key == key)) is not None


def _payment_row(session: Session, platform: str, txn: str) -> OnlinePayment | None:
    return session.scalar(
        select(OnlinePayment).where(
            OnlinePayment.platform == platform,
            OnlinePayment.platform_txn == txn,
            OnlinePayment.kind == "payment",
        )
    )


def _refund_note(paid: OnlinePayment | None) -> str:
    if paid is None or paid.status != "credited":
        return tr("refunded by the platform; the payment was not credited here")
    return tr("refunded by the platform after it was credited: raise a refund request if due")


def _number(session: Session, account_id: int | None) -> str:
    if account_id is None:
        return ""
    return session.scalar(select(Account.number).where(Account.id == account_id)) or ""


# --------------------------------------------------------------------------- people


def unmatched(db: Database, platform: str | None = None) -> list[OnlinePayment]:
    """Payments waiting for a person (未匹配), oldest first."""
    with db.read() as s:
        query = select(OnlinePayment).where(
            OnlinePayment.status == "unmatched", OnlinePayment.kind == "payment"
        )
        if platform:
            query = query.where(OnlinePayment.platform == platform)
        return list(s.scalars(query.order_by(OnlinePayment.paid_at, OnlinePayment.id)))


def assign(
    db: Database,
    actor: Actor,
    txn: str,
    *,
    account_number: str | None = None,
    room_id: int | None = None,
    platform: str | None = None,
    now: datetime | None = None,
) -> RechargeResult:
    """A person says whose an unmatched payment is: it is credited there, the payer id is
    learned for next time, and the decision is audited."""
    moment = now or utcnow()
    with db.write() as s:
        authorize(s, actor, Permission.RECHARGE)
        query = select(OnlinePayment).where(
            OnlinePayment.platform_txn == txn, OnlinePayment.kind == "payment"
        )
        if platform:
            query = query.where(OnlinePayment.platform == platform)
        rows = list(s.scalars(query))
        if len(rows) != 1:
            raise PaymentError(tr("no unmatched payment {txn}", txn=txn))
        row = rows[0]
        if row.status != "unmatched":
            raise PaymentError(tr("payment {txn} is already credited", txn=txn))
        found = _target(s, account_number, room_id)
        line = Line(
            0, "payment", row.platform_txn, "", row.paid_at, row.amount_fen, row.payer, row.remark
        )
        result = credit(s, actor, row.platform, line, found, row.source, moment)
        audit.record(
            s,
            actor,
            "payment.assign",
            f"account:{result.account_id}",
            after={
                "platform": row.platform,
                "platform_txn": txn,
                "amount_fen": row.amount_fen,
                "txn": result.txn_id,
                "receipt": result.receipt_number,
            },
            now=moment,
        )
        return result


def _target(session: Session, account_number: str | None, room_id: int | None) -> Match:
    if room_id is not None:
        room = session.get(Room, room_id)
        if room is None or room.account_id is None:
            raise PaymentError(tr("room {room} has no tenant account", room=room_id))
        return Match(room.account_id, room.id, "person")
    account = session.scalar(select(Account).where(Account.number == (account_number or "")))
    if account is None:
        raise PaymentError(tr("no account {number}", number=account_number or ""))
    return Match(account.id, None, "person")


# --------------------------------------------------------------------------- matching

ACCOUNT_TOKEN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{0,3}\d{4,12}(?![A-Za-z0-9])")
ROOM_TOKEN = re.compile(r"(?<![0-9])[A-Za-z]?\d{1,5}(?![0-9])")


@dataclass(frozen=True)
class Match:
    """The account found (and the room, when the remark named one) and how."""

    account_id: int | None
    room_id: int | None
    how: str  # account | room | payer | "" (unmatched)
    note: str = ""  # why not, for the clerk


def match(session: Session, platform: str, remark: str, payer: str) -> Match:
    """The account ``remark`` or ``payer`` points at, or an unmatched ``Match`` saying why."""
    found = by_account_number(session, remark)
    if found.account_id is not None or found.note:
        return found
    found = by_room(session, remark)
    if found.account_id is not None or found.note:
        return found
    if payer:
        link = session.get(PayerLink, (platform, payer))
        if link is not None:
            return Match(link.account_id, None, "payer")
    return Match(None, None, "", tr("no account number or room in the remark"))


def by_account_number(session: Session, remark: str) -> Match:
    tokens = {t.upper() for t in ACCOUNT_TOKEN.findall(remark)}
    if not tokens:
        return Match(None, None, "")
    rows = session.execute(
        select(Account.id, Account.number, Account.status).where(Account.number.in_(tokens))
    ).all()
    if len(rows) > 1:
        names = ", ".join(sorted(r.number for r in rows))
        return Match(None, None, "", tr("the remark names several accounts: {names}", names=names))
    if not rows:
        return Match(None, None, "")
    if rows[0].status is not AccountStatus.OPEN:
        return Match(None, None, "", tr("account {number} is closed", number=rows[0].number))
    return Match(rows[0].id, None, "account")


def by_room(session: Session, remark: str) -> Match:
    numbers = {t.upper() for t in ROOM_TOKEN.findall(remark)}
    if not numbers:
        return Match(None, None, "")
    rows = session.execute(
        select(Room.id, Room.number, Room.account_id, Building.name)
        .join(Floor, Floor.id == Room.floor_id)
        .join(Building, Building.id == Floor.building_id)
        .where(Room.number.in_(numbers))
    ).all()
    named = [r for r in rows if r.name and r.name in remark]
    candidates = named or ([] if len(rows) != 1 else rows)
    if not candidates:
        if len(rows) > 1:
            return Match(
                None,
                None,
                "",
                tr(
                    "room {room} is in several buildings: the remark does not say which",
                    room=rows[0].number,
                ),
            )
        return Match(None, None, "")
    if len(candidates) > 1:
        names = ", ".join(sorted(f"{r.name}/{r.number}" for r in candidates))
        return Match(None, None, "", tr("the remark names several rooms: {names}", names=names))
    room = candidates[0]
    if room.account_id is None:
        return Match(
            None,
            None,
            "",
            tr("room {room} has no tenant account", room=f"{room.name}/{room.number}"),
        )
    return Match(room.account_id, room.id, "room")


def learn_payer(session: Session, platform: str, payer: str, account_id: int, txn: str) -> bool:
    """Remember ``payer`` → ``account_id`` from a confirmed match (the first one wins: a
    payer who later pays for another room is matched by that payment's remark)."""
    if not payer:
        return False
    serialize(session, "payment.payer", platform, payer)
    if session.get(PayerLink, (platform, payer)) is not None:
        return False
    session.add(PayerLink(platform=platform, payer=payer, account_id=account_id, learned_from=txn))
    session.flush()
    return True
