"""The XLSX export read back with openpyxl: typed values, number formats, the bold frozen
header, CJK column widths, subtotal and totals rows, one sheet per building, and text that
looks like a formula stored as text (checked in the sheet's XML too: no ``<f>`` at all)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.reports import Report, yuan
from app.reports.export import write_report
from app.reports.export.common import display_width
from tests.reports.sample_report import FORMULAS, LONG_NAME, PARK, empty, sample

HEADER_ROW = 7  # park, four title lines, a blank row, then the header


def written(report: Report, tmp_path: Path, **options: Any) -> Path:
    path = tmp_path / "report.xlsx"
    write_report(report, "xlsx", path, **options)
    return path


def data_rows(sheet: Any) -> list[tuple[Any, ...]]:
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    return [row for row in rows if any(v is not None for v in row)]


def test_values_formats_header_and_totals(tmp_path: Path) -> None:
    report = sample()
    book = load_workbook(written(report, tmp_path))
    assert book.sheetnames == ["用电明细", "按支付方式"]
    sheet = book["用电明细"]
    assert sheet["A1"].value == PARK and sheet["A1"].font.b
    block = [sheet.cell(row=r, column=1).value for r in range(2, 6)]
    assert block == [
        "Report: 订单总览",
        "Period: 2026-11 (by day)",
        "Scope: the whole park",
        "Generated at: 2026-12-01 09:30",
    ]
    header = sheet[HEADER_ROW]
    assert [c.value for c in header] == [c.title for c in report.main.columns]
    assert all(c.font.b for c in header)
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    first = sheet[HEADER_ROW + 1]
    assert first[0].value == "A栋" and first[2].value == "华为技术有限公司"
    assert first[3].value == datetime(2026, 11, 3) and first[3].number_format == "yyyy-mm-dd"
    # 15:59 UTC is 23:59 in the park: the time of the park, as a real Excel date-time
    assert first[4].value == datetime(2026, 11, 3, 23, 59)
    assert first[4].number_format == "yyyy-mm-dd hh:mm:ss"
    assert first[5].value == pytest.approx(123.45) and first[5].number_format == "#,##0.00"
    assert first[6].value == pytest.approx(1234.56) and first[6].number_format == "#,##0.00"
    assert first[7].value == 3 and first[7].number_format == "#,##0"
    assert first[8].value == pytest.approx(0.125) and first[8].number_format == "0.00%"
    assert not any(c.font.b for c in first)


def test_subtotals_and_the_total_reconcile_to_the_fen(tmp_path: Path) -> None:
    report = sample()
    sheet = load_workbook(written(report, tmp_path))["用电明细"]
    rows = list(sheet.iter_rows(min_row=HEADER_ROW + 1))
    labels = [r[0].value for r in rows if r[0].font.b]
    assert labels == ["Subtotal A栋", "Subtotal B栋", "Subtotal C栋", "合计"]
    total = next(r for r in rows if r[0].value == "合计")
    fen_total = sum(row[6] for row in report.main.rows)
    # exact yuan in the file (the XML holds the decimal text, not a binary float's digits)
    assert Decimal(str(total[6].value)) == yuan(fen_total)
    assert Decimal(str(total[5].value)) == sum(row[5] for row in report.main.rows)
    sub_a = next(r for r in rows if r[0].value == "Subtotal A栋")
    assert Decimal(str(sub_a[6].value)) == yuan(123456 - 5000 + 1)
    assert total[8].value is None  # percent is never summed


def test_formula_like_text_is_text_never_a_formula(tmp_path: Path) -> None:
    path = written(sample(), tmp_path)
    sheet = load_workbook(path)["用电明细"]
    tenants = {sheet.cell(row=r, column=3).value: sheet.cell(row=r, column=3) for r in range(8, 20)}
    for text in FORMULAS:
        # XML turns a bare CR into a line feed when read (any XLSX reader): still text
        cell = tenants[text.replace("\r", "\n")]
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text  # Excel keeps it text when the cell is edited
    assert not tenants["华为技术有限公司"].quotePrefix
    with zipfile.ZipFile(path) as archive:
        xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets"))
    assert b"<f>" not in xml and b"<f " not in xml
    # the text itself is stored as a string, unchanged
    assert b"<t>=1+2</t>" in xml and b"<t>+SUM(A1:A9)</t>" in xml


def test_column_widths_count_chinese_double(tmp_path: Path) -> None:
    sheet = load_workbook(written(sample(), tmp_path))["用电明细"]
    width = {c: sheet.column_dimensions[c].width for c in "ABCDEFG"}
    assert width["C"] == min(display_width(LONG_NAME) + 2, 60) == 60  # wide: capped at 60
    assert 8 <= width["A"] <= 10  # "A栋", "合计": narrow
    assert width["E"] >= len("2026-11-03 23:59:00")
    assert width["G"] >= len("9,876,543.21")


def test_one_sheet_per_building_each_with_its_total(tmp_path: Path) -> None:
    report = sample()
    book = load_workbook(written(report, tmp_path, per_group_sheets=True))
    assert book.sheetnames == ["A栋", "B栋", "C栋", "按支付方式"]
    for name in ("A栋", "B栋", "C栋"):
        sheet = book[name]
        assert sheet["A4"].value == f"Scope: {name}"
        assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
        rows = data_rows(sheet)
        body = [r for r in rows if r[0] == name]
        total = next(r for r in rows if r[0] == "合计")
        mine = [r for r in report.main.rows if r[0] == name]
        assert len(body) == len(mine)
        assert Decimal(str(total[6])) == yuan(sum(r[6] for r in mine))
    assert "Subtotal" not in str(data_rows(book["A栋"]))


def test_a_month_without_data_says_so(tmp_path: Path) -> None:
    sheet = load_workbook(written(empty(), tmp_path))["用电明细"]
    assert sheet["A4"].value == "Scope: A栋"
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "No data in this period." in values
    assert "合计" in values  # the totals row is there, with zeros


def test_to_a_stream_and_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    out = io.BytesIO()
    write_report(sample(), "xlsx", out)
    sheet = load_workbook(io.BytesIO(out.getvalue()))["用电明细"]
    assert sheet["A2"].value == "报表：订单总览"
    assert re.fullmatch(r"时段：2026-11（按日）", sheet["A3"].value)
    assert sheet["A4"].value == "范围：全园区"
