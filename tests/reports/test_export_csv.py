"""The CSV export read back with the csv module: UTF-8 with BOM, plain numbers that sum to
the totals row, park-local times, formula-like text guarded, the second table after a blank
line with its title; to a text stream without the BOM."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

from app.reports import yuan
from app.reports.export import write_report
from tests.reports.sample_report import FORMULAS, LONG_NAME, empty, sample


def read(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_header_first_numbers_plain_and_totals_equal(tmp_path: Path) -> None:
    report = sample()
    path = tmp_path / "r.csv"
    write_report(report, "csv", path)
    assert b"\r\n" in path.read_bytes()  # Excel's line ends
    rows = read(path)
    assert rows[0] == [c.title for c in report.main.columns]
    body = rows[1 : 1 + len(report.main.rows)]
    assert body[0] == [
        "A栋", "101", "华为技术有限公司", "2026-11-03", "2026-11-03 23:59:00",
        "123.45", "1234.56", "3", "12.50",
    ]  # fmt: skip
    assert body[1][6] == "-50.00"  # a refund stays a number, not guarded text
    assert body[-1][6] == "9876543.21"  # no thousands separator: Excel reads a number
    total = rows[1 + len(report.main.rows)]
    assert total[0] == "合计"
    assert (
        sum(Decimal(r[6]) for r in body)
        == Decimal(total[6])
        == yuan(sum(r[6] for r in report.main.rows))
    )
    assert sum(Decimal(r[5]) for r in body) == Decimal(total[5])
    assert sum(int(r[7]) for r in body) == int(total[7])
    assert not any(r and r[0].startswith("Subtotal") for r in rows)  # sums would count them twice


def test_formula_like_text_gets_a_quote(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    write_report(sample(), "csv", path)
    tenants = [r[2] for r in read(path)[1:9]]
    for text in FORMULAS:
        assert "'" + text in tenants, text
    assert LONG_NAME in tenants and "华为技术有限公司" in tenants


def test_other_tables_follow_after_a_blank_line_with_their_title(tmp_path: Path) -> None:
    report = sample()
    path = tmp_path / "r.csv"
    write_report(report, "csv", path)
    rows = read(path)
    at = rows.index(["按支付方式"])
    assert rows[at - 1] == []
    assert rows[at + 1] == ["方式", "金额 (元)"]
    assert rows[at + 2 : at + 5] == [["现金", "1000.50"], ["扫码", "0.25"], ["合计", "1000.75"]]
    assert ["电量取自每日冻结读数。"] in rows  # the table's note


def test_a_period_without_data_says_so(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    write_report(empty(), "csv", path)
    rows = read(path)
    assert rows[0][0] == "楼栋"
    assert ["No data in this period."] in rows


def test_to_standard_output_without_bom() -> None:
    out = io.StringIO()
    write_report(sample(), "csv", out)
    text = out.getvalue()
    assert not text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0][0] == "楼栋" and rows[1][6] == "1234.56"
