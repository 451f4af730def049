"""The check framework's extension points: the typed per-run analyses (``ctx.analyses``), the glossary pass
driven by the registry, the ``skip_source_copies`` flag, and CONTRIBUTING.md's recipe for a new check (one
file, tests/toy_check.py, plus one registry line) tried end to end."""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from review_app import qa
from review_app.checks import analyses as analyses_mod
from review_app.checks.base import CheckConfig, CheckContext, Issue, Unit, run_checks
from review_app.checks.glossary import GlossaryCheck, UnitTerms
from review_app.checks.registry import CHECKS
from review_app.cli import main
from review_app.glossary.model import Glossary
from tests.test_checks import undocumented_checks
from tests.toy_check import AddedExclamation

ROOT = Path(__file__).resolve().parent.parent
LITERAL = ROOT / "corpus" / "musk-trump" / "candidates" / "literal.xlf"
GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Any:
    """CHECKS with its entries restored after the test (registering is global)."""
    monkeypatch.setattr(CHECKS, "_entries", dict(CHECKS._entries))
    monkeypatch.setattr(CHECKS, "_loaded", dict(CHECKS._loaded))
    return CHECKS


def _counting(monkeypatch: pytest.MonkeyPatch, module: str, name: str) -> Counter[str]:
    import importlib

    mod = importlib.import_module(module)
    original = getattr(mod, name)
    calls: Counter[str] = Counter()

    @functools.wraps(original)
    def wrapper(*args: Any) -> Any:
        calls[getattr(args[0], "id", "run")] += 1
        return original(*args)

    monkeypatch.setattr(mod, name, wrapper)
    return calls


def test_each_shared_analysis_is_computed_at_most_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    passes = _counting(monkeypatch, "review_app.checks.glossary", "glossary_pass")
    names = _counting(monkeypatch, "review_app.checks.names", "find_names")
    numbers = _counting(monkeypatch, "review_app.checks.numbers", "compare_unit")
    units = qa.units_from_file(LITERAL)
    issues = qa.run_units(units, glossary=qa.load_glossary_or_none(GLOSSARY))
    checks = Counter(i.check for i in issues)
    # the analyses were used (their checks found something) and each ran once; numbers once per unit at most
    assert checks["term-forbidden"] and checks["name-misspelling"] and checks["number-mismatch"]
    assert passes == {"run": 1} and names == {"run": 1}
    assert numbers and max(numbers.values()) == 1 and set(numbers) <= {u.id for u in units}
    qa.run_units(qa.units_from_file(LITERAL), glossary=qa.load_glossary_or_none(GLOSSARY))
    assert passes == {"run": 2}  # a new run, a new context: computed afresh


def test_a_run_without_the_checks_that_need_an_analysis_never_computes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    passes = _counting(monkeypatch, "review_app.checks.glossary", "glossary_pass")
    numbers = _counting(monkeypatch, "review_app.checks.numbers", "compare_unit")
    only = CheckConfig(enabled_only=frozenset({"double-space", "untranslated"}))
    qa.run_units(qa.units_from_file(LITERAL), glossary=qa.load_glossary_or_none(GLOSSARY), config=only)
    assert not passes and not numbers


def test_every_analysis_says_what_it_holds() -> None:
    props = {k: v for k, v in vars(analyses_mod.Analyses).items() if isinstance(v, cached_property)}
    assert {"translated", "source_copies", "checkable", "glossary", "numbers", "names"} <= set(props)
    for name, prop in props.items():
        assert prop.__doc__ and len(prop.__doc__) > 40, name


class SeenConcepts(GlossaryCheck):
    """A toy glossary check: reports the first mention of every concept of the source."""

    check_id = "term-first-seen"
    name = "First mention of a concept"
    description = "Toy check of the tests: the first mention of every glossary concept."

    def start(self, ctx: CheckContext, glossary: Glossary) -> set[str]:
        return set()

    def unit_issues(self, ctx: CheckContext, glossary: Glossary, unit: Unit, terms: UnitTerms, state: Any
                    ) -> Iterator[Issue]:
        for cid, matches in terms.source.items():
            if cid not in state:
                state.add(cid)
                yield self.issue(unit, f"first mention of {cid}", source_span=matches[0].span, concept=cid)


def test_a_registered_glossary_check_joins_the_one_glossary_pass(registry: Any, monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    registry.register("term-first-seen", "tests.test_checks_analyses:SeenConcepts")  # the one line
    passes = _counting(monkeypatch, "review_app.checks.glossary", "glossary_pass")
    glossary = qa.load_glossary_or_none(GLOSSARY)
    issues = qa.run_units(qa.units_from_file(LITERAL), glossary=glossary)
    seen = [i for i in issues if i.check == "term-first-seen"]
    assert passes == {"run": 1}
    assert {i.data["concept"] for i in seen} >= {"eagle-pass", "elon-musk"}
    assert len(seen) == len({i.data["concept"] for i in seen})
    assert any(i.check == "term-forbidden" for i in issues)  # the built-in ones still report from the same pass


def test_skip_source_copies_is_one_flag() -> None:
    units = [Unit("copy", "すごいことだ", "すごいことだ!", index=0), Unit("en", "すごいことだ", "Great!", index=1),
             Unit("blank", "すごいことだ", "  ", index=2)]

    class Everywhere(AddedExclamation):
        skip_source_copies = False

    assert [i.unit for i in run_checks([AddedExclamation()], CheckContext(units=units))] == ["en"]
    assert [i.unit for i in run_checks([Everywhere()], CheckContext(units=units))] == ["copy", "en"]
    ctx = CheckContext(units=units)
    assert ctx.analyses.source_copies == frozenset({0})
    assert [u.id for u in ctx.analyses.checkable] == ["en"]


def test_the_contributing_recipe_adds_a_check_end_to_end(registry: Any, tmp_path: Path) -> None:
    recipe = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert '"added-exclamation": "tests.toy_check:AddedExclamation"' in recipe  # the line the recipe shows
    registry.register("added-exclamation", "tests.toy_check:AddedExclamation")
    listing = CliRunner().invoke(main, ["qa", "--list-checks"])
    assert listing.exit_code == 0
    assert any(line.startswith("added-exclamation ") and "Exclamation mark added" in line
               for line in listing.output.splitlines())
    data = tmp_path / "units.csv"
    data.write_text("id,source,target\na,驚くべき結果だ。,An amazing result!\nb,すごい！,Wow!\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["qa", str(data), "--format", "json"])
    assert res.exit_code == 0, res.output
    found = [(i["unit"], i["check"]) for i in json.loads(res.stdout)["issues"]]
    assert ("a", "added-exclamation") in found and ("b", "added-exclamation") not in found
    off = tmp_path / "qa.toml"
    off.write_text('disabled = ["added-exclamation"]\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["qa", str(data), "--format", "json", "--config", str(off)])
    assert "added-exclamation" not in res.stdout
    # and the docs test holds it to a section in docs/checks.md, as it does every registered check
    assert undocumented_checks((ROOT / "docs" / "checks.md").read_text(encoding="utf-8")) == ["added-exclamation"]


def test_the_meaning_checks_parse_each_source_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The meaning analysis and entity-consistency's name-like terms read one tagger output per source: on the
    shipped candidates (two targets a source: every source twice), the tagger runs once per distinct source,
    although entity-consistency reads the terms at the end of the run."""
    from review_app.checks import ja_tokens
    from review_app.checks.entity_terms import source_terms
    from review_app.checks.meaning import load_dictionary

    parses: Counter[str] = Counter()
    tagger = ja_tokens._tagger()

    nbest: Counter[str] = Counter()

    class Counting:
        def parse(self, text: str) -> str:
            parses[text] += 1
            return str(tagger.parse(text))

        def nbest(self, text: str, n: int) -> str:
            # a kanji name's other readings (ja_tokens.readings): the term alone, not a source again
            nbest[text] += 1
            return str(tagger.nbest(text, n))

    monkeypatch.setattr(ja_tokens, "_tagger", Counting)
    for cache in (ja_tokens.raw, ja_tokens.nodes, ja_tokens.tokens, ja_tokens.readings, source_terms):
        cache.cache_clear()
    load_dictionary().sources.clear()
    units = qa.units_from_file(LITERAL)
    units += [Unit(id=f"{u.id}-b", source=u.source, target=(u.target or "") + " Again.", index=len(units) + n)
              for n, u in enumerate(units)]
    checks = ("polarity", "omission", "addition", "entity-consistency")
    found = qa.run_units(units, config=CheckConfig(enabled_only=frozenset(checks)))
    assert {i.check for i in found} <= set(checks)
    sources = {u.source.replace("\n", " ").replace("\r", " ") for u in units if u.target}
    assert parses and set(parses) <= sources
    assert max(parses.values()) == 1, [t for t, n in parses.items() if n > 1][:3]
    # the n-best parses are of terms (a few characters, each once), never of a whole source
    assert not set(nbest) & sources and max(nbest.values(), default=1) == 1
    assert all(len(t) <= 8 for t in nbest)
    for cache in (ja_tokens.raw, ja_tokens.nodes, ja_tokens.tokens, ja_tokens.readings, source_terms):
        cache.cache_clear()
    load_dictionary().sources.clear()
