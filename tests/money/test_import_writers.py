"""A site import never starves the cashiers: a dry run plans in a read snapshot (no write
lock at all); a real import writes all rows in one audited transaction or none (bulk
inserts keep it short), even when the write fails in the middle.

Before, ``site import --dry-run`` applied the sheet inside ``BEGIN IMMEDIATE`` and rolled
back: a recharge queued behind a dry run of a large sheet waited the busy timeout and
failed with "database is locked".
"""

from __future__ import annotations

import csv
import json
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text

from app.db import Database
from app.ledger.recharge import RechargeRequest, recharge
from app.models import AuditEntry, BillingMode
from app.security import Actor
from app.services import site as site_service
from app.services.site import import_site
from app.siteimport import SiteImportError

from .conftest import room_of

HEADER = ["building", "floor", "room", "tenant", "meter_address", "link", "profile", "billing_mode"]
PARK = "导入园区"


def large_sheet(path: Path, rows: int) -> Path:
    """``rows`` rooms in buildings of 500, two of three let, each with a Modbus meter (200
    addresses per link)."""
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            out.writerow(
                [
                    f"导入{i // 500 + 1}栋",
                    f"{(i // 50) % 10 + 1}F",
                    f"{i:05d}",
                    f"租户{i:05d}" if i % 3 else "",
                    str(i % 200 + 1),
                    f"socket://10.1.{i // 200}.1:4001",
                    "sim-prepaid-modbus",
                    "platform",
                ]
            )
    return path


def site_rows(db: Database) -> tuple[int, ...]:
    tables = ("park", "building", "floor", "room", "tenant", "account", "link", "meter")
    with db.read() as s:
        return tuple(s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables)


def test_recharge_goes_through_while_a_large_dry_run_is_in_progress(
    park: Database, staff: dict[str, Actor], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sheet = large_sheet(tmp_path / "big.csv", 3000)
    before = site_rows(park)
    midway, go_on = threading.Event(), threading.Event()
    real_row = site_service._Applier._row

    def row(self: Any, r: Any) -> Any:  # the dry run stops midway until the recharge is in
        if r.line == 1500:
            midway.set()
            go_on.wait(120)
        return real_row(self, r)

    monkeypatch.setattr(site_service._Applier, "_row", row)
    outcome: dict[str, Any] = {}

    def dry() -> None:
        try:
            outcome["report"] = import_site(park, sheet, park=PARK, dry_run=True)
        except BaseException as exc:  # noqa: BLE001 - reported below
            outcome["error"] = exc

    runner = threading.Thread(target=dry)
    runner.start()
    try:
        assert midway.wait(120), "the dry run never reached the middle of the sheet"
        room = room_of(park, BillingMode.PLATFORM)
        started = time.monotonic()
        result = recharge(
            park, staff["cashier"], RechargeRequest("50", "cash", uuid.uuid4().hex, room_id=room.id)
        )
        took = time.monotonic() - started
    finally:
        go_on.set()
        runner.join()
    # the busy timeout is 15 s: a recharge that had to wait for the dry run took longer
    assert took < 10, f"the recharge waited {took:.1f} s behind the dry run"
    assert result.amount_fen == 5000
    assert "error" not in outcome, outcome.get("error")
    planned = outcome["report"]
    assert planned.dry_run and planned.rows == 3000
    assert site_rows(park) == before  # nothing written

    # put back only what this test patched: undo() would also undo conftest's isolation
    # (WATTDESK_HOME, the test keyring), and the import would then use the real home folder
    monkeypatch.setattr(site_service._Applier, "_row", real_row)
    done = import_site(park, sheet, park=PARK)
    assert (done.rows, done.created, done.updated, done.unchanged) == (
        planned.rows,
        planned.created,
        planned.updated,
        planned.unchanged,
    )
    assert [p.change for p in done.plan] == [p.change for p in planned.plan]
    assert done.batches == 1
    with park.read() as s:
        batches = s.scalars(
            select(AuditEntry).where(AuditEntry.action == "site.import").order_by(AuditEntry.id)
        ).all()
        assert len(batches) == 1
        details = json.loads(batches[0].detail)
        assert int(details["after"]["rows"]) == 3000, details
    # the same sheet again: the dry run and the import agree that nothing changes
    again = import_site(park, sheet, park=PARK, dry_run=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3000)


def test_dry_run_reports_the_same_errors_as_the_import(park: Database, tmp_path: Path) -> None:
    """A meter address that already belongs to another room: found by the dry run without
    writing, and the same rows and reasons when the import is tried for real."""
    sheet = large_sheet(tmp_path / "ok.csv", 10)
    import_site(park, sheet, park=PARK)
    with (tmp_path / "clash.csv").open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        out.writerow(
            [
                "导入1栋",
                "1F",
                "99999",
                "",
                "3",
                "socket://10.1.0.1:4001",
                "sim-prepaid-modbus",
                "platform",
            ]
        )
        out.writerow(
            [
                "导入1栋",
                "1F",
                "99998",
                "",
                "4",
                "socket://10.1.0.1:4001",
                "sim-prepaid-dlt645",
                "platform",
            ]
        )
    before = site_rows(park)
    with pytest.raises(SiteImportError) as dry:
        import_site(park, tmp_path / "clash.csv", park=PARK, dry_run=True)
    with pytest.raises(SiteImportError) as real:
        import_site(park, tmp_path / "clash.csv", park=PARK)
    assert [str(i) for i in dry.value.issues] == [str(i) for i in real.value.issues]
    assert dry.value.issues
    assert site_rows(park) == before
    with park.read() as s:
        assert (
            s.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "site.import"))
            == 1
        )


def test_a_failure_in_the_middle_of_the_write_leaves_nothing_written(
    park: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The meters are inserted last, after the buildings, floors, tenants, accounts and
    rooms of the sheet: a meter id that is already taken (as a concurrent insert with a
    broken sequence would make it) fails the INSERT itself, and the whole sheet rolls back
    with it: no room, no tenant, no audit row. The same sheet then imports in full."""
    sheet = large_sheet(tmp_path / "fifteen.csv", 15)
    real_allocate = site_service.allocate_ids

    def allocate(session: Any, model: type, count: int) -> list[int]:
        ids = real_allocate(session, model, count)
        if model.__name__ == "Meter":
            taken = session.scalar(text("SELECT min(id) FROM meter"))
            ids[7] = taken  # the 8th new meter: an id that is already in the table
        return ids

    monkeypatch.setattr(site_service, "allocate_ids", allocate)
    before = site_rows(park)
    with park.read() as s:
        audits = s.scalar(select(func.count(AuditEntry.id)))
    with pytest.raises(Exception, match=r"(?i)unique|duplicate"):
        import_site(park, sheet, park=PARK)
    assert site_rows(park) == before
    with park.read() as s:
        assert s.scalar(select(func.count(AuditEntry.id))) == audits
    monkeypatch.setattr(site_service, "allocate_ids", real_allocate)  # not undo(): see above
    done = import_site(park, sheet, park=PARK)
    assert (done.rows, done.created, done.batches) == (15, 15, 1)
    assert site_rows(park)[3] == before[3] + 15
