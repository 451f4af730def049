"""addition's near-repeated sentence, invented first sentence and invented leading clause, on WMT21/22 rows of
bench/data/meaning-labels.jsonl (labelled by hand, kept in the repo), the professional references of the same
segments (read in place from ../shared/realworld), other systems' outputs and hostile input."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from review_app.checks.addition import _SOURCE_END, _repeated_sentence
from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.registry import all_checks
from tests.meaning_data import labelled_row

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "meaning-labels.jsonl"
REALWORLD = ROOT.parent / "shared" / "realworld"


def _row(system: str, seg: int) -> dict[str, Any]:
    return labelled_row(system, seg)


def _lines(year: str, name: str) -> list[str]:
    folder = REALWORLD / f"{year}-ja-en"
    if not folder.is_dir():
        if os.environ.get("CI") == "true":
            raise AssertionError(f"{folder}: missing under CI")
        pytest.skip(f"{folder} not present")
    return (folder / name).read_text(encoding="utf-8").split("\n")


def _kinds(source: str, target: str) -> list[Any]:
    checks = [c for c in all_checks() if c.check_id == "addition"]
    ctx = CheckContext(units=[Unit("1", source, target)], config=CheckConfig(enabled_only=frozenset(["addition"])))
    return [f.data.get("kind") for f in run_checks(checks, ctx)]


@pytest.mark.parametrize("system,seg,year,kind", [
    # the delivery said twice: "… 40 pieces of Bizen ware will be delivered to the residents of Okayama City …"
    ("Online-G", 134, "wmt21", "repeated-sentence"),
    # "The workshop will be held in the city of Tamano, Japan." before "What is fun?" (「どんなときに楽しい ？ 」。)
    ("Online-W", 646, "wmt22", "sentence"),
    # "I've been living in the same prefecture for less than 30 years since I was born, and when I used …"
    ("Online-W", 312, "wmt21", "leading-clause"),
])
def test_addition_finds_what_mt_adds_to_a_correct_rendering(system: str, seg: int, year: str, kind: str) -> None:
    r = _row(system, seg)
    assert r["labels"] == ["addition"]
    assert _kinds(r["source"], r["target"]) == [kind]
    # the professional reference of the same segment is not reported
    source, reference = _lines(year, "src.ja")[seg - 1], _lines(year, "ref.en")[seg - 1]
    assert source == r["source"]
    assert _kinds(source, reference) == []


def test_repeated_sentence_on_other_wmt_outputs() -> None:
    # WMT22 171, Online-W: the Kojihara bridge sentence rendered twice
    src = _lines("wmt22", "src.ja")[170]
    hyp = _lines("wmt22", "hyp/Online-W.en")[170]
    assert hyp.count("The only road leading to the Kojihara district") == 2
    assert _kinds(src, hyp) == ["repeated-sentence"]
    # WMT21 39, Online-W: two parallel travel advisories of the source, about other prefectures: not a repeat
    src = _lines("wmt21", "src.ja")[38]
    hyp = _lines("wmt21", "hyp/Online-W.en")[38]
    assert hyp.count("Nagano Prefecture urges residents") == 2
    assert "repeated-sentence" not in _kinds(src, hyp)


def test_repeated_sentence_needs_more_target_sentences_and_shared_words() -> None:
    once = "The ministry said the vaccine will be delivered to elderly residents of Osaka next week."
    again = "The vaccine will be delivered to the elderly residents of Osaka by the ministry."
    assert _repeated_sentence("厚労省は来週、大阪の高齢者にワクチンを届けると発表した。", f"{once} {again}") is not None
    # as many source sentences as target sentences: each renders its own
    assert _repeated_sentence("厚労省が発表した。来週、大阪の高齢者にワクチンを届ける。", f"{once} {again}") is None
    # a second sentence sharing a name and a verb is not a repeat
    other = "Osaka residents said the delivery was late and the ministry apologised for it."
    assert _repeated_sentence("厚労省は来週、大阪の高齢者にワクチンを届けると発表した。", f"{once} {other}") is None
    # hostile: no spaces, no Latin letters, one long run of punctuation
    assert _repeated_sentence("。。。", "。" * 200) is None
    assert _kinds("。。。", "") == []


def test_source_sentence_end_inside_a_quotation_is_not_a_sentence() -> None:
    assert _SOURCE_END.findall("「どんなときに楽しい ？ 」。") == []
    assert len(_SOURCE_END.findall("楽しい？ 次に行こう。")) == 1
    assert _SOURCE_END.findall("次に行こう。") == []
    # a quotation followed by more of the sentence still counts as one (as before: 「楽しい！」と言った。 may be
    # rendered as two sentences, '"Fun!" he said.')
    assert len(_SOURCE_END.findall("「楽しい！」と言った。次に行こう。")) == 2


def test_leading_clause_spares_idiomatic_openings_of_the_source() -> None:
    # WMT22 1151, reference: 現在、リハビリ中ですが → "I'm currently undergoing physical therapy, but …"
    src, ref = _lines("wmt22", "src.ja")[1150], _lines("wmt22", "ref.en")[1150]
    assert ref.startswith("I'm currently undergoing physical therapy,")
    assert _kinds(src, ref) == []
    # WMT21 188, Illini: a fronted clause with the source's name ("Due to the late arrival of Kendrick Nan, …")
    src, hyp = _lines("wmt21", "src.ja")[187], _lines("wmt21", "hyp/Illini.en")[187]
    assert hyp.startswith("Due to the late arrival of Kendrick Nan,")
    assert _kinds(src, hyp) == []


# -- entity-consistency ---------------------------------------------------------------------------------------

def _entity_row(term: str, system: str) -> dict[str, Any]:
    for ln in LABELS.read_text(encoding="utf-8").splitlines():
        r = json.loads(ln) if ln.strip() else {}
        if r.get("term") == term and r.get("system") == system:
            return r
    raise AssertionError(f"no labelled entity row {term} {system}")


def _names(sources: list[str], targets: list[str]) -> list[str]:
    units = [Unit(str(i), s, t, index=i) for i, (s, t) in enumerate(zip(sources, targets, strict=True))]
    checks = [c for c in all_checks() if c.check_id == "entity-consistency"]
    ctx = CheckContext(units=units, config=CheckConfig(enabled_only=frozenset(["entity-consistency"])))
    return [f.data.get("name", "") for f in run_checks(checks, ctx)]


@pytest.mark.parametrize("term,system", [
    # レイズ筒香 / 筒香嘉 + 智 / 筒香: the parser joins the name to its neighbours differently in each sentence
    ("筒香", "NiuTrans"), ("筒香", "Online-Y"), ("筒香", "movelikeajaguar"),
    # Macao / Macau: English words, the katakana name's own spellings
    ("マカオ", "NiuTrans"), ("マカオ", "Online-Y"),
    # "Macau" and "Macao Newspaper" in one sentence, each alone elsewhere
    ("マカオ", "Facebook-AI"),
])
def test_entity_consistency_finds_a_name_joined_to_its_neighbours(term: str, system: str) -> None:
    r = _entity_row(term, system)
    assert r["labels"] == ["entity-consistency"]
    assert term in _names(r["sources"], r["targets"])
    # the professional reference of the same segments spells the name one way
    src, ref = _lines(r["dataset"], "src.ja"), _lines(r["dataset"], "ref.en")
    assert [src[n - 1] for n in r["segs"]] == r["sources"]
    assert term not in _names(r["sources"], [ref[n - 1] for n in r["segs"]])


def test_entity_consistency_spares_renderings_of_other_names_and_consistent_systems() -> None:
    # 十和田 Towada throughout; 'Todai' (twice) renders 中野渡大 in a sentence whose 十和田南支店 the target drops
    r = _entity_row("十和田", "Online-A")
    assert r["labels"] == []
    assert "十和田" not in _names(r["sources"], r["targets"])
    # systems that render マカオ and 筒香 one way throughout are not reported
    for term, system in (("マカオ", "HuaweiTSC"), ("筒香", "Facebook-AI")):
        r = _entity_row(term, system)
        assert r["labels"] == []
        assert term not in _names(r["sources"], r["targets"])


def test_entity_consistency_counts_the_sources_latin_spelling_as_a_mention() -> None:
    # WMT21 259-275, XMU: 「スペクティ」 "developed by Spectee" (Spectee twice, once for the source's Latin Spectee),
    # then Specti: still reported
    src, hyp = _lines("wmt21", "src.ja"), _lines("wmt21", "hyp/XMU.en")
    sources, targets = src[258:275], hyp[258:275]
    assert targets[0].count("Spectee") == 2 and "Spectee" in sources[0]
    assert "スペクティ" in _names(sources, targets)


def test_with_parts_adds_a_documents_term_another_term_contains() -> None:
    from review_app.checks.entity_terms import Term, with_parts

    a, b, c = Term("レイズ筒香", "reizutsutsuga"), Term("筒香", "tsutsuga"), Term("筒香嘉", "tsutsugaka")
    out = with_parts([(a,), (c,), (b,)])
    assert out == [(a, b), (c, b), (b,)]
    # a part must stand alone somewhere, with two characters or more
    assert with_parts([(a,), (c,)]) == [(a,), (c,)]
    one = Term("筒", "tsutsu")
    assert with_parts([(a,), (one,)]) == [(a,), (one,)]
    assert with_parts([]) == []


def test_apart_lets_one_letter_spellings_share_a_sentence_only_when_each_occurs_alone() -> None:
    from review_app.checks.entity_terms import _apart

    assert _apart({0, 1}, {0, 3}, "macau", "macao")
    assert not _apart({0}, {0, 3}, "macau", "macao")  # one of them never occurs without the other
    assert not _apart({0, 1}, {0, 3}, "kairi", "kaito")  # two letters apart: two names in one sentence
    assert _apart({1}, {2}, "kairi", "kaito")


# -- addition across units: text carried over from a neighbouring segment ------------------------------------

def _doc_findings(sources: list[str], targets: list[str], doc: str | None = "d") -> list[Any]:
    units = [Unit(str(i + 1), s, t, index=i, meta={"document": doc} if doc else {})
             for i, (s, t) in enumerate(zip(sources, targets, strict=True))]
    checks = [c for c in all_checks() if c.check_id == "addition"]
    ctx = CheckContext(units=units, config=CheckConfig(enabled_only=frozenset(["addition"])))
    return list(run_checks(checks, ctx))


def test_addition_finds_words_carried_over_from_the_next_segment() -> None:
    # WMT22 1136-1138, Online-W: the next sentence's hydrogen stations appended to 1137 after "17,700"
    src, hyp, ref = _lines("wmt22", "src.ja"), _lines("wmt22", "hyp/Online-W.en"), _lines("wmt22", "ref.en")
    sources, targets = src[1135:1138], hyp[1135:1138]
    assert "hydrogen stations" in targets[1] and "水素ステーション" in sources[2]
    found = [f for f in _doc_findings(sources, targets) if f.data.get("kind") == "neighbour"]
    assert [(f.unit, f.data["neighbour"]) for f in found] == [("2", "3")]
    s, e = found[0].target_span
    assert "hydrogen stations" in targets[1][s:e]
    # checked alone, the unit has no neighbour; the professional reference of the three is not reported
    assert [f for f in _doc_findings(sources[1:2], targets[1:2]) if f.data.get("kind") == "neighbour"] == []
    assert _doc_findings(sources, ref[1135:1138]) == []
    # a neighbour in another document is no neighbour
    units = [Unit(str(i + 1), s, t, index=i, meta={"document": f"d{i}"})
             for i, (s, t) in enumerate(zip(sources, targets, strict=True))]
    checks = [c for c in all_checks() if c.check_id == "addition"]
    ctx = CheckContext(units=units, config=CheckConfig(enabled_only=frozenset(["addition"])))
    assert [f for f in run_checks(checks, ctx) if f.data.get("kind") == "neighbour"] == []


def test_addition_neighbour_rule_on_hostile_input() -> None:
    # no documents at all (one file is one document), empty and repeated sources, targets without spaces
    assert _doc_findings(["", "。", "次"], ["", "", "x" * 500], doc=None) == []
    same = "教訓を忘れないために２０２１年から町独自の取り組みを始めた。"
    text = "The town started its own initiative in 2021 so as not to forget the lessons learned."
    assert _doc_findings([same, same], [text, text]) == []
