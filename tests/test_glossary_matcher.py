"""Term matcher: Japanese normalisation with offset maps, token boundaries, English word/plural/case rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.glossary.matcher import TermMatcher, normalize_source, normalize_target, token_boundaries
from review_app.glossary.model import Concept, Glossary, Term, TermStatus

G = Glossary((
    Concept("kyoto", terms=(Term("京都", "ja"), Term("Kyoto", "en", case_sensitive=True))),
    Concept("trump", terms=(Term("トランプ", "ja"), Term("ドナルド・トランプ", "ja", TermStatus.PREFERRED),
                            Term("Trump", "en", case_sensitive=True),
                            Term("playing cards", "en", TermStatus.FORBIDDEN))),
    Concept("musk", terms=(Term("イーロン・マスク", "ja", TermStatus.PREFERRED), Term("マスク", "ja"),
                           Term("Elon Musk", "en", TermStatus.PREFERRED), Term("Musk", "en", case_sensitive=True))),
    Concept("computer", terms=(Term("コンピューター", "ja"), Term("computer", "en"))),
    Concept("server", terms=(Term("サーバ", "ja"),)),
    Concept("doge", terms=(Term("政府効率化省", "ja", TermStatus.PREFERRED), Term("DOGE", "ja", case_sensitive=True),
                           Term("DOGE", "en", do_not_translate=True),
                           Term("Department of Government Efficiency", "en", TermStatus.PREFERRED))),
    Concept("maga", terms=(Term("MAGA", "ja", case_sensitive=True), Term("ダークMAGA", "ja"),
                           Term("MAGA", "en", do_not_translate=True))),
    Concept("dark-maga", terms=(Term("ダークMAGA", "ja"), Term("Dark MAGA", "en", case_sensitive=True))),
    Concept("obbb", terms=(Term("One Big Beautiful Bill", "en", TermStatus.PREFERRED),
                           Term("Big Beautiful Bill", "en"))),
    Concept("mar-a-lago", terms=(Term("マール・アー・ラーゴ", "ja"), Term("Mar-a-Lago", "en", case_sensitive=True))),
    Concept("butler", terms=(Term("バトラー", "ja"), Term("Butler", "en", case_sensitive=True))),
    Concept("gun-rights", terms=(Term("gun rights", "en"), Term("gun control", "en", TermStatus.FORBIDDEN))),
    Concept("x", terms=(Term("X", "ja", case_sensitive=True), Term("X", "en", do_not_translate=True))),
    Concept("politico", terms=(Term("Politico", "en", case_sensitive=True),)),
    Concept("axios", terms=(Term("Axios", "en", case_sensitive=True),)),
    Concept("high", terms=(Term("高", "ja"),)),
))

JA_CASES = [
    # (text, expected [(matched original text, concept)])
    ("京都に住む", [("京都", "kyoto")]),
    ("東京都に住む", []),  # 京都 inside 東京都: 東京|都
    ("トランプ氏は述べた", [("トランプ", "trump")]),  # compound with 氏 still matches
    ("ドナルド・トランプ大統領", [("ドナルド・トランプ", "trump")]),  # longest wins over トランプ
    ("ドナルドトランプ", [("ドナルドトランプ", "trump")]),  # no middle dot
    ("ドナルド･トランプ", [("ドナルド･トランプ", "trump")]),  # half-width middle dot
    ("ドナルド　トランプ", [("ドナルド　トランプ", "trump")]),  # ideographic space
    ("ｲｰﾛﾝ･ﾏｽｸ氏", [("ｲｰﾛﾝ･ﾏｽｸ", "musk")]),  # half-width katakana with voiced marks mapped back
    ("イーロン・マスク氏とマスク氏", [("イーロン・マスク", "musk"), ("マスク", "musk")]),
    ("バトラーズの店", []),  # バトラー inside the one-token word バトラーズ
    ("京都府の人", [("京都", "kyoto")]),  # 京都|府: a suffix after the term is fine
    ("コンピュータを使う", [("コンピュータ", "computer")]),  # long-vowel variant (no ー)
    ("サーバーが落ちた", [("サーバー", "server")]),  # long-vowel variant (with ー)
    ("コンピュ－タ－", [("コンピュ－タ－", "computer")]),  # full-width hyphen used as ー
    ("ＤＯＧＥの責任者", [("ＤＯＧＥ", "doge")]),  # full-width Latin
    ("dogeの責任者", []),  # case-sensitive acronym
    ("政府効率化省(DOGE)", [("政府効率化省", "doge"), ("DOGE", "doge")]),
    ("ダークMAGAなのです", [("ダークMAGA", "maga"), ("ダークMAGA", "dark-maga")]),  # ambiguous form: both concepts
    ("私はただのMAGAではありません", [("MAGA", "maga")]),
    ("マール・アー・ラーゴに招待", [("マール・アー・ラーゴ", "mar-a-lago")]),
    ("ペンシルベニア州バトラーで", [("バトラー", "butler")]),
    ("Xプラットフォーム上で", [("X", "x")]),
    ("Xboxで遊ぶ", []),  # X inside a Latin word
    ("高い山", []),  # okurigana: 高い is one word
    ("高の字", [("高", "high")]),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), JA_CASES)
def test_japanese_matching(text: str, expected: list[tuple[str, str]]) -> None:
    found = G.matcher("ja").find(text)
    assert [(m.text, m.concept_id) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text


EN_CASES = [
    ("Trump said", [("Trump", "trump")]),
    ("Trump's bill", [("Trump's", "trump")]),
    ("Trump’s bill", [("Trump’s", "trump")]),
    ("the trumpet", []),  # word boundary
    ("TRUMP said", []),  # case-sensitive name
    ("Elon Musk and Musk", [("Elon Musk", "musk"), ("Musk", "musk")]),
    ("Musks’ houses", [("Musks’", "musk")]),
    ("muskrat", []),
    ("the One Big Beautiful Bill", [("One Big Beautiful Bill", "obbb")]),  # longest, not Big Beautiful Bill
    ("Big Beautiful Bills", [("Big Beautiful Bills", "obbb")]),  # plural
    ("one-big-beautiful bill", [("one-big-beautiful bill", "obbb")]),  # hyphen/space, case-insensitive term
    ("Mar a Lago", [("Mar a Lago", "mar-a-lago")]),  # hyphen variant
    ("Mar-a-Lago's pool", [("Mar-a-Lago's", "mar-a-lago")]),
    ("the butler did it", []),  # Butler is case-sensitive
    ("Butler, Pennsylvania", [("Butler", "butler")]),
    ("Gun rights and gun control", [("Gun rights", "gun-rights"), ("gun control", "gun-rights")]),
    ("DOGE's cuts", [("DOGE's", "doge")]),
    ("Doge cuts", []),  # do-not-translate terms keep their case
    ("the Department of Government Efficiency (DOGE)",
     [("Department of Government Efficiency", "doge"), ("DOGE", "doge")]),
    ("Computers", [("Computers", "computer")]),  # lower-case term, any case
    ("Axios' report and Politico's", [("Axios'", "axios"), ("Politico's", "politico")]),
    ("an X post", [("X", "x")]),
    ("XL size", []),
    ("the  Elon   Musk  era", [("Elon   Musk", "musk")]),  # whitespace runs
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), EN_CASES)
def test_english_matching(text: str, expected: list[tuple[str, str]]) -> None:
    found = G.matcher("en").find(text)
    assert [(m.text, m.concept_id) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.text


def test_statuses_filter_and_status_of_matches() -> None:
    forbidden_only = TermMatcher(G, "en", statuses=[TermStatus.FORBIDDEN])
    assert [m.text for m in forbidden_only.find("Gun rights and gun control")] == ["gun control"]
    assert G.matcher("en").find("playing cards")[0].status is TermStatus.FORBIDDEN


def test_matcher_is_cached_per_language() -> None:
    assert G.matcher("ja") is G.matcher("ja")
    assert G.matcher("ja") is not G.matcher("en")


def test_token_boundaries() -> None:
    b = token_boundaries("東京都に住む")
    assert 2 in b and 1 not in b


@pytest.mark.parametrize("text", ["ｲｰﾛﾝ･ﾏｽｸ氏", "イーロン・マスク", "ＡＢＣ　ｶﾞｷﾞ", "コンピュ－タ－",
                                  "e\u0301t\u00e9", "㈱トランプ"])
def test_offset_maps_point_at_original_characters(text: str) -> None:
    norm = normalize_source(text)
    assert len(norm.cased) == len(norm.folded)
    start, end = norm.span(0, len(norm.cased))
    assert (start, end) == (0, len(text))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("アイウエオカガキギｶﾞｷﾞ･・ー－ 　東京都高いAbＣ𝔸é\u0301")), max_size=20))
def test_property_source_spans_are_monotonic(text: str) -> None:
    norm = normalize_source(text)
    n = len(norm.cased)
    assert norm.span(0, n) == ((0, len(text)) if n else norm.span(0, 0))
    for i in range(n):
        s, e = norm.span(i, i + 1)
        assert 0 <= s < e <= len(text)
        if i:
            assert s >= norm.span(i - 1, i)[0]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab -–’'ﬁ\tÉ\u0301 S")), max_size=20))
def test_property_target_spans_are_monotonic(text: str) -> None:
    norm = normalize_target(text)
    for i in range(len(norm.cased)):
        s, e = norm.span(i, i + 1)
        assert 0 <= s < e <= len(text)


def test_seed_article_spans(seed_text: str) -> None:
    from review_app.glossary import load_glossary
    from tests.conftest import ROOT

    g = load_glossary(ROOT / "glossary" / "musk-trump.tbx")
    found = g.matcher("ja").find(seed_text)
    by_concept: dict[str, int] = {}
    for m in found:
        assert seed_text[m.start : m.end] == m.text
        by_concept[m.concept_id] = by_concept.get(m.concept_id, 0) + 1
    assert by_concept["elon-musk"] >= 150 and by_concept["donald-trump"] >= 150
    assert by_concept["eagle-pass"] == 2  # イーグルパス and the forbidden 鷹潭
    ends = [m.start for m in found]
    assert ends == sorted(ends)


G2 = Glossary((
    Concept("butler", terms=(Term("Butler", "en", TermStatus.PREFERRED, case_sensitive=True),
                             Term("butler", "en", TermStatus.FORBIDDEN, case_sensitive=True))),
    Concept("bezos", terms=(Term("Jeff Bezos", "en", TermStatus.PREFERRED, case_sensitive=True),
                            Term("Jeff Bezo", "en", TermStatus.FORBIDDEN))),
    Concept("wisconsin", terms=(Term("Wisconsin", "en", case_sensitive=True),)),
    Concept("court-race", terms=(Term("Wisconsin Supreme Court", "en"),)),
    Concept("alliance", terms=(Term("Trump-Musk alliance", "en"), Term("Tema alliance", "en", TermStatus.FORBIDDEN))),
))


@pytest.mark.parametrize(("text", "expected"), [
    ("Butler, Pennsylvania", [("Butler", TermStatus.PREFERRED)]),  # exact case wins over capitalised "butler"
    ("the butler did it", [("butler", TermStatus.FORBIDDEN)]),
    ("Butler did it", [("Butler", TermStatus.PREFERRED)]),
    ("Jeff Bezos and Jeff Bezo", [("Jeff Bezos", TermStatus.PREFERRED), ("Jeff Bezo", TermStatus.FORBIDDEN)]),
    ("the Trump–Musk alliance", [("Trump–Musk alliance", TermStatus.ADMITTED)]),  # en dash as hyphen
])
def test_case_policy_and_tie_breaks(text: str, expected: list[tuple[str, TermStatus]]) -> None:
    assert [(m.text, m.status) for m in G2.matcher("en").find(text)] == expected


def test_overlapping_finds_nested_concepts() -> None:
    text = "a special election for the Wisconsin Supreme Court"
    m = G2.matcher("en")
    assert [x.concept_id for x in m.find(text)] == ["court-race"]
    assert [x.concept_id for x in m.find(text, overlapping=True)] == ["court-race", "wisconsin"]  # longer first
    assert m.find_many([text, "", "Butler"], overlapping=True)[2][0].concept_id == "butler"


_TERMS = ["トランプ", "イーロン・マスク", "京都", "政府効率化省", "DOGE", "イーグルパス", "ダークMAGA", "MAGA"]
_G3 = Glossary(tuple(Concept(f"c{i}", terms=(Term(t, "ja", case_sensitive=t.isascii()),))
                     for i, t in enumerate(_TERMS)))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_TERMS), st.sampled_from(["氏", "の", "は", "東", "都", "、", "ｲｰﾛﾝ･ﾏｽｸ",
                                                                   "ＤＯＧＥ", " ", "Ｘ", "ー", "・"])),
                max_size=12))
def test_property_matches_are_ordered_disjoint_slices(parts: list[str]) -> None:
    text = "".join(parts)
    found = _G3.matcher("ja").find(text)
    last = 0
    for m in found:
        assert text[m.start : m.end] == m.text
        assert m.start >= last and m.end > m.start
        last = m.end


_NORMALISATION_CHARS = list("ab -'\u2019\u2018\u02bc\u2032\u2010\u2013\t\n\u3000\u00a0x")


@given(st.text(alphabet=st.sampled_from(_NORMALISATION_CHARS), max_size=40))
def test_fast_paths_of_target_normalisation_equal_the_plain_definitions(text: str) -> None:
    """The cheap pre-checks and the replace chain in normalize_target must never change its result."""
    from review_app.glossary import matcher as m

    assert m._straighten_apostrophes(text) == text.translate(m._APOSTROPHES)
    assert bool(m._HYPHEN_CHAR.search(text)) or not m._WORD_HYPHEN.search(text)
    assert bool(m._SPACE_HINT.search(text)) == bool(m._SPACE_RUN.search(text))
