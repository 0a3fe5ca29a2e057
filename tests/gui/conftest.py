"""GUI fixtures: settings isolated per test, a demo database, translations on demand."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path, qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    QCoreApplication.setOrganizationName("WattDeskTest")
    QCoreApplication.setApplicationName("WattDeskTest")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings")
    )
    yield


@pytest.fixture
def demo_db(db):  # type: ignore[no-untyped-def]
    from app.demo import build_demo

    build_demo(db, rooms=300)
    return db
