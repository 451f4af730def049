"""Article exports: the bilingual article (HTML, Markdown, DOCX), the English-only article (text, Markdown,
HTML) and the corrected Japanese source (text).

All of them follow the block structure of the imported source (:class:`review_app.models.Document`:
headings, paragraphs, list items, the exact separators between blocks), rebuilt by :func:`build_article`.

English joining
    Japanese sentences follow each other without a space (``…迎えている。現地時間…``); English ones need
    one. Within a block the English targets are joined with a single space where the Japanese had no gap,
    and with the Japanese gap where it was plain ASCII space/TAB; an ideographic space (U+3000) becomes an
    ASCII space. Text between blocks (newlines, blank lines) is kept from the source.

Missing targets
    A segment with no target (or, under ``--status approved``, a target not yet approved) is shown as
    ``[untranslated: <Japanese>]`` in text and Markdown and as a highlighted placeholder in HTML and DOCX,
    so nothing is silently dropped from what an editor publishes.

Escaping
    Every text that reaches HTML goes through :func:`html.escape` (quotes too) before any markup is added;
    Markdown escapes its punctuation with backslashes (CommonMark §2.4), so ``<script>`` in a segment stays
    text everywhere.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from review_app.exporters.base import Exporter, ProjectData
from review_app.formats.base import utc_now, xml_text
from review_app.models import BlockKind, Comment, Status

UNTRANSLATED = "[untranslated: {ja}]"
NOT_APPROVED = "[not approved: {ja}]"
"""Placeholder under ``--status approved`` for a segment whose target exists but is not approved yet."""
_LIST_MARKER = re.compile(r"^(?P<indent>[ \t\u3000]*)(?P<marker>[-*•]\s+|・)?")
# Markdown punctuation that formats anywhere in a line (CommonMark §2.4 allows escaping any of them) …
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
# … and what only starts a block at the beginning of a line (heading, list, quote, ordered list).
_MD_LINE_START = re.compile(r"^(?P<lead>\s*)(?P<mark>[#>+\-=])")
_MD_ORDERED = re.compile(r"^(?P<lead>\s*\d+)(?P<mark>[.)])")


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
    source_lang: str
    target_lang: str
    blocks: list[ArticleBlock]
    trailer: str
    generated_at: datetime
    status_counts: dict[str, int]

    @property
    def segments(self) -> list[ArticleSegment]:
        return [s for b in self.blocks for s in b.segments]


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
    first = blocks[0] if blocks else None
    title = first.ja if first is not None and first.kind is BlockKind.HEADING else f"{data.name} — {doc.name}"
    return Article(
        title=title,
        source_lang=data.source_lang,
        target_lang=data.target_lang,
        blocks=blocks,
        trailer=doc.trailer,
        generated_at=utc_now(),
        status_counts=data.service.status_counts(),
    )


def _text(out: IO[Any], text: str) -> None:
    out.write(xml_text(text))


# -- plain text ----------------------------------------------------------------------------------------------


class EnglishTextExporter(Exporter):
    name = "en-txt"
    extension = ".en.txt"
    description = "English-only article as plain text, with the source's block structure"
    binary = False

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        art = build_article(data, with_review=False)
        for i, b in enumerate(art.blocks):
            sep = b.sep_before if i else ""
            prefix = b.list_indent + "- " if b.kind is BlockKind.LIST_ITEM else ""
            _text(out, sep + prefix + b.en())
        _text(out, art.trailer or "\n")


class JapaneseSourceExporter(Exporter):
    name = "ja-txt"
    extension = ".ja.txt"
    description = "The corrected Japanese source (reviewers' source corrections applied), as text"
    binary = False

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        _text(out, data.document(corrected=True).rebuild().lstrip("\ufeff"))


# -- Markdown ------------------------------------------------------------------------------------------------


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


class EnglishMarkdownExporter(Exporter):
    name = "en-md"
    extension = ".en.md"
    description = "English-only article as Markdown (headings, paragraphs, list)"
    binary = False

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        art = build_article(data, with_review=False)

        def block(b: ArticleBlock) -> str:
            text = md_escape(b.en())
            if b.kind is BlockKind.HEADING:
                return "## " + text
            if b.kind is BlockKind.LIST_ITEM:
                return "- " + text
            return text

        out.write("".join(_md_blocks(art, block)))


class BilingualMarkdownExporter(Exporter):
    name = "md"
    extension = ".md"
    description = "Bilingual article as Markdown: each block in Japanese, then in English"
    binary = False

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        opts = data.options
        art = build_article(data)

        def ja(b: ArticleBlock) -> str:
            parts = []
            for s in b.segments:
                text = md_escape(s.ja)
                if s.original is not None:
                    text = f"{text}（原文: ~~{md_escape(s.original)}~~）"
                parts.append(text + md_escape(s.gap_after))
            return "".join(parts).rstrip()

        def block(b: ArticleBlock) -> str:
            en = md_escape(b.en())
            if b.kind is BlockKind.HEADING:
                if opts.side == "ja":
                    return "## " + ja(b)
                if opts.side == "en":
                    return "## " + en
                return f"## {ja(b)}\n\n**{en}**"
            if b.kind is BlockKind.LIST_ITEM:
                if opts.side == "ja":
                    return "- " + ja(b)
                if opts.side == "en":
                    return "- " + en
                return f"- {ja(b)}\n  - {en}"
            if opts.side == "ja":
                return ja(b)
            if opts.side == "en":
                return en
            return f"{ja(b)}\n\n> {en}"

        out.write(f"# {md_escape(art.title)}\n\n")
        out.write(f"*{art.source_lang} → {art.target_lang} · exported {art.generated_at:%Y-%m-%d %H:%M} UTC*\n\n")
        out.write("".join(_md_blocks(art, block)))
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


# -- HTML -------------------------------------------------------------------------------------------------------

CSS = """
:root { --ink: #1d2327; --muted: #646970; --line: #dcdcde; --mark: #fff4cc; --miss: #fde8e8; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 70rem; padding: 2rem 1.5rem 4rem; color: var(--ink); background: #fff;
  font: 16px/1.7 "Noto Serif", Georgia, serif; }
[lang|=ja] { font-family: "Noto Serif CJK JP", "Noto Serif JP", "Hiragino Mincho ProN", "Yu Mincho", "MS Mincho", serif;
  line-break: strict; }
header.doc { border-bottom: 2px solid var(--ink); margin-bottom: 1.5rem; padding-bottom: .75rem; }
header.doc h1 { font-size: 1.6rem; line-height: 1.35; margin: 0 0 .4rem; }
header.doc p { color: var(--muted); font-size: .85rem; margin: 0; }
.legend { font-size: .8rem; color: var(--muted); }
.legend span { margin-right: 1em; }
.row { display: grid; grid-template-columns: 1fr 1fr; gap: 2rem; padding: .35rem 0; break-inside: avoid; }
.row.single { grid-template-columns: 1fr; }
.row > div > :first-child { margin-top: 0; }
.row h2 { font-size: 1.2rem; line-height: 1.4; margin: 1.2rem 0 .3rem; }
.row p { margin: 0 0 .6rem; }
.row ul { margin: 0; padding-left: 1.3rem; }
.list { padding: .2rem 0 .6rem; }
.list .row { padding: .1rem 0; }
.colhead { font: 600 .75rem/1 system-ui, sans-serif; letter-spacing: .08em; text-transform: uppercase;
  color: var(--muted); border-bottom: 1px solid var(--line); padding-bottom: .3rem; }
.corrected { background: var(--mark); border-bottom: 1px dotted #b08800; }
details.orig { display: inline; font-size: .85em; color: var(--muted); }
details.orig summary { display: inline; cursor: pointer; color: #8a6d00; }
details.orig[open] del { display: inline; }
.missing { background: var(--miss); color: #8a1f11; font-size: .92em; }
.seg[data-status=approved] { }
.seg[data-status=draft], .seg[data-status=rejected] { text-decoration: underline wavy #d63638 1px; }
section.appendix { border-top: 2px solid var(--ink); margin-top: 2.5rem; font-size: .9rem; }
section.appendix h2 { font-size: 1.15rem; }
section.appendix table { border-collapse: collapse; width: 100%; }
section.appendix th, section.appendix td { border: 1px solid var(--line); padding: .3rem .5rem; vertical-align: top;
  text-align: left; }
section.appendix code { font-size: .8em; color: var(--muted); }
footer { margin-top: 2rem; color: var(--muted); font-size: .8rem; }
@media (max-width: 48rem) { .row { grid-template-columns: 1fr; gap: .2rem; } }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .row { gap: 1.2rem; }
  details.orig summary { display: none; }
  details.orig del { display: inline; }
  .legend { display: none; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 16mm 14mm; }
}
""".strip()


def esc(text: str) -> str:
    return html.escape(xml_text(text), quote=True)


def _ja_html(b: ArticleBlock) -> str:
    parts = []
    for s in b.segments:
        if s.original is not None:
            reason = f" — {s.correction_reason}" if s.correction_reason else ""
            parts.append(
                f'<span class="seg corrected" id="ja-{esc(s.key)}" title="{esc("corrected in review" + reason)}">'
                f"{esc(s.ja)}</span>"
                f'<details class="orig"><summary>原文</summary><del lang="ja">{esc(s.original)}</del></details>'
            )
        else:
            parts.append(f'<span class="seg" id="ja-{esc(s.key)}">{esc(s.ja)}</span>')
        parts.append(esc(s.gap_after))
    return "".join(parts).rstrip()


def _en_html(b: ArticleBlock) -> str:
    parts = []
    for i, s in enumerate(b.segments):
        if s.en is None:
            label = "not approved" if s.hidden else "untranslated"
            parts.append(
                f'<span class="seg missing" data-status="{esc(s.status.value)}">[{label}: '
                f'<span lang="ja">{esc(s.ja)}</span>]</span>'
            )
        else:
            parts.append(f'<span class="seg" data-status="{esc(s.status.value)}">{esc(s.en.strip())}</span>')
        if i < len(b.segments) - 1:
            parts.append(esc(english_gap(s.gap_after)))
    return "".join(parts)


def _wrap(kind: BlockKind, inner: str) -> str:
    if kind is BlockKind.HEADING:
        return f"<h2>{inner}</h2>"
    if kind is BlockKind.LIST_ITEM:
        return f"<ul><li>{inner}</li></ul>"
    return f"<p>{inner}</p>"


def _html_page(art: Article, body: list[str], *, lang: str, title: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="review_app">\n'
        f"<title>{esc(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<footer>Exported by review_app on {art.generated_at:%Y-%m-%d %H:%M} UTC.</footer>\n</body>\n</html>\n"
    )


def _appendix_html(art: Article) -> list[str]:
    out: list[str] = []
    corrected = [s for s in art.segments if s.original is not None]
    commented = [s for s in art.segments if s.comments]
    if not corrected and not commented:
        return out
    out.append('<section class="appendix">')
    if corrected:
        out.append("<h2>Source corrections</h2>")
        out.append(
            "<table><thead><tr><th>Segment</th><th>Original</th><th>Corrected</th><th>Reason</th></tr></thead><tbody>"
        )
        for s in corrected:
            out.append(
                f'<tr><td><code>{esc(s.key)}</code></td><td lang="ja"><del>{esc(s.original or "")}</del></td>'
                f'<td lang="ja">{esc(s.ja)}</td><td>{esc(s.correction_reason or "")}</td></tr>'
            )
        out.append("</tbody></table>")
    if commented:
        out.append("<h2>Reviewer comments</h2>")
        out.append("<table><thead><tr><th>Segment</th><th>Text</th><th>Comment</th></tr></thead><tbody>")
        for s in commented:
            for c in s.comments:
                out.append(
                    f'<tr><td><code>{esc(s.key)}</code></td><td><span lang="ja">{esc(s.ja)}</span><br>'
                    f"{esc(s.en or '')}</td><td><strong>{esc(c.user)}</strong> "
                    f"<small>{c.at:%Y-%m-%d %H:%M}</small><br>{esc(c.body)}</td></tr>"
                )
        out.append("</tbody></table>")
    out.append("</section>")
    return out


class BilingualHtmlExporter(Exporter):
    name = "html"
    extension = ".html"
    description = "Bilingual article as a standalone, print-friendly HTML page (ja | en side by side)"
    binary = False

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        opts = data.options
        art = build_article(data)
        both = opts.side == "both"
        counts = ", ".join(f"{n} {k}" for k, n in art.status_counts.items() if n)
        body = [
            '<header class="doc">',
            f'<h1 lang="{esc(art.source_lang)}">{esc(art.title)}</h1>',
            f"<p>{esc(art.source_lang)} → {esc(art.target_lang)} · {len(art.segments)} segments ({esc(counts)})"
            + (" · approved translations only" if opts.status == "approved" else "")
            + "</p>",
            '<p class="legend"><span class="corrected">corrected source</span>'
            '<span class="missing">untranslated</span></p>',
            "</header>",
            "<main>",
        ]
        if both:
            body.append(
                f'<div class="row"><div class="colhead">日本語 ({esc(art.source_lang)})</div>'
                f'<div class="colhead">English ({esc(art.target_lang)})</div></div>'
            )
        in_list = False
        for b in art.blocks:
            if b.kind is BlockKind.LIST_ITEM and not in_list:
                body.append('<div class="list">')
                in_list = True
            elif b.kind is not BlockKind.LIST_ITEM and in_list:
                body.append("</div>")
                in_list = False
            cells = []
            if opts.side in ("both", "ja"):
                cells.append(f'<div class="ja" lang="{esc(art.source_lang)}">{_wrap(b.kind, _ja_html(b))}</div>')
            if opts.side in ("both", "en"):
                cells.append(f'<div class="en" lang="{esc(art.target_lang)}">{_wrap(b.kind, _en_html(b))}</div>')
            cls = f"row {b.kind.value}" + ("" if both else " single")
            body.append(f'<div class="{cls}" id="b{b.index}">{"".join(cells)}</div>')
        if in_list:
            body.append("</div>")
        body.append("</main>")
        if opts.appendix:
            body += _appendix_html(art)
        out.write(
            _html_page(art, body, lang=art.source_lang if opts.side == "ja" else art.target_lang, title=art.title)
        )


class EnglishHtmlExporter(Exporter):
    name = "en-html"
    extension = ".en.html"
    description = "English-only article as a standalone HTML page"
    binary = False

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        art = build_article(data, with_review=False)
        body = ["<main>"]
        in_list = False
        for b in art.blocks:
            if b.kind is BlockKind.LIST_ITEM and not in_list:
                body.append("<ul>")
                in_list = True
            elif b.kind is not BlockKind.LIST_ITEM and in_list:
                body.append("</ul>")
                in_list = False
            inner = _en_html(b)
            if b.kind is BlockKind.LIST_ITEM:
                body.append(f"<li>{inner}</li>")
            else:
                body.append(_wrap(b.kind, inner))
        if in_list:
            body.append("</ul>")
        body.append("</main>")
        title = next((b.en() for b in art.blocks if b.kind is BlockKind.HEADING), art.title)
        out.write(_html_page(art, body, lang=art.target_lang, title=title))


# -- DOCX -------------------------------------------------------------------------------------------------------

EAST_ASIAN_FONT = "Noto Serif CJK JP"
"""Set as ``w:eastAsia`` so Word/LibreOffice pick a Japanese font (falls back to MS Mincho on Windows)."""


class BilingualDocxExporter(Exporter):
    name = "docx"
    extension = ".docx"
    description = "Bilingual article as a Word document: one two-column row (ja | en) per block"

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        import docx
        from docx.enum.text import WD_COLOR_INDEX
        from docx.oxml.ns import qn
        from docx.shared import Pt, RGBColor

        opts = data.options
        art = build_article(data)
        document = docx.Document()
        normal = document.styles["Normal"]
        normal.font.name = "Noto Serif"
        normal.font.size = Pt(10.5)
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = rpr.makeelement(qn("w:lang"), {})
            rpr.append(lang)
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "ja-JP")
        document.core_properties.title = xml_text(art.title)
        document.core_properties.comments = "Exported by review_app"
        document.add_heading(xml_text(art.title), level=1)
        document.add_paragraph(
            xml_text(
                f"{art.source_lang} → {art.target_lang} · {len(art.segments)} segments · "
                f"exported {art.generated_at:%Y-%m-%d %H:%M} UTC"
            )
        )
        sides = [s for s in ("ja", "en") if opts.side in ("both", s)]
        table = document.add_table(rows=1, cols=len(sides))
        table.style = "Table Grid"
        for cell, side in zip(table.rows[0].cells, sides, strict=True):
            cell.text = "日本語" if side == "ja" else "English"
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for b in art.blocks:
            cells = table.add_row().cells
            for cell, side in zip(cells, sides, strict=True):
                para = cell.paragraphs[0]
                if b.kind is BlockKind.LIST_ITEM:
                    para.add_run("• ")
                if side == "ja":
                    for s in b.segments:
                        run = para.add_run(xml_text(s.ja))
                        if s.original is not None:
                            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
                            orig = para.add_run(xml_text(f"（原文: {s.original}）"))
                            orig.font.strike = True
                            orig.font.size = Pt(8.5)
                            orig.font.color.rgb = RGBColor(0x64, 0x69, 0x70)
                        if s.gap_after:
                            para.add_run(xml_text(s.gap_after))
                else:
                    for i, s in enumerate(b.segments):
                        if s.en is None:
                            run = para.add_run(xml_text(s.placeholder))
                            run.font.highlight_color = WD_COLOR_INDEX.PINK
                        else:
                            run = para.add_run(xml_text(s.en.strip()))
                        if i < len(b.segments) - 1:
                            para.add_run(english_gap(s.gap_after))
                if b.kind is BlockKind.HEADING:
                    for run in para.runs:
                        run.bold = True
                        run.font.size = Pt(12.5)
        if opts.appendix:
            corrected = [s for s in art.segments if s.original is not None]
            commented = [s for s in art.segments if s.comments]
            if corrected:
                document.add_heading("Source corrections", level=2)
                for s in corrected:
                    reason = f" — {s.correction_reason}" if s.correction_reason else ""
                    document.add_paragraph(xml_text(f"{s.key}: {s.original} → {s.ja}{reason}"), style="List Bullet")
            if commented:
                document.add_heading("Reviewer comments", level=2)
                for s in commented:
                    for c in s.comments:
                        document.add_paragraph(
                            xml_text(f"{s.key} · {c.user} ({c.at:%Y-%m-%d}): {c.body}"), style="List Bullet"
                        )
        document.save(out)
