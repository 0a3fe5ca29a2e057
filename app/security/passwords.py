"""Password hashing with argon2id, and the rules a new password must meet.

Production parameters are argon2-cffi's RFC 9106 "low memory" profile (64 MiB, t=3, p=4),
well above the OWASP minimum (19 MiB, t=2, p=1); a login costs a few tens of milliseconds
on a desk PC, which is nothing for a person and a lot for someone guessing offline.

Tests may lower the cost, but only by calling ``configure_hashing(..., allow_weak=True)``:
nothing in production code paths (no environment variable, no setting) can go below the
OWASP minimum, so a stray variable on a cashier's PC cannot weaken every stored hash.

Hashes are upgraded on the next successful login when the configured parameters are
stronger than the ones in the stored hash (``needs_upgrade``); a weaker configuration never
rewrites a stronger hash, so lowering the cost in tests cannot downgrade real data.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..i18n import tr
from .permissions import SecurityError

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256


class WeakPassword(SecurityError):
    """A new password was refused by the password rules."""


@dataclass(frozen=True, slots=True)
class HashParams:
    """argon2id cost: memory in KiB, iterations, lanes."""

    memory_kib: int
    time_cost: int
    parallelism: int

    def at_least(self, other: HashParams) -> bool:
        return (
            self.memory_kib >= other.memory_kib
            and self.time_cost >= other.time_cost
            and self.parallelism >= other.parallelism
        )


OWASP_MINIMUM = HashParams(memory_kib=19 * 1024, time_cost=2, parallelism=1)
DEFAULT_PARAMS = HashParams(memory_kib=64 * 1024, time_cost=3, parallelism=4)

_lock = threading.Lock()
_params = DEFAULT_PARAMS
_hasher = PasswordHasher(
    time_cost=DEFAULT_PARAMS.time_cost,
    memory_cost=DEFAULT_PARAMS.memory_kib,
    parallelism=DEFAULT_PARAMS.parallelism,
    type=Type.ID,
)


def configure_hashing(params: HashParams, *, allow_weak: bool = False) -> None:
    """Set the argon2id cost for new hashes.

    Anything below the OWASP minimum is refused unless ``allow_weak`` is passed
    explicitly, which only the test suite does.
    """
    global _params, _hasher
    if not allow_weak and not params.at_least(OWASP_MINIMUM):
        raise ValueError(
            f"argon2id parameters {params} are below the OWASP minimum {OWASP_MINIMUM}"
        )
    with _lock:
        _params = params
        _hasher = PasswordHasher(
            time_cost=params.time_cost,
            memory_cost=params.memory_kib,
            parallelism=params.parallelism,
            type=Type.ID,
        )


def current_params() -> HashParams:
    return _params


def hash_password(password: str) -> str:
    """An argon2id PHC string (``$argon2id$v=19$m=...,t=...,p=...$salt$hash``)."""
    return _hasher.hash(password)


def verify_password(stored: str, password: str) -> bool:
    """True when ``password`` matches ``stored``; False for a mismatch or an unusable hash.

    An empty or malformed stored hash (an operator row without a password) never matches:
    there is no default password and no way to log in without one.
    """
    if not stored.startswith("$argon2"):
        return False
    try:
        return _hasher.verify(stored, password)
    except VerifyMismatchError:
        return False
    except (VerificationError, InvalidHashError):
        log.warning("unusable password hash in the operator table")
        return False


def needs_upgrade(stored: str) -> bool:
    """True when the configured cost is stronger than (or a different type from) ``stored``."""
    try:
        old = extract_parameters(stored)
    except (InvalidHashError, ValueError):
        return True
    if old.type is not Type.ID:
        return True
    have = HashParams(old.memory_cost, old.time_cost, old.parallelism)
    return have != _params and _params.at_least(have)


_DUMMY_HASH: str | None = None


def burn_time(password: str) -> None:
    """Spend as long as a real verification, so an unknown login name is not given away
    by a faster answer."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None or needs_upgrade(_DUMMY_HASH):
        _DUMMY_HASH = hash_password("not a real password")
    verify_password(_DUMMY_HASH, password)


def check_new_password(password: str, login: str) -> None:
    """Refuse passwords that are empty, short, huge, equal to the login or all one character."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(
            tr("The password must have at least {count} characters.", count=MIN_PASSWORD_LENGTH)
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(
            tr("The password must have at most {count} characters.", count=MAX_PASSWORD_LENGTH)
        )
    if password.strip().casefold() == login.strip().casefold():
        raise WeakPassword(tr("The password must not be the login name."))
    if len(set(password)) < 3:
        raise WeakPassword(tr("The password is too simple."))
