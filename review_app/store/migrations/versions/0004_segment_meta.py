"""Segment metadata: segments.meta (document id, domain… of segments imported from WMT test sets).

Revision ID: 0004_segment_meta
Revises: 0003_readers_notes
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_segment_meta"
down_revision = "0003_readers_notes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("segments", sa.Column("meta", sa.JSON, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("segments") as batch:
        batch.drop_column("meta")
