"""Glossary enforcement checks: term-missing, term-forbidden, term-source-variant, term-inconsistent.

Terminology checks in the MQM sense (Lommel et al., "Multidimensional Quality Metrics", 2014: terminology
→ "wrong term", "inconsistent use of terminology"). Terms are found with
:class:`review_app.glossary.matcher.TermMatcher` (Japanese-aware on the source side, word-boundary and
plural/possessive-aware on the target side). Every issue carries the concept id in ``data["concept"]`` and
character spans on both sides where both exist. The glossary checks share one matching pass per run
(:func:`glossary_pass`: each unit is matched once, looked at by every registered :class:`GlossaryCheck`, and its
matches dropped); the findings are kept in ``ctx.analyses.glossary``.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from review_app.checks.base import Category, Check, CheckContext, Issue, Side, Unit
from review_app.glossary.matcher import TermMatch, TermMatcher
from review_app.glossary.model import Glossary, Term, TermStatus
from review_app.models import Severity


@dataclass(slots=True)
class UnitTerms:
    """The glossary matches of one unit, grouped by concept id."""

    source: dict[str, list[TermMatch]]
    target: dict[str, list[TermMatch]]
    """Leftmost-longest, non-overlapping target matches (what the text says)."""
    target_any: dict[str, list[TermMatch]]
    """All target matches, nested ones included ("Wisconsin" inside "Wisconsin Supreme Court")."""


class PackedSpans:
    """``{position: ((start, end, concept id), …)}`` packed in flat integer arrays (positions added in increasing
    order): about 20 bytes per match instead of ~250 bytes of tuples per unit, which on a 100k-unit file is the
    difference between 2 MB and 18 MB held from the glossary pass to the names checks."""

    __slots__ = ("_concept_ids", "_concepts", "_ends", "_offsets", "_positions", "_starts", "_where")

    def __init__(self) -> None:
        self._positions = array("q")  # unit positions, increasing
        self._offsets = array("q", [0])  # matches of the n-th position: [offsets[n], offsets[n + 1])
        self._starts = array("q")
        self._ends = array("q")
        self._concept_ids = array("l")  # index into _concepts
        self._concepts: list[str] = []
        self._where: dict[str, int] = {}

    def add(self, position: int, spans: Iterable[tuple[int, int, str]]) -> None:
        if self._positions and position <= self._positions[-1]:
            raise ValueError("positions must be added in increasing order")
        for start, end, cid in spans:
            k = self._where.get(cid)
            if k is None:
                k = self._where[cid] = len(self._concepts)
                self._concepts.append(cid)
            self._starts.append(start)
            self._ends.append(end)
            self._concept_ids.append(k)
        self._positions.append(position)
        self._offsets.append(len(self._starts))

    def _index(self, position: int) -> int:
        n = bisect_left(self._positions, position)
        return n if n < len(self._positions) and self._positions[n] == position else -1

    def __contains__(self, position: object) -> bool:
        return isinstance(position, int) and self._index(position) >= 0

    def __len__(self) -> int:
        return len(self._positions)

    def get(self, position: int, default: Any = ()) -> Any:
        n = self._index(position)
        if n < 0:
            return default
        a, b = self._offsets[n], self._offsets[n + 1]
        concepts = self._concepts
        return tuple((self._starts[i], self._ends[i], concepts[self._concept_ids[i]]) for i in range(a, b))


def _target_matches(tgt: TermMatcher, text: str) -> tuple[list[TermMatch], list[TermMatch]]:
    """``tgt.find(text)`` and ``tgt.find(text, overlapping=True)`` from one normalisation, automaton pass and
    candidate filtering (:meth:`TermMatcher.find_both`; the equivalence test guards it)."""
    return tgt.find_both(text)


_NO_MATCHES: dict[str, list[TermMatch]] = {}
"""Shared (never mutated) empty grouping: most units match no term on one side or the other."""


def _by_concept(matches: list[TermMatch]) -> dict[str, list[TermMatch]]:
    if not matches:
        return _NO_MATCHES
    out: dict[str, list[TermMatch]] = {}
    for m in matches:
        out.setdefault(m.concept_id, []).append(m)
    return out


def _preferred(ctx: CheckContext, glossary: Glossary, cid: str, lang: str) -> Term | None:
    """``glossary.get(cid).preferred(lang)``, computed once per concept and language in a run."""
    memo = ctx.analyses.preferred_terms
    key = (cid, lang)
    if key not in memo:
        memo[key] = glossary.get(cid).preferred(lang)
    return memo[key]


def _quote(terms: Iterable[Term]) -> str:
    return " or ".join(f"'{t.text}'" for t in terms)


def _case_only(target: str, allowed: Iterable[Term]) -> tuple[Term, tuple[int, int]] | None:
    """The first case-sensitive allowed term that the target spells in another case, with the span of that
    spelling (whole words: not a letter or digit on either side). Called only where term-missing already
    fires, so it costs nothing on the fast path."""
    folded = target.casefold()
    if len(folded) != len(target):  # casefold changed the length (ß → ss): offsets would not map back
        return None
    for term in allowed:
        if not term.case_sensitive:
            continue
        needle = term.text.casefold()
        at = folded.find(needle) if needle else -1
        while at >= 0:
            end = at + len(needle)
            if (at == 0 or not target[at - 1].isalnum()) and (end == len(target) or not target[end].isalnum()):
                return term, (at, end)
            at = folded.find(needle, at + 1)
    return None


class GlossaryCheck(Check):
    """Base of the glossary checks. Registering a subclass in :data:`review_app.checks.registry.CHECKS` is all
    it takes to join the shared glossary pass (:func:`glossary_pass`): every unit's source and target are
    matched once, each glossary check looks at the unit's :class:`UnitTerms` (:meth:`unit_issues`, with a
    per-run ``state`` from :meth:`start`) and the matches are dropped, so a 100k-unit run never holds every
    unit's matches; :meth:`finish` adds document-level findings at the end."""

    category = Category.TERMINOLOGY

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        if not isinstance(ctx.glossary, Glossary) or not ctx.glossary.concepts:
            return
        yield from ctx.analyses.glossary.issues[self.check_id]

    def start(self, ctx: CheckContext, glossary: Glossary) -> Any:
        return None

    def unit_issues(self, ctx: CheckContext, glossary: Glossary, unit: Unit, terms: UnitTerms, state: Any
                    ) -> Iterator[Issue]:
        raise NotImplementedError

    def finish(self, ctx: CheckContext, glossary: Glossary, state: Any) -> Iterator[Issue]:
        return iter(())


def glossary_checks() -> list[GlossaryCheck]:
    """The registered glossary checks (:class:`GlossaryCheck` subclasses), in registry order."""
    from review_app.checks.registry import CHECKS

    return [cls() for _, cls in CHECKS if issubclass(cls, GlossaryCheck)]


@dataclass(slots=True)
class GlossaryPass:
    """What one glossary matching pass leaves for the checks (``ctx.analyses.glossary``)."""

    issues: dict[str, list[Issue]]
    """The findings of every registered glossary check, by check id."""
    name_sources: PackedSpans | None
    """``{position in ctx.units: ((start, end, concept id), …)}``: the source matches of the units whose source
    mentions a name (:data:`review_app.checks.names.NAME_RE`) and a term, which the name checks reuse instead of
    matching those sources again; None when no pass ran (no glossary)."""
    rendered_sources: PackedSpans | None = None
    """``{position in ctx.units: ((start, end, concept id), …)}``: the source matches whose concept the target
    matches too (``src.find(source)`` against ``tgt.find(target)``), for the units that have one, which the meaning
    analysis (:func:`review_app.checks.meaning.evidence_of`) counts as covered; None when no pass ran."""


def glossary_pass(ctx: CheckContext) -> GlossaryPass:
    """The findings of all glossary checks from one matching pass (``ctx.analyses.glossary`` computes it once)."""
    glossary = ctx.glossary
    checks = glossary_checks()
    out: dict[str, list[Issue]] = {c.check_id: [] for c in checks}
    if not isinstance(glossary, Glossary) or not glossary.concepts:
        return GlossaryPass(out, None)
    states = [c.start(ctx, glossary) for c in checks]
    src = glossary.matcher(ctx.source_lang)
    tgt = glossary.matcher(ctx.target_lang)
    from review_app.checks.names import NAME_RE

    # Every finding of the glossary checks concerns a concept found in the source, except term-forbidden's with
    # its "anywhere" option: without it, a unit whose source has no term needs no target matching at all.
    targets_alone_matter = bool(ctx.config.option(TermForbidden.check_id, "anywhere", False))
    name_units = PackedSpans()
    rendered = PackedSpans()
    for pos, unit in enumerate(ctx.units):
        s_matches = src.find(unit.source)
        if not s_matches and not targets_alone_matter:
            continue
        if s_matches and NAME_RE.search(unit.source):
            name_units.add(pos, [(m.start, m.end, m.concept_id) for m in s_matches])
        t_matches, t_any = _target_matches(tgt, unit.target or "")
        if s_matches and t_matches:
            in_target = {m.concept_id for m in t_matches}
            both = [(m.start, m.end, m.concept_id) for m in s_matches if m.concept_id in in_target]
            if both:
                rendered.add(pos, both)
        if not (s_matches or t_matches or t_any):
            continue  # most units: no term at all
        terms = UnitTerms(_by_concept(s_matches), _by_concept(t_matches), _by_concept(t_any))
        for chk, state in zip(checks, states, strict=True):
            out[chk.check_id].extend(chk.unit_issues(ctx, glossary, unit, terms, state))
    for chk, state in zip(checks, states, strict=True):
        out[chk.check_id].extend(chk.finish(ctx, glossary, state))
    return GlossaryPass(out, name_units, rendered)


class TermMissing(GlossaryCheck):
    check_id = "term-missing"
    name = "Glossary term not used"
    description = ("A glossary concept occurs in the source but none of its preferred or admitted target terms "
                   "is in the target (do-not-translate terms must appear verbatim; the first mention must use "
                   "the expanded form where the glossary gives one). Where a forbidden rendering stands in "
                   "its place, term-forbidden reports it instead.")
    severity = Severity.MAJOR
    side = Side.TARGET
    supersedes = ("name-missing",)  # a glossary concept's name: reported once, with the glossary's forms

    def start(self, ctx: CheckContext, glossary: Glossary) -> tuple[set[str], dict[str, list[Term]]]:
        return set(), {}  # concepts seen so far (first mentions), allowed target terms per concept

    def unit_issues(self, ctx: CheckContext, glossary: Glossary, unit: Unit, terms: UnitTerms, state: Any
                    ) -> Iterator[Issue]:
        seen: set[str] = state[0]
        allowed_by_concept: dict[str, list[Term]] = state[1]
        has_target = bool((unit.target or "").strip())
        for cid, src_matches in terms.source.items():
            first = cid not in seen
            seen.add(cid)
            if not has_target:
                continue
            allowed = allowed_by_concept.get(cid)
            if allowed is None:
                allowed = allowed_by_concept[cid] = glossary.get(cid).terms_in(
                    ctx.target_lang, TermStatus.PREFERRED, TermStatus.ADMITTED)
            if not allowed:
                continue
            tgt = [m for m in terms.target_any.get(cid, []) if m.status is not TermStatus.FORBIDDEN]
            span = src_matches[0].span
            if not tgt:
                dnt = [t for t in allowed if t.do_not_translate]
                expected = _quote(allowed[:3])
                how = f" ({_quote(dnt)} stays as it is)" if dnt else ""
                cased = _case_only(unit.target or "", allowed)
                if cased is None:
                    yield self.issue(unit, f"'{src_matches[0].text}' ({cid}) is not rendered with the glossary "
                                     f"term: expected {expected}{how}", source_span=span, concept=cid,
                                     expected=[t.text for t in allowed])
                else:
                    term, at = cased
                    found = (unit.target or "")[at[0]:at[1]]
                    yield self.issue(unit, f"'{src_matches[0].text}' ({cid}) is not rendered with the glossary "
                                     f"term: the target has '{found}', which differs only in case from the "
                                     f"case-sensitive term '{term.text}' (expected {expected}{how})",
                                     source_span=span, target_span=at, concept=cid,
                                     expected=[t.text for t in allowed], case_differs=found)
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


class TermForbidden(GlossaryCheck):
    check_id = "term-forbidden"
    name = "Forbidden term"
    description = ("The target uses a rendering the glossary forbids (a literal or wrong translation such as "
                   "'Yingtan' for Eagle Pass) for a concept that occurs in the source.")
    severity = Severity.MAJOR
    side = Side.TARGET
    # the forbidden rendering, named with its fix, is the precise report of a term that is missing or misspelt
    supersedes = ("term-missing", "name-missing", "name-misspelling")

    def unit_issues(self, ctx: CheckContext, glossary: Glossary, unit: Unit, terms: UnitTerms, state: Any
                    ) -> Iterator[Issue]:
        anywhere = bool(ctx.config.option(self.check_id, "anywhere", False))
        for cid, tgt_matches in terms.target.items():
            src = terms.source.get(cid)
            if src is None and not anywhere:
                continue  # "gun control" is only wrong where the source speaks of gun rights
            use = _preferred(ctx, glossary, cid, ctx.target_lang)
            for m in tgt_matches:
                if m.status is not TermStatus.FORBIDDEN:
                    continue
                hint = f"; use '{use.text}'" if use else ""
                yield self.issue(unit, f"'{m.text}' is a forbidden rendering of {cid}{hint}",
                                 source_span=src[0].span if src else None, target_span=m.span,
                                 concept=cid, forbidden=m.term.text,
                                 expected=[use.text] if use else [])


class TermSourceVariant(GlossaryCheck):
    check_id = "term-source-variant"
    name = "Non-canonical source term"
    description = ("The source uses a forbidden or non-canonical Japanese form of a glossary concept "
                   "(鷹潭 for イーグルパス, 政府効率化委員会 for 政府効率化省); the canonical form is reported.")
    severity = Severity.MINOR
    side = Side.SOURCE
    needs_target = False
    supersedes = ("source-entity-variants", "source-kanji-place-name")
    """The glossary's verdict on a source form (with its canonical fix) replaces the glossary-less signals on the
    same span (review_app/checks/source_mt.py)."""

    def unit_issues(self, ctx: CheckContext, glossary: Glossary, unit: Unit, terms: UnitTerms, state: Any
                    ) -> Iterator[Issue]:
        for cid, src_matches in terms.source.items():
            canonical = _preferred(ctx, glossary, cid, ctx.source_lang)
            target = _preferred(ctx, glossary, cid, ctx.target_lang)
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


class TermInconsistent(GlossaryCheck):
    check_id = "term-inconsistent"
    name = "Inconsistent term rendering"
    description = ("A concept that needs a single rendering across the document (glossary flag "
                   "single-rendering, or option all_concepts) is translated with different admitted terms; "
                   "the minority renderings are reported against the majority one.")
    severity = Severity.MINOR
    side = Side.TARGET

    def start(self, ctx: CheckContext, glossary: Glossary) -> dict[str, list[tuple[Unit, TermMatch, Any]]]:
        return {}  # concept → (unit, target match, source matches of the concept in that unit)

    def unit_issues(self, ctx: CheckContext, glossary: Glossary, unit: Unit, terms: UnitTerms, state: Any
                    ) -> Iterator[Issue]:
        every = bool(ctx.config.option(self.check_id, "all_concepts", False))
        uses: dict[str, list[tuple[Unit, TermMatch, Any]]] = state
        if not (unit.target or "").strip():
            return
        for cid, tgt_matches in terms.target.items():
            if cid not in terms.source:
                continue
            if not (every or glossary.get(cid).single_rendering):
                continue
            for m in tgt_matches:
                if m.status is not TermStatus.FORBIDDEN:
                    uses.setdefault(cid, []).append((unit, m, terms.source.get(cid)))
        yield from ()

    def finish(self, ctx: CheckContext, glossary: Glossary, state: Any) -> Iterator[Issue]:
        uses: dict[str, list[tuple[Unit, TermMatch, Any]]] = state
        for cid, pairs in uses.items():
            counts = Counter(m.term.text for _, m, _ in pairs)
            if len(counts) < 2:
                continue
            preferred = _preferred(ctx, glossary, cid, ctx.target_lang)
            majority = max(counts, key=lambda t: (counts[t], preferred is not None and t == preferred.text))
            for unit, m, src in pairs:
                if m.term.text == majority:
                    continue
                yield self.issue(
                    unit, f"{cid} is rendered '{m.text}' here but '{majority}' in {counts[majority]} other "
                    f"place(s); use one rendering", source_span=src[0].span if src else None,
                    target_span=m.span, concept=cid, renderings=dict(counts), majority=majority,
                )
