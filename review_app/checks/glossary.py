"""Glossary enforcement checks: term-missing, term-forbidden, term-source-variant, term-inconsistent.

Terminology checks in the MQM sense (Lommel et al., "Multidimensional Quality Metrics", 2014: terminology
→ "wrong term", "inconsistent use of terminology"). Terms are found with
:class:`review_app.glossary.matcher.TermMatcher` (Japanese-aware on the source side, word-boundary and
plural/possessive-aware on the target side). Every issue carries the concept id in ``data["concept"]`` and
character spans on both sides where both exist. Matches are computed once per run and shared through
``CheckContext.cache``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from review_app.checks.base import Category, Check, CheckContext, Issue, Side, Unit
from review_app.glossary.matcher import TermMatch
from review_app.glossary.model import Glossary, Term, TermStatus
from review_app.models import Severity

_CACHE_KEY = "glossary.matches"


@dataclass(slots=True)
class _UnitTerms:
    source: dict[str, list[TermMatch]]
    target: dict[str, list[TermMatch]]
    """Leftmost-longest, non-overlapping target matches (what the text says)."""
    target_any: dict[str, list[TermMatch]]
    """All target matches, nested ones included ("Wisconsin" inside "Wisconsin Supreme Court")."""


def _matches(ctx: CheckContext) -> dict[str, _UnitTerms]:
    cached = ctx.cache.get(_CACHE_KEY)
    if cached is not None:
        return cached
    out: dict[str, _UnitTerms] = {}
    glossary = ctx.glossary
    if isinstance(glossary, Glossary):
        src = glossary.matcher(ctx.source_lang)
        tgt = glossary.matcher(ctx.target_lang)
        src_found = src.find_many([u.source for u in ctx.units])
        tgt_found = tgt.find_many([u.target or "" for u in ctx.units])
        tgt_any = tgt.find_many([u.target or "" for u in ctx.units], overlapping=True)
        for unit, s_matches, t_matches, t_any in zip(ctx.units, src_found, tgt_found, tgt_any, strict=True):
            out[unit.id] = _UnitTerms(_by_concept(s_matches), _by_concept(t_matches), _by_concept(t_any))
    ctx.cache[_CACHE_KEY] = out
    return out


def _by_concept(matches: list[TermMatch]) -> dict[str, list[TermMatch]]:
    out: dict[str, list[TermMatch]] = {}
    for m in matches:
        out.setdefault(m.concept_id, []).append(m)
    return out


def _quote(terms: Iterable[Term]) -> str:
    return " or ".join(f"'{t.text}'" for t in terms)


class _GlossaryCheck(Check):
    category = Category.TERMINOLOGY

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        if not isinstance(ctx.glossary, Glossary) or not ctx.glossary.concepts:
            return
        yield from self.glossary_issues(ctx, ctx.glossary, _matches(ctx))

    def glossary_issues(self, ctx: CheckContext, glossary: Glossary, found: dict[str, _UnitTerms]
                        ) -> Iterator[Issue]:
        raise NotImplementedError


class TermMissing(_GlossaryCheck):
    check_id = "term-missing"
    name = "Glossary term not used"
    description = ("A glossary concept occurs in the source but none of its preferred or admitted target terms "
                   "is in the target (do-not-translate terms must appear verbatim; the first mention must use "
                   "the expanded form where the glossary gives one). Where a forbidden rendering stands in "
                   "its place, term-forbidden reports it instead.")
    severity = Severity.MAJOR
    side = Side.TARGET

    def glossary_issues(self, ctx: CheckContext, glossary: Glossary, found: dict[str, _UnitTerms]
                        ) -> Iterator[Issue]:
        seen: set[str] = set()
        for unit in ctx.units:
            terms = found.get(unit.id)
            if terms is None:
                continue
            has_target = bool((unit.target or "").strip())
            for cid, src_matches in terms.source.items():
                first = cid not in seen
                seen.add(cid)
                if not has_target:
                    continue
                concept = glossary.get(cid)
                allowed = concept.terms_in(ctx.target_lang, TermStatus.PREFERRED, TermStatus.ADMITTED)
                if not allowed:
                    continue
                tgt = [m for m in terms.target_any.get(cid, []) if m.status is not TermStatus.FORBIDDEN]
                span = src_matches[0].span
                if not tgt and any(m.status is TermStatus.FORBIDDEN for m in terms.target.get(cid, [])):
                    continue  # a forbidden rendering is there: term-forbidden reports it with the fix
                if not tgt:
                    dnt = [t for t in allowed if t.do_not_translate]
                    expected = _quote(allowed[:3])
                    how = f" ({_quote(dnt)} stays as it is)" if dnt else ""
                    yield self.issue(unit, f"'{src_matches[0].text}' ({cid}) is not rendered with the glossary "
                                     f"term: expected {expected}{how}", source_span=span, concept=cid,
                                     expected=[t.text for t in allowed])
                    continue
                if first:
                    yield from self._first_mention(unit, cid, span, tgt)

    def _first_mention(self, unit: Unit, cid: str, span: tuple[int, int], tgt: list[TermMatch]
                       ) -> Iterator[Issue]:
        target = unit.target or ""
        for m in tgt:
            expansion = m.term.first_mention
            if not expansion:
                continue
            if expansion.casefold() in target.casefold():
                return
            if any(o.term.first_mention is None and o.term.status is TermStatus.PREFERRED for o in tgt):
                return  # the full form itself is used
            yield self.issue(unit, f"first mention of {cid}: write '{expansion}' instead of '{m.text}'",
                             source_span=span, target_span=m.span, concept=cid, expected=[expansion])
            return


class TermForbidden(_GlossaryCheck):
    check_id = "term-forbidden"
    name = "Forbidden term"
    description = ("The target uses a rendering the glossary forbids (a literal or wrong translation such as "
                   "'Yingtan' for Eagle Pass) for a concept that occurs in the source.")
    severity = Severity.MAJOR
    side = Side.TARGET

    def glossary_issues(self, ctx: CheckContext, glossary: Glossary, found: dict[str, _UnitTerms]
                        ) -> Iterator[Issue]:
        anywhere = bool(ctx.config.option(self.check_id, "anywhere", False))
        for unit in ctx.units:
            terms = found.get(unit.id)
            if terms is None:
                continue
            for cid, tgt_matches in terms.target.items():
                src = terms.source.get(cid)
                if src is None and not anywhere:
                    continue  # "gun control" is only wrong where the source speaks of gun rights
                concept = glossary.get(cid)
                use = concept.preferred(ctx.target_lang)
                for m in tgt_matches:
                    if m.status is not TermStatus.FORBIDDEN:
                        continue
                    hint = f"; use '{use.text}'" if use else ""
                    yield self.issue(unit, f"'{m.text}' is a forbidden rendering of {cid}{hint}",
                                     source_span=src[0].span if src else None, target_span=m.span,
                                     concept=cid, forbidden=m.term.text,
                                     expected=[use.text] if use else [])


class TermSourceVariant(_GlossaryCheck):
    check_id = "term-source-variant"
    name = "Non-canonical source term"
    description = ("The source uses a forbidden or non-canonical Japanese form of a glossary concept "
                   "(鷹潭 for イーグルパス, 政府効率化委員会 for 政府効率化省); the canonical form is reported.")
    severity = Severity.MINOR
    side = Side.SOURCE
    needs_target = False

    def glossary_issues(self, ctx: CheckContext, glossary: Glossary, found: dict[str, _UnitTerms]
                        ) -> Iterator[Issue]:
        for unit in ctx.units:
            terms = found.get(unit.id)
            if terms is None:
                continue
            for cid, src_matches in terms.source.items():
                concept = glossary.get(cid)
                canonical = concept.preferred(ctx.source_lang)
                target = concept.preferred(ctx.target_lang)
                for m in src_matches:
                    forbidden = m.status is TermStatus.FORBIDDEN
                    if not forbidden and not m.term.non_canonical:
                        continue
                    kind = "a forbidden" if forbidden else "a non-canonical"
                    fix = f"; canonical form '{canonical.text}'" if canonical else ""
                    meaning = f" ({target.text})" if target else ""
                    yield self.issue(
                        unit, f"'{m.text}' is {kind} source form of {cid}{meaning}{fix}", source_span=m.span,
                        severity=Severity.MAJOR if forbidden else Severity.MINOR, concept=cid,
                        canonical=canonical.text if canonical else None, status=m.status.value,
                    )


class TermInconsistent(_GlossaryCheck):
    check_id = "term-inconsistent"
    name = "Inconsistent term rendering"
    description = ("A concept that needs a single rendering across the document (glossary flag "
                   "single-rendering, or option all_concepts) is translated with different admitted terms; "
                   "the minority renderings are reported against the majority one.")
    severity = Severity.MINOR
    side = Side.TARGET

    def glossary_issues(self, ctx: CheckContext, glossary: Glossary, found: dict[str, _UnitTerms]
                        ) -> Iterator[Issue]:
        every = bool(ctx.config.option(self.check_id, "all_concepts", False))
        uses: dict[str, list[tuple[Unit, TermMatch]]] = {}
        for unit in ctx.units:
            terms = found.get(unit.id)
            if terms is None or not (unit.target or "").strip():
                continue
            for cid, tgt_matches in terms.target.items():
                if cid not in terms.source:
                    continue
                if not (every or glossary.get(cid).single_rendering):
                    continue
                for m in tgt_matches:
                    if m.status is not TermStatus.FORBIDDEN:
                        uses.setdefault(cid, []).append((unit, m))
        for cid, pairs in uses.items():
            counts = Counter(m.term.text for _, m in pairs)
            if len(counts) < 2:
                continue
            preferred = glossary.get(cid).preferred(ctx.target_lang)
            majority = max(counts, key=lambda t: (counts[t], preferred is not None and t == preferred.text))
            for unit, m in pairs:
                if m.term.text == majority:
                    continue
                src = found[unit.id].source.get(cid)
                yield self.issue(
                    unit, f"{cid} is rendered '{m.text}' here but '{majority}' in {counts[majority]} other "
                    f"place(s); use one rendering", source_span=src[0].span if src else None,
                    target_span=m.span, concept=cid, renderings=dict(counts), majority=majority,
                )
