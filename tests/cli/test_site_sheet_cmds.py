"""``site export FILE`` and ``site import FILE [--dry-run]`` as a script runs them: real
``python -m app`` subprocesses on a real SQLite file, logged in."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.db import open_database
from app.demo import build_demo
from tests.clilogin import add_staff, login_env

ROOT = Path(__file__).resolve().parents[2]
TABLES = ("park", "building", "floor", "room", "tenant", "account", "link", "meter")


def run(*args: str, who: str = "operator", lang: str = "en") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**login_env(who), "WATTDESK_LANG": lang},
    )


@pytest.fixture
def desk(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite"
    db = open_database(f"sqlite:///{path}")
    build_demo(db, rooms=20, opening_balances=False)
    db.dispose()
    add_staff(f"sqlite:///{path}")
    return path


def counts(path: Path) -> tuple[int, ...]:
    con = sqlite3.connect(path)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES)
    finally:
        con.close()


def test_export_import_round_trip_and_errors(desk: Path, tmp_path: Path) -> None:
    db = str(desk)
    xlsx, sheet = tmp_path / "site.xlsx", tmp_path / "site.csv"
    done = run("site", "export", str(xlsx), "--db", db, who="auditor")
    assert done.returncode == 0 and "Exported 20 rows" in done.stdout, done.stderr
    book = load_workbook(xlsx, read_only=True)
    assert next(book.worksheets[0].iter_rows(values_only=True))[:4] == (
        "park",
        "building",
        "floor",
        "room",
    )
    book.close()
    assert run("site", "export", str(sheet), "--db", db).returncode == 0
    before = counts(desk)
    for path in (xlsx, sheet):
        dry = run("site", "import", str(path), "--dry-run", "--db", db)
        assert dry.returncode == 0, dry.stderr
        assert "20 unchanged" in dry.stdout and "row " not in dry.stdout
        real = run("site", "import", str(path), "--db", db)
        assert real.returncode == 0 and "20 unchanged" in real.stdout, real.stderr
    assert counts(desk) == before

    with sheet.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[2][4] = "十平方"  # row 3: area is not a number
    rows[5][3] = "9901"  # row 6: a new room...
    rows[5][9] = rows[1][9]  # ...with the meter address of row 2's room
    rows.append([*rows[1][:3], "9902", "12", "", "", "", "", "", "", "", "", "", ""])  # new room
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    dry = run("site", "import", str(bad), "--dry-run", "--db", db)
    assert dry.returncode == 1, dry.stderr
    lines = dry.stdout.splitlines()
    assert any(x.startswith("row 3: error") and "area:" in x for x in lines), dry.stdout
    assert any(x.startswith("row 6: error") and "meter_address:" in x for x in lines)
    assert "row 22: new room" in dry.stdout
    real = run("site", "import", str(bad), "--db", db)
    assert real.returncode == 1 and "Traceback" not in real.stderr
    assert "row 3, column area" in real.stderr and "nothing was written" in real.stderr
    assert counts(desk) == before
    zh = run("site", "import", str(bad), "--dry-run", "--db", db, lang="zh_CN")
    assert "第 3 行：错误" in zh.stdout and "面积：" in zh.stdout, zh.stdout
    cashier = run("site", "import", str(sheet), "--dry-run", "--db", db, who="cashier")
    assert cashier.returncode == 1 and "may not" in cashier.stderr
    not_sheet = tmp_path / "site.pdf"
    not_sheet.write_bytes(b"%PDF-1.4")
    refused = run("site", "import", str(not_sheet), "--dry-run", "--db", db)
    assert refused.returncode == 1 and "use .csv or .xlsx" in refused.stderr
