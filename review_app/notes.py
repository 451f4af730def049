"""Readers' notes: a per-segment note for the *readers* of the published article (not an internal comment).

A readers' note says what a reader of the translation should know about one sentence: most often that the
translation corrects a factual slip of the source (kind ``correction``: "Corrected: the source says June 4.
Musk posted on June 3, 2025 (U.S. time)…"), or context the sentence needs (``context``), or that a quotation's
wording could not be checked against the speaker's recorded words (``unverified``). The article exports render
them as numbered footnotes (:func:`footnotes`, :func:`footnote_text`); XLIFF and TMX carry them as notes.

Internal review talk stays in comments; a readers' note is published text, so setting one needs the
``readers_note`` permission (reviewer, admin) and every change is revisioned (fields ``note``, ``note_kind``,
``note_source_said`` in ``revisions``) with optimistic locking on the note's own version.

The import file (``review-app notes import PROJECT FILE``; the shipped one is
``corpus/musk-trump/readers-notes.json``) is specified in ``docs/readers-notes.md``; :func:`load_notes_file`
reads and validates it, :func:`resolve_entries` finds each entry's segment.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from review_app.errors import InputError

FILE_FORMAT = "review_app-readers-notes"
FILE_VERSION = 1
KINDS: dict[str, str] = {
    "correction": "Corrected",
    "context": "",
    "unverified": "Unverified quotation",
}
"""Kind → the label a footnote starts with ("" for none), in the order the app offers them."""
DEFAULT_KIND = "correction"
MAX_NOTE = 5_000
"""Characters of a note's text (and of ``source_said``): a footnote, not an essay."""
ENTRY_FIELDS = frozenset({"segment", "source", "contains", "index", "kind", "text", "source_said"})
LOCATORS = ("segment", "source", "contains")
_END_PUNCT = tuple(".!?。！？”’\"')」』）)")


@dataclass(frozen=True, slots=True)
class NoteContent:
    """What a readers' note says: its kind, its text and (optionally) what the source said."""

    kind: str
    text: str
    source_said: str | None = None

    @property
    def footnote(self) -> str:
        return footnote_text(self.kind, self.text, self.source_said)


@dataclass(frozen=True, slots=True)
class NoteEntry:
    """One entry of a readers' notes file, before it is matched to a segment."""

    number: int
    """0-based position in the file's ``notes`` list (error messages say ``notes[N]``)."""
    content: NoteContent
    segment: str | None = None
    source: str | None = None
    contains: str | None = None
    index: int | None = None

    def label(self, file: str) -> str:
        hint = self.segment or self.contains or (self.source or "")[:30]
        return f"{file}: notes[{self.number}]" + (f" ({hint})" if hint else "")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def clean_content(kind: str | None, text: str, source_said: str | None, *, where: str) -> NoteContent:
    """Validate and normalise a note (kind known, text non-empty, no NUL, within :data:`MAX_NOTE`)."""
    kind = (kind or DEFAULT_KIND).strip().lower()
    if kind not in KINDS:
        raise InputError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    values: list[str] = []
    for name, value in (("text", text), ("source_said", source_said or "")):
        if "\x00" in value:
            raise InputError(f"{where}: the {name} contains a NUL character; remove it")
        if len(value) > MAX_NOTE:
            raise InputError(f"{where}: the {name} is {len(value):,} characters; the limit is {MAX_NOTE:,}")
        values.append(" ".join(value.split()))  # one line: a footnote has no layout of its own
    if not values[0]:
        raise InputError(f"{where}: the note text is empty; write what readers should know (or remove the note)")
    return NoteContent(kind, values[0], values[1] or None)


def footnote_text(kind: str, text: str, source_said: str | None = None) -> str:
    """The footnote as readers see it: ``Corrected: the source says June 4. Musk posted on June 3…``.

    A ``correction`` with ``source_said`` names what the source said; other kinds start with their label
    (:data:`KINDS`), ``context`` with none.
    """
    label = KINDS.get(kind, "")
    lead = ""
    if source_said:
        said = source_said.strip()
        lead = f"the source says {said}" + ("" if said.endswith(_END_PUNCT) else ".") + " "
    body = lead + text.strip()
    if label:
        return f"{label}: {body}"
    return body[:1].upper() + body[1:] if lead else body


# -- the import file ---------------------------------------------------------------------------------------------


def _str_field(raw: Mapping[str, Any], name: str, where: str) -> str | None:
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: {name!r} must be a string, not {type(value).__name__}")
    value = _nfc(value)
    return value or None


def parse_notes(data: Any, *, file: str = "readers notes") -> list[NoteEntry]:
    """Validate a decoded readers' notes file (see ``docs/readers-notes.md``) and return its entries."""
    if not isinstance(data, dict):
        raise InputError(f"{file}: expected a JSON object with \"format\": \"{FILE_FORMAT}\" and a \"notes\" list")
    if data.get("format") != FILE_FORMAT:
        raise InputError(f"{file}: \"format\" is {data.get('format')!r}; a readers' notes file says {FILE_FORMAT!r}")
    if data.get("version", FILE_VERSION) != FILE_VERSION:
        raise InputError(f"{file}: version {data.get('version')!r} is not supported (this review_app reads "
                         f"version {FILE_VERSION})")
    notes = data.get("notes")
    if not isinstance(notes, list):
        raise InputError(f"{file}: \"notes\" must be a list of note objects")
    entries: list[NoteEntry] = []
    for n, raw in enumerate(notes):
        where = f"{file}: notes[{n}]"
        if not isinstance(raw, dict):
            raise InputError(f"{where}: expected an object with \"text\" and a segment (\"segment\", \"source\" "
                             "or \"contains\")")
        unknown = sorted(set(raw) - ENTRY_FIELDS)
        if unknown:
            raise InputError(f"{where}: unknown field {unknown[0]!r}; the fields are {', '.join(sorted(ENTRY_FIELDS))}")
        locators = {k: _str_field(raw, k, where) for k in LOCATORS}
        if not any(locators.values()):
            raise InputError(f"{where}: name the segment with \"segment\" (its id), \"source\" (the whole Japanese "
                             "sentence) or \"contains\" (a fragment of it)")
        index = raw.get("index")
        if index is not None and (isinstance(index, bool) or not isinstance(index, int) or index < 0):
            raise InputError(f"{where}: \"index\" must be a segment position (0-based integer), not {index!r}")
        text = raw.get("text")
        if not isinstance(text, str):
            raise InputError(f"{where}: \"text\" (the note readers see) is missing or not a string")
        kind = raw.get("kind")
        if kind is not None and not isinstance(kind, str):
            raise InputError(f"{where}: \"kind\" must be one of {', '.join(KINDS)}")
        said = raw.get("source_said")
        if said is not None and not isinstance(said, str):
            raise InputError(f"{where}: \"source_said\" must be a string")
        content = clean_content(kind, text, said, where=where)
        entries.append(NoteEntry(n, content, locators["segment"], locators["source"], locators["contains"], index))
    return entries


def load_notes_file(path: str | Path) -> list[NoteEntry]:
    """Read a readers' notes file (UTF-8 JSON; see ``docs/readers-notes.md``); errors name the file and entry."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p}: cannot read the readers' notes file ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p}: not UTF-8 (byte {exc.start}); save the file as UTF-8") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{p}: line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})") from exc
    return parse_notes(data, file=str(p))


@dataclass(frozen=True, slots=True)
class SegmentRef:
    """What :func:`resolve_entries` needs to know of a segment."""

    key: str
    index: int
    source: str
    corrected_source: str | None = None


def resolve_entries(
    entries: Sequence[NoteEntry], segments: Iterable[SegmentRef], *, file: str = "readers notes"
) -> list[tuple[str, NoteEntry]]:
    """Match every entry to exactly one segment: ``[(segment key, entry)]`` in file order.

    ``segment`` (an id) wins when the project has it, and then any ``source``/``contains``/``index`` given must
    agree with that segment; otherwise the segments whose original *or* corrected source equals ``source``,
    contains ``contains`` and sits at ``index`` are the candidates, and there must be exactly one. Two entries
    for one segment are refused (a segment has one readers' note: merge them). Nothing is returned unless
    every entry matched, so an import is all or nothing.
    """
    segs = list(segments)
    by_key = {s.key: s for s in segs}

    def texts(s: SegmentRef) -> list[str]:
        return [_nfc(s.source)] + ([_nfc(s.corrected_source)] if s.corrected_source is not None else [])

    def fits(s: SegmentRef, e: NoteEntry) -> bool:
        if e.source is not None and e.source not in texts(s):
            return False
        if e.contains is not None and not any(e.contains in t for t in texts(s)):
            return False
        return e.index is None or e.index == s.index

    out: list[tuple[str, NoteEntry]] = []
    taken: dict[str, NoteEntry] = {}
    for e in entries:
        where = e.label(file)
        if e.segment is not None and e.segment in by_key:
            seg = by_key[e.segment]
            if not fits(seg, e):
                raise InputError(f"{where}: segment {e.segment} (#{seg.index}) does not have the given "
                                 "source/contains/index; fix the entry or drop the disagreeing field")
            key = seg.key
        elif e.segment is not None and e.source is None and e.contains is None:
            raise InputError(f"{where}: the project has no segment {e.segment}; add \"source\" or \"contains\" so "
                             "the note still finds its sentence when the text changed")
        else:
            found = [s for s in segs if fits(s, e)]
            if not found:
                raise InputError(f"{where}: no segment's source (original or corrected) matches; copy the Japanese "
                                 "exactly (`review-app segments PROJECT --search TEXT`)")
            if len(found) > 1:
                idx = ", ".join(f"#{s.index} {s.key}" for s in found[:5])
                raise InputError(f"{where}: {len(found)} segments match ({idx}); give \"index\" or \"segment\" to "
                                 "pick one")
            key = found[0].key
        if key in taken:
            raise InputError(f"{where}: segment {key} already has notes[{taken[key].number}]; a segment has one "
                             "readers' note, so merge the two")
        taken[key] = e
        out.append((key, e))
    return out
