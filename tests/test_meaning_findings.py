"""bench/meaning_findings.py: the labelled sample of the meaning checks' findings on WMT system outputs."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "realworld"


def _mod():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "bench"))
    return importlib.import_module("meaning_findings")


def test_the_shipped_sample_is_labelled_and_names_its_draw() -> None:
    mf = _mod()
    rows = mf.load()
    assert len(rows) >= 60
    assert {r["check"] for r in rows} == {"omission", "addition", "polarity", "entity-consistency"}
    for r in rows:
        assert r["verdict"] in mf.VERDICTS and r["reason"], r
        assert r["message"] and r["drawn_at"], r
        if r["check"] == "entity-consistency":  # one finding on one output of a document: its lines, not one unit
            # two renderings or more; one when the finding is a name partly translated ('Scales Taki' for 鱗滝)
            least = 1 if "partly translated" in r["message"] else 2
            assert r["term"] and r["doc"] and len(r["renderings"]) >= least and r["lines"], r
        else:
            assert r["source"] and r["target"], r


def test_every_sample_the_bench_reads_loads() -> None:
    """bench/meaning.py and bench/meaning_findings.py read every bench/data/*-findings.jsonl as a sample of the
    four checks' findings: each must load (a sample of another check is named otherwise, e.g. consensus-sample)."""
    mf = _mod()
    paths = mf.samples()
    assert mf.SAMPLE in paths and len(paths) >= 3
    for path in paths:
        rows = mf.load(path)
        assert rows and {r["check"] for r in rows} <= set(mf.CHECKS), path


@pytest.mark.parametrize("line, error", [
    ('{"dataset": "wmt21"', "not JSON"),
    ('{"dataset": "wmt21", "verdict": "maybe"}', "verdict 'maybe' is not one of real, false-alarm, debatable"),
])
def test_a_bad_row_is_named_by_file_and_line(tmp_path: Path, line: str, error: str) -> None:
    mf = _mod()
    bad = tmp_path / "sample.jsonl"
    bad.write_text('{"dataset": "wmt21", "verdict": "real"}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(SystemExit) as e:
        mf.load(bad)
    assert f"{bad}:2:" in str(e.value) and error in str(e.value)


def test_scoring_reruns_the_checks_on_the_sampled_outputs(tmp_path: Path) -> None:
    if not SHARED.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("../shared/realworld is missing under CI=true")
        pytest.skip("../shared/realworld is not here")
    mf = _mod()
    # the MT loop ('Saga Newspaper Live' twelve times) is reported by any version of the check
    rows = [r for r in mf.load() if r["dataset"] == "wmt21" and r["check"] == "addition"
            and r["system"] == "Online-G" and r["seg"] == 801]
    assert rows and rows[0]["verdict"] == "real"
    # a row of a system that does not exist: nothing can report it
    fake = {**rows[0], "system": "NoSuchSystem", "verdict": "false-alarm", "reason": "not reported"}
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in [*rows, fake]), encoding="utf-8")
    b = mf.score(mf.load(path))["wmt21 addition @e00e6d6"]
    assert (b["rows"], b["real"], b["false-alarm"]) == (2, 1, 1)
    assert (b["real_still"], b["false-alarm_still"]) == (1, 0)
    assert b["precision_drawn"] == 0.5 and b["precision_now"] == 1.0
    assert b["real_lost"] == [] and b["false_alarms_still"] == []
