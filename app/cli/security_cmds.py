"""``operator add|list|disable|enable|unlock|passwd``, ``audit verify|show``, ``backup``,
``restore``.

Every one of them logs in (``--operator``, see ``app.cli.auth``) and needs the role the GUI
would need; only ``operator add`` on an empty operator table runs as the system actor, to
create the first administrator. A new password is asked on the terminal without echo,
twice; scripts pass it on standard input with ``--password-stdin``, on the line after their
own password when that comes from standard input too, i.e. when ``WATTDESK_PASSWORD`` does
not give it (never as an argument, where ``ps`` would show it).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from ..db import Database
from ..i18n import tr
from ..migrate import SchemaTooNewError
from ..models import Role
from ..security import Permission
from .auth import actor_for, login_required, login_with_password, read_stdin_line


def register(sub: argparse._SubParsersAction[Any]) -> None:
    op = sub.add_parser("operator", help="add, list, disable operators or change a password")
    op_sub = op.add_subparsers(dest="operator_command", metavar="SUBCOMMAND", required=True)
    add = op_sub.add_parser("add", help="add an operator (the first one must be an admin)")
    add.add_argument("login", help="login name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--name", help="display name (default: the login)")
    _password_option(add)
    _db_option(add)
    add.set_defaults(handler=cmd_operator_add)
    login_required(add, Permission.OPERATOR_MANAGE, first_admin=True)

    lst = op_sub.add_parser("list", help="list operators")
    lst.add_argument("--json", action="store_true", help="print JSON")
    _db_option(lst)
    lst.set_defaults(handler=cmd_operator_list)
    login_required(lst, Permission.VIEW)

    for name, text in (
        ("disable", "disable an operator (they can no longer log in)"),
        ("enable", "enable a disabled operator"),
        ("unlock", "lift a lockout after too many wrong passwords"),
    ):
        cmd = op_sub.add_parser(name, help=text)
        cmd.add_argument("login")
        _db_option(cmd)
        cmd.set_defaults(handler=cmd_operator_state, action=name)
        login_required(cmd, Permission.OPERATOR_MANAGE)

    pw = op_sub.add_parser("passwd", help="set a new password for an operator")
    pw.add_argument("login")
    _password_option(pw)
    _db_option(pw)
    pw.set_defaults(handler=cmd_operator_passwd)
    login_required(pw)  # one's own password, or anybody's as an administrator

    aud = sub.add_parser("audit", help="verify or show the audit log")
    aud_sub = aud.add_subparsers(dest="audit_command", metavar="SUBCOMMAND", required=True)
    ver = aud_sub.add_parser("verify", help="check the whole hash chain; name the first bad row")
    _db_option(ver)
    ver.set_defaults(handler=cmd_audit_verify)
    login_required(ver, Permission.AUDIT_READ)
    show = aud_sub.add_parser("show", help="print audit rows, oldest first")
    show.add_argument("--since", type=_when, help="from this date or time (ISO, local time)")
    show.add_argument("--limit", type=int, default=200, help="at most this many, the newest")
    show.add_argument("--action", help="only actions starting with this (e.g. login)")
    show.add_argument("--json", action="store_true", help="print JSON lines")
    _db_option(show)
    show.set_defaults(handler=cmd_audit_show)
    login_required(show, Permission.AUDIT_READ)

    bak = sub.add_parser("backup", help="take a verified online backup of the database")
    bak.add_argument("--to", type=Path, help="a directory, or a new file name")
    bak.add_argument("--keep", type=int, help="automatic backups to keep in that directory")
    _db_option(bak)
    bak.set_defaults(handler=cmd_backup)
    login_required(bak, Permission.BACKUP)

    res = sub.add_parser("restore", help="restore a verified backup (the current DB is kept)")
    res.add_argument("path", type=Path, help="the backup file")
    _db_option(res)
    res.set_defaults(handler=cmd_restore)
    # a fresh machine has no operators yet: restoring its first database needs no login
    login_required(res, Permission.RESTORE, first_admin=True)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the passwords from standard input, one a line: yours (when you log in "
        "and WATTDESK_PASSWORD does not give it), then the new one",
    )


def _when(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not an ISO date or time: {text!r}") from exc
    return value if value.tzinfo else value.astimezone()


def _fail(message: str) -> Exception:
    from . import CommandError

    return CommandError(message)


def _open(args: argparse.Namespace, *, create: bool = False) -> Database:
    from .site_cmds import _open as open_db  # refuses a missing file (only init creates)

    return open_db(args, create=create)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = read_stdin_line()
        if line is None:
            raise _fail(tr("No new password on standard input (--password-stdin)."))
        return line
    if not sys.stdin.isatty():
        raise _fail(tr("No terminal to ask for the password: use --password-stdin."))
    first = getpass.getpass(tr("New password: "))
    second = getpass.getpass(tr("Repeat the password: "))
    if first != second:
        raise _fail(tr("The passwords do not match."))
    return first


T = TypeVar("T")


def _run(call: Callable[[], T]) -> T:
    """Turn the security layer's refusals into a clean message and exit code 1."""
    from ..backup import BackupError
    from ..security import SecurityError

    try:
        return call()
    except (SecurityError, BackupError, SchemaTooNewError) as exc:
        raise _fail(str(exc)) from exc


def cmd_operator_add(args: argparse.Namespace) -> int:
    from ..security import add_operator

    db = _open(args)
    actor = _run(lambda: actor_for(args, db))
    password = _read_password(args)
    info = _run(
        lambda: add_operator(
            db, actor, args.login, args.name or args.login, Role(args.role), password
        )
    )
    print(tr("Operator {login} ({role}) added.", login=info.login, role=info.role.value))
    return 0


def cmd_operator_list(args: argparse.Namespace) -> int:
    from ..security import list_operators

    db = _open(args)
    actor = _run(lambda: actor_for(args, db))
    infos = _run(lambda: list_operators(db, actor))
    if args.json:
        rows = [
            {
                "login": i.login,
                "name": i.display_name,
                "role": i.role.value,
                "active": i.active,
                "locked_until": i.locked_until.isoformat() if i.locked_until else None,
            }
            for i in infos
        ]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not infos:
        print(tr("No operators yet: add the first with `operator add LOGIN --role admin`."))
    for i in infos:
        state = tr("active") if i.active else tr("disabled")
        if i.locked_until:
            until = i.locked_until.astimezone().strftime("%Y-%m-%d %H:%M")
            state += " " + tr("locked until {time}", time=until)
        print(f"{i.login:<20} {i.role.value:<9} {state:<10} {i.display_name}")
    return 0


def cmd_operator_state(args: argparse.Namespace) -> int:
    from ..security import disable_operator, enable_operator, unlock_operator

    db = _open(args)
    actor = _run(lambda: actor_for(args, db))
    call = {"disable": disable_operator, "enable": enable_operator, "unlock": unlock_operator}
    info = _run(lambda: call[args.action](db, actor, args.login))
    print(tr("Operator {login}: {action} done.", login=info.login, action=args.action))
    return 0


def cmd_operator_passwd(args: argparse.Namespace) -> int:
    from ..security import change_password

    db = _open(args)
    actor, own_password = _run(lambda: login_with_password(args, db))
    password = _read_password(args)
    _run(lambda: change_password(db, actor, args.login, password, old_password=own_password))
    print(tr("Password of {login} changed.", login=args.login))
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from ..security import verify_chain

    db = _open(args)
    _run(lambda: actor_for(args, db))
    result = _run(lambda: verify_chain(db))
    print(result.summary())
    print(tr("Checked in {seconds:.2f} s.", seconds=result.seconds))
    return 0 if result.ok else 1


def cmd_audit_show(args: argparse.Namespace) -> int:
    from ..security import list_entries

    db = _open(args)
    actor = _run(lambda: actor_for(args, db))
    rows = _run(
        lambda: list_entries(
            db, actor, since=args.since, limit=args.limit, action_prefix=args.action
        )
    )
    for r in rows:
        if args.json:
            record = {
                "id": r.id,
                "ts": r.ts.isoformat(),
                "actor": r.actor,
                "operator_id": r.operator_id,
                "workstation": r.workstation,
                "action": r.action,
                "target": r.target,
                "detail": r.detail_dict(),
            }
            print(json.dumps(record, ensure_ascii=False))
        else:
            when = r.ts.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            print(
                f"{r.id:>7} {when} {r.actor:<16} {r.workstation:<12} {r.action:<18} "
                f"{r.target} {r.detail}"
            )
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from ..backup import backup

    db = _open(args)
    actor = _run(lambda: actor_for(args, db))
    result = _run(lambda: backup(db, actor, to=args.to, keep=args.keep))
    print(
        tr(
            "Backup written to {path} ({size} bytes, integrity ok) in {seconds:.1f} s.",
            path=result.path,
            size=result.size,
            seconds=result.seconds,
        )
    )
    for path in result.pruned:
        print(tr("Removed old backup {path}.", path=path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ..backup import restore

    db = _open(args, create=True)  # a backup may be restored where no database is yet
    actor = _run(lambda: actor_for(args, db))
    result = _run(lambda: restore(db, args.path, actor))
    print(
        tr(
            "Restored {path} (schema {old}, now {new}). The replaced database is kept at {kept}.",
            path=result.restored_from,
            old=result.schema_of_backup,
            new=result.schema_now,
            kept=result.replaced_kept_at,
        )
    )
    return 0
