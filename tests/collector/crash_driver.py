"""A zygote for the collector crash test: imports once, forks one collector per round.

Importing the app costs ~2.5 s on the 2-core machine; forking an already-imported process
costs milliseconds, so many SIGKILLs fit in the test's time. Protocol on stdin/stdout:
``go`` -> fork a child that opens the database, starts a ``Collector`` and prints
``up <pid>`` once it runs (then serves until killed); ``quit`` -> exit. The parent reaps
dead children before each fork. Nothing here starts a thread before forking.
"""

from __future__ import annotations

import os
import sys
import time


def child(url: str) -> None:
    from app.collector import Collector, CollectorConfig, PollPlan
    from app.db import open_database

    db = open_database(url)
    config = CollectorConfig(
        min_poll_interval=0.02,
        offline_retry=0.3,
        batch_seconds=0.05,
        command_poll=0.05,
        automation_period=0.2,
        default_plan=PollPlan(energy_period=0.3),
    )
    collector = Collector(db, config)
    collector.start()
    sys.stdout.write(f"up {os.getpid()}\n")
    sys.stdout.flush()
    while True:
        time.sleep(3600)


def main() -> None:
    url = sys.argv[1]
    import app.collector
    import app.db  # noqa: F401

    sys.stdout.write("ready\n")
    sys.stdout.flush()
    for line in sys.stdin:
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if pid == 0:
                break
        if line.strip() == "quit":
            break
        if line.strip() == "go":
            pid = os.fork()
            if pid == 0:
                try:
                    child(url)
                finally:
                    os._exit(0)


if __name__ == "__main__":
    main()
