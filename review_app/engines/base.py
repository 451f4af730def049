"""The machine-translation engine contract (after Weblate's ``machinery/base.py`` and simonw/llm's models).

An engine has declarative metadata (``name``, ``sends_data_to_third_party``, request limits) and one public
method, :meth:`Engine.translate_batch`, which turns source texts into :class:`~review_app.models.Candidate`
objects that each carry their provenance: engine, model/settings, glossary id and version, timestamp and the
characters the provider billed. Failures are mapped at this boundary to the small hierarchy in
:mod:`review_app.errors` (:class:`~review_app.errors.EngineAuthError` for a bad key,
:class:`~review_app.errors.QuotaExceeded` for a used-up quota, :class:`~review_app.errors.EngineUnavailable`
for a network failure), so the runner, the CLI and the app never see an SDK's exception types.

Engines that can use more than the text (neighbouring segments as context, a segment's id) override the
hook :meth:`Engine.translate_segments`; its default calls :meth:`Engine.translate_batch`.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar

from review_app.errors import EngineError
from review_app.models import Candidate


@dataclass(frozen=True, slots=True)
class GlossarySpec:
    """A project glossary as engines need it: source term → preferred target term, plus a version.

    The glossary module builds richer concepts (admitted and forbidden forms); engines only need the
    preferred rendering of each source term. ``version`` changes whenever the entries change; it is part
    of the translation cache key and of every candidate's provenance.
    """

    entries: Mapping[str, str]
    version: str
    id: str = "project"
    """Stable name of the glossary within the project (several glossaries may exist)."""

    @classmethod
    def from_mapping(
        cls, entries: Mapping[str, str], *, version: str | None = None, id: str = "project"
    ) -> GlossarySpec:
        """Build a spec; without ``version`` the version is a hash of the (sorted) entries."""
        clean = {s.strip(): t.strip() for s, t in entries.items() if s.strip() and t.strip()}
        if version is None:
            digest = hashlib.sha256(json.dumps(sorted(clean.items()), ensure_ascii=False).encode("utf-8"))
            version = digest.hexdigest()[:12]
        return cls(entries=clean, version=version, id=id)

    @property
    def content_hash(self) -> str:
        data = json.dumps(sorted(self.entries.items()), ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(data).hexdigest()[:12]

    def matching(self, text: str) -> dict[str, str]:
        """Entries whose source term occurs in ``text`` (substring match: Japanese has no word spaces).

        Longer terms win over terms they contain (``経済政策`` over ``経済``) where they overlap.
        """
        norm = unicodedata.normalize("NFKC", text)
        found: list[tuple[int, int, str]] = []
        for src in sorted(self.entries, key=len, reverse=True):
            needle = unicodedata.normalize("NFKC", src)
            start = norm.find(needle)
            while start != -1:
                end = start + len(needle)
                if not any(s < end and start < e for s, e, _ in found):
                    found.append((start, end, src))
                    break
                start = norm.find(needle, start + 1)
        found.sort()
        return {src: self.entries[src] for _, _, src in found}

    def provenance(self) -> dict[str, Any]:
        return {"id": self.id, "version": self.version, "entries": len(self.entries)}


@dataclass(frozen=True, slots=True)
class SegmentInput:
    """One segment to translate, with what context-aware engines may use."""

    key: str
    text: str
    previous: str | None = None
    """The source text of the segment before (same document), if any."""
    next: str | None = None


def utcnow_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class UsageInfo:
    """What the provider reports about the account's quota (characters in the billing period)."""

    used: int | None
    limit: int | None
    detail: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        if self.used is None:
            return "usage unknown"
        if self.limit:
            return f"{self.used:,} of {self.limit:,} characters used ({100 * self.used / self.limit:.1f}%)"
        return f"{self.used:,} characters used"


class Engine:
    """Base class of every engine. Subclasses set the class attributes and implement ``_translate``."""

    name: ClassVar[str] = ""
    """Registry name and the ``engine`` of the candidates it makes (``deepl``, ``openai``, ``file``)."""
    sends_data_to_third_party: ClassVar[bool] = True
    """Whether source text leaves this machine (shown to users before a run)."""
    max_batch_texts: ClassVar[int] = 50
    """At most this many texts per request."""
    max_batch_bytes: ClassVar[int] = 120_000
    """At most this many UTF-8 bytes of text per request (request bodies have a size limit)."""
    cacheable: ClassVar[bool] = True
    """Whether outputs go to the translation cache (a file import is free and matches by id: not cached)."""

    @property
    def engine_name(self) -> str:
        """The name candidates are stored under (a file import may choose its own)."""
        return self.name

    def settings(self) -> dict[str, Any]:
        """Everything that changes the output (model, formality, endpoint kind) — never secrets.

        Part of the cache key and of each candidate's provenance.
        """
        return {}

    def usage(self) -> UsageInfo | None:
        """The provider's quota report, if it has one."""
        return None

    # -- public contract ------------------------------------------------------------------------------
    def translate_batch(
        self,
        texts: Sequence[str],
        source_lang: str,
        target_lang: str,
        glossary: GlossarySpec | None = None,
    ) -> list[Candidate]:
        """Translate ``texts``; one candidate per text, in order, each with full provenance."""
        if not texts:
            return []
        results = self._translate(list(texts), source_lang, target_lang, glossary)
        if len(results) != len(texts):
            raise EngineError(f"{self.engine_name} returned {len(results)} translations for {len(texts)} texts")
        return [self._candidate(text, billed, extra, glossary) for text, billed, extra in results]

    def translate_segments(
        self,
        segments: Sequence[SegmentInput],
        source_lang: str,
        target_lang: str,
        glossary: GlossarySpec | None = None,
    ) -> list[Candidate | None]:
        """Hook for engines that use more than the text; ``None`` means "no candidate for this segment"."""
        cands = self.translate_batch([s.text for s in segments], source_lang, target_lang, glossary)
        out: list[Candidate | None] = []
        for seg, cand in zip(segments, cands, strict=True):
            cand.segment_key = seg.key
            out.append(cand)
        return out

    def batches(self, items: Sequence[SegmentInput]) -> Iterator[list[SegmentInput]]:
        """Split ``items`` into requests within ``max_batch_texts`` and ``max_batch_bytes``."""
        batch: list[SegmentInput] = []
        size = 0
        for item in items:
            n = len(item.text.encode("utf-8")) + 16  # JSON quoting and separators
            if batch and (len(batch) >= self.max_batch_texts or size + n > self.max_batch_bytes):
                yield batch
                batch, size = [], 0
            batch.append(item)
            size += n
        if batch:
            yield batch

    def close(self) -> None:
        """Release connections (the runner calls it at the end of a run)."""

    # -- hooks -----------------------------------------------------------------------------------------
    def _translate(
        self, texts: list[str], source_lang: str, target_lang: str, glossary: GlossarySpec | None
    ) -> list[tuple[str, int | None, dict[str, Any]]]:
        """Return ``(translation, billed characters or None, extra provenance)`` per text."""
        raise NotImplementedError

    def _candidate(
        self, text: str, billed: int | None, extra: Mapping[str, Any], glossary: GlossarySpec | None
    ) -> Candidate:
        prov: dict[str, Any] = {
            "kind": "machine-translation",
            "engine": self.engine_name,
            "settings": self.settings(),
            "glossary": glossary.provenance() if glossary is not None else None,
            "timestamp": utcnow_iso(),
            "billed_characters": billed,
        }
        prov.update(extra)
        return Candidate(engine=self.engine_name, text=text, provenance=prov)


__all__ = ["Engine", "GlossarySpec", "SegmentInput", "UsageInfo", "utcnow_iso"]
