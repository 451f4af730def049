"""The project's change stamp: one read that changes whenever anything the review pages show changes.

The app caches its per-project reads under this stamp (``review_app/app/cache.py``), so a write by any user, in
any tab or process, makes the next page run read afresh, while runs without a write (navigation, typing) reuse
what was read. Every part of the stamp only grows or changes on a write:

* ``revisions``: the newest revision id (targets, statuses, source corrections, reverts, MQM annotations and
  readers' notes all append a revision; ids are never reused because revisions are never deleted);
* ``segments``: the newest segment id and the number of segments (an import adds some, a deleted document
  removes some);
* ``comments``: newest id, count and newest time (a comment added or removed);
* ``candidates``: newest id, count and newest time;
* ``qa``: when the latest QA run started and its number of findings, and the number and newest time of the
  dismissals (a QA run replaces the last one, and SQLite may give the new run the old one's id).

Rows that can be deleted are stamped by count *and* newest creation time: a new row always brings a time never
seen before, so two different states along a project's history never share a stamp (SQLite may reuse the id of
a deleted newest row, which is why the id alone would not do).

No streamlit here.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import func, select

from review_app.store.schema import CandidateRow, CommentRow, DocumentRow, RevisionRow, SegmentRow
from review_app.store.schema_qa import QaDismissalRow, QaRunRow


class Stamp(NamedTuple):
    revision: int
    segments: tuple[int, int]
    comments: tuple[int, int, str]
    candidates: tuple[int, int, str]
    qa: tuple[str, int, int, str]


def project_stamp(db: Any, project_id: int) -> Stamp:
    """The :class:`Stamp` of project ``project_id`` (one statement of scalar subqueries)."""
    segs = select(SegmentRow.id).join(DocumentRow, SegmentRow.document_id == DocumentRow.id).where(
        DocumentRow.project_id == project_id).scalar_subquery()
    latest_run = select(QaRunRow).where(QaRunRow.project_id == project_id).order_by(
        QaRunRow.id.desc()).limit(1).subquery()
    row = select(
        select(func.max(RevisionRow.id)).where(RevisionRow.project_id == project_id).scalar_subquery(),
        select(func.max(SegmentRow.id)).where(SegmentRow.id.in_(segs)).scalar_subquery(),
        select(func.count(SegmentRow.id)).where(SegmentRow.id.in_(segs)).scalar_subquery(),
        select(func.max(CommentRow.id)).where(CommentRow.segment_id.in_(segs)).scalar_subquery(),
        select(func.count(CommentRow.id)).where(CommentRow.segment_id.in_(segs)).scalar_subquery(),
        select(func.max(CommentRow.at)).where(CommentRow.segment_id.in_(segs)).scalar_subquery(),
        select(func.max(CandidateRow.id)).where(CandidateRow.segment_id.in_(segs)).scalar_subquery(),
        select(func.count(CandidateRow.id)).where(CandidateRow.segment_id.in_(segs)).scalar_subquery(),
        select(latest_run.c.started_at).scalar_subquery(),
        select(latest_run.c.issue_count).scalar_subquery(),
        select(func.count(QaDismissalRow.id)).where(QaDismissalRow.project_id == project_id).scalar_subquery(),
        select(func.max(QaDismissalRow.at)).where(QaDismissalRow.project_id == project_id).scalar_subquery(),
        select(func.max(CandidateRow.created_at)).where(CandidateRow.segment_id.in_(segs)).scalar_subquery(),
    )
    with db.read_session() as s:
        r = s.execute(row).one()
    return Stamp(
        revision=int(r[0] or 0),
        segments=(int(r[1] or 0), int(r[2] or 0)),
        comments=(int(r[3] or 0), int(r[4] or 0), str(r[5] or "")),
        candidates=(int(r[6] or 0), int(r[7] or 0), str(r[12] or "")),
        qa=(str(r[8] or ""), int(r[9] or 0), int(r[10] or 0), str(r[11] or "")),
    )
