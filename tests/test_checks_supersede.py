"""One error, one report: a finding that names the precise problem replaces the generic one on the same unit
and glossary concept (Check.supersedes), whether the checks run together or one at a time."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from review_app.checks.base import Category, Check, CheckContext, Issue, Unit, drop_superseded, run_checks

GLOSSARY = Path(__file__).resolve().parent.parent / "glossary" / "musk-trump.tbx"


class _Generic(Check):
    check_id = "generic"
    name = description = "generic"
    category = Category.TERMINOLOGY

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        for concept in ("a", "b"):
            yield self.issue(unit, f"{concept} missing", concept=concept)


class _Precise(Check):
    check_id = "precise"
    name = description = "precise"
    category = Category.TERMINOLOGY
    supersedes: ClassVar[tuple[str, ...]] = ("generic",)

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        if unit.id == "u1":
            yield self.issue(unit, "a misspelt", concept="a")


def test_precise_finding_replaces_generic_one_on_same_unit_and_concept() -> None:
    units = [Unit("u1", "s", "t", index=0), Unit("u2", "s", "t", index=1)]
    checks = [_Generic(), _Precise()]
    got = [(i.unit, i.check, i.data["concept"]) for i in run_checks(checks, CheckContext(units=units))]
    assert ("u1", "generic", "a") not in got  # replaced
    assert ("u1", "precise", "a") in got
    assert ("u1", "generic", "b") in got and ("u2", "generic", "a") in got  # other concept, other unit: kept
    one_at_a_time = [i for c in checks for i in run_checks([c], CheckContext(units=units))]
    assert len(one_at_a_time) == len(got) + 1
    assert sorted((i.unit, i.check, i.data["concept"]) for i in drop_superseded(one_at_a_time, checks)) == sorted(got)


def test_disabled_precise_check_keeps_generic_findings() -> None:
    units = [Unit("u1", "s", "t")]
    got = run_checks([_Generic()], CheckContext(units=units))
    assert {i.data["concept"] for i in got} == {"a", "b"}


# -- the shipped checks use supersedes and nothing else: switching a check off brings back what it replaced --

def _run(units: list[Unit], disabled: frozenset[str] = frozenset()) -> list[tuple[str, str | None]]:
    from review_app import qa
    from review_app.checks.base import CheckConfig

    glossary = qa.load_glossary_or_none(GLOSSARY)
    issues = qa.run_units(units, glossary=glossary, config=CheckConfig(disabled=disabled))
    return [(i.check, i.data.get("concept")) for i in issues if i.check.startswith(("term-", "name-"))]


def test_a_forbidden_rendering_is_reported_once_and_the_missing_term_when_term_forbidden_is_off() -> None:
    unit = Unit("u", "マスク氏はイーグルパスの移民状況をライブ配信した。",
                "Musk livestreamed the migrant situation in Yingtan.")
    assert _run([unit]) == [("term-forbidden", "eagle-pass")]
    assert _run([Unit(unit.id, unit.source, unit.target)], frozenset({"term-forbidden"})) == [
        ("term-missing", "eagle-pass")]


def test_name_missing_judges_a_glossary_name_as_term_missing_does() -> None:
    # the reference writes "Florida’s governor" (curly apostrophe) for the glossary's "Florida's governor"
    unit = Unit("u", "当時、マスク氏はフロリダ州知事デサンティス氏を支持する意向を示した。",
                "At the time, Musk had signaled that he favored DeSantis, Florida’s governor.")
    assert _run([unit]) == []
    assert _run([Unit("u", unit.source, unit.target)], frozenset({"term-missing"})) == []
    dropped = Unit("u", unit.source, "At the time, Musk had signaled that he favored DeSantis.")
    assert _run([dropped]) == [("term-missing", "governor-of-florida")]
    assert _run([Unit("u", dropped.source, dropped.target)], frozenset({"term-missing"})) == [
        ("name-missing", "governor-of-florida")]


def test_a_misspelt_glossary_name_is_one_finding() -> None:
    unit = Unit("u", "フロリダ州のロン・デサンティス知事は反論した。", "Florida Governor Ron DeSantos pushed back.")
    assert [c for c, _ in _run([unit])] == ["name-misspelling"]
    assert [c for c, _ in _run([Unit("u", unit.source, unit.target)], frozenset({"name-misspelling"}))] == [
        "term-missing"]


def test_overlapping_source_spans_are_one_subject_where_no_concept_is_named() -> None:
    class _Missing(Check):
        check_id = "missing"
        name = description = "missing"
        category = Category.ACCURACY

        def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
            yield self.issue(unit, "name missing", source_span=(0, 4))
            yield self.issue(unit, "other name missing", source_span=(6, 9))

    class _Misspelt(Check):
        check_id = "misspelt"
        name = description = "misspelt"
        category = Category.ACCURACY
        supersedes: ClassVar[tuple[str, ...]] = ("missing",)

        def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
            yield self.issue(unit, "name misspelt", source_span=(2, 5))

    got = run_checks([_Missing(), _Misspelt()], CheckContext(units=[Unit("u", "マスク氏とトランプ氏", "x")]))
    assert sorted((i.check, i.message) for i in got) == [("missing", "other name missing"),
                                                          ("misspelt", "name misspelt")]
