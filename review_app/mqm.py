"""MQM error annotation and scoring (Multidimensional Quality Metrics).

A reviewer marks a span of a segment's target (or source, for omissions seen there) with an MQM error
category and a severity; the service stores it and appends a ``revisions`` row (field ``mqm``) in the same
transaction, so the history records who marked what. Only roles with the ``annotate`` permission
(reviewer, admin) may add or delete annotations.

Categories are the MQM Core typology's top-level dimensions with the subcategories used in WMT human
evaluation (https://themqm.org/error-types-2/typology/): accuracy (mistranslation, omission, addition,
untranslated), fluency (grammar, spelling, punctuation), terminology, style, locale convention.

Severity weights follow Freitag et al. (2021), "Experts, Errors, and Context: A Large-Scale Study of Human
Evaluation for Machine Translation", TACL 9, Table 2: Major 5, Minor 1, Minor Fluency/Punctuation 0.1,
Non-translation 25; Critical is weighted 25 as in the MQM scoring model's default multipliers
(Lommel et al. 2024, "The Multi-Range Theory of Translation Quality Measurement: MQM scoring models and
Statistical Quality Control", arXiv:2405.16969, §3: minor 1, major 5, critical 25).

Scores (the MQM "raw" scoring model of Lommel et al. 2024, §3.2, without calibration):

* absolute penalty total ``APT = Σ weight`` over the annotations;
* evaluation word count ``EWC`` = English words of the evaluated targets (``\\w+`` runs with inner
  apostrophes/hyphens; Japanese sources have no spaces, so the target side is counted). A target counts at most
  ``max(100, 4 × its source's characters)`` words (:func:`evaluation_words`): one pasted or junk text of 100,000
  characters would otherwise outweigh the whole article and dilute every penalty. No segment of the 47,237
  WMT21/22 ja→en references and system outputs reaches that limit (the most: 87 words for a 25-character source,
  an MT hallucination); the number of capped targets is reported (``MqmScore.capped``);
* penalty per 1000 words ``= APT / EWC × 1000``;
* MQM score (raw quality score) ``= 1 − APT / EWC`` (may be negative when errors are dense; reported as-is,
  shown ×100 as a percentage in the app). With ``EWC = 0`` no score is defined and ``None`` is returned; with no
  annotation at all nobody has evaluated anything yet, so there is no score either (``None``, "no annotations yet"
  in the app) rather than a perfect 100.

The document score sums APT and EWC over all segments with a non-empty target (segments nobody has
translated are not evaluated).
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from review_app.errors import InputError, NotFoundError
from review_app.review import ReviewService, clean_text
from review_app.store.schema import DocumentRow, RevisionRow, SegmentRow, TargetRow, utcnow
from review_app.store.schema_mqm import MqmAnnotationRow

CATEGORIES: dict[str, str] = {
    "accuracy/mistranslation": "Accuracy › Mistranslation",
    "accuracy/omission": "Accuracy › Omission",
    "accuracy/addition": "Accuracy › Addition",
    "accuracy/untranslated": "Accuracy › Untranslated",
    "fluency/grammar": "Fluency › Grammar",
    "fluency/spelling": "Fluency › Spelling",
    "fluency/punctuation": "Fluency › Punctuation",
    "terminology": "Terminology",
    "style": "Style",
    "locale-convention": "Locale convention",
}
"""MQM category path → label, in the order the app offers them."""

SEVERITY_WEIGHTS: dict[str, float] = {
    "critical": 25.0,
    "major": 5.0,
    "minor": 1.0,
    "minor-punctuation": 0.1,
    "non-translation": 25.0,
}
"""Severity → penalty weight (Freitag et al. 2021; Lommel et al. 2024)."""

SIDES = ("target", "source")
MAX_NOTE = 2_000

# English words: letters/digits runs, keeping inner apostrophes and hyphens (don't, well-known → 1 word each).
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
WORDS_FLOOR = 100
WORDS_PER_SOURCE_CHAR = 4


def word_count(text: str | None) -> int:
    """English words of a text (see the module docstring)."""
    return len(_WORD.findall(text or ""))


def word_cap(source: str | None) -> int:
    """The most evaluation words one target of this source counts: ``max(100, 4 × source characters)``."""
    return max(WORDS_FLOOR, WORDS_PER_SOURCE_CHAR * len((source or "").strip()))


def evaluation_words(target: str | None, source: str | None) -> tuple[int, bool]:
    """Evaluation words of one target and whether the cap of :func:`word_cap` applied."""
    words, cap = word_count(target), word_cap(source)
    return (cap, True) if words > cap else (words, False)


def find_span(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """``(start, end)`` of the ``occurrence``-th (1-based) exact occurrence of ``needle`` in ``text``."""
    if not needle:
        raise InputError("type the exact text of the error span (it must occur in the segment)")
    pos = -1
    for _ in range(max(occurrence, 1)):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            raise InputError(f"{needle!r} does not occur {occurrence} time(s) in the text; copy it exactly")
    return pos, pos + len(needle)


@dataclass(frozen=True, slots=True)
class MqmAnnotation:
    id: int
    segment_key: str
    side: str
    start: int
    end: int
    span_text: str
    category: str
    severity: str
    note: str
    user: str
    at: datetime
    text_version: int

    @property
    def weight(self) -> float:
        return SEVERITY_WEIGHTS[self.severity]


@dataclass(frozen=True, slots=True)
class MqmScore:
    """Penalty total, evaluation words and the derived MQM figures (see the module docstring)."""

    penalty: float
    words: int
    annotations: int
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    capped: int = 0
    """Targets whose word count was capped (:func:`word_cap`)."""

    @property
    def per_1000_words(self) -> float | None:
        return None if self.words == 0 or self.annotations == 0 else self.penalty / self.words * 1000

    @property
    def score(self) -> float | None:
        return None if self.words == 0 or self.annotations == 0 else 1 - self.penalty / self.words

    @property
    def signature(self) -> str:
        return ("MQM|weights:crit25-maj5-min1-punct0.1-nontr25|words:en-target,cap:max(100,4×src-chars)"
                "|model:raw(1-APT/EWC)")

    @property
    def words_note(self) -> str:
        """How :attr:`words` was counted, for a caption next to the figures."""
        note = (f"{self.words:,} evaluated words: English words of every non-empty target, each target "
                f"counting at most max({WORDS_FLOOR}, {WORDS_PER_SOURCE_CHAR} × its source's characters)")
        if self.capped:
            note += f"; {self.capped:,} target{'s' if self.capped != 1 else ''} over that limit counted at the limit"
        return note


def _describe(category: str, severity: str, start: int, end: int, span: str, note: str) -> str:
    text = f"{category} {severity} [{start}:{end}] {span!r}"
    return f"{text}: {note}" if note else text


class MqmService:
    """MQM annotations of one project, through a :class:`ReviewService` (its actor, permissions and store)."""

    def __init__(self, review: ReviewService) -> None:
        self.review = review
        self.db = review.db

    def _segment(self, s: Session, key: str) -> tuple[SegmentRow, TargetRow]:
        row = s.execute(
            select(SegmentRow, TargetRow)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .join(TargetRow, TargetRow.segment_id == SegmentRow.id)
            .where(DocumentRow.project_id == self.review.project_id, SegmentRow.key == key)
        ).first()
        if row is None:
            raise NotFoundError(f"no segment {key!r} in project {self.review.project_name!r}")
        return row[0], row[1]

    @staticmethod
    def _annotation(row: MqmAnnotationRow, key: str) -> MqmAnnotation:
        return MqmAnnotation(
            row.id, key, row.side, row.start, row.end, row.span_text, row.category, row.severity, row.note,
            row.user, row.at, row.text_version,
        )

    def add_annotation(
        self,
        key: str,
        *,
        start: int,
        end: int,
        category: str,
        severity: str,
        note: str = "",
        side: str = "target",
    ) -> MqmAnnotation:
        """Mark ``text[start:end]`` of the segment's ``side`` as an MQM error."""
        actor = self.review.require("annotate")
        if category not in CATEGORIES:
            raise InputError(f"unknown MQM category {category!r}; use one of {', '.join(CATEGORIES)}")
        if severity not in SEVERITY_WEIGHTS:
            raise InputError(f"unknown MQM severity {severity!r}; use one of {', '.join(SEVERITY_WEIGHTS)}")
        if severity == "minor-punctuation" and category != "fluency/punctuation":
            raise InputError("severity 'minor-punctuation' is only for category fluency/punctuation")
        if side not in SIDES:
            raise InputError(f"side must be 'target' or 'source', not {side!r}")
        note = clean_text((note or "").strip(), "the note")
        if len(note) > MAX_NOTE:
            raise InputError(f"the note must be at most {MAX_NOTE} characters without NUL characters")
        with self.db.session() as s:
            seg, tgt = self._segment(s, key)
            if side == "target":
                text, version = tgt.text or "", tgt.version
            else:
                text = seg.corrected_source if seg.corrected_source is not None else seg.source
                version = seg.source_version
            if not 0 <= start <= end <= len(text):
                raise InputError(
                    f"span [{start}:{end}] is outside the {side} of segment {key} ({len(text)} characters)"
                )
            if start == end and category != "accuracy/omission":
                raise InputError("select at least one character (an empty span is only allowed for omissions)")
            span = text[start:end]
            row = MqmAnnotationRow(
                project_id=self.review.project_id,
                segment_id=seg.id,
                side=side,
                start=start,
                end=end,
                span_text=span,
                category=category,
                severity=severity,
                note=note,
                text_version=version,
                user=actor.name,
                at=utcnow(),
            )
            s.add(row)
            s.flush()
            s.add(
                RevisionRow(
                    project_id=self.review.project_id,
                    segment_id=seg.id,
                    user=actor.name,
                    at=row.at,
                    field="mqm",
                    old=None,
                    new=_describe(category, severity, start, end, span, note),
                    reason=None,
                    version=tgt.version,
                )
            )
            return self._annotation(row, key)

    def delete_annotation(self, annotation_id: int, *, reason: str | None = None) -> None:
        actor = self.review.require("annotate")
        with self.db.session() as s:
            row = s.get(MqmAnnotationRow, annotation_id)
            if row is None or row.project_id != self.review.project_id:
                raise NotFoundError(f"no MQM annotation {annotation_id} in project {self.review.project_name!r}")
            tgt = s.get(TargetRow, row.segment_id)
            s.add(
                RevisionRow(
                    project_id=self.review.project_id,
                    segment_id=row.segment_id,
                    user=actor.name,
                    at=utcnow(),
                    field="mqm",
                    old=_describe(row.category, row.severity, row.start, row.end, row.span_text, row.note),
                    new=None,
                    reason=reason,
                    version=tgt.version if tgt is not None else None,
                )
            )
            s.execute(delete(MqmAnnotationRow).where(MqmAnnotationRow.id == annotation_id))

    def list(self, key: str | None = None) -> builtins.list[MqmAnnotation]:
        """Annotations of one segment (or of the whole project), oldest first."""
        self.review.require("read")
        q = (
            select(MqmAnnotationRow, SegmentRow.key)
            .join(SegmentRow, MqmAnnotationRow.segment_id == SegmentRow.id)
            .where(MqmAnnotationRow.project_id == self.review.project_id)
            .order_by(MqmAnnotationRow.id)
        )
        if key is not None:
            q = q.where(SegmentRow.key == key)
        with self.db.session() as s:
            return [self._annotation(row, k) for row, k in s.execute(q).all()]

    def score(self, key: str | None = None) -> MqmScore:
        """MQM figures of one segment, or of the whole project (``key=None``)."""
        annotations = self.list(key)
        words = capped = 0
        pairs: Sequence[tuple[str | None, str]]
        with self.db.read_session() as s:
            if key is not None:
                seg, tgt = self._segment(s, key)
                pairs = [(tgt.text, seg.corrected_source if seg.corrected_source is not None else seg.source)]
            else:
                pairs = s.execute(
                    select(TargetRow.text, func.coalesce(SegmentRow.corrected_source, SegmentRow.source))
                    .join(SegmentRow, TargetRow.segment_id == SegmentRow.id)
                    .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
                    .where(DocumentRow.project_id == self.review.project_id, TargetRow.text.is_not(None))
                ).all()
            for text, source in pairs:
                n, cut = evaluation_words(text, source)
                words += n
                capped += cut
        by_sev: dict[str, int] = {}
        by_cat: dict[str, int] = {}
        for a in annotations:
            by_sev[a.severity] = by_sev.get(a.severity, 0) + 1
            by_cat[a.category] = by_cat.get(a.category, 0) + 1
        return MqmScore(
            penalty=round(sum(a.weight for a in annotations), 6),
            words=words,
            annotations=len(annotations),
            by_severity=by_sev,
            by_category=by_cat,
            capped=capped,
        )

    def annotated_keys(self) -> dict[str, int]:
        """Segment key → number of annotations (for list filters and the dashboard)."""
        with self.db.session() as s:
            rows = s.execute(
                select(SegmentRow.key, func.count())
                .join(MqmAnnotationRow, MqmAnnotationRow.segment_id == SegmentRow.id)
                .where(MqmAnnotationRow.project_id == self.review.project_id)
                .group_by(SegmentRow.key)
            ).all()
        return {k: int(n) for k, n in rows}
