"""Initial schema: projects, documents, blocks, segments, targets, candidates, revisions, comments.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "projects",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("source_lang", sa.String(35), nullable=False),
        sa.Column("target_lang", sa.String(35), nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("source_path", sa.Text, nullable=True),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("bom", sa.String(4), nullable=False),
        sa.Column("trailer", sa.Text, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.UniqueConstraint("project_id", "name", name="uq_documents_project_name"),
    )
    op.create_index("ix_documents_project_id", "documents", ["project_id"])
    op.create_table(
        "blocks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("sep_before", sa.Text, nullable=False),
        sa.Column("prefix", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "idx", name="uq_blocks_document_idx"),
    )
    op.create_index("ix_blocks_document_id", "blocks", ["document_id"])
    op.create_table(
        "segments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("idx", sa.Integer, nullable=False),
        sa.Column("block_idx", sa.Integer, nullable=False),
        sa.Column("block_kind", sa.String(20), nullable=False),
        sa.Column("paragraph", sa.Integer, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("gap_after", sa.Text, nullable=False),
        sa.Column("corrected_source", sa.Text, nullable=True),
        sa.Column("source_version", sa.Integer, nullable=False),
        sa.UniqueConstraint("document_id", "key", name="uq_segments_document_key"),
    )
    op.create_index("ix_segments_document_idx", "segments", ["document_id", "idx"])
    op.create_table(
        "targets",
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_by", sa.String(200), nullable=True),
        sa.Column("updated_at", TZ, nullable=True),
    )
    op.create_index("ix_targets_status", "targets", ["status"])
    op.create_table(
        "candidates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("engine", sa.String(200), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("provenance", sa.JSON, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_candidates_segment_engine", "candidates", ["segment_id", "engine"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("field", sa.String(40), nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("version", sa.Integer, nullable=True),
    )
    op.create_index("ix_revisions_project_id", "revisions", ["project_id"])
    op.create_index("ix_revisions_segment", "revisions", ["segment_id", "id"])
    op.create_table(
        "comments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("segment_id", sa.Integer, sa.ForeignKey("segments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("comments.id", ondelete="CASCADE"), nullable=True),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_comments_segment", "comments", ["segment_id", "id"])


def downgrade() -> None:
    for table in ("comments", "revisions", "candidates", "targets", "segments", "blocks", "documents", "projects"):
        op.drop_table(table)
