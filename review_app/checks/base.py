"""The check contract (after Weblate's ``BaseCheck`` and Translate Toolkit's checker, without their HTML).

A check is declarative metadata plus one small method::

    class DoubleSpace(Check):
        check_id = "double-space"
        name = "Double space"
        description = "Two or more spaces in a row in the target."
        category = Category.FLUENCY
        severity = Severity.MINOR
        side = Side.TARGET

        def check(self, unit, ctx):
            for m in re.finditer(r"  +", unit.target or ""):
                yield self.issue(unit, "double space", target_span=(m.start(), m.end()))

Document-level checks (consistency, mixed style) override :meth:`Check.check_document` instead.
Spans are ``(start, end)`` character offsets into ``unit.source`` / ``unit.target`` (Python str indices).
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from review_app.checks.analyses import Analyses
from review_app.models import Severity


class Category(enum.StrEnum):
    """MQM top-level error categories."""

    ACCURACY = "accuracy"
    TERMINOLOGY = "terminology"
    FLUENCY = "fluency"
    STYLE = "style"
    LOCALE_CONVENTION = "locale-convention"


class Side(enum.StrEnum):
    SOURCE = "source"
    TARGET = "target"


@dataclass(slots=True)
class Unit:
    """What checks look at: one segment (from a project) or one unit (from an XLIFF/TMX/CSV file)."""

    id: str
    source: str
    target: str | None = None
    index: int = 0
    flags: frozenset[str] = frozenset()
    """Per-unit ignore flags: ``ignore:<check-id>`` or ``ignore:all``."""
    meta: dict[str, Any] = field(default_factory=dict)
    """What is known about where the unit sits: ``document`` (a WMT ``<doc id>``, an XLIFF ``<file original>``, a
    TMX ``x-document`` prop, a line-aligned source's file name; absent when the file or project is one document,
    see :func:`review_app.qa.document_of`), ``domain`` (WMT), ``line`` (line files), ``paragraph``, ``kind``."""
    alternatives: tuple[str, ...] = ()
    """The texts of the segment's other MT candidates (other engines), when known: what ``consensus``
    (:mod:`review_app.checks.consensus`) compares the target with. Empty for a file's units."""


@dataclass(slots=True)
class Issue:
    unit: str
    check: str
    severity: Severity
    side: Side
    message: str
    category: Category
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    data: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self, source: str, target: str | None) -> str:
        """Identity of this finding on this text: a dismissal holds until the text changes."""
        h = hashlib.sha256()
        for part in (self.unit, self.check, self.side.value, self.message, source, target or ""):
            h.update(part.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()[:24]

    def as_json(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "check": self.check,
            "severity": self.severity.value,
            "side": self.side.value,
            "category": self.category.value,
            "message": self.message,
            "source_span": list(self.source_span) if self.source_span else None,
            "target_span": list(self.target_span) if self.target_span else None,
            **({"data": self.data} if self.data else {}),
        }


@dataclass(slots=True)
class CheckConfig:
    """Per-project configuration: enable/disable, severity overrides, per-check thresholds."""

    disabled: frozenset[str] = frozenset()
    enabled_only: frozenset[str] | None = None
    severity: dict[str, Severity] = field(default_factory=dict)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    document_scope: str = "auto"
    """Which units cross-segment checks compare with each other (:mod:`review_app.checks.scope`)."""
    size: int | None = None
    """How many units the material this configuration is applied to holds — the file a ``review-app qa`` run
    reads, the project's segments — set by the callers that know it (:meth:`sized`). The opt-in checks with an
    automatic default (:attr:`Check.auto_max_units`) run when it is at most their limit and the configuration
    does not switch them off; with None (a caller that does not say) they stay off unless switched on."""

    renderings: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Accepted renderings: English words the meaning checks accept for a source word on top of their dictionary
    (:mod:`review_app.checks.renderings`; the configuration's ``renderings`` table)."""

    def sized(self, units: int) -> CheckConfig:
        """This configuration for material of ``units`` units (:attr:`size`)."""
        return dataclasses.replace(self, size=units)

    def is_enabled(self, check_id: str) -> bool:
        if check_id in self.disabled:
            return False
        return self.enabled_only is None or check_id in self.enabled_only

    def option(self, check_id: str, name: str, default: Any) -> Any:
        return self.options.get(check_id, {}).get(name, default)


@dataclass(slots=True, weakref_slot=True)
class CheckContext:
    """Document-level context shared by all checks of one run."""

    units: Sequence[Unit]
    source_lang: str = "ja"
    target_lang: str = "en"
    glossary: Any = None
    """A ``review_app.glossary`` Glossary (or None when no glossary is loaded)."""
    config: CheckConfig = field(default_factory=CheckConfig)
    analyses: Analyses = field(init=False, repr=False, compare=False)
    """What several checks derive from the whole document, each computed at most once per run
    (:class:`~review_app.checks.analyses.Analyses`: ``ctx.analyses.glossary``, ``.numbers``, ``.names``…)."""

    def __post_init__(self) -> None:
        self.analyses = Analyses(self)


class Check:
    """Base class of every check. Subclasses set the class attributes and implement ``check``."""

    check_id: ClassVar[str]
    """Stable kebab-case id, used in configuration, dismissals, JSON output and the docs."""
    name: ClassVar[str]
    """Short human-readable name."""
    description: ClassVar[str]
    """One or two sentences: what is wrong when this check fires, and what is expected."""
    category: ClassVar[Category]
    severity: ClassVar[Severity] = Severity.MINOR
    side: ClassVar[Side] = Side.TARGET
    needs_target: ClassVar[bool] = True
    """Skip units without a target (most target-side checks)."""
    skip_source_copies: ClassVar[bool] = False
    """Skip units whose target is mostly Japanese script, a copy of the source (``source-copy`` and
    ``untranslated`` report those): for checks that compare an English target with its source, which would
    otherwise report every number, name or punctuation mark of the copy again. Per-unit checks get only the
    other units; a document-level check reads ``ctx.analyses.source_copies`` itself."""
    source_langs: ClassVar[frozenset[str] | None] = None
    """Base language codes of the sources this check is written for (``{"ja"}``); None: any language."""
    target_langs: ClassVar[frozenset[str] | None] = None
    """Base language codes of the targets this check is written for; None: any language."""
    target_spaced: ClassVar[bool] = False
    """The check assumes a target written with spaces between words (not Japanese, Chinese or Korean)."""
    opt_in: ClassVar[bool] = False
    """Off unless the configuration switches it on (``[options.<id>] enabled = true`` or an ``enabled`` list):
    slow or experimental checks. Not listed among the checks a run used unless switched on."""
    auto_max_units: ClassVar[int | None] = None
    """For an opt-in check: with no ``[options.<id>] enabled`` in the configuration, it runs anyway on material of
    at most this many units (:attr:`CheckConfig.size`; the option ``auto_max_units`` changes the limit) — an
    article, a chapter — where its cost is a second or two, and stays off above it, where the run says so
    (:func:`auto_skipped`). None: off unless switched on."""
    supersedes: ClassVar[tuple[str, ...]] = ()
    """Check ids whose finding on the same unit and subject this check's finding replaces — one error, one
    report: "Ron DeSantos" is a name misspelling, not also a missing term. The subject is the glossary concept
    (``data["concept"]``), or an overlapping source span where the replaced finding names no concept
    (:class:`Supersession`). The only way a finding replaces another: a check never asks whether another
    check is enabled, so switching a check off brings back what it would have replaced."""

    @classmethod
    def applies(cls, source_lang: str, target_lang: str) -> bool:
        """Whether the check means anything for this language pair (``ja-JP`` → ``en-US`` counts as ja → en).

        A check for Japanese numerals run on an English→French file would report every segment; such checks
        are skipped and reported as skipped (see :func:`skipped_checks`).
        """
        src, tgt = lang_base(source_lang), lang_base(target_lang)
        if cls.source_langs is not None and src not in cls.source_langs:
            return False
        if cls.target_langs is not None and tgt not in cls.target_langs:
            return False
        return not (cls.target_spaced and tgt in UNSPACED_LANGS)

    @classmethod
    def languages(cls) -> str:
        """The language pairs the check is for, in words (for reports and docs/checks.md)."""
        src = "/".join(sorted(cls.source_langs)) if cls.source_langs is not None else "any"
        tgt = "/".join(sorted(cls.target_langs)) if cls.target_langs is not None else "any"
        if cls.target_spaced and cls.target_langs is None:
            tgt = "any spaced (not ja/zh/ko)"
        return f"{src} → {tgt}"

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        """Yield issues for one unit. Document-level checks override ``check_document`` instead."""
        return ()

    def check_document(self, ctx: CheckContext) -> Iterator[Issue]:
        """Run :meth:`check` on the units it is for (:attr:`needs_target`, :attr:`skip_source_copies`)."""
        if self.needs_target:
            units = ctx.analyses.checkable if self.skip_source_copies else ctx.analyses.translated
        elif self.skip_source_copies and (copies := ctx.analyses.source_copies):
            units = [u for n, u in enumerate(ctx.units) if n not in copies]
        else:
            units = ctx.units
        for unit in units:
            yield from self.check(unit, ctx)

    def issue(
        self,
        unit: Unit,
        message: str,
        *,
        source_span: tuple[int, int] | None = None,
        target_span: tuple[int, int] | None = None,
        severity: Severity | None = None,
        side: Side | None = None,
        **data: Any,
    ) -> Issue:
        return Issue(
            unit=unit.id,
            check=self.check_id,
            severity=severity or self.severity,
            side=side or self.side,
            message=message,
            category=self.category,
            source_span=source_span,
            target_span=target_span,
            data=data,
        )


UNSPACED_LANGS = frozenset({"ja", "zh", "ko", "th"})
"""Languages written without spaces between words (Korean uses spaces between phrases, but not Latin
punctuation conventions: it is kept here with the other East Asian languages for the typography checks)."""
JA = frozenset({"ja"})
EN = frozenset({"en"})


def lang_base(lang: str | None) -> str:
    """``ja-JP``, ``ja_JP``, ``JA`` → ``ja``; empty or None → ``""``."""
    return (lang or "").strip().replace("_", "-").split("-", 1)[0].lower()


def skipped_checks(checks: Iterable[Check], source_lang: str, target_lang: str) -> dict[str, str]:
    """``{check id: why}`` for the checks that do not apply to the language pair."""
    pair = f"{lang_base(source_lang) or '?'} → {lang_base(target_lang) or '?'}"
    return {c.check_id: f"written for {c.languages()}, not {pair}" for c in checks
            if not c.applies(source_lang, target_lang)}


def switched_on(check: Check, config: CheckConfig) -> bool:
    """Whether ``check`` runs under ``config``: enabled, and for an opt-in check also asked for."""
    if not config.is_enabled(check.check_id):
        return False
    if not getattr(check, "opt_in", False):
        return True
    on = config.option(check.check_id, "enabled", None)
    if on is not None and not isinstance(on, bool):
        from review_app.errors import InputError

        raise InputError(f"[options.{check.check_id}] enabled must be true or false, got {on!r}")
    return on is True or (config.enabled_only is not None and check.check_id in config.enabled_only) or (
        on is None and config.enabled_only is None and auto_on(check, config))


def auto_limit(check: Check, config: CheckConfig) -> int | None:
    """The unit count up to which ``check`` runs without being switched on (:attr:`Check.auto_max_units`, or the
    check's ``auto_max_units`` option: a whole number, 0 never); None for a check without an automatic default."""
    default = getattr(check, "auto_max_units", None)
    if default is None:
        return None
    value = config.option(check.check_id, "auto_max_units", default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        from review_app.errors import InputError

        raise InputError(f"[options.{check.check_id}] auto_max_units must be a whole number of units (0: never run "
                         f"without enabled = true), got {value!r}")
    return value


def auto_on(check: Check, config: CheckConfig) -> bool:
    """Whether ``check`` runs by its automatic default: material of a known size within its limit."""
    limit = auto_limit(check, config)
    return limit is not None and config.size is not None and config.size <= limit


def auto_skipped(checks: Iterable[Check], config: CheckConfig) -> dict[str, str]:
    """The opt-in checks that would have run by their automatic default on smaller material and do not run on
    this one (:attr:`CheckConfig.size` above their limit, nothing switching them on), each with the reason for a
    notice: a run on a large file must say what it left out and how to get it."""
    if config.size is None or config.enabled_only is not None:
        return {}
    out = {}
    for c in checks:
        limit = auto_limit(c, config)
        if (limit and config.size > limit and config.is_enabled(c.check_id)
                and config.option(c.check_id, "enabled", None) is None):
            out[c.check_id] = (f"not run: {config.size:,} units, above the {limit:,} up to which it runs unless "
                               f"switched off; switch it on with [options.{c.check_id}] enabled = true")
    return out


def drop_superseded(issues: list[Issue], checks: Iterable[Check]) -> list[Issue]:
    """``issues`` without those another check's finding replaces (:attr:`Check.supersedes`). Callers that run
    checks one at a time apply it to the combined list."""
    covers = Supersession(checks)
    if not covers.rules:
        return issues
    for i in issues:
        covers.note(i)
    return [i for i in issues if not covers.replaced(i)]


class Supersession:
    """:attr:`Check.supersedes` applied to a run's findings: :meth:`note` every finding, then ask
    :meth:`replaced` of each. A finding of check B is replaced when a check that supersedes B has a finding on
    the same unit and the same subject: the same glossary concept (``data["concept"]``), or, where B's finding
    names no concept, an overlapping source span."""

    __slots__ = ("_concepts", "_spans", "replaceable", "rules")

    def __init__(self, checks: Iterable[Check]) -> None:
        self.rules = {c.check_id: ids for c in checks if (ids := getattr(c, "supersedes", ()))}
        self.replaceable = frozenset(r for ids in self.rules.values() for r in ids)
        self._concepts: set[tuple[str, str, str]] = set()
        self._spans: dict[tuple[str, str], list[tuple[int, int]]] = {}

    def note(self, issue: Issue) -> None:
        replaced = self.rules.get(issue.check)
        if not replaced:
            return
        concept = issue.data.get("concept")
        for r in replaced:
            if concept:
                self._concepts.add((issue.unit, r, concept))
            if issue.source_span:
                self._spans.setdefault((issue.unit, r), []).append(issue.source_span)

    def replaced(self, issue: Issue) -> bool:
        if issue.check not in self.replaceable:
            return False
        concept = issue.data.get("concept")
        if concept:
            return (issue.unit, issue.check, concept) in self._concepts
        span = issue.source_span
        return span is not None and any(a < span[1] and span[0] < b
                                        for a, b in self._spans.get((issue.unit, issue.check), ()))


def iter_findings(checks: Sequence[Check], ctx: CheckContext) -> Iterator[Issue]:
    """The findings of ``checks`` on ``ctx.units`` as they are produced, check by check, honouring configuration,
    the language pair, severity overrides and unit flags; before :attr:`Check.supersedes` is applied and unsorted.
    What :func:`run_checks` collects, and what a streamed report spools (:class:`review_app.findings.FindingSpool`)."""
    flags: dict[str, frozenset[str]] = {}  # only units with flags (the last unit of an id wins, as in a dict)
    for u in ctx.units:
        if u.flags or u.id in flags:
            flags[u.id] = u.flags
    for chk in checks:
        if not switched_on(chk, ctx.config) or not chk.applies(ctx.source_lang, ctx.target_lang):
            continue
        override = ctx.config.severity.get(chk.check_id)
        found = chk.check_document(ctx)
        for issue in _accepting(found, ctx.config) if ctx.config.renderings else found:
            if flags:
                unit_flags = flags.get(issue.unit, frozenset())
                if "ignore:all" in unit_flags or f"ignore:{chk.check_id}" in unit_flags:
                    continue
            if override is not None:
                issue.severity = override
            yield issue


def _accepting(found: Iterable[Issue], config: CheckConfig) -> Iterator[Issue]:
    """``found``, each step of it run with the configuration's accepted renderings in the meaning analysis's
    dictionary (:func:`review_app.checks.renderings.active`): set while the check's code runs, not while the
    caller handles a finding."""
    from review_app.checks.renderings import active

    it = iter(found)
    while True:
        with active(config):
            issue = next(it, None)
        if issue is None:
            return
        yield issue


def report_order(units: Iterable[Unit], unit_ids: Iterable[str]) -> dict[str, int]:
    """``{unit id: unit index}`` for the ids that have findings: with the check id, the order of a report."""
    with_issues = set(unit_ids)
    return {u.id: u.index for u in units if u.id in with_issues}


def run_checks(checks: Iterable[Check], ctx: CheckContext) -> list[Issue]:
    """Run ``checks`` over ``ctx.units`` honouring configuration, the language pair, severity overrides, unit
    flags and :attr:`Check.supersedes`; the findings in report order (unit, then check id)."""
    checks = list(checks)
    out = drop_superseded(list(iter_findings(checks, ctx)), checks)
    order = report_order(ctx.units, (i.unit for i in out))
    out.sort(key=lambda i: (order.get(i.unit, 0), i.check))
    return out
