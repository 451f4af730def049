"""The QA engine's speed work must not change a single finding.

The digests below are SHA-256 of the findings of the full check suite on the two shipped candidate drafts with
the shipped glossary, recorded with the engine *before* the performance work (bench/qa.py) — the JSON contract
of ``review-app qa --format json`` (its ``issues`` list) and the complete :meth:`Issue.as_json` records
(``data`` and category included). Any change to a check's findings changes them: when a check is changed on
purpose, regenerate them with the snippet in :func:`_digest`'s docstring and say so in the commit.

A second test runs every check alone on a fresh context (no shared per-run caches, no memo filled by another
check) and compares with the whole suite run at once, on the shipped files and on hostile input, so cached
per-unit data can never leak between checks or units.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app import qa
from review_app.checks.base import CheckConfig, CheckContext, Unit, drop_superseded, run_checks
from review_app.cli import main

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = ROOT / "corpus" / "musk-trump" / "candidates"
GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"

# name → (issue count, digest of the CLI JSON "issues", digest of the full Issue.as_json records)
# Regenerated once on purpose: name-misspelling now checks glossary person/place terms, which adds one issue per
# candidate (fluent s18aa87d90c 'Ron DeSantos', literal s13f09b3075 'Javier Mirei'); every other finding is as
# recorded before the performance work (same digest with those two issues left out). Regenerated again for issue 18
# bug 6: fluent s558dd1ac69's term-missing (doge) now names 'Government Efficiency Commission' as differing only in
# case from the case-sensitive term, with its target span and data "case_differs"; nothing else moved.
# Regenerated again for the glossary repair of issue 17 (glossary content, no check changed): the source's garbled
# forms are now forbidden Japanese terms, so term-source-variant reports 17 instead of 8 per draft; the repaired
# concepts (business advisory councils, Wisconsin election, deputy chief of staff, pork) move the target term
# findings: literal term-forbidden 34 → 35; fluent term-forbidden 14 → 16, term-missing 11 → 10.
# Regenerated again on purpose (issue 21, document scope): source-politeness-mix counts the sentence endings of
# running prose only (closed by 。, 6+ characters), so the document's count in its messages reads "270 of 311"
# instead of "271 of 312"; the same 116/86 findings on the same units and spans.
# Then the signals of a machine-translated source (review_app/checks/source_mt.py) added three source findings to
# each candidate (the article's 公の場で公の場, 「仲間」であり「仲間の一人」 and "DOGE の"; their entity and place-name
# findings are replaced by the glossary's term-source-variant on the same spans): 126/96 -> 129/99.
EXPECTED = {
    "literal": (129, "630099fa76a19bf04a0c30edbf5717a6c04e84b698877f451e000d00dd2daf6d",
                "9f07ebc2ee84c4381ab76b5f8ffdd30f7608d56083757a471fb9017fcf2f91db"),
    "fluent": (99, "d360fa5115101d86eec8ced15fb2e356ab03d6c6c50414a9d966be4fb9c4a72f",
               "e87bd1d814801168a0411138f8dfc2cc2f663970f7d8fd854e54e41533b9510f"),
}


def _digest(obj: Any) -> str:
    """Canonical JSON digest.  Regenerate: ``_digest([i.as_json() for i in qa.run_units(units, glossary=g)])``."""
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_json_is_byte_identical(name: str, tmp_path: Path) -> None:
    # the digests are of the checks that run on any file; the meaning checks, which run by themselves on a file
    # this small (fluent: 4 more findings), are switched off to compare them
    off = tmp_path / "meaning-off.toml"
    off.write_text("".join(f"[options.{c}]\nenabled = false\n" for c in
                           ("polarity", "omission", "addition", "entity-consistency")), encoding="utf-8")
    result = CliRunner().invoke(main, ["qa", str(CANDIDATES / f"{name}.xlf"), "--glossary", str(GLOSSARY),
                                       "--format", "json", "--config", str(off)])
    assert result.exit_code == 0, result.output
    issues = json.loads(result.stdout)["issues"]
    count, cli_digest, _ = EXPECTED[name]
    assert len(issues) == count
    assert _digest(issues) == cli_digest


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_full_findings_are_identical(name: str) -> None:
    units = qa.units_from_file(CANDIDATES / f"{name}.xlf")
    issues = qa.run_units(units, glossary=qa.load_glossary_or_none(GLOSSARY))
    count, _, full_digest = EXPECTED[name]
    assert len(issues) == count
    assert _digest([i.as_json() for i in issues]) == full_digest


HOSTILE = [
    ("h1", "", ""),
    ("h2", "２億３８５０万ドル（約３６０億円）を寄付した。", "He gave $23.85 million  (about ¥36 billion) ."),
    ("h3", "マスク氏は「ＸＸ」に投稿した。", " マスク氏は「ＸＸ」に投稿した。 "),
    ("h4", "令和6年1月13日、十数人が集まった。", "On 13 January, 2024 dozens gathered the the hall (("),
    ("h5", "ABC 123", "ABC 123"),
    ("h6", "トランプ・ジュニア氏", "Trump Jr. said \"yes” and ‘no"),
    ("h7", "\u3000\u3000", "\x00\ufeff"),
    ("h8", "ｱｲｳ ５０％", "50 % of people, 2024 people"),
]


def _units_for(source: Path | None) -> list[Unit]:
    if source is not None:
        return qa.units_from_file(source)
    return [Unit(id=i, source=s, target=t or None, index=n) for n, (i, s, t) in enumerate(HOSTILE)]


@pytest.mark.parametrize("source", [CANDIDATES / "literal.xlf", CANDIDATES / "fluent.xlf", None],
                         ids=["literal", "fluent", "hostile"])
def test_each_check_alone_equals_the_suite(source: Path | None) -> None:
    glossary = qa.load_glossary_or_none(GLOSSARY)
    together = [i.as_json() for i in qa.run_units(_units_for(source), glossary=glossary)]
    alone = []
    checks = qa.select_checks(CheckConfig())
    for chk in checks:
        ctx = CheckContext(units=_units_for(source), glossary=glossary)
        alone.extend(run_checks([chk], ctx))
    alone = drop_superseded(alone, checks)  # as the CLI's progress path does (one error, one report)
    order = {u.id: u.index for u in _units_for(source)}
    alone.sort(key=lambda i: (order.get(i.unit, 0), i.check))
    assert [i.as_json() for i in alone] == together
    if source is not None:
        assert together  # the shipped drafts have findings: the comparison is not vacuous


# -- the streaming XLIFF 1.2 reading (large files) gives exactly what the full-tree reading gives -----------

_XLIFF_CASES = {
    "two-files-same-ids": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a.txt" source-language="ja" target-language="en" datatype="plaintext"><body>'
        '<group id="g"><trans-unit id="1" resname="r"><source>マスク氏</source><target state="final">Musk</target>'
        '<note>qa:ignore:all</note><note annotates="target" from="rev">check</note></trans-unit></group>'
        '<trans-unit id="2" translate="no"><source>A<g id="x">B</g></source></trans-unit></body></file>'
        '<file original="b.txt" source-language="ja" target-language="en-US"><body>'
        '<trans-unit id="1"><source>一</source><target/></trans-unit></body></file></xliff>'),
    "segmented": (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="s" '
        'source-language="ja" target-language="en"><body><trans-unit id="u"><source>あ。い。</source>'
        '<seg-source><mrk mtype="seg" mid="1">あ。</mrk><mrk mtype="seg" mid="2">い。</mrk></seg-source>'
        '<target><mrk mtype="seg" mid="1">A.</mrk></target></trans-unit></body></file></xliff>'),
    "no-namespace": (
        '<xliff version="1.2"><file original="n" source-language="ja" target-language="en"><body>'
        '<trans-unit id="n1"><source>二</source><target>two</target></trans-unit></body></file></xliff>'),
}
_XLIFF_REFUSED = {
    "doctype-entity": ('<?xml version="1.0"?><!DOCTYPE xliff [<!ENTITY e "boom">]><xliff version="1.2" '
                       'xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="d"><body><trans-unit id="1">'
                       '<source>&e;</source></trans-unit></body></file></xliff>'),
    "truncated": ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="t"><body>'
                  '<trans-unit id="1"><source>あ</source>'),
    "xliff2": '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"><file id="f"></file></xliff>',
    "no-file": '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"></xliff>',
    "wrong-root": ('<foo><xliff version="1.2"><file original="x"><body><trans-unit id="1"><source>a</source>'
                   '</trans-unit></body></file></xliff></foo>'),
    "missing-id": ('<xliff version="1.2"><file original="m"><body><trans-unit><source>a</source></trans-unit>'
                   '</body></file></xliff>'),
    "undefined-entity": ('<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="u">'
                         '<body><trans-unit id="1"><source>&nbsp;</source></trans-unit></body></file></xliff>'),
}


def _case_file(name: str, tmp_path: Path) -> Path:
    """The XLIFF file of a case: a shipped candidate draft, or the case's text written to ``tmp_path``."""
    if name in ("literal", "fluent"):
        return CANDIDATES / f"{name}.xlf"
    path = tmp_path / f"{name}.xlf"
    path.write_text({**_XLIFF_CASES, **_XLIFF_REFUSED}[name], encoding="utf-8")
    return path


def _streamed_and_full(read: Callable[[], Any], monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """What ``read()`` returns (or ``("error", message)``) with the streaming XLIFF reader, then with the full tree."""
    from review_app.errors import InputError
    from review_app.formats import xliff12

    def outcome() -> Any:
        try:
            return read()
        except InputError as exc:
            return ("error", str(exc))

    monkeypatch.setattr(xliff12, "STREAM_MIN_BYTES", 0)
    streamed = outcome()
    monkeypatch.setattr(xliff12, "STREAM_MIN_BYTES", 1 << 62)
    return streamed, outcome()


@pytest.mark.parametrize("name", [*sorted(_XLIFF_CASES), *sorted(_XLIFF_REFUSED), "literal", "fluent"])
def test_streaming_xliff_reading_equals_full_tree(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                   ) -> None:
    from review_app.formats import xliff12

    path = _case_file(name, tmp_path)
    streamed, full = _streamed_and_full(lambda: xliff12.read_xliff12(path), monkeypatch)
    assert streamed == full
    if name in _XLIFF_REFUSED:
        assert isinstance(full, tuple) and full[0] == "error"  # refused the same way, with the same message
    else:
        assert not isinstance(full, tuple) and full.units


@pytest.mark.parametrize("name", [*sorted(_XLIFF_CASES), *sorted(_XLIFF_REFUSED), "literal", "fluent"])
def test_streaming_qa_units_equal_full_tree(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _case_file(name, tmp_path)
    streamed, full = _streamed_and_full(lambda: qa.units_from_file(path), monkeypatch)
    assert streamed == full
    if name == "two-files-same-ids":
        assert [u.id for u in streamed] == ["a.txt::1", "b.txt::1"]  # qualified; the translate="no" unit left out
        assert streamed[0].flags == frozenset({"ignore:all"}) and streamed[1].index == 2


def test_streaming_reader_is_used_for_large_files(monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app.formats import xliff12

    monkeypatch.setattr(xliff12, "STREAM_MIN_BYTES", 0)
    streamed = xliff12._read_streaming(CANDIDATES / "literal.xlf", "literal.xlf")
    assert streamed is not None and len(streamed.units) == 326


# -- pre-filters are exact: the guarded parser equals the unguarded one ------------------------------------

_JA_ALPHABET = "0１9〇一二十百千万億兆数年月日間第春末上旬約超以上ドル円％%人・「」、。マスク氏はがをにトランプ米"


def _assert_prefilter_exact(text: str) -> None:
    import re

    from review_app.quantities import japanese

    guarded = japanese.parse_ja(text)
    original = japanese.JA_NUMERIC_HINT
    japanese.JA_NUMERIC_HINT = re.compile("")  # matches everywhere: the full parse always runs
    try:
        assert japanese.parse_ja(text) == guarded
    finally:
        japanese.JA_NUMERIC_HINT = original


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_JA_ALPHABET, max_size=24))
def test_parse_ja_prefilter_is_exact(text: str) -> None:
    _assert_prefilter_exact(text)


@pytest.mark.parametrize("text", ["マスク氏は語った。", "年末に", "数日間", "第二", "一方", "２０２４年７月",
                                  "令和元年", "春に"])
def test_parse_ja_prefilter_on_examples(text: str) -> None:
    from review_app.quantities import japanese

    _assert_prefilter_exact(text)
    if text in ("マスク氏は語った。", "春に"):
        assert japanese.JA_NUMERIC_HINT.search(text) is None  # these take the fast path


_EN_ALPHABET = ["3 ", "130 ", "days", "Day", "weeks", "a ", "several ", "decades", "a fortnight", "YEARS",
                "-year-old", "hours", "months ", "two ", "the next ", "on the 13th", "July ", "2024", ", ", "x"]


def _parse_en_unguarded(text: str) -> Any:
    """parse_en with every hint flag forced on (each pattern runs on every text)."""
    from review_app.quantities import english, prefilter

    original = english.en_hints
    english.en_hints = lambda t: prefilter.H_ALL  # type: ignore[assignment]
    try:
        return english.parse_en(text)
    finally:
        english.en_hints = original  # type: ignore[assignment]


def _parse_ja_unguarded(text: str) -> Any:
    """parse_ja with every per-pattern hint forced true."""
    from review_app.quantities import japanese

    original = japanese.ja_hints
    japanese.ja_hints = lambda t: (True,) * 6  # type: ignore[assignment]
    try:
        return japanese.parse_ja(text)
    finally:
        japanese.ja_hints = original  # type: ignore[assignment]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_EN_ALPHABET), max_size=10).map("".join))
def test_parse_en_hints_are_exact(text: str) -> None:
    from review_app.quantities import english

    assert english.parse_en(text) == _parse_en_unguarded(text)


_EN_WORDS = ["one", "Twenty-One", "a dozen", "dozens of", "half a", "tens of", "several hundred", "a million",
             "first", "Twelfth", "thirteenth", "twice", "Doubled", "tripling", "late", "Sept. ", "March",
             "the end of the year", "year-end", "$", "€", "£", "¥", "%", "4", "１３", "July ", "decades",
             "ſecond", "\u212aM", "İ", "fortnight", "no one", "someone", "market", "mayor", "of ", " ", "-", ","]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_EN_WORDS), max_size=8).map("".join))
def test_parse_en_hints_are_exact_on_number_words(text: str) -> None:
    from review_app.quantities import english

    assert english.parse_en(text) == _parse_en_unguarded(text)


def test_parse_hints_are_exact_on_the_corpus() -> None:
    """Every source and target of the shipped drafts and of the evaluation set, whole and cut in halves."""
    from review_app.formats import read_bilingual
    from review_app.quantities import english, japanese
    from review_app.quantities.prefilter import _MAYBE_EN_QUANTITY, maybe_en_quantity

    ja: list[str] = []
    en: list[str] = []
    for f in (ROOT / "corpus" / "musk-trump" / "reference.tmx", CANDIDATES / "literal.xlf",
              CANDIDATES / "fluent.xlf"):
        for u in read_bilingual(f).units:
            ja.append(u.source)
            en.append(u.target or "")
    for line in (ROOT / "tests" / "data" / "qa_eval.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        ja.append(row.get("source") or "")
        en.append(row.get("target") or "")
    for texts in (ja, en):
        texts.extend([t[: len(t) // 2] for t in texts] + [t[len(t) // 2:] for t in texts])
    for t in en:
        assert english.parse_en(t) == _parse_en_unguarded(t), t
        assert maybe_en_quantity(t) == bool(_MAYBE_EN_QUANTITY.search(t)), t
    for t in ja:
        assert japanese.parse_ja(t) == _parse_ja_unguarded(t), t


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_JA_ALPHABET, max_size=24))
def test_parse_ja_hints_are_exact(text: str) -> None:
    from review_app.quantities import japanese

    assert japanese.parse_ja(text) == _parse_ja_unguarded(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_EN_WORDS + _EN_ALPHABET), max_size=8).map("".join))
def test_maybe_en_quantity_is_exact(text: str) -> None:
    from review_app.quantities.prefilter import _MAYBE_EN_QUANTITY, maybe_en_quantity

    assert maybe_en_quantity(text) == bool(_MAYBE_EN_QUANTITY.search(text))


_NAME_ALPHABET = [*"アイウマスクトランプーヴ・=＝氏大統領選知事さん議員のはがを。",
                  "氏", "大統領", "大統領選", "大統領令", "イーロン", "・", "州知事", "ヽ"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_NAME_ALPHABET), max_size=20).map("".join))
def test_name_re_equals_its_plain_definition(text: str) -> None:
    """NAME_RE (lookbehind hoisted, atomic groups) finds exactly what the plain two-branch pattern finds."""
    import re

    from review_app.checks.names import _KATA, NAME_RE, TITLES

    plain = re.compile(rf"""
        (?<![\u30a1-\u30fa\u30fc])
        (?P<name>{_KATA}{{2,}}(?:[・=＝]{_KATA}{{2,}})*)
        (?=(?:{TITLES})(?!選|令|府|執務|権|職|の座|首席))
      | (?<![\u30a1-\u30fa\u30fc])
        (?P<full>{_KATA}{{2,}}(?:[・=＝]{_KATA}{{2,}})+)
        """, re.VERBOSE)

    def found(rx: re.Pattern[str]) -> list[tuple[Any, ...]]:
        return [(m.span(), m.group("name"), m.group("full")) for m in rx.finditer(text)]

    assert found(NAME_RE) == found(plain)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["the", "The", "THE", "in", "it's", "It's", "a", "ſ", "K", "Trump's", "trump's",
                                 " ", "  ", "\n", ",", "'", ".", "ab'cd", "ab", "in in", "the the"]),
                max_size=12).map("".join))
def test_repeated_word_re_equals_its_plain_definition(text: str) -> None:
    import re

    from review_app.checks.typography import REPEATED_WORD_RE

    plain = re.compile(r"\b(?P<w>[A-Za-z]+(?:'[a-z]+)?)\s+(?P=w)\b", re.IGNORECASE)
    assert [m.span() for m in REPEATED_WORD_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_packed_spans_behave_like_the_dict_they_replace() -> None:
    from review_app.checks.glossary import PackedSpans

    plain: dict[int, tuple[tuple[int, int, str], ...]] = {
        0: ((0, 4, "musk"),), 3: ((2, 6, "trump"), (10, 14, "musk")), 7: (), 70_000: ((5, 2**40, "doge"),)}
    packed = PackedSpans()
    for pos, spans in plain.items():
        packed.add(pos, spans)
    assert len(packed) == len(plain)
    for pos in range(-1, 9):
        assert (pos in packed) == (pos in plain)
        assert packed.get(pos, ()) == plain.get(pos, ())
    assert packed.get(70_000) == plain[70_000]
    assert "3" not in packed and None not in packed
    with pytest.raises(ValueError, match="increasing"):
        packed.add(5, [])


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n\u3000\u00a0\x1c\u2028.!?;:“”’ＡaB1１マ", max_size=30))
def test_consistency_normalisation_is_unchanged(text: str) -> None:
    """The str.split forms equal the regex forms they replaced."""
    import re
    import unicodedata

    from review_app.checks.consistency import _norm_source, _norm_target

    spaces = re.compile(r"\s+")
    assert _norm_source(text) == spaces.sub("", unicodedata.normalize("NFKC", text))
    t = unicodedata.normalize("NFKC", text).replace("“", '"').replace("”", '"').replace("’", "'")
    assert _norm_target(text) == spaces.sub(" ", t).strip().rstrip(".!?;:").casefold()


def test_japanese_hint_is_the_character_set_of_japanese_run() -> None:
    import sys

    from review_app.checks.untranslated import _NO_JAPANESE_HINT, JAPANESE_RUN

    assert not [o for o in range(sys.maxunicode + 1)
                if bool(_NO_JAPANESE_HINT.fullmatch(chr(o))) != bool(JAPANESE_RUN.fullmatch(chr(o)))]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="12０１abＡｂ マ\n", max_size=8), max_size=12), st.integers(1, 5))
def test_width_run_counts_are_unchanged(sources: list[str], chunk: int) -> None:
    from review_app.checks.source import _WIDTH_CLASSES, _runs

    units = [Unit(id=str(n), source=s, target=None) for n, s in enumerate(sources)]
    for _label, half, full in _WIDTH_CLASSES:
        for pattern in (half, full):
            assert list(_runs(pattern, units, chunk)) == [m.group() for u in units for m in pattern.finditer(u.source)]


def test_fast_term_match_is_a_term_match() -> None:
    import dataclasses

    from review_app.glossary.matcher import TermMatch, _term_match
    from review_app.glossary.model import Term

    term = Term("Eagle Pass", "en")
    fast = _term_match(3, 13, "Eagle Pass", "eagle-pass", term)
    plain = TermMatch(3, 13, "Eagle Pass", "eagle-pass", term)
    assert fast == plain and hash(fast) == hash(plain) and repr(fast) == repr(plain)
    assert type(fast) is TermMatch and fast.span == (3, 13)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.start = 4  # type: ignore[misc]


def test_clean_line_guard_is_the_character_set_it_removes() -> None:
    import sys

    from review_app.glossary.model import _XML_ILLEGAL, _XML_ILLEGAL_RE, clean_line

    assert not [o for o in range(sys.maxunicode + 1) if bool(_XML_ILLEGAL_RE.fullmatch(chr(o))) != (o in _XML_ILLEGAL)]
    assert clean_line(" a\x00b\u3000 c\ufffe ") == "ab c"


@functools.lru_cache(maxsize=1)
def _shipped_glossary() -> Any:
    from review_app.glossary import load_glossary

    return load_glossary(GLOSSARY)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Eagle Pass", "Eagle", "Pass", "Elon Musk", "Musk", "Musk's", "DOGE", "doge",
                                 "the ", " ", "-", "Department of Government Efficiency", "X", "Trump",
                                 "Donald Trump", "Butler", "butler", "’s", ","]), max_size=10).map("".join))
def test_find_both_equals_two_finds(text: str) -> None:
    matcher = _shipped_glossary().matcher("en")
    assert matcher.find_both(text) == (matcher.find(text), matcher.find(text, overlapping=True))


def _spelled_pairs() -> list[tuple[Any, Any]]:
    from review_app.quantities import english
    from review_app.quantities.prefilter import _MAYBE_EN_QUANTITY, _MAYBE_EN_QUANTITY_CS

    return [(english.EN_DURATION_RE, english._EN_DURATION_CS), (english.EN_ORDINAL_RE, english._EN_ORDINAL_CS),
            (english.EN_NUMBER_RE, english._EN_NUMBER_CS), (english._EN_TIMES_WORDS, english._EN_TIMES_CS),
            (_MAYBE_EN_QUANTITY, _MAYBE_EN_QUANTITY_CS)]


def _same_matches(a: Any, b: Any, text: str) -> bool:
    def found(rx: Any) -> list[Any]:
        return [(m.span(), m.groupdict()) for m in rx.finditer(text)]

    return found(a) == found(b)


def test_spelled_case_patterns_match_like_ignorecase_on_the_corpus() -> None:
    from review_app.formats import read_bilingual

    texts = [u.target or "" for f in (ROOT / "corpus" / "musk-trump" / "reference.tmx", CANDIDATES / "literal.xlf",
                                      CANDIDATES / "fluent.xlf") for u in read_bilingual(f).units]
    texts += [t.upper() for t in texts] + [t.lower() for t in texts] + [t.swapcase() for t in texts]
    for original, spelled in _spelled_pairs():
        assert original.flags & re.IGNORECASE and not spelled.flags & re.IGNORECASE
        for t in texts:
            assert _same_matches(original, spelled, t), (original.pattern[:40], t)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([w for w in _EN_WORDS if not set(w) & set("ſ\u212aıİ")] + _EN_ALPHABET
                                + ["ABOUT ", "More Than ", "US$", "usd ", "Percent", "pct", "X", "-", "%"]),
                max_size=10).map("".join))
def test_spelled_case_patterns_match_like_ignorecase(text: str) -> None:
    for original, spelled in _spelled_pairs():
        assert _same_matches(original, spelled, text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(["2025", " ", ",", "April", "april", "6", "7/13", "/", "2024/7/13", "Nov", "19",
                                 "December", "x", "-", "."]), max_size=8).map("".join))
def test_date_format_guard_is_exact(text: str) -> None:
    from review_app.checks import dates

    guarded = bool(dates._ASCII_DIGIT.search(text)) and ("/" in text or bool(dates._FULL_MONTH.search(text)))
    assert guarded or not dates.DATE_FORMAT_RE.search(text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\r\n\u3000aマ", max_size=8), st.text(alphabet=" \na", max_size=4),
       st.sampled_from([None, "preserve", "default"]), st.booleans())
def test_element_text_fast_path_equals_its_definition(text: str, tail: str, space: str | None, child: bool) -> None:
    from lxml import etree

    from review_app.formats.base import _XML_SPACE, element_text, flatten, normalize_space, space_preserved

    root = etree.Element("body")
    if space:
        root.set(_XML_SPACE, space)
    el = etree.SubElement(root, "source")
    el.text = text
    if child:
        g = etree.SubElement(el, "g")
        g.text, g.tail = "x", tail
    plain = flatten(el)
    assert element_text(el) == (plain if space_preserved(el) else normalize_space(plain))
