"""The site sheet (app/sitesheet): export → import changes nothing, every row's outcome and
every error by row and column before anything is written, all or nothing when written.
Both back ends (tests/money runs each test on SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select, text

from app.db import Database
from app.models import AuditEntry, Room
from app.security import Actor, PermissionDenied
from app.siteimport import SiteImportError
from app.sitesheet import EXPORT_COLUMNS, apply_sheet, export_site, preview_sheet

TABLES = ("park", "building", "floor", "room", "tenant", "account", "link", "meter")
NO_METER = dict.fromkeys(
    ("meter_address", "link", "protocol", "profile", "billing_mode", "role"), ""
)


def counts(db: Database) -> tuple[int, ...]:
    with db.read() as s:
        return tuple(s.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in TABLES)


def write_csv(path: Path, rows: list[list[str]], header: tuple[str, ...] = EXPORT_COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


def exported(db: Database, staff: dict[str, Actor], path: Path) -> list[dict[str, str]]:
    export_site(db, path, staff["auditor"])  # an auditor may read the site
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(
    park: Database, staff: dict[str, Actor], tmp_path: Path, suffix: str
) -> None:
    sheet = tmp_path / f"site.{suffix}"
    result = export_site(park, sheet, staff["operator"])
    assert result.rooms == 200 and result.meters == 200 and result.skipped_meters > 0
    if suffix == "csv":
        raw = sheet.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf" + ",".join(EXPORT_COLUMNS).encode() + b"\r\n")
        assert "星河智造产业园".encode() in raw
    else:
        book = load_workbook(sheet, read_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
        assert rows[0] == EXPORT_COLUMNS and len(rows) == 201
        dlt = [r for r in rows[1:] if r[EXPORT_COLUMNS.index("protocol")] == "dlt645"]
        assert dlt and all(len(r[EXPORT_COLUMNS.index("meter_address")]) == 12 for r in dlt)
    before = counts(park)
    preview = preview_sheet(park, sheet, staff["operator"])
    assert preview.ok, preview.issues[:3]
    assert preview.counts()["unchanged"] == 200 and len(preview.rows) == 200
    report = apply_sheet(park, sheet, staff["operator"])
    assert (report.unchanged, report.created, report.updated) == (200, 0, 0)
    assert counts(park) == before


def test_every_outcome_of_a_row(park: Database, staff: dict[str, Actor], tmp_path: Path) -> None:
    """new room / new meter / new tenant / account opened / updated / unchanged, per row,
    as the preview says and as the import then writes."""
    rows = exported(park, staff, tmp_path / "site.csv")
    first, second = dict(rows[0]), dict(rows[1])
    second["area"] = "999.25"  # updated
    second["power_limit"] = "2200"
    new = dict(first)
    new.update(room="9901", tenant="新租户 Ünïcödé 🏭", account="", meter_address="240")
    opened = dict(first)
    opened.update(room="9902", account="X0000001", **NO_METER)
    two = dict(first, meter_address="241")  # a second meter in the first row's room
    sheet = write_csv(
        tmp_path / "edit.csv",
        [[r[c] for c in EXPORT_COLUMNS] for r in (first, second, new, opened, two)],
    )
    before = counts(park)
    preview = preview_sheet(park, sheet, staff["operator"])
    assert preview.ok, preview.issues
    outcomes = {row.line: row.outcomes for row in preview.rows}
    assert outcomes == {
        2: ("unchanged",),
        3: ("updated",),
        4: ("room", "tenant", "account", "meter"),
        5: ("room", "account"),
        6: ("meter",),
    }
    assert counts(park) == before  # the preview wrote nothing
    apply_sheet(park, sheet, staff["operator"])
    after = dict(zip(TABLES, counts(park), strict=True))
    assert after["room"] == before[3] + 2 and after["tenant"] == before[4] + 1
    assert after["account"] == before[5] + 2 and after["meter"] == before[7] + 2
    again = preview_sheet(park, sheet, staff["operator"])
    assert {row.outcomes for row in again.rows} == {("unchanged",)}
    # the whole site round-trips with the new rows too: one row per meter of a room
    whole = exported(park, staff, tmp_path / "whole.csv")
    assert len(whole) == 203 and sum(r["room"] == first["room"] for r in whole) >= 2
    assert any(r["tenant"] == "新租户 Ünïcödé 🏭" for r in whole)
    round_trip = preview_sheet(park, tmp_path / "whole.csv", staff["operator"])
    assert round_trip.ok and round_trip.counts()["unchanged"] == 203
    with park.read() as s:
        room = s.scalars(select(Room).where(Room.power_limit_w == 2200)).one()
        assert (room.number, str(room.area_m2)) == (second["room"], "999.25")


def test_every_error_names_its_row_and_column_and_nothing_is_written(
    park: Database, staff: dict[str, Actor], tmp_path: Path
) -> None:
    rows = exported(park, staff, tmp_path / "site.csv")
    good = [r[c] for c in EXPORT_COLUMNS for r in [rows[0]]]

    def row(**changes: str) -> list[str]:
        cells = dict(zip(EXPORT_COLUMNS, good, strict=True))
        cells.update(changes)
        return [cells[c] for c in EXPORT_COLUMNS]

    link, taken = rows[0]["link"], rows[1]["meter_address"]
    sheet = [
        row(room="N1", meter_address="201", account=""),  # 2: fine
        row(room="N2", meter_address="201", account=""),  # 3: the same address twice
        row(room="N3", meter_address=taken, account=""),  # 4: address of another room
        row(room="N4", area="abc", account="", **NO_METER),  # 5: bad number
        row(room="N5", power_limit="1.5", account="", **NO_METER),  # 6
        row(room="N6", meter_address="300", account=""),  # 7: beyond Modbus 247
        row(room="N7", account="", tenant="", **NO_METER),  # 8: a room...
        row(room="N7", account="", tenant="", area="3", **NO_METER),  # 9: ...twice
        row(room="N8", profile="no-such-meter", meter_address="202", account=""),  # 10
        row(room="N9", protocol="dlt645", meter_address="203", account=""),  # 11
        row(room="N10", account=rows[5]["account"], **NO_METER),  # 12: another's
        row(room="", **NO_METER),  # 13: required value missing
    ]
    path = write_csv(tmp_path / "bad.csv", sheet)
    before = counts(park)
    preview = preview_sheet(park, path, staff["operator"])
    assert not preview.ok
    found = {(i.row, i.column) for i in preview.issues}
    assert found == {
        (3, "meter_address"),
        (4, "meter_address"),
        (5, "area"),
        (6, "power_limit"),
        (7, "meter_address"),
        (9, "room"),
        (10, "profile"),
        (11, "protocol"),
        (12, "account"),
        (13, "room"),
    }, [(r.line, r.outcomes, r.issues) for r in preview.rows]
    by_line = {r.line: r for r in preview.rows}
    assert by_line[2].outcomes == ("room", "meter") and by_line[3].outcomes == ("error",)
    assert link in by_line[3].errors_text() and "meter_address" in by_line[3].errors_text()
    with pytest.raises(SiteImportError) as refused:
        apply_sheet(park, path, staff["operator"])
    assert [str(i) for i in refused.value.issues] == [str(i) for i in preview.issues]
    assert counts(park) == before
    with park.read() as s:
        imports = select(func.count(AuditEntry.id)).where(AuditEntry.action == "site.import")
        assert s.scalar(imports) == 0


def test_files_that_are_not_a_usable_sheet(
    park: Database, staff: dict[str, Actor], tmp_path: Path
) -> None:
    junk = tmp_path / "photo.xlsx"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    header_only = write_csv(tmp_path / "empty.csv", [])
    blank = Workbook()
    blank.save(tmp_path / "blank.xlsx")
    no_rooms = write_csv(tmp_path / "cols.csv", [["A", "1F"]], header=("building", "floor"))
    text_file = tmp_path / "notes.txt"
    text_file.write_text("hello")
    before = counts(park)
    for path, column in (
        (junk, "-"),
        (header_only, "-"),
        (tmp_path / "blank.xlsx", "-"),
        (no_rooms, "room"),
        (text_file, "-"),
    ):
        preview = preview_sheet(park, path, staff["operator"])
        assert not preview.ok and not preview.rows, path
        assert [i.column for i in preview.file_issues] == [column], (path, preview.file_issues)
        with pytest.raises(SiteImportError):
            apply_sheet(park, path, staff["operator"])
    assert counts(park) == before


def test_roles_a_cashier_may_not_import_an_auditor_may_export(
    park: Database, staff: dict[str, Actor], tmp_path: Path
) -> None:
    sheet = tmp_path / "site.csv"
    export_site(park, sheet, staff["auditor"])
    for who in ("cashier", "auditor"):
        with pytest.raises(PermissionDenied):
            preview_sheet(park, sheet, staff[who])
        with pytest.raises(PermissionDenied):
            apply_sheet(park, sheet, staff[who])
