"""One error, one report: a finding that names the precise problem replaces the generic one on the same unit
and glossary concept (Check.supersedes), whether the checks run together or one at a time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from review_app.checks.base import Category, Check, CheckContext, Issue, Unit, drop_superseded, run_checks


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
