"""``python -m app`` / ``wattdesk``: no arguments starts the GUI; subcommands do the rest.

Each command group lives in its own module with a ``register(subparsers)`` function, so a
later issue adds its commands without touching the others. Every command prints a clear
message and exits non-zero on bad input (2 = usage, 1 = refused or failed).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from ..i18n import tr
from . import (
    collector_cmds,
    keystore_cmds,
    meter_cmds,
    money_cmds,
    profile_cmds,
    security_cmds,
    site_cmds,
    stubs,
)

log = logging.getLogger(__name__)


class CommandError(Exception):
    """A command refused its input: the message is for the user, exit code 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="wattdesk",
        description="WattDesk 预付费电能管理台: prepaid electricity control room. "
        "Without a command, starts the GUI.",
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
    stubs.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(args_list)
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
        return 2
    from sqlalchemy.exc import OperationalError

    from ..backup import BackupError
    from ..ledger.journal import LedgerError
    from ..security import SecurityError

    keystore_cmds.install_prompt()  # the keystore file's passphrase, asked when first needed
    try:
        return int(handler(args) or 0)
    except (CommandError, SecurityError, BackupError, LedgerError) as exc:
        # refusals whose text is already for the user (and in the user's language)
        sys.stderr.write(f"{exc}\n")
        return 1
    except OperationalError as exc:  # the database cannot be reached or opened
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        sys.stderr.write(
            tr(
                "Cannot use the database: {reason}. Check the --db address, "
                "that the server runs and that this computer may reach it.",
                reason=reason,
            )
            + "\n"
        )
        return 3
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and closed early
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


__all__ = ["CommandError", "build_parser", "main", "tr"]
