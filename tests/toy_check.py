"""A toy check written by following CONTRIBUTING.md's recipe ("add a check: one file + one registry line"):
tests/test_checks_analyses.py registers it and proves it is run, listed and held to the docs test."""

from __future__ import annotations

from collections.abc import Iterable

from review_app.checks.base import EN, JA, Category, Check, CheckContext, Issue, Unit
from review_app.models import Severity


class AddedExclamation(Check):
    check_id = "added-exclamation"
    name = "Exclamation mark added"
    description = "The target exclaims (!) where the source does not (no ！ or !); expected the source's tone."
    category = Category.STYLE
    severity = Severity.MINOR
    source_langs = JA
    target_langs = EN
    skip_source_copies = True

    def check(self, unit: Unit, ctx: CheckContext) -> Iterable[Issue]:
        if "！" in unit.source or "!" in unit.source:
            return
        at = (unit.target or "").find("!")
        if at >= 0:
            yield self.issue(unit, "the target has an exclamation mark the source does not; expected the "
                                   "source's tone", target_span=(at, at + 1))
