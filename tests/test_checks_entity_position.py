"""entity-consistency's third way of finding a name's renderings: by position (review_app/checks/entity_position.py).

Real data: WMT21/22 system outputs read in place from ../shared/realworld (the segments of two entity terms of the
fourth held-out set in bench/data/meaning-labels.jsonl, labelled by reading before this rule was written: 唐山 in
WMT21 document yahoo-ja.978355, 矢祭 in WMT22 document yahoo-ja.265886). Hostile data: empty and one-unit
documents, Latin-only terms, English compounds, plurals and compounds of one name.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.entity_position import positional_variants, term_keys
from review_app.checks.entity_terms import Term, source_terms
from review_app.checks.registry import all_checks
from tests.conftest import SHARED, shared_dir

# (year, the 1-based lines of the document's segments with the term)
SEGMENTS = {"唐山": ("wmt21", (739, 741, 742, 744, 746, 748, 750)), "矢祭": ("wmt22", (167, 168, 177, 179))}


@functools.lru_cache(maxsize=16)
def _lines(year: str, name: str) -> tuple[str, ...]:
    return tuple((shared_dir(SHARED / "realworld") / f"{year}-ja-en" / name).read_text(encoding="utf-8").split("\n"))


def _row(system: str, term: str) -> dict[str, Any]:
    year, lines = SEGMENTS[term]
    return {"sources": [_lines(year, "src.ja")[n - 1] for n in lines],
            "targets": [_lines(year, f"hyp/{system}.en")[n - 1] for n in lines]}


def _entity(sources: list[str], targets: list[str]) -> list[Any]:
    units = [Unit(str(i + 1), s, t, index=i) for i, (s, t) in enumerate(zip(sources, targets, strict=True))]
    checks = [c for c in all_checks() if c.check_id == "entity-consistency"]
    return list(run_checks(checks, CheckContext(units=units,
                                                config=CheckConfig(enabled_only=frozenset({"entity-consistency"})))))


@pytest.mark.parametrize("system,forms", [
    ("Online-A", {"Karayama", "Tangshan"}),   # 唐山: two readings of the kanji, no letter in common
    ("XMU", {"Karayama", "Tangshan"}),
    ("Online-G", {"Karayama", "Tangshan"}),
])
def test_a_name_read_two_ways_is_reported(system: str, forms: set[str]) -> None:
    row = _row(system, "唐山")
    found = _entity(row["sources"], row["targets"])
    mine = [f for f in found if f.data.get("name") == "唐山"]
    assert mine, found
    assert {r["rendering"] for r in mine[0].data["renderings"]} == forms
    assert "Karayama" in mine[0].message and "Tangshan" in mine[0].message


@pytest.mark.parametrize("system", ["KYB", "Online-W"])
def test_a_town_the_parser_joins_to_its_prefecture_is_one_name(system: str) -> None:
    # 福島県矢祭町 in two units, 矢祭町 in two: one name (Yamatsuri / Yatsuri-cho, Yamatsuri / Yamatsumachi), found
    # by position under the key 矢祭, or by occurrence under 矢祭町 once a term that ends with another (福島県矢祭町)
    # counts as that one too (entity_terms.with_parts)
    row = _row(system, "矢祭")
    found = [f for f in _entity(row["sources"], row["targets"]) if "矢祭" in f.data.get("name", "")]
    assert len(found) == 1, found
    assert "Yamatsuri" in {r["rendering"] for r in found[0].data["renderings"]}


@pytest.mark.parametrize("system", ["Facebook-AI", "HuaweiTSC", "MiSS", "Online-B"])
def test_consistent_renderings_are_quiet(system: str) -> None:
    row = _row(system, "唐山")
    assert not [f for f in _entity(row["sources"], row["targets"]) if f.data.get("name") == "唐山"]


def test_term_keys_cut_prefectures_and_place_suffixes() -> None:
    assert [k for k, _r in term_keys(Term("福島県矢祭町", "fukushimakenyamatsurichou"))] == ["福島", "矢祭"]
    assert [k for k, _r in term_keys(Term("矢祭町", "yamatsurichou"))] == ["矢祭"]
    assert dict(term_keys(Term("矢祭町", "yamatsurichou")))["矢祭"] == "yamatsuri"
    assert term_keys(Term("ＮＨＫ", "")) == [] and term_keys(Term("J", "")) == []
    assert [k for k, _r in term_keys(Term("京都", "kyouto"))] == ["京都"]


def _position(sources: list[str], targets: list[str]) -> list[tuple[str, list[str]]]:
    return [(v.term, [w for w, _u in v.forms])
            for v in positional_variants(sources, targets, [source_terms(s) for s in sources])]


def test_renderings_found_by_position_in_one_unit_each_are_not_enough() -> None:
    # one unit each: the leftover word of a unit may render a name the term list lacks
    sources = ["唐山が出場した。", "唐山は喜んだ。", "監督が話した。"]
    assert _position(sources, ["Karayama played.", "Tangshan was happy.", "The coach spoke."]) == []
    # a rendering found by position in two units makes the term a name rendered by a name: the other one counts
    sources = ["唐山が出場した。", "唐山が得点した。", "唐山は喜んだ。"]
    assert _position(sources, ["Karayama played.", "Karayama scored.", "Tangshan was happy."]) == [
        ("唐山", ["Karayama", "Tangshan"])]


@pytest.mark.parametrize("targets", [
    ["Brumby won.", "The Brumbies lost.", "Brumbies again."],                 # a plural
    ["Senmaya-cho grew.", "The Senmaya-kaido opened.", "Senmaya-kaido is old."],  # compounds of one name
    ["AI-driven tools.", "AI-driven again.", "AI-based ones."],                 # English compounds
])
def test_plurals_compounds_and_english_compounds_are_not_renderings(targets: list[str]) -> None:
    sources = ["ブランビーが勝った。", "ブランビーが負けた。", "ブランビーがまた。"]
    assert _position(sources, targets) == []


@pytest.mark.parametrize("sources,targets", [
    ([], []),
    (["唐山"], ["Karayama"]),
    (["", ""], ["", ""]),
    (["唐山が来た。", "唐山が来た。"], ["", "Tangshan came."]),
    (["ＪＲ東日本", "ＪＲ東日本"], ["JR East", "JR Higashi"]),
    (["唐山" * 300, "唐山"], ["K" * 5000, "Tangshan"]),
])
def test_hostile_documents(sources: list[str], targets: list[str]) -> None:
    assert _position(sources, targets) == []
    assert _entity(sources, targets) == []
