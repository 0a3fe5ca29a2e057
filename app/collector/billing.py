"""Platform-side billing (后台计费): energy deltas -> tariff engine -> ledger ``charge``.

Called by the writer for each new interval reading of a platform-side tenant meter, inside
the writer's transaction, so the charge, the ``meter_charge`` row and the carried quote
state (``meter_billing``) commit together or not at all: a restart never bills twice, and
the ledger's idempotency key ``charge:<meter>:<interval>`` would refuse it anyway.

What is *not* billed, and why (each leaves a ``meter_charge`` row with 0 fen and a note):
a register that went backwards (meter reset or replaced: the new register becomes the
baseline), a delta no room can draw (above ``max_kwh_per_hour`` for the time elapsed), a
room without a tenant account. A register roll-over (999999.99 -> 0) is billed as the wrapped
delta. Energy used while the meter was offline is billed when it returns, split into bands
by the meter's own band registers (the engine's ``MeterReading.bands``). Tier periods and
the base allowance (基础电量, free kWh before any price) belong to the account: a household
with several meters (一户多表) climbs the tiers and uses its allowance with all of them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..billing.quote import MeterReading, QuoteState, quote
from ..billing.tariff import Band, Tariff
from ..ledger.journal import REVENUE, TENANT, Leg, post
from ..ledger.tariffs import tariff_for_meter
from ..models import Account, AccountBilling, MeterBilling, MeterCharge, Room
from ..security import Actor
from .config import Rules, hours
from .state import EventSpec

log = logging.getLogger(__name__)
REGISTER_MAX = Decimal("1000000.00")  # a 6+2 digit register wraps here


def wrapped_delta(before: Decimal, after: Decimal) -> Decimal | None:
    """The use across a register that went backwards, when it is a roll-over (the register
    was in its top tenth and is now in its bottom tenth: it wrapped at ``REGISTER_MAX``);
    None when it is not (a meter reset or replaced). The energy reports use the same rule."""
    if before > REGISTER_MAX * Decimal("0.9") and after < REGISTER_MAX / 10:
        return after + REGISTER_MAX - before
    return None


@dataclass
class BillOutcome:
    fen: int = 0
    account_id: int | None = None
    events: list[EventSpec] = field(default_factory=list)


def _bands(values: dict[str, Any] | None) -> dict[Band, Decimal] | None:
    if not values or any(b.value not in values or values[b.value] is None for b in Band):
        return None
    return {b: Decimal(str(values[b.value])) for b in Band}


def _state(row: MeterBilling, account: AccountBilling) -> QuoteState:
    """The engine's carried state: tier period and allowance of the account (shared by its
    meters), rounding of the meter (each meter's charges round on its own total)."""
    period = tuple(int(x) for x in account.period.split("-")) if account.period else None
    return QuoteState(
        period,
        Decimal(account.period_kwh),
        Decimal(account.free_kwh),
        Decimal(row.exact_yuan),
        row.charged_fen,
    )


def _store(row: MeterBilling, account: AccountBilling, state: QuoteState, at: datetime) -> None:
    account.period = "-".join(str(x) for x in state.period) if state.period else ""
    account.period_kwh = str(state.period_kwh)
    account.free_kwh = str(state.free_kwh)
    account.updated_at = at
    row.exact_yuan = str(state.exact_yuan)
    row.charged_fen = state.charged_fen


class Biller:
    """Bills one writer batch; caches tariffs for the batch."""

    def __init__(self, session: Session, actor: Actor, rules: Rules) -> None:
        self.s, self.actor, self.rules = session, actor, rules
        self._tariffs: dict[int, Tariff | None] = {}
        self.charged = 0
        self.total_fen = 0

    def tariff(self, meter_id: int) -> Tariff | None:
        if meter_id not in self._tariffs:
            self._tariffs[meter_id] = tariff_for_meter(self.s, meter_id)
        return self._tariffs[meter_id]

    def bill(
        self,
        meter_id: int,
        room_id: int | None,
        at: datetime,
        total: Decimal,
        bands: dict[str, Any] | None,
        slot: datetime,
    ) -> BillOutcome:
        out = BillOutcome()
        row = self.s.get(MeterBilling, meter_id)
        band_text = {k: str(v) for k, v in (bands or {}).items()} or None
        if row is None:
            self.s.add(
                MeterBilling(
                    meter_id=meter_id,
                    last_ts=at,
                    last_total=total,
                    last_bands=band_text,
                    updated_at=at,
                )
            )
            return out
        if at <= row.last_ts or self._billed(meter_id, slot):
            return out
        tariff = self.tariff(meter_id)
        if tariff is None:
            return out  # nothing to price with yet: keep the baseline, bill once assigned
        before = MeterReading(row.last_ts, row.last_total, _bands(row.last_bands))
        after = MeterReading(at, total, _bands(band_text))
        delta = total - row.last_total
        note = ""
        if delta < 0:
            wrapped = wrapped_delta(row.last_total, total)
            if wrapped is not None:
                before = MeterReading(row.last_ts, row.last_total - REGISTER_MAX)
                after = MeterReading(at, total)
                delta = wrapped
                note = "register rolled over"
            else:
                return self._rebase(
                    row,
                    out,
                    at,
                    total,
                    band_text,
                    slot,
                    meter_id,
                    "register went backwards (meter reset or replaced): not billed",
                    {"reason": "backwards", "before": str(row.last_total)},
                )
        limit = Decimal(self.rules.max_kwh_per_hour) * Decimal(str(hours(at - row.last_ts)))
        if delta > limit + 1:
            return self._rebase(
                row,
                out,
                at,
                total,
                band_text,
                slot,
                meter_id,
                f"{delta} kWh in {hours(at - row.last_ts):.2f} h is not plausible: not billed",
                {
                    "reason": "implausible",
                    "kwh": str(delta),
                    "hours": f"{hours(at - row.last_ts):.2f}",
                },
            )
        account_id = self._account(room_id)
        if account_id is None:
            return self._rebase(
                row, out, at, total, band_text, slot, meter_id, "no tenant account: not billed"
            )
        progress = self._progress(account_id, at)
        result = quote(tariff, [before, after], _state(row, progress))
        if result.anomalies:
            return self._rebase(
                row,
                out,
                at,
                total,
                band_text,
                slot,
                meter_id,
                "; ".join(result.anomalies)[:200],
                {"reason": "tariff"},
            )
        fen = result.total_fen
        txn_id = None
        if fen > 0:
            # locked before it is read: a cashier's recharge of this account commits either
            # before (seen here) or after this batch, never in between (PostgreSQL)
            account = self.s.get(Account, account_id, with_for_update=True, populate_existing=True)
            balance_before = account.balance_fen if account else 0
            overdraft = account.overdraft_fen if account else 0
            txn = post(
                self.s,
                "charge",
                [Leg(TENANT, -fen, account_id), Leg(REVENUE, fen)],
                self.actor,
                idempotency_key=f"charge:{meter_id}:{slot:%Y%m%dT%H%M}",
                memo=f"energy {delta} kWh, meter {meter_id}",
                now=at,
            )
            txn_id = txn.id
            balance_after = balance_before - fen
            level = self.rules.level(balance_after, overdraft)
            if level > self.rules.level(balance_before, overdraft):
                out.events.append(
                    EventSpec(
                        "balance.alarm",
                        level,
                        f"account balance {balance_after / 100:.2f} yuan: alarm level {level}",
                        {"balance_fen": balance_after, "alarm": level, "account_id": account_id},
                    )
                )
            self.charged += 1
            self.total_fen += fen
        lines = [
            {
                "start": ln.start.isoformat(),
                "end": ln.end.isoformat(),
                "band": ln.band.value,
                "tier": ln.tier,
                "kwh": str(ln.kwh),
                "price": str(ln.price),
                "fen": ln.fen,
                **({"free": True} if ln.free else {}),
            }
            for ln in result.lines
        ]
        self.s.add(
            MeterCharge(
                meter_id=meter_id,
                account_id=account_id,
                txn_id=txn_id,
                slot=slot,
                start=row.last_ts,
                end=at,
                kwh=delta.quantize(Decimal("0.01")),
                fen=fen,
                lines=lines,
                note=note,
            )
        )
        _store(row, progress, result.state, at)
        row.last_ts, row.last_total, row.last_bands, row.updated_at = at, total, band_text, at
        out.fen, out.account_id = fen, account_id
        return out

    def _billed(self, meter_id: int, slot: datetime) -> bool:
        return (
            self.s.scalar(
                select(MeterCharge.id).where(
                    MeterCharge.meter_id == meter_id, MeterCharge.slot == slot
                )
            )
            is not None
        )

    def _progress(self, account_id: int, at: datetime) -> AccountBilling:
        row = self.s.get(AccountBilling, account_id)
        if row is None:
            row = AccountBilling(
                account_id=account_id, period="", period_kwh="0", free_kwh="0", updated_at=at
            )
            self.s.add(row)
        return row

    def _account(self, room_id: int | None) -> int | None:
        if room_id is None:
            return None
        room = self.s.get(Room, room_id)
        return room.account_id if room else None

    def _rebase(
        self,
        row: MeterBilling,
        out: BillOutcome,
        at: datetime,
        total: Decimal,
        bands: dict[str, str] | None,
        slot: datetime,
        meter_id: int,
        note: str,
        facts: dict[str, str] | None = None,
    ) -> BillOutcome:
        self.s.add(
            MeterCharge(
                meter_id=meter_id,
                account_id=None,
                txn_id=None,
                slot=slot,
                start=row.last_ts,
                end=at,
                kwh=Decimal("0.00"),
                fen=0,
                lines=[],
                note=note[:200],
            )
        )
        if not note.startswith("no tenant"):
            data = {"total": str(total), **(facts or {})}
            out.events.append(EventSpec("billing.skipped", 2, note, data))
        row.last_ts, row.last_total, row.last_bands, row.updated_at = at, total, bands, at
        return out
