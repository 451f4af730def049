"""The analyses several checks share in one QA run: :class:`Analyses`, reached as ``ctx.analyses``.

Every attribute is lazy and computed at most once per run (per :class:`~review_app.checks.base.CheckContext`),
by the first check that reads it, so a run with the glossary checks switched off never matches a term and a run
without number checks never parses a number. To share a new analysis between checks, add a
:func:`functools.cached_property` here with a docstring saying what it holds and which checks read it; keep what
it holds small (a 100k-unit file has 100k units: hold findings or packed arrays, not parse trees).

The modules that compute an analysis are imported inside its property: they import
:mod:`review_app.checks.base`, which imports this module.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from review_app.checks.addition import Neighbours
    from review_app.checks.base import CheckContext, Unit
    from review_app.checks.dates import DateFinding
    from review_app.checks.entity_terms import Term as NameTerm
    from review_app.checks.entity_unexplained import EntityParse
    from review_app.checks.glossary import GlossaryPass
    from review_app.checks.meaning import Digest
    from review_app.checks.names import NameFinding
    from review_app.checks.numbers import NumberFinding
    from review_app.checks.omission_align import AlignedAhead
    from review_app.glossary.model import Term

T = TypeVar("T")


class PerSource(Generic[T]):
    """A per-source analysis: computed on first request for each distinct source text and kept for the run."""

    __slots__ = ("_compute", "_memo")

    def __init__(self, compute: Callable[[str], T]) -> None:
        self._compute = compute
        self._memo: dict[str, T] = {}

    def of(self, source: str) -> T:
        hit = self._memo.get(source)
        if hit is None:
            hit = self._memo[source] = self._compute(source)
        return hit


class PerUnit(Generic[T]):
    """A per-unit analysis computed on first request for each unit and kept for the run (keyed by unit id).

    For analyses that most units answer cheaply with an empty result: keep the result small (the number
    and date comparisons keep only their, nearly always empty, finding lists, not the parses)."""

    __slots__ = ("_compute", "_memo", "then")

    def __init__(self, compute: Callable[[Unit], T]) -> None:
        self._compute = compute
        self._memo: dict[str, T] = {}
        self.then: Callable[[Unit], object] | None = None
        """Called with each unit after its result is computed (another analysis that reads what this one has
        just made cheap: the meaning analysis's parse, see :attr:`Analyses.meaning`)."""

    def of(self, unit: Unit) -> T:
        hit = self._memo.get(unit.id)
        if hit is None:
            hit = self._memo[unit.id] = self._compute(unit)
            if self.then is not None:
                self.then(unit)
        return hit


class Analyses:
    """Lazy per-run analyses of one :class:`~review_app.checks.base.CheckContext` (``ctx.analyses``).

    A check reads what it needs (``ctx.analyses.glossary``, ``ctx.analyses.numbers.of(unit)``…); the first
    reader pays for the computation, the others reuse it. The context's ``units`` must not be replaced during
    a run (make a new context for other units)."""

    def __init__(self, ctx: CheckContext) -> None:
        self._ref = weakref.ref(ctx)

    @property
    def _ctx(self) -> CheckContext:
        """The context, held weakly: the context holds its analyses, and an analysis holding the context back
        would make each run's analyses (a 100k-unit run's digests, matches and memos) a reference cycle, freed
        only by a collection of the garbage collector — which a QA run pauses, so the first collection after it
        walked them all (0.8 s of a 20,000-unit run with the meaning checks) instead of their being freed when
        the run's context is."""
        ctx = self._ref()
        if ctx is None:
            raise ReferenceError("ctx.analyses was read after its CheckContext was freed: keep the context")
        return ctx

    @cached_property
    def translated(self) -> Sequence[Unit]:
        """The units whose target has non-whitespace text: what :attr:`Check.needs_target` checks look at."""
        return [u for u in self._ctx.units if u.target and not u.target.isspace()]  # == bool(target.strip())

    @cached_property
    def source_copies(self) -> frozenset[int]:
        """Positions (indices into ``ctx.units``) of the units whose target is mostly Japanese script: copies of
        the source, which ``source-copy`` and ``untranslated`` report and checks that compare an English target
        with its source skip (:attr:`Check.skip_source_copies`)."""
        from review_app.checks.untranslated import is_mostly_japanese

        return frozenset(n for n, u in enumerate(self._ctx.units) if is_mostly_japanese(u.target))

    @cached_property
    def checkable(self) -> Sequence[Unit]:
        """:attr:`translated` without the :attr:`source_copies`: what a check with
        :attr:`Check.skip_source_copies` and :attr:`Check.needs_target` looks at."""
        copies = self.source_copies
        if not copies:
            return self.translated
        return [u for n, u in enumerate(self._ctx.units) if n not in copies and u.target and not u.target.isspace()]

    @cached_property
    def glossary(self) -> GlossaryPass:
        """One glossary matching pass over the document for every registered glossary check
        (:class:`review_app.checks.glossary.GlossaryCheck`): each check's findings, and the source matches of the
        units that mention a name, which the name checks reuse."""
        from review_app.checks.glossary import glossary_pass

        return glossary_pass(self._ctx)

    @cached_property
    def numbers(self) -> PerUnit[tuple[Sequence[NumberFinding], Sequence[DateFinding]]]:
        """Number and date findings of a unit (``.of(unit)``), for the number-* and date-* checks: each unit's
        source and target are parsed and compared once."""
        from review_app.checks.numbers import compare_unit

        return PerUnit(compare_unit)

    @cached_property
    def names(self) -> Sequence[NameFinding]:
        """The name findings of the document (missing and misspelt names) for the name-* checks."""
        from review_app.checks.names import find_names

        return find_names(self._ctx)

    @cached_property
    def meaning(self) -> PerUnit[Digest]:
        """Word-level evidence of a unit (``.of(unit)``, a compact :class:`~review_app.checks.meaning.Digest`;
        :mod:`review_app.checks.meaning`): which source content words the target renders (dictionary, numbers,
        names, glossary), which target words nothing in the source accounts for, the source's negation markers
        and antonym flips, and the renderings of its names. Read by ``polarity``, ``omission``, ``addition`` and
        ``entity-consistency``.

        With ``entity-consistency`` switched on, each unit's :attr:`name_terms` and :attr:`entity_parse` (what its
        other passes read of the parse) are read right after its evidence,
        from the same parse of the source (:func:`review_app.checks.ja_tokens.nodes` keeps the last few): that check
        reads them at the end of the run, when the parse would otherwise have to be made again."""
        from review_app.checks.base import switched_on
        from review_app.checks.meaning import evidence_of
        from review_app.checks.registry import all_checks

        per_unit: PerUnit[Digest] = evidence_of(self._ctx)
        on = {c.check_id for c in all_checks() if c.check_id in ("entity-consistency", "addition", "omission")
              and switched_on(c, self._ctx.config)}
        hooks: list[Callable[[Unit], object]] = []
        if "entity-consistency" in on:
            terms, splits = self.name_terms, self.split_terms
            if self._ctx.config.option("entity-consistency", "other_renderings", True):
                parsed = self.entity_parse
                hooks.append(lambda unit: (terms.of(unit.source), splits.of(unit.source), parsed.of(unit.source)))
            else:
                hooks.append(lambda unit: (terms.of(unit.source), splits.of(unit.source)))
        if "addition" in on and self.neighbours.min_words > 0:
            look = self.neighbours
            hooks.append(lambda unit: look.prepare(unit, per_unit.of(unit)))
        if "omission" in on and self._ctx.config.option("omission", "aligned", True):
            aligned = self.aligned
            hooks.append(lambda unit: aligned.prepare(unit, per_unit.of(unit)))
        if len(hooks) == 1:
            per_unit.then = hooks[0]
        elif hooks:
            per_unit.then = lambda unit: [h(unit) for h in hooks]
        return per_unit

    @cached_property
    def neighbours(self) -> Neighbours:
        """What ``addition``'s neighbour rule reads of a unit's neighbours
        (:class:`review_app.checks.addition.Neighbours`): prepared right after each unit's :attr:`meaning`."""
        from review_app.checks.addition import Neighbours

        ctx = self._ctx
        return Neighbours(ctx.units, int(ctx.config.option("addition", "neighbour_words", 5)),
                          int(ctx.config.option("addition", "neighbour_lead_words", 3)))

    @cached_property
    def aligned(self) -> AlignedAhead:
        """``omission``'s ``aligned`` rule's clause alignments (:class:`review_app.checks.omission_align.AlignedAhead`):
        prepared right after each unit's :attr:`meaning`, while its source's analysis is kept."""
        from review_app.checks.omission import aligned_options
        from review_app.checks.omission_align import AlignedAhead

        return AlignedAhead(aligned_options(self._ctx))

    @cached_property
    def length_ratio(self) -> float | None:
        """The run's median target/source length ratio in characters (:func:`review_app.checks.clauses.median_ratio`;
        None for a run of too few translated units): what a complete translation of this text measures, against
        which ``omission`` judges a target short."""
        from review_app.checks.clauses import median_ratio

        return median_ratio((u.source, u.target) for u in self._ctx.units)

    @cached_property
    def name_terms(self) -> PerSource[tuple[NameTerm, ...]]:
        """The name-like terms of a source (``.of(source)``; :func:`review_app.checks.entity_terms.source_terms`)
        for ``entity-consistency``."""
        from review_app.checks.entity_terms import source_terms

        return PerSource(source_terms)

    @cached_property
    def split_terms(self) -> PerSource[tuple[NameTerm, ...]]:
        """The runs of a source's parse that may be one name the parser split (``.of(source)``;
        :func:`review_app.checks.entity_terms.split_terms`) for ``entity-consistency``: read right after the unit's
        evidence, from the same parse, so that its document pass parses no source again."""
        from review_app.checks.entity_terms import split_terms

        return PerSource(split_terms)

    @cached_property
    def entity_parse(self) -> PerSource[EntityParse]:
        """What ``entity-consistency``'s another-name and translated-name passes read of a source's parse
        (``.of(source)``; :func:`review_app.checks.entity_unexplained.prepare`): its person's names and compound
        names, kept for the run, so that the passes, at the end of the run, parse no source again."""
        from review_app.checks.entity_unexplained import prepare

        return PerSource(prepare)

    def computed_glossary(self) -> GlossaryPass | None:
        """:attr:`glossary` if a check has computed it already in this run, else None: the name checks reuse
        its source matches when the glossary checks ran first, but do not pay for a whole pass themselves."""
        done: GlossaryPass | None = self.__dict__.get("glossary")
        return done

    @cached_property
    def preferred_terms(self) -> dict[tuple[str, str], Term | None]:
        """Memo: (concept id, language) → the concept's preferred term (filled by the glossary checks)."""
        return {}

    @cached_property
    def glossary_target_forms(self) -> dict[str, list[str]]:
        """Memo: concept id → its preferred and admitted target-language term texts (filled by the name checks)."""
        return {}

    @cached_property
    def allowed_japanese(self) -> frozenset[str]:
        """Japanese runs inside the glossary's preferred/admitted target-language terms ("Reiwa (令和)"), which
        the ``untranslated`` check accepts in a target."""
        from review_app.checks.untranslated import glossary_japanese

        return glossary_japanese(self._ctx)
