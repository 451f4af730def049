"""The English-only article and the corrected Japanese source as plain text."""

from __future__ import annotations

from typing import IO, Any

from review_app.exporters.article.model import Article, ArticleExporter, write_text
from review_app.exporters.base import ExportOptions, ProjectData, TextExporter
from review_app.models import BlockKind


class EnglishTextExporter(ArticleExporter):
    name = "en-txt"
    extension = ".en.txt"
    description = "English-only article as plain text, with the source's block structure"
    english_only = True

    def write(self, art: Article, opts: ExportOptions, out: IO[Any]) -> None:
        if art.title_target:  # as en-md and en-html: the title somebody set, on its own line before the text
            write_text(out, art.title_target + "\n\n")
        for i, b in enumerate(art.blocks):
            sep = b.sep_before if i else ""
            prefix = b.list_indent + "- " if b.kind is BlockKind.LIST_ITEM else ""
            write_text(out, sep + prefix + b.en())
        write_text(out, art.trailer or "\n")


class JapaneseSourceExporter(TextExporter):
    name = "ja-txt"
    extension = ".ja.txt"
    description = "The corrected Japanese source (reviewers' source corrections applied), as text"

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        write_text(out, data.document(corrected=True).rebuild().lstrip("\ufeff"))
