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
``load_document``) plus the bulk reads of :mod:`review_app.store.queries` (all comments, first/last
revision per segment, latest candidate per engine) and the stored review data of the QA service
(:func:`review_app.qa.list_issues`: the latest run, dismissed
findings left out) and of the MQM service (:meth:`review_app.mqm.MqmService.list`). A segment's MQM
annotations travel in ``BilingualUnit.metadata["mqm"]`` (written by the XLIFF writers, see
:mod:`review_app.formats.its`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar, Literal

from review_app.errors import InputError
from review_app.formats.base import BilingualUnit, UnitComment, atomic_output
from review_app.formats.its import annotation_dict
from review_app.models import Comment, Document, SegmentView, Status
from review_app.mqm import MqmAnnotation
from review_app.notes import ReadersNote
from review_app.project import OpenProject, load_document
from review_app.qa import StoredIssue
from review_app.review import ReviewService
from review_app.store import queries
from review_app.store.queries import SegmentActivity

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
        return queries.first_document_name(self.service) or self.name

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

    # -- bulk reads (review_app.store.queries) ------------------------------------------------------------------
    def comments(self) -> dict[int, list[Comment]]:
        """All comments of the project by segment id, in one query."""
        if self._comments is None:
            self._comments = queries.all_comments(self.service)
        return self._comments

    def activity(self) -> dict[int, SegmentActivity]:
        """First and last revision (who, when) of every segment that has one, in two grouped queries."""
        if self._activity is None:
            self._activity = queries.activity(self.service)
        return self._activity

    def candidate_engines(self) -> list[str]:
        return queries.engines(self.service)

    def latest_candidates(self) -> dict[int, dict[str, str]]:
        """segment id → engine → the latest candidate text."""
        return queries.latest_candidates(self.service)

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


class TextExporter(Exporter):
    """An exporter that writes text (UTF-8, ``newline=""``): HTML, Markdown, CSV, JSON, plain text."""

    binary = False


class JsonExporter(TextExporter):
    """An exporter of one JSON document (:meth:`document`), written indented with the text as it is (no
    ``\\u`` escapes), ending with a newline."""

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        json.dump(self.document(data), out, ensure_ascii=False, indent=1)
        out.write("\n")

    def document(self, data: ProjectData) -> dict[str, Any]:
        raise NotImplementedError


class CsvTableExporter(TextExporter):
    """An exporter of one CSV table as spreadsheets open it: UTF-8 with a BOM, CRLF line ends, a header row of
    :attr:`columns`, then the rows of :meth:`rows` (cells already guarded against formula injection)."""

    columns: ClassVar[tuple[str, ...]] = ()

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        out.write("\ufeff")
        w = csv.writer(out, lineterminator="\r\n")
        w.writerow(self.columns)
        w.writerows(self.rows(data))

    def rows(self, data: ProjectData) -> Iterable[list[str]]:
        raise NotImplementedError
