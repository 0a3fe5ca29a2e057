"""The demo park generator."""

from __future__ import annotations

from sqlalchemy import func, select

from app.db import Database
from app.demo import DEMO_PARK, build_demo
from app.models import (
    Account,
    BillingMode,
    Link,
    Meter,
    MeterRole,
    Protocol,
    Room,
    Tenant,
    TenantKind,
)


def test_demo_park_of_10000_rooms(db: Database) -> None:
    result = build_demo(db, rooms=10_000)
    assert result.created and result.rooms == 10_000
    with db.read() as s:
        assert s.scalar(select(func.count(Room.id))) == 10_000
        tenant_meters = s.scalar(select(func.count(Meter.id)).where(Meter.role == MeterRole.TENANT))
        assert tenant_meters == 10_000
        # every bus holds at most 32 meters, and both protocols are present
        per_link = s.execute(select(Meter.link_id, func.count()).group_by(Meter.link_id)).all()
        assert max(n for _, n in per_link) <= 32
        assert {p for (p,) in s.execute(select(Link.protocol).distinct())} == set(Protocol)
        assert {m for (m,) in s.execute(select(Meter.billing_mode).distinct())} == set(BillingMode)
        masters = s.scalars(select(Meter).where(Meter.role == MeterRole.MASTER)).all()
        commons = s.scalars(select(Meter).where(Meter.role == MeterRole.COMMON)).all()
        assert masters and len(commons) == 2 * len(masters)
        assert all(c.parent_id in {m.id for m in masters} for c in commons)
        kinds = {k for (k,) in s.execute(select(Tenant.kind).distinct())}
        assert {TenantKind.ENTERPRISE, TenantKind.SHOP, TenantKind.DORM} <= kinds
        # one account feeds several rooms somewhere (一户多表), and some rooms are vacant
        shared = s.execute(
            select(Room.account_id)
            .where(Room.account_id.is_not(None))
            .group_by(Room.account_id)
            .having(func.count() > 1)
        ).all()
        assert shared
        assert s.scalar(select(func.count(Room.id)).where(Room.account_id.is_(None))) > 0
        # tenant names are Chinese and carry pinyin initials for search
        tenant = s.scalars(select(Tenant).where(Tenant.kind == TenantKind.ENTERPRISE)).first()
        assert tenant is not None and any("\u4e00" <= ch <= "\u9fff" for ch in tenant.name)
        assert tenant.initials and tenant.initials.isascii()
        assert s.scalar(select(func.count(Account.id))) == s.scalar(select(func.count(Tenant.id)))


def test_demo_is_added_once(db: Database) -> None:
    first = build_demo(db, rooms=50)
    second = build_demo(db, rooms=50)
    assert first.created and not second.created
    with db.read() as s:
        assert s.scalar(select(func.count(Room.id))) == 50
        assert s.scalar(select(func.count()).where(Room.id > 0)) == 50
    assert first.park == DEMO_PARK


def test_dormitory_meters_are_dlt645_with_12_digit_addresses(db: Database) -> None:
    build_demo(db, rooms=200)
    with db.read() as s:
        dorm = s.scalars(select(Meter).join(Link).where(Link.protocol == Protocol.DLT645)).all()
        assert dorm
        assert all(len(m.address) == 12 and m.address.isdigit() for m in dorm)
        assert all(m.billing_mode is BillingMode.METER for m in dorm)


def test_demo_opening_balances_are_in_the_ledger(db: Database) -> None:
    from app.ledger.journal import verify

    build_demo(db, rooms=300)
    report = verify(db)
    assert report.ok and report.transactions > 0  # every cached balance is backed by entries
    with db.read() as s:
        balances = [
            b for (b,) in s.execute(select(Account.balance_fen).where(Account.balance_fen != 0))
        ]
    assert any(b < 0 for b in balances) and any(b > 10_000 for b in balances)
