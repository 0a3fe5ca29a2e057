"""Security: operators and login, roles, the tamper-evident audit log, keyring secrets.

Import from here; the submodules are an implementation detail:

* ``permissions`` — ``Actor``, the permission table, ``require``, the refund approval rule;
* ``passwords`` — argon2id hashing and password rules;
* ``operators`` — first admin, login with lockout, operator administration, ``authorize``;
* ``audit`` — ``record`` (same transaction as the change) and ``verify_chain``;
* ``keystore`` — secrets in the OS keyring or an encrypted keystore file, never in plain text.

See docs/security.md for the design and the threat model.
"""

from ..models.security import Role  # the windows name roles without importing app.models
from .audit import (
    AuditKeyMissing,
    AuditRow,
    VerifyResult,
    chain_head,
    changes,
    list_entries,
    lock_chain,
    record,
    verify_chain,
)
from .keystore import KeyringUnavailable, get_secret, set_secret
from .operators import (
    AccountDisabled,
    AccountLocked,
    LoginFailed,
    OperatorError,
    OperatorInfo,
    add_operator,
    approve_login,
    authorize,
    change_password,
    create_first_admin,
    disable_operator,
    enable_operator,
    list_operators,
    login,
    logout,
    needs_first_admin,
    set_security_policy,
    unlock_operator,
)
from .passwords import WeakPassword
from .permissions import (
    ROLE_PERMISSIONS,
    Actor,
    ApprovalRequired,
    MoneyOut,
    Permission,
    PermissionDenied,
    SecurityError,
    SecurityPolicy,
    check_money_out,
    default_workstation,
    load_policy,
    require,
    system_actor,
)

__all__ = [
    "ROLE_PERMISSIONS",
    "AccountDisabled",
    "AccountLocked",
    "Actor",
    "ApprovalRequired",
    "AuditKeyMissing",
    "AuditRow",
    "KeyringUnavailable",
    "LoginFailed",
    "MoneyOut",
    "OperatorError",
    "OperatorInfo",
    "Permission",
    "PermissionDenied",
    "Role",
    "SecurityError",
    "SecurityPolicy",
    "VerifyResult",
    "WeakPassword",
    "add_operator",
    "approve_login",
    "authorize",
    "chain_head",
    "change_password",
    "changes",
    "check_money_out",
    "create_first_admin",
    "default_workstation",
    "disable_operator",
    "enable_operator",
    "get_secret",
    "list_entries",
    "list_operators",
    "load_policy",
    "lock_chain",
    "login",
    "logout",
    "needs_first_admin",
    "record",
    "require",
    "set_secret",
    "set_security_policy",
    "system_actor",
    "unlock_operator",
    "verify_chain",
]
