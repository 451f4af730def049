"""Read-side queries over the project store: filtered, ordered, paginated segment lists, counts and bulk reads.

The app's pages and the exporters read through this module; the write side lives in the services
(:mod:`review_app.review`, :mod:`review_app.qa`, :mod:`review_app.mqm`…). Every function takes the reading
service (anything with ``project_id``, ``db`` and ``require``: a :class:`review_app.review.ReviewService`) and
opens its own short session.

The review page never loads all segments into widgets: it asks for the ordered *keys* matching the filters
(one indexed query returning short strings, used for counts, pagination and next/previous navigation) and
then for the full rows of one page only.

"Most suspicious" ranks segments by the severity-weighted number of open QA issues of the latest run
(critical 25, major 5, minor 1 — the MQM weights, so QA and MQM findings are on one scale) plus the
weights of the segment's MQM annotations, then by document order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import and_, case, exists, func, or_, select

from review_app.models import BlockKind, Comment, SegmentView, Status
from review_app.store.db import Database
from review_app.store.schema import CandidateRow, CommentRow, DocumentRow, RevisionRow, SegmentRow, TargetRow
from review_app.store.schema_mqm import MqmAnnotationRow
from review_app.store.schema_qa import QaDismissalRow, QaIssueRow, QaRunRow

QA_WEIGHTS = {"critical": 25.0, "major": 5.0, "minor": 1.0}
MQM_WEIGHTS = {"critical": 25.0, "major": 5.0, "minor": 1.0, "minor-punctuation": 0.1, "non-translation": 25.0}


class Reader(Protocol):
    """What a query needs of the acting service (a :class:`review_app.review.ReviewService`): the project, the
    database and the permission check."""

    project_id: int
    project_name: str
    db: Database

    def require(self, action: str) -> Any: ...


@dataclass(slots=True)
class Filters:
    statuses: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    search: str = ""
    has_comment: bool = False
    has_correction: bool = False
    has_mqm: bool = False
    qa_checks: list[str] = field(default_factory=list)
    qa_severities: list[str] = field(default_factory=list)
    has_qa: bool = False
    engines: list[str] = field(default_factory=list)
    order: str = "document"  # or "suspicious"
    candidates: bool = True  # the search also looks in the MT candidates' texts
    no_qa: bool = False  # only segments without an open QA finding of the latest run


@dataclass(slots=True)
class SegmentActivity:
    created_at: datetime | None = None
    created_by: str | None = None
    changed_at: datetime | None = None
    changed_by: str | None = None


def segment_view(seg: SegmentRow, tgt: TargetRow) -> SegmentView:
    """A stored segment and its target as the :class:`SegmentView` every reader works with."""
    return SegmentView(
        id=seg.id,
        key=seg.key,
        index=seg.idx,
        block_index=seg.block_idx,
        block_kind=BlockKind(seg.block_kind),
        paragraph=seg.paragraph,
        source=seg.source,
        corrected_source=seg.corrected_source,
        source_version=seg.source_version,
        target=tgt.text,
        status=Status(tgt.status),
        version=tgt.version,
        updated_by=tgt.updated_by,
        updated_at=tgt.updated_at,
        meta=dict(seg.meta) if seg.meta else {},
    )


# -- the project's segments, candidates and QA runs ----------------------------------------------------------


def _project_segments(svc: Reader, *columns: Any) -> Any:
    """``select(*columns)`` over the project's segments (segments joined to their document)."""
    return (
        select(*columns)
        .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
        .where(DocumentRow.project_id == svc.project_id)
    )


def _project_candidates(svc: Reader, *columns: Any) -> Any:
    """``select(*columns)`` over the project's MT candidates."""
    return (
        select(*columns)
        .join(SegmentRow, CandidateRow.segment_id == SegmentRow.id)
        .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
        .where(DocumentRow.project_id == svc.project_id)
    )


def _latest_run(svc: Reader) -> Any:
    return select(func.max(QaRunRow.id)).where(QaRunRow.project_id == svc.project_id).scalar_subquery()


def open_issues(svc: Reader) -> Any:
    """The query of the open issues (latest QA run, not dismissed by fingerprint), for callers that group or
    count them."""
    dismissed = select(QaDismissalRow.fingerprint).where(QaDismissalRow.project_id == svc.project_id)
    return select(QaIssueRow).where(QaIssueRow.run_id == _latest_run(svc), QaIssueRow.fingerprint.not_in(dismissed))


def _mqm_keys(svc: Reader, *extra: Any) -> Any:
    """``select(segment key, *extra)`` of every MQM annotation of the project."""
    return (
        select(SegmentRow.key.label("key"), *extra)
        .join(MqmAnnotationRow, MqmAnnotationRow.segment_id == SegmentRow.id)
        .where(MqmAnnotationRow.project_id == svc.project_id)
    )


# -- the filtered, ordered segment list ---------------------------------------------------------------------


def like_pattern(text: str) -> str:
    """``%text%`` for ``LIKE … ESCAPE '\\'``, with the wildcards of ``text`` escaped."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def narrow(q: Any, *, statuses: Iterable[Status | str] | None = None, kinds: Iterable[BlockKind | str] | None = None,
           search: str | None = None, also: Sequence[Any] = ()) -> Any:
    """``q`` (over segments joined to their targets) narrowed to the statuses, block kinds and a substring of the
    source, corrected source or target (or any condition of ``also``); the review service's list and the app's
    filters share it."""
    if statuses:
        q = q.where(TargetRow.status.in_([Status(s).value for s in statuses]))
    if kinds:
        q = q.where(SegmentRow.block_kind.in_([BlockKind(k).value for k in kinds]))
    if search:
        like = like_pattern(search)
        q = q.where(
            or_(
                SegmentRow.source.like(like, escape="\\"),
                SegmentRow.corrected_source.like(like, escape="\\"),
                TargetRow.text.like(like, escape="\\"),
                *also,
            )
        )
    return q


def _filtered(svc: Reader, f: Filters) -> Any:
    svc.require("read")
    q = _project_segments(svc, SegmentRow.key).join(TargetRow, TargetRow.segment_id == SegmentRow.id)
    also = [SegmentRow.key == f.search.strip()]
    if f.candidates:  # the MT candidates too: a word of a draft is found before anybody saved it
        also.append(exists().where(CandidateRow.segment_id == SegmentRow.id, CandidateRow.text.like(
            like_pattern(f.search), escape="\\")))
    q = narrow(q, statuses=f.statuses, kinds=f.kinds, search=f.search, also=also)
    if f.has_comment:
        q = q.where(exists().where(CommentRow.segment_id == SegmentRow.id))
    if f.has_correction:
        q = q.where(SegmentRow.corrected_source.is_not(None))
    if f.has_mqm:
        q = q.where(exists().where(MqmAnnotationRow.segment_id == SegmentRow.id))
    if f.engines:
        q = q.where(exists().where(CandidateRow.segment_id == SegmentRow.id, CandidateRow.engine.in_(f.engines)))
    if f.no_qa:
        q = q.where(SegmentRow.key.not_in(select(open_issues(svc).subquery().c.segment_key)))
    if f.has_qa or f.qa_checks or f.qa_severities:
        issues = open_issues(svc).subquery()
        sub = select(issues.c.segment_key)
        if f.qa_checks:
            sub = sub.where(issues.c.check_id.in_(f.qa_checks))
        if f.qa_severities:
            sub = sub.where(issues.c.severity.in_(f.qa_severities))
        q = q.where(SegmentRow.key.in_(sub))
    if f.order == "suspicious":
        score = _suspicion(svc)
        q = q.outerjoin(score, score.c.key == SegmentRow.key).order_by(
            func.coalesce(score.c.weight, 0).desc(), DocumentRow.id, SegmentRow.idx
        )
    else:
        q = q.order_by(DocumentRow.id, SegmentRow.idx)
    return q


def _suspicion(svc: Reader) -> Any:
    issues = open_issues(svc).subquery()
    qa_w = case(*((issues.c.severity == k, v) for k, v in QA_WEIGHTS.items()), else_=1.0)
    mqm_w = case(*((MqmAnnotationRow.severity == k, v) for k, v in MQM_WEIGHTS.items()), else_=1.0)
    union = (
        select(issues.c.segment_key.label("key"), qa_w.label("w"))
        .union_all(_mqm_keys(svc, mqm_w.label("w")))
        .subquery()
    )
    return select(union.c.key, func.sum(union.c.w).label("weight")).group_by(union.c.key).subquery()


def count(svc: Reader, f: Filters) -> int:
    with svc.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(_filtered(svc, f).order_by(None).subquery())) or 0)


def page_keys(svc: Reader, f: Filters, offset: int, limit: int) -> list[str]:
    with svc.db.session() as s:
        return list(s.scalars(_filtered(svc, f).offset(max(offset, 0)).limit(limit)))


def key_at(svc: Reader, f: Filters, pos: int) -> str | None:
    if pos < 0:
        return None
    found = page_keys(svc, f, pos, 1)
    return found[0] if found else None


def _place(svc: Reader, key: str) -> tuple[int, int] | None:
    with svc.db.session() as s:
        row = s.execute(_project_segments(svc, DocumentRow.id, SegmentRow.idx).where(SegmentRow.key == key)).first()
    return (int(row[0]), int(row[1])) if row else None


def _before(place: tuple[int, int]) -> Any:
    return or_(DocumentRow.id < place[0], and_(DocumentRow.id == place[0], SegmentRow.idx < place[1]))


def _after(place: tuple[int, int]) -> Any:
    return or_(DocumentRow.id > place[0], and_(DocumentRow.id == place[0], SegmentRow.idx > place[1]))


def position(svc: Reader, f: Filters, key: str | None) -> int | None:
    """0-based position of ``key`` in the filtered, ordered list (``None`` when it does not match).

    Document order: two indexed queries (no list of keys). "Most suspicious": from the key list.
    """
    if key is None:
        return None
    if f.order != "document":
        keys = filtered_keys(svc, f)
        return keys.index(key) if key in keys else None
    place = _place(svc, key)
    if place is None:
        return None
    with svc.db.session() as s:
        if s.scalar(_filtered(svc, f).where(SegmentRow.key == key).limit(1)) is None:
            return None
        q = _filtered(svc, f).where(_before(place)).order_by(None)
        return int(s.scalar(select(func.count()).select_from(q.subquery())) or 0)


def _issue_key_query(svc: Reader) -> Any:
    return _mqm_keys(svc).union(select(open_issues(svc).subquery().c.segment_key))


def issue_neighbor(svc: Reader, f: Filters, key: str, step: int) -> str | None:
    """The next (``step`` = 1) or previous (-1) matching segment with an open QA issue or MQM annotation."""
    if f.order != "document":
        keys = filtered_keys(svc, f)
        issues = issue_keys(svc)
        pos = keys.index(key) if key in keys else -1
        seq = keys[pos + 1 :] if step > 0 else list(reversed(keys[: max(pos, 0)]))
        return next((k for k in seq if k in issues), None)
    place = _place(svc, key)
    if place is None:
        return None
    q = _filtered(svc, f).where(SegmentRow.key.in_(_issue_key_query(svc)))
    if step > 0:
        q = q.where(_after(place))
    else:
        q = q.where(_before(place)).order_by(None).order_by(DocumentRow.id.desc(), SegmentRow.idx.desc())
    with svc.db.session() as s:
        return s.scalar(q.limit(1))


def filtered_keys(svc: Reader, f: Filters) -> list[str]:
    """Keys of the segments matching ``f``, in the chosen order (short strings only)."""
    with svc.db.session() as s:
        return list(s.scalars(_filtered(svc, f)))


def rows_for(svc: Reader, keys: Sequence[str]) -> list[SegmentView]:
    """Full rows for ``keys`` (one page), in the order of ``keys``."""
    if not keys:
        return []
    q = (
        _project_segments(svc, SegmentRow, TargetRow)
        .join(TargetRow, TargetRow.segment_id == SegmentRow.id)
        .where(SegmentRow.key.in_(list(keys)))
    )
    with svc.db.session() as s:
        views = {seg.key: segment_view(seg, tgt) for seg, tgt in s.execute(q).all()}
    return [views[k] for k in keys if k in views]


def issue_keys(svc: Reader, keys: Iterable[str] | None = None) -> set[str]:
    """Segments with an open QA issue of the latest run or an MQM annotation."""
    with svc.db.session() as s:
        out = set(s.scalars(select(open_issues(svc).subquery().c.segment_key).distinct()))
        out.update(s.scalars(_mqm_keys(svc).distinct()))
    if keys is not None:
        out &= set(keys)
    return out


# -- per-project figures ------------------------------------------------------------------------------------


def engines(svc: Reader) -> list[str]:
    """The engines with at least one candidate in the project, sorted."""
    with svc.db.session() as s:
        return sorted(str(e) for e in s.scalars(_project_candidates(svc, CandidateRow.engine).distinct()))


def qa_summary(svc: Reader) -> list[dict[str, Any]]:
    """Open issues of the latest QA run per check and severity (empty without a run)."""
    issues = open_issues(svc).subquery()
    with svc.db.session() as s:
        rows = s.execute(
            select(issues.c.check_id, issues.c.severity, func.count())
            .group_by(issues.c.check_id, issues.c.severity)
            .order_by(issues.c.check_id)
        ).all()
    return [{"check": c, "severity": sev, "issues": int(n)} for c, sev, n in rows]


def qa_checks_in_run(svc: Reader) -> list[str]:
    with svc.db.session() as s:
        return sorted(s.scalars(select(QaIssueRow.check_id).where(QaIssueRow.run_id == _latest_run(svc)).distinct()))


def qa_flags(svc: Reader, keys: Sequence[str]) -> dict[str, dict[str, int]]:
    """Open QA findings of the latest run per segment and severity, for ``keys`` only."""
    if not keys:
        return {}
    issues = open_issues(svc).subquery()
    with svc.db.read_session() as s:
        rows = s.execute(
            select(issues.c.segment_key, issues.c.severity, func.count())
            .where(issues.c.segment_key.in_(list(keys)))
            .group_by(issues.c.segment_key, issues.c.severity)
        ).all()
    out: dict[str, dict[str, int]] = {}
    for key, severity, n in rows:
        out.setdefault(key, {})[severity] = int(n)
    return out


def segment_issue_rows(svc: Reader, key: str) -> tuple[list[QaIssueRow], set[str]]:
    """The latest QA run's issues on one segment (stored order) and the project's dismissed fingerprints for it
    (one indexed query each); :func:`review_app.qa.segment_issues` turns them into findings."""
    with svc.db.session() as s:
        rows = list(
            s.scalars(
                select(QaIssueRow)
                .where(QaIssueRow.run_id == _latest_run(svc), QaIssueRow.segment_key == key)
                .order_by(QaIssueRow.id)
            )
        )
        dismissed = set(
            s.scalars(
                select(QaDismissalRow.fingerprint).where(
                    QaDismissalRow.project_id == svc.project_id, QaDismissalRow.segment_key == key
                )
            )
        )
    return rows, dismissed


def comment_counts(svc: Reader, keys: Sequence[str]) -> dict[str, int]:
    if not keys:
        return {}
    with svc.db.session() as s:
        rows = s.execute(
            _project_segments(svc, SegmentRow.key, func.count())
            .join(CommentRow, CommentRow.segment_id == SegmentRow.id)
            .where(SegmentRow.key.in_(list(keys)))
            .group_by(SegmentRow.key)
        ).all()
    return {k: int(n) for k, n in rows}


def revision_stamp(svc: Reader) -> int:
    """Id of the project's newest revision: changes whenever a target, status, source or annotation changes."""
    with svc.db.session() as s:
        return int(s.scalar(select(func.max(RevisionRow.id)).where(RevisionRow.project_id == svc.project_id)) or 0)


def candidate_stamp(svc: Reader) -> tuple[int, int]:
    """(newest candidate id, number of candidates) of the project: changes whenever candidates are added."""
    with svc.db.session() as s:
        row = s.execute(_project_candidates(svc, func.max(CandidateRow.id), func.count(CandidateRow.id))).first()
    return (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)


# -- bulk reads for exporters -------------------------------------------------------------------------------


def first_document_name(svc: Reader) -> str | None:
    """The name of the project's (first) document, without loading it."""
    q = select(DocumentRow.name).where(DocumentRow.project_id == svc.project_id).order_by(DocumentRow.id).limit(1)
    with svc.db.session() as s:
        return s.scalar(q)


def all_comments(svc: Reader) -> dict[int, list[Comment]]:
    """All comments of the project by segment id, oldest first, in one query."""
    q = (
        select(CommentRow, SegmentRow.key)
        .join(SegmentRow, CommentRow.segment_id == SegmentRow.id)
        .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
        .where(DocumentRow.project_id == svc.project_id)
        .order_by(CommentRow.id)
    )
    out: dict[int, list[Comment]] = {}
    with svc.db.session() as s:
        for c, key in s.execute(q):
            out.setdefault(c.segment_id, []).append(Comment(c.id, key, c.user, c.at, c.body, c.parent_id))
    return out


def activity(svc: Reader) -> dict[int, SegmentActivity]:
    """First and last revision (who, when) of every segment that has one, in two grouped queries."""
    bounds = (
        select(
            RevisionRow.segment_id,
            func.min(RevisionRow.id).label("first"),
            func.max(RevisionRow.id).label("last"),
        )
        .where(RevisionRow.project_id == svc.project_id)
        .group_by(RevisionRow.segment_id)
        .subquery()
    )
    first = RevisionRow.__table__.alias("first_rev")
    last = RevisionRow.__table__.alias("last_rev")
    q = (
        select(bounds.c.segment_id, first.c.user, first.c.at, last.c.user, last.c.at)
        .join(first, first.c.id == bounds.c.first)
        .join(last, last.c.id == bounds.c.last)
    )
    with svc.db.session() as s:
        return {sid: SegmentActivity(c_at, c_by, m_at, m_by) for sid, c_by, c_at, m_by, m_at in s.execute(q)}


def latest_candidates(svc: Reader) -> dict[int, dict[str, str]]:
    """segment id → engine → the latest candidate text."""
    q = _project_candidates(svc, CandidateRow.segment_id, CandidateRow.engine, CandidateRow.text).order_by(
        CandidateRow.id
    )
    out: dict[int, dict[str, str]] = {}
    with svc.db.session() as s:
        for sid, engine, text in s.execute(q):
            out.setdefault(sid, {})[engine] = text
    return out
