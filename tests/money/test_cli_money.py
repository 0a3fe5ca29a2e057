"""The money commands through the real ``python -m app`` (subprocesses, a real SQLite file
and a real PostgreSQL database)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from app.db import open_database
from app.demo import build_demo
from tests.clilogin import PASSWORD, add_staff


def run(
    *args: str, stdin: str | None = None, as_: str | None = "admin", lang: str = "en"
) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS`` logged in as the operator ``as_`` (every role has one, with the
    password PASSWORD, given in WATTDESK_PASSWORD); ``as_=None``: ARGS say how to log in."""
    env = {**os.environ, "WATTDESK_LANG": lang}
    env.pop("WATTDESK_PASSWORD", None)
    login = []
    if as_ is not None:
        login = ["--operator", as_]
        env["WATTDESK_PASSWORD"] = PASSWORD
    return subprocess.run(
        [sys.executable, "-m", "app", *args, *login],
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
        env=env,
    )


@pytest.fixture
def url(db_url: str) -> str:
    """The demo park on both back ends (``db_url``: tests/conftest.py), with an operator of
    every role, logins named after the roles."""
    url = db_url
    db = open_database(url)
    build_demo(db, rooms=200, opening_balances=False)
    db.dispose()
    add_staff(url)
    return url


def test_recharge_receipt_and_ledger(url: str, tmp_path: Path) -> None:
    first = run(
        "recharge",
        "--db",
        url,
        "--room",
        "1号厂房/1F/101",
        "--amount",
        "120.50",
        "--method",
        "cash",
        "--json",
        as_="cashier",
    )
    assert first.returncode == 0, first.stderr
    data = json.loads(first.stdout)
    assert data["receipt_number"] == "R00000001" and data["amount_fen"] == 12050
    # a retry with the same key is the same recharge, not a second one
    again = run(
        "recharge",
        "--db",
        url,
        "--room",
        "1号厂房/1F/101",
        "--amount",
        "120.50",
        "--method",
        "cash",
        "--idempotency-key",
        data["idempotency_key"],
        "--json",
        as_="cashier",
    )
    assert (
        json.loads(again.stdout)["receipt_number"] == "R00000001"
        and json.loads(again.stdout)["replayed"]
    )
    pdf = tmp_path / "r.pdf"
    out = run(
        "receipt", "pdf", "R00000001", "--db", url, "--out", str(pdf), "--layout", "a5",
        as_="cashier",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    doc = pdfium.PdfDocument(pdf.read_bytes())
    assert "R00000001" in doc[0].get_textpage().get_text_range()
    doc.close()
    verify = run("ledger", "verify", "--db", url, "--json", as_="auditor")
    assert verify.returncode == 0 and json.loads(verify.stdout)["receipts"] == 1


def test_ambiguous_room_and_bad_amount_are_refused(url: str) -> None:
    ambiguous = run(
        "recharge", "--db", url, "--room", "101", "--amount", "10", "--method", "cash",
        as_="cashier",
    )  # fmt: skip
    assert ambiguous.returncode == 1 and "ambiguous" in ambiguous.stderr
    bad = run(
        "recharge", "--db", url, "--room", "1号厂房/1F/101", "--amount", "-3", "--method", "cash",
        as_="cashier",
    )  # fmt: skip
    assert bad.returncode == 1 and "negative" in bad.stderr
    zh = run(
        "recharge", "--db", url, "--room", "#999999", "--amount", "1", "--method", "qr",
        as_="cashier", lang="zh_CN",
    )  # fmt: skip
    assert zh.returncode == 1 and "没有 id 为 999999 的房间" in zh.stderr
    assert run("ledger", "verify", "--db", url, as_="auditor").returncode == 0


def test_operator_recharge_and_shift_close(url: str) -> None:
    # the administrator logs in through WATTDESK_PASSWORD; stdin gives the new password
    add = run(
        "operator", "add", "li", "--role", "cashier", "--db", url, "--password-stdin",
        stdin="Cash1er-pass-2026\n",
    )  # fmt: skip
    assert add.returncode == 0, add.stderr
    done = run(
        "recharge",
        "--db",
        url,
        "--room",
        "1号厂房/1F/102",
        "--amount",
        "50",
        "--method",
        "cash",
        "--operator",
        "li",
        "--password-stdin",
        stdin="Cash1er-pass-2026\n",
        as_=None,
    )
    assert done.returncode == 0, done.stderr
    wrong = run(
        "recharge",
        "--db",
        url,
        "--room",
        "1号厂房/1F/102",
        "--amount",
        "50",
        "--method",
        "cash",
        "--operator",
        "li",
        "--password-stdin",
        stdin="nope\n",
        as_=None,
    )
    assert wrong.returncode == 1
    closed = run(
        "shift",
        "close",
        "--counted",
        "50",
        "--db",
        url,
        "--operator",
        "li",
        "--password-stdin",
        stdin="Cash1er-pass-2026\n",
        as_=None,
    )
    assert closed.returncode == 0, closed.stderr
    assert "¥50.00" in closed.stdout and "¥0.00" in closed.stdout


def test_tariff_add_and_quote(url: str, tmp_path: Path) -> None:
    definition = tmp_path / "t.json"
    definition.write_text(
        json.dumps({"effective_from": "2030-01-01T00:00:00+08:00", "prices": {"flat": "0.6523"}})
    )
    added = run("tariff", "add", "商业", "--file", str(definition), "--db", url, as_="operator")
    assert added.returncode == 0, added.stderr
    readings = tmp_path / "r.csv"
    readings.write_text(
        "ts,total\n2030-01-02T00:00:00+08:00,100.00\n2030-01-03T00:00:00+08:00,112.34\n"
    )
    quoted = run(
        "tariff", "quote", "--tariff", "商业", "--readings", str(readings), "--db", url, "--json",
        as_="cashier",
    )  # fmt: skip
    assert quoted.returncode == 0, quoted.stderr
    assert json.loads(quoted.stdout)["total_fen"] == 805  # 12.34 kWh x 0.6523 = 8.0494
    bad = tmp_path / "bad.json"
    bad.write_text('{"effective_from": "2030-01-01T00:00:00+08:00", "prices": {"flat": "x"}}')
    refused = run("tariff", "add", "坏", "--file", str(bad), "--db", url, as_="operator")
    assert refused.returncode == 1 and "prices.flat" in refused.stderr


def test_account_overdraft_limit(url: str) -> None:
    db = open_database(url)
    with db.read() as s:
        from sqlalchemy import select

        from app.models import Account

        number = s.scalars(select(Account.number).order_by(Account.id)).first()
    db.dispose()
    done = run(
        "account", "overdraft", number, "--db", url, "--limit", "200", "--reason", "医院病房"
    )
    assert done.returncode == 0, done.stderr
    assert "¥200.00" in done.stdout
    shown = json.loads(run("account", "show", number, "--db", url, "--json").stdout)
    assert shown["overdraft_fen"] == 20000
    bad = run("account", "overdraft", number, "--db", url, "--limit", "-5", "--reason", "x")
    assert bad.returncode != 0 and "negative" in bad.stderr
    huge = run("account", "overdraft", number, "--db", url, "--limit", "500000", "--reason", "x")
    assert huge.returncode != 0 and "not allowed" in huge.stderr
    assert (
        json.loads(run("account", "show", number, "--db", url, "--json").stdout)["overdraft_fen"]
        == 20000
    )  # a refused change leaves the limit as it was
