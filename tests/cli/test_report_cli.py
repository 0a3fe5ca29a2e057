"""``python -m app report``: real subprocesses on a real SQLite park whose money was made by
the ledger services (tests/reports/moneypark.py). The files it writes are read back; the
totals are the ones ``run_report`` computes in this process; every refusal is one sentence
and an exit code, never a traceback, and leaves no file behind."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import keyring
import pytest
from openpyxl import load_workbook

from app.db import open_database
from app.reports import Period, ReportRequest, run_report, yuan
from app.security import audit, login
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from tests.clilogin import PASSWORD, login_env
from tests.reports.moneypark import build_money_park
from tests.security.filekeyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def park(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The money park in a SQLite file, its audit key in the file keyring the subprocesses
    read (the module shares it: the commands only read)."""
    folder = tmp_path_factory.mktemp("report-cli")
    env = {
        "PYTHON_KEYRING_BACKEND": "tests.security.filekeyring.FileKeyring",
        "WATTDESK_TEST_KEYRING_FILE": str(folder / "keyring.json"),
        "WATTDESK_HOME": str(folder / "home"),
        "PYTHONPATH": str(ROOT),
        "WATTDESK_LANG": "en",
    }
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    audit.forget_cached_keys()
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    url = f"sqlite:///{folder / 'park.sqlite'}"
    db = open_database(url, create=True)
    try:
        build_money_park(db)
        expected = run_report(
            db, login(db, "auditor", PASSWORD), ReportRequest("orders", Period.month(2026, 11))
        )
    finally:
        db.dispose()
        configure_hashing(DEFAULT_PARAMS)
        keyring.set_keyring(previous)
        audit.forget_cached_keys()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    rows = str(len(expected.main.rows))
    total = str(yuan(expected.main.total[expected.main.index("amount")]))  # type: ignore[index,arg-type]
    return {**env, "url": url, "rows": rows, "total": total}


def report(
    park: dict[str, str], *args: str, who: str | None = "auditor"
) -> subprocess.CompletedProcess[str]:
    env = login_env(who, **{k: v for k, v in park.items() if k.isupper()})
    return subprocess.run(
        [sys.executable, "-m", "app", "report", *args, "--db", park["url"]],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env=env,
    )


def refused(result: subprocess.CompletedProcess[str], code: int, *words: str) -> bool:
    return (
        result.returncode == code
        and "Traceback" not in result.stderr
        and all(w in result.stderr for w in words)
    )


NOVEMBER = ("orders", "--from", "2026-11-01", "--to", "2026-11-30")


def test_orders_to_xlsx_csv_and_standard_output(park: dict[str, str], tmp_path: Path) -> None:
    xlsx, csv_path = tmp_path / "orders.xlsx", tmp_path / "orders.csv"
    done = report(park, *NOVEMBER, "--output", str(xlsx), "--per-building")
    assert done.returncode == 0, done.stderr
    assert "orders report, 2026-11: " in done.stderr and str(xlsx) in done.stderr
    assert "--per-building: the orders report as XLSX has no sheet per building" in done.stderr
    book = load_workbook(xlsx)
    assert book.sheetnames[0] == "Orders"  # the orders are not grouped by building
    assert book["Orders"]["A1"].value == "测试园区"
    as_csv = report(park, *NOVEMBER, "--output", str(csv_path))
    assert as_csv.returncode == 0, as_csv.stderr
    assert f"{park['rows']} rows written to {csv_path}" in as_csv.stderr
    with csv_path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    amount = rows[0].index("Account change (yuan)")
    body = rows[1 : 1 + int(park["rows"])]
    total = rows[1 + int(park["rows"])]
    assert Decimal(total[amount]) == Decimal(park["total"])
    assert sum(Decimal(r[amount]) for r in body) == Decimal(park["total"])
    out = report(park, *NOVEMBER, "--output", "-")
    assert out.returncode == 0, out.stderr
    assert not out.stdout.startswith("\ufeff")
    printed = list(csv.reader(io.StringIO(out.stdout, newline="")))
    assert printed[: len(rows)] == rows
    assert "rows written to -" in out.stderr


def test_pdf_and_filters(park: dict[str, str], tmp_path: Path) -> None:
    pdf = tmp_path / "cash.pdf"
    done = report(park, *NOVEMBER, "--method", "cash", "--building", "A栋", "--output", str(pdf))
    assert done.returncode == 0, done.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "测试园区" in text and "Scope: A栋" in text and "Page 1 of" in text
    assert "B栋" not in text.split("Scope")[1].split("\n", 1)[1]


def test_a_cashier_gets_their_own_orders_and_an_operator_none(
    park: dict[str, str], tmp_path: Path
) -> None:
    mine = tmp_path / "mine.csv"
    done = report(park, *NOVEMBER, "--output", str(mine), who="cashier2")
    assert done.returncode == 0, done.stderr
    with mine.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    cashier = rows[0].index("Cashier")
    body = [r for r in rows[1:] if len(r) > cashier and r[cashier]]
    assert body and {r[cashier] for r in body} <= {"cashier2"}
    no = report(park, *NOVEMBER, "--output", str(tmp_path / "no.csv"), who="operator")
    assert refused(no, 1, "operator", "may not")
    assert not (tmp_path / "no.csv").exists()


def test_bad_input_is_refused_in_one_sentence(park: dict[str, str], tmp_path: Path) -> None:
    out = str(tmp_path / "r.csv")
    cases = [
        (("orders", "--from", "2026-11-30", "--to", "2026-11-01", "--output", out), 1,
         ("ends on 2026-11-01, before it starts on 2026-11-30",)),
        (("orders", "--from", "30.11.2026", "--to", "2026-12", "--output", out), 1,
         ("is not a date",)),
        (("nosuch", "--from", "2026-11", "--to", "2026-11", "--output", out), 1,
         ("Unknown report 'nosuch'", "orders")),
        ((*NOVEMBER, "--building", "Z栋", "--output", out), 1,
         ("no building named 'Z栋'",)),
        ((*NOVEMBER, "--account", "NO-SUCH", "--output", out), 1, ("no account 'NO-SUCH'",)),
        ((*NOVEMBER, "--method", "bitcoin", "--output", out), 1, ("bitcoin",)),
        ((*NOVEMBER, "--output", str(tmp_path / "r.txt")), 2, ("--format",)),
        ((*NOVEMBER, "--output", "-", "--format", "pdf"), 2, ("CSV only",)),
        ((*NOVEMBER, "--by", "week", "--output", out), 2, ("--by",)),
        ((*NOVEMBER, "--timezone", "Mars/Olympus", "--output", out), 2, ("Mars/Olympus",)),
        ((*NOVEMBER, "--floor", "1F", "--output", out), 1, ("needs its building",)),
        ((*NOVEMBER, "--cashier", "nobody", "--output", out), 1, ("no operator 'nobody'",)),
        ((*NOVEMBER, "--output", str(tmp_path / "no" / "r.csv")), 1,
         ("folder does not exist", str(tmp_path / "no" / "r.csv"))),
    ]  # fmt: skip
    for args, code, words in cases:
        result = report(park, *args)
        assert refused(result, code, *words), (args, result.returncode, result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_typos_cost_no_password(park: dict[str, str], tmp_path: Path) -> None:
    """The kind, the dates and the format are checked before anyone logs in."""
    out = str(tmp_path / "r.csv")
    result = report(park, "nosuch", "--from", "2026-11", "--to", "2026-11", "--output", out,
                    who=None)  # fmt: skip
    assert refused(result, 1, "Unknown report")


def test_an_unwritable_file_is_refused_and_nothing_is_left(
    park: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "plain").write_text("a file, not a folder")
    target = tmp_path / "plain" / "r.xlsx"
    result = report(park, *NOVEMBER, "--output", str(target))
    assert refused(result, 1, str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain"]


def test_a_period_without_data_writes_the_report_and_says_so(
    park: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "empty.xlsx"
    result = report(park, "orders", "--from", "2020-01", "--to", "2020-01", "--output",
                    str(target))  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "No data in this period (2020-01)" in result.stderr
    sheet = load_workbook(target).worksheets[0]
    values = [c.value for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "No data in this period." in values


def test_income_by_month_and_a_missing_database(park: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "income.csv"
    done = report(park, "income", "--from", "2026-10", "--to", "2026-11", "--by", "month",
                  "--output", str(target))  # fmt: skip
    assert done.returncode == 0, done.stderr
    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert [r[0] for r in rows[1:3]] == ["2026-10", "2026-11"]
    env = login_env("auditor", **{k: v for k, v in park.items() if k.isupper()})
    missing = subprocess.run(
        [sys.executable, "-m", "app", "report", *NOVEMBER, "--output", str(tmp_path / "x.csv"),
         "--db", str(tmp_path / "nowhere.sqlite")],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env,
    )  # fmt: skip
    assert refused(missing, 3, "There is no database")
    assert not (tmp_path / "x.csv").exists()


def test_standard_output_is_utf8_whatever_the_console_says(park: dict[str, str]) -> None:
    """A pipe on a Chinese Windows gets the ANSI code page (GBK): the CSV is UTF-8 anyway."""
    env = login_env("auditor", **{k: v for k, v in park.items() if k.isupper()})
    env["PYTHONIOENCODING"] = "latin-1"  # a console that cannot write Chinese at all
    result = subprocess.run(
        [sys.executable, "-m", "app", "report", *NOVEMBER, "--output", "-", "--db", park["url"]],
        capture_output=True, timeout=120, cwd=ROOT, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode("latin-1")
    text = result.stdout.decode("utf-8")
    assert "星河科技" in text and not text.startswith("\ufeff")
