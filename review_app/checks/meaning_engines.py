"""The meaning checks run on each engine's MT candidates of a project: what the Dashboard counts per engine.

The checks of a QA run look at each segment's current target; to compare engines, this runs ``polarity``,
``omission``, ``addition`` and ``entity-consistency`` (opt-in checks, switched on here) on every engine's
candidates, segment by segment with the segment's source and document, and counts the findings per engine and
check. With a glossary, the glossary terms count as anchors (:mod:`review_app.checks.meaning`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks

MEANING_CHECKS = ("polarity", "omission", "addition", "entity-consistency")


@dataclass(slots=True)
class EngineCounts:
    engine: str
    segments: int
    """Segments with a candidate of this engine."""
    findings: Counter[str] = field(default_factory=Counter)
    """Check id → findings."""
    flagged: int = 0
    """Segments with at least one finding."""

    def as_row(self) -> dict[str, Any]:
        return {"engine": self.engine, "segments": self.segments, **{c: self.findings[c] for c in MEANING_CHECKS},
                "flagged segments": self.flagged,
                "flagged share": round(self.flagged / self.segments, 3) if self.segments else 0.0}


def engine_counts(svc: Any, glossary: Any = None, checks: tuple[str, ...] = MEANING_CHECKS) -> list[EngineCounts]:
    """Findings of the meaning checks on each engine's candidates (``svc``: a :class:`ReviewService`), engines by
    name. A segment with several candidates of one engine counts its latest."""
    from review_app.checks.registry import all_checks

    units: dict[str, dict[str, Unit]] = defaultdict(dict)
    for v in svc.list_segments():
        meta = {k: v.meta[k] for k in ("document", "domain") if k in v.meta}
        for c in svc.candidates(v.key):
            units[c.engine][v.key] = Unit(id=v.key, source=v.effective_source, target=c.text, index=v.index,
                                          meta=meta)
    chosen = [c for c in all_checks() if c.check_id in checks]
    config = CheckConfig(enabled_only=frozenset(checks), options={c: {"enabled": True} for c in checks})
    out = []
    for engine in sorted(units):
        us = sorted(units[engine].values(), key=lambda u: u.index)
        found = run_checks(chosen, CheckContext(units=us, source_lang=svc.source_lang, target_lang=svc.target_lang,
                                                glossary=glossary, config=config))
        counts = EngineCounts(engine, len(us), Counter(i.check for i in found), len({i.unit for i in found}))
        out.append(counts)
    return out
