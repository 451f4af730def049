"""Readers' notes (:mod:`review_app.notes`) in the interchange formats, written and read back.

A unit's note travels in ``BilingualUnit.metadata["readers_note"]`` as ``{"kind", "text", "source_said"}``
(``source_said`` may be ``None``). The files carry it as notes a CAT tool shows and review_app reads back:

=========  ==================================================================================================
XLIFF 1.2  ``<note from="readers-note:KIND">TEXT</note>`` and, when set,
           ``<note from="readers-note:source-said">SOURCE_SAID</note>`` (the strict schema allows no
           extension attributes on ``<note>``, so the kind rides in ``from``)
XLIFF 2.0  ``<note category="readers-note" ra:kind="KIND" ra:sourceSaid="…">TEXT</note>`` (``ra`` =
           ``urn:review-app``; other namespaces' attributes are allowed on ``<note>``)
TMX 1.4b   ``<prop type="x-review-app:readers-note:KIND">TEXT</prop>`` and
           ``<prop type="x-review-app:readers-note-source-said">…</prop>``
CSV, XLSX  columns ``readers_note``, ``readers_note_kind``, ``readers_note_source_said`` (read back from
           ``metadata["columns"]``)
=========  ==================================================================================================
"""

from __future__ import annotations

from typing import Any

KEY = "readers_note"
XLIFF12_FROM = "readers-note:"
XLIFF12_SAID_FROM = "readers-note:source-said"
XLIFF2_CATEGORY = "readers-note"
RA_NS = "urn:review-app"
XLIFF2_KIND = f"{{{RA_NS}}}kind"
XLIFF2_SAID = f"{{{RA_NS}}}sourceSaid"
TMX_PROP = "x-review-app:readers-note:"
TMX_SAID_PROP = "x-review-app:readers-note-source-said"
READERS_NOTE_COLUMNS = ("readers_note", "readers_note_kind", "readers_note_source_said")


def note_of(meta: dict[str, Any]) -> dict[str, Any] | None:
    """The unit's readers' note (``None`` when it has none or an empty one); a CSV/XLSX row's from its columns."""
    note = meta.get(KEY)
    columns = meta.get("columns")
    if note is None and isinstance(columns, dict) and str(columns.get(READERS_NOTE_COLUMNS[0]) or "").strip():
        note = make(columns.get(READERS_NOTE_COLUMNS[1]) or None, str(columns[READERS_NOTE_COLUMNS[0]]),
                    columns.get(READERS_NOTE_COLUMNS[2]) or None)
    if not isinstance(note, dict) or not str(note.get("text") or "").strip():
        return None
    return note


def columns_of(meta: dict[str, Any]) -> dict[str, str]:
    """The CSV/XLSX cells of the unit's readers' note (empty strings when it has none)."""
    note = note_of(meta) or {}
    parts = ("text", "kind", "source_said")
    return {col: str(note.get(part) or "") for col, part in zip(READERS_NOTE_COLUMNS, parts, strict=True)}


def make(kind: str | None, text: str, source_said: str | None) -> dict[str, Any]:
    return {"kind": (kind or "correction"), "text": text, "source_said": source_said or None}


class Collector:
    """Gathers the pieces of one unit's readers' note while a reader walks its notes/props."""

    def __init__(self) -> None:
        self.kind: str | None = None
        self.text: str | None = None
        self.said: str | None = None

    def xliff12(self, from_attr: str | None, text: str) -> bool:
        """Take a ``<note>`` if it is part of a readers' note (then the caller skips it)."""
        if from_attr == XLIFF12_SAID_FROM:
            self.said = text
            return True
        if from_attr and from_attr.startswith(XLIFF12_FROM):
            self.kind, self.text = from_attr[len(XLIFF12_FROM):] or None, text
            return True
        return False

    def tmx(self, prop_type: str, text: str) -> bool:
        if prop_type == TMX_SAID_PROP:
            self.said = text
            return True
        if prop_type.startswith(TMX_PROP):
            self.kind, self.text = prop_type[len(TMX_PROP):] or None, text
            return True
        return False

    def store(self, meta: dict[str, Any]) -> None:
        if self.text:
            meta[KEY] = make(self.kind, self.text, self.said)
