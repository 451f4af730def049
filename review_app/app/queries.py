"""Read-side queries of the review app (no streamlit): filtered, ordered, paginated segment lists.

The review page never loads all segments into widgets: it asks for the ordered *keys* matching the filters
(one indexed query returning short strings, used for counts, pagination and next/previous navigation) and
then for the full rows of one page only. Optional capabilities (QA issues, MQM annotations) add filters
and the "most suspicious" order when their tables exist.

"Most suspicious" ranks segments by the severity-weighted number of open QA issues of the latest run
(critical 25, major 5, minor 1 — the MQM weights, so QA and MQM findings are on one scale) plus the
weights of the segment's MQM annotations, then by document order.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, case, exists, func, or_, select

from review_app.models import BlockKind, SegmentView, Status
from review_app.review import ReviewService
from review_app.store.schema import CandidateRow, CommentRow, DocumentRow, RevisionRow, SegmentRow, TargetRow

try:
    from review_app.store.schema_qa import QaDismissalRow, QaIssueRow, QaRunRow

    HAS_QA_TABLES = True
except ImportError:  # pragma: no cover - the QA area ships with review_app
    HAS_QA_TABLES = False

from review_app.store.schema_mqm import MqmAnnotationRow

QA_WEIGHTS = {"critical": 25.0, "major": 5.0, "minor": 1.0}
MQM_WEIGHTS = {"critical": 25.0, "major": 5.0, "minor": 1.0, "minor-punctuation": 0.1, "non-translation": 25.0}


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


def _latest_run(svc: ReviewService) -> Any:
    return (
        select(func.max(QaRunRow.id)).where(QaRunRow.project_id == svc.project_id).scalar_subquery()
    )


def _open_issues(svc: ReviewService) -> Any:
    """Issues of the latest QA run that were not dismissed (by fingerprint)."""
    dismissed = select(QaDismissalRow.fingerprint).where(QaDismissalRow.project_id == svc.project_id)
    return select(QaIssueRow).where(QaIssueRow.run_id == _latest_run(svc), QaIssueRow.fingerprint.not_in(dismissed))


def open_issues(svc: ReviewService) -> Any:
    """The query of the open issues (latest run, not dismissed), for callers that group or count them."""
    return _open_issues(svc)


def _filtered(svc: ReviewService, f: Filters) -> Any:
    svc.require("read")
    q = (
        select(SegmentRow.key)
        .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
        .join(TargetRow, TargetRow.segment_id == SegmentRow.id)
        .where(DocumentRow.project_id == svc.project_id)
    )
    if f.statuses:
        q = q.where(TargetRow.status.in_([Status(s).value for s in f.statuses]))
    if f.kinds:
        q = q.where(SegmentRow.block_kind.in_([BlockKind(k).value for k in f.kinds]))
    if f.search:
        escaped = f.search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        q = q.where(
            or_(
                SegmentRow.source.like(like, escape="\\"),
                SegmentRow.corrected_source.like(like, escape="\\"),
                TargetRow.text.like(like, escape="\\"),
                SegmentRow.key == f.search.strip(),
                # the MT candidates too (unless the caller turns it off): a word of a draft is found before anybody
                # saved it
                *([exists().where(CandidateRow.segment_id == SegmentRow.id,
                                  CandidateRow.text.like(like, escape="\\"))] if f.candidates else []),
            )
        )
    if f.has_comment:
        q = q.where(exists().where(CommentRow.segment_id == SegmentRow.id))
    if f.has_correction:
        q = q.where(SegmentRow.corrected_source.is_not(None))
    if f.has_mqm:
        q = q.where(exists().where(MqmAnnotationRow.segment_id == SegmentRow.id))
    if f.engines:
        q = q.where(exists().where(CandidateRow.segment_id == SegmentRow.id, CandidateRow.engine.in_(f.engines)))
    if HAS_QA_TABLES and f.no_qa:
        q = q.where(SegmentRow.key.not_in(select(_open_issues(svc).subquery().c.segment_key)))
    if HAS_QA_TABLES and (f.has_qa or f.qa_checks or f.qa_severities):
        issues = _open_issues(svc).subquery()
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


def _suspicion(svc: ReviewService) -> Any:
    parts = []
    if HAS_QA_TABLES:
        issues = _open_issues(svc).subquery()
        qa_w = case(*((issues.c.severity == k, v) for k, v in QA_WEIGHTS.items()), else_=1.0)
        parts.append(select(issues.c.segment_key.label("key"), qa_w.label("w")))
    mqm_w = case(*((MqmAnnotationRow.severity == k, v) for k, v in MQM_WEIGHTS.items()), else_=1.0)
    parts.append(
        select(SegmentRow.key.label("key"), mqm_w.label("w"))
        .join(MqmAnnotationRow, MqmAnnotationRow.segment_id == SegmentRow.id)
        .where(MqmAnnotationRow.project_id == svc.project_id)
    )
    union = parts[0].union_all(*parts[1:]).subquery() if len(parts) > 1 else parts[0].subquery()
    return select(union.c.key, func.sum(union.c.w).label("weight")).group_by(union.c.key).subquery()


def count(svc: ReviewService, f: Filters) -> int:
    with svc.db.session() as s:
        return int(s.scalar(select(func.count()).select_from(_filtered(svc, f).order_by(None).subquery())) or 0)


def page_keys(svc: ReviewService, f: Filters, offset: int, limit: int) -> list[str]:
    with svc.db.session() as s:
        return list(s.scalars(_filtered(svc, f).offset(max(offset, 0)).limit(limit)))


def key_at(svc: ReviewService, f: Filters, pos: int) -> str | None:
    if pos < 0:
        return None
    found = page_keys(svc, f, pos, 1)
    return found[0] if found else None


def _place(svc: ReviewService, key: str) -> tuple[int, int] | None:
    with svc.db.session() as s:
        row = s.execute(
            select(DocumentRow.id, SegmentRow.idx)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .where(DocumentRow.project_id == svc.project_id, SegmentRow.key == key)
        ).first()
    return (int(row[0]), int(row[1])) if row else None


def _before(place: tuple[int, int]) -> Any:
    return or_(DocumentRow.id < place[0], and_(DocumentRow.id == place[0], SegmentRow.idx < place[1]))


def _after(place: tuple[int, int]) -> Any:
    return or_(DocumentRow.id > place[0], and_(DocumentRow.id == place[0], SegmentRow.idx > place[1]))


def position(svc: ReviewService, f: Filters, key: str | None) -> int | None:
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


def _issue_key_query(svc: ReviewService) -> Any:
    parts = [
        select(SegmentRow.key)
        .join(MqmAnnotationRow, MqmAnnotationRow.segment_id == SegmentRow.id)
        .where(MqmAnnotationRow.project_id == svc.project_id)
    ]
    if HAS_QA_TABLES:
        parts.append(select(_open_issues(svc).subquery().c.segment_key))
    return parts[0].union(*parts[1:]) if len(parts) > 1 else parts[0]


def issue_neighbor(svc: ReviewService, f: Filters, key: str, step: int) -> str | None:
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


def filtered_keys(svc: ReviewService, f: Filters) -> list[str]:
    """Keys of the segments matching ``f``, in the chosen order (short strings only)."""
    with svc.db.session() as s:
        return list(s.scalars(_filtered(svc, f)))


def rows_for(svc: ReviewService, keys: Sequence[str]) -> list[SegmentView]:
    """Full rows for ``keys`` (one page), in the order of ``keys``."""
    if not keys:
        return []
    q = (
        select(SegmentRow, TargetRow)
        .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
        .join(TargetRow, TargetRow.segment_id == SegmentRow.id)
        .where(DocumentRow.project_id == svc.project_id, SegmentRow.key.in_(list(keys)))
    )
    with svc.db.session() as s:
        views = {seg.key: ReviewService._view(seg, tgt) for seg, tgt in s.execute(q).all()}
    return [views[k] for k in keys if k in views]


def issue_keys(svc: ReviewService, keys: Iterable[str] | None = None) -> set[str]:
    """Segments with an open QA issue of the latest run or an MQM annotation."""
    out: set[str] = set()
    with svc.db.session() as s:
        if HAS_QA_TABLES:
            out.update(s.scalars(select(_open_issues(svc).subquery().c.segment_key).distinct()))
        out.update(
            s.scalars(
                select(SegmentRow.key)
                .join(MqmAnnotationRow, MqmAnnotationRow.segment_id == SegmentRow.id)
                .where(MqmAnnotationRow.project_id == svc.project_id)
                .distinct()
            )
        )
    if keys is not None:
        wanted = set(keys)
        out &= wanted
    return out


def engines(svc: ReviewService) -> list[str]:
    with svc.db.session() as s:
        return sorted(
            s.scalars(
                select(CandidateRow.engine)
                .join(SegmentRow, CandidateRow.segment_id == SegmentRow.id)
                .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
                .where(DocumentRow.project_id == svc.project_id)
                .distinct()
            )
        )


def qa_summary(svc: ReviewService) -> list[dict[str, Any]]:
    """Open issues of the latest QA run per check and severity (empty without a run)."""
    if not HAS_QA_TABLES:
        return []
    issues = _open_issues(svc).subquery()
    with svc.db.session() as s:
        rows = s.execute(
            select(issues.c.check_id, issues.c.severity, func.count())
            .group_by(issues.c.check_id, issues.c.severity)
            .order_by(issues.c.check_id)
        ).all()
    return [{"check": c, "severity": sev, "issues": int(n)} for c, sev, n in rows]


def qa_checks_in_run(svc: ReviewService) -> list[str]:
    if not HAS_QA_TABLES:
        return []
    with svc.db.session() as s:
        return sorted(s.scalars(select(QaIssueRow.check_id).where(QaIssueRow.run_id == _latest_run(svc)).distinct()))


def comment_counts(svc: ReviewService, keys: Sequence[str]) -> dict[str, int]:
    if not keys:
        return {}
    with svc.db.session() as s:
        rows = s.execute(
            select(SegmentRow.key, func.count())
            .join(CommentRow, CommentRow.segment_id == SegmentRow.id)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .where(DocumentRow.project_id == svc.project_id, SegmentRow.key.in_(list(keys)))
            .group_by(SegmentRow.key)
        ).all()
    return {k: int(n) for k, n in rows}


def segment_issues(svc: ReviewService, seg: SegmentView) -> list[dict[str, Any]]:
    """Issues of the latest QA run on one segment, with their dismissal state (one indexed query).

    An issue counts as dismissed when its fingerprint was dismissed *and* still matches the current texts
    (the rule of :func:`review_app.qa.list_issues`, without loading every unit of the project).
    """
    if not HAS_QA_TABLES:
        return []
    from review_app.checks.base import Category, Issue, Side
    from review_app.models import Severity

    with svc.db.session() as s:
        rows = list(
            s.scalars(
                select(QaIssueRow)
                .where(QaIssueRow.run_id == _latest_run(svc), QaIssueRow.segment_key == seg.key)
                .order_by(QaIssueRow.id)
            )
        )
        dismissed = set(
            s.scalars(
                select(QaDismissalRow.fingerprint).where(
                    QaDismissalRow.project_id == svc.project_id, QaDismissalRow.segment_key == seg.key
                )
            )
        )
    out = []
    for r in rows:
        issue = Issue(unit=r.segment_key, check=r.check_id, severity=Severity(r.severity), side=Side(r.side),
                      message=r.message, category=Category(r.category))
        current = issue.fingerprint(seg.effective_source, seg.target) == r.fingerprint
        out.append(
            {
                "fingerprint": r.fingerprint,
                "check": r.check_id,
                "severity": r.severity,
                "side": r.side,
                "message": r.message,
                "data": dict(r.data or {}),
                "stale": not current,
                "dismissed": r.fingerprint in dismissed and current,
                "source_span": (r.source_start, r.source_end) if r.source_start is not None and current else None,
                "target_span": (r.target_start, r.target_end) if r.target_start is not None and current else None,
            }
        )
    return out


def has_qa_run(svc: ReviewService) -> bool:
    """Whether the project has a stored QA run (the app refreshes a run after a change, never starts the first)."""
    if not HAS_QA_TABLES:
        return False
    from review_app.qa import has_run

    return has_run(svc)


def revision_stamp(svc: ReviewService) -> int:
    """Id of the project's newest revision: changes whenever a target, status, source or annotation changes."""
    with svc.db.session() as s:
        return int(s.scalar(select(func.max(RevisionRow.id)).where(RevisionRow.project_id == svc.project_id)) or 0)


def candidate_stamp(svc: ReviewService) -> tuple[int, int]:
    """(newest candidate id, number of candidates) of the project: changes whenever candidates are added."""
    with svc.db.session() as s:
        row = s.execute(
            select(func.max(CandidateRow.id), func.count(CandidateRow.id))
            .join(SegmentRow, CandidateRow.segment_id == SegmentRow.id)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .where(DocumentRow.project_id == svc.project_id)
        ).first()
    return (int(row[0] or 0), int(row[1] or 0)) if row else (0, 0)
