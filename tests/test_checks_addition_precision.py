"""addition's precision on what it reports: the wider evidence a rule reads before it reports a unit
(:func:`review_app.checks.addition._still_unexplained`), the short-source requirement of the ``whole`` rule, the
run rule's share, on WMT21/22 system outputs whose findings were all read (bench/data/addition-whole-read.jsonl:
``whole``/``invented``; bench/data/addition-rule-read.jsonl: every other rule, read by the engineer "aprec") and on
hostile input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from review_app.checks.addition import _norm_romaji, _still_unexplained, _wider
from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.meaning import analyse
from review_app.checks.registry import all_checks

ROOT = Path(__file__).resolve().parent.parent
READ = [ROOT / "bench" / "data" / "addition-whole-read.jsonl", ROOT / "bench" / "data" / "addition-rule-read.jsonl"]


def _rows() -> list[dict[str, Any]]:
    return [json.loads(ln) for p in READ for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip()]


def _row(dataset: str, system: str, seg: int) -> dict[str, Any]:
    for r in _rows():
        if (r["dataset"], r["system"], r["seg"]) == (dataset, system, seg):
            return r
    raise AssertionError(f"no read addition finding {dataset} {system} {seg}")


def _kinds(source: str, target: str, **options: Any) -> list[Any]:
    checks = [c for c in all_checks() if c.check_id == "addition"]
    config = CheckConfig(enabled_only=frozenset(["addition"]), options={"addition": options} if options else {})
    ctx = CheckContext(units=[Unit("1", source, target)], config=config)
    return [f.data.get("kind") for f in run_checks(checks, ctx)]


def _left(source: str, target: str) -> list[str]:
    """The target words the alignment leaves unexplained and the wider evidence does not explain either."""
    spans = tuple(analyse(Unit("1", source, target)).unexplained)
    return [target[a:b] for a, b in _still_unexplained(source, target, spans)]


# -- the wider evidence -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("source,target,explained", [
    # a loanword's English origin as the parser gives it (チーズ-cheese), inside a katakana compound
    ("アツアツチーズをかけて完成!", "It is finished with hot cheese!", ["cheese", "hot"]),
    # romanised Japanese renders the source (新聞 Shimbun, 西日本 Nishinippon)
    ("（西日本新聞社提供）", "(Courtesy of the Nishinippon Shimbun)", ["Nishinippon", "Shimbun"]),
    ("でもそのキン肉マンをめぐってこんなひと悶もん着ちやくがある。", "But there is such an agony over that Kinnikuman.",
     ["Kinnikuman"]),
    # words the parse splits (お + めでとう) and light words (年)
    ("あけましておめでとうございます！", "Congratulations on the new year!", ["Congratulations"]),
    # a compound's parts (公式戦: 公式 "official") and light nouns (今年, 初)
    ("それでも、待ち望んだ今年初公式戦とあって気合が入った。",
     "Even so, it was the long-awaited first official game of the year, and I was energized.",
     ["official", "first", "year"]),
    # a precise key where the loose stems differ (reply → rep, replies → repl)
    ("返事をした。", "She replies.", ["replies"]),
])
def test_wider_evidence_explains_renderings_the_alignment_misses(source: str, target: str,
                                                                 explained: list[str]) -> None:
    spans = tuple(analyse(Unit("1", source, target)).unexplained)
    before = [target[a:b] for a, b in spans]
    after = _left(source, target)
    for w in explained:
        assert w in before, (w, before)  # the alignment alone leaves it unexplained …
        assert w not in after, (w, after)  # … the wider evidence explains it


@pytest.mark.parametrize("dataset,system,seg,left", [
    ("wmt21", "Online-W", 60, ["sure"]),                    # "I'm not sure what to make of it." for a box score
    ("wmt21", "Online-W", 957, ["pleased", "stingy"]),      # "I'm sure you'll be pleased to know …"
    ("wmt22", "Online-G", 1620, ["questions", "contact"]),  # "If you have any questions, please feel free …"
])
def test_wider_evidence_leaves_a_hallucination_unexplained(dataset: str, system: str, seg: int,
                                                           left: list[str]) -> None:
    r = _row(dataset, system, seg)
    after = _left(r["source"], r["target"])
    for w in left:
        assert w in after, (w, after)


def test_romanised_readings_fold_spellings_of_one_reading() -> None:
    assert _norm_romaji("Shimbun") == _norm_romaji("shinbun")
    assert _norm_romaji("Ohtani") == _norm_romaji("Otani")
    assert _norm_romaji("Koushien") == _norm_romaji("Koshien")
    assert _norm_romaji("Yuudai") == _norm_romaji("Yudai")
    assert _norm_romaji("Kohoku") != _norm_romaji("Koku")  # an h before a vowel is a syllable of its own
    # the readings of one to four words in a row, particles left out
    w = _wider("心は春満開です")
    assert "haru" in w.romaji and "mankai" in w.romaji and "harumankai" in w.romaji
    assert not any(r.startswith("ha") and r != "haru" and r.startswith("haharu") for r in w.romaji)


# -- the rules on read WMT findings ----------------------------------------------------------------------------


@pytest.mark.parametrize("dataset,system,seg", [
    ("wmt22", "JDExploreAcademy", 1810),  # 謹んでご冥福をお祈り致します → "May he rest in peace." (short source)
    ("wmt22", "AISP-SJTU", 1113),         # 駄文すいません。 → "I'm sorry." (short source)
    ("wmt22", "Online-Y", 1888),          # あけましておめでとうございます！ → "Congratulations on the new year!"
    ("wmt22", "Online-G", 123),           # アツアツチーズをかけて完成! → "It is finished with hot cheese!"
    ("wmt21", "HuaweiTSC", 854),          # （西日本新聞社提供） → "(Courtesy of Nishinippon Shimbun)"
    ("wmt21", "XMU", 150),                # "Still, I was excited because it was the long-awaited first official game"
    ("wmt22", "Online-B", 722),           # まとまるツヤ髪を。 → "Makes your hair manageable and shiny." (invented)
    ("wmt21", "Online-G", 988),           # "… 2nd work … 2022 year 12 month …": a literal rendering (run)
    ("wmt22", "Online-B", 1622),          # a complete rendering of two sentences (run)
    ("wmt21", "Online-Y", 951),           # a garbled rendering of a quotation (sentence)
])
def test_complete_renderings_are_no_longer_reported(dataset: str, system: str, seg: int) -> None:
    r = _row(dataset, system, seg)
    assert r["verdict"] == "false-alarm"
    assert _kinds(r["source"], r["target"]) == []


@pytest.mark.parametrize("dataset,system,seg,kind", [
    ("wmt21", "Online-W", 60, "whole"),     # a long source, "I'm not sure what to make of it."
    ("wmt21", "Online-W", 279, "whole"),    # "In the first inning, he struck out three times with the bases loaded."
    ("wmt22", "Online-G", 1620, "whole"),   # a short source, eight unexplained words
    ("wmt22", "Online-W", 1783, "invented"),
    ("wmt21", "Online-W", 623, "run"),      # another sentence of the match report
    ("wmt21", "Online-W", 966, "run"),      # "Japan's top club will decide …" for an ALS headline
    ("wmt22", "Online-W", 646, "sentence"),  # "The workshop will be held in the city of Tamano, Japan."
    ("wmt21", "Online-W", 312, "leading-clause"),
])
def test_hallucinations_are_still_reported(dataset: str, system: str, seg: int, kind: str) -> None:
    r = _row(dataset, system, seg)
    assert r["verdict"] == "real"
    assert _kinds(r["source"], r["target"]) == [kind]


def test_a_short_source_needs_six_unexplained_words() -> None:
    """駄文すいません (two known words): a target of two or four unexplained words may be a paraphrase; the option
    names the bar."""
    r = _row("wmt22", "Online-Y", 1113)  # "I'm sorry for the bad sentence." read as a complete rendering
    assert _kinds(r["source"], r["target"]) == []
    assert _kinds(r["source"], r["target"], whole_words=2, invented_words=3) != []


def test_precision_on_every_read_finding() -> None:
    """Every addition finding on the rated WMT21/22 outputs at cba71f4 was read (287: 122 real, 158 false alarms,
    7 debatable); the current rules report a subset of them. Measured: 108 real and 13 false alarms kept (the 6
    real ``neighbour`` findings need the document: each unit is checked alone here)."""
    rows = [r for r in _rows() if r["kind"] != "neighbour"]
    assert len(rows) >= 280
    kept = {"real": 0, "false-alarm": 0, "debatable": 0}
    for r in rows:
        if _kinds(r["source"], r["target"]):
            kept[r["verdict"]] += 1
    real = sum(r["verdict"] == "real" for r in rows)
    assert real >= 115 and kept["real"] >= 100
    assert kept["false-alarm"] <= 15
    assert kept["real"] / (kept["real"] + kept["false-alarm"]) >= 0.87


# -- hostile input ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source,target", [
    ("", "I'm not sure what to make of it."),
    ("🎉🎉🎉🎉", "This is the best app I have ever used."),
    ("ーーーー", "long long long long long long long long long long"),
    ("（）「」『』", "- - - -- --- ----"),
    ("ABC", "ABC ABC"),
    ("ｱｲｳｴｵ", "aiueo is a song about vowels and nothing else at all here"),
    ("東京" * 500, "Tokyo " * 300),
    ("今日は\u3000晴れ\t。", "Today is\u00a0sunny-ish\u200b, perhaps."),
])
def test_hostile_input_does_not_crash(source: str, target: str) -> None:
    kinds = _kinds(source, target)
    assert all(k in ("run", "whole", "invented", "sentence", "repetition", "bracket", "repeated-sentence",
                     "leading-clause", "neighbour") for k in kinds)
    assert isinstance(_left(source, target), list)


def test_a_hallucination_for_a_source_without_words_is_still_reported() -> None:
    """Nothing in the source to explain anything (brackets only) and a long target: an invented target."""
    assert _kinds("（）", "If you have any questions, please feel free to contact us.") == ["invented"]
    assert _kinds("（）", "(Courtesy)") == []
