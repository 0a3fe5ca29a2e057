"""``collector``: run the headless collector until SIGINT/SIGTERM (or ``--seconds``)."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from types import FrameType
from typing import Any

from ..i18n import tr
from .auth import system_access

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    p = sub.add_parser(
        "collector",
        help="run the headless collector (polls the buses, runs meter commands)",
        description="Own the serial buses of this workstation: poll every meter, run the "
        "queued meter commands, store state, readings and events, bill platform-side "
        "meters and apply the relay rules. Stops on Ctrl+C or SIGTERM.",
    )
    p.add_argument("--db", dest="db_cmd", help="database URL or SQLite file")
    p.add_argument("--interval", type=int, default=15, help="interval readings, minutes")
    p.add_argument("--timezone", default="Asia/Shanghai", type=_zone, help="site time zone")
    p.add_argument("--seconds", type=float, default=0, help="stop after this many seconds")
    p.add_argument(
        "--no-simulate", action="store_true", help="skip sim:// links instead of simulating them"
    )
    p.set_defaults(handler=cmd_collector)
    system_access(p)  # the collector runs unattended: nobody logs in for it


def _zone(name: str) -> str:
    """A time zone this computer knows: a wrong name is a usage error (exit 2); no time
    zone database at all is the computer's problem (``EnvironmentProblem``, exit 3)."""
    from ..errors import check_zone

    try:
        return check_zone(name)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def cmd_collector(args: argparse.Namespace) -> int:
    from ..collector import Collector, CollectorConfig
    from .site_cmds import _open

    if not 1 <= args.interval <= 1440 or 1440 % args.interval:
        from . import CommandError

        raise CommandError(tr("the interval must divide a day into whole minutes (1-1440)"))
    db = _open(args)
    config = CollectorConfig(
        interval_minutes=args.interval, timezone=args.timezone, simulate=not args.no_simulate
    )
    done = threading.Event()

    def _stop(signum: int, _frame: FrameType | None) -> None:
        done.set()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    collector = Collector(db, config)
    try:
        collector.start()
        stats = collector.stats()
        print(
            tr(
                "Collector running: {buses} buses, {meters} meters. Ctrl+C stops it.",
                buses=stats["buses"],
                meters=stats["meters"],
            ),
            flush=True,
        )
        done.wait(args.seconds or None)
    finally:
        collector.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        db.dispose()
    stats = collector.stats()
    print(tr("Collector stopped."), flush=True)
    log.info("collector stats: %s", stats)
    return 0
