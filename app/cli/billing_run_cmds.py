"""Billing runs on the command line: ``billing run --period P [--building B] [--source S]
[--dry-run]`` and ``billing reverse RUN --reason TEXT`` (app.billing.runs).

Both log in (``--operator``) and need the ``billing.run`` right, like the Billing window. A
source already posted for the period is refused in words (exit 1), never charged twice.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from ..i18n import tr
from ..money import format_yuan
from ..security import Permission
from .auth import actor_for, login_required


def register(sub: argparse._SubParsersAction[Any]) -> None:
    group = sub.add_parser(
        "billing",
        help="post or reverse the period's fee and apportionment runs",
        description="post or reverse the period's fee and apportionment runs",
    )
    group.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    group_sub = group.add_subparsers(dest="billing_command", metavar="SUBCOMMAND", required=True)
    run = group_sub.add_parser(
        "run",
        help="post every fee item and scheme due in a period (once each)",
        description="post every fee item and scheme due in a period (once each)",
    )
    run.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    run.add_argument("--period", required=True, help="YYYY-MM (also YYYY-Qn, YYYY, a date)")
    run.add_argument("--building", help="only the sources whose scope names this building")
    run.add_argument("--source", help="only this source, e.g. fee:3 or apportion:1")
    run.add_argument("--dry-run", action="store_true", help="preview: write nothing")
    run.add_argument("--json", action="store_true")
    run.set_defaults(handler=cmd_billing_run)
    login_required(run, Permission.BILLING_RUN)
    rev = group_sub.add_parser(
        "reverse",
        help="reverse a posted run as a whole, with the reason",
        description="reverse a posted run as a whole, with the reason",
    )
    rev.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    rev.add_argument("run", type=int, help="the run's number")
    rev.add_argument("--reason", required=True, help="why (kept in the audit log)")
    rev.set_defaults(handler=cmd_billing_reverse)
    login_required(rev, Permission.BILLING_RUN)


def _building(db: Any, text: str | None) -> int | None:
    if text is None:
        return None
    from sqlalchemy import select

    from ..models import Building
    from . import CommandError

    with db.read() as s:
        found = s.scalar(select(Building.id).where(Building.name == text))
        ident = text.lstrip("#")
        if found is None and ident.isdigit() and s.get(Building, int(ident)) is not None:
            found = int(ident)
    if found is None:
        raise CommandError(tr("no building {name}", name=text))
    return int(found)


def cmd_billing_run(args: argparse.Namespace) -> int:
    from ..billing import runs
    from . import CommandError
    from .site_cmds import _open

    db = _open(args)
    actor = actor_for(args, db)
    try:
        if args.source:
            pairs = [(args.source, args.period)]
        else:
            pairs = runs.sources_for(db, args.period, _building(db, args.building))
        if not pairs:
            print(tr("Nothing is due in {period}.", period=args.period))
            return 0
        refused: list[str] = []
        out: list[dict[str, Any]] = []
        with db.read() as session:
            names = {source: runs.source_name(session, source) for source, _key in pairs}
        for source, key in pairs:
            row: dict[str, Any] = {"source": source, "name": names[source], "period": key}
            try:  # one source refused (already posted, nobody to charge) does not stop the rest
                plan = runs.preview(db, actor, source, key)
                row |= {
                    "accounts": len(plan.lines),
                    "deducted_fen": plan.deducted_fen,
                    "billed_fen": plan.billed_fen,
                    "refused": plan.refused,
                    "posted_run": plan.posted_run,
                }
                if not args.dry_run:
                    row["run"] = runs.post(db, actor, source, key).id
            except runs.BillingRunError as exc:
                refused.append(str(exc))
                row["error"] = str(exc)
            out.append(row)
    except runs.BillingRunError as exc:
        raise CommandError(str(exc)) from exc
    _print(out, args)
    if refused:
        raise CommandError("\n".join(refused))
    return 0


def _print(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return
    for row in rows:
        if "accounts" not in row:
            continue  # refused before its preview: the reason goes to stderr
        if "run" in row:
            done = tr("posted as run {id}", id=row["run"])
        elif row.get("posted_run") is not None:
            done = tr("already posted as run {id}", id=row["posted_run"])
        else:
            done = tr("preview") if args.dry_run else tr("not posted")
        print(
            tr(
                "{source} {period}: {accounts} accounts, deducted {deducted}, billed {billed}, "
                "{refused} refused; {done}",
                source=f"{row['name']} ({row['source']})",
                period=row["period"],
                accounts=row["accounts"],
                deducted=format_yuan(row["deducted_fen"]),
                billed=format_yuan(row["billed_fen"]),
                refused=len(row["refused"]),
                done=done,
            )
        )
        for who, why in row["refused"].items():
            print(f"  {who}: {why}")


def cmd_billing_reverse(args: argparse.Namespace) -> int:
    from ..billing import runs
    from . import CommandError
    from .site_cmds import _open

    db = _open(args)
    actor = actor_for(args, db)
    try:
        run = runs.reverse(db, actor, args.run, args.reason)
    except runs.BillingRunError as exc:
        raise CommandError(str(exc)) from exc
    print(
        tr(
            "Run {id} ({source} {period}) reversed.",
            id=run.id,
            source=run.source,
            period=run.period,
        )
    )
    return 0
