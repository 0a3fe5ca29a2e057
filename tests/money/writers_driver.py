"""One cashier process of the writers test: recharges one room as fast as it can.

Run as ``python -m tests.money.writers_driver URL ROOM COUNT TAG``. It prints ``ready``
once imported and connected, waits for a line on stdin (so that every process starts at
the same moment, without sleeps), then makes COUNT recharges through the service (the
same code the CLI calls, with the system actor, so it needs no login) and prints a JSON
summary: the amounts that were committed and the errors of those that were not.
"""

from __future__ import annotations

import json
import sys
import time


def main(url: str, room: int, count: int, tag: str) -> None:
    from app.db import Database
    from app.ledger.recharge import RechargeRequest, recharge
    from app.security import system_actor

    db = Database(url)
    actor = system_actor(name=f"writers-{tag}")
    print("ready", flush=True)
    sys.stdin.readline()
    done: list[int] = []
    errors: list[str] = []
    seconds: list[float] = []
    for i in range(count):
        amount = f"{int(tag) + 1}.{i:02d}"
        started = time.perf_counter()
        try:
            result = recharge(
                db, actor, RechargeRequest(amount, "cash", f"writers-{tag}-{i:04d}", room_id=room)
            )
        except Exception as exc:  # noqa: BLE001 - counted and reported to the test
            errors.append(f"{type(exc).__name__}: {exc}"[:300])
            continue
        seconds.append(time.perf_counter() - started)
        done.append(result.amount_fen)
    db.dispose()
    print(json.dumps({"done": done, "errors": errors, "max_s": max(seconds, default=0.0)}))


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
