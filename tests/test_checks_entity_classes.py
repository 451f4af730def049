"""entity-consistency by classes of its misses (issue 16): a hyphenated honorific (Kisake-san), two spellings one
letter apart of a proper noun one of which is an English gloss word (Katherine / Catherine), a spelling left
unfinished (Yamatsu / Yamatsuri), two spellings in one target whose source names the term twice (Macau / Macao),
a full name the parser joins (唐山翔自) and a full name too long to be a term (キリアン・エムバペ). Real rows are the
labelled entity rows of bench/data/meaning-labels.jsonl and WMT lines read in place from ../shared/realworld."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from review_app.checks.base import Unit
from review_app.checks.entity_consistency import _cut_short
from review_app.checks.entity_terms import fold, one_apart, source_terms
from tests.meaning_data import entity_row, run_entity, wmt_lines

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "meaning-labels.jsonl"


def _row(system: str, term: str) -> dict[str, Any]:
    return entity_row(system, term, not_in_set="after-code-10")


def _entity(units: list[Unit]) -> list[Any]:
    return run_entity(units)


def _doc(row: dict[str, Any]) -> list[Unit]:
    return [Unit(str(n), s, t, index=i)
            for i, (n, s, t) in enumerate(zip(row["segs"], row["sources"], row["targets"], strict=True))]


@pytest.mark.parametrize("system,term,renderings", [
    ("Online-A", "喜助", {"Kiso", "Kisake-san"}),  # a hyphenated honorific
    ("Illini", "キャサリン", {"Katherine", "Catherine"}),  # one letter apart, "catherine" of "catherine wheel"
    ("Online-B", "矢祭", {"Yamatsu", "Yamatsuri"}),  # a spelling left unfinished
    ("Illini", "マカオ", {"Macau", "Macao"}),  # both in a unit whose source names マカオ twice
    ("movelikeajaguar", "唐山", {"Karayama", "Tangshan"}),  # 唐山翔自: the surname joined to the given name
    ("Online-Y", "唐山", {"Karayama", "Tangshan"}),
    ("NiuTrans", "エムバペ", {"Embape", "Mbapp"}),  # キリアン・エムバペ, nine characters
])
def test_labelled_inconsistencies_it_used_to_miss(system: str, term: str, renderings: set[str]) -> None:
    row = _row(system, term)
    assert row["labels"] == ["entity-consistency"]
    found = [f for f in _entity(_doc(row)) if f.data.get("name") == term]
    assert len(found) == 1
    assert {r["rendering"] for r in found[0].data["renderings"]} == renderings


@pytest.mark.parametrize("system,term", [("Online-A", "喜助"), ("Illini", "キャサリン"), ("Online-B", "矢祭"),
                                         ("Illini", "マカオ"), ("movelikeajaguar", "唐山"), ("NiuTrans", "エムバペ")])
def test_the_references_of_those_documents_are_not_reported(system: str, term: str) -> None:
    row = _row(system, term)
    year = row["dataset"]
    src, ref = wmt_lines(year)
    units = [Unit(str(n), src[n - 1], ref[n - 1], index=i) for i, n in enumerate(row["segs"])]
    assert [f.data.get("name") for f in _entity(units)] == []


def test_a_place_followed_by_a_place_is_not_cut_and_a_compound_is_no_second_spelling() -> None:
    # WMT21 Online-A 818: "Todai" renders the 大 of 中野渡大, not 十和田 of 十和田南支店長 (Towada elsewhere)
    src, hyp = wmt_lines("wmt21", "Online-A")
    units = [Unit(str(n), src[n - 1], hyp[n - 1], index=i) for i, n in enumerate(range(810, 822))]
    assert "十和田" not in {f.data.get("name") for f in _entity(units)}
    # a compound that contains the other rendering (Urashimada for 裏 + 島田商) is not a second spelling even in a
    # unit whose source names the term twice
    src, hyp = wmt_lines("wmt21", "Illini")
    units = [Unit(str(n), src[n - 1], hyp[n - 1], index=i) for i, n in enumerate(range(199, 209))]
    assert "島田商" not in {f.data.get("name") for f in _entity(units)}


def test_a_gloss_word_is_still_no_name_rendering_for_a_common_noun() -> None:
    # WMT22 KYB 246/248: キューティクル as "Cutecle" and "Cuticle" (a common noun; one letter apart)
    src, hyp = wmt_lines("wmt22", "KYB")
    units = [Unit(str(n), src[n - 1], hyp[n - 1], index=i) for i, n in enumerate(range(244, 251))]
    assert "キューティクル" not in {f.data.get("name") for f in _entity(units)}


def test_helpers() -> None:
    assert fold("Kisake-san") == "kisake" and fold("Akasaka-cho") == "akasakacho" and fold("Tanaka-Sensei") == "tanaka"
    assert one_apart("katherine", "catherine") and one_apart("macau", "macao") and one_apart("mbappe", "mbapp")
    assert not one_apart("busan", "russian") and not one_apart("ono", "oho") and not one_apart("abc", "abc")
    assert _cut_short("矢祭", "yamatsu", "yamatsuri")
    assert not _cut_short("島田商", "shimada", "shimadashou")  # 島田: the reading of the name's first kanji
    assert not _cut_short("水窪", "misakubo", "misakubocho")  # a place suffix
    assert [t.text for t in source_terms("先発出場したキリアン・エムバペが")] == ["キリアン", "エムバペ"]


@pytest.mark.parametrize("word", ["", "-", "-san", "Kisake--san", "ſan", "İ-san", "Ō-sama", "x" * 5000 + "-kun"])
def test_fold_and_one_apart_on_hostile_input(word: str) -> None:
    key = fold(word)
    assert isinstance(key, str)
    assert not one_apart(key, key)
    assert one_apart(key, key + "q") == (len(key) >= 5)
    assert isinstance(_cut_short("", key, key + "ri"), bool) and isinstance(_cut_short("矢", key, "ya"), bool)
