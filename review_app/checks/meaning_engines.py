"""The meaning checks run on each engine's MT candidates of a project: what the Dashboard counts per engine.

The checks of a QA run look at each segment's current target; to compare engines, this runs ``polarity``,
``omission``, ``addition`` and ``entity-consistency`` (opt-in checks, switched on here) on every engine's
candidates, segment by segment with the segment's source and document, and counts the findings per engine and
check. With a glossary, the glossary terms count as anchors (:mod:`review_app.checks.meaning`). Each engine's
findings are kept (:attr:`EngineCounts.issues`) so that a reviewer can go from a count to the segments behind it:
the Dashboard opens them on the Review page, ``review-app meaning-engines PROJECT --findings`` lists them. Each unit
carries the other engines' candidates of its segment (:attr:`Unit.alternatives`), what ``consensus`` reads when it
is among ``checks``.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from review_app.checks.base import CheckConfig, CheckContext, Issue, Unit, run_checks

MEANING_CHECKS = ("polarity", "omission", "addition", "entity-consistency")


@dataclass(frozen=True, slots=True)
class EngineFinding:
    """One finding of a meaning check on one engine's candidate of a segment."""

    engine: str
    segment: str
    """The segment's key (what the Review page opens)."""
    index: int
    """The segment's 1-based position in the document."""
    check: str
    severity: str
    message: str
    candidate: str
    """The candidate's text."""
    source_span: tuple[int, int] | None = None
    target_span: tuple[int, int] | None = None
    """The evidence: character offsets in the segment's source and in the candidate."""

    def as_row(self) -> dict[str, Any]:
        return {"engine": self.engine, "#": self.index, "segment": self.segment, "check": self.check,
                "severity": self.severity, "message": self.message, "candidate": self.candidate,
                "source_span": list(self.source_span) if self.source_span else None,
                "target_span": list(self.target_span) if self.target_span else None}


@dataclass(slots=True)
class EngineCounts:
    engine: str
    segments: int
    """Segments with a candidate of this engine."""
    findings: Counter[str] = field(default_factory=Counter)
    """Check id → findings."""
    flagged: int = 0
    """Segments with at least one finding."""
    issues: list[EngineFinding] = field(default_factory=list)
    """The findings, in document order."""
    checks: tuple[str, ...] = MEANING_CHECKS
    """The checks that ran (the columns of :meth:`as_row`)."""

    def as_row(self) -> dict[str, Any]:
        return {"engine": self.engine, "segments": self.segments, **{c: self.findings[c] for c in self.checks},
                "flagged segments": self.flagged,
                "flagged share": round(self.flagged / self.segments, 3) if self.segments else 0.0}


def engine_counts(svc: Any, glossary: Any = None, checks: tuple[str, ...] = MEANING_CHECKS,
                  engines: tuple[str, ...] | None = None,
                  options: dict[str, dict[str, Any]] | None = None) -> list[EngineCounts]:
    """Findings of the meaning checks on each engine's candidates (``svc``: a :class:`ReviewService`), engines by
    name (only ``engines`` when given; ``options``: more options per check, e.g. ``{"consensus": {"additions":
    True}}``). A segment with several candidates of one engine counts its latest."""
    from review_app.checks.registry import all_checks

    units: dict[str, dict[str, Unit]] = defaultdict(dict)
    for v in svc.list_segments():
        meta = {k: v.meta[k] for k in ("document", "domain") if k in v.meta}
        latest = {c.engine: c.text for c in svc.candidates(v.key)}
        for engine, text in latest.items():
            if engines is not None and engine not in engines:
                continue
            units[engine][v.key] = Unit(id=v.key, source=v.effective_source, target=text, index=v.index, meta=meta,
                                        alternatives=tuple(t for e, t in latest.items() if e != engine))
    chosen = [c for c in all_checks() if c.check_id in checks]
    config = CheckConfig(enabled_only=frozenset(checks),
                         options={c: {**(options or {}).get(c, {}), "enabled": True} for c in checks},
                         renderings=project_renderings(svc))
    out = []
    for engine in sorted(units):
        us = sorted(units[engine].values(), key=lambda u: u.index)
        found = run_checks(chosen, CheckContext(units=us, source_lang=svc.source_lang, target_lang=svc.target_lang,
                                                glossary=glossary, config=config))
        counts = EngineCounts(engine, len(us), Counter(i.check for i in found), len({i.unit for i in found}),
                              _findings(engine, us, found),
                              tuple(sorted(checks, key=lambda c: (c not in MEANING_CHECKS, _order(c)))))
        out.append(counts)
    return out


def _order(check: str) -> int:
    return MEANING_CHECKS.index(check) if check in MEANING_CHECKS else 0


def _findings(engine: str, units: list[Unit], found: list[Issue]) -> list[EngineFinding]:
    by_id = {u.id: u for u in units}
    rows = [EngineFinding(engine, i.unit, by_id[i.unit].index + 1, i.check, i.severity.value, i.message,
                          by_id[i.unit].target or "", i.source_span, i.target_span) for i in found if i.unit in by_id]
    return sorted(rows, key=lambda f: (f.index, f.check not in MEANING_CHECKS, _order(f.check)))


def project_renderings(svc: Any) -> dict[str, tuple[str, ...]]:
    """The renderings the project's QA settings accept (:mod:`review_app.checks.renderings`)."""
    from review_app import qa_settings

    return qa_settings.renderings(qa_settings.load(svc))


def provenance(glossary: Any = None, when: datetime | None = None, svc: Any = None) -> str:
    """What the counts were computed with: the tool and dictionary versions, the project's accepted renderings
    (with ``svc``), the glossary and the time."""
    from review_app.checks.meaning import load_dictionary
    from review_app.checks.renderings import signature
    from review_app.qa import glossary_signature, tool_version

    gloss = (glossary_signature(glossary) or "loaded") if glossary is not None else "none"
    accepted = signature(project_renderings(svc)) if svc is not None else None
    return (f"review_app {tool_version()}, {load_dictionary().version.split(' via ')[0]}"
            + (f" + accepted {accepted}" if accepted else "") + f", glossary {gloss}, "
            f"computed {(when or datetime.now(UTC)).strftime('%Y-%m-%d %H:%M')} UTC")


def render(counts: list[EngineCounts], fmt: str = "table", findings: bool = False, prov: str = "") -> str:
    """The counts per engine (with ``findings``: every finding, one a line) as a text table, JSON or CSV."""
    if fmt == "json":
        return json.dumps({"provenance": prov, "engines": [c.as_row() for c in counts],
                           **({"findings": [f.as_row() for c in counts for f in c.issues]} if findings else {})},
                          ensure_ascii=False, indent=2) + "\n"
    rows = [f.as_row() for c in counts for f in c.issues] if findings else [c.as_row() for c in counts]
    if fmt == "csv":  # every text cell through the formula guard: engine names, messages and candidates are data
        from review_app.formats.base import spreadsheet_cell

        buf = io.StringIO()
        cols = list(rows[0]) if rows else list(EngineFinding("", "", 0, "", "", "", "").as_row())
        w = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        w.writerows({k: spreadsheet_cell(v) if isinstance(v, str) else v for k, v in r.items()} for r in rows)
        return buf.getvalue()
    if findings:
        lines = [f"{f.engine}  #{f.index} {f.segment}  {f.check} [{f.severity}]  {f.message}" for c in counts
                 for f in c.issues]
        body = "\n".join(lines) if lines else "no findings"
    else:
        shown = counts[0].checks if counts else MEANING_CHECKS
        head = ["engine", "segments", *shown, "flagged", "share"]
        table = [[c.engine, str(c.segments), *(str(c.findings[k]) for k in shown), str(c.flagged),
                  f"{c.as_row()['flagged share']:.1%}"] for c in counts]
        widths = [max(len(h), *(len(r[i]) for r in table)) if table else len(h) for i, h in enumerate(head)]

        def line(cells: list[str]) -> str:
            return "  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(cells, widths,
                                                                                                 strict=True)))

        body = "\n".join([line(head), *(line(r) for r in table)]) if table else "no engine has candidates"
    return body + (f"\nprovenance: {prov}" if prov else "") + "\n"
