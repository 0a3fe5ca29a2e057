"""Reports built by hand for the export tests (a ``Report`` is plain data, not a mock).

``sample()`` has what finance files carry: Chinese names, yuan (with a refund's negative
amount), kWh, park-local dates and times, a building group with subtotals, a second table,
and tenant names a spreadsheet would run as formulas. ``FORMULAS`` are those names.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from app.reports import Column, ColumnKind, Grain, Period, Report, Table

FORMULAS = ("=1+2", "+SUM(A1:A9)", "-2+3", "@cmd|' /C calc'!A0", "\tTAB", "\rCR")
LONG_NAME = "星河智造产业园第三期研发中心东区配套商业综合楼有限公司（深圳）"
PARK = "星河智造产业园"


def columns() -> list[Column]:
    return [
        Column("building", "楼栋"),
        Column("room", "房间"),
        Column("tenant", "租户", wide=True),
        Column("day", "日期", ColumnKind.DATE),
        Column("at", "时间", ColumnKind.DATETIME),
        Column("kwh", "电量 (kWh)", ColumnKind.KWH, total=True),
        Column("fen", "金额 (元)", ColumnKind.FEN, total=True),
        Column("count", "笔数", ColumnKind.INT, total=True),
        Column("share", "占比", ColumnKind.PERCENT),
    ]


def sample() -> Report:
    rows = [
        ("A栋", "101", "华为技术有限公司", date(2026, 11, 3),
         datetime(2026, 11, 3, 15, 59, tzinfo=UTC), Decimal("123.45"), 123456, 3, Decimal("12.5")),
        ("A栋", "102", FORMULAS[0], date(2026, 11, 4),
         datetime(2026, 11, 3, 16, 1, tzinfo=UTC), Decimal("0.01"), -5000, 1, None),
        ("A栋", "103", FORMULAS[1], date(2026, 11, 5), None, Decimal("10"), 1, 1, None),
        ("B栋", "201", FORMULAS[2], date(2026, 11, 6), None, Decimal("7.5"), 99, 1, None),
        ("B栋", "202", FORMULAS[3], date(2026, 11, 7), None, Decimal("1000.25"), 100000, 2, None),
        ("B栋", "203", FORMULAS[4], date(2026, 11, 8), None, Decimal("0"), 0, 0, None),
        ("C栋", "301", FORMULAS[5], date(2026, 11, 9), None, Decimal("2.2"), 1234, 1, None),
        ("C栋", "302", LONG_NAME, date(2026, 11, 30), None, Decimal("99999.99"), 987654321, 5,
         Decimal("-3.25")),
    ]  # fmt: skip
    main = Table("用电明细", columns(), rows, group="building").with_total("合计")
    main.note = "电量取自每日冻结读数。"
    methods = [Column("method", "方式"), Column("fen", "金额 (元)", ColumnKind.FEN, total=True)]
    by_method = Table("按支付方式", methods, [("现金", 100050), ("扫码", 25)]).with_total("合计")
    return Report(
        "orders",
        "订单总览",
        Period.month(2026, 11),
        "",
        [main, by_method],
        grain=Grain.DAY,
        park=PARK,
        generated_at=datetime(2026, 12, 1, 1, 30, tzinfo=UTC),
    )


def empty() -> Report:
    """A month with nothing in it: the tables have their columns and no rows."""
    table = Table("用电明细", columns(), [], group="building").with_total("合计")
    return Report("orders", "订单总览", Period.month(2026, 2), "A栋", [table], park=PARK)


def big(rows: int, buildings: int = 10) -> Report:
    """``rows`` rows over ``buildings`` buildings, for speed and for pages."""
    out = []
    for n in range(rows):
        b = n * buildings // rows
        out.append((
            f"{chr(65 + b)}栋", f"{n % 1000:04d}", f"租户{n:05d} 贸易有限公司",
            date(2026, 11, n % 30 + 1),
            datetime(2026, 11, n % 30 + 1, 2, n % 60, tzinfo=UTC), Decimal(n % 997) / 10,
            n * 37 % 100000 - 1000, n % 7, Decimal(n % 100),
        ))  # fmt: skip
    main = Table("用电明细", columns(), out, group="building").with_total("合计")
    return Report("orders", "订单总览", Period.month(2026, 11), "", [main], grain=Grain.DAY,
                  park=PARK, generated_at=datetime(2026, 12, 1, tzinfo=UTC))  # fmt: skip
