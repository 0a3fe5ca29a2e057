"""Who may do what: the actor, the permission table, ``require()``, and the approval rule.

Roles are enforced here, in the service layer, not in the UI: every service entry point
calls ``require(actor, Permission.X)`` before it touches data, so a cashier who found a way
around a greyed-out button still cannot change a tariff. The table below is the single,
readable statement of the policy; reviewers should be able to check it against the issue
without reading any other code.

Errors are typed (``SecurityError`` and subclasses) and carry a message already translated
for the user, so the GUI can show ``str(exc)`` in a dialog and the CLI can print it.
"""

from __future__ import annotations

import enum
import getpass
import os
import socket
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n import N_, tr
from ..models import Role, Setting

# --------------------------------------------------------------------------- errors


class SecurityError(Exception):
    """Base of every refusal by the security layer; ``str(exc)`` is for the user."""


class PermissionDenied(SecurityError):
    """The actor's role does not grant the permission the service needs."""

    def __init__(self, actor: Actor, permission: Permission) -> None:
        self.actor = actor
        self.permission = permission
        super().__init__(
            tr(
                "{who} ({role}) may not {what}.",
                who=actor.display_name or actor.login,
                role=tr(ROLE_LABELS[actor.role]),
                what=tr(PERMISSION_LABELS[permission]),
            )
        )


class ApprovalRequired(SecurityError):
    """A refund or reversal above the threshold needs a second operator's approval."""

    def __init__(self, amount: Decimal, threshold: Decimal, reason: str = "") -> None:
        self.amount = amount
        self.threshold = threshold
        text = tr(
            "{amount} yuan is above {threshold} yuan: an administrator must approve it.",
            amount=amount,
            threshold=threshold,
        )
        super().__init__(f"{text} {reason}".strip())


# --------------------------------------------------------------------------- actor


class Permission(enum.StrEnum):
    """Everything a service can be asked to do. Values are stable (they appear in logs)."""

    VIEW = "view"  # see the site, meters, balances, reports
    SITE_EDIT = "site.edit"  # parks, buildings, rooms, tenants; site import
    METER_EDIT = "meter.edit"  # add, replace, remove meters and links
    RELAY_SWITCH = "relay.switch"  # cut / close / guaranteed supply
    METER_PARAMS = "meter.params"  # write thresholds, prices, clock to a meter
    TARIFF_EDIT = "tariff.edit"  # publish tariff versions
    RECHARGE = "recharge"  # take money, credit an account
    REFUND_REQUEST = "refund.request"  # ask for (and, under the threshold, make) a refund
    LEDGER_REVERSE = "ledger.reverse"  # reverse a ledger transaction
    MONEY_OUT_APPROVE = "money_out.approve"  # approve a refund/reversal above the threshold
    ACCOUNT_TRANSFER = "account.transfer"  # move money between accounts (admin only)
    RECEIPT_PRINT = "receipt.print"  # print or reprint receipts
    SHIFT_CLOSE_OWN = "shift.close_own"  # close one's own cashier shift
    SHIFT_CLOSE_ANY = "shift.close_any"  # close anybody's shift
    AUDIT_READ = "audit.read"  # read and verify the audit log
    OPERATOR_MANAGE = "operator.manage"  # add, disable operators, reset passwords
    SETTINGS_EDIT = "settings.edit"  # application settings and policy values
    BACKUP = "backup"  # take a backup
    RESTORE = "restore"  # replace the database with a backup
    ALARM_ACK = "alarm.ack"  # acknowledge alarms (an auditor only reads them)
    REPORT_ENERGY = "report.energy"  # energy reports and the meter reading sheet
    REPORT_FINANCE = "report.finance"  # every money report (a cashier: only own orders)
    BILLING_EDIT = "billing.edit"  # apportionment schemes and fee items (issue 16)
    BILLING_RUN = "billing.run"  # post and reverse billing runs (issue 16)
    FIELD_PACKAGE = "field.package"  # export a field package, merge one back (issue 20)
    NOTIFY_RESEND = "notify.resend"  # send a test message, resend a failed one (issue 18)
    LOAD_EDIT = "load.edit"  # load control settings, whitelists, learning mode (issue 19)
    LOAD_RESTORE = "load.restore"  # the dorm manager's restore of a load cut (issue 19)


P = Permission

# The policy, in one place. admin: everything (alone: moving money between accounts,
# billing definitions and runs).
# operator: the technical side, no cash.
# cashier: money in, refund requests, receipts, own shift. auditor: read everything.
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.OPERATOR: frozenset(
        {
            P.VIEW,
            P.SITE_EDIT,
            P.METER_EDIT,
            P.RELAY_SWITCH,
            P.METER_PARAMS,
            P.TARIFF_EDIT,
            P.ALARM_ACK,
            P.REPORT_ENERGY,
            P.NOTIFY_RESEND,
            P.LOAD_EDIT,
            P.LOAD_RESTORE,
        }
    ),
    Role.CASHIER: frozenset(
        {P.VIEW, P.RECHARGE, P.REFUND_REQUEST, P.RECEIPT_PRINT, P.SHIFT_CLOSE_OWN, P.ALARM_ACK}
    ),
    Role.AUDITOR: frozenset({P.VIEW, P.AUDIT_READ, P.REPORT_ENERGY, P.REPORT_FINANCE}),
}

ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: N_("administrator"),
    Role.OPERATOR: N_("operator"),
    Role.CASHIER: N_("cashier"),
    Role.AUDITOR: N_("auditor"),
}

PERMISSION_LABELS: dict[Permission, str] = {
    P.VIEW: N_("view data"),
    P.SITE_EDIT: N_("change the site"),
    P.METER_EDIT: N_("change meters"),
    P.RELAY_SWITCH: N_("switch relays"),
    P.METER_PARAMS: N_("write meter parameters"),
    P.TARIFF_EDIT: N_("change tariffs"),
    P.RECHARGE: N_("recharge"),
    P.REFUND_REQUEST: N_("refund"),
    P.LEDGER_REVERSE: N_("reverse a ledger transaction"),
    P.MONEY_OUT_APPROVE: N_("approve refunds"),
    P.ACCOUNT_TRANSFER: N_("transfer money between accounts"),
    P.RECEIPT_PRINT: N_("print receipts"),
    P.SHIFT_CLOSE_OWN: N_("close their shift"),
    P.SHIFT_CLOSE_ANY: N_("close another cashier's shift"),
    P.AUDIT_READ: N_("read the audit log"),
    P.OPERATOR_MANAGE: N_("manage operators"),
    P.SETTINGS_EDIT: N_("change settings"),
    P.BACKUP: N_("take a backup"),
    P.RESTORE: N_("restore a backup"),
    P.ALARM_ACK: N_("acknowledge alarms"),
    P.REPORT_ENERGY: N_("read energy reports"),
    P.REPORT_FINANCE: N_("read money reports"),
    P.BILLING_EDIT: N_("change apportionment schemes and fee items"),
    P.BILLING_RUN: N_("run and reverse billing"),
    P.FIELD_PACKAGE: N_("export and merge field packages"),
    P.NOTIFY_RESEND: N_("send or resend messages"),
    P.LOAD_EDIT: N_("change load control and whitelists"),
    P.LOAD_RESTORE: N_("restore a room cut by load control"),
}


def default_workstation() -> str:
    """The name of this workstation in audit rows: ``WATTDESK_WORKSTATION`` or the host."""
    return (os.environ.get("WATTDESK_WORKSTATION") or socket.gethostname() or "unknown")[:64]


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting: a logged-in operator, or the system (CLI, collector, migrations).

    Services take an ``Actor`` rather than an ``Operator`` row so that a stale ORM object
    from another session can never be written through, and so that the system actor (no
    operator row) needs no special case in the audit writer. ``operator_id`` is None only
    for the system actor.
    """

    operator_id: int | None
    login: str
    display_name: str
    role: Role
    workstation: str

    @property
    def is_system(self) -> bool:
        return self.operator_id is None

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


def system_actor(workstation: str | None = None, name: str | None = None) -> Actor:
    """The actor for work nobody logged in for: ``cli:<os user>`` by default.

    Only work nobody logs in for runs as this actor, with admin rights: ``init`` (and the
    demo), the collector, and ``operator add`` while no operator exists (the first
    administrator); every other command logs in (app/cli/auth.py). Its changes are audited
    under this clearly non-human name.
    """
    if name is None:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown"
        name = f"cli:{user}"
    return Actor(
        operator_id=None,
        login=name[:60],
        display_name=name[:60],
        role=Role.ADMIN,
        workstation=workstation or default_workstation(),
    )


def require(actor: Actor, permission: Permission) -> None:
    """Raise ``PermissionDenied`` unless ``actor``'s role grants ``permission``."""
    if not actor.can(permission):
        raise PermissionDenied(actor, permission)


def permissions_of(role: Role) -> frozenset[Permission]:
    return ROLE_PERMISSIONS[role]


# --------------------------------------------------------------------------- policy

SETTING_MAX_FAILURES = "security.max_failures"
SETTING_LOCKOUT_MINUTES = "security.lockout_minutes"
SETTING_APPROVAL_THRESHOLD = "security.approval_threshold_yuan"


@dataclass(frozen=True, slots=True)
class SecurityPolicy:
    """The configurable numbers. Stored in the ``setting`` table under ``security.*``."""

    max_failures: int = 5
    lockout: timedelta = timedelta(minutes=15)
    approval_threshold: Decimal = Decimal("500.00")


def load_policy(session: Session) -> SecurityPolicy:
    """Read the policy from settings; a missing or malformed value falls back to the default.

    A malformed value must not lock everybody out or disable the approval rule, so the
    default is used (the settings editor validates what it stores).
    """
    rows = {
        s.key: s.value
        for s in session.scalars(select(Setting).where(Setting.key.like("security.%")))
    }
    default = SecurityPolicy()
    max_failures = default.max_failures
    lockout = default.lockout
    threshold = default.approval_threshold
    value = rows.get(SETTING_MAX_FAILURES)
    if isinstance(value, int) and 1 <= value <= 100:
        max_failures = value
    value = rows.get(SETTING_LOCKOUT_MINUTES)
    if isinstance(value, int | float) and 0 < value <= 24 * 60:
        lockout = timedelta(minutes=value)
    value = rows.get(SETTING_APPROVAL_THRESHOLD)
    if value is not None:
        try:
            parsed = Decimal(str(value))
        except InvalidOperation:
            parsed = None
        if parsed is not None and parsed.is_finite() and parsed >= 0:
            threshold = parsed
    return SecurityPolicy(max_failures, lockout, threshold)


# --------------------------------------------------------------------------- approval


class MoneyOut(enum.StrEnum):
    """The two ways money leaves an account that the four-eyes rule covers."""

    REFUND = "refund"
    REVERSAL = "reversal"


def check_money_out(
    actor: Actor,
    kind: MoneyOut,
    amount: Decimal,
    policy: SecurityPolicy,
    approver: Actor | None = None,
) -> None:
    """The rule for refunds and ledger reversals, called by the ledger services.

    The actor needs the permission for ``kind``. Above ``policy.approval_threshold`` a
    second, different operator holding ``MONEY_OUT_APPROVE`` must approve (a cashier
    requests, an admin approves; an admin's own large reversal needs another admin). The
    approver is an ``Actor`` obtained by ``approve_login()``, i.e. they typed their password
    at this desk. The system actor never counts as an approver.
    """
    require(actor, P.REFUND_REQUEST if kind is MoneyOut.REFUND else P.LEDGER_REVERSE)
    if amount < 0:
        raise ValueError("amount must not be negative")
    if amount <= policy.approval_threshold:
        return
    if approver is None:
        raise ApprovalRequired(amount, policy.approval_threshold)
    if approver.is_system or approver.operator_id == actor.operator_id:
        raise ApprovalRequired(
            amount,
            policy.approval_threshold,
            tr("The approver must be a different operator."),
        )
    require(approver, P.MONEY_OUT_APPROVE)
