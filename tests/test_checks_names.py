"""The names checks against known forms: near-miss spellings of glossary person/place terms and of a document's
established renderings, on real data (the seed article's sentences, the shipped glossary, the reference and the
MT candidates) and on hostile data (names inside longer words, all caps, possessives, hyphens, ・ or none)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from review_app.checks import names
from review_app.checks.base import CheckConfig, CheckContext, Issue, Side, Unit, run_checks
from review_app.checks.registry import all_checks
from tests.conftest import CORPUS, ROOT

GLOSSARY_PATH = ROOT / "glossary" / "musk-trump.tbx"


@pytest.fixture(scope="module")
def glossary() -> Any:
    from review_app.glossary import load_glossary

    return load_glossary(GLOSSARY_PATH)


def misspellings(units: list[Unit], glossary: Any = None, config: CheckConfig | None = None) -> list[Issue]:
    """name-misspelling issues of a run of every registered check (the glossary ones too, as the CLI runs them)."""
    ctx = CheckContext(units=units, glossary=glossary, config=config or CheckConfig())
    return [i for i in run_checks(all_checks(), ctx) if i.check == "name-misspelling"]


def found(issue: Issue, units: list[Unit]) -> str:
    unit = next(u for u in units if u.id == issue.unit)
    assert issue.target_span is not None
    return (unit.target or "")[slice(*issue.target_span)]


# -- with the shipped glossary: (source, target, None | (misspelt text as spanned, expected form)) -------------
GLOSSARY_CASES: list[tuple[str, str, tuple[str, str] | None]] = [
    ("マスク氏は語った。", "Muks said.", ("Muks", "Musk")),
    ("マスク氏は語った。", "Musk said.", None),
    ("マスク氏の側近が語った。", "Muks's aide spoke.", ("Muks", "Musk")),           # possessive left out of the span
    ("マスク氏の側近が語った。", "Musk’s aide spoke.", None),                       # curly possessive
    ("マスク氏、トランプ氏を痛烈に批判", "MUKS SLAMS TRUMP", ("MUKS", "Musk")),     # all caps
    ("マスク氏、トランプ氏を痛烈に批判", "MUSK SLAMS TRUMP", None),
    ("トランプ大統領は語った。", "President Trum said.", ("Trum", "Trump")),
    ("トランプ大統領は語った。", "The trumpet sounded, and President Trump spoke.", None),  # name inside a word
    ("トランプ主義は終わったとトランプ氏は述べた。", "Trumpism is over, Trump said.", None),
    ("トランプ氏の家族", "The Trumps", None),                                      # plural
    ("デサンティス氏は出馬した。", "DeSantes ran.", ("DeSantes", "DeSantis")),
    ("ロン・デサンティス氏は出馬した。", "Ron DeSantos ran.", ("Ron DeSantos", "Ron DeSantis")),
    ("テキサス州イーグルパスを訪れた。", "He visited Eagle Pas, Texas.", ("Eagle Pas", "Eagle Pass")),
    ("テキサス州イーグルパスを訪れた。", "He visited Eagle Pass, Texas.", None),
    ("テキサス州の有権者", "Texan voters", None),                                  # demonyms are no slips
    ("カリフォルニア州とペンシルベニア州の有権者", "Californian and Pennsylvanian voters", None),
    ("フロリダ州の住民", "Floridian residents", None),
    ("ヴィヴェック・ラマスワミ氏", "Vivek Ramaswamy", None),
    ("ヴィヴェックラマスワミ氏", "Vivek Ramaswammy", ("Vivek Ramaswammy", "Vivek Ramaswamy")),  # no ・
    ("ヴィヴェック・ラマスワミ氏", "Vivek Ramaswami", None),  # a forbidden term: term-forbidden reports it
    ("マール・アー・ラーゴで", "at Mar-a-Largo", ("Mar-a-Largo", "Mar-a-Lago")),      # hyphens
    ("マール・アー・ラーゴで", "at Mar-a-Lago", None),
    ("トランプ氏とマスク氏の同盟", "the Trump-Musk alliance", None),
    ("トランプ氏とマスク氏の同盟", "the Trump-Muks alliance", ("Muks", "Musk")),
    ("マスク氏は辞任すべきか。", "Must Musk resign?", None),       # sentence-initial common word beside the name
    ("マスク氏は辞任すべきか。", "Must he resign?", None),         # … or instead of it: too short to tell
    ("オバマ氏はオサマ・ビンラディンの殺害を発表した。", "Obama announced the killing of Osama bin Laden.", None),
    ("オバマ氏は語った。", "President Obama said.", None),
    ("ミレイ氏の政策", "Milei's policies", None),
    ("ハビエル・ミレイ氏", "Javier Mirei", ("Javier Mirei", "Javier Milei")),
    ("マーク・ザッカーバーグ氏は火星に行きたがっている。", "Mark Zuckerberg wants to go to Mars.", None),
    ("マーク・ザッカーバーグ氏", "Mark Zuckerburg", ("Mark Zuckerburg", "Mark Zuckerberg")),
    ("バイデン大統領は撤退した。", "President Bidden withdrew.", ("Bidden", "Biden")),
    ("エプスタイン氏は死亡した。", "Epstien died.", ("Epstien", "Epstein")),
    ("彼は集会で演説した。", "Muks spoke at the rally.", None),   # the source names nobody: nothing to compare
    ("マスク氏は語った。", "マスク氏は語った。", None),            # source copy: source-copy's business
]


@pytest.mark.parametrize(("source", "target", "want"), GLOSSARY_CASES,
                         ids=[f"{n}-{c[1][:24]}" for n, c in enumerate(GLOSSARY_CASES)])
def test_glossary_near_misses(glossary: Any, source: str, target: str, want: tuple[str, str] | None) -> None:
    units = [Unit("u", source, target)]
    issues = misspellings(units, glossary)
    got = [(found(i, units), i.data["expected"]) for i in issues]
    assert got == ([want] if want else []), [i.message for i in issues]
    for i in issues:
        assert i.data["origin"] == "glossary" and i.data["concept"] and i.data["distance"] >= 1
        assert f"expected {want[1]!r}" in i.message if want else True
        assert i.source_span and source[slice(*i.source_span)] in i.message


def test_no_glossary_single_units_need_the_pronunciation(glossary: Any) -> None:
    """Without a glossary or other mentions only a slip that changes the sound is visible."""
    assert [found(i, u) for u in [[Unit("u", "マスク氏は語った。", "Muks said.")]] for i in misspellings(u)] == ["Muks"]
    for target in ("DeSantes ran.", "He visited Eagle Pas, Texas."):
        assert misspellings([Unit("u", "デサンティス氏はイーグルパスで出馬した。", target)]) == []


# -- a document without a glossary: the established form -------------------------------------------------------
DOC_CASES: list[tuple[list[tuple[str, str]], list[tuple[str, str, str]]]] = [
    # bare マスク (no 氏) in the third unit; "Must" at a sentence start in a face-mask sentence is no slip
    ([("マスク氏はXに投稿した。", "Musk posted on X."), ("マスク氏は反論した。", "Musk hit back."),
      ("マスクはトランプ大統領を批判した。", "Muks criticized President Trump."),
      ("彼はマスク着用を求めた。", "Must wear masks, he said.")], [("2", "Muks", "Musk")]),
    ([("トランプ大統領は記者団に語った。", "President Trump told reporters."),
      ("トランプ氏は法案を支持した。", "Trump backed the bill."),
      ("トランプは関税の引き上げを発表した。", "Trum announced higher tariffs."),
      ("トランプ氏の支持者はトランプ主義を掲げた。", "Trump's supporters embraced Trumpism.")],
     [("2", "Trum", "Trump")]),
    ([("デサンティス氏は語った。", "DeSantis said."), ("デサンティス氏は笑った。", "DeSantis laughed."),
      ("デサンティスは出馬した。", "DeSantes ran.")], [("2", "DeSantes", "DeSantis")]),
    # a tie is no established form: nothing to say which one is right
    ([("デサンティス氏は語った。", "DeSantis said."), ("デサンティスは出馬した。", "DeSantes ran.")], []),
    # one name, two people: the majority rendering is established only when it is the majority
    ([("グリーン氏は語った。", "Greene said."), ("グリーン氏は笑った。", "Green laughed."),
      ("グリーン氏は去った。", "Greene left."), ("グリーン氏は戻った。", "Green returned.")], []),
]


@pytest.mark.parametrize(("doc", "want"), DOC_CASES, ids=[f"doc{n}" for n in range(len(DOC_CASES))])
def test_document_near_misses(doc: list[tuple[str, str]], want: list[tuple[str, str, str]]) -> None:
    units = [Unit(str(n), s, t, n) for n, (s, t) in enumerate(doc)]
    issues = misspellings(units)
    assert [(i.unit, found(i, units), i.data.get("expected") or i.message.split("expected ")[1].split("'")[1])
            for i in issues] == want, [i.message for i in issues]
    assert all("expected" in i.message and i.severity.value == "major" for i in issues)


# -- real data ---------------------------------------------------------------------------------------------------

def _units(path: Any) -> list[Unit]:
    from review_app.formats import read_bilingual

    return [Unit(id=u.id, source=u.source, target=u.target, index=n) for n, u in enumerate(read_bilingual(path).units)]


def test_reference_is_silent_with_and_without_the_glossary(glossary: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    units = _units(CORPUS / "reference.tmx")
    calls: list[str] = []
    real = names._source_keys

    def spy(ctx: CheckContext, unit: Unit, pos: int, index: Any) -> dict[str, list[tuple[int, int]]]:
        calls.append(unit.id)
        return real(ctx, unit, pos, index)

    monkeypatch.setattr(names, "_source_keys", spy)
    for g in (None, glossary):
        issues = run_checks(all_checks(), CheckContext(units=units, glossary=g))
        assert [i for i in issues if i.check.startswith("name-")] == []
    # the fast path: no reference target has a capitalised word near a known name, so no source is looked up
    assert calls == []


def test_mt_candidates_with_the_glossary(glossary: Any) -> None:
    """Held-out: the documented name slips of the MT candidates (another author's notes)."""
    import json

    for name, slip_ids, expected in (("fluent", {"s18aa87d90c"}, "Ron DeSantis"),
                                     ("literal", {"s13f09b3075"}, "Javier Milei")):
        units = _units(CORPUS / "candidates" / f"{name}.xlf")
        slips = json.loads((CORPUS / "work" / f"candidate.{name}.slips.json").read_text(encoding="utf-8"))
        name_slips = {s["segment"] for s in slips if s["kind"] == "name"}
        issues = misspellings(units, glossary)
        assert {i.unit for i in issues} == slip_ids and slip_ids <= name_slips
        assert [i.data["expected"] for i in issues] == [expected]


def test_glossary_types_option(glossary: Any) -> None:
    unit = [Unit("u", "テスラ社の株価が下落した。", "Telsa shares fell.")]
    assert misspellings(unit, glossary) == []  # an organisation: not a person or place by default
    cfg = CheckConfig(options={"name-misspelling": {"glossary_types": ["person", "place", "organisation"]}})
    assert [i.data["expected"] for i in misspellings(unit, glossary, cfg)] == ["Tesla"]
    bad = CheckConfig(options={"name-misspelling": {"glossary_types": "person"}})
    with pytest.raises(ValueError, match=r"glossary_types must be a list"):
        misspellings(unit, glossary, bad)


def test_forbidden_terms_are_left_to_term_forbidden_unless_it_is_off(glossary: Any) -> None:
    units = [Unit("u", "ヴィヴェック・ラマスワミ氏は語った。", "Vivek Ramaswami said.")]
    assert misspellings(units, glossary) == []
    off = CheckConfig(disabled=frozenset({"term-forbidden"}))
    assert [found(i, units) for i in misspellings(units, glossary, off)] == ["Vivek Ramaswami"]


@pytest.mark.parametrize(("word", "known", "near"), [
    ("muks", "musk", True), ("trum", "trump", True), ("desantes", "desantis", True), ("levit", "leavitt", True),
    ("musks", "musk", False), ("texan", "texas", False), ("floridian", "florida", False), ("trumpism", "trump", False),
    ("joe", "joe", False), ("jo", "joe", False), ("mark", "mars", True), ("bark", "mars", False),
    ("zackerberg", "zuckerberg", True), ("caroline", "karoline", True), ("coral", "karol", False),
])
def test_near_word_rule(word: str, known: str, near: bool) -> None:
    assert names._is_near(word, known) is near


def test_index_memoises_each_distinct_word() -> None:
    ctx = CheckContext(units=[])
    index = names._form_index(ctx, {"マスク": Counter({"Musk": 3, "Muks": 1})})
    assert index is not None
    assert index.near("Muks") == ("musk",) and index.near("Musk") == () and index.near("Mask") == ("musk",)
    assert set(index.memo) == {"Muks", "Musk", "Mask"}
    # a minority spelling is no established form; a name written once is none either
    assert names._form_index(ctx, {"マスク": Counter({"Musk": 1})}) is None
    assert names._form_index(ctx, {"マスク": Counter({"Musk": 2, "Muks": 2})}) is None


def test_issues_are_target_side_and_carry_what_was_measured(glossary: Any) -> None:
    units = [Unit("u", "テキサス州イーグルパスを訪れた。", "He visited Eagle Pas, Texas.")]
    (issue,) = misspellings(units, glossary)
    assert issue.side is Side.TARGET and issue.category.value == "accuracy"
    assert issue.data == {"found": "Eagle Pas", "expected": "Eagle Pass", "distance": 1, "origin": "glossary",
                          "concept": "eagle-pass"}
    assert issue.as_json()["data"]["expected"] == "Eagle Pass"
