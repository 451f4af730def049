"""The per-project translation cache and the batch runner that fills a project with MT candidates.

Cache key: (engine, settings, glossary version, source text) — settings and source are stored as SHA-256
hashes next to their plain values (:class:`review_app.store.schema_engines.TranslationCacheRow`). A cached
translation is never requested again, whatever happens to the candidates.

A run is planned first (:meth:`BatchRunner.plan`): segments that already carry a candidate made with the same
cache key are *done* and skipped; segments whose text is in the cache get a candidate at no cost; the rest
are sent to the engine in batches within its request limits, identical source texts only once. Each batch is
written to the cache and stored as candidates (through :meth:`ReviewService.add_candidates`) as soon as it
returns, so an interruption — quota exceeded, network down, Ctrl-C — loses at most the batch in flight, and
running the same command again finishes the rest without paying for the finished part.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from review_app.engines.base import Engine, GlossarySpec, SegmentInput, utcnow_iso
from review_app.errors import EngineError, NotFoundError
from review_app.models import Candidate
from review_app.review import ReviewService
from review_app.store.db import Database
from review_app.store.schema import CandidateRow, DocumentRow, SegmentRow, utcnow
from review_app.store.schema_engines import TranslationCacheRow

Progress = Callable[[int], None]
"""Called with the number of segments finished since the last call."""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def settings_hash(settings: Mapping[str, Any]) -> str:
    return text_hash(json.dumps(settings, sort_keys=True, ensure_ascii=False, default=str))


@dataclass(frozen=True, slots=True)
class CacheKey:
    engine: str
    settings_hash: str
    glossary_version: str
    source_hash: str

    def tag(self) -> str:
        """Compact form stored in each candidate's provenance (how a run recognises finished segments)."""
        return f"{self.engine}:{self.settings_hash[:16]}:{self.glossary_version}:{self.source_hash[:16]}"


@dataclass(slots=True)
class CachedTranslation:
    target: str
    provenance: dict[str, Any]


class TranslationCache:
    """Read and write the ``mt_cache`` table of one project."""

    def __init__(self, db: Database, project_id: int) -> None:
        self.db = db
        self.project_id = project_id

    def get_many(
        self, engine: str, s_hash: str, glossary_version: str, source_hashes: Iterable[str]
    ) -> dict[str, CachedTranslation]:
        wanted = sorted(set(source_hashes))
        out: dict[str, CachedTranslation] = {}
        with self.db.session() as s:
            for i in range(0, len(wanted), 500):  # keep IN lists short
                rows = s.execute(
                    select(TranslationCacheRow.source_hash, TranslationCacheRow.target, TranslationCacheRow.provenance)
                    .where(
                        TranslationCacheRow.project_id == self.project_id,
                        TranslationCacheRow.engine == engine,
                        TranslationCacheRow.settings_hash == s_hash,
                        TranslationCacheRow.glossary_version == glossary_version,
                        TranslationCacheRow.source_hash.in_(wanted[i : i + 500]),
                    )
                ).all()
                for h, target, prov in rows:
                    out[h] = CachedTranslation(target, dict(prov or {}))
        return out

    def put_many(
        self,
        engine: str,
        settings: Mapping[str, Any],
        glossary_version: str,
        items: Sequence[tuple[str, str, Mapping[str, Any]]],
    ) -> None:
        """Store ``(source, target, provenance)`` items; an existing key is kept (first translation wins)."""
        if not items:
            return
        s_hash = settings_hash(settings)
        now = utcnow()
        rows: list[dict[str, Any]] = [
            {
                "project_id": self.project_id,
                "engine": engine,
                "settings_hash": s_hash,
                "settings": dict(settings),
                "glossary_version": glossary_version,
                "source_hash": text_hash(src),
                "source": src,
                "target": tgt,
                "provenance": dict(prov),
                "created_at": now,
            }
            for src, tgt, prov in items
        ]
        dialect = self.db.backend
        with self.db.session() as s:
            if dialect == "postgresql":
                s.execute(postgresql.insert(TranslationCacheRow).values(rows).on_conflict_do_nothing())
            elif dialect == "sqlite":
                s.execute(sqlite.insert(TranslationCacheRow).values(rows).on_conflict_do_nothing())
            else:  # pragma: no cover - only SQLite and PostgreSQL are supported stores
                existing = self.get_many(engine, s_hash, glossary_version, [r["source_hash"] for r in rows])
                for r in rows:
                    if r["source_hash"] not in existing:
                        s.add(TranslationCacheRow(**r))

    def count(self, engine: str | None = None) -> int:
        q = select(TranslationCacheRow.id).where(TranslationCacheRow.project_id == self.project_id)
        if engine is not None:
            q = q.where(TranslationCacheRow.engine == engine)
        with self.db.session() as s:
            return len(s.execute(q).all())


@dataclass(slots=True)
class RunPlan:
    """What a run will do, computed before anything is sent (shown to the user, used by :meth:`run`)."""

    engine: str
    total: int
    done: int = 0
    """Segments that already have a candidate from this engine with the same settings/glossary/source."""
    empty: int = 0
    from_cache: list[tuple[SegmentInput, CachedTranslation]] = field(default_factory=list)
    to_translate: list[SegmentInput] = field(default_factory=list)

    @property
    def characters(self) -> int:
        """Characters that will be sent (identical texts once) — what a per-character engine bills at most."""
        return sum(len(t) for t in {s.text for s in self.to_translate})

    def summary(self) -> str:
        return (
            f"{self.total} segments: {self.done} already have a {self.engine} candidate, "
            f"{len(self.from_cache)} from the cache, {len(self.to_translate)} to translate "
            f"({self.characters:,} characters)" + (f", {self.empty} empty skipped" if self.empty else "")
        )


@dataclass(slots=True)
class RunReport:
    engine: str
    planned: int = 0
    added: int = 0
    from_cache: int = 0
    translated: int = 0
    no_candidate: int = 0
    billed_characters: int = 0
    batches: int = 0
    done_before: int = 0

    def summary(self) -> str:
        parts = [
            f"{self.engine}: {self.added} candidates added",
            f"{self.translated} translated in {self.batches} batches",
            f"{self.from_cache} from the cache",
            f"{self.done_before} already done",
            f"{self.billed_characters:,} characters billed",
        ]
        if self.no_candidate:
            parts.append(f"{self.no_candidate} without a match")
        return ", ".join(parts)


class BatchRunner:
    """Add one engine's candidates to (some of) a project's segments, batch by batch."""

    def __init__(self, service: ReviewService, engine: Engine, *, glossary: GlossarySpec | None = None) -> None:
        self.svc = service
        self.engine = engine
        self.glossary = glossary
        self.settings = {
            **engine.settings(),
            "source_lang": service.source_lang,
            "target_lang": service.target_lang,
        }
        self.s_hash = settings_hash(self.settings)
        self.glossary_version = glossary.version if glossary is not None else ""
        self.cache = TranslationCache(service.db, service.project_id)

    def key(self, text: str) -> CacheKey:
        return CacheKey(self.engine.engine_name, self.s_hash, self.glossary_version, text_hash(text))

    def _segments(self, keys: Sequence[str] | None) -> list[SegmentInput]:
        views = self.svc.list_segments()
        items = [
            SegmentInput(
                key=v.key,
                text=v.effective_source,
                previous=views[i - 1].effective_source if i > 0 else None,
                next=views[i + 1].effective_source if i + 1 < len(views) else None,
            )
            for i, v in enumerate(views)
        ]
        if keys:
            by_key = {s.key: s for s in items}
            missing = [k for k in keys if k not in by_key]
            if missing:
                raise NotFoundError(
                    f"no segment {', '.join(missing[:5])} in project {self.svc.project_name!r}; "
                    "list the ids with 'review-app segments PROJECT'"
                )
            items = [by_key[k] for k in dict.fromkeys(keys)]
        return items

    def _done_tags(self) -> set[tuple[str, str]]:
        """(segment key, cache tag) of the candidates this engine already made in this project."""
        q = (
            select(SegmentRow.key, CandidateRow.provenance)
            .join(CandidateRow, CandidateRow.segment_id == SegmentRow.id)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .where(DocumentRow.project_id == self.svc.project_id, CandidateRow.engine == self.engine.engine_name)
        )
        with self.svc.db.session() as s:
            return {(k, str((p or {}).get("cache_key"))) for k, p in s.execute(q).all()}

    def plan(self, keys: Sequence[str] | None = None, *, use_cache: bool = True) -> RunPlan:
        self.svc.require("add_candidates")
        segments = self._segments(keys)
        plan = RunPlan(engine=self.engine.engine_name, total=len(segments))
        done = self._done_tags()
        pending: list[SegmentInput] = []
        for seg in segments:
            if not seg.text.strip():
                plan.empty += 1
            elif (seg.key, self.key(seg.text).tag()) in done:
                plan.done += 1
            else:
                pending.append(seg)
        cached: dict[str, CachedTranslation] = {}
        if use_cache and self.engine.cacheable:
            cached = self.cache.get_many(
                self.engine.engine_name, self.s_hash, self.glossary_version, (text_hash(s.text) for s in pending)
            )
        for seg in pending:
            hit = cached.get(text_hash(seg.text))
            if hit is not None:
                plan.from_cache.append((seg, hit))
            else:
                plan.to_translate.append(seg)
        return plan

    def _tagged(self, cand: Candidate, seg: SegmentInput) -> Candidate:
        prov = dict(cand.provenance)
        prov["cache_key"] = self.key(seg.text).tag()
        return Candidate(engine=cand.engine, text=cand.text, provenance=prov, segment_key=seg.key)

    def run(self, plan: RunPlan, *, progress: Progress | None = None) -> RunReport:
        report = RunReport(engine=plan.engine, planned=plan.total, done_before=plan.done)
        tick = progress or (lambda _n: None)
        if plan.from_cache:
            hits: list[Candidate] = []
            for seg, hit in plan.from_cache:
                prov = dict(hit.provenance)
                prov.update(
                    {
                        "from_cache": True,
                        "billed_characters": 0,
                        "billed_characters_original": hit.provenance.get("billed_characters"),
                        "cached_at": hit.provenance.get("timestamp"),
                        "timestamp": utcnow_iso(),
                    }
                )
                hits.append(self._tagged(Candidate(self.engine.engine_name, hit.target, prov), seg))
            self.svc.add_candidates(hits)
            report.added += len(hits)
            report.from_cache += len(hits)
            tick(len(hits))
        # Identical source texts are translated once (cacheable engines only: a file import matches by id).
        groups: dict[str, list[SegmentInput]] = {}
        if self.engine.cacheable:
            for seg in plan.to_translate:
                groups.setdefault(seg.text, []).append(seg)
            unique = [segs[0] for segs in groups.values()]
        else:
            unique = list(plan.to_translate)
        finished = 0
        total = len(plan.to_translate)
        for batch in self.engine.batches(unique):
            try:
                results = self.engine.translate_segments(
                    batch, self.svc.source_lang, self.svc.target_lang, self.glossary
                )
            except EngineError as exc:
                left = total - finished
                new = type(exc)(
                    f"{exc}. Stopped after {report.added} new candidates ({finished} of {total} segments sent "
                    f"in this run); they are saved. Run the same command again to do the remaining {left}: "
                    "saved segments are not sent again."
                )
                new.report = report  # type: ignore[attr-defined]
                raise new from exc
            cache_items: list[tuple[str, str, Mapping[str, Any]]] = []
            cands: list[Candidate] = []
            for seg, cand in zip(batch, results, strict=True):
                targets = groups.get(seg.text, [seg]) if self.engine.cacheable else [seg]
                if cand is None:
                    report.no_candidate += len(targets)
                    continue
                billed = cand.provenance.get("billed_characters")
                if isinstance(billed, int):
                    report.billed_characters += billed
                if self.engine.cacheable:
                    cache_items.append((seg.text, cand.text, cand.provenance))
                for i, target_seg in enumerate(targets):
                    c = self._tagged(cand, target_seg)
                    if i > 0:  # the same text again: paid once, by the first segment
                        c.provenance = {**c.provenance, "billed_characters": 0, "duplicate_of": seg.key}
                    cands.append(c)
            self.cache.put_many(self.engine.engine_name, self.settings, self.glossary_version, cache_items)
            if cands:
                self.svc.add_candidates(cands)
            n = sum(len(groups.get(seg.text, [seg])) if self.engine.cacheable else 1 for seg in batch)
            finished += n
            report.added += len(cands)
            report.translated += len(cands)
            report.batches += 1
            tick(n)
        return report


def run_engine(
    service: ReviewService,
    engine: Engine,
    *,
    glossary: GlossarySpec | None = None,
    keys: Sequence[str] | None = None,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> RunReport:
    """Plan and run in one call (the app and tests; the CLI shows the plan in between)."""
    runner = BatchRunner(service, engine, glossary=glossary)
    return runner.run(runner.plan(keys, use_cache=use_cache), progress=progress)


__all__ = [
    "BatchRunner",
    "CacheKey",
    "RunPlan",
    "RunReport",
    "TranslationCache",
    "run_engine",
    "settings_hash",
    "text_hash",
]
