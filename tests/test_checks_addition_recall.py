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
