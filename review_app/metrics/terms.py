"""Term accuracy: the share of glossary concepts found in the source that a candidate renders correctly.

For every segment the *finder* lists the concepts whose source form occurs in the source text; a concept is
rendered correctly when the candidate contains one of its accepted target forms (preferred or admitted) and
none of its forbidden forms. (Terminology accuracy in the sense of the WMT 2021/2023 terminology tasks'
"exact match" term accuracy, Alam et al., 2021.)

The finder is a plain callable ``source -> Sequence[TermHit]`` so the glossary package's matcher plugs in;
:func:`mapping_finder` (a dict) and :func:`glossary_finder` (a :class:`review_app.glossary.model.Glossary`)
are provided. A concept counts once per segment, however often it occurs, and a shorter term never counts
inside an occurrence of a longer one (``上院議員と上院議員``: 上院議員 once, never 議員).

The glossary finder judges targets with the QA checks' own matcher
(:class:`review_app.glossary.matcher.TermMatcher`: word boundaries, plural and possessive endings —
"senators" renders "senator" —, case policy of do-not-translate terms), so term accuracy and the
``term-missing`` check agree. For a plain mapping, target forms match case-insensitively on word boundaries
(``DOGE`` does not match inside ``DOGEcoin``) with the same plural and possessive endings.
"""

from __future__ import annotations

import functools
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


# Plural and possessive endings a target form may take, as the glossary matcher accepts them.
_ENDINGS = r"(?:'s|’s|s'|s’|es|s|'|’)?"


@functools.lru_cache(maxsize=4096)
def target_pattern(form: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """A regex for ``form`` in a target text: word boundaries where the form starts/ends with a word char; a
    form ending in a letter may take a plural or possessive ending (``senator`` matches ``senators``)."""
    form = _nfkc(form).strip()
    left = r"(?<!\w)" if form[:1].isalnum() else ""
    ending = _ENDINGS if form[-1:].isalpha() else ""
    right = r"(?!\w)" if form[-1:].isalnum() else ""
    body = r"\s+".join(re.escape(part) for part in form.split())
    return re.compile(left + body + ending + right, 0 if case_sensitive else re.IGNORECASE)


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
        for src, needle, acc, forb in entries:  # longest first: every occurrence of a longer term is taken
            start = norm.find(needle)
            found = False
            while start != -1:
                end = start + len(needle)
                if not any(s < end and start < e for s, e in taken):
                    taken.append((start, end))
                    found = True
                start = norm.find(needle, start + 1)
            if found:
                hits.append(TermHit(src, acc, forb))
        return hits

    return find


class GlossaryFinder:
    """Term finder over a review_app :class:`~review_app.glossary.model.Glossary` with the glossary's own
    matchers on both sides: the source's concepts (leftmost-longest, so 議員 never counts inside 上院議員) and
    :meth:`judge` of a target (the QA matcher's word boundaries, plurals and possessives, case policy)."""

    def __init__(self, glossary: Any, source_lang: str = "ja", target_lang: str = "en") -> None:
        self.source = glossary.matcher(source_lang)
        self.target = glossary.matcher(target_lang)
        self.hits: dict[str, TermHit] = {}
        for concept in glossary.concepts:
            tgt_terms = list(concept.terms_in(target_lang))
            acc = tuple(t.text for t in tgt_terms if str(t.status) != "forbidden")
            if not acc:
                continue
            forb = tuple(t.text for t in tgt_terms if str(t.status) == "forbidden")
            case = any(getattr(t, "case_sensitive", False) or getattr(t, "do_not_translate", False)
                       for t in tgt_terms)
            self.hits[concept.id] = TermHit(concept.id, acc, forb, case)

    def __call__(self, source: str) -> list[TermHit]:
        out: list[TermHit] = []
        seen: set[str] = set()
        for m in self.source.find(source):
            if str(m.term.status) == "forbidden" or m.concept_id in seen or m.concept_id not in self.hits:
                continue
            seen.add(m.concept_id)
            out.append(self.hits[m.concept_id])
        return out

    def judge(self, target: str, hits: Sequence[TermHit]) -> list[tuple[bool, bool]]:
        """(an accepted form is present, a forbidden form is used) for each hit, on ``target``."""
        if not hits:
            return []
        plain, every = self.target.find_both(target)
        accepted = {m.concept_id for m in every if str(m.term.status) != "forbidden"}
        forbidden = {m.concept_id for m in plain if str(m.term.status) == "forbidden"}
        return [(h.concept in accepted, h.concept in forbidden) for h in hits]


def glossary_finder(glossary: Any, source_lang: str = "ja", target_lang: str = "en") -> TermFinder:
    """Finder over a review_app Glossary: the glossary's matchers (:class:`GlossaryFinder`)."""
    return GlossaryFinder(glossary, source_lang, target_lang)


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


def term_accuracy(sources: Iterable[str], hyps: Iterable[str], finder: TermFinder,
                  hits: Sequence[Sequence[TermHit]] | None = None) -> TermAccuracy:
    """Term accuracy of ``hyps``; ``hits`` (the finder's result per source) saves finding them again when
    several engines are judged on the same sources."""
    acc = TermAccuracy()
    judge = getattr(finder, "judge", None)
    for i, (src, hyp) in enumerate(zip(sources, hyps, strict=True)):
        found = finder(src) if hits is None else hits[i]
        if not found:
            continue
        if judge is not None:
            verdicts = judge(hyp, found)
        else:
            verdicts = [(any(contains(hyp, f, h.case_sensitive) for f in h.accepted),
                         any(contains(hyp, f, h.case_sensitive) for f in h.forbidden)) for h in found]
        for hit, (ok, bad) in zip(found, verdicts, strict=True):
            acc.total += 1
            if bad:
                acc.forbidden_used += 1
            if ok and not bad:
                acc.correct += 1
            else:
                acc.misses.append((i, hit.concept))
    return acc


__all__ = ["GlossaryFinder", "TermAccuracy", "TermFinder", "TermHit", "contains", "glossary_finder", "mapping_finder",
           "term_accuracy"]
