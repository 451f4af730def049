"""WMT test-set XML (WMT21 and later): a source, its references and every submitted system in one file.

The format of the WMT general/news translation task since 2021 (``wmt-conference/wmt-format-tools``; read by
sacrebleu's ``dataset/wmt_xml.py``)::

    <dataset id="wmttest2022">
      <collection id="general">                         (optional: WMT21 puts <doc> directly in <dataset>)
        <doc id="conversational_ja_072" origlang="ja" domain="conversation">
          <src lang="ja"><p><seg id="1">…</seg>…</p>…</src>
          <ref lang="en" translator="A"><p><seg id="1">…</seg>…</p></ref>
          <hyp system="Online-B" lang="en"><p><seg id="1">…</seg>…</p></hyp>
          …

:func:`read_wmt` returns a :class:`WmtTestSet`: the source segments in document order, each with its document
id, domain, original language, ``<p>`` paragraph and segment id, and per reference translator and per system
one text (or ``None`` where the file has none) for every source segment. The texts are the ``<seg>`` contents
exactly (no whitespace cleaning): on the WMT21/22 ja→en files they equal the lines of the published
``src``/``ref``/``hyp`` text files. Documents marked ``testsuite`` are not part of the test set and are left
out (as sacrebleu does); unlike sacrebleu, source segments without a reference are kept (a reviewer needs the
whole document), with ``None`` as their reference.

Refused with the file and line: a root other than ``<dataset>``, a document without exactly one ``<src>``, a
segment without an id or with an id repeated in its document, a reference or system segment whose id is not in
the document's source, two ``<hyp>`` of one system (or two ``<ref>`` of one translator) in one document,
repeated document ids, and more than one source or target language.

:class:`WmtFormat` makes the file readable wherever review_app reads a bilingual file (``compare --reference``,
``qa``, ``convert``): one unit per source segment with the first translator's reference as the target and
the document in ``metadata["document"]``. Writing WMT XML is not supported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from review_app.errors import InputError
from review_app.formats.base import BilingualFile, BilingualFormat, BilingualUnit
from review_app.xmlsafe import parse_xml

_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass(slots=True)
class WmtSegment:
    """One source segment of a WMT test set."""

    document: str
    """The ``<doc id>``."""
    seg: str
    """The ``<seg id>`` (unique within its document)."""
    text: str
    paragraph: int
    """0-based number of the ``<p>`` in the whole test set (paragraphs of different documents differ)."""
    domain: str | None = None
    origlang: str | None = None
    collection: str | None = None

    @property
    def unit_id(self) -> str:
        return f"{self.document}#{self.seg}"


@dataclass(slots=True)
class WmtDocument:
    id: str
    domain: str | None
    origlang: str | None
    collection: str | None
    segments: int


@dataclass(slots=True)
class WmtTestSet:
    path: Path
    id: str
    """The ``<dataset id>``, e.g. ``wmttest2022`` or ``newstest2021``."""
    source_lang: str
    target_lang: str | None
    segments: list[WmtSegment]
    references: dict[str, list[str | None]] = field(default_factory=dict)
    """Translator (``A``, ``B``…; ``""`` when unnamed) → one text per source segment (``None``: none given)."""
    systems: dict[str, list[str | None]] = field(default_factory=dict)
    """System name → one text per source segment (``None`` where the system's output lacks the segment)."""
    skipped_testsuites: int = 0

    @property
    def year(self) -> int | None:
        """The WMT year from the dataset id (``wmttest2022`` → 2022), else from the file name."""
        for text in (self.id, self.path.name):
            m = _YEAR.search(text)
            if m:
                return int(m.group(1))
        return None

    @property
    def campaign(self) -> str:
        """``WMT22`` for a 2022 test set (``WMT`` when the year is unknown)."""
        return f"WMT{self.year % 100:02d}" if self.year else "WMT"

    def documents(self) -> list[WmtDocument]:
        out: dict[str, WmtDocument] = {}
        for s in self.segments:
            d = out.get(s.document)
            if d is None:
                out[s.document] = WmtDocument(s.document, s.domain, s.origlang, s.collection, 1)
            else:
                d.segments += 1
        return list(out.values())

    def reference(self, translator: str | None = None) -> tuple[str, list[str | None]]:
        """``(translator, texts)`` of ``translator`` or of the first one in the file."""
        if not self.references:
            raise InputError(f"{self.path}: the test set has no <ref> translations")
        if translator is None:
            translator = next(iter(self.references))
        if translator not in self.references:
            raise InputError(f"{self.path}: no reference by translator {translator!r}; the file has "
                             + ", ".join(repr(t) for t in self.references))
        return translator, self.references[translator]


def _text(seg: etree._Element) -> str:
    return seg.text or "" if not len(seg) else "".join(seg.itertext())


def _segs(el: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    """``(paragraph number within el, <seg>)`` in document order; segments outside a ``<p>`` count as one."""
    para = -1
    loose = False
    for child in el:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "p":
            para += 1
            for seg in child.iter("seg"):
                yield para, seg
        elif child.tag == "seg":
            if not loose:
                para += 1
                loose = True
            yield para, child


def _seg_id(seg: etree._Element, label: str, doc_id: str) -> str:
    sid = seg.get("id")
    if sid is None or not sid.strip():
        raise InputError(f"{label}: line {seg.sourceline}: a <seg> of document {doc_id!r} has no id")
    return sid.strip()


def read_wmt(path: str | Path) -> WmtTestSet:
    """Read a WMT test-set XML file (see the module docstring)."""
    p = Path(path)
    label = str(p)
    root = parse_xml(p, remove_comments=True).getroot()
    if root.tag != "dataset":
        raise InputError(f"{label}: root element <{root.tag}> is not a WMT test set (<dataset>)")
    ts = WmtTestSet(path=p, id=root.get("id") or p.name, source_lang="", target_lang=None, segments=[])
    src_langs: set[str] = set()
    tgt_langs: set[str] = set()
    seen_docs: dict[str, int | None] = {}
    para_base = 0
    for doc in root.iter("doc"):
        if "testsuite" in doc.attrib:
            ts.skipped_testsuites += 1
            continue
        doc_id = (doc.get("id") or "").strip()
        if not doc_id:
            raise InputError(f"{label}: line {doc.sourceline}: a <doc> has no id")
        if doc_id in seen_docs:
            raise InputError(f"{label}: line {doc.sourceline}: document id {doc_id!r} repeats the one at line "
                             f"{seen_docs[doc_id]}; document ids must be unique")
        seen_docs[doc_id] = doc.sourceline
        parent = doc.getparent()
        collection = parent.get("id") if parent is not None and parent.tag == "collection" else None
        srcs = [c for c in doc if c.tag == "src"]
        if len(srcs) != 1:
            raise InputError(f"{label}: line {doc.sourceline}: document {doc_id!r} has {len(srcs)} <src> "
                             "elements; a WMT document has exactly one")
        src = srcs[0]
        if src.get("lang"):
            src_langs.add(src.get("lang") or "")
        index: dict[str, int] = {}  # seg id → position in ts.segments
        last_para = -1
        for para, seg in _segs(src):
            sid = _seg_id(seg, label, doc_id)
            if sid in index:
                raise InputError(f"{label}: line {seg.sourceline}: segment id {sid!r} repeats in the source of "
                                 f"document {doc_id!r}")
            index[sid] = len(ts.segments)
            ts.segments.append(WmtSegment(document=doc_id, seg=sid, text=_text(seg), paragraph=para_base + para,
                                          domain=doc.get("domain"), origlang=doc.get("origlang"),
                                          collection=collection))
            last_para = para
        para_base += last_para + 1
        for kind, attr, table in (("ref", "translator", ts.references), ("hyp", "system", ts.systems)):
            seen_here: set[str] = set()
            for side in (c for c in doc if c.tag == kind):
                name = (side.get(attr) or "").strip()
                if kind == "hyp" and not name:
                    raise InputError(f"{label}: line {side.sourceline}: a <hyp> of document {doc_id!r} has no "
                                     "system name")
                if name in seen_here:
                    raise InputError(f"{label}: line {side.sourceline}: document {doc_id!r} has two <{kind}> "
                                     f"with {attr}={name!r}")
                seen_here.add(name)
                if side.get("lang"):
                    tgt_langs.add(side.get("lang") or "")
                texts = table.get(name)
                if texts is None:
                    texts = table[name] = [None] * (len(ts.segments) - len(index))
                texts.extend([None] * len(index))
                for _para, seg in _segs(side):
                    sid = _seg_id(seg, label, doc_id)
                    pos = index.get(sid)
                    if pos is None:
                        raise InputError(f"{label}: line {seg.sourceline}: <{kind} {attr}={name!r}> has segment "
                                         f"{sid!r}, which the source of document {doc_id!r} does not have")
                    texts[pos] = _text(seg)
        for table in (ts.references, ts.systems):  # systems absent from this document: None for its segments
            for texts in table.values():
                texts.extend([None] * (len(ts.segments) - len(texts)))
    if not ts.segments:
        raise InputError(f"{label}: the test set has no source segments (<doc><src><seg>)")
    if len(src_langs) > 1:
        raise InputError(f"{label}: more than one source language ({', '.join(sorted(src_langs))}); "
                         "split the file by language pair")
    if len(tgt_langs) > 1:
        raise InputError(f"{label}: more than one target language ({', '.join(sorted(tgt_langs))}); "
                         "split the file by language pair")
    ts.source_lang = next(iter(src_langs), "") or (ts.segments[0].origlang or "")
    ts.target_lang = next(iter(tgt_langs), None)
    return ts


def is_wmt(path: str | Path) -> bool:
    """Whether ``path`` is XML whose root element is ``<dataset>`` (a WMT test set)."""
    from review_app.formats import sniff_xml

    p = Path(path)
    if not p.is_file():
        return False
    sniffed = sniff_xml(p)
    return sniffed is not None and sniffed[0] == "dataset"


class WmtFormat(BilingualFormat):
    """WMT test-set XML, read only: source segments with the first translator's reference as target."""

    name = "wmt"
    extensions = (".xml",)
    description = "WMT test-set XML (read only): source and first reference; systems via init/candidates import"
    writes = False

    @classmethod
    def claims(cls, root: str, attrs: str) -> bool:
        return root == "dataset"

    def read(self, path: str | Path) -> BilingualFile:
        ts = read_wmt(path)
        translator, refs = ts.reference() if ts.references else ("", [None] * len(ts.segments))
        units = [
            BilingualUnit(
                id=s.unit_id,
                source=s.text,
                target=ref,
                source_lang=ts.source_lang or None,
                target_lang=ts.target_lang,
                metadata={"document": s.document, "domain": s.domain, "paragraph": s.paragraph + 1,
                          "wmt_seg": s.seg, "translator": translator or None},
            )
            for s, ref in zip(ts.segments, refs, strict=True)
        ]
        return BilingualFile(units=units, source_lang=ts.source_lang or None, target_lang=ts.target_lang,
                             original=ts.path.name, metadata={"wmt_id": ts.id, "systems": list(ts.systems)})

    def write(self, bf: BilingualFile, path: str | Path) -> None:
        raise InputError(f"{path}: review_app does not write WMT test-set XML; write TMX, XLIFF or CSV instead")


__all__ = ["WmtDocument", "WmtFormat", "WmtSegment", "WmtTestSet", "is_wmt", "read_wmt"]
