"""Shared test data for the meaning checks: labelled rows of bench/data/meaning-labels.jsonl and WMT lines read in
place from ../shared/realworld (skipped when absent, a failure under CI=true)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "meaning-labels.jsonl"
REALWORLD = ROOT.parent / "shared" / "realworld"


def labelled_row(system: str, seg: int) -> dict[str, Any]:
    """The labelled segment row of ``system`` on WMT segment ``seg`` (1-based)."""
    for ln in LABELS.read_text(encoding="utf-8").splitlines():
        r = json.loads(ln) if ln.strip() else {}
        if r.get("system") == system and r.get("seg") == seg and "term" not in r:
            return r
    raise AssertionError(f"no labelled row {system} {seg}")


def wmt_lines(year: str, system: str | None = None) -> tuple[list[str], list[str]]:
    """WMT ``year``'s source lines and the reference's (or ``system``'s output), line-aligned, read in place."""
    folder = REALWORLD / f"{year}-ja-en"
    if not folder.is_dir():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"{folder}: missing under CI")
        pytest.skip(f"{folder} not present")
    src = (folder / "src.ja").read_text(encoding="utf-8").split("\n")
    tgt = (folder / ("ref.en" if system is None else f"hyp/{system}.en")).read_text(encoding="utf-8").split("\n")
    return src, tgt


def entity_row(system: str, term: str, in_set: str | None = None, not_in_set: str | None = None) -> dict[str, Any]:
    """The labelled entity row of ``system`` on ``term`` (of the set ``in_set``, or of any set but ``not_in_set``)."""
    for ln in LABELS.read_text(encoding="utf-8").splitlines():
        r = json.loads(ln) if ln.strip() else {}
        if (r.get("term") == term and r.get("system") == system
                and (in_set is None or r.get("set") == in_set)
                and (not_in_set is None or r.get("set") != not_in_set)):
            return r
    raise AssertionError(f"no entity row {system} {term}")


def run_entity(units: list[Any]) -> list[Any]:
    """The findings of ``entity-consistency`` alone on ``units`` (one document)."""
    from review_app.checks.base import CheckConfig, CheckContext, run_checks
    from review_app.checks.registry import all_checks

    checks = [c for c in all_checks() if c.check_id == "entity-consistency"]
    return run_checks(checks, CheckContext(units=units, config=CheckConfig(
        enabled_only=frozenset(["entity-consistency"]))))
