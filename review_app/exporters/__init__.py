"""Exporters of a review project: one registry, each usable from the CLI and the app.

``export_project(project_path, "html", "out.html", ExportOptions(status="approved"))`` opens the project,
reads it through the review service and writes the file atomically. The registry is lazy (see
:mod:`review_app.registry`): python-docx and pandas load only for the exporters that need them.

Each exporter class declares its ``description`` and default file ``extension``; ``review-app export --help`` (and
so ``docs/cli.md``) and the app's Export page list them from :data:`EXPORTERS`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from review_app.registry import Registry

if TYPE_CHECKING:
    from review_app.exporters.base import Exporter, ExportOptions, ProjectData


def __getattr__(name: str) -> Any:
    """``Exporter``, ``ExportOptions``, ``ProjectData`` from :mod:`review_app.exporters.base`, imported on first
    use: listing the exporters (``review-app --help``) does not load the project store."""
    if name in ("Exporter", "ExportOptions", "ProjectData"):
        from review_app.exporters import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

EXPORTERS: Registry[Exporter] = Registry(
    "exporter",
    {
        "html": "review_app.exporters.article.as_html:BilingualHtmlExporter",
        "md": "review_app.exporters.article.as_markdown:BilingualMarkdownExporter",
        "docx": "review_app.exporters.article.as_docx:BilingualDocxExporter",
        "en-txt": "review_app.exporters.article.as_text:EnglishTextExporter",
        "en-md": "review_app.exporters.article.as_markdown:EnglishMarkdownExporter",
        "en-html": "review_app.exporters.article.as_html:EnglishHtmlExporter",
        "ja-txt": "review_app.exporters.article.as_text:JapaneseSourceExporter",
        "tmx": "review_app.exporters.interchange:TmxExporter",
        "xliff12": "review_app.exporters.interchange:Xliff12Exporter",
        "xliff2": "review_app.exporters.interchange:Xliff2Exporter",
        "csv": "review_app.exporters.interchange:CsvExporter",
        "xlsx": "review_app.exporters.interchange:XlsxExporter",
        "qa-html": "review_app.exporters.reports:QaHtmlExporter",
        "qa-csv": "review_app.exporters.reports:QaCsvExporter",
        "qa-json": "review_app.exporters.reports:QaJsonExporter",
        "mqm-json": "review_app.exporters.reports:MqmJsonExporter",
        "mqm-csv": "review_app.exporters.reports:MqmCsvExporter",
    },
)


def get_exporter(name: str) -> Exporter:
    from review_app.errors import InputError

    if name not in EXPORTERS:
        raise InputError(f"unknown export format {name!r}; known: {', '.join(EXPORTERS.names())}")
    return EXPORTERS.get(name)()


def export_project(project: str | Path, fmt: str, output: str | Path, options: ExportOptions | None = None) -> Path:
    """Export the project folder ``project`` as ``fmt`` to ``output`` (atomically)."""
    from review_app.exporters.base import ProjectData
    from review_app.project import open_project

    exporter = get_exporter(fmt)
    op = open_project(project)
    try:
        return exporter.export(ProjectData.of(op, options), output)
    finally:
        op.close()


__all__ = ["EXPORTERS", "ExportOptions", "Exporter", "ProjectData", "export_project", "get_exporter"]


def left_out_characters(project: str | Path) -> list[tuple[str, list[str]]]:
    """Segments whose source, correction or target holds characters every export leaves out (ESC and other
    controls: XML and spreadsheets cannot hold them), as ``(segment id, ["U+001B ESC", …])``, so the export can say
    so instead of dropping them silently (the QA check ``invisible-characters`` lists them too)."""
    from review_app.formats.base import control_characters
    from review_app.project import open_project

    op = open_project(project)
    try:
        out = []
        for seg in op.service().list_segments():
            found = control_characters(seg.source + (seg.corrected_source or "") + (seg.target or ""))
            if found:
                out.append((seg.key, found))
        return out
    finally:
        op.close()
