"""What the field package window (现场数据包) and the laptop's banner read and do.

The window lives in ``app/ui/field_package.py`` and never touches the database itself: it
calls these functions off the GUI thread. ``preview`` is ``field merge`` without ``--accept``
that applies nothing even when there is no conflict (the window always shows the check and
the conflicts first; "Accept and merge" then calls ``merge``). ``laptop_mark`` says whether
the open database is a field package, for the main window's banner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..db import Database
from ..models import FieldPackage
from ..security import Actor, Permission, authorize
from .apply import MergeOutcome, merge_package
from .export import ExportResult, LaptopKeystore, export_package
from .merge import check, open_package, plan
from .offline import LaptopMark, laptop_mark


@dataclass(frozen=True)
class Exported:
    """An export's outcome for the window: the service's result and the file's size."""

    result: ExportResult
    size_bytes: int
    keystore: Path | None


def export(
    db: Database,
    actor: Actor,
    buildings: list[str],
    output: Path,
    laptop: LaptopKeystore | None = None,
    operators: list[str] | None = None,
) -> Exported:
    """``field export`` for the window (buildings by id or name; ``operators``: the logins
    allowed on site, None for all)."""
    result = export_package(db, actor, buildings, output, laptop=laptop, operators=operators)
    return Exported(result, output.stat().st_size, laptop.path if laptop else None)


def preview(db: Database, actor: Actor, path: Path) -> MergeOutcome:
    """Check the package (site, signature, audit chain, ledger, passwords) and list what it
    brings and its conflicts; nothing is written. ``status``: ``already`` (merged before,
    with the office's record of it in ``plan`` = None) or ``conflicts`` (the list may be
    empty: then it merges as it is)."""
    with open_package(path) as pkg:
        ident = check(db, pkg, path)
        with db.read() as office:
            authorize(office, actor, Permission.FIELD_PACKAGE)
            mine = office.get(FieldPackage, ident.package_id)
            if mine is not None and mine.merged_at is not None:
                return MergeOutcome("already", ident.package_id)
        return MergeOutcome("conflicts", ident.package_id, plan(db, pkg, ident))


def merge(db: Database, actor: Actor, path: Path) -> MergeOutcome:
    """Apply the package with its conflicts resolved as proposed (administrators)."""
    return merge_package(db, actor, path, accept=True)


def merged_record(db: Database, package_id: str) -> tuple[datetime | None, str | None]:
    """When and by whom the office merged ``package_id`` (for "already merged")."""
    with db.read() as office:
        row = office.get(FieldPackage, package_id)
        return (row.merged_at, row.merged_by) if row is not None else (None, None)


__all__ = ["Exported", "LaptopMark", "export", "laptop_mark", "merge", "merged_record", "preview"]
