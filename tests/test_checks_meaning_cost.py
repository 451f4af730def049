"""What the meaning analysis skips or shares to be cheaper must not change a finding.

The digest computes a unit's strict coverage (:func:`review_app.checks.clauses.strict_coverage`) only where a rule
of the run can read it (:class:`review_app.checks.meaning.StrictReaders`); here the findings with that gate are
compared with the findings when every unit gets it, on the shipped drafts and on crafted units around the gate's
bounds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from review_app import qa
from review_app.checks import meaning
from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.registry import all_checks

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "musk-trump"
GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"
CHECKS = ("polarity", "omission", "addition", "entity-consistency")


def _findings(units: list[Unit], glossary: Any = None, options: dict[str, dict[str, Any]] | None = None,
              ids: tuple[str, ...] = CHECKS) -> list[dict[str, Any]]:
    config = CheckConfig(enabled_only=frozenset(ids), options=options or {})
    checks = [c for c in all_checks() if c.check_id in ids]
    return [i.as_json() for i in run_checks(checks, CheckContext(units=units, glossary=glossary, config=config))]


def _eager(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every unit's digest computes the strict coverage, as before the gate."""
    monkeypatch.setattr(meaning.StrictReaders, "need", lambda self, ev, unit, n_known: True)


def _strict_computed(units: list[Unit], ids: tuple[str, ...] = CHECKS, glossary: Any = None) -> list[bool]:
    config = CheckConfig(enabled_only=frozenset(ids))
    ctx = CheckContext(units=units, glossary=glossary, config=config)
    return [ctx.analyses.meaning.of(u).strict is not None for u in units]


@pytest.mark.parametrize("name", ["candidates/literal.xlf", "candidates/fluent.xlf", "reference.tmx"])
def test_the_strict_gate_keeps_the_findings_of_the_shipped_drafts(name: str, monkeypatch: pytest.MonkeyPatch
                                                                   ) -> None:
    from review_app.glossary import load_glossary

    units = qa.units_from_file(CORPUS / name)
    glossary = load_glossary(GLOSSARY)
    computed = _strict_computed(units, glossary=glossary)
    gated = _findings(units, glossary)
    assert any(f["check"] in ("omission", "addition") for f in gated)  # not vacuous
    assert not all(computed) and any(computed)  # the gate skips some units and keeps others
    _eager(monkeypatch)
    assert _strict_computed(units, glossary=glossary) == [True] * len(units)
    assert _findings(units, glossary) == gated


def _crafted() -> list[Unit]:
    units: list[Unit] = []
    # a dropped second clause, the target padded with spaces from very short to long for its source: omission's
    # clause rule fires only while the target is short (relative length ≤ max_ratio), the gate's bound
    source = "株価は大きく下落し、社長は先週辞任した。"
    for pad in range(0, 40, 2):
        units.append(Unit(f"c{pad}", source, "Stock prices fell sharply." + " " * pad))
    # a Latin word of one letter found only inside a target word (R in "sure"): addition's share rule reads the
    # strict Latin weight, which makes the source mostly uncovered (a long target: the clause rule cannot read it)
    units.append(Unit("latin", "Rと猫と犬と鳥。", "I'm not sure the bird liked the weather forecast today."))
    units.append(Unit("latin2", "Rのことはよく分からない。", "I'm not sure what to make of it, honestly, my friend."))
    # a short source and a long, unrelated target: addition's invented-target rule
    units.append(Unit("invented", "投稿、ありがとうございます。",
                      "It's a great app, but I can't wait to see how it works."))
    units.append(Unit("plain", "東京で会議を開いた。", "A meeting was held in Tokyo."))
    return units


@pytest.mark.parametrize("options", [
    {},
    {"omission": {"max_ratio": 1.5}},
    {"omission": {"max_ratio": 0.3, "default_ratio": 1.0}},
    {"omission": {"clause_weight_per_ratio": 0.0}, "addition": {"min_share": 0.1, "min_source_uncovered": 0.5}},
])
def test_the_strict_gate_keeps_the_findings_of_crafted_units(options: dict[str, dict[str, Any]],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    units = _crafted()
    gated = _findings(units, options=options)
    _eager(monkeypatch)
    assert _findings(units, options=options) == gated


def test_the_crafted_units_reach_the_rules_that_read_the_strict_coverage() -> None:
    """The crafted units above are not vacuous: the clause rule fires on the short targets only, the gate
    computes the strict coverage for them and not for the long ones."""
    units = _crafted()
    found = _findings(units)
    clause = {f["unit"] for f in found if f["check"] == "omission" and f["data"].get("rule") == "clause"}
    assert "c0" in clause and "c38" not in clause
    assert any(f["unit"] == "invented" and f["check"] == "addition" for f in found)
    assert any(f["unit"] == "latin" and f["check"] == "addition" for f in found)
    computed = dict(zip([u.id for u in units], _strict_computed(units), strict=True))
    assert computed["c0"] and not computed["c38"]
    assert computed["latin"] and computed["invented"]
    assert not any(_strict_computed(units, ids=("polarity", "entity-consistency")))  # no reader: never computed
    only_addition = dict(zip([u.id for u in units], _strict_computed(units, ids=("addition",)), strict=True))
    assert only_addition["latin"] and only_addition["invented"] and not only_addition["c0"]


def test_the_gate_reads_omissions_own_option_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    """:class:`StrictReaders` repeats omission's defaults for ``max_ratio`` and ``default_ratio``: the check must
    ask for the same ones (a changed default there must change the gate too)."""
    asked: dict[tuple[str, str], Any] = {}
    real = CheckConfig.option

    def recording(self: CheckConfig, check_id: str, name: str, default: Any) -> Any:
        asked.setdefault((check_id, name), default)
        return real(self, check_id, name, default)

    monkeypatch.setattr(CheckConfig, "option", recording)
    _findings([Unit("c0", "株価は大きく下落し、社長は先週辞任した。", "Stock prices fell sharply.")], ids=("omission",))
    assert asked[("omission", "max_ratio")] == 0.77 and asked[("omission", "default_ratio")] == 2.6
    reader_asked = dict(asked)
    asked.clear()
    ctx = CheckContext(units=[Unit("1", "東京", "Tokyo")], config=CheckConfig(enabled_only=frozenset(CHECKS)))
    meaning.StrictReaders.of(ctx)
    assert all(reader_asked[k] == v for k, v in asked.items() if k[0] == "omission")
    assert ("omission", "max_ratio") in asked and ("omission", "default_ratio") in asked


# -- one token format: the views the older readers had are unchanged ---------------------------------------------


def _old_tokens(text: str) -> list[tuple[tuple[str, ...], int]]:
    """ja_tokens.tokens as it was before the one token format: its own split of each line, offsets found."""
    import csv

    from review_app.checks.ja_tokens import raw

    out = []
    pos = 0
    for line in raw(text).split("\n"):
        surf, tab, feature = line.partition("\t")
        if not tab:
            continue
        head = next(csv.reader([feature])) if '"' in feature else feature.split(",", 18)
        f = ["" if x == "*" else x for x in head[:18]]
        f += [""] * (18 - len(f))
        tok = (surf, f[0], f[1], f[2], f[3], f[7] or surf, f[17])
        at = text.find(surf, pos)
        if at < 0:
            continue
        pos = at + len(surf)
        out.append((tok, at))
    return out


def _old_source_terms(source: str) -> tuple[Any, ...]:
    """entity_terms.source_terms as it was before it read the shared parse."""
    from review_app.checks.entity_terms import _KANJI, _KATAKANA, Term, _in_dictionary, romanise

    terms: list[Any] = []
    run: list[Any] = []

    def close() -> None:
        if run:
            text = "".join(n[0] for n in run)
            kana = "".join(n[6] or (n[0] if _KATAKANA.fullmatch(n[0]) else "") for n in run)
            proper = any(n[2] == "固有名詞" for n in run)
            kanji = _KANJI.fullmatch(text) is not None and len(text) >= 2
            kata = _KATAKANA.fullmatch(text) is not None and len(text) >= 3 and not _in_dictionary(text)
            if (proper or (kanji and len(run) >= 2) or kata) and len(text) <= 8 and all(
                    t.text != text for t in terms):
                terms.append(Term(text, romanise(kana)))
            run.clear()

    end = -1
    for n, at in _old_tokens(source):
        surf, pos1, pos2, pos3, pos4 = n[:5]
        nameish = pos1 == "名詞" and pos2 not in ("数詞", "代名詞") and (pos3, pos4) != ("地名", "国") and (
            pos2 == "固有名詞" or (_KANJI.fullmatch(surf) is not None and len(surf) == 1)
            or (_KATAKANA.fullmatch(surf) is not None and not _in_dictionary(surf)))
        if not nameish or at != end:
            close()
        if not nameish:
            continue
        if run and run[-1][4] == "姓" and pos4 == "名":
            close()
        run.append(n)
        end = at + len(surf)
    close()
    return tuple(terms)


HOSTILE = ["東京で\n会議を　開いた。", "価格は \"1,000\" 円, 'A,B' と「東京」。", "  \t\r\n", "ＡＢＣ,\"\"\"", "",
           "外崎修汰選手とエムバペ、ウリュウ氏が鱗滝で海利に会った。", "𠮷野家の𠮷田さん", "ｶﾀｶﾅとﾊﾝｶｸ、★☆♪",
           "日本とアメリカ、中国の首脳が東京都千代田区で会談。", "Ｒのことは\tよく分からない\u3000です"]


def test_one_token_format_gives_what_each_reader_read_before() -> None:
    """polarity's (surface, pos1, pos2, pos3, pos4, lemma, kana) tokens with their offsets and
    entity-consistency's name-like terms, read from the one shared parse, equal what each read from its own split
    of the tagger's lines, on every source of the shipped drafts and hostile text."""
    from review_app.checks import ja_tokens
    from review_app.checks.entity_terms import source_terms

    sources = {u.source for name in ("candidates/literal.xlf", "reference.tmx")
               for u in qa.units_from_file(CORPUS / name)}
    sources.update(HOSTILE)
    for s in sorted(sources):
        assert list(ja_tokens.tokens(s)) == _old_tokens(s), s
        assert source_terms(s) == _old_source_terms(s), s
        toks, starts, ends = ja_tokens.nodes(s)
        assert all(s[a:b] == t[0] for t, a, b in zip(toks, starts, ends, strict=True))
    assert any(source_terms(s) for s in sources)  # not vacuous
