"""Tenants' own payments on the command line (app.payments).

``payment import FILE --platform wechat|alipay [--dry-run] [--xlsx OUT]`` reads a WeChat Pay
or Alipay bill (对账单), credits each payment once, lists the unmatched (未匹配) and the
refunds, and prints the reconciliation (对账; ``--xlsx`` also writes it as a workbook).
``payment unmatched`` lists what waits for a person, ``payment assign TXN --account A``
(or ``--room R``) credits one of them. ``payment reconcile FILE --platform P`` compares a
bill with the ledger without importing. ``payment secret`` stores the relay's shared secret
in the keyring, ``payment serve --bind HOST:PORT`` runs the signed endpoint until stopped.
Every one logs in; the services check the roles again.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

from ..i18n import tr
from ..security import Permission
from .auth import actor_for, login_required, read_stdin_line

SECRET_ENV = "WATTDESK_PAYMENT_SECRET"  # the variable's name; it holds no default


def register(sub: argparse._SubParsersAction[Any]) -> None:
    group = sub.add_parser("payment", help="tenants' own WeChat Pay / Alipay payments (自助缴费)")
    group.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    cmds = group.add_subparsers(dest="payment_command", metavar="SUBCOMMAND", required=True)
    imp = _cmd(cmds, "import", "import a WeChat Pay or Alipay bill (对账单)", cmd_import)
    imp.add_argument("file", type=Path)
    imp.add_argument("--platform", required=True, choices=("wechat", "alipay"))
    imp.add_argument(
        "--dry-run", action="store_true", help="show what would happen, change nothing"
    )
    imp.add_argument("--xlsx", type=Path, help="also write the reconciliation as a workbook")
    imp.add_argument("--json", action="store_true")
    login_required(imp)  # the service decides: a dry run is finance's too (an auditor)
    rec = _cmd(cmds, "reconcile", "compare a bill with the ledger (对账)", cmd_reconcile)
    rec.add_argument("file", type=Path)
    rec.add_argument("--platform", required=True, choices=("wechat", "alipay"))
    rec.add_argument("--xlsx", type=Path, help="also write it as a workbook")
    login_required(rec, Permission.VIEW)
    lst = _cmd(cmds, "unmatched", "payments waiting for a person (未匹配)", cmd_unmatched)
    lst.add_argument("--platform", choices=("wechat", "alipay"))
    lst.add_argument("--json", action="store_true")
    login_required(lst, Permission.VIEW)
    asg = _cmd(cmds, "assign", "credit an unmatched payment to an account", cmd_assign)
    asg.add_argument("txn", help="the platform's transaction id")
    target = asg.add_mutually_exclusive_group(required=True)
    target.add_argument("--account", help="account number")
    target.add_argument("--room", help="room: NUMBER, BUILDING/NUMBER or #ID")
    asg.add_argument("--platform", choices=("wechat", "alipay"))
    login_required(asg, Permission.RECHARGE)
    sec = _cmd(cmds, "secret", "store the payment relay's shared secret", cmd_secret)
    sec.add_argument(
        "--stdin",
        action="store_true",
        help=f"read it from the next line of standard input (else {SECRET_ENV})",
    )
    login_required(sec, Permission.SETTINGS_EDIT)
    srv = _cmd(cmds, "serve", "run the signed payment endpoint (off by default)", cmd_serve)
    srv.add_argument("--bind", required=True, help="HOST:PORT, e.g. 127.0.0.1:8765")
    login_required(srv, Permission.RECHARGE)


def _cmd(
    sub: argparse._SubParsersAction[Any], name: str, text: str, handler: Any
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(name, help=text, description=text)
    parser.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    parser.set_defaults(handler=handler)
    return parser


def _db_actor(args: argparse.Namespace) -> tuple[Any, Any]:
    from .site_cmds import _open

    db = _open(args)
    return db, actor_for(args, db)


def _statement(args: argparse.Namespace) -> Any:
    from ..payments.statements import read_statement
    from . import CommandError

    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise CommandError(tr("cannot read {path}: {error}", path=args.file, error=exc)) from exc
    return read_statement(data, args.platform)


def cmd_import(args: argparse.Namespace) -> int:
    from ..payments.reconcile import reconcile, text_lines, write_xlsx
    from ..payments.service import import_statement, yuan_text

    statement = _statement(args)
    db, actor = _db_actor(args)
    report = import_statement(db, actor, statement, file_name=args.file.name, dry_run=args.dry_run)
    if args.json:
        print(json.dumps([_outcome_json(o) for o in report.outcomes], ensure_ascii=False))
    else:
        if args.dry_run:
            print(tr("Dry run: nothing was changed."))
        for o in report.outcomes:
            print(
                f"{o.line.row:>5} {o.action:9} {o.line.txn:30} {yuan_text(o.line.amount_fen):>10} "
                f"{o.account:10} {o.receipt:10} {o.note}"
            )
        print(
            tr(
                "{credited} credited ({amount} yuan), {already} already credited, "
                "{unmatched} unmatched (未匹配), {refunds} refunds reported, "
                "{skipped} lines skipped",
                credited=report.count("credited"),
                amount=yuan_text(report.fen("credited")),
                already=report.count("already"),
                unmatched=report.count("unmatched"),
                refunds=report.count("refund"),
                skipped=len(statement.skipped),
            )
        )
    if not args.dry_run:
        rec = reconcile(db, statement)
        if not args.json:
            print("\n".join(text_lines(rec)))
        if args.xlsx:
            write_xlsx(rec, args.xlsx)
    return 0


def _outcome_json(o: Any) -> dict[str, Any]:
    return {
        "row": o.line.row,
        "action": o.action,
        "kind": o.line.kind,
        "txn": o.line.txn,
        "refund_id": o.line.refund_id,
        "amount_fen": o.line.amount_fen,
        "account": o.account,
        "receipt": o.receipt,
        "note": o.note,
    }


def cmd_reconcile(args: argparse.Namespace) -> int:
    from ..payments.reconcile import reconcile, text_lines, write_xlsx

    statement = _statement(args)
    db, _actor = _db_actor(args)
    rec = reconcile(db, statement)
    print("\n".join(text_lines(rec)))
    if args.xlsx:
        write_xlsx(rec, args.xlsx)
    return 0 if rec.balanced else 1


def cmd_unmatched(args: argparse.Namespace) -> int:
    from ..payments.service import unmatched, yuan_text
    from ..payments.statements import PLATFORM_ZONE

    db, _actor = _db_actor(args)
    rows = unmatched(db, args.platform)
    if args.json:
        data = [
            {
                "platform": r.platform,
                "txn": r.platform_txn,
                "paid_at": r.paid_at.isoformat(),
                "amount_fen": r.amount_fen,
                "payer": r.payer,
                "remark": r.remark,
                "note": r.note,
            }
            for r in rows
        ]
        print(json.dumps(data, ensure_ascii=False))
        return 0
    for r in rows:
        when = r.paid_at.astimezone(PLATFORM_ZONE).strftime("%Y-%m-%d %H:%M")
        print(
            f"{r.platform:7} {r.platform_txn:30} {when} {yuan_text(r.amount_fen):>10} "
            f"{r.remark!r} {r.note}"
        )
    print(tr("{n} unmatched payments (未匹配)", n=len(rows)))
    return 0


def cmd_assign(args: argparse.Namespace) -> int:
    from ..payments.service import assign

    db, actor = _db_actor(args)
    room_id = None
    if args.room:  # the room finder of the money commands (imported by name, as they do)
        find_room = importlib.import_module("app.cli.money_impl").find_room
        room_id = find_room(db, args.room).id
    result = assign(
        db, actor, args.txn, account_number=args.account, room_id=room_id, platform=args.platform
    )
    print(
        tr(
            "Payment {txn} credited: receipt {number}{pending}",
            txn=args.txn,
            number=result.receipt_number,
            pending=tr(" (pending on the meter)") if result.command_id else "",
        )
    )
    return 0


def cmd_secret(args: argparse.Namespace) -> int:
    from ..payments.endpoint import SECRET_NAME
    from ..security.keystore import set_secret
    from . import CommandError

    db, _actor = _db_actor(args)  # logs in (settings.edit) before anything is stored
    db.dispose()
    value = (read_stdin_line() if args.stdin else os.environ.get(SECRET_ENV)) or ""
    if len(value.strip()) < 16:
        raise CommandError(tr("the shared secret must be at least 16 characters"))
    set_secret(SECRET_NAME, value.strip())
    print(tr("The payment relay's shared secret is stored in the keyring."))
    return 0


def _stop(*_: object) -> None:
    """SIGTERM ends ``payment serve`` as Ctrl+C does (the database closed cleanly)."""
    raise KeyboardInterrupt


def cmd_serve(args: argparse.Namespace) -> int:
    from ..payments.endpoint import SECRET_NAME, PaymentServer
    from ..security.keystore import get_secret
    from . import CommandError

    host, _, port = args.bind.rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or int(port) > 65535:
        raise CommandError(tr("--bind wants HOST:PORT, e.g. 127.0.0.1:8765"))
    db, actor = _db_actor(args)
    secret = get_secret(SECRET_NAME)
    if not secret:
        raise CommandError(tr("No shared secret is stored yet: run `payment secret` first."))
    try:
        server = PaymentServer(db, actor, secret, host, int(port))
    except OSError as exc:
        raise CommandError(
            tr("cannot listen on {bind}: {error}", bind=args.bind, error=exc)
        ) from exc
    bound_host, bound_port = server.address
    print(
        tr("Payment endpoint listening on http://{host}:{port}", host=bound_host, port=bound_port)
    )
    sys.stdout.flush()
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
        db.dispose()
    return 0
