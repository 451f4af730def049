"""The cheaper paths of entity-consistency's parse readers and of omission's ``aligned`` rule give what the code
they replaced gave, on real data (the seed article, WMT21/22 lines read in place from ../shared/realworld) and on
hostile input (empty, Japanese-only targets, very long text, emoji, half-width katakana, control characters).

* a token's script tests are answered once per token type (fields 18-20 of
  :data:`review_app.checks.ja_tokens.Token`) instead of a regular expression per token of every source;
* :func:`review_app.checks.entity_translated.compounds` returns at once for a source without a proper noun written in
  kanji, and :func:`review_app.checks.entity_terms.source_terms` drops a one-token run that can make no term;
* :func:`review_app.checks.entity_terms.target_words` folds the source only when a target word needs it;
* the ``aligned`` rule's clause alignment is made right after each unit's digest
  (:class:`review_app.checks.omission_align.AlignedAhead`) instead of in the rule's own pass.

The reference implementations below are the code as it was before, copied but for names.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from review_app.checks.base import Unit
from tests.test_checks_meaning_cost import (
    CHECKS,
    HOSTILE,
    HOSTILE_TARGETS,
    _findings,
    _hostile_units,
    _seed_units,
    _wmt,
)

HOSTILE_SOURCES = [*HOSTILE, "ｱﾒﾘｶのﾄﾗﾝﾌﾟ大統領", "東京" * 3000, "\U0001F600テスト\x00\x1fです。",
                   "安倍晋三首相と習近平国家主席", "米アップル社とトヨタ自動車、日本銀行総裁の黒田東彦氏",
                   "キリアン・エムバペ・ロッタン", "神奈川県横浜市中区山下町"]


def _sources() -> list[str]:
    out = {u.source for u in _seed_units()}
    for year in ("wmt21", "wmt22"):
        out.update(u.source for u in _wmt(year, limit=600))
    out.update(HOSTILE_SOURCES)
    return sorted(out)


def test_token_script_fields_equal_the_regular_expressions() -> None:
    from review_app.checks.ja_tokens import KANJI, KANJI_NOUN, KANJI_PROPER_NOUN, KATAKANA, NOT_KANJI_NOUN, nodes

    codes: set[int] = set()
    for s in _sources():
        for n in nodes(s)[0]:
            kanji_noun = n[1] == "名詞" and KANJI.fullmatch(n[0]) is not None
            expected = NOT_KANJI_NOUN if not kanji_noun else (
                KANJI_PROPER_NOUN if n[2] == "固有名詞" else KANJI_NOUN)
            assert n[18] == expected, (s, n[0])
            assert n[19] == (n[1] in ("名詞", "接尾辞") and bool(KANJI.fullmatch(n[0]) or KATAKANA.fullmatch(n[0])))
            assert n[20] == (n[14] or (n[0] if KATAKANA.fullmatch(n[0]) else ""))
            codes.add(n[18])
    assert codes == {NOT_KANJI_NOUN, KANJI_NOUN, KANJI_PROPER_NOUN}  # not vacuous


def _old_compounds(source: str) -> tuple[Any, ...]:
    from review_app.checks.entity_terms import romanise, similar
    from review_app.checks.entity_translated import GLOSS_SOUND, _gloss_words
    from review_app.checks.ja_tokens import KANJI, nodes

    toks, starts, ends = nodes(source)
    out: list[tuple[str, str, tuple[frozenset[str], ...], int, str]] = []
    run: list[int] = []

    def close() -> None:
        if len(run) < 2 or all(toks[i][2] != "固有名詞" for i in run):
            run.clear()
            return
        for a in range(len(run)):
            for b in range(a + 2, min(a + 4, len(run)) + 1):
                part = [toks[i] for i in run[a:b]]
                if all(n[2] != "固有名詞" for n in part):
                    continue
                glosses = tuple(_gloss_words(n[0]) for n in part)
                if not all(glosses):
                    continue
                proper = next((k for k, n in enumerate(part) if n[2] == "固有名詞" and any(
                    similar(w, romanise(n[14])) <= GLOSS_SOUND for w in glosses[k])), None)
                if proper is None:
                    continue
                text = source[starts[run[a]]:ends[run[b - 1]]]
                reading = romanise("".join(n[14] for n in part))
                if len(reading) >= 6 and all(o[0] != text for o in out):
                    out.append((text, reading, glosses, proper, romanise(part[proper][14])))
        run.clear()

    for i, n in enumerate(toks):
        if n[1] == "名詞" and KANJI.fullmatch(n[0]) and (not run or starts[i] == ends[run[-1]]):
            run.append(i)
            continue
        if run:
            close()
        if n[1] == "名詞" and KANJI.fullmatch(n[0]):
            run.append(i)
    if run:
        close()
    return tuple(out)


def _old_runs(source: str) -> tuple[tuple[str, str], ...]:
    from review_app.checks.entity_terms import romanise
    from review_app.checks.ja_tokens import KANJI, KATAKANA, nodes

    toks, starts, ends = nodes(source)
    out: list[tuple[str, str]] = []
    for a in range(len(toks)):
        for b in range(a, min(a + 3, len(toks))):
            n = toks[b]
            if n[1] not in ("名詞", "接尾辞") or not (KANJI.fullmatch(n[0]) or KATAKANA.fullmatch(n[0])) or (
                    b > a and starts[b] != ends[b - 1]):
                break
            reading = romanise("".join(t[14] or (t[0] if KATAKANA.fullmatch(t[0]) else "") for t in toks[a:b + 1]))
            if len(reading) >= 2:
                out.append((source[starts[a]:ends[b]], reading))
    return tuple(out)


def _old_source_terms(source: str) -> tuple[Any, ...]:
    from review_app.checks.entity_terms import _KANJI, _KATAKANA, Term, _in_dictionary, romanise
    from review_app.checks.ja_tokens import NAME_UNLESS_WORD, NAME_YES, nodes

    terms: list[Any] = []
    run: list[Any] = []

    def close() -> None:
        text = "".join(n[0] for n in run)
        kana = "".join(n[14] or (n[0] if _KATAKANA.fullmatch(n[0]) else "") for n in run)
        proper = any(n[2] == "固有名詞" for n in run)
        kanji = _KANJI.fullmatch(text) is not None and len(text) >= 2
        kata = _KATAKANA.fullmatch(text) is not None and len(text) >= 3 and not _in_dictionary(text)
        if (proper or (kanji and len(run) >= 2) or kata) and len(text) <= 8 and all(t.text != text for t in terms):
            given, at = [], 0
            for k, n in enumerate(run):
                if k and n[12] == "人名" and n[13] == "名" and run[k - 1][13] != "名":
                    given.append(at)
                at += len(n[0])
            terms.append(Term(text, romanise(kana), tuple(given)))
        elif "・" in text and _KATAKANA.fullmatch(text):
            for part in text.split("・"):
                if len(part) >= 3 and not _in_dictionary(part) and all(t.text != part for t in terms):
                    terms.append(Term(part, romanise(part)))
        run.clear()

    end = -1
    toks, starts, ends = nodes(source)
    for n, at, e in zip(toks, starts, ends, strict=True):
        code = n[15]
        nameish = code == NAME_YES or (code == NAME_UNLESS_WORD and not _in_dictionary(n[0]))
        if run and (not nameish or at != end):
            close()
        if not nameish:
            continue
        if run and run[-1][13] == "姓" and n[13] == "名":
            close()
        run.append(n)
        end = e
    if run:
        close()
    return tuple(terms)


def test_entity_parse_readers_equal_the_regex_reading() -> None:
    from review_app.checks.entity_terms import source_terms
    from review_app.checks.entity_translated import compounds
    from review_app.checks.entity_unexplained import _runs

    found = {"compounds": 0, "runs": 0, "terms": 0, "given": 0}
    for s in _sources():
        old_c, old_r, old_t = _old_compounds(s), _old_runs(s), _old_source_terms(s)
        assert compounds.__wrapped__(s) == old_c, s
        assert _runs.__wrapped__(s) == old_r, s
        new_t = source_terms.__wrapped__(s)
        assert new_t == old_t, s
        assert [t.given_at for t in new_t] == [t.given_at for t in old_t], s  # (not compared by ==)
        found["compounds"] += len(old_c)
        found["runs"] += len(old_r)
        found["terms"] += len(old_t)
        found["given"] += sum(bool(t.given_at) for t in old_t)
    assert all(found.values()), found  # not vacuous: each reader finds something on this data


def _old_target_words(target: str, source: str = "") -> dict[str, str]:
    from review_app.checks.entity_terms import _CAPITALISED, fold
    from review_app.checks.meaning import EN_STOP

    latin = unicodedata.normalize("NFKC", source).lower()
    out: dict[str, str] = {}
    for m in _CAPITALISED.finditer(target):
        written = m.group()
        if not written[0].isupper():
            continue
        if written.endswith(("'s", "’s")):
            written = written[:-2]
        key = fold(written)
        if len(key) >= 3 and key not in EN_STOP and key not in latin:
            out.setdefault(key, written)
    return out


def test_target_words_equal_the_eager_fold() -> None:
    from review_app.checks.entity_terms import target_words

    pairs = [(u.source, u.target or "") for u in [*_seed_units(), *_wmt("wmt21", "Online-W", 600),
                                                   *_wmt("wmt22", None, 600), *_hostile_units()]]
    pairs += [("ＮＨＫとＴｏｋｙｏ", "NHK and Tokyo reported"), ("Yahoo!ニュース", "Yahoo News says"), ("", "Tokyo")]
    some = 0
    for s, t in pairs:
        assert target_words(t, s) == _old_target_words(t, s), (s, t)
        some += bool(_old_target_words(t, s))
    assert some > 100  # not vacuous
    assert target_words("NHK and Tokyo reported", "ＮＨＫとＴｏｋｙｏ") == {}  # a copied word is left out, folded


def _aligned_units() -> list[Unit]:
    units: list[Unit] = []
    for system in ("Online-W", "Illini", "capitalmarvel"):
        units += [Unit(f"{system}-{u.id}", u.source, u.target, index=len(units) + k)
                  for k, u in enumerate(_wmt("wmt21", system, 400))]
    hostile = [Unit(u.id, u.source, u.target, index=len(units) + k) for k, u in enumerate(_hostile_units())]
    # Japanese-only targets: copies of the source and another sentence left in Japanese
    japanese = [Unit(f"ja{k}", s, t, index=len(units) + len(hostile) + k) for k, (s, t) in enumerate([
        ("株価は大きく下落し、社長は先週辞任した。", "株価は大きく下落し、社長は先週辞任した。"),
        ("新型コロナウイルスの影響で、交流が難しい中、感染症の早期収束や健康を願い企画した。",
         "東京で会議を開いた。")])]
    return units + hostile + japanese


def test_preparing_the_aligned_rule_keeps_the_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app.checks.omission_align import AlignedAhead

    units = _aligned_units()
    prepared: list[int] = []
    real = AlignedAhead.prepare

    def counting(self: AlignedAhead, unit: Unit, d: Any) -> None:
        real(self, unit, d)
        prepared.append(len(self._done))

    monkeypatch.setattr(AlignedAhead, "prepare", counting)
    found = _findings(units)
    assert sum(f["data"].get("rule") == "aligned" for f in found) >= 2  # the rule fires on these outputs
    assert max(prepared) > 0  # and its alignments were made ahead of its pass
    monkeypatch.setattr(AlignedAhead, "prepare", lambda self, unit, d: None)  # each made in the rule's own pass
    assert _findings(units) == found
    # other options than the prepared ones: the prepared answers are not used, the findings are the rule's own
    options = {"omission": {"aligned_words": 4, "aligned_weight": 5.0}}
    monkeypatch.setattr(AlignedAhead, "prepare", real)
    with_prepared = _findings(units, options=options)
    monkeypatch.setattr(AlignedAhead, "prepare", lambda self, unit, d: None)
    assert _findings(units, options=options) == with_prepared


def test_an_aligned_answer_prepared_for_other_options_or_another_unit_is_not_used() -> None:
    from review_app.checks.meaning import analyse, digest
    from review_app.checks.omission_align import AlignedAhead, AlignedOptions, dropped_clause

    units = _aligned_units()
    opts = AlignedOptions(min_words=4, min_weight=5.0, min_rendered=0.7, shown=8, slack=1.5, expected=2.6)
    other = AlignedOptions(min_words=2, min_weight=2.0, min_rendered=0.5, shown=8, slack=1.5, expected=2.6)
    ahead = AlignedAhead(opts)
    gaps = used = 0
    for u in units:
        d = digest(analyse(u))
        ahead.prepare(u, d)
        used += u.id in ahead._done
        assert ahead.gap(u, opts) == dropped_clause(u, 4, 5.0, 0.7, 8)  # the prepared answer
        ahead.prepare(u, d)
        copy = Unit(u.id, u.source, u.target)
        assert ahead.gap(copy, opts) == dropped_clause(copy, 4, 5.0, 0.7, 8)  # another unit of the same id
        ahead.prepare(u, d)
        assert ahead.gap(u, other) == dropped_clause(u, 2, 2.0, 0.5, 8)  # other options
        gaps += dropped_clause(u, 4, 5.0, 0.7, 8) is not None
    assert gaps and used  # not vacuous


@pytest.mark.parametrize("target", HOSTILE_TARGETS[:8])
def test_all_four_checks_survive_hostile_targets_with_the_prepared_paths(target: str) -> None:
    units = [Unit(f"u{k}", s, target, index=k) for k, s in enumerate(HOSTILE_SOURCES) if s.strip()]
    found = _findings(units)
    assert all(f["check"] in CHECKS for f in found)


def _old_with_parts(terms_of: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    alone = {t.text: t for ts in terms_of for t in ts if len(t.text) >= 2}
    if len(alone) < 2:
        return list(terms_of)
    out: list[tuple[Any, ...]] = []
    for ts in terms_of:
        have = {t.text for t in ts}
        extra = [alone[p] for t in ts for p in alone
                 if p != t.text and p not in have and (t.text.startswith(p) or t.text.endswith(p))]
        out.append(ts + tuple(dict.fromkeys(extra)) if extra else ts)
    return out


def test_with_parts_looks_up_prefixes_and_suffixes_with_the_same_result() -> None:
    """with_parts finds the document's terms a term starts or ends with by looking its prefixes and suffixes up,
    with the result of testing every term of the document, in the same order: on WMT documents (each system's
    output as one document), the seed article, and crafted terms that are prefix and suffix at once, nested, one
    character long, repeated with other readings."""
    from review_app.checks.entity_terms import Term, source_terms, with_parts

    docs = [[u.source for u in _seed_units()], [u.source for u in _wmt("wmt21", limit=800)],
            [u.source for u in _wmt("wmt22", limit=800)], HOSTILE_SOURCES]
    added = 0
    for sources in docs:
        terms = [source_terms(s) for s in sources]
        old = _old_with_parts(terms)
        assert with_parts(terms) == old
        added += sum(len(o) - len(t) for o, t in zip(old, terms, strict=True))
    crafted = [(Term("筒香嘉智", "tsutsugoyoshitomo"),), (Term("筒香", "tsutsugo"),), (Term("嘉智", "yoshitomo"),),
               (Term("アアア", "aaa"), Term("アア", "aa")), (Term("ア", "a"),), (Term("筒香", "other"),),
               (Term("レイズ筒香", "reizutsutsugo"), Term("筒香嘉智", "x")), (), (Term("アアアア", "aaaa"),),
               (Term("香嘉", "kaka"),), (Term("マカオ", "makao"),), (Term("マカオカジノ", "makaokajino"),)]
    assert with_parts(crafted) == _old_with_parts(crafted)
    assert added  # not vacuous: the documents have parts added
    assert with_parts(crafted) != crafted
