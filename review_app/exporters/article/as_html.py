"""The bilingual and the English-only article as standalone, print-friendly HTML pages."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import IO, Any

from review_app.exporters import footnotes as fn
from review_app.exporters.article.model import Article, ArticleBlock, ArticleExporter, english_gap
from review_app.exporters.base import ExportOptions
from review_app.formats.base import xml_text
from review_app.models import BlockKind

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


def _ja_html(b: ArticleBlock, *, notes: bool = False) -> str:
    """The block's Japanese; ``notes``: with the footnote markers of readers' notes (a Japanese-only page)."""
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
        if notes and s.footnote is not None:
            parts.append(fn.html_ref(s.footnote))
        parts.append(esc(s.gap_after))
    return "".join(parts).rstrip()


def _en_html(b: ArticleBlock, *, notes: bool = True) -> str:
    """The block's English; ``notes``: with the footnote markers of readers' notes."""
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
        if notes and s.footnote is not None:
            parts.append(fn.html_ref(s.footnote))
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
        f"<title>{esc(title)}</title>\n<style>\n{CSS}\n{fn.HTML_CSS}\n</style>\n</head>\n<body>\n"
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


def _grouping_lists(blocks: list[ArticleBlock], body: list[str], open_tag: str, close_tag: str
                    ) -> Iterator[ArticleBlock]:
    """Each block in turn; ``open_tag`` goes into ``body`` before the first item of a run of list items and
    ``close_tag`` after its last."""
    in_list = False
    for b in blocks:
        if (b.kind is BlockKind.LIST_ITEM) != in_list:
            body.append(close_tag if in_list else open_tag)
            in_list = not in_list
        yield b
    if in_list:
        body.append(close_tag)


class BilingualHtmlExporter(ArticleExporter):
    name = "html"
    extension = ".bilingual.html"
    description = "Bilingual article as a standalone, print-friendly HTML page (ja | en side by side)"

    def write(self, art: Article, opts: ExportOptions, out: IO[Any]) -> None:
        both = opts.side == "both"
        counts = ", ".join(f"{n} {k}" for k, n in art.status_counts.items() if n)
        body = [
            '<header class="doc">',
            f'<h1 lang="{esc(art.source_lang if art.title_for(opts.side)[1] else art.target_lang)}">'
            f"{esc(art.title_for(opts.side)[0])}</h1>",
            *([f'<p class="title-en" lang="{esc(art.target_lang)}">{esc(art.title_target)}</p>']
              if both and art.title_target else []),
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
        for b in _grouping_lists(art.blocks, body, '<div class="list">', "</div>"):
            cells = []
            if opts.side in ("both", "ja"):
                ja_html = _ja_html(b, notes=opts.side == "ja")
                cells.append(f'<div class="ja" lang="{esc(art.source_lang)}">{_wrap(b.kind, ja_html)}</div>')
            if opts.side in ("both", "en"):
                cells.append(f'<div class="en" lang="{esc(art.target_lang)}">{_wrap(b.kind, _en_html(b))}</div>')
            cls = f"row {b.kind.value}" + ("" if both else " single")
            body.append(f'<div class="{cls}" id="b{b.index}">{"".join(cells)}</div>')
        body += fn.html_section(art.footnotes, lang=art.target_lang)
        body.append("</main>")
        if opts.appendix:
            body += _appendix_html(art)
        out.write(
            _html_page(art, body, lang=art.source_lang if opts.side == "ja" else art.target_lang,
                       title=art.title_for(opts.side)[0])
        )


class EnglishHtmlExporter(ArticleExporter):
    name = "en-html"
    extension = ".en.html"
    description = "English-only article as a standalone HTML page"
    english_only = True

    def write(self, art: Article, opts: ExportOptions, out: IO[Any]) -> None:
        body = ["<main>"]
        if art.title_target:  # only a title somebody set (the <title> falls back to the first heading)
            body.append(f'<h1 lang="{esc(art.target_lang)}">{esc(art.title_target)}</h1>')
        for b in _grouping_lists(art.blocks, body, "<ul>", "</ul>"):
            inner = _en_html(b)
            body.append(f"<li>{inner}</li>" if b.kind is BlockKind.LIST_ITEM else _wrap(b.kind, inner))
        body += fn.html_section(art.footnotes, lang=art.target_lang)
        body.append("</main>")
        out.write(_html_page(art, body, lang=art.target_lang, title=art.english_title))
