"""Addition's gloss rule (issue 16): a romanised word of the source explained in brackets the source does not have
("onigiri (rice balls)"), on WMT21/22 system outputs and references read in place from ../shared/realworld, a
labelled row of bench/data/meaning-labels.jsonl, and hostile input."""

from __future__ import annotations

from typing import Any

import pytest

from review_app.checks.addition import _gloss
from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.registry import all_checks
from tests.meaning_data import labelled_row, wmt_lines


def _findings(source: str, target: str) -> list[Any]:
    checks = [c for c in all_checks() if c.check_id == "addition"]
    ctx = CheckContext(units=[Unit("1", source, target)], config=CheckConfig(enabled_only=frozenset({"addition"})))
    return list(run_checks(checks, ctx))


def test_labelled_gloss_is_reported_minor() -> None:
    # second held-out set: '(Japanese feudal government headed by a shogun)' after 'bakufu' (幕府)
    row = labelled_row("Illini", 473)
    found = _findings(row["source"], row["target"])
    assert [f.data["kind"] for f in found] == ["gloss"]
    f = found[0]
    assert f.severity.value == "minor"
    a, b = f.target_span
    assert row["target"][a:b] == "(Japanese feudal government headed by a shogun)"
    assert "bakufu" in f.message


@pytest.mark.parametrize("year,system,seg,bracket", [
    ("wmt21", "movelikeajaguar", 122, "(rice balls)"),     # onigiri, the first of five glosses
    ("wmt21", "Illini", 996, "(Chinese gate)"),             # Karamon 唐門
    ("wmt22", "Online-W", 1872, "(stewed potato stew)"),    # imoni 芋煮
    ("wmt22", "DLUT", 983, "(lucky bag)"),                  # Fukubukuro 福袋
])
def test_wmt_glosses(year: str, system: str, seg: int, bracket: str) -> None:
    src, hyp = wmt_lines(year, system)
    found = _gloss(src[seg - 1], hyp[seg - 1])
    assert found is not None
    (a, b), _term = found
    assert hyp[seg - 1][a:b] == bracket


@pytest.mark.parametrize("year,system,seg", [
    ("wmt21", "HuaweiTSC", 332),   # 涼皮（リャンピー） → "liangpi" (cool skin): the source gives the reading
    ("wmt21", "IIE-MT", 660),      # （提供） → "(photo courtesy)": renders the source's bracket
    ("wmt21", "Illini", 931),      # （奥右） → "(Oku right)"
    ("wmt21", "Online-B", 90),     # 赤坂亭（赤磐市惣分） → "(Sobun, Akaiwa City)": the source's names
    ("wmt21", "HuaweiTSC", 749),   # ＝現ＰＳＶ＝ → "(currently PSV)": Latin text of the source
])
def test_brackets_that_render_the_source_are_not_glosses(year: str, system: str, seg: int) -> None:
    src, hyp = wmt_lines(year, system)
    assert _gloss(src[seg - 1], hyp[seg - 1]) is None


@pytest.mark.parametrize("year", ["wmt21", "wmt22"])
def test_no_reference_has_a_gloss(year: str) -> None:
    src, ref = wmt_lines(year)
    assert [i + 1 for i, (s, r) in enumerate(zip(src, ref, strict=False)) if s and _gloss(s, r)] == []


@pytest.mark.parametrize("source,target", [
    ("", ""),
    ("おにぎり", "((((((((("),
    ("おにぎり", "onigiri ()"),
    ("おにぎり", "onigiri (rice)"),                      # one word: not enough
    ("おにぎり（１個）", "onigiri (1 piece) (2 pieces)"),  # digits: a number, not a gloss
    ("おにぎり", "onigiri（ライス ボール）"),            # full-width bracket, no English words
    ("おにぎり", "(rice balls) onigiri"),                 # nothing before the bracket
    ("東京に行った", "I went to the capital (of Japan) yesterday"),  # the word before is English, not a reading
])
def test_hostile(source: str, target: str) -> None:
    assert _gloss(source, target) is None


def test_hostile_still_finds_a_gloss_in_full_width_brackets() -> None:
    found = _gloss("おにぎりを食べた", "I ate onigiri（rice balls）.")
    assert found is not None and found[1] == "onigiri"


# -- neighbour: a short run that opens the target and renders the neighbouring segment's source ------------------

def _doc_findings(sources: list[str], targets: list[str]) -> dict[str, list[Any]]:
    checks = [c for c in all_checks() if c.check_id == "addition"]
    units = [Unit(str(i + 1), s, t, index=i) for i, (s, t) in enumerate(zip(sources, targets, strict=True))]
    ctx = CheckContext(units=units, config=CheckConfig(enabled_only=frozenset({"addition"})))
    out: dict[str, list[Any]] = {}
    for f in run_checks(checks, ctx):
        out.setdefault(f.unit, []).append(f)
    return out


@pytest.mark.parametrize("year,seg,carried", [
    ("wmt21", 529, "matter how cheap they are, they will not buy"),   # いくら安くても… the sentence before
    ("wmt21", 663, "year, however, due to the new coronavirus, the festival"),
    ("wmt22", 330, "decided to use the money"),                        # そこで僕は決めたよ、このお金を使って、
])
def test_online_w_opens_with_its_neighbours_sentence(year: str, seg: int, carried: str) -> None:
    src, hyp = wmt_lines(year, "Online-W")
    lines = range(seg - 2, seg + 1)  # the previous, this and the next segment (0-based seg - 1 is this one)
    found = _doc_findings([src[i] for i in lines], [hyp[i] for i in lines])
    mine = [f for f in found.get("2", []) if f.data.get("kind") == "neighbour"]
    assert len(mine) == 1
    a, b = mine[0].target_span
    assert hyp[seg - 1][a:b] == carried


def test_reference_headline_is_not_a_carried_run() -> None:
    # 男女個人戦も独占 → "Dominating the Boys' and Girls' Singles": the next sentence's 男子/女子 explain the words, but
    # nothing after them renders the source: a loose rendering, not text carried over
    src, ref = wmt_lines("wmt21")
    found = _doc_findings(src[43:46], ref[43:46])
    assert "2" not in found


def test_neighbour_lead_words_zero_switches_the_short_run_off() -> None:
    src, hyp = wmt_lines("wmt21", "Online-W")
    checks = [c for c in all_checks() if c.check_id == "addition"]
    units = [Unit(str(i + 1), src[i], hyp[i], index=i) for i in range(527, 530)]
    config = CheckConfig(enabled_only=frozenset({"addition"}), options={"addition": {"neighbour_lead_words": 0}})
    assert [f for f in run_checks(checks, CheckContext(units=units, config=config)) if f.unit == "529"] == []


# -- sentences: abbreviations, list numbers, a bracketed question mark ------------------------------------------

def test_sentence_cuts_skip_abbreviations_and_list_numbers() -> None:
    from review_app.checks.addition import _sentences

    def cut(t: str) -> list[str]:
        return [t[a:b].strip() for a, b in _sentences(t)]

    assert cut("The prodigy, who also played No. 4 last fall, held his head high.") == [
        "The prodigy, who also played No. 4 last fall, held his head high."]
    assert cut("3. Lost in the Woods") == ["3. Lost in the Woods"]
    assert cut("I met F. Lopez. He is Ms. Watanabe's son. Then I left.") == [
        "I met F. Lopez.", "He is Ms. Watanabe's son.", "Then I left."]
    assert cut("") == []


def test_sentence_said_twice_with_three_words() -> None:
    # WMT22 Online-W 384: ただ、メンタル的には治って（？）たから、やる気は満々だった。 — the （？） ends no sentence
    src, hyp = wmt_lines("wmt22", "Online-W")
    found = _findings(src[383], hyp[383])
    assert [f.data["kind"] for f in found] == ["repeated-sentence"]
    a, b = found[0].target_span
    assert hyp[383][a:b] == "I was mentally cured (?), so I was very motivated."


@pytest.mark.parametrize("source,target", [
    ("治って（？）たから、やる気は満々だった。次も頑張る。",   # two source sentences: a repeat may render the second
     "I was cured (?), so I was motivated. I was cured (?), so I was motivated."),
    ("やる気は満々だった。", "I was motivated. I was motivated to win the whole league."),  # more than the first says
    ("やる気は満々だった。", "Go. Go."),
])
def test_three_word_repeat_hostile(source: str, target: str) -> None:
    from review_app.checks.addition import _repeated_sentence

    assert _repeated_sentence(source, target) is None
