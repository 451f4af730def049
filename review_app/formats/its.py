"""MQM error annotations in bilingual files: ITS 2.0 Localization Quality Issue markup and XLIFF 1.2 notes.

XLIFF 2.0 / 2.1
    Each annotation becomes an inline span of the segment's ``<source>`` or ``<target>`` carrying the ITS 2.0
    Localization Quality Issue attributes (W3C "Internationalization Tag Set (ITS) Version 2.0", 2013, §8.15;
    XLIFF 2.1 §5.8 "ITS Module", namespace ``http://www.w3.org/2005/11/its``)::

        <mrk id="q1" type="its:any" its:locQualityIssueType="mistranslation"
             its:locQualityIssueSeverity="60" its:locQualityIssueComment="note"
             ra:mqmCategory="accuracy/mistranslation" ra:mqmSeverity="major">span</mrk>

    Properly nested spans are ``<mrk>`` elements; a span that crosses another one (and an empty span, an
    omission marked at a point) is written as the XLIFF 2 standalone pair
    ``<sm id=… type="its:any" …/>…<em startRef=…/>`` (XLIFF 2.0 §4.1.3.4), so overlapping annotations are
    never lost. The ``ra:`` attributes (``urn:review-app``) keep the exact MQM category and
    severity; a tool that knows only ITS reads the ``its:`` ones.

    ==========================  ====================  ====================  ================
    MQM category (review_app)   locQualityIssueType   MQM severity          ITS severity
    ==========================  ====================  ====================  ================
    accuracy/mistranslation     mistranslation        critical              100
    accuracy/omission           omission              non-translation       100
    accuracy/addition           addition              major                 60
    accuracy/untranslated       untranslated          minor                 20
    fluency/grammar             grammar               minor-punctuation     5
    fluency/spelling            misspelling
    fluency/punctuation         typographical
    terminology                 terminology
    style                       style
    locale-convention           locale-violation
    ==========================  ====================  ====================  ================

    ITS severity is "a decimal from 0 to 100, higher is more severe" (ITS 2.0 §8.15.1); the values above keep
    the order of the MQM weights (25/25/5/1/0.1). Reading a file without ``ra:`` attributes maps back: ITS
    types of the table to their category (others to ``None``, the ITS type kept), severity ≥ 90 critical,
    ≥ 40 major, ≥ 10 minor, else minor-punctuation for typographical issues and minor otherwise.

XLIFF 1.2
    One ``<note from="mqm">`` per annotation (XLIFF 1.2 §2.6.2 ``note``; the strict schema allows no foreign
    inline attributes on ``mrk``), its text ``CATEGORY SEVERITY SIDE[START:END] "SPAN": NOTE`` with the span
    as a JSON string — readable by a person and parsed back exactly by :func:`parse_note`.

Both readers put the annotations in ``BilingualUnit.metadata["mqm"]`` as a list of dicts with the keys
``side``, ``start``, ``end``, ``span``, ``category``, ``severity``, ``note``, ``its_type``, ``its_severity``
(offsets into the flattened unit text, like :class:`review_app.mqm.MqmAnnotation`).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from lxml import etree

from review_app.formats.base import local_name, xml_text

ITS_NS = "http://www.w3.org/2005/11/its"
RA_NS = "urn:review-app"

MQM_TO_ITS_TYPE: dict[str, str] = {
    "accuracy/mistranslation": "mistranslation",
    "accuracy/omission": "omission",
    "accuracy/addition": "addition",
    "accuracy/untranslated": "untranslated",
    "fluency/grammar": "grammar",
    "fluency/spelling": "misspelling",
    "fluency/punctuation": "typographical",
    "terminology": "terminology",
    "style": "style",
    "locale-convention": "locale-violation",
}
ITS_TYPE_TO_MQM: dict[str, str] = {v: k for k, v in MQM_TO_ITS_TYPE.items()}
MQM_TO_ITS_SEVERITY: dict[str, int] = {
    "critical": 100,
    "non-translation": 100,
    "major": 60,
    "minor": 20,
    "minor-punctuation": 5,
}
MQM_NOTE_FROM = "mqm"


def _its(name: str) -> str:
    return f"{{{ITS_NS}}}{name}"


def _ra(name: str) -> str:
    return f"{{{RA_NS}}}{name}"


def its_severity_to_mqm(value: float, its_type: str | None) -> str:
    if value >= 90:
        return "critical"
    if value >= 40:
        return "major"
    if value >= 10:
        return "minor"
    return "minor-punctuation" if its_type == "typographical" else "minor"


def annotation_dict(
    *, side: str, start: int, end: int, span: str, category: str | None, severity: str, note: str
) -> dict[str, Any]:
    """The metadata form of one annotation (see the module docstring)."""
    return {
        "side": side,
        "start": start,
        "end": end,
        "span": span,
        "category": category,
        "severity": severity,
        "note": note,
        "its_type": MQM_TO_ITS_TYPE.get(category or "", "other"),
        "its_severity": MQM_TO_ITS_SEVERITY.get(severity, 50),
    }


def placed(text: str, ann: Mapping[str, Any]) -> tuple[int, int] | None:
    """Where ``ann`` lies in ``text``: its own offsets if the span is still there, else the span's unique
    occurrence (the text was edited after annotating), else ``None``."""
    start, end, span = int(ann["start"]), int(ann["end"]), str(ann.get("span", ""))
    if 0 <= start <= end <= len(text) and text[start:end] == span:
        return start, end
    if span and text.count(span) == 1:
        pos = text.index(span)
        return pos, pos + len(span)
    return None


# -- XLIFF 2 -----------------------------------------------------------------------------------------------------


def _its_attrs(el: etree._Element, ann: Mapping[str, Any]) -> None:
    el.set("type", "its:any")
    el.set(_its("locQualityIssueType"), str(ann.get("its_type") or MQM_TO_ITS_TYPE.get(ann["category"], "other")))
    el.set(_its("locQualityIssueSeverity"), str(ann.get("its_severity") or MQM_TO_ITS_SEVERITY[ann["severity"]]))
    if ann.get("note"):
        el.set(_its("locQualityIssueComment"), xml_text(str(ann["note"])))
    if ann.get("category"):
        el.set(_ra("mqmCategory"), str(ann["category"]))
    el.set(_ra("mqmSeverity"), str(ann["severity"]))


def write_marked_text(parent: etree._Element, ns: str, text: str, spans: Iterable[Mapping[str, Any]],
                      *, prefix: str) -> list[Mapping[str, Any]]:
    """Fill ``parent`` (an XLIFF 2 ``<source>``/``<target>``) with ``text`` and the annotations as ITS spans.

    Returns the annotations that could not be placed (their span is no longer in the text)."""
    items: list[tuple[int, int, Mapping[str, Any]]] = []
    unplaced: list[Mapping[str, Any]] = []
    for ann in spans:
        where = placed(text, ann)
        if where is None:
            unplaced.append(ann)
        else:
            items.append((where[0], where[1], ann))
    items.sort(key=lambda t: (t[0], -t[1]))
    # Laminar spans nest as <mrk>; a span crossing an open one becomes an <sm>/<em> pair.
    nested: list[tuple[int, int, Mapping[str, Any], str]] = []
    markers: list[tuple[int, int, Mapping[str, Any], str]] = []
    stack: list[tuple[int, int]] = []
    for n, (a, b, ann) in enumerate(items, start=1):
        ident = f"{prefix}{n}"
        while stack and stack[-1][1] <= a:
            stack.pop()
        if a == b or (stack and b > stack[-1][1]):  # empty (omission) or crossing: a marker pair
            markers.append((a, b, ann, ident))
        else:
            nested.append((a, b, ann, ident))
            stack.append((a, b))
    # Events at each offset: closes (inner first), then opens (outer first), standalone markers likewise.
    events: list[tuple[int, int, int, str, Any]] = []
    for order, (a, b, ann, ident) in enumerate(nested):
        events.append((a, 1, order, "open", (ann, ident)))
        events.append((b, 0, -order, "close", None))
    for a, b, ann, ident in markers:
        events.append((a, 2, 0, "sm", (ann, ident)))
        events.append((b, 2, 1, "em", ident))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    cursor = 0
    current = parent
    last: etree._Element | None = None  # the node whose text/tail receives the next characters

    def emit(chunk: str) -> None:
        nonlocal last
        if not chunk:
            return
        chunk = xml_text(chunk)
        if last is None:
            current.text = (current.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk

    for pos, _rank, _order, kind, payload in events:
        emit(text[cursor:pos])
        cursor = pos
        if kind == "open":
            ann, ident = payload
            el = etree.SubElement(current, f"{{{ns}}}mrk", {"id": ident})
            _its_attrs(el, ann)
            current, last = el, None
        elif kind == "close":
            closed = current
            parent_el = closed.getparent()
            assert parent_el is not None
            current, last = parent_el, closed
        elif kind == "sm":
            ann, ident = payload
            el = etree.SubElement(current, f"{{{ns}}}sm", {"id": ident})
            _its_attrs(el, ann)
            last = el
        else:
            last = etree.SubElement(current, f"{{{ns}}}em", {"startRef": payload})
    emit(text[cursor:])
    return unplaced


def read_marked(el: etree._Element, side: str) -> list[dict[str, Any]]:
    """The ITS Localization Quality Issue spans of an XLIFF 2 ``<source>``/``<target>`` (offsets into its
    flattened text; only ``<mrk>``, ``<sm>``/``<em>`` and ``<pc>`` are expected inside review text)."""
    out: list[dict[str, Any]] = []
    parts: list[str] = []
    open_sm: dict[str, tuple[int, etree._Element]] = {}

    def record(marker: etree._Element, start: int, end: int) -> None:
        its_type = marker.get(_its("locQualityIssueType"))
        raw_sev = marker.get(_its("locQualityIssueSeverity"))
        if its_type is None and raw_sev is None and marker.get(_its("locQualityIssueComment")) is None:
            return
        try:
            its_sev = float(raw_sev) if raw_sev is not None else 50.0
        except ValueError:
            its_sev = 50.0
        category = marker.get(_ra("mqmCategory")) or ITS_TYPE_TO_MQM.get(its_type or "")
        severity = marker.get(_ra("mqmSeverity")) or its_severity_to_mqm(its_sev, its_type)
        text = "".join(parts)
        out.append(
            {
                "side": side,
                "start": start,
                "end": end,
                "span": text[start:end],
                "category": category,
                "severity": severity,
                "note": marker.get(_its("locQualityIssueComment")) or "",
                "its_type": its_type,
                "its_severity": int(its_sev) if its_sev == int(its_sev) else its_sev,
            }
        )

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                name = local_name(child)
                if name == "mrk":
                    start = len("".join(parts))
                    walk(child)
                    record(child, start, len("".join(parts)))
                elif name == "sm":
                    open_sm[child.get("id", "")] = (len("".join(parts)), child)
                elif name == "em":
                    begun = open_sm.pop(child.get("startRef", ""), None)
                    if begun is not None:
                        record(begun[1], begun[0], len("".join(parts)))
                elif name == "cp":
                    with contextlib.suppress(ValueError, TypeError):
                        parts.append(chr(int(child.get("hex", ""), 16)))
                elif name in ("ph", "sc", "ec"):
                    parts.append(child.get("equiv") or "")
                else:
                    walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    out.sort(key=lambda a: (a["start"], -a["end"]))
    return out


# -- XLIFF 1.2 notes -----------------------------------------------------------------------------------------------

_NOTE = re.compile(
    r'^(?P<category>\S+) (?P<severity>\S+) (?P<side>source|target)\[(?P<start>\d+):(?P<end>\d+)\] '
    r'(?P<span>"(?:[^"\\]|\\.)*")(?:: (?P<note>.*))?$',
    re.DOTALL,
)


def note_text(ann: Mapping[str, Any]) -> str:
    """The text of the XLIFF 1.2 ``<note from="mqm">`` for ``ann``."""
    text = (
        f"{ann.get('category') or 'other'} {ann['severity']} {ann['side']}[{int(ann['start'])}:{int(ann['end'])}] "
        f"{json.dumps(str(ann.get('span', '')), ensure_ascii=False)}"
    )
    return f"{text}: {ann['note']}" if ann.get("note") else text


def parse_note(text: str) -> dict[str, Any] | None:
    """The annotation of a ``<note from="mqm">`` text, or ``None`` when it is not in :func:`note_text` form."""
    m = _NOTE.match(text)
    if not m:
        return None
    try:
        span = json.loads(m.group("span"))
    except ValueError:
        return None
    category = None if m.group("category") == "other" else m.group("category")
    return annotation_dict(
        side=m.group("side"),
        start=int(m.group("start")),
        end=int(m.group("end")),
        span=str(span),
        category=category,
        severity=m.group("severity"),
        note=m.group("note") or "",
    )


__all__ = [
    "ITS_NS",
    "MQM_TO_ITS_SEVERITY",
    "MQM_TO_ITS_TYPE",
    "annotation_dict",
    "note_text",
    "parse_note",
    "placed",
    "read_marked",
    "write_marked_text",
]
