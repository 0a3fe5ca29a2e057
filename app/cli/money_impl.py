"""The money commands' implementations (see ``money_cmds`` for their options)."""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import sys
import uuid
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..billing.quote import MeterReading, quote
from ..billing.tariff import Band
from ..db import Database
from ..i18n import tr
from ..ledger import accounts, corrections, refunds
from ..ledger.journal import LedgerError, verify
from ..ledger.recharge import RechargeRequest, receipt_data, recharge
from ..ledger.shifts import close_shift, shift_report_pdf
from ..ledger.tariffs import assign, list_tariffs, publish_version, tariff_by_name
from ..models import Account, Building, Floor, Link, Meter, Room
from ..money import format_yuan
from ..receipts import render_pdf
from ..security import Actor, ApprovalRequired, Permission, approve_login
from .auth import actor_for, read_stdin_line
from .site_cmds import _open

# -- helpers ------------------------------------------------------------------------------


def _actor(args: argparse.Namespace, db: Database) -> Actor:
    """The logged-in operator this command acts as (``app.cli.auth.actor_for``)."""
    return actor_for(args, db)


def _approver(args: argparse.Namespace, db: Database, actor: Actor) -> Actor | None:
    """The administrator approving this money out at the desk (``--approver LOGIN``): their
    password from ``WATTDESK_APPROVER_PASSWORD``, else the next line of standard input with
    ``--password-stdin``, else asked for on the terminal (the order of the operator's own
    password, ``app.cli.auth``). Checked like a log-in."""
    import os

    from . import CommandError

    if not getattr(args, "approver", None):
        return None
    line = None
    if os.environ.get("WATTDESK_APPROVER_PASSWORD"):
        password = os.environ["WATTDESK_APPROVER_PASSWORD"]
    elif args.password_stdin and (line := read_stdin_line()) is not None:
        password = line
    elif sys.stdin is not None and sys.stdin.isatty():
        password = getpass.getpass(tr("Password for {login}: ", login=args.approver))
    else:
        raise CommandError(
            tr("No terminal to ask for the approver's password: use --password-stdin.")
        )
    return approve_login(db, actor, args.approver, password)


def find_room(db: Database, text: str) -> Room:
    """A room by ``#ID``, ``NUMBER``, ``BUILDING/NUMBER`` or ``BUILDING/FLOOR/NUMBER``."""
    from sqlalchemy import select

    from . import CommandError

    with db.read() as s:
        if text.startswith("#") and text[1:].isdigit():
            room = s.get(Room, int(text[1:]))
            if room is None:
                raise CommandError(tr("no room with id {id}", id=text[1:]))
            return room
        parts = [p.strip() for p in text.split("/")]
        query = (
            select(Room, Floor.name, Building.name)
            .select_from(Room)
            .join(Floor, Room.floor_id == Floor.id)
            .join(Building, Floor.building_id == Building.id)
            .where(Room.number == parts[-1])
        )
        if len(parts) >= 2:
            query = query.where(Building.name == parts[0])
        if len(parts) == 3:
            query = query.where(Floor.name == parts[1])
        found = s.execute(query).all()
    if not found:
        raise CommandError(tr("no room {room}", room=text))
    if len(found) > 1:
        names = ", ".join(f"{b}/{f}/{r.number}" for r, f, b in found[:8])
        raise CommandError(tr("room {room} is ambiguous: {names}", room=text, names=names))
    return found[0][0]


def find_account(db: Database, number: str) -> Account:
    from sqlalchemy import select

    from . import CommandError

    with db.read() as s:
        account = s.scalar(select(Account).where(Account.number == number))
    if account is None:
        raise CommandError(tr("no account numbered {number}", number=number))
    return account


# -- commands -----------------------------------------------------------------------------


def cmd_recharge(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = _actor(args, db)
    room_id = find_room(db, args.room).id if args.room else None
    account_id = find_account(db, args.account).id if args.account else None
    key = args.idempotency_key or uuid.uuid4().hex
    result = recharge(
        db,
        actor,
        RechargeRequest(args.amount, args.method, key, room_id=room_id, account_id=account_id),
    )
    if args.json:
        fields = {k: v for k, v in asdict(result).items() if k != "receipt"}  # number is there
        print(json.dumps({**fields, "idempotency_key": key}, ensure_ascii=False))
    else:
        print(
            tr(
                "Receipt {number}: {amount} credited, balance {before} -> {after}{pending}",
                number=result.receipt_number,
                amount=format_yuan(result.amount_fen),
                before=format_yuan(result.balance_before_fen),
                after=format_yuan(result.balance_after_fen),
                pending=tr(" (pending on the meter)") if result.command_id else "",
            )
        )
    return 0


def cmd_refund(args: argparse.Namespace) -> int:
    """A refund at the desk; above the approval limit (no administrator here to approve it)
    a refund request is filed instead, for an administrator's ``refund approve ID``."""
    from . import CommandError

    if not (args.account and args.amount):
        raise CommandError(tr("a refund needs --account and --amount"))
    db = _open(args)
    actor = _actor(args, db)
    account = find_account(db, args.account)
    try:
        slip = accounts.refund(db, actor, account.id, args.amount, args.method, args.reason)
    except ApprovalRequired as exc:
        request = refunds.request_refund(
            db, actor, account.id, args.amount, args.method, args.reason
        )
        print(
            tr(
                "Refund request {id} filed: {reason} Nothing is paid until an administrator "
                "approves it (refund approve {id}).",
                id=request,
                reason=str(exc),
            )
        )
        return 0
    print(tr("Refund slip {number}", number=slip))
    return 0


def cmd_refund_list(args: argparse.Namespace) -> int:
    rows = refunds.pending_refunds(_open(args))
    if args.json:
        print(
            json.dumps(
                [{**asdict(r), "requested_at": r.requested_at.isoformat()} for r in rows],
                ensure_ascii=False,
            )
        )
        return 0
    for r in rows:
        print(
            f"{r.id}  {r.account}  {r.tenant}  {format_yuan(r.amount_fen)}  {r.method}  "
            f"{r.requested_by}  {r.reason}"
        )
    if not rows:
        print(tr("no refund request is waiting"))
    return 0


def cmd_refund_approve(args: argparse.Namespace) -> int:
    db = _open(args)
    slip = refunds.decide_refund(db, _actor(args, db), args.id, True)
    print(tr("Refund request {id} approved: slip {number}", id=args.id, number=slip))
    return 0


def cmd_refund_reject(args: argparse.Namespace) -> int:
    from . import CommandError

    if not args.reject_reason.strip():
        raise CommandError(tr("a rejection needs a reason"))
    db = _open(args)
    refunds.decide_refund(db, _actor(args, db), args.id, False, args.reject_reason)
    print(tr("Refund request {id} rejected", id=args.id))
    return 0


def cmd_account_open(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = _actor(args, db)
    rooms = [find_room(db, r).id for r in args.room]
    account = accounts.open_account(db, actor, args.tenant, args.kind, rooms)
    print(tr("Account {number} opened", number=account.number))
    return 0


def cmd_account_close(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = _actor(args, db)
    slip = accounts.close_account(
        db,
        actor,
        find_account(db, args.number).id,
        args.method,
        _approver(args, db, actor),
        cancel_pending=args.cancel_pending,
    )
    print(tr("Account {number} closed", number=args.number) + (f" ({slip})" if slip else ""))
    return 0


def cmd_account_transfer(args: argparse.Namespace) -> int:
    from . import CommandError

    db = _open(args)
    actor = _actor(args, db)
    if args.room:
        if not args.new_tenant:
            raise CommandError(tr("--room needs --new-tenant"))
        account = accounts.transfer_ownership(
            db,
            actor,
            find_room(db, args.room).id,
            args.new_tenant,
            "enterprise",
            carry_balance=args.carry_balance,
            approver=_approver(args, db, actor),
        )
        print(tr("Account {number} opened", number=account.number))
        return 0
    if not (args.to and args.amount):
        raise CommandError(tr("a transfer needs --to and --amount"))
    source, target = find_account(db, args.number), find_account(db, args.to)
    txn = accounts.transfer(
        db, actor, source.id, target.id, args.amount, _approver(args, db, actor)
    )
    print(
        tr(
            "Transferred {amount} from {source} to {target} (transaction {txn})",
            amount=args.amount,
            source=source.number,
            target=target.number,
            txn=txn,
        )
    )
    return 0


def cmd_account_replace_meter(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = _actor(args, db)
    new_id = accounts.replace_meter(
        db,
        actor,
        find_meter(db, args.meter),
        args.address,
        new_profile=args.profile,
        final_kwh=args.final_kwh,
        final_balance=args.final_balance,
    )
    print(tr("Meter {old} replaced by meter {new}", old=args.meter, new=new_id))
    return 0


def find_meter(db: Database, text: str) -> int:
    """An installed meter by ``ID``, ``#ID`` or ``LINK/ADDRESS`` (link name or URL)."""
    from sqlalchemy import or_, select

    from . import CommandError

    with db.read() as s:
        key = text.removeprefix("#")
        if key.isdigit() and "/" not in text:
            meter = s.get(Meter, int(key))
            if meter is None:
                raise CommandError(tr("no meter with id {id}", id=key))
            return meter.id
        link, _, address = text.rpartition("/")
        found = s.scalars(
            select(Meter.id)
            .join(Link, Link.id == Meter.link_id)
            .where(
                Meter.address == address,
                Meter.removed_at.is_(None),
                or_(Link.name == link, Link.url == link),
            )
        ).all()
    if len(found) != 1:
        raise CommandError(tr("no installed meter {meter}", meter=text))
    return found[0]


def cmd_account_overdraft(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = _actor(args, db)
    fen = corrections.set_overdraft(
        db, actor, find_account(db, args.number).id, args.limit, args.reason
    )
    print(
        tr("Account {number}: overdraft limit {limit}", number=args.number, limit=format_yuan(fen))
    )
    return 0


def cmd_account_show(args: argparse.Namespace) -> int:
    db = _open(args)
    _actor(args, db)
    account = find_account(db, args.number)
    data = {
        "number": account.number,
        "status": account.status.value,
        "balance_fen": account.balance_fen,
        "balance": format_yuan(account.balance_fen),
        "overdraft_fen": account.overdraft_fen,
    }
    print(
        json.dumps(data, ensure_ascii=False)
        if args.json
        else f"{account.number}  {data['status']}  {data['balance']}"
    )
    return 0


def cmd_receipt_pdf(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = actor_for(args, db, Permission.RECEIPT_PRINT if args.copy else None)
    if args.copy:
        data = corrections.reprint(db, actor, args.number)
    else:
        with db.read() as s:
            data = receipt_data(s, args.number)
    out = args.out or Path(f"{args.number}.pdf")
    out.write_bytes(render_pdf(data, args.layout))
    print(out)
    return 0


def cmd_shift_close(args: argparse.Namespace) -> int:
    db = _open(args)
    report = close_shift(db, _actor(args, db), args.counted, reason=args.reason)
    print(
        tr(
            "Shift {id} closed: expected cash {expected}, counted {counted}, difference {diff}",
            id=report.shift_id,
            expected=format_yuan(report.expected_cash_fen),
            counted=format_yuan(report.counted_cash_fen),
            diff=format_yuan(report.difference_fen),
        )
    )
    if args.pdf:
        args.pdf.write_bytes(shift_report_pdf(report))
    return 0


def cmd_ledger_verify(args: argparse.Namespace) -> int:
    db = _open(args)
    _actor(args, db)
    report = verify(db)
    if args.json:
        print(json.dumps(asdict(report), ensure_ascii=False))
    else:
        for breach in report.breaches:
            print(breach)
        print(
            tr(
                "{txns} transactions, {entries} entries, {accounts} accounts, "
                "{receipts} receipts: {verdict}",
                txns=report.transactions,
                entries=report.entries,
                accounts=report.accounts,
                receipts=report.receipts,
                verdict=tr("OK") if report.ok else tr("BROKEN"),
            )
        )
    return 0 if report.ok else 1


def cmd_reconcile(args: argparse.Namespace) -> int:
    from ..collector.reconcile import reconcile

    db = _open(args)
    _actor(args, db)
    found = reconcile(db)
    if args.json:
        print(
            json.dumps([{"meter_id": m.meter_id, **m.as_dict()} for m in found], ensure_ascii=False)
        )
    else:
        for m in found:
            print(f"meter {m.meter_id}: {m.reason} ({m.meter_count} / {m.ledger_count})")
        print(
            tr("{count} meter(s) disagree with the ledger", count=len(found))
            if found
            else tr("every meter-side meter agrees with the ledger")
        )
    return 1 if found else 0


def cmd_tariff_add(args: argparse.Namespace) -> int:
    from . import CommandError

    db = _open(args)
    actor = _actor(args, db)
    try:
        definition = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(tr("cannot read {path}: {reason}", path=args.file, reason=exc)) from exc
    published = publish_version(db, actor, args.name, definition, description=args.description)
    for warning in published.warnings:
        print(tr("warning: {text}", text=warning), file=sys.stderr)
    print(
        tr(
            "Tariff {name}: version from {start} published",
            name=published.tariff,
            start=published.effective_from.isoformat(),
        )
    )
    return 0


def cmd_tariff_list(args: argparse.Namespace) -> int:
    db = _open(args)
    _actor(args, db)
    tariffs = list_tariffs(db)
    if args.json:
        print(json.dumps([asdict(t) for t in tariffs], ensure_ascii=False))
        return 0
    for t in tariffs:
        print(f"{t.name}  ({len(t.versions)})  {t.description}")
    return 0


def cmd_tariff_show(args: argparse.Namespace) -> int:
    from . import CommandError

    db = _open(args)
    _actor(args, db)
    match = [t for t in list_tariffs(db) if t.name == args.name]
    if not match:
        raise CommandError(tr("no tariff named {name}", name=args.name))
    print(json.dumps(asdict(match[0]), ensure_ascii=False, indent=2))
    return 0


def cmd_tariff_assign(args: argparse.Namespace) -> int:
    db = _open(args)
    assign(db, _actor(args, db), args.name, args.scope, args.key)
    return 0


def cmd_tariff_quote(args: argparse.Namespace) -> int:
    db = _open(args)
    _actor(args, db)
    with db.read() as s:
        tariff = tariff_by_name(s, args.tariff)
    result = quote(tariff, read_readings(args.readings))
    by_band = result.by_band()
    lines = {band.value: {"kwh": str(kwh), "fen": fen} for band, (kwh, fen) in by_band.items()}
    if args.json:
        print(
            json.dumps(
                {"bands": lines, "total_fen": result.total_fen, "anomalies": result.anomalies}
            )
        )
        return 0
    for key, (kwh, fen) in by_band.items():
        band = key.value  # one of the bands' names, all in the catalogue
        print(f"{tr(band)}  {kwh} kWh  {format_yuan(fen)}")
    print(tr("total {amount}", amount=format_yuan(result.total_fen)))
    for anomaly in result.anomalies:
        print(tr("warning: {text}", text=anomaly), file=sys.stderr)
    return 0


def read_readings(path: Path) -> list[MeterReading]:
    """CSV rows ``ts,total[,sharp,peak,flat,valley]``; ts in ISO 8601 with a time zone."""
    from . import CommandError

    readings = []
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    except OSError as exc:
        raise CommandError(tr("cannot read {path}: {reason}", path=path, reason=exc)) from exc
    for number, row in enumerate(rows, start=2):
        try:
            ts = datetime.fromisoformat(row["ts"])
            if ts.tzinfo is None:
                raise ValueError("no time zone")
            bands = {b: Decimal(row[b.value]) for b in Band if row.get(b.value)}
            readings.append(MeterReading(ts, Decimal(row["total"]), bands or None))
        except (KeyError, ValueError, InvalidOperation) as exc:
            raise CommandError(tr("row {row}: {reason}", row=number, reason=exc)) from exc
    return readings


__all__ = ["LedgerError"]
