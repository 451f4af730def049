"""The article model: the project's blocks and segments as every article export writes them (:func:`build_article`)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any, ClassVar

from review_app.exporters import footnotes as fn
from review_app.exporters.base import ExportOptions, ProjectData, TextExporter
from review_app.formats.base import utc_now, xml_text
from review_app.models import BlockKind, Comment, Status

UNTRANSLATED = "[untranslated: {ja}]"
NOT_APPROVED = "[not approved: {ja}]"
"""Placeholder under ``--status approved`` for a segment whose target exists but is not approved yet."""
_LIST_MARKER = re.compile(r"^(?P<indent>[ \t\u3000]*)(?P<marker>[-*•]\s+|・)?")

@dataclass(slots=True)
class ArticleSegment:
    key: str
    ja: str
    """The source as reviewed (corrected where a reviewer corrected it)."""
    original: str | None
    """The original source when it was corrected, else ``None``."""
    en: str | None
    status: Status
    gap_after: str
    comments: list[Comment] = field(default_factory=list)
    correction_reason: str | None = None
    hidden: bool = False
    """A target exists but ``--status approved`` leaves it out."""
    footnote: fn.Footnote | None = None
    """The segment's readers' note, numbered (:mod:`review_app.exporters.footnotes`)."""

    @property
    def placeholder(self) -> str:
        return (NOT_APPROVED if self.hidden else UNTRANSLATED).format(ja=self.ja)


@dataclass(slots=True)
class ArticleBlock:
    kind: BlockKind
    index: int
    prefix: str
    sep_before: str
    segments: list[ArticleSegment]

    @property
    def ja(self) -> str:
        return "".join(s.ja + s.gap_after for s in self.segments).rstrip()

    def en(self) -> str:
        parts: list[str] = []
        for i, s in enumerate(self.segments):
            text = s.en if s.en is not None else s.placeholder
            parts.append(text.strip())
            if i < len(self.segments) - 1:
                parts.append(english_gap(s.gap_after))
        return "".join(parts)

    @property
    def list_indent(self) -> str:
        m = _LIST_MARKER.match(self.prefix)
        return m.group("indent").replace("\u3000", "  ") if m else ""


@dataclass(slots=True)
class Article:
    title: str
    """The source-language title: set with ``review-app title``, else the first heading, else project — file."""
    source_lang: str
    target_lang: str
    blocks: list[ArticleBlock]
    trailer: str
    generated_at: datetime
    status_counts: dict[str, int]
    title_target: str | None = None
    """The target-language title: set with ``review-app title``, else the first heading's translation."""

    @property
    def english_title(self) -> str:
        """The title of a target-language page: the set title, the first heading's translation, or :attr:`title`."""
        if self.title_target:
            return self.title_target
        return next((b.en() for b in self.blocks if b.kind is BlockKind.HEADING), self.title)

    def title_for(self, side: str) -> tuple[str, bool]:
        """``(title, is source language)`` for an export of ``side`` (both, en, ja)."""
        if side == "en":
            return self.english_title, self.english_title == self.title and not self.title_target
        return self.title, True

    @property
    def segments(self) -> list[ArticleSegment]:
        return [s for b in self.blocks for s in b.segments]

    @property
    def footnotes(self) -> list[fn.Footnote]:
        """The readers' notes in reading order (numbers 1, 2, …)."""
        return [s.footnote for s in self.segments if s.footnote is not None]


def english_gap(gap: str) -> str:
    """The space between two English sentences given the Japanese gap between their sources."""
    if not gap:
        return " "
    if gap.strip(" \t") == "":
        return gap
    return re.sub(r"\s+", " ", gap.replace("\u3000", " ")) or " "


def build_article(data: ProjectData, *, with_review: bool = True) -> Article:
    doc = data.document(corrected=False)
    views = data.all_views()
    comments = data.comments() if with_review else {}
    blocks: list[ArticleBlock] = []
    for b in doc.blocks:
        segs = []
        for s in b.segments:
            v = views[s.key]
            corrected = v.corrected_source is not None
            segs.append(
                ArticleSegment(
                    key=s.key,
                    ja=v.effective_source,
                    original=v.source if corrected else None,
                    en=data.exported_target(v),
                    hidden=bool((v.target or "").strip()) and data.exported_target(v) is None,
                    status=v.status,
                    gap_after=s.gap_after,
                    comments=comments.get(v.id, []),
                    correction_reason=data.correction_reason(s.key) if corrected and with_review else None,
                )
            )
        blocks.append(ArticleBlock(b.kind, b.index, b.prefix, b.sep_before, segs))
    numbered = fn.number_notes((s.key for b in blocks for s in b.segments), data.readers_notes())
    for seg in (s for b in blocks for s in b.segments):
        seg.footnote = numbered.get(seg.key)
    first = blocks[0] if blocks else None
    titles = data.service.titles()
    title = titles.get(data.source_lang) or (
        first.ja if first is not None and first.kind is BlockKind.HEADING else f"{data.name} — {doc.name}")
    return Article(
        title_target=titles.get(data.target_lang),
        title=title,
        source_lang=data.source_lang,
        target_lang=data.target_lang,
        blocks=blocks,
        trailer=doc.trailer,
        generated_at=utc_now(),
        status_counts=data.service.status_counts(),
    )


def write_text(out: IO[Any], text: str) -> None:
    """Write ``text`` without the control characters no export can carry (:func:`~review_app.formats.base.xml_text`)."""
    out.write(xml_text(text))


class ArticleExporter(TextExporter):
    """Base of the text article exports: builds the article (with the review's comments and corrections, unless
    ``english_only``: the published English needs neither) and hands it to :meth:`write`."""

    english_only: ClassVar[bool] = False

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        self.write(build_article(data, with_review=not self.english_only), data.options, out)

    def write(self, art: Article, opts: ExportOptions, out: IO[Any]) -> None:
        raise NotImplementedError
