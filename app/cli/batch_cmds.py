"""Batches on the command line (app.batch): ``batch run``, ``list``, ``show``, ``cancel``,
``retry``, ``approve``, ``pause``, ``resume`` and ``work``.

``batch run`` checks everything (selection, sheet row by row, rights) and creates the batch
in one transaction; the collector runs it (now, or at ``--at``). ``--dry-run`` prints what
each item would do and writes nothing. A money batch waits for ``batch approve`` by another
administrator. ``batch work`` runs the engine's steps from this process until nothing is
left that needs no meter (money and tariff batches on a desk without the collector).
Refusals are sentences (exit 1), never a traceback.
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from ..batch.actions import word
from ..i18n import tr
from ..security import Permission
from .auth import actor_for, login_required
from .collector_cmds import _zone


def register(sub: argparse._SubParsersAction[Any]) -> None:
    group = sub.add_parser("batch", help="batch tasks over many rooms or meters (批量操作)")
    group.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    cmds = group.add_subparsers(dest="batch_command", metavar="SUBCOMMAND", required=True)
    run = cmds.add_parser("run", help="create a batch (run now or --at a time)")
    run.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    run.add_argument(
        "--action",
        required=True,
        help="cut, close, guarantee_on, guarantee_off, params, clock, tariff, recharge, fee",
    )
    where = run.add_mutually_exclusive_group(required=True)
    where.add_argument("--file", type=Path, help="a sheet (CSV/XLSX: room, amount, ...)")
    where.add_argument("--building", help="every room of this building")
    where.add_argument("--floor", help="every room of building/floor")
    where.add_argument("--rooms", help="R1,R2,... (number or building/number)")
    where.add_argument("--filter", choices=("arrears",), help="every room matching a filter")
    run.add_argument("--at", help="run at YYYY-MM-DD HH:MM (site time) instead of now")
    run.add_argument(
        "--timezone", default="Asia/Shanghai", type=_zone, help="site time zone of --at"
    )
    run.add_argument("--repeat", choices=("daily", "weekly"), default="")
    run.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a meter parameter for --action params (alarm_1=20)",
    )
    run.add_argument("--tariff", help="the tariff for --action tariff")
    run.add_argument("--item", help="the fee item's name for --action fee (物业费)")
    run.add_argument("--amount", help="yuan per room for --action fee without a sheet")
    run.add_argument("--note", default="")
    run.add_argument("--dry-run", action="store_true", help="preview: write nothing")
    run.add_argument("--json", action="store_true")
    run.set_defaults(handler=cmd_run)
    login_required(run, Permission.VIEW)  # the action's own right is checked by the service
    for name, text, handler in (
        ("show", "one batch with its items", cmd_show),
        ("cancel", "cancel: unsent items are cancelled, the rest reported", cmd_cancel),
        ("retry", "queue the failed items again", cmd_retry),
        ("approve", "approve a money batch (another administrator)", cmd_approve),
        ("pause", "no new item starts until resume", cmd_pause),
        ("resume", "go on with a paused batch", cmd_resume),
    ):
        p = cmds.add_parser(name, help=text)
        p.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
        p.add_argument("id", type=int)
        if name == "show":
            p.add_argument("--state", help="only items in this state")
            p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
        login_required(p, Permission.MONEY_OUT_APPROVE if name == "approve" else Permission.VIEW)
    lst = cmds.add_parser("list", help="every batch with its progress")
    lst.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    lst.add_argument("--status")
    lst.add_argument("--json", action="store_true")
    lst.set_defaults(handler=cmd_list)
    login_required(lst, Permission.VIEW)
    work = cmds.add_parser("work", help="run the batch steps that need no meter, from here")
    work.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    work.set_defaults(handler=cmd_work)
    login_required(work, Permission.VIEW)


def _db_actor(args: argparse.Namespace) -> tuple[Any, Any]:
    from .site_cmds import _open

    db = _open(args)
    return db, actor_for(args, db)


def _when(text: str | None, zone: str) -> datetime | None:
    from . import CommandError

    if not text:
        return None
    try:
        naive = datetime.fromisoformat(text.strip().replace("T", " "))
    except ValueError as exc:
        raise CommandError(tr("--at: {value!r} is not YYYY-MM-DD HH:MM", value=text)) from exc
    if naive.tzinfo is not None:
        return naive
    return naive.replace(tzinfo=ZoneInfo(zone))


def _params(args: argparse.Namespace) -> dict[str, Any]:
    from . import CommandError

    values = {}
    for pair in args.set:
        name, sep, value = pair.partition("=")
        if not sep:
            raise CommandError(tr("--set takes NAME=VALUE, not {value!r}", value=pair))
        values[name.strip()] = value.strip()
    return {
        "values": values,
        "tariff": args.tariff or "",
        "item": args.item or "",
        "amount": args.amount or "",
    }


def cmd_run(args: argparse.Namespace) -> int:
    from ..batch import BatchError, BatchRequest, Selection, SheetError, create, preview
    from . import CommandError

    db, actor = _db_actor(args)
    selection = None
    if args.file is None:
        selection = Selection(
            rooms=tuple(r.strip() for r in (args.rooms or "").split(",") if r.strip()),
            building=args.building or "",
            floor=args.floor or "",
            filter=args.filter or "",
        )
    request = BatchRequest(
        args.action,
        selection,
        args.file,
        _params(args),
        _when(args.at, args.timezone),
        args.repeat,
        args.note,
    )
    try:
        plan = preview(db, actor, request)
        if args.dry_run:
            if args.json:
                print(
                    json.dumps(
                        {"items": plan.lines(), "approval": plan.needs_approval}, ensure_ascii=False
                    )
                )
            else:
                print("\n".join(plan.lines()))
                print(tr("{count} items (dry run, nothing written).", count=len(plan.targets)))
            return 0
        batch_id = create(db, actor, request)
    except (BatchError, SheetError) as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print(json.dumps({"batch": batch_id, "items": len(plan.targets)}))
    else:
        text = tr("Batch {id} created: {count} items.", id=batch_id, count=len(plan.targets))
        if plan.needs_approval:
            text += " " + tr("It waits for another administrator's approval (batch approve).")
        print(text)
    return 0


def _summary_line(b: Any) -> str:
    counts = ", ".join(f"{word(k)} {v}" for k, v in sorted(b.counts.items()))
    left = f"; {tr('left')} {int(b.left.total_seconds())} s" if b.left is not None else ""
    return (
        f"#{b.id} {b.action} [{word(b.status)}] {b.selection}: {b.finished}/{b.total} "
        f"({counts}){left}"
    )


def cmd_list(args: argparse.Namespace) -> int:
    from ..batch import batch_list

    db, actor = _db_actor(args)
    rows = batch_list(db, actor, status=args.status)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": b.id,
                        "action": b.action,
                        "status": b.status,
                        "counts": b.counts,
                        "total": b.total,
                    }
                    for b in rows
                ],
                ensure_ascii=False,
            )
        )
        return 0
    for b in rows:
        print(_summary_line(b))
    if not rows:
        print(tr("No batches."))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from ..batch import BatchError, batch_detail
    from . import CommandError

    db, actor = _db_actor(args)
    try:
        detail = batch_detail(db, actor, args.id, state=args.state)
    except (BatchError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print(
            json.dumps(
                {
                    "id": detail.summary.id,
                    "status": detail.summary.status,
                    "counts": detail.summary.counts,
                    "items": [
                        {
                            "no": i.item_no,
                            "label": i.label,
                            "state": i.state,
                            "reason": i.reason,
                            "command": i.command_id,
                            "txn": i.txn_id,
                        }
                        for i in detail.items
                    ],
                },
                ensure_ascii=False,
            )
        )
        return 0
    print(_summary_line(detail.summary))
    for i in detail.items:
        print(f"  {i.item_no:5d} {i.label:24s} {word(i.state):10s} {i.reason}")
    return 0


def _steer(args: argparse.Namespace, verb: str) -> int:
    from .. import batch
    from . import CommandError

    db, actor = _db_actor(args)
    try:
        if verb == "cancel":
            counts = batch.cancel(db, actor, args.id)
            print(
                tr(
                    "Batch {id} cancelled: {counts}",
                    id=args.id,
                    counts=", ".join(f"{word(k)} {v}" for k, v in sorted(counts.items())),
                )
            )
        elif verb == "retry":
            n = batch.retry(db, actor, args.id)
            print(tr("Batch {id}: {count} failed items queued again.", id=args.id, count=n))
        elif verb == "approve":
            batch.approve(db, actor, args.id)
            print(tr("Batch {id} approved.", id=args.id))
        else:
            batch.set_paused(db, actor, args.id, verb == "pause")
            print(tr("Batch {id}: {verb}.", id=args.id, verb=word(verb)))
    except batch.BatchError as exc:
        raise CommandError(str(exc)) from exc
    return 0


def cmd_cancel(args: argparse.Namespace) -> int:
    return _steer(args, "cancel")


def cmd_retry(args: argparse.Namespace) -> int:
    return _steer(args, "retry")


def cmd_approve(args: argparse.Namespace) -> int:
    return _steer(args, "approve")


def cmd_pause(args: argparse.Namespace) -> int:
    return _steer(args, "pause")


def cmd_resume(args: argparse.Namespace) -> int:
    return _steer(args, "resume")


def cmd_work(args: argparse.Namespace) -> int:
    from ..batch import tick

    db, actor = _db_actor(args)
    total = 0
    while True:
        done = tick(db, workstation=actor.workstation)
        total += done.posted
        if not done.posted:
            break
    print(tr("{count} items done from this desk.", count=total))
    return 0
