"""What the control room shows live, read in a few flat queries (plain data, no ORM objects).

The GUI calls these from a worker thread after each collector batch, for the rooms of the
meters that changed only, so 10,000 rooms never mean 10,000 queries or a full reload. Qt-free
so the benchmark, a report or a second workstation can reuse them.

Balance shown for a room: the meters' own balance for meter-side billing (表端计费), the
account's for platform-side billing. The alarm level uses the site's rules
(``collector.*`` settings) exactly as the collector does, so the tree and the relay rules
never disagree about who is low.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..collector.config import Rules, load_rules
from ..collector.vacancy import vacant_watts
from ..ledger.tariffs import tariff_for_meter
from ..models import (
    Account,
    AccountBilling,
    AccountStatus,
    BillingMode,
    Building,
    CommandStatus,
    Floor,
    Link,
    LoadRoom,
    Meter,
    MeterCharge,
    MeterCommand,
    MeterRole,
    MeterState,
    Reading,
    ReadingKind,
    RelayControl,
    Room,
    Tenant,
    utcnow,
)
from .events import EventRow, recent_events
from .presence import UNREAD, presence

CHUNK = 500  # ids per IN (...) clause
WAITING = (CommandStatus.PENDING, CommandStatus.SENT)


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), CHUNK):
        yield list(ids[i : i + CHUNK])


def local_midnight(zone: ZoneInfo, now: datetime | None = None) -> datetime:
    moment = (now or utcnow()).astimezone(zone)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class RoomLive:
    """The live summary of one room (all its tenant meters together)."""

    room_id: int
    let: bool  # has an account
    balance_fen: int | None
    meter_side: bool
    level: int  # 0 fine, 1 warn, 2 pre-trip, 3 at or below the cut-off line
    relay: str  # "closed" | "open" (any meter cut) | "unknown" | "" (no meter)
    online: int  # meters answering
    meters: int  # tenant meters installed
    unread: int  # meters the collector has not reached yet (no answer, no miss)
    guaranteed: bool
    pending: int  # recharges still on their way to a meter
    today_kwh: Decimal | None
    today_fen: int | None
    power_w: int | None
    read_at: datetime | None = None  # the newest answer of its meters (the tile's age)
    vacant_draw: bool = False  # no open account, yet above ``collector.vacant_watts``
    needs_manager: bool = False  # load control used up its automatic restores (issue 19)

    @property
    def offline(self) -> bool:
        """A meter stopped answering (not merely: not read yet since the start)."""
        return self.meters > 0 and self.online + self.unread < self.meters


def meter_rooms(session: Session) -> dict[int, int]:
    """Installed tenant meter id -> room id (to map a collector batch onto rooms)."""
    rows = session.execute(
        select(Meter.id, Meter.room_id).where(
            Meter.room_id.is_not(None), Meter.removed_at.is_(None), Meter.role == MeterRole.TENANT
        )
    )
    return {mid: rid for mid, rid in rows}


def rooms_with_recent_recharges(session: Session, meter_room: dict[int, int]) -> set[int]:
    """Rooms whose recharge commands changed recently (pending or confirmed in the last
    minutes): cheap, and keeps the pending badge honest without a full reload."""
    since = utcnow() - timedelta(minutes=10)
    ids = session.scalars(
        select(MeterCommand.meter_id).where(
            MeterCommand.kind == "recharge", MeterCommand.updated_at >= since
        )
    )
    return {meter_room[m] for m in ids if m in meter_room}


def _where_in(query: Any, column: Any, ids: list[int] | None) -> Any:
    return query if ids is None else query.where(column.in_(ids))


def room_live(
    session: Session, zone: ZoneInfo, room_ids: Iterable[int] | None = None
) -> dict[int, RoomLive]:
    """Live summaries of ``room_ids`` (every room when None)."""
    if room_ids is None:
        return _room_live(session, zone, None, load_rules(session), vacant_watts(session))
    ids = sorted(set(room_ids))
    rules, line = load_rules(session), vacant_watts(session)
    out: dict[int, RoomLive] = {}
    for chunk in _chunks(ids):
        out.update(_room_live(session, zone, chunk, rules, line))
    return out


def _room_live(
    session: Session, zone: ZoneInfo, rooms: list[int] | None, rules: Rules, vacant_w: int
) -> dict[int, RoomLive]:
    midnight = local_midnight(zone)
    accounts = {
        rid: (bal, over, status)
        for rid, bal, over, status in session.execute(
            _where_in(
                select(Room.id, Account.balance_fen, Account.overdraft_fen, Account.status)
                .select_from(Room)
                .outerjoin(Account, Room.account_id == Account.id),
                Room.id,
                rooms,
            )
        )
    }
    meter_rows = session.execute(
        _where_in(
            select(Meter.id, Meter.room_id, Meter.billing_mode).where(
                Meter.room_id.is_not(None),
                Meter.removed_at.is_(None),
                Meter.role == MeterRole.TENANT,
            ),
            Meter.room_id,
            rooms,
        )
    ).all()
    by_room: dict[int, list[tuple[int, BillingMode]]] = defaultdict(list)
    for mid, rid, mode in meter_rows:
        by_room[rid].append((mid, mode))
    mids = [m for m, _, _ in meter_rows] if rooms is not None else None
    states = {
        row.meter_id: row
        for row in session.execute(
            _where_in(
                select(
                    MeterState.meter_id,
                    MeterState.online,
                    MeterState.balance_fen,
                    MeterState.relay,
                    MeterState.guaranteed,
                    MeterState.energy_total,
                    MeterState.power_w,
                    MeterState.misses,
                    MeterState.last_seen,
                ),
                MeterState.meter_id,
                mids,
            )
        )
    }
    freeze = {
        mid: (total, bal)
        for mid, total, bal in session.execute(
            _where_in(
                select(Reading.meter_id, Reading.energy_total, Reading.balance_fen).where(
                    Reading.kind == ReadingKind.DAILY, Reading.ts == midnight
                ),
                Reading.meter_id,
                mids,
            )
        )
    }
    missing = [m for m, _, _ in meter_rows if m not in freeze]
    if missing:  # no midnight freeze yet (first day): today so far since the first reading
        first = (
            _where_in(
                select(Reading.meter_id, func.min(Reading.ts).label("ts")).where(
                    Reading.kind == ReadingKind.INTERVAL, Reading.ts >= midnight
                ),
                Reading.meter_id,
                missing if mids is not None else None,
            )
            .group_by(Reading.meter_id)
            .subquery()
        )
        for mid, total, bal in session.execute(
            select(Reading.meter_id, Reading.energy_total, Reading.balance_fen)
            .join(first, (Reading.meter_id == first.c.meter_id) & (Reading.ts == first.c.ts))
            .where(Reading.kind == ReadingKind.INTERVAL)
        ):
            freeze[mid] = (total, bal)
    charged = dict(
        session.execute(
            _where_in(
                select(MeterCharge.meter_id, func.sum(MeterCharge.fen))
                .where(MeterCharge.slot >= midnight)
                .group_by(MeterCharge.meter_id),
                MeterCharge.meter_id,
                mids,
            )
        )
        .tuples()
        .all()
    )
    pending: dict[int, int] = defaultdict(int)
    bought: dict[int, int] = defaultdict(int)
    for mid, status, payload, _updated in session.execute(
        _where_in(
            select(
                MeterCommand.meter_id,
                MeterCommand.status,
                MeterCommand.payload,
                MeterCommand.updated_at,
            ).where(
                MeterCommand.kind == "recharge",
                (MeterCommand.status.in_(WAITING))
                | (
                    (MeterCommand.status == CommandStatus.CONFIRMED)
                    & (MeterCommand.updated_at >= midnight)
                ),
            ),
            MeterCommand.meter_id,
            mids,
        )
    ):
        if status in WAITING:
            pending[mid] += 1
        else:
            bought[mid] += int((payload or {}).get("amount_fen", 0))
    manager = set(
        session.scalars(
            _where_in(
                select(LoadRoom.room_id).where(LoadRoom.needs_manager.is_(True)),
                LoadRoom.room_id,
                rooms,
            )
        )
    )
    out: dict[int, RoomLive] = {}
    for rid, (acc_balance, overdraft, status) in accounts.items():
        meters = by_room.get(rid, [])
        let = status is not None and status is AccountStatus.OPEN
        meter_side = [m for m, mode in meters if mode is BillingMode.METER]
        seen = [states[m] for m, _ in meters if m in states]
        balance: int | None
        if meter_side:
            values = [states[m].balance_fen for m in meter_side if m in states]
            known = [v for v in values if v is not None]
            balance = sum(known) if known else None
            level = rules.level(min(known)) if known and let else 0
        else:
            balance = acc_balance if let else None
            level = rules.level(acc_balance or 0, overdraft or 0) if let and meters else 0
        relays = {s.relay.value for s in seen}
        relay = (
            ""
            if not meters
            else "open"
            if "open" in relays
            else ("closed" if relays == {"closed"} and len(seen) == len(meters) else "unknown")
        )
        kwh: Decimal | None = None
        fen: int | None = None
        for m, mode in meters:
            state, base = states.get(m), freeze.get(m)
            if state is None or base is None or state.energy_total is None:
                continue
            kwh = (kwh or Decimal(0)) + max(Decimal(0), state.energy_total - base[0])
            if mode is BillingMode.PLATFORM:
                fen = (fen or 0) + int(charged.get(m) or 0)
            elif base[1] is not None and state.balance_fen is not None:
                fen = (fen or 0) + max(0, base[1] - state.balance_fen + bought.get(m, 0))
        powers = [s.power_w for s in seen if s.power_w is not None and s.online]
        read = [s.last_seen for s in seen if s.last_seen is not None]
        out[rid] = RoomLive(
            room_id=rid,
            let=let,
            balance_fen=balance,
            meter_side=bool(meter_side),
            level=level,
            relay=relay,
            online=sum(1 for s in seen if s.online),
            meters=len(meters),
            unread=len(meters)
            - sum(1 for s in seen if presence(s.online, s.misses, s.last_seen) != UNREAD),
            guaranteed=any(s.guaranteed for s in seen),
            pending=sum(pending.get(m, 0) for m, _ in meters),
            today_kwh=kwh,
            today_fen=fen,
            power_w=sum(powers) if powers else None,
            read_at=max(read) if read else None,
            vacant_draw=not let and bool(meters) and sum(powers) > vacant_w,
            needs_manager=rid in manager,
        )
    return out


# --------------------------------------------------------------------------- room detail


@dataclass(frozen=True)
class PhaseLive:
    """One phase of a three-phase meter, in ``meter_state`` units (0.1 V, mA, W)."""

    voltage_dv: int | None
    current_ma: int | None
    power_w: int | None

    @property
    def empty(self) -> bool:
        return self.voltage_dv is None and self.current_ma is None and self.power_w is None


@dataclass(frozen=True)
class MeterLive:
    meter_id: int
    address: str
    label: str
    profile: str
    billing: str  # meter | platform
    link: str
    online: bool
    last_seen: datetime | None
    misses: int
    last_error: str
    voltage_dv: int | None
    current_ma: int | None
    power_w: int | None
    pf_milli: int | None
    freq_chz: int | None
    energy: dict[str, Decimal | None]  # total, sharp, peak, flat, valley
    balance_fen: int | None
    purchase_count: int | None
    relay: str
    guaranteed: bool
    cut_reason: str
    phases: tuple[PhaseLive, ...] = ()  # a, b, c of a three-phase meter; () if single-phase


@dataclass(frozen=True)
class RoomDetail:
    room_id: int
    path: str
    tenant: str
    tenant_kind: str
    contact: str
    phone: str
    account: str
    account_balance_fen: int | None
    overdraft_fen: int
    meters: list[MeterLive]
    live: RoomLive | None
    month_kwh: Decimal | None
    month_fen: int | None
    days_left: float | None
    daily: list[tuple[date, Decimal]]  # energy per day, oldest first (today so far last)
    intervals: list[tuple[datetime, float]]  # average power (W) per interval reading, today
    events: list[EventRow] = field(default_factory=list)
    # base allowance (基础电量) of this tier period: (kWh used, kWh granted); None if none
    allowance: tuple[Decimal, Decimal] | None = None


def _allowance(
    session: Session, account: Account | None, meters: list[MeterLive], now: datetime
) -> tuple[Decimal, Decimal] | None:
    """Free kWh used and granted this period, for platform-side rooms whose tariff has any."""
    platform = [m.meter_id for m in meters if m.billing == BillingMode.PLATFORM.value]
    if account is None or not platform:
        return None
    tariff = tariff_for_meter(session, platform[0])
    version = tariff.version_at(now) if tariff else None
    if version is None or not version.allowance_kwh:
        return None
    local = now.astimezone(version.zone)
    period = (
        f"{local.year}-{local.month}" if version.tier_period.value == "month" else f"{local.year}"
    )
    progress = session.get(AccountBilling, account.id)
    used = Decimal(progress.free_kwh) if progress and progress.period == period else Decimal(0)
    return used, version.allowance_kwh


def room_path(session: Session, room_id: int) -> str:
    row = session.execute(
        select(Building.name, Floor.name, Room.number)
        .select_from(Room)
        .join(Floor, Room.floor_id == Floor.id)
        .join(Building, Floor.building_id == Building.id)
        .where(Room.id == room_id)
    ).first()
    return " / ".join(row) if row else ""


def room_detail(
    session: Session, zone: ZoneInfo, room_id: int, days: int = 30, now: datetime | None = None
) -> RoomDetail:
    """Everything the room detail shows, in one read snapshot."""
    room = session.get(Room, room_id)
    if room is None:
        raise LookupError(f"no room {room_id}")
    account = session.get(Account, room.account_id) if room.account_id else None
    tenant = session.get(Tenant, account.tenant_id) if account else None
    rows = session.execute(
        select(Meter, MeterState, Link.name, RelayControl.cut_reason)
        .join(Link, Meter.link_id == Link.id)
        .outerjoin(MeterState, MeterState.meter_id == Meter.id)
        .outerjoin(RelayControl, RelayControl.meter_id == Meter.id)
        .where(Meter.room_id == room_id, Meter.removed_at.is_(None))
        .order_by(Meter.id)
    ).all()
    meters = [_meter_live(m, st, link, cut) for m, st, link, cut in rows]
    ids = [m.meter_id for m in meters]
    midnight = local_midnight(zone)
    start = midnight - timedelta(days=days)
    freezes: dict[date, Decimal] = defaultdict(Decimal)
    for _mid, ts, total in session.execute(
        select(Reading.meter_id, Reading.ts, Reading.energy_total).where(
            Reading.meter_id.in_(ids), Reading.kind == ReadingKind.DAILY, Reading.ts >= start
        )
    ):
        freezes[ts.astimezone(zone).date()] += total
    now_total = sum((m.energy["total"] or Decimal(0) for m in meters), Decimal(0))
    points = sorted(freezes.items())
    if points and all(m.energy["total"] is not None for m in meters):
        points.append((midnight.date() + timedelta(days=1), now_total))
    daily = [(a[0], max(Decimal(0), b[1] - a[1])) for a, b in itertools.pairwise(points)]
    intervals: list[tuple[datetime, float]] = []
    per_slot: dict[datetime, Decimal] = defaultdict(Decimal)
    for _mid, ts, total in session.execute(
        select(Reading.meter_id, Reading.ts, Reading.energy_total)
        .where(
            Reading.meter_id.in_(ids),
            Reading.kind == ReadingKind.INTERVAL,
            Reading.ts >= midnight - timedelta(hours=1),
        )
        .order_by(Reading.ts)
    ):
        per_slot[ts] += total
    slots = sorted(per_slot.items())
    for (t0, e0), (t1, e1) in itertools.pairwise(slots):
        hours = (t1 - t0).total_seconds() / 3600
        if hours > 0 and e1 >= e0:
            intervals.append((t1, float(e1 - e0) / hours * 1000))
    month_start = midnight.replace(day=1)
    month_base = [total for day, total in sorted(freezes.items()) if day >= month_start.date()]
    month_kwh = now_total - month_base[0] if month_base and meters else None
    month_fen = (
        session.scalar(
            select(func.sum(MeterCharge.fen)).where(
                MeterCharge.meter_id.in_(ids), MeterCharge.slot >= month_start
            )
        )
        if ids
        else None
    )
    live = room_live(session, zone, [room_id]).get(room_id)
    days_left = _days_left(session, ids, live, midnight)
    events = recent_events(session, room_id=room_id, limit=30)
    return RoomDetail(
        room_id=room_id,
        path=room_path(session, room_id),
        tenant=tenant.name if tenant else "",
        tenant_kind=tenant.kind.value if tenant else "",
        contact=tenant.contact if tenant else "",
        phone=tenant.phone if tenant else "",
        account=account.number if account else "",
        account_balance_fen=account.balance_fen if account else None,
        overdraft_fen=account.overdraft_fen if account else 0,
        meters=meters,
        live=live,
        month_kwh=month_kwh,
        month_fen=int(month_fen) if month_fen is not None else None,
        days_left=days_left,
        daily=daily,
        intervals=intervals,
        events=events,
        allowance=_allowance(session, account, meters, now or datetime.now(zone)),
    )


def _days_left(
    session: Session, ids: list[int], live: RoomLive | None, midnight: datetime
) -> float | None:
    """Balance / recent spending per day: the last 7 days of charges (platform-side) or
    balance drops (meter-side), else today's pace once a few hours have passed."""
    if live is None or live.balance_fen is None or not ids:
        return None
    if live.balance_fen <= 0:
        return 0.0
    week = midnight - timedelta(days=7)
    spent = 0
    if live.meter_side:
        rows = session.execute(
            select(Reading.meter_id, Reading.ts, Reading.balance_fen)
            .where(
                Reading.meter_id.in_(ids),
                Reading.kind == ReadingKind.DAILY,
                Reading.ts >= week,
                Reading.balance_fen.is_not(None),
            )
            .order_by(Reading.ts)
        ).all()
        first: dict[int, tuple[datetime, int]] = {}
        for mid, ts, bal in rows:
            first.setdefault(mid, (ts, bal))
        since = min((ts for ts, _ in first.values()), default=None)
        drop = sum(bal for _, bal in first.values()) - live.balance_fen
        spent = max(0, drop)
    else:
        since = session.scalar(
            select(func.min(MeterCharge.slot)).where(
                MeterCharge.meter_id.in_(ids), MeterCharge.slot >= week
            )
        )
        spent = int(
            session.scalar(
                select(func.sum(MeterCharge.fen)).where(
                    MeterCharge.meter_id.in_(ids), MeterCharge.slot >= week
                )
            )
            or 0
        )
    if since is None or spent <= 0:
        return None
    days = (utcnow() - since).total_seconds() / 86400
    if days < 2 / 24:  # under two hours of data says nothing about a day
        return None
    return live.balance_fen / (spent / days)


def _meter_live(m: Meter, st: MeterState | None, link: str, cut: str | None) -> MeterLive:
    return MeterLive(
        meter_id=m.id,
        address=m.address,
        label=m.label,
        profile=m.profile,
        billing=m.billing_mode.value,
        link=link,
        online=bool(st and st.online),
        last_seen=st.last_seen if st else None,
        misses=st.misses if st else 0,
        last_error=st.last_error if st else "",
        voltage_dv=st.voltage_dv if st else None,
        current_ma=st.current_ma if st else None,
        power_w=st.power_w if st else None,
        pf_milli=st.pf_milli if st else None,
        freq_chz=st.freq_chz if st else None,
        energy={
            "total": st.energy_total if st else None,
            "sharp": st.energy_sharp if st else None,
            "peak": st.energy_peak if st else None,
            "flat": st.energy_flat if st else None,
            "valley": st.energy_valley if st else None,
        },
        balance_fen=st.balance_fen if st else None,
        purchase_count=st.purchase_count if st else None,
        relay=st.relay.value if st else "unknown",
        guaranteed=bool(st and st.guaranteed),
        cut_reason=cut or "",
        phases=_phases(st),
    )


def _phases(st: MeterState | None) -> tuple[PhaseLive, ...]:
    """Per-phase values when the meter reported any (three-phase meters), else ()."""
    if st is None:
        return ()
    rows = tuple(
        PhaseLive(
            getattr(st, f"voltage_{p}_dv"),
            getattr(st, f"current_{p}_ma"),
            getattr(st, f"power_{p}_w"),
        )
        for p in "abc"
    )
    return () if all(r.empty for r in rows) else rows
