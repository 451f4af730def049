"""Quantities, dates and durations in Japanese and English text, parsed to comparable values.

:mod:`~review_app.quantities.model` (the data model and value comparisons), :mod:`~review_app.quantities.japanese`
(:func:`parse_ja`), :mod:`~review_app.quantities.english` (:func:`parse_en`) and
:mod:`~review_app.quantities.prefilter` (cheap tests of which patterns can match). The number and date checks
(``review_app/checks/numbers.py``, ``dates.py``) and the source-side date check compare what these return.
"""

from review_app.quantities.english import parse_en
from review_app.quantities.japanese import parse_ja
from review_app.quantities.model import DateRef, Duration, Parsed, Part, Qualifier, Quantity

__all__ = ["DateRef", "Duration", "Parsed", "Part", "Qualifier", "Quantity", "parse_en", "parse_ja"]
