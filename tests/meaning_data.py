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
