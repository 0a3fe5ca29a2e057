"""One desk of the billing-run process tests: ``run_driver.py URL SOURCE PERIOD MODE DESK``.

Imports first and prints ``ready``; on ``go`` (stdin) posts the run and prints one JSON
line (the run id, or the refusal's text). ``MODE``:

- ``plain``: just post;
- ``crash:N``: once the run's ledger transactions are written (``journal.post_many``, one
  batch; at least N of them) inside the one transaction, not committed, print ``mid`` and
  wait to be killed (the test sends SIGKILL);
- ``race``: once the run is computed and checked (nothing posted yet), print ``computed``
  and wait for a second ``go``: on PostgreSQL the test lets both desks past the check
  before either writes, so the partial unique index decides.
"""

from __future__ import annotations

import json
import sys
import threading
from typing import Any


def main() -> None:
    url, source, period, mode, desk = sys.argv[1:6]
    from app.billing import runs
    from app.db import Database
    from app.security import system_actor

    db = Database(url)
    actor = system_actor(workstation=desk, name=f"cli:{desk}")
    if mode.startswith("crash:"):
        _stop_after(runs, int(mode.split(":")[1]))
    elif mode == "race":
        _pause_before_write(runs)
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        line: dict[str, Any] = {"run": runs.post(db, actor, source, period).id}
    except runs.BillingRunError as exc:
        line = {"refused": str(exc)}
    print(json.dumps(line), flush=True)
    db.dispose()


def _stop_after(runs: Any, count: int) -> None:
    real = runs.post_many

    def post_many(*args: Any, **kwargs: Any) -> Any:
        ids = real(*args, **kwargs)
        if len(ids) >= count:  # the money is written, the lines and audit row are not
            print("mid", flush=True)
            threading.Event().wait()  # until SIGKILL
        return ids

    runs.post_many = post_many


def _pause_before_write(runs: Any) -> None:
    real = runs._write

    def write(*args: Any, **kwargs: Any) -> Any:
        print("computed", flush=True)
        sys.stdin.readline()
        return real(*args, **kwargs)

    runs._write = write


if __name__ == "__main__":
    main()
