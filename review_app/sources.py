"""What ``review-app init`` imports: a source file turned into a :class:`Document`, per-segment metadata and,
for a WMT test set, the candidates that come with it.

Segmentation (``init --segmentation``)
    ``sentence`` (default)
        :func:`review_app.segment.parse_document`: lines are blocks, blocks are split into sentences.
    ``line``
        Text that is already segmented (one segment a line, as in sacrebleu/WMT ``src`` files): every line is
        one segment of its own block, never split or merged, blank lines included (line N is segment N, so
        line-aligned translations import by line number). Leading whitespace goes to the block prefix,
        trailing whitespace to the segment's gap, so the rebuilt file is byte-identical (BOM, CRLF, final
        newline). Only LF ends a line, as for :mod:`review_app.formats.lines`.
    WMT test-set XML (detected from the ``<dataset>`` root element)
        The file's own ``<seg>`` are the segments and its ``<p>`` the blocks; each segment's metadata holds its
        document id, domain, original language and WMT segment id (``document``, ``domain``, ``origlang``,
        ``wmt_seg``). The rebuilt source is the line-aligned source text (one segment a line, like the
        organisers' ``src`` file). Every reference translator and every system become candidates with their
        provenance (system name, campaign and year, "submitted to WMT22"), in the same transaction as the
        source. See :mod:`review_app.formats.wmt`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review_app.errors import InputError
from review_app.models import Block, BlockKind, Document, Segment

SEGMENTATIONS = ("sentence", "line")
_LINE_BREAK = re.compile(r"(\r?\n)")
_HUMAN_SYSTEM = re.compile(r"^(human|ref)([-_.]|$)", re.IGNORECASE)


@dataclass(slots=True)
class ImportCandidate:
    """A candidate that arrives with the source (a WMT reference or system output)."""

    segment: int
    """0-based index of the segment in the document."""
    engine: str
    text: str
    provenance: dict[str, Any]


@dataclass(slots=True)
class SourceImport:
    document: Document
    segmentation: str
    meta: list[dict[str, Any] | None] = field(default_factory=list)
    """Per segment (document order): metadata stored with it (``document``, ``domain``, …) or None."""
    candidates: list[ImportCandidate] = field(default_factory=list)
    source_lang: str | None = None
    """The language the file declares (WMT), else None."""
    target_lang: str | None = None
    summary: str = ""
    """One line on what came with the source (WMT: documents, references, systems)."""


def parse_lines(text: str, *, name: str = "") -> Document:
    """One segment (and one block) per line; ``parse_lines(t).rebuild() == t`` for any ``t``."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    parts = _LINE_BREAK.split(text[len(bom) :])
    # parts = [line, ending, line, ending, …, line]; a final empty "line" after the last ending is not a line
    lines = parts[0::2]
    endings = parts[1::2]
    trailer = ""
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
        trailer = endings.pop()
    blocks: list[Block] = []
    sep = ""
    for i, line in enumerate(lines):
        indent_len = len(line) - len(line.lstrip())
        content = line[indent_len:]
        body = content.rstrip()
        seg = Segment(key="", text=body, gap_after=content[len(body) :])
        blocks.append(Block(kind=BlockKind.PARAGRAPH, segments=[seg], sep_before=sep, prefix=line[:indent_len]))
        sep = endings[i] if i < len(endings) else ""
    _number(blocks)
    return Document(blocks=blocks, bom=bom, trailer=trailer, name=name)


def _number(blocks: list[Block]) -> None:
    from review_app.segment import _number as number_segments

    number_segments(blocks)


def read_source(
    path: str | Path, *, segmentation: str | None = None, lang: str = "ja", encoding: str | None = None
) -> SourceImport:
    """Read ``path`` for a new project (see the module docstring; ``segmentation`` defaults to ``sentence``)."""
    from review_app.formats.wmt import is_wmt
    from review_app.segment import parse_document
    from review_app.textio import read_text

    p = Path(path)
    if segmentation is not None and segmentation not in SEGMENTATIONS:
        raise InputError(f"--segmentation {segmentation!r}: use one of {', '.join(SEGMENTATIONS)}")
    if is_wmt(p):
        if segmentation == "sentence":
            raise InputError(f"{p}: a WMT test set is already segmented (its <seg> elements); leave out "
                             "--segmentation sentence")
        return read_wmt_source(p)
    text = read_text(p, encoding=encoding)
    if not text.strip():
        raise InputError(f"{p}: the file is empty; nothing to review")
    if segmentation == "line":
        doc = parse_lines(text, name=p.name)
        return SourceImport(doc, "line", meta=[None] * len(doc.segments))
    doc = parse_document(text, lang=lang, name=p.name)
    return SourceImport(doc, "sentence", meta=[None] * len(doc.segments))


def read_wmt_source(path: Path) -> SourceImport:
    """A WMT test set as a project source, with its references and systems as candidates."""
    from review_app.formats.wmt import read_wmt

    ts = read_wmt(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    blocks: list[Block] = []
    meta: list[dict[str, Any] | None] = []
    for s in ts.segments:
        seg = Segment(key="", text=s.text)
        if blocks and blocks[-1].index == s.paragraph:
            blocks[-1].segments[-1].gap_after = "\n"
            blocks[-1].segments.append(seg)
        else:
            blocks.append(Block(kind=BlockKind.PARAGRAPH, segments=[seg], sep_before="\n" if blocks else "",
                                index=s.paragraph))
        meta.append({k: v for k, v in (("document", s.document), ("domain", s.domain), ("origlang", s.origlang),
                                       ("collection", s.collection), ("wmt_seg", s.seg)) if v is not None})
    _number(blocks)
    doc = Document(blocks=blocks, trailer="\n", name=path.name)
    common = {"test_set": ts.id, "campaign": ts.campaign, "year": ts.year, "file": path.name, "file_sha256": sha,
              "engine_run": False, "billed_characters": 0, "glossary": None, "matched_by": "wmt-segment-id"}
    cands: list[ImportCandidate] = []
    ref_names: list[str] = []
    for n, (translator, texts) in enumerate(ts.references.items()):
        engine = "reference" if n == 0 else f"reference-{translator or n + 1}"
        ref_names.append(engine)
        prov = {"kind": "human-reference", "engine": engine, "translator": translator or None,
                "by": f"professional translator {translator!r} engaged by the {ts.campaign} organisers"
                if translator else f"a professional translator engaged by the {ts.campaign} organisers",
                "how": f"the official reference of the {ts.campaign} test set {ts.id}", **common}
        cands.extend(ImportCandidate(i, engine, t, prov) for i, t in enumerate(texts) if t is not None)
    missing: dict[str, int] = {}
    for system, texts in ts.systems.items():
        human = bool(_HUMAN_SYSTEM.match(system))
        prov = {"kind": "human-translation" if human else "machine-translation", "engine": system,
                "system": system, "how": f"submitted to {ts.campaign} by its team; output taken from the "
                f"organisers' test-set file {path.name}", **common}
        cands.extend(ImportCandidate(i, system, t, prov) for i, t in enumerate(texts) if t is not None)
        if (gap := sum(t is None for t in texts)):
            missing[system] = gap
    docs = ts.documents()
    domains = sorted({d.domain for d in docs if d.domain})
    summary = (f"{ts.campaign} test set {ts.id}: {len(docs)} documents"
               + (f" ({', '.join(domains)})" if domains else "")
               + f", references: {', '.join(ref_names) or 'none'}, {len(ts.systems)} systems as candidates")
    if missing:
        summary += "; segments without output: " + ", ".join(f"{k} {v}" for k, v in missing.items())
    if ts.skipped_testsuites:
        summary += f"; {ts.skipped_testsuites} test-suite documents left out"
    return SourceImport(doc, "wmt", meta=meta, candidates=cands, source_lang=ts.source_lang or None,
                        target_lang=ts.target_lang, summary=summary)


__all__ = ["SEGMENTATIONS", "ImportCandidate", "SourceImport", "parse_lines", "read_source", "read_wmt_source"]
