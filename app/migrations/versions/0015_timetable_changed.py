"""time control: timetable.changed_at (when a stored timetable was last edited)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 10:30:00

Issue 17, editing a stored timetable (``schedule edit``, the Time control window's editor).
The due check needs the instant of the last edit: a meter the old timetable cut whose window
the edit closed (or whose room left the scope) is given back with a transition keyed at that
instant, once (``app.timecontrol.execute``). Nullable: a timetable never edited has none.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("timetable") as batch:
        batch.add_column(sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("timetable") as batch:
        batch.drop_column("changed_at")
