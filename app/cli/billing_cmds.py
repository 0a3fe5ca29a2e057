"""Billing definitions on the command line: ``fee add|list|show`` and
``apportion add|list|show`` (issue 16, item 6).

Every subcommand logs in like the money commands (``--operator``, ``app.cli.auth``): adding
needs ``billing.edit`` (administrators), reading needs ``view``; the services check again in
their transaction. Names are taken as people write them (``--scope building:A栋``,
``--exclude A0001``) and stored as ids (``app.billing.scopes``). A refused definition is one
sentence naming the field, exit code 1; a malformed option (a date that is not one) exit 2.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from ..billing import fees, schemes
from ..billing.definitions import BillingError, Definition
from ..billing.scopes import account_id, meters_of, parse_scope
from ..i18n import tr
from ..models import MeterRole
from ..security import Permission as P
from .auth import actor_for, login_required
from .site_cmds import _open

PER = {"fixed": "fixed", "m2": "per_m2", "kwh": "per_kwh"}


def register(sub: argparse._SubParsersAction[Any]) -> None:
    _fee(sub)
    _apportion(sub)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _cmd(
    sub: argparse._SubParsersAction[Any], name: str, text: str, handler: Any, permission: P
) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=text, description=text)
    parser.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=handler)
    login_required(parser, permission)
    return parser


def _group(sub: argparse._SubParsersAction[Any], name: str, text: str) -> Any:
    group = sub.add_parser(name, help=text, description=text)
    return group.add_subparsers(dest=f"{name}_command", metavar="SUBCOMMAND", required=True)


def _dates(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="start", type=_day, required=True, help="first day")
    parser.add_argument("--to", dest="end", type=_day, help="last day (default: open-ended)")


def _listing(group: Any, handler: Any, what: str) -> None:
    ls = _cmd(group, "list", f"list the {what}s", handler, P.VIEW)
    ls.add_argument("--active", action="store_true", help="only the active ones")
    show = _cmd(group, "show", f"print one {what} (by id or name)", _cmd_show, P.VIEW)
    show.add_argument("key", metavar="ID|NAME")


def _fee(sub: argparse._SubParsersAction[Any]) -> None:
    group = _group(sub, "fee", "custom fee items (物业费, 房租...): fee add | list | show")
    add = _cmd(group, "add", "add a fee item", cmd_fee_add, P.BILLING_EDIT)
    add.add_argument("--name", required=True)
    add.add_argument(
        "--amount", required=True, help="yuan: 2 decimals, 4 for a price per kWh (--per kwh)"
    )
    add.add_argument("--per", choices=sorted(PER), default="fixed", help="what the amount is per")
    add.add_argument(
        "--scope",
        required=True,
        help="park | building:NAME[,NAME] | floor:BUILDING/FLOOR[,...] | account:NUMBER[,...]",
    )
    add.add_argument("--period", choices=fees.PERIODS, required=True)
    add.add_argument("--day", type=int, default=1, help="day of the period, 1-28 (default 1)")
    add.add_argument("--mode", choices=fees.MODES, required=True, help="deduct or bill (催缴)")
    add.add_argument("--due-days", type=int, default=fees.DEFAULT_DUE_DAYS, help="for a bill")
    _dates(add)
    _listing(group, cmd_fee_list, "fee item")


def _apportion(sub: argparse._SubParsersAction[Any]) -> None:
    group = _group(sub, "apportion", "apportionment schemes (公摊): apportion add | list | show")
    add = _cmd(group, "add", "add an apportionment scheme", cmd_apportion_add, P.BILLING_EDIT)
    add.add_argument("--name", required=True)
    add.add_argument("--scope", required=True, help="park | building:NAME[,NAME]")
    add.add_argument("--source", choices=schemes.SOURCES, required=True)
    add.add_argument("--basis", choices=schemes.BASES, required=True)
    add.add_argument("--common-meters", help="meter ids (default: every common meter of the scope)")
    add.add_argument("--masters", help="meter ids (default: the scope's master meters)")
    add.add_argument(
        "--ratio", action="append", default=[], metavar="ACCOUNT=WEIGHT", help="for --basis ratio"
    )
    add.add_argument("--cap", help="no account pays more than this %% of its own use")
    add.add_argument("--exclude", help="account numbers that never take a share")
    add.add_argument(
        "--keep-vacant", action="store_true", help="vacant rooms share too (default: excluded)"
    )
    _dates(add)
    _listing(group, cmd_apportion_list, "scheme")


# ------------------------------------------------------------------------------ handlers


def _kind(args: argparse.Namespace) -> Any:
    return fees if args.command == "fee" else schemes


def _print(item: Definition, as_json: bool) -> None:
    data = {
        "id": item.id,
        "name": item.name,
        "source": item.source,
        "definition": item.definition,
        "effective_from": item.effective_from.isoformat(),
        "effective_to": item.effective_to.isoformat() if item.effective_to else None,
        "active": item.active,
        "used": item.used,
    }
    print(json.dumps(data, ensure_ascii=False, indent=None if as_json else 2))


def _ids(text: str | None, field: str) -> list[int]:
    if not text:
        return []
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise BillingError(tr("{field}: give meter ids separated by commas", field=field)) from None


def cmd_fee_add(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = actor_for(args, db)
    with db.read() as session:
        scope = parse_scope(session, args.scope, ("building", "floor", "account"))
    definition = {
        "amount_kind": PER[args.per],
        "amount": args.amount,
        "scope": scope,
        "period": args.period,
        "day": args.day,
        "mode": args.mode,
        "due_days": args.due_days,
    }
    item = fees.add_fee(db, actor, args.name, definition, args.start, args.end)
    return _added(item, args, tr("Fee item {name} added (id {id}).", name=item.name, id=item.id))


def cmd_apportion_add(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = actor_for(args, db)
    with db.read() as session:
        scope = parse_scope(session, args.scope, ("building",))
        common = _ids(args.common_meters, "common_meters")
        if not common and args.source in ("common", "both"):
            common = meters_of(session, scope, MeterRole.COMMON)
        ratios: dict[str, str] = {}
        for pair in args.ratio:
            number, sep, weight = pair.partition("=")
            if not sep:
                raise BillingError(tr("ratios: write ACCOUNT=WEIGHT, not {value!r}", value=pair))
            ratios[str(account_id(session, number.strip(), "ratios"))] = weight.strip()
        excluded = [
            account_id(session, n.strip(), "exclude_accounts")
            for n in (args.exclude or "").split(",")
            if n.strip()
        ]
    definition: dict[str, Any] = {
        "scope": scope,
        "source": args.source,
        "common_meters": common,
        "masters": _ids(args.masters, "masters"),
        "basis": args.basis,
        "ratios": ratios,
        "cap_percent": args.cap,
        "exclude_vacant": not args.keep_vacant,
        "exclude_accounts": excluded,
    }
    item = schemes.add_scheme(db, actor, args.name, definition, args.start, args.end)
    text = tr("Apportionment scheme {name} added (id {id}).", name=item.name, id=item.id)
    return _added(item, args, text)


def _added(item: Definition, args: argparse.Namespace, text: str) -> int:
    if args.json:
        _print(item, True)
    else:
        print(text)
    return 0


def cmd_fee_list(args: argparse.Namespace) -> int:
    db = _open(args)
    items = fees.list_fees(db, actor_for(args, db), include_inactive=not args.active)
    return _list(items, args.json, _fee_line)


def cmd_apportion_list(args: argparse.Namespace) -> int:
    db = _open(args)
    items = schemes.list_schemes(db, actor_for(args, db), include_inactive=not args.active)
    return _list(items, args.json, _scheme_line)


def _list(items: list[Definition], as_json: bool, line: Any) -> int:
    if as_json:
        for item in items:
            _print(item, True)
        return 0
    for item in items:
        end = item.effective_to.isoformat() if item.effective_to else "…"
        state = "" if item.active else f"  [{tr('inactive')}]"
        dates = f"{item.effective_from.isoformat()}..{end}"
        print(f"{item.id:>4}  {item.name}  {dates}  {line(item)}{state}")
    return 0


def _fee_line(item: Definition) -> str:
    d = item.definition
    per = {"fixed": "", "per_m2": "/m²", "per_kwh": "/kWh"}[d["amount_kind"]]
    return f"{d['amount']}{per}  {d['period']}@{d['day']}  {d['mode']}"


def _scheme_line(item: Definition) -> str:
    d = item.definition
    cap = f"  cap {d['cap_percent']}%" if d["cap_percent"] else ""
    return f"{d['source']}  {d['basis']}{cap}"


def _cmd_show(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = actor_for(args, db)
    kind = _kind(args)
    item = (
        kind.show_fee(db, actor, args.key)
        if kind is fees
        else kind.show_scheme(db, actor, args.key)
    )
    _print(item, args.json)
    return 0
