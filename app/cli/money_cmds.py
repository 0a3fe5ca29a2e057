"""Money on the command line: ``tariff``, ``recharge``, ``refund``, ``account``,
``receipt pdf``, ``shift close`` and ``ledger verify``.

Every one of them logs in (``--operator``, see ``app.cli.auth``): a cashier's CLI recharge
is theirs, in their shift, and a cashier cannot publish a tariff here any more than in the
GUI. ``_cmd`` declares the login, so a command added here cannot forget it.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..security import Permission as P
from .auth import login_required


def register(sub: argparse._SubParsersAction[Any]) -> None:
    _tariff(sub)
    rc = _cmd(
        sub,
        "recharge",
        "recharge a room's (or an account's) balance",
        _lazy("cmd_recharge"),
        P.RECHARGE,
    )
    target = rc.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--room", help="room: NUMBER, BUILDING/NUMBER, BUILDING/FLOOR/NUMBER or #ID"
    )
    target.add_argument("--account", help="account number (platform-side billing)")
    rc.add_argument("--amount", required=True, help="yuan, at most two decimals")
    rc.add_argument("--method", required=True, choices=["cash", "card", "transfer", "qr"])
    rc.add_argument("--idempotency-key", help="repeat it to retry the same recharge safely")
    rc.add_argument("--json", action="store_true")
    _refund(sub)
    _accounts(sub)
    rp = _cmd(sub, "receipt", "print a receipt as PDF (receipt pdf NUMBER)", None)
    rp_sub = rp.add_subparsers(dest="receipt_command", metavar="SUBCOMMAND", required=True)
    pdf = _cmd(rp_sub, "pdf", "write the receipt as a PDF file", _lazy("cmd_receipt_pdf"), P.VIEW)
    pdf.add_argument("number")
    pdf.add_argument("--layout", choices=["roll80", "a5"], default="roll80")
    pdf.add_argument("--out", type=Path, help="file to write (default: NUMBER.pdf)")
    pdf.add_argument("--copy", action="store_true", help="a reprint, marked 补打 and audited")
    sh = _cmd(sub, "shift", "close a cashier shift (shift close --counted YUAN)", None)
    sh_sub = sh.add_subparsers(dest="shift_command", metavar="SUBCOMMAND", required=True)
    close = _cmd(
        sh_sub, "close", "close your open shift", _lazy("cmd_shift_close"), P.SHIFT_CLOSE_OWN
    )
    close.add_argument("--counted", required=True, help="cash counted in the drawer, yuan")
    close.add_argument("--pdf", type=Path, help="also write the report as PDF")
    close.add_argument(
        "--reason", default="", help="why counted and expected cash differ (kept in the log)"
    )
    lg = _cmd(sub, "ledger", "verify every ledger invariant (ledger verify)", None)
    lg_sub = lg.add_subparsers(dest="ledger_command", metavar="SUBCOMMAND", required=True)
    ver = _cmd(
        lg_sub,
        "verify",
        "check balances, receipts and reversals; non-zero on any breach",
        _lazy("cmd_ledger_verify"),
        P.AUDIT_READ,
    )
    ver.add_argument("--json", action="store_true")
    rec = _cmd(
        lg_sub,
        "reconcile",
        "compare meter-side meters' purchase counts with the ledger",
        _lazy("cmd_reconcile"),
        P.AUDIT_READ,
    )
    rec.add_argument("--json", action="store_true")


Handler = Callable[[argparse.Namespace], int]


def _lazy(name: str) -> Handler:
    """The handler ``name`` of money_impl, imported only when the command runs (the ledger,
    reportlab and pypinyin cost a second to import: ``--help`` and other commands skip it)."""

    def run(args: argparse.Namespace) -> int:
        return int(getattr(importlib.import_module("app.cli.money_impl"), name)(args))

    return run


def _cmd(
    sub: argparse._SubParsersAction[Any],
    name: str,
    text: str,
    handler: Handler | None,
    permission: P | None = None,
) -> argparse.ArgumentParser:
    """A subcommand; one with a handler logs in (``permission`` checked up front, None: the
    service alone decides)."""
    parser = sub.add_parser(name, help=text, description=text)
    parser.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    if handler is not None:
        parser.set_defaults(handler=handler)
        login_required(parser, permission)
    return parser


def _tariff(sub: argparse._SubParsersAction[Any]) -> None:
    tf = _cmd(sub, "tariff", "add, list, show, assign or quote tariffs", None)
    tf_sub = tf.add_subparsers(dest="tariff_command", metavar="SUBCOMMAND", required=True)
    add = _cmd(
        tf_sub,
        "add",
        "publish a tariff version from a JSON file",
        _lazy("cmd_tariff_add"),
        P.TARIFF_EDIT,
    )
    add.add_argument("name")
    add.add_argument(
        "--file", type=Path, required=True, help="JSON definition (see docs/user-guide.md)"
    )
    add.add_argument("--description", default="")
    _cmd(
        tf_sub, "list", "list tariffs and their versions", _lazy("cmd_tariff_list"), P.VIEW
    ).add_argument("--json", action="store_true")
    show = _cmd(
        tf_sub, "show", "print a tariff's versions as JSON", _lazy("cmd_tariff_show"), P.VIEW
    )
    show.add_argument("name")
    asg = _cmd(
        tf_sub,
        "assign",
        "apply a tariff to a meter, building, tenant kind or by default",
        _lazy("cmd_tariff_assign"),
        P.TARIFF_EDIT,
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
        _lazy("cmd_tariff_quote"),
        P.VIEW,
    )
    qt.add_argument("--tariff", required=True)
    qt.add_argument("--readings", type=Path, required=True)
    qt.add_argument("--json", action="store_true")


def _refund(sub: argparse._SubParsersAction[Any]) -> None:
    rf = _cmd(
        sub,
        "refund",
        "refund part of an account's balance; above the approval limit a request is filed "
        "for an administrator (refund list | approve ID | reject ID --reason TEXT)",
        _lazy("cmd_refund"),
        P.REFUND_REQUEST,
    )
    rf.add_argument("--account", help="account number")
    rf.add_argument("--amount")
    rf.add_argument("--method", default="cash", choices=["cash", "card", "transfer", "qr"])
    rf.add_argument("--reason", default="")
    rf_sub = rf.add_subparsers(dest="refund_command", metavar="SUBCOMMAND", required=False)
    ls = _cmd(
        rf_sub, "list", "refund requests waiting for a decision", _lazy("cmd_refund_list"), P.VIEW
    )
    ls.add_argument("--json", action="store_true")
    ap = _cmd(
        rf_sub,
        "approve",
        "approve a refund request (administrator): the refund is paid",
        _lazy("cmd_refund_approve"),
        P.MONEY_OUT_APPROVE,
    )
    ap.add_argument("id", type=int)
    rj = _cmd(
        rf_sub,
        "reject",
        "reject a refund request (administrator)",
        _lazy("cmd_refund_reject"),
        P.MONEY_OUT_APPROVE,
    )
    rj.add_argument("id", type=int)
    rj.add_argument("--reason", dest="reject_reason", required=True, help="why (kept)")


def _approver_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--approver",
        help="an administrator approving money out above the limit (asks for their password; "
        "with --password-stdin their password is the second line)",
    )


def _accounts(sub: argparse._SubParsersAction[Any]) -> None:
    ac = _cmd(sub, "account", "open, close, transfer, show an account, or replace a meter", None)
    ac_sub = ac.add_subparsers(dest="account_command", metavar="SUBCOMMAND", required=True)
    op = _cmd(
        ac_sub,
        "open",
        "open an account for a tenant on vacant rooms",
        _lazy("cmd_account_open"),
        P.SITE_EDIT,
    )
    op.add_argument("--tenant", required=True)
    op.add_argument(
        "--kind", default="enterprise", choices=["enterprise", "shop", "dorm", "person", "public"]
    )
    op.add_argument("--room", action="append", required=True, help="a room (repeat for several)")
    cl = _cmd(
        ac_sub,
        "close",
        "settle, refund what is left and close",
        _lazy("cmd_account_close"),
        P.REFUND_REQUEST,
    )
    cl.add_argument("number")
    cl.add_argument("--method", default="cash", choices=["cash", "card", "transfer", "qr"])
    _approver_option(cl)
    cl.add_argument(
        "--cancel-pending",
        action="store_true",
        help="cancel and refund meter-side recharges still queued (else the close is refused)",
    )
    rm = _cmd(
        ac_sub,
        "replace-meter",
        "swap a meter (换表): final reading stored, balance carried to the new meter",
        _lazy("cmd_account_replace_meter"),
        P.METER_EDIT,
    )
    rm.add_argument("meter", help="the old meter: its id, or LINK/ADDRESS")
    rm.add_argument("--address", required=True, help="the new meter's address on the same bus")
    rm.add_argument("--profile", help="the new meter's profile (default: the old one's)")
    rm.add_argument("--final-kwh", help="the old meter's final reading (default: last read)")
    rm.add_argument(
        "--final-balance", help="meter-side: the balance on its display, yuan (default: last read)"
    )
    tr_ = _cmd(
        ac_sub,
        "transfer",
        "move money between accounts, or a room to a new tenant",
        _lazy("cmd_account_transfer"),
    )
    tr_.add_argument("number", help="the account money (or the room) comes from")
    tr_.add_argument("--to", help="target account number")
    tr_.add_argument("--amount")
    tr_.add_argument("--room", help="transfer of ownership (过户) of this room")
    tr_.add_argument("--new-tenant")
    tr_.add_argument("--carry-balance", action="store_true")
    _approver_option(tr_)
    od = _cmd(
        ac_sub,
        "overdraft",
        "set how far below the cut-off line an account may go before it is cut (0 removes it)",
        _lazy("cmd_account_overdraft"),
        P.SETTINGS_EDIT,
    )
    od.add_argument("number")
    od.add_argument("--limit", required=True, help="yuan, e.g. 200 (0 removes the limit)")
    od.add_argument("--reason", required=True, help="why (kept in the audit log)")
    sh = _cmd(ac_sub, "show", "print an account", _lazy("cmd_account_show"), P.VIEW)
    sh.add_argument("number")
    sh.add_argument("--json", action="store_true")
