"""``python -m app payment …`` as a clerk and an administrator run it (subprocesses, a real
database file or PostgreSQL): import twice, dry run, unmatched and assign, the workbook,
and ``payment serve`` as a process that refuses a replay after a restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import openpyxl
import pytest

from app.db import open_database
from app.demo import build_demo
from app.models import BillingMode
from app.payments.endpoint import PAY_PATH, sign
from tests.clilogin import PASSWORD, add_staff
from tests.payments.bills import Pay, wechat_bill
from tests.payments.conftest import tenant_of

WX = "42000012342026110300000000"
SECRET = "relay-secret-0123456789abcdef"


def run(
    *args: str, as_: str = "cashier", stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WATTDESK_LANG": "en", "WATTDESK_PASSWORD": PASSWORD}
    return subprocess.run(
        [sys.executable, "-m", "app", "payment", *args, "--operator", as_],
        capture_output=True,
        text=True,
        timeout=180,
        input=stdin,
        env=env,
    )


@pytest.fixture
def url(db_url: str) -> str:
    db = open_database(db_url)
    build_demo(db, rooms=200, opening_balances=False)
    db.dispose()
    add_staff(db_url)
    return db_url


def test_import_twice_unmatched_assign_and_the_workbook(url: str, tmp_path: Path) -> None:
    db = open_database(url)
    office = tenant_of(db, BillingMode.PLATFORM)
    db.dispose()
    bill = tmp_path / "wechat.csv"
    bill.write_bytes(
        wechat_bill(
            [
                Pay(WX + "01", "50.00", f"电费 {office.account}", "oA"),
                Pay(WX + "02", "8.00", "电费", "oB"),
                Pay(WX + "03", "9.00", "电费", "oC"),
            ]
        )
    )
    dry = run("import", str(bill), "--platform", "wechat", "--dry-run", "--db", url)
    assert dry.returncode == 0, dry.stderr
    assert "Dry run" in dry.stdout and "1 credited" in dry.stdout
    first = run("import", str(bill), "--platform", "wechat", "--db", url, "--json")
    assert first.returncode == 0, first.stderr
    assert [o["action"] for o in json.loads(first.stdout)] == ["credited", "unmatched", "unmatched"]
    xlsx = tmp_path / "rec.xlsx"
    second = run("import", str(bill), "--platform", "wechat", "--db", url, "--xlsx", str(xlsx))
    assert second.returncode == 0, second.stderr
    assert "0 credited" in second.stdout and "1 already credited" in second.stdout
    assert "missing" in second.stdout
    sheet = openpyxl.load_workbook(xlsx).active
    assert sheet is not None
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert ["missing", WX + "02", 8] in [r[:3] for r in rows]

    waiting = run("unmatched", "--db", url, "--json")
    assert [w["txn"] for w in json.loads(waiting.stdout)] == [WX + "02", WX + "03"]
    assigned = run("assign", WX + "02", "--account", office.account, "--db", url)
    assert assigned.returncode == 0, assigned.stderr
    assert "receipt R" in assigned.stdout
    by_room = run("assign", WX + "03", "--room", f"{office.building}/{office.room}", "--db", url)
    assert by_room.returncode == 0, by_room.stderr
    refused = run("assign", WX + "02", "--account", office.account, "--db", url, as_="auditor")
    assert refused.returncode == 1 and "may not" in refused.stderr
    audit_dry = run(
        "import", str(bill), "--platform", "wechat", "--dry-run", "--db", url, as_="auditor"
    )
    assert audit_dry.returncode == 0 and "Dry run" in audit_dry.stdout, audit_dry.stderr
    audit_real = run("import", str(bill), "--platform", "wechat", "--db", url, as_="auditor")
    assert audit_real.returncode == 1 and "may not recharge" in audit_real.stderr
    assert "Traceback" not in audit_real.stderr
    balanced = run("reconcile", str(bill), "--platform", "wechat", "--db", url, as_="auditor")
    assert balanced.returncode == 0, balanced.stdout + balanced.stderr
    assert "balanced" in balanced.stdout
    check = subprocess.run(
        [sys.executable, "-m", "app", "ledger", "verify", "--db", url, "--operator", "auditor"],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "WATTDESK_LANG": "en", "WATTDESK_PASSWORD": PASSWORD},
    )
    assert check.returncode == 0, check.stdout + check.stderr


def _serve(url: str) -> tuple[subprocess.Popen[str], int]:
    env = {**os.environ, "WATTDESK_LANG": "en", "WATTDESK_PASSWORD": PASSWORD}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "payment",
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--db",
            url,
            "--operator",
            "cashier",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # blocks until the server listens (or the process ends)
    assert "listening on http://127.0.0.1:" in line, line + (
        proc.stderr.read() if proc.stderr else ""
    )
    return proc, int(line.rsplit(":", 1)[1])


def _post(port: int, body: bytes, nonce: str) -> tuple[int, dict[str, object]]:
    stamp = str(int(time.time()))
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}{PAY_PATH}",
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "X-WattDesk-Timestamp": stamp,
            "X-WattDesk-Nonce": nonce,
            "X-WattDesk-Signature": sign(SECRET, stamp, nonce, "POST", PAY_PATH, body),
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=60) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as refused:
        return refused.code, json.loads(refused.read())


def test_serve_needs_the_secret_and_refuses_a_replay_after_a_restart(url: str) -> None:
    no_secret = run("serve", "--bind", "127.0.0.1:0", "--db", url)
    assert no_secret.returncode == 1 and "payment secret" in no_secret.stderr
    weak = run("secret", "--stdin", "--db", url, as_="admin", stdin="short\n")
    assert weak.returncode == 1
    stored = run("secret", "--stdin", "--db", url, as_="admin", stdin=SECRET + "\n")
    assert stored.returncode == 0, stored.stderr
    assert run("secret", "--stdin", "--db", url, stdin=SECRET + "\n").returncode == 1  # cashier
    db = open_database(url)
    office = tenant_of(db, BillingMode.PLATFORM)
    db.dispose()
    body = json.dumps(
        {
            "platform": "alipay",
            "transaction_id": "2026110322001400000000000009",
            "amount": "66.00",
            "account": office.account,
        }
    ).encode()
    nonce = uuid.uuid4().hex
    proc, port = _serve(url)
    try:
        status, answer = _post(port, body, nonce)
        assert status == 200, answer
    finally:
        proc.terminate()
        proc.wait(timeout=60)
    assert proc.returncode == 0
    proc, port = _serve(url)
    try:
        assert _post(port, body, nonce) == (
            409,
            {"reason": "replay", "message": "this nonce was already used"},
        )
        status, again = _post(port, body, uuid.uuid4().hex)
        assert status == 200 and again["replayed"] is True
    finally:
        proc.terminate()
        proc.wait(timeout=60)
