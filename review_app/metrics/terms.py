"""Term accuracy: the share of glossary concepts found in the source that a candidate renders correctly.

For every segment the *finder* lists the concepts whose source form occurs in the source text; a concept is
rendered correctly when the candidate contains one of its accepted target forms (preferred or admitted) and
none of its forbidden forms. (Terminology accuracy in the sense of the WMT 2021/2023 terminology tasks'
"exact match" term accuracy, Alam et al., 2021.)

The finder is a plain callable ``source -> Sequence[TermHit]`` so the glossary package's matcher plugs in;
:func:`mapping_finder` (a dict) and :func:`glossary_finder` (a :class:`review_app.glossary.model.Glossary`,
duck-typed) are provided. Target forms match case-insensitively on word boundaries for Latin text (``DOGE``
does not match inside ``DOGEcoin``) unless the term is marked case-sensitive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class TermHit:
    concept: str
    accepted: tuple[str, ...]
    forbidden: tuple[str, ...] = ()
    case_sensitive: bool = False


TermFinder = Callable[[str], Sequence[TermHit]]


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def target_pattern(form: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """A regex for ``form`` in a target text: word boundaries where the form starts/ends with a word char."""
    form = _nfkc(form).strip()
    left = r"(?<!\w)" if form[:1].isalnum() else ""
    right = r"(?!\w)" if form[-1:].isalnum() else ""
    body = r"\s+".join(re.escape(part) for part in form.split())
    return re.compile(left + body + right, 0 if case_sensitive else re.IGNORECASE)


def contains(target: str, form: str, case_sensitive: bool = False) -> bool:
    return bool(form.strip()) and target_pattern(form, case_sensitive).search(_nfkc(target)) is not None


def mapping_finder(
    accepted: Mapping[str, str | Sequence[str]], forbidden: Mapping[str, Sequence[str]] | None = None
) -> TermFinder:
    """Finder over a ``source form → accepted target form(s)`` mapping (the concept id is the source form)."""
    entries = [
        (src, _nfkc(src), (tgt,) if isinstance(tgt, str) else tuple(tgt), tuple((forbidden or {}).get(src, ())))
        for src, tgt in accepted.items()
        if src.strip()
    ]
    entries.sort(key=lambda e: len(e[1]), reverse=True)

    def find(source: str) -> list[TermHit]:
        norm = _nfkc(source)
        taken: list[tuple[int, int]] = []
        hits: list[TermHit] = []
        for src, needle, acc, forb in entries:
            start = norm.find(needle)
            while start != -1:
                end = start + len(needle)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    hits.append(TermHit(src, acc, forb))
                    break
                start = norm.find(needle, start + 1)
        return hits

    return find


def glossary_finder(glossary: Any, source_lang: str = "ja", target_lang: str = "en") -> TermFinder:
    """Finder over a review_app Glossary: every non-forbidden source term points at its concept."""
    accepted: dict[str, tuple[str, ...]] = {}
    forbidden: dict[str, tuple[str, ...]] = {}
    concept_of: dict[str, str] = {}
    case: dict[str, bool] = {}
    for concept in glossary.concepts:
        tgt_terms = list(concept.terms_in(target_lang))
        acc = tuple(t.text for t in tgt_terms if str(t.status) != "forbidden")
        forb = tuple(t.text for t in tgt_terms if str(t.status) == "forbidden")
        if not acc:
            continue
        for term in concept.terms_in(source_lang):
            if str(term.status) == "forbidden":
                continue
            accepted[term.text] = acc
            forbidden[term.text] = forb
            concept_of[term.text] = concept.id
            case[term.text] = any(getattr(t, "case_sensitive", False) or getattr(t, "do_not_translate", False)
                                  for t in tgt_terms)
    base = mapping_finder(accepted, forbidden)

    def find(source: str) -> list[TermHit]:
        seen: set[str] = set()
        out = []
        for h in base(source):
            cid = concept_of[h.concept]
            if cid in seen:
                continue
            seen.add(cid)
            out.append(TermHit(cid, h.accepted, h.forbidden, case[h.concept]))
        return out

    return find


@dataclass(slots=True)
class TermAccuracy:
    correct: int = 0
    total: int = 0
    forbidden_used: int = 0
    misses: list[tuple[int, str]] = field(default_factory=list)
    """(segment position, concept) of every concept not rendered correctly."""

    @property
    def rate(self) -> float | None:
        return None if self.total == 0 else self.correct / self.total

    def as_json(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "forbidden_used": self.forbidden_used,
                "accuracy": None if self.rate is None else round(self.rate, 4)}


def term_accuracy(sources: Iterable[str], hyps: Iterable[str], finder: TermFinder) -> TermAccuracy:
    acc = TermAccuracy()
    for i, (src, hyp) in enumerate(zip(sources, hyps, strict=True)):
        for hit in finder(src):
            acc.total += 1
            bad = any(contains(hyp, f, hit.case_sensitive) for f in hit.forbidden)
            ok = any(contains(hyp, f, hit.case_sensitive) for f in hit.accepted)
            if bad:
                acc.forbidden_used += 1
            if ok and not bad:
                acc.correct += 1
            else:
                acc.misses.append((i, hit.concept))
    return acc


__all__ = ["TermAccuracy", "TermFinder", "TermHit", "contains", "glossary_finder", "mapping_finder",
           "term_accuracy"]
