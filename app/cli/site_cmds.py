"""``init``, ``site import``, ``site export`` and ``site tree``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..config import resolve_db_url
from ..db import Database, open_database
from ..i18n import tr
from ..migrate import current_revision
from ..security import Permission
from .auth import actor_for, login_required, system_access


def register(sub: argparse._SubParsersAction[Any]) -> None:
    init = sub.add_parser("init", help="create or upgrade the database; --demo adds a demo park")
    init.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    init.add_argument("--demo", action="store_true", help="add the demo park (once)")
    init.add_argument(
        "--rooms", type=_positive, default=480, help="rooms in the demo park (default 480)"
    )
    init.add_argument(
        "--no-history",
        action="store_true",
        help="a bare demo park: no 13 months of readings, recharges and charges",
    )
    init.set_defaults(handler=cmd_init)
    system_access(init)  # creates the database (and the demo): no operator exists yet

    site = sub.add_parser("site", help="import the site from a sheet, or print its tree")
    site_sub = site.add_subparsers(dest="site_command", metavar="SUBCOMMAND", required=True)
    imp = site_sub.add_parser(
        "import", help="import buildings, floors, rooms, tenants and meters from CSV or XLSX"
    )
    imp.add_argument("file", type=Path, help="a .csv or .xlsx file")
    imp.add_argument("--dry-run", action="store_true", help="check and report, write nothing")
    imp.add_argument("--park", help="park name when the sheet has no park column")
    imp.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    imp.set_defaults(handler=cmd_site_import)
    login_required(imp, Permission.SITE_EDIT)
    exp = site_sub.add_parser(
        "export", help="export the whole site to a .xlsx or .csv sheet that import reads back"
    )
    exp.add_argument("file", type=Path, help="a .csv or .xlsx file to write")
    exp.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    exp.set_defaults(handler=cmd_site_export)
    login_required(exp, Permission.VIEW)
    tree = site_sub.add_parser("tree", help="print the park tree")
    tree.add_argument("--json", action="store_true", help="print JSON")
    tree.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    tree.set_defaults(handler=cmd_site_tree)
    login_required(tree, Permission.VIEW)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value}")
    return value


def _open(args: argparse.Namespace, *, create: bool = False) -> Database:
    """The database of this command, upgraded in place. Only ``init`` creates one: every
    other command refuses a SQLite file that does not exist (a typo in ``--db`` would
    otherwise leave an empty database behind and ``ledger verify`` would say OK) and a
    database without WattDesk's tables. What cannot be opened raises the environment
    errors of ``app.errors``, which ``main`` words (exit 3)."""
    url = resolve_db_url(getattr(args, "db_cmd", None) or args.db)
    return open_database(url, create=create)


def cmd_init(args: argparse.Namespace) -> int:
    db = _open(args, create=True)
    print(
        tr(
            "Database ready at {url} (schema {revision}).",
            url=db.url,
            revision=current_revision(db),
        )
    )
    if args.demo:
        from ..demo import build_demo

        result = build_demo(db, rooms=args.rooms, history=not args.no_history)
        if result.created:
            print(
                tr(
                    "Demo park {park!r} created: {rooms} rooms, {meters} meters on {links} links "
                    "in {seconds:.1f} s.",
                    park=result.park,
                    rooms=result.rooms,
                    meters=result.meters,
                    links=result.links,
                    seconds=result.seconds,
                )
            )
        else:
            print(tr("The demo park already exists; nothing added."))
    return 0


def cmd_site_import(args: argparse.Namespace) -> int:
    """``--dry-run`` prints every row that would change or is wrong (row, outcome, errors
    by column) and the totals; the import itself writes all rows or none."""
    from ..siteimport import SiteImportError
    from ..sitesheet import apply_sheet, preview_sheet

    db = _open(args)
    actor = actor_for(args, db)
    if args.dry_run:
        preview = preview_sheet(db, args.file, actor, park=args.park)
        for issue in preview.file_issues:
            sys.stderr.write(f"{issue}\n")
        for row in preview.rows:
            if row.outcomes != ("unchanged",):
                errors = f"  {row.errors_text()}" if row.issues else ""
                print(tr("row {row}: {outcome}", row=row.line, outcome=row.outcome_text()) + errors)
        print(preview.summary())
        return 0 if preview.ok else 1
    try:
        report = apply_sheet(db, args.file, actor, park=args.park)
    except SiteImportError as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    print(report.summary())
    return 0


def cmd_site_export(args: argparse.Namespace) -> int:
    from ..sitesheet import export_site

    db = _open(args)
    actor = actor_for(args, db)
    try:
        result = export_site(db, args.file, actor)
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 1
    print(result.summary())
    return 0


def cmd_site_tree(args: argparse.Namespace) -> int:
    from ..sitetree import load_tree, tree_as_dict

    db = _open(args)
    actor_for(args, db)
    with db.read() as session:
        parks = load_tree(session)
    if args.json:
        json.dump(tree_as_dict(parks), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not parks:
        print(tr("The database is empty: no park yet."))
        return 0
    for park in parks:
        print(park.name)
        for building in park.buildings:
            print(f"  {building.name}")
            for floor in building.floors:
                print(f"    {floor.name}")
                for room in floor.rooms:
                    meters = ", ".join(room.meters)
                    print(f"      {room.number}  {room.tenant or '-'}  [{meters}]")
    return 0
