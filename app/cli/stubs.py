"""Commands of DESIGN.md that later issues implement: present, documented, and honest."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from ..i18n import tr
from .auth import no_database

# command -> (help, issue that implements it)
PLANNED = {
    "report": ("energy and income reports to PDF, CSV or XLSX", 8),
}


def register(sub: argparse._SubParsersAction[Any]) -> None:
    for name, (text, issue) in PLANNED.items():
        parser = sub.add_parser(name, help=f"{text} (not yet)", description=text)
        parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        parser.set_defaults(handler=_not_yet(issue))
        no_database(parser)


def _not_yet(issue: int) -> Callable[[argparse.Namespace], int]:
    def handler(_args: argparse.Namespace) -> int:
        sys.stderr.write(
            tr("This command is not available yet (it comes with issue {issue}).", issue=issue)
            + "\n"
        )
        return 3

    return handler
