"""The shipped Musk–Trump glossary: generated from scripts/build_glossary.py, complete for the seed article."""

from __future__ import annotations

import importlib.util
from collections import Counter
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
