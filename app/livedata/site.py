"""Reads the main window needs at start: the park tree and whether any bus is enabled.

They used to be SQL in ``app/ui/main_window.py``; here they are Qt-free, so the window
imports no SQLAlchemy and the benchmark's bare window reads the park the same way.
"""

from __future__ import annotations

from sqlalchemy import select

from app.db import Database
from app.models import Link
from app.sitetree import ParkNode, load_tree


def read_park(db: Database) -> list[ParkNode]:
    """The whole site tree (park -> building -> floor -> room) as plain data."""
    with db.read() as session:
        return load_tree(session)


def has_enabled_links(db: Database) -> bool:
    """True when the database has a bus to poll (the GUI then starts its collector)."""
    with db.read() as session:
        return session.scalar(select(Link.id).where(Link.enabled.is_(True)).limit(1)) is not None
