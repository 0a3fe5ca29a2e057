"""The field round trip end to end (issue 20, "Done when"): export two buildings of the demo
park (the office on SQLite, and on PostgreSQL), work offline on the package with simulated
buses on ptys (read meters, cut and restore a relay, a meter-side recharge written to the
meter, a platform-side one, a note), meanwhile at the office close the recharged account and
publish a new tariff version; merge lists the conflicts and applies nothing; a cashier may
not accept; the administrator's --accept applies everything once; merging again changes
nothing; a changed package is refused. Commands run as real ``python -m app`` processes."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.collector import Collector
from app.db import Database
from app.field.offline import add_note, package_identity
from app.ledger.accounts import close_account
from app.ledger.journal import verify
from app.ledger.recharge import RechargeRequest, recharge
from app.ledger.tariffs import publish_version
from app.models import (
    Account,
    AccountStatus,
    AuditEntry,
    Building,
    CommandStatus,
    Event,
    FieldPackage,
    LedgerTxn,
    Link,
    Meter,
    MeterCommand,
    MeterRole,
    MeterState,
    Reading,
    Receipt,
    Room,
    TariffRow,
    TariffVersionRow,
    utcnow,
)
from app.security import audit, login
from app.services.commands import request_relay
from drivers.simulator import BusSimulator, SimClock
from drivers.simulator.model import make_meters
from tests.clilogin import PASSWORD, add_staff
from tests.collector.conftest import fast_config, sim_start, wait_for

from .conftest import flip_byte, refused, run_app

OFFICE_BUILDING = "1号厂房"  # platform-side, Modbus
DORM = "学生公寓1号楼"  # meter-side, DL/T 645


def _tenant_meter(db: Database, link: str) -> tuple[int, int, int, str]:
    """(meter id, room id, account id, address) of the first tenant meter on ``link``."""
    with db.read() as s:
        meter = s.scalars(
            select(Meter)
            .join(Link, Link.id == Meter.link_id)
            .where(Link.name == link, Meter.role == MeterRole.TENANT)
            .order_by(Meter.id)
        ).first()
        assert meter is not None and meter.room_id is not None
        room = s.get(Room, meter.room_id)
        assert room is not None and room.account_id is not None
        return meter.id, room.id, room.account_id, meter.address


def _dlt_sim(db: Database, link: str, clock: SimClock) -> BusSimulator:
    """A DL/T 645 bus whose meters have the addresses of ``link``'s meters."""
    with db.read() as s:
        addresses = list(
            s.scalars(
                select(Meter.address)
                .join(Link, Link.id == Meter.link_id)
                .where(Link.name == link)
                .order_by(Meter.id)
            )
        )
    meters = [
        replace(m, address=a)
        for m, a in zip(make_meters(len(addresses), "dlt645"), addresses, strict=True)
    ]
    return BusSimulator(meters, protocol="dlt645", baud=2400, clock=clock)


def _counts(db: Database) -> dict[str, Any]:
    with db.read() as s:
        return {
            "txns": s.scalar(select(func.count(LedgerTxn.id))),
            "receipts": s.scalar(select(func.count(Receipt.id))),
            "readings": s.scalar(select(func.count(Reading.id))),
            "events": s.scalar(select(func.count(Event.id))),
            "commands": s.scalar(select(func.count(MeterCommand.id))),
            "audit_field": s.scalar(
                select(func.count(AuditEntry.id)).where(AuditEntry.action.like("field.%"))
            ),
        }


def _links(db: Database, building: str) -> list[str]:
    with db.read() as s:
        return list(
            s.scalars(
                select(Link.name)
                .join(Meter, Meter.link_id == Link.id)
                .join(Building, Building.id == Meter.building_id)
                .where(Building.name == building, Meter.role == MeterRole.TENANT)
                .group_by(Link.name)
                .order_by(Link.name)
            )
        )


def _work_offline(pkg: Path, a_link: str, d_link: str) -> dict[str, Any]:
    """The laptop's day: both buses on ptys, reads, a relay cut and restored, two cash
    recharges (platform-side, meter-side written on the spot), a note."""
    db = Database(f"sqlite:///{pkg}")
    clock = SimClock(start=sim_start(), rate=60)
    done: dict[str, Any] = {}
    with (
        BusSimulator(count=32, protocol="modbus", clock=clock) as bus_a,
        _dlt_sim(db, d_link, clock) as bus_d,
    ):
        cashier = login(db, "cashier", PASSWORD)
        operator = login(db, "operator", PASSWORD)
        # the laptop's adapters, through the command line (its login under the default
        # hashing cost does not rehash the admin's cheap test hash on a package)
        ports = run_app(
            "field", "ports", f"{a_link}={bus_a.path}", f"{d_link}={bus_d.path}",
            "--db", str(pkg),
        )  # fmt: skip
        assert ports.returncode == 0, ports.stderr
        m1, r1, acc1, addr1 = _tenant_meter(db, a_link)
        m3, r3, _acc3, addr3 = _tenant_meter(db, d_link)
        collector = Collector(db, fast_config(clock, sim_rate=60))
        collector.start()
        try:
            for meter_id in (m1, m3):
                wait_for(lambda m=meter_id: _state(db, m), 90, f"first poll of meter {meter_id}")
            platform = recharge(
                db,
                cashier,
                RechargeRequest("20.00", "cash", "field-test-platform-1", room_id=r1),
            )
            assert platform.command_id is None  # platform-side: posted when merged
            meter_side = recharge(
                db, cashier, RechargeRequest("30.00", "cash", "field-test-meter-0001", room_id=r3)
            )
            assert meter_side.command_id is not None
            collector.wake()
            _confirmed(db, meter_side.command_id)
            assert bus_d.meter(addr3).purchase_count == 1  # written to the meter on the spot
            cut = request_relay(db, operator, m1, "cut")
            collector.wake()
            _confirmed(db, cut)
            assert bus_a.meter(addr1).relay_cut
            restore = request_relay(db, operator, m1, "close")
            collector.wake()
            _confirmed(db, restore)
            assert not bus_a.meter(addr1).relay_cut
            add_note(db, operator, m1, "表箱铅封完好 seal intact")
            wait_for(lambda: _readings(db, m1) and _readings(db, m3), 90, "readings")
        finally:
            collector.stop()
    done.update(
        platform=platform.receipt_number,
        meter_side=meter_side.receipt_number,
        m1=m1,
        m3=m3,
        acc1=acc1,
        r1=r1,
        readings=_readings(db, m1) + _readings(db, m3),
    )
    with db.read() as s:
        done["field_count"] = s.get(MeterState, m3).purchase_count  # type: ignore[union-attr]
    db.dispose()
    return done


def _state(db: Database, meter_id: int) -> bool:
    with db.read() as s:
        state = s.get(MeterState, meter_id)
        return state is not None and state.online and state.purchase_count is not None


def _readings(db: Database, meter_id: int) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count(Reading.id)).where(Reading.meter_id == meter_id)))


def _confirmed(db: Database, command_id: int) -> None:
    def check() -> bool:
        with db.read() as s:
            cmd = s.get(MeterCommand, command_id)
            assert cmd is not None
            assert cmd.status not in (CommandStatus.FAILED, CommandStatus.EXPIRED), cmd.result
            return cmd.status is CommandStatus.CONFIRMED

    wait_for(check, 90, f"command {command_id} confirmed")


def _meanwhile_at_office(db: Database, account_id: int) -> None:
    """An administrator closes the account the laptop recharged and publishes a price."""
    admin = login(db, "admin", PASSWORD)
    close_account(db, admin, account_id)
    with db.read() as s:
        tariff = s.scalars(select(TariffRow).order_by(TariffRow.id)).first()
        assert tariff is not None
        latest = s.scalars(
            select(TariffVersionRow)
            .where(TariffVersionRow.tariff_id == tariff.id)
            .order_by(TariffVersionRow.effective_from.desc())
        ).first()
        assert latest is not None
        definition = dict(latest.definition)
    definition["effective_from"] = (utcnow() + timedelta(days=2)).isoformat()
    publish_version(db, admin, tariff.name, definition)


@pytest.mark.usefixtures("demo_park_template", "shared_keyring")
def test_field_round_trip(db: Database, db_url: str, tmp_path: Path) -> None:
    add_staff(db_url)
    pkg = tmp_path / "现场-package.sqlite"
    a_link, d_link = _links(db, OFFICE_BUILDING)[0], _links(db, DORM)[0]

    refused(
        run_app(
            "field", "export", "--building", DORM, "--output", str(pkg), "--db", db_url,
            login="cashier",
        ),
        "may not",
    )  # fmt: skip
    assert not pkg.exists()
    out = run_app(
        "field", "export", "--building", OFFICE_BUILDING, "--building", DORM,
        "--output", str(pkg), "--db", db_url,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    pkg_db = Database(f"sqlite:///{pkg}")
    ident = package_identity(pkg_db)
    pkg_db.dispose()
    assert ident is not None and ident.role == "package"
    assert {b["name"] for b in ident.buildings} == {OFFICE_BUILDING, DORM}
    assert ident.receipt_prefix in out.stdout

    done = _work_offline(pkg, a_link, d_link)
    assert done["platform"] == f"{ident.receipt_prefix}00000001"
    assert done["meter_side"] == f"{ident.receipt_prefix}00000002"
    assert done["field_count"] == 1

    for check in (("ledger", "verify"), ("audit", "verify")):  # the package is a database
        checked = run_app("--db", str(pkg), *check, login="auditor")
        assert checked.returncode == 0, checked.stdout + checked.stderr

    _meanwhile_at_office(db, done["acc1"])
    before = _counts(db)

    # tampered copies: one byte of an exported tariff, a room's number edited and saved
    flipped, edited = tmp_path / "flipped.sqlite", tmp_path / "edited.sqlite"
    money = tmp_path / "money.sqlite"
    for copy in (flipped, edited, money):
        shutil.copyfile(pkg, copy)
    flip_byte(flipped, b'"flat": "', 1)
    with sqlite3.connect(edited) as conn:
        conn.execute("UPDATE room SET number = '999' WHERE id = ?", (done["r1"],))
    conn.close()
    with sqlite3.connect(money) as conn:  # a field payment made smaller, triggers dropped
        names = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'payment'"
        ).fetchall()
        for (name,) in names:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute("UPDATE payment SET amount_fen = amount_fen - 100 WHERE id = 1")
    conn.close()
    for bad in (flipped, edited, money):
        refused(
            run_app("field", "merge", str(bad), "--db", db_url), "changed after it was exported"
        )

    conflicts = run_app("field", "merge", str(pkg), "--db", db_url)
    text = refused(conflicts, "Nothing was applied", "was closed at the office", "tariff")
    assert done["platform"] in text
    with db.read() as s:  # the tariff by its name, as the supervisor knows it
        first = s.scalars(select(TariffRow.name).order_by(TariffRow.id)).first()
    assert f"tariff {first} (from" in text
    assert _counts(db) == before  # nothing applied (the logins are audited, not counted here)

    refused(run_app("field", "merge", str(pkg), "--accept", "--db", db_url, login="cashier"))
    assert _counts(db) == before

    merged = run_app("field", "merge", str(pkg), "--accept", "--db", db_url)
    assert merged.returncode == 0, merged.stderr + merged.stdout
    after = _counts(db)
    assert after["txns"] == before["txns"] + 2
    assert after["receipts"] == before["receipts"] + 2
    assert after["readings"] >= before["readings"] + done["readings"]
    assert after["events"] > before["events"]
    assert after["audit_field"] > before["audit_field"]
    _check_office(db, ident.package_id, done)

    again = run_app("field", "merge", str(pkg), "--accept", "--db", db_url)
    assert again.returncode == 0, again.stderr
    assert "already merged" in again.stdout
    assert _counts(db) == after


def _check_office(db: Database, package_id: str, done: dict[str, Any]) -> None:
    assert verify(db).ok, verify(db).breaches
    assert audit.verify_chain(db).ok
    with db.read() as s:
        keys = list(
            s.scalars(
                select(LedgerTxn.idempotency_key).where(
                    LedgerTxn.idempotency_key.like(f"field:{package_id[:16]}:%")
                )
            )
        )
        assert len(keys) == 2
        command = s.scalars(
            select(MeterCommand)
            .where(MeterCommand.meter_id == done["m3"], MeterCommand.kind == "recharge")
            .order_by(MeterCommand.id.desc())
        ).first()
        assert command is not None and command.status is CommandStatus.CONFIRMED
        assert command.payload["expected_count"] == 1
        state = s.get(MeterState, done["m3"])
        assert state is not None and state.purchase_count == 1
        note = s.scalar(select(Event).where(Event.kind == "field.note"))
        assert note is not None and "铅封" in note.message
        row = s.get(FieldPackage, package_id)
        assert row is not None and row.merged_at is not None
        assert [r["field"] for r in (row.merge_summary or {})["receipts"]] == [
            done["platform"],
            done["meter_side"],
        ]
        status = s.scalar(select(AuditEntry.detail).where(AuditEntry.action == "field.merge"))
        assert status is not None and "account_closed" in status
        closed = s.get(Account, done["acc1"])
        assert closed is not None and closed.status is AccountStatus.CLOSED
