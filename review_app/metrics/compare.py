"""Compare MT candidates: the engine table behind ``review-app compare`` (a project or line-aligned files).

For every engine (the latest candidate per segment): BLEU, chrF, chrF++ and TER against the reference with
sacrebleu signatures; paired significance against a baseline (:mod:`review_app.metrics.significance`);
HTER — TER against the *approved* target, i.e. how much post-editing the engine's output needed (Snover et
al., 2006); term accuracy (:mod:`review_app.metrics.terms`); QA issues per 100 segments by severity when QA
checks are installed; and the segments where the engines disagree most (lowest mean pairwise chrF).

Reference, in a project: a bilingual file (e.g. the shipped ``reference.tmx``) whose units are matched to
segments by id, then by source text — the segment's original *or* corrected source, and the file's own
``x-review-app:corrected-source`` prop, so a source correction never drops a segment out of the scores; the
candidates of an engine whose provenance says it is a human reference (``kind: human-reference``, as the demo
imports ``reference.tmx``); or the approved targets. By default the reference engine when the project has one,
else the approved targets. An engine whose candidates *are* the reference (identical on every scored segment)
is never scored against it. Segments without a reference are named in a warning (count and ids).

Scores of different engines are computed on the same segments — those with a reference and a candidate from
every compared engine — so they are comparable; coverage differences are reported as warnings.

Cost is linear in segments × engines (``bench/compare_scale.py``): each metric's per-segment statistics are
extracted once per engine and serve the corpus score and the paired test; the pairwise chrF of the
disagreement table extracts each candidate's n-grams once per segment; glossary matches of a source are found
once for all engines.
"""

from __future__ import annotations

import html
import itertools
import json
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, Unpack

from sqlalchemy import func, select

from review_app.errors import InputError
from review_app.metrics.chrf import clipped_matches
from review_app.metrics.scores import Score, get_metric, system_statistics
from review_app.metrics.significance import (
    MIN_SEGMENTS,
    MIN_TESTABLE,
    PairedResult,
    paired_test_from_stats,
    small_sample_warning,
)
from review_app.metrics.terms import TermAccuracy, TermFinder, term_accuracy
from review_app.models import SegmentView, Status
from review_app.review import ReviewService
from review_app.store.schema import CandidateRow, DocumentRow, SegmentRow

DEFAULT_METRICS = ("bleu", "chrf", "chrf++", "ter")


@dataclass(slots=True)
class EngineRow:
    engine: str
    candidates: int
    scored: int = 0
    scores: dict[str, Score] = field(default_factory=dict)
    hter: Score | None = None
    hter_segments: int = 0
    terms: TermAccuracy | None = None
    qa: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "candidates": self.candidates,
            "scored_segments": self.scored,
            "scores": {k: v.as_json() for k, v in self.scores.items()},
            "hter": None if self.hter is None else {**self.hter.as_json(), "segments": self.hter_segments},
            "term_accuracy": None if self.terms is None else self.terms.as_json(),
            "qa": self.qa,
        }


@dataclass(slots=True)
class Disagreement:
    key: str
    index: int
    source: str
    spread: float
    """100 − mean pairwise chrF between the engines' candidates (0 = identical)."""
    candidates: dict[str, str]
    reference: str | None
    chrf_vs_reference: dict[str, float] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"segment": self.key, "index": self.index, "source": self.source, "spread": round(self.spread, 2),
                "candidates": self.candidates, "reference": self.reference,
                "chrf_vs_reference": {k: round(v, 2) for k, v in self.chrf_vs_reference.items()}}


@dataclass(slots=True)
class Comparison:
    project: str
    reference: str
    """``approved targets`` or the reference file's name."""
    segments: int
    referenced: int
    scored: int
    engines: list[EngineRow]
    baseline: str | None
    paired: PairedResult | None
    disagreements: list[Disagreement]
    signatures: dict[str, str]
    warnings: list[str]
    verdicts: list[str]
    excluded: list[str] = field(default_factory=list)
    """Engines left out because their candidates are the reference itself."""
    glossary: str | None = None
    """The signature of the glossary behind term accuracy and QA (name, version, size, content hash)."""
    mode: str = "project"
    """``project`` or ``files`` (line-aligned files, no project)."""

    def as_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "mode": self.mode,
            "reference": self.reference,
            "segments": self.segments,
            "referenced_segments": self.referenced,
            "scored_segments": self.scored,
            "baseline": self.baseline,
            "signatures": self.signatures,
            "engines": [e.as_json() for e in self.engines],
            "significance": None if self.paired is None else self.paired.as_json(),
            "verdicts": self.verdicts,
            "warnings": self.warnings,
            "excluded_engines": self.excluded,
            "glossary": self.glossary,
            "disagreements": [d.as_json() for d in self.disagreements],
        }


REFERENCE_KINDS = frozenset({"human-reference", "reference"})
"""Candidate provenance kinds that make an engine a reference rather than a system to rank."""
APPROVED = "approved"
"""``--reference approved``: the approved targets."""
ENGINE_PREFIX = "engine:"
"""``--reference engine:NAME``: that engine's candidates."""
MAX_IDS_SHOWN = 12


def latest_candidates(svc: ReviewService) -> dict[str, dict[str, str]]:
    """engine → segment key → text of the engine's latest candidate for the segment."""
    svc.require("read")
    q = (
        select(SegmentRow.key, CandidateRow.engine, CandidateRow.text)
        .join(CandidateRow, CandidateRow.segment_id == SegmentRow.id)
        .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
        .where(DocumentRow.project_id == svc.project_id)
        .order_by(CandidateRow.id)
    )
    out: dict[str, dict[str, str]] = {}
    with svc.db.session() as s:
        for key, engine, text in s.execute(q).all():
            out.setdefault(engine, {})[key] = text
    return out


def reference_engines(svc: ReviewService) -> list[str]:
    """Engines whose (first) candidate's provenance says they are a human reference, e.g. the demo's
    ``reference`` imported from ``reference.tmx`` with ``kind: human-reference``."""
    svc.require("read")
    first = (
        select(func.min(CandidateRow.id))
        .join(SegmentRow, CandidateRow.segment_id == SegmentRow.id)
        .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
        .where(DocumentRow.project_id == svc.project_id)
        .group_by(CandidateRow.engine)
    )
    with svc.db.session() as s:
        rows = s.execute(select(CandidateRow.engine, CandidateRow.provenance).where(CandidateRow.id.in_(first)))
        return sorted(e for e, prov in rows if str((prov or {}).get("kind", "")) in REFERENCE_KINDS)


def default_reference(svc: ReviewService) -> str:
    """What ``compare`` and the Compare page score against when nothing is chosen: the project's reference
    engine when it has one (``engine:NAME``), else the approved targets."""
    refs = reference_engines(svc)
    return f"{ENGINE_PREFIX}{refs[0]}" if refs else APPROVED


def _unit_forms(unit: Any) -> set[str]:
    from review_app.engines.file import normalise

    forms = {normalise(str(unit.source))}
    for ptype, text in unit.metadata.get("props", ()) or ():
        if ptype == "x-review-app:corrected-source" and str(text).strip():
            forms.add(normalise(str(text)))
    return forms


def _segment_forms(seg: SegmentView) -> list[str]:
    from review_app.engines.file import normalise

    forms = [normalise(seg.effective_source)]
    if seg.corrected_source is not None and normalise(seg.source) not in forms:
        forms.append(normalise(seg.source))
    return forms


def file_references(path: Path, segments: Sequence[SegmentView]) -> dict[str, str]:
    """Reference translations from a bilingual file, matched to segments by id, then by source text.

    A unit matches a segment when its source equals the segment's corrected *or* original source, or when its
    ``x-review-app:corrected-source`` prop equals either: correcting the source never drops a segment. A plain
    English text (``.txt``/``.md``) is aligned to the segments instead."""
    from review_app.engines.file import TEXT_EXTENSIONS, FileEngine

    if path.suffix.lower() in TEXT_EXTENSIONS:
        from review_app.engines.base import SegmentInput

        engine = FileEngine(path, provenance={"kind": "reference"})
        found = engine.translate_segments([SegmentInput(s.key, s.effective_source) for s in segments], "", "")
        return {c.segment_key: c.text for c in found if c is not None and c.segment_key is not None}
    if not path.is_file():
        raise InputError(f"--reference {path}: no such file; give a bilingual file (TMX, XLIFF, CSV, XLSX), "
                         "'approved' or engine:NAME")
    from review_app.formats import read_bilingual

    units = [u for u in read_bilingual(path).units if u.target is not None and str(u.target).strip()]
    by_id = {str(u.id): u for u in units}
    forms = {id(u): _unit_forms(u) for u in units}
    by_source: dict[str, deque[Any]] = {}
    for u in units:
        for f in forms[id(u)]:
            by_source.setdefault(f, deque()).append(u)
    out: dict[str, str] = {}
    for seg in segments:
        seg_forms = _segment_forms(seg)
        unit = by_id.get(seg.key)
        if unit is not None and not forms[id(unit)].intersection(seg_forms):
            unit = None  # same id, another sentence: the file is from another project
        if unit is None:
            for f in seg_forms:
                queue = by_source.get(f)
                if queue:  # repeated sentences take the units in order; extra repeats reuse the last one
                    unit = queue.popleft() if len(queue) > 1 else queue[0]
                    break
        if unit is not None:
            out[seg.key] = str(unit.target)
    return out


def _ids(keys: Sequence[str]) -> str:
    shown = ", ".join(keys[:MAX_IDS_SHOWN])
    return shown + (f" and {len(keys) - MAX_IDS_SHOWN} more" if len(keys) > MAX_IDS_SHOWN else "")


def qa_density(
    svc: Any, candidates: Mapping[str, str], segments: Sequence[Any], glossary: Any = None,
    *, source_lang: str | None = None, target_lang: str | None = None,
) -> dict[str, Any] | None:
    """QA issues per 100 candidates by severity, with the registered checks that run by default."""
    from review_app.checks.base import CheckContext, Unit, drop_superseded, run_checks
    from review_app.checks.registry import CHECKS

    checks = [CHECKS.get(name)() for name in CHECKS.names()]
    units = [Unit(id=s.key, source=s.effective_source, target=candidates[s.key], index=s.index)
             for s in segments if s.key in candidates]
    if not units:
        return None
    ctx = CheckContext(units=units, source_lang=source_lang or svc.source_lang,
                       target_lang=target_lang or svc.target_lang, glossary=glossary)
    issues = []
    failed = []
    for chk in checks:  # one failing check must not take the comparison down with it
        try:
            issues += run_checks([chk], ctx)
        except Exception:
            failed.append(chk.check_id)
    issues = drop_superseded(issues, checks)
    by_sev: dict[str, int] = {}
    for i in issues:
        by_sev[str(i.severity)] = by_sev.get(str(i.severity), 0) + 1
    n = len(units)
    return {
        "issues": len(issues),
        "per_100": round(100 * len(issues) / n, 2),
        "per_100_by_severity": {k: round(100 * v / n, 2) for k, v in sorted(by_sev.items())},
        "checks": len(checks) - len(failed),
        "failed_checks": failed,
    }


MAX_ALL_PAIRS = 6
"""Up to this many engines the spread averages every pair; beyond, each engine with its neighbour in name
order (both directions): an unbiased estimate of the same mean whose cost grows linearly with the engines."""


def _pairwise_chrf(texts: Sequence[str], chrf: Any) -> float:
    """Mean chrF over ordered pairs of ``texts`` (chrF is not symmetric: both directions), each equal to
    sacrebleu's ``sentence_score`` of the pair. Each text's n-grams are extracted and counted once, and the
    matches of a pair once for both directions (the clipped matches are symmetric; only which side's count
    is the hypothesis's and which the reference's differs), as sacrebleu's ``_get_match_statistics`` lays
    them out: per order, the hypothesis's n-grams (0 where the reference has none), the reference's, the
    matches."""
    grams = [chrf._extract_reference_info([chrf._preprocess_segment(t)])["ref_ngrams"][0] for t in texts]
    totals = [[sum(c.values()) for c in g] for g in grams]
    n = len(texts)
    if n <= MAX_ALL_PAIRS:
        order: Iterable[tuple[int, int]] = itertools.permutations(range(n), 2)
    else:
        order = [p for i in range(n) for p in ((i, (i + 1) % n), ((i + 1) % n, i))]
    matches: dict[tuple[int, int], list[int]] = {}
    total = 0.0
    pairs = 0
    for i, j in order:
        key = (i, j) if i < j else (j, i)
        found = matches.get(key)
        if found is None:
            found = matches[key] = [clipped_matches(a, b) for a, b in zip(grams[i], grams[j], strict=True)]
        stats: list[int] = []
        for h_total, r_total, r_grams, m in zip(totals[i], totals[j], grams[j], found, strict=True):
            stats += (h_total if r_grams else 0, r_total, m)
        total += float(chrf._compute_score_from_stats(stats).score)
        pairs += 1
    return total / pairs



def _disagreements(
    segments: Sequence[Any],
    cands: Mapping[str, Mapping[str, str]],
    refs: Mapping[str, str],
    top: int,
    target_lang: str,
) -> list[Disagreement]:
    if top <= 0 or len(cands) < 2:
        return []
    metric = get_metric("chrf", target_lang=target_lang)
    chrf = metric.sacre(sentence=True)
    out = []
    for seg in segments:
        texts = {e: c[seg.key] for e, c in cands.items() if seg.key in c}
        if len(texts) < 2:
            continue
        ordered = dict(sorted(texts.items()))
        mean = _pairwise_chrf(list(ordered.values()), chrf)
        out.append(Disagreement(seg.key, seg.index, seg.effective_source, 100 - mean, ordered, refs.get(seg.key)))
    out.sort(key=lambda d: (-d.spread, d.index))
    out = out[:top]
    with_ref = [d for d in out if d.reference is not None]
    if with_ref:
        pairs = [(d, e, t) for d in with_ref for e, t in d.candidates.items()]
        vals = metric.sentence_scores([t for _, _, t in pairs], [d.reference or "" for d, _, _ in pairs])
        for (d, e, _), v in zip(pairs, vals, strict=True):
            d.chrf_vs_reference[e] = v
    return out


@dataclass(slots=True)
class _Reference:
    label: str
    texts: dict[str, str]
    engine: str | None = None
    """The engine whose candidates are the reference (left out of the ranking)."""
    is_approved: bool = False


def resolve_reference(svc: ReviewService, reference: str | Path | None, segments: Sequence[SegmentView],
                      all_cands: Mapping[str, Mapping[str, str]]) -> _Reference:
    """The reference texts for ``reference``: a file, ``engine:NAME``, ``approved``, or ``None`` (the
    project's default, :func:`default_reference`)."""
    choice = str(reference) if reference is not None else default_reference(svc)
    if choice == APPROVED:
        texts = {s.key: s.target or "" for s in segments
                 if s.status is Status.APPROVED and (s.target or "").strip()}
        return _Reference("approved targets", texts, is_approved=True)
    if choice.startswith(ENGINE_PREFIX) and not Path(choice).exists():
        name = choice[len(ENGINE_PREFIX):]
        if name not in all_cands:
            known = ", ".join(sorted(all_cands)) or "none"
            raise InputError(f"--reference {choice}: no candidates from engine {name!r}; engines: {known}")
        return _Reference(f"engine {name}", dict(all_cands[name]), engine=name)
    path = Path(choice)
    return _Reference(path.name, file_references(path, segments))


class CompareOptions(TypedDict, total=False):
    """What a comparison computes, the same for a project (:func:`build_comparison`) and for line-aligned files
    (:func:`compare_files`); the defaults are :func:`compare_texts`'s."""

    baseline: str | None
    metrics: Sequence[str]
    test: str
    n_samples: int
    tokenize: str | None
    finder: TermFinder | None
    glossary: Any
    top: int
    qa: bool


def build_comparison(
    svc: ReviewService,
    *,
    reference: str | Path | None = None,
    engines: Sequence[str] | None = None,
    **options: Unpack[CompareOptions],
) -> Comparison:
    """Compare a project's engines (module docstring). ``reference``: a file, ``engine:NAME``, ``approved``
    or ``None`` for the project's default."""
    segments = svc.list_segments()
    all_cands = latest_candidates(svc)
    ref = resolve_reference(svc, reference, segments, all_cands)
    names = list(engines) if engines else sorted(e for e in all_cands if e != ref.engine)
    unknown = [e for e in names if e not in all_cands]
    if unknown:
        known = ", ".join(sorted(all_cands)) or "none yet (run 'review-app translate' or 'candidates import')"
        raise InputError(f"no candidates from engine {', '.join(unknown)}; engines with candidates: {known}")
    warnings: list[str] = []
    if ref.engine is not None and ref.engine in names:
        names.remove(ref.engine)
        warnings.append(f"engine {ref.engine} is the reference: it is not scored against itself")
    approved = {s.key: s.target or "" for s in segments if s.status is Status.APPROVED and (s.target or "").strip()}
    if not ref.is_approved:
        missing = [s for s in segments if s.key not in ref.texts]
        if missing:
            corrected = [s.key for s in missing if s.corrected_source is not None]
            warnings.append(
                f"{len(missing)} of {len(segments)} segments have no reference in {ref.label} and are left out "
                f"of the scores: {_ids([s.key for s in missing])}"
                + (f" ({len(corrected)} of them with a corrected source)" if corrected else ""))
    return compare_texts(
        project=svc.project_name, reference_label=ref.label, segments=segments,
        cands={e: all_cands[e] for e in names}, refs=ref.texts, approved=approved,
        source_lang=svc.source_lang, target_lang=svc.target_lang, warnings=warnings,
        exclude_identical=not ref.is_approved, **options,
    )


@dataclass(frozen=True, slots=True)
class LineSegment:
    """One line of line-aligned files, as :func:`compare_texts` sees a segment."""

    key: str
    """The 1-based line number, as text."""
    index: int
    effective_source: str


def compare_files(
    source: Path,
    reference: Path,
    hypotheses: Sequence[Path],
    *,
    source_lang: str = "ja",
    target_lang: str = "en",
    encoding: str | None = None,
    names: Sequence[str] | None = None,
    **options: Unpack[CompareOptions],
) -> Comparison:
    """Compare systems on line-aligned plain text (``compare --source SRC --reference REF HYP...``): line N of
    every file is segment N; lines are read as sacrebleu's CLI reads them (only LF ends a line, trailing
    whitespace stripped), so its scores equal sacrebleu's; systems are named after their files."""
    from review_app.formats.lines import read_aligned

    if reference in hypotheses:
        raise InputError(f"{reference} is both the reference and a system; a reference is not scored against "
                         "itself")
    files = read_aligned(source, [reference, *hypotheses], encoding=encoding, strip=True,
                         names=None if names is None else ["reference", *names])
    ref_file, *systems = files.others
    segments = [LineSegment(str(i + 1), i, line) for i, line in enumerate(files.source.lines)]
    refs = {s.key: text for s, text in zip(segments, ref_file.lines, strict=True)}
    cands: dict[str, dict[str, str]] = {}
    for f in systems:
        cands[f.name] = {s.key: text for s, text in zip(segments, f.lines, strict=True)}
    cmp = compare_texts(
        project=source.name, reference_label=reference.name, segments=segments, cands=cands, refs=refs,
        approved={}, source_lang=source_lang, target_lang=target_lang, **options,
    )
    cmp.mode = "files"
    return cmp


def compare_texts(
    *,
    project: str,
    reference_label: str,
    segments: Sequence[Any],
    cands: Mapping[str, Mapping[str, str]],
    refs: Mapping[str, str],
    approved: Mapping[str, str],
    source_lang: str,
    target_lang: str,
    baseline: str | None = None,
    metrics: Sequence[str] = DEFAULT_METRICS,
    test: str = "bs",
    n_samples: int = 0,
    tokenize: str | None = None,
    finder: TermFinder | None = None,
    glossary: Any = None,
    top: int = 10,
    qa: bool = True,
    warnings: list[str] | None = None,
    exclude_identical: bool = True,
) -> Comparison:
    """The comparison of ``cands`` (engine → segment key → text) against ``refs`` on ``segments`` (objects
    with ``key``, ``index``, ``effective_source``): what a project and line-aligned files share."""
    warnings = list(warnings or [])
    names = list(cands)
    metric_objs = [get_metric(m, target_lang=target_lang, tokenize=tokenize) for m in metrics]
    signatures = {m.name: m.signature for m in metric_objs}
    if not names:
        warnings.append("no candidates yet: run 'review-app translate' or 'review-app candidates import' first")
    common = [s for s in segments if s.key in refs and all(s.key in cands[e] for e in names)] if names else []
    # An engine whose candidates are the reference itself is not a system to rank against it. (Not against the
    # approved targets: a reviewer who approved an engine's output unchanged says something about that engine.)
    excluded = [e for e in names if exclude_identical and len(common) >= MIN_TESTABLE
                and all(cands[e][s.key] == refs[s.key] for s in common)]
    if excluded and len(excluded) < len(names):
        for e in excluded:
            warnings.append(f"engine {e} has the reference's own text on all {len(common)} scored segments: it is "
                            "the reference, not scored against itself")
        names = [e for e in names if e not in excluded]
        cands = {e: cands[e] for e in names}
        common = [s for s in segments if s.key in refs and all(s.key in cands[e] for e in names)]
    if not refs:
        warnings.append(
            "no reference: approve some segments (their targets become the reference) or pass --reference FILE; "
            "only term accuracy, QA and disagreements are shown"
        )
    else:
        for e in names:
            have = sum(1 for k in refs if k in cands[e])
            if have < len(refs):
                warnings.append(f"{e} has candidates for {have} of the {len(refs)} segments with a reference")
        if names and len(common) < len(refs):
            warnings.append(f"scores use the {len(common)} segments with a reference and a candidate from every engine")
    if baseline is not None and baseline not in names:
        raise InputError(f"baseline {baseline!r} has no candidates; choose one of: {', '.join(names)}")
    rows = [EngineRow(engine=e, candidates=len(cands[e])) for e in names]
    ref_texts = [refs[s.key] for s in common]
    stats: dict[str, dict[str, list[list[Any]]]] = {}
    hits = None
    if finder is not None:
        covered_keys = {s.key for s in segments if any(s.key in cands[e] for e in names)}
        hits = {s.key: finder(s.effective_source) for s in segments if s.key in covered_keys}
    if common and rows:
        stats = system_statistics(metric_objs, {e: [cands[e][s.key] for s in common] for e in names}, ref_texts)
    for row in rows:
        if common:
            row.scored = len(common)
            row.scores = {m.name: m.score_from_statistics(stats[row.engine][m.name]) for m in metric_objs}
        hter_keys = [s for s in segments if s.key in approved and s.key in cands[row.engine]]
        if hter_keys:
            ter = get_metric("ter", target_lang=target_lang)
            row.hter = ter.corpus_score([cands[row.engine][s.key] for s in hter_keys],
                                        [approved[s.key] for s in hter_keys])
            row.hter_segments = len(hter_keys)
        if finder is not None and hits is not None:
            covered = [s for s in segments if s.key in cands[row.engine]]
            row.terms = term_accuracy([s.effective_source for s in covered],
                                      [cands[row.engine][s.key] for s in covered], finder,
                                      hits=[hits[s.key] for s in covered])
        if qa:
            row.qa = qa_density(None, cands[row.engine], segments, glossary, source_lang=source_lang,
                                target_lang=target_lang)
    if rows and rows[0].hter is not None:
        signatures["hter"] = rows[0].hter.signature + "|ref:approved"
    paired = None
    verdicts: list[str] = []
    base = baseline or (names[0] if names else None)
    if len(names) >= 2 and common and base is not None:
        paired = paired_test_from_stats(stats, baseline=base, metrics=metric_objs, test=test, n_samples=n_samples)
        verdicts = paired.verdicts({m.name: m.higher_is_better for m in metric_objs})
        warnings.extend(paired.warnings)
    elif common:
        w = small_sample_warning(len(common))
        if w:
            warnings.append(w)
    return Comparison(
        project=project,
        reference=reference_label,
        segments=len(segments),
        referenced=len(refs),
        scored=len(common),
        engines=rows,
        baseline=base if paired is not None else None,
        paired=paired,
        disagreements=_disagreements(segments, cands, refs, top, target_lang),
        signatures=signatures,
        warnings=warnings,
        verdicts=verdicts,
        excluded=[e for e in excluded if e not in names],
        glossary=getattr(glossary, "signature", None) if finder is not None or glossary is not None else None,
    )


# -- rendering -------------------------------------------------------------------------------------------


def _p_value(cmp: Comparison, engine: str, metric: str) -> str:
    if cmp.paired is None or metric not in cmp.paired.results:
        return ""
    for r in cmp.paired.results[metric]:
        if r.system == engine:
            if r.p_value is None:
                return " (base)"
            if cmp.paired.n_segments < MIN_TESTABLE:
                return " (no test)"
            star = "*" if r.significant else ""
            return f" (p={r.p_value:.3f}{star})"
    return ""


def _ci(cmp: Comparison, engine: str, metric: str) -> str:
    if cmp.paired is None or metric not in cmp.paired.results or cmp.paired.n_segments < MIN_TESTABLE:
        return ""
    for r in cmp.paired.results[metric]:
        if r.system == engine and r.ci_low is not None and r.ci_high is not None:
            return f" [{r.ci_low:.1f}, {r.ci_high:.1f}]"
    return ""


def _cells(cmp: Comparison, row: EngineRow) -> list[str]:
    cells = [row.engine, str(row.candidates)]
    for m in cmp.signatures:
        if m == "hter":
            continue
        s = row.scores.get(m)
        cells.append("–" if s is None else f"{s.value:.2f}{_ci(cmp, row.engine, m)}{_p_value(cmp, row.engine, m)}")
    cells.append("–" if row.hter is None else f"{row.hter.value:.2f} (n={row.hter_segments})")
    if row.terms is None or row.terms.rate is None:
        cells.append("–")
    else:
        cells.append(f"{100 * row.terms.rate:.1f}% ({row.terms.correct}/{row.terms.total})")
    cells.append("–" if row.qa is None else f"{row.qa['per_100']:.1f}")
    return cells


def _headers(cmp: Comparison) -> list[str]:
    metric_heads = [m.upper() if m != "chrf++" else "chrF++" for m in cmp.signatures if m != "hter"]
    metric_heads = ["chrF" if h == "CHRF" else h for h in metric_heads]
    return ["engine", "cands", *metric_heads, "HTER", "terms", "QA/100"]


def render_table(cmp: Comparison) -> str:
    lines = [
        f"{cmp.mode} {cmp.project}: {cmp.segments} segments, reference = {cmp.reference} "
        f"({cmp.referenced} segments), scored on {cmp.scored}"
    ]
    heads = _headers(cmp)
    table = [heads] + [_cells(cmp, r) for r in cmp.engines]
    widths = [max(len(row[i]) for row in table) for i in range(len(heads))]
    for i, row in enumerate(table):
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    if cmp.paired is not None:
        lines.append(_legend(cmp))
    lines.append("signatures:")
    for name, sig in cmp.signatures.items():
        lines.append(f"  {name}: {sig}")
    if cmp.paired is not None:
        for name, sig in cmp.paired.signatures.items():
            lines.append(f"  {name} (significance): {sig}")
    if cmp.glossary:
        lines.append(f"  glossary (term accuracy, QA): {cmp.glossary}")
    for v in cmp.verdicts:
        lines.append(f"- {v}")
    for w in cmp.warnings:
        lines.append(f"warning: {w}")
    if cmp.disagreements:
        lines.append(f"segments where the engines disagree most (top {len(cmp.disagreements)}):")
        for d in cmp.disagreements:
            lines.append(f"#{d.index + 1} {d.key} spread {d.spread:.1f}: {d.source}")
            for e, t in d.candidates.items():
                vs = f" [chrF {d.chrf_vs_reference[e]:.1f}]" if e in d.chrf_vs_reference else ""
                lines.append(f"    {e}{vs}: {t}")
            if d.reference is not None:
                lines.append(f"    reference: {d.reference}")
    return "\n".join(lines) + "\n"


def _legend(cmp: Comparison) -> str:
    assert cmp.paired is not None
    kind = "bootstrap" if cmp.paired.test == "bs" else "approximate randomisation"
    n = cmp.paired.n_segments
    if n < MIN_TESTABLE:
        interval = f"no interval below {MIN_TESTABLE} segments (scored on {n})"
    elif n < MIN_SEGMENTS:
        interval = f"[lo, hi] = 95% bootstrap percentile interval, approximate at {n} segments"
    else:
        interval = "[lo, hi] = 95% bootstrap percentile interval"
    return (f"{interval}; p = paired {kind} ({cmp.paired.n_samples} samples) against baseline {cmp.baseline}; "
            "* = p < 0.05")


def metric_label(name: str) -> str:
    """BLEU, chrF, chrF++, TER, HTER as sacrebleu prints them."""
    return {"chrf": "chrF", "chrf++": "chrF++"}.get(name, name.upper())


def interval_rows(cmp: Comparison) -> list[dict[str, Any]]:
    """One row per (metric, engine): score and 95 % interval (``None`` where none can be given), the data of
    the per-engine chart of the HTML report and the Compare page."""
    out: list[dict[str, Any]] = []
    results = cmp.paired.results if cmp.paired is not None else {}
    small = cmp.paired is not None and cmp.paired.n_segments < MIN_TESTABLE
    for m in (k for k in cmp.signatures if k != "hter"):
        by_engine = {r.system: r for r in results.get(m, [])}
        for row in cmp.engines:
            score = row.scores.get(m)
            if score is None:
                continue
            r = by_engine.get(row.engine)
            low = None if r is None or small else r.ci_low
            high = None if r is None or small else r.ci_high
            out.append({"metric": metric_label(m), "engine": row.engine, "score": score.value, "low": low,
                        "high": high, "higher_is_better": score.higher_is_better})
    return out


def render_svg_chart(cmp: Comparison, *, width: int = 640) -> str:
    """Inline SVG: one panel per metric, a dot per engine at its score with the 95 % interval as a bar (no
    script, no network). Every label is escaped."""
    e = html.escape
    rows = interval_rows(cmp)
    if not rows:
        return ""
    metrics = list(dict.fromkeys(r["metric"] for r in rows))
    engines = [row.engine for row in cmp.engines]
    label_w, pad, row_h, head_h = 150, 16, 18, 22
    plot_w = width - label_w - 2 * pad
    parts: list[str] = []
    y = 0
    colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
               "#bcbd22", "#17becf"]
    for metric in metrics:
        mrows = [r for r in rows if r["metric"] == metric]
        values = [v for r in mrows for v in (r["score"], r["low"], r["high"]) if v is not None]
        lo, hi = min(values), max(values)
        span = (hi - lo) or 1.0
        lo, hi = lo - 0.05 * span, hi + 0.05 * span
        better = "higher is better" if mrows[0]["higher_is_better"] else "lower is better"

        def x(v: float, lo: float = lo, hi: float = hi) -> float:
            return label_w + pad + (v - lo) / (hi - lo) * plot_w

        parts.append(f'<text x="0" y="{y + 15}" font-weight="bold">{e(metric)}</text>'
                     f'<text x="{label_w + pad}" y="{y + 15}" fill="#666" font-size="11">{e(better)}; '
                     f'axis {lo:.1f}–{hi:.1f}</text>')
        y += head_h
        for r in mrows:
            colour = colours[engines.index(r["engine"]) % len(colours)] if r["engine"] in engines else "#333"
            cy = y + row_h / 2
            parts.append(f'<text x="0" y="{cy + 4:.1f}" font-size="12">{e(r["engine"])}</text>')
            parts.append(f'<line x1="{label_w + pad}" x2="{label_w + pad + plot_w}" y1="{cy:.1f}" y2="{cy:.1f}" '
                         'stroke="#eee"/>')
            if r["low"] is not None and r["high"] is not None:
                parts.append(f'<line x1="{x(r["low"]):.1f}" x2="{x(r["high"]):.1f}" y1="{cy:.1f}" y2="{cy:.1f}" '
                             f'stroke="{colour}" stroke-width="3"><title>{e(r["engine"])} {e(metric)} 95% '
                             f'interval [{r["low"]:.2f}, {r["high"]:.2f}]</title></line>')
            parts.append(f'<circle cx="{x(r["score"]):.1f}" cy="{cy:.1f}" r="4.5" fill="{colour}">'
                         f'<title>{e(r["engine"])} {e(metric)} {r["score"]:.2f}</title></circle>')
            parts.append(f'<text x="{width - 2}" y="{cy + 4:.1f}" font-size="11" text-anchor="end">'
                         f'{r["score"]:.2f}</text>')
            y += row_h
        y += 8
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{y}" viewBox="0 0 {width} {y}" '
            'role="img" aria-label="per-engine scores with 95% intervals" font-family="sans-serif" '
            f'font-size="13">{"".join(parts)}</svg>')


CSV_COLUMNS = ("engine", "metric", "score", "ci95_low", "ci95_high", "p_value", "baseline", "verdict",
               "segments", "reference", "signature", "significance_signature")


def render_csv(cmp: Comparison) -> str:
    """One row per engine and metric (BLEU, chrF, chrF++, TER, HTER, term accuracy, QA issues per 100) with
    the signature that reproduces each number; spreadsheet-safe cells."""
    import csv
    import io

    from review_app.formats.base import spreadsheet_cell
    from review_app.metrics.significance import verdict

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    results = cmp.paired.results if cmp.paired is not None else {}
    n_test = cmp.paired.n_segments if cmp.paired is not None else 0
    small = cmp.paired is not None and n_test < MIN_TESTABLE

    def num(v: float | None, digits: int = 4) -> str:
        return "" if v is None else f"{v:.{digits}f}"

    for row in cmp.engines:
        for m, score in row.scores.items():
            r = next((x for x in results.get(m, []) if x.system == row.engine), None)
            base_score = results[m][0].score if m in results else None
            w.writerow([spreadsheet_cell(str(c)) for c in (
                row.engine, metric_label(m), num(score.value), num(None if r is None or small else r.ci_low),
                num(None if r is None or small else r.ci_high), num(None if r is None else r.p_value),
                cmp.baseline or "",
                "" if r is None or base_score is None else verdict(r.p_value, r.score, base_score, n_test),
                row.scored, cmp.reference, score.signature,
                "" if cmp.paired is None else cmp.paired.signatures.get(m, ""))])
        if row.hter is not None:
            w.writerow([spreadsheet_cell(str(c)) for c in (
                row.engine, "HTER", num(row.hter.value), "", "", "", "", "", row.hter_segments, "approved targets",
                cmp.signatures.get("hter", row.hter.signature), "")])
        if row.terms is not None and row.terms.rate is not None:
            w.writerow([spreadsheet_cell(str(c)) for c in (
                row.engine, "term accuracy %", num(100 * row.terms.rate), "", "", "", "", "", row.terms.total,
                "glossary", cmp.glossary or "", "")])
        if row.qa is not None:
            w.writerow([spreadsheet_cell(str(c)) for c in (
                row.engine, "QA issues per 100", num(row.qa["per_100"], 2), "", "", "", "", "", row.candidates,
                "", f"checks:{row.qa['checks']}" + (f"|{cmp.glossary}" if cmp.glossary else ""), "")])
    return buf.getvalue()


def render_json(cmp: Comparison) -> str:
    return json.dumps(cmp.as_json(), ensure_ascii=False, indent=1) + "\n"


def render_html(cmp: Comparison) -> str:
    """A standalone HTML report; every piece of text is escaped before it is placed in markup."""
    e = html.escape
    head = "".join(f"<th>{e(h)}</th>" for h in _headers(cmp))
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in _cells(cmp, r)) + "</tr>" for r in cmp.engines)
    sigs = "".join(f"<li><b>{e(k)}</b>: <code>{e(v)}</code></li>" for k, v in cmp.signatures.items())
    if cmp.paired is not None:
        sigs += "".join(f"<li><b>{e(k)}</b> (significance): <code>{e(v)}</code></li>"
                        for k, v in cmp.paired.signatures.items())
    verdicts = "".join(f"<li>{e(v)}</li>" for v in cmp.verdicts)
    legend = f"<p>{e(_legend(cmp))}</p>" if cmp.paired is not None else ""
    svg = render_svg_chart(cmp)
    chart = f"<h2>Scores with 95% intervals</h2><figure>{svg}</figure>" if svg else ""
    if cmp.glossary:
        sigs += f"<li><b>glossary</b> (term accuracy, QA): <code>{e(cmp.glossary)}</code></li>"
    warns = "".join(f"<li class=warn>{e(w)}</li>" for w in cmp.warnings)
    dis = ""
    for d in cmp.disagreements:
        cands = "".join(
            f"<tr><th>{e(k)}</th><td>{e(v)}</td><td>"
            f"{e(f'{d.chrf_vs_reference[k]:.1f}') if k in d.chrf_vs_reference else ''}</td></tr>"
            for k, v in d.candidates.items()
        )
        ref = f"<tr><th>reference</th><td>{e(d.reference)}</td><td></td></tr>" if d.reference is not None else ""
        dis += (f"<h3>#{d.index + 1} <code>{e(d.key)}</code> — spread {d.spread:.1f}</h3>"
                f"<p lang=ja>{e(d.source)}</p><table>{cands}{ref}</table>")
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        f"<title>{e(cmp.project)} — engine comparison</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.warn{color:#a40}</style></head><body>"
        f"<h1>{e(cmp.project)}: engine comparison</h1>"
        f"<p>{cmp.segments} segments; reference = {e(cmp.reference)} ({cmp.referenced} segments); "
        f"scored on {cmp.scored}.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        f"{legend}{chart}"
        f"<h2>Signatures</h2><ul>{sigs}</ul><ul>{verdicts}</ul><ul>{warns}</ul>"
        f"<h2>Where the engines disagree most</h2>{dis}</body></html>\n"
    )


RENDERERS = {"table": render_table, "json": render_json, "html": render_html, "csv": render_csv}

__all__ = ["RENDERERS", "Comparison", "Disagreement", "EngineRow", "build_comparison", "compare_files",
           "compare_texts", "latest_candidates"]
