"""The data model (SQLAlchemy 2.0 typed declarative). Import tables from here."""

from .audit import AuditEntry, AuditHead
from .base import Base, utcnow
from .ledger import CommandStatus, LedgerEntry, LedgerTxn, MeterCommand, Setting
from .metering import (
    BillingMode,
    Event,
    Link,
    Meter,
    MeterRole,
    MeterState,
    Parity,
    Protocol,
    Reading,
    ReadingKind,
    RelayState,
)
from .security import Operator, Role
from .site import Account, AccountStatus, Building, Floor, Park, Room, Tenant, TenantKind

__all__ = [
    "Account",
    "AccountStatus",
    "AuditEntry",
    "AuditHead",
    "Base",
    "BillingMode",
    "Building",
    "CommandStatus",
    "Event",
    "Floor",
    "LedgerEntry",
    "LedgerTxn",
    "Link",
    "Meter",
    "MeterCommand",
    "MeterRole",
    "MeterState",
    "Operator",
    "Parity",
    "Park",
    "Protocol",
    "Reading",
    "ReadingKind",
    "RelayState",
    "Role",
    "Room",
    "Setting",
    "Tenant",
    "TenantKind",
    "utcnow",
]
