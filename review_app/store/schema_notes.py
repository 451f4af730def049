"""Table of readers' notes (:mod:`review_app.notes`): one row per segment that has (or had) a note for readers.

The row is keyed by its segment; ``version`` counts its changes for optimistic locking (removing a note keeps the
row with an empty ``text``, so the version never goes back and a stale editor is always caught). Every change also
appends ``revisions`` rows (fields ``note``, ``note_kind``, ``note_source_said``) in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from review_app.store.schema import Base


class ReadersNoteRow(Base):
    __tablename__ = "readers_notes"

    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    source_said: Mapped[str | None] = mapped_column(Text, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
