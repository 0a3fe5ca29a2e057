"""The demo park: a realistic site so a newcomer sees a working control room at once.

Offices and workshops (enterprises, platform-side billing over Modbus), a student
dormitory (DL/T 645 prepaid meters, meter-side billing) and a shopping street (shops,
meter-side Modbus prepaid meters). Every building has a master meter and common-area
meters (lighting, lifts) on a bus of their own. Rows are written with Core bulk inserts in
one transaction: 10,000 rooms take a few seconds.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from .billing.tariff import version_from_data, version_to_data
from .db import Database
from .models import (
    Account,
    ApportionScheme,
    BillingMode,
    Building,
    FeeItem,
    Floor,
    LedgerEntry,
    LedgerTxn,
    Link,
    Meter,
    MeterRole,
    Park,
    Protocol,
    Room,
    Shift,
    TariffAssignment,
    TariffRow,
    TariffVersionRow,
    Tenant,
    TenantKind,
    utcnow,
)
from .names import NameMaker, initials
from .security import Actor, Permission, audit, authorize, require

DEMO_PARK = "星河智造产业园"
METERS_PER_BUS = 32
WRITE_CHUNK = 2000  # rows per bulk insert: progress moves during a large demo's write
# the demo writes a park, links and meters, tariffs, opening balances (money in) and its
# billing definitions (schemes and fee items, issue 16)
DEMO_PERMISSIONS = (
    Permission.SITE_EDIT,
    Permission.METER_EDIT,
    Permission.TARIFF_EDIT,
    Permission.RECHARGE,
    Permission.BILLING_EDIT,
)
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class BuildingPlan:
    kind: str  # office | dorm | shop
    name: str
    code: str
    floors: int
    rooms_per_floor: int


@dataclass(frozen=True)
class DemoResult:
    park: str
    rooms: int
    meters: int
    links: int
    seconds: float
    created: bool


def plan_buildings(rooms: int) -> list[BuildingPlan]:
    """Buildings for about ``rooms`` rooms: ~55% offices, ~30% dormitory, ~15% shops."""
    shapes = [
        ("office", "{n}号厂房", "A{n}", 6, 12),
        ("dorm", "学生公寓{n}号楼", "D{n}", 6, 24),
        ("office", "研发楼{n}座", "R{n}", 10, 10),
        ("shop", "商业街{n}区", "S{n}", 2, 20),
    ]
    plans: list[BuildingPlan] = []
    left, counters = rooms, {s[0] + s[1]: 0 for s in shapes}
    i = 0
    while left > 0:
        kind, name, code, floors, per_floor = shapes[i % len(shapes)]
        key = kind + name
        counters[key] += 1
        n = counters[key]
        size = min(left, floors * per_floor)
        floors_needed = -(-size // per_floor)
        plans.append(
            BuildingPlan(kind, name.format(n=n), code.format(n=n), floors_needed, per_floor)
        )
        left -= size
        i += 1
    # the last building may be partly filled: trim its rooms in build_demo via ``rooms``
    return plans


class _Ids:
    """Explicit primary keys so bulk inserts need no RETURNING round trips.

    PostgreSQL's id sequences do not see explicit ids: ``advance_sequences`` moves them past
    the rows written, in the same transaction (else the next ordinary insert, e.g. the first
    recharge's ``ledger_txn``, collided with a demo row: UniqueViolation pk_ledger_txn).
    """

    def __init__(self, db: Database) -> None:
        with db.read() as s:
            self.next: dict[type, int] = {
                t: (s.scalar(select(func.max(t.id))) or 0) + 1
                for t in (
                    Park,
                    Building,
                    Floor,
                    Room,
                    Tenant,
                    Account,
                    Link,
                    Meter,
                    LedgerTxn,
                    LedgerEntry,
                    Shift,
                )
            }

    def take(self, table: type) -> int:
        value = self.next[table]
        self.next[table] = value + 1
        return value


class DemoCancelled(Exception):
    """Raised by a ``progress`` callback to stop ``build_demo``; nothing is written then."""


def build_demo(
    db: Database,
    rooms: int = 480,
    seed: int = 7,
    *,
    opening_balances: bool = True,
    actor: Actor | None = None,
    progress: Progress | None = None,
    history: bool = False,
) -> DemoResult:
    """Add the demo park with ``rooms`` rooms unless it exists already.

    ``opening_balances`` gives platform-side accounts the balance they brought along (as
    ``opening`` ledger entries); tests of money start from zero without them.

    ``history`` adds 13 months of readings, recharges, refunds and charges ending now
    (``app.demohistory``): ``init --demo`` and the GUI's first start want it, tests of a
    bare park do not pay for it (the default). The opening balances are then dated at
    the history's start.

    ``actor`` (the GUI's operator) must hold every permission in ``DEMO_PERMISSIONS``: the
    demo writes a park, meters, tariffs and opening balances; the park is then audited
    (``demo.create``) in the same transaction. Without an actor (``init --demo``, tests,
    benchmarks) nothing is checked or audited, as before. ``progress(done, total)`` is
    called now and then from this thread; it may raise ``DemoCancelled``, and since
    everything is written in one transaction a cancelled demo leaves nothing behind.
    """
    if rooms < 1:
        raise ValueError("rooms must be at least 1")
    if actor is not None:
        for permission in DEMO_PERMISSIONS:
            require(actor, permission)
    step = progress or (lambda _done, _total: None)
    started = time.perf_counter()
    with db.read() as s:
        if s.scalar(select(Park.id).where(Park.name == DEMO_PARK)) is not None:
            return DemoResult(DEMO_PARK, 0, 0, 0, 0.0, created=False)
    step(0, 2 * rooms)
    ids = _Ids(db)
    rows = _DemoRows(ids, NameMaker(seed), opening_balances and not history)
    rows.fill(plan_buildings(rooms), rooms, step)
    past = None
    billing_share = rooms // 5 if history else 0  # the end of the bar: last month's runs
    if history:
        from . import demohistory

        prices = {k: Decimal(v) for k, v in DEMO_TARIFFS["office"]["prices"].items()}
        past = demohistory.plan(rows, utcnow(), prices, seed)
        step(rooms, 2 * rooms)  # a cancel pressed while the history was planned stops here
    with db.write() as s:
        if actor is not None:
            for permission in DEMO_PERMISSIONS:
                authorize(s, actor, permission)
        _write_rows(s, rows, rooms, step, 2 * rooms - billing_share)
        _demo_tariffs(s, rows.building_kinds, past.start - timedelta(days=1) if past else None)
        _demo_billing(s, rows, past.start.date() if past else None)
        from .loadcontrol.store import add_demo_load_control  # not at start: app.batch

        add_demo_load_control(s, rows.building_kinds)  # the dorms (issue 19)
        if past is not None:
            demohistory.write(s, past, ids.take)
        advance_sequences(s, [table for table, _values in rows.tables()] + [Shift])
        result = DemoResult(
            DEMO_PARK,
            len(rows.rows[Room]),
            len(rows.rows[Meter]),
            len(rows.rows[Link]),
            time.perf_counter() - started,
            created=True,
        )
        if actor is not None:
            audit.record(
                s,
                actor,
                "demo.create",
                f"park:{DEMO_PARK}",
                after={"rooms": result.rooms, "meters": result.meters, "links": result.links},
            )
    if past is not None:  # after the commit: each run is its own transaction, as for real
        _post_demo_billing(db, rows.now, seed, _Ticks(step, 2 * rooms, billing_share))
        result = replace(result, seconds=time.perf_counter() - started)
    return result


class _Ticks:
    """The progress of the billing phase: the last ``share`` steps of the bar, ending at
    ``total``. The park is written by then, so a cancel is too late: it is ignored and
    the month is posted whole."""

    def __init__(self, step: Progress, total: int, share: int) -> None:
        self.step, self.total, self.share = step, total, share

    def __call__(self, done: int, of: int) -> None:
        with contextlib.suppress(DemoCancelled):
            self.step(self.total - self.share + self.share * done // max(of, 1), self.total)


def _post_demo_billing(db: Database, now: datetime, seed: int, tick: Progress) -> None:
    """Last month's runs and the counter's bills (``app.demohistory.billing``), imported
    here: only a demo with history pays for the billing engine's import."""
    from .demohistory import PARK_ZONE
    from .demohistory.billing import post_last_month

    with db.read() as s:
        garbage = s.scalar(select(FeeItem.id).where(FeeItem.name == GARBAGE_FEE_NAME))
    post_last_month(db, now, PARK_ZONE, garbage, seed, tick)


def advance_sequences(session: Session, tables: list[type]) -> None:
    """Move each table's id sequence past its highest id (PostgreSQL; SQLite has none).

    Never backwards: ``GREATEST`` with the sequence's own position, so an id another desk
    drew meanwhile is not handed out twice.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        name = table.__tablename__  # type: ignore[attr-defined]
        sequence = session.scalar(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": name})
        if sequence is None:
            continue
        session.execute(
            text(
                f"SELECT setval('{sequence}', GREATEST((SELECT max(id) FROM {name}), "
                f"(SELECT last_value FROM {sequence}), 1))"
            )
        )


def _write_rows(session: Any, rows: _DemoRows, rooms: int, step: Progress, end: int) -> None:
    """Bulk inserts in chunks, reporting the progress from ``rooms`` to ``end`` (of
    2 × rooms: a demo with history keeps the rest for its billing) by rows written."""
    total = sum(len(values) for _model, values in rows.tables()) or 1
    written = 0
    for model, values in rows.tables():
        for start in range(0, len(values), WRITE_CHUNK):
            chunk = values[start : start + WRITE_CHUNK]
            session.execute(insert(model), chunk)
            written += len(chunk)
            step(rooms + written * (end - rooms) // total, 2 * rooms)


DEMO_TARIFFS: dict[str, dict[str, Any]] = {
    "office": {
        "name": "工业分时电价",
        "prices": {"sharp": "1.1800", "peak": "0.9800", "flat": "0.6600", "valley": "0.3300"},
        "seasons": [
            {
                "start": "01-01",
                "workday": [
                    ["00:00", "valley"],
                    ["08:00", "peak"],
                    ["11:00", "flat"],
                    ["18:00", "peak"],
                    ["21:00", "flat"],
                    ["23:00", "valley"],
                ],
                "weekend": [["00:00", "valley"], ["08:00", "flat"], ["23:00", "valley"]],
            },
            {
                "start": "07-01",
                "workday": [
                    ["00:00", "valley"],
                    ["08:00", "peak"],
                    ["10:00", "sharp"],
                    ["12:00", "peak"],
                    ["14:00", "flat"],
                    ["19:00", "sharp"],
                    ["21:00", "flat"],
                    ["23:00", "valley"],
                ],
                "weekend": [["00:00", "valley"], ["08:00", "flat"], ["23:00", "valley"]],
            },
            {
                "start": "10-01",
                "workday": [
                    ["00:00", "valley"],
                    ["08:00", "peak"],
                    ["11:00", "flat"],
                    ["18:00", "peak"],
                    ["21:00", "flat"],
                    ["23:00", "valley"],
                ],
                "weekend": [["00:00", "valley"], ["08:00", "flat"], ["23:00", "valley"]],
            },
        ],
    },
    "shop": {"name": "商业电价", "prices": {"flat": "0.8900"}},
    "dorm": {
        "name": "学生宿舍电价",
        "prices": {"flat": "0.5600"},
        "tiers": [{"upto": "60", "add": "0"}, {"upto": None, "add": "0.1000"}],
    },
}


def _demo_tariffs(
    session: Any, building_kinds: dict[int, str], since: datetime | None = None
) -> None:
    """Publish the demo's three tariffs from today (or from ``since``, the start of the
    history) and assign them by building (shops are the default). Written directly like the
    rest of the demo: no operator exists yet."""
    now = since or utcnow()
    ids: dict[str, int] = {}
    for kind, spec in DEMO_TARIFFS.items():
        row = TariffRow(name=spec["name"], description="demo", created_at=now)
        session.add(row)
        session.flush()
        definition = {k: v for k, v in spec.items() if k != "name"}
        definition["effective_from"] = now.isoformat()
        version = version_to_data(version_from_data(definition))
        session.add(
            TariffVersionRow(
                tariff_id=row.id, effective_from=now, definition=version, created_at=now
            )
        )
        ids[kind] = row.id
    if (
        session.scalar(select(TariffAssignment.id).where(TariffAssignment.scope == "default"))
        is None
    ):
        session.add(TariffAssignment(tariff_id=ids["shop"], scope="default", scope_key=""))
    for building_id, kind in building_kinds.items():
        session.add(
            TariffAssignment(tariff_id=ids[kind], scope="building", scope_key=str(building_id))
        )


DEMO_PROPERTY_FEE = "3.50"  # yuan per m² a month, the offices
DEMO_SHOP_RENT = "4500.00"  # yuan a quarter per shop account, billed (催缴)
DEMO_GARBAGE_FEE = "80.00"  # yuan a month per shop of one street's ground floor, billed
GARBAGE_FEE_NAME = "垃圾清运费"


def _demo_billing(session: Session, rows: _DemoRows, since: date | None) -> None:
    """Definitions only (issue 16; the runs are the billing engine's): per building a loss
    scheme shared by energy and a common-area scheme (the dormitory equally, the others by
    area); the offices' property fee per m², monthly, deducted; the shops' quarterly rent,
    billed. In force from the history's first month (or last month), so last month's run
    has something to apply.

    Written in their normalised form rather than through ``app.billing.schemes`` /
    ``fees.validate`` (tests/billing/test_demo_definitions.py checks they validate as they
    are): importing those modules here changed the derandomised examples of
    tests/money/test_ledger_machine.py, because Hypothesis draws constants from the local
    modules loaded (``hypothesis.internal.constants_ast``)."""
    today = rows.now.date()
    start = (since or (today.replace(day=1) - timedelta(days=1))).replace(day=1)
    common: dict[int, list[int]] = {}
    for meter in rows.rows[Meter]:
        if meter["role"] is MeterRole.COMMON:
            common.setdefault(meter["building_id"], []).append(meter["id"])
    names = {b["id"]: b["name"] for b in rows.rows[Building]}
    for bid, kind in rows.building_kinds.items():
        scope = {"buildings": [bid]}
        rest: dict[str, Any] = {
            "ratios": {},
            "cap_percent": None,
            "exclude_vacant": True,
            "exclude_accounts": [],
            "max_loss_percent": "15",
        }
        loss: dict[str, Any] = {
            "scope": scope,
            "source": "loss",
            "common_meters": [],
            "masters": [],
            "basis": "energy",
            **rest,
        }
        shared: dict[str, Any] = {
            "scope": scope,
            "source": "common",
            "common_meters": common.get(bid, []),
            "masters": [],
            "basis": "equal" if kind == "dorm" else "area",
            **rest,
        }
        for label, definition in (("损耗", loss), ("公摊", shared)):  # the demo is Chinese
            session.add(
                ApportionScheme(
                    name=f"{names[bid]} {label}"[:60],
                    definition=definition,
                    effective_from=start,
                )
            )
    by_kind = {
        k: [b for b, kind in rows.building_kinds.items() if kind == k] for k in ("office", "shop")
    }
    # one shop street's ground floor pays a garbage fee, due at the month's end: the demo's
    # counter has last month's to collect (app.demohistory.billing)
    ground = [
        f["id"]
        for f in rows.rows[Floor]
        if by_kind["shop"] and f["building_id"] == by_kind["shop"][0] and f["level"] == 1
    ]
    items = [
        ("物业费", "per_m2", DEMO_PROPERTY_FEE, {"buildings": by_kind["office"]}, "monthly"),
        ("商铺房租", "fixed", DEMO_SHOP_RENT, {"buildings": by_kind["shop"]}, "quarterly"),
        (GARBAGE_FEE_NAME, "fixed", DEMO_GARBAGE_FEE, {"floors": ground}, "monthly"),
    ]
    for label, amount_kind, amount, scope, period in items:
        if not next(iter(scope.values())):
            continue
        fee: dict[str, Any] = {
            "amount_kind": amount_kind,
            "amount": amount,
            "scope": scope,
            "period": period,
            "day": 1,
            "mode": "deduct" if label == "物业费" else "bill",
            "due_days": 0 if label == GARBAGE_FEE_NAME else 15,
        }
        session.add(FeeItem(name=label, definition=fee, effective_from=start))


class _DemoRows:
    """Collects the rows of every table before one bulk write."""

    ORDER = (Park, Building, Floor, Tenant, Account, LedgerTxn, LedgerEntry, Room, Link, Meter)

    def __init__(self, ids: _Ids, names: NameMaker, opening_balances: bool = True) -> None:
        self.opening_balances = opening_balances
        self.ids, self.names, self.rng = ids, names, names.rng
        self.rows: dict[type, list[dict[str, Any]]] = {t: [] for t in self.ORDER}
        self.park_id = 0
        self.building_kinds: dict[int, str] = {}
        self.now = utcnow()

    def tables(self) -> list[tuple[type, list[dict[str, Any]]]]:
        return [(t, self.rows[t]) for t in self.ORDER]

    def add(self, table: type, **values: Any) -> int:
        values.setdefault("id", self.ids.take(table))
        self.rows[table].append(values)
        return int(values["id"])

    def fill(self, plans: list[BuildingPlan], rooms: int, step: Progress | None = None) -> None:
        """Rows for every building; ``step`` hears the rooms made so far (of 2 × rooms:
        writing them is the other half)."""
        self.park_id = self.add(
            Park, name=DEMO_PARK, address="江苏省苏州市工业园区星湖街 88 号", phone="0512-6688 8899"
        )
        left = rooms
        for plan in plans:
            left -= self._building(plan, left)
            if step is not None:
                step(rooms - left, 2 * rooms)

    def _building(self, plan: BuildingPlan, left: int) -> int:
        bid = self.add(Building, park_id=self.park_id, name=plan.name)
        self.building_kinds[bid] = plan.kind
        protocol = Protocol.DLT645 if plan.kind == "dorm" else Protocol.MODBUS
        billing = BillingMode.PLATFORM if plan.kind == "office" else BillingMode.METER
        profile = "sim-prepaid-dlt645" if protocol is Protocol.DLT645 else "sim-prepaid-modbus"
        bus = _Bus(self, plan.code, protocol)
        common = _Bus(self, f"{plan.code}-公共", Protocol.MODBUS)
        monitor = "acrel-ddsy1352"
        # the building's incoming supply is three-phase: its master meter is an SDM630
        master = common.meter(
            self, "eastron-sdm630", MeterRole.MASTER, BillingMode.PLATFORM, bid, label="总表"
        )
        for label in ("公共照明", "电梯"):
            common.meter(
                self, monitor, MeterRole.COMMON, BillingMode.PLATFORM, bid, master, label=label
            )
        made, tenant_left, account_id = 0, 0, None
        for level in range(1, plan.floors + 1):
            fid = self.add(Floor, building_id=bid, name=f"{level}F", level=level)
            for n in range(1, plan.rooms_per_floor + 1):
                if made >= left:
                    return made
                number = f"{level}{n:02d}"
                if tenant_left == 0:
                    account_id, tenant_left = self._tenant(plan, number)
                tenant_left -= 1
                area = Decimal(self.rng.choice([18, 24, 36, 48, 60, 85, 120, 240])) + Decimal(
                    "0.50"
                )
                rid = self.add(
                    Room, floor_id=fid, number=number, area_m2=area, account_id=account_id
                )
                bus.meter(self, profile, MeterRole.TENANT, billing, bid, master, room_id=rid)
                made += 1
        return made

    def _opening_balance(self) -> int:
        """Mostly comfortable, a few low (alarms to see) and a few in arrears (cut)."""
        r = self.rng.random()
        if r < 0.03:
            return -self.rng.randint(100, 5000)
        if r < 0.10:
            return self.rng.randint(100, 3000)
        return self.rng.randint(200, 3000) * 100

    def _tenant(self, plan: BuildingPlan, number: str) -> tuple[int | None, int]:
        """A new tenant and account for the next rooms; returns (account id, rooms it takes)."""
        r = self.rng
        if plan.kind != "dorm" and r.random() < 0.08:
            return None, 1  # vacant
        if plan.kind == "office":
            name, kind, span = (
                self.names.enterprise(),
                TenantKind.ENTERPRISE,
                r.choice([1, 1, 1, 2, 3]),
            )
        elif plan.kind == "shop":
            name, kind, span = self.names.shop(), TenantKind.SHOP, 1
        else:
            name, kind, span = self.names.dorm(plan.code, number), TenantKind.DORM, 1
        tid = self.add(Tenant, name=name, kind=kind, initials=initials(name))
        opening = self._opening_balance() if plan.kind == "office" and self.opening_balances else 0
        number = f"E{len(self.rows[Account]) + 100001:07d}"
        aid = self.add(Account, number=number, tenant_id=tid, balance_fen=opening)
        if opening:  # platform-side accounts start with the balance they had before WattDesk
            txn = self.add(LedgerTxn, kind="opening", created_at=self.now, memo="opening balance")
            self.add(LedgerEntry, txn_id=txn, book="opening", amount_fen=-opening, account_id=None)
            self.add(LedgerEntry, txn_id=txn, book="tenant", amount_fen=opening, account_id=aid)
        return aid, span


class _Bus:
    """Hands out meters on simulated links of at most ``METERS_PER_BUS`` meters."""

    def __init__(self, rows: _DemoRows, code: str, protocol: Protocol) -> None:
        self.code, self.protocol = code, protocol
        self.link_id, self.count, self.n = 0, METERS_PER_BUS, 0

    def meter(
        self,
        rows: _DemoRows,
        profile: str,
        role: MeterRole,
        billing: BillingMode,
        building_id: int,
        parent_id: int | None = None,
        room_id: int | None = None,
        label: str = "",
    ) -> int:
        if self.count >= METERS_PER_BUS:
            self.n += 1
            name = f"{self.code}-{self.n}" if not self.code.endswith("公共") else self.code
            dlt = self.protocol is Protocol.DLT645
            self.link_id = rows.add(
                Link,
                name=f"总线 {name}",
                url=f"sim://{name}",
                protocol=self.protocol,
                baud=2400 if dlt else 9600,
                timeout_ms=1000 if dlt else 300,
            )
            self.count = 0
        self.count += 1
        if self.protocol is Protocol.DLT645:
            address = f"{(self.link_id * 100 + self.count) % 10**12:012d}"
        else:
            address = str(self.count)
        return rows.add(
            Meter,
            link_id=self.link_id,
            address=address,
            profile=profile,
            role=role,
            billing_mode=billing,
            building_id=building_id,
            parent_id=parent_id,
            room_id=room_id,
            label=label,
            install_date=date(2025, 3, 1),
        )
