"""Operators for tests that run ``python -m app``: the command line logs in (app/cli/auth.py).

``add_staff(url)`` creates an operator of every role (logins ``admin``, ``cashier``,
``operator``, ``auditor``, all with ``PASSWORD``) in the database at ``url``, writing the audit
key to the file keyring that the subprocesses read (tests/security/filekeyring.py), with
cheap hashing so that the fixture costs milliseconds. ``login_env(login)`` is the
environment a script would use: ``WATTDESK_OPERATOR`` and ``WATTDESK_PASSWORD``.
"""

from __future__ import annotations

import os

import keyring

from app.db import open_database
from app.models import Role
from app.security import (
    SecurityPolicy,
    add_operator,
    audit,
    create_first_admin,
    set_security_policy,
    system_actor,
)
from app.security.passwords import DEFAULT_PARAMS, HashParams, configure_hashing
from tests.security.filekeyring import FileKeyring

PASSWORD = "Counter-2026!"
ROLES = ("admin", "cashier", "operator", "auditor")


def add_staff(url: str, *, max_failures: int | None = None) -> None:
    """An operator of every role, named after it, in the database at ``url``; with
    ``max_failures``, that many wrong passwords lock an operator out."""
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    audit.forget_cached_keys()
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    db = open_database(url)
    try:
        admin = create_first_admin(db, "admin", "管理员", PASSWORD)
        for role in (Role.CASHIER, Role.OPERATOR, Role.AUDITOR):
            add_operator(db, admin, role.value, role.value, role, PASSWORD)
        if max_failures is not None:
            policy = SecurityPolicy(max_failures=max_failures)
            set_security_policy(db, system_actor(), policy)
    finally:
        db.dispose()
        configure_hashing(DEFAULT_PARAMS)
        keyring.set_keyring(previous)
        audit.forget_cached_keys()


def login_env(login: str | None, password: str = PASSWORD, **extra: str) -> dict[str, str]:
    """This process's environment (plus ``extra``), logged in as ``login`` (None: no login
    unless ``extra`` sets one)."""
    env = dict(os.environ)
    for name in ("WATTDESK_OPERATOR", "WATTDESK_PASSWORD"):
        env.pop(name, None)
    env.update(extra)
    if login is not None:
        env["WATTDESK_OPERATOR"] = login
        env["WATTDESK_PASSWORD"] = password
    return env
