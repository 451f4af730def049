"""XLIFF 2.0 / 2.1 reader and streaming writer (OASIS XLIFF Version 2.0, 2014; 2.1, 2018 — same namespace).

Reading
    Every ``<segment>`` of every ``<unit>`` (inside ``<group>``s too) is one :class:`BilingualUnit`. A unit
    with one segment keeps the unit id; a unit with several gets ``"unitid#segid"`` (or ``"unitid#n"``, the
    1-based segment number, when the segment has no id). ``<ignorable>`` content is skipped. Unit notes
    (``<notes>``) are copied to each segment; notes with ``category="comment"`` are reviewer comments (author
    in the ``ra:author`` attribute, namespace ``urn:review-app``). Inline markup (``pc``, ``mrk``,
    ``sm``/``em``, ``ph``, ``sc``/``ec``, ``cp``) is flattened; the original XML is kept in metadata, and so
    are ``mtc:matches`` (Translation Candidates module) and ``mda:metadata``.

State mapping (segment ``state`` + ``subState``, XLIFF 2.0 §4.3.1.27)

    ================  ===========================================  ==================================
    review_app        written                                      read back from
    ================  ===========================================  ==================================
    new               initial                                      initial without target
    draft             initial + subState="review-app:draft"        subState review-app:draft, or
                                                                   initial with a target
    translated        translated                                   translated
    reviewed          reviewed                                     reviewed
    approved          final                                        final (also sets ``approved``)
    rejected          translated + subState="review-app:rejected"  subState review-app:rejected
    ================  ===========================================  ==================================

    Unit ids: XLIFF 2 requires ``xs:NMTOKEN`` ids. When a unit id is not an NMTOKEN (spaces, ``#``…), the
    writer uses ``_ra1``, ``_ra2``… and keeps the real id in ``name`` (which the reader prefers), so any id
    round-trips. Units whose ids share a ``"base#seg"`` prefix are written as one unit with several segments.

MQM annotations (``metadata["mqm"]``) are written and read as ITS 2.0 Localization Quality Issue spans
(``<mrk>``/``<sm>``+``<em>`` with ``its:locQualityIssue*``), see :mod:`review_app.formats.its`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
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
    element_text,
    element_xml,
    flatten,
    has_child_elements,
    is_xliff2,
    local_name,
    parse_xml,
    xml_text,
)
from review_app.formats.its import ITS_NS, note_text, parse_note, read_marked, write_marked_text
from review_app.formats.xliff12 import outer_group
from review_app.models import Status

NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
MDA_NS = "urn:oasis:names:tc:xliff:metadata:2.0"
RA_NS = "urn:review-app"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_SPACE = f"{{{XML_NS}}}space"
RA_AUTHOR = f"{{{RA_NS}}}author"
SUBSTATE_PREFIX = "review-app:"

WRITE_STATES: dict[Status, tuple[str, str | None]] = {
    Status.NEW: ("initial", None),
    Status.DRAFT: ("initial", "review-app:draft"),
    Status.TRANSLATED: ("translated", None),
    Status.REVIEWED: ("reviewed", None),
    Status.APPROVED: ("final", None),
    Status.REJECTED: ("translated", "review-app:rejected"),
}
READ_STATES: dict[str, Status] = {
    "translated": Status.TRANSLATED,
    "reviewed": Status.REVIEWED,
    "final": Status.APPROVED,
}
# xs:NMTOKEN, close enough: XML NameChars only (letters, digits, . - _ : and the combining ranges).
NMTOKEN = re.compile(r"^[\w.\-:·\u0300-\u036f\u203f\u2040]+$")


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


class Xliff2Format(BilingualFormat):
    name = "xliff2"
    extensions = (".xlf", ".xliff", ".xlf2")
    description = "XLIFF 2.0 / 2.1"

    @classmethod
    def claims(cls, root: str, attrs: str) -> bool:
        return root == "xliff" and is_xliff2(attrs)

    def read(self, path: str | Path) -> BilingualFile:
        return read_xliff2(path)

    def write(self, bf: BilingualFile, path: str | Path) -> None:
        with atomic_output(path) as fh:
            write_xliff2(fh, bf.units, source_lang=bf.source_lang, target_lang=bf.target_lang, original=bf.original)


def read_xliff2(path: str | Path | bytes, *, name: str | None = None) -> BilingualFile:
    label = name or (str(path) if not isinstance(path, bytes) else "<input>")
    root = parse_xml(path, name=label).getroot()
    if local_name(root) != "xliff":
        raise InputError(f"{label}: line {root.sourceline}: root element is <{local_name(root)}>, not <xliff>")
    version = root.get("version", "")
    if root.tag != _q("xliff") or not version.startswith("2."):
        raise InputError(
            f"{label}: not XLIFF 2.x (version {version!r}, element {root.tag}); XLIFF 1.2 is read by xliff12"
        )
    src_lang = root.get("srcLang")
    tgt_lang = root.get("trgLang")
    if not src_lang:
        raise InputError(f"{label}: <xliff> has no srcLang attribute (required by XLIFF 2)")
    units: list[BilingualUnit] = []
    seen: dict[str, int | None] = {}
    files = root.findall(_q("file"))
    if not files:
        raise InputError(f"{label}: no <file> element")
    for f in files:
        file_translate = f.get("translate", "yes") != "no"
        for u in f.iter(_q("unit")):
            units.extend(_read_unit(u, label, seen, src_lang, tgt_lang, f.get("original"), file_translate))
    return BilingualFile(
        units=units,
        source_lang=src_lang,
        target_lang=tgt_lang,
        original=files[0].get("original") if len(files) == 1 else None,
        metadata={"format": "xliff2", "version": version, "files": [f.get("id") for f in files]},
    )


def _translate_of(el: etree._Element, default: bool) -> bool:
    # translate is inherited from file → group → unit.
    node: etree._Element | None = el
    while node is not None and local_name(node) in ("unit", "group"):
        value = node.get("translate")
        if value is not None:
            return value != "no"
        node = node.getparent()
    return default


def _read_unit(
    u: etree._Element,
    label: str,
    seen: dict[str, int | None],
    src_lang: str,
    tgt_lang: str | None,
    original: str | None,
    file_translate: bool,
) -> Iterator[BilingualUnit]:
    uid = u.get("name") if u.get(f"{{{RA_NS}}}id-in-name") == "yes" else u.get("id")
    if uid is None:
        raise InputError(f"{label}: line {u.sourceline}: <unit> without the required id attribute")
    notes: list[str] = []
    comments: list[UnitComment] = []
    unit_mqm: list[dict[str, Any]] = []
    reader_note: dict[str, Any] | None = None
    notes_el = u.find(_q("notes"))
    if notes_el is not None:
        for n in notes_el.findall(_q("note")):
            text = flatten(n, xliff2=True)
            if not text:
                continue
            if n.get("category") == readers_note.XLIFF2_CATEGORY:
                reader_note = readers_note.make(n.get(readers_note.XLIFF2_KIND), text, n.get(readers_note.XLIFF2_SAID))
            elif n.get("category") == "mqm" and (ann := parse_note(text)) is not None:
                unit_mqm.append(ann)
            elif n.get("category") == "comment":
                comments.append(UnitComment(body=text, author=n.get(RA_AUTHOR)))
            else:
                notes.append(text)
    meta: dict[str, Any] = {"translate": _translate_of(u, file_translate), "file": original, "unit_id": uid}
    if (group := outer_group(u)) is not None:
        meta["group"] = group
    if reader_note is not None:
        meta[readers_note.KEY] = reader_note
    if u.get("name") is not None and u.get(f"{{{RA_NS}}}id-in-name") != "yes":
        meta["name"] = u.get("name")
    matches = []
    for m in u.iter(f"{{{MTC_NS}}}match"):
        ms = m.find(_q("source"))
        mt = m.find(_q("target"))
        matches.append(
            {
                "origin": m.get("origin"),
                "similarity": m.get("similarity"),
                "matchQuality": m.get("matchQuality"),
                "source": flatten(ms, xliff2=True) if ms is not None else None,
                "target": flatten(mt, xliff2=True) if mt is not None else None,
            }
        )
    if matches:
        meta["matches"] = matches
    mda = [
        {"type": g.get("category"), "key": m.get("type"), "value": m.text or ""}
        for g in u.iter(f"{{{MDA_NS}}}metaGroup")
        for m in g.findall(f"{{{MDA_NS}}}meta")
    ]
    if mda:
        meta["mda"] = mda
    segments = u.findall(_q("segment"))
    if not segments:
        raise InputError(f"{label}: line {u.sourceline}: unit {uid!r} has no <segment>")
    multi = len(segments) > 1
    for n, seg in enumerate(segments, start=1):
        seg_id = seg.get("id")
        sid = f"{uid}#{seg_id or n}" if multi else uid
        check_unique_ids(label, seen, sid, seg.sourceline)
        src = seg.find(_q("source"))
        if src is None:
            raise InputError(f"{label}: line {seg.sourceline}: segment of unit {uid!r} has no <source>")
        tgt = seg.find(_q("target"))
        t_text = element_text(tgt, xliff2=True) if tgt is not None else None
        state_attr = seg.get("state")
        sub = seg.get("subState") or ""
        state: Status | None
        if sub == "review-app:draft":
            state = Status.DRAFT
        elif sub == "review-app:rejected":
            state = Status.REJECTED
        elif state_attr in READ_STATES:
            state = READ_STATES[state_attr]
        elif tgt is None:
            state = Status.NEW
        elif state_attr == "initial":
            state = Status.NEW if not (t_text or "").strip() else Status.DRAFT
        else:
            state = None
        smeta = dict(meta)
        if seg_id:
            smeta["segment_id"] = seg_id
        if state_attr:
            smeta["xliff_state"] = state_attr
        if sub:
            smeta["subState"] = sub
        if has_child_elements(src):
            smeta["source_xml"] = element_xml(src)
        if tgt is not None and has_child_elements(tgt):
            smeta["target_xml"] = element_xml(tgt)
        mqm = [*(read_marked(src, "source") if has_child_elements(src) else [])]
        mqm += read_marked(tgt, "target") if tgt is not None and has_child_elements(tgt) else []
        mqm += unit_mqm if n == 1 else []
        if mqm:
            smeta["mqm"] = mqm
        yield BilingualUnit(
            id=sid,
            source=element_text(src, xliff2=True),
            target=t_text,
            state=state,
            approved=state_attr == "final",
            notes=list(notes),
            comments=list(comments),
            source_lang=src_lang,
            target_lang=tgt_lang,
            metadata=smeta,
        )


def _split_id(unit_id: str) -> tuple[str, str] | None:
    base, sep, seg = unit_id.rpartition("#")
    if sep and base and seg and NMTOKEN.match(base) and NMTOKEN.match(seg):
        return base, seg
    return None


def _same_unit(a: BilingualUnit, b: BilingualUnit) -> bool:
    return (a.notes == b.notes and a.comments == b.comments and a.translatable == b.translatable
            and readers_note.note_of(a.metadata) == readers_note.note_of(b.metadata))


def _flush(
    base: str | None, batch: list[BilingualUnit]
) -> Iterator[tuple[str, list[tuple[str | None, BilingualUnit]]]]:
    if len(batch) > 1 and base is not None:
        yield base, [((_split_id(u.id) or ("", ""))[1], u) for u in batch]
    else:
        for u in batch:
            yield u.id, [(None, u)]


def _group_units(units: Iterable[BilingualUnit]) -> Iterator[tuple[str, list[tuple[str | None, BilingualUnit]]]]:
    """Group consecutive ``base#seg`` ids (same notes) into one unit with several segments."""
    base: str | None = None
    batch: list[BilingualUnit] = []
    for u in units:
        split = _split_id(u.id)
        if split and batch and split[0] == base and _same_unit(batch[0], u):
            batch.append(u)
            continue
        yield from _flush(base, batch)
        base = split[0] if split else None
        batch = [u]
    yield from _flush(base, batch)


def _unit_element(uid: str, number: int, segs: list[tuple[str | None, BilingualUnit]]) -> etree._Element:
    with_mqm = any(u.metadata.get("mqm") for _, u in segs)
    nsmap: dict[str | None, str] = {None: NS, "its": ITS_NS, "ra": RA_NS} if with_mqm else {None: NS}
    if any(readers_note.note_of(u.metadata) for _, u in segs):
        nsmap["ra"] = RA_NS
    el = etree.Element(_q("unit"), nsmap=nsmap)
    single = len(segs) == 1 and segs[0][0] is None
    seg_ids_ok = all(s and NMTOKEN.match(s) for s, _ in segs)
    if NMTOKEN.match(uid) and (single or (len(segs) > 1 and seg_ids_ok)):
        el.set("id", uid)
    else:
        # Keep any id losslessly: a generated NMTOKEN id, the real id in name (reader prefers it).
        el.set("id", f"_ra{number}")
        el.set("name", xml_text(uid))
        el.set(f"{{{RA_NS}}}id-in-name", "yes")
    first = segs[0][1]
    if not first.translatable:
        el.set("translate", "no")
    rn = readers_note.note_of(first.metadata)
    if first.notes or first.comments or rn is not None:
        notes = etree.SubElement(el, _q("notes"))
        for text in first.notes:
            etree.SubElement(notes, _q("note")).text = xml_text(text)
        if rn is not None:
            n = etree.SubElement(notes, _q("note"), {"category": readers_note.XLIFF2_CATEGORY})
            n.set(readers_note.XLIFF2_KIND, xml_text(str(rn.get("kind") or "correction")))
            if rn.get("source_said"):
                n.set(readers_note.XLIFF2_SAID, xml_text(str(rn["source_said"])))
            n.text = xml_text(str(rn["text"]))
        for c in first.comments:
            n = etree.SubElement(notes, _q("note"), {"category": "comment", "appliesTo": "target"})
            if c.author:
                n.set(RA_AUTHOR, xml_text(c.author))
            n.text = xml_text(c.body)
    multi = len(segs) > 1
    for n_seg, (seg_id, u) in enumerate(segs, start=1):
        seg = etree.SubElement(el, _q("segment"))
        if multi:
            sid = seg_id if seg_id and NMTOKEN.match(seg_id) and seg_id != str(n_seg) else None
            if sid:
                seg.set("id", sid)
        if u.state is not None:
            state, sub = WRITE_STATES[u.state]
            seg.set("state", state)
            if sub:
                seg.set("subState", sub)
        mqm = u.metadata.get("mqm") or []
        src = etree.SubElement(seg, _q("source"))
        src.set(XML_SPACE, "preserve")
        unplaced = write_marked_text(src, NS, u.source, [a for a in mqm if a["side"] == "source"], prefix=f"q{n_seg}s")
        target_mqm = [a for a in mqm if a["side"] == "target"]
        if u.target is not None:
            tgt = etree.SubElement(seg, _q("target"))
            tgt.set(XML_SPACE, "preserve")
            unplaced += write_marked_text(tgt, NS, u.target, target_mqm, prefix=f"q{n_seg}t")
        else:
            unplaced += target_mqm
        if unplaced:  # MQM spans no longer in the text: kept as notes (its.note_text), read back by the reader
            notes_el = el.find(_q("notes"))
            if notes_el is None:
                notes_el = etree.Element(_q("notes"))
                el.insert(0, notes_el)
            for a in unplaced:
                etree.SubElement(notes_el, _q("note"), {"category": "mqm"}).text = xml_text(note_text(a))
    return el


def write_xliff2(
    out: IO[bytes],
    units: Iterable[BilingualUnit],
    *,
    source_lang: str | None,
    target_lang: str | None,
    original: str | None,
) -> int:
    """Stream an XLIFF 2.0 document to ``out``; returns the number of segments written."""
    n = 0
    attrs = {"version": "2.0", "srcLang": source_lang or "und"}
    if target_lang:
        attrs["trgLang"] = target_lang
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(_q("xliff"), attrs, nsmap={None: NS, "ra": RA_NS, "its": ITS_NS}):
            xf.write("\n")
            file_attrs = {"id": "f1"}
            if original:
                file_attrs["original"] = xml_text(original)
            with xf.element(_q("file"), file_attrs):
                xf.write("\n")
                for number, (uid, segs) in enumerate(_group_units(units), start=1):
                    xf.write(_unit_element(uid, number, segs))
                    xf.write("\n")
                    n += len(segs)
    out.write(b"\n")
    return n
