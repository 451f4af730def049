"""QA checks: qa_runs, qa_issues, qa_dismissals.

Revision ID: 0002_qa
Revises: 0002_mqm
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_qa"
down_revision = "0002_mqm"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "qa_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("checks", sa.JSON, nullable=False),
        sa.Column("units", sa.Integer, nullable=False),
        sa.Column("issue_count", sa.Integer, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
    )
    op.create_index("ix_qa_runs_project_id", "qa_runs", ["project_id"])
    op.create_table(
        "qa_issues",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("qa_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("segment_key", sa.String(64), nullable=False),
        sa.Column("check_id", sa.String(80), nullable=False),
        sa.Column("severity", sa.String(20), nullable=False),
        sa.Column("side", sa.String(10), nullable=False),
        sa.Column("category", sa.String(40), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("source_start", sa.Integer, nullable=True),
        sa.Column("source_end", sa.Integer, nullable=True),
        sa.Column("target_start", sa.Integer, nullable=True),
        sa.Column("target_end", sa.Integer, nullable=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
    )
    op.create_index("ix_qa_issues_run_segment", "qa_issues", ["run_id", "segment_key"])
    op.create_index("ix_qa_issues_fingerprint", "qa_issues", ["fingerprint"])
    op.create_table(
        "qa_dismissals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("project_id", sa.Integer, sa.ForeignKey("projects.id", ondelete="CASCADE"), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("segment_key", sa.String(64), nullable=False),
        sa.Column("check_id", sa.String(80), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.UniqueConstraint("project_id", "fingerprint", name="uq_qa_dismissals_fingerprint"),
    )
    op.create_index("ix_qa_dismissals_project_id", "qa_dismissals", ["project_id"])


def downgrade() -> None:
    op.drop_table("qa_dismissals")
    op.drop_table("qa_issues")
    op.drop_table("qa_runs")
