"""What matching one delivery report to its outbox row costs (``app.notify.reports``).

``python bench/notify_reports.py [ROWS] [DATABASE_URL]``: ROWS sent 3-part rows in the
72-hour window (references wrapping at 255, as a busy modem's do), then 200 reports
applied one by one; prints milliseconds per report. SQLite file by default.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta

from app.db import Database, open_database
from app.models import OutboxMessage
from app.notify.reports import apply_report
from drivers.sms_pdu import StatusReport

REPORTS = 200


def fill(db: Database, rows: int, now: datetime) -> None:
    with db.write() as s:
        for i in range(rows):
            at = now - timedelta(minutes=i)
            refs = ",".join(str((3 * i + k) % 255 + 1) for k in range(3))
            s.add(
                OutboxMessage(
                    key=f"bench:{i}:{time.time_ns()}",
                    channel="sms",
                    recipient=f"138{i % 100000:08d}",
                    kind="low_balance",
                    text="x",
                    status="sent",
                    reference=refs,
                    parts=3,
                    sent_at=at,
                    next_try_at=at,
                    created_at=at,
                    updated_at=at,
                )
            )


def run(url: str, rows: int) -> float:
    db = open_database(url)
    now = datetime.now(UTC)
    fill(db, rows, now)
    started = time.perf_counter()
    for j in range(REPORTS):
        i = j * 7 % rows
        report = StatusReport((3 * i) % 255 + 1, f"+86138{i % 100000:08d}", 0, now, now)
        apply_report(db, "sms", report, now)
    db.dispose()
    return (time.perf_counter() - started) / REPORTS * 1000


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 3000
    with tempfile.TemporaryDirectory() as tmp:
        url = argv[1] if len(argv) > 1 else f"sqlite:///{tmp}/bench.sqlite"
        print(f"{rows} rows: {run(url, rows):.2f} ms per report")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
