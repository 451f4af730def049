"""MQM annotations: mqm_annotations.

Revision ID: 0002_mqm
Revises: 0002_engines
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_mqm"
down_revision = "0002_engines"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mqm_annotations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("span_text", sa.Text, nullable=False),
        sa.Column("category", sa.String(80), nullable=False),
        sa.Column("severity", sa.String(40), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("text_version", sa.Integer, nullable=False),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_mqm_annotations_project_id", "mqm_annotations", ["project_id"])
    op.create_index("ix_mqm_annotations_segment", "mqm_annotations", ["segment_id", "id"])


def downgrade() -> None:
    op.drop_table("mqm_annotations")
