"""Declarative base, naming convention and shared column helpers."""

from __future__ import annotations

import enum
from datetime import UTC, datetime

from sqlalchemy import Enum, MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names keep Alembic migrations reproducible on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time, timezone-aware (UTC)."""
    return datetime.now(UTC)


def str_enum(cls: type[enum.Enum], name: str) -> Enum:
    """Store an enum by its value as a plain string with a CHECK constraint.

    Values (not member names) are stored so that rows read well in SQL and in exports.
    """
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
