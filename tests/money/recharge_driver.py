"""One desk of the multi-process recharge test: ``recharge_driver.py URL ROOM_ID N DESK``.

Imports first and prints ``ready``; on ``go`` (stdin) makes N recharges of 1.00 yuan on the
room, each with its own idempotency key, and prints one JSON line per recharge (receipt,
expected purchase count) or the error's type and text; then ``done``. The test starts four
of these so that the four really recharge at the same time.
"""

from __future__ import annotations

import json
import sys
import uuid


def main() -> None:
    url, room_id, count, desk = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    from app.db import Database
    from app.ledger.recharge import RechargeRequest, recharge
    from app.security import system_actor

    db = Database(url)
    actor = system_actor(workstation=desk, name=f"cli:{desk}")
    print("ready", flush=True)
    sys.stdin.readline()
    for _ in range(count):
        request = RechargeRequest("1.00", "cash", uuid.uuid4().hex, room_id=room_id)
        try:
            result = recharge(db, actor, request)
            line = {"receipt": result.receipt_number, "count": result.expected_count}
        except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
            line = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(line), flush=True)
    db.dispose()
    print("done", flush=True)


if __name__ == "__main__":
    main()
