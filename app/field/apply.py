"""Apply a verified package's field work to the office, exactly once (合并).

``merge_package`` is what ``field merge`` calls. A package already merged changes nothing
("already merged"). With conflicts and without ``accept`` nothing is written: the conflicts
and their proposed resolutions are returned. Otherwise one write transaction at the office
adds the readings (a reading the office has already is skipped), the events and notes, the
newer meter states, every field recharge and the field audit rows, and marks the package
merged; a crash leaves nothing or everything.

Money exactly once: each field recharge is posted with the idempotency key
``field:<package>:<field transaction>`` through ``app.ledger.journal.post``, the same
posting-key mechanism every recharge uses; a key already in the ledger is skipped. The
office gives each its own receipt (its gap-free ``R`` series, the field number in the note)
and the recharge audit row ``ledger verify`` expects; the field series (``F…``) was checked
gap-free by the package's ledger verify and is listed in the merge's record. A meter-side
recharge was written to the meter on site: its meter command comes over as it ended
(confirmed, or pending for the office's collector to finish), so the office never sends the
purchase count again. Charges the laptop's collector posted are not carried: the office
bills the consumption from its own next reading (the field readings are history).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..ledger.journal import METER, TENANT, Leg, post
from ..ledger.recharge import freeze_receipt
from ..models import (
    AuditEntry,
    CommandStatus,
    Event,
    FieldPackage,
    LedgerTxn,
    MeterCommand,
    MeterState,
    Payment,
    PaymentMethod,
    Reading,
    Receipt,
    Role,
    utcnow,
)
from ..receipts import ReceiptData
from ..security import Actor, Permission, audit, authorize
from . import FieldError
from .merge import Conflict, FieldRecharge, Plan, check, open_package, plan

COMMAND_LIFETIME = timedelta(days=7)


@dataclass
class MergeOutcome:
    status: str  # merged | conflicts | already
    package_id: str
    plan: Plan | None = None
    office_receipts: list[str] = field(default_factory=list)
    readings_added: int = 0


def merge_package(
    db: Database, actor: Actor, path: Path, *, accept: bool = False, now: datetime | None = None
) -> MergeOutcome:
    with open_package(path) as pkg:
        ident = check(db, pkg, path)
        with db.read() as office:
            authorize(office, actor, Permission.FIELD_PACKAGE)
            mine = office.get(FieldPackage, ident.package_id)
            if mine is not None and mine.merged_at is not None:
                return MergeOutcome("already", ident.package_id)
        work = plan(db, pkg, ident)
        if work.conflicts and not accept:
            return MergeOutcome("conflicts", ident.package_id, work)
        if work.conflicts and actor.role is not Role.ADMIN:
            raise FieldError(
                tr("Only an administrator may accept the conflicts of a field package.")
            )
        return _apply(db, pkg, actor, work, now or utcnow())


def _apply(db: Database, pkg: Database, actor: Actor, work: Plan, now: datetime) -> MergeOutcome:
    ident = work.package
    base = ident.baseline
    with pkg.read() as source:
        readings = _rows(source, Reading, int(base.get("reading", 0)))
        events = _rows(source, Event, int(base.get("event", 0)))
        states = _rows(source, MeterState, None)
        audit_rows = list(
            source.scalars(
                select(AuditEntry)
                .where(AuditEntry.id > int(base.get("audit", 0)))
                .order_by(AuditEntry.id)
            )
        )
    outcome = MergeOutcome("merged", ident.package_id, work)
    with db.write() as office:
        authorize(office, actor, Permission.FIELD_PACKAGE)
        mine = office.get(FieldPackage, ident.package_id, with_for_update=True)
        if mine is None or mine.merged_at is not None:  # another desk merged it meanwhile
            return MergeOutcome("already", ident.package_id)
        outcome.readings_added = _add_readings(office, readings)
        for event in events:
            office.add(Event(**{k: v for k, v in event.items() if k != "id"}))
        _newer_states(office, states)
        posted = [_post(office, actor, ident.package_id, r, now) for r in work.recharges]
        outcome.office_receipts = [number for _, number in posted]
        for row in audit_rows:
            _append_audit(office, actor, ident.package_id, row, now)
        summary = _summary(work, posted, outcome.readings_added)
        mine.merged_at, mine.merged_by, mine.merge_summary = now, actor.login, summary
        after: dict[str, Any] = {k: v for k, v in summary.items() if k != "receipts"}
        if posted:
            after["txn"] = [txn for txn, _ in posted]
        audit.record(
            office, actor, "field.merge", f"field:{ident.package_id}", after=after, now=now
        )
    return outcome


def _rows(session: Session, model: type, above: int | None) -> list[dict[str, Any]]:
    table = model.__table__  # type: ignore[attr-defined]
    query = select(table)
    if above is not None:
        query = query.where(table.c.id > above).order_by(table.c.id)
    return [dict(r) for r in session.execute(query).mappings()]


def _add_readings(office: Session, readings: list[dict[str, Any]]) -> int:
    """Readings the office lacks (one per meter, kind and time: the office may have read the
    same meter at the same second)."""
    if not readings:
        return 0
    meters = {r["meter_id"] for r in readings}
    since = min(r["ts"] for r in readings)
    have = set(
        office.execute(
            select(Reading.meter_id, Reading.kind, Reading.ts).where(
                Reading.meter_id.in_(meters), Reading.ts >= since
            )
        ).tuples()
    )
    new = [r for r in readings if (r["meter_id"], r["kind"], r["ts"]) not in have]
    for row in new:
        office.add(Reading(**{k: v for k, v in row.items() if k != "id"}))
    return len(new)


def _newer_states(office: Session, states: list[dict[str, Any]]) -> None:
    """A meter's latest state as the laptop last saw it, where that is newer than the
    office's (its purchase count above all: the next office recharge must claim N+1 past
    the laptop's)."""
    for row in states:
        seen = row.get("updated_at")
        if seen is None:
            continue
        mine = office.get(MeterState, row["meter_id"])
        if mine is None:
            office.add(MeterState(**row))
        elif mine.updated_at is None or mine.updated_at < seen:
            for key, value in row.items():
                if key != "meter_id":
                    setattr(mine, key, value)


def field_key(package_id: str, txn_id: int) -> str:
    """The idempotency key of a field recharge at the office (8 to 64 characters)."""
    return f"field:{package_id[:16]}:{txn_id}"


def _post(
    office: Session, actor: Actor, package_id: str, r: FieldRecharge, now: datetime
) -> tuple[int, str]:
    key = field_key(package_id, r.txn_id)
    done = office.scalar(select(LedgerTxn).where(LedgerTxn.idempotency_key == key))
    if done is not None:  # posted by a merge that did not finish marking the package
        number = office.scalar(select(Receipt.number).where(Receipt.txn_id == done.id))
        return done.id, number or ""
    method = PaymentMethod(r.method)
    if r.meter_id is not None:
        legs = [
            Leg(method.value, -r.amount_fen),
            Leg(METER, r.amount_fen, r.account_id, r.meter_id),
        ]
    else:
        legs = [Leg(method.value, -r.amount_fen), Leg(TENANT, r.amount_fen, r.account_id)]
    memo = f"field {r.receipt_number}"
    txn = post(office, "recharge", legs, actor, idempotency_key=key, memo=memo, now=r.created_at)
    office.add(
        Payment(
            txn_id=txn.id,
            account_id=r.account_id,
            room_id=r.room_id,
            meter_id=r.meter_id,
            method=method,
            amount_fen=r.amount_fen,
            operator_id=r.operator_id,
            created_at=r.created_at,
        )
    )
    if r.meter_id is not None and r.command_payload is not None:
        office.add(_command(r, txn.id, now))
    frozen = freeze_receipt(office, txn.id, _receipt(r), now)
    audit.record(
        office,
        actor,
        "recharge",
        f"account:{r.account_id}",
        after={
            "amount_fen": r.amount_fen,
            "method": method.value,
            "receipt": frozen.number,
            "meter_id": r.meter_id,
            "txn": txn.id,
            "field_receipt": r.receipt_number,
            "field_package": package_id[:12],
        },
        now=now,
    )
    return txn.id, frozen.number


def _command(r: FieldRecharge, txn_id: int, now: datetime) -> MeterCommand:
    """The meter write as it ended on site: confirmed stays confirmed; one the meter never
    answered is left pending for the office's collector (it re-reads the purchase count
    before writing, so it is never applied twice); a failed one stays failed."""
    status = {
        CommandStatus.CONFIRMED.value: CommandStatus.CONFIRMED,
        CommandStatus.PENDING.value: CommandStatus.PENDING,
        CommandStatus.SENT.value: CommandStatus.PENDING,
    }.get(r.command_status or "", CommandStatus.FAILED)
    assert r.meter_id is not None
    return MeterCommand(
        meter_id=r.meter_id,
        kind="recharge",
        priority=1,
        payload=dict(r.command_payload or {}),
        status=status,
        txn_id=txn_id,
        operator_id=r.operator_id,
        created_at=r.created_at,
        updated_at=now,
        expires_at=now + COMMAND_LIFETIME,
        result=tr("written on site (receipt {number})", number=r.receipt_number)[:200],
    )


def _receipt(r: FieldRecharge) -> ReceiptData:
    names = {f.name for f in fields(ReceiptData)}
    content = {k: v for k, v in r.receipt_content.items() if k in names}
    content["issued_at"] = datetime.fromisoformat(str(content["issued_at"]))
    data = ReceiptData(**content)
    note = tr("Field receipt {number}", number=r.receipt_number)
    return replace(data, number="", verify_hash="", state_note=note)


def _append_audit(
    office: Session, actor: Actor, package_id: str, row: AuditEntry, now: datetime
) -> None:
    """A field audit row, appended to the office's chain under the merging administrator,
    with who did it on site and its hash in the field chain."""
    office_detail = {
        "package": package_id[:12],
        "id": row.id,
        "ts": row.ts.isoformat(),
        "actor": row.actor,
        "workstation": row.workstation,
        "hash": row.hash,
        "detail": _renamed(row.detail),
    }
    audit.record(
        office,
        actor,
        f"field.{row.action}"[:40],
        row.target,
        extra={"field": office_detail},
        now=now,
    )


def _renamed(detail: str) -> Any:
    """The field row's detail with its ``txn`` keys renamed: those name the package's
    transactions, not the office's (``ledger verify`` reads ``txn`` as an office id)."""

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {("field_txn" if k == "txn" else k): walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    try:
        return walk(json.loads(detail))
    except ValueError:
        return detail


def _summary(work: Plan, posted: list[tuple[int, str]], readings: int) -> dict[str, Any]:
    return {
        "package": work.package.package_id,
        "recharges": len(work.recharges),
        "amount_fen": sum(r.amount_fen for r in work.recharges),
        "readings": readings,
        "events": work.events,
        "audit_rows": work.audit_rows,
        "conflicts": [{"kind": c.kind, "subject": c.subject} for c in work.conflicts],
        "receipts": [
            {"field": r.receipt_number, "office": number}
            for r, (_, number) in zip(work.recharges, posted, strict=True)
        ],
    }


def describe(conflict: Conflict) -> str:
    return f"{conflict.text} → {conflict.proposal}"
