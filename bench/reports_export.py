"""How long does exporting a 10,000-row report take? (issue 15, item 6: XLSX ≤ 5 s)

A report built by hand (no database: this measures the exporters alone) with the columns a
finance report has: building, room, a Chinese tenant name, a date, a park-local time, kWh,
yuan, a count and a percent, grouped by ten buildings with their subtotals. Each format is
written to a real file (atomic write included); the baseline is ``csv.writer`` writing the
same cells as plain text, measured in the same run, so the ratios hold on a busy machine.
The load average is printed next to every figure.

    .venv/bin/python bench/reports_export.py [--rows 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.reports import Column, ColumnKind, Grain, Period, Report, Table
from app.reports.export import write_report


def report(rows: int, buildings: int = 10) -> Report:
    columns = [
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
    out = []
    for n in range(rows):
        b = n * buildings // rows
        day = n % 30 + 1
        out.append(
            (
                f"{chr(65 + b)}栋",
                f"{n % 1000:04d}",
                f"租户{n:05d} 贸易有限公司",
                date(2026, 11, day),
                datetime(2026, 11, day, 2, n % 60, tzinfo=UTC),
                Decimal(n % 997) / 10,
                n * 37 % 100000 - 1000,
                n % 7,
                Decimal(n % 100),
            )
        )
    table = Table("用电明细", columns, out, group="building").with_total("合计")
    return Report(
        "monthly", "用电综合报表", Period.month(2026, 11), "", [table], grain=Grain.MONTH,
        park="星河智造产业园", generated_at=datetime.now(UTC),
    )  # fmt: skip


def load() -> str:
    return Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"


def best(repeat: int, work: Callable[[], None]) -> tuple[float, float]:
    """The best wall time and the best CPU time (the CPU time suffers less from the load)."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    data = report(args.rows)
    folder = Path(tempfile.mkdtemp(prefix="wattdesk-export-bench-"))

    def baseline() -> None:
        with (folder / "plain.csv").open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            for row in data.main.rows:
                writer.writerow([str(v) for v in row])

    cases: list[tuple[str, Callable[[], None]]] = [
        ("baseline csv.writer, str() cells", baseline),
        ("CSV", lambda: write_report(data, "csv", folder / "r.csv")),
        ("XLSX, one sheet with subtotals", lambda: write_report(data, "xlsx", folder / "r.xlsx")),
        (
            "XLSX, a sheet per building",
            lambda: write_report(data, "xlsx", folder / "g.xlsx", per_group_sheets=True),
        ),
        ("PDF", lambda: write_report(data, "pdf", folder / "r.pdf")),
    ]
    print(f"{args.rows} rows x {len(data.main.columns)} columns, best of {args.repeat}")
    base = 0.0
    for name, work in cases:
        seconds, cpu = best(args.repeat, work)
        base = base or seconds
        size = ""
        for suffix in (".csv", ".xlsx", ".pdf"):
            if suffix[1:].upper() in name.split(",")[0] and (folder / f"r{suffix}").exists():
                size = f"  {(folder / f'r{suffix}').stat().st_size / 1e6:.1f} MB"
        print(
            f"{name:34s} {seconds:6.2f} s (cpu {cpu:5.2f} s)  x{seconds / base:5.1f}{size}"
            f"  load {load()}"
        )


if __name__ == "__main__":
    main()
