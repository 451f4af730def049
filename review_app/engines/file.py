"""Candidates imported from a bilingual file: XLIFF 1.2/2.0, TMX, CSV/XLSX (whatever
:func:`review_app.formats.read_bilingual` reads).

Units are matched to the project's segments by id first (a file exported by review_app carries the segment
ids), then by source text (NFKC-normalised, whitespace collapsed — files from other tools have their own ids).
Repeated source sentences take the file's units in order. Units without a target give no candidate.

Every candidate says where it came from: the file name and SHA-256, the unit id and how it was matched, plus
the provenance the user supplies. Prepared drafts (written by a person or another tool outside review_app)
must say so honestly, e.g. ``{"kind": "prepared-draft", "by": "…", "how": "…"}`` — the CLI refuses an import
without a ``kind``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from review_app.engines.base import Engine, GlossarySpec, SegmentInput, utcnow_iso
from review_app.errors import InputError
from review_app.models import Candidate

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Matching key for source texts: NFKC (full-width ASCII, half-width kana) and collapsed whitespace."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


class FileEngine(Engine):
    name = "file"
    sends_data_to_third_party = False
    cacheable = False
    max_batch_texts = 500
    max_batch_bytes = 10**9

    def __init__(
        self,
        path: str | Path,
        *,
        engine_name: str | None = None,
        provenance: Mapping[str, Any] | None = None,
        match: str = "auto",
    ) -> None:
        if match not in ("auto", "id", "source"):
            raise InputError(f"--match must be auto, id or source, not {match!r}")
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError(f"{self.path}: no such file; give an XLIFF, TMX, CSV or XLSX file of translations")
        self._name = engine_name or self.name
        self.user_provenance = dict(provenance or {})
        self.match = match
        self.sha256 = hashlib.sha256(self.path.read_bytes()).hexdigest()
        self._units: list[Any] | None = None
        self._langs: tuple[str | None, str | None] = (None, None)

    @property
    def engine_name(self) -> str:
        return self._name

    def settings(self) -> dict[str, Any]:
        return {"file": self.path.name, "sha256": self.sha256[:16], "match": self.match}

    def units(self) -> list[Any]:
        if self._units is None:
            try:
                from review_app.formats import read_bilingual
            except ImportError as exc:  # pragma: no cover - the formats package ships with review_app
                raise InputError("reading bilingual files needs review_app.formats, which is missing") from exc
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
            "unit_id": str(unit.id),
            "matched_by": matched_by,
            "billed_characters": 0,
            "glossary": None,
        }
        prov.update(self.user_provenance)
        prov["timestamp"] = utcnow_iso()
        return prov

    def translate_segments(
        self,
        segments: Sequence[SegmentInput],
        source_lang: str,
        target_lang: str,
        glossary: GlossarySpec | None = None,
    ) -> list[Candidate | None]:
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
