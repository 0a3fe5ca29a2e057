"""The site key, the package's own chain key, and the signature over the exported rows.

The site key is 32 random bytes per office database, kept with the other secrets
(``app.security.keystore``: the OS keyring or the encrypted keystore file) under ``field-
site-key/<office audit chain id>``, created by the first export. It never goes into a
package. A package's signature is ``HMAC-SHA256(site key, canonical rows)`` over its
identity row and the rows the office exported (site, accounts, tariffs, meters, links,
operators) minus the columns the laptop legitimately changes (an account's cached balance, a
link's port name, an operator's failed-login count; password hashes as a digest). The field
work itself (readings, money, audit) is not covered by the signature but by the package's
own audit and ledger chains, whose key is derived from the site key: ``HMAC(site key,
"wattdesk field package v1|" chain id)``. Verification is at merge, where the office holds
the site key; the laptop holds only the derived key of its package (put into the keystore by
the export, which is why the laptop works on a copy of the exporting desk's keystore file,
docs/architecture.md).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from ..models import (
    Account,
    Building,
    FieldPackage,
    Floor,
    Link,
    Meter,
    Operator,
    Park,
    Room,
    TariffAssignment,
    TariffRow,
    TariffVersionRow,
    Tenant,
)
from ..security.filestore import FileStore
from ..security.keystore import SERVICE, audit_key_name, get_secret, set_secret

SITE_KEY_PREFIX = "field-site-key/"
PACKAGE_KEY_LABEL = b"wattdesk field package v1|"

# (model, columns the laptop may change): the signed base of a package
SIGNED: list[tuple[type, frozenset[str]]] = [
    (FieldPackage, frozenset({"signature", "merged_at", "merged_by", "merge_summary"})),
    (Park, frozenset()),
    (Building, frozenset()),
    (Floor, frozenset()),
    (Tenant, frozenset()),
    (Account, frozenset({"balance_fen"})),
    (Room, frozenset()),
    (Link, frozenset({"url", "enabled", "baud", "parity", "stopbits", "timeout_ms"})),
    (Meter, frozenset()),
    (TariffRow, frozenset()),
    (TariffVersionRow, frozenset()),
    (TariffAssignment, frozenset()),
    (Operator, frozenset({"failed_logins", "locked_until", "password_hash"})),
]
# Password hashes are signed as a digest of each (``baseline["operators"]``): a login on a
# package never rehashes and a package refuses password changes
# (``app.security.operators.on_field_package``), so merge refuses any hash that differs
# (``merge.check_operators``): a password planted on the laptop.


def hash_digest(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


def site_key(chain_id: str, *, create: bool) -> bytes | None:
    """The office's site key; created (and kept in the keystore) when ``create``."""
    text = get_secret(SITE_KEY_PREFIX + chain_id)
    if text is not None:
        return bytes.fromhex(text)
    if not create:
        return None
    key = secrets.token_bytes(32)
    set_secret(SITE_KEY_PREFIX + chain_id, key.hex())
    return key


def package_key(site: bytes, package_chain_id: str) -> bytes:
    """The audit (and, derived from it, ledger) key of one package's chains."""
    return hmac.new(site, PACKAGE_KEY_LABEL + package_chain_id.encode(), hashlib.sha256).digest()


def install_package_key(site: bytes, package_chain_id: str) -> None:
    """Put the package's chain key into this desk's keystore (idempotent)."""
    name = audit_key_name(package_chain_id)
    key = package_key(site, package_chain_id).hex()
    if get_secret(name) != key:
        set_secret(name, key)


def _text(value: Any) -> str:
    """One stored value as unambiguous text (like the ledger chain's ``ascii()``)."""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime):
        return "t" + value.isoformat()
    if isinstance(value, Decimal):
        return "d" + str(value)
    if isinstance(value, dict | list):
        return "j" + json.dumps(value, sort_keys=True, ensure_ascii=True)
    return ascii(value)


def _rows(session: Session, table: Table, skip: frozenset[str]) -> Iterator[bytes]:
    columns = [c for c in table.columns if c.name not in skip]
    order = list(table.primary_key.columns)
    for row in session.execute(select(*columns).order_by(*order)):
        fields = [f"{c.name}={_text(v)}" for c, v in zip(columns, row, strict=True)]
        text = "\x1f".join(fields)
        yield f"{len(text)}:{text}".encode()


def digest_rows(session: Session) -> bytes:
    """SHA-256 over every signed row of the package, table by table, in key order."""
    h = hashlib.sha256()
    for model, skip in SIGNED:
        table: Table = model.__table__  # type: ignore[attr-defined]
        h.update(f"#{table.name}\n".encode())
        for row in _rows(session, table, skip):
            h.update(row)
            h.update(b"\n")
    return h.digest()


def sign(site: bytes, session: Session) -> str:
    return hmac.new(site, digest_rows(session), hashlib.sha256).hexdigest()


def signature_ok(site: bytes, session: Session, stored: str) -> bool:
    return hmac.compare_digest(sign(site, session), stored)


def write_laptop_keystore(path: Path, passphrase: str, site: bytes, package_chain_id: str) -> None:
    """A new keystore file for the laptop holding only this package's chain key: the laptop
    can record its work (audit rows, ledger seals) but holds no site key, so it cannot
    re-sign exported rows. Copy it to the laptop's WattDesk data folder as keystore.json."""
    store = FileStore.create(path, passphrase)
    key = package_key(site, package_chain_id).hex()
    store.set_password(SERVICE, audit_key_name(package_chain_id), key)
