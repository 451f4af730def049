"""XLIFF 1.2 reader and streaming writer (OASIS XLIFF Version 1.2, 2008; SDLXLIFF extensions read).

Reading
    Every ``<trans-unit>`` of every ``<file>`` (inside ``<group>``s too) in document order. A unit whose
    ``<seg-source>`` holds ``<mrk mtype="seg">`` segments (Okapi, Trados) yields one unit per segment with id
    ``"unitid#mid"`` and the target ``mrk`` of the same ``mid``. Unit ids are unique per ``<file>`` in the
    standard; when several ``<file>``s reuse an id (Xcode exports do), every id is qualified as
    ``"original::id"``. ``translate="no"`` units are kept with ``metadata["translate"] = False``. Inline
    markup is flattened (see :func:`~review_app.formats.base.flatten`); the original XML is kept in
    ``metadata["source_xml"]``/``["target_xml"]``. ``alt-trans`` and ``context-group`` go to metadata.

State mapping (``state`` attribute of ``<target>``, XLIFF 1.2 §2.5.1; SDL ``conf`` for SDLXLIFF)

    ============================  =================  ==========================================
    XLIFF 1.2 read                review_app Status  written for that Status
    ============================  =================  ==========================================
    new                           new                state="new"
    needs-translation,            draft              state="needs-translation"
    needs-adaptation, needs-l10n
    translated, needs-review-*    translated         state="translated"
    signed-off                    reviewed           state="signed-off"
    final                         approved           state="final" approved="yes"
    state-qualifier="rejected-*"  rejected           state="needs-translation"
                                                     state-qualifier="rejected-inaccurate"
    ============================  =================  ==========================================

    ``approved="yes"`` is read into :attr:`BilingualUnit.approved` independently of ``state`` (OmegaT's
    fixture combines it with needs-review; the unit then has state *translated* and ``approved=True``).
    A unit without ``<target>`` (or with an empty one and no ``state``) has state *new*.
    Notes: ``<note annotates="target">`` are reviewer comments (author in ``from``; that is how the writer
    stores comments); ``<note from="mqm">`` in the form of :func:`review_app.formats.its.note_text` are MQM
    annotations (``metadata["mqm"]``); every other non-empty ``<note>`` is a note.
"""

from __future__ import annotations

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
    write_lines,
    xml_text,
)
from review_app.formats.its import MQM_NOTE_FROM, note_text, parse_note
from review_app.models import Status
from review_app.xmlsafe import MAX_XML_BYTES

NS = "urn:oasis:names:tc:xliff:document:1.2"
SDL_NS = "http://sdl.com/FileTypes/SdlXliff/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_SPACE = f"{{{XML_NS}}}space"

READ_STATES: dict[str, Status] = {
    "new": Status.NEW,
    "needs-translation": Status.DRAFT,
    "needs-adaptation": Status.DRAFT,
    "needs-l10n": Status.DRAFT,
    "translated": Status.TRANSLATED,
    "needs-review-translation": Status.TRANSLATED,
    "needs-review-adaptation": Status.TRANSLATED,
    "needs-review-l10n": Status.TRANSLATED,
    "signed-off": Status.REVIEWED,
    "final": Status.APPROVED,
}
WRITE_STATES: dict[Status, tuple[str, str | None]] = {
    Status.NEW: ("new", None),
    Status.DRAFT: ("needs-translation", None),
    Status.TRANSLATED: ("translated", None),
    Status.REVIEWED: ("signed-off", None),
    Status.APPROVED: ("final", None),
    Status.REJECTED: ("needs-translation", "rejected-inaccurate"),
}
# SDLXLIFF <sdl:seg conf="…"> (Trados Studio confirmation levels).
SDL_CONF: dict[str, Status] = {
    "Draft": Status.DRAFT,
    "Translated": Status.TRANSLATED,
    "ApprovedTranslation": Status.REVIEWED,
    "ApprovedSignOff": Status.APPROVED,
    "RejectedTranslation": Status.REJECTED,
    "RejectedSignOff": Status.REJECTED,
}


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def map_state(state: str | None, qualifier: str | None = None) -> Status | None:
    if qualifier and qualifier.startswith("rejected-"):
        return Status.REJECTED
    if not state:
        return None
    return READ_STATES.get(state)


class Xliff12Format(BilingualFormat):
    name = "xliff12"
    extensions = (".xlf", ".xliff", ".sdlxliff")
    description = "XLIFF 1.2 (also SDLXLIFF)"

    @classmethod
    def claims(cls, root: str, attrs: str) -> bool:
        return root == "xliff" and not is_xliff2(attrs)

    def read(self, path: str | Path) -> BilingualFile:
        return read_xliff12(path)

    def write(self, bf: BilingualFile, path: str | Path) -> None:
        with atomic_output(path) as fh:
            write_xliff12(fh, bf.units, source_lang=bf.source_lang, target_lang=bf.target_lang, original=bf.original)


def _ns_of(root: etree._Element) -> str:
    tag = root.tag if isinstance(root.tag, str) else ""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def read_xliff12(path: str | Path | bytes, *, name: str | None = None) -> BilingualFile:
    label = name or (str(path) if not isinstance(path, bytes) else "<input>")
    if not isinstance(path, bytes):
        streamed = _read_streaming(Path(path), label)
        if streamed is not None:
            return streamed
    tree = parse_xml(path, name=label)
    root = tree.getroot()
    ns = _ns_of(root)
    version = root.get("version", "")
    if local_name(root) != "xliff":
        raise InputError(f"{label}: line {root.sourceline}: root element is <{local_name(root)}>, not <xliff>")
    if version.startswith("2") or ns.startswith("urn:oasis:names:tc:xliff:document:2"):
        raise InputError(f"{label}: this is XLIFF {version or '2.x'}; it is read by the xliff2 format")
    if ns not in (NS, "") and not ns.startswith("urn:oasis:names:tc:xliff:document:1."):
        raise InputError(f"{label}: unexpected XLIFF namespace {ns!r}; expected {NS}")

    def q(tag: str) -> str:
        return f"{{{ns}}}{tag}" if ns else tag

    files = root.findall(q("file"))
    if not files:
        raise InputError(f"{label}: no <file> element; not an XLIFF 1.2 document")
    per_file: list[tuple[dict[str, str | None], list[BilingualUnit]]] = []
    for f in files:
        units: list[BilingualUnit] = []
        seen: dict[str, int | None] = {}
        src_lang = f.get("source-language")
        tgt_lang = f.get("target-language")
        for tu in f.iter(q("trans-unit")):
            units.extend(_read_unit(tu, q, label, seen, src_lang, tgt_lang, f.get("original")))
        per_file.append(({k: f.get(k) for k in ("original", "source-language", "target-language", "datatype")},
                         units))
    return _joined(per_file, [attrs for attrs, _ in per_file], label)


def _joined(per_file: list[tuple[dict[str, str | None], list[BilingualUnit]]], files: list[dict[str, str | None]],
            label: str) -> BilingualFile:
    """The units of every ``<file>`` (``per_file``: its attributes and units) as one document; ids are qualified
    with the file's ``original`` (``original::id``) only when two files share an id."""
    all_ids = [u.id for _, units in per_file for u in units]
    qualify = len(files) > 1 and len(set(all_ids)) != len(all_ids)
    out: list[BilingualUnit] = []
    for attrs, units in per_file:
        for u in units:
            if qualify:
                u.id = f"{attrs['original'] or ''}::{u.id}"
            out.append(u)
    first = files[0]
    return BilingualFile(
        units=out,
        source_lang=first["source-language"],
        target_lang=first["target-language"],
        original=first["original"] if len(files) == 1 else (Path(label).name if label else None),
        metadata={"format": "xliff12", "files": files},
    )


STREAM_MIN_BYTES = 1 << 20
"""Files from this size on are read with ``iterparse`` (each ``<trans-unit>`` dropped once read), so a
100k-unit file never holds its whole tree: the tree of a 47 MB XLIFF costs ~220 MB, more than its units."""
_PROLOG_BYTES = 65536
_PARSER_OPTIONS: dict[str, Any] = {  # exactly review_app.xmlsafe's parser
    "resolve_entities": False, "no_network": True, "load_dtd": False, "dtd_validation": False,
    "huge_tree": False, "remove_blank_text": False, "strip_cdata": True, "remove_comments": False,
    "remove_pis": False}


class StreamFallback(Exception):
    """Raised by :func:`iter_units_streaming` when the file must be read by the checked full-tree path."""


def _read_streaming(path: Path, label: str) -> BilingualFile | None:
    """The streaming reading of a large, plain XLIFF 1.2 file, or None to take the checked full-tree path.

    Units, ids and metadata are those of the full-tree reader (see :func:`iter_units_streaming`).
    """
    per_file: list[tuple[dict[str, str | None], list[BilingualUnit]]] = []
    try:
        for attrs, unit in iter_units_streaming(path, label):
            if not per_file or per_file[-1][0] is not attrs:
                per_file.append((attrs, []))
            per_file[-1][1].append(unit)
    except (StreamFallback, InputError):
        return None  # the full-tree reading reports it (a broken file's first error may come later)
    files = file_attributes(per_file[-1][0]) if per_file else []
    if not files:
        return None
    return _joined(per_file, files, label)


def file_attributes(attrs: dict[str, Any]) -> list[dict[str, str | None]]:
    """All ``<file>`` attribute tables of the document, from any table :func:`iter_units_streaming` yielded."""
    files: list[dict[str, str | None]] = attrs["*files*"]
    return [{k: v for k, v in f.items() if k != "*files*"} for f in files]


def iter_units_streaming(path: Path, label: str) -> Iterator[tuple[dict[str, Any], BilingualUnit]]:
    """``(file attributes, unit)`` for every unit of a large, plain XLIFF 1.2 file, in document order, reading
    it with ``iterparse`` and dropping each ``<trans-unit>`` once read.

    Ids are not yet qualified with the file's ``original`` (the full reader does it when several ``<file>``s
    share an id; the caller must do the same). Only files without a DOCTYPE (no entity can be declared) are
    streamed; anything unusual — a DOCTYPE, an entity node, a syntax error, a root or namespace the full reader
    refuses, no ``<file>`` — raises :class:`StreamFallback` (possibly after some units), and the file must be
    read with :func:`read_xliff12`'s checked full-tree path, which gives the usual checks and error messages.
    """
    try:
        if not path.is_file() or not STREAM_MIN_BYTES <= path.stat().st_size <= MAX_XML_BYTES:
            raise StreamFallback
        with path.open("rb") as fh:
            head = fh.read(_PROLOG_BYTES)
    except OSError:
        raise StreamFallback from None
    root_at = head.find(b"<xliff")
    if root_at < 0 or b"<!DOCTYPE" in head[:root_at] or b"<!ENTITY" in head:
        raise StreamFallback
    files: list[dict[str, Any]] = []
    with path.open("rb") as source:  # closed even when the caller abandons the iteration or it falls back
        yield from _iterparse_units(source, label, files)
    if not files:
        raise StreamFallback


def _iterparse_units(source: IO[bytes], label: str, files: list[dict[str, Any]]
                     ) -> Iterator[tuple[dict[str, Any], BilingualUnit]]:
    try:
        root: etree._Element | None = None
        q: Any = None
        tu_tag = ""
        file_tag = ""
        in_file = in_unit = False
        seen: dict[str, int | None] = {}
        attrs: dict[str, Any] = {}
        # events for these three elements only; without a DOCTYPE an undefined entity is a syntax error
        for event, el in etree.iterparse(source, events=("start", "end"),
                                         tag=("{*}xliff", "{*}file", "{*}trans-unit"), **_PARSER_OPTIONS):
            if root is None:
                if event != "start" or el.getparent() is not None:
                    raise StreamFallback  # the root is not <xliff>
                root = el
                ns = _ns_of(root)
                version = root.get("version", "")
                if version.startswith("2") or ns.startswith("urn:oasis:names:tc:xliff:document:2") or (
                        ns not in (NS, "") and not ns.startswith("urn:oasis:names:tc:xliff:document:1.")):
                    raise StreamFallback

                def q(tag: str, ns: str = ns) -> str:
                    return f"{{{ns}}}{tag}" if ns else tag

                tu_tag, file_tag = q("trans-unit"), q("file")
                continue
            if event == "start":
                if el.tag == file_tag and el.getparent() is root:
                    in_file = True
                    seen = {}
                    attrs = {k: el.get(k) for k in ("original", "source-language", "target-language", "datatype")}
                    attrs["*files*"] = files
                    files.append(attrs)
                elif el.tag == tu_tag and in_file:
                    if in_unit:
                        raise StreamFallback  # a trans-unit inside a trans-unit: the full reader's order
                    in_unit = True
                continue
            if el.tag == file_tag and el.getparent() is root:
                in_file = False
            elif el.tag == tu_tag and in_file:
                in_unit = False
                for unit in _read_unit(el, q, label, seen, attrs["source-language"], attrs["target-language"],
                                       attrs["original"]):
                    yield attrs, unit
                el.clear(keep_tail=True)  # the unit is read: drop its subtree and the units before it
                while el.getprevious() is not None:
                    del el.getparent()[0]
    except (etree.XMLSyntaxError, ValueError):
        raise StreamFallback from None


def outer_group(unit: etree._Element) -> str | None:
    """The outermost ``<group>`` around ``unit`` inside its ``<file>`` (XLIFF 1.2 and 2.x): its ``id`` (else its
    ``resname``/``name``, else ``line N``), or None outside any group. QA's ``group`` document scope reads it."""
    outer = None
    node = unit.getparent()
    while node is not None and local_name(node) != "file":
        if local_name(node) == "group":
            outer = node
        node = node.getparent()
    if outer is None:
        return None
    return outer.get("id") or outer.get("resname") or outer.get("name") or f"line {outer.sourceline}"


def _read_unit(
    tu: etree._Element,
    q: Any,
    label: str,
    seen: dict[str, int | None],
    src_lang: str | None,
    tgt_lang: str | None,
    original: str | None,
) -> Iterator[BilingualUnit]:
    uid = tu.get("id")
    if uid is None:
        raise InputError(f"{label}: line {tu.sourceline}: <trans-unit> without the required id attribute")
    # The common unit is <source> and <target> holding plain text and nothing else: one look at the children
    # tells, and then none of the searches for notes, alternatives, contexts and segmentation is needed.
    s_tag, t_tag = q("source"), q("target")
    source = target = None
    plain = True
    for child in tu:
        tag = child.tag
        if tag == s_tag and source is None and not len(child):
            source = child
        elif tag == t_tag and target is None and not len(child):
            target = child
        else:
            plain = False
            break
    if not plain:
        source = tu.find(s_tag)
        target = tu.find(t_tag)
    if source is None:
        raise InputError(f"{label}: line {tu.sourceline}: trans-unit {uid!r} has no <source>")
    approved = tu.get("approved") == "yes"
    notes: list[str] = []
    comments: list[UnitComment] = []
    mqm: list[dict[str, Any]] = []
    reader_note = readers_note.Collector()
    for n in (() if plain else tu.findall(q("note"))):
        text = flatten(n)
        if not text:  # an empty <note/> (Xcode writes them) carries nothing
            continue
        if reader_note.xliff12(n.get("from"), text):
            continue  # part of a readers' note (review_app.formats.readers_note)
        if n.get("from") == MQM_NOTE_FROM and n.get("annotates") != "target" and (ann := parse_note(text)):
            mqm.append(ann)  # an MQM annotation (review_app.formats.its), not a free-text note
        elif n.get("annotates") == "target":
            comments.append(UnitComment(body=text, author=n.get("from") or None))
        else:
            notes.append(text)
    meta: dict[str, Any] = {"translate": tu.get("translate", "yes") != "no", "file": original}
    if (group := outer_group(tu)) is not None:
        meta["group"] = group
    if mqm:
        meta["mqm"] = mqm
    reader_note.store(meta)
    for attr in ("resname", "restype", "datatype", "extype"):
        if tu.get(attr) is not None:
            meta[attr] = tu.get(attr)
    space = tu.get(XML_SPACE)
    if space:
        meta["xml:space"] = space
    alts = []
    for alt in (() if plain else tu.findall(q("alt-trans"))):
        a_src = alt.find(q("source"))
        a_tgt = alt.find(q("target"))
        alts.append(
            {
                "origin": alt.get("origin"),
                "match-quality": alt.get("match-quality"),
                "source": flatten(a_src) if a_src is not None else None,
                "target": flatten(a_tgt) if a_tgt is not None else None,
            }
        )
    if alts:
        meta["alt_trans"] = alts
    contexts = [
        {"context-type": c.get("context-type"), "text": c.text or ""}
        for cg in (() if plain else tu.findall(q("context-group")))
        for c in cg.findall(q("context"))
    ]
    if contexts:
        meta["context"] = contexts
    s_lang = source.get(XML_LANG) or src_lang
    t_lang = (target.get(XML_LANG) if target is not None else None) or tgt_lang
    state_attr = target.get("state") if target is not None else None
    qualifier = target.get("state-qualifier") if target is not None else None
    if state_attr:
        meta["xliff_state"] = state_attr
    if qualifier:
        meta["state-qualifier"] = qualifier

    sdl_confs: dict[str, str] = {}
    for seg in (() if plain else tu.iter(f"{{{SDL_NS}}}seg")):
        if seg.get("id") and seg.get("conf"):
            sdl_confs[seg.get("id", "")] = seg.get("conf", "")

    seg_source = None if plain else tu.find(q("seg-source"))
    seg_mrks = [m for m in seg_source.iter(q("mrk")) if m.get("mtype") == "seg"] if seg_source is not None else []
    if seg_mrks:
        tgt_by_mid: dict[str, etree._Element] = {}
        if target is not None:
            for m in target.iter(q("mrk")):
                if m.get("mtype") == "seg" and m.get("mid") is not None:
                    tgt_by_mid.setdefault(m.get("mid", ""), m)
        for m in seg_mrks:
            mid = m.get("mid")
            if mid is None:
                raise InputError(f'{label}: line {m.sourceline}: <mrk mtype="seg"> without mid in unit {uid!r}')
            sid = f"{uid}#{mid}"
            check_unique_ids(label, seen, sid, m.sourceline)
            t_el = tgt_by_mid.get(mid)
            t_text = element_text(t_el) if t_el is not None else None
            state = map_state(state_attr, qualifier)
            if mid in sdl_confs and sdl_confs[mid] in SDL_CONF and t_text:
                state = SDL_CONF[sdl_confs[mid]]
                meta_seg = {**meta, "sdl_conf": sdl_confs[mid]}
            else:
                meta_seg = dict(meta)
            if t_el is None or (state is None and not t_text):
                state = Status.NEW if not t_text else state
            meta_seg["unit_id"] = uid
            meta_seg["segment_id"] = mid
            if has_child_elements(m):
                meta_seg["source_xml"] = element_xml(m)
            if t_el is not None and has_child_elements(t_el):
                meta_seg["target_xml"] = element_xml(t_el)
            yield BilingualUnit(
                id=sid,
                source=element_text(m),
                target=t_text,
                state=state,
                approved=approved,
                notes=list(notes),
                comments=list(comments),
                source_lang=s_lang,
                target_lang=t_lang,
                metadata=meta_seg,
            )
        return

    check_unique_ids(label, seen, uid, tu.sourceline)
    if has_child_elements(source):
        meta["source_xml"] = element_xml(source)
    t_text = None
    if target is not None:
        t_text = element_text(target)
        if has_child_elements(target):
            meta["target_xml"] = element_xml(target)
    state = map_state(state_attr, qualifier) if target is not None else Status.NEW
    if state is None and not t_text:  # an empty <target/> without a state: nothing translated yet
        state = Status.NEW
    yield BilingualUnit(
        id=uid,
        source=element_text(source),
        target=t_text,
        state=state,
        approved=approved,
        notes=notes,
        comments=comments,
        source_lang=s_lang,
        target_lang=t_lang,
        metadata=meta,
    )


def unit_element(u: BilingualUnit, source_lang: str | None, target_lang: str | None) -> etree._Element:
    """One ``<trans-unit>`` for ``u`` (text sanitised with :func:`xml_text`)."""
    tu = etree.Element(_q("trans-unit"), nsmap={None: NS})
    tu.set("id", xml_text(u.id))
    tu.set(XML_SPACE, "preserve")
    if u.approved or u.state is Status.APPROVED:
        tu.set("approved", "yes")
    if not u.translatable:
        tu.set("translate", "no")
    src = etree.SubElement(tu, _q("source"))
    if source_lang or u.source_lang:
        src.set(XML_LANG, u.source_lang or source_lang or "")
    src.text = xml_text(u.source)
    if u.target is not None or (u.state is not None and u.state is not Status.NEW):
        tgt = etree.SubElement(tu, _q("target"))
        if target_lang or u.target_lang:
            tgt.set(XML_LANG, u.target_lang or target_lang or "")
        if u.state is not None:
            state, qualifier = WRITE_STATES[u.state]
            tgt.set("state", state)
            if qualifier:
                tgt.set("state-qualifier", qualifier)
        tgt.text = xml_text(u.target or "")
    for n in u.notes:
        note = etree.SubElement(tu, _q("note"))
        note.text = xml_text(n)
    for a in u.metadata.get("mqm") or []:
        etree.SubElement(tu, _q("note"), {"from": MQM_NOTE_FROM}).text = xml_text(note_text(a))
    if (rn := readers_note.note_of(u.metadata)) is not None:
        kind = xml_text(str(rn.get("kind") or "correction"))
        etree.SubElement(tu, _q("note"), {"from": readers_note.XLIFF12_FROM + kind}).text = xml_text(str(rn["text"]))
        if rn.get("source_said"):
            said = etree.SubElement(tu, _q("note"), {"from": readers_note.XLIFF12_SAID_FROM})
            said.text = xml_text(str(rn["source_said"]))
    for c in u.comments:
        note = etree.SubElement(tu, _q("note"))
        if c.author:
            note.set("from", xml_text(c.author))
        note.set("annotates", "target")
        note.text = xml_text(c.body)
    return tu


def write_xliff12(
    out: IO[bytes],
    units: Iterable[BilingualUnit],
    *,
    source_lang: str | None,
    target_lang: str | None,
    original: str | None,
    tool: str = "review_app",
) -> int:
    """Stream an XLIFF 1.2 document (one ``<file>``) to ``out``; returns the number of units written."""
    with etree.xmlfile(out, encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(_q("xliff"), {"version": "1.2"}, nsmap={None: NS}):
            xf.write("\n")
            file_attrs = {
                "original": xml_text(original or "review_app"),
                "source-language": source_lang or "und",
                "datatype": "plaintext",
            }
            if target_lang:
                file_attrs["target-language"] = target_lang
            with xf.element(_q("file"), file_attrs):
                header = etree.Element(_q("header"), nsmap={None: NS})
                etree.SubElement(header, _q("tool"), {"tool-id": tool, "tool-name": tool})
                xf.write(header)
                with xf.element(_q("body")):
                    n = write_lines(xf, (unit_element(u, source_lang, target_lang) for u in units))
    out.write(b"\n")
    return n
