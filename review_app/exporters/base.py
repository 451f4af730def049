"""The exporter contract and the project data every exporter reads.

An exporter is a class with declarative metadata (``name``, ``extension``, ``description``, ``binary``) and
one hook, :meth:`Exporter.render`, that writes to an open file. The public method :meth:`Exporter.export`
(in the base, like sacrebleu's ``corpus_score`` → hooks) checks the ``export`` permission, opens the
destination with :func:`review_app.formats.base.atomic_output` (temporary file in the target folder, fsync,
rename on success — an exception mid-export leaves no partial file) and calls the hook. Text sanitising is
shared too: XML exporters write through the format writers, which pass every string through
:func:`~review_app.formats.base.xml_text`; CSV/XLSX cells through
:func:`~review_app.formats.base.spreadsheet_cell`; HTML through :func:`html.escape` (Weblate
``formats/exporters.py`` does the same per output type in its base).

:class:`ProjectData` reads the project through the review service (``list_segments`` in pages of
:data:`PAGE` rows, so a 100k-segment export never holds the whole project as one list, ``history``,
``load_document``) plus three bulk queries the service has no method for (all comments, first/last revision
per segment, latest candidate per engine), written here with SQLAlchemy against ``review_app.store.schema``,
and the stored review data of the QA service (:func:`review_app.qa.list_issues`: the latest run, dismissed
findings left out) and of the MQM service (:meth:`review_app.mqm.MqmService.list`). A segment's MQM
annotations travel in ``BilingualUnit.metadata["mqm"]`` (written by the XLIFF writers, see
:mod:`review_app.formats.its`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any, ClassVar, Literal

from sqlalchemy import func, select

from review_app.errors import InputError
from review_app.formats.base import BilingualUnit, UnitComment, atomic_output
from review_app.formats.its import annotation_dict
from review_app.models import Comment, Document, SegmentView, Status
from review_app.mqm import MqmAnnotation
from review_app.notes import ReadersNote
from review_app.project import OpenProject, load_document
from review_app.qa import StoredIssue
from review_app.review import ReviewService
from review_app.store.schema import CandidateRow, CommentRow, DocumentRow, RevisionRow, SegmentRow

PAGE = 5000
StatusFilter = Literal["approved", "all"]
Side = Literal["both", "en", "ja"]


@dataclass(slots=True)
class ExportOptions:
    status: StatusFilter = "all"
    """``approved``: only approved targets are exported (other segments get no target / are left out)."""
    side: Side = "both"
    """Bilingual article exporters: both languages, only the target (en) or only the source (ja)."""
    appendix: bool = True
    """Article exporters: append reviewer comments and source corrections."""

    def __post_init__(self) -> None:
        if self.status not in ("approved", "all"):
            raise InputError(f"--status {self.status!r}: use 'approved' or 'all'")
        if self.side not in ("both", "en", "ja"):
            raise InputError(f"--side {self.side!r}: use 'both', 'en' or 'ja'")


@dataclass(slots=True)
class SegmentActivity:
    created_at: datetime | None = None
    created_by: str | None = None
    changed_at: datetime | None = None
    changed_by: str | None = None


@dataclass
class ProjectData:
    """Read-only view of one project for exporters."""

    service: ReviewService
    name: str
    source_lang: str
    target_lang: str
    options: ExportOptions = field(default_factory=ExportOptions)
    _comments: dict[int, list[Comment]] | None = None
    _activity: dict[int, SegmentActivity] | None = None
    _qa: dict[str, list[StoredIssue]] | None = None
    _mqm: dict[str, list[MqmAnnotation]] | None = None
    _notes: dict[str, ReadersNote] | None = None

    @classmethod
    def of(cls, op: OpenProject, options: ExportOptions | None = None) -> ProjectData:
        svc = op.service()
        return cls(svc, op.config.name, svc.source_lang, svc.target_lang, options or ExportOptions())

    # -- segments --------------------------------------------------------------------------------------------
    def segments(self) -> Iterator[SegmentView]:
        """All segments in document order, fetched in pages (``--status approved`` filters here)."""
        statuses = [Status.APPROVED] if self.options.status == "approved" else None
        offset = 0
        while True:
            page = self.service.list_segments(statuses=statuses, offset=offset, limit=PAGE)
            yield from page
            if len(page) < PAGE:
                return
            offset += PAGE

    def exported_target(self, view: SegmentView) -> str | None:
        """The target as exported: ``None`` when empty, or not approved under ``--status approved``."""
        if self.options.status == "approved" and view.status is not Status.APPROVED:
            return None
        return view.target if (view.target or "").strip() else None

    def document(self, *, corrected: bool = True) -> Document:
        return load_document(self.service.db, self.name, corrected=corrected)

    def document_name(self) -> str:
        """The name of the project's (first) document, without loading it."""
        q = (
            select(DocumentRow.name)
            .where(DocumentRow.project_id == self.service.project_id)
            .order_by(DocumentRow.id)
            .limit(1)
        )
        with self.service.db.session() as s:
            return s.scalar(q) or self.name

    def all_views(self) -> dict[str, SegmentView]:
        """Every segment by key (for article exporters, which follow the document structure)."""
        views: dict[str, SegmentView] = {}
        offset = 0
        while True:
            page = self.service.list_segments(offset=offset, limit=PAGE)
            views.update((v.key, v) for v in page)
            if len(page) < PAGE:
                return views
            offset += PAGE

    # -- bulk queries ----------------------------------------------------------------------------------------
    def comments(self) -> dict[int, list[Comment]]:
        """All comments of the project by segment id, in one query."""
        if self._comments is None:
            q = (
                select(CommentRow, SegmentRow.key)
                .join(SegmentRow, CommentRow.segment_id == SegmentRow.id)
                .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
                .where(DocumentRow.project_id == self.service.project_id)
                .order_by(CommentRow.id)
            )
            out: dict[int, list[Comment]] = {}
            with self.service.db.session() as s:
                for c, key in s.execute(q):
                    out.setdefault(c.segment_id, []).append(Comment(c.id, key, c.user, c.at, c.body, c.parent_id))
            self._comments = out
        return self._comments

    def activity(self) -> dict[int, SegmentActivity]:
        """First and last revision (who, when) of every segment that has one, in two grouped queries."""
        if self._activity is None:
            pid = self.service.project_id
            bounds = (
                select(
                    RevisionRow.segment_id,
                    func.min(RevisionRow.id).label("first"),
                    func.max(RevisionRow.id).label("last"),
                )
                .where(RevisionRow.project_id == pid)
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
            with self.service.db.session() as s:
                self._activity = {
                    sid: SegmentActivity(c_at, c_by, m_at, m_by) for sid, c_by, c_at, m_by, m_at in s.execute(q)
                }
        return self._activity

    def candidate_engines(self) -> list[str]:
        q = (
            select(CandidateRow.engine)
            .join(SegmentRow, CandidateRow.segment_id == SegmentRow.id)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .where(DocumentRow.project_id == self.service.project_id)
            .distinct()
            .order_by(CandidateRow.engine)
        )
        with self.service.db.session() as s:
            return [str(e) for e in s.scalars(q)]

    def latest_candidates(self) -> dict[int, dict[str, str]]:
        """segment id → engine → the latest candidate text."""
        q = (
            select(CandidateRow.segment_id, CandidateRow.engine, CandidateRow.text)
            .join(SegmentRow, CandidateRow.segment_id == SegmentRow.id)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .where(DocumentRow.project_id == self.service.project_id)
            .order_by(CandidateRow.id)
        )
        out: dict[int, dict[str, str]] = {}
        with self.service.db.session() as s:
            for sid, engine, text in s.execute(q):
                out.setdefault(sid, {})[engine] = text
        return out

    def qa_issues(self) -> dict[str, list[StoredIssue]]:
        """Segment key → the findings of the project's latest stored QA run, dismissed ones left out."""
        if self._qa is None:
            from review_app.qa import list_issues

            out: dict[str, list[StoredIssue]] = {}
            for item in list_issues(self.service):
                out.setdefault(item.issue.unit, []).append(item)
            self._qa = out
        return self._qa

    def mqm_annotations(self) -> dict[str, list[MqmAnnotation]]:
        """Segment key → its MQM annotations, oldest first (one query)."""
        if self._mqm is None:
            from review_app.mqm import MqmService

            out: dict[str, list[MqmAnnotation]] = {}
            for a in MqmService(self.service).list():
                out.setdefault(a.segment_key, []).append(a)
            self._mqm = out
        return self._mqm

    def readers_notes(self) -> dict[str, ReadersNote]:
        """Segment key → its readers' note (one query; :mod:`review_app.notes`)."""
        if self._notes is None:
            from review_app.notes import ReadersNoteService

            self._notes = ReadersNoteService(self.service).by_key()
        return self._notes

    def qa_lines(self, key: str) -> str:
        """The segment's QA findings as ``severity check: message`` lines (the CSV/XLSX ``qa_findings`` cell)."""
        return "\n".join(
            f"{i.issue.severity.value} {i.issue.check}: {i.issue.message}" for i in self.qa_issues().get(key, [])
        )

    def comment_lines(self, segment_id: int) -> str:
        """The segment's comments as ``user: body`` lines (the CSV/XLSX ``comment_lines`` cell)."""
        return "\n".join(f"{c.user}: {c.body}" for c in self.comments().get(segment_id, []))

    def correction_reason(self, key: str) -> str | None:
        for rev in reversed(self.service.history(key)):
            if rev.field == "source":
                return rev.reason
        return None

    # -- the bilingual model --------------------------------------------------------------------------------
    def unit(self, view: SegmentView) -> BilingualUnit:
        """A segment as a :class:`BilingualUnit` for the interchange formats (TMX, XLIFF, CSV, XLSX).

        The source is the corrected source when there is one; the original is kept as a note
        (``"Original source (corrected in review): …"``) and in ``metadata["original_source"]``.
        """
        target = self.exported_target(view)
        if target is None:
            state = Status.NEW
        elif view.status is Status.NEW:  # a target without a status change (imported data)
            state = Status.DRAFT
        else:
            state = view.status
        notes = []
        if view.corrected_source is not None:
            notes.append(f"Original source (corrected in review): {view.source}")
        comments = [UnitComment(body=c.body, author=c.user, at=c.at) for c in self.comments().get(view.id, [])]
        act = self.activity().get(view.id, SegmentActivity())
        meta: dict[str, Any] = {
            "original_source": view.source,
            "block_kind": view.block_kind.value,
            "paragraph": view.paragraph,
        }
        if act.created_at:
            meta["creationdate"] = act.created_at
        if act.created_by:
            meta["creationid"] = act.created_by
        if view.updated_at or act.changed_at:
            meta["changedate"] = view.updated_at or act.changed_at
        if view.updated_by or act.changed_by:
            meta["changeid"] = view.updated_by or act.changed_by
        mqm = [
            annotation_dict(
                side=a.side, start=a.start, end=a.end, span=a.span_text, category=a.category,
                severity=a.severity, note=a.note,
            )
            for a in self.mqm_annotations().get(view.key, [])
            if a.side == "source" or target is not None  # no findings on a target that is not exported
        ]
        if mqm:
            meta["mqm"] = mqm
        note = self.readers_notes().get(view.key)
        if note is not None:
            from review_app.formats.readers_note import make

            meta["readers_note"] = make(note.kind, note.text, note.source_said)
        return BilingualUnit(
            id=view.key,
            source=view.effective_source,
            target=target,
            state=state,
            approved=state is Status.APPROVED,
            notes=notes,
            comments=comments,
            source_lang=self.source_lang,
            target_lang=self.target_lang,
            metadata=meta,
        )

    def units(self) -> Iterator[BilingualUnit]:
        for view in self.segments():
            yield self.unit(view)


class Exporter:
    """Base of every exporter: metadata, permission check, atomic output; subclasses implement ``render``."""

    name: ClassVar[str] = ""
    """Registry name used by ``--format``."""
    extension: ClassVar[str] = ""
    """Default file-name ending, with the dot; different for every exporter (``.xliff2.xlf``, ``.qa.html``), so
    that two exports of one project never get the same name."""
    description: ClassVar[str] = ""
    binary: ClassVar[bool] = True
    """Whether ``render`` receives a binary file (XML, DOCX, XLSX) or a text file (UTF-8, ``newline=""``)."""

    def file_name(self, project: str) -> str:
        """The default file name of this export of ``project`` (CLI default, the app's download)."""
        return project + self.extension

    def export(self, data: ProjectData, path: str | Path) -> Path:
        """Write the export to ``path`` atomically and return it."""
        data.service.require("export")
        dest = Path(path)
        with atomic_output(dest, mode="wb" if self.binary else "w") as fh:
            self.render(data, fh)
        return dest

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        raise NotImplementedError
