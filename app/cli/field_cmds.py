"""``field export --building B [--building B2] --output FILE`` and ``field merge FILE
[--accept]``: the laptop in the field (现场, 离线, 合并; app/field, issue 20 item 2).

Both log in and need ``field.package`` (administrators). ``merge`` without ``--accept``
applies a package that conflicts with nothing; with conflicts it lists them with their
proposed resolution, applies nothing and exits 1 until an administrator accepts. A package
merged before: "already merged", exit 0.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..i18n import tr
from ..security import Permission
from .auth import actor_for, login_required

LAPTOP_PASSPHRASE_ENV = "WATTDESK_LAPTOP_KEYSTORE_PASSPHRASE"


def register(sub: argparse._SubParsersAction[Any]) -> None:
    group = sub.add_parser("field", help="the laptop in the field: export a package, merge it back")
    cmds = group.add_subparsers(dest="field_command", metavar="SUBCOMMAND", required=True)
    export = cmds.add_parser("export", help="write a signed package of buildings for the laptop")
    export.add_argument(
        "--building",
        action="append",
        required=True,
        metavar="B",
        help="a building's name or id (repeat for more)",
    )
    export.add_argument("--output", required=True, metavar="FILE", help="the package file")
    export.add_argument(
        "--laptop-keystore",
        metavar="FILE",
        help="also write a keystore file for the laptop holding only this package's key "
        f"(passphrase from {LAPTOP_PASSPHRASE_ENV} or typed twice)",
    )
    export.add_argument(
        "--operator",
        action="append",
        metavar="LOGIN",
        help="only this operator (repeat for more) and you can log in on the laptop; the "
        "others come over disabled, without their password hash (default: all operators)",
    )
    export.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    export.set_defaults(handler=cmd_export)
    login_required(export, Permission.FIELD_PACKAGE)
    merge = cmds.add_parser("merge", help="verify a package and bring its field work back")
    merge.add_argument("file", metavar="FILE")
    merge.add_argument(
        "--accept",
        action="store_true",
        help="apply the package with its conflicts resolved as proposed (administrators)",
    )
    merge.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    merge.set_defaults(handler=cmd_merge)
    login_required(merge, Permission.FIELD_PACKAGE)
    ports = cmds.add_parser(
        "ports",
        help="on the laptop: point links of the package at its USB RS-485 adapters "
        "(the other links are switched off)",
    )
    ports.add_argument(
        "ports", nargs="+", metavar="LINK=PORT", help="e.g. '总线 A1-1=/dev/ttyUSB0'"
    )
    ports.add_argument("--db", dest="db_cmd", help="the package file")
    ports.set_defaults(handler=cmd_ports)
    login_required(ports, Permission.METER_EDIT)
    note = cmds.add_parser("note", help="on the laptop: a note about a meter, merged back")
    note.add_argument("--meter", type=int, required=True, metavar="ID")
    note.add_argument("--text", required=True)
    note.add_argument("--db", dest="db_cmd", help="the package file")
    note.set_defaults(handler=cmd_note)
    login_required(note, Permission.VIEW)


def cmd_export(args: argparse.Namespace) -> int:
    from ..field import FieldError
    from ..field.export import LaptopKeystore, export_package
    from . import CommandError
    from .site_cmds import _open

    db = _open(args)
    actor = actor_for(args, db)
    laptop = None
    if args.laptop_keystore:
        laptop = LaptopKeystore(Path(args.laptop_keystore), _laptop_passphrase())
    try:
        result = export_package(
            db, actor, list(args.building), Path(args.output), laptop=laptop,
            operators=args.operator,
        )  # fmt: skip
    except FieldError as exc:
        raise CommandError(str(exc)) from exc
    names = ", ".join(b["name"] for b in result.buildings)
    print(
        tr(
            "Field package {id} written to {path}: {buildings}; {rooms} rooms, {meters} meters, "
            "{operators} operators; field receipts numbered {prefix}00000001 and up.",
            id=result.package_id[:12],
            path=args.output,
            buildings=names,
            rooms=result.rooms,
            meters=result.meters,
            operators=result.operators,
            prefix=result.receipt_prefix,
        )
    )
    return 0


def _laptop_passphrase() -> str:
    """The laptop keystore's passphrase: the environment, else typed twice on a terminal."""
    import getpass
    import os
    import sys

    from . import CommandError

    given = os.environ.get(LAPTOP_PASSPHRASE_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise CommandError(
            tr(
                "--laptop-keystore needs a passphrase: set {name} or run on a terminal.",
                name=LAPTOP_PASSPHRASE_ENV,
            )
        )
    first = getpass.getpass(tr("Passphrase of the laptop's keystore: "))
    if getpass.getpass(tr("Repeat the passphrase: ")) != first:
        raise CommandError(tr("The two passphrases differ; nothing was exported."))
    return first


def cmd_merge(args: argparse.Namespace) -> int:
    from ..field import FieldError
    from ..field.apply import describe, merge_package
    from . import CommandError
    from .site_cmds import _open

    db = _open(args)
    actor = actor_for(args, db)
    try:
        outcome = merge_package(db, actor, Path(args.file), accept=args.accept)
    except FieldError as exc:
        raise CommandError(str(exc)) from exc
    if outcome.status == "already":
        print(tr("Package {id} is already merged: nothing changed.", id=outcome.package_id[:12]))
        return 0
    work = outcome.plan
    assert work is not None
    if outcome.status == "conflicts":
        print(
            tr(
                "Package {id}: {count} conflict(s).",
                id=outcome.package_id[:12],
                count=len(work.conflicts),
            )
        )
        for conflict in work.conflicts:
            print(f"- {describe(conflict)}")
        raise CommandError(
            tr(
                "Nothing was applied. An administrator accepts the proposed resolutions with "
                "field merge FILE --accept."
            )
        )
    print(
        tr(
            "Package {id} merged: {recharges} recharge(s), {readings} reading(s), {events} "
            "event(s), {audit} audit row(s); office receipts {receipts}.",
            id=outcome.package_id[:12],
            recharges=len(work.recharges),
            readings=outcome.readings_added,
            events=work.events,
            audit=work.audit_rows,
            receipts=", ".join(outcome.office_receipts) or "-",
        )
    )
    return 0


def cmd_ports(args: argparse.Namespace) -> int:
    from ..field import FieldError
    from ..field.offline import use_ports
    from . import CommandError
    from .site_cmds import _open

    pairs: dict[str, str] = {}
    for item in args.ports:
        name, sep, port = item.partition("=")
        if not sep or not name.strip() or not port.strip():
            raise CommandError(tr("Give each port as LINK=PORT, not {item!r}.", item=item))
        pairs[name.strip()] = port.strip()
    db = _open(args)
    actor = actor_for(args, db)
    try:
        use_ports(db, actor, pairs)
    except FieldError as exc:
        raise CommandError(str(exc)) from exc
    for name, port in pairs.items():
        print(tr("{link}: {port}", link=name, port=port))
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    from ..field import FieldError
    from ..field.offline import add_note
    from . import CommandError
    from .site_cmds import _open

    db = _open(args)
    actor = actor_for(args, db)
    try:
        event = add_note(db, actor, args.meter, args.text)
    except FieldError as exc:
        raise CommandError(str(exc)) from exc
    print(tr("Note {id} recorded.", id=event))
    return 0
