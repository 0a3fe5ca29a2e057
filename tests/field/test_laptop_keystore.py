"""The laptop's own keystore: ``field export --laptop-keystore FILE`` writes a keystore
holding only the package's chain key. A WattDesk whose keystore is that file (the laptop)
records field work in the package, and the office merges it; the file holds no site key,
so the laptop cannot re-sign exported rows."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import Event, Meter, MeterRole
from app.security.filestore import FileStore
from app.security.keystore import SERVICE, audit_key_name
from tests.clilogin import add_staff, login_env

from .conftest import ROOT, run_app

PASSPHRASE = "laptop-passphrase-2026"


@pytest.mark.usefixtures("demo_park_template", "shared_keyring")
def test_the_laptop_works_with_only_the_package_key(
    db: Database, db_url: str, tmp_path: Path
) -> None:
    add_staff(db_url)
    pkg, laptop_home = tmp_path / "package.sqlite", tmp_path / "laptop"
    keystore = laptop_home / "keystore.json"
    env_pass = {"WATTDESK_LAPTOP_KEYSTORE_PASSPHRASE": PASSPHRASE}
    made = run_app(
        "field", "export", "--building", "1号厂房", "--output", str(pkg),
        "--laptop-keystore", str(keystore), "--db", db_url, extra=env_pass,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    with sqlite3.connect(f"{pkg.as_uri()}?mode=ro", uri=True) as conn:
        chain = conn.execute("SELECT chain_id FROM audit_head").fetchone()[0]
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    conn.close()
    assert journal == "delete"  # one self-contained file to carry
    store = FileStore.open(keystore, PASSPHRASE)
    assert set(store.secrets()) == {f"{SERVICE}/{audit_key_name(chain)}"}  # no site key
    assert store.get_password(SERVICE, audit_key_name(chain))

    with db.read() as s:
        meter = s.scalars(
            select(Meter.id).where(Meter.role == MeterRole.TENANT).order_by(Meter.id)
        ).first()
    # the laptop: its own data folder and keystore file, no other keyring
    env = login_env(
        "operator",
        WATTDESK_HOME=str(laptop_home),
        WATTDESK_KEYSTORE="file",
        WATTDESK_KEYSTORE_PASSPHRASE=PASSPHRASE,
        WATTDESK_LANG="en",
    )
    env.pop("PYTHON_KEYRING_BACKEND", None)
    note = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(pkg), "field", "note",
         "--meter", str(meter), "--text", "电表箱门锁坏了"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert note.returncode == 0, note.stderr + note.stdout

    merged = run_app("field", "merge", str(pkg), "--db", db_url)
    assert merged.returncode == 0, merged.stderr + merged.stdout
    with db.read() as s:
        event = s.scalar(select(Event).where(Event.kind == "field.note"))
        assert event is not None and event.message == "电表箱门锁坏了"
