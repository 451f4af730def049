"""Candidates imported from a bilingual file: XLIFF 1.2/2.0, TMX, CSV/XLSX (whatever
:func:`review_app.formats.read_bilingual` reads), or from a plain English translation (``.txt``/``.md``)
aligned to the project's Japanese document with :func:`review_app.align.align`.

Units are matched to the project's segments by id first (a file exported by review_app carries the segment
ids), then by source text (NFKC-normalised, whitespace collapsed — files from other tools have their own ids).
Repeated source sentences take the file's units in order. Units without a target give no candidate.

Every candidate says where it came from: the file name and SHA-256, the unit id and how it was matched, plus
the provenance the user supplies. Prepared drafts (written by a person or another tool outside review_app)
must say so honestly, e.g. ``{"kind": "prepared-draft", "by": "…", "how": "…"}`` — the CLI refuses an import
without a ``kind``.

Plain English text (``.txt``, ``.md``, ``.text``, ``.markdown``)
    The text is aligned to the Japanese document (Gale & Church length model, number/date/Latin anchors; the
    multilingual-e5 embeddings only with ``embeddings=True``, off by default because they cost seconds and
    the reference aligns as well without them). The document is the one given as ``document=`` (the
    project's, with its block structure — ``review-app align --project`` passes it); without one, the
    segments the runner hands over are aligned as one block. Links become candidates:

    ========  =====================================================================================
    link      candidate
    ========  =====================================================================================
    1-1       the English sentence
    1-2       both English sentences joined with a space
    2-1       the English sentence goes to the *first* Japanese segment; the second gets no candidate
              (the English cannot be split honestly; a reviewer sees the merge in the provenance)
    1-0       none (the translation left the sentence out)
    0-1       none (English with no Japanese counterpart; counted in the summary)
    ========  =====================================================================================

    Every candidate's provenance has ``matched_by: "alignment"``, ``link_type``, ``link_score``, the English
    sentence indexes and, for 2-1 links, ``merged_with`` (the other Japanese segment's key).
    :attr:`FileEngine.alignment_summary` holds the aligner's summary (scorers used, link counts).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from review_app.engines.base import Engine, EngineOption, GlossarySpec, SegmentInput, utcnow_iso
from review_app.errors import InputError
from review_app.models import Block, BlockKind, Candidate, Document, Segment

TEXT_EXTENSIONS = frozenset({".txt", ".text", ".md", ".markdown"})

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Matching key for source texts: NFKC (full-width ASCII, half-width kana) and collapsed whitespace."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


class FileEngine(Engine):
    name = "file"
    label = "import a bilingual file"
    description = "translations from a bilingual file (XLIFF, TMX, CSV, XLSX) or an English text to align"
    options = (
        EngineOption("file_path", "XLIFF/TMX/CSV/XLSX with translations.", label="Bilingual file", kind="file",
                     required=True, flag="--file"),
        EngineOption("name", "Engine name to store the candidates under.", label="Store candidates as (engine name)",
                     placeholder="draft-fluent"),
        EngineOption("provenance", "JSON object describing the translations, or @FILE.json.", kind="provenance",
                     required=True),
        EngineOption("match", "Match units to segments by id, by source text, or id then source.",
                     label="Match units to segments", kind="choice", choices=("auto", "id", "source"), default="auto"),
    )
    uses_glossary = False
    action = "Import candidates"
    sends_data_to_third_party = False
    cacheable = False
    max_batch_texts = 500
    max_batch_bytes = 10**9

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> FileEngine:
        v = cls.option_values(settings)
        return cls(v["file_path"], engine_name=v["name"], provenance=v["provenance"], match=v["match"])

    def __init__(
        self,
        path: str | Path,
        *,
        engine_name: str | None = None,
        provenance: Mapping[str, Any] | None = None,
        match: str = "auto",
        document: Document | None = None,
        embeddings: bool = False,
    ) -> None:
        if match not in ("auto", "id", "source"):
            raise InputError(f"--match must be auto, id or source, not {match!r}")
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError(
                f"{self.path}: no such file; give an XLIFF, TMX, CSV or XLSX file of translations, "
                "or an English text (.txt/.md) to align"
            )
        self._name = engine_name or self.name
        self.user_provenance = dict(provenance or {})
        self.match = match
        self.sha256 = hashlib.sha256(self.path.read_bytes()).hexdigest()
        self._units: list[Any] | None = None
        self._langs: tuple[str | None, str | None] = (None, None)
        self.is_text = self.path.suffix.lower() in TEXT_EXTENSIONS
        self.document = document
        self.embeddings = embeddings
        self.alignment: Any = None
        """The :class:`review_app.align.Alignment` of a text import, once made."""
        self._aligned: dict[str, tuple[str, dict[str, Any]]] | None = None

    @property
    def engine_name(self) -> str:
        return self._name

    def settings(self) -> dict[str, Any]:
        if self.is_text:
            return {"file": self.path.name, "sha256": self.sha256[:16], "match": "alignment",
                    "embeddings": self.embeddings}
        return {"file": self.path.name, "sha256": self.sha256[:16], "match": self.match}

    def batches(self, items: Sequence[SegmentInput]) -> Iterator[list[SegmentInput]]:
        if self.is_text:  # the whole document must reach the aligner at once
            if items:
                yield list(items)
            return
        yield from super().batches(items)

    @property
    def alignment_summary(self) -> dict[str, Any]:
        """The aligner's summary of a text import (scorers, link counts), ``{}`` before aligning."""
        return dict(self.alignment.summary) if self.alignment is not None else {}

    def _align(self, segments: Sequence[SegmentInput], source_lang: str, target_lang: str) -> None:
        from review_app.align import align
        from review_app.textio import read_text

        if source_lang.partition("-")[0].lower() != "ja" or target_lang.partition("-")[0].lower() != "en":
            raise InputError(
                f"{self.path}: aligning a plain-text translation needs a Japanese→English project "
                f"(this one is {source_lang}→{target_lang}); import a bilingual file instead"
            )
        text = read_text(self.path)
        if not text.strip():
            raise InputError(f"{self.path}: the English translation is empty")
        doc = self.document
        if doc is None:  # no block structure known: the segments as one block, in order
            segs = [Segment(key=s.key, text=s.text, gap_after="", index=i) for i, s in enumerate(segments)]
            doc = Document(blocks=[Block(kind=BlockKind.PARAGRAPH, segments=segs)])
        self.alignment = result = align(
            doc, text, embeddings=self.embeddings, ja_name="the project's source", en_name=str(self.path)
        )
        aligned: dict[str, tuple[str, dict[str, Any]]] = {}
        for link in result.links:
            if not link.ja or not link.en:
                continue
            english = " ".join(result.en_sentences[i] for i in link.en)
            info: dict[str, Any] = {
                "link_type": link.kind,
                "link_score": link.score,
                "en_sentences": list(link.en),
            }
            if len(link.ja) > 1:
                info["merged_with"] = list(link.ja[1:])
            aligned[link.ja[0]] = (english, info)  # 2-1: the first segment only (module docstring)
        self._aligned = aligned

    def _translate_text(
        self, segments: Sequence[SegmentInput], source_lang: str, target_lang: str
    ) -> list[Candidate | None]:
        if self._aligned is None:
            self._align(segments, source_lang, target_lang)
        assert self._aligned is not None
        out: list[Candidate | None] = []
        for seg in segments:
            hit = self._aligned.get(seg.key)
            if hit is None:
                out.append(None)
                continue
            english, info = hit
            prov = self._provenance(None, "alignment")
            prov.update(info)
            out.append(Candidate(engine=self.engine_name, text=english, provenance=prov, segment_key=seg.key))
        return out

    def units(self) -> list[Any]:
        if self.is_text:
            raise InputError(f"{self.path}: a plain-text translation has no units; it is aligned instead")
        if self._units is None:
            from review_app.formats import read_bilingual

            bf = read_bilingual(self.path)
            self._langs = (getattr(bf, "source_lang", None), getattr(bf, "target_lang", None))
            self._units = list(bf.units)
        return self._units

    def _check_langs(self, source_lang: str, target_lang: str) -> None:
        """Refuse a file for another language pair (an en→ja XLIFF imported into a ja→en project)."""
        for have, want, side in zip(self._langs, (source_lang, target_lang), ("source", "target"), strict=True):
            if have and want and have.split("-")[0].lower() != want.split("-")[0].lower():
                raise InputError(
                    f"{self.path}: the file's {side} language is {have}, the project's is {want}; "
                    f"import a {source_lang}→{target_lang} file"
                )

    def _provenance(self, unit: Any, matched_by: str) -> dict[str, Any]:
        prov: dict[str, Any] = {
            "kind": "file-import",
            "engine": self.engine_name,
            "settings": self.settings(),
            "file": self.path.name,
            "file_sha256": self.sha256,
            "unit_id": str(unit.id) if unit is not None else None,
            "matched_by": matched_by,
            "billed_characters": 0,
            "glossary": None,
        }
        prov.update(self.user_provenance)
        prov["timestamp"] = utcnow_iso()
        return prov

    def translate_segments(self, segments: Sequence[SegmentInput], source_lang: str, target_lang: str,
                           glossary: GlossarySpec | None = None) -> list[Candidate | None]:
        if self.is_text:
            return self._translate_text(segments, source_lang, target_lang)
        units = [u for u in self.units() if u.target is not None and str(u.target).strip()]
        self._check_langs(source_lang, target_lang)
        by_id = {str(u.id): u for u in units} if self.match in ("auto", "id") else {}
        by_source: dict[str, deque[Any]] = {}
        if self.match in ("auto", "source"):
            for u in units:
                by_source.setdefault(normalise(str(u.source)), deque()).append(u)
        out: list[Candidate | None] = []
        for seg in segments:
            unit, how = by_id.get(seg.key), "id"
            if unit is not None and self.match == "auto" and normalise(str(unit.source)) != normalise(seg.text):
                unit = None  # same id, different sentence: the file is from another project
            if unit is None:
                queue = by_source.get(normalise(seg.text))
                if queue:  # repeated sentences take the units in order; extra repeats reuse the last one
                    unit, how = (queue.popleft() if len(queue) > 1 else queue[0]), "source"
            if unit is None:
                out.append(None)
                continue
            out.append(
                Candidate(
                    engine=self.engine_name,
                    text=str(unit.target),
                    provenance=self._provenance(unit, how),
                    segment_key=seg.key,
                )
            )
        return out

    def _translate(
        self, texts: list[str], source_lang: str, target_lang: str, glossary: GlossarySpec | None
    ) -> list[tuple[str, int | None, dict[str, Any]]]:
        segs = [SegmentInput(key=f"\x00{i}", text=t) for i, t in enumerate(texts)]
        out: list[tuple[str, int | None, dict[str, Any]]] = []
        for text, cand in zip(texts, self.translate_segments(segs, source_lang, target_lang, glossary), strict=True):
            if cand is None:
                raise InputError(f"{self.path}: no unit with a target for the source text {text[:60]!r}")
            out.append((cand.text, 0, cand.provenance))
        return out


__all__ = ["FileEngine", "normalise"]
