"""Who a command acts as: the one place that decides, for every subcommand, how it logs in.

Before issue #13 the command line acted as the system actor ``cli:<os user>`` (an
administrator) unless ``--operator`` was given, so on a desk PC the roles held only in the
GUI. Now every subcommand declares, when it is registered, one of three kinds of access:

* ``login_required(parser, permission)``: it acts on the database as someone. It gets
  ``--operator LOGIN`` (or ``WATTDESK_OPERATOR``) and a password from ``WATTDESK_PASSWORD``,
  from the first line of standard input (``--password-stdin``), or from a prompt without
  echo on a terminal; the operator is logged in exactly as in the GUI (wrong
  passwords count towards the lockout and are audited) and must hold ``permission``
  before anything else happens (the services check again, inside their transaction).
* ``system_access(parser)``: ``init`` and the ``collector``, work nobody logs in for; they
  act as the system actor.
* ``no_database(parser)``: hardware and file commands (``meter``, ``bus``, ``simulate``,
  ``profile``, ``keystore``) that never open the database; whoever holds the serial port
  holds the meter anyway.

``actor_for(args, db)`` is what a handler calls to get its actor; it reads the declaration
from the parsed arguments (and refuses to run for a command that declared nothing), so a
command cannot log in differently from what it declared; tests/cli/test_auth.py walks the
parser and fails on a command that declares nothing.

The password is never an argument (``ps`` would show it) and never logged.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import dataclass
from enum import Enum

from ..db import Database
from ..i18n import tr
from ..security import Actor, Permission, login, needs_first_admin, require, system_actor

OPERATOR_ENV = "WATTDESK_OPERATOR"
SECRET_ENV = "WATTDESK_PASSWORD"  # the variable's name; it holds no default


class Kind(Enum):
    LOGIN = "login"  # an operator logs in
    SYSTEM = "system"  # the system actor: init, collector
    NO_DATABASE = "none"  # never opens the database


@dataclass(frozen=True, slots=True)
class Access:
    """A subcommand's declaration, stored as the parser default ``access``.

    ``permission`` is checked right after the login (None: any operator, the service decides).
    ``first_admin``: while the operator table is empty the system actor runs it (``operator
    add`` creating the first administrator, as the GUI's first start does).
    """

    kind: Kind
    permission: Permission | None = None
    first_admin: bool = False


def login_required(
    parser: argparse.ArgumentParser,
    permission: Permission | None = None,
    *,
    first_admin: bool = False,
) -> argparse.ArgumentParser:
    """Declare that the command logs in, and give it ``--operator`` and ``--password-stdin``."""
    if "--operator" not in parser._option_string_actions:
        parser.add_argument(
            "--operator",
            metavar="LOGIN",
            help=f"log in as this operator (default: {OPERATOR_ENV})",
        )
    if "--password-stdin" not in parser._option_string_actions:
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help=f"read your password from the first line of standard input when "
            f"{SECRET_ENV} does not give it (else a prompt on the terminal)",
        )
    parser.set_defaults(access=Access(Kind.LOGIN, permission, first_admin))
    return parser


def system_access(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Declare that the command runs as the system actor (``init``, ``collector`` only)."""
    parser.set_defaults(access=Access(Kind.SYSTEM))
    return parser


def no_database(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Declare that the command never opens the database, so it needs no login."""
    parser.set_defaults(access=Access(Kind.NO_DATABASE))
    return parser


def _refuse(message: str) -> Exception:
    from . import CommandError

    return CommandError(message)


def read_stdin_line() -> str | None:
    """The next line of standard input without its line end; None at the end of input."""
    line = sys.stdin.readline()
    if not line:
        return None
    return line.rstrip("\r\n")


def _password(args: argparse.Namespace, who: str) -> str:
    """``WATTDESK_PASSWORD``, else the first line of standard input (``--password-stdin``),
    else a prompt without echo on the terminal.

    The environment comes first so that standard input always gives, one a line, the
    passwords nothing else gives: a script that logs in through the environment can still
    pipe the new password of ``operator add``/``passwd`` with ``--password-stdin``.
    """
    from_env = os.environ.get(SECRET_ENV)
    if from_env:
        return from_env
    if getattr(args, "password_stdin", False):
        line = read_stdin_line()
        if line is None:
            raise _refuse(tr("--password-stdin was given but standard input is empty."))
        return line
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            return getpass.getpass(tr("Password for {login}: ", login=who))
        except EOFError:
            raise _refuse(tr("No password was typed.")) from None
    raise _refuse(
        tr(
            "No password for {login}: there is no terminal to ask for it. Give it on the first "
            "line of standard input with --password-stdin, or in the environment variable "
            "{name}.",
            login=who,
            name=SECRET_ENV,
        )
    )


def actor_for(
    args: argparse.Namespace, db: Database, permission: Permission | None = None
) -> Actor:
    """The actor the command runs as, per its declaration; refusals are ``CommandError`` or
    ``SecurityError`` with a sentence for the user (exit code 1).

    ``permission`` overrides the declared one (e.g. ``receipt pdf --copy`` needs to print).
    """
    return login_with_password(args, db, permission)[0]


def login_with_password(
    args: argparse.Namespace, db: Database, permission: Permission | None = None
) -> tuple[Actor, str | None]:
    """``actor_for`` that also returns the password typed to log in (None for the system
    actor): ``operator passwd`` of one's own account needs it as the old password."""
    access = getattr(args, "access", None)
    if not isinstance(access, Access) or access.kind is Kind.NO_DATABASE:
        # a programming error: the command opened the database without declaring a login
        raise RuntimeError(f"command {getattr(args, 'command', '?')!r} declares no login")
    if access.kind is Kind.SYSTEM:
        return system_actor(), None
    if needs_first_admin(db):
        if access.first_admin:
            return system_actor(), None
        raise _refuse(
            tr(
                "No operator exists yet: add the first administrator with "
                "`operator add LOGIN --role admin`."
            )
        )
    who = (getattr(args, "operator", None) or os.environ.get(OPERATOR_ENV) or "").strip()
    if not who:
        raise _refuse(tr("This command needs --operator LOGIN (or {name}).", name=OPERATOR_ENV))
    password = _password(args, who)
    actor = login(db, who, password)
    needed = permission or access.permission
    if needed is not None:
        require(actor, needed)
    return actor, password


__all__ = [
    "OPERATOR_ENV",
    "SECRET_ENV",
    "Access",
    "Kind",
    "actor_for",
    "login_required",
    "login_with_password",
    "no_database",
    "read_stdin_line",
    "system_access",
]
