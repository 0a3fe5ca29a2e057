"""``load whitelist list|add|remove`` and ``load settings show|set`` (app.loadcontrol.admin).

A whitelist entry is for a building (``--building NAME``) or a room (``--room NUMBER``):
its switch-on step given by hand (``--delta-w``, ``--pf``, ``--tol-w``) or taken from a load
event the detector recorded (``--event ID``, see ``load list``). Settings: on/off, the
restore delay, the automatic restores a day, the actions and the detector's thresholds by
name (``--threshold resistive_min_w=400``). The services check ``load.edit`` and audit;
a running collector applies a change within seconds. Bad input: a sentence, exit 1 or 2.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..i18n import tr
from ..security import Permission
from .auth import actor_for, login_required


def _scope(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--building", help="a building (its name)")
    where.add_argument("--room", help="a room (number or building/number)")


def _number(kind: type) -> Any:
    def parse(text: str) -> Any:
        try:
            return kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(tr("not a number: {text}", text=text)) from None

    return parse


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(tr("NAME=VALUE expected: {text}", text=text))
    return name.strip(), value.strip()


def register_admin(cmds: argparse._SubParsersAction[Any]) -> None:
    wl = cmds.add_parser("whitelist", help="appliance whitelists (白名单)")
    wl.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    sub = wl.add_subparsers(dest="whitelist_command", metavar="SUBCOMMAND", required=True)
    lst = sub.add_parser("list", help="a building's or a room's whitelist")
    _scope(lst)
    lst.set_defaults(handler=cmd_whitelist_list)
    login_required(lst, Permission.VIEW)
    add = sub.add_parser("add", help="allow an appliance by its step or a recorded event")
    _scope(add)
    add.add_argument("--name", required=True, help="the appliance's name (e.g. 饮水机)")
    add.add_argument("--delta-w", type=_number(float), help="its switch-on step, W")
    add.add_argument("--pf", type=_number(float), help="the step's power factor")
    add.add_argument("--tol-w", type=_number(float), help="tolerance, W (default ±12 %%)")
    add.add_argument("--event", type=_number(int), help="a load event id (load list)")
    add.set_defaults(handler=cmd_whitelist_add)
    login_required(add, Permission.LOAD_EDIT)
    rm = sub.add_parser("remove", help="take an entry off its whitelist")
    rm.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    rm.add_argument("entry", type=_number(int), help="the entry's id (whitelist list)")
    rm.set_defaults(handler=cmd_whitelist_remove)
    login_required(rm, Permission.LOAD_EDIT)

    st = cmds.add_parser("settings", help="load control settings of a building or room")
    st.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    sub = st.add_subparsers(dest="settings_command", metavar="SUBCOMMAND", required=True)
    show = sub.add_parser("show", help="the settings in force")
    _scope(show)
    show.set_defaults(handler=cmd_settings_show)
    login_required(show, Permission.VIEW)
    put = sub.add_parser("set", help="change settings (what is not given stays)")
    _scope(put)
    onoff = put.add_mutually_exclusive_group()
    onoff.add_argument("--on", dest="enabled", action="store_const", const=True)
    onoff.add_argument("--off", dest="enabled", action="store_const", const=False)
    put.add_argument("--restore-delay", type=_number(int), help="seconds before the restore")
    put.add_argument("--daily-limit", type=_number(int), help="automatic restores a day")
    put.add_argument("--actions", help="comma-separated: cut, alarm, message")
    put.add_argument(
        "--threshold", type=_pair, action="append", default=[], help="NAME=VALUE (repeatable)"
    )
    put.set_defaults(handler=cmd_settings_set)
    login_required(put, Permission.LOAD_EDIT)


def _db_actor(args: argparse.Namespace) -> tuple[Any, Any]:
    from .site_cmds import _open

    db = _open(args)
    return db, actor_for(args, db)


def _f(value: float | None, digits: int = 0) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def cmd_whitelist_list(args: argparse.Namespace) -> int:
    from ..loadcontrol.admin import list_whitelist

    db, actor = _db_actor(args)
    rows = list_whitelist(db, actor, args.building, args.room)
    if not rows:
        print(tr("the whitelist is empty"))
    for r in rows:
        print(
            f"{r.id:>5}  {r.scope:<16}  {r.name:<16}  ΔP {_f(r.delta_w):>5} W  "
            f"PF {_f(r.power_factor, 2):>4}  ±{_f(r.tol_w):>3} W  {r.source}"
        )
    return 0


def cmd_whitelist_add(args: argparse.Namespace) -> int:
    from ..loadcontrol.admin import add_entry

    db, actor = _db_actor(args)
    entry = add_entry(
        db,
        actor,
        args.name,
        building=args.building,
        room=args.room,
        delta_w=args.delta_w,
        power_factor=args.pf,
        tol_w=args.tol_w,
        from_event=args.event,
    )
    print(tr("whitelist entry {id} added: {name}", id=entry, name=args.name))
    return 0


def cmd_whitelist_remove(args: argparse.Namespace) -> int:
    from ..loadcontrol.admin import remove_entry

    db, actor = _db_actor(args)
    name = remove_entry(db, actor, args.entry)
    print(tr("whitelist entry {id} removed: {name}", id=args.entry, name=name))
    return 0


def cmd_settings_show(args: argparse.Namespace) -> int:
    from ..loadcontrol.admin import show_settings

    db, actor = _db_actor(args)
    view = show_settings(db, actor, args.building, args.room)
    cfg = view.config
    yes, no = tr("yes"), tr("no")
    print(f"{view.scope}")
    if cfg is None:
        print(tr("not under load control"))
        return 0
    print(f"{tr('Under load control')}: {yes if cfg.enabled else no}")
    print(f"{tr('Own settings of the room')}: {yes if view.own else no}")
    print(f"{tr('Actions')}: {', '.join(sorted(cfg.actions)) or '-'}")
    print(f"{tr('Restore delay')}: {cfg.restore_delay_s} s")
    print(f"{tr('Automatic restores a day')}: {cfg.restore_limit}")
    for name, value in view.thresholds.to_json().items():
        print(f"  {name} = {value}")
    return 0


def cmd_settings_set(args: argparse.Namespace) -> int:
    from ..loadcontrol.admin import change_settings

    db, actor = _db_actor(args)
    actions = None
    if args.actions is not None:
        actions = [a.strip() for a in args.actions.split(",") if a.strip()]
    change_settings(
        db,
        actor,
        args.building,
        args.room,
        enabled=args.enabled,
        restore_delay_s=args.restore_delay,
        restore_limit=args.daily_limit,
        actions=actions,
        thresholds=dict(args.threshold),
    )
    print(tr("load control settings saved: {scope}", scope=args.building or args.room))
    return 0
