"""Site-wide settings edited in the settings window: park details printed on receipts,
the default low-balance alarm levels and cut-off / restore lines, the backup schedule.

Every save checks ``Permission.SETTINGS_EDIT`` (in the write transaction, so an operator
disabled meanwhile is refused too), validates the whole page first (nothing is written when
one value is wrong, and the error names the field in the user's language), then writes the
values and one ``settings.change`` audit row with what changed in the same transaction.

The values live where the code that uses them already reads them, never in a parallel
store: park name, address and phone in the ``park`` row (receipts read it), the issuing
company and the footer in ``setting`` (``receipt.*``), the alarm levels in ``collector.*``
(``app.collector.config.load_rules``: the collector's writer, the relay automation and the
live room rows) and the backup schedule in ``backup.*`` (``app.backup.load_backup_policy``).
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from datetime import time
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..backup import (
    SETTING_DAILY_AT,
    SETTING_DIR,
    SETTING_KEEP,
    BackupPolicy,
    load_backup_policy,
)
from ..collector.config import load_rules
from ..db import Database
from ..i18n import tr
from ..ledger.recharge import RECEIPT_FOOTER, RECEIPT_ISSUER, receipt_extras
from ..models import Park, Setting
from ..security import Actor, Permission, audit, authorize, require

LIMITS = {"name": 100, "address": 200, "phone": 40, "issuer": 100, "footer": 200}


class SettingsError(ValueError):
    """A setting that cannot be stored; ``str()`` names the field and why, for the user."""


def put_setting(session: Session, key: str, value: Any) -> Any:
    """Store ``value`` under ``key``; returns the previous value (None if there was none)."""
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
        return None
    before, row.value = row.value, value
    return before


def _audit_change(
    session: Session, actor: Actor, target: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    changed_before, changed_after = audit.changes(before, after)
    if changed_after:
        audit.record(
            session, actor, "settings.change", target, before=changed_before, after=changed_after
        )


# --------------------------------------------------------------------------- park details


@dataclass(frozen=True)
class ParkDetails:
    """What a receipt prints about who issued it (per park; issuer and footer site-wide)."""

    park_id: int
    name: str
    address: str = ""
    phone: str = ""
    issuer: str = ""
    footer: str = ""


def park_details(db: Database) -> list[ParkDetails]:
    """Every park with the receipt lines, in id order (the first is the default park)."""
    with db.read() as session:
        extras = receipt_extras(session)
        return [
            ParkDetails(p.id, p.name, p.address, p.phone, **extras)
            for p in session.scalars(select(Park).order_by(Park.id))
        ]


def _clean_park(details: ParkDetails) -> ParkDetails:
    values = {k: str(v).strip() for k, v in asdict(details).items() if k != "park_id"}
    labels = {
        "name": tr("park name"),
        "address": tr("address"),
        "phone": tr("service phone"),
        "issuer": tr("issuing company"),
        "footer": tr("footer"),
    }
    if not values["name"]:
        raise SettingsError(tr("{field}: required value is missing", field=labels["name"]))
    for key, limit in LIMITS.items():
        if len(values[key]) > limit:
            raise SettingsError(
                tr(
                    "{field}: text is longer than {limit} characters",
                    field=labels[key],
                    limit=limit,
                )
            )
        if "\n" in values[key] or "\r" in values[key]:
            raise SettingsError(tr("{field}: one line only", field=labels[key]))
    phone = values["phone"]
    if phone and not all(c.isdigit() or c in " +-()/" for c in phone):
        raise SettingsError(
            tr("{field}: {value!r} is not a phone number", field=labels["phone"], value=phone)
        )
    return ParkDetails(details.park_id, **values)


def save_park_details(db: Database, actor: Actor, details: ParkDetails) -> ParkDetails:
    """Store a park's receipt header (name, address, phone) and the site-wide issuer and
    footer; audited as ``settings.change`` on ``park:<id>`` and ``settings:receipt``."""
    require(actor, Permission.SETTINGS_EDIT)
    clean = _clean_park(details)
    with db.write() as session:
        authorize(session, actor, Permission.SETTINGS_EDIT)
        park = session.get(Park, clean.park_id)
        if park is None:
            raise SettingsError(tr("no park with id {id}", id=clean.park_id))
        other = session.scalar(select(Park.id).where(Park.name == clean.name, Park.id != park.id))
        if other is not None:
            raise SettingsError(tr("another park is already named {name}", name=clean.name))
        before = {"name": park.name, "address": park.address, "phone": park.phone}
        park.name, park.address, park.phone = clean.name, clean.address, clean.phone
        after = {"name": park.name, "address": park.address, "phone": park.phone}
        _audit_change(session, actor, f"park:{park.id}", before, after)
        old = receipt_extras(session)
        put_setting(session, RECEIPT_ISSUER, clean.issuer)
        put_setting(session, RECEIPT_FOOTER, clean.footer)
        new = {"issuer": clean.issuer, "footer": clean.footer}
        _audit_change(session, actor, "settings:receipt", old, new)
    return clean


# --------------------------------------------------------------------------- alarm levels


@dataclass(frozen=True)
class AlarmLevels:
    """The default low-balance lines, in fen (``app.collector.config.Rules``).

    Level 1 warns, level 2 is the pre-trip alarm, level 3 is the cut-off line itself (a
    platform-side meter is cut there, minus the account's overdraft limit); the relay is
    restored when a recharge lifts the balance above the restore line.
    """

    alarm_1_fen: int
    alarm_2_fen: int
    cutoff_fen: int
    restore_fen: int
    auto_cut: bool = True
    auto_restore: bool = True


def alarm_levels(db: Database) -> AlarmLevels:
    with db.read() as session:
        rules = load_rules(session)
    return AlarmLevels(
        rules.alarm_1_fen,
        rules.alarm_2_fen,
        rules.cutoff_fen,
        rules.restore_fen,
        rules.auto_cut,
        rules.auto_restore,
    )


def check_alarm_levels(levels: AlarmLevels) -> None:
    """Level 1 > level 2 > cut-off, restore at or above the cut-off, none negative."""
    for name, value in (
        (tr("level 1"), levels.alarm_1_fen),
        (tr("level 2"), levels.alarm_2_fen),
        (tr("cut-off line"), levels.cutoff_fen),
        (tr("restore line"), levels.restore_fen),
    ):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise SettingsError(tr("{field}: must be zero or more", field=name))
    if not levels.alarm_1_fen > levels.alarm_2_fen:
        raise SettingsError(tr("level 1 must be above level 2"))
    if not levels.alarm_2_fen > levels.cutoff_fen:
        raise SettingsError(tr("level 2 must be above the cut-off line"))
    if levels.restore_fen < levels.cutoff_fen:
        raise SettingsError(tr("the restore line must not be below the cut-off line"))


def save_alarm_levels(db: Database, actor: Actor, levels: AlarmLevels) -> AlarmLevels:
    """Store the levels as ``collector.*`` settings: the running collector reads them at its
    next batch, the live room rows at their next refresh (no restart)."""
    require(actor, Permission.SETTINGS_EDIT)
    check_alarm_levels(levels)
    values = {
        "collector.alarm_1_fen": levels.alarm_1_fen,
        "collector.alarm_2_fen": levels.alarm_2_fen,
        "collector.cutoff_fen": levels.cutoff_fen,
        "collector.restore_fen": levels.restore_fen,
        "collector.auto_cut": levels.auto_cut,
        "collector.auto_restore": levels.auto_restore,
    }
    with db.write() as session:
        authorize(session, actor, Permission.SETTINGS_EDIT)
        rules = load_rules(session)
        before = {
            "collector.alarm_1_fen": rules.alarm_1_fen,
            "collector.alarm_2_fen": rules.alarm_2_fen,
            "collector.cutoff_fen": rules.cutoff_fen,
            "collector.restore_fen": rules.restore_fen,
            "collector.auto_cut": rules.auto_cut,
            "collector.auto_restore": rules.auto_restore,
        }
        for key, value in values.items():
            put_setting(session, key, value)
        _audit_change(session, actor, "settings:alarms", before, values)
    return levels


# --------------------------------------------------------------------------- backup policy


def backup_settings(db: Database) -> BackupPolicy:
    with db.read() as session:
        return load_backup_policy(session)


def save_backup_policy(db: Database, actor: Actor, policy: BackupPolicy) -> BackupPolicy:
    """Store the schedule; the folder must be an absolute path this workstation can write."""
    require(actor, Permission.SETTINGS_EDIT)
    if not 1 <= policy.keep <= 365:
        raise SettingsError(tr("keep: must be 1 to 365 backups"))
    if policy.daily_at is not None and not isinstance(policy.daily_at, time):
        raise SettingsError(tr("time: not a time of day"))
    directory = policy.directory.strip()
    if directory:
        path = Path(directory).expanduser()
        if not path.is_absolute():
            raise SettingsError(tr("folder: give a full path, e.g. D:\\Backups or /srv/backups"))
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            message = tr("folder: cannot create {path}: {error}", path=path, error=exc)
            raise SettingsError(message) from exc
        if not path.is_dir() or not os.access(path, os.W_OK):
            raise SettingsError(tr("folder: {path} is not a folder WattDesk can write", path=path))
        directory = str(path)
    values = {
        SETTING_DAILY_AT: policy.daily_at.strftime("%H:%M") if policy.daily_at else "off",
        SETTING_DIR: directory,
        SETTING_KEEP: policy.keep,
    }
    with db.write() as session:
        authorize(session, actor, Permission.SETTINGS_EDIT)
        old = load_backup_policy(session)
        before = {
            SETTING_DAILY_AT: old.daily_at.strftime("%H:%M") if old.daily_at else "off",
            SETTING_DIR: old.directory,
            SETTING_KEEP: old.keep,
        }
        for key, value in values.items():
            put_setting(session, key, value)
        _audit_change(session, actor, "settings:backup", before, values)
        return load_backup_policy(session)
