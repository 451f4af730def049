"""Plain data classes shared by every layer (no database, no UI).

A :class:`Document` is the lossless structure of a source article: blocks (heading, paragraph, list item) made
of segments (sentences), plus the exact text between them, so that ``Document.rebuild()`` returns the original
file byte-for-byte. Review state (targets, statuses, revisions) lives in the store; these classes carry it
between the store, the service, the CLI and the app.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# Characters that show nothing: whitespace, and format characters such as ZERO WIDTH SPACE (U+200B), ZERO WIDTH
# (NON-)JOINER, WORD JOINER, the BOM, the soft hyphen and the bidirectional controls (U+202A–U+202E, U+2066–U+2069).
INVISIBLE_RUN = re.compile(r"[\s\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]+")


def is_blank_target(text: str | None) -> bool:
    """The one rule for "this target is empty" (review service, QA): no text, or only whitespace and invisible
    characters."""
    return not text or not INVISIBLE_RUN.sub("", text)


class BlockKind(enum.StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list-item"


class Status(enum.StrEnum):
    """Workflow status of a segment's target."""

    NEW = "new"
    DRAFT = "draft"
    TRANSLATED = "translated"
    REVIEWED = "reviewed"
    APPROVED = "approved"
    REJECTED = "rejected"


class Role(enum.StrEnum):
    TRANSLATOR = "translator"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Severity(enum.StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


@dataclass(slots=True)
class Segment:
    """One sentence of a block.

    ``gap_after`` is the exact whitespace between this segment and the next one in the same block (or the
    block's end), so that joining ``text + gap_after`` over a block's segments gives the block body exactly.
    """

    key: str
    """Stable id: derived from the sentence text (and its occurrence number), not from its position."""
    text: str
    gap_after: str = ""
    index: int = 0
    """0-based position in the document."""
    block_index: int = 0
    block_kind: BlockKind = BlockKind.PARAGRAPH
    paragraph: int = 0
    """1-based number of the block this segment belongs to (headings and list items count too)."""


@dataclass(slots=True)
class Block:
    kind: BlockKind
    segments: list[Segment]
    sep_before: str = ""
    """Exact text between the previous block (or the start of the file, after the BOM) and this block."""
    prefix: str = ""
    """Indentation and list marker (``- ``) before the first segment."""
    index: int = 0

    @property
    def body(self) -> str:
        return "".join(s.text + s.gap_after for s in self.segments)

    @property
    def text(self) -> str:
        return self.prefix + self.body


@dataclass(slots=True)
class Document:
    blocks: list[Block]
    bom: str = ""
    trailer: str = ""
    """Exact text after the last block (final newline, trailing blank lines)."""
    name: str = ""

    @property
    def segments(self) -> list[Segment]:
        return [s for b in self.blocks for s in b.segments]

    def rebuild(self) -> str:
        return self.bom + "".join(b.sep_before + b.text for b in self.blocks) + self.trailer


@dataclass(slots=True)
class SegmentView:
    """A segment as the service returns it: source structure plus review state."""

    id: int
    key: str
    index: int
    block_index: int
    block_kind: BlockKind
    paragraph: int
    source: str
    corrected_source: str | None
    source_version: int
    target: str | None
    status: Status
    version: int
    updated_by: str | None = None
    updated_at: datetime | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    """Where the segment came from beyond its text (``document``, ``domain``… of a WMT test set), else empty."""

    @property
    def effective_source(self) -> str:
        return self.corrected_source if self.corrected_source is not None else self.source


@dataclass(slots=True)
class Candidate:
    engine: str
    text: str
    provenance: dict[str, Any] = field(default_factory=dict)
    segment_key: str | None = None
    created_at: datetime | None = None
    id: int | None = None


@dataclass(slots=True)
class Revision:
    id: int
    segment_key: str
    user: str
    at: datetime
    field: str
    old: str | None
    new: str | None
    reason: str | None
    version: int | None = None

    @property
    def label(self) -> str:
        """How the history names this revision. Target and status changes carry the target version they produced
        ("v3"); a source correction carries the source version, a separate counter ("source v2"), so the two
        never share a label."""
        if self.field == "source":
            return f"source v{self.version}" if self.version else "source"
        return f"v{self.version}" if self.version else "v-"


@dataclass(slots=True)
class Comment:
    id: int
    segment_key: str
    user: str
    at: datetime
    body: str
    parent_id: int | None = None


NOTE_KINDS: dict[str, str] = {
    "correction": "Corrected",
    "context": "",
    "unverified": "Unverified quotation",
}
"""Kinds of readers' note → the label a footnote starts with ("" for none), in the order the app offers them.
(Here rather than in :mod:`review_app.notes` so the CLI can build its options without importing the store.)"""
DEFAULT_NOTE_KIND = "correction"
