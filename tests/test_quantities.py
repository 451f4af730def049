"""Table-driven tests of the quantity and date parsers (review_app.quantities)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app.quantities.english import parse_en
from review_app.quantities.japanese import ja_numeral_value, parse_ja
from review_app.quantities.model import (
    JPY,
    ORDINAL,
    PERCENT,
    POINTS,
    TIMES,
    USD,
    Part,
    Qualifier,
    fold,
    power_of_ten_slip,
)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("2億3850万", 238_500_000),
        ("1兆2000億", 1_200_000_000_000),
        ("3千万", 30_000_000),
        ("二十五", 25),
        ("百", 100),
        ("千二百", 1200),
        ("二〇二四", 2024),
        ("13兆9000億", 13_900_000_000_000),
        ("2.4兆", 2_400_000_000_000),
        ("3万5000", 35_000),
        ("一億", 100_000_000),
    ],
)
def test_ja_numeral_value(numeral: str, value: float) -> None:
    assert ja_numeral_value(numeral) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (value, unit, qualifier) of every quantity, in order
        ("トランプ氏を支持する団体に最大2億3850万ドルを寄付した。", [(238_500_000, USD, Qualifier.UP_TO)]),
        ("株価は3000億ドルの水準を下回った", [(300_000_000_000, USD, Qualifier.LESS)]),
        ("今後10年間で2.4兆ドルの債務", [(2.4e12, USD, None)]),
        ("来場者は３万５０００人を超えた。", [(35_000, "", Qualifier.MORE)]),
        ("三人が死亡し、二十五人が負傷", [(3, "", None), (25, "", None)]),
        ("約4億5000万ユーロ", [(450_000_000, "EUR", Qualifier.APPROX)]),
        ("5ポイント下落し、28%となった", [(5, POINTS, None), (28, PERCENT, None)]),
        ("7割程度", [(70, PERCENT, Qualifier.APPROX)]),
        ("輸出額は2.5倍に拡大", [(2.5, TIMES, None)]),
        ("0.5%未満", [(0.5, PERCENT, Qualifier.LESS)]),
        ("40カ国以上の首脳", [(40, "", Qualifier.AT_LEAST)]),
        ("百万円未満", [(1_000_000, JPY, Qualifier.LESS)]),
        ("第1四半期の利益は71%も急落", [(1, ORDINAL, None), (71, PERCENT, Qualifier.AS_MANY)]),
        ("2期目の就任式", [(2, ORDINAL, None)]),
        # words, not numbers
        ("統一と世界一の富豪、一方で十分な一部の万一", []),
        ("G7とCOVID-19", []),
    ],
)
def test_parse_ja_quantities(text: str, expected: list[tuple[float, str, Qualifier | None]]) -> None:
    got = [(q.value, q.unit, q.qualifier) for q in parse_ja(text).quantities]
    assert got == [(pytest.approx(v), u, q) for v, u, q in expected]


def test_vague_and_spans() -> None:
    text = "世界の時価総額は数兆ドルも蒸発した"
    (q,) = parse_ja(text).quantities
    assert q.vague and q.value == 1e12 and q.unit == USD
    assert text[q.span[0]:q.span[1]] == q.text == "数兆ドル"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024年7月13日", [(2024, 7, 13, None)]),
        ("２０２４年７月１３日", [(2024, 7, 13, None)]),
        ("7月13日", [(None, 7, 13, None)]),
        ("2024年", [(2024, None, None, None)]),
        ("10月下旬", [(None, 10, None, Part.LATE)]),
        ("4月初旬と5月中旬", [(None, 4, None, Part.EARLY), (None, 5, None, Part.MID)]),
        ("2025年5月末", [(2025, 5, None, Part.LATE)]),
        ("2023年後半", [(2023, None, None, Part.LATE)]),
        ("2024年末", [(2024, None, None, Part.LATE)]),
        ("年末", [(None, None, None, Part.LATE)]),
        ("令和6年10月", [(2024, 10, None, None)]),
        ("令和元年5月", [(2019, 5, None, None)]),
        ("平成31年4月30日", [(2019, 4, 30, None)]),
        ("2025年春", [(2025, None, None, Part.SPRING)]),
        ("13日、", [(None, None, 13, None)]),
    ],
)
def test_parse_ja_dates(text: str, expected: list[tuple[int | None, ...]]) -> None:
    assert [(d.year, d.month, d.day, d.part) for d in parse_ja(text).dates] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("130日間の任期", [(130, "day")]),
        ("今後10年間", [(10, "year")]),
        ("3か月", [(3, "month")]),
        ("1週間後", [(1, "week")]),
        ("2年前", [(2, "year")]),
    ],
)
def test_parse_ja_durations(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(d.value, d.unit) for d in parse_ja(text).durations] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("up to $238.5 million", [(238_500_000, USD, Qualifier.UP_TO)]),
        ("$23.85 million", [(23_850_000, USD, None)]),
        ("US$1bn and €3m and ¥500 and 5,000 yen", [(1e9, USD, None), (3e6, "EUR", None), (500, JPY, None),
                                                    (5000, JPY, None)]),
        ("2.4 trillion dollars", [(2.4e12, USD, None)]),
        ("71 percent and 10 percentage points", [(71, PERCENT, None), (10, POINTS, None)]),
        ("more than 50% or 3 times", [(50, PERCENT, Qualifier.MORE), (3, TIMES, None)]),
        ("less than 0.5%", [(0.5, PERCENT, Qualifier.LESS)]),
        ("twenty-five people", [(25, "", None)]),
        ("a dozen eggs", [(12, "", None)]),
        ("1,200,000 votes", [(1_200_000, "", None)]),
        ("a million", [(1e6, "", None)]),
        ("fell below the $300 billion mark", [(3e11, USD, Qualifier.LESS)]),
        ("One of the two men said no one knew", [(2, "", None)]),
        ("at one point", []),
        ("COVID-19 and G7", []),
    ],
)
def test_parse_en_quantities(text: str, expected: list[tuple[float, str, Qualifier | None]]) -> None:
    got = [(q.value, q.unit, q.qualifier) for q in parse_en(text).quantities]
    assert got == [(pytest.approx(v), u, q) for v, u, q in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 13, 2024", [(2024, 7, 13, None)]),
        ("13 July 2024", [(2024, 7, 13, None)]),
        ("Jul. 13", [(None, 7, 13, None)]),
        ("late October", [(None, 10, None, Part.LATE)]),
        ("mid-2023", [(2023, None, None, Part.MID)]),
        ("the second half of 2023", [(2023, None, None, Part.LATE)]),
        ("the end of May 2025", [(2025, 5, None, Part.LATE)]),
        ("In the summer of 2023, he", [(2023, None, None, Part.SUMMER)]),
        ("since the start of the year", [(None, None, None, Part.EARLY)]),
        ("May I ask? In May he left.", [(None, 5, None, None)]),
        ("Musk 2024 banners", [(2024, None, None, None)]),
        ("2024/7/13 and 7/13", [(2024, 7, 13, None), (None, 7, 13, None)]),
        ("a 3/4 majority and 3/4 of voters", []),
        ("2024 people", []),
        ("$2024 and 2,024", []),
    ],
)
def test_parse_en_dates(text: str, expected: list[tuple[int | None, ...]]) -> None:
    assert [(d.year, d.month, d.day, d.part) for d in parse_en(text).dates] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("his 130-day term", [(130, "day")]), ("130 days", [(130, "day")]), ("over the next decade", [(10, "year")]),
     ("two years ago", [(2, "year")]), ("a 70-year-old man", [])],
)
def test_parse_en_durations(text: str, expected: list[tuple[float, str]]) -> None:
    assert [(d.value, d.unit) for d in parse_en(text).durations] == expected


@pytest.mark.parametrize(
    ("expected", "found", "slip"),
    [(238_500_000, 23_850_000, -10), (2e12, 2e9, -1000), (1e6, 1e7, 10), (71, 17, None), (5, 5, None)],
)
def test_power_of_ten_slip(expected: float, found: float, slip: int | None) -> None:
    assert power_of_ten_slip(expected, found) == slip


def test_fold_keeps_length_and_spans_index_original() -> None:
    text = "売上は１，２００億円で、前年比１２．５％増"
    assert len(fold(text)) == len(text)
    for q in parse_ja(text).quantities:
        assert text[q.span[0]:q.span[1]] == q.text
    assert [(q.value, q.unit) for q in parse_ja(text).quantities] == [(120_000_000_000, JPY), (12.5, PERCENT)]


@pytest.mark.parametrize("text", ["", "。。。", "9" * 5000, "億" * 300, "年月日" * 100, "\x00\ufeff", "$" * 50,
                                  "第" * 100, "1,2,3,4,5," * 200, "May " * 300])
def test_hostile_input_does_not_crash(text: str) -> None:
    parse_ja(text)
    parse_en(text)


_JA_ALPHABET = ("0123456789０１２３４５６７８９一二三四五六七八九十百千万億兆数約超以上未満年月日間"
                "%ドル円倍割第期目、。. ,")
_EN_ALPHABET = "0123456789 .,$€%-abcdefmnorstuy" + "MayJulyOctober"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_JA_ALPHABET, max_size=40))
def test_ja_spans_always_index_the_text(text: str) -> None:
    p = parse_ja(text)
    for item in [*p.quantities, *p.dates, *p.durations]:
        assert text[item.span[0]:item.span[1]] == item.text
    spans = sorted(q.span for q in p.quantities)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), "quantities never overlap"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_EN_ALPHABET, max_size=40))
def test_en_spans_always_index_the_text(text: str) -> None:
    p = parse_en(text)
    for item in [*p.quantities, *p.dates, *p.durations]:
        assert text[item.span[0]:item.span[1]] == item.text


@given(st.text(alphabet=st.sampled_from(list("０１９．，％＄￥0.,%$¥二万円ドルabc 　")), max_size=30))
def test_fold_fast_path_equals_translate(text: str) -> None:
    from review_app.quantities import model

    assert model.fold(text) == text.translate(model._FOLD)


@pytest.mark.parametrize("odd, plain", [("the firſt", "the first"), ("ſeven thouſand people", "seven thousand people"),
                                        ("the fıfth", "the fifth"), ("5 \u212am", "5 Km"),
                                        ("tens of billions of dollars", "tens of billions of dollars")])
def test_parse_en_reads_the_letters_ignorecase_equates_with_ascii(odd: str, plain: str) -> None:
    """ſ, K (Kelvin), ı and İ match ASCII letters under IGNORECASE; the parser used to match "firſt" and then fail
    to look it up (KeyError). Now such text parses as its ASCII spelling, spans unchanged."""
    got, want = parse_en(odd), parse_en(plain)
    assert [(q.value, q.unit, q.span) for q in got.quantities] == [(q.value, q.unit, q.span) for q in want.quantities]
    assert [q.text for q in got.quantities] == [odd[q.span[0]:q.span[1]] for q in got.quantities]
