"""Compare a project's MT candidates: the engine table behind ``review-app compare``.

For every engine (the latest candidate per segment): BLEU, chrF, chrF++ and TER against the reference with
sacrebleu signatures; paired significance against a baseline (:mod:`review_app.metrics.significance`);
HTER — TER against the *approved* target, i.e. how much post-editing the engine's output needed (Snover et
al., 2006); term accuracy (:mod:`review_app.metrics.terms`); QA issues per 100 segments by severity when QA
checks are installed; and the segments where the engines disagree most (lowest mean pairwise chrF).

Reference: the approved targets by default, or a bilingual file (e.g. the shipped ``reference.tmx``) whose
units are matched to segments by id, then by source text. Scores of different engines are computed on the
same segments — those with a reference and a candidate from every compared engine — so they are comparable;
coverage differences are reported as warnings.
"""

from __future__ import annotations

import html
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from review_app.errors import InputError
from review_app.metrics.scores import Score, get_metric
from review_app.metrics.significance import MIN_TESTABLE, PairedResult, paired_test, small_sample_warning
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

    def as_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
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
            "disagreements": [d.as_json() for d in self.disagreements],
        }


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


def file_references(path: Path, segments: Sequence[SegmentView]) -> dict[str, str]:
    """Reference translations from a bilingual file, matched to segments by id then by source text."""
    from review_app.engines.base import SegmentInput
    from review_app.engines.file import FileEngine

    engine = FileEngine(path, provenance={"kind": "reference"})
    found = engine.translate_segments([SegmentInput(s.key, s.effective_source) for s in segments], "", "")
    return {c.segment_key: c.text for c in found if c is not None and c.segment_key is not None}


def qa_density(
    svc: ReviewService, candidates: Mapping[str, str], segments: Sequence[SegmentView], glossary: Any = None
) -> dict[str, Any] | None:
    """QA issues per 100 candidates by severity, with whichever registered checks are installed."""
    try:
        from review_app.checks.base import CheckContext, Unit, drop_superseded, run_checks
        from review_app.checks.registry import CHECKS
    except ImportError:  # pragma: no cover - the checks package ships with review_app
        return None
    checks = []
    for name in CHECKS.names():
        try:
            checks.append(CHECKS.get(name)())
        except (ImportError, AttributeError):  # a check module not written yet
            continue
    if not checks:
        return None
    units = [Unit(id=s.key, source=s.effective_source, target=candidates[s.key], index=s.index)
             for s in segments if s.key in candidates]
    if not units:
        return None
    ctx = CheckContext(units=units, source_lang=svc.source_lang, target_lang=svc.target_lang, glossary=glossary)
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


def _disagreements(
    segments: Sequence[SegmentView],
    cands: Mapping[str, Mapping[str, str]],
    refs: Mapping[str, str],
    top: int,
    target_lang: str,
) -> list[Disagreement]:
    if top <= 0 or len(cands) < 2:
        return []
    chrf = get_metric("chrf", target_lang=target_lang)
    rows = [(s, {e: c[s.key] for e, c in cands.items() if s.key in c}) for s in segments]
    rows = [(s, texts) for s, texts in rows if len(texts) >= 2]
    hyps: list[str] = []
    others: list[str] = []
    spans: list[tuple[int, int]] = []
    for _, texts in rows:
        start = len(hyps)
        for (_, a), (_, b) in itertools.combinations(sorted(texts.items()), 2):
            hyps += [a, b]
            others += [b, a]  # chrF is not symmetric: average both directions
        spans.append((start, len(hyps)))
    scores = chrf.sentence_scores(hyps, others) if hyps else []
    out = []
    for (seg, texts), (lo, hi) in zip(rows, spans, strict=True):
        mean = sum(scores[lo:hi]) / (hi - lo)
        out.append(Disagreement(seg.key, seg.index, seg.effective_source, 100 - mean, dict(sorted(texts.items())),
                                refs.get(seg.key)))
    out.sort(key=lambda d: (-d.spread, d.index))
    out = out[:top]
    with_ref = [d for d in out if d.reference is not None]
    if with_ref:
        pairs = [(d, e, t) for d in with_ref for e, t in d.candidates.items()]
        vals = chrf.sentence_scores([t for _, _, t in pairs], [d.reference or "" for d, _, _ in pairs])
        for (d, e, _), v in zip(pairs, vals, strict=True):
            d.chrf_vs_reference[e] = v
    return out


def build_comparison(
    svc: ReviewService,
    *,
    reference: Path | None = None,
    engines: Sequence[str] | None = None,
    baseline: str | None = None,
    metrics: Sequence[str] = DEFAULT_METRICS,
    test: str = "bs",
    n_samples: int = 0,
    tokenize: str | None = None,
    finder: TermFinder | None = None,
    glossary: Any = None,
    top: int = 10,
    qa: bool = True,
) -> Comparison:
    segments = svc.list_segments()
    all_cands = latest_candidates(svc)
    names = list(engines) if engines else sorted(all_cands)
    unknown = [e for e in names if e not in all_cands]
    if unknown:
        known = ", ".join(sorted(all_cands)) or "none yet (run 'review-app translate' or 'candidates import')"
        raise InputError(f"no candidates from engine {', '.join(unknown)}; engines with candidates: {known}")
    cands = {e: all_cands[e] for e in names}
    approved = {s.key: s.target or "" for s in segments if s.status is Status.APPROVED and (s.target or "").strip()}
    if reference is not None:
        refs = file_references(reference, segments)
        ref_label = reference.name
    else:
        refs = approved
        ref_label = "approved targets"
    warnings: list[str] = []
    target_lang = svc.target_lang
    rows = [EngineRow(engine=e, candidates=len(cands[e])) for e in names]
    metric_objs = [get_metric(m, target_lang=target_lang, tokenize=tokenize) for m in metrics]
    signatures = {m.name: m.signature for m in metric_objs}
    if not names:
        warnings.append("no candidates yet: run 'review-app translate' or 'review-app candidates import' first")
    # Segments every compared engine has a candidate for, that have a reference.
    common = [s for s in segments if s.key in refs and all(s.key in cands[e] for e in names)] if names else []
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
    ref_texts = [refs[s.key] for s in common]
    for row in rows:
        if common:
            hyps = [cands[row.engine][s.key] for s in common]
            row.scored = len(common)
            row.scores = {m.name: m.corpus_score(hyps, ref_texts) for m in metric_objs}
        hter_keys = [s for s in segments if s.key in approved and s.key in cands[row.engine]]
        if hter_keys:
            ter = get_metric("ter", target_lang=target_lang)
            row.hter = ter.corpus_score([cands[row.engine][s.key] for s in hter_keys],
                                        [approved[s.key] for s in hter_keys])
            row.hter_segments = len(hter_keys)
        if finder is not None:
            covered = [s for s in segments if s.key in cands[row.engine]]
            row.terms = term_accuracy([s.effective_source for s in covered],
                                      [cands[row.engine][s.key] for s in covered], finder)
        if qa:
            row.qa = qa_density(svc, cands[row.engine], segments, glossary)
    if rows and rows[0].hter is not None:
        signatures["hter"] = rows[0].hter.signature + "|ref:approved"
    paired = None
    verdicts: list[str] = []
    if baseline is not None and baseline not in names:
        raise InputError(f"baseline {baseline!r} has no candidates; choose one of: {', '.join(names)}")
    base = baseline or (names[0] if names else None)
    if len(names) >= 2 and common and base is not None:
        paired = paired_test(
            {e: [cands[e][s.key] for s in common] for e in names}, ref_texts, baseline=base,
            metrics=metric_objs,
            test=test, n_samples=n_samples, target_lang=target_lang, tokenize=tokenize,
        )
        verdicts = paired.verdicts({m.name: m.higher_is_better for m in metric_objs})
        warnings.extend(paired.warnings)
    elif common:
        w = small_sample_warning(len(common))
        if w:
            warnings.append(w)
    return Comparison(
        project=svc.project_name,
        reference=ref_label,
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
    if cmp.paired is None or metric not in cmp.paired.results:
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
        f"project {cmp.project}: {cmp.segments} segments, reference = {cmp.reference} "
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
        kind = "bootstrap" if cmp.paired.test == "bs" else "approximate randomisation"
        lines.append(
            f"[lo, hi] = 95% interval; p = paired {kind} ({cmp.paired.n_samples} samples) against baseline "
            f"{cmp.baseline}; * = p < 0.05"
        )
    lines.append("signatures:")
    for name, sig in cmp.signatures.items():
        lines.append(f"  {name}: {sig}")
    if cmp.paired is not None:
        for name, sig in cmp.paired.signatures.items():
            lines.append(f"  {name} (significance): {sig}")
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
        f"<h2>Signatures</h2><ul>{sigs}</ul><ul>{verdicts}</ul><ul>{warns}</ul>"
        f"<h2>Where the engines disagree most</h2>{dis}</body></html>\n"
    )


RENDERERS = {"table": render_table, "json": render_json, "html": render_html}

__all__ = ["RENDERERS", "Comparison", "Disagreement", "EngineRow", "build_comparison", "latest_candidates"]
