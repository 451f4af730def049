"""The glossary model: concepts with per-language terms (after ISO 30042 TBX, concept-oriented terminology).

A :class:`Glossary` is an ordered list of :class:`Concept` objects. A concept has an id, a type (person,
organisation, place, …), a definition and a note, and per language a list of :class:`Term` objects. Each term
has a status taken from TBX ``administrativeStatus``:

=============  ===================================  ===============================================
status         TBX picklist value                   meaning for review
=============  ===================================  ===============================================
preferred      ``preferredTerm-admn-sts``           the rendering to use
admitted       ``admittedTerm-admn-sts``            acceptable (short forms, honorific compounds)
forbidden      ``deprecatedTerm-admn-sts``          must not be used (``supersededTerm-admn-sts`` is
                                                    read as forbidden too)
=============  ===================================  ===============================================

Flags that TBX-Basic has no data category for (case sensitivity, do-not-translate, first-mention expansion,
non-canonical source variant, single-rendering concepts, concept type) are kept in ``<note>`` elements with a
``review_app:`` prefix when written to TBX, so that files stay valid TBX-Basic and round-trip losslessly.

Every number computed with a glossary can cite :attr:`Glossary.signature`, e.g.
``glossary:musk-trump|version:1.0|concepts:92|terms:412|sha256:3f2a…`` (the hash covers the content, not the
file format, so the TBX and CSV forms of one glossary share it).
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any


class ConceptType(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    EVENT = "event"
    LAW = "law"
    """A law or a bill."""
    TITLE = "title"
    """An office or title (President, Press Secretary)."""
    SLOGAN = "slogan"
    MEDIA = "media"
    """A news outlet, platform or publication."""
    OTHER = "other"

    @classmethod
    def parse(cls, value: str) -> ConceptType:
        v = value.strip().lower().replace("_", "-")
        aliases = {"organization": "organisation", "org": "organisation", "bill": "law", "law/bill": "law",
                   "outlet": "media", "": "other"}
        v = aliases.get(v, v)
        try:
            return cls(v)
        except ValueError:
            known = ", ".join(m.value for m in cls)
            raise ValueError(f"unknown concept type {value!r}; use one of: {known}") from None


class TermStatus(enum.StrEnum):
    PREFERRED = "preferred"
    ADMITTED = "admitted"
    FORBIDDEN = "forbidden"

    @property
    def tbx(self) -> str:
        return _STATUS_TO_TBX[self]

    @classmethod
    def parse(cls, value: str) -> TermStatus:
        """Accept our names and the TBX picklist values (``deprecatedTerm-admn-sts``, ``supersededTerm…``)."""
        v = value.strip()
        if v in _TBX_TO_STATUS:
            return _TBX_TO_STATUS[v]
        low = v.lower()
        aliases = {"": "admitted", "deprecated": "forbidden", "superseded": "forbidden", "allowed": "admitted",
                   "preferred": "preferred", "admitted": "admitted", "forbidden": "forbidden"}
        if low in aliases:
            return cls(aliases[low])
        raise ValueError(f"unknown term status {value!r}; use preferred, admitted or forbidden "
                         "(or a TBX administrativeStatus value such as preferredTerm-admn-sts)")


_STATUS_TO_TBX = {
    TermStatus.PREFERRED: "preferredTerm-admn-sts",
    TermStatus.ADMITTED: "admittedTerm-admn-sts",
    TermStatus.FORBIDDEN: "deprecatedTerm-admn-sts",
}
_TBX_TO_STATUS = {
    "preferredTerm-admn-sts": TermStatus.PREFERRED,
    "admittedTerm-admn-sts": TermStatus.ADMITTED,
    "deprecatedTerm-admn-sts": TermStatus.FORBIDDEN,
    "supersededTerm-admn-sts": TermStatus.FORBIDDEN,
    # TBX 2008 short forms seen in the wild
    "preferredTerm": TermStatus.PREFERRED,
    "admittedTerm": TermStatus.ADMITTED,
    "deprecatedTerm": TermStatus.FORBIDDEN,
    "supersededTerm": TermStatus.FORBIDDEN,
}


@functools.lru_cache(maxsize=256)
def norm_lang(lang: str) -> str:
    """``EN-us`` → ``en-US``; ``ja`` stays ``ja`` (BCP 47 case conventions, enough for matching; memoised:
    a glossary repeats a handful of codes on every term)."""
    parts = lang.strip().replace("_", "-").split("-")
    if not parts or not parts[0]:
        raise ValueError("empty language code")
    out = [parts[0].lower()]
    for p in parts[1:]:
        out.append(p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p.lower())
    return "-".join(out)


_XML_ILLEGAL = {c: None for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)} | {0xFFFE: None, 0xFFFF: None}


_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_line(text: str) -> str:
    """One-line text: characters XML 1.0 cannot hold removed, whitespace runs collapsed, stripped."""
    if _XML_ILLEGAL_RE.search(text):  # (str.translate walks non-ASCII text in Python-level lookups: only when needed)
        text = text.translate(_XML_ILLEGAL)
    return " ".join(text.split())


def clean_lines(text: str) -> str:
    """Multi-line text (notes): each line cleaned, empty lines dropped."""
    lines = (clean_line(line) for line in text.translate(_XML_ILLEGAL).splitlines())
    return "\n".join(line for line in lines if line)


def base_lang(lang: str) -> str:
    return lang.split("-", 1)[0].lower()


@dataclass(frozen=True, slots=True)
class Term:
    text: str
    lang: str
    status: TermStatus = TermStatus.ADMITTED
    case_sensitive: bool = False
    """Match only with this exact capitalisation (names such as "Butler" that are also common words)."""
    do_not_translate: bool = False
    """The form must appear verbatim in the target (DOGE, MAGA). Implies case-sensitive matching."""
    first_mention: str | None = None
    """Expanded form required the first time the concept appears in a document, e.g.
    "Department of Government Efficiency (DOGE)"; later mentions may use ``text``."""
    non_canonical: bool = False
    """An admitted source variant that reviewers should be told about (the canonical form is reported)."""
    part_of_speech: str | None = None
    term_type: str | None = None
    """TBX termType: fullForm, acronym, abbreviation, shortForm, variant, phrase…"""
    note: str = ""
    context: str = ""

    def __post_init__(self) -> None:
        text = clean_line(self.text)
        if not text:
            raise ValueError("a term needs text")
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "lang", norm_lang(self.lang))
        object.__setattr__(self, "note", clean_lines(self.note))
        object.__setattr__(self, "context", clean_line(self.context))
        for name in ("first_mention", "part_of_speech", "term_type"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, clean_line(value) or None)

    @property
    def matches_case_sensitively(self) -> bool:
        return self.case_sensitive or self.do_not_translate

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "lang": self.lang, "status": self.status.value,
            "case_sensitive": self.case_sensitive, "do_not_translate": self.do_not_translate,
            "first_mention": self.first_mention, "non_canonical": self.non_canonical,
            "part_of_speech": self.part_of_speech, "term_type": self.term_type,
            "note": self.note, "context": self.context,
        }


@dataclass(frozen=True, slots=True)
class Concept:
    id: str
    type: ConceptType = ConceptType.OTHER
    terms: tuple[Term, ...] = ()
    definition: str = ""
    note: str = ""
    subject: str = ""
    """TBX subjectField (domain), kept when read from other tools."""
    single_rendering: bool = False
    """Across one document the concept must be rendered with one target term (term-inconsistent)."""

    def __post_init__(self) -> None:
        cid = clean_line(self.id)
        if not cid or " " in cid:
            raise ValueError(f"concept id {self.id!r} must be non-empty and without spaces")
        object.__setattr__(self, "id", cid)
        object.__setattr__(self, "terms", tuple(self.terms))
        object.__setattr__(self, "definition", clean_line(self.definition))
        object.__setattr__(self, "subject", clean_line(self.subject))
        object.__setattr__(self, "note", clean_lines(self.note))

    @property
    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for t in self.terms:
            seen.setdefault(t.lang, None)
        return list(seen)

    def terms_in(self, lang: str, *statuses: TermStatus) -> list[Term]:
        """Terms of ``lang`` (``en`` also matches ``en-US``), optionally only with these statuses."""
        want = base_lang(lang)
        exact = norm_lang(lang)
        out = []
        for t in self.terms:
            if t.lang != exact and (("-" in exact) or base_lang(t.lang) != want):
                continue
            if statuses and t.status not in statuses:
                continue
            out.append(t)
        return out

    def preferred(self, lang: str) -> Term | None:
        """The preferred term of ``lang``, else the first admitted one."""
        for status in (TermStatus.PREFERRED, TermStatus.ADMITTED):
            found = self.terms_in(lang, status)
            if found:
                return found[0]
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "type": self.type.value, "definition": self.definition, "note": self.note,
            "subject": self.subject, "single_rendering": self.single_rendering,
            "terms": [t.as_dict() for t in self.terms],
        }


@dataclass(frozen=True, slots=True)
class Glossary:
    concepts: tuple[Concept, ...] = ()
    name: str = ""
    version: str = ""
    source_lang: str = "ja"
    target_lang: str = "en"
    description: str = ""
    _index: dict[str, Concept] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)
    _matchers: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "concepts", tuple(self.concepts))
        for name in ("name", "version", "description"):
            object.__setattr__(self, name, clean_line(getattr(self, name)))
        object.__setattr__(self, "source_lang", norm_lang(self.source_lang))
        object.__setattr__(self, "target_lang", norm_lang(self.target_lang))
        index: dict[str, Concept] = {}
        for c in self.concepts:
            if c.id in index:
                raise ValueError(f"duplicate concept id {c.id!r}")
            index[c.id] = c
        object.__setattr__(self, "_index", index)

    def __len__(self) -> int:
        return len(self.concepts)

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._index

    def get(self, concept_id: str) -> Concept:
        try:
            return self._index[concept_id]
        except KeyError:
            raise KeyError(f"no concept {concept_id!r} in glossary {self.name or '(unnamed)'}") from None

    @property
    def term_count(self) -> int:
        return sum(len(c.terms) for c in self.concepts)

    @property
    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.concepts:
            for lang in c.languages:
                seen.setdefault(lang, None)
        return list(seen)

    def content_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "version": self.version, "source_lang": self.source_lang,
            "target_lang": self.target_lang, "description": self.description,
            "concepts": [c.as_dict() for c in self.concepts],
        }

    @property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON of the content (format-independent)."""
        payload = json.dumps(self.content_dict(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @property
    def signature(self) -> str:
        """Provenance string to cite next to every number computed with this glossary."""
        parts = [f"glossary:{self.name or 'unnamed'}"]
        if self.version:
            parts.append(f"version:{self.version}")
        parts += [f"concepts:{len(self.concepts)}", f"terms:{self.term_count}", f"sha256:{self.content_hash[:12]}"]
        return "|".join(parts)

    def with_concepts(self, concepts: Iterable[Concept]) -> Glossary:
        return replace(self, concepts=tuple(concepts))

    def matcher(self, lang: str, statuses: Iterable[TermStatus] | None = None) -> Any:
        """A cached :class:`review_app.glossary.matcher.TermMatcher` over this glossary's ``lang`` terms."""
        from review_app.glossary.matcher import TermMatcher

        key = (norm_lang(lang), tuple(sorted(statuses)) if statuses is not None else None)
        if key not in self._matchers:
            self._matchers[key] = TermMatcher(self, lang, statuses=statuses)
        return self._matchers[key]
