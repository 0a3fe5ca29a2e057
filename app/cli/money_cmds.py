"""Money on the command line: ``tariff``, ``recharge``, ``refund``, ``account``,
``receipt pdf``, ``shift close`` and ``ledger verify``.

Like the other commands it acts as the system actor ``cli:<os user>`` unless ``--operator``
names an operator, whose password is then read without echo (or one line from standard
input with ``--password-stdin``): a cashier's CLI recharge is theirs, in their shift.
"""

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
from ..i18n import tr
from ..ledger import accounts
from ..ledger.journal import LedgerError, verify
from ..ledger.recharge import RechargeRequest, receipt_data, recharge
from ..ledger.shifts import close_shift, shift_report_pdf
from ..ledger.tariffs import assign, list_tariffs, publish_version, tariff_by_name
from ..models import Account, Building, Floor, Room
from ..money import format_yuan
from ..receipts import render_pdf
from ..security import Actor, login, system_actor
from .site_cmds import _open


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    _tariff(sub)
    rc = _cmd(sub, "recharge", "recharge a room's (or an account's) balance", cmd_recharge)
    target = rc.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--room", help="room: NUMBER, BUILDING/NUMBER, BUILDING/FLOOR/NUMBER or #ID"
    )
    target.add_argument("--account", help="account number (platform-side billing)")
    rc.add_argument("--amount", required=True, help="yuan, at most two decimals")
    rc.add_argument("--method", required=True, choices=["cash", "card", "transfer", "qr"])
    rc.add_argument("--idempotency-key", help="repeat it to retry the same recharge safely")
    rc.add_argument("--json", action="store_true")
    rf = _cmd(
        sub, "refund", "refund part of an account's balance (by reversal entries)", cmd_refund
    )
    rf.add_argument("--account", required=True, help="account number")
    rf.add_argument("--amount", required=True)
    rf.add_argument("--method", default="cash", choices=["cash", "card", "transfer", "qr"])
    rf.add_argument("--reason", default="")
    _accounts(sub)
    rp = _cmd(sub, "receipt", "print a receipt as PDF (receipt pdf NUMBER)", None)
    rp_sub = rp.add_subparsers(dest="receipt_command", metavar="SUBCOMMAND", required=True)
    pdf = _cmd(rp_sub, "pdf", "write the receipt as a PDF file", cmd_receipt_pdf)
    pdf.add_argument("number")
    pdf.add_argument("--layout", choices=["roll80", "a5"], default="roll80")
    pdf.add_argument("--out", type=Path, help="file to write (default: NUMBER.pdf)")
    pdf.add_argument("--copy", action="store_true", help="a reprint, marked 补打 and audited")
    sh = _cmd(sub, "shift", "close a cashier shift (shift close --counted YUAN)", None)
    sh_sub = sh.add_subparsers(dest="shift_command", metavar="SUBCOMMAND", required=True)
    close = _cmd(sh_sub, "close", "close your open shift", cmd_shift_close)
    close.add_argument("--counted", required=True, help="cash counted in the drawer, yuan")
    close.add_argument("--pdf", type=Path, help="also write the report as PDF")
    lg = _cmd(sub, "ledger", "verify every ledger invariant (ledger verify)", None)
    lg_sub = lg.add_subparsers(dest="ledger_command", metavar="SUBCOMMAND", required=True)
    ver = _cmd(
        lg_sub,
        "verify",
        "check balances, receipts and reversals; non-zero on any breach",
        cmd_ledger_verify,
    )
    ver.add_argument("--json", action="store_true")
    rec = _cmd(
        lg_sub,
        "reconcile",
        "compare meter-side meters' purchase counts with the ledger",
        cmd_reconcile,
    )
    rec.add_argument("--json", action="store_true")


def _cmd(sub, name: str, text: str, handler) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    parser = sub.add_parser(name, help=text, description=text)
    parser.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    parser.add_argument("--operator", help="act as this operator (asks for the password)")
    parser.add_argument(
        "--password-stdin", action="store_true", help="read the operator's password from stdin"
    )
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def _tariff(sub) -> None:  # type: ignore[no-untyped-def]
    tf = _cmd(sub, "tariff", "add, list, show, assign or quote tariffs", None)
    tf_sub = tf.add_subparsers(dest="tariff_command", metavar="SUBCOMMAND", required=True)
    add = _cmd(tf_sub, "add", "publish a tariff version from a JSON file", cmd_tariff_add)
    add.add_argument("name")
    add.add_argument(
        "--file", type=Path, required=True, help="JSON definition (see docs/user-guide.md)"
    )
    add.add_argument("--description", default="")
    _cmd(tf_sub, "list", "list tariffs and their versions", cmd_tariff_list).add_argument(
        "--json", action="store_true"
    )
    show = _cmd(tf_sub, "show", "print a tariff's versions as JSON", cmd_tariff_show)
    show.add_argument("name")
    asg = _cmd(
        tf_sub,
        "assign",
        "apply a tariff to a meter, building, tenant kind or by default",
        cmd_tariff_assign,
    )
    asg.add_argument("name")
    asg.add_argument(
        "--scope", required=True, choices=["meter", "building", "tenant_kind", "default"]
    )
    asg.add_argument("--key", default="", help="meter id, building id or tenant kind")
    qt = _cmd(
        tf_sub,
        "quote",
        "charges for readings from a CSV file (ts,total[,sharp,peak,flat,valley])",
        cmd_tariff_quote,
    )
    qt.add_argument("--tariff", required=True)
    qt.add_argument("--readings", type=Path, required=True)
    qt.add_argument("--json", action="store_true")


def _accounts(sub) -> None:  # type: ignore[no-untyped-def]
    ac = _cmd(sub, "account", "open, close, transfer or show an account", None)
    ac_sub = ac.add_subparsers(dest="account_command", metavar="SUBCOMMAND", required=True)
    op = _cmd(ac_sub, "open", "open an account for a tenant on vacant rooms", cmd_account_open)
    op.add_argument("--tenant", required=True)
    op.add_argument(
        "--kind", default="enterprise", choices=["enterprise", "shop", "dorm", "person", "public"]
    )
    op.add_argument("--room", action="append", required=True, help="a room (repeat for several)")
    cl = _cmd(ac_sub, "close", "settle, refund what is left and close", cmd_account_close)
    cl.add_argument("number")
    cl.add_argument("--method", default="cash", choices=["cash", "card", "transfer", "qr"])
    tr_ = _cmd(
        ac_sub,
        "transfer",
        "move money between accounts, or a room to a new tenant",
        cmd_account_transfer,
    )
    tr_.add_argument("number", help="the account money (or the room) comes from")
    tr_.add_argument("--to", help="target account number")
    tr_.add_argument("--amount")
    tr_.add_argument("--room", help="transfer of ownership (过户) of this room")
    tr_.add_argument("--new-tenant")
    tr_.add_argument("--carry-balance", action="store_true")
    sh = _cmd(ac_sub, "show", "print an account", cmd_account_show)
    sh.add_argument("number")
    sh.add_argument("--json", action="store_true")


# -- helpers ------------------------------------------------------------------------------


def _actor(args: argparse.Namespace, db) -> Actor:  # type: ignore[no-untyped-def]
    from . import CommandError

    if not args.operator:
        return system_actor()
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(tr("Password for {login}: ", login=args.operator))
    else:
        raise CommandError(tr("No terminal to ask for the password: use --password-stdin."))
    return login(db, args.operator, password)


def find_room(db, text: str) -> Room:  # type: ignore[no-untyped-def]
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


def find_account(db, number: str) -> Account:  # type: ignore[no-untyped-def]
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
        print(json.dumps({**asdict(result), "idempotency_key": key}, ensure_ascii=False))
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
    db = _open(args)
    actor = _actor(args, db)
    account = find_account(db, args.account)
    slip = accounts.refund(db, actor, account.id, args.amount, args.method, args.reason)
    print(tr("Refund slip {number}", number=slip))
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
    slip = accounts.close_account(db, actor, find_account(db, args.number).id, args.method)
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
        )
        print(tr("Account {number} opened", number=account.number))
        return 0
    if not (args.to and args.amount):
        raise CommandError(tr("a transfer needs --to and --amount"))
    source, target = find_account(db, args.number), find_account(db, args.to)
    accounts.transfer(db, actor, source.id, target.id, args.amount)
    return 0


def cmd_account_show(args: argparse.Namespace) -> int:
    db = _open(args)
    account = find_account(db, args.number)
    data = {
        "number": account.number,
        "status": account.status.value,
        "balance_fen": account.balance_fen,
        "balance": format_yuan(account.balance_fen),
    }
    print(
        json.dumps(data, ensure_ascii=False)
        if args.json
        else f"{account.number}  {data['status']}  {data['balance']}"
    )
    return 0


def cmd_receipt_pdf(args: argparse.Namespace) -> int:
    db = _open(args)
    if args.copy:
        data = accounts.reprint(db, _actor(args, db), args.number)
    else:
        with db.read() as s:
            data = receipt_data(s, args.number)
    out = args.out or Path(f"{args.number}.pdf")
    out.write_bytes(render_pdf(data, args.layout))  # type: ignore[arg-type]
    print(out)
    return 0


def cmd_shift_close(args: argparse.Namespace) -> int:
    db = _open(args)
    report = close_shift(db, _actor(args, db), args.counted)
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
    report = verify(_open(args))
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

    found = reconcile(_open(args))
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
    try:
        definition = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CommandError(tr("cannot read {path}: {reason}", path=args.file, reason=exc)) from exc
    published = publish_version(
        db, _actor(args, db), args.name, definition, description=args.description
    )
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
    tariffs = list_tariffs(_open(args))
    if args.json:
        print(json.dumps([asdict(t) for t in tariffs], ensure_ascii=False))
        return 0
    for t in tariffs:
        print(f"{t.name}  ({len(t.versions)})  {t.description}")
    return 0


def cmd_tariff_show(args: argparse.Namespace) -> int:
    from . import CommandError

    match = [t for t in list_tariffs(_open(args)) if t.name == args.name]
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
    with db.read() as s:
        tariff = tariff_by_name(s, args.tariff)
    result = quote(tariff, read_readings(args.readings))
    lines = {
        band.value: {"kwh": str(kwh), "fen": fen} for band, (kwh, fen) in result.by_band().items()
    }
    if args.json:
        print(
            json.dumps(
                {"bands": lines, "total_fen": result.total_fen, "anomalies": result.anomalies}
            )
        )
        return 0
    for band, values in lines.items():
        print(f"{tr(band)}  {values['kwh']} kWh  {format_yuan(values['fen'])}")
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


__all__ = ["LedgerError", "register"]
