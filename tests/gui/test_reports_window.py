"""The Reports window (报表) driven as a clerk would, against a real demo database.

Recharges are taken through the ledger (real rows, real shifts) on known park days; the
window chooses a report and a period, runs it in its worker thread (``waitUntil`` the
table fills) and the totals row must show the sum the test computes on its own. A report
that blocks is cancelled from the window; a period that ends before it starts, an unknown
account and a report the role may not read come back as sentences. The kinds of the
parallel branches (``orders``, ``income``, ...) are tested when registered; until then a
small kind registered here (payments per building and day, read from the payment rows)
stands in, so the window's own flow is tested either way.
"""

from __future__ import annotations

import importlib.util
import inspect
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from sqlalchemy import func, select

from app.ledger.recharge import RechargeRequest, recharge
from app.models import Building, Floor, Payment, Role, Room
from app.reports import (
    REGISTRY,
    Column,
    ColumnKind,
    Grain,
    Period,
    Report,
    ReportKind,
    ReportRequest,
    Table,
    format_cell,
    register,
)
from app.security import Actor, Permission, add_operator, create_first_admin, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from app.ui import files
from app.ui.i18n import install_translators
from app.ui.report_model import Line
from app.ui.reports import ReportsWindow

ZONE = ZoneInfo("Asia/Shanghai")
PASSWORD = "Reports-2026!"
TODAY = date(2026, 12, 6)
NOVEMBER = Period.month(2026, 11, ZONE)
# (day in November, hour park time, yuan, method, who)
RECHARGES = [
    (3, 9, "200", "cash", "admin"),
    (3, 23, "50.50", "qr", "wang"),  # 23:xx park time = 15:xx UTC: still the 3rd
    (10, 0, "1000", "transfer", "admin"),  # 00:xx park time = the 9th in UTC
    (10, 14, "88.88", "cash", "wang"),
    (28, 16, "300", "card", "admin"),
]
OUTSIDE = [(1, 12, "999", "cash", "admin")]  # 2026-12-01: not in November


@pytest.fixture(autouse=True)
def cheap_hashing() -> Iterator[None]:
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    yield
    configure_hashing(DEFAULT_PARAMS)


@pytest.fixture
def park(db):  # type: ignore[no-untyped-def]
    from app.demo import build_demo

    build_demo(db, rooms=120, opening_balances=False)
    return db


@pytest.fixture
def staff(park) -> dict[str, Actor]:  # type: ignore[no-untyped-def]
    admin = create_first_admin(park, "admin", "管理员", PASSWORD)
    add_operator(park, admin, "wang", "王晓梅", Role.CASHIER, PASSWORD)
    add_operator(park, admin, "zhao", "赵审计", Role.AUDITOR, PASSWORD)
    return {n: login(park, n, PASSWORD) for n in ("admin", "wang", "zhao")}


def _rooms(db) -> list[int]:  # type: ignore[no-untyped-def]
    """A let room in each of the first two buildings."""
    with db.read() as s:
        found = s.execute(
            select(Floor.building_id, func.min(Room.id))
            .join(Room, Room.floor_id == Floor.id)
            .where(Room.account_id.is_not(None))
            .group_by(Floor.building_id)
            .order_by(Floor.building_id)
        ).all()
    assert len(found) >= 2
    return [found[0][1], found[1][1]]


@pytest.fixture
def money(park, staff) -> list[int]:  # type: ignore[no-untyped-def]
    """The recharges of ``RECHARGES`` (November) and ``OUTSIDE`` (December), on rooms of
    two buildings; returns the rooms used."""
    used = _rooms(park)
    months = [11] * len(RECHARGES) + [12] * len(OUTSIDE)
    for i, (day, hour, yuan, method, who) in enumerate(RECHARGES + OUTSIDE):
        month = months[i]
        moment = datetime(2026, month, day, hour, 5, tzinfo=ZONE).astimezone(UTC)
        request = RechargeRequest(yuan, method, uuid.uuid4().hex, room_id=used[i % 2])
        recharge(park, staff[who], request, now=moment)
    return used


# ---------------------------------------------------------------- a stand-in kind


def payments_in(db, period: Period, login: str | None = None) -> int:  # type: ignore[no-untyped-def]
    """The test's own sum of the payments in ``period`` (fen)."""
    start, stop = period.utc_bounds()
    query = select(func.coalesce(func.sum(Payment.amount_fen), 0)).where(
        Payment.created_at >= start, Payment.created_at < stop
    )
    if login is not None:
        from app.models import Operator

        query = query.join(Operator, Operator.id == Payment.operator_id).where(
            Operator.login == login
        )
    with db.read() as s:
        return int(s.scalar(query) or 0)


def _payments_kind(db, actor, request: ReportRequest, progress) -> Report:  # type: ignore[no-untyped-def]
    """Payments per building and park day (what the window shows is the window's part)."""
    start, stop = request.period.utc_bounds()
    query = (
        select(Building.name, Payment.created_at, Payment.method, Payment.amount_fen)
        .join(Room, Room.id == Payment.room_id)
        .join(Floor, Floor.id == Room.floor_id)
        .join(Building, Building.id == Floor.building_id)
        .where(Payment.created_at >= start, Payment.created_at < stop)
        .where(Payment.room_id.in_(request.scope.rooms()))
        .order_by(Building.name, Payment.created_at)
    )
    with db.read() as s:
        found = s.execute(query).all()
    progress(1, 2)
    sums: dict[tuple[str, date, str], list[int]] = {}
    for building, moment, method, fen in found:
        key = (building, request.period.local_date(moment), str(method))
        sums.setdefault(key, [0, 0])
        sums[key][0] += 1
        sums[key][1] += fen
    columns = [
        Column("building", "楼栋"),
        Column("day", "日期", ColumnKind.DATE),
        Column("method", "方式"),
        Column("count", "笔数", ColumnKind.INT, total=True),
        Column("amount", "金额", ColumnKind.FEN, total=True),
    ]
    rows = [(b, d, m, c, f) for (b, d, m), (c, f) in sums.items()]
    table = Table("payments", columns, rows, group="building", note="a note under the table")
    table.with_total("合计")
    per_day: dict[str, Decimal] = {}
    for _b, day, _m, _c, fen in rows:
        per_day[day.isoformat()] = per_day.get(day.isoformat(), Decimal(0)) + Decimal(fen) / 100
    progress(2, 2)
    return Report(
        "test_payments",
        "Payments (test)",
        request.period,
        request.scope.text,
        [table],
        request.grain,
        series={"收入": sorted(per_day.items())},
    )


GATE = threading.Event()  # the blocking kind waits here, after its first step
STEPPED = threading.Event()


def _blocking_kind(db, actor, request: ReportRequest, progress) -> Report:  # type: ignore[no-untyped-def]
    """A long report: reports step 1 of 100, waits for the test, then steps on (the
    window's callback raises ``ReportCancelled`` there once Cancel was pressed)."""
    progress(1, 100)
    STEPPED.set()
    GATE.wait(30)
    for step in range(2, 101):
        progress(step, 100)
    return Report("test_blocking", "Blocking (test)", request.period, "", [])


@pytest.fixture
def test_kinds() -> Iterator[None]:
    register(ReportKind("test_payments", "Payments (test)", Permission.REPORT_FINANCE,
                        _payments_kind))  # fmt: skip
    register(ReportKind("test_blocking", "Blocking (test)", Permission.REPORT_ENERGY,
                        _blocking_kind))  # fmt: skip
    GATE.clear()
    STEPPED.clear()
    yield
    GATE.set()
    REGISTRY.pop("test_payments", None)
    REGISTRY.pop("test_blocking", None)


def show(qtbot, db, actor: Actor) -> ReportsWindow:  # type: ignore[no-untyped-def]
    window = ReportsWindow(db, actor, ZONE, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.load()
    return window


def run(qtbot, window: ReportsWindow) -> Report:  # type: ignore[no-untyped-def]
    assert window.run()
    qtbot.waitUntil(lambda: not window.running(), timeout=60_000)
    assert window.report is not None, window.message.text()
    return window.report


def total_text(window: ReportsWindow, key: str, tab: int = 0) -> str:
    model = window.models[tab]
    row = model.total_row()
    assert row is not None
    return model.text(row, model.table.index(key))


# ---------------------------------------------------------------- the window's flow


def test_last_month_shows_every_payment_and_the_right_total(qtbot, park, staff, money,
                                                            test_kinds) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    window = show(qtbot, park, staff["admin"])
    assert window.form.select_kind("test_payments")
    window.form.last_month.click()  # 2026-11, as a month
    assert window.form.period() == NOVEMBER
    report = run(qtbot, window)
    expected = payments_in(park, NOVEMBER)
    assert expected == sum(round(Decimal(y) * 100) for _d, _h, y, _m, _w in RECHARGES)
    assert total_text(window, "amount") == format_cell(expected, ColumnKind.FEN)
    assert total_text(window, "count") == str(len(RECHARGES))
    model = window.models[0]
    lines = [model.line(r) for r in range(model.rowCount())]
    assert lines[-1] is Line.TOTAL and lines.count(Line.SUBTOTAL) == 2  # two buildings
    # the 00:05 recharge of the 10th (park time) is on the 10th, not on the 9th (UTC)
    days = {model.raw(r, 1) for r in range(model.rowCount()) if model.line(r) is Line.ROW}
    assert days == {date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 28)}
    amount = model.table.index("amount")
    index = model.index(0, amount)
    assert model.data(index, Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    assert model.data(model.index(model.rowCount() - 1, 0), Qt.ItemDataRole.FontRole).bold()
    assert window.tabs.count() == 1 and window.tabs.tabText(0) == "payments"
    assert "2026-11" in window.heading.text()
    # sorting by amount, largest first: rows move inside their building, totals stay last
    window.views[0].sortByColumn(amount, Qt.SortOrder.DescendingOrder)
    assert model.line(model.rowCount() - 1) is Line.TOTAL
    first_group = [model.raw(r, amount) for r in range(model.rowCount())]
    cut = [model.line(r) for r in range(model.rowCount())].index(Line.SUBTOTAL)
    assert first_group[:cut] == sorted(first_group[:cut], reverse=True)
    assert total_text(window, "amount") == format_cell(expected, ColumnKind.FEN)
    # the chart: one bar per day with money, in the interface's language
    assert window.chart is not None and window.chart.isVisible()
    assert window.chart.bar_count() == 3
    assert report.series


def test_a_building_and_a_custom_period(qtbot, park, staff, money, test_kinds) -> None:  # type: ignore[no-untyped-def]
    window = show(qtbot, park, staff["zhao"])  # the auditor reads money reports
    window.form.select_kind("test_payments")
    window.form.mode.setCurrentIndex(3)  # custom: 3 to 10 November
    window.form.start.setDate(date(2026, 11, 3))
    window.form.end.setDate(date(2026, 11, 10))
    with park.read() as s:
        building = s.scalar(
            select(Building.name)
            .join(Floor, Floor.building_id == Building.id)
            .join(Room, Room.floor_id == Floor.id)
            .where(Room.id == money[0])
        )
    window.form.set_scope("building", building)
    report = run(qtbot, window)
    assert report.scope == building
    first = [(d, y) for i, (d, _h, y, _m, _w) in enumerate(RECHARGES) if i % 2 == 0]
    expected = sum(round(Decimal(y) * 100) for d, y in first if 3 <= d <= 10)
    assert total_text(window, "amount") == format_cell(expected, ColumnKind.FEN)


def test_a_period_that_ends_before_it_starts_is_refused_in_words(qtbot, park, staff,
                                                                 test_kinds) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    window = show(qtbot, park, staff["admin"])
    window.form.select_kind("test_payments")
    window.form.mode.setCurrentIndex(3)
    window.form.start.setDate(date(2026, 11, 30))
    window.form.end.setDate(date(2026, 11, 1))
    with qtbot.waitSignal(window.failed, timeout=5000) as said:
        assert not window.run()
    assert "2026-11-01" in said.args[0] and "2026-11-30" in said.args[0]
    assert window.message.text() == said.args[0] and "Traceback" not in said.args[0]
    assert window.report is None and window.run_button.isEnabled()


def test_an_unknown_account_is_refused_in_words(qtbot, park, staff, test_kinds) -> None:  # type: ignore[no-untyped-def]
    window = show(qtbot, park, staff["admin"])
    window.form.select_kind("test_payments")
    window.form.set_scope("account", "NO-SUCH-9")
    with qtbot.waitSignal(window.failed, timeout=20_000) as said:
        window.run()
    assert "NO-SUCH-9" in said.args[0] and "Traceback" not in window.message.text()
    assert window.run_button.isEnabled() and not window.cancel_button.isEnabled()


def test_a_long_report_is_cancelled(qtbot, park, staff, test_kinds) -> None:  # type: ignore[no-untyped-def]
    window = show(qtbot, park, staff["admin"])
    assert window.form.select_kind("test_blocking")
    window.run()
    qtbot.waitUntil(lambda: window.progress.maximum() == 100, timeout=20_000)
    assert STEPPED.is_set() and window.progress.value() == 1 and window.progress.isVisible()
    assert window.cancel_button.isEnabled() and not window.run_button.isEnabled()
    with qtbot.waitSignal(window.cancelled, timeout=20_000):
        window.cancel_button.click()
        GATE.set()  # the report takes its next step: the callback stops it there
    assert window.report is None and window.tabs.count() == 0
    assert window.run_button.isEnabled() and not window.progress.isVisible()
    assert window.progress.value() == 1  # it never got to step 2


def test_a_cashier_sees_only_orders_and_is_told(qtbot, park, staff, test_kinds) -> None:  # type: ignore[no-untyped-def]
    window = show(qtbot, park, staff["wang"])
    model = window.form.kind.model()
    greyed = {}
    for row in range(window.form.kind.count()):
        item = model.item(row)  # type: ignore[attr-defined]
        greyed[window.form.kind.itemData(row)] = (item.isEnabled(), item.toolTip())
    enabled, tip = greyed["test_payments"]
    assert not enabled and "王晓梅" in tip  # who may not do what, in words
    assert not greyed["test_blocking"][0]
    if "orders" in greyed:
        assert greyed["orders"][0] and window.form.current_kind() == "orders"
        assert window.form.cashier.text() == "wang" and not window.form.cashier.isEnabled()
        assert "wang" in window.form.narrowed.text() and window.form.is_narrowed()
    # forced past the grey (a stale window, a keyboard trick): the service refuses in words
    assert not window.form.select_kind("test_payments")
    window.form.kind.setCurrentIndex(window.form.kind.findData("test_payments"))
    with qtbot.waitSignal(window.failed, timeout=20_000) as said:
        window.run()
    assert "王晓梅" in said.args[0] and window.report is None


NO_ORDERS = importlib.util.find_spec("app.reports.orders") is None
NO_INCOME = importlib.util.find_spec("app.reports.income") is None
NO_EXPORT = importlib.util.find_spec("app.reports.export") is None
NO_COMPARE = importlib.util.find_spec("app.reports.compare") is None


@pytest.mark.skipif(NO_ORDERS, reason="the orders report comes with branch r-money (not merged)")
def test_a_cashiers_orders_are_their_own(qtbot, park, staff, money) -> None:  # type: ignore[no-untyped-def]
    window = show(qtbot, park, staff["wang"])
    assert window.form.current_kind() == "orders"
    window.form.last_month.click()
    run(qtbot, window)
    assert "wang" in window.form.narrowed.text()
    assert window.windowTitle() != "Reports" and window.form.is_narrowed()
    own = payments_in(park, NOVEMBER, login="wang")
    texts = [
        total_text(window, column.key)
        for column in window.models[0].table.columns
        if column.kind is ColumnKind.FEN and column.total
    ]
    assert format_cell(own, ColumnKind.FEN) in texts


@pytest.mark.skipif(NO_INCOME, reason="the income report comes with branch r-money (not merged)")
def test_income_by_day_totals_the_ledger(qtbot, park, staff, money) -> None:  # type: ignore[no-untyped-def]
    window = show(qtbot, park, staff["zhao"])
    assert window.form.select_kind("income")
    window.form.last_month.click()
    window.form.set_grain(Grain.DAY)
    run(qtbot, window)
    expected = format_cell(payments_in(park, NOVEMBER), ColumnKind.FEN)
    model = window.models[0]
    row = model.total_row()
    assert row is not None
    texts = [model.text(row, c) for c in range(model.columnCount())]
    assert expected in texts, texts
    assert window.chart is not None and window.chart.bar_count() > 0


@pytest.mark.skipif(NO_EXPORT, reason="app.reports.export comes with branch r-export (not merged)")
@pytest.mark.parametrize("fmt", ["xlsx", "csv", "pdf"])
def test_export_writes_the_file(qtbot, park, staff, money, test_kinds, tmp_path: Path,
                                monkeypatch, fmt: str) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    window = show(qtbot, park, staff["admin"])
    window.form.select_kind("test_payments")
    window.form.last_month.click()
    run(qtbot, window)
    target = tmp_path / f"十一月.{fmt}"
    monkeypatch.setattr(files, "dialog", lambda *_args: str(target))
    window.per_building.setChecked(True)
    with qtbot.waitSignal(window.exported, timeout=60_000):
        assert window.export(fmt)
    assert target.stat().st_size > 0 and str(target) in window.message.text()
    if fmt == "csv":
        text = target.read_text(encoding="utf-8-sig")
        expected = format_cell(payments_in(park, NOVEMBER), ColumnKind.FEN)
        assert expected in text or expected.replace(",", "") in text


@pytest.mark.skipif(NO_EXPORT, reason="app.reports.export comes with branch r-export (not merged)")
def test_a_file_that_cannot_be_written_is_refused_in_words(qtbot, park, staff, money, test_kinds,
                                                            tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    window = show(qtbot, park, staff["admin"])
    window.form.select_kind("test_payments")
    window.form.last_month.click()
    run(qtbot, window)
    target = tmp_path / "no such folder" / "十一月.xlsx"
    monkeypatch.setattr(files, "dialog", lambda *_args: str(target))
    with qtbot.waitSignal(window.failed, timeout=60_000) as said:
        assert window.export("xlsx")
    assert str(target) in said.args[0] and "Traceback" not in said.args[0]
    assert window.message.text() == said.args[0]
    assert not target.parent.exists()  # nothing half-written anywhere


@pytest.fixture(params=["zh_CN", "en"])
def lang(request, qapp, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The interface in one language: Qt-free texts (env) and Qt strings (translators)."""
    monkeypatch.setenv("WATTDESK_LANG", request.param)
    keep = install_translators(qapp, request.param)
    yield request.param
    for translator in keep:
        QCoreApplication.removeTranslator(translator)


def test_the_chart_speaks_the_interfaces_language(qtbot, lang: str) -> None:  # type: ignore[no-untyped-def]
    from app.ui.report_charts import ReportChart, bucket_text, style_for

    expected = {
        "zh_CN": ("2026年11月", "11月3日", "2026年"),
        "en": ("Nov 2026", "Nov 3", "2026"),
    }[lang]
    assert (bucket_text("2026-11"), bucket_text("2026-11-03"), bucket_text("2026")) == expected
    assert bucket_text("03") == {"zh_CN": "3月", "en": "Mar"}[lang]  # compare's months
    assert bucket_text("1号厂房") == "1号厂房"  # not a date: as it is
    chart = ReportChart()
    qtbot.addWidget(chart)
    months = [f"2026-{m:02d}" for m in range(1, 13)]
    this_year = [(m, Decimal(100 + i)) for i, m in enumerate(months)]
    last_year = [(f"2025-{m[5:]}", Decimal(90 + i)) for i, m in enumerate(months)]
    chart.show_series("compare", "同比", {"2026": this_year, "2025": last_year})
    assert chart.style == "lines" and chart.line_count() == 2
    assert chart.labels == months  # 2025-03 is drawn under 2026-03
    ticks = chart.getAxis("bottom")._tickLevels[0]
    assert ticks[0][1] == bucket_text("2026-01")
    bands = {"sharp": [("1号厂房", Decimal(1))], "peak": [("1号厂房", Decimal(2))]}
    chart.show_series("energy", "能耗报表", bands)
    assert style_for("energy", bands) == "stacked" and chart.bar_count() == 2
    legend = [label.text for _sample, label in chart.legend.items]
    assert legend == {"zh_CN": ["尖", "峰"], "en": ["Sharp", "Peak"]}[lang]


@pytest.mark.skipif(NO_COMPARE, reason="the comparison report comes with branch r-monthly")
def test_this_year_against_last_year_is_two_lines(qtbot, park, staff, money) -> None:  # type: ignore[no-untyped-def]
    window = show(qtbot, park, staff["zhao"])
    assert window.form.select_kind("compare")
    assert window.form.set_option("income")  # this park has money, no readings
    window.form.this_year.click()
    report = run(qtbot, window)
    assert window.chart is not None and window.chart.style == "lines"
    assert window.chart.line_count() == len(report.series) == 2
    assert window.tabs.count() == len(report.tables) >= 1
    assert all(model.rowCount() > 0 for model in window.models[:1])


NO_ENERGY = importlib.util.find_spec("app.reports.energy") is None


def _has_history() -> bool:
    from app.demo import build_demo

    return "history" in inspect.signature(build_demo).parameters


@pytest.mark.skipif(NO_ENERGY, reason="the energy report comes with branch r-energy")
@pytest.mark.skipif(not _has_history(), reason="the demo's history comes with branch r-demo")
def test_energy_per_building_by_band_on_the_demo_history(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    from app.demo import build_demo

    build_demo(db, rooms=30, history=True)
    auditor = Actor(None, "zhao", "赵审计", Role.AUDITOR, "desk-2")
    window = ReportsWindow(db, auditor, ZONE)  # today: the history ends now
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.loaded, timeout=20_000):
        window.load()
    assert window.form.select_kind("energy")
    assert window.form.option.isVisible() and window.form.set_option("building")
    window.form.last_month.click()
    window.form.set_grain(Grain.DAY)
    report = run(qtbot, window)
    model = window.models[0]
    assert model.rowCount() > 1 and model.table.index("building") == 0
    last = model.total_row()
    assert last is not None
    total = model.raw(last, model.table.index("kwh"))
    assert isinstance(total, Decimal) and total > 0
    # the bands add up to the total, and the chart draws the same kWh as the table
    bands = [model.raw(last, model.table.index(b)) for b in ("sharp", "peak", "flat", "valley")]
    assert sum(bands, Decimal(0)).quantize(Decimal("0.01")) == total.quantize(Decimal("0.01"))
    drawn = sum(v for points in report.series.values() for _label, v in points)
    assert Decimal(drawn).quantize(Decimal("0.01")) == total.quantize(Decimal("0.01"))
    assert window.chart is not None and window.chart.style == "stacked"


def _broken_kind(db, actor, request: ReportRequest, progress) -> Report:  # type: ignore[no-untyped-def]
    raise RuntimeError("the disk fell off")


def test_an_unexpected_failure_is_said_and_the_window_stays_usable(qtbot, park, staff) -> None:  # type: ignore[no-untyped-def]
    register(ReportKind("test_broken", "Broken (test)", Permission.REPORT_ENERGY, _broken_kind))
    try:
        window = show(qtbot, park, staff["admin"])
        assert window.form.select_kind("test_broken")
        with qtbot.waitSignal(window.failed, timeout=20_000) as said:
            window.run()
        assert "the disk fell off" in said.args[0] and "Traceback" not in said.args[0]
        assert window.run_button.isEnabled() and not window.progress.isVisible()
    finally:
        REGISTRY.pop("test_broken", None)


def test_lines_align_by_month_and_leave_gaps(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A month a series lacks (before the first reading) is a gap: last year's March stays
    under this year's March, not shifted left to January."""
    from app.ui.report_charts import ReportChart

    chart = ReportChart()
    qtbot.addWidget(chart)
    this_year = [("03", Decimal(30)), ("04", Decimal(40))]
    last_year = [(f"{m:02d}", Decimal(m)) for m in range(1, 13)]
    chart.show_series("compare", "同比", {"2026": this_year, "2025": last_year})
    assert chart.labels == [f"{m:02d}" for m in range(1, 13)]
    lines = [i for i in chart.getPlotItem().items if hasattr(i, "getData")]
    xs = {len(line.getData()[0]): list(line.getData()[0]) for line in lines}
    assert xs[2] == [2, 3]  # March and April, where last year's March and April are
