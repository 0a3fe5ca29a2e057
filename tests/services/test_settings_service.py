"""Site-wide settings through ``app.services.settings``: role, validation, audit, and each
value used where the application reads it (receipts, alarm levels, backup schedule)."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.backup import BackupPolicy, backup, backup_due, daily_backup
from app.collector.config import load_rules
from app.db import Database
from app.ledger.recharge import RechargeRequest, receipt_data, recharge
from app.livedata import room_live
from app.models import Account, AuditEntry, BillingMode, Park, Room
from app.receipts import render_pdf
from app.security import Actor, PermissionDenied
from app.services.settings import (
    AlarmLevels,
    ParkDetails,
    SettingsError,
    alarm_levels,
    backup_settings,
    park_details,
    save_alarm_levels,
    save_backup_policy,
    save_park_details,
)
from tests.money.conftest import room_of
from tests.money.test_receipts import pdf_text

ZONE = ZoneInfo("Asia/Shanghai")
HEADER = ParkDetails(
    1,
    "星河科创园",
    "苏州市工业园区星湖街 99 号",
    "0512-1234 5678",
    "星河物业管理有限公司",
    "请妥善保管本收据",
)


def audit_rows(db: Database, target: str) -> list[AuditEntry]:
    with db.read() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.target == target)))


@pytest.mark.parametrize("layout", ["roll80", "a5"])
def test_receipt_prints_the_saved_header(park: Database, staff: dict[str, Actor], layout) -> None:  # type: ignore[no-untyped-def]
    save_park_details(park, staff["admin"], HEADER)
    room = room_of(park, BillingMode.PLATFORM)
    result = recharge(
        park, staff["cashier"], RechargeRequest("20", "cash", uuid.uuid4().hex, room_id=room.id)
    )
    with park.read() as s:
        data = receipt_data(s, result.receipt_number)
    text = pdf_text(render_pdf(data, layout))
    for expected in (
        "星河科创园",
        "星湖街 99 号",
        "星河物业管理有限公司",
        "0512-1234 5678",
        "请妥善保管本收据",
    ):
        assert expected in text, (expected, text)
    [change] = audit_rows(park, "park:1")
    assert change.action == "settings.change" and change.actor == "admin"
    assert "星河科创园" in change.detail
    assert audit_rows(park, "settings:receipt")


def test_bad_park_details_are_refused_and_nothing_changes(park: Database, staff) -> None:  # type: ignore[no-untyped-def]
    admin = staff["admin"]
    before = park_details(park)
    with pytest.raises(SettingsError, match="park name: required value is missing"):
        save_park_details(park, admin, replace(HEADER, name="  "))
    with pytest.raises(SettingsError, match="service phone: 'call me' is not a phone number"):
        save_park_details(park, admin, replace(HEADER, phone="call me"))
    with pytest.raises(SettingsError, match="footer: text is longer than 200 characters"):
        save_park_details(park, admin, replace(HEADER, footer="x" * 201))
    with park.write() as s:
        s.add(Park(name="第二园区"))
    with pytest.raises(SettingsError, match="another park is already named 第二园区"):
        save_park_details(park, admin, replace(HEADER, name="第二园区"))
    assert park_details(park)[0] == before[0]
    assert not audit_rows(park, "park:1")


def test_alarm_levels_are_what_the_collector_and_the_live_rows_use(park: Database, staff) -> None:  # type: ignore[no-untyped-def]
    room = room_of(park, BillingMode.PLATFORM)
    with park.write() as s:
        account = s.get(Account, s.get(Room, room.id).account_id)
        account.balance_fen = 3000  # 30 yuan: fine with the default levels (20 / 5 / 0)
    assert room_live_level(park, room.id) == 0
    levels = AlarmLevels(5000, 1000, 200, 500, auto_cut=True, auto_restore=False)
    save_alarm_levels(park, staff["admin"], levels)
    with park.read() as s:
        rules = load_rules(s)
    assert (rules.alarm_1_fen, rules.alarm_2_fen, rules.cutoff_fen, rules.restore_fen) == (
        5000,
        1000,
        200,
        500,
    )
    assert not rules.auto_restore
    assert room_live_level(park, room.id) == 1  # 30 yuan is now below level 1 (50 yuan)
    assert alarm_levels(park) == levels
    [row] = audit_rows(park, "settings:alarms")
    assert '"collector.alarm_1_fen":5000' in row.detail.replace(" ", "")


def room_live_level(db: Database, room_id: int) -> int:
    with db.read() as s:
        return room_live(s, ZONE, [room_id])[room_id].level


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        (AlarmLevels(500, 500, 0, 0), "level 1 must be above level 2"),
        (AlarmLevels(2000, 500, 500, 500), "level 2 must be above the cut-off line"),
        (AlarmLevels(2000, 500, 100, 50), "the restore line must not be below the cut-off line"),
        (AlarmLevels(2000, 500, -1, 0), "cut-off line: must be zero or more"),
    ],
)
def test_alarm_levels_out_of_order_are_refused(park: Database, staff, levels, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SettingsError, match=message):
        save_alarm_levels(park, staff["admin"], levels)
    assert alarm_levels(park) == AlarmLevels(2000, 500, 0, 0)


def test_errors_read_in_chinese(park: Database, staff, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    with pytest.raises(SettingsError, match="一级告警金额必须高于二级"):
        save_alarm_levels(park, staff["admin"], AlarmLevels(500, 500, 0, 0))


@pytest.mark.parametrize("role", ["cashier", "operator", "auditor"])
def test_only_an_administrator_changes_site_settings(park: Database, staff, role, tmp_path) -> None:  # type: ignore[no-untyped-def]
    actor = staff[role]
    with pytest.raises(PermissionDenied):
        save_park_details(park, actor, HEADER)
    with pytest.raises(PermissionDenied):
        save_alarm_levels(park, actor, AlarmLevels(5000, 1000, 0, 0))
    with pytest.raises(PermissionDenied):
        save_backup_policy(park, actor, BackupPolicy(time(3, 0), str(tmp_path), 3))
    assert park_details(park)[0].name != HEADER.name


def test_backup_runs_on_the_saved_schedule_in_the_saved_folder(
    park: Database, staff, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "nightly"
    save_backup_policy(park, staff["admin"], BackupPolicy(time(3, 30), str(folder), 2))
    assert backup_settings(park) == BackupPolicy(time(3, 30), str(folder), 2)
    day = datetime(2026, 11, 25, tzinfo=ZONE)
    early = (day + timedelta(hours=3, minutes=29)).astimezone(UTC)
    late = (day + timedelta(hours=3, minutes=31)).astimezone(UTC)
    backup(park, staff["admin"], now=(day - timedelta(hours=20)).astimezone(UTC))  # yesterday 04:00
    assert daily_backup(park, zone=ZONE, now=early) is None  # yesterday's 03:30 slot is done
    made = daily_backup(park, zone=ZONE, now=late)
    assert made is not None and made.path.parent == folder
    assert daily_backup(park, zone=ZONE, now=late + timedelta(minutes=5)) is None
    assert not backup_due(folder, late, at=time(3, 30), zone=ZONE)
    assert backup_due(folder, late + timedelta(days=1), at=time(3, 30), zone=ZONE)
    save_backup_policy(park, staff["admin"], BackupPolicy(None, str(folder), 2))
    assert daily_backup(park, zone=ZONE, now=late + timedelta(days=2)) is None  # schedule off
    assert len(list(folder.iterdir())) == 2  # keep 2
    assert audit_rows(park, "settings:backup")


def test_bad_backup_policy_is_refused(park: Database, staff, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    admin = staff["admin"]
    with pytest.raises(SettingsError, match="keep: must be 1 to 365 backups"):
        save_backup_policy(park, admin, BackupPolicy(time(2, 0), "", 0))
    with pytest.raises(SettingsError, match="folder: give a full path"):
        save_backup_policy(park, admin, BackupPolicy(time(2, 0), "relative/dir", 3))
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(SettingsError, match="folder: cannot create"):
        save_backup_policy(park, admin, BackupPolicy(time(2, 0), str(blocker / "sub"), 3))
    assert backup_settings(park) == BackupPolicy()
