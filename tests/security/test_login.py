"""First administrator, login, lockout, rehash, operator administration — all audited."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import Operator, Role, Setting
from app.models.base import utcnow
from app.security import (
    AccountDisabled,
    AccountLocked,
    Actor,
    LoginFailed,
    OperatorError,
    PermissionDenied,
    WeakPassword,
    add_operator,
    change_password,
    create_first_admin,
    disable_operator,
    enable_operator,
    list_entries,
    list_operators,
    login,
    needs_first_admin,
    unlock_operator,
    verify_chain,
)
from app.security.passwords import HashParams, configure_hashing, needs_upgrade

from .conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def actions(db: Database, admin: Actor) -> list[str]:
    return [row.action for row in list_entries(db, admin, limit=None)]


def test_empty_database_has_no_operator_and_no_default_password(db: Database) -> None:
    assert needs_first_admin(db)
    for name, password in [("admin", "admin"), ("admin", ""), ("root", "123456")]:
        with pytest.raises(LoginFailed):
            login(db, name, password)
    with db.read() as session:
        assert session.scalars(select(Operator)).all() == []


def test_no_default_password_in_the_source() -> None:
    """No literal password is assigned anywhere in the application code."""
    pattern = re.compile(
        r"(\w*password\w*\s*(:\s*str\s*)?=\s*|[\"']password[\"']\s*:\s*)[\"'][^\"']+[\"']",
        re.IGNORECASE,
    )
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if pattern.search(line) and "SMTP_PASSWORD" not in line:
                offenders.append(f"{path}:{number}: {line.strip()}")
    assert offenders == []


def test_first_admin_then_no_second_first_admin(db: Database) -> None:
    actor = create_first_admin(db, " Admin ", "管理员", PASSWORD, "desk-1")
    assert (actor.login, actor.role, actor.workstation) == ("admin", Role.ADMIN, "desk-1")
    assert not needs_first_admin(db)
    with pytest.raises(OperatorError):
        create_first_admin(db, "other", "Other", PASSWORD)
    assert login(db, "ADMIN", PASSWORD).operator_id == actor.operator_id
    assert actions(db, actor) == ["operator.add", "login.ok"]


def test_weak_passwords_are_refused(db: Database) -> None:
    for password in ["", "short", "aaaaaaaaaaaa", "adminadmin"]:
        with pytest.raises(WeakPassword):
            create_first_admin(db, "adminadmin", "A", password)
    assert needs_first_admin(db)


def test_password_is_stored_as_argon2id_only(db: Database, admin: Actor) -> None:
    with db.read() as session:
        stored = session.scalar(select(Operator.password_hash))
    assert stored is not None and stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_lockout_after_five_failures_and_every_attempt_audited(
    db: Database, staff: dict[Role, Actor]
) -> None:
    admin = staff[Role.ADMIN]
    now = utcnow()
    for _ in range(4):
        with pytest.raises(LoginFailed):
            login(db, "cashier", "wrong-password", "desk-2", now=now)
    with pytest.raises(AccountLocked) as locked:
        login(db, "cashier", "wrong-password", "desk-2", now=now)
    assert locked.value.until == now + timedelta(minutes=15)
    # While locked even the right password is refused (and not checked).
    with pytest.raises(AccountLocked):
        login(db, "cashier", PASSWORD, "desk-2", now=now + timedelta(minutes=14))
    # After the lock expires the right password works and the counter starts again.
    actor = login(db, "cashier", PASSWORD, "desk-2", now=now + timedelta(minutes=16))
    assert actor.role is Role.CASHIER
    rows = [r for r in list_entries(db, admin, limit=None) if r.target == "operator:cashier"]
    assert [r.action for r in rows][-8:] == [
        "login.failed",
        "login.failed",
        "login.failed",
        "login.failed",
        "login.failed",
        "operator.locked",
        "login.refused",
        "login.ok",
    ]
    assert rows[-4].detail_dict()["failures"] == 5
    assert all(r.workstation == "desk-2" for r in rows[-8:])
    assert verify_chain(db).ok


def test_lockout_is_configurable(db: Database, admin: Actor) -> None:
    with db.write() as session:
        session.add(Setting(key="security.max_failures", value=2))
        session.add(Setting(key="security.lockout_minutes", value=1))
    now = utcnow()
    with pytest.raises(LoginFailed):
        login(db, "admin", "nope-nope", now=now)
    with pytest.raises(AccountLocked) as locked:
        login(db, "admin", "nope-nope", now=now)
    assert locked.value.until == now + timedelta(minutes=1)


def test_unknown_login_is_audited_and_indistinguishable(db: Database, admin: Actor) -> None:
    with pytest.raises(LoginFailed) as unknown:
        login(db, "nobody", PASSWORD)
    with pytest.raises(LoginFailed) as wrong:
        login(db, "admin", "wrong-password")
    assert str(unknown.value) == str(wrong.value)
    last = list_entries(db, admin)[-2]
    expected = ("login.failed", "anonymous", "operator:nobody")
    assert (last.action, last.actor, last.target) == expected


def test_disabled_operator_cannot_log_in_or_act(db: Database, staff: dict[Role, Actor]) -> None:
    admin, cashier = staff[Role.ADMIN], staff[Role.CASHIER]
    disable_operator(db, admin, "cashier")
    with pytest.raises(AccountDisabled):
        login(db, "cashier", PASSWORD)
    with pytest.raises(LoginFailed):  # a wrong password does not reveal the state
        login(db, "cashier", "wrong-password")
    # The cashier's existing session is refused on its next action.
    with pytest.raises(AccountDisabled):
        change_password(db, cashier, "cashier", "new-pass-123", old_password=PASSWORD)
    enable_operator(db, admin, "cashier")
    assert login(db, "cashier", PASSWORD).role is Role.CASHIER


def test_last_admin_and_self_cannot_be_disabled(db: Database, admin: Actor) -> None:
    with pytest.raises(OperatorError):
        disable_operator(db, admin, "admin")
    add_operator(db, admin, "boss2", "Boss", Role.ADMIN, PASSWORD)
    boss2 = login(db, "boss2", PASSWORD)
    disable_operator(db, boss2, "admin")
    with pytest.raises(OperatorError):
        disable_operator(db, boss2, "boss2")


def test_rehash_on_login_when_parameters_grow(db: Database, admin: Actor) -> None:
    with db.read() as session:
        old = session.scalar(select(Operator.password_hash).where(Operator.login == "admin"))
    assert old is not None and "m=1024,t=1,p=1" in old
    configure_hashing(HashParams(memory_kib=2048, time_cost=2, parallelism=1), allow_weak=True)
    login(db, "admin", PASSWORD)
    with db.read() as session:
        new = session.scalar(select(Operator.password_hash).where(Operator.login == "admin"))
    assert new is not None and "m=2048,t=2,p=1" in new
    assert list_entries(db, admin)[-1].detail_dict() == {"rehashed": True}
    # A weaker configuration never downgrades a stored hash.
    configure_hashing(HashParams(memory_kib=1024, time_cost=1, parallelism=1), allow_weak=True)
    assert not needs_upgrade(new)
    login(db, "admin", PASSWORD)
    with db.read() as session:
        again = session.scalar(select(Operator.password_hash).where(Operator.login == "admin"))
    assert again == new


def test_change_password_own_and_reset(db: Database, staff: dict[Role, Actor]) -> None:
    admin, cashier = staff[Role.ADMIN], staff[Role.CASHIER]
    with pytest.raises(LoginFailed):
        change_password(db, cashier, "cashier", "new-pass-123", old_password="wrong-one")
    change_password(db, cashier, "cashier", "new-pass-123", old_password=PASSWORD)
    assert login(db, "cashier", "new-pass-123").role is Role.CASHIER
    with pytest.raises(PermissionDenied):
        change_password(db, cashier, "operator", "hijacked-123")
    change_password(db, admin, "cashier", "reset-pass-9")
    assert login(db, "cashier", "reset-pass-9")
    rows = [r for r in list_entries(db, admin, limit=None) if r.action.startswith("operator.pass")]
    assert [(r.action, r.detail_dict()["reset"]) for r in rows] == [
        ("operator.passwd_failed", False),
        ("operator.passwd", False),
        ("operator.passwd", True),
    ]
    assert all("new-pass" not in r.detail and "$argon2" not in r.detail for r in rows)


def test_unlock_by_admin(db: Database, staff: dict[Role, Actor]) -> None:
    admin = staff[Role.ADMIN]
    for _ in range(5):
        with pytest.raises((LoginFailed, AccountLocked)):
            login(db, "operator", "wrong-password")
    with pytest.raises(AccountLocked):
        login(db, "operator", PASSWORD)
    unlock_operator(db, admin, "operator")
    assert login(db, "operator", PASSWORD).role is Role.OPERATOR


def test_operator_admin_needs_the_admin_role(db: Database, staff: dict[Role, Actor]) -> None:
    for role in (Role.OPERATOR, Role.CASHIER, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            add_operator(db, staff[role], f"x{role.value}", "X", Role.ADMIN, PASSWORD)
        with pytest.raises(PermissionDenied):
            disable_operator(db, staff[role], "cashier")
    infos = list_operators(db, staff[Role.AUDITOR])
    assert [(i.login, i.role) for i in infos] == [
        ("admin", Role.ADMIN),
        ("auditor", Role.AUDITOR),
        ("cashier", Role.CASHIER),
        ("operator", Role.OPERATOR),
    ]


def test_duplicate_and_bad_logins(db: Database, admin: Actor) -> None:
    with pytest.raises(OperatorError):
        add_operator(db, admin, "ADMIN", "Again", Role.CASHIER, PASSWORD)
    with pytest.raises(OperatorError):
        add_operator(db, admin, "has space", "X", Role.CASHIER, PASSWORD)
    info = add_operator(db, admin, "张三", "张三", Role.CASHIER, PASSWORD)
    assert info.login == "张三"
