"""``field merge``: open a package, prove it is ours and unchanged, and say what it brings.

In this order, each refusal one sentence: the file exists and is a WattDesk field package;
it comes from this site (the office's audit chain id); the office holds the site key; the
signature over the exported rows matches (a changed byte or a row edited and re-saved is
refused); the package's audit chain and ledger verify under the package key (the field work:
recharges, receipts, audit rows). Then :func:`plan` reads the field work and lists the
conflicts with what happened at the office meanwhile; :mod:`.apply` applies it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from ..db import SQLITE_HEADER, Database
from ..i18n import tr
from ..ledger.journal import verify as verify_ledger
from ..models import (
    Account,
    AccountStatus,
    AuditHead,
    CommandStatus,
    FieldPackage,
    LedgerTxn,
    Meter,
    MeterCommand,
    Operator,
    Payment,
    Receipt,
    Room,
    TariffRow,
    TariffVersionRow,
)
from ..money import format_yuan
from ..security import audit
from ..sitetree import room_label
from . import FieldError
from .signing import hash_digest, install_package_key, signature_ok, site_key


@dataclass(frozen=True)
class FieldRecharge:
    """One recharge taken on the laptop, as the package holds it."""

    txn_id: int
    account_id: int
    room_id: int | None
    meter_id: int | None
    method: str
    amount_fen: int
    operator_id: int | None
    receipt_number: str
    receipt_content: dict[str, Any]
    created_at: Any
    command_status: str | None  # meter-side: what became of the write on the spot
    command_payload: dict[str, Any] | None


@dataclass(frozen=True)
class Conflict:
    kind: str  # account_closed | tariff_changed | meter_swapped
    subject: str
    text: str  # what happened
    proposal: str  # the proposed resolution, applied on --accept


@dataclass
class Plan:
    package: FieldPackage
    recharges: list[FieldRecharge] = field(default_factory=list)
    readings: int = 0
    events: int = 0
    audit_rows: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    office_txns_since: int = 0
    office_audit_since: int = 0


@contextmanager
def open_package(path: Path) -> Iterator[Database]:
    """The package's database, or a sentence saying why ``path`` is not one."""
    if not path.is_file():
        raise FieldError(tr("There is no file {path}.", path=path))
    with path.open("rb") as handle:
        if handle.read(16) != SQLITE_HEADER:
            raise FieldError(tr("{path} is not a WattDesk field package.", path=path))
    pkg = Database(f"sqlite:///{path}")
    try:
        try:
            tables = set(inspect(pkg.engine).get_table_names())
        except DatabaseError as exc:
            raise FieldError(tr("{path} is not a WattDesk field package.", path=path)) from exc
        if "field_package" not in tables:
            raise FieldError(tr("{path} is not a WattDesk field package.", path=path))
        yield pkg
    finally:
        pkg.dispose()


def identity(pkg: Database, path: Path) -> FieldPackage:
    try:
        with pkg.read() as session:
            row = session.scalar(select(FieldPackage).where(FieldPackage.role == "package"))
    except DatabaseError as exc:
        raise FieldError(tr("{path} is damaged and cannot be read.", path=path)) from exc
    if row is None:
        raise FieldError(tr("{path} is not a WattDesk field package.", path=path))
    return row


def check(db: Database, pkg: Database, path: Path) -> FieldPackage:
    """The package's identity once it is proven to be this site's and unchanged."""
    ident = identity(pkg, path)
    with db.read() as office:
        head = office.get(AuditHead, 1)
        assert head is not None
        if office.scalar(select(FieldPackage).where(FieldPackage.role == "package")):
            raise FieldError(tr("This database is a field package: merge at the office."))
        exported = office.get(FieldPackage, ident.package_id)
    if ident.site_chain_id != head.chain_id:
        raise FieldError(
            tr("This package was exported from another site; it cannot be merged here.")
        )
    key = site_key(head.chain_id, create=False)
    if key is None or exported is None:
        raise FieldError(
            tr(
                "This site has no record of package {id}; it cannot be merged here.",
                id=ident.package_id[:12],
            )
        )
    try:
        with pkg.read() as session:
            intact = signature_ok(key, session, ident.signature) and (
                ident.signature == exported.signature
            )
    except DatabaseError as exc:
        raise FieldError(tr("{path} is damaged and cannot be read.", path=path)) from exc
    if not intact:
        raise FieldError(
            tr("The package {path} was changed after it was exported: it is refused.", path=path)
        )
    with pkg.read() as session:
        pkg_chain = session.get(AuditHead, 1)
        assert pkg_chain is not None
        chain_id = pkg_chain.chain_id
    install_package_key(key, chain_id)
    _check_chains(pkg, path)
    check_operators(pkg, ident, path)
    return ident


def check_operators(pkg: Database, ident: FieldPackage, path: Path) -> None:
    """Every operator's password hash must be the one exported, byte for byte, and no
    operator may have been added: a login on a package never rehashes and a package refuses
    password changes (``app.security.operators.on_field_package``), so a changed hash can
    only be a password someone planted to act as that operator on site."""
    exported = ident.baseline.get("operators", {})
    with pkg.read() as session:
        for op_id, text in session.execute(select(Operator.id, Operator.password_hash)):
            if exported.get(str(op_id)) != hash_digest(text):
                raise FieldError(
                    tr(
                        "The package {path} was changed after it was exported: an operator's "
                        "password was replaced. It is refused.",
                        path=path,
                    )
                )


def _check_chains(pkg: Database, path: Path) -> None:
    result = audit.verify_chain(pkg)
    if not result.ok:
        raise FieldError(
            tr(
                "The package {path} was changed after it was exported: its audit log is broken "
                "({problem}). It is refused.",
                path=path,
                problem=result.problem,
            )
        )
    report = verify_ledger(pkg)
    if not report.ok:
        raise FieldError(
            tr(
                "The package {path} was changed after it was exported: its money records do not "
                "verify ({problem}). It is refused.",
                path=path,
                problem=report.breaches[0],
            )
        )


def plan(db: Database, pkg: Database, ident: FieldPackage) -> Plan:
    """What the package brings and what conflicts with the office as it is now."""
    result = Plan(ident)
    base = ident.baseline
    with pkg.read() as session:
        result.recharges = list(_recharges(session, int(base.get("ledger_txn", 0))))
        others = list(_other_money(session, int(base.get("ledger_txn", 0))))
        result.readings = _count(session, "reading", int(base.get("reading", 0)))
        result.events = _count(session, "event", int(base.get("event", 0)))
        result.audit_rows = _count(session, "audit_log", int(base.get("audit", 0)))
        pkg_versions = set(session.scalars(select(TariffVersionRow.id)))
        pkg_meters = {m.id: m for m in session.scalars(select(Meter))}
    with db.read() as office:
        seq = office.connection().exec_driver_sql("SELECT seq FROM ledger_head WHERE id = 1")
        result.office_txns_since = int(seq.scalar() or 0) - ident.office_ledger_seq
        head = office.get(AuditHead, 1)
        result.office_audit_since = (head.seq if head else 0) - ident.office_audit_seq
        result.conflicts = [
            *others,
            *_closed_accounts(office, result.recharges),
            *_tariffs(office, pkg_versions),
            *_swapped(office, pkg_meters),
            *_recharged_twice(office, result.recharges, ident),
        ]
    return result


def _count(session: Session, table: str, above: int) -> int:
    key = "id"
    sql = f"SELECT count(*) FROM {table} WHERE {key} > {int(above)}"
    return int(session.connection().exec_driver_sql(sql).scalar() or 0)


def _recharges(session: Session, above: int) -> Iterator[FieldRecharge]:
    txns = session.scalars(
        select(LedgerTxn)
        .where(LedgerTxn.id > above, LedgerTxn.kind == "recharge")
        .order_by(LedgerTxn.id)
    )
    for txn in txns:
        payment = session.scalar(select(Payment).where(Payment.txn_id == txn.id))
        receipt = session.scalar(select(Receipt).where(Receipt.txn_id == txn.id))
        if payment is None or receipt is None:
            continue  # the package's ledger verify would have said so
        command = session.scalar(select(MeterCommand).where(MeterCommand.txn_id == txn.id))
        yield FieldRecharge(
            txn.id,
            payment.account_id,
            payment.room_id,
            payment.meter_id,
            payment.method.value,
            payment.amount_fen,
            payment.operator_id,
            receipt.number,
            dict(receipt.content),
            txn.created_at,
            command.status.value if command else None,
            dict(command.payload) if command else None,
        )


CARRIED = ("recharge", "charge", "opening")  # charges: the office bills from its readings


def _other_money(session: Session, above: int) -> Iterator[Conflict]:
    """Money operations the laptop made that merge does not carry (a refund, a reversal):
    listed, so nobody believes they reached the office."""
    txns = session.scalars(
        select(LedgerTxn)
        .where(LedgerTxn.id > above, LedgerTxn.kind.not_in(CARRIED))
        .order_by(LedgerTxn.id)
    )
    for txn in txns:
        yield Conflict(
            "not_carried",
            f"txn:{txn.id}",
            tr(
                "Transaction {id} ({kind}) made on site cannot be merged.",
                id=txn.id,
                kind=txn.kind,
            ),
            tr("Leave it out; redo it at the office if it is still needed."),
        )


def _closed_accounts(office: Session, recharges: list[FieldRecharge]) -> Iterator[Conflict]:
    for r in recharges:
        account = office.get(Account, r.account_id)
        if account is not None and account.status is not AccountStatus.OPEN:
            yield Conflict(
                "account_closed",
                f"account:{account.number}",
                tr(
                    "Account {account} was closed at the office while receipt {receipt} "
                    "recharged it on site ({amount}).",
                    account=account.number,
                    receipt=r.receipt_number,
                    amount=format_yuan(r.amount_fen),
                ),
                tr(
                    "Post the recharge as taken (the cash was received); the closed account then "
                    "holds it: refund it to the tenant at the counter."
                ),
            )


def _tariffs(office: Session, pkg_versions: set[int]) -> Iterator[Conflict]:
    newer = office.scalars(
        select(TariffVersionRow).where(TariffVersionRow.id.not_in(pkg_versions or {0}))
    )
    for version in newer:
        yield Conflict(
            "tariff_changed",
            f"tariff:{version.tariff_id}",
            tr(
                "A new price version of tariff {tariff} (from {start}) was published at the "
                "office after the export.",
                tariff=office.get(TariffRow, version.tariff_id).name,  # type: ignore[union-attr]
                start=version.effective_from.date().isoformat(),
            ),
            tr(
                "Keep the field receipts as issued; the office bills the readings with the "
                "version in force at their time."
            ),
        )


def _swapped(office: Session, pkg_meters: dict[int, Meter]) -> Iterator[Conflict]:
    for meter_id, old in pkg_meters.items():
        now = office.get(Meter, meter_id)
        if now is not None and now.removed_at is not None and old.removed_at is None:
            yield Conflict(
                "meter_swapped",
                f"meter:{meter_id}",
                tr(
                    "Meter {meter} was replaced at the office after the export.",
                    meter=_meter_name(office, now),
                ),
                tr(
                    "Keep its field readings as the old meter's history; money written to it on "
                    "site stays on the old meter's book: settle it with the tenant."
                ),
            )


def _recharged_twice(
    office: Session, recharges: list[FieldRecharge], ident: FieldPackage
) -> Iterator[Conflict]:
    """A meter-side meter recharged both on site and from the office after the export: both
    claimed purchase count N+1, and the meter accepts it once."""
    meters = {r.meter_id for r in recharges if r.meter_id is not None}
    if not meters:
        return
    queued = office.scalars(
        select(MeterCommand).where(
            MeterCommand.meter_id.in_(meters),
            MeterCommand.kind == "recharge",
            MeterCommand.created_at > ident.exported_at,
        )
    )
    for meter_id in sorted({c.meter_id for c in queued}):
        yield Conflict(
            "recharged_twice",
            f"meter:{meter_id}",
            tr(
                "Meter {meter} was recharged at the office and on site since the export.",
                meter=_meter_name(office, office.get(Meter, meter_id)),
            ),
            tr(
                "Post the field recharge; compare the meter's purchase count with both "
                "receipts and cancel the write the meter refused into a refund at the counter."
            ),
        )


def _meter_name(s: Session, meter: Meter | None) -> str:
    """How the supervisor finds a meter on site: its room ("1号厂房/101") and bus address."""
    if meter is None:
        return "?"
    room = s.get(Room, meter.room_id) if meter.room_id is not None else None
    where = room_label(s, room) if room is not None else (meter.label or f"#{meter.id}")
    return f"{where} ({meter.address})"


def pending_meter_write(status: str | None) -> bool:
    """A meter-side recharge the laptop could not write: the office's collector finishes it."""
    return status in (CommandStatus.PENDING.value, CommandStatus.SENT.value)
