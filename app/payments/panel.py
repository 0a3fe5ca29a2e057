"""What the finance clerk's payments window reads and does (线上缴费 / 对账), Qt-free.

The window (app/ui/payments.py) must not touch SQL or the models: it calls these functions
in its worker thread and shows the plain rows they return. Every change goes through the
round-1 services (``service.import_statement`` / ``service.assign``, which check
``Permission.RECHARGE`` themselves); the relay's shared secret is stored like the e-mail
password (keyring / keystore) after ``Permission.SETTINGS_EDIT`` is checked and audited.

The platform of a bill is told from the file itself (:func:`detect_platform`): a WeChat Pay
交易账单 has the column ``微信订单号``; an Alipay 业务明细 / 账务明细 has ``支付宝交易号`` or
``账务流水号`` (its header lines also start with ``#``). Anything else is refused: the clerk
then picks the platform by hand and the reader says what it missed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import or_, select

from ..db import Database
from ..i18n import tr
from ..models import Account, Building, Floor, OnlinePayment, Receipt, Room, Tenant
from ..security import Actor, Permission, audit, authorize
from ..security.keystore import get_secret, set_secret
from .endpoint import SECRET_NAME
from .reconcile import Reconciliation, reconcile, write_xlsx
from .service import ImportReport, assign, import_statement, unmatched
from .statements import Line, Statement, StatementError, decode, read_statement

MIN_SECRET = 16  # as ``payment secret``
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class Bill:
    """A bill file read: its platform (chosen or detected) and its lines."""

    path: Path
    platform: str
    detected: bool  # the platform was told from the file
    statement: Statement


def detect_platform(data: bytes) -> str:
    """``wechat`` or ``alipay`` from the bill's column names (see the module's text)."""
    text = decode(data)[:20_000]
    if "微信订单号" in text:
        return "wechat"
    if "支付宝交易号" in text or "账务流水号" in text:
        return "alipay"
    raise StatementError(tr("cannot tell the platform from the file: choose WeChat Pay or Alipay"))


def read_bill(path: Path, platform: str = "") -> Bill:
    """The bill at ``path``; ``platform`` empty: detected from the file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StatementError(tr("cannot read {path}: {error}", path=path, error=exc)) from exc
    chosen = platform or detect_platform(data)
    return Bill(path, chosen, not platform, read_statement(data, chosen))


def preview(db: Database, actor: Actor, bill: Bill) -> ImportReport:
    """The dry run: what each line would do; nothing is written."""
    return import_statement(db, actor, bill.statement, file_name=bill.path.name, dry_run=True)


def credit_bill(db: Database, actor: Actor, bill: Bill) -> ImportReport:
    """Every payment of the bill credited once (the service's import, audited)."""
    return import_statement(db, actor, bill.statement, file_name=bill.path.name)


def reconcile_bill(db: Database, bill: Bill) -> Reconciliation:
    return reconcile(db, bill.statement)


def reconcile_period(db: Database, platform: str, start: datetime, end: datetime) -> Reconciliation:
    """The period's payments as this office recorded them from the platform (every bill
    imported and every relay notification, ``online_payment``) against the ledger: what
    the platform reported but the ledger lacks (unmatched, refused) is "missing"."""
    with db.read() as s:
        rows = list(
            s.scalars(
                select(OnlinePayment)
                .where(
                    OnlinePayment.platform == platform,
                    OnlinePayment.paid_at >= start,
                    OnlinePayment.paid_at < end,
                )
                .order_by(OnlinePayment.paid_at, OnlinePayment.id)
            )
        )
        lines = [
            Line(0, p.kind, p.platform_txn, p.refund_id, p.paid_at, p.amount_fen, p.payer, p.remark)
            for p in rows
        ]
    return reconcile(db, Statement(platform, "recorded", lines, period=(start, end)))


def export_reconciliation(rec: Reconciliation, path: Path) -> Path:
    """The service's workbook, written beside and renamed over ``path`` (atomic)."""
    part = path.with_name(path.name + ".part")
    write_xlsx(rec, part)
    part.replace(path)
    return path


# --------------------------------------------------------------------------- rows


@dataclass(frozen=True)
class PaymentRow:
    """One online payment as the window lists it."""

    platform: str
    txn: str
    source: str  # statement | endpoint
    paid_at: datetime
    amount_fen: int
    payer: str
    remark: str
    status: str  # credited | unmatched | reported
    note: str
    account: str = ""  # account number
    receipt: str = ""


def _row(p: OnlinePayment, account: str = "", receipt: str = "") -> PaymentRow:
    return PaymentRow(
        p.platform,
        p.platform_txn,
        p.source,
        p.paid_at,
        p.amount_fen,
        p.payer,
        p.remark,
        p.status,
        p.note,
        account,
        receipt or "",
    )


def unmatched_rows(db: Database) -> list[PaymentRow]:
    """Payments waiting for a person (未匹配), oldest first, with the reason."""
    return [_row(p) for p in unmatched(db)]


@dataclass(frozen=True)
class HistoryFilter:
    platform: str = ""
    source: str = ""  # statement | endpoint | "" (both)
    text: str = ""  # transaction id, account, receipt, payer or remark
    start: datetime | None = None  # UTC, inclusive
    end: datetime | None = None  # UTC, exclusive


def history(db: Database, wanted: HistoryFilter, limit: int = HISTORY_LIMIT) -> list[PaymentRow]:
    """Credited online payments, newest first, with their account and receipt."""
    query = (
        select(OnlinePayment, Account.number, Receipt.number)
        .outerjoin(Account, Account.id == OnlinePayment.account_id)
        .outerjoin(Receipt, Receipt.txn_id == OnlinePayment.txn_id)
        .where(OnlinePayment.status == "credited", OnlinePayment.kind == "payment")
    )
    if wanted.platform:
        query = query.where(OnlinePayment.platform == wanted.platform)
    if wanted.source:
        query = query.where(OnlinePayment.source == wanted.source)
    if wanted.start is not None:
        query = query.where(OnlinePayment.paid_at >= wanted.start)
    if wanted.end is not None:
        query = query.where(OnlinePayment.paid_at < wanted.end)
    if wanted.text:
        like = f"%{wanted.text}%"
        query = query.where(
            or_(
                OnlinePayment.platform_txn.like(like),
                OnlinePayment.payer.like(like),
                OnlinePayment.remark.like(like),
                Account.number.like(like),
                Receipt.number.like(like),
            )
        )
    query = query.order_by(OnlinePayment.paid_at.desc(), OnlinePayment.id.desc()).limit(limit)
    with db.read() as s:
        return [_row(p, a or "", r or "") for p, a, r in s.execute(query)]


def last_notifications(db: Database, limit: int = 10) -> list[PaymentRow]:
    """The payments the relay notified most recently (the endpoint's ``online_payment``
    rows: only credited ones exist, a refused notification leaves nothing behind)."""
    return history(db, HistoryFilter(source="endpoint"), limit)


# --------------------------------------------------------------------------- assign


@dataclass(frozen=True)
class Target:
    """An account (and a room, when the clerk picked one) a payment can be assigned to."""

    label: str  # "E0100023 · 张三 · A栋/301"
    account: str
    room_id: int | None


def find_targets(db: Database, text: str, limit: int = 30) -> list[Target]:
    """Open accounts whose number, tenant, room or building matches ``text``."""
    words = text.strip()
    if not words:
        return []
    like = f"%{words}%"
    query = (
        select(Account.number, Tenant.name, Room.id, Room.number, Building.name)
        .join(Tenant, Tenant.id == Account.tenant_id)
        .outerjoin(Room, Room.account_id == Account.id)
        .outerjoin(Floor, Floor.id == Room.floor_id)
        .outerjoin(Building, Building.id == Floor.building_id)
        .where(Account.closed_at.is_(None))
        .where(
            or_(
                Account.number.like(like),
                Tenant.name.like(like),
                Tenant.initials.like(like.lower()),
                Room.number.like(like),
                (Building.name + "/" + Room.number).like(like),
            )
        )
        .order_by(Account.number, Room.number)
        .limit(limit)
    )
    with db.read() as s:
        rows = s.execute(query).all()
    out = []
    for number, tenant, room_id, room, building in rows:
        place = f"{building}/{room}" if room_id is not None else ""
        label = " · ".join(x for x in (number, tenant, place) if x)
        out.append(Target(label, number, room_id))
    return out


def assign_payment(db: Database, actor: Actor, row: PaymentRow, target: Target) -> tuple[str, str]:
    """Credit the unmatched ``row`` to ``target`` (the service learns the payer id and
    audits it); the account number and the receipt number."""
    result = assign(
        db,
        actor,
        row.txn,
        account_number=None if target.room_id is not None else target.account,
        room_id=target.room_id,
        platform=row.platform,
    )
    return target.account, result.receipt_number


# --------------------------------------------------------------------------- relay


@dataclass(frozen=True)
class RelaySetup:
    secret_stored: bool
    notifications: list[PaymentRow]


def relay_setup(db: Database) -> RelaySetup:
    return RelaySetup(bool(_stored()), last_notifications(db))


def _stored() -> str:
    try:
        return get_secret(SECRET_NAME) or ""
    except Exception:  # noqa: BLE001 (no keyring back end on this desk: "not stored")
        return ""


def store_relay_secret(db: Database, actor: Actor, secret: str) -> None:
    """Set or replace the relay's shared secret (admin: ``settings.edit``), audited
    without the secret itself. The running ``payment serve`` reads it at its start."""
    value = secret.strip()
    if len(value) < MIN_SECRET:
        raise ValueError(tr("the shared secret must be at least 16 characters"))
    with db.write() as s:
        authorize(s, actor, Permission.SETTINGS_EDIT)
        replaced = bool(_stored())
        set_secret(SECRET_NAME, value)
        audit.record(
            s, actor, "payment.secret", "setting:" + SECRET_NAME, after={"replaced": replaced}
        )
