"""The real collector on a simulated bus: a meter-side recharge confirmed by the meter, and a
platform-side room cut at the line and restored by a recharge, reach the tenant's phone
through the outbox and a sender thread (a channel registered by the test stands in for the
modem, which is another branch's)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import select

from app.collector import Collector
from app.db import Database
from app.ledger.recharge import RechargeRequest, recharge
from app.models import Account, BillingMode, CommandStatus, OutboxMessage, TenantContact
from app.notify.channel import REGISTRY, ChannelStatus, Message, SendResult
from app.notify.rules import NotifySettings, store_settings
from app.security import system_actor
from drivers.simulator import BusSimulator, SimClock
from tests.collector.conftest import (  # noqa: F401 - fixtures
    Site,
    collector_factory,
    fast_config,
    make_site,
    sim,
    sim_clock,
    wait_for,
)
from tests.collector.test_platform_e2e import _pay, _tariff, fast_clock, fast_sim  # noqa: F401

CASHIER = system_actor(name="cli:test")


class Phone:
    """The tenant's phone: every message the sender hands over, in order."""

    got: list[Message] = []
    lock = threading.Lock()

    def __init__(self, **_: object) -> None:
        pass

    def send(self, message: Message) -> SendResult:
        with Phone.lock:
            Phone.got.append(message)
        return SendResult(reference=str(len(Phone.got)))

    def check(self) -> ChannelStatus:
        return ChannelStatus(True, "ready")

    def close(self) -> None:
        pass


@pytest.fixture
def phone(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[Phone]]:
    Phone.got = []
    monkeypatch.setitem(REGISTRY, "sms", Phone)  # the real modem channel is back afterwards
    yield Phone


def _subscribe(db: Database, site: Site, address: str) -> None:
    with db.write() as s:
        account = s.get(Account, site.accounts[address])
        assert account is not None
        contact = TenantContact(tenant_id=account.tenant_id, name="租户", phone="13812345678")
        contact.sms, contact.mail, contact.language, contact.kinds = True, False, "zh_CN", []
        s.add(contact)
        store_settings(s, NotifySettings(channels={"sms": {}}, quiet_from=None, quiet_until=None))


def _sent(db: Database, kind: str) -> list[OutboxMessage]:
    with db.read() as s:
        return list(
            s.scalars(
                select(OutboxMessage).where(
                    OutboxMessage.kind == kind, OutboxMessage.status == "sent"
                )
            )
        )


def test_meter_side_recharge_confirmed_reaches_the_tenant(
    db: Database,
    sim: BusSimulator,  # noqa: F811
    sim_clock: SimClock,  # noqa: F811
    collector_factory: Callable[..., Collector],  # noqa: F811
    phone: type[Phone],
) -> None:
    site = make_site(db, sim, {"1": BillingMode.METER})
    _subscribe(db, site, "1")
    collector = collector_factory(fast_config(sim_clock))
    collector.start()
    wait_for(lambda: (st := site.state(1)) and st.purchase_count is not None, what="first poll")
    done = recharge(
        db,
        CASHIER,
        RechargeRequest("50.00", "cash", "notify-e2e-0001", room_id=site.rooms["1"]),
    )
    assert _sent(db, "recharge") == []  # not before the meter has it
    collector.wake()
    wait_for(lambda: site.command(done.command_id or 0).status is CommandStatus.CONFIRMED)
    row = wait_for(lambda: _sent(db, "recharge"), what="recharge message sent")[0]
    assert row.recipient == "13812345678" and done.receipt_number in row.text
    assert "充值50.00元已到账" in row.text
    assert [m.key for m in phone.got] == [f"outbox:{row.id}"]


def test_platform_cut_and_restore_reach_the_tenant(
    db: Database,
    fast_sim: BusSimulator,  # noqa: F811
    fast_clock: SimClock,  # noqa: F811
    collector_factory: Callable[..., Collector],  # noqa: F811
    phone: type[Phone],
) -> None:
    site = make_site(db, fast_sim, {"1": BillingMode.PLATFORM})
    _subscribe(db, site, "1")
    _tariff(db, fast_clock)
    _pay(db, site, "1", "1.00", "notify-e2e-pay-0001")
    collector = collector_factory(fast_config(fast_clock))
    collector.start()
    cut = wait_for(lambda: _sent(db, "cut"), 30, "cut message sent")[0]
    assert "已停止供电" in cut.text
    _pay(db, site, "1", "50.00", "notify-e2e-pay-0002")
    collector.wake()
    restored = wait_for(lambda: _sent(db, "restored"), 30, "restored message sent")[0]
    assert "已恢复供电" in restored.text
    assert len(_sent(db, "cut")) == 1  # one cut, told once
    kinds = [m.text for m in phone.got]
    assert cut.text in kinds and restored.text in kinds
