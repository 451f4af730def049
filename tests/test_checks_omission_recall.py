"""Omission's recall rules for what the dictionary coverage does not see (issue 16): a dropped sentence of a source
of several (``sentence``), a dropped bracketed part with a number or a date (``bracket``), a dropped degree or scope
word (``scope``). Each on WMT lines read in place from ../shared/realworld (the rows judged in
bench/data/omission-recall-read.jsonl) and on hostile input."""

from __future__ import annotations

from typing import Any

import pytest

from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.clauses import dropped_sentence, source_sentences
from review_app.checks.meaning import analyse
from review_app.checks.modality import SCOPE, dropped_closed
from review_app.checks.registry import all_checks
from tests.meaning_data import wmt_lines


def _wmt(year: str, seg: int, system: str | None = None) -> tuple[str, str]:
    src, tgt = wmt_lines(year, system)
    return src[seg - 1], tgt[seg - 1]


def _omission(source: str, target: str, options: dict[str, Any] | None = None, checks: tuple[str, ...] = (
        "omission",)) -> list[Any]:
    run = [c for c in all_checks() if c.check_id in checks]
    config = CheckConfig(enabled_only=frozenset(checks), options={"omission": options or {}})
    return list(run_checks(run, CheckContext(units=[Unit("1", source, target)], config=config)))


def _rules(source: str, target: str, options: dict[str, Any] | None = None) -> list[str]:
    return [f.data["rule"] for f in _omission(source, target, options)]


# -- sentence ------------------------------------------------------------------------------------------------------

ON = {"sentence": True}  # (off by default: see the rule's docstring)


def test_the_sentence_rule_is_off_by_default() -> None:
    # (the clause-by-clause ``aligned`` rule, on by default, reports the dropped sentence as a clause run, and the
    # ``grammar`` rules its dropped contrast, やってくれてる店とやってない店)
    assert "sentence" not in _rules(*_wmt("wmt21", 38, "Illini"))
    assert _rules(*_wmt("wmt21", 38, "Illini"), {"aligned": False, "grammar": False}) == []


def test_a_dropped_middle_sentence_of_a_quote_is_reported_as_that_sentence() -> None:
    source, target = _wmt("wmt21", 38, "Illini")
    found = _omission(source, target, ON)
    assert [f.data["rule"] for f in found] == ["sentence"]
    a, b = found[0].source_span
    assert source[a:b].startswith("感染症対策") and source[a:b].endswith("分けるべき。")
    # the reference renders it: nothing reported
    assert _omission(*_wmt("wmt21", 38), ON) == []


def test_a_dropped_first_sentence_inside_a_quote_is_reported() -> None:
    source, target = _wmt("wmt21", 153, "XMU")
    found = _omission(source, target, ON)
    assert [f.data["rule"] for f in found] == ["sentence"]
    a, b = found[0].source_span
    assert source[a:b] == "全体的に浮いていた。"


def test_an_exclamation_mark_inside_a_name_ends_no_sentence() -> None:
    # ヤフオク!とPayPayフリマ: read as two sentences, seven full renderings were reported (wmt22 line 1704)
    source, target = _wmt("wmt22", 1704, "Lan-Bridge")
    assert source_sentences(source) == () and "sentence" not in _rules(source, target, ON)  # (one sentence)
    assert source_sentences("Yahoo!ニュース。次の話") == ((0, 11), (11, 14))
    assert len(source_sentences("本当！？嘘でしょ")) == 2


def test_a_quote_s_last_sentence_with_its_framing_is_passed_over() -> None:
    # …引き継いでいきたい」と思いを新たにした: English restructures the framing ("renewed his belief that …")
    source, target = _wmt("wmt21", 669, "HuaweiTSC")
    ev = analyse(Unit("1", source, target))
    assert dropped_sentence(ev.words, source) is None
    assert "sentence" not in _rules(source, target, ON)


def test_sentence_rule_needs_another_sentence_rendered() -> None:
    # nothing of the source rendered: the whole rule's business, not a dropped sentence
    ev = analyse(Unit("1", "山田さんは東京に行った。鈴木さんは大阪で働いている。", "The weather is nice today."))
    assert dropped_sentence(ev.words, "山田さんは東京に行った。鈴木さんは大阪で働いている。") is None


@pytest.mark.parametrize("source", ["", "。", "。。。！！！", "「」」」『", "！" * 5000, "あ。" * 3000,
                                    "１２３。４５６！"])
def test_sentence_cuts_survive_hostile_input(source: str) -> None:
    spans = source_sentences(source)
    assert all(0 <= a < b <= len(source) for a, b in spans)
    ev = analyse(Unit("1", source, "Some text."))
    assert dropped_sentence(ev.words, source) is None or dropped_sentence(ev.words, source).n_words >= 1
    _omission(source, "Some text.", ON)


# -- bracket -------------------------------------------------------------------------------------------------------

def test_a_dropped_yen_conversion_is_one_omission_not_also_a_missing_number() -> None:
    source, target = _wmt("wmt21", 699, "Online-A")
    found = _omission(source, target, checks=("omission", "number-missing"))
    assert [(f.check, f.data.get("rule")) for f in found] == [("omission", "bracket")]
    a, b = found[0].source_span
    assert source[a:b] == "（約29億円）"
    # without omission the number check reports it as before
    assert [f.check for f in _omission(source, target, checks=("number-missing",))] == ["number-missing"]
    # the reference renders it
    assert "bracket" not in _rules(*_wmt("wmt21", 699))


def test_a_dropped_bracketed_date_is_reported() -> None:
    source, target = _wmt("wmt22", 1820, "Online-W")
    found = [f for f in _omission(source, target) if f.data["rule"] == "bracket"]
    assert found and source[found[0].source_span[0]:found[0].source_span[1]] == "（１２月１２日）"


def test_a_bracket_whose_number_is_rendered_is_not_reported() -> None:
    source = "今季の契約は1年2700万ドル（約29億円）となっている。"
    assert "bracket" not in _rules(source, "This season's contract is $27 million (about 2.9 billion yen) a year.")
    assert "bracket" not in _rules(source, "This season's contract is $27 million (about ¥2,900,000,000) a year.")


@pytest.mark.parametrize("source", ["（）", "（１２）", "（約29億円）", "((((1", "（約29億円", "約29億円）", "【】【】",
                                    "（" * 3000 + "１" + "）" * 3000, "（１２３４５６７８９０）" * 500, "(12)(34)(56)"])
def test_bracket_rule_survives_hostile_input(source: str) -> None:
    rules = _rules(source, "Nothing here.")
    if not source.strip("（）()【】1１2２3３4４5５6６7７8８9９0０約億円"):
        assert "bracket" not in rules  # (a bracket that is the whole source is not a dropped part of it)


# -- scope ---------------------------------------------------------------------------------------------------------

def test_a_dropped_naradewa_is_reported_and_a_rendered_one_is_not() -> None:
    source, target = _wmt("wmt21", 504, "Illini")
    assert _rules(source, target) == ["scope"]
    assert "scope" not in _rules(*_wmt("wmt21", 504))  # "could only be achieved online"


def test_keta_ga_chigau_needs_an_order_of_magnitude() -> None:
    source, target = _wmt("wmt22", 855, "KYB")
    assert _rules(source, target) == ["scope"]
    assert _rules(source, "It differs by an order of magnitude.") == []
    assert _rules(source, "The numbers are different by several digits.") == []


@pytest.mark.parametrize("source", ["", "ならでは", "ケタ" * 2000, "ならではの" * 1000 + "。"])
def test_scope_survives_hostile_input(source: str) -> None:
    dropped_closed(SCOPE, source, "text")
    dropped_closed(SCOPE, source, "")
    _omission(source, "A target.")


# -- hedge: impersonal と思われる (the labelling convention of bench/data/README.md) ----------------------------------

def test_an_impersonal_omowareru_dropped_is_a_dropped_hedge() -> None:
    from review_app.checks.modality import source_hedges

    assert [m.name for m, _ in source_hedges("見えるようになると思われるのが大きな流れだ。")] == ["reported"]
    assert [m.name for m, _ in source_hedges("原因と思われていた。")] == ["reported"]
    assert source_hedges("他の方を探すと良いと思われます。") == []  # the writer's own advice, politely softened
    assert source_hedges("良いと思う。") == []
    source, target = _wmt("wmt21", 525, "HuaweiTSC")
    assert _rules(source, target) == ["hedge"]
    assert _rules(*_wmt("wmt21", 525)) == []  # "what we can expect will become clearly visible"
