"""The review service: every mutation of review state goes through here.

One method call is one database transaction that (1) checks the acting user's role, (2) checks the
caller's version against the stored one (optimistic locking), (3) applies the change and (4) appends a
revision row saying who changed which field from what to what, and why. The CLI, the Streamlit app and the
tests all use this class; nothing else writes to the review tables.

Optimistic locking: callers pass the version they last saw. The UPDATE is conditional on that version
(``WHERE version = :expected``), which is atomic on both SQLite (``BEGIN IMMEDIATE``) and PostgreSQL (row
lock, then re-evaluation of the WHERE clause). A stale version raises :class:`ConflictError` carrying the
current text, so no save ever overwrites another silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from review_app import review_settings
from review_app.errors import (
    ConflictError,
    InputError,
    InvalidTransition,
    NotFoundError,
    PermissionDenied,
    ReviewAppError,
)
from review_app.models import BlockKind, Candidate, Comment, Revision, Role, SegmentView, Status, is_blank_target
from review_app.store.db import Database
from review_app.store.queries import narrow, segment_view
from review_app.store.schema import (
    CandidateRow,
    CommentRow,
    DocumentRow,
    ProjectRow,
    RevisionRow,
    SegmentRow,
    TargetRow,
    utcnow,
)

if TYPE_CHECKING:
    from review_app.glossary.model import Glossary

# What each role may do. Enforced here, not only by hiding buttons in the app.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "read": frozenset(Role),
    "edit_target": frozenset(Role),
    "comment": frozenset(Role),
    "review": frozenset({Role.REVIEWER, Role.ADMIN}),  # reviewed / approved / rejected
    "correct_source": frozenset({Role.REVIEWER, Role.ADMIN}),
    "annotate": frozenset({Role.REVIEWER, Role.ADMIN}),
    "readers_note": frozenset({Role.REVIEWER, Role.ADMIN}),  # published text: footnotes of the article
    "add_candidates": frozenset({Role.REVIEWER, Role.ADMIN}),
    "import": frozenset({Role.ADMIN}),
    # the reviewer publishes the article and keeps the termbase; translators do neither (issue: "translator cannot
    # approve, edit the glossary or export; reviewer cannot manage users")
    "export": frozenset({Role.REVIEWER, Role.ADMIN}),
    "glossary": frozenset({Role.REVIEWER, Role.ADMIN}),
    "manage_users": frozenset({Role.ADMIN}),
    "settings": frozenset({Role.ADMIN}),  # the project's review workflow (review_app/review_settings.py)
}
REVIEW_STATUSES = frozenset({Status.REVIEWED, Status.APPROVED, Status.REJECTED})
MAX_TEXT = 100_000


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting. ``Actor.local()`` is the single user of local (SQLite) mode."""

    name: str
    role: Role

    @classmethod
    def local(cls, name: str = "local") -> Actor:
        return cls(name=name, role=Role.ADMIN)


def clean_text(text: str, what: str) -> str:
    """Refuse text no database or export can hold, at the boundary of every change (CLI, app, API)."""
    if "\x00" in text:
        raise InputError(f"{what} contains a NUL character; remove it")
    bad = next((ch for ch in text if "\ud800" <= ch <= "\udfff"), None)
    if bad is not None:
        raise InputError(
            f"{what} contains U+{ord(bad):04X}, a byte that is not UTF-8 (was it typed in a terminal set to "
            "another encoding, such as Latin-1?); set the terminal to UTF-8 and try again"
        )
    if len(text) > MAX_TEXT:
        raise InputError(f"{what} is {len(text):,} characters; the limit is {MAX_TEXT:,}")
    return text


def _clean_reason(reason: str | None) -> str | None:
    return None if reason is None else clean_text(reason, "reason")


def _effective_source(seg: SegmentRow) -> str:
    return seg.corrected_source if seg.corrected_source is not None else seg.source




@dataclass(frozen=True, slots=True)
class TargetChange:
    """One target to save in :meth:`ReviewService.save_targets`: the text, the version the caller saw and
    optionally a status (``None``: the rule of :meth:`ReviewService.save_target`)."""

    key: str
    text: str
    expected_version: int
    status: Status | str | None = None


class ReviewService:
    """Review operations on one project, as one actor."""

    def __init__(self, db: Database, project: str, actor: Actor | None) -> None:
        self.db = db
        self.project_name = project
        self.actor = actor
        with db.read_session() as s:
            row = s.scalar(select(ProjectRow).where(ProjectRow.name == project))
            if row is None:
                raise NotFoundError(f"no project named {project!r} in this database")
            self.project_id = row.id
            self.source_lang = row.source_lang
            self.target_lang = row.target_lang

    # -- permissions -------------------------------------------------------------------------------
    def can(self, action: str) -> bool:
        return self.actor is not None and self.actor.role in PERMISSIONS[action]

    def require(self, action: str) -> Actor:
        if self.actor is None:
            raise PermissionDenied(f"sign in first: '{action}' needs a signed-in user")
        if self.actor.role not in PERMISSIONS[action]:
            allowed = ", ".join(sorted(r.value for r in PERMISSIONS[action]))
            raise PermissionDenied(
                f"{self.actor.name} ({self.actor.role.value}) may not {action.replace('_', ' ')}; "
                f"allowed roles: {allowed}"
            )
        return self.actor

    # -- glossary ----------------------------------------------------------------------------------
    def save_glossary(self, glossary: Glossary, path: str | Path, *, base_hash: str | None = None) -> Glossary:
        """Save an edited glossary file as this actor (the app's Glossary page and any CLI edit go through here).

        Needs the ``glossary`` permission, checked before the file is read or written; then
        :func:`review_app.glossary.versioning.save_new_version` bumps the version, refuses with
        ``GlossaryConflict`` if the file no longer has ``base_hash`` and writes it atomically.
        """
        self.require("glossary")
        from review_app.glossary.versioning import save_new_version

        return save_new_version(glossary, path, base_hash=base_hash)

    # -- article titles --------------------------------------------------------------------------
    def titles(self) -> dict[str, str]:
        """The article's title per language (``{"ja": …, "en": …}``) as set with :meth:`set_title`; exports use
        them instead of a title guessed from the first heading or the file name."""
        self.require("read")
        with self.db.read_session() as s:
            row = s.get(ProjectRow, self.project_id)
            raw = dict(row.settings or {}).get("titles", {}) if row else {}
        return {str(k): str(v) for k, v in raw.items()} if isinstance(raw, dict) else {}

    def set_title(self, lang: str, text: str | None) -> dict[str, str]:
        """Set (or with None/empty clear) the article title in ``lang``, one of the project's two languages.

        A publishing decision like exporting, so it needs the ``export`` permission (reviewer or admin)."""
        self.require("export")
        if lang not in (self.source_lang, self.target_lang):
            raise InputError(f"title language {lang!r} is neither the source ({self.source_lang}) nor the target "
                             f"({self.target_lang}) language of project {self.project_name!r}")
        value = " ".join(clean_text(text or "", f"the {lang} title").split())
        with self.db.session() as s:
            row = s.get(ProjectRow, self.project_id, with_for_update=True)  # no lost update between two editors
            if row is None:
                raise NotFoundError(f"project {self.project_name!r} no longer exists")
            settings = dict(row.settings or {})
            titles = {str(k): str(v) for k, v in dict(settings.get("titles") or {}).items()}
            if value:
                titles[lang] = value
            else:
                titles.pop(lang, None)
            settings["titles"] = titles
            row.settings = settings  # a new dict: SQLAlchemy sees the JSON change
        return titles

    # -- queries -----------------------------------------------------------------------------------
    def _base_query(self):  # type: ignore[no-untyped-def]
        return (
            select(SegmentRow, TargetRow)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .join(TargetRow, TargetRow.segment_id == SegmentRow.id)
            .where(DocumentRow.project_id == self.project_id)
        )

    def list_segments(
        self,
        *,
        statuses: Iterable[Status | str] | None = None,
        kinds: Iterable[BlockKind | str] | None = None,
        search: str | None = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[SegmentView]:
        self.require("read")
        q = self._base_query()
        q = narrow(q, statuses=statuses, kinds=kinds, search=search)
        q = q.order_by(DocumentRow.id, SegmentRow.idx).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.db.read_session() as s:
            return [segment_view(seg, tgt) for seg, tgt in s.execute(q).all()]

    def count_segments(self) -> int:
        self.require("read")
        with self.db.read_session() as s:
            return int(s.scalar(select(func.count()).select_from(self._base_query().subquery())) or 0)

    def status_counts(self) -> dict[str, int]:
        q = (
            select(TargetRow.status, func.count())
            .join(SegmentRow, TargetRow.segment_id == SegmentRow.id)
            .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
            .where(DocumentRow.project_id == self.project_id)
            .group_by(TargetRow.status)
        )
        self.require("read")
        counts = {s.value: 0 for s in Status}
        with self.db.read_session() as s:
            for status, n in s.execute(q).all():
                counts[status] = int(n)
        return counts

    def _load(self, s: Session, key: str) -> tuple[SegmentRow, TargetRow]:
        row = s.execute(self._base_query().where(SegmentRow.key == key)).first()
        if row is None:
            raise NotFoundError(f"no segment {key!r} in project {self.project_name!r}")
        return row[0], row[1]

    def get_segment(self, key: str) -> SegmentView:
        self.require("read")
        with self.db.read_session() as s:
            return segment_view(*self._load(s, key))

    def history(self, key: str) -> list[Revision]:
        self.require("read")
        with self.db.read_session() as s:
            seg, _ = self._load(s, key)
            rows = s.scalars(select(RevisionRow).where(RevisionRow.segment_id == seg.id).order_by(RevisionRow.id)).all()
            return [
                Revision(
                    id=r.id,
                    segment_key=key,
                    user=r.user,
                    at=r.at,
                    field=r.field,
                    old=r.old,
                    new=r.new,
                    reason=r.reason,
                    version=r.version,
                )
                for r in rows
            ]

    def recent_activity(self, limit: int = 20) -> list[Revision]:
        self.require("read")
        with self.db.read_session() as s:
            rows = s.execute(
                select(RevisionRow, SegmentRow.key)
                .join(SegmentRow, RevisionRow.segment_id == SegmentRow.id)
                .where(RevisionRow.project_id == self.project_id)
                .order_by(RevisionRow.id.desc())
                .limit(limit)
            ).all()
            return [Revision(r.id, key, r.user, r.at, r.field, r.old, r.new, r.reason, r.version) for r, key in rows]

    def comments(self, key: str) -> list[Comment]:
        self.require("read")
        with self.db.read_session() as s:
            seg, _ = self._load(s, key)
            rows = s.scalars(select(CommentRow).where(CommentRow.segment_id == seg.id).order_by(CommentRow.id)).all()
            return [Comment(c.id, key, c.user, c.at, c.body, c.parent_id) for c in rows]

    def candidates(self, key: str) -> list[Candidate]:
        self.require("read")
        with self.db.read_session() as s:
            seg, _ = self._load(s, key)
            rows = s.scalars(
                select(CandidateRow).where(CandidateRow.segment_id == seg.id).order_by(CandidateRow.id)
            ).all()
            return [Candidate(c.engine, c.text, dict(c.provenance), key, c.created_at, c.id) for c in rows]

    # -- mutations ---------------------------------------------------------------------------------
    def _revision(
        self,
        s: Session,
        seg: SegmentRow,
        field: str,
        old: str | None,
        new: str | None,
        reason: str | None,
        version: int | None,
        at: datetime,
    ) -> None:
        assert self.actor is not None
        s.add(
            RevisionRow(
                project_id=self.project_id,
                segment_id=seg.id,
                user=self.actor.name,
                at=at,
                field=field,
                old=old,
                new=new,
                reason=reason,
                version=version,
            )
        )

    def _conflict(self, s: Session, seg: SegmentRow, expected: int) -> ConflictError:
        current = s.get(TargetRow, seg.id, populate_existing=True)
        assert current is not None
        who = f" by {current.updated_by}" if current.updated_by else ""
        return ConflictError(
            f"segment {seg.key} was changed{who} since you loaded it (you had version {expected}, "
            f"it is now {current.version}); reload, merge and save again",
            segment_key=seg.key,
            current_text=current.text,
            current_version=current.version,
            current_status=current.status,
            updated_by=current.updated_by,
        )

    def _check_status(self, status: Status, text: str | None) -> None:
        if status in REVIEW_STATUSES:
            self.require("review")
        if status in (Status.APPROVED, Status.REVIEWED, Status.TRANSLATED) and is_blank_target(text):
            raise InvalidTransition(f"cannot mark an empty target as {status.value} (it has no visible text); write "
                                    "a translation first")
        if status is Status.NEW and not is_blank_target(text):
            raise InvalidTransition("'new' is only for segments without a target; use 'draft'")

    def save_target(
        self,
        key: str,
        text: str,
        *,
        expected_version: int,
        status: Status | str | None = None,
        reason: str | None = None,
    ) -> SegmentView:
        """Save a new target text (and optionally a status) if nobody saved since ``expected_version``."""
        actor = self.require("edit_target")
        text = clean_text(text, "target")
        if is_blank_target(text):
            text = ""  # whitespace or invisible characters alone are no translation: never a draft of them
        reason = _clean_reason(reason)
        with self.db.session() as s:
            return self._save_target_in(s, actor, key, text, expected_version, status, reason)

    def save_targets(
        self, changes: Sequence[TargetChange], *, reason: str | None = None
    ) -> list[SegmentView | ReviewAppError]:
        """Save many targets in ONE transaction (find & replace and its undo), each exactly as
        :meth:`save_target` would: its own version check, status rule and revision rows with ``reason``.

        A change whose segment was saved by somebody else since ``expected_version``, or whose new status the
        actor may not set (an empty target cannot be translated…), is refused on its own: its place in the
        result holds the error (:class:`ConflictError`, :class:`InvalidTransition`, :class:`PermissionDenied`, a
        project setting that blocks approval…) and nothing of it is written; every other change is written.
        Either all accepted changes are stored or, if the transaction fails, none."""
        actor = self.require("edit_target")
        reason = _clean_reason(reason)
        texts = [clean_text(c.text, f"target of {c.key}") for c in changes]
        texts = ["" if is_blank_target(t) else t for t in texts]  # as save_target: blank is no translation
        out: list[SegmentView | ReviewAppError] = []
        with self.db.session() as s:
            for change, text in zip(changes, texts, strict=True):
                try:  # every refusal is raised before the segment's row is written
                    out.append(self._save_target_in(s, actor, change.key, text, change.expected_version,
                                                     change.status, reason))
                except ReviewAppError as exc:
                    out.append(exc)
        return out

    def _save_target_in(
        self,
        s: Session,
        actor: Actor,
        key: str,
        text: str,
        expected_version: int,
        status: Status | str | None,
        reason: str | None,
    ) -> SegmentView:
        # the body of save_target, in the caller's transaction
        seg, tgt = self._load(s, key)
        if tgt.version != expected_version:
            raise self._conflict(s, seg, expected_version)
        old_status = Status(tgt.status)
        old_text = tgt.text or ""
        if status is not None:
            new_status = Status(status)
            if new_status is Status.DRAFT and not text:
                raise InvalidTransition("an empty target is 'new', not a draft: write a translation first")
        elif text == old_text:
            new_status = old_status
        elif not text:
            new_status = Status.NEW  # the target was cleared: the segment has no translation again
        elif old_status is Status.NEW:
            new_status = Status.DRAFT
        elif old_status in REVIEW_STATUSES:
            new_status = Status.TRANSLATED  # changed after review: needs review again
        else:
            new_status = old_status
        if text == old_text and new_status is old_status:
            return segment_view(seg, tgt)  # nothing to save: the version stays (callers compare it)
        self._check_status(new_status, text)
        if new_status in (Status.APPROVED, Status.REVIEWED):
            review_settings.enforce(s, self, key, _effective_source(seg), text)
        now = utcnow()
        new_version = tgt.version + 1
        result = s.execute(
            update(TargetRow)
            .where(TargetRow.segment_id == seg.id, TargetRow.version == expected_version)
            .values(
                text=text or None, status=new_status.value, version=new_version, updated_by=actor.name,
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise self._conflict(s, seg, expected_version)
        if text != (tgt.text or ""):
            self._revision(s, seg, "target", tgt.text, text or None, reason, new_version, now)
        if new_status is not old_status:
            self._revision(s, seg, "status", old_status.value, new_status.value, reason, new_version, now)
        s.expire(tgt)
        return segment_view(seg, s.get(TargetRow, seg.id, populate_existing=True))  # type: ignore[arg-type]

    def set_status(
        self, key: str, status: Status | str, *, expected_version: int, reason: str | None = None
    ) -> SegmentView:
        actor = self.require("edit_target")
        new_status = Status(status)
        reason = _clean_reason(reason)
        with self.db.session() as s:
            seg, tgt = self._load(s, key)
            if tgt.version != expected_version:
                raise self._conflict(s, seg, expected_version)
            old_status = Status(tgt.status)
            if new_status is old_status:
                return segment_view(seg, tgt)
            self._check_status(new_status, tgt.text)
            if new_status in (Status.APPROVED, Status.REVIEWED):
                review_settings.enforce(s, self, key, _effective_source(seg), tgt.text)
            if new_status is Status.DRAFT and old_status in REVIEW_STATUSES:
                self.require("review")  # only reviewers take a reviewed segment back
            now = utcnow()
            new_version = tgt.version + 1
            result = s.execute(
                update(TargetRow)
                .where(TargetRow.segment_id == seg.id, TargetRow.version == expected_version)
                .values(status=new_status.value, version=new_version, updated_by=actor.name, updated_at=now)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise self._conflict(s, seg, expected_version)
            self._revision(s, seg, "status", old_status.value, new_status.value, reason, new_version, now)
            return segment_view(seg, s.get(TargetRow, seg.id, populate_existing=True))  # type: ignore[arg-type]

    def approve(self, key: str, *, expected_version: int, reason: str | None = None) -> SegmentView:
        return self.set_status(key, Status.APPROVED, expected_version=expected_version, reason=reason)

    def correct_source(
        self, key: str, text: str | None, *, expected_source_version: int, reason: str | None = None
    ) -> SegmentView:
        """Record a correction of the source segment (``None`` removes it); the original is kept."""
        self.require("correct_source")
        reason = _clean_reason(reason)
        if text is not None:
            text = clean_text(text, "corrected source")
            if not text.strip():
                raise InputError("a corrected source cannot be empty; pass no text to remove the correction")
        with self.db.session() as s:
            seg, tgt = self._load(s, key)
            if seg.source_version != expected_source_version:
                raise ConflictError(
                    f"the source of segment {key} was corrected since you loaded it (version "
                    f"{expected_source_version} → {seg.source_version}); reload and try again",
                    segment_key=key,
                    current_text=seg.corrected_source,
                    current_version=seg.source_version,
                )
            if text == seg.source:
                text = None
            if text == seg.corrected_source:
                return segment_view(seg, tgt)
            now = utcnow()
            new_version = seg.source_version + 1
            result = s.execute(
                update(SegmentRow)
                .where(SegmentRow.id == seg.id, SegmentRow.source_version == expected_source_version)
                .values(corrected_source=text, source_version=new_version)
                .execution_options(synchronize_session=False)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise ConflictError(
                    f"the source of segment {key} was corrected concurrently; reload and try again",
                    segment_key=key,
                    current_text=None,
                    current_version=-1,
                )
            old = seg.corrected_source if seg.corrected_source is not None else seg.source
            self._revision(s, seg, "source", old, text if text is not None else seg.source, reason, new_version, now)
            s.expire(seg)
            return segment_view(*self._load(s, key))

    def revert(self, key: str, revision_id: int, *, expected_version: int) -> SegmentView:
        """Restore the target text as it was right after revision ``revision_id`` (a new revision)."""
        with self.db.session() as s:
            seg, _ = self._load(s, key)
            rev = s.get(RevisionRow, revision_id)
            if rev is None or rev.segment_id != seg.id or rev.field != "target":
                raise NotFoundError(f"segment {key} has no target revision {revision_id}")
            text = rev.new or ""
            label = f"v{rev.version}" if rev.version else f"revision {revision_id}"
        # the reason names the version the history shows for that row (revision ids are internal row numbers)
        return self.save_target(key, text, expected_version=expected_version, reason=f"revert to {label}")

    def add_comment(self, key: str, body: str, *, parent_id: int | None = None) -> Comment:
        actor = self.require("comment")
        body = clean_text(body, "comment").strip()
        if not body:
            raise InputError("a comment cannot be empty")
        with self.db.session() as s:
            seg, _ = self._load(s, key)
            if parent_id is not None:
                parent = s.get(CommentRow, parent_id)
                if parent is None or parent.segment_id != seg.id:
                    raise NotFoundError(f"segment {key} has no comment {parent_id} to reply to")
            row = CommentRow(segment_id=seg.id, parent_id=parent_id, user=actor.name, at=utcnow(), body=body)
            s.add(row)
            s.flush()
            return Comment(row.id, key, row.user, row.at, row.body, row.parent_id)

    def add_candidates(self, candidates: Sequence[Candidate]) -> int:
        """Store MT candidates (each with its provenance) for the segments named by ``segment_key``."""
        self.require("add_candidates")
        unkeyed = [c.engine for c in candidates if not c.segment_key]
        if unkeyed:
            raise InputError(f"{len(unkeyed)} candidate(s) of engine {unkeyed[0]!r} name no segment")
        keys = {str(c.segment_key) for c in candidates}
        with self.db.session() as s:
            ids = dict(
                s.execute(
                    select(SegmentRow.key, SegmentRow.id)
                    .join(DocumentRow, SegmentRow.document_id == DocumentRow.id)
                    .where(DocumentRow.project_id == self.project_id, SegmentRow.key.in_(keys))
                ).all()
            )
            missing = sorted(k for k in keys if k not in ids)
            if missing:
                raise NotFoundError(f"no segments {', '.join(map(str, missing[:5]))} in project {self.project_name!r}")
            now = utcnow()
            for c in candidates:
                s.add(
                    CandidateRow(
                        segment_id=ids[str(c.segment_key)],
                        engine=c.engine,
                        text=clean_text(c.text, "candidate"),
                        provenance=c.provenance,
                        created_at=c.created_at or now,
                    )
                )
        return len(candidates)
