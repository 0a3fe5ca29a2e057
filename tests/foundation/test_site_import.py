"""Site import: validated as a whole, written whole or not at all, idempotent."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text

from app.db import Database
from app.models import Account, Building, Floor, Link, Meter, Room, Tenant
from app.services.site import import_site
from app.siteimport import SiteImportError

HEADER = [
    "building",
    "floor",
    "room",
    "area",
    "tenant",
    "tenant_kind",
    "meter_address",
    "link",
    "profile",
    "billing_mode",
]
GOOD = [
    [
        "A栋",
        "1F",
        "101",
        "36.50",
        "星河科技有限公司",
        "enterprise",
        "1",
        "/dev/ttyUSB0",
        "sim-prepaid-modbus",
        "platform",
    ],
    [
        "A栋",
        "1F",
        "102",
        "36.50",
        "星河科技有限公司",
        "enterprise",
        "2",
        "/dev/ttyUSB0",
        "sim-prepaid-modbus",
        "platform",
    ],
    [
        "A栋",
        "2F",
        "201",
        "48",
        "蜀香川菜馆",
        "shop",
        "3",
        "/dev/ttyUSB0",
        "sim-prepaid-modbus",
        "meter",
    ],
    [
        "学生公寓1号楼",
        "3F",
        "301",
        "20",
        "信息学院2025级 301宿舍",
        "dorm",
        "202500000301",
        "socket://10.0.0.5:4001",
        "sim-prepaid-dlt645",
        "meter",
    ],
    [
        "学生公寓1号楼",
        "3F",
        "302",
        "20",
        "",
        "",
        "202500000302",
        "socket://10.0.0.5:4001",
        "sim-prepaid-dlt645",
        "表端",
    ],
]


def write_csv(
    path: Path, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8-sig"
) -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def snapshot(db: Database) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the site tables, to prove that nothing changed."""
    tables = ["park", "building", "floor", "room", "tenant", "account", "link", "meter"]
    with db.read() as s:
        return {t: s.execute(text(f"SELECT * FROM {t} ORDER BY id")).all() for t in tables}


def test_good_sheet_imports_everything(db: Database, tmp_path: Path) -> None:
    report = import_site(db, write_csv(tmp_path / "site.csv", GOOD), park="星河园区")
    assert (report.rows, report.created, report.updated) == (5, 5, 0)
    with db.read() as s:
        assert s.scalar(select(func.count(Building.id))) == 2
        assert s.scalar(select(func.count(Floor.id))) == 3
        assert s.scalar(select(func.count(Room.id))) == 5
        assert s.scalar(select(func.count(Meter.id))) == 5
        assert s.scalar(select(func.count(Link.id))) == 2
        # one tenant with two rooms has one account feeding both
        star = s.scalars(select(Tenant).where(Tenant.name == "星河科技有限公司")).one()
        assert star.initials.startswith("xhkj")
        account = s.scalars(select(Account).where(Account.tenant_id == star.id)).one()
        assert s.scalar(select(func.count(Room.id)).where(Room.account_id == account.id)) == 2
        dorm_meter = s.scalars(select(Meter).where(Meter.address == "202500000302")).one()
        assert dorm_meter.billing_mode.value == "meter"
        vacant = s.scalars(select(Room).where(Room.number == "302")).one()
        assert vacant.account_id is None and str(vacant.area_m2) == "20.00"


def test_same_sheet_twice_changes_nothing(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "site.csv", GOOD)
    import_site(db, path, park="星河园区")
    before = snapshot(db)
    again = import_site(db, path, park="星河园区")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert snapshot(db) == before


def test_xlsx_sheet_with_chinese_headers_and_numbers(db: Database, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["楼栋", "楼层", "房间", "面积", "租户", "电表地址", "链路", "型号", "计费方式"])
    sheet.append(
        ["B栋", "1F", 101, 36.5, "华创电子有限公司", 5, "COM3", "sim-prepaid-modbus", "后台"]
    )
    sheet.append(
        ["B栋", "1F", 102, 40, "华创电子有限公司", 6, "COM3", "sim-prepaid-modbus", "后台"]
    )
    path = tmp_path / "site.xlsx"
    book.save(path)
    report = import_site(db, path)
    assert report.created == 2
    with db.read() as s:
        rooms = s.scalars(select(Room).order_by(Room.number)).all()
        assert [r.number for r in rooms] == ["101", "102"]
        assert [str(r.area_m2) for r in rooms] == ["36.50", "40.00"]
    assert import_site(db, path).unchanged == 2


def test_gbk_csv_from_a_chinese_excel(db: Database, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", GOOD[:1], encoding="gbk")
    assert import_site(db, path, park="园区").created == 1
    with db.read() as s:
        assert s.scalars(select(Tenant.name)).one() == "星河科技有限公司"


BAD = [
    GOOD[0],  # row 2: good
    [
        "A栋",
        "",
        "103",
        "20",
        "甲公司",
        "",
        "4",
        "/dev/ttyUSB0",
        "sim-prepaid-modbus",
        "platform",
    ],  # 3: missing floor
    [
        "A栋",
        "1F",
        "104",
        "-5",
        "乙公司",
        "",
        "5",
        "/dev/ttyUSB0",
        "sim-prepaid-modbus",
        "platform",
    ],  # 4: negative area
    [
        "A栋",
        "1F",
        "105",
        "abc",
        "丙公司",
        "",
        "6",
        "/dev/ttyUSB0",
        "sim-prepaid-modbus",
        "platform",
    ],  # 5: not a number
    [
        "A栋",
        "1F",
        "106",
        "20",
        "丁公司",
        "",
        "7",
        "/dev/ttyUSB0",
        "sim-prepaid-modbus",
        "monthly",
    ],  # 6: billing mode
    [
        "A栋",
        "1F",
        "107",
        "20",
        "戊公司",
        "",
        "8",
        "/dev/ttyUSB0",
        "no-such-meter",
        "platform",
    ],  # 7: profile
    [
        "A栋",
        "1F",
        "108",
        "20",
        "己公司",
        "",
        "1",
        "/dev/ttyUSB0",
        "sim-prepaid-modbus",
        "platform",
    ],  # 8: dup address
    [
        "A栋",
        "1F",
        "109",
        "20",
        "庚公司",
        "",
        "300",
        "/dev/ttyUSB0",
        "sim-prepaid-modbus",
        "platform",
    ],  # 9: address range
    [
        "A栋",
        "1F",
        "110",
        "20",
        "辛公司",
        "",
        "9",
        "http://x",
        "sim-prepaid-modbus",
        "platform",
    ],  # 10: bad link
    [
        "A栋",
        "1F",
        "111",
        "20",
        "壬公司",
        "",
        "10",
        "/dev/ttyUSB0",
        "sim-prepaid-dlt645",
        "meter",
    ],  # 11: mixed protocol
]


def test_bad_sheet_reports_every_error_and_writes_nothing(db: Database, tmp_path: Path) -> None:
    before = snapshot(db)
    with pytest.raises(SiteImportError) as caught:
        import_site(db, write_csv(tmp_path / "bad.csv", BAD), park="园区")
    found = {(i.row, i.column) for i in caught.value.issues}
    assert found == {
        (3, "floor"),
        (4, "area"),
        (5, "area"),
        (6, "billing_mode"),
        (7, "profile"),
        (8, "meter_address"),
        (9, "meter_address"),
        (10, "link"),
        (11, "link"),
    }
    text_ = str(caught.value)
    assert "row 4, column area: area must not be negative" in text_
    assert "nothing was written" in text_
    assert snapshot(db) == before


def test_errors_are_reported_in_chinese(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WATTDESK_LANG", "zh_CN")
    with pytest.raises(SiteImportError) as caught:
        import_site(db, write_csv(tmp_path / "bad.csv", BAD[:3]), park="园区")
    assert "第 4 行，area 列：面积不能为负数" in str(caught.value)
    assert "未写入任何数据" in str(caught.value)


def test_meter_of_another_room_in_the_database_is_refused(db: Database, tmp_path: Path) -> None:
    import_site(db, write_csv(tmp_path / "a.csv", GOOD[:1]), park="园区")
    before = snapshot(db)
    moved = [
        ["A栋", "1F", "199", "10", "", "", "1", "/dev/ttyUSB0", "sim-prepaid-modbus", "platform"]
    ]
    with pytest.raises(SiteImportError, match="already belongs to room 101"):
        import_site(db, write_csv(tmp_path / "b.csv", moved), park="园区")
    assert snapshot(db) == before


def test_missing_required_column(db: Database, tmp_path: Path) -> None:
    with pytest.raises(SiteImportError, match="no column 'room'"):
        import_site(db, write_csv(tmp_path / "x.csv", [["A", "1F"]], header=["building", "floor"]))


def test_dry_run_writes_nothing(db: Database, tmp_path: Path) -> None:
    before = snapshot(db)
    report = import_site(db, write_csv(tmp_path / "site.csv", GOOD), park="园区", dry_run=True)
    assert report.dry_run and report.created == 5
    assert "dry run" in report.summary()
    assert snapshot(db) == before


def test_update_changes_only_what_differs(db: Database, tmp_path: Path) -> None:
    import_site(db, write_csv(tmp_path / "a.csv", GOOD), park="园区")
    changed = [list(r) for r in GOOD]
    changed[0][3] = "40.00"
    report = import_site(db, write_csv(tmp_path / "b.csv", changed), park="园区")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 4)
    with db.read() as s:
        assert str(s.scalars(select(Room.area_m2).where(Room.number == "101")).one()) == "40.00"


def test_unsupported_file_type(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "site.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(SiteImportError, match="unsupported file type"):
        import_site(db, path)


def test_a_profile_whose_file_is_invalid_says_what_is_wrong_with_the_file(
    db: Database, tmp_path: Path
) -> None:
    from drivers.profile_files import shipped_dir, user_dir

    user_dir().mkdir(parents=True)
    shipped = (shipped_dir() / "eastron-sdm120.toml").read_text(encoding="utf-8")
    typo = user_dir() / "acme-sdm.toml"
    typo.write_text(
        shipped.replace("eastron-sdm120", "acme-sdm").replace("address = 0x0000", "adres = 0"),
        encoding="utf-8",
    )
    row = ["A栋", "1F", "101", "10", "", "", "1", "/dev/ttyUSB0", "acme-sdm", "platform"]
    with pytest.raises(SiteImportError) as caught:
        import_site(db, write_csv(tmp_path / "a.csv", [row]), park="园区")
    text_ = str(caught.value)
    assert f"The meter profile acme-sdm is invalid: {typo}: quantities.voltage.adres" in text_
    assert "unknown meter profile" not in text_
