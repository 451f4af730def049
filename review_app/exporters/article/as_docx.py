"""The bilingual article as a Word document (DOCX, A4)."""

from __future__ import annotations

import html
from typing import IO, Any

from review_app.exporters import footnotes as fn
from review_app.exporters.article.model import ArticleBlock, build_article, english_gap
from review_app.exporters.base import Exporter, ProjectData
from review_app.formats.base import xml_text
from review_app.models import BlockKind

# What a publisher opens in Word or LibreOffice (checked by rendering the demo project to PDF, see
# docs/user-guide.md): an A4 page; the title and a table about the export (project, languages, status counts,
# options, MT engines, generator, a legend of the marks); then the article, as a two-column table (ja | en,
# one row per block, header row repeated on every page, fixed column widths that fit the text area) for
# ``--side both``, or as flowing text for ``--side en`` / ``--side ja``. Headings use the Heading 2 style and
# list items the List Bullet style (a real Word list) in both layouts. Every text run carries its languages
# (``w:lang``: en-US for Latin script, ja-JP for East Asian script) and the Japanese ones the East Asian font
# (``w:rFonts/@w:eastAsia`` with ``w:hint="eastAsia"``), so spell-checking and font selection work even when a
# passage is pasted into another document. Readers' notes become Word footnotes (see ``_DocxWriter.notes``).
# Reviewer comments become Word comments on their segment (and rows of
# the appendix); a source correction is shown as a redline in the Japanese (:func:`correction_spans`: the new text
# shaded, the replaced text struck through) and listed in the appendix. ``--no-appendix`` leaves out both.
# Footer: the title and "page / pages".

EAST_ASIAN_FONT = "Noto Serif CJK JP"
"""The ``w:eastAsia`` font of every Japanese run. The font table declares it as a Japanese (charset 80) serif, so
a word processor without it can substitute a Japanese serif (Mincho). Not verified in Microsoft Word here."""
LATIN_FONT = "Times New Roman"
"""The Latin font of the English side: on every Windows and macOS, and fontconfig maps it to a metric-compatible
serif (Liberation Serif) or at least a serif on Linux. (A font the reader lacks and the font table does not
describe falls back to a sans in LibreOffice: "Noto Serif" came out as DejaVu Sans.)"""
WORD_LANG = {"ja": "ja-JP", "en": "en-US", "zh": "zh-CN", "ko": "ko-KR", "de": "de-DE", "fr": "fr-FR", "es": "es-ES"}
"""Language tags for ``w:lang`` (a project language without a region gets the usual one)."""
A4_TWIPS = (11906, 16838)
MARGIN_TWIPS = 1134
"""20 mm: the text area of an A4 page is 9638 twips (170 mm) wide."""
CORRECTED_FILL = "FFF4CC"
MISSING_FILL = "FDE8E8"
MISSING_COLOR = "8A1F11"
ORIGINAL_COLOR = "646970"
HEADER_FILL = "EDEDED"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Schema order of the children of the property elements we add to (ECMA-376 Part 1, §17.3.2.28, §17.4.60,
# §17.4.82, §17.4.70): Word refuses ("unreadable content") a file whose property children are out of order.


def _names(text: str) -> list[str]:
    return text.split()


RPR_ORDER = _names(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs "
    "em lang eastAsianLayout specVanish oMath"
)
TRPR_ORDER = _names(
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing jc hidden"
)
TCPR_ORDER = _names(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign hideMark"
)
TBLPR_ORDER = _names(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing tblInd "
    "tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
)


def word_lang(code: str) -> str:
    """``ja`` → ``ja-JP``; a tag with a region (``en-GB``) is kept."""
    code = code.strip().replace("_", "-")
    return code if "-" in code else WORD_LANG.get(code.lower(), code)


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _child(parent: Any, tag: str, order: list[str], **attrs: str) -> Any:
    """The ``w:tag`` child of ``parent`` (created at its schema position), with ``attrs`` set."""
    el = parent.find(_w(tag))
    if el is None:
        el = parent.makeelement(_w(tag), {})
        rank = order.index(tag)
        for i, sibling in enumerate(parent):
            name = _localname(sibling)
            if name in order and order.index(name) > rank:
                parent.insert(i, el)
                break
        else:
            parent.append(el)
    for k, v in attrs.items():
        el.set(_w(k), v)
    return el


def _localname(el: Any) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def correction_spans(
    original: str, corrected: str, *, min_equal: int = 3, max_changed: float = 0.6
) -> list[tuple[str, str]]:
    """A source correction as a redline: ``(kind, text)`` spans in reading order, ``kind`` one of ``same`` (text
    both share), ``old`` (original text that was replaced or removed) and ``new`` (text the correction put in).

    The diff is by character (Japanese has no spaces to diff words on). Equal stretches shorter than
    ``min_equal`` characters between two changes are folded into the change, so ``私利私欲にまみれた`` →
    ``ポーク(…)まみれの`` is one replacement rather than a patchwork around a shared ``ま``; when more than
    ``max_changed`` of the text changed, the whole original and the whole correction are shown instead.
    Joining the ``same`` and ``new`` spans gives ``corrected``; the ``same`` and ``old`` ones give ``original``.
    """
    import difflib

    ops = [list(op) for op in difflib.SequenceMatcher(None, original, corrected, autojunk=False).get_opcodes()]
    for k in range(1, len(ops) - 1):
        tag, i1, i2 = ops[k][:3]
        between_changes = ops[k - 1][0] != "equal" and ops[k + 1][0] != "equal"
        if tag == "equal" and int(i2) - int(i1) < min_equal and between_changes:
            ops[k][0] = "replace"
    merged: list[list[Any]] = []
    for op in ops:
        if merged and op[0] != "equal" and merged[-1][0] != "equal":
            merged[-1][0], merged[-1][2], merged[-1][4] = "replace", op[2], op[4]
        else:
            merged.append(op)
    changed = sum(i2 - i1 + j2 - j1 for tag, i1, i2, j1, j2 in merged if tag != "equal")
    if changed > max_changed * (len(original) + len(corrected)):
        return [(k, t) for k, t in (("old", original), ("new", corrected)) if t]
    spans: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in merged:
        if tag == "equal":
            spans.append(("same", corrected[j1:j2]))
            continue
        if i2 > i1:
            spans.append(("old", original[i1:i2]))
        if j2 > j1:
            spans.append(("new", corrected[j1:j2]))
    return spans


def _generator() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"review_app {version('review_app')}"
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without metadata
        return "review_app"


class _DocxWriter:
    """Builds one DOCX article (see the comment at the top of this section)."""

    def __init__(self, data: ProjectData) -> None:
        import docx

        self.data = data
        self.opts = data.options
        self.art = build_article(data)
        self.ja_lang = word_lang(self.art.source_lang)
        self.en_lang = word_lang(self.art.target_lang)
        self.sides = [s for s in ("ja", "en") if self.opts.side in ("both", s)]
        self.doc = docx.Document()
        self.review = self.opts.appendix
        """Review notes (appendix and Word comments) are included."""
        self.generator = _generator()

    # -- document setup -----------------------------------------------------------------------------------------
    def setup(self) -> None:
        from docx.shared import Pt, Twips

        section = self.doc.sections[0]
        section.page_width, section.page_height = Twips(A4_TWIPS[0]), Twips(A4_TWIPS[1])
        for side in ("left", "right", "top", "bottom"):
            setattr(section, f"{side}_margin", Twips(MARGIN_TWIPS))
        section.header_distance = section.footer_distance = Twips(567)
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = LATIN_FONT
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        rpr = normal.element.get_or_add_rPr()
        _child(rpr, "rFonts", RPR_ORDER, eastAsia=EAST_ASIAN_FONT)
        _child(rpr, "lang", RPR_ORDER, val=self.en_lang, eastAsia=self.ja_lang)
        # The template's title and heading styles name the theme's major fonts (Calibri, ＭＳ ゴシック): Office
        # fonts a reader without Office lacks (LibreOffice set them in DejaVu Sans), and another family than the
        # body's. Drop them so the headings use Normal's Latin and Japanese fonts.
        for name in ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3"):
            st_rpr = styles[name].element.get_or_add_rPr()
            fonts = st_rpr.find(_w("rFonts"))
            if fonts is not None:
                st_rpr.remove(fonts)
        styles["Heading 1"].font.size = Pt(16)
        styles["Heading 2"].font.size = Pt(12.5)
        settings = self.doc.settings.element
        lang = settings.find(_w("themeFontLang"))
        if lang is not None:
            lang.set(_w("val"), self.en_lang)
            lang.set(_w("eastAsia"), self.ja_lang)
        self._font_table()
        self._package_metadata()
        self._footer()

    def _font_table(self) -> None:
        """Declare the fonts we use (family, charset, panose) so a word processor without them substitutes the
        right kind: a Latin serif for the Latin font, a Japanese serif (Mincho) for Noto Serif CJK JP."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from lxml import etree

        part = self.doc.part.part_related_by(RT.FONT_TABLE)
        root = etree.fromstring(part.blob)
        known = {f.get(_w("name")) for f in root.findall(_w("font"))}
        for name, panose, charset, family in (
            (LATIN_FONT, "02020600060500020200", "00", "roman"),
            (EAST_ASIAN_FONT, "02020400000000000000", "80", "roman"),
        ):
            if name in known:
                continue
            font = etree.SubElement(root, _w("font"), {_w("name"): name})
            etree.SubElement(font, _w("panose1"), {_w("val"): panose})
            etree.SubElement(font, _w("charset"), {_w("val"): charset})
            etree.SubElement(font, _w("family"), {_w("val"): family})
            etree.SubElement(font, _w("pitch"), {_w("val"): "variable"})
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _package_metadata(self) -> None:
        """Core properties of this export (the template's are "python-docx", 2013), no template thumbnail (a
        blank page), and an app.xml that names review_app rather than "Microsoft Macintosh Word"."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        art, opts = self.art, self.opts
        props = self.doc.core_properties
        props.title = xml_text(self.title)
        props.subject = xml_text(f"{art.source_lang} → {art.target_lang} translation of {self.data.document_name()}")
        props.author = props.last_modified_by = xml_text(self.generator)
        props.created = props.modified = art.generated_at.replace(tzinfo=None)
        props.revision = 1
        props.language = self.en_lang if opts.side != "ja" else self.ja_lang
        props.category = {"both": "Bilingual article", "en": "Translated article", "ja": "Corrected source"}[opts.side]
        props.keywords = xml_text(f"{self.data.name}; {art.source_lang}; {art.target_lang}; translation review")
        props.comments = xml_text(f"Exported by {self.generator} on {art.generated_at:%Y-%m-%d %H:%M} UTC")
        package = self.doc.part.package
        for rid, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                package.rels.pop(rid)
            elif rel.reltype == RT.EXTENDED_PROPERTIES:
                rel.target_part._blob = (
                    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                    f"<Application>{html.escape(self.generator)}</Application></Properties>"
                ).encode()

    def _footer(self) -> None:
        """Page footer: the title and "page / pages" (fields, so they stay right when an editor reflows)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        para = self.doc.sections[0].footer.paragraphs[0]
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        runs = [self.run(para, self.title, self.ja_lang if self._title_is_ja else self.en_lang)]
        runs.append(self.run(para, " · ", self.en_lang))
        runs += self._field(para, "PAGE")
        runs.append(self.run(para, " / ", self.en_lang))
        runs += self._field(para, "NUMPAGES")
        for run in runs:
            run.font.size = Pt(8)

    @staticmethod
    def _field(para: Any, instruction: str) -> list[Any]:
        """A complex field (begin, instruction, separate, placeholder result, end) the reader updates."""
        runs = []
        for kind in ("begin", "instr", "separate", "result", "end"):
            run = para.add_run()
            r = run._r
            if kind == "instr":
                instr = r.makeelement(_w("instrText"), {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
                instr.text = f" {instruction} "
                r.append(instr)
            elif kind == "result":
                run.text = "1"
            else:
                r.append(r.makeelement(_w("fldChar"), {_w("fldCharType"): kind}))
            runs.append(run)
        return runs

    # -- runs ------------------------------------------------------------------------------------------------
    def _lang(self, run: Any, lang: str) -> Any:
        """Tag ``run`` as text of the side whose language is ``lang``.

        ``w:lang`` names the language of a run's Latin-script characters (``w:val``) and of its East Asian ones
        (``w:eastAsia``), ECMA-376 Part 1 §17.3.2.20, so every run says en-US + ja-JP, as Word writes it: a Latin
        word inside the Japanese (``Twitter Spaces``) is English (tagged ja-JP, LibreOffice breaks it mid-word),
        and Japanese inside the English (a placeholder) is Japanese. Runs of the Japanese side also name the East
        Asian font with ``w:hint="eastAsia"``, so the characters both scripts share (“ ” … ・) take the Japanese
        font and width there, and as their Latin font too: Latin letters and digits inside Japanese text are set
        in the Japanese font's own Latin glyphs, not in the English side's serif."""
        rpr = run._r.get_or_add_rPr()
        if lang == self.ja_lang:
            f = EAST_ASIAN_FONT
            _child(rpr, "rFonts", RPR_ORDER, ascii=f, hAnsi=f, eastAsia=f, hint="eastAsia")
        _child(rpr, "lang", RPR_ORDER, val=self.en_lang, eastAsia=self.ja_lang)
        return run

    def _shade(self, run: Any, fill: str) -> None:
        _child(run._r.get_or_add_rPr(), "shd", RPR_ORDER, val="clear", color="auto", fill=fill)

    def run(self, para: Any, text: str, lang: str) -> Any:
        return self._lang(para.add_run(xml_text(text)), lang)

    @property
    def title(self) -> str:
        return self.art.title_for(self.opts.side)[0]

    @property
    def _title_is_ja(self) -> bool:
        return self.art.title_for(self.opts.side)[1]

    # -- front matter ------------------------------------------------------------------------------------------
    def front_matter(self) -> None:
        from docx.shared import Pt, RGBColor

        art, opts = self.art, self.opts
        heading = self.doc.add_heading(level=1)
        self.run(heading, self.title, self.ja_lang if self._title_is_ja else self.en_lang)
        if opts.side == "both" and art.title_target:
            subtitle = self.doc.add_paragraph(style="Subtitle")
            self.run(subtitle, art.title_target, self.en_lang)
        counts = ", ".join(f"{n} {k}" for k, n in art.status_counts.items() if n)
        corrected = sum(1 for s in art.segments if s.original is not None)
        comments = sum(len(s.comments) for s in art.segments)
        missing = sum(1 for s in art.segments if s.en is None)
        side = {"both": "Japanese and English side by side", "en": "English only", "ja": "Japanese only"}[opts.side]
        content = "approved translations only" if opts.status == "approved" else "all translations"
        if self.review:
            notes = f"{corrected} source corrections, {comments} reviewer comments (appendix; comments also in margin)"
        else:
            notes = "left out (--no-appendix)"
        rows = [
            ("Project", f"{self.data.name} — {self.data.document_name()}"),
            ("Languages", f"{art.source_lang} → {art.target_lang}"),
            ("Segments", f"{len(art.segments)} in {len(art.blocks)} blocks ({counts})"),
            (
                "Content",
                f"{side}; {content}"
                + (f"; {missing} segments without a publishable translation" if "en" in self.sides else ""),
            ),
            ("Review notes", notes),
            ("Readers' notes", f"{len(art.footnotes)} numbered footnotes (Word footnotes, at the foot of their page)"
             if art.footnotes else "none"),
            ("MT candidates", ", ".join(self.data.candidate_engines()) or "none"),
            ("Exported", f"{art.generated_at:%Y-%m-%d %H:%M} UTC by {self.generator}"),
        ]
        marks: list[tuple[str, str, str]] = []  # (sample, how it is marked, meaning)
        if "ja" in self.sides and corrected:
            marks += [("訂正", "new", "source text corrected in review"), ("原文", "old", "the original it replaces")]
        if "en" in self.sides and missing:
            marks.append(("[untranslated: …]", "missing", "no translation yet"))
            if opts.status == "approved":
                marks.append(("[not approved: …]", "missing", "translation not approved yet"))
        if marks:
            rows.append(("Marks", ""))
        table = self.doc.add_table(rows=0, cols=2)
        self._fit(table, [0.22, 0.78])
        small: list[Any] = []
        for key, value in rows:
            cells = table.add_row().cells
            k = self.run(cells[0].paragraphs[0], key, self.en_lang)
            k.bold = True
            small += [k, self.run(cells[1].paragraphs[0], value, self.en_lang)]
        for i, (sample, how, meaning) in enumerate(marks):
            para = table.rows[-1].cells[1].paragraphs[0]
            run = self.run(para, sample, self.ja_lang if how != "missing" else self.en_lang)
            self._mark(run, how)
            small += [run, self.run(para, f" {meaning}" + ("" if i == len(marks) - 1 else "; "), self.en_lang)]
        for r in small:
            r.font.size = Pt(9)
            if r.font.color.rgb is None:
                r.font.color.rgb = RGBColor(0x3C, 0x43, 0x4A)
        self.doc.add_paragraph().paragraph_format.space_after = Pt(6)  # air between the front matter and the text

    def _mark(self, run: Any, how: str) -> None:
        """``new``: corrected source text (shaded); ``old``: the original it replaced (struck through, grey);
        ``missing``: a placeholder for a translation that is missing or not approved (red on pink)."""
        from docx.shared import RGBColor

        if how == "new":
            self._shade(run, CORRECTED_FILL)
        elif how == "old":
            run.font.strike = True
            run.font.color.rgb = RGBColor.from_string(ORIGINAL_COLOR)
        else:
            self._shade(run, MISSING_FILL)
            run.font.color.rgb = RGBColor.from_string(MISSING_COLOR)

    # -- tables ------------------------------------------------------------------------------------------------
    text_width = A4_TWIPS[0] - 2 * MARGIN_TWIPS
    """The text area's width in twips: every table is exactly this wide."""

    def _fit(self, table: Any, fractions: list[float]) -> list[int]:
        """Fixed layout, the table exactly as wide as the text area, columns in ``fractions`` of it."""
        from docx.shared import Twips

        total = self.text_width
        widths = [int(total * f) for f in fractions]
        widths[-1] = total - sum(widths[:-1])
        tbl_pr = table._tbl.tblPr
        _child(tbl_pr, "tblW", TBLPR_ORDER, w=str(total), type="dxa")
        _child(tbl_pr, "tblLayout", TBLPR_ORDER, type="fixed")
        for col, w in zip(table.columns, widths, strict=True):
            col.width = Twips(w)
        for row in table.rows:  # python-docx gave the rows made with the table equal cell widths (tcW)
            for cell, w in zip(row.cells, widths, strict=True):
                cell.width = Twips(w)
        return widths

    def _cells(self, table: Any, widths: list[int]) -> list[Any]:
        from docx.shared import Twips

        cells = table.add_row().cells
        for cell, w in zip(cells, widths, strict=True):
            cell.width = Twips(w)
        return list(cells)

    @staticmethod
    def _header_row(row: Any) -> None:
        """Repeat ``row`` at the top of every page, never split it, shade it."""
        tr_pr = row._tr.get_or_add_trPr()
        _child(tr_pr, "cantSplit", TRPR_ORDER)
        _child(tr_pr, "tblHeader", TRPR_ORDER)
        for cell in row.cells:
            _child(cell._tc.get_or_add_tcPr(), "shd", TCPR_ORDER, val="clear", color="auto", fill=HEADER_FILL)
            for run in cell.paragraphs[0].runs:
                run.bold = True

    # -- the article -----------------------------------------------------------------------------------------
    def _block_para(self, para: Any, kind: BlockKind, *, in_table: bool) -> None:
        from docx.shared import Pt

        if kind is BlockKind.HEADING:
            para.style = self.doc.styles["Heading 2"]
            if in_table:
                para.paragraph_format.space_before = Pt(2)
        elif kind is BlockKind.LIST_ITEM:
            para.style = self.doc.styles["List Bullet"]
        if in_table:
            para.paragraph_format.space_after = Pt(2)

    def _ja_runs(self, para: Any, b: ArticleBlock) -> dict[str, list[Any]]:
        runs: dict[str, list[Any]] = {}
        for s in b.segments:
            if s.original is None:
                runs[s.key] = [self.run(para, s.ja, self.ja_lang)]
            else:
                runs[s.key] = []
                for how, text in correction_spans(s.original, s.ja):
                    run = self.run(para, text, self.ja_lang)
                    if how != "same":
                        self._mark(run, how)
                    runs[s.key].append(run)
            if s.footnote is not None and self.sides == ["ja"]:
                self._note_ref(para, s.footnote)
            if s.gap_after and s is not b.segments[-1]:
                self.run(para, s.gap_after, self.ja_lang)
        return runs

    def _en_runs(self, para: Any, b: ArticleBlock) -> dict[str, list[Any]]:
        runs: dict[str, list[Any]] = {}
        for i, s in enumerate(b.segments):
            if s.en is None:
                run = self.run(para, s.placeholder, self.en_lang)
                self._mark(run, "missing")
            else:
                run = self.run(para, s.en.strip(), self.en_lang)
            runs[s.key] = [run]
            if s.footnote is not None:
                self._note_ref(para, s.footnote)
            if i < len(b.segments) - 1:
                self.run(para, english_gap(s.gap_after), self.en_lang)
        return runs

    # -- readers' notes ------------------------------------------------------------------------------------------
    # Word footnotes (ECMA-376 Part 1, §17.11): a footnotes part (/word/footnotes.xml) holding the separator (-1),
    # the continuation separator (0) and one w:footnote per note, w:id = the note's number; in the text a
    # superscript run with w:footnoteReference; w:footnotePr in the settings names the two separators, as Word
    # writes it. Word and LibreOffice number them 1, 2, … in order and set them at the foot of their page, and a
    # publisher who edits the document keeps working footnotes.
    def _note_ref(self, para: Any, note: fn.Footnote) -> None:
        """The footnote reference after a segment (a superscript number that Word keeps in sequence)."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        run = self._lang(para.add_run(), self.en_lang)
        _child(run._r.get_or_add_rPr(), "vertAlign", RPR_ORDER, val="superscript")
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(note.number))
        run._r.append(ref)

    def notes(self) -> None:
        """The footnotes part with the text of every readers' note (they are part of the article: also with
        ``--no-appendix``)."""
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml import OxmlElement, parse_xml
        from docx.oxml.ns import nsdecls, qn
        from docx.shared import Pt

        notes = self.art.footnotes
        if not notes:
            return
        root = parse_xml(f"<w:footnotes {nsdecls('w')}/>")
        for kind, nid in (("separator", "-1"), ("continuationSeparator", "0")):
            special = parse_xml(
                f'<w:footnote {nsdecls("w")} w:type="{kind}" w:id="{nid}"><w:p><w:pPr>'
                f'<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p>'
                "</w:footnote>"
            )
            root.append(special)
        for note in notes:
            foot = OxmlElement("w:footnote")
            foot.set(qn("w:id"), str(note.number))
            para = self.doc.add_paragraph()  # built with python-docx's API, then moved into the footnote
            para.paragraph_format.space_after = 0
            mark = self._lang(para.add_run(), self.en_lang)
            _child(mark._r.get_or_add_rPr(), "vertAlign", RPR_ORDER, val="superscript")
            mark._r.append(OxmlElement("w:footnoteRef"))
            self.run(para, " " + note.text, self.en_lang)
            for r in para.runs:
                r.font.size = Pt(9)
            foot.append(para._p)  # (appending moves the paragraph out of the body)
            root.append(foot)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, self.doc.part.package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)
        settings = self.doc.settings.element
        if settings.find(qn("w:footnotePr")) is None:
            pr = parse_xml(f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/>'
                           "</w:footnotePr>")
            compat = settings.find(qn("w:compat"))
            if compat is not None:
                compat.addprevious(pr)
            else:
                settings.append(pr)

    def body(self) -> None:
        anchors: dict[str, list[Any]] = {}
        if len(self.sides) == 2:
            table = self.doc.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            widths = self._fit(table, [0.5, 0.5])
            for cell, side in zip(table.rows[0].cells, self.sides, strict=True):
                lang = self.ja_lang if side == "ja" else self.en_lang
                self.run(cell.paragraphs[0], "日本語" if side == "ja" else "English", lang)
            self._header_row(table.rows[0])
            for b in self.art.blocks:
                ja_cell, en_cell = self._cells(table, widths)
                for cell, render in ((ja_cell, self._ja_runs), (en_cell, self._en_runs)):
                    para = cell.paragraphs[0]
                    self._block_para(para, b.kind, in_table=True)
                    for key, runs in render(para, b).items():
                        anchors.setdefault(key, runs)
        else:
            render = self._ja_runs if self.sides == ["ja"] else self._en_runs
            for b in self.art.blocks:
                para = self.doc.add_paragraph()
                self._block_para(para, b.kind, in_table=False)
                for key, runs in render(para, b).items():
                    anchors.setdefault(key, runs)
        if self.review:
            self._word_comments(anchors)

    def _word_comments(self, anchors: dict[str, list[Any]]) -> None:
        """Each commented segment gets one Word comment (its thread: one paragraph per comment)."""
        for s in self.art.segments:
            if not s.comments or s.key not in anchors:
                continue
            first = s.comments[0]
            comment = self.doc.add_comment(
                anchors[s.key], author=xml_text(first.user), initials=xml_text(first.user[:2])
            )
            comment._comment_elm.date = first.at
            for i, c in enumerate(s.comments):
                para = comment.paragraphs[0] if i == 0 else comment.add_paragraph()
                if i:  # the first comment's author and date are the Word comment's own
                    self.run(para, f"{c.user} ({c.at:%Y-%m-%d %H:%M}): ", self.en_lang)
                self.run(para, c.body, self.en_lang)

    # -- appendix ----------------------------------------------------------------------------------------------
    def appendix(self) -> None:
        from docx.shared import Pt, RGBColor

        corrected = [s for s in self.art.segments if s.original is not None]
        commented = [s for s in self.art.segments if s.comments]
        grey = RGBColor(0x64, 0x69, 0x70)

        def key_line(cell: Any, key: str) -> None:
            para = cell.add_paragraph()
            r = self.run(para, key, self.en_lang)
            r.font.size = Pt(8)
            r.font.color.rgb = grey

        if corrected:
            self.run(self.doc.add_heading(level=2), "Source corrections", self.en_lang)
            table = self.doc.add_table(rows=1, cols=3)
            table.style = "Table Grid"
            widths = self._fit(table, [0.38, 0.38, 0.24])
            for cell, label in zip(table.rows[0].cells, ("Original", "Corrected", "Reason"), strict=True):
                self.run(cell.paragraphs[0], label, self.en_lang)
            self._header_row(table.rows[0])
            for s in corrected:
                orig, new, reason = self._cells(table, widths)
                self.run(orig.paragraphs[0], s.original or "", self.ja_lang).font.strike = True
                self.run(new.paragraphs[0], s.ja, self.ja_lang)
                self.run(reason.paragraphs[0], s.correction_reason or "", self.en_lang)
                key_line(reason, s.key)
        if commented:
            self.run(self.doc.add_heading(level=2), "Reviewer comments", self.en_lang)
            table = self.doc.add_table(rows=1, cols=2)
            table.style = "Table Grid"
            widths = self._fit(table, [0.5, 0.5])
            for cell, label in zip(table.rows[0].cells, ("Segment", "Comments"), strict=True):
                self.run(cell.paragraphs[0], label, self.en_lang)
            self._header_row(table.rows[0])
            for s in commented:
                text, notes = self._cells(table, widths)
                self.run(text.paragraphs[0], s.ja, self.ja_lang)
                if s.en is not None:
                    self.run(text.add_paragraph(), s.en.strip(), self.en_lang)
                key_line(text, s.key)
                for i, c in enumerate(s.comments):
                    para = notes.paragraphs[0] if i == 0 else notes.add_paragraph()
                    self.run(para, c.user, self.en_lang).bold = True
                    self.run(para, f" ({c.at:%Y-%m-%d %H:%M}): ", self.en_lang)
                    self.run(para, c.body, self.en_lang)


class BilingualDocxExporter(Exporter):
    name = "docx"
    extension = ".bilingual.docx"
    description = (
        "Bilingual article as a Word document (A4): ja | en table, or flowing text with --side en/ja; "
        "Heading and List styles, languages tagged, comments as Word comments"
    )

    def render(self, data: ProjectData, out: IO[Any]) -> None:
        writer = _DocxWriter(data)
        writer.setup()
        writer.front_matter()
        writer.body()
        writer.notes()
        if writer.review:
            writer.appendix()
        writer.doc.save(out)
