"""Crash driver: forks recharge workers and kills them with SIGKILL at random moments.

Run as ``python -m tests.money.crash_driver URL KILLS SEED`` (the test does). The driver
imports everything once and forks, so each of the hundreds of kills costs milliseconds, not
an interpreter start. A worker logs each recharge's intent (key, room, amount) and fsyncs
it *before* calling the service, as a cashier window holds its key before the click; the
next worker first retries every intent of the log with the same key, then goes on. The
driver prints a JSON summary for the test to check.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import uuid
from pathlib import Path

from sqlalchemy import select


def worker(url: str, log: Path, rooms: list[int], pipe: int, seed: int) -> None:
    from app.db import Database
    from app.ledger.recharge import RechargeRequest, recharge
    from app.security import system_actor

    db = Database(url)
    actor = system_actor(name="crash-test")
    rng = random.Random(seed)
    retry_unfinished(db, log)  # what a killed worker may have left undone
    while True:
        key, room, amount = (
            uuid.uuid4().hex,
            rng.choice(rooms),
            f"{rng.randint(1, 500)}.{rng.randint(0, 99):02d}",
        )
        with log.open("a") as fh:
            fh.write(f"{key},{room},{amount}\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.write(pipe, b"i")
        recharge(db, actor, RechargeRequest(amount, "cash", key, room_id=room))
        os.write(pipe, b"c")


def retry_unfinished(db, log: Path) -> None:  # type: ignore[no-untyped-def]
    """Retry, with the same key, every logged intent the database does not hold yet."""
    from app.ledger.recharge import RechargeRequest, recharge
    from app.models import LedgerTxn
    from app.security import system_actor

    with db.read() as s:
        done = {k for (k,) in s.execute(select(LedgerTxn.idempotency_key))}
    for line in log.read_text().splitlines():
        key, room, amount = line.split(",")
        if key not in done:
            recharge(
                db,
                system_actor(name="crash-test"),
                RechargeRequest(amount, "cash", key, room_id=int(room)),
            )


def main(url: str, kills: int, seed: int) -> None:
    import keyring

    from app.db import Database
    from app.ledger import recharge as _warm  # noqa: F401 - import once, before forking
    from app.models import BillingMode, Meter, Room

    keyring.get_keyring()  # resolve the backend once, not in every worker
    rng = random.Random(seed)
    db = Database(url)
    with db.read() as s:  # six platform-side and six meter-side rooms (both write paths)
        rooms: list[int] = []
        for mode in (BillingMode.PLATFORM, BillingMode.METER):
            query = (
                select(Room.id)
                .join(Meter, Meter.room_id == Room.id)
                .where(Room.account_id.is_not(None), Meter.billing_mode == mode)
                .order_by(Room.id)
                .limit(6)
            )
            rooms += [r for (r,) in s.execute(query)]
    db.dispose()
    log = Path(url.removeprefix("sqlite:///") + ".intents")
    log.touch()
    for n in range(kills + 1):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            os.close(read_end)
            try:
                worker(url, log, rooms, write_end, seed * 1000 + n)
            finally:
                os._exit(0)
        os.close(write_end)
        if n == kills:  # the last worker: let it retry the log, do one more recharge, stop it
            _wait_events(read_end, b"c", 1)
            os.kill(pid, signal.SIGKILL)
        else:
            _wait_events(
                read_end, b"ic", rng.randint(1, 6)
            )  # kill after a random number of steps...
            if rng.random() < 0.7:  # ...and often a little later, somewhere inside a transaction
                for _ in range(rng.randint(0, 20_000)):
                    pass
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(read_end)
    # one clean pass to finish every intent, as the cashier's retry after restart would
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        try:
            from app.db import Database as Db

            retry_unfinished(Db(url), log)
        finally:
            os._exit(0)
    os.close(write_end)
    _, status = os.waitpid(pid, 0)
    os.close(read_end)
    print(
        json.dumps(
            {"kills": kills, "intents": len(log.read_text().splitlines()), "final_status": status}
        )
    )


def _wait_events(fd: int, kinds: bytes, count: int) -> None:
    seen = 0
    while seen < count:
        chunk = os.read(fd, 64)
        if not chunk:
            return  # the worker died on its own: the test will find out why
        seen += sum(1 for b in chunk if bytes([b]) in kinds)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
