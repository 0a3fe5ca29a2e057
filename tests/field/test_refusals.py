"""``field merge`` and ``field export`` refuse bad input with one sentence (English and
Chinese), exit 1 and no traceback: a missing file, a file that is not a package, an office
database, a package of another site, an unknown building, an existing output file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db import open_database
from app.demo import build_demo
from tests.clilogin import add_staff

from .conftest import refused, run_app


@pytest.mark.usefixtures("demo_park_template", "shared_keyring")
def test_bad_packages_are_refused_with_a_sentence(db_url: str, tmp_path: Path) -> None:
    add_staff(db_url)
    missing = tmp_path / "nowhere.sqlite"
    refused(run_app("field", "merge", str(missing), "--db", db_url), "There is no file")
    refused(run_app("field", "merge", str(missing), "--db", db_url, lang="zh_CN"), "没有文件")
    text = tmp_path / "notes.txt"
    text.write_text("not a database\n", encoding="utf-8")
    refused(run_app("field", "merge", str(text), "--db", db_url), "not a WattDesk field package")
    refused(
        run_app("field", "merge", str(text), "--db", db_url, lang="zh_CN"), "不是 WattDesk 现场包"
    )

    # another site: its own office database, its own export
    other = f"sqlite:///{tmp_path / 'other-office.sqlite'}"
    other_db = open_database(other)
    try:
        build_demo(other_db, rooms=12, opening_balances=False)
    finally:
        other_db.dispose()
    add_staff(other)
    refused(run_app("field", "merge", str(tmp_path / "other-office.sqlite"), "--db", db_url),
            "not a WattDesk field package")  # fmt: skip
    foreign = tmp_path / "foreign.sqlite"
    made = run_app(
        "field", "export", "--building", "1号厂房", "--output", str(foreign), "--db", other
    )
    assert made.returncode == 0, made.stderr
    refused(run_app("field", "merge", str(foreign), "--db", db_url), "another site")
    refused(run_app("field", "merge", str(foreign), "--db", db_url, lang="zh_CN"), "其他站点")

    refused(
        run_app("field", "export", "--building", "无此楼", "--output", str(tmp_path / "x.sqlite"),
                "--db", db_url),
        "no building named",
    )  # fmt: skip
    refused(
        run_app("field", "export", "--building", "1号厂房", "--output", str(foreign),
                "--db", db_url),
        "exists already",
    )  # fmt: skip
    # a package is not an office: no export from it, no merge into it
    refused(run_app("field", "merge", str(foreign), "--db", str(foreign)), "is a field package")
