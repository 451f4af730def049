"""The shipped Musk–Trump glossary: generated from scripts/build_glossary.py, complete for the seed article."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from review_app.glossary import load_glossary
from review_app.glossary.model import ConceptType, Glossary, TermStatus
from tests.conftest import ROOT

GLOSSARY_DIR = ROOT / "glossary"


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_glossary", ROOT / "scripts" / "build_glossary.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built() -> Glossary:
    g: Glossary = _builder().build()
    return g


@pytest.fixture(scope="module")
def shipped() -> Glossary:
    return load_glossary(GLOSSARY_DIR / "musk-trump.tbx")


def test_shipped_files_are_what_the_builder_writes() -> None:
    for path, data in _builder().outputs().items():
        assert path.read_bytes() == data, f"{path.name} is stale: run python scripts/build_glossary.py"


def test_tbx_and_csv_load_to_the_same_model(built: Glossary, shipped: Glossary) -> None:
    from_csv = load_glossary(GLOSSARY_DIR / "musk-trump.csv")
    assert shipped == built
    assert from_csv == built
    assert from_csv.signature == shipped.signature
    assert shipped.signature.startswith("glossary:musk-trump|version:1.0|")


def test_size_and_types(shipped: Glossary) -> None:
    assert len(shipped) >= 80
    types = Counter(c.type for c in shipped)
    for t in (ConceptType.PERSON, ConceptType.ORGANISATION, ConceptType.PLACE, ConceptType.EVENT, ConceptType.LAW,
              ConceptType.TITLE, ConceptType.SLOGAN, ConceptType.MEDIA):
        assert types[t] >= 3, t
    for c in shipped:
        assert c.preferred("en") is not None, c.id
        assert c.terms_in("ja"), c.id
        assert c.definition, c.id


PREFERRED_EN = {
    "elon-musk": "Elon Musk", "donald-trump": "Donald Trump", "ron-desantis": "Ron DeSantis",
    "vivek-ramaswamy": "Vivek Ramaswamy", "karoline-leavitt": "Karoline Leavitt", "john-thune": "John Thune",
    "stephen-miller": "Stephen Miller", "tony-gonzales": "Tony Gonzales", "javier-milei": "Javier Milei",
    "jeff-bezos": "Jeff Bezos", "mark-zuckerberg": "Mark Zuckerberg", "steve-bannon": "Steve Bannon",
    "marjorie-taylor-greene": "Marjorie Taylor Greene", "michael-cohen": "Michael Cohen", "jim-mattis": "Jim Mattis",
    "doge": "Department of Government Efficiency", "maga": "MAGA", "dark-maga": "Dark MAGA",
    "america-pac": "America PAC", "super-pac": "super PAC", "cpac": "CPAC", "mar-a-lago": "Mar-a-Lago",
    "eagle-pass": "Eagle Pass", "butler": "Butler", "madison-square-garden": "Madison Square Garden",
    "truth-social": "Truth Social", "x-platform": "X", "twitter-spaces": "Twitter Spaces",
    "twitter-files": "Twitter Files", "axios": "Axios", "new-york-times": "The New York Times",
    "politico": "Politico", "washington-post": "The Washington Post", "the-guardian": "The Guardian",
    "associated-press": "The Associated Press", "fec": "Federal Election Commission",
    "secret-service": "Secret Service", "oval-office": "Oval Office", "spacex": "SpaceX", "tesla": "Tesla",
    "dogecoin": "Dogecoin", "paris-agreement": "Paris climate agreement", "occupy-mars": "Occupy Mars",
    "one-big-beautiful-bill": "One Big Beautiful Bill", "gun-rights": "gun rights",
}


@pytest.mark.parametrize(("cid", "english"), sorted(PREFERRED_EN.items()))
def test_preferred_english(shipped: Glossary, cid: str, english: str) -> None:
    pref = shipped.get(cid).preferred("en")
    assert pref is not None and pref.text == english


@pytest.mark.parametrize(("cid", "lang", "text", "status"), [
    ("eagle-pass", "ja", "イーグルパス", TermStatus.PREFERRED),
    ("eagle-pass", "ja", "鷹潭", TermStatus.FORBIDDEN),
    ("eagle-pass", "en", "Yingtan", TermStatus.FORBIDDEN),
    ("doge", "ja", "政府効率化省", TermStatus.PREFERRED),
    ("doge", "ja", "政府効率化局", TermStatus.ADMITTED),
    ("doge", "ja", "政府効率化委員会", TermStatus.FORBIDDEN),
    ("doge", "en", "Government Efficiency Committee", TermStatus.FORBIDDEN),
    ("super-pac", "en", "bipartisan PAC", TermStatus.FORBIDDEN),
    ("gun-rights", "en", "gun control", TermStatus.FORBIDDEN),
    ("maga", "en", "magician", TermStatus.FORBIDDEN),
    ("one-big-beautiful-bill", "en", "One Big Beautiful Bill", TermStatus.PREFERRED),
    ("one-big-beautiful-bill", "en", "Big Beautiful Bill", TermStatus.ADMITTED),
    ("elon-musk", "ja", "マスク氏", TermStatus.ADMITTED),
    ("elon-musk", "ja", "イーロン", TermStatus.ADMITTED),
    ("donald-trump", "ja", "トランプ氏", TermStatus.ADMITTED),
    ("donald-trump", "ja", "ドナルド・トランプ", TermStatus.PREFERRED),
])
def test_term_statuses(shipped: Glossary, cid: str, lang: str, text: str, status: TermStatus) -> None:
    terms = {t.text: t for t in shipped.get(cid).terms_in(lang)}
    assert terms[text].status is status


def test_flags(shipped: Glossary) -> None:
    doge = {t.text: t for t in shipped.get("doge").terms_in("en")}
    assert doge["DOGE"].do_not_translate
    assert doge["DOGE"].first_mention == "Department of Government Efficiency (DOGE)"
    assert {t.text: t for t in shipped.get("doge").terms_in("ja")}["政府効率化局"].non_canonical
    assert {t.text: t for t in shipped.get("maga").terms_in("en")}["MAGA"].do_not_translate
    assert {t.text: t for t in shipped.get("butler").terms_in("en")}["Butler"].case_sensitive
    assert shipped.get("one-big-beautiful-bill").single_rendering


def test_admitted_japanese_variants_occur_in_the_article(shipped: Glossary, seed_text: str) -> None:
    """Every non-preferred Japanese term is a variant the article really uses (preferred forms are canonical)."""
    absent = [(c.id, t.text) for c in shipped for t in c.terms_in("ja")
              if t.status is not TermStatus.PREFERRED and t.text not in seed_text]
    assert absent == []


def test_every_concept_is_found_in_the_article(shipped: Glossary, seed_text: str) -> None:
    found = {m.concept_id for m in shipped.matcher("ja").find(seed_text)}
    # Concepts that only occur inside a longer glossary term (フロリダ州知事, 火星を占拠せよ, エプスタインのファイル).
    nested = {"florida", "mars", "jeffrey-epstein"}
    missing = {c.id for c in shipped} - found - nested
    assert missing == set()
    for cid in nested:
        assert any(t.text in seed_text for t in shipped.get(cid).terms_in("ja")), cid


# Every garbled or wrong Japanese form that corpus/musk-trump/source-notes.json records for a glossary concept:
# (segment, the note's "ja") → (concept, the forbidden form inside it, the corrected form the glossary prefers).
GARBLED = {
    ("s658958b4f2", "鷹潭"): ("eagle-pass", "鷹潭", "イーグルパス"),
    ("s18a18e05bb", "アメリカンPAC"): ("america-pac", "アメリカンPAC", "アメリカPAC"),
    ("s360b637682", "アメリカンPAC"): ("america-pac", "アメリカンPAC", "アメリカPAC"),
    ("s360b637682", "超党派政治活動委員会"): ("super-pac", "超党派政治活動委員会", "スーパーPAC"),
    ("s18a18e05bb", "銃規制"): ("gun-rights", "銃規制", "銃の所持権"),
    ("s33896f7fa1", "MAGA(マジシャン)"): ("maga", "マジシャン", "MAGA"),
    ("sde942e61bd", "「ディープガバメント」"): ("deep-state", "ディープガバメント", "ディープステート"),
    ("sf5c9695ee1", "「ブル・アーティスト」"): ("bull-artist", "ブル・アーティスト", "ホラ吹き"),
    ("s915db98862", "「豚肉」"): ("pork", "豚肉", "ポーク"),
    ("s40386d3d09", "副大統領首席補佐官"): ("deputy-chief-of-staff", "副大統領首席補佐官", "大統領次席補佐官"),
    ("s4e7f7f6bf3", "テマ同盟"): ("trump-musk-alliance", "テマ同盟", "トランプ・マスク同盟"),
    ("s558dd1ac69", "「政府効率化委員会」"): ("doge", "政府効率化委員会", "政府効率化省"),
    # factual slips carried by a term: the concept no longer prefers the source's wrong form
    ("sa5768a8aaf", "経済顧問に招かれた"): ("business-advisory-councils", "経済顧問", "ビジネス諮問委員会"),
    ("sd7de64446d", "最高裁判所補欠選挙"): ("wisconsin-supreme-court-election", "最高裁判所補欠選挙",
                                          "州最高裁判事選挙"),
}
# Notes of kind garble/name that are not about a glossary term, and why.
NOT_TERMS = {
    "s59d9bbf0d6": "「スペシャルを支援する」: a garbled phrase (挺特, backing Trump), not a name",
    "s125f94ee9e": "再チャージ抽選: a garbled description of the cash lottery",
    "sb60bf2d5a4": "a garbled heading",
    "sb642c8a350": "a duplicated phrase (公の場で公の場に)",
    "s915db98862": "the garbled gloss of 'pork' (the term itself is in GARBLED)",
    "s32f485ac93": "Xに関する: a garbled particle (about X for on X); X itself is right",
    "s266cd057f3": "a garbled quotation of Trump (a sentence, not a term)",
    "sabed15f2a6": "garbled sentence logic (whose calls Trump asked the holdouts to ignore)",
}


def test_every_garbled_source_form_is_a_forbidden_variant_of_its_concept(shipped: Glossary) -> None:
    import json

    from tests.conftest import CORPUS

    notes = json.loads((CORPUS / "source-notes.json").read_text(encoding="utf-8"))
    for n in notes:
        if n["kind"] in {"garble", "name"} and (n["segment"], n["ja"]) not in GARBLED:
            assert n["segment"] in NOT_TERMS, f"source note {n['segment']} {n['ja']}: add it to GARBLED or NOT_TERMS"
    by_note = {(n["segment"], n["ja"]): n for n in notes}
    for (segment, ja), (cid, form, preferred) in GARBLED.items():
        assert (segment, ja) in by_note, (segment, ja)
        assert form in ja
        terms = {t.text: t for t in shipped.get(cid).terms_in("ja")}
        assert terms[form].status is TermStatus.FORBIDDEN, (cid, form)
        pref = shipped.get(cid).preferred("ja")
        assert pref is not None and pref.text == preferred, (cid, pref)


def test_the_corrected_japanese_uses_the_preferred_forms(shipped: Glossary) -> None:
    """The glossary matches the corrected Japanese: its preferred forms occur there, its forbidden ones do not
    (term-source-variant finds nothing on source.corrected.ja.txt)."""
    from review_app.checks.base import CheckContext, Unit, run_checks
    from review_app.checks.registry import CHECKS
    from review_app.segment import parse_document
    from tests.conftest import CORPUS

    corrected = (CORPUS / "source.corrected.ja.txt").read_text(encoding="utf-8")
    for cid, _, preferred in GARBLED.values():
        if cid != "maga":
            assert preferred in corrected, (cid, preferred)
    units = [Unit(s.key, s.text, None, s.index) for s in parse_document(corrected).segments]
    found = run_checks([CHECKS.get("term-source-variant")()], CheckContext(units, glossary=shipped))
    assert [(i.unit, i.message) for i in found] == []


def test_fixes_offer_the_corrections_on_the_original_source(seed_project: Path) -> None:
    """`review-app fixes` on the article as received offers the glossary's correction of every garbled form."""
    from click.testing import CliRunner

    from review_app.cli import main

    glossary = str(GLOSSARY_DIR / "musk-trump.tbx")
    assert CliRunner().invoke(main, ["qa", str(seed_project), "--glossary", glossary]).exit_code == 0
    res = CliRunner().invoke(main, ["fixes", str(seed_project), "--side", "source"])
    assert res.exit_code == 0, res.output
    for cid, form, preferred in GARBLED.values():
        if cid == "maga":
            assert "remove (マジシャン)" in res.output
        else:
            assert f"{form} → {preferred}" in res.output, (cid, form)
