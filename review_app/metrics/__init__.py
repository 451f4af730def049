"""Metrics for comparing MT candidates: sacrebleu scores with signatures, paired significance, HTER, term
accuracy, QA density (:mod:`review_app.metrics.compare` puts them together for ``review-app compare``).

Like every registry of review_app, :data:`METRICS` is lazy: importing this package does not import sacrebleu.
"""

from __future__ import annotations

from review_app.metrics.scores import METRICS, Metric, Score, get_metric

__all__ = ["METRICS", "Metric", "Score", "get_metric"]
