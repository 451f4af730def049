"""Readers' notes as numbered footnotes of the article exports (HTML, Markdown, DOCX).

The model (:class:`Footnote`, :func:`number_notes`) is shared; each renderer has its own small functions here
(``html_*``, ``md_*``) so the article module only asks "what goes after this segment" and "what ends the page".
Numbering follows the article's reading order (every block kind, headings included), from 1; a segment has at
most one note (:mod:`review_app.notes`). The footnote text is :func:`review_app.notes.footnote_text`
("Corrected: the source says June 4. …") and is escaped like every other text of the output.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from review_app.formats.base import xml_text
from review_app.notes import ReadersNote

NOTES_HEADING = "Notes"


@dataclass(frozen=True, slots=True)
class Footnote:
    number: int
    segment_key: str
    kind: str
    text: str
    """The rendered footnote text (label, what the source said, the note)."""


def number_notes(keys_in_order: Iterable[str], notes: Mapping[str, ReadersNote]) -> dict[str, Footnote]:
    """Segment key → its numbered footnote, numbered in the order of ``keys_in_order``."""
    out: dict[str, Footnote] = {}
    for key in keys_in_order:
        note = notes.get(key)
        if note is not None and note.text and key not in out:
            out[key] = Footnote(len(out) + 1, key, note.kind, note.footnote)
    return out


def _esc(text: str) -> str:
    return html.escape(xml_text(text), quote=True)


# -- HTML --------------------------------------------------------------------------------------------------------

HTML_CSS = """
sup.fn { font-size: .7em; line-height: 0; margin-left: .1em; }
sup.fn a { text-decoration: none; color: #2271b1; }
section.footnotes { border-top: 1px solid var(--line, #dcdcde); margin-top: 2rem; font-size: .9rem; }
section.footnotes h2 { font-size: 1.05rem; }
section.footnotes ol { padding-left: 1.6rem; }
section.footnotes li { margin: .2rem 0; }
section.footnotes li:target { background: var(--mark, #fff4cc); }
a.fn-back { text-decoration: none; margin-left: .3em; }
""".strip()


def html_ref(fn: Footnote) -> str:
    """The superscript link after the segment's text (DPUB-ARIA ``doc-noteref``)."""
    n = fn.number
    return (f'<sup class="fn" id="fnref-{n}"><a href="#fn-{n}" role="doc-noteref" aria-label="Note {n}">'
            f"{n}</a></sup>")


def html_section(footnotes: Iterable[Footnote], *, lang: str) -> list[str]:
    """The numbered notes at the end of the article (empty when there are none)."""
    items = sorted(footnotes, key=lambda f: f.number)
    if not items:
        return []
    out = [f'<section class="footnotes" role="doc-endnotes" lang="{_esc(lang)}">', f"<h2>{NOTES_HEADING}</h2>", "<ol>"]
    for fn in items:
        out.append(
            f'<li id="fn-{fn.number}" data-segment="{_esc(fn.segment_key)}" data-kind="{_esc(fn.kind)}">'
            f'{_esc(fn.text)}<a class="fn-back" href="#fnref-{fn.number}" role="doc-backlink" '
            f'aria-label="Back to the text">↩</a></li>'
        )
    out += ["</ol>", "</section>"]
    return out


# -- Markdown ----------------------------------------------------------------------------------------------------


def md_ref(fn: Footnote) -> str:
    """A footnote reference (``[^3]``: GitHub, Pandoc, markdown-it and Python-Markdown footnotes)."""
    return f"[^{fn.number}]"


def md_section(footnotes: Iterable[Footnote], escape: object) -> str:
    """The footnote definitions (``[^3]: text``), one per line, after the article; ``escape`` is the exporter's
    Markdown escaping function, so a note cannot start a link, a heading or HTML."""
    items = sorted(footnotes, key=lambda f: f.number)
    if not items:
        return ""
    assert callable(escape)
    return "\n" + "".join(f"[^{fn.number}]: {escape(fn.text)}\n" for fn in items)
