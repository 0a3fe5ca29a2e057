"""``notify list | retry`` as real ``python -m app`` subprocesses; ``notify send`` in-process,
through ``app.cli.main``, with channels the test registers (the modem and SMTP channels are
other branches' and are wired at merge)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from sqlalchemy import select

from app.cli import main
from app.db import open_database
from app.models import AuditEntry, OutboxMessage
from app.notify import load_channels
from app.notify.channel import REGISTRY
from app.security import audit
from tests.clilogin import PASSWORD, login_env
from tests.security.filekeyring import FileKeyring

from .conftest import NOON, Recording, build_site

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    values = {
        "PYTHON_KEYRING_BACKEND": "tests.security.filekeyring.FileKeyring",
        "WATTDESK_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
        "WATTDESK_HOME": str(tmp_path / "home"),
        "PYTHONPATH": str(ROOT),
        "WATTDESK_LANG": "en",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    audit.forget_cached_keys()
    url = f"sqlite:///{tmp_path / 'park.sqlite'}"
    db = open_database(url, create=True)
    build_site(db)
    with db.write() as s:
        for i, status in enumerate(("failed", "sent")):
            s.add(
                OutboxMessage(
                    key=f"cli:{i}",
                    channel="sms",
                    recipient="13812345678",
                    kind="cut",
                    text="断电了",
                    status=status,
                    reason="refused: +CMS ERROR 500",
                    attempts=1,
                    next_try_at=NOON,
                )
            )
    db.dispose()
    yield {**values, "url": url}
    keyring.set_keyring(previous)
    audit.forget_cached_keys()


def run(env: dict[str, str], *args: str, who: str = "admin") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "notify", *args, "--db", env["url"]],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
        env=login_env(who, **{k: v for k, v in env.items() if k.isupper()}),
    )


def test_list_and_retry_as_real_processes(env: dict[str, str]) -> None:
    listed = run(env, "list", "--failed", who="auditor")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 1 and "failed" in lines[0] and "+CMS ERROR 500" in lines[0]
    row_id = lines[0].split()[0]
    refused = run(env, "retry", row_id, who="cashier")
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "may not" in refused.stderr
    done = run(env, "retry", row_id, who="operator")
    assert done.returncode == 0, done.stderr
    assert run(env, "list", "--failed", who="auditor").stdout.strip() == "no messages"
    sent = run(env, "retry", "2", who="operator")  # a sent message is not sent again
    assert sent.returncode == 1 and "only a failed or uncertain" in sent.stderr


class Captured(Recording):
    options: dict[str, Any] = {}

    def __init__(self, **options: Any) -> None:
        super().__init__()
        Captured.options = options


def _cli(env: dict[str, str], monkeypatch: pytest.MonkeyPatch, *args: str, who: str) -> int:
    monkeypatch.setenv("WATTDESK_OPERATOR", who)
    monkeypatch.setenv("WATTDESK_PASSWORD", PASSWORD)
    return main(["notify", *args, "--db", env["url"]])


def test_send_builds_the_channel_by_name_and_records_the_message(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    load_channels()  # first: importing app.notify.gsm later would register the real one over it
    monkeypatch.setitem(REGISTRY, "sms", Captured)
    code = _cli(
        env,
        monkeypatch,
        "send",
        "--channel",
        "sms",
        "--to",
        "+86 139-0000-1111",
        "--text",
        "测试短信",
        "--modem-port",
        "socket://127.0.0.1:7001",
        "--baud",
        "115200",
        who="operator",
    )
    assert code == 0, capsys.readouterr().err
    assert "sent" in capsys.readouterr().out
    assert Captured.options == {"port": "socket://127.0.0.1:7001", "baud": 115200}
    db = open_database(env["url"])
    with db.read() as s:
        row = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "manual")).one()
        assert (row.status, row.recipient, row.text) == ("sent", "13900001111", "测试短信")
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "notify.send")).one()
        assert entry.target == f"outbox:{row.id}"
    db.dispose()


def test_send_refusals_are_sentences(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ("send", "--channel", "sms", "--to", "12345", "--text", "x")
    load_channels()  # the real channels registered, then "sms" taken away again
    monkeypatch.delitem(REGISTRY, "sms")
    assert _cli(env, monkeypatch, *args, who="operator") == 1
    assert "no channel named sms" in capsys.readouterr().err
    monkeypatch.setitem(REGISTRY, "sms", Captured)
    assert _cli(env, monkeypatch, *args, who="operator") == 1
    assert "to: '12345' is not a Chinese mobile number" in capsys.readouterr().err
    assert _cli(env, monkeypatch, *args[:4], "13900001111", "--text", "x", who="cashier") == 1
    assert "may not" in capsys.readouterr().err
    monkeypatch.setitem(REGISTRY, "email", lambda **_: Recording(fail="auth_refused:no"))
    mail = ("send", "--channel", "email", "--to", "ops@example.cn", "--text", "hi")
    assert _cli(env, monkeypatch, *mail, "--smtp-tls", "starttls", who="admin") == 1
    assert "failed: test auth_refused" in capsys.readouterr().err
    assert os.environ["WATTDESK_LANG"] == "en"
