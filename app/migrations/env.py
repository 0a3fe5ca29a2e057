"""Alembic environment: runs migrations on the engine of the Database being upgraded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from alembic import context

from app.models import Base
from app.models.types import ScaledDecimal, UTCDateTime

if TYPE_CHECKING:
    from alembic.autogenerate.api import AutogenContext

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write our column types as plain SQLAlchemy types, so old migrations never break
    when the model's Python types change."""
    if type_ == "type" and isinstance(obj, ScaledDecimal):
        return "sa.BigInteger()"
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations_online() -> None:
    db = config.attributes["database"]
    with db.engine.connect() as conn:
        conn.execution_options(wattdesk_write=True)
        context.configure(
            connection=conn,
            target_metadata=target_metadata,
            render_as_batch=db.is_sqlite,
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        conn.commit()


run_migrations_online()
