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

import builtins
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from review_app.errors import ConflictError, InputError, NotFoundError
from review_app.models import DEFAULT_NOTE_KIND, NOTE_KINDS
from review_app.review import ReviewService
from review_app.store.schema import DocumentRow, RevisionRow, SegmentRow, utcnow
from review_app.store.schema_notes import ReadersNoteRow
from review_app.textio import read_bytes

FILE_FORMAT = "review_app-readers-notes"
FILE_VERSION = 1
KINDS = NOTE_KINDS
DEFAULT_KIND = DEFAULT_NOTE_KIND
MAX_NOTE = 5_000
"""Characters of a note's text (and of ``source_said``): a footnote, not an essay."""
ENTRY_FIELDS = frozenset({"segment", "source", "contains", "index", "kind", "text", "source_said"})
LOCATORS = ("segment", "source", "contains")
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
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
        visible = _CONTROL.sub("", value)  # a BEL or ESC is nothing a reader can see (and XML cannot carry it)
        values.append(" ".join(visible.split()))  # one line: a footnote has no layout of its own
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
    raw = read_bytes(p, "the readers' notes file")
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


# -- the service -------------------------------------------------------------------------------------------------

NOTE_FIELDS = ("note", "note_kind", "note_source_said")
"""The ``revisions.field`` values of a readers' note change (text, kind, what the source said)."""


@dataclass(frozen=True, slots=True)
class ReadersNote:
    """A segment's readers' note as stored (``version`` 0: the segment never had one)."""

    segment_key: str
    kind: str
    text: str
    source_said: str | None
    version: int
    updated_by: str | None = None
    updated_at: datetime | None = None
    segment_index: int = 0

    @property
    def content(self) -> NoteContent:
        return NoteContent(self.kind, self.text, self.source_said)

    @property
    def footnote(self) -> str:
        return footnote_text(self.kind, self.text, self.source_said)


@dataclass(frozen=True, slots=True)
class ImportResult:
    added: int
    changed: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.added + self.changed + self.unchanged


class ReadersNoteService:
    """Readers' notes of one project, as the actor of ``review`` (the same role checks and database)."""

    def __init__(self, review: ReviewService) -> None:
        self.review = review
        self.db = review.db

    # -- queries ---------------------------------------------------------------------------------------------
    def _query(self):  # type: ignore[no-untyped-def]
        return (
            select(ReadersNoteRow, SegmentRow.key, SegmentRow.idx)
            .join(SegmentRow, ReadersNoteRow.segment_id == SegmentRow.id)
            .where(ReadersNoteRow.project_id == self.review.project_id)
        )

    @staticmethod
    def _note(row: ReadersNoteRow, key: str, idx: int) -> ReadersNote:
        return ReadersNote(key, row.kind, row.text, row.source_said, row.version, row.updated_by, row.updated_at, idx)

    def get(self, key: str) -> ReadersNote | None:
        """The segment's note, or ``None`` when it has none (:meth:`state` gives the version to save against)."""
        note = self.state(key)
        return note if note.text else None

    def state(self, key: str) -> ReadersNote:
        """The segment's note row as stored: an empty ``text`` when it has none (``version`` 0 if it never had)."""
        self.review.require("read")
        with self.db.read_session() as s:  # a read: never waits for a writer (see Database.read_session)
            seg, _ = self.review._load(s, key)
            row = s.get(ReadersNoteRow, seg.id)
            if row is None:
                return ReadersNote(key, DEFAULT_KIND, "", None, 0, segment_index=seg.idx)
            return self._note(row, key, seg.idx)

    def list(self) -> builtins.list[ReadersNote]:
        """Every note of the project in document order (removed notes left out)."""
        self.review.require("read")
        q = (
            self._query()
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .where(ReadersNoteRow.text != "")
            .order_by(DocumentRow.id, SegmentRow.idx)
        )
        with self.db.read_session() as s:
            return [self._note(row, key, idx) for row, key, idx in s.execute(q)]

    def by_key(self) -> dict[str, ReadersNote]:
        """Segment key → note, for exporters (one query)."""
        return {n.segment_key: n for n in self.list()}

    # -- changes ---------------------------------------------------------------------------------------------
    def _apply(
        self, s: Session, seg: SegmentRow, new: NoteContent | None, expected_version: int, reason: str | None
    ) -> tuple[ReadersNote, bool]:
        """Set (``new``) or remove (``None``) the note of ``seg`` if its version is still ``expected_version``;
        ``(note, changed)``. Raises :class:`ConflictError` when somebody changed it meanwhile."""
        actor = self.review.require("readers_note")
        row = s.get(ReadersNoteRow, seg.id, with_for_update=True)
        current = self._note(row, seg.key, seg.idx) if row is not None else None
        version = current.version if current is not None else 0
        if version != expected_version:
            raise self._conflict(seg.key, expected_version, current)
        old = current.content if current is not None and current.text else None
        if new == old:
            return (current or ReadersNote(seg.key, DEFAULT_KIND, "", None, 0, segment_index=seg.idx)), False
        now = utcnow()
        target = new or NoteContent(current.kind if current else DEFAULT_KIND, "", None)
        values = {"kind": target.kind, "text": target.text, "source_said": target.source_said,
                  "version": version + 1, "updated_by": actor.name, "updated_at": now}
        if row is None:
            try:
                with s.begin_nested():
                    s.add(ReadersNoteRow(segment_id=seg.id, project_id=self.review.project_id, **values))
            except IntegrityError as exc:  # another editor created the first note at the same moment
                raise self._conflict(seg.key, expected_version, None) from exc
        else:
            result = s.execute(
                update(ReadersNoteRow)
                .where(ReadersNoteRow.segment_id == seg.id, ReadersNoteRow.version == expected_version)
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise self._conflict(seg.key, expected_version, current)
        before = (old.text, old.kind, old.source_said) if old else (None, None, None)
        after = (target.text or None, target.kind if new else None, target.source_said if new else None)
        for name, a, b in zip(NOTE_FIELDS, before, after, strict=True):
            if a != b:
                self.review._revision(s, seg, name, a, b, reason, version + 1, now)
        note = ReadersNote(seg.key, target.kind, target.text, target.source_said, version + 1, actor.name, now,
                           seg.idx)
        return note, True

    def _conflict(self, key: str, expected: int, current: ReadersNote | None) -> ConflictError:
        now = current.version if current is not None else 0
        who = f" by {current.updated_by}" if current is not None and current.updated_by else ""
        return ConflictError(
            f"the readers' note of segment {key} was changed{who} since you loaded it (you had version {expected}, "
            f"it is now {now}); reload, merge and save again",
            segment_key=key,
            current_text=current.text if current is not None else None,
            current_version=now,
            updated_by=current.updated_by if current is not None else None,
        )

    def set(
        self,
        key: str,
        text: str,
        *,
        kind: str | None = None,
        source_said: str | None = None,
        expected_version: int,
        reason: str | None = None,
    ) -> ReadersNote:
        """Set the readers' note of segment ``key`` if nobody changed it since ``expected_version``
        (0 for a segment that never had one). An empty ``text`` is refused: use :meth:`remove`."""
        self.review.require("readers_note")
        content = clean_content(kind, text, source_said, where=f"readers' note of {key}")
        with self.db.session() as s:
            seg, _ = self.review._load(s, key)
            return self._apply(s, seg, content, expected_version, reason)[0]

    def remove(self, key: str, *, expected_version: int, reason: str | None = None) -> ReadersNote:
        """Remove the note (kept in the history; the row stays with an empty text and a new version)."""
        self.review.require("readers_note")
        with self.db.session() as s:
            seg, _ = self.review._load(s, key)
            return self._apply(s, seg, None, expected_version, reason)[0]

    def revert(self, key: str, revision_id: int, *, expected_version: int) -> ReadersNote:
        """Restore the note as it was right after the save that wrote revision ``revision_id`` (one of its
        ``note*`` revisions; the rows of one save share its note version); the restoration is a new revision."""
        self.review.require("readers_note")
        with self.db.session() as s:
            seg, _ = self.review._load(s, key)
            rev = s.get(RevisionRow, revision_id)
            if rev is None or rev.segment_id != seg.id or rev.field not in NOTE_FIELDS:
                raise NotFoundError(f"segment {key} has no readers' note revision {revision_id}")
            rows = s.scalars(
                select(RevisionRow)
                .where(RevisionRow.segment_id == seg.id, RevisionRow.field.in_(NOTE_FIELDS),
                       RevisionRow.version <= rev.version)  # one save writes up to three rows, one version
                .order_by(RevisionRow.id)
            ).all()
            state: dict[str, str | None] = dict.fromkeys(NOTE_FIELDS)
            for r in rows:
                state[r.field] = r.new
            text = state["note"]
            content = (
                NoteContent(state["note_kind"] or DEFAULT_KIND, text, state["note_source_said"]) if text else None
            )
            return self._apply(s, seg, content, expected_version, f"revert to revision {revision_id}")[0]

    def import_entries(
        self, entries: Sequence[NoteEntry], *, file: str = "readers notes", reason: str | None = None
    ) -> ImportResult:
        """Match every entry to its segment (:func:`resolve_entries`) and store them all in one transaction:
        nothing is written unless every entry is valid and matched. Unchanged notes are left as they are."""
        self.review.require("readers_note")
        refs = [SegmentRef(v.key, v.index, v.source, v.corrected_source) for v in self.review.list_segments()]
        matched = resolve_entries(entries, refs, file=file)
        added = changed = unchanged = 0
        with self.db.session() as s:
            ids = dict(
                s.execute(
                    select(SegmentRow.key, SegmentRow)
                    .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
                    .where(DocumentRow.project_id == self.review.project_id,
                           SegmentRow.key.in_([k for k, _ in matched]))
                ).all()
            )
            for key, entry in matched:
                seg = ids[key]
                row = s.get(ReadersNoteRow, seg.id)
                had = row is not None and bool(row.text)
                _, did = self._apply(s, seg, entry.content, row.version if row is not None else 0,
                                     reason or f"imported from {file}")
                if not did:
                    unchanged += 1
                elif had:
                    changed += 1
                else:
                    added += 1
        return ImportResult(added, changed, unchanged)

    def import_file(self, path: str | Path) -> ImportResult:
        """Import a readers' notes file (``docs/readers-notes.md``); all or nothing."""
        self.review.require("readers_note")
        p = Path(path)
        return self.import_entries(load_notes_file(p), file=str(p), reason=f"imported from {p.name}")

    def import_path(self, path: str | Path) -> ImportResult:
        """Import from a readers' notes JSON file, or from the readers' notes of an XLIFF 1.2/2.0 or TMX file
        (units whose id is a segment id of this project; an unknown id is matched by the unit's source)."""
        p = Path(path)
        if p.suffix.lower() == ".json":
            return self.import_file(p)
        self.review.require("readers_note")
        from review_app.formats import read_bilingual
        from review_app.formats.readers_note import note_of

        keys = {v.key for v in self.review.list_segments()}
        entries: list[NoteEntry] = []
        for u in read_bilingual(p).units:
            note = note_of(u.metadata)
            if note is None:
                continue
            where = f"{p}: unit {u.id}"
            content = clean_content(note.get("kind"), str(note["text"]), note.get("source_said"), where=where)
            known = u.id in keys
            entries.append(NoteEntry(len(entries), content, segment=u.id, source=None if known else _nfc(u.source)))
        if not entries:
            raise InputError(f"{p}: has no readers' notes (XLIFF notes from=\"readers-note:…\", category "
                             "\"readers-note\" or TMX props x-review-app:readers-note:…)")
        return self.import_entries(entries, file=str(p), reason=f"imported from {p.name}")
