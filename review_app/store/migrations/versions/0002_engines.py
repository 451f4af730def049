"""MT engines: the per-project translation cache (mt_cache).

Revision ID: 0002_engines
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_engines"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mt_cache",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("engine", sa.String(200), nullable=False),
        sa.Column("settings_hash", sa.String(64), nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("glossary_version", sa.String(200), nullable=False),
        sa.Column("source_hash", sa.String(64), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("provenance", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "project_id", "engine", "settings_hash", "glossary_version", "source_hash", name="uq_mt_cache_key"
        ),
    )
    op.create_index("ix_mt_cache_project_id", "mt_cache", ["project_id"])


def downgrade() -> None:
    op.drop_index("ix_mt_cache_project_id", table_name="mt_cache")
    op.drop_table("mt_cache")
