"""What the messages hook costs the collector's writer (app.notify.hooks.on_events).

The writer is fed real poll results (no bus: ``StateWriter._write`` called directly, as the
writer thread does) for ``--meters`` meter-side meters whose tenants' contacts opted in to
SMS and e-mail, in batches of ``--batch``. Four ways, interleaved round by round so that the
machine's load hits them alike (and rotated, so that none always runs first):

* ``off steady`` / ``on steady``: balances falling, no alarm level crossed (no event: the
  common batch), with the hook replaced by a no-op (the writer before issue 18) and with it;
* ``off alarms``: every meter of the batch crossing alarm level 1 (500 events), hook off;
* ``no channel``: the same with the hook on and no channel configured (a site without
  messages: one settings read per batch with events);
* ``alarms``: the same with SMS and e-mail configured (the worst case: two outbox rows per
  meter, 1,000 rows written in the batch's transaction).

Prints ms per batch (median of the rounds) and the ratio to the same batch with the hook
off, with the load average. Then the bills' hook: ``issue_bill`` for every account in one
transaction (a fee run), hook off, no channel, SMS and e-mail (one message per contact).

    .venv/bin/python bench/notify_hooks.py [--meters 500] [--batch 500] [--rounds 8]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

import app.collector.writer as writer_module  # noqa: E402
from app.collector.config import CollectorConfig  # noqa: E402
from app.collector.hub import ChangeHub  # noqa: E402
from app.collector.worker import PollResult  # noqa: E402
from app.collector.writer import StateWriter  # noqa: E402
from app.db import Database, open_database  # noqa: E402
from app.models import (  # noqa: E402
    Account,
    BillingMode,
    Building,
    Floor,
    Link,
    Meter,
    MeterRole,
    Park,
    Protocol,
    Room,
    Tenant,
    TenantContact,
    TenantKind,
)
from app.notify.rules import NotifySettings, store_settings  # noqa: E402
from drivers.meter import MeterSnapshot  # noqa: E402
from drivers.meter import RelayState as DriverRelay  # noqa: E402

START = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)  # noon in Shanghai: no quiet hours


def build(db: Database, meters: int) -> list[int]:
    ids = []
    with db.write() as s:
        park = Park(name="基准园区")
        s.add(park)
        s.flush()
        building = Building(park_id=park.id, name="A栋")
        s.add(building)
        s.flush()
        floor = Floor(building_id=building.id, name="1F", level=1)
        link = Link(name="bus", url="/dev/null", protocol=Protocol.MODBUS)
        s.add_all([floor, link])
        s.flush()
        for i in range(meters):
            tenant = Tenant(name=f"租户{i}", kind=TenantKind.DORM)
            s.add(tenant)
            s.flush()
            account = Account(number=f"A{i:06d}", tenant_id=tenant.id)
            s.add(account)
            s.flush()
            room = Room(floor_id=floor.id, number=f"{i:04d}", account_id=account.id)
            s.add(room)
            s.flush()
            meter = Meter(
                link_id=link.id,
                address=str(i + 1),
                profile="sim-prepaid-modbus",
                role=MeterRole.TENANT,
                billing_mode=BillingMode.METER,
                room_id=room.id,
                building_id=building.id,
            )
            contact = TenantContact(
                tenant_id=tenant.id, name=f"联系人{i}", phone=f"138{i:08d}", email=f"t{i}@ex.cn"
            )
            contact.sms, contact.mail, contact.language, contact.kinds = True, True, "zh_CN", []
            s.add_all([meter, contact])
            s.flush()
            ids.append(meter.id)
    return ids


def batch(ids: list[int], at: datetime, balance: str) -> list[object]:
    return [
        PollResult(
            m,
            at,
            MeterSnapshot(
                address=str(m),
                profile="sim-prepaid-modbus",
                taken_at=at,
                balance=Decimal(balance),
                relay=DriverRelay.CLOSED,
                power=Decimal("0.500"),
            ),
        )
        for m in ids
    ]


def channels(db: Database, on: bool) -> None:
    with db.write() as s:
        store_settings(s, NotifySettings(channels={"sms": {}, "email": {}} if on else {}))


def bills(db: Database, rounds: int) -> None:
    """A fee run's shape: a bill for every account in one transaction, hook off / on."""
    import app.billing.bills as bills_module

    with db.read() as s:
        accounts = list(s.scalars(select(Account.id).order_by(Account.id)))
    real = bills_module.notify_bill
    times: dict[str, list[float]] = {"off": [], "no channel": [], "sms+email": []}
    modes = list(times)
    for r in range(rounds):
        for mode in modes[r % 3 :] + modes[: r % 3]:
            bills_module.notify_bill = (lambda s, b, n=None: 0) if mode == "off" else real
            channels(db, mode == "sms+email")
            started = time.perf_counter()
            with db.write() as s:
                for a in accounts:
                    bills_module.issue_bill(s, a, "fee:1", f"R{r}", 12000, date(2026, 12, 20))
            times[mode].append(time.perf_counter() - started)
    bills_module.notify_bill = real
    base = statistics.median(times["off"])
    print(f"issue_bill x {len(accounts)} in one transaction, {rounds} rounds")
    for mode, values in times.items():
        med = statistics.median(values)
        print(f"  {mode:<11} {med * 1000:8.1f} ms   x{med / base:5.2f} of hook off")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--meters", type=int, default=500)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--db", help="a database URL (default: a new SQLite file)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="wd-notify-bench-")
    url = args.db or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
    db = open_database(url)
    ids = build(db, args.meters)[: args.batch]
    real_hook = writer_module.notify_events
    times: dict[str, list[float]] = {
        "off steady": [],
        "on steady": [],
        "off alarms": [],
        "no channel": [],
        "alarms": [],
    }
    at = START
    modes = list(times)
    for r in range(args.rounds):
        for mode in modes[r % 5 :] + modes[: r % 5]:  # rotated: no mode always goes first
            writer = StateWriter(db, CollectorConfig(), ChangeHub(), ids)
            off = mode.startswith("off")
            writer_module.notify_events = (lambda s, e: 0) if off else real_hook
            channels(db, mode != "no channel")
            # first sight at 100 yuan (level 0): not timed
            at += timedelta(minutes=1)
            writer._write(batch(ids, at, f"{100 + r}.00"))
            at += timedelta(minutes=1)
            alarms = "steady" not in mode
            balance = f"{15 - r * 0.01:.2f}" if alarms else f"{99 - r * 0.01:.2f}"
            items = batch(ids, at, balance)
            started = time.perf_counter()
            writer._write(items)
            times[mode].append(time.perf_counter() - started)
    writer_module.notify_events = real_hook
    bills(db, args.rounds)
    load = Path("/proc/loadavg").read_text().split()[:3] if os.path.exists("/proc/loadavg") else []
    print(f"writer batch of {len(ids)} poll results, {args.rounds} rounds, {db.url.split(':')[0]}")
    for mode, values in times.items():
        med = statistics.median(values)
        base = statistics.median(times["off steady" if "steady" in mode else "off alarms"])
        print(f"  {mode:<11} {med * 1000:8.1f} ms/batch   x{med / base:5.2f} of hook off")
    print(f"load average {' '.join(load)}")
    db.dispose()


if __name__ == "__main__":
    main()
