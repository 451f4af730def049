"""Addition's month rule (issue 16): a month the target names for a day the source gives alone (12日 → "April 12"),
on WMT21/22 system outputs and references read in place from ../shared/realworld, labelled rows of
bench/data/meaning-labels.jsonl, and hostile input."""

from __future__ import annotations

from typing import Any

import pytest

from review_app.checks.addition import _doubled, _invented_month, _quote_framing, _repeated_sentence
from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.registry import all_checks
from tests.meaning_data import labelled_row, wmt_lines


def _findings(units: list[Unit], **options: Any) -> list[Any]:
    checks = [c for c in all_checks() if c.check_id == "addition"]
    config = CheckConfig(enabled_only=frozenset({"addition"}), options={"addition": options} if options else {})
    return list(run_checks(checks, CheckContext(units=units, config=config)))


@pytest.mark.parametrize("system,seg,date", [
    ("Online-W", 524, "April 12"),              # ポスコインターナショナルは12日、… (eighth held-out set)
    ("NAIST-NICT-TIT", 757, "September 9"),    # 9日 (木) と10日 (金) → "Thursday, September 9 and Friday, …"
])
def test_labelled_invented_month(system: str, seg: int, date: str) -> None:
    row = labelled_row(system, seg)
    assert "addition" in row["labels"]
    found = _findings([Unit("1", row["source"], row["target"])])
    assert [f.data["kind"] for f in found] == ["month"]
    a, b = found[0].target_span
    assert row["target"][a:b] == date
    assert "day only" in found[0].message


@pytest.mark.parametrize("year,system,seg,date", [
    ("wmt21", "Online-G", 442, "May 24"),       # 【ワシントン共同】…は２４日 → "Washington, May 24 (Upi) --"
    ("wmt21", "Illini", 925, "October 25"),     # 相馬野馬追が２５日、開幕した (July 2020)
    ("wmt22", "Online-W", 997, "January 12"),   # 12日午前1時25分ごろ → "At around 1:25 a.m. on January 12"
    ("wmt21", "Illini", 227, "October 24"),     # 二十四日 (a kanji numeral)
])
def test_wmt_invented_months(year: str, system: str, seg: int, date: str) -> None:
    src, hyp = wmt_lines(year, system)
    found = _invented_month(src[seg - 1], hyp[seg - 1])
    assert found is not None
    (a, b), _month, _day = found
    assert hyp[seg - 1][a:b] == date


def test_references_that_render_the_day_alone_are_not_reported() -> None:
    # the professional references write "on the 12th": of the 3,013 WMT21/22 reference segments, the rule reads
    # a month only where the translator added the article's month (3 WMT22 segments, e.g. 1140 "December 12")
    for year in ("wmt21", "wmt22"):
        src, ref = wmt_lines(year)
        hits = [i + 1 for i, (s, t) in enumerate(zip(src, ref, strict=False)) if _invented_month(s, t)]
        assert len(hits) <= (1 if year == "wmt21" else 3), hits
    src, ref = wmt_lines("wmt22")
    assert _invented_month(src[523], ref[523]) is None   # POSCO: "on the 12th"


def test_a_month_named_elsewhere_in_the_document_is_not_reported() -> None:
    # WMT21 810: the reference's "On August 20th" for 20日; the document's other sources say 8月
    src, ref = wmt_lines("wmt21")
    assert _invented_month(src[809], ref[809]) is not None   # alone, the month is not in the source …
    doc = [Unit("1", "8月に計画を発表した。", "The plan was announced in August."), Unit("2", src[809], ref[809])]
    assert [f for f in _findings(doc) if f.data["kind"] == "month"] == []   # … but the document gives it
    other = [Unit("1", "計画を発表した。", "The plan was announced."), Unit("2", src[809], ref[809])]
    assert [f.data["kind"] for f in _findings(other)] == ["month"]


def test_month_option_switches_the_rule_off() -> None:
    row = labelled_row("Online-W", 524)
    assert _findings([Unit("1", row["source"], row["target"])], month=False) == []


@pytest.mark.parametrize("source,target", [
    ("７月２４日に公開した。", "It was released on July 24."),               # the source gives the month
    ("今月２４日に公開した。", "It was released on December 24."),           # 今月: the month in other words
    ("２４日間公開した。", "It was released for 24 days until May 24."),     # a length, not a day
    ("３日目に公開した。", "It was released on March 3."),                    # a count
    ("１０／２４に公開した。", "It was released on October 24."),              # a date with a slash
    ("２４日に公開した。", "It was released on the 24th; it may 24 times."),  # no month name
    ("２４日に公開した。", "It was released on the 24th. March 24 people."),  # another day's number? no: 24 matches
    ("日", "May 1"),                                                            # no day number
    ("", ""),
    ("１２日" * 2000, "April 12 " * 2000),
    ("12日\u200b", "\u200bApril\u00a012"),
])
def test_hostile(source: str, target: str) -> None:
    found = _invented_month(source, target)
    if source.startswith("２４日に公開した。") and "March 24" in target:
        assert found is not None   # the rule reads numbers, not grammar: "March 24 people" reads as a date
    elif source.startswith("１２日１２日"):
        assert found is not None and found[0] == (0, 8)
    elif source == "12日\u200b":
        assert found is not None
    else:
        assert found is None


# -- a stretch said twice -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("year,system,seg,doubled", [
    ("wmt22", "Online-W", 296, "easier to be self-contained than to"),
    ("wmt22", "Online-W", 1135, "65,000 fuel cell vehicles"),
    ("wmt21", "Illini", 65, "the first round of the match"),
    ("wmt21", "Online-Y", 779, "the first time in 20 years"),    # ２０年ぶり said once
])
def test_wmt_stretches_said_twice(year: str, system: str, seg: int, doubled: str) -> None:
    src, hyp = wmt_lines(year, system)
    found = _findings([Unit("1", src[seg - 1], hyp[seg - 1])])
    assert [f.data["kind"] for f in found] == ["doubled"]
    a, b = found[0].target_span
    assert hyp[seg - 1][a:b] == doubled
    assert _doubled(src[seg - 1], hyp[seg - 1]) is not None


def test_labelled_camphor_tree_said_twice() -> None:
    # eighth held-out set: '20-meter-high camphor tree' twice and 'a strolling garden' doubled
    row = labelled_row("Online-W", 1820)
    assert "addition" in row["labels"]
    assert [f.data["kind"] for f in _findings([Unit("1", row["source"], row["target"])])] == ["doubled"]


@pytest.mark.parametrize("year,system,seg", [
    ("wmt21", None, 812),          # 県産ニンニクを使う…、県産米を使う… → "which uses prefecture-produced" twice
    ("wmt21", "NiuTrans", 812),
    ("wmt22", None, 40),           # 何度も何度も何度も何度も → "again and again and again …": the source loops
    ("wmt22", "KYB", 356),         # 国土交通省（国交省） → "(Ministry of Land, Infrastructure, …)": the bracket's
    ("wmt22", "LanguageX", 356),   # abbreviation spelled out
    ("wmt22", "KYB", 90),          # 注文メール … 出荷メール → "received an order e-mail" twice: メール twice
    ("wmt22", "DLUT", 1733),       # という回路を … という回路に → "circuit where electricity can be turned" twice
])
def test_parallel_stretches_are_not_reported(year: str, system: str | None, seg: int) -> None:
    src, tgt = wmt_lines(year, system)
    assert _doubled(src[seg - 1], tgt[seg - 1]) is None


def test_no_reference_says_a_stretch_twice() -> None:
    for year in ("wmt21", "wmt22"):
        src, ref = wmt_lines(year)
        assert [i + 1 for i, (s, t) in enumerate(zip(src, ref, strict=False)) if _doubled(s, t)] == []


def test_doubled_tokens_zero_switches_the_rule_off() -> None:
    src, hyp = wmt_lines("wmt22", "Online-W")
    assert _findings([Unit("1", src[295], hyp[295])], doubled_tokens=0) == []


@pytest.mark.parametrize("source,target", [
    ("", ""),
    ("猫", "the cat sat on the mat " * 2),                         # three content words? cat, sat, mat: said twice
    ("猫", "a b c d e f a b c d e f"),                              # no content word
    ("猫", "(" * 500 + ")" * 500),
    ("猫が", "Cat cat cat cat cat cat cat cat cat cat cat cat"),     # one word: not a stretch of three
    ("\u200b", "red green blue red green blue\u200b red green blue red green blue"),
])
def test_doubled_hostile(source: str, target: str) -> None:
    found = _doubled(source, target)
    if target.startswith("the cat sat"):
        assert found is not None and target[found[0][0]:found[0][1]] == "the cat sat on the mat"
    elif target.startswith("red green"):
        assert found is not None
    else:
        assert found is None


# -- an earlier sentence said again --------------------------------------------------------------------------------

def test_labelled_first_sentence_said_twice() -> None:
    # eighth held-out set: 同連合会は「…ばかり。…伝えたい」 (two sentences) → the first target sentence said again
    row = labelled_row("Online-W", 657)
    found = _findings([Unit("1", row["source"], row["target"])])
    assert [f.data["kind"] for f in found] == ["repeated-sentence"]
    a, b = found[0].target_span
    assert row["target"][a:b] == 'The federation says, "All of our products make use of local resources.'


@pytest.mark.parametrize("system,seg,reported", [
    ("Online-W", 937, True),    # the quote rendered twice
    ("Online-W", 351, True),    # "During exercise, …" / "When you exercise, …"
    ("NiuTrans", 38, False),    # two sentences about shops that take measures: two source sentences (0.75 < 0.8)
    (None, 38, False),
])
def test_earlier_sentence_said_again(system: str | None, seg: int, reported: bool) -> None:
    src, tgt = wmt_lines("wmt21", system)
    assert (_repeated_sentence(src[seg - 1], tgt[seg - 1]) is not None) is reported


# -- a framing clause before a bare quotation -------------------------------------------------------------------------

def test_labelled_framing_before_a_bare_quote() -> None:
    # seventh held-out set: 「OPさんの事何も知らないくせに悪口言わないで！」 → "I'd like you to say something like, "…""
    row = labelled_row("Online-W", 842)
    found = _findings([Unit("1", row["source"], row["target"])])
    assert [f.data["kind"] for f in found] == ["leading-clause"]
    a, b = found[0].target_span
    assert row["target"][a:b] == "I'd like you to say something like"


def test_no_reference_frames_a_bare_quote() -> None:
    for year in ("wmt21", "wmt22"):
        src, ref = wmt_lines(year)
        assert [i + 1 for i, (s, t) in enumerate(zip(src, ref, strict=False)) if _quote_framing(s, t)] == []


@pytest.mark.parametrize("source,target", [
    ("「いつかお前が曹操に殺されても知らねーからな！」", "I don't know if Cao Cao kills you! \"…\""),  # no , or :
    ("「行こう」と言った。", "He said: \"Let's go.\""),            # the source says who and how: not a bare quote
    ("「行こう」", "\"Let's go.\""),                               # nothing before the quote
    ("「行こう」", "Yesterday, \"Let's go.\""),                    # one content word
    ("「」", "Someone shouted loudly, \"\""),
    ("「" * 300 + "」" * 300, "A b, " * 300 + "\""),
    ("", "Someone shouted loudly, \"go\""),
])
def test_framing_hostile(source: str, target: str) -> None:
    assert _quote_framing(source, target) is None


# -- the judged findings of these rules (bench/data/addition-specifics-read.jsonl, …-sample.jsonl) ----------------

def _judged(name: str) -> list[dict[str, Any]]:
    import json

    from tests.meaning_data import ROOT

    path = ROOT / "bench" / "data" / name
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def test_judged_findings_are_still_reported_unit_by_unit() -> None:
    rows = _judged("addition-specifics-read.jsonl")
    assert {r["verdict"] for r in rows} <= {"real", "false-alarm", "debatable"}
    assert all(r["labelled_by"].startswith("the developer who changed the check") for r in rows)
    for r in rows:
        if r["verdict"] != "real":
            continue
        kinds = [f.data["kind"] for f in _findings([Unit("1", r["source"], r["target"])])]
        assert kinds, (r["system"], r["seg"])
        assert kinds[0] in ("month", "doubled", "repeated-sentence", "leading-clause")


def test_final_sample_loads() -> None:
    from bench.meaning_findings import load
    from tests.meaning_data import ROOT

    rows = load(ROOT / "bench" / "data" / "addition-specifics-sample.jsonl")
    assert len(rows) == 40 and {r["check"] for r in rows} == {"addition"}
    assert sum(r["verdict"] == "real" for r in rows) == 36
