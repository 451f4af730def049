"""The helpers that spare the meaning checks' per-unit work (addition's :func:`content_spans`, polarity's cheap
tests before a parse) give exactly what the slower code they replace gave: on the WMT21/22 references and a
system output, and on hostile text."""

from __future__ import annotations

from typing import cast

import pytest

from review_app.checks import modality
from review_app.checks.addition import Neighbours, _only, content_spans
from review_app.checks.base import Unit
from review_app.checks.meaning import EN_STOP, Digest, analyse, target_words
from review_app.checks.polarity import _negating_rendered, source_polarity
from tests.meaning_data import wmt_lines


def _slow_content(target: str) -> tuple[tuple[int, int], ...]:
    """What the rules read before :func:`content_spans`: target_words filtered."""
    return tuple((s, e) for w, s, e in target_words(target) if w.lower() not in EN_STOP and len(w) >= 3)


HOSTILE = [
    "", " ", "a", "ab", "abc", "The", "the cat", "it's", "it'", "'it'", "e-mail", "a-b", "ab-", "-ab-", "a--b",
    "ab'", "ab'c", "x-ray x--ray -x- --", "don't won't can't", "Ｆｕｌｌｗｉｄｔｈ ｗｏｒｄｓ", "naïve café résumé",
    "İstanbul ıi ſt Kelvin", "東京 Tokyo東京Tokyo", "rock'n'roll o'clock O'Neill", "3rd 21st 100th A1 B-2 x2y",
    "ab-cd-ef ab-'-cd", "word\u00adword", "tab\tsep\nline", "AND THE OF", "an  and  under",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_content_spans_equal_the_filtered_target_words_on_hostile_text(target: str) -> None:
    assert content_spans(target) == _slow_content(target)


@pytest.mark.parametrize("year,system", [("wmt21", None), ("wmt22", None), ("wmt21", "Online-A")])
def test_content_spans_equal_the_filtered_target_words_on_wmt(year: str, system: str | None) -> None:
    _src, targets = wmt_lines(year, system)
    assert len(targets) > 900
    for t in targets:
        assert content_spans(t) == _slow_content(t), t


def test_content_spans_are_tuples_of_the_words_spans() -> None:
    t = "Yamatsuri Town experienced an unexpected disaster in which a bridge was washed away."
    assert [t[a:b] for a, b in content_spans(t)] == ["Yamatsuri", "Town", "experienced", "unexpected", "disaster",
                                                     "bridge", "washed", "away"]


@pytest.mark.parametrize("year", ["wmt21", "wmt22"])
def test_the_idiom_test_before_the_parse_answers_as_the_parse_did(year: str) -> None:
    """``_negating_rendered`` returns False without a parse when the source has none of the positive idioms; the
    parse's answer there was False too (no idiom: ``positive`` empty)."""
    sources, _t = wmt_lines(year)
    for s in sources:
        sp = source_polarity(s)
        if not sp.positive:
            assert not _negating_rendered(s, cast(Digest, None))  # (the digest is not read)
    some = [s for s in sources if source_polarity(s).positive]
    assert some, "no source with a positive idiom (まもなく, 半端ない…): the test reads nothing"


def test_only_blanks_all_but_the_spans_and_keeps_offsets() -> None:
    t = "Hello big world, e-mail it"
    assert _only(t, [(17, 23), (6, 9)]) == "      big        e-mail   "
    assert _only(t, []) == " " * len(t)
    assert _only("", []) == ""


@pytest.mark.parametrize("year,system", [("wmt21", "Online-A"), ("wmt22", None)])
def test_a_neighbour_leaves_the_same_own_words_unexplained_read_alone(year: str, system: str | None) -> None:
    """What the neighbour rule reads of a neighbour's source (its unexplained target words among the unit's own
    unexplained ones) is the same whether the neighbour's source is aligned with the whole target or with those
    words alone (:meth:`Neighbours._analyse`)."""
    sources, targets = wmt_lines(year, system)
    checked = 0
    for n in range(1, min(len(sources), len(targets)) - 1, 3):
        target = targets[n]
        own = analyse(Unit("u", sources[n], target)).unexplained
        if not own:
            continue
        other = Unit("o", sources[n - 1], target)
        whole = set(analyse(other).unexplained) & set(own)
        assert Neighbours._analyse(other, target, own) == whole, (sources[n - 1], target)
        checked += 1
    assert checked > 100


HEDGED = ["やめたそうです。", "病気だそうだ", "送ったらしい", "終わるらしい", "とのことです", "と伺いました",
          "と聞いた", "原因とみられる", "適法とされてます", "推定されると推定される", "と思われる", "かもしれない",
          "かも知れません", "来るようだ", "いたみたいです", "に違いない", "にちがいありません", "と見込まれる",
          "と推測される"]


@pytest.mark.parametrize("year", ["wmt21", "wmt22"])
def test_every_marker_match_holds_the_hint_and_the_hint_spares_no_hedge(year: str) -> None:
    """The one-scan test before the markers (:data:`modality._HINT`) is a necessary condition: each match of each
    marker on every WMT source (and on hedged examples) holds a match of the hint, and the markers found are the
    same with and without it."""
    sources, _t = wmt_lines(year)
    hits = 0
    for s in [*sources, *HEDGED]:
        for m in modality.MARKERS:
            for hit in m.pattern.finditer(s):
                hits += 1
                assert modality._HINT.search(s, hit.start(), hit.end()) is not None, (s, m.name, hit)
        if modality._HINT.search(s) is None:
            assert not any(m.pattern.search(s) for m in modality.MARKERS), s
    assert hits > 40
    for s in HEDGED:
        assert modality.source_hedges(s), s
