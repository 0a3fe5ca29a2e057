"""The encrypted keystore file: WattDesk's secrets where the OS has no usable keyring.

A fresh Linux VM or a kiosk PC often has no Secret Service; WattDesk then keeps its secrets
(the audit key of each database, SMTP and database passwords) in one file of the user data
directory, encrypted with a key derived from a passphrase the user chooses. Nothing here is
home-made cryptography: the ``cryptography`` package's scrypt derives 64 bytes from the
passphrase and a random salt, AES-256-GCM encrypts the JSON of the secrets, HMAC-SHA256 makes
the passphrase check. The file is JSON::

    {"format": "wattdesk-keystore", "version": 1,
     "kdf": {"name": "scrypt", "n": 131072, "r": 8, "p": 1, "salt": "<base64>"},
     "cipher": "AES-256-GCM", "check": "<base64>", "nonce": "<base64>", "data": "<base64>",
     "sha256": "<hex>"}

Why each part:

* ``check`` (an HMAC of a fixed text under the second half of the derived key) tells a wrong
  passphrase from a damaged file: without it both would be the same GCM failure.
* ``sha256`` (unkeyed, over every other field) tells damage before any passphrase is asked,
  so a truncated or flipped file is reported as damaged, never as "wrong passphrase".
* The header (format, version, kdf, cipher) is GCM's associated data: its parameters cannot
  be changed without the tag failing.

Writes happen under an exclusive lock on ``<file>.lock`` and re-read the file first, so the
GUI, the CLI and a collector writing different secrets at once all keep theirs. The new file
is written next to the old one, fsynced, then moved over it with ``os.replace``: a crash
leaves either the old or the new file. A file that cannot be read is never written over.
Only the derived key stays in memory, never the passphrase.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from keyring.errors import PasswordDeleteError

from ..i18n import N_, tr
from .permissions import SecurityError

FORMAT = "wattdesk-keystore"
VERSION = 1
CIPHER = "AES-256-GCM"
MIN_PASSPHRASE = 10
_CHECK_TEXT = b"WattDesk keystore passphrase check v1"
_FIELDS = ("format", "version", "kdf", "cipher", "check", "nonce", "data", "sha256")


@dataclass(frozen=True)
class KdfParams:
    """scrypt cost: ``n`` (CPU/memory, a power of two), ``r`` (block size), ``p`` (lanes)."""

    n: int
    r: int
    p: int

    def at_least(self, other: KdfParams) -> bool:
        return self.n * self.r * self.p >= other.n * other.r * other.p


# 128 MiB and about half a second: OWASP's first scrypt choice (N=2^17, r=8, p=1).
DEFAULT_KDF = KdfParams(n=2**17, r=8, p=1)
_MAX_N = 2**22  # a file asking for more is not ours: refuse it instead of allocating 4 GiB
_kdf = DEFAULT_KDF


def configure_kdf(params: KdfParams, *, allow_weak: bool = False) -> None:
    """The cost of new keystore files; weaker than the default only for tests, explicitly."""
    global _kdf
    if not allow_weak and not params.at_least(DEFAULT_KDF):
        raise ValueError("keystore scrypt parameters below the default are for tests only")
    _kdf = params


class KeystoreError(SecurityError):
    """The keystore file cannot be used as asked; the message says why and what to do."""


class WrongPassphrase(KeystoreError):
    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(tr("wrong keystore passphrase for {path}", path=path))


class KeystoreDamaged(KeystoreError):
    """The file is not an intact keystore; it is left exactly as it is."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(
            tr(
                "The keystore file {path} is damaged ({reason}). WattDesk leaves it untouched: "
                "restore it from a backup copy, or move it away to start a new keystore "
                "(the secrets in it are then lost).",
                path=path,
                reason=tr(reason),
            )
        )


class PassphraseTooShort(KeystoreError):
    def __init__(self) -> None:
        super().__init__(
            tr(
                "The keystore passphrase must have at least {count} characters.",
                count=MIN_PASSPHRASE,
            )
        )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def _header(kdf: KdfParams, salt: bytes) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "kdf": {"name": "scrypt", "n": kdf.n, "r": kdf.r, "p": kdf.p, "salt": _b64(salt)},
        "cipher": CIPHER,
    }


def _derive(passphrase: str, salt: bytes, kdf: KdfParams) -> tuple[bytes, bytes]:
    """(encryption key, check key) from one scrypt run."""
    raw = Scrypt(salt=salt, length=64, n=kdf.n, r=kdf.r, p=kdf.p).derive(passphrase.encode("utf-8"))
    return raw[:32], raw[32:]


def _check(check_key: bytes) -> bytes:
    return hmac.new(check_key, _CHECK_TEXT, hashlib.sha256).digest()


@dataclass(frozen=True)
class _Envelope:
    """A parsed, checksum-verified file: what it takes to derive the key and decrypt."""

    kdf: KdfParams
    salt: bytes
    header: dict[str, Any]
    check: bytes
    nonce: bytes
    data: bytes


def _parse(path: Path, raw: bytes) -> _Envelope:
    """The file's envelope; ``KeystoreDamaged`` (or a newer-version error) otherwise."""
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise KeystoreDamaged(path, N_("not a JSON document: truncated or overwritten")) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise KeystoreDamaged(path, N_("not a WattDesk keystore"))
    version = doc.get("version")
    if isinstance(version, int) and version > VERSION:
        raise KeystoreError(
            tr(
                "The keystore file {path} was written by a newer WattDesk (format {version}); "
                "update WattDesk on this computer.",
                path=path,
                version=version,
            )
        )
    if set(doc) != set(_FIELDS) or version != VERSION:
        raise KeystoreDamaged(path, N_("fields are missing or unknown"))
    body = {k: v for k, v in doc.items() if k != "sha256"}
    if not hmac.compare_digest(hashlib.sha256(_canonical(body)).hexdigest(), str(doc["sha256"])):
        raise KeystoreDamaged(path, N_("its checksum does not match"))
    try:
        kdf_doc = doc["kdf"]
        kdf = KdfParams(n=int(kdf_doc["n"]), r=int(kdf_doc["r"]), p=int(kdf_doc["p"]))
        salt = _unb64(kdf_doc["salt"])
        envelope = _Envelope(
            kdf, salt, _header(kdf, salt), _unb64(doc["check"]), _unb64(doc["nonce"]),
            _unb64(doc["data"]),
        )  # fmt: skip
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise KeystoreDamaged(path, N_("fields are missing or unknown")) from None
    if (
        kdf_doc.get("name") != "scrypt"
        or doc["cipher"] != CIPHER
        or not (2 <= kdf.n <= _MAX_N and kdf.n & (kdf.n - 1) == 0 and 1 <= kdf.r <= 32)
        or not (1 <= kdf.p <= 16 and len(salt) >= 16 and len(envelope.nonce) == 12)
    ):
        raise KeystoreDamaged(path, N_("fields are missing or unknown"))
    return envelope


def inspect(path: Path) -> None:
    """Check that ``path`` is an intact keystore without asking for the passphrase."""
    with _locked(path):  # never read half of a file being replaced (Windows: never block it)
        _parse(path, _read_bytes(path))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise KeystoreError(tr("The keystore file {path} does not exist.", path=path)) from None
    except OSError as exc:
        raise KeystoreError(
            tr("Cannot read the keystore file {path}: {reason}", path=path, reason=exc.strerror)
        ) from None


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock between processes (and threads) on ``<file>.lock``."""
    lock_path = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:  # a read-only or missing data folder
        raise _os_error(path, exc) from None
    try:
        _lock_fd(fd)
        yield
    finally:
        os.close(fd)  # closing releases the lock


if sys.platform == "win32":  # pragma: no cover - Windows
    import msvcrt

    def _lock_fd(fd: int) -> None:
        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # retries for 10 s, then raises
                return
            except OSError:
                continue

else:
    import fcntl

    def _lock_fd(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)


def _os_error(path: Path, exc: OSError) -> KeystoreError:
    return KeystoreError(
        tr(
            "Cannot use the keystore file {path}: {reason}. It was not changed.",
            path=path,
            reason=exc.strerror or str(exc),
        )
    )


def _write_atomically(path: Path, payload: bytes) -> None:
    try:
        _replace(path, payload)
    except OSError as exc:  # disk full, read-only folder: the old file is still in place
        raise _os_error(path, exc) from None


def _replace(path: Path, payload: bytes) -> None:
    tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(payload)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    if sys.platform != "win32":  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class FileStore:
    """An unlocked keystore file. Its methods have the keyring backend's shape, so the
    keystore module treats it like one; every call re-reads the file (other processes may
    have written since)."""

    def __init__(self, path: Path, kdf: KdfParams, salt: bytes, key: bytes, check: bytes) -> None:
        self.path = path
        self._kdf, self._salt, self._key, self._check = kdf, salt, key, check
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ open and create

    @classmethod
    def create(cls, path: Path, passphrase: str) -> FileStore:
        """A new, empty keystore at ``path``; refuses to replace any existing file."""
        if len(passphrase) < MIN_PASSPHRASE:
            raise PassphraseTooShort()
        path.parent.mkdir(parents=True, exist_ok=True)
        salt = secrets.token_bytes(16)
        key, check_key = _derive(passphrase, salt, _kdf)
        store = cls(path, _kdf, salt, key, _check(check_key))
        with _locked(path):
            if path.exists():
                raise KeystoreError(
                    tr("The keystore file {path} already exists; unlock it instead.", path=path)
                )
            store._write({})
        return store

    @classmethod
    def open(cls, path: Path, passphrase: str) -> FileStore:
        """The keystore at ``path`` unlocked; ``WrongPassphrase`` or ``KeystoreDamaged``."""
        with _locked(path):
            envelope = _parse(path, _read_bytes(path))
        key, check_key = _derive(passphrase, envelope.salt, envelope.kdf)
        if not hmac.compare_digest(_check(check_key), envelope.check):
            raise WrongPassphrase(path)
        store = cls(path, envelope.kdf, envelope.salt, key, envelope.check)
        store._decrypt(envelope)  # a damaged body is reported now, not at the first use
        return store

    # ------------------------------------------------------------------ reading, writing

    def _decrypt(self, envelope: _Envelope) -> dict[str, str]:
        if envelope.salt != self._salt or not hmac.compare_digest(envelope.check, self._check):
            raise KeystoreError(
                tr(
                    "The keystore file {path} was replaced by another one since it was "
                    "unlocked; start WattDesk again.",
                    path=self.path,
                )
            )
        try:
            plain = AESGCM(self._key).decrypt(
                envelope.nonce, envelope.data, _canonical(envelope.header)
            )
        except InvalidTag:
            raise KeystoreDamaged(self.path, N_("the encrypted data does not match")) from None
        try:
            values = json.loads(plain.decode("utf-8"))["secrets"]
        except (UnicodeDecodeError, ValueError, KeyError, TypeError):
            raise KeystoreDamaged(self.path, N_("the encrypted data does not match")) from None
        if not isinstance(values, dict):
            raise KeystoreDamaged(self.path, N_("the encrypted data does not match"))
        return {str(k): str(v) for k, v in values.items()}

    def _read(self) -> dict[str, str]:
        return self._decrypt(_parse(self.path, _read_bytes(self.path)))

    def _write(self, values: dict[str, str]) -> None:
        header = _header(self._kdf, self._salt)
        nonce = secrets.token_bytes(12)
        plain = json.dumps({"secrets": values}, sort_keys=True).encode("utf-8")
        data = AESGCM(self._key).encrypt(nonce, plain, _canonical(header))
        doc: dict[str, Any] = {
            **header,
            "check": _b64(self._check),
            "nonce": _b64(nonce),
            "data": _b64(data),
        }
        doc["sha256"] = hashlib.sha256(_canonical(doc)).hexdigest()
        _write_atomically(self.path, json.dumps(doc, indent=1, sort_keys=True).encode() + b"\n")

    def secrets(self) -> dict[str, str]:
        """Every secret (for a passphrase change or an export)."""
        with self._lock, _locked(self.path):
            return self._read()

    # ------------------------------------------------------------ the keyring's shape

    def get_password(self, service: str, username: str) -> str | None:
        with self._lock, _locked(self.path):
            return self._read().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._lock, _locked(self.path):
            values = self._read()  # what other processes wrote since: merged, not lost
            values[f"{service}/{username}"] = password
            self._write(values)

    def delete_password(self, service: str, username: str) -> None:
        with self._lock, _locked(self.path):
            values = self._read()
            if values.pop(f"{service}/{username}", None) is None:
                raise PasswordDeleteError(username)
            self._write(values)

    def change_passphrase(self, passphrase: str) -> None:
        """Re-encrypt every secret under a new passphrase (new salt, same file)."""
        if len(passphrase) < MIN_PASSPHRASE:
            raise PassphraseTooShort()
        salt = secrets.token_bytes(16)
        key, check_key = _derive(passphrase, salt, _kdf)
        with self._lock, _locked(self.path):
            values = self._read()
            before = self._kdf, self._salt, self._key, self._check
            self._kdf, self._salt, self._key, self._check = _kdf, salt, key, _check(check_key)
            try:
                self._write(values)
            except BaseException:
                self._kdf, self._salt, self._key, self._check = before
                raise
