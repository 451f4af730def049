"""Tables of the QA checks: the latest run per project, its issues, and persistent dismissals.

A dismissal is keyed by the issue's fingerprint (:meth:`review_app.checks.base.Issue.fingerprint`: unit, check,
side, message and both texts), so it survives re-runs for as long as the text it was made on is unchanged and
lapses by itself when a translator edits the segment.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from review_app.store.schema import Base, utcnow


class QaRunRow(Base):
    __tablename__ = "qa_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    user: Mapped[str] = mapped_column(String(200))
    checks: Mapped[list[str]] = mapped_column(JSON, default=list)
    units: Mapped[int] = mapped_column(Integer, default=0)
    issue_count: Mapped[int] = mapped_column(Integer, default=0)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class QaIssueRow(Base):
    __tablename__ = "qa_issues"
    __table_args__ = (Index("ix_qa_issues_run_segment", "run_id", "segment_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("qa_runs.id", ondelete="CASCADE"))
    segment_key: Mapped[str] = mapped_column(String(64))
    check_id: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(20))
    side: Mapped[str] = mapped_column(String(10))
    category: Mapped[str] = mapped_column(String(40))
    message: Mapped[str] = mapped_column(Text)
    source_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_start: Mapped[int | None] = mapped_column(Integer, nullable=True)
    target_end: Mapped[int | None] = mapped_column(Integer, nullable=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)


class QaDismissalRow(Base):
    __tablename__ = "qa_dismissals"
    __table_args__ = (UniqueConstraint("project_id", "fingerprint", name="uq_qa_dismissals_fingerprint"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    segment_key: Mapped[str] = mapped_column(String(64))
    check_id: Mapped[str] = mapped_column(String(80))
    message: Mapped[str] = mapped_column(Text)
    user: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
