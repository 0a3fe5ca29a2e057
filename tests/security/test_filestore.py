"""The encrypted keystore file: round trip, nothing in clear, wrong passphrase, damage, and
several processes writing at once."""

from __future__ import annotations

import base64
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from app.security import SecurityError, get_secret, keystore, set_secret
from app.security.filestore import (
    DEFAULT_KDF,
    FileStore,
    KdfParams,
    KeystoreDamaged,
    KeystoreError,
    configure_kdf,
)

from .memkeyring import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery"
SECRET = "Zq8-very-secret-VALUE-4711"
CHEAP = KdfParams(n=2**10, r=8, p=1)


@pytest.fixture(autouse=True)
def cheap_kdf() -> Iterator[None]:
    configure_kdf(CHEAP, allow_weak=True)
    yield
    configure_kdf(DEFAULT_KDF)
    keystore.lock()


@pytest.fixture
def no_keyring() -> None:
    keyring.set_keyring(fail.Keyring())


@pytest.fixture
def store(no_keyring: None) -> Path:
    """A keystore file holding SECRET, created and left unlocked."""
    keystore.create_file_store(PASSPHRASE)
    set_secret("smtp-password", SECRET)
    return keystore.keystore_path()


def test_round_trip_and_nothing_in_clear(store: Path) -> None:
    set_secret("audit-key/abc", "00ff" * 16)
    assert get_secret("smtp-password") == SECRET
    assert keystore.delete_secret("audit-key/abc") and not keystore.delete_secret("audit-key/abc")
    keystore.lock()
    assert keystore.needs_passphrase()
    keystore.unlock(PASSPHRASE)
    assert get_secret("smtp-password") == SECRET and get_secret("audit-key/abc") is None
    raw = store.read_bytes()
    for clear in (SECRET, "smtp-password", PASSPHRASE):
        assert clear.encode() not in raw
        assert base64.b64encode(clear.encode())[:12] not in raw
    doc = json.loads(raw)
    assert doc["format"] == "wattdesk-keystore" and doc["version"] == 1
    assert doc["kdf"]["name"] == "scrypt" and doc["cipher"] == "AES-256-GCM"
    assert [p.name for p in store.parent.iterdir() if p.name.endswith(".tmp")] == []
    if sys.platform != "win32":
        assert store.stat().st_mode & 0o077 == 0  # readable by this user only


def test_wrong_passphrase_is_refused_and_nothing_changes(store: Path) -> None:
    keystore.lock()
    before = store.read_bytes()
    with pytest.raises(keystore.WrongPassphrase, match="wrong keystore passphrase"):
        keystore.unlock("not the passphrase")
    assert not keystore.is_unlocked()
    assert store.read_bytes() == before


def test_short_passphrase_and_an_existing_file_are_refused(no_keyring: None) -> None:
    with pytest.raises(keystore.PassphraseTooShort, match="at least 10"):
        keystore.create_file_store("short")
    assert not keystore.file_store_exists()
    keystore.create_file_store(PASSPHRASE)
    before = keystore.keystore_path().read_bytes()
    with pytest.raises(KeystoreError, match="already exists"):
        keystore.create_file_store("another passphrase")
    assert keystore.keystore_path().read_bytes() == before


def _damaged_variants(raw: bytes) -> dict[str, bytes]:
    middle = raw.index(b'"data"') + 12  # inside the base64 ciphertext
    flipped = bytearray(raw)
    flipped[middle] ^= 0x01
    return {
        "truncated": raw[: len(raw) // 2],
        "empty": b"",
        "flipped byte": bytes(flipped),
        "not JSON": b"this is not a keystore\n",
        "other JSON": b'{"format": "something else"}',
    }


def test_a_damaged_file_is_reported_and_left_untouched(store: Path) -> None:
    keystore.lock()
    for label, content in _damaged_variants(store.read_bytes()).items():
        store.write_bytes(content)
        with pytest.raises(KeystoreDamaged) as refused:
            keystore.unlock(PASSPHRASE)
        assert "damaged" in str(refused.value) and str(store) in str(refused.value), label
        with pytest.raises(KeystoreDamaged):
            keystore.check_file()  # without the passphrase, too
        with pytest.raises(KeystoreError):
            keystore.create_file_store(PASSPHRASE)
        assert store.read_bytes() == content, f"{label}: the file was changed"


def test_damage_after_unlocking_is_never_written_over(store: Path) -> None:
    """The process holds the key; someone breaks the file; a write must not replace it."""
    broken = store.read_bytes()[:-40]
    store.write_bytes(broken)
    with pytest.raises(KeystoreDamaged):
        set_secret("smtp-password", "a new value")
    with pytest.raises(KeystoreDamaged):
        get_secret("smtp-password")
    assert store.read_bytes() == broken


def test_every_flipped_byte_is_damage_never_a_wrong_passphrase(store: Path) -> None:
    keystore.lock()
    raw = store.read_bytes()
    for i in range(len(raw)):
        for bit in (0x01, 0x20):
            changed = bytearray(raw)
            changed[i] ^= bit
            store.write_bytes(bytes(changed))
            with pytest.raises(KeystoreError) as refused:
                keystore.unlock(PASSPHRASE)
            assert not isinstance(refused.value, keystore.WrongPassphrase), (i, bit)
    store.write_bytes(raw)
    keystore.unlock(PASSPHRASE)
    assert get_secret("smtp-password") == SECRET


def test_a_file_asking_for_absurd_kdf_cost_is_not_ours(store: Path) -> None:
    doc = json.loads(store.read_bytes())
    doc["kdf"]["n"] = 2**30  # 128 GiB of scrypt memory, with a valid checksum
    body = {k: v for k, v in doc.items() if k != "sha256"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    doc["sha256"] = hashlib.sha256(canonical).hexdigest()
    store.write_text(json.dumps(doc))
    keystore.lock()
    with pytest.raises(KeystoreDamaged):
        keystore.unlock(PASSPHRASE)


def test_change_passphrase_keeps_the_secrets(store: Path) -> None:
    keystore.change_passphrase("a brand new passphrase")
    keystore.lock()
    with pytest.raises(keystore.WrongPassphrase):
        keystore.unlock(PASSPHRASE)
    keystore.unlock("a brand new passphrase")
    assert get_secret("smtp-password") == SECRET


def test_which_store(monkeypatch: pytest.MonkeyPatch, memory_keyring: MemoryKeyring) -> None:
    assert keystore.store_kind() == "os"  # a safe keyring and no file: the keyring
    monkeypatch.setenv("WATTDESK_KEYSTORE", "file")
    assert keystore.store_kind() == "file"
    monkeypatch.setenv("WATTDESK_KEYSTORE_PASSPHRASE", PASSPHRASE)
    set_secret("smtp-password", SECRET)  # created from the environment
    assert memory_keyring.store == {}
    monkeypatch.delenv("WATTDESK_KEYSTORE")
    assert keystore.store_kind() == "file"  # once the file exists it stays the store
    monkeypatch.setenv("WATTDESK_KEYSTORE", "os")
    assert keystore.store_kind() == "os" and get_secret("smtp-password") is None
    monkeypatch.setenv("WATTDESK_KEYSTORE", "cloud")
    with pytest.raises(SecurityError, match="os, file or auto"):
        keystore.store_kind()


def test_a_wrong_environment_passphrase_says_where_it_came_from(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keystore.lock()
    monkeypatch.setenv("WATTDESK_KEYSTORE_PASSPHRASE", "not the passphrase")
    with pytest.raises(KeystoreError, match=r"wrong keystore passphrase.*WATTDESK_KEYSTORE_PASS"):
        get_secret("smtp-password")


def test_weak_kdf_needs_the_explicit_test_switch() -> None:
    with pytest.raises(ValueError, match="tests only"):
        configure_kdf(CHEAP)


WRITER = """
import sys
from pathlib import Path
from app.security.filestore import FileStore
store = FileStore.open(Path(sys.argv[1]), sys.argv[2])
for n in range(int(sys.argv[4])):
    store.set_password("WattDesk", f"{sys.argv[3]}-{n}", f"value-{sys.argv[3]}-{n}")
"""


def test_processes_writing_at_once_keep_every_secret(tmp_path: Path) -> None:
    path = tmp_path / "keystore.json"
    FileStore.create(path, PASSPHRASE)
    writers, each = 4, 25
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), PASSPHRASE, f"w{w}", str(each)], cwd=ROOT
        )
        for w in range(writers)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0] * writers
    values = FileStore.open(path, PASSPHRASE).secrets()
    expected = {
        f"WattDesk/w{w}-{n}": f"value-w{w}-{n}" for w in range(writers) for n in range(each)
    }
    assert values == expected


def test_keystore_commands_status_and_passwd(
    store: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``keystore status`` and ``keystore passwd`` in process, passphrases from the env."""
    from app.cli import main

    keystore.lock()
    assert main(["keystore", "status"]) == 0
    assert "intact" in capsys.readouterr().out
    monkeypatch.setenv("WATTDESK_KEYSTORE_PASSPHRASE", PASSPHRASE)
    assert main(["keystore", "passwd"]) == 1  # no new passphrase and no terminal
    assert "WATTDESK_KEYSTORE_NEW_PASSPHRASE" in capsys.readouterr().err
    monkeypatch.setenv("WATTDESK_KEYSTORE_NEW_PASSPHRASE", "the next passphrase")
    assert main(["keystore", "passwd"]) == 0
    keystore.lock()
    assert main(["keystore", "passwd"]) == 1  # the old one from the env no longer opens it
    assert "wrong keystore passphrase" in capsys.readouterr().err
    keystore.unlock("the next passphrase")
    assert get_secret("smtp-password") == SECRET
    store.write_bytes(b"{")
    assert main(["keystore", "status"]) == 1
    assert "damaged" in capsys.readouterr().err


def test_a_file_system_error_is_a_clear_refusal(store: Path) -> None:
    before = store.read_bytes()
    lock = store.with_name(store.name + ".lock")
    lock.unlink()
    lock.mkdir()  # the lock cannot be opened (as a read-only folder would, even for root)
    with pytest.raises(KeystoreError, match=r"Cannot use the keystore file.*not changed"):
        set_secret("smtp-password", "another value")
    assert store.read_bytes() == before
