"""The ordered registry of QA checks: one line per check ("module:Class").

Order is the order checks run and appear in reports and docs/checks.md.
"""

from __future__ import annotations

from review_app.checks.base import Check
from review_app.registry import Registry

CHECKS: Registry[Check] = Registry(
    "check",
    {
        # glossary (review_app/checks/glossary.py) — registered by the glossary work
        # numbers, dates, untranslated, length, consistency, names, typography, source — by the QA work
    },
)


def all_checks() -> list[Check]:
    return [cls() for _, cls in CHECKS]
