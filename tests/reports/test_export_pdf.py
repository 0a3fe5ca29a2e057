"""The PDF export: its text extracts (pdftotext, poppler), pages render (pdftoppm) with ink
where the table is, wide tables turn the page to A4 landscape, long ones repeat their header
and number their pages "x of y"; and neither reportlab nor openpyxl is imported before an
export is written."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from app.reports import Column, ColumnKind, Period, Report, Table
from app.reports.export import write_report
from tests.reports.sample_report import LONG_NAME, PARK, big, sample

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None,
    reason="poppler-utils (pdftotext, pdftoppm) is not installed",
)


def text_of(path: Path, *pages: int) -> str:
    args = ["pdftotext", "-layout"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run(
        [*args, str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def test_the_text_extracts_with_header_rows_and_totals(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    write_report(sample(), "pdf", path)
    text = text_of(path)
    for words in (PARK, "订单总览", "Period: 2026-11 (by day)", "Scope: the whole park",
                  "Generated at: 2026-12-01 09:30", "华为技术有限公司", "=1+2", "+SUM(A1:A9)",
                  "1,234.56", "-50.00", "9,876,543.21", "2026-11-03 23:59:00", "12.50 %",
                  "Subtotal A栋", "Subtotal C栋", "合计", "按支付方式", "1,000.75",
                  "电量取自每日冻结读数。", "Page 1 of 1"):  # fmt: skip
        assert words in text, words
    assert LONG_NAME in text


def test_long_chinese_text_wraps_inside_its_column(tmp_path: Path) -> None:
    memo = LONG_NAME * 4
    columns = [
        Column("room", "房间"),
        Column("memo", "备注", wide=True),
        Column("fen", "金额 (元)", ColumnKind.FEN, total=True),
    ]
    table = Table("明细", columns, [("101", memo, 100), ("102", "短", 200)]).with_total("合计")
    path = tmp_path / "wrap.pdf"
    write_report(Report("orders", "订单", Period.month(2026, 11), "", [table]), "pdf", path)
    text = text_of(path)
    lines = [line for line in text.splitlines() if "星河" in line or "深圳" in line]
    assert len(lines) >= 2  # wrapped inside the cell
    # every character kept, in order (the row's other cells sit between its lines: centred)
    # (pdftotext may put the row's other cells, 101 and 1.00, anywhere between its lines)
    flat = re.sub(r"\s+", "", text).replace("101", "", 1).replace("1.00", "", 1)
    assert memo in flat
    assert "3.00" in text and "Page 1 of 1" in text


def test_a_wide_table_turns_the_page_and_a_narrow_one_does_not(tmp_path: Path) -> None:
    wide, narrow = tmp_path / "wide.pdf", tmp_path / "narrow.pdf"
    write_report(sample(), "pdf", wide)
    table = Table("按支付方式", [Column("m", "方式"), Column("f", "金额", ColumnKind.FEN, True)])
    table.rows = [("现金", 100)]
    write_report(Report("income", "收入概况", Period.month(2026, 11), "", [table]), "pdf", narrow)
    width, height = map(float, re.findall(r"[\d.]+", info(wide)["Page size"])[:2])
    assert width > height  # A4 landscape
    width, height = map(float, re.findall(r"[\d.]+", info(narrow)["Page size"])[:2])
    assert (round(width), round(height)) == (595, 842)  # A4 portrait


def test_long_reports_repeat_the_header_and_number_the_pages(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    write_report(big(400, buildings=3), "pdf", path)
    pages = int(info(path)["Pages"])
    assert pages >= 5
    for page in (1, 3, pages):
        text = text_of(path, page)
        assert f"Page {page} of {pages}" in text
        assert "楼栋" in text and "电量 (kWh)" in text  # the header row, on every page
    assert PARK in text_of(path, 2)  # the running head
    assert "合计" in text_of(path, pages)


def test_columns_are_wide_enough_for_their_totals(tmp_path: Path) -> None:
    """The totals are wider than every row's figures (and bold): they must not run into
    the next column."""
    columns = [
        Column("room", "房间"),
        Column("a", "元", ColumnKind.FEN, total=True),
        Column("b", "元", ColumnKind.FEN, total=True),
    ]
    table = Table("明细", columns, [("101", 100, 200), ("102", 300, 400)], group="room")
    table.total = ("合计", 123456789012, 987654321098)  # e.g. carried from the ledger
    path = tmp_path / "totals.pdf"
    write_report(Report("orders", "订单", Period.month(2026, 11), "", [table]), "pdf", path)
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                           text=True, check=True).stdout  # fmt: skip
    found = {
        m["word"]: (float(m["x0"]), float(m["x1"]))
        for m in re.finditer(
            r'xMin="(?P<x0>[\d.]+)"[^>]*xMax="(?P<x1>[\d.]+)"[^>]*>(?P<word>[^<]+)<', boxes
        )
    }
    first, second = found["1,234,567,890.12"], found["9,876,543,210.98"]
    assert first[1] < second[0]  # side by side, not on top of each other


def test_a_page_renders_with_the_table_on_it(tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    write_report(sample(), "pdf", path)
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "page")], check=True)  # fmt: skip
    png = next(tmp_path.glob("page*.png"))
    image = Image.open(png).convert("L")
    width, height = image.size
    assert width > height
    # ink in the heading (top fifth) and in the table (second fifth); white at the bottom
    bands = [image.crop((0, height * i // 5, width, height * (i + 1) // 5)) for i in range(5)]
    dark = [sum(band.histogram()[:128]) for band in bands]
    assert dark[0] > 200 and dark[1] > 500, dark
    if os.environ.get("WATTDESK_KEEP_PNG"):  # to look at it: WATTDESK_KEEP_PNG=folder
        shutil.copy(png, Path(os.environ["WATTDESK_KEEP_PNG"]) / "report-page.png")


def test_nothing_heavy_is_imported_until_an_export_is_written(tmp_path: Path) -> None:
    child = (
        "import json, sys\n"
        "import app.reports, app.reports.export, app.cli\n"
        "print(json.dumps([m for m in ('reportlab', 'openpyxl') if m in sys.modules]))\n"
    )
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True,
                         cwd=ROOT, check=True, timeout=120)  # fmt: skip
    assert json.loads(out.stdout) == []
