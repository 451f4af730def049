"""Recall of polarity, addition and entity-consistency on text nobody here wrote (issue 16): the labelled WMT21/22
rows of bench/data/meaning-labels.jsonl (kept in the repo) these checks used to miss, the professional
references of the same segments (read in place from ../shared/realworld), and hostile input."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.polarity import source_polarity
from review_app.checks.registry import all_checks
from tests.meaning_data import labelled_row, wmt_lines

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "meaning-labels.jsonl"
REALWORLD = ROOT.parent / "shared" / "realworld"


def _row(system: str, seg: int) -> dict[str, Any]:
    return labelled_row(system, seg)


def _reference(year: str, seg: int) -> tuple[str, str]:
    """The source and professional reference of WMT segment ``seg`` (1-based), read in place."""
    src, ref = wmt_lines(year)
    return src[seg - 1], ref[seg - 1]


def _run(units: list[Unit], ids: tuple[str, ...]) -> list[Any]:
    checks = [c for c in all_checks() if c.check_id in ids]
    return run_checks(checks, CheckContext(units=units, config=CheckConfig(enabled_only=frozenset(ids))))


def _kinds(source: str, target: str, check: str = "polarity") -> list[str]:
    return [f.data.get("kind", f.check) for f in _run([Unit("1", source, target)], (check,))]


# -- polarity -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("system,seg,year,kind", [
    # 合わんだろう: ん read by the parser as the particle の after the irrealis 合わ
    ("Lan-Bridge", 1268, "wmt22", "dropped-negation"),
    # 半端ない ("extreme") rendered "Why isn't … odd?"
    ("Online-Y", 1007, "wmt22", "added-negation"),
])
def test_polarity_finds_the_labelled_flips_it_used_to_miss(system: str, seg: int, year: str, kind: str) -> None:
    r = _row(system, seg)
    assert "polarity" in r["labels"]
    assert _kinds(r["source"], r["target"]) == [kind]
    # the professional reference of the same segment is not reported
    source, reference = _reference(year, seg)
    assert source == r["source"]
    assert _kinds(source, reference) == []


def test_source_polarity_reads_n_after_an_irrealis_verb() -> None:
    for source, marker in [("ソケット合わんだろう。", "ん"), ("そんなの知らんのだろう", "ん")]:
        sp = source_polarity(source)
        assert [source[s:e] for s, e in sp.markers] == [marker], source
    # ん that is not a negation: the nominaliser after a plain form, the volitional 言わんとする
    for source in ("行くんだろう。", "その言わんとすることは明らかだ。", "パンを食べたんです。"):
        assert source_polarity(source).markers == [], source


def test_polarity_unaligned_negation_of_a_dropped_clause_is_an_omission() -> None:
    # WMT22 1950 (KYB): the negated second sentence is left out: omission's to report, not a reversed polarity
    r = _row("KYB", 1950)
    assert "polarity" not in r["labels"]
    assert _kinds(r["source"], r["target"]) == []


def test_polarity_manner_negation_rendered_by_a_negation_or_without() -> None:
    # 気にしすぎないで ("without worrying too much") rendered "with too little care": a rendering of degree, judged a
    # false alarm in the random sample of findings (bench/data/meaning-findings.jsonl), though the first held-out
    # set labels it a flip; the rule that reported it (〜ないで wants a negation proper) is gone
    r = _row("Online-A", 617)
    src, tgt = r["source"], r["target"]
    assert tgt.endswith("with too little care.\"")
    assert _kinds(src, tgt) == []
    assert _kinds(src, tgt.replace("with too little care", "without worrying too much")) == []
    assert _kinds(src, tgt.replace("with too little care", "and we did not care too much")) == []
    # ないでしょう is not 〜ないで
    assert _kinds("彼は来ないでしょう。", "He will probably not come.") == []


def test_polarity_positive_idiom_only_when_its_negative_words_are_rendered() -> None:
    # 何となく ("somehow") is no negation; a "not" renders nothing of it
    assert _kinds("意味は何となく推測できそう。", "The meaning can somehow be guessed.") == []
    assert _kinds("意味は何となく推測できそう。", "The meaning cannot be guessed.") == ["added-negation"]
    # 不運 rendered "bad luck" elsewhere: the not is added; a source with a real negation is not reported
    assert _kinds("彼の不運は半端ない。", "His bad luck is extreme.") == []
    assert _kinds("彼の不運は半端なくはない。", "His bad luck is not extreme.") == []


@pytest.mark.parametrize("target", ["", "   ", "【】【】【】", "(<url>) " * 40, "not " * 2500,
                                    "The socket will fit. " * 500])
def test_polarity_hostile_targets(target: str) -> None:
    found = _run([Unit("1", "ソケット合わんだろう。", target)], ("polarity",))
    assert all(f.check == "polarity" for f in found)
    assert len(found) <= 1


# -- addition -------------------------------------------------------------------------------------------------

def _hypothesis(year: str, system: str, seg: int) -> str:
    folder = REALWORLD / f"{year}-ja-en" / "hyp"
    if not folder.is_dir():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"{folder}: missing under CI")
        pytest.skip(f"{folder} not present")
    return (folder / f"{system}.en").read_text(encoding="utf-8").split("\n")[seg - 1]


@pytest.mark.parametrize("system,seg,year,kind", [
    # the John clause five times over (Ringo's clause dropped)
    ("JDExploreAcademy", 700, "wmt22", "repetition"),
    # a hallucinated review ending in eleven exclamation marks
    ("Online-G", 911, "wmt22", "repetition"),
    # 【wigs2you】 after 水の天使 通販 ("Water Angel, online shop")
    ("KYB", 23, "wmt22", "bracket"),
])
def test_addition_finds_loops_and_invented_brackets(system: str, seg: int, year: str, kind: str) -> None:
    r = _row(system, seg)
    assert "addition" in r["labels"]
    found = _run([Unit("1", r["source"], r["target"])], ("addition",))
    assert [f.data.get("kind") for f in found] == [kind]
    s, e = found[0].target_span
    assert r["target"][s:e] in r["target"] and e > s
    source, reference = _reference(year, seg)
    assert _run([Unit("1", source, reference)], ("addition",)) == []


def test_addition_loop_spares_parallel_clauses_and_repeats_of_the_source() -> None:
    # WMT21 351, Facebook-AI: "there is more blood flow to the …" three times, far apart: the source's own
    # three clauses (rated 76)
    source, _ref = _reference("wmt21", 351)
    target = _hypothesis("wmt21", "Facebook-AI", 351)
    assert target.count("there is more blood flow to the") == 3
    assert [f for f in _run([Unit("1", source, target)], ("addition",)) if f.data.get("kind") == "repetition"] == []
    # WMT22 1166, KYB: 税抜 three times in the source, "yen tax" three times in the target
    r = _row("KYB", 1166)
    assert "addition" not in r["labels"]
    assert _run([Unit("1", r["source"], r["target"])], ("addition",)) == []
    # a source that itself repeats (バイバイバイバイ) lets the target repeat
    assert _run([Unit("1", "バイバイバイバイバイバイ", "Bye bye bye bye bye bye")], ("addition",)) == []
    assert [f.data.get("kind") for f in _run([Unit("1", "事故にバイバイ", "Bye " * 12)], ("addition",))] == [
        "repetition"]


def test_addition_negative_contraction_renders_the_source_negation() -> None:
    # WMT21 308, Illini: 通じないの → "i don't know what it is.": an omission, not an addition
    r = _row("Illini", 308)
    assert "addition" not in r["labels"]
    assert _run([Unit("1", r["source"], r["target"])], ("addition",)) == []


def test_addition_bracket_the_source_has_is_not_invented() -> None:
    assert _run([Unit("1", "【公式】#Product1#オンラインストア", "【Official】#Product1#Online Store")],
                ("addition",)) == []
    assert _run([Unit("1", "水の天使 wigs2you 通販", "Water Angel online store 【wigs2you】")], ("addition",)) == []


@pytest.mark.parametrize("target", ["", "   ", "【】【】【】", "【x】" * 2000, "(<url>) " * 1500, "not " * 2500,
                                    "The socket will fit. " * 500, "!" * 10_000])
def test_addition_hostile_targets(target: str) -> None:
    found = _run([Unit("1", "ソケット合わんだろう。", target)], ("addition",))
    assert len(found) <= 1
    for f in found:
        s, e = f.target_span
        assert 0 <= s < e <= len(target)


# -- entity-consistency ---------------------------------------------------------------------------------------

def _entity_row(system: str, term: str) -> dict[str, Any]:
    for ln in LABELS.read_text(encoding="utf-8").splitlines():
        r = json.loads(ln) if ln.strip() else {}
        if r.get("system") == system and r.get("term") == term:
            return r
    raise AssertionError(f"no labelled entity row {system} {term}")


def _names(row: dict[str, Any]) -> list[str]:
    units = [Unit(str(n), s, t, index=i)
             for i, (n, s, t) in enumerate(zip(row["segs"], row["sources"], row["targets"], strict=True))]
    return [f.data.get("name", "") for f in _run(units, ("entity-consistency",))]


@pytest.mark.parametrize("system,term,renderings", [
    # 理世 read ミチヨ by the parser; Kairi and Riyo share every sentence: Risei is 理世's, not 海利's
    ("Online-A", "理世", ("Riyo", "Risei")),
    ("JDExploreAcademy", "理世", ("Riyo", "Riso")),
    # 海利 read ウミリ: Kairi three times, Kaito once
    ("Lan-Bridge", "海利", ("Kairi", "Kaito")),
    # an accent is a letter of its own: Embape and Embapé are two spellings in one document
    ("Online-Y", "エムバペ", ("Embape", "Embapé")),
])
def test_entity_finds_the_labelled_variants_it_used_to_miss(system: str, term: str, renderings: tuple[str, ...]
                                                             ) -> None:
    row = _entity_row(system, term)
    assert "entity-consistency" in row["labels"]
    units = [Unit(str(n), s, t, index=i)
             for i, (n, s, t) in enumerate(zip(row["segs"], row["sources"], row["targets"], strict=True))]
    found = [f for f in _run(units, ("entity-consistency",)) if f.data.get("name") == term]
    assert len(found) == 1
    written = {r["rendering"] for r in found[0].data["renderings"]}
    assert set(renderings) <= written


@pytest.mark.parametrize("system,term", [("REF", "鱗滝"), ("DLUT", "海利"), ("AISP-SJTU", "海利"), ("KYB", "理世")])
def test_entity_quiet_on_consistent_labelled_documents(system: str, term: str) -> None:
    row = _entity_row(system, term)
    assert "entity-consistency" not in row["labels"]
    assert not any(term in n or n in term for n in _names(row) if n)


def test_entity_hostile_documents() -> None:
    units = [Unit(str(i), "理世は海利に会う。", t, index=i) for i, t in enumerate(
        ["", "【】【】", "Riyo " * 2000, "Risei meets Kairi.", "Riyo meets Kaito." * 300])]
    found = _run(units, ("entity-consistency",))
    assert all(f.check == "entity-consistency" for f in found)
    assert len(found) <= 2


def test_polarity_not_until_on_the_shipped_reference() -> None:
    """The hand-prepared reference of the shipped article renders 〜になってからだった by "did not … until":
    only then, not a negation (it was reported as an added one)."""
    from review_app.formats import read_bilingual

    units = [u for u in read_bilingual(ROOT / "corpus" / "musk-trump" / "reference.tmx").units if u.target]
    u = next(u for u in units if "正式に支持したのは" in u.source)
    assert "did not formally endorse Trump until" in (u.target or "")
    assert _kinds(u.source, u.target or "") == []
    assert _kinds(u.source, "Still, Musk did not formally endorse Trump.") == ["added-negation"]


@pytest.mark.parametrize("system,renderings", [("Online-A", {"Scaletaki", "Scales Takiki"}),
                                               ("Online-G", {"Scales Taki"})])
def test_entity_partly_translated_name(system: str, renderings: set[str]) -> None:
    row = _entity_row(system, "鱗滝")
    assert "entity-consistency" in row["labels"]
    units = [Unit(str(n), s, t, index=i)
             for i, (n, s, t) in enumerate(zip(row["segs"], row["sources"], row["targets"], strict=True))]
    found = [f for f in _run(units, ("entity-consistency",)) if f.data.get("name") == "鱗滝"]
    assert len(found) == 1 and "partly translated" in found[0].message
    assert {r["rendering"] for r in found[0].data["renderings"]} == renderings


def test_entity_partly_translated_spares_sound_glosses_and_generic_words() -> None:
    from review_app.checks.entity_terms import partly_translated

    assert partly_translated("炭治郎", "sumijirou", "Charcoal Jiro trained hard.") is not None
    assert partly_translated("鱗滝", "urokodaki", "Scaletaki said so.") is not None  # voicing aside
    assert partly_translated("鱗滝", "urokodaki", "Urokodaki said so.") is None
    assert partly_translated("鱗滝", "urokodaki", "the scale taki") is None  # not written as a name
    assert partly_translated("鱗滝", "urokodaki", "Scales Weigh more") is None  # not the rest's sound
    assert partly_translated("琴子", "kotoko", "Koto Ko designed it.") is None  # 琴's gloss "koto" is its sound
    assert partly_translated("琵琶湖", "biwako", "Lake Biwa") is None
    assert partly_translated("鱗滝", "urokodaki", "") is None
