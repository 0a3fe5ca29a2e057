"""Where WattDesk keeps its secrets: the audit key of each database, SMTP and DB passwords.

Secrets never go into the database, the settings file or a log. Two stores, one at a time:

* ``os`` — the operating system's keyring through the ``keyring`` package (Windows
  Credential Manager, macOS Keychain, Secret Service or KWallet on Linux). Preferred.
* ``file`` — an encrypted keystore file in the user data directory (``filestore``), unlocked
  by a passphrase, for machines whose keyring is missing: ``keyring`` then quietly picks a
  "fail" or "null" backend, or keyrings.alt's plaintext file, which we must never use.

Which one (``store_kind``): ``WATTDESK_KEYSTORE=os`` or ``=file`` decides; otherwise an
existing keystore file is used (once secrets went there they must be found there, even if a
keyring daemon appears later), else the OS keyring when it is safe, else a new keystore
file. The file's passphrase comes from ``unlock``/``create_file_store`` (the GUI's dialog),
else ``WATTDESK_KEYSTORE_PASSPHRASE`` (services, scripts), else the prompt the CLI installs
(``set_passphrase_prompt``); with none of them ``KeystoreLocked`` says what to do.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Literal, Protocol

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from ..config import data_dir
from ..i18n import N_, tr
from .filestore import (
    MIN_PASSPHRASE,
    FileStore,
    KeystoreDamaged,
    KeystoreError,
    PassphraseTooShort,
    WrongPassphrase,
    inspect,
)
from .permissions import SecurityError

log = logging.getLogger(__name__)

SERVICE = "WattDesk"
ENV_MODE = "WATTDESK_KEYSTORE"
ENV_PASSPHRASE = "WATTDESK_KEYSTORE_PASSPHRASE"
FILE_NAME = "keystore.json"

# Backends that do not keep a secret safely (or at all). Matched on module + class name so
# that keyrings.alt need not be installed for the check to work.
REFUSED_BACKENDS = {
    "keyring.backends.fail.Keyring": N_("no keyring backend is available"),
    "keyring.backends.null.Keyring": N_("the null keyring backend stores nothing"),
    "keyrings.alt.file.PlaintextKeyring": N_(
        "the plaintext file backend stores secrets unencrypted"
    ),
    "keyrings.alt.Gnome.Keyring": N_("a deprecated backend"),
}

FIX_HINT = N_(
    "WattDesk keeps its secrets in the operating system's keyring when it has a usable one, "
    "otherwise in an encrypted keystore file; never in plain text. Fix: unlock the keyring "
    "(GNOME Keyring or KWallet on Linux; on Windows and macOS check that you are logged in "
    "normally); or, to use WattDesk's encrypted keystore file instead, set "
    "WATTDESK_KEYSTORE=file (rather than os)."
)


class KeyringUnavailable(SecurityError):
    """No safe store for secrets right now: the secret was neither read nor stored."""

    def __init__(self, reason: str, **values: object) -> None:
        """``reason`` is an English message marked ``N_`` (``values`` fill it in)."""
        self.reason = reason.format(**values) if values else reason
        why = tr(reason, **values)
        super().__init__(tr("No usable keyring: {reason}.", reason=why) + " " + tr(FIX_HINT))


class KeystoreLocked(KeyringUnavailable):
    """The keystore file is the store but nobody gave its passphrase (or it has none yet)."""

    def __init__(self, path: Path, creating: bool) -> None:
        self.reason = "the keystore file is locked"
        self.path, self.creating = path, creating
        if creating:
            text = tr(
                "This computer has no usable keyring, so WattDesk keeps its secrets in an "
                "encrypted keystore file, {path}, which needs a passphrase first. Set "
                "WATTDESK_KEYSTORE_PASSPHRASE to a passphrase of at least {count} characters, "
                "or run the command on a terminal to choose one. Secrets are never stored in "
                "plain text.",
                path=path,
                count=MIN_PASSPHRASE,
            )
        else:
            text = tr(
                "The keystore file {path} is locked: set WATTDESK_KEYSTORE_PASSPHRASE to its "
                "passphrase, or run the command on a terminal to type it.",
                path=path,
            )
        SecurityError.__init__(self, text)  # not KeyringUnavailable's "fix your keyring" text


class SecretBackend(Protocol):
    """What the keystore needs of a store: the keyring backend's three methods."""

    def get_password(self, service: str, username: str) -> str | None: ...
    def set_password(self, service: str, username: str, password: str) -> None: ...
    def delete_password(self, service: str, username: str) -> None: ...


# A prompt gets (creating a new file?, the error of the previous try or None) and returns
# the passphrase, or None when it cannot ask (no terminal).
PassphrasePrompt = Callable[[bool, str | None], str | None]

_state = threading.RLock()
_unlocked: FileStore | None = None
_prompt: PassphrasePrompt | None = None
_ATTEMPTS = 3


def _qualified(backend: object) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__name__}"


def _unsafe_reason(backend: KeyringBackend) -> str | None:
    """Why ``backend`` (or, for a chainer, every backend it would use) is unsafe, else None."""
    name = _qualified(backend)
    if name in REFUSED_BACKENDS:
        return REFUSED_BACKENDS[name]
    if name == "keyring.backends.chainer.ChainerBackend":
        inner = list(getattr(backend, "backends", []))
        if not inner:
            return REFUSED_BACKENDS["keyring.backends.fail.Keyring"]
        reasons = [_unsafe_reason(b) for b in inner]
        if any(r is not None for r in reasons):
            return next(r for r in reasons if r is not None)
    return None


# --------------------------------------------------------------------------- which store


def keystore_path() -> Path:
    """The keystore file of this user (whether or not it exists or is used)."""
    return data_dir() / FILE_NAME


def file_store_exists() -> bool:
    return keystore_path().exists()


def _mode() -> str:
    value = os.environ.get(ENV_MODE, "").strip().lower() or "auto"
    if value not in ("auto", "os", "file"):
        raise SecurityError(
            tr("{name} must be os, file or auto, not {value!r}.", name=ENV_MODE, value=value)
        )
    return value


def store_kind() -> Literal["os", "file"]:
    """``os`` (the system keyring) or ``file`` (the encrypted keystore file)."""
    mode = _mode()
    if mode != "auto":
        return "os" if mode == "os" else "file"
    if file_store_exists():
        return "file"
    return "os" if _unsafe_reason(keyring.get_keyring()) is None else "file"


def backend_name() -> str:
    """What keeps the secrets, for diagnostics (a class name, or the keystore file)."""
    if store_kind() == "file":
        return f"{FileStore.__module__}.{FileStore.__name__} {keystore_path()}"
    return _qualified(keyring.get_keyring())


# ------------------------------------------------------------------- the keystore file


def _current() -> FileStore | None:
    store = _unlocked
    return store if store is not None and store.path == keystore_path() else None


def is_unlocked() -> bool:
    """True when the keystore file is open in this process (with its passphrase given)."""
    return _current() is not None


def needs_passphrase() -> bool:
    """True when secrets live in the keystore file and this process has not unlocked it."""
    return store_kind() == "file" and not is_unlocked()


def check_file() -> None:
    """``KeystoreDamaged`` (path and reason) when the existing file is not intact."""
    inspect(keystore_path())


def unlock(passphrase: str) -> None:
    """Open the existing keystore file: ``WrongPassphrase``, ``KeystoreDamaged``."""
    global _unlocked
    store = FileStore.open(keystore_path(), passphrase)
    with _state:
        _unlocked = store
    log.info("keystore file %s unlocked", store.path)


def create_file_store(passphrase: str) -> None:
    """A new keystore file under ``passphrase`` (never replacing one); left unlocked."""
    global _unlocked
    store = FileStore.create(keystore_path(), passphrase)
    with _state:
        _unlocked = store
    log.info("keystore file %s created", store.path)


def change_passphrase(passphrase: str) -> None:
    """Re-encrypt the unlocked keystore file under a new passphrase."""
    store = _current()
    if store is None:
        raise KeystoreLocked(keystore_path(), creating=False)
    store.change_passphrase(passphrase)


def lock() -> None:
    """Forget the key of the keystore file in this process (tests; a locked workstation)."""
    global _unlocked
    with _state:
        _unlocked = None


def unlock_from_environment() -> bool:
    """Unlock (or create) the keystore file with ``WATTDESK_KEYSTORE_PASSPHRASE``; False
    when the variable is not set. A wrong one raises ``WrongPassphrase``."""
    passphrase = os.environ.get(ENV_PASSPHRASE)
    if not passphrase:
        return False
    try:
        _open_or_create(passphrase)
    except (WrongPassphrase, PassphraseTooShort) as exc:
        raise KeystoreError(
            tr("{error} (from {name})", error=str(exc), name=ENV_PASSPHRASE)
        ) from None
    return True


def set_passphrase_prompt(prompt: PassphrasePrompt | None) -> None:
    """How this process asks for the passphrase when it is first needed (the CLI's
    terminal prompt); None: never ask."""
    global _prompt
    _prompt = prompt


def _open_or_create(passphrase: str) -> None:
    if file_store_exists():
        unlock(passphrase)
    else:
        create_file_store(passphrase)


def _file_backend() -> FileStore:
    """The unlocked keystore file, unlocking it from the environment or the prompt."""
    with _state:
        store = _current()
        if store is not None:
            return store
        if unlock_from_environment():
            return _current()  # type: ignore[return-value]
        creating = not file_store_exists()
        error: str | None = None
        for _attempt in range(_ATTEMPTS):
            passphrase = _prompt(creating, error) if _prompt is not None else None
            if not passphrase:
                raise KeystoreLocked(keystore_path(), creating)
            try:
                _open_or_create(passphrase)
            except (WrongPassphrase, PassphraseTooShort) as exc:
                error = str(exc)
                continue
            return _current()  # type: ignore[return-value]
        raise KeystoreError(error or "")


# --------------------------------------------------------------------------- the secrets


def check_backend() -> SecretBackend:
    """The store to use, or ``KeyringUnavailable`` (``KeystoreLocked``) when there is none
    that can keep a secret safely right now."""
    if store_kind() == "file":
        return _file_backend()
    backend = keyring.get_keyring()
    reason = _unsafe_reason(backend)
    if reason is not None:
        raise KeyringUnavailable(reason)
    return backend


def get_secret(name: str) -> str | None:
    """The secret stored under ``name``, or None when there is none yet."""
    backend = check_backend()
    try:
        return backend.get_password(SERVICE, name)
    except NoKeyringError as exc:
        raise KeyringUnavailable(N_("no keyring backend is available")) from exc
    except KeyringError as exc:
        raise KeyringUnavailable(N_("the keyring refused to read ({error})"), error=exc) from exc


def set_secret(name: str, value: str) -> None:
    """Store ``value`` under ``name``; read it back to be sure it was really kept."""
    if not value:
        raise ValueError("refusing to store an empty secret")
    backend = check_backend()
    try:
        backend.set_password(SERVICE, name, value)
        stored = backend.get_password(SERVICE, name)
    except NoKeyringError as exc:
        raise KeyringUnavailable(N_("no keyring backend is available")) from exc
    except KeyringError as exc:
        raise KeyringUnavailable(N_("the keyring refused to store ({error})"), error=exc) from exc
    if stored != value:
        raise KeyringUnavailable(N_("the keyring did not keep the secret"))
    log.info("secret %r stored in %s", name, _qualified(backend))


def delete_secret(name: str) -> bool:
    """Remove ``name``; False when there was nothing to remove."""
    backend = check_backend()
    try:
        backend.delete_password(SERVICE, name)
    except PasswordDeleteError:
        return False
    except KeyringError as exc:
        raise KeyringUnavailable(N_("the keyring refused to delete ({error})"), error=exc) from exc
    return True


# Names of the secrets WattDesk keeps, in one place.


def audit_key_name(chain_id: str) -> str:
    """The audit HMAC key of one database (its chain id is random per database)."""
    return f"audit-key/{chain_id}"


SMTP_PASSWORD = "smtp-password"


def database_password_name(host: str, user: str) -> str:
    return f"db-password/{user}@{host}"


__all__ = [
    "ENV_MODE",
    "ENV_PASSPHRASE",
    "MIN_PASSPHRASE",
    "SMTP_PASSWORD",
    "KeyringUnavailable",
    "KeystoreDamaged",
    "KeystoreError",
    "KeystoreLocked",
    "PassphraseTooShort",
    "WrongPassphrase",
    "audit_key_name",
    "backend_name",
    "change_passphrase",
    "check_backend",
    "check_file",
    "create_file_store",
    "database_password_name",
    "delete_secret",
    "file_store_exists",
    "get_secret",
    "is_unlocked",
    "keystore_path",
    "lock",
    "needs_passphrase",
    "set_passphrase_prompt",
    "set_secret",
    "store_kind",
    "unlock",
    "unlock_from_environment",
]
