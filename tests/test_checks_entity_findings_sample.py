"""bench/meaning_findings.py on entity-consistency: one sampled item is one finding, one system's output of one WMT
document (bench/data/entity-findings.jsonl, judged by the entity engineer by reading)."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "realworld"


def _mod() -> Any:
    sys.path.insert(0, str(ROOT / "bench"))
    return importlib.import_module("meaning_findings")


def test_the_entity_sample_is_labelled_and_shows_each_rendering_with_its_lines() -> None:
    mf = _mod()
    rows = mf.load(mf.ENTITY_SAMPLE)
    assert len(rows) >= 40
    for r in rows:
        assert r["check"] == mf.ENTITY and r["verdict"] in mf.VERDICTS and r["reason"], r
        assert r["term"] and r["doc"] and r["drawn_at"] and r["labelled_by"]
        assert len(r["renderings"]) >= 1 and all(x["lines"] for x in r["renderings"])
        shown = {ln["seg"] for ln in r["lines"]}
        assert r["seg"] in shown and len(shown) <= mf.SHOWN_LINES
        for ln in r["lines"]:
            assert ln["source"] and ln["target"] is not None and ln["reference"]
        # the finding names its term and every rendering it lists
        assert r["term"] in r["message"] and all(x["rendering"] in r["message"] for x in r["renderings"])


def test_an_entity_row_is_matched_by_system_document_and_term() -> None:
    mf = _mod()
    row = {"check": mf.ENTITY, "system": "Illini", "doc": "yahoo-ja.978451", "term": "相馬", "seg": 111}
    assert mf._key(row) == ("Illini", "yahoo-ja.978451", "相馬")
    assert mf._key({"check": "omission", "system": "Illini", "seg": 111}) == ("Illini", 111)


def test_scoring_an_entity_sample_reruns_the_check(tmp_path: Path) -> None:
    if not SHARED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/realworld is missing under CI=true")
        pytest.skip("../shared/realworld is not here")
    mf = _mod()
    base = {"dataset": "wmt21", "check": mf.ENTITY, "doc": "yahoo-ja.978451", "seg": 111, "drawn_at": "test",
            "of": 1, "reason": "r", "renderings": [], "lines": [], "message": "m"}
    rows = [  # the 相馬 finding that named 野馬追's renderings (gone), and the 野馬追 finding that replaces it
        {**base, "system": "Illini", "term": "相馬", "verdict": "false-alarm"},
        {**base, "system": "Illini", "term": "野馬追", "verdict": "real"},
    ]
    path = tmp_path / "e.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    b = mf.score(mf.load(path))["wmt21 entity-consistency @test"]
    assert (b["real_still"], b["false-alarm_still"]) == (1, 0)
    assert b["precision_now"] == 1.0 and b["real_lost"] == [] and b["false_alarms_still"] == []
