"""TMX reader (1.1, 1.2, 1.4b) and streaming TMX 1.4b writer (LISA OSCAR Translation Memory eXchange 1.4b, 2004).

Reading
    One :class:`BilingualUnit` per ``<tu>``. The source ``<tuv>`` is the one whose language matches the
    header's ``srclang`` (case-insensitively, also by primary subtag), else the first one; the target is the
    first other ``<tuv>``; further languages go to ``metadata["other_targets"]`` (and are written back as
    ``<tuv>`` elements). TMX 1.1 writes ``lang=``
    instead of ``xml:lang`` (OmegaT ``project_save.tmx``); both are accepted. The id is ``tuid``, else the
    1-based position of the ``<tu>``. ``<bpt>/<ept>/<ph>/<it>/<ut>`` hold native codes and are dropped from
    the review text (``<sub>`` and ``<hi>`` text is kept); the original ``<seg>`` XML goes to metadata.

    ``<tu>`` notes are notes; ``<prop>`` elements go to ``metadata["props"]`` except the review_app ones:
    ``x-review-app:status`` (a :class:`~review_app.models.Status` value), ``x-review-app:approved`` and
    ``x-review-app:comment`` (the author in ``o-`` free text is not allowed on prop, so the comment author is
    written as the ``x-review-app:comment:AUTHOR`` type). Dates and user ids of ``tu``/target ``tuv`` go to
    metadata (``creationdate``, ``changedate``, ``creationid``, ``changeid``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from lxml import etree

from review_app.errors import InputError
from review_app.formats import readers_note
from review_app.formats.base import (
    BilingualFile,
    BilingualFormat,
    BilingualUnit,
    UnitComment,
    atomic_output,
    check_unique_ids,
    element_xml,
    flatten,
    has_child_elements,
    iso_date,
    local_name,
    parse_xml,
    utc_now,
    write_lines,
    xml_text,
)
from review_app.models import Status

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
P_STATUS = "x-review-app:status"
P_APPROVED = "x-review-app:approved"
P_COMMENT = "x-review-app:comment"
DATE_ATTRS = ("creationdate", "changedate", "creationid", "changeid")


class TmxFormat(BilingualFormat):
    name = "tmx"
    extensions = (".tmx",)
    description = "TMX 1.4b (reads 1.1 too)"

    @classmethod
    def claims(cls, root: str, attrs: str) -> bool:
        return root == "tmx"

    def read(self, path: str | Path) -> BilingualFile:
        return read_tmx(path)

    def write(self, bf: BilingualFile, path: str | Path) -> None:
        with atomic_output(path) as fh:
            write_tmx(fh, bf.units, source_lang=bf.source_lang or "und", target_lang=bf.target_lang)


def tm_skip_reason(u: BilingualUnit) -> str | None:
    """Why ``u`` does not belong in a translation memory (``None``: it does): ``review-app convert`` to TMX leaves
    out the units marked ``translate="no"`` and those without source text (tag-only units of a CAT tool's
    file), which would otherwise become TUs with an empty ``<seg>``."""
    if not u.translatable:
        return 'marked translate="no"'
    if not xml_text(u.source).strip():
        return "without text (only tags or whitespace)"
    return None


def _lang(tuv: etree._Element) -> str:
    return tuv.get(XML_LANG) or tuv.get("lang") or ""


def _lang_matches(lang: str, wanted: str) -> bool:
    a, b = lang.lower(), wanted.lower()
    return a == b or a.split("-")[0] == b.split("-")[0]


def read_tmx(path: str | Path | bytes, *, name: str | None = None) -> BilingualFile:
    label = name or (str(path) if not isinstance(path, bytes) else "<input>")
    root = parse_xml(path, name=label).getroot()
    if local_name(root) != "tmx" or (isinstance(root.tag, str) and root.tag.startswith("{")):
        raise InputError(f"{label}: line {root.sourceline}: root element is <{root.tag}>, not <tmx>")
    header = root.find("header")
    body = root.find("body")
    if header is None or body is None:
        raise InputError(f"{label}: a TMX document needs <header> and <body>")
    srclang = header.get("srclang") or ""
    all_langs = srclang.lower() in ("", "*all*")
    units: list[BilingualUnit] = []
    seen: dict[str, int | None] = {}
    target_lang: str | None = None
    source_lang: str | None = None if all_langs else srclang
    for pos, tu in enumerate(body.iter("tu"), start=1):
        tuvs = tu.findall("tuv")
        if not tuvs:
            raise InputError(f"{label}: line {tu.sourceline}: <tu> without any <tuv>")
        for tuv in tuvs:
            if not _lang(tuv):
                raise InputError(f"{label}: line {tuv.sourceline}: <tuv> without xml:lang (or TMX 1.1 lang)")
            if tuv.find("seg") is None:
                raise InputError(f"{label}: line {tuv.sourceline}: <tuv> without <seg>")
        src_tuv = tuvs[0]
        if not all_langs:
            src_tuv = next((t for t in tuvs if _lang_matches(_lang(t), srclang)), tuvs[0])
        others = [t for t in tuvs if t is not src_tuv]
        tgt_tuv = others[0] if others else None
        uid = tu.get("tuid") or str(pos)
        check_unique_ids(label, seen, uid, tu.sourceline)
        meta: dict[str, Any] = {}
        for attr in DATE_ATTRS:
            value = (tgt_tuv.get(attr) if tgt_tuv is not None else None) or tu.get(attr)
            if value:
                meta[attr] = value
        state: Status | None = None
        approved = False
        comments: list[UnitComment] = []
        props: list[tuple[str, str]] = []
        reader_note = readers_note.Collector()
        for p in tu.findall("prop"):
            ptype, text = p.get("type") or "", p.text or ""
            if reader_note.tmx(ptype, text):
                continue  # part of a readers' note (review_app.formats.readers_note)
            if ptype == P_STATUS:
                try:
                    state = Status(text.strip())
                except ValueError as exc:
                    raise InputError(
                        f"{label}: line {p.sourceline}: unknown status {text!r}; "
                        f"expected one of {', '.join(s.value for s in Status)}"
                    ) from exc
            elif ptype == P_APPROVED:
                approved = text.strip() == "yes"
            elif ptype == P_COMMENT or ptype.startswith(P_COMMENT + ":"):
                author = ptype[len(P_COMMENT) + 1 :] or None
                comments.append(UnitComment(body=text, author=author))
            else:
                props.append((ptype, text))
        if props:
            meta["props"] = props
        reader_note.store(meta)
        src_seg = src_tuv.find("seg")
        assert src_seg is not None
        if has_child_elements(src_seg):
            meta["source_xml"] = element_xml(src_seg)
        target: str | None = None
        if tgt_tuv is not None:
            tseg = tgt_tuv.find("seg")
            assert tseg is not None
            target = flatten(tseg)
            if has_child_elements(tseg):
                meta["target_xml"] = element_xml(tseg)
            target_lang = target_lang or _lang(tgt_tuv)
        if len(others) > 1:
            meta["other_targets"] = {_lang(t): flatten(t.find("seg")) for t in others[1:]}
        tuv_notes = [flatten(n) for t in tuvs for n in t.findall("note")]
        if tuv_notes:
            meta["tuv_notes"] = tuv_notes
        if state is None and target is None:
            state = Status.NEW
        source_lang = source_lang or _lang(src_tuv)
        units.append(
            BilingualUnit(
                id=uid,
                source=flatten(src_seg),
                target=target,
                state=state,
                approved=approved,
                notes=[flatten(n) for n in tu.findall("note")],
                comments=comments,
                source_lang=_lang(src_tuv),
                target_lang=_lang(tgt_tuv) if tgt_tuv is not None else None,
                metadata=meta,
            )
        )
    return BilingualFile(
        units=units,
        source_lang=source_lang,
        target_lang=target_lang,
        original=Path(label).name,
        metadata={"format": "tmx", "version": root.get("version"), "creationtool": header.get("creationtool")},
    )


def _date(value: Any) -> str | None:
    if isinstance(value, datetime):
        return iso_date(value)
    return str(value) if value else None


def tu_element(u: BilingualUnit, source_lang: str, target_lang: str | None) -> etree._Element:
    tu = etree.Element("tu", {"tuid": xml_text(u.id)})
    for attr in DATE_ATTRS:
        value = _date(u.metadata.get(attr))
        if value:
            tu.set(attr, xml_text(value))
    for text in u.notes:
        etree.SubElement(tu, "note").text = xml_text(text)
    for ptype, text in u.metadata.get("props", ()):  # other tools' <prop>s (and ours) survive a round trip
        etree.SubElement(tu, "prop", {"type": xml_text(ptype)}).text = xml_text(text)
    if u.state is not None:
        etree.SubElement(tu, "prop", {"type": P_STATUS}).text = u.state.value
    if u.approved:
        etree.SubElement(tu, "prop", {"type": P_APPROVED}).text = "yes"
    for c in u.comments:
        ptype = f"{P_COMMENT}:{xml_text(c.author)}" if c.author else P_COMMENT
        etree.SubElement(tu, "prop", {"type": ptype}).text = xml_text(c.body)
    if (rn := readers_note.note_of(u.metadata)) is not None:
        ptype = readers_note.TMX_PROP + xml_text(str(rn.get("kind") or "correction"))
        etree.SubElement(tu, "prop", {"type": ptype}).text = xml_text(str(rn["text"]))
        if rn.get("source_said"):
            etree.SubElement(tu, "prop", {"type": readers_note.TMX_SAID_PROP}).text = xml_text(str(rn["source_said"]))
    src = etree.SubElement(tu, "tuv", {XML_LANG: u.source_lang or source_lang})
    etree.SubElement(src, "seg").text = xml_text(u.source)
    if u.target:  # no target, or an empty one: no <tuv> (an empty <seg> would be a "translation" into nothing)
        tgt = etree.SubElement(tu, "tuv", {XML_LANG: u.target_lang or target_lang or "und"})
        etree.SubElement(tgt, "seg").text = xml_text(u.target)
    for lang, text in dict(u.metadata.get("other_targets") or {}).items():  # a third language is kept
        if lang and text:
            extra = etree.SubElement(tu, "tuv", {XML_LANG: xml_text(str(lang))})
            etree.SubElement(extra, "seg").text = xml_text(str(text))
    return tu


def write_tmx(
    out: IO[bytes],
    units: Iterable[BilingualUnit],
    *,
    source_lang: str,
    target_lang: str | None,
    tool: str = "review_app",
    tool_version: str = "0.1.0",
) -> int:
    """Stream a TMX 1.4b document to ``out``; returns the number of ``<tu>`` written."""
    header = etree.Element(
        "header",
        {
            "creationtool": tool,
            "creationtoolversion": tool_version,
            "segtype": "sentence",
            "o-tmf": tool,
            "adminlang": "en",
            "srclang": source_lang,
            "datatype": "plaintext",
            "creationdate": iso_date(utc_now()) or "",
        },
    )
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", {"version": "1.4"}):
            xf.write("\n")
            xf.write(header)
            xf.write("\n")
            with xf.element("body"):
                n = write_lines(xf, (tu_element(u, source_lang, target_lang) for u in units))
    out.write(b"\n")
    return n
