"""Merge rules without a bus (services in process): a meter swapped at the office and a
refund made on site are conflicts, listed with nothing applied; the administrator's accept
posts the field recharge once with the field key; a second merge changes nothing; an
operator may not merge."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.db import Database
from app.field.apply import field_key, merge_package
from app.field.export import export_package
from app.ledger.accounts import refund
from app.ledger.journal import verify
from app.ledger.meterswap import replace_meter
from app.ledger.recharge import RechargeRequest, recharge
from app.models import Account, Building, Floor, LedgerTxn, Meter, MeterRole, Reading, Room
from app.security import PermissionDenied, audit, login
from tests.clilogin import PASSWORD, add_staff

BUILDING = "1号厂房"


def _two_rooms(db: Database) -> list[tuple[int, int, int]]:
    """(room, account, meter) of two tenant rooms of the building with their own accounts."""
    with db.read() as s:
        rows = s.execute(
            select(Room.id, Room.account_id, Meter.id)
            .join(Floor, Floor.id == Room.floor_id)
            .join(Building, Building.id == Floor.building_id)
            .join(Meter, Meter.room_id == Room.id)
            .where(Building.name == BUILDING, Meter.role == MeterRole.TENANT)
            .order_by(Room.id)
        ).all()
    picked: list[tuple[int, int, int]] = []
    for room, account, meter in rows:
        if account is not None and account not in {p[1] for p in picked}:
            picked.append((room, account, meter))
    return picked[:2]


@pytest.mark.usefixtures("demo_park_template", "shared_keyring")
def test_swap_and_refund_are_conflicts_until_accepted(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    add_staff(db_url)
    admin = login(db, "admin", PASSWORD)
    (r1, acc1, _m1), (_r2, _acc2, m2) = _two_rooms(db)
    pkg = tmp_path / "package.sqlite"
    export_package(db, admin, [BUILDING], pkg)

    laptop = Database(f"sqlite:///{pkg}")
    try:
        cashier = login(laptop, "cashier", PASSWORD)
        taken = recharge(
            laptop, cashier, RechargeRequest("10.00", "cash", "field-conflict-0001", room_id=r1)
        )
        slip = refund(laptop, cashier, acc1, "2.00", "cash", "tenant moved a meter")
        assert slip.startswith("F")
    finally:
        laptop.dispose()

    replace_meter(db, admin, m2, "99", final_kwh="0")
    with db.read() as s:
        txns = s.scalar(select(func.count(LedgerTxn.id)))
        balance = s.get(Account, acc1).balance_fen  # type: ignore[union-attr]

    outcome = merge_package(db, admin, pkg)
    assert outcome.status == "conflicts"
    assert outcome.plan is not None
    kinds = sorted(c.kind for c in outcome.plan.conflicts)
    assert kinds == ["meter_swapped", "not_carried"]
    swapped = next(c for c in outcome.plan.conflicts if c.kind == "meter_swapped")
    with db.read() as s:  # named as the supervisor finds it: the room and the bus address
        meter = s.get(Meter, m2)
        number = s.get(Room, meter.room_id).number  # type: ignore[union-attr]
        assert f"Meter {BUILDING}/{number} ({meter.address})" in swapped.text  # type: ignore[union-attr]
    with db.read() as s:
        assert s.scalar(select(func.count(LedgerTxn.id))) == txns

    operator = login(db, "operator", PASSWORD)
    with pytest.raises(PermissionDenied):
        merge_package(db, operator, pkg, accept=True)

    merged = merge_package(db, admin, pkg, accept=True)
    assert merged.status == "merged"
    assert len(merged.office_receipts) == 1 and merged.office_receipts[0].startswith("R")
    with db.read() as s:
        assert s.scalar(select(func.count(LedgerTxn.id))) == txns + 1
        key = field_key(outcome.package_id, taken.txn_id)
        assert s.scalar(select(LedgerTxn).where(LedgerTxn.idempotency_key == key)) is not None
        assert s.get(Account, acc1).balance_fen == balance + 1000  # type: ignore[union-attr]
        readings = s.scalar(select(func.count(Reading.id)))
    assert verify(db).ok, verify(db).breaches
    assert audit.verify_chain(db).ok

    assert merge_package(db, admin, pkg, accept=True).status == "already"
    with db.read() as s:
        assert s.scalar(select(func.count(LedgerTxn.id))) == txns + 1
        assert s.scalar(select(func.count(Reading.id))) == readings
