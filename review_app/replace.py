"""Project-wide find and replace over the targets, with a preview, per-segment revisions and undo.

One operation:

1. :func:`preview` finds every target the pattern changes and lists each change with its text before and after
   (and the version it saw). It also lists the segments it leaves alone and why: reviewed or approved targets
   (unless the user asks to include them, which sends them back to *translated*, as any edit of a reviewed
   target does), and changes that would leave a target empty.
2. :func:`apply` saves the listed changes through :meth:`review_app.review.ReviewService.save_targets`: one
   transaction, one revision per segment (with the actor's name, the operation id in the reason), each against
   the version the preview saw — a segment somebody saved since the preview is refused and named, never
   overwritten.
3. :func:`undo` restores, in one transaction, every segment of an operation whose target is still the text the
   operation wrote (text and status); segments edited since are named and left as they are.

Operations are found again from the revisions alone (the reason ``find & replace R…: 'x' → 'y'``), so nothing but
the review tables is written, and a backup or a restore carries them.

Patterns are literal text or regular expressions (the ``regex`` module, Python ``re`` syntax; ``\\1`` and
``\\g<name>`` in the replacement), case-sensitive or not, optionally whole words (no letter or digit on either
side: Japanese has no spaces, so "whole word" only means something next to Latin letters and digits). A regular
expression gets a time budget for the whole project (:data:`TIME_BUDGET`); a catastrophic pattern such as
``(x+x+)+y`` is stopped and refused with a message instead of hanging the server.

:func:`search` finds a pattern in the sources, the targets and the MT candidates (read only).
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import regex
from sqlalchemy import select

from review_app.errors import InputError, NotFoundError, ReviewAppError
from review_app.models import SegmentView, Status, is_blank_target
from review_app.review import ReviewService, TargetChange, clean_text
from review_app.store.schema import CandidateRow, DocumentRow, RevisionRow, SegmentRow, TargetRow

TIME_BUDGET = 5.0
"""Seconds a regular expression may run over the whole project (all segments together) before it is refused."""
MAX_PATTERN = 1_000
PROTECTED = frozenset({Status.REVIEWED, Status.APPROVED})
"""Statuses left alone unless the user includes them (``include_reviewed``)."""
REASON_PREFIX = "find & replace "
UNDO_PREFIX = "undo find & replace "
FIELDS = ("source", "target", "candidates")


@dataclass(frozen=True, slots=True)
class Pattern:
    """What to find: literal text or a regular expression, with the case and whole-word options."""

    find: str
    regex: bool = False
    case_sensitive: bool = True
    whole_word: bool = False

    def describe(self) -> str:
        opts = [o for o, on in (("regex", self.regex), ("ignore case", not self.case_sensitive),
                                ("whole words", self.whole_word)) if on]
        return f"{self.find!r}" + (f" ({', '.join(opts)})" if opts else "")

    def compile(self) -> Any:
        if not self.find:
            raise InputError("nothing to find: give the text (or --regex pattern) to look for")
        clean_text(self.find, "the text to find")
        if len(self.find) > MAX_PATTERN:
            raise InputError(f"the text to find is {len(self.find):,} characters; the limit is {MAX_PATTERN:,}")
        body = self.find if self.regex else regex.escape(self.find)
        if self.whole_word:
            body = rf"(?<![^\W_])(?:{body})(?![^\W_])"
        flags = regex.VERSION0 | (0 if self.case_sensitive else regex.IGNORECASE)
        try:
            return regex.compile(body, flags)
        except regex.error as exc:
            raise InputError(f"the regular expression {self.find!r} is not valid: {exc}; fix it, or drop --regex "
                             "to find the text literally") from None


class _Clock:
    """The time budget of one operation's pattern over all the segments it scans."""

    def __init__(self, pattern: Pattern) -> None:
        self.pattern = pattern
        self.deadline = time.monotonic() + TIME_BUDGET

    def left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise self.refusal()
        return left

    def refusal(self) -> InputError:
        return InputError(
            f"the pattern {self.pattern.find!r} took more than {TIME_BUDGET:g} s over the project and was stopped "
            "(a regular expression with nested repetition such as (a+)+ can take exponential time); simplify it, "
            "e.g. remove the nested + or *"
        )


def _template(replacement: str, pattern: Pattern, compiled: Any) -> Any:
    """The replacement: literal text (a function, so no backslash is special), or the template of a regular
    expression, checked once against the pattern's groups before any text is touched."""
    clean_text(replacement, "the replacement")
    if not pattern.regex:
        return lambda m: replacement
    names = {index: name for name, index in compiled.groupindex.items()}
    dummy = "".join(f"(?P<{names[i]}>)" if i in names else "()" for i in range(1, compiled.groups + 1))
    try:  # a pattern with the same groups that matches the empty string: expanding the template checks it
        regex.compile(dummy).subn(replacement, "", count=1)
    except (regex.error, IndexError) as exc:
        raise InputError(f"the replacement {replacement!r} does not fit the pattern {pattern.find!r}: {exc} (use "
                         "\\1 or \\g<name> only for groups the pattern has, and \\\\ for a backslash)") from None
    return replacement


def _substitute(compiled: Any, template: Any, text: str, clock: _Clock) -> tuple[str, int]:
    try:
        return compiled.subn(template, text, timeout=clock.left())
    except TimeoutError:
        raise clock.refusal() from None
    except (regex.error, IndexError) as exc:
        raise InputError(f"the replacement does not fit the pattern: {exc}") from None


def _count(compiled: Any, text: str, clock: _Clock) -> list[tuple[int, int]]:
    try:
        return [m.span() for m in compiled.finditer(text, timeout=clock.left())]
    except TimeoutError:
        raise clock.refusal() from None


# -- preview ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Change:
    """One segment's change: its target before and after, the number of replacements, the version seen."""

    key: str
    number: int  # 1-based position in the document
    status: str
    version: int
    before: str
    after: str
    replacements: int
    skipped: str = ""  # why it is left alone ("" for a change that will be applied)

    def as_json(self) -> dict[str, Any]:
        return {"segment": self.key, "number": self.number, "status": self.status, "version": self.version,
                "before": self.before, "after": self.after, "replacements": self.replacements,
                "skipped": self.skipped or None}


@dataclass(slots=True)
class Preview:
    """Every change one find & replace would make, and the matches it leaves alone (with the reason)."""

    pattern: Pattern
    replacement: str
    include_reviewed: bool
    changes: list[Change] = field(default_factory=list)
    skipped: list[Change] = field(default_factory=list)
    scanned: int = 0

    @property
    def replacements(self) -> int:
        return sum(c.replacements for c in self.changes)

    def summary(self) -> str:
        text = (f"{self.replacements} replacement(s) of {self.pattern.describe()} by {self.replacement!r} in "
                f"{len(self.changes)} of {self.scanned} segment(s)")
        if self.skipped:
            why: dict[str, int] = {}
            for c in self.skipped:
                why[c.skipped] = why.get(c.skipped, 0) + 1
            text += "; left alone: " + ", ".join(f"{n} {reason}" for reason, n in why.items())
        return text


def _targets(svc: ReviewService, keys: Iterable[str] | None) -> list[SegmentView]:
    views = svc.list_segments()
    if keys is None:
        return views
    wanted = set(keys)
    missing = wanted - {v.key for v in views}
    if missing:
        raise NotFoundError(f"no segment {sorted(missing)[0]!r} in project {svc.project_name!r}")
    return [v for v in views if v.key in wanted]


def preview(
    svc: ReviewService,
    find: str,
    replacement: str,
    *,
    use_regex: bool = False,
    case_sensitive: bool = True,
    whole_word: bool = False,
    include_reviewed: bool = False,
    statuses: Iterable[Status | str] | None = None,
    keys: Iterable[str] | None = None,
) -> Preview:
    """Every change replacing ``find`` by ``replacement`` in the current targets would make (nothing is written).

    ``statuses`` and ``keys`` narrow the segments; reviewed and approved targets are listed as skipped unless
    ``include_reviewed`` (the edit then sends them back to *translated*, as :meth:`ReviewService.save_target`
    does for any edit of a reviewed target). A change that would leave a target empty (nothing visible) is
    skipped: clear a target in the editor if that is what you mean."""
    svc.require("read")
    pattern = Pattern(find, use_regex, case_sensitive, whole_word)
    compiled = pattern.compile()
    template = _template(replacement, pattern, compiled)
    wanted = {Status(s) for s in statuses} if statuses else None
    clock = _Clock(pattern)
    out = Preview(pattern, replacement, include_reviewed)
    for view in _targets(svc, keys):
        if wanted is not None and view.status not in wanted:
            continue
        out.scanned += 1
        before = view.target or ""
        if not before:
            continue
        after, n = _substitute(compiled, template, before, clock)
        if n == 0 or after == before:
            continue
        reason = ""
        if view.status in PROTECTED and not include_reviewed:
            reason = f"{view.status.value} (include reviewed and approved segments to change them)"
        elif is_blank_target(after):
            reason = "the target would be empty"
        elif len(after) > 100_000:
            reason = "the target would be over 100,000 characters"
        change = Change(view.key, view.index + 1, view.status.value, view.version, before, after, n, reason)
        (out.skipped if reason else out.changes).append(change)
    return out


# -- apply and undo ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Outcome:
    """What an apply or undo did: the operation id, the segments saved, and those refused with the reason."""

    operation: str
    saved: list[str]
    refused: list[tuple[str, str]]

    def summary(self, verb: str) -> str:
        text = f"{verb} {len(self.saved)} segment(s) ({self.operation})"
        if self.refused:
            text += f"; {len(self.refused)} refused: " + "; ".join(f"{k}: {why}" for k, why in self.refused[:5])
            if len(self.refused) > 5:
                text += f"; … {len(self.refused) - 5} more"
        return text


def _new_operation() -> str:
    return f"R{datetime.now(UTC).strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(2)}"


def _reason(op: str, p: Preview) -> str:
    text = f"{REASON_PREFIX}{op}: {p.pattern.describe()} → {p.replacement!r}"
    return text if len(text) <= 500 else text[:499] + "…"


def _save(svc: ReviewService, operation: str, changes: list[TargetChange], reason: str,
          refused: list[tuple[str, str]]) -> Outcome:
    """Save ``changes`` in one transaction; the outcome names the saved segments and every refusal."""
    results = svc.save_targets(changes, reason=reason) if changes else []
    saved = []
    for change, result in zip(changes, results, strict=True):
        if isinstance(result, ReviewAppError):
            refused.append((change.key, str(result)))
        else:
            saved.append(change.key)
    return Outcome(operation, saved, refused)


def apply(svc: ReviewService, p: Preview) -> Outcome:
    """Save the changes of preview ``p`` (one transaction, one revision per segment, versions checked)."""
    svc.require("edit_target")
    if not p.changes:
        raise InputError(f"nothing to replace: {p.summary()}")
    op = _new_operation()
    return _save(svc, op, [TargetChange(c.key, c.after, c.version) for c in p.changes], _reason(op, p), [])


@dataclass(frozen=True, slots=True)
class Operation:
    """A find & replace operation as the revisions record it."""

    id: str
    description: str
    user: str
    at: datetime
    segments: int
    undone: bool


def operations(svc: ReviewService, limit: int = 20) -> list[Operation]:
    """The newest find & replace operations of the project, newest first (with whether each was undone)."""
    svc.require("read")
    with svc.db.read_session() as s:
        rows = s.execute(
            select(RevisionRow.reason, RevisionRow.user, RevisionRow.at, RevisionRow.segment_id)
            .where(RevisionRow.project_id == svc.project_id, RevisionRow.field == "target",
                   RevisionRow.reason.like(f"{REASON_PREFIX}R%") | RevisionRow.reason.like(f"{UNDO_PREFIX}R%"))
            .order_by(RevisionRow.id.desc())
        ).all()
    ops: dict[str, dict[str, Any]] = {}
    undone: set[str] = set()
    for stored, user, at, seg_id in rows:
        reason = stored or ""
        if reason.startswith(UNDO_PREFIX):
            undone.add(reason[len(UNDO_PREFIX):].split(":", 1)[0])
            continue
        op_id, _, description = reason[len(REASON_PREFIX):].partition(": ")
        entry = ops.setdefault(op_id, {"description": description, "user": user, "at": at, "segments": set()})
        entry["segments"].add(seg_id)
    found = [Operation(k, v["description"], v["user"], v["at"], len(v["segments"]), k in undone)
             for k, v in ops.items()]
    return found[:limit]


def undo(svc: ReviewService, operation: str) -> Outcome:
    """Restore every segment of ``operation`` whose target is still what the operation wrote (text and status),
    in one transaction; a segment changed since is refused and named (its newer text stays)."""
    svc.require("edit_target")
    operation = operation.strip()
    if not regex.fullmatch(r"R[0-9]{8}-[0-9]{6}-[0-9a-f]{4}", operation):
        raise InputError(f"{operation!r} is not a find & replace operation id (like R20250101-120000-ab12); "
                         "review-app replace PROJECT --list shows them")
    with svc.db.read_session() as s:
        if s.scalar(select(RevisionRow.id).where(
                RevisionRow.project_id == svc.project_id,
                RevisionRow.reason.like(f"{UNDO_PREFIX}{operation}:%")).limit(1)) is not None:
            raise InputError(f"find & replace {operation} was already undone")
        rows = s.execute(
            select(RevisionRow, SegmentRow.key, TargetRow.version, TargetRow.text)
            .join(SegmentRow, RevisionRow.segment_id == SegmentRow.id)
            .join(TargetRow, TargetRow.segment_id == SegmentRow.id)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .where(DocumentRow.project_id == svc.project_id, RevisionRow.project_id == svc.project_id,
                   RevisionRow.reason.like(f"{REASON_PREFIX}{operation}:%"))
            .order_by(RevisionRow.id)
        ).all()
    if not rows:
        raise NotFoundError(f"no find & replace operation {operation!r} in project {svc.project_name!r} "
                            "(review-app replace PROJECT --list shows them)")
    by_key: dict[str, dict[str, Any]] = {}
    for rev, key, version, text in rows:
        entry = by_key.setdefault(key, {"version": version, "text": text, "wrote": None, "at": None})
        entry["at"] = rev.version
        if rev.field == "target":
            entry["old"], entry["wrote"] = rev.old, rev.new
        elif rev.field == "status":
            entry["old_status"] = rev.old
    changes, refused = [], []
    for key, e in by_key.items():
        if e["wrote"] is None:
            continue
        if e["version"] != e["at"] or (e["text"] or "") != e["wrote"]:
            refused.append((key, f"changed since the replace (now version {e['version']}); left as it is"))
            continue
        changes.append(TargetChange(key, e["old"] or "", e["at"], e.get("old_status")))
    return _save(svc, operation, changes, f"{UNDO_PREFIX}{operation}: restore the texts before it", refused)


# -- search (read only) ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Hit:
    """A segment where the pattern occurs: in which field (and which engine's candidate), with the spans."""

    key: str
    number: int
    field: str  # source | target | candidate
    engine: str
    text: str
    spans: list[tuple[int, int]]


def search(
    svc: ReviewService,
    find: str,
    *,
    use_regex: bool = False,
    case_sensitive: bool = False,
    whole_word: bool = False,
    fields: Sequence[str] = FIELDS,
) -> list[Hit]:
    """Every occurrence of ``find`` in the sources (corrected where corrected), the targets and the MT
    candidates, by segment in document order (read only; the same pattern rules and time budget)."""
    svc.require("read")
    unknown = [f for f in fields if f not in FIELDS]
    if unknown:
        raise InputError(f"unknown field {unknown[0]!r}; search in {', '.join(FIELDS)}")
    pattern = Pattern(find, use_regex, case_sensitive, whole_word)
    compiled = pattern.compile()
    clock = _Clock(pattern)
    views = svc.list_segments()
    hits: list[Hit] = []
    cands: dict[str, list[tuple[str, str]]] = {}
    if "candidates" in fields:
        with svc.db.read_session() as s:
            for key, engine, text in s.execute(
                select(SegmentRow.key, CandidateRow.engine, CandidateRow.text)
                .join(SegmentRow, CandidateRow.segment_id == SegmentRow.id)
                .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
                .where(DocumentRow.project_id == svc.project_id)
                .order_by(CandidateRow.id)
            ).all():
                cands.setdefault(key, []).append((engine, text))
    for view in views:
        texts: list[tuple[str, str, str]] = []
        if "source" in fields:
            texts.append(("source", "", view.effective_source))
        if "target" in fields and view.target:
            texts.append(("target", "", view.target))
        texts.extend(("candidate", engine, text) for engine, text in cands.get(view.key, []))
        for where, engine, text in texts:
            spans = _count(compiled, text, clock)
            if spans:
                hits.append(Hit(view.key, view.index + 1, where, engine, text, spans))
    return hits


def matching_keys(hits: Iterable[Hit]) -> list[str]:
    """Segment keys of ``hits``, each once, in document order."""
    return list(dict.fromkeys(h.key for h in hits))


__all__ = ["Change", "Hit", "Operation", "Outcome", "Pattern", "Preview", "apply", "matching_keys", "operations",
           "preview", "search", "undo"]
