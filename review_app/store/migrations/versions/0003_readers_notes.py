"""Readers' notes: readers_notes (issue 17).

Revision ID: 0003_readers_notes
Revises: 0002_users
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_readers_notes"
down_revision = "0002_users"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "readers_notes",
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("source_said", sa.Text, nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_readers_notes_project_id", "readers_notes", ["project_id"])


def downgrade() -> None:
    op.drop_table("readers_notes")
