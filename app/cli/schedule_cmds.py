"""Supply timetables on the command line (时间控制, issue 17): ``schedule add | edit | list |
show | remove | holidays | due``.

Editing needs ``relay.switch`` (whoever may cut a relay), reading ``view``; the services in
``app.timecontrol`` check again in their transaction. Rules are written per day group,
``--rule mon-fri=23:00-06:30`` (off-on; on before off is the next morning), the holiday
rule ``--holiday-rule 00:00-08:00`` and its dates ``--holiday 2026-10-01,2026-10-02``. A
refused timetable is one sentence naming the field, exit 1; a malformed option exit 2.
``due`` runs the collector's due check once (``--now`` to name the moment). ``edit ID``
takes ``add``'s options, all optional: only what is given changes (``--rule`` the days it
names; ``--drop-rule DAYS``; ``none`` clears ``--to``, ``--holiday-rule``, ``--holiday``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n import tr
from ..security import Permission as P
from ..timecontrol import calendar, store
from ..timecontrol.execute import DueCheck
from ..timecontrol.plan import (
    DAY_NAMES,
    HOLIDAY,
    DayRule,
    Plan,
    TimecontrolError,
    parse_day,
    parse_days,
    parse_time,
)
from .auth import actor_for, login_required
from .collector_cmds import _zone
from .site_cmds import _open

Handler = Callable[[argparse.Namespace], int]


def register(sub: argparse._SubParsersAction[Any]) -> None:
    text = (
        "supply timetables (时间控制: 熄灯 lights-out, holidays): add | edit | list | show | remove"
    )
    group = sub.add_parser("schedule", help=text, description=text)
    cmds = group.add_subparsers(dest="schedule_command", metavar="SUBCOMMAND", required=True)
    add = _cmd(cmds, "add", "add a timetable", cmd_add, P.RELAY_SWITCH)
    _plan_options(add, required=True)
    edit = _cmd(
        cmds,
        "edit",
        "change a stored timetable (only what is given; its history stays linked)",
        cmd_edit,
        P.RELAY_SWITCH,
    )
    edit.add_argument("key", metavar="ID|NAME")
    _plan_options(edit, required=False)
    ls = _cmd(cmds, "list", "list the timetables", cmd_list, P.VIEW)
    ls.add_argument("--all", action="store_true", help="removed ones too")
    show = _cmd(cmds, "show", "one timetable and what it does next", cmd_show, P.VIEW)
    show.add_argument("key", metavar="ID|NAME")
    show.add_argument("--days", type=int, default=7, help="how far ahead (default 7 days)")
    show.add_argument("--timezone", default="Asia/Shanghai", type=_zone, help="park time zone")
    rm = _cmd(
        cmds, "remove", "remove a timetable (its cuts are given back)", cmd_remove, P.RELAY_SWITCH
    )
    rm.add_argument("key", metavar="ID|NAME")
    hol = _cmd(cmds, "holidays", "add or drop holiday dates (节假日)", cmd_holidays, P.RELAY_SWITCH)
    hol.add_argument("key", metavar="ID|NAME")
    hol.add_argument("--add", action="append", default=[], metavar="DATE[,DATE]")
    hol.add_argument("--drop", action="append", default=[], metavar="DATE[,DATE]")
    due = _cmd(
        cmds,
        "due",
        "run the due check once (what the collector does every minute)",
        cmd_due,
        P.RELAY_SWITCH,
    )
    due.add_argument("--now", help="the moment, ISO 8601 with offset (default: now)")
    due.add_argument("--timezone", default="Asia/Shanghai", type=_zone, help="park time zone")


def _plan_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """``add``'s options; for ``edit`` all optional, and ``--rule`` replaces only the days it
    names (``--drop-rule`` removes days, ``none`` clears ``--to``, ``--holiday-rule`` and
    ``--holiday``)."""
    parser.add_argument("--name", required=required)
    parser.add_argument(
        "--scope",
        required=required,
        help="building:NAME | floor:BUILDING/FLOOR | account:NUMBER | "
        "rooms:BUILDING/FLOOR/ROOM[,...] (a room group)",
    )
    parser.add_argument("--from", dest="start", required=required, help="first day (YYYY-MM-DD)")
    parser.add_argument(
        "--to",
        dest="end",
        help="last day (default: open-ended)" if required else "last day, or none (open-ended)",
    )
    parser.add_argument(
        "--rule",
        action="append",
        default=[],
        metavar="DAYS=OFF-ON",
        help="e.g. mon-fri=23:00-06:30, sat,sun=00:00-07:30 (repeat)",
    )
    parser.add_argument("--holiday-rule", metavar="OFF-ON", help="the rule on holiday dates")
    parser.add_argument("--holiday", action="append", default=[], metavar="DATE[,DATE]")
    parser.add_argument("--remarks", default=None if not required else "")
    if not required:
        parser.add_argument("--drop-rule", action="append", default=[], metavar="DAYS")


def _cmd(
    cmds: Any, name: str, text: str, handler: Handler, permission: P
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = cmds.add_parser(name, help=text, description=text)
    parser.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(handler=_refusing(handler))
    login_required(parser, permission)
    return parser


def _refusing(handler: Handler) -> Handler:
    """A ``TimecontrolError`` is a refusal in words (exit 1), never a traceback."""

    @wraps(handler)
    def run(args: argparse.Namespace) -> int:
        from . import CommandError

        try:
            return handler(args)
        except TimecontrolError as exc:
            raise CommandError(str(exc)) from None

    return run


# ------------------------------------------------------------------------------- parsing


def _dates(values: list[str], name: str) -> list[date]:
    return [parse_day(part, name) for value in values for part in value.split(",") if part.strip()]


def _window(text: str, name: str) -> tuple[Any, Any]:
    off, sep, on = text.strip().partition("-")
    if not sep:
        raise TimecontrolError(
            tr("{field}: write OFF-ON, e.g. 23:00-06:30, not {value!r}", field=name, value=text)
        )
    return parse_time(off, name), parse_time(on, name)


def _rules(args: argparse.Namespace) -> tuple[DayRule, ...]:
    rules: list[DayRule] = []
    for text in args.rule:
        days, sep, window = text.partition("=")
        if not sep:
            raise TimecontrolError(
                tr("rule: write DAYS=OFF-ON, e.g. mon-fri=23:00-06:30, not {value!r}", value=text)
            )
        off, on = _window(window, "rule")
        rules.extend(DayRule(day, off, on) for day in parse_days(days))
    if args.holiday_rule:
        off, on = _window(args.holiday_rule, "holiday_rule")
        rules.append(DayRule(HOLIDAY, off, on))
    return tuple(rules)


# ------------------------------------------------------------------------------ handlers


def cmd_add(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = actor_for(args, db)
    with db.read() as s:
        kind, ids = calendar.parse_scope(s, args.scope)
    plan = Plan(
        id=0,
        name=args.name,
        scope_kind=kind,
        scope_ids=ids,
        valid_from=parse_day(args.start, "valid_from"),
        valid_to=parse_day(args.end, "valid_to") if args.end else None,
        rules=_rules(args),
        holidays=frozenset(_dates(args.holiday, "holiday")),
        remarks=args.remarks,
    )
    stored = store.add_timetable(db, actor, plan)
    if args.json:
        print(json.dumps(store.describe(stored), ensure_ascii=False))
    else:
        print(tr("Timetable {name} added (id {id}).", name=stored.name, id=stored.id))
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = actor_for(args, db)
    old = store.show_timetable(db, actor, args.key)
    changed = _edited(db, old, args)
    if changed == old:
        raise TimecontrolError(
            tr("edit: name what to change (--name, --scope, --from, --to, --rule, ...)")
        )
    stored = store.edit_timetable(db, actor, old.id, changed)
    if args.json:
        print(json.dumps(store.describe(stored), ensure_ascii=False))
    else:
        print(tr("Timetable {name} changed (id {id}).", name=stored.name, id=stored.id))
    return 0


def _none(text: str | None) -> bool:
    return text is not None and text.strip().lower() in ("none", "-", "")


def _edited(db: Any, old: Plan, args: argparse.Namespace) -> Plan:
    """``old`` with the options given applied (the store validates the result)."""
    plan = old
    if args.name is not None:
        plan = replace(plan, name=args.name)
    if args.scope is not None:
        with db.read() as s:
            kind, ids = calendar.parse_scope(s, args.scope)
        plan = replace(plan, scope_kind=kind, scope_ids=ids)
    if args.start is not None:
        plan = replace(plan, valid_from=parse_day(args.start, "valid_from"))
    if args.end is not None:
        end = None if _none(args.end) else parse_day(args.end, "valid_to")
        plan = replace(plan, valid_to=end)
    if args.remarks is not None:
        plan = replace(plan, remarks=args.remarks)
    rules = {r.day: r for r in plan.rules}
    for text in args.drop_rule:
        for day in parse_days(text):
            rules.pop(day, None)
    if _none(args.holiday_rule):
        rules.pop(HOLIDAY, None)
        args.holiday_rule = None
    for rule in _rules(args):
        rules[rule.day] = rule
    plan = replace(plan, rules=tuple(rules[d] for d in sorted(rules)))
    if args.holiday:
        none = len(args.holiday) == 1 and _none(args.holiday[0])
        plan = replace(
            plan, holidays=frozenset() if none else frozenset(_dates(args.holiday, "holiday"))
        )
    return plan


def cmd_list(args: argparse.Namespace) -> int:
    db = _open(args)
    plans = store.list_timetables(db, actor_for(args, db), include_removed=args.all)
    with db.read() as s:
        scopes = {p.id: calendar.plan_scope_text(s, p) for p in plans}
    for plan in plans:
        if args.json:
            print(
                json.dumps(
                    store.describe(plan) | {"scope_text": scopes[plan.id]}, ensure_ascii=False
                )
            )
            continue
        end = plan.valid_to.isoformat() if plan.valid_to else "…"
        state = "" if plan.active else f"  [{tr('removed')}]"
        rules = " ".join(f"{DAY_NAMES[r.day]}={r.off_at:%H:%M}-{r.on_at:%H:%M}" for r in plan.rules)
        print(
            f"{plan.id:>4}  {plan.name}  {scopes[plan.id]}  "
            f"{plan.valid_from}..{end}  {rules}{state}"
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = actor_for(args, db)
    plan = store.show_timetable(db, actor, args.key)
    zone = ZoneInfo(args.timezone)
    start = datetime.now(UTC)
    nexts = calendar.upcoming(
        db, actor, start, start + timedelta(days=max(args.days, 0)), zone, timetable_id=plan.id
    )
    facts = store.describe(plan)
    facts["next"] = [
        {
            "at": u.local.strftime("%Y-%m-%d %H:%M"),
            "kind": u.kind,
            "holiday": u.holiday,
            "meters": u.meters,
        }
        for u in nexts
    ]
    print(json.dumps(facts, ensure_ascii=False, indent=None if args.json else 2))
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    db = _open(args)
    plan = store.remove_timetable(db, actor_for(args, db), args.key)
    print(tr("Timetable {name} removed; the next due check gives back its cuts.", name=plan.name))
    return 0


def cmd_holidays(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = actor_for(args, db)
    plan = store.set_holidays(
        db, actor, args.key, _dates(args.add, "holiday"), _dates(args.drop, "holiday")
    )
    days = ", ".join(d.isoformat() for d in sorted(plan.holidays)) or "-"
    print(tr("Timetable {name}: holidays {days}", name=plan.name, days=days))
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    db = _open(args)
    actor = actor_for(args, db)
    now = datetime.now(UTC)
    if args.now:
        try:
            now = datetime.fromisoformat(args.now)
        except ValueError:
            raise TimecontrolError(
                tr("now: write an ISO 8601 time, not {value!r}", value=args.now)
            ) from None
        if now.tzinfo is None:
            now = now.replace(tzinfo=ZoneInfo(args.timezone))
    from ..security import require

    require(actor, P.RELAY_SWITCH)
    result = DueCheck(db, actor, ZoneInfo(args.timezone)).run(now.astimezone(UTC))
    if args.json:
        print(
            json.dumps(
                {
                    "commands": result.commands,
                    "recorded": result.recorded,
                    "waiting": result.waiting,
                }
            )
        )
    else:
        print(
            tr(
                "Due check: {recorded} transitions executed, {commands} relay commands "
                "queued, {waiting} waiting.",
                recorded=result.recorded,
                commands=len(result.commands),
                waiting=result.waiting,
            )
        )
    return 0
