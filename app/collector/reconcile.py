"""Daily reconciliation of meter-side meters (对账): what the meter says against the ledger.

For every installed meter-side meter the purchase count and cumulative purchase the meter
reported are compared with the recharges WattDesk confirmed on it. A mismatch raises an
alarm for an operator — once per meter and day — and never changes money by itself: the
cause (a purchase made at another system, a reset meter, a lost confirmation) needs a
person to decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..db import Database
from ..i18n import tr
from ..models import (
    BillingMode,
    CommandStatus,
    Event,
    Meter,
    MeterCommand,
    MeterRole,
    MeterState,
    utcnow,
)

KIND = "reconcile.mismatch"


@dataclass(frozen=True)
class Mismatch:
    meter_id: int
    room_id: int | None
    reason: str
    meter_count: int
    ledger_count: int
    meter_purchased_fen: int | None
    ledger_purchased_fen: int
    code: str = ""  # fewer | unknown | money: the event's sentence (app.livedata.event_text)

    def as_dict(self) -> dict[str, object]:
        return {
            "reason": self.reason,
            "code": self.code,
            "meter_count": self.meter_count,
            "ledger_count": self.ledger_count,
            "meter_purchased_fen": self.meter_purchased_fen,
            "ledger_purchased_fen": self.ledger_purchased_fen,
        }


def find_mismatches(db: Database) -> list[Mismatch]:
    """Compare every meter-side meter that has been read with its confirmed recharges."""
    out: list[Mismatch] = []
    with db.read() as s:
        meters = s.execute(
            select(Meter.id, Meter.room_id, MeterState.purchase_count, MeterState.purchased_fen)
            .join(MeterState, MeterState.meter_id == Meter.id)
            .where(
                Meter.removed_at.is_(None),
                Meter.billing_mode == BillingMode.METER,
                Meter.role == MeterRole.TENANT,
                MeterState.purchase_count.is_not(None),
            )
        ).all()
        commands: dict[int, list[tuple[CommandStatus, dict[str, Any]]]] = {}
        for meter_id, status, payload in s.execute(
            select(MeterCommand.meter_id, MeterCommand.status, MeterCommand.payload).where(
                MeterCommand.kind == "recharge",
                MeterCommand.status.in_(
                    (CommandStatus.CONFIRMED, CommandStatus.PENDING, CommandStatus.SENT)
                ),
            )
        ):
            commands.setdefault(meter_id, []).append((status, payload))
    for meter_id, room_id, count, purchased in meters:
        mine = commands.get(meter_id, [])
        confirmed = [p for st, p in mine if st is CommandStatus.CONFIRMED]
        highest_confirmed = max((int(p.get("expected_count") or 0) for p in confirmed), default=0)
        highest_claimed = max((int(p.get("expected_count") or 0) for _, p in mine), default=0)
        # like with like: the stored total is the meter's as of the stored count, so only
        # the purchases up to that count belong in the sum (a confirmation the state has
        # not caught up with yet is not "missing money")
        paid = sum(
            int(p.get("amount_fen") or 0)
            for p in confirmed
            if int(p.get("expected_count") or 0) <= count
        )
        reason, code = "", ""
        if count < highest_confirmed:
            code = "fewer"
            reason = tr(
                "the meter shows fewer purchases than WattDesk confirmed (reset or replaced?)"
            )
        elif mine and count > highest_claimed:
            code = "unknown"
            reason = tr(
                "the meter counts purchases WattDesk did not make (another system or a card?)"
            )
        elif purchased is not None and confirmed and purchased < paid:
            code = "money"
            reason = tr("the meter's cumulative purchase is below the recharges confirmed on it")
        if reason:
            out.append(
                Mismatch(meter_id, room_id, reason, count, highest_confirmed, purchased, paid, code)
            )
    return out


def reconcile(
    db: Database, *, now: datetime | None = None, timezone: str = "Asia/Shanghai"
) -> list[Mismatch]:
    """Find mismatches and raise one level-2 alarm per meter and (site) day for each."""
    moment = now or utcnow()
    zone = ZoneInfo(timezone)
    day_start = datetime.combine(moment.astimezone(zone).date(), time(0), tzinfo=zone)
    found = find_mismatches(db)
    if not found:
        return found
    with db.write() as s:
        already = set(
            s.scalars(select(Event.meter_id).where(Event.kind == KIND, Event.ts >= day_start))
        )
        for item in found:
            if item.meter_id in already:
                continue
            s.add(
                Event(
                    ts=moment,
                    kind=KIND,
                    level=2,
                    meter_id=item.meter_id,
                    room_id=item.room_id,
                    message=item.reason,
                    data=item.as_dict(),
                )
            )
    return found
