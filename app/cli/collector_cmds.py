"""``collector``: run the headless collector until SIGINT/SIGTERM (or ``--seconds``).

Only one collector per site talks on the buses: it holds the lease (``app.collector.lease``).
Started while another desk's collector holds it, this one says who and waits as a standby
(``--standby``, the default), polling nothing, and takes over within 30 s if that one
stops; ``--no-standby`` exits with code 1 instead.
"""

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
    p.add_argument(
        "--standby",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="when another desk's collector holds the buses (the lease), wait as a standby "
        "and take over within 30 s if it stops (default); --no-standby exits instead",
    )
    p.add_argument(
        "--lease-ttl",
        type=float,
        default=20.0,
        help="seconds without a heartbeat before a standby takes over (default 20)",
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
    from ..collector.lease import Lease
    from ..collector.standby import LeasedCollector
    from .site_cmds import _open

    if not 1 <= args.interval <= 1440 or 1440 % args.interval:
        from . import CommandError

        raise CommandError(tr("the interval must divide a day into whole minutes (1-1440)"))
    if not 3 <= args.lease_ttl <= 600:
        from . import CommandError

        raise CommandError(tr("--lease-ttl must be {low}-600 seconds", low=3))
    db = _open(args)
    config = CollectorConfig(
        interval_minutes=args.interval, timezone=args.timezone, simulate=not args.no_simulate
    )
    lease = Lease(db, ttl=args.lease_ttl)
    runner = LeasedCollector(
        lease,
        lambda held: Collector(db, config, lease=held),
        on_standby=lambda holder: _say_standby(holder, args, lease.ttl),
        on_running=_say_running,
        on_lost=lambda: print(
            tr(
                "This collector lost the lease to another desk and stopped talking on the "
                "buses; it waits as a standby again."
            ),
            flush=True,
        ),
    )

    def _stop(signum: int, _frame: FrameType | None) -> None:
        runner.stop()

    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    timer = threading.Timer(args.seconds, runner.stop) if args.seconds else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        stopped = runner.run(standby=args.standby)
    finally:
        if timer is not None:
            timer.cancel()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        db.dispose()
    if not stopped:
        return 1
    print(tr("Collector stopped."), flush=True)
    log.info("collector stopped after %d takeovers", runner.takeovers)
    return 0


def _say_running(collector: Any) -> None:
    stats = collector.stats()
    print(
        tr(
            "Collector running: {buses} buses, {meters} meters. Ctrl+C stops it.",
            buses=stats["buses"],
            meters=stats["meters"],
        ),
        flush=True,
    )


def _say_standby(holder: Any, args: argparse.Namespace, ttl: float) -> None:
    """Who holds the buses, and what this collector does about it (one sentence)."""
    from zoneinfo import ZoneInfo

    since = holder.since.astimezone(ZoneInfo(args.timezone)) if holder.since else None
    facts = {
        "workstation": holder.workstation,
        "pid": holder.pid,
        "since": since.strftime("%Y-%m-%d %H:%M:%S") if since else "?",
    }
    if args.standby:
        text = tr(
            "The collector on {workstation} (process {pid}) has run the buses since "
            "{since}. This one waits as a standby and takes over within {seconds} s if "
            "that one stops.",
            seconds=f"{ttl + 10:g}",
            **facts,
        )
    else:
        text = tr(
            "The collector on {workstation} (process {pid}) has run the buses since "
            "{since}. This one does not start (--no-standby).",
            **facts,
        )
    print(text, flush=True)
