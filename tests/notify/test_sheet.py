"""Tenant contacts from the site sheet: the columns (English or 中文 headers), the checks
naming row and column, numbers stored normalised, a second import changing nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import delete, select

from app.db import Database
from app.models import Tenant, TenantContact
from app.services.site import import_site
from app.siteimport import SiteImportError
from app.sitesheet import EXPORT_COLUMNS, apply_sheet, export_site

from .conftest import Site

HEADER = "楼栋,楼层,房间,租户,联系人,手机,邮箱,消息通知,语言\n"


def _sheet(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "site.csv"
    path.write_text(HEADER + body, encoding="utf-8-sig")
    return path


def _contacts(db: Database) -> list[tuple[str, str, str, str, bool, bool, str]]:
    with db.read() as s:
        return [
            (t, c.name, c.phone, c.email, c.sms, c.mail, c.language)
            for t, c in s.execute(
                select(Tenant.name, TenantContact)
                .join(TenantContact, TenantContact.tenant_id == Tenant.id)
                .order_by(TenantContact.id)
            )
        ]


def test_contacts_come_in_with_the_site(db: Database, tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path,
        "A栋,1F,101,张三,,138-1234-5678,,短信,中文\n"
        "A栋,1F,102,李四公司,Li,+86 139 0000 1111,li@example.cn,sms+email,en\n"
        "A栋,1F,103,张三,,13812345678,,短信,\n"  # the same contact again: once
        "A栋,1F,104,王五,,,,,\n",  # no contact
    )
    report = import_site(db, sheet, park="园区")
    assert report.created == 4
    assert _contacts(db) == [
        ("张三", "张三", "13812345678", "", True, False, "zh_CN"),
        ("李四公司", "Li", "13900001111", "li@example.cn", True, True, "en"),
    ]
    again = import_site(db, sheet, park="园区")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert len(_contacts(db)) == 2
    changed = _sheet(tmp_path, "A栋,1F,101,张三,,138-1234-5678,zs@example.cn,短信+邮件,\n")
    assert import_site(db, changed, park="园区").updated == 1
    assert _contacts(db)[0] == ("张三", "张三", "13812345678", "zs@example.cn", True, True, "zh_CN")


def test_bad_contact_cells_name_row_and_column(db: Database, tmp_path: Path) -> None:
    sheet = _sheet(
        tmp_path,
        "A栋,1F,101,张三,,12345,,短信,\n"
        "A栋,1F,102,李四,,,li@,邮件,\n"
        "A栋,1F,103,王五,,,,短信,\n"
        "A栋,1F,104,,赵六,13812345678,,,\n"
        "A栋,1F,105,孙七,,13812345678,,sms,klingon\n",
    )
    with pytest.raises(SiteImportError) as caught:
        import_site(db, sheet, park="园区")
    found = {(i.row, i.column) for i in caught.value.issues}
    assert found == {
        (2, "mobile"),
        (3, "email"),
        (4, "notify"),
        (5, "contact"),
        (6, "language"),
    }
    assert "12345" in str(caught.value) and "not a Chinese mobile number" in str(caught.value)
    assert _contacts(db) == []


def _every_contact(db: Database) -> list[tuple[object, ...]]:
    with db.read() as s:
        return sorted(
            (t, c.name, c.phone, c.email, c.sms, c.mail, c.language, tuple(c.kinds or ()))
            for t, c in s.execute(
                select(Tenant.name, TenantContact).join(
                    TenantContact, TenantContact.tenant_id == Tenant.id
                )
            )
        )


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_contacts_survive_an_export_and_import(site: Site, tmp_path: Path, suffix: str) -> None:
    """Several contacts of one tenant (more than its rows), Chinese names, every opt-in,
    the kinds wanted and a landline without SMS: written by the export, read back by
    openpyxl / csv, and an import of the sheet into the emptied table restores them all."""
    admin = site.staff["admin"]
    with site.db.write() as s:
        tenant = s.scalars(select(Tenant).where(Tenant.name == "张三")).one()
        for stored in s.scalars(select(TenantContact)):  # as the contacts window stores them
            stored.phone = "".join(ch for ch in stored.phone if ch.isdigit())[-11:]
        for name, phone, email, sms, mail, language, kinds in (
            ("张小明", "13912345678", "", True, False, "zh_CN", ["low_balance", "cut"]),
            ("Wang Fang", "", "wf@example.cn", False, True, "en", ["bill_issued"]),
            ("门卫室", "0512-6688 1234", "", False, False, "zh_CN", []),
        ):
            c = TenantContact(tenant_id=tenant.id, name=name, phone=phone, email=email)
            c.sms, c.mail, c.language, c.kinds = sms, mail, language, kinds
            s.add(c)
    before = _every_contact(site.db)
    assert len(before) == 5
    sheet = tmp_path / f"site.{suffix}"
    export_site(site.db, sheet, admin)
    if suffix == "csv":
        with sheet.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            rows = list(reader)
            header = tuple(reader.fieldnames or ())
    else:
        book = load_workbook(sheet, read_only=True)
        values = list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
        header = tuple(str(v) for v in values[0])
        rows = [
            {k: "" if v is None else str(v) for k, v in zip(values[0], r, strict=False)}
            for r in values[1:]
        ]  # type: ignore[arg-type]
    assert header == EXPORT_COLUMNS
    rows = [{c: r.get(c, "") for c in EXPORT_COLUMNS} for r in rows]  # trailing empty cells
    cells = {r["contact"]: r for r in rows if r["contact"]}
    assert set(cells) == {"张三", "张小明", "Wang Fang", "门卫室", "Li"}
    assert (cells["张小明"]["mobile"], cells["张小明"]["notify"], cells["张小明"]["kinds"]) == (
        "13912345678", "sms", "low_balance,cut",
    )  # fmt: skip
    assert (cells["Wang Fang"]["email"], cells["Wang Fang"]["notify"]) == ("wf@example.cn", "email")
    assert cells["Wang Fang"]["language"] == "en" and cells["张三"]["notify"] == "sms+email"
    assert cells["门卫室"]["mobile"] == "0512-6688 1234" and cells["门卫室"]["notify"] == ""
    assert all(cells[n]["tenant"] == "张三" for n in ("张三", "张小明", "Wang Fang", "门卫室"))
    assert sum(1 for r in rows if r["meter_address"]) == 1  # contact rows carry no meter
    assert apply_sheet(site.db, sheet, admin).updated == 0  # read back: nothing changes
    with site.db.write() as s:
        s.execute(delete(TenantContact))
    apply_sheet(site.db, sheet, admin)
    assert _every_contact(site.db) == before
