"""Fixtures of the field package tests: one keyring for this process and the ``python -m
app`` subprocesses (the export's site key and the package key must be seen by both), cheap
password hashing, and running the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from app.security import audit
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from tests.clilogin import login_env
from tests.security.filekeyring import FileKeyring

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def shared_keyring() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    audit.forget_cached_keys()
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    try:
        yield
    finally:
        configure_hashing(DEFAULT_PARAMS)
        keyring.set_keyring(previous)
        audit.forget_cached_keys()


def run_app(
    *args: str, login: str | None = "admin", lang: str = "en", extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m app ARGS`` logged in as ``login``; its output and exit code."""
    env = login_env(login, WATTDESK_LANG=lang, **(extra or {}))
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        stdin=subprocess.DEVNULL,
    )


def refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    """A refusal: exit 1, one sentence, no traceback; returns the message."""
    text = result.stderr + result.stdout
    assert result.returncode == 1, text
    assert "Traceback" not in text, text
    for word in words:
        assert word in text, text
    return text


def flip_byte(path: Path, needle: bytes, offset: int) -> None:
    """Change one byte of ``path``: ``offset`` bytes after the first ``needle``."""
    data = bytearray(path.read_bytes())
    at = data.find(needle)
    assert at >= 0, needle
    data[at + len(needle) + offset] ^= 0x01
    path.write_bytes(bytes(data))
    os.sync()
