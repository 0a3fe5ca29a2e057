"""Tenant contacts from the site sheet: the columns (English or 中文 headers), the checks
naming row and column, numbers stored normalised, a second import changing nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from app.db import Database
from app.models import Tenant, TenantContact
from app.services.site import import_site
from app.siteimport import SiteImportError

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
