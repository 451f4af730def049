"""Interchange exports of a project: TMX 1.4b, XLIFF 1.2, XLIFF 2.0, CSV and XLSX.

Each segment becomes one :class:`~review_app.formats.base.BilingualUnit` (:meth:`ProjectData.unit`: id =
segment key, source = corrected source, original source as a note, comments with their authors, dates and
editors) and is written by the streaming writers of :mod:`review_app.formats` — units are produced one page
of segments at a time and serialised one element at a time with ``lxml.etree.xmlfile``, so a large project is
never one string in memory. The status mappings are documented in :mod:`review_app.formats.xliff12`
(XLIFF 1.2 ``state``/``approved``) and :mod:`review_app.formats.xliff2` (``state``/``subState``); TMX carries
the status as ``<prop type="x-review-app:status">``, creationid/changeid are the first and the last editor
of the segment (TMX 1.4b §3.2). MQM annotations are written as ITS Localization Quality Issue spans in XLIFF 2.0
and as ``<note from="mqm">`` in XLIFF 1.2 (:mod:`review_app.formats.its`). CSV/XLSX add, after the bilingual
columns, ``original_source``, ``kind``, ``paragraph``, ``updated_by``, ``updated_at``, ``qa_findings`` (one
``severity check: message`` line per finding of the latest stored QA run, dismissed findings left out),
``reviewer_comments`` (one ``user: body`` line per comment), the readers' note (``readers_note``,
``readers_note_kind``, ``readers_note_source_said``; :mod:`review_app.formats.readers_note`) and one
``candidate:ENGINE`` column per MT engine (its latest candidate).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, Any, ClassVar

from review_app.exporters.base import Exporter, ProjectData
from review_app.formats.base import BilingualUnit
from review_app.formats.csvfile import write_csv
from review_app.formats.readers_note import READERS_NOTE_COLUMNS, columns_of
from review_app.formats.tmx import write_tmx
from review_app.formats.xliff2 import write_xliff2
from review_app.formats.xliff12 import write_xliff12


class TmxExporter(Exporter):
    name = "tmx"
    extension = ".tmx"
    description = "TMX 1.4b translation memory (tuid = segment key, dates, editors, notes)"

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        write_tmx(out, data.units(), source_lang=data.source_lang, target_lang=data.target_lang)


class XliffExporter(Exporter):
    """The XLIFF exports: the units written by :attr:`write` (one XLIFF version's writer), the document's name as
    the file's ``original``."""

    write: ClassVar[Callable[..., int]]

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        self.write(
            out, data.units(), source_lang=data.source_lang, target_lang=data.target_lang, original=data.document_name()
        )


class Xliff12Exporter(XliffExporter):
    name = "xliff12"
    extension = ".xlf"
    description = "XLIFF 1.2 (state + approved, notes, reviewer comments, MQM notes)"
    write = staticmethod(write_xliff12)


class Xliff2Exporter(XliffExporter):
    name = "xliff2"
    extension = ".xliff2.xlf"
    description = "XLIFF 2.0 (state/subState, notes, comments, MQM as ITS Localization Quality Issue markup)"
    write = staticmethod(write_xliff2)


BASE_EXTRA = ("original_source", "kind", "paragraph", "updated_by", "updated_at", "qa_findings", "reviewer_comments",
              *READERS_NOTE_COLUMNS)


def _table_units(data: ProjectData) -> tuple[tuple[str, ...], Iterator[BilingualUnit]]:
    engines = data.candidate_engines()
    candidates = data.latest_candidates() if engines else {}
    columns = BASE_EXTRA + tuple(f"candidate:{e}" for e in engines)

    def units() -> Iterator[BilingualUnit]:
        for view in data.segments():
            u = data.unit(view)
            extra = {
                "original_source": view.source if view.corrected_source is not None else "",
                "kind": view.block_kind.value,
                "paragraph": str(view.paragraph),
                "updated_by": view.updated_by or "",
                "updated_at": view.updated_at.isoformat() if view.updated_at else "",
                "qa_findings": data.qa_lines(view.key),
                "reviewer_comments": data.comment_lines(view.id),
                **columns_of(u.metadata),
            }
            for engine, text in candidates.get(view.id, {}).items():
                extra[f"candidate:{engine}"] = text
            u.metadata["columns"] = extra
            yield u

    return columns, units()


class SegmentTableExporter(Exporter):
    """The spreadsheet exports: one row per segment with the extra columns above, written by :meth:`write_table`."""

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        columns, units = _table_units(data)
        self.write_table(out, units, columns)

    def write_table(self, out: IO[Any], units: Iterator[BilingualUnit], columns: tuple[str, ...]) -> None:
        raise NotImplementedError


class CsvExporter(SegmentTableExporter):
    name = "csv"
    extension = ".segments.csv"
    description = "CSV, one row per segment (formula-injection guarded), UTF-8 with BOM"
    binary = False

    def write_table(self, out: IO[Any], units: Iterator[BilingualUnit], columns: tuple[str, ...]) -> None:
        write_csv(out, units, extra_columns=columns)


class XlsxExporter(SegmentTableExporter):
    name = "xlsx"
    extension = ".segments.xlsx"
    description = "Excel workbook, one row per segment"

    def write_table(self, out: IO[Any], units: Iterator[BilingualUnit], columns: tuple[str, ...]) -> None:
        from review_app.formats.xlsx import write_xlsx_to  # openpyxl is loaded for this export only

        write_xlsx_to(out, units, extra_columns=columns)


def xlsx_too_long(data: ProjectData, limit: int | None = None) -> list[str]:
    """Keys of the segments whose source, corrected source, target or a candidate is longer than an XLSX cell
    holds (:data:`review_app.formats.xlsx.MAX_CELL_CHARS`): the XLSX export refuses them, so the app says so
    before offering the download. One query on the database (``length`` counts characters on SQLite and
    PostgreSQL)."""
    from sqlalchemy import func, or_, select

    from review_app.formats.xlsx import MAX_CELL_CHARS
    from review_app.store.schema import CandidateRow, DocumentRow, SegmentRow, TargetRow

    n = limit or MAX_CELL_CHARS
    svc = data.service
    long_candidate = select(CandidateRow.segment_id).where(func.length(CandidateRow.text) > n)
    q = (select(SegmentRow.key)
         .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
         .join(TargetRow, TargetRow.segment_id == SegmentRow.id)
         .where(DocumentRow.project_id == svc.project_id,
                or_(func.length(SegmentRow.source) > n, func.length(SegmentRow.corrected_source) > n,
                    func.length(TargetRow.text) > n, SegmentRow.id.in_(long_candidate)))
         .order_by(SegmentRow.idx))
    with svc.db.session() as s:
        return list(s.scalars(q))
