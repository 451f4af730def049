"""The false-alarm classes of the number and date checks on real Japanese (issue 15), each a tested rule.

Every case where one exists is a sentence of ``../shared/realworld`` (WMT21/22 ja→en) read in place: the source
line and its professional reference translation, which the number and date checks must leave alone (the
reference is right), and a parse of the source that shows the rule. Classes with no sentence in that data use a
sentence made up here, marked so. A last table keeps the errors: the same sentences with the value changed must
still be reported, so the rules do not buy silence with recall.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from review_app.checks.base import CheckContext, Unit, run_checks
from review_app.checks.registry import all_checks
from review_app.quantities import parse_en, parse_ja
from review_app.quantities.model import PERCENT, POINTS, DateRef
from tests.conftest import SHARED, shared_dir

NUMBER_DATE = ("number-", "date-")


@functools.lru_cache(maxsize=4)
def _lines(year: str, name: str) -> tuple[str, ...]:
    path = shared_dir(SHARED / "realworld") / f"{year}-ja-en" / name
    return tuple(Path(path).read_text(encoding="utf-8").split("\n"))


def real(year: str, line: int) -> tuple[str, str]:
    """Source and reference of the 1-based ``line`` of a WMT year."""
    return _lines(year, "src.ja")[line - 1], _lines(year, "ref.en")[line - 1]


def number_date_findings(source: str, target: str) -> list[str]:
    checks = [c for c in all_checks() if c.check_id.startswith(NUMBER_DATE)]
    issues = run_checks(checks, CheckContext(units=[Unit("u", source, target)]))
    return [f"{i.check} ({i.severity.value}): {i.message}" for i in issues]


# (class of false alarm, WMT year, line): the reference is right and must get no number or date finding
REAL_CLEAN = [
    ("abbreviated year in full-width digits: １８年 = 2018", "wmt21", 105),
    ("abbreviated years in a range: ０４～０５年 = 2004 and 2005", "wmt21", 107),
    ("abbreviated year with the era year in brackets: ２３（大正１２）年 = 1923", "wmt21", 52),
    ("abbreviated year and a sum: 06年 = 2006, 2000円 = '2000 yen'", "wmt21", 599),
    ("a range's abbreviated end year: （１８２５～６９年） = 1825-1869", "wmt21", 470),
    ("numerals inside names: 九州, 四国", "wmt21", 637),
    ("numerals inside words: 一方", "wmt22", 439),
    ("・ as a decimal point: １・５５㍍ = 1.55 meters", "wmt21", 477),
    ("・ as a decimal point in index values: １８２・４４ドル, ２万６４６９・８９ドル", "wmt21", 835),
    ("a range of percentages: 70～90％ = 70-90%", "wmt22", 367),
    ("ranges of age decades and an era date: 20-30代, 50-60代, 令和2年6月", "wmt21", 942),
    ("N年連続 = 'the third consecutive year'", "wmt21", 221),
    ("N年連続 = 'for 2 consecutive years'", "wmt22", 116),
    ("an age: １７歳 = '17-year-old'", "wmt21", 739),
    ("an age with months: １６歳１１か月 = '16 years and 11 months'", "wmt21", 749),
    ("points (点) = 'trailing 4 points'", "wmt22", 1494),
    ("a day without a month: ２４日 = 'On the 24th'", "wmt21", 173),
    ("a day of this month: 今月９日 = 'on the 9th of this month'", "wmt21", 106),
    ("a day with its weekday: 10日 (金) = 'Friday the 10th'", "wmt22", 754),
    ("a score: ３－２の勝利 = 'the 3-2 victory'", "wmt21", 764),
    ("an era year: 平成18年2月 = 'February 2006'", "wmt21", 117),
    ("a time of day: 19時 = '7pm'", "wmt21", 627),
    ("a count that looks like a year: ２０００勝 = '2,000 total victories'", "wmt21", 448),
    ("loyalty points: 2000P = '2,000 points'", "wmt22", 744),
    ("a duration glued to a sum: 12年総額 = '12-year contract'", "wmt21", 685),
    ("a batting average in 割分厘: 打率１割８分２厘 = '.182'", "wmt21", 433),
    ("a batting average without its zero: 打率.346 = '.346'; 世界一 = 'number one'", "wmt21", 696),
    ("two or three: ２，３回 = 'Two or three times' (not 23)", "wmt22", 981),
    ("age decades as words: ５０代と６０代 = 'fifties', 'sixties'", "wmt21", 250),
    ("an English number word is read whole: 'Eighteen' (not 'Eight')", "wmt22", 649),
    ("an English word read as a month: 'Declaration' (not 'Dec')", "wmt21", 35),
    ("an English verb read as a month: 'Troops March On'", "wmt22", 1370),
    ("school years: ２年 = 'second years'", "wmt21", 216),
    ("a date in slash form with a time: 12/19(土)10:00 = '10:00am on December 19th (Sat)'", "wmt22", 145),
    ("a fixed phrase: 年末年始 = 'the New Year's holidays'", "wmt22", 1440),
    ("初売り is the New Year sale, not 'early 2019'", "wmt22", 1306),
    ("a day of the same month: 同月13日付け = 'on the 13th of the same month'", "wmt21", 817),
    ("the previous day resolved: 前日 = 'on the 11th'", "wmt22", 1936),
    ("this year resolved: 今年 = '2021'", "wmt22", 1317),
    ("days as a frequency: 週3日 = '3 days a week'", "wmt22", 376),
    ("a time as a clock word: 午前0時 = 'midnight'", "wmt21", 584),
]


@pytest.mark.parametrize(("what", "year", "line"), REAL_CLEAN, ids=[f"{y}:{n}" for _, y, n in REAL_CLEAN])
def test_professional_reference_gets_no_number_or_date_finding(what: str, year: str, line: int) -> None:
    source, reference = real(year, line)
    assert number_date_findings(source, reference) == [], what


def test_abbreviated_year_reads_as_the_year_with_the_doubt_stated() -> None:
    source, _ = real("wmt21", 105)  # …前知事は１８年の知事選決選投票で…
    (year,) = [d for d in parse_ja(source).dates if d.year == 2018]
    assert year.text == "１８年" and year.doubt == "'１８年' could be the year 2018 or 18 years" and year.alt == 18
    leading_zero, _ = real("wmt21", 599)  # 06年: with a leading zero, only a year
    assert [(d.year, d.doubt) for d in parse_ja(leading_zero).dates if d.year == 2006] == [(2006, None)]


def test_missing_abbreviated_year_is_minor_and_says_why() -> None:
    source, _ = real("wmt21", 105)
    found = number_date_findings(source, "In the final gubernatorial election, the ex-governor Furgal won "
                                         "with about 70% of votes cast.")
    assert found == ["date-missing (minor): date missing: source '１８年' (2018) does not appear in the target "
                     "(minor: '１８年' could be the year 2018 or 18 years)"]


def test_range_and_era_readings() -> None:
    assert [d.year for d in parse_ja(real("wmt21", 107)[0]).dates] == [2004, 2005]
    assert [d.year for d in parse_ja(real("wmt21", 470)[0]).dates if d.year and d.year < 1900] == [1825, 1869]
    assert [d.year for d in parse_ja(real("wmt21", 52)[0]).dates if d.year == 1923] == [1923]
    ranged = [(q.value, q.unit) for q in parse_ja(real("wmt22", 367)[0]).quantities]
    assert (70.0, PERCENT) in ranged and (90.0, PERCENT) in ranged


def test_numerals_inside_words_are_not_numbers() -> None:
    assert parse_ja(real("wmt21", 637)[0]).quantities == []  # 九州、中国、四国: no 9, no 4
    assert [q.value for q in parse_ja("三勝二敗で終えた。").quantities] == [3.0, 2.0]  # made up: a record


def test_nakaguro_decimal_and_batting_averages() -> None:
    assert 1.55 in [q.value for q in parse_ja(real("wmt21", 477)[0]).quantities]
    assert 0.182 in [q.value for q in parse_ja(real("wmt21", 433)[0]).quantities]
    assert 3.4 not in [q.value for q in parse_ja("３・４月に").quantities]  # made up: ・ lists March and April


@pytest.mark.parametrize(("source", "target"), [
    # made up: no sentence of ../shared/realworld has these forms
    ("売上は前年の1.5倍に増えた。", "Sales were up 50% on the previous year."),
    ("売上は前年の2倍になった。", "Sales reached 200% of the previous year's."),
    ("利用率は3ポイント上昇した。", "The usage rate rose 3 percentage points."),
    ("店舗は24時間365日営業しています。", "The store is open 24/7."),
    ("三勝二敗で終えた。", "They finished 3-2."),
    ("令和2年に開業した。", "It opened in 2020."),
    ("92歳の男性が死亡した。", "A man aged 92 died."),
    ("15日に発表した。", "It announced the results on Monday."),
    ("月額980円。", "980 yen/Mon."),
    ("史上初の快挙。", "A first-ever feat."),
    ("最大級の竜巻の一つ。", "One of the biggest tornadoes."),
    ("セブンイレブンで販売する。", "It will be sold at 7-Eleven."),
])
def test_made_up_forms_of_the_same_classes(source: str, target: str) -> None:
    assert number_date_findings(source, target) == []


@pytest.mark.parametrize(("year", "line", "old", "new", "check"), [
    ("wmt21", 105, "2018", "2017", "date-"),  # a wrong year for １８年
    ("wmt21", 477, "1.55", "15.5", "number-"),  # a 10× slip of １・５５
    ("wmt22", 367, "70-90%", "70-80%", "number-"),  # a range end changed
    ("wmt21", 173, "24th", "25th", "date-"),  # the wrong day
    ("wmt21", 627, "7pm", "9pm", "number-"),  # the wrong time
    ("wmt21", 448, "2,000", "3,000", "number-"),  # the wrong count
    ("wmt22", 1494, "4 points", "5 points", "number-"),  # the wrong score
])
def test_errors_in_the_same_sentences_are_still_reported(year: str, line: int, old: str, new: str,
                                                          check: str) -> None:
    source, reference = real(year, line)
    assert old in reference
    found = number_date_findings(source, reference.replace(old, new, 1))
    assert any(f.startswith(check) for f in found), found


# the other target-side checks on the same references: (check, WMT year, line, why it is right)
OTHER_CLEAN = [
    ("unbalanced-brackets", "wmt22", 175, "the quotation goes on in the next segment: the source's 「 is open too"),
    ("unbalanced-brackets", "wmt22", 176, "the quotation began in the previous segment: the source's 」 too"),
    ("unbalanced-brackets", "wmt22", 925, "the source starts with the same closing bracket ）"),
    ("unbalanced-brackets", "wmt22", 1902, "'4.)' is list numbering copied from the source"),
    ("repeated-word", "wmt22", 865, "the source repeats the word too (エビマヨマヨエビマヨ)"),
    ("repeated-word", "wmt22", 1428, "ラボラボ is a brand name that repeats"),
    ("name-misspelling", "wmt21", 918, "Nigeria is the English name of ナイジェリア (a soft g)"),
]


@pytest.mark.parametrize(("check", "year", "line", "why"), OTHER_CLEAN,
                         ids=[f"{c}-{y}:{n}" for c, y, n, _ in OTHER_CLEAN])
def test_other_checks_leave_the_professional_reference_alone(check: str, year: str, line: int, why: str) -> None:
    source, reference = real(year, line)
    checks = [c for c in all_checks() if c.check_id == check]
    assert run_checks(checks, CheckContext(units=[Unit("u", source, reference)])) == [], why


def test_a_spelling_checked_against_the_katakana_alone_is_minor() -> None:
    source, reference = real("wmt21", 103)  # 批判の矛先はプーチン大統領にも… → "President Putin…"
    checks = [c for c in all_checks() if c.check_id == "name-misspelling"]
    found = run_checks(checks, CheckContext(units=[Unit("u", source, reference)]))
    assert [(i.severity.value, "Putin for プーチン" in i.message) for i in found] in ([], [("minor", True)])


def test_the_same_checks_still_report_real_errors() -> None:
    checks = [c for c in all_checks() if c.check_id in ("unbalanced-brackets", "repeated-word")]
    source, reference = real("wmt21", 417)  # the reference's own "the the" (a real typo)
    assert [i.check for i in run_checks(checks, CheckContext(units=[Unit("u", source, reference)]))] == \
        ["repeated-word"]
    balanced_source = "彼は「はい」と言った。"  # made up: a balanced source, an unbalanced target
    assert [i.check for i in run_checks(checks, CheckContext(units=[Unit("u", balanced_source,
                                                                          'He said, "yes.')]))] == \
        ["unbalanced-brackets"]


def test_english_readings() -> None:
    assert [q.value for q in parse_en(real("wmt22", 649)[1]).quantities][:1] == [18.0]  # Eighteen
    assert parse_en(real("wmt21", 35)[1]).dates == []  # Declaration
    assert parse_en("Troops March On").dates == []
    assert [(t.hour, t.minute) for t in parse_en("from 8:00pm-10:00am, and at 7 p.m.").times] == [(20, 0), (10, 0),
                                                                                                (19, 0)]
    assert [(q.value, q.unit) for q in parse_en("2,000 points").quantities] == [(2000.0, POINTS)]
    assert parse_en("open 24/7").quantities == []
    assert [d for d in parse_en("(5/5 stars)").dates if isinstance(d, DateRef)] == []


def test_a_part_of_the_month_is_not_covered_by_the_month_alone() -> None:
    # the shipped reference (corpus/musk-trump/reference.tmx): the source's own (10月下旬) is not in the target,
    # and the month 10 of "Oct. 5" must not stand in for "late October"
    found = number_date_findings("2024年10月5日(10月下旬):マスク氏がトランプ陣営の選挙集会に初めて姿を現す。",
                                 "Oct. 5, 2024: Musk made his first appearance at a Trump campaign rally.")
    assert found == ["date-missing (major): date missing: source '10月下旬' (late October) does not appear in the "
                     "target"]
