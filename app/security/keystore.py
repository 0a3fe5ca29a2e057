"""Secrets in the operating system's keyring: the audit key, later SMTP and database passwords.

Secrets never go into the database, the settings file or a log. The ``keyring`` package
picks the platform's store (Windows Credential Manager, macOS Keychain, Secret Service or
KWallet on Linux). When none is usable — typically a Linux box without a desktop session —
``keyring`` quietly chooses a "fail" or "null" backend, or the user may have installed
``keyrings.alt`` whose plaintext file backend is exactly what we must not use. This module
detects all three and raises ``KeyringUnavailable`` with a message that says what is missing
and how to fix it, instead of degrading to plain text.
"""

from __future__ import annotations

import logging

import keyring
from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from ..i18n import N_, tr
from .permissions import SecurityError

log = logging.getLogger(__name__)

SERVICE = "WattDesk"

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
    "WattDesk keeps its secrets (the audit-log key, passwords) only in the operating system's "
    "keyring and will not store them in plain text. Fix: on Windows and macOS the system "
    "keyring is always there (check that you are logged in normally); on Linux start a Secret "
    "Service in the desktop session (GNOME Keyring or KWallet) and unlock it, or, on a server "
    "without a desktop, install an encrypted backend such as keyrings.cryptfile and select it "
    "with PYTHON_KEYRING_BACKEND=keyrings.cryptfile.cryptfile.CryptFileKeyring."
)


class KeyringUnavailable(SecurityError):
    """No safe keyring backend: the secret was neither read nor stored."""

    def __init__(self, reason: str, **values: object) -> None:
        """``reason`` is an English message marked ``N_`` (``values`` fill it in)."""
        self.reason = reason.format(**values) if values else reason
        why = tr(reason, **values)
        super().__init__(tr("No usable keyring: {reason}.", reason=why) + " " + tr(FIX_HINT))


def _qualified(backend: KeyringBackend) -> str:
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


def backend_name() -> str:
    """The qualified class name of the active backend, for diagnostics."""
    return _qualified(keyring.get_keyring())


def check_backend() -> KeyringBackend:
    """The active backend, or ``KeyringUnavailable`` when it cannot keep a secret safely."""
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
