"""Operators and login: the first administrator, authentication, lockout, operator admin.

The API the GUI and the CLI call (all audited, all in one unit of work each):

* ``needs_first_admin(db)`` / ``create_first_admin(db, login, name, password)`` — an empty
  database asks for its first administrator; there is no built-in account or password.
* ``login(db, login, password, workstation) -> Actor`` — raises ``LoginFailed``,
  ``AccountLocked`` or ``AccountDisabled``. Every attempt is audited; after
  ``policy.max_failures`` wrong passwords in a row the account is locked for
  ``policy.lockout`` and the lock itself is audited. Attempts during the lock are refused
  without checking the password, so the lock really stops guessing.
* ``approve_login(...)`` — a second operator co-signs a large refund at this desk.
* ``add_operator``, ``list_operators``, ``disable_operator``, ``enable_operator``,
  ``change_password``, ``unlock_operator`` — operator administration.
* ``authorize(session, actor, permission)`` — what services call inside their write scope:
  the role check plus a fresh look at the operator row, so disabling someone takes effect on
  their next action, not their next login.

Failed attempts must be committed even though the call raises, so each function decides
inside ``db.write()`` and raises only after the commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..db import Database
from ..i18n import tr
from ..models import FieldPackage, Operator, Role, Setting
from ..models.base import utcnow
from . import audit
from .passwords import (
    burn_time,
    check_new_password,
    hash_password,
    needs_upgrade,
    verify_password,
)
from .permissions import (
    SETTING_APPROVAL_THRESHOLD,
    SETTING_LOCKOUT_MINUTES,
    SETTING_MAX_FAILURES,
    Actor,
    Permission,
    PermissionDenied,
    SecurityError,
    SecurityPolicy,
    default_workstation,
    load_policy,
    require,
)

LOGIN_RE = re.compile(r"^[\w.@-]{2,40}$")


class LoginFailed(SecurityError):
    """Wrong login name or password (deliberately not saying which)."""

    def __init__(self) -> None:
        super().__init__(tr("Wrong login name or password."))


class AccountLocked(SecurityError):
    """Too many wrong passwords: the account is locked until ``until``."""

    def __init__(self, until: datetime) -> None:
        self.until = until
        local = until.astimezone().strftime("%H:%M")
        super().__init__(
            tr("Too many wrong passwords: this account is locked until {time}.", time=local)
        )


class AccountDisabled(SecurityError):
    def __init__(self) -> None:
        super().__init__(tr("This account is disabled. Ask an administrator."))


class OperatorError(SecurityError):
    """An operator administration request was refused (duplicate, unknown, last admin...)."""


@dataclass(frozen=True, slots=True)
class OperatorInfo:
    """An operator as the UI lists it (never the password hash)."""

    id: int
    login: str
    display_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    created_at: datetime


def normalise_login(text: str) -> str:
    """Logins are case-insensitive and trimmed; letters (any script), digits, ``._@-``."""
    login = text.strip().casefold()
    if not LOGIN_RE.match(login):
        raise OperatorError(
            tr(
                "A login name has 2-40 letters, digits or . _ @ - and no spaces: {login!r}",
                login=text,
            )
        )
    return login


def actor_of(op: Operator, workstation: str) -> Actor:
    return Actor(op.id, op.login, op.display_name, op.role, workstation[:64])


def _anonymous(workstation: str) -> Actor:
    return Actor(None, "anonymous", "anonymous", Role.AUDITOR, workstation[:64])


def _info(op: Operator) -> OperatorInfo:
    return OperatorInfo(
        op.id, op.login, op.display_name, op.role, op.active, op.locked_until, op.created_at
    )


def on_field_package(session: Session) -> bool:
    """True on a field package (the laptop): its operators' password hashes are the office's,
    signed at export, and stay byte for byte as they came, so ``field merge`` refuses any
    changed hash (a password planted on the laptop). No rehash at login, no password change,
    no new operator there (docs/security.md)."""
    return (
        session.scalar(select(FieldPackage.package_id).where(FieldPackage.role == "package"))
        is not None
    )


def _refuse_on_field_package(session: Session) -> None:
    if on_field_package(session):
        raise OperatorError(
            tr("Operators and passwords are managed at the office, not on a field package.")
        )


def _find(session: Session, login: str) -> Operator | None:
    return session.scalar(select(Operator).where(Operator.login == login))


def _get(session: Session, login: str) -> Operator:
    op = _find(session, normalise_login(login))
    if op is None:
        raise OperatorError(tr("No operator with login {login!r}.", login=login))
    return op


# --------------------------------------------------------------------------- first start


def needs_first_admin(db: Database) -> bool:
    """True on an empty operator table: the app must ask for the first administrator."""
    with db.read() as session:
        return not session.scalar(select(func.count()).select_from(Operator))


def create_first_admin(
    db: Database,
    login: str,
    display_name: str,
    password: str,
    workstation: str | None = None,
) -> Actor:
    """Create the first administrator and return them logged in.

    Refused (``OperatorError``) as soon as any operator exists, so this cannot be used to
    add a second admin without an admin's permission.
    """
    ws = workstation or default_workstation()
    name = normalise_login(login)
    check_new_password(password, name)
    with db.write() as session:
        audit.lock_chain(session)
        if session.scalar(select(func.count()).select_from(Operator)):
            raise OperatorError(tr("An administrator already exists."))
        op = Operator(
            login=name,
            display_name=display_name.strip()[:60] or name,
            role=Role.ADMIN,
            password_hash=hash_password(password),
        )
        session.add(op)
        session.flush()
        actor = actor_of(op, ws)
        audit.record(
            session,
            actor,
            "operator.add",
            f"operator:{name}",
            after={"display_name": op.display_name, "role": op.role, "active": True},
            extra={"first_admin": True},
        )
    return actor


# --------------------------------------------------------------------------- login


def _authenticate(
    db: Database, login: str, password: str, workstation: str | None, purpose: str, now: datetime
) -> Actor:
    ws = workstation or default_workstation()
    error: SecurityError | None = None
    actor: Actor | None = None
    name = login.strip().casefold()
    with db.write() as session:
        policy = load_policy(session)
        op = _find(session, name)
        target = f"operator:{name[:40]}"
        if op is None:
            burn_time(password)
            audit.record(
                session,
                _anonymous(ws),
                f"{purpose}.failed",
                target,
                extra={"reason": "unknown login"},
                now=now,
            )
            error = LoginFailed()
        elif op.locked_until is not None and op.locked_until > now:
            burn_time(password)
            audit.record(
                session,
                actor_of(op, ws),
                f"{purpose}.refused",
                target,
                extra={"reason": "locked", "until": op.locked_until},
                now=now,
            )
            error = AccountLocked(op.locked_until)
        elif not verify_password(op.password_hash, password):
            op.failed_logins += 1
            failures = op.failed_logins
            audit.record(
                session,
                actor_of(op, ws),
                f"{purpose}.failed",
                target,
                extra={"reason": "wrong password", "failures": failures},
                now=now,
            )
            if failures >= policy.max_failures:
                op.locked_until = now + policy.lockout
                op.failed_logins = 0
                audit.record(
                    session,
                    actor_of(op, ws),
                    "operator.locked",
                    target,
                    extra={"failures": failures, "until": op.locked_until},
                    now=now,
                )
                error = AccountLocked(op.locked_until)
            else:
                error = LoginFailed()
        elif not op.active:
            audit.record(
                session,
                actor_of(op, ws),
                f"{purpose}.refused",
                target,
                extra={"reason": "disabled"},
                now=now,
            )
            error = AccountDisabled()
        else:
            extra: dict[str, object] = {}
            if op.failed_logins:
                extra["failures_before"] = op.failed_logins
            op.failed_logins = 0
            op.locked_until = None
            if needs_upgrade(op.password_hash) and not on_field_package(session):
                op.password_hash = hash_password(password)
                extra["rehashed"] = True
            actor = actor_of(op, ws)
            audit.record(session, actor, f"{purpose}.ok", target, extra=extra, now=now)
    if error is not None:
        raise error
    assert actor is not None
    return actor


def login(
    db: Database,
    login: str,
    password: str,
    workstation: str | None = None,
    *,
    now: datetime | None = None,
) -> Actor:
    """Check the password and return the logged-in ``Actor`` (see the module docstring)."""
    return _authenticate(db, login, password, workstation, "login", now or utcnow())


def approve_login(
    db: Database,
    requester: Actor,
    login: str,
    password: str,
    workstation: str | None = None,
    *,
    now: datetime | None = None,
) -> Actor:
    """A second operator authenticates at this desk to approve ``requester``'s refund.

    Counts towards lockout like a login. Returns the approver, to be passed to
    ``check_money_out(..., approver=...)`` in the same service call.
    """
    approver = _authenticate(db, login, password, workstation, "approval", now or utcnow())
    if approver.operator_id == requester.operator_id:
        raise OperatorError(tr("The approver must be a different operator."))
    require(approver, Permission.MONEY_OUT_APPROVE)
    return approver


def logout(db: Database, actor: Actor) -> None:
    """Record the end of a session (the GUI's log out and lock screen)."""
    with db.write() as session:
        audit.record(session, actor, "logout", f"operator:{actor.login}")


def authorize(session: Session, actor: Actor, permission: Permission) -> None:
    """``require`` plus a fresh look at the operator: call it inside the service's write scope.

    An operator disabled (or whose role changed) after they logged in is refused now.
    """
    require(actor, permission)
    if actor.is_system:
        return
    op = session.get(Operator, actor.operator_id)
    if op is None or not op.active:
        raise AccountDisabled()
    if op.role is not actor.role:
        raise PermissionDenied(actor_of(op, actor.workstation), permission)
    require(actor_of(op, actor.workstation), permission)


# --------------------------------------------------------------------------- administration


def add_operator(
    db: Database, actor: Actor, login: str, display_name: str, role: Role, password: str
) -> OperatorInfo:
    """Create an operator (admin only). The first operator must be made with
    ``create_first_admin`` or by the system actor with role admin."""
    name = normalise_login(login)
    check_new_password(password, name)
    with db.write() as session:
        authorize(session, actor, Permission.OPERATOR_MANAGE)
        _refuse_on_field_package(session)
        audit.lock_chain(session)
        count = session.scalar(select(func.count()).select_from(Operator)) or 0
        if count == 0 and role is not Role.ADMIN:
            raise OperatorError(tr("The first operator must be an administrator."))
        if _find(session, name) is not None:
            raise OperatorError(tr("The login {login!r} is already taken.", login=name))
        op = Operator(
            login=name,
            display_name=display_name.strip()[:60] or name,
            role=role,
            password_hash=hash_password(password),
        )
        session.add(op)
        session.flush()
        audit.record(
            session,
            actor,
            "operator.add",
            f"operator:{name}",
            after={"display_name": op.display_name, "role": role, "active": True},
            extra={"first_admin": True} if count == 0 else None,
        )
        return _info(op)


def list_operators(db: Database, actor: Actor) -> list[OperatorInfo]:
    require(actor, Permission.VIEW)
    with db.read() as session:
        return [_info(op) for op in session.scalars(select(Operator).order_by(Operator.login))]


def _set_active(db: Database, actor: Actor, login: str, active: bool) -> OperatorInfo:
    with db.write() as session:
        authorize(session, actor, Permission.OPERATOR_MANAGE)
        op = _get(session, login)
        if op.active == active:
            return _info(op)
        if not active:
            if op.id == actor.operator_id:
                raise OperatorError(tr("You cannot disable your own account."))
            if op.role is Role.ADMIN:
                admins = session.scalar(
                    select(func.count())
                    .select_from(Operator)
                    .where(Operator.role == Role.ADMIN, Operator.active.is_(True))
                )
                if (admins or 0) <= 1:
                    raise OperatorError(tr("The last active administrator cannot be disabled."))
        op.active = active
        audit.record(
            session,
            actor,
            "operator.enable" if active else "operator.disable",
            f"operator:{op.login}",
            before={"active": not active},
            after={"active": active},
        )
        return _info(op)


def disable_operator(db: Database, actor: Actor, login: str) -> OperatorInfo:
    return _set_active(db, actor, login, False)


def enable_operator(db: Database, actor: Actor, login: str) -> OperatorInfo:
    return _set_active(db, actor, login, True)


def unlock_operator(db: Database, actor: Actor, login: str) -> OperatorInfo:
    """Lift a lockout before it expires (admin only)."""
    with db.write() as session:
        authorize(session, actor, Permission.OPERATOR_MANAGE)
        op = _get(session, login)
        before = {"locked_until": op.locked_until, "failed_logins": op.failed_logins}
        op.locked_until = None
        op.failed_logins = 0
        audit.record(
            session,
            actor,
            "operator.unlock",
            f"operator:{op.login}",
            before=before,
            after={"locked_until": None, "failed_logins": 0},
        )
        return _info(op)


def change_password(
    db: Database,
    actor: Actor,
    login: str,
    new_password: str,
    *,
    old_password: str | None = None,
) -> None:
    """Change a password: one's own (with the old one), or anyone's as an admin (a reset).

    A reset also lifts a lockout. The audit row says who changed whose password, never
    the password or its hash.
    """
    with db.write() as session:
        op = _get(session, login)
        own = actor.operator_id is not None and op.id == actor.operator_id
        if own and not actor.can(Permission.OPERATOR_MANAGE):
            authorize(session, actor, Permission.VIEW)
        else:
            authorize(session, actor, Permission.OPERATOR_MANAGE)
        _refuse_on_field_package(session)
        if own and (old_password is None or not verify_password(op.password_hash, old_password)):
            error: SecurityError | None = LoginFailed()
        else:
            check_new_password(new_password, op.login)
            error = None
            op.password_hash = hash_password(new_password)
            op.failed_logins = 0
            op.locked_until = None
        audit.record(
            session,
            actor,
            "operator.passwd" if error is None else "operator.passwd_failed",
            f"operator:{op.login}",
            extra={"reset": not own},
        )
    if error is not None:
        raise error


def set_security_policy(db: Database, actor: Actor, policy: SecurityPolicy) -> SecurityPolicy:
    """Store the lockout and approval numbers (admin only), audited as ``settings.change``.

    Values are validated here so that ``load_policy`` never has to fall back silently.
    """
    minutes = policy.lockout.total_seconds() / 60
    if not 1 <= policy.max_failures <= 100:
        raise OperatorError(tr("Allowed wrong passwords must be 1-100."))
    if not 0 < minutes <= 24 * 60 or minutes != int(minutes):
        raise OperatorError(tr("The lockout must be 1-1440 whole minutes."))
    threshold = policy.approval_threshold
    if (
        not threshold.is_finite()
        or threshold < 0
        or threshold != threshold.quantize(Decimal("0.01"))
    ):
        raise OperatorError(tr("The approval threshold must be a non-negative amount in yuan."))
    values = {
        SETTING_MAX_FAILURES: policy.max_failures,
        SETTING_LOCKOUT_MINUTES: int(minutes),
        SETTING_APPROVAL_THRESHOLD: str(threshold.quantize(Decimal("0.01"))),
    }
    with db.write() as session:
        authorize(session, actor, Permission.SETTINGS_EDIT)
        old = load_policy(session)
        before = {
            SETTING_MAX_FAILURES: old.max_failures,
            SETTING_LOCKOUT_MINUTES: int(old.lockout.total_seconds() / 60),
            SETTING_APPROVAL_THRESHOLD: str(old.approval_threshold),
        }
        for key, value in values.items():
            row = session.get(Setting, key)
            if row is None:
                session.add(Setting(key=key, value=value))
            else:
                row.value = value
        session.flush()
        changed_before, changed_after = audit.changes(before, values)
        if changed_after:
            audit.record(
                session, actor, "settings.change", "settings:security",
                before=changed_before, after=changed_after,
            )  # fmt: skip
        return load_policy(session)
