"""argon2id parameters and the keyring: never weaker than OWASP, never plain text."""

from __future__ import annotations

import keyring
import pytest
from argon2 import extract_parameters
from keyring.backends import fail, null

from app.security import KeyringUnavailable, get_secret, keystore, set_secret
from app.security.passwords import (
    DEFAULT_PARAMS,
    OWASP_MINIMUM,
    HashParams,
    configure_hashing,
    current_params,
    hash_password,
    needs_upgrade,
    verify_password,
)

from .memkeyring import MemoryKeyring


def test_production_defaults_meet_owasp() -> None:
    assert DEFAULT_PARAMS.at_least(OWASP_MINIMUM)
    assert HashParams(memory_kib=19 * 1024, time_cost=2, parallelism=1) == OWASP_MINIMUM


def test_weak_parameters_need_the_explicit_test_switch() -> None:
    weak = HashParams(memory_kib=1024, time_cost=1, parallelism=1)
    with pytest.raises(ValueError, match="OWASP"):
        configure_hashing(weak)
    configure_hashing(OWASP_MINIMUM)
    assert current_params() == OWASP_MINIMUM


def test_hash_is_argon2id_with_the_configured_cost() -> None:
    stored = hash_password("pass-word-1")
    params = extract_parameters(stored)
    assert stored.startswith("$argon2id$")
    assert (params.memory_cost, params.time_cost, params.parallelism) == (1024, 1, 1)
    assert verify_password(stored, "pass-word-1")
    assert not verify_password(stored, "pass-word-2")
    assert not verify_password("", "")
    assert not verify_password("$argon2id$garbage", "x")
    assert not needs_upgrade(stored)
    assert needs_upgrade("$2b$12$notargon")


def test_secret_round_trip(memory_keyring: MemoryKeyring) -> None:
    set_secret("smtp-password", "p@ss")
    assert get_secret("smtp-password") == "p@ss"
    assert memory_keyring.store == {("WattDesk", "smtp-password"): "p@ss"}
    assert keystore.delete_secret("smtp-password")
    assert not keystore.delete_secret("smtp-password")
    assert get_secret("smtp-password") is None


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_no_backend_is_said_plainly_and_nothing_is_stored(
    backend: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Told to use only the OS keyring (``WATTDESK_KEYSTORE=os``), there is no fallback."""
    monkeypatch.setenv("WATTDESK_KEYSTORE", "os")
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    with pytest.raises(KeyringUnavailable) as refused:
        set_secret("smtp-password", "p@ss")
    message = str(refused.value)
    assert "keyring" in message and "plain text" in message
    assert "WATTDESK_KEYSTORE=file" in message
    with pytest.raises(KeyringUnavailable):
        get_secret("smtp-password")
    assert not keystore.file_store_exists()


@pytest.mark.parametrize("backend", [fail.Keyring(), null.Keyring()])
def test_without_a_keyring_the_keystore_file_is_asked_for(backend: object) -> None:
    """No keyring, no passphrase: locked, with what to do, and still nothing on disk."""
    keyring.set_keyring(backend)  # type: ignore[arg-type]
    assert keystore.store_kind() == "file"
    with pytest.raises(keystore.KeystoreLocked) as refused:
        set_secret("smtp-password", "p@ss")
    assert refused.value.creating
    assert "WATTDESK_KEYSTORE_PASSPHRASE" in str(refused.value)
    assert "plain text" in str(refused.value)
    assert not keystore.file_store_exists()


def test_plaintext_backend_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class PlaintextKeyring(MemoryKeyring):
        pass

    PlaintextKeyring.__module__ = "keyrings.alt.file"
    plaintext = PlaintextKeyring()
    keyring.set_keyring(plaintext)
    assert keystore.store_kind() == "file"  # never the plaintext file, even when it works
    monkeypatch.setenv("WATTDESK_KEYSTORE", "os")
    with pytest.raises(KeyringUnavailable, match="unencrypted"):
        set_secret("smtp-password", "p@ss")
    assert plaintext.store == {}


def test_a_backend_that_drops_secrets_is_caught() -> None:
    class Forgetful(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            return None

    keyring.set_keyring(Forgetful())
    with pytest.raises(KeyringUnavailable, match="did not keep"):
        set_secret("smtp-password", "p@ss")


def test_a_keyring_that_refuses_is_said_in_chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reason is translated with the keyring's own error filled in, in both languages."""
    from keyring.errors import KeyringError

    class Refusing(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise KeyringError("locked collection")

    keyring.set_keyring(Refusing())
    with pytest.raises(KeyringUnavailable) as refused:
        get_secret("smtp-password")
    assert refused.value.reason == "the keyring refused to read (locked collection)"
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    with pytest.raises(KeyringUnavailable) as refused:
        get_secret("smtp-password")
    reason = "密钥环拒绝读取（locked collection）"
    assert str(refused.value).startswith(f"没有可用的系统密钥环：{reason}。")
