"""Another desk's collector writer, in its own process: the real ``StateWriter`` writes
the poll results the test names, one transaction per round.

``python live_writer.py URL ROUNDS_JSON``: ROUNDS_JSON is a list of rounds, each a list of
``[meter_id, power_w, voltage_v]``. Prints ``done <rounds>`` when every round committed.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from decimal import Decimal


def main(url: str, rounds: list[list[list[int]]]) -> None:
    from sqlalchemy import select

    from app.collector import CollectorConfig
    from app.collector.hub import ChangeHub
    from app.collector.worker import PollResult
    from app.collector.writer import StateWriter
    from app.db import open_database
    from app.models import Meter
    from drivers.meter import MeterSnapshot, RelayState

    db = open_database(url, migrate=False)
    ids = sorted({m for r in rounds for m, _, _ in r})
    with db.read() as s:
        meters = {m.id: m for m in s.scalars(select(Meter).where(Meter.id.in_(ids)))}
    writer = StateWriter(db, CollectorConfig(), ChangeHub(), ids)
    for r in rounds:
        at = datetime.now(UTC)
        items: list[object] = [
            PollResult(
                mid,
                at,
                MeterSnapshot(
                    address=meters[mid].address,
                    profile=meters[mid].profile,
                    taken_at=at,
                    power=Decimal(power) / 1000,
                    voltage=Decimal(volts),
                    relay=RelayState.CLOSED,
                ),
            )
            for mid, power, volts in r
        ]
        writer._write(items)
    db.dispose()
    print(f"done {len(rounds)}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], json.loads(sys.argv[2]))
