"""What the hooks need to know about many events' accounts, read in a few queries.

The collector's writer may hand the hook hundreds of events in one batch (a first start
where many balances are already low, a tariff change): asking the database eleven
questions per event held the writers' lock for seconds (bench/notify_hooks.py). ``Lookup``
reads, for every account of the batch at once, the room and building names, the tenant,
the contacts, the recharge cycle and the last week's daily balances (for days left), and
caches the site name and the templates; the values are the same as ``app.notify.values``
gives one account at a time (the preview uses those).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (
    Account,
    BillingMode,
    Building,
    Floor,
    Meter,
    MeterState,
    Payment,
    Reading,
    ReadingKind,
    Room,
    Tenant,
    TenantContact,
)
from .templates import template
from .values import DAYS_SAMPLE, account_values, balance_of, site_name


class Lookup:
    """Per-batch answers; ``prefetch`` first, then the getters (a miss asks the database)."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self._site: str | None = None
        self._templates: dict[tuple[str, str], tuple[str, str]] = {}
        self.room_account: dict[int, int | None] = {}
        self.rooms: dict[int, tuple[str, str]] = {}  # room id -> (label, building)
        self.first_room: dict[int, int] = {}
        self.accounts: dict[int, tuple[str, str]] = {}  # account id -> (number, tenant)
        self.contacts: dict[int, list[TenantContact]] = {}
        self.cycles: dict[int, int] = {}
        self.spend: dict[int, tuple[int, int]] = {}  # account -> (fen spent, days)
        self.meter_balance: dict[int, int] = {}

    def site(self) -> str:
        if self._site is None:
            self._site = site_name(self.s)
        return self._site

    def template(self, kind: str, language: str) -> tuple[str, str]:
        key = (kind, language)
        if key not in self._templates:
            self._templates[key] = template(self.s, kind, language)
        return self._templates[key]

    def prefetch(
        self, room_ids: Iterable[int], account_ids: Iterable[int | None], now: datetime
    ) -> None:
        rooms = {r for r in room_ids if r is not None}
        for room_id, account_id in self.s.execute(
            select(Room.id, Room.account_id).where(Room.id.in_(rooms))
        ):
            self.room_account[room_id] = account_id
        accounts = {a for a in account_ids if a is not None}
        accounts |= {a for a in self.room_account.values() if a is not None}
        if not accounts:
            return
        for room_id, account_id, number, building in self.s.execute(
            select(Room.id, Room.account_id, Room.number, Building.name)
            .join(Floor, Floor.id == Room.floor_id)
            .join(Building, Building.id == Floor.building_id)
            .where(Room.account_id.in_(accounts))
            .order_by(Room.id)
        ):
            self.rooms[room_id] = (f"{building} {number}", building)
            self.first_room.setdefault(account_id, room_id)
        for account_id, number, tenant in self.s.execute(
            select(Account.id, Account.number, Tenant.name)
            .join(Tenant, Tenant.id == Account.tenant_id)
            .where(Account.id.in_(accounts))
        ):
            self.accounts[account_id] = (number, tenant)
        for account_id, contact in self.s.execute(
            select(Account.id, TenantContact)
            .join(TenantContact, TenantContact.tenant_id == Account.tenant_id)
            .where(Account.id.in_(accounts))
            .order_by(TenantContact.id)
        ):
            self.contacts.setdefault(account_id, []).append(contact)
        for account_id in accounts:
            self.contacts.setdefault(account_id, [])
        self.cycles = {a: 0 for a in accounts}
        for account_id, last in self.s.execute(
            select(Payment.account_id, func.max(Payment.id))
            .where(Payment.account_id.in_(accounts))
            .group_by(Payment.account_id)
        ):
            self.cycles[account_id] = int(last or 0)
        self._spending(accounts, now)

    def _spending(self, accounts: set[int], now: datetime) -> None:
        """Each account's meter-side daily balance drops over the last week."""
        meters: dict[int, int] = dict(
            self.s.execute(  # type: ignore[arg-type]
                select(Meter.id, Room.account_id)
                .join(Room, Room.id == Meter.room_id)
                .where(
                    Room.account_id.in_(accounts),
                    Meter.removed_at.is_(None),
                    Meter.billing_mode == BillingMode.METER,
                )
            ).all()
        )
        if not meters:
            return
        for meter_id, balance in self.s.execute(
            select(MeterState.meter_id, MeterState.balance_fen).where(
                MeterState.meter_id.in_(meters)
            )
        ):
            if balance is not None:
                account = meters[meter_id]
                self.meter_balance[account] = self.meter_balance.get(account, 0) + balance
        rows = self.s.execute(
            select(Reading.meter_id, Reading.balance_fen)
            .where(
                Reading.meter_id.in_(meters),
                Reading.kind == ReadingKind.DAILY,
                Reading.ts >= now - timedelta(days=DAYS_SAMPLE + 1),
            )
            .order_by(Reading.meter_id, Reading.ts)
        ).all()
        for meter_id, group in itertools.groupby(rows, key=lambda r: r[0]):
            values = [b for _, b in group if b is not None]
            spent = sum(max(0, a - b) for a, b in itertools.pairwise(values))
            account = meters[meter_id]
            old_spent, old_days = self.spend.get(account, (0, 0))
            self.spend[account] = (old_spent + spent, max(old_days, len(values) - 1))

    def account_of(self, room_id: int | None) -> int | None:
        if room_id is None:
            return None
        if room_id not in self.room_account:
            self.room_account[room_id] = self.s.scalar(
                select(Room.account_id).where(Room.id == room_id)
            )
        return self.room_account[room_id]

    def values(self, account_id: int, room_id: int | None) -> dict[str, Any]:
        """Site, room, building, tenant and account number (as ``values.account_values``)."""
        if account_id not in self.accounts:
            return account_values(self.s, account_id, room_id)
        room = room_id if room_id in self.rooms else self.first_room.get(account_id)
        label, building = self.rooms.get(room, ("", "")) if room is not None else ("", "")
        number, tenant = self.accounts[account_id]
        return {
            "site": self.site(),
            "account": number,
            "tenant": tenant,
            "room": label,
            "building": building,
        }

    def days_left(self, account_id: int, balance_fen: int) -> str | None:
        spent, days = self.spend.get(account_id, (0, 0))
        if spent <= 0 or days <= 0:
            return None
        return str(max(0, balance_fen) * days // spent)

    def balance(self, account_id: int) -> int:
        if account_id in self.meter_balance:
            return self.meter_balance[account_id]
        return balance_of(self.s, account_id)
