"""The state of one run of the Review page and the actions its sections share.

A :class:`Review` is built at the top of the page and filled in as the page runs (filters, then the open segment);
each section module renders from it. Callbacks bound to it (``on_click=rv.save``…) run at the start of the next
run with the values of the run that drew the button, as Streamlit callbacks do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import streamlit as st

from review_app.app import cache, qa_refresh, queries
from review_app.app.review import keys
from review_app.errors import ConflictError, ReviewAppError
from review_app.models import Segment, Status
from review_app.project import OpenProject
from review_app.review import ReviewService
from review_app.review_settings import ReviewSettings
from review_app.store.stamp import Stamp

T = TypeVar("T")

# Projects up to this many segments get their QA run refreshed after each change (the shipped 326-segment article
# takes about 0.2 s); larger ones keep the last run until "Run QA checks now" and show outdated findings as such.
QA_REFRESH_LIMIT = 1500


def section(label: str, key: str, *, has_content: bool = False) -> tuple[Any, bool]:
    """An expander whose body is drawn only while it is open (``key``: one of ``keys.LAZY_SECTIONS``): opening
    or closing it reruns the page, and a closed one costs neither reads nor widgets on each action. One with
    ``has_content`` (a note, annotations) starts open, as the plain expanders did. Returns the expander and
    whether to draw its body."""
    box = st.expander(label, expanded=has_content, key=key, on_change="rerun")
    return box, bool(box.open) or has_content


@dataclass
class Review:
    svc: ReviewService
    op: OpenProject
    qa: Any  # optional modules: None when not installed
    mqm_mod: Any
    scores_mod: Any
    gloss: Any
    total: int = 0
    filters: queries.Filters = field(default_factory=queries.Filters)
    # the open segment (set by segment_list.open_segment)
    key: str = ""
    seg: Segment | None = None
    next_key: str | None = None
    issues: list[dict[str, Any]] = field(default_factory=list)
    mqm_svc: Any = None
    annotations: list[Any] = field(default_factory=list)
    source_terms: list[Any] = field(default_factory=list)  # glossary matches in the effective source
    settings: ReviewSettings = field(default_factory=ReviewSettings)  # the project's review settings
    stamp: Stamp | None = None  # the project's change stamp, read once at the top of the run (app/cache.py)
    gloss_sig: str = ""  # the glossary's signature (a key of the cached QA of one text)
    qa_config: Any = None  # the project's QA settings (review_app/qa_settings.py): which checks run on one text
    qa_config_sig: str = ""  # …as a key of the cached QA of one text

    def read(self, fn: Callable[..., T], *args: Any) -> T:
        """A read of the project, done once per change stamp (``fn(svc, *args)`` or a bound method's
        ``fn(*args)``; see :mod:`review_app.app.cache`)."""
        if self.stamp is None:
            self.stamp = cache.stamp(self.svc)
        return cache.read(self.svc, self.stamp, fn, *args)

    @property
    def ss(self) -> Any:
        return st.session_state

    @property
    def segment(self) -> Segment:
        assert self.seg is not None, "no segment open"
        return self.seg

    @property
    def editor_key(self) -> str:
        return keys.editor(self.key)

    @property
    def editor_text(self) -> str:
        return str(self.ss[self.editor_key])

    # -- messages and navigation ----------------------------------------------------------------------------------
    def flash(self, kind: str, msg: str) -> None:
        """A message for the next run: shown under the action buttons and, for successes, as a toast (visible
        wherever the page is scrolled)."""
        self.ss[keys.FLASH].append((kind, msg))

    def go_to(self, key: str | None) -> None:
        if key is not None:
            self.ss[keys.REVIEW_KEY] = key

    # -- editor state -----------------------------------------------------------------------------------------------
    def keep_draft(self) -> None:
        """Remember unsaved editor text per segment, so moving to another segment never loses it."""
        ss, key = self.ss, self.key
        text = ss[self.editor_key]
        ss[keys.PREFILLED].pop(key, None)  # edited by hand (or put back): no longer "pre-filled"
        if text != ss[keys.BASE][key][1]:
            ss[keys.DRAFTS][key] = (*ss[keys.BASE][key], text)
        else:
            ss[keys.DRAFTS].pop(key, None)

    def set_editor(self, text: str) -> None:
        """Put ``text`` into the editor (an unsaved change, kept as a draft)."""
        self.ss[self.editor_key] = text
        self.keep_draft()

    def reset_editor(self, version: int, text: str) -> None:
        """The editor now holds the saved ``text`` of ``version``: no draft, no pending merge."""
        ss, key = self.ss, self.key
        ss[keys.BASE][key] = (version, text)
        ss[self.editor_key] = text
        ss[keys.DRAFTS].pop(key, None)
        ss[keys.PREFILLED].pop(key, None)
        ss.pop(keys.merge(key), None)

    def prefetch_next(self) -> None:
        """Warm the caches for the next segment of the list (the usual next step), in the background once the
        page is drawn: its row, candidates and their QA findings (each checked alone: the costliest part of
        opening a segment), its place in the list, findings, annotations, comments and readers' note. The reads
        use the same keys as the page's, so Next ▶ finds them; a write meanwhile makes them unused."""
        nxt, filters, svc = self.next_key, self.filters, self.svc
        if nxt is None:
            return
        gloss, sig, qa_on, mqm_svc = self.gloss, self.gloss_sig, self.qa is not None, self.mqm_svc
        config, config_sig = self.qa_config, self.qa_config_sig

        def job() -> None:
            from review_app.app.review.candidates import siblings, unit_findings
            from review_app.notes import ReadersNoteService

            qa_refresh.refresher(svc.db, svc.project_id).wait()  # the stamp after the QA refresh of a save
            at = cache.stamp(svc)
            seg = cache.read(svc, at, svc.get_segment, nxt)
            cands = cache.read(svc, at, svc.candidates, nxt)
            texts = list({c.engine: c.text for c in cands}.values())
            for c in cands:
                if qa_on:
                    unit_findings(seg.effective_source, c.text, gloss, sig, config, config_sig,
                                  siblings(config, texts, c.text))
            cache.read(svc, at, queries.position, filters, nxt)
            cache.read(svc, at, queries.issue_neighbor, filters, nxt, -1)
            cache.read(svc, at, queries.issue_neighbor, filters, nxt, 1)
            if qa_on:
                cache.read(svc, at, queries.segment_issues, seg)
            if mqm_svc is not None:
                cache.read(svc, at, mqm_svc.list, nxt)
            cache.read(svc, at, svc.comments, nxt)
            cache.read(svc, at, ReadersNoteService(svc).state, nxt)

        cache.prefetch(job)

    @property
    def refresher(self) -> qa_refresh.Refresher:
        return qa_refresh.refresher(self.svc.db, self.svc.project_id)

    def refresh_qa(self, *, later: bool = False) -> None:
        """Re-run the project's QA after a change (small projects with a QA run only; see QA_REFRESH_LIMIT) — now,
        or with ``later`` once the page is drawn (app/qa_refresh.py: a target save does not wait for the checks)."""
        if self.qa is None or self.total > QA_REFRESH_LIMIT or not queries.has_qa_run(self.svc):
            return
        svc, qa, gloss = self.svc, self.qa, self.gloss
        if later:
            self.refresher.request(lambda: qa.run_project(svc, glossary=gloss), self.key)
            return
        self.refresher.drop_pending()  # this one covers it
        error = self.refresher.wait()  # never two refreshes at once, nor one overtaking a newer change
        try:
            qa.run_project(svc, glossary=gloss)
        except ReviewAppError as exc:
            error = exc
        if error is not None:
            self.flash("warning", f"Saved, but the QA checks could not run again: {error}")

    def open_findings_of(self, v: Any) -> list[tuple[str, str]]:
        """(check, severity) of the critical and major findings on the text just saved as ``v``: the stored ones
        when the text is the one the last QA run checked, else the text checked alone (the project's run is being
        refreshed in the background; a dismissal belongs to an older text)."""
        stored = queries.segment_issues(self.svc, v)  # after a write: read afresh
        if not any(i["stale"] for i in stored):
            return [(i["check"], i["severity"]) for i in stored
                    if not i["dismissed"] and i["severity"] in ("critical", "major")]
        from review_app.app.review.candidates import unit_findings

        found = unit_findings(v.effective_source, v.target or "", self.gloss, self.gloss_sig, self.qa_config,
                              self.qa_config_sig)
        return [(i["check"], i["severity"]) for i in found
                if i["side"] != "source" and i["severity"] in ("critical", "major")]

    # -- saving (used by the QA fixes, the editor buttons, the conflict view and the history) ------------------------
    def save(self, text: str, expected: int, status: str | None = None, reason: str | None = None, *,
             qa_now: bool = False) -> bool:
        ss, key = self.ss, self.key
        gated = (self.settings.block_approval != "off" and status in ("approved", "reviewed")
                 and text != ss[keys.BASE][key][1] and self.total <= QA_REFRESH_LIMIT and self.qa is not None)
        if gated:
            # The project blocks approval on open QA findings, which describe the saved text: save the new text
            # first, check it, then approve (the service refuses if a finding on this very text is open).
            if not self.save(text, expected, None, reason, qa_now=True):
                return False
            text, expected = ss[keys.BASE][key][1], ss[keys.BASE][key][0]
        try:
            v = self.svc.save_target(key, text, expected_version=expected, status=status, reason=reason)
        except ConflictError as exc:
            ss[keys.CONFLICT] = {
                "key": key, "mine": text, "base": ss[keys.BASE][key][1], "theirs": exc.current_text or "",
                "version": exc.current_version, "by": exc.updated_by, "status": status,
            }
            return False
        except ReviewAppError as exc:
            self.flash("error", (f"Your text is saved (version {expected}), but the segment is not {status}: {exc}"
                                 if gated else str(exc)))
            return False
        self.reset_editor(v.version, v.target or "")
        ss.pop(keys.CONFLICT, None)
        if v.version == expected:  # the service saved nothing: say so, never "Saved"
            self.flash("info", f"Nothing to save on #{v.index + 1}: " + (
                "the editor is empty (spaces alone are no translation) — type a translation or use a candidate."
                if not v.target else f"text and status are unchanged (version {v.version}, {v.status.value})."))
            return True
        ss[keys.CHANGED] = key
        self.refresh_qa(later=not qa_now)
        if not v.target:
            self.flash("success", f"Cleared the target of #{v.index + 1}: version {v.version}, status "
                       f"{v.status.value} (the old text is in the history)")
        else:
            self.flash("success", f"Saved #{v.index + 1}: version {v.version}, status {v.status.value}")
        if v.status in (Status.APPROVED, Status.REVIEWED) and self.qa is not None:
            left = self.open_findings_of(v)
            if left:
                self.flash("warning", f"#{v.index + 1} is {v.status.value} with {len(left)} open critical/major QA "
                           "finding(s): " + "; ".join(f"{check} ({severity})" for check, severity in left)
                           + " — fix or dismiss them, or leave a comment.")
        return True

    def do_save(self, status: str | None = None) -> None:
        self.save(self.editor_text, self.ss[keys.BASE][self.key][0], status)

    def do_save_next(self, status: str, nxt: str | None) -> None:
        """Save with ``status`` and move on to the next segment of the list (CAT-tool 'confirm and next')."""
        if self.save(self.editor_text, self.ss[keys.BASE][self.key][0], status):
            if nxt is None:
                self.flash("info", "That was the last segment of the list.")
            else:
                self.go_to(nxt)


def qa_settings_of(svc: ReviewService) -> tuple[Any, str]:
    """The project's QA settings as a check configuration and a cache key (:mod:`review_app.qa_settings`); the
    defaults when the stored mapping no longer parses (the project's QA run reports that error)."""
    import json

    from review_app import qa_settings
    from review_app.errors import ReviewAppError

    try:
        data = qa_settings.load(svc)
        size = svc.count_segments()  # the meaning checks run by themselves on a small project
        return qa_settings.config(data).sized(size), json.dumps({"qa": data, "size": size}, sort_keys=True,
                                                                 default=str)
    except ReviewAppError:
        return None, ""
