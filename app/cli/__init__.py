"""``python -m app`` / ``wattdesk``: no arguments starts the GUI; subcommands do the rest.

Each command group lives in its own module with a ``register(subparsers)`` function, so a
later issue adds its commands without touching the others. Every command prints a clear
message and exits non-zero on bad input. Exit codes (``EPILOG``, docs/user-guide.md): 0 done,
1 refused (a message says why), 2 usage, 3 environment (database, disk, server, time zone:
``app.errors`` words them). Never a traceback for any of these; one for a bug, logged.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from ..errors import EXIT_ENVIRONMENT, EXIT_REFUSED, EXIT_USAGE, EnvironmentProblem, explain
from ..i18n import tr
from ..support.hooks import FILE_ONLY
from . import (
    batch_cmds,
    bill_cmds,
    billing_cmds,
    billing_run_cmds,
    collector_cmds,
    field_cmds,
    keystore_cmds,
    load_cmds,
    meter_cmds,
    money_cmds,
    notify_cmds,
    payment_cmds,
    profile_cmds,
    report_cmds,
    schedule_cmds,
    security_cmds,
    site_cmds,
)

log = logging.getLogger(__name__)


class CommandError(Exception):
    """A command refused its input: the message is for the user, exit code 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def epilog() -> str:
    return tr(
        "Exit codes: 0 done; 1 refused (a message says why); 2 usage (a wrong command or "
        "option); 3 environment (the database, the disk, the server, a port, the keyring or "
        "the time zone database: a message says what to do)."
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wattdesk",
        description="WattDesk 预付费电能管理台: prepaid electricity control room. "
        "Without a command, starts the GUI.",
        epilog=epilog(),
    )
    parser.add_argument(
        "--db", help="database URL or SQLite file (default: WATTDESK_DB or the embedded database)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    # hidden: the installed GUI draws one window and quits (app/ui/selftest.py)
    parser.add_argument("--self-test", nargs="?", const="", metavar="PNG", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    site_cmds.register(sub)
    security_cmds.register(sub)
    collector_cmds.register(sub)
    meter_cmds.register(sub)
    profile_cmds.register(sub)
    money_cmds.register(sub)
    keystore_cmds.register(sub)
    report_cmds.register(sub)
    bill_cmds.register(sub)
    billing_cmds.register(sub)
    billing_run_cmds.register(sub)
    batch_cmds.register(sub)
    schedule_cmds.register(sub)
    notify_cmds.register(sub)
    field_cmds.register(sub)
    payment_cmds.register(sub)
    load_cmds.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except EnvironmentProblem as exc:  # an option's check found the computer lacking
        sys.stderr.write(f"{exc}\n")
        return EXIT_ENVIRONMENT
    from ..support import setup_logging

    # a log file for every command and the GUI; the process-wide hooks only when this is
    # the program (argv from the command line), not a library call from a test
    gui = args.command is None
    name = "gui" if gui else "collector" if args.command == "collector" else "cli"
    setup_logging(args.verbose, gui=gui, name=name, hooks=argv is None)
    if args.command is None:
        from ..gui import run_gui

        return run_gui(args.db, self_test=args.self_test)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.parse_args([*args_list, "--help"])
        return EXIT_USAGE
    from sqlalchemy.exc import InterfaceError, OperationalError

    from ..backup import BackupError
    from ..billing.definitions import BillingError
    from ..ledger.journal import LedgerError
    from ..security import SecurityError

    keystore_cmds.install_prompt()  # the keystore file's passphrase, asked when first needed
    try:
        return int(handler(args) or 0)
    except (CommandError, SecurityError, BackupError, LedgerError, BillingError) as exc:
        # refusals whose text is already for the user (and in the user's language)
        sys.stderr.write(f"{exc}\n")
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:
        url = _db_url(args)
        message = explain(exc, url)
        if message is None and isinstance(exc, OperationalError | InterfaceError):
            # the database cannot be reached or used, for a reason app.errors does not know
            message = _unknown_database_error(exc, url)
        if message is None:
            raise  # a bug: the excepthook logs the traceback (and Python prints it)
        # the traceback goes to the log file only, for support; the user reads the sentence
        log.info("environment problem: %s", message, exc_info=True, extra={FILE_ONLY: True})
        sys.stderr.write(f"{message}\n")
        return EXIT_ENVIRONMENT


def _db_url(args: argparse.Namespace) -> str | None:
    """The database URL this command used (for naming it in an error), if any."""
    from ..config import resolve_db_url

    try:
        return resolve_db_url(getattr(args, "db_cmd", None) or getattr(args, "db", None))
    except (OSError, ValueError):
        return None


def _unknown_database_error(exc: Exception, url: str | None) -> str:
    from ..errors import database_error

    return database_error(str(getattr(exc, "orig", None) or exc), url)
