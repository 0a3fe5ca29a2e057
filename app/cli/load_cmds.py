"""Dormitory load control on the command line (app.loadcontrol): ``load list``, ``load show
ROOM``, ``load learn ROOM --name NAME``, ``load restore ROOM --reason TEXT``; the whitelist
and settings commands are in ``load_admin_cmds``.

Every subcommand logs in; the services check the role again inside their transaction
(``load learn`` needs ``load.edit``, ``load restore`` ``load.restore``: the dorm manager's
restore of a room that used up its automatic restores, refused without a reason). Refusals
are sentences in the interface's language (exit 1), never a traceback.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n import tr
from ..security import Permission
from .auth import actor_for, login_required
from .collector_cmds import _zone
from .load_admin_cmds import register_admin

VERDICTS = ("forbidden", "allowed", "whitelisted", "unknown")


def _when(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(tr("not an ISO date or time: {text}", text=text)) from exc
    return value if value.tzinfo else value.astimezone()


def _minutes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(tr("a whole number of minutes above 0: {text}", text=text))
    return value


def register(sub: argparse._SubParsersAction[Any]) -> None:
    group = sub.add_parser("load", help="dormitory load control (负载控制, 负控复位)")
    group.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    cmds = group.add_subparsers(dest="load_command", metavar="SUBCOMMAND", required=True)

    lst = cmds.add_parser("list", help="load events, newest first")
    lst.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    lst.add_argument("--building", help="only this building")
    lst.add_argument("--room", help="only this room (number or building/number)")
    lst.add_argument("--since", type=_when, help="from this date or time (ISO, local time)")
    lst.add_argument("--verdict", choices=VERDICTS)
    lst.add_argument("--limit", type=int, default=200)
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)
    login_required(lst, Permission.VIEW)

    show = cmds.add_parser("show", help="a room's load-control state and last events")
    show.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    show.add_argument("room", help="room number or building/number")
    show.add_argument("--json", action="store_true")
    show.set_defaults(handler=cmd_show)
    login_required(show, Permission.VIEW)

    learn = cmds.add_parser("learn", help="learning mode: the room's next appliance is allowed")
    learn.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    learn.add_argument("room", help="room number or building/number")
    learn.add_argument("--name", required=True, help="the appliance's name (e.g. 冰箱)")
    learn.add_argument("--minutes", type=_minutes, default=30, help="how long to wait")
    learn.set_defaults(handler=cmd_learn)
    login_required(learn, Permission.LOAD_EDIT)

    restore = cmds.add_parser("restore", help="the dorm manager's restore of a load cut")
    restore.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    restore.add_argument("room", help="room number or building/number")
    restore.add_argument("--reason", default="", help="why (required)")
    restore.add_argument("--timezone", default="Asia/Shanghai", type=_zone, help="park time zone")
    restore.set_defaults(handler=cmd_restore)
    login_required(restore, Permission.LOAD_RESTORE)
    register_admin(cmds)  # whitelist list|add|remove, settings show|set


def _db_actor(args: argparse.Namespace) -> tuple[Any, Any]:
    from .site_cmds import _open

    db = _open(args)
    return db, actor_for(args, db)


def _w(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def cmd_list(args: argparse.Namespace) -> int:
    from ..loadcontrol.views import list_events

    db, actor = _db_actor(args)
    rows = list_events(
        db, actor, args.building, args.room, args.since, args.verdict, max(1, args.limit)
    )
    if args.json:
        print(json.dumps([_row(r) for r in rows], ensure_ascii=False, indent=1))
        return 0
    if not rows:
        print(tr("no load events"))
        return 0
    for r in rows:
        pf = "-" if r.power_factor is None else f"{r.power_factor:.2f}"
        print(
            f"{r.id:>6}  {r.at.astimezone():%Y-%m-%d %H:%M:%S}  {r.room:<14}  {r.source:<8}  "
            f"{r.verdict:<11}  {r.appliance:<18}  ΔP {_w(r.delta_w):>5} W  PF {pf:>4}  "
            f"{_w(r.before_w)}→{_w(r.after_w)} W  {r.action}"
        )
    return 0


def _row(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "at": r.at.isoformat(),
        "room": r.room,
        "source": r.source,
        "verdict": r.verdict,
        "appliance": r.appliance,
        "delta_w": r.delta_w,
        "power_factor": r.power_factor,
        "before_w": r.before_w,
        "after_w": r.after_w,
        "action": r.action,
    }


def cmd_show(args: argparse.Namespace) -> int:
    from ..loadcontrol.views import room_state

    db, actor = _db_actor(args)
    st = room_state(db, actor, args.room)
    if args.json:
        data = {
            "room": st.room,
            "under_control": st.under_control,
            "cut_since": st.cut_since.isoformat() if st.cut_since else None,
            "restore_due_at": st.restore_due_at.isoformat() if st.restore_due_at else None,
            "restores": st.restores,
            "limit": st.limit,
            "needs_manager": st.needs_manager,
            "learning": st.learning,
            "whitelist": st.whitelist,
            "events": [_row(e) for e in st.events],
        }
        print(json.dumps(data, ensure_ascii=False, indent=1))
        return 0
    yes, no = tr("yes"), tr("no")
    print(f"{tr('Room')}: {st.room}")
    print(f"{tr('Under load control')}: {yes if st.under_control else no}")
    since = f"{st.cut_since.astimezone():%Y-%m-%d %H:%M:%S}" if st.cut_since else no
    print(f"{tr('Cut by load control since')}: {since}")
    if st.restore_due_at:
        print(f"{tr('Automatic restore at')}: {st.restore_due_at.astimezone():%Y-%m-%d %H:%M:%S}")
    print(f"{tr('Automatic restores today')}: {st.restores} / {st.limit}")
    print(f"{tr('Needs the manager')}: {yes if st.needs_manager else no}")
    print(f"{tr('Learning')}: {st.learning or no}")
    print(f"{tr('Whitelist')}: {', '.join(st.whitelist) or '-'}")
    for e in st.events:
        print(
            f"  {e.at.astimezone():%Y-%m-%d %H:%M:%S}  {e.verdict:<11}  {e.appliance:<18}  "
            f"ΔP {_w(e.delta_w)} W  {e.action}"
        )
    return 0


def cmd_learn(args: argparse.Namespace) -> int:
    from ..loadcontrol.store import start_learning

    db, actor = _db_actor(args)
    until = start_learning(db, actor, args.room, args.name, timedelta(minutes=args.minutes))
    print(
        tr(
            "room {room}: switch on {name} now; learning until {until}",
            room=args.room,
            name=args.name,
            until=f"{until.astimezone():%H:%M}",
        )
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ..loadcontrol.views import restore_room
    from . import CommandError

    if not args.reason.strip():
        raise CommandError(tr("a restore of a load cut needs a reason (--reason)"))
    db, actor = _db_actor(args)
    done = restore_room(db, actor, args.room, args.reason, ZoneInfo(args.timezone))
    if done.commands:
        print(
            tr(
                "room {room}: power restore queued (command {id})",
                room=args.room,
                id=done.commands[0],
            )
        )
    else:
        print(
            tr(
                "room {room}: restored by the manager; no relay command was needed (it is on, "
                "or off under another rule: arrears or a timetable)",
                room=args.room,
            )
        )
    return 0
