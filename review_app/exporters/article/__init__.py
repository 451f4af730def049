"""Article exports (one module each: :mod:`.model` builds the article, :mod:`.as_text`, :mod:`.as_markdown`,
:mod:`.as_html` and :mod:`.as_docx` write it):
the bilingual article (HTML, Markdown, DOCX), the English-only article (text, Markdown,
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

from review_app.exporters.article.model import (
    NOT_APPROVED,
    UNTRANSLATED,
    Article,
    ArticleBlock,
    ArticleExporter,
    ArticleSegment,
    build_article,
    english_gap,
)

__all__ = [
    "NOT_APPROVED",
    "UNTRANSLATED",
    "Article",
    "ArticleBlock",
    "ArticleExporter",
    "ArticleSegment",
    "build_article",
    "english_gap",
]
