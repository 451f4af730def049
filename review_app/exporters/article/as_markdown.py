"""The bilingual and the English-only article as Markdown (CommonMark escaping)."""

from __future__ import annotations

import re
from typing import IO, Any

from review_app.exporters import footnotes as fn
from review_app.exporters.article.model import Article, ArticleBlock, ArticleExporter, english_gap
from review_app.exporters.base import ExportOptions
from review_app.formats.base import xml_text
from review_app.models import BlockKind

# Markdown punctuation that formats anywhere in a line (CommonMark §2.4 allows escaping any of them) …
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# … and what only starts a block at the beginning of a line (heading, list, quote, ordered list).
_MD_LINE_START = re.compile(r"^(?P<lead>\s*)(?P<mark>[#>+\-=])")
_MD_ORDERED = re.compile(r"^(?P<lead>\s*\d+)(?P<mark>[.)])")



def md_escape(text: str) -> str:
    """Backslash-escape Markdown punctuation (CommonMark: any ASCII punctuation may be escaped)."""
    text = _MD_SPECIAL.sub(r"\\\1", xml_text(text)).replace("\n", " ")
    m = _MD_LINE_START.match(text) or _MD_ORDERED.match(text)
    if m:
        text = text[: m.start("mark")] + "\\" + text[m.start("mark") :]
    return text


def _md_blocks(art: Article, render: Any) -> list[str]:
    out: list[str] = []
    prev: BlockKind | None = None
    for b in art.blocks:
        chunk = render(b)
        if out and not (prev is BlockKind.LIST_ITEM and b.kind is BlockKind.LIST_ITEM):
            out.append("\n")
        out.append(chunk + "\n")
        prev = b.kind
    return out


class EnglishMarkdownExporter(ArticleExporter):
    name = "en-md"
    extension = ".en.md"
    description = "English-only article as Markdown (headings, paragraphs, list)"
    english_only = True

    def write(self, art: Article, opts: ExportOptions, out: IO[Any]) -> None:

        def block(b: ArticleBlock) -> str:
            text = _md_en(b)
            if b.kind is BlockKind.HEADING:
                return "## " + text
            if b.kind is BlockKind.LIST_ITEM:
                return "- " + text
            return text

        if art.title_target:  # only a title somebody set: a guessed one has no place in the published article
            out.write(f"# {md_escape(art.title_target)}\n\n")
        out.write("".join(_md_blocks(art, block)))
        out.write(fn.md_section(art.footnotes, md_escape))


def _md_en(b: ArticleBlock) -> str:
    """A block's English as Markdown, with the footnote references of its segments' readers' notes."""
    if not any(s.footnote for s in b.segments):
        return md_escape(b.en())
    parts: list[str] = []
    for i, s in enumerate(b.segments):
        text = (s.en if s.en is not None else s.placeholder).strip()
        parts.append(md_escape(text) if i == 0 else _md_escape_inline(text))
        if s.footnote is not None:
            parts.append(fn.md_ref(s.footnote))
        if i < len(b.segments) - 1:
            parts.append(english_gap(s.gap_after))
    return "".join(parts)


def _md_escape_inline(text: str) -> str:
    """:func:`md_escape` for text that does not start a line (no block-start escaping needed)."""
    return _MD_SPECIAL.sub(r"\\\1", xml_text(text)).replace("\n", " ")


class BilingualMarkdownExporter(ArticleExporter):
    name = "md"
    extension = ".bilingual.md"
    description = "Bilingual article as Markdown: each block in Japanese, then in English"

    def write(self, art: Article, opts: ExportOptions, out: IO[Any]) -> None:

        def ja(b: ArticleBlock) -> str:
            parts = []
            for s in b.segments:
                text = md_escape(s.ja)
                if s.original is not None:
                    text = f"{text}（原文: ~~{md_escape(s.original)}~~）"
                if s.footnote is not None and opts.side == "ja":  # the notes go where the reader reads
                    text += fn.md_ref(s.footnote)
                parts.append(text + md_escape(s.gap_after))
            return "".join(parts).rstrip()

        def block(b: ArticleBlock) -> str:
            mark = {BlockKind.HEADING: "## ", BlockKind.LIST_ITEM: "- "}.get(b.kind, "")
            if opts.side == "ja":
                return mark + ja(b)
            en = _md_en(b)
            if opts.side == "en":
                return mark + en
            if b.kind is BlockKind.HEADING:
                return f"## {ja(b)}\n\n**{en}**"
            if b.kind is BlockKind.LIST_ITEM:
                return f"- {ja(b)}\n  - {en}"
            return f"{ja(b)}\n\n> {en}"

        out.write(f"# {md_escape(art.title_for(opts.side)[0])}\n\n")
        if opts.side == "both" and art.title_target:
            out.write(f"**{md_escape(art.title_target)}**\n\n")
        out.write(f"*{art.source_lang} → {art.target_lang} · exported {art.generated_at:%Y-%m-%d %H:%M} UTC*\n\n")
        out.write("".join(_md_blocks(art, block)))
        out.write(fn.md_section(art.footnotes, md_escape))
        if opts.appendix:
            out.write(_md_appendix(art))


def _md_appendix(art: Article) -> str:
    lines: list[str] = []
    corrected = [s for s in art.segments if s.original is not None]
    if corrected:
        lines += ["", "## Source corrections", ""]
        for s in corrected:
            reason = f" — {md_escape(s.correction_reason)}" if s.correction_reason else ""
            lines.append(f"- `{s.key}`: ~~{md_escape(s.original or '')}~~ → {md_escape(s.ja)}{reason}")
    commented = [s for s in art.segments if s.comments]
    if commented:
        lines += ["", "## Reviewer comments", ""]
        for s in commented:
            for c in s.comments:
                lines.append(f"- `{s.key}` {md_escape(c.user)} ({c.at:%Y-%m-%d}): {md_escape(c.body)}")
    return "\n".join(lines) + ("\n" if lines else "")
