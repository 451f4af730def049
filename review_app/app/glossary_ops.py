"""Glossary operations of the app's Glossary page (no streamlit): edit, version, save, import/export, usage.

The glossary model, readers and writers are those of :mod:`review_app.glossary` (TBX-Basic, ISO 30042;
rich/DeepL CSV; XLSX). The page saves an edit through the review service,
:meth:`review_app.review.ReviewService.save_glossary`, which checks the ``glossary`` permission and then calls
:func:`review_app.glossary.versioning.save_new_version` (new version, optimistic locking with
:class:`GlossaryConflict`, atomic write). Violations are the findings of the glossary checks of
:mod:`review_app.checks.glossary` over the project's current targets.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.glossary import load_glossary, save_glossary
from review_app.glossary.model import Concept, ConceptType, Glossary, Term, TermStatus
from review_app.glossary.versioning import GlossaryConflict, bump_version, save_new_version

__all__ = ["GlossaryConflict", "bump_version"]  # re-exported: the page and its tests use them from here

GLOSSARY_CHECKS = frozenset({"term-missing", "term-forbidden", "term-source-variant", "term-inconsistent"})
FORMATS = {"tbx": ".tbx", "csv": ".csv", "xlsx": ".xlsx"}


def replace_concept(glossary: Glossary, concept: Concept, *, old_id: str | None = None) -> Glossary:
    """``glossary`` with ``concept`` in place of ``old_id`` (or of the concept with its id; appended if new)."""
    target = old_id or concept.id
    if concept.id != target and concept.id in glossary:
        raise InputError(f"concept id {concept.id!r} is already used; choose another id")
    out, replaced = [], False
    for c in glossary.concepts:
        if c.id == target:
            out.append(concept)
            replaced = True
        else:
            out.append(c)
    if not replaced:
        out.append(concept)
    return glossary.with_concepts(out)


def remove_concept(glossary: Glossary, concept_id: str) -> Glossary:
    return glossary.with_concepts(c for c in glossary.concepts if c.id != concept_id)


def make_term(text: str, lang: str, status: str, *, do_not_translate: bool = False, case_sensitive: bool = False,
              first_mention: str = "", note: str = "") -> Term:
    if not text.strip():
        raise InputError("a term needs text; clear the row's 'remove' box or type the term")
    return Term(text=text, lang=lang, status=TermStatus.parse(status), do_not_translate=do_not_translate,
                case_sensitive=case_sensitive, first_mention=first_mention.strip() or None, note=note)


def save(glossary: Glossary, path: Path, *, base_hash: str | None = None) -> Glossary:
    """File-level save *without* a permission check (tests use it to play "another user saving").

    The page saves through ``service.save_glossary`` (:meth:`review_app.review.ReviewService.save_glossary`),
    which checks the permission first; see :func:`review_app.glossary.versioning.save_new_version`.
    """
    return save_new_version(glossary, path, base_hash=base_hash)


def read_upload(data: bytes, filename: str, *, source_lang: str = "ja", target_lang: str = "en") -> Glossary:
    """Parse an uploaded TBX/CSV/XLSX file (written to a private temporary file; the name picks the reader)."""
    suffix = Path(filename).suffix.lower()
    if suffix not in (".tbx", ".xml", ".csv", ".tsv", ".xlsx"):
        raise InputError(f"{filename}: unknown glossary format; upload a .tbx, .csv, .tsv or .xlsx file")
    with tempfile.TemporaryDirectory(prefix="review-app-glossary-") as tmp:
        p = Path(tmp) / f"upload{suffix}"
        p.write_bytes(data)
        try:
            g = load_glossary(p, source_lang=source_lang, target_lang=target_lang)
        except InputError as exc:
            raise InputError(str(exc).replace(str(p), filename)) from exc
    if not g.name:
        g = replace(g, name=Path(filename).stem)
    return g


def merge(base: Glossary, incoming: Glossary, *, replace_existing: bool) -> tuple[Glossary, int, int]:
    """Concepts of ``incoming`` added to ``base`` (same id: replaced or kept). Returns (glossary, added, replaced)."""
    by_id = {c.id: c for c in base.concepts}
    added = replaced_n = 0
    order = [c.id for c in base.concepts]
    for c in incoming.concepts:
        if c.id in by_id:
            if replace_existing:
                by_id[c.id] = c
                replaced_n += 1
            continue
        by_id[c.id] = c
        order.append(c.id)
        added += 1
    return base.with_concepts(by_id[i] for i in order), added, replaced_n


def export_bytes(glossary: Glossary, fmt: str) -> bytes:
    """The glossary as a TBX, rich CSV or XLSX file."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "tbx":
        from review_app.glossary.tbx import to_tbx_bytes

        return to_tbx_bytes(glossary)
    if fmt == "csv":
        from review_app.glossary.csvio import to_csv_text

        return to_csv_text(glossary).encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="review-app-glossary-") as tmp:
        p = Path(tmp) / "glossary.xlsx"
        save_glossary(glossary, p)
        return p.read_bytes()


def concept_rows(glossary: Glossary, search: str = "", types: Sequence[str] = (), *,
                 source_lang: str = "ja", target_lang: str = "en") -> list[dict[str, Any]]:
    """One row per concept matching ``search`` (id, any term, definition, note; case-folded) and ``types``."""
    needle = search.strip().casefold()
    out = []
    for c in glossary.concepts:
        if types and c.type.value not in types:
            continue
        hay = " ".join([c.id, c.definition, c.note, *(t.text for t in c.terms),
                        *(t.first_mention or "" for t in c.terms)]).casefold()
        if needle and needle not in hay:
            continue
        src, tgt = c.preferred(source_lang), c.preferred(target_lang)
        flags = sorted({f for t in c.terms for f, on in (("do-not-translate", t.do_not_translate),
                                                          ("case-sensitive", t.case_sensitive),
                                                          ("first-mention", t.first_mention is not None)) if on})
        out.append({
            "id": c.id,
            "type": c.type.value,
            source_lang: src.text if src else "",
            target_lang: tgt.text if tgt else "",
            "forbidden": " · ".join(t.text for t in c.terms_in(target_lang, TermStatus.FORBIDDEN)),
            "terms": len(c.terms),
            "flags": ", ".join(flags),
        })
    return out


@dataclass(slots=True)
class TermUsage:
    concept: str
    term: str
    lang: str
    status: str
    segments: list[str] = field(default_factory=list)

    def as_row(self) -> dict[str, Any]:
        return {"concept": self.concept, "term": self.term, "lang": self.lang, "status": self.status,
                "segments": len(self.segments), "first": self.segments[0] if self.segments else ""}


def term_usage(glossary: Glossary, units: Iterable[tuple[str, str, str | None]], *, source_lang: str = "ja",
               target_lang: str = "en") -> list[TermUsage]:
    """For every term: the segments (keys) whose source (source-language terms) or target (target-language
    terms) contain it, found with the glossary's Japanese-aware matcher. ``units``: (key, source, target)."""
    usage: dict[tuple[str, str, str], TermUsage] = {}
    for c in glossary.concepts:
        for t in c.terms:
            usage[(c.id, t.lang, t.text)] = TermUsage(c.id, t.text, t.lang, t.status.value)
    src_m = glossary.matcher(source_lang)
    tgt_m = glossary.matcher(target_lang)
    for key, source, target in units:
        seen: set[tuple[str, str, str]] = set()
        for m in src_m.find(source):
            seen.add((m.concept_id, m.term.lang, m.term.text))
        if target:
            for m in tgt_m.find(target):
                seen.add((m.concept_id, m.term.lang, m.term.text))
        for k in seen:
            if k in usage:
                usage[k].segments.append(key)
    return list(usage.values())


def violations(glossary: Glossary, units: Sequence[Any], *, source_lang: str = "ja",
               target_lang: str = "en") -> list[dict[str, Any]]:
    """Findings of the glossary checks over ``units`` (:class:`review_app.checks.base.Unit`), as plain rows;
    ``side`` says whether a finding is about the target (a translation to fix) or the source (term-source-variant:
    a non-canonical Japanese form, which no edit of the target fixes)."""
    from review_app.checks.base import CheckConfig, CheckContext, run_checks
    from review_app.qa import select_checks

    cfg = CheckConfig(enabled_only=GLOSSARY_CHECKS)
    ctx = CheckContext(units=list(units), source_lang=source_lang, target_lang=target_lang, glossary=glossary,
                       config=cfg)
    issues = run_checks(select_checks(cfg), ctx)
    return [{"segment": i.unit, "check": i.check, "side": i.side.value, "severity": i.severity.value,
             "concept": str(i.data.get("concept", "")), "message": i.message} for i in issues]


def concept_from_suggestion(glossary: Glossary, text: str, english: str, *, concept_id: str = "",
                            ctype: str = "other", source_lang: str = "ja", target_lang: str = "en") -> Concept:
    """A new concept for an accepted extraction suggestion: the Japanese form preferred, the English too."""
    cid = (concept_id or _slug(english) or _slug(text) or "term").strip()
    base, n = cid, 2
    while cid in glossary:
        cid, n = f"{base}-{n}", n + 1
    terms = [Term(text=text, lang=source_lang, status=TermStatus.PREFERRED)]
    if english.strip():
        terms.append(Term(text=english, lang=target_lang, status=TermStatus.PREFERRED))
    return Concept(id=cid, type=ConceptType.parse(ctype), terms=tuple(terms), note="accepted from term extraction")


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold()))[:60]
