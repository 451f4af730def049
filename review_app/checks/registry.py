"""The ordered registry of QA checks: one line per check ("module:Class").

Order is the order checks run and appear in reports and docs/checks.md.
"""

from __future__ import annotations

from review_app.checks.base import Check
from review_app.registry import Registry

CHECKS: Registry[Check] = Registry(
    "check",
    {
        # glossary terms (one matching pass shared by these four: checks/glossary.py)
        "term-missing": "review_app.checks.glossary:TermMissing",
        "term-forbidden": "review_app.checks.glossary:TermForbidden",
        "term-source-variant": "review_app.checks.glossary:TermSourceVariant",
        "term-inconsistent": "review_app.checks.glossary:TermInconsistent",
        # the target: untranslated, numbers, dates, names, length, consistency, typography; then the source
        "empty-target": "review_app.checks.untranslated:EmptyTarget",
        "source-copy": "review_app.checks.untranslated:SourceCopy",
        "untranslated": "review_app.checks.untranslated:Untranslated",
        "number-mismatch": "review_app.checks.numbers:NumberMismatch",
        "number-missing": "review_app.checks.numbers:NumberMissing",
        "number-extra": "review_app.checks.numbers:NumberExtra",
        "number-qualifier": "review_app.checks.numbers:NumberQualifier",
        "date-mismatch": "review_app.checks.dates:DateMismatch",
        "date-missing": "review_app.checks.dates:DateMissing",
        "date-extra": "review_app.checks.dates:DateExtra",
        "date-format": "review_app.checks.dates:DateFormat",
        "name-missing": "review_app.checks.names:NameMissing",
        "name-misspelling": "review_app.checks.names:NameMisspelling",
        "length-outlier": "review_app.checks.length:LengthOutlier",
        "low-similarity": "review_app.checks.similarity:LowSimilarity",
        "inconsistent-target": "review_app.checks.consistency:InconsistentTarget",
        "inconsistent-source": "review_app.checks.consistency:InconsistentSource",
        "fullwidth-punctuation": "review_app.checks.typography:FullwidthPunctuation",
        "quote-style-mix": "review_app.checks.typography:QuoteStyleMix",
        "unbalanced-brackets": "review_app.checks.typography:UnbalancedBrackets",
        "double-space": "review_app.checks.typography:DoubleSpace",
        "edge-whitespace": "review_app.checks.typography:EdgeWhitespace",
        "repeated-word": "review_app.checks.typography:RepeatedWord",
        "invisible-characters": "review_app.checks.invisible:InvisibleCharacters",
        # meaning (review_app/checks/meaning.py: the shared word-level evidence) — issue 16
        "polarity": "review_app.checks.polarity:Polarity",
        "omission": "review_app.checks.omission:Omission",
        "addition": "review_app.checks.addition:Addition",
        "entity-consistency": "review_app.checks.entity_consistency:EntityConsistency",
        "consensus": "review_app.checks.consensus:Consensus",
        "source-politeness-mix": "review_app.checks.source:PolitenessMix",
        "source-unbalanced-brackets": "review_app.checks.source:SourceUnbalancedBrackets",
        "source-width-mix": "review_app.checks.source:WidthMix",
        "source-name-variants": "review_app.checks.source:KatakanaVariants",
        "source-date-conflict": "review_app.checks.source:DateConflict",
        # signals of a machine-translated source (review_app/checks/source_mt.py) — issue 21
        "source-chinese-characters": "review_app.checks.source_mt:SourceChineseCharacters",
        "source-entity-variants": "review_app.checks.source_mt:SourceEntityVariants",
        "source-kanji-place-name": "review_app.checks.source_mt:SourceKanjiPlaceName",
        "source-repeated-phrase": "review_app.checks.source_mt:SourceRepeatedPhrase",
        "source-spacing-mix": "review_app.checks.source_mt:SourceSpacingMix",
        "source-weekday-mismatch": "review_app.checks.source_mt:SourceWeekdayMismatch",
        "source-age-conflict": "review_app.checks.source_mt:SourceAgeConflict",
    },
)


def all_checks() -> list[Check]:
    return [cls() for _, cls in CHECKS]
