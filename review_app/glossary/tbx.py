"""TBX reading and writing (ISO 30042: TBX 2008 ``martif`` / TBX-Basic, and TBX v3 ``<tbx>`` DCA style).

Reading
    Both dialects are read into the same :class:`~review_app.glossary.model.Glossary`:
    ``martif/text/body/termEntry/langSet/(tig|ntig/termGrp)/term`` (TBX 2008, LISA TBX-Basic) and
    ``tbx/text/body/conceptEntry/langSec/termSec/term`` (TBX v3, namespace ``urn:iso:std:iso:30042:ed-2``,
    DCA style). ``termNote type="administrativeStatus"`` gives the status (``supersededTerm-admn-sts`` is read
    as forbidden), ``partOfSpeech`` and ``termType`` are kept, ``descrip type="definition"`` becomes the
    concept definition (the first found: concept level, then language level), ``descrip type="context"`` the
    term context, ``note`` the note. Notes starting with ``review_app:`` carry the flags TBX-Basic has no data
    category for (see :mod:`review_app.glossary.model`). Transactions, cross-references and graphics are not
    part of the model and are dropped.

Safety
    XML is parsed with lxml with ``resolve_entities=False``, ``no_network=True``, ``load_dtd=False`` and
    ``huge_tree=False``. A document that declares entities in its DOCTYPE (billion laughs, XXE through a
    file or URL) or that uses an entity it does not define (an external DTD it expects us to fetch) is
    rejected with an :class:`~review_app.errors.InputError` naming the file. A bare ``<!DOCTYPE martif SYSTEM
    "TBXcoreStructV02.dtd">`` is accepted: the DTD is never loaded.

Writing
    :func:`write_tbx` writes TBX-Basic ``martif`` (TBX 2008), one ``termEntry`` per concept, one ``tig`` per
    term, holding everything the model holds, so ``read_tbx(write_tbx(g)) == g``.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from lxml import etree

from review_app import xmlsafe
from review_app.errors import InputError
from review_app.formats.base import atomic_output
from review_app.glossary.model import (
    Concept,
    ConceptType,
    Glossary,
    Term,
    TermStatus,
    clean_line,
    norm_lang,
)
from review_app.textio import read_bytes

TBX3_NS = "urn:iso:std:iso:30042:ed-2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FLAG_PREFIX = "review_app:"


def parse_xml_safely(data: bytes, name: str) -> Any:
    """Parse ``data`` with the shared safe-XML policy (:mod:`review_app.xmlsafe`); returns the root element."""
    return xmlsafe.parse_xml(data, name=name, remove_comments=True).getroot()


def _local(tag: Any) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _children(el: Any, name: str) -> list[Any]:
    return [c for c in el if _local(c.tag) == name]


def _text(el: Any) -> str:
    """Text content with inline markup flattened and whitespace runs collapsed (TBX pretty-printing)."""
    return clean_line("".join(el.itertext()))


def _lang_of(el: Any) -> str | None:
    return el.get(XML_LANG) or el.get("lang")


class _ConceptBuilder:
    def __init__(self, cid: str) -> None:
        self.cid = cid
        self.type = ConceptType.OTHER
        self.definition = ""
        self.notes: list[str] = []
        self.subject = ""
        self.single = False
        self.terms: list[Term] = []

    def take_note(self, text: str) -> None:
        if text.startswith(FLAG_PREFIX):
            key, _, value = text[len(FLAG_PREFIX) :].partition("=")
            if key == "type":
                self.type = ConceptType.parse(value)
                return
            if key == "single-rendering":
                self.single = True
                return
            if key == "note":
                self.notes.append(value)
                return
        self.notes.append(text)

    def build(self) -> Concept:
        return Concept(
            id=self.cid, type=self.type, terms=tuple(self.terms), definition=self.definition,
            note="\n".join(self.notes), subject=self.subject, single_rendering=self.single,
        )


def _read_concept_level(el: Any, b: _ConceptBuilder) -> None:
    """descrip/note/admin elements directly under a concept or language section (descripGrp unwrapped)."""
    for child in el:
        name = _local(child.tag)
        if name == "descripGrp":
            _read_concept_level(child, b)
        elif name == "descrip":
            kind = child.get("type", "")
            if kind == "definition" and not b.definition:
                b.definition = _text(child)
            elif kind == "subjectField" and not b.subject:
                b.subject = _text(child)
        elif name == "note" and child.getparent() is el:
            b.take_note(_text(child))


def _read_term(holder: Any, lang: str, term_el: Any) -> Term:
    """``holder`` is the tig / termGrp / termSec that contains ``term_el`` and its termNotes."""
    fields: dict[str, Any] = {"status": TermStatus.ADMITTED}
    notes: list[str] = []
    contexts: list[str] = []

    def visit(el: Any) -> None:
        for child in el:
            name = _local(child.tag)
            if name in ("termGrp", "descripGrp"):
                visit(child)
            elif name == "termNote":
                kind = child.get("type", "")
                value = _text(child)
                if kind == "administrativeStatus":
                    try:
                        fields["status"] = TermStatus.parse(value)
                    except ValueError:
                        fields["status"] = TermStatus.ADMITTED
                elif kind == "partOfSpeech":
                    fields["part_of_speech"] = value
                elif kind == "termType":
                    fields["term_type"] = value
            elif name == "descrip" and child.get("type") == "context":
                contexts.append(_text(child))
            elif name == "note":
                text = _text(child)
                if text.startswith(FLAG_PREFIX):
                    key, sep, value = text[len(FLAG_PREFIX) :].partition("=")
                    if key == "case-sensitive":
                        fields["case_sensitive"] = True
                        continue
                    if key == "do-not-translate":
                        fields["do_not_translate"] = True
                        continue
                    if key == "non-canonical":
                        fields["non_canonical"] = True
                        continue
                    if key == "first-mention" and sep:
                        fields["first_mention"] = value
                        continue
                    if key == "note" and sep:
                        notes.append(value)
                        continue
                notes.append(text)

    visit(holder)
    return Term(text=_text(term_el), lang=lang, note="\n".join(notes), context="\n".join(contexts), **fields)


def read_tbx(source: str | Path | bytes | IO[bytes], *, name: str | None = None) -> Glossary:
    """Read a TBX 2008 (``martif``) or TBX v3 (``tbx``) file into a :class:`Glossary`."""
    if isinstance(source, bytes):
        data, label = source, name or "<tbx bytes>"
    elif isinstance(source, (str, Path)):
        path = Path(source)
        label = name or str(path)
        data = read_bytes(path, "glossary", label=label)
    else:
        data, label = source.read(), name or str(getattr(source, "name", "<tbx stream>"))
    root = parse_xml_safely(data, label)
    root_name = _local(root.tag)
    if root_name not in ("martif", "tbx"):
        raise InputError(f"{label}: not a TBX file: the root element is <{root_name}>, expected <martif> "
                         "(TBX 2008 / TBX-Basic) or <tbx> (TBX v3)")
    body = None
    for text_el in _children(root, "text"):
        for b in _children(text_el, "body"):
            body = b
    if body is None:
        raise InputError(f"{label}: TBX file without <text><body>; nothing to read")
    default_lang = _lang_of(root) or "en"
    glossary_name = ""
    version = ""
    description = ""
    for header in (*_children(root, "martifHeader"), *_children(root, "tbxHeader")):
        for fd in _children(header, "fileDesc"):
            for ts in _children(fd, "titleStmt"):
                for t in _children(ts, "title"):
                    glossary_name = _text(t)
                for n in _children(ts, "note"):
                    description = _text(n)
            for ps in _children(fd, "publicationStmt"):
                for p in _children(ps, "p"):
                    if p.get("type") == "version":
                        version = _text(p)
    declared: tuple[str, str] | None = None
    for header in (*_children(root, "martifHeader"), *_children(root, "tbxHeader")):
        for fd in _children(header, "fileDesc"):
            for sd in _children(fd, "sourceDesc"):
                for p in _children(sd, "p"):
                    if p.get("type") == "languages":
                        langs = _text(p).split()
                        if len(langs) == 2:
                            declared = (langs[0], langs[1])
    concepts: list[Concept] = []
    seen: set[str] = set()
    for n, entry in enumerate(body, start=1):
        ename = _local(entry.tag)
        if ename not in ("termEntry", "conceptEntry"):
            continue
        cid = entry.get("id") or f"c{n}"
        if cid in seen:
            raise InputError(f"{label}: concept id {cid!r} occurs twice (entry {n}); ids must be unique")
        seen.add(cid)
        b = _ConceptBuilder(cid)
        _read_concept_level(entry, b)
        for ls in entry:
            if _local(ls.tag) not in ("langSet", "langSec"):
                continue
            lang = _lang_of(ls) or default_lang
            _read_concept_level(ls, b)
            for holder in ls:
                hname = _local(holder.tag)
                if hname in ("tig", "termSec"):
                    term_els = _children(holder, "term")
                elif hname == "ntig":
                    term_els = [t for g in _children(holder, "termGrp") for t in _children(g, "term")]
                else:
                    continue
                for term_el in term_els:
                    if not _text(term_el):
                        continue
                    try:
                        b.terms.append(_read_term(holder, lang, term_el))
                    except ValueError as exc:
                        raise InputError(f"{label}: concept {cid!r}: {exc}") from None
        try:
            concepts.append(b.build())
        except ValueError as exc:
            raise InputError(f"{label}: concept {cid!r}: {exc}") from None
    if declared is None:
        # Other tools' files: the source is the root's xml:lang, the target the first other language.
        src = norm_lang(default_lang)
        others = [lang for c in concepts for lang in c.languages if lang != src]
        declared = (src, others[0] if others else ("en" if src != "en" else "ja"))
    try:
        return Glossary(concepts=tuple(concepts), name=glossary_name, version=version, description=description,
                        source_lang=norm_lang(declared[0]), target_lang=norm_lang(declared[1]))
    except ValueError as exc:
        raise InputError(f"{label}: {exc}") from None


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    el = etree.SubElement(parent, tag, {k.replace("_", ":") if k == "xml_lang" else k: v for k, v in attrs.items()})
    if text is not None:
        el.text = _xml_safe(text)
    return el


def _xml_safe(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (control characters other than tab/newline/CR)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or (ord(ch) >= 0x20 and ch not in "\ufffe\uffff"))


def _escape_note(line: str) -> str:
    return f"{FLAG_PREFIX}note={line}" if line.startswith(FLAG_PREFIX) else line


def to_tbx_bytes(glossary: Glossary) -> bytes:
    """Serialise ``glossary`` as TBX-Basic (TBX 2008 ``martif``), UTF-8, pretty-printed."""
    root = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: glossary.source_lang})
    header = _sub(root, "martifHeader")
    fd = _sub(header, "fileDesc")
    ts = _sub(fd, "titleStmt")
    _sub(ts, "title", glossary.name)
    if glossary.description:
        _sub(ts, "note", glossary.description)
    ps = _sub(fd, "publicationStmt")
    _sub(ps, "p", glossary.version, type="version")
    sd = _sub(fd, "sourceDesc")
    _sub(sd, "p", f"{glossary.source_lang} {glossary.target_lang}", type="languages")
    ed = _sub(header, "encodingDesc")
    _sub(ed, "p", "TBXBasicXCSV02.xcs", type="XCSURI")
    body = _sub(_sub(root, "text"), "body")
    for c in glossary.concepts:
        entry = _sub(body, "termEntry", id=c.id)
        if c.subject:
            _sub(entry, "descrip", c.subject, type="subjectField")
        if c.definition:
            _sub(entry, "descrip", c.definition, type="definition")
        _sub(entry, "note", f"{FLAG_PREFIX}type={c.type.value}")
        if c.single_rendering:
            _sub(entry, "note", f"{FLAG_PREFIX}single-rendering")
        for line in c.note.splitlines():
            _sub(entry, "note", _escape_note(line))
        ls = None
        for t in c.terms:
            # One langSet per run of same-language terms keeps the model's term order exactly.
            if ls is None or ls.get(XML_LANG) != t.lang:
                ls = etree.SubElement(entry, "langSet", {XML_LANG: t.lang})
            tig = _sub(ls, "tig")
            _sub(tig, "term", t.text)
            _sub(tig, "termNote", t.status.tbx, type="administrativeStatus")
            if t.part_of_speech:
                _sub(tig, "termNote", t.part_of_speech, type="partOfSpeech")
            if t.term_type:
                _sub(tig, "termNote", t.term_type, type="termType")
            if t.context:
                _sub(tig, "descrip", t.context, type="context")
            if t.case_sensitive:
                _sub(tig, "note", f"{FLAG_PREFIX}case-sensitive")
            if t.do_not_translate:
                _sub(tig, "note", f"{FLAG_PREFIX}do-not-translate")
            if t.non_canonical:
                _sub(tig, "note", f"{FLAG_PREFIX}non-canonical")
            if t.first_mention:
                _sub(tig, "note", f"{FLAG_PREFIX}first-mention={t.first_mention}")
            for line in t.note.splitlines():
                _sub(tig, "note", _escape_note(line))
    etree.indent(root, space="  ")
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return out


def write_tbx(glossary: Glossary, path: str | Path) -> None:
    """Write ``glossary`` to ``path`` atomically (:func:`review_app.formats.base.atomic_output`)."""
    with atomic_output(Path(path)) as fh:
        fh.write(to_tbx_bytes(glossary))
