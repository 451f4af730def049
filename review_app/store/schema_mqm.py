"""Table of MQM error annotations (Multidimensional Quality Metrics, https://themqm.org).

One row is one error a reviewer marked on a segment: the side and character span (``[start, end)`` in the
text as it was when annotated, which is copied into ``span_text``), the MQM category path
(``accuracy/mistranslation``), the severity and a note. Adding or deleting an annotation also appends a
``revisions`` row (field ``mqm``) in the same transaction, so the history says who marked what.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from review_app.store.schema import Base, utcnow


class MqmAnnotationRow(Base):
    __tablename__ = "mqm_annotations"
    __table_args__ = (Index("ix_mqm_annotations_segment", "segment_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    side: Mapped[str] = mapped_column(String(10))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    span_text: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(80))
    severity: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    text_version: Mapped[int] = mapped_column(Integer)
    user: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
