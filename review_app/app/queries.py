"""The app's read-side queries: a thin re-export of :mod:`review_app.store.queries` (where the SQL lives) and of
the QA service's per-segment reads, kept so pages written against ``review_app.app.queries`` go on working.
New code imports :mod:`review_app.store.queries` directly."""

from review_app.qa import has_run as has_qa_run
from review_app.qa import segment_issues
from review_app.store.queries import (
    MQM_WEIGHTS,
    QA_WEIGHTS,
    Filters,
    candidate_stamp,
    comment_counts,
    count,
    engines,
    filtered_keys,
    issue_keys,
    issue_neighbor,
    key_at,
    open_issues,
    page_keys,
    position,
    qa_checks_in_run,
    qa_flags,
    qa_summary,
    revision_stamp,
    rows_for,
)

__all__ = [
    "MQM_WEIGHTS", "QA_WEIGHTS", "Filters", "candidate_stamp", "comment_counts", "count", "engines", "filtered_keys",
    "has_qa_run", "issue_keys", "issue_neighbor", "key_at", "open_issues", "page_keys", "position",
    "qa_checks_in_run", "qa_flags", "qa_summary", "revision_stamp", "rows_for", "segment_issues",
]
