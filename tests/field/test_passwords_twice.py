"""Round 1's open risks: a password hash on a package stays as exported (no rehash at a
laptop login, no password change there, and merge refuses any changed hash: a password
planted on the laptop), and a meter-side meter recharged both at the office and on site is
listed as "recharged twice" until the administrator accepts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database
from app.field import FieldError
from app.field.apply import merge_package
from app.field.export import export_package
from app.ledger.recharge import RechargeRequest, recharge
from app.models import BillingMode, Building, Floor, Meter, MeterRole, Operator, Room
from app.security import LoginFailed, OperatorError, login
from app.security.operators import change_password
from app.security.passwords import DEFAULT_PARAMS, configure_hashing, hash_password
from tests.clilogin import PASSWORD, add_staff

BUILDING = "1号厂房"


def _hash(db: Database, name: str) -> str:
    with db.read() as s:
        return str(s.scalar(select(Operator.password_hash).where(Operator.login == name)))


@pytest.mark.usefixtures("demo_park_template", "shared_keyring")
def test_a_package_keeps_its_password_hashes(db: Database, db_url: str, tmp_path: Path) -> None:
    add_staff(db_url)
    admin = login(db, "admin", PASSWORD)
    pkg = tmp_path / "package.sqlite"
    export_package(db, admin, [BUILDING], pkg)
    planted = hash_password("planted-password-9")  # the cheap test cost: "needs upgrade"

    laptop = Database(f"sqlite:///{pkg}")
    try:
        before = _hash(laptop, "cashier")
        configure_hashing(DEFAULT_PARAMS)  # the laptop's cost is higher than the hash's
        login(laptop, "cashier", PASSWORD)
        assert _hash(laptop, "cashier") == before  # not rehashed on a package
        with pytest.raises(OperatorError, match="at the office"):
            change_password(laptop, admin, "cashier", "another-password-7")
        assert _hash(laptop, "cashier") == before
    finally:
        laptop.dispose()
    assert merge_package(db, admin, pkg).status == "merged"  # the logins came back

    # someone plants a password of their own on a second package, then logs in with it
    # (the login that used to rehash it and so excuse the change at merge)
    pkg2 = tmp_path / "package2.sqlite"
    export_package(db, admin, [BUILDING], pkg2)
    with sqlite3.connect(pkg2) as conn:
        conn.execute("UPDATE operator SET password_hash = ? WHERE login = 'cashier'", (planted,))
    conn.close()
    laptop = Database(f"sqlite:///{pkg2}")
    try:
        login(laptop, "cashier", "planted-password-9")
    finally:
        laptop.dispose()
    with pytest.raises(FieldError, match="password was replaced"):
        merge_package(db, admin, pkg2, accept=True)


def _meter_side_room(db: Database) -> tuple[str, int, int]:
    """(building, room, meter) of a let room whose own meter keeps the money (meter-side)."""
    with db.read() as s:
        row = s.execute(
            select(Building.name, Room.id, Meter.id)
            .join(Floor, Floor.building_id == Building.id)
            .join(Room, Room.floor_id == Floor.id)
            .join(Meter, Meter.room_id == Room.id)
            .where(
                Meter.role == MeterRole.TENANT,
                Meter.billing_mode == BillingMode.METER,
                Room.account_id.is_not(None),
            )
            .order_by(Room.id)
            .limit(1)
        ).one()
    return str(row[0]), int(row[1]), int(row[2])


@pytest.mark.usefixtures("demo_park_template", "shared_keyring")
def test_recharged_at_the_office_and_on_site(db: Database, db_url: str, tmp_path: Path) -> None:
    add_staff(db_url)
    admin = login(db, "admin", PASSWORD)
    building, room, meter = _meter_side_room(db)
    pkg = tmp_path / "package.sqlite"
    export_package(db, admin, [building], pkg)

    laptop = Database(f"sqlite:///{pkg}")
    try:
        cashier = login(laptop, "cashier", PASSWORD)
        on_site = recharge(
            laptop, cashier, RechargeRequest("15.00", "cash", "twice-field-0001", room_id=room)
        )
        assert on_site.command_id is not None and on_site.receipt_number.startswith("F")
    finally:
        laptop.dispose()
    at_office = recharge(
        db,
        login(db, "cashier", PASSWORD),
        RechargeRequest("25.00", "cash", "twice-office-0001", room_id=room),
    )
    assert at_office.command_id is not None

    outcome = merge_package(db, admin, pkg)
    assert outcome.status == "conflicts" and outcome.plan is not None
    twice = [c for c in outcome.plan.conflicts if c.kind == "recharged_twice"]
    assert [c.subject for c in twice] == [f"meter:{meter}"]
    assert "recharged at the office and on site" in twice[0].text
    with db.read() as s:
        number = s.get(Room, room).number  # type: ignore[union-attr]
    assert twice[0].text.startswith(f"Meter {building}/{number} (")

    merged = merge_package(db, admin, pkg, accept=True)
    assert merged.status == "merged"
    assert len(merged.office_receipts) == 1 and merged.office_receipts[0].startswith("R")
    assert merge_package(db, admin, pkg, accept=True).status == "already"


@pytest.mark.usefixtures("demo_park_template", "shared_keyring")
def test_only_the_operators_allowed_on_site(db: Database, db_url: str, tmp_path: Path) -> None:
    add_staff(db_url)
    admin = login(db, "admin", PASSWORD)
    with pytest.raises(FieldError, match="no operator named nobody"):
        export_package(db, admin, [BUILDING], tmp_path / "x.sqlite", operators=["nobody"])
    assert not (tmp_path / "x.sqlite").exists()
    pkg = tmp_path / "package.sqlite"
    result = export_package(db, admin, [BUILDING], pkg, operators=["cashier"])
    assert result.operators == 2  # the cashier and the exporting administrator

    laptop = Database(f"sqlite:///{pkg}")
    try:
        assert _hash(laptop, "operator") == "" and _hash(laptop, "cashier") != ""
        with pytest.raises(LoginFailed):
            login(laptop, "operator", PASSWORD)
        login(laptop, "cashier", PASSWORD)
        login(laptop, "admin", PASSWORD)
    finally:
        laptop.dispose()
    assert _hash(db, "operator") != ""  # the office keeps its operators as they are
    assert merge_package(db, admin, pkg).status == "merged"
