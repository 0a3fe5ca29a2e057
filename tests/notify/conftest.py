"""Fixtures of the messages tests: a small site with contacts, a recording channel, the
writer fed real poll results (no bus: the writer's own code turns them into events)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.collector.config import CollectorConfig
from app.collector.hub import ChangeHub
from app.collector.worker import PollResult
from app.collector.writer import StateWriter
from app.db import Database
from app.models import (
    Account,
    BillingMode,
    Building,
    Floor,
    Link,
    Meter,
    MeterRole,
    OutboxMessage,
    Park,
    Protocol,
    Role,
    Room,
    Tenant,
    TenantContact,
    TenantKind,
)
from app.notify.channel import REGISTRY, ChannelStatus, Message, SendError, SendResult
from app.notify.rules import NotifySettings, store_settings
from app.security import Actor, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from drivers.meter import MeterSnapshot
from drivers.meter import RelayState as DriverRelay

PASSWORD = "Counter-2026!"
NOON = datetime(2026, 12, 7, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai: no quiet hours


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@dataclass
class Site:
    db: Database
    meter_id: int = 0  # meter-side (the meter keeps the balance)
    room_id: int = 0
    account_id: int = 0
    contact_id: int = 0
    platform_room: int = 0
    platform_account: int = 0
    staff: dict[str, Actor] = field(default_factory=dict)


def build_site(db: Database) -> Site:
    site = Site(db)
    with db.write() as s:
        park = Park(name="测试园区")
        s.add(park)
        s.flush()
        building = Building(park_id=park.id, name="A栋")
        s.add(building)
        s.flush()
        floor = Floor(building_id=building.id, name="1F", level=1)
        link = Link(name="bus", url="/dev/null", protocol=Protocol.MODBUS)
        tenant = Tenant(name="张三", kind=TenantKind.DORM)
        other = Tenant(name="李四公司", kind=TenantKind.ENTERPRISE)
        s.add_all([floor, link, tenant, other])
        s.flush()
        account = Account(number="A0001", tenant_id=tenant.id)
        platform = Account(number="B0001", tenant_id=other.id, balance_fen=10000)
        s.add_all([account, platform])
        s.flush()
        room = Room(floor_id=floor.id, number="101", account_id=account.id)
        room2 = Room(floor_id=floor.id, number="102", account_id=platform.id)
        s.add_all([room, room2])
        s.flush()
        meter = Meter(
            link_id=link.id,
            address="1",
            profile="sim-prepaid-modbus",
            role=MeterRole.TENANT,
            billing_mode=BillingMode.METER,
            room_id=room.id,
            building_id=building.id,
        )
        contact = TenantContact(
            tenant_id=tenant.id, name="张三", phone="138-1234-5678", email="zs@example.cn"
        )
        contact.sms, contact.mail, contact.language, contact.kinds = True, True, "zh_CN", []
        c2 = TenantContact(tenant_id=other.id, name="Li", phone="+86 139 0000 1111", email="")
        c2.sms, c2.mail, c2.language, c2.kinds = True, False, "en", []
        s.add_all([meter, contact, c2])
        s.flush()
        site.meter_id, site.room_id, site.account_id = meter.id, room.id, account.id
        site.contact_id, site.platform_room, site.platform_account = (
            contact.id,
            room2.id,
            platform.id,
        )
        store_settings(s, NotifySettings(channels={"sms": {}, "email": {}}))
    admin = create_first_admin(db, "admin", "管理员", PASSWORD)
    site.staff["admin"] = admin
    for role in (Role.CASHIER, Role.OPERATOR, Role.AUDITOR):
        add_operator(db, admin, role.value, role.value, role, PASSWORD)
        site.staff[role.value] = login(db, role.value, PASSWORD)
    return site


@pytest.fixture
def site(db: Database) -> Site:
    return build_site(db)


def outbox(db: Database, **where: Any) -> list[OutboxMessage]:
    with db.read() as s:
        q = select(OutboxMessage).order_by(OutboxMessage.id)
        for name, value in where.items():
            q = q.where(getattr(OutboxMessage, name) == value)
        return list(s.scalars(q))


class Feeder:
    """The collector's writer, fed poll results by hand (its thread is not started)."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.writer = StateWriter(site.db, CollectorConfig(), ChangeHub(), [site.meter_id])

    def poll(
        self,
        balance: str,
        at: datetime,
        relay: DriverRelay = DriverRelay.CLOSED,
    ) -> None:
        snap = MeterSnapshot(
            address="1",
            profile="sim-prepaid-modbus",
            taken_at=at,
            balance=Decimal(balance),
            relay=relay,
        )
        self.writer._write([PollResult(self.site.meter_id, at, snap)])


@pytest.fixture
def feeder(site: Site) -> Feeder:
    return Feeder(site)


class Recording:
    """A channel that writes each message it sends as one JSON line (the test's far end)."""

    kind = "recording"

    def __init__(self, path: str = "", fail: str = "", **_: Any) -> None:
        self.path, self.fail = Path(path) if path else None, fail
        self.sent: list[Message] = []

    def send(self, message: Message) -> SendResult:
        if self.fail:
            code, _, how = self.fail.partition(":")
            raise SendError(
                code, f"test {code}", retryable=how == "retry", maybe_sent=how == "maybe"
            )
        self.sent.append(message)
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as f:
                f.write(json.dumps({"to": message.to, "key": message.key}) + "\n")
        return SendResult(reference=f"ref-{len(self.sent)}", parts=1)

    def check(self) -> ChannelStatus:
        return ChannelStatus(True, "ready")

    def close(self) -> None:
        pass


@pytest.fixture
def recording() -> Iterator[type[Recording]]:
    REGISTRY["recording"] = Recording
    yield Recording
    REGISTRY.pop("recording", None)


@pytest.fixture(autouse=True)
def _channels_registered() -> None:
    """The real channel modules imported before any test puts a stand-in into ``REGISTRY``:
    the first ``build_channel`` (a sender, ``notify send``) imports them, and their
    ``@register`` would then replace the stand-in, so a test passed only when an earlier
    test of the run had imported them."""
    from app.notify import load_channels

    load_channels()
