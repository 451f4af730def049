"""The project's change stamp: one read that changes whenever anything the review pages show changes.

The app caches its per-project reads under this stamp (``review_app/app/cache.py``), so a write by any user, in
any tab or process, makes the next page run read afresh, while runs without a write (navigation, typing) reuse
what was read. Every part of the stamp changes on a write:

* ``revisions``: the project's newest revision id (targets, statuses, source corrections, reverts, MQM
  annotations and readers' notes all append a revision; revisions are never deleted, so the id only grows);
* ``segments``, ``comments``, ``candidates``: the number of rows of the table and its newest row (id and a
  column a new row always changes: a key, a time). These three are read for the whole database, not the project:
  a count or a maximum restricted to the project's segments scans them (20 ms for 30,000 candidates), the whole
  table's are read from the table's b-tree at once (under 2 ms); a write to another project of the same database
  only costs this one a fresh read. The newest row is there because SQLite may give a new row the id of a
  deleted newest one: the count and id would not change, its time does;
* ``qa``: when the project's latest QA run started and its number of findings (a run replaces the last one), and
  the number and newest time of the project's dismissals.

One statement of scalar subqueries; no streamlit here.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import func, select

from review_app.store.schema import CandidateRow, CommentRow, RevisionRow, SegmentRow
from review_app.store.schema_qa import QaDismissalRow, QaRunRow


class Stamp(NamedTuple):
    revision: int
    segments: tuple[int, int, str]
    comments: tuple[int, int, str]
    candidates: tuple[int, int, str]
    qa: tuple[str, int, int, str]


def _newest(column: Any, order: Any) -> Any:
    return select(column).order_by(order.desc()).limit(1).scalar_subquery()


def project_stamp(db: Any, project_id: int) -> Stamp:
    """The :class:`Stamp` of project ``project_id`` (one statement of scalar subqueries, each an index lookup
    or a whole-table count)."""
    latest_run = select(QaRunRow).where(QaRunRow.project_id == project_id).order_by(
        QaRunRow.id.desc()).limit(1).subquery()
    row = select(
        select(func.max(RevisionRow.id)).where(RevisionRow.project_id == project_id).scalar_subquery(),
        select(func.count()).select_from(SegmentRow).scalar_subquery(),
        _newest(SegmentRow.id, SegmentRow.id),
        _newest(SegmentRow.key, SegmentRow.id),
        select(func.count()).select_from(CommentRow).scalar_subquery(),
        _newest(CommentRow.id, CommentRow.id),
        _newest(CommentRow.at, CommentRow.id),
        select(func.count()).select_from(CandidateRow).scalar_subquery(),
        _newest(CandidateRow.id, CandidateRow.id),
        _newest(CandidateRow.created_at, CandidateRow.id),
        select(latest_run.c.started_at).scalar_subquery(),
        select(latest_run.c.issue_count).scalar_subquery(),
        select(func.count(QaDismissalRow.id)).where(QaDismissalRow.project_id == project_id).scalar_subquery(),
        select(func.max(QaDismissalRow.at)).where(QaDismissalRow.project_id == project_id).scalar_subquery(),
    )
    with db.read_session() as s:
        r = s.execute(row).one()
    return Stamp(
        revision=int(r[0] or 0),
        segments=(int(r[1] or 0), int(r[2] or 0), str(r[3] or "")),
        comments=(int(r[4] or 0), int(r[5] or 0), str(r[6] or "")),
        candidates=(int(r[7] or 0), int(r[8] or 0), str(r[9] or "")),
        qa=(str(r[10] or ""), int(r[11] or 0), int(r[12] or 0), str(r[13] or "")),
    )
