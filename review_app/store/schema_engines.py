"""Tables of the MT engines: the per-project translation cache.

A cache row is one paid-for translation, keyed by (project, engine, settings hash, glossary version, source
hash). The batch runner (:mod:`review_app.engines.runner`) writes each batch's rows as soon as the batch
returns, so an interrupted run loses at most one batch and re-running never pays twice. The source text is
kept next to its hash so the cache can be inspected and exported; secrets never go into ``settings``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from review_app.store.schema import Base, utcnow


class TranslationCacheRow(Base):
    __tablename__ = "mt_cache"
    __table_args__ = (
        UniqueConstraint(
            "project_id", "engine", "settings_hash", "glossary_version", "source_hash", name="uq_mt_cache_key"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    engine: Mapped[str] = mapped_column(String(200))
    settings_hash: Mapped[str] = mapped_column(String(64))
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    glossary_version: Mapped[str] = mapped_column(String(200), default="")
    source_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    provenance: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
