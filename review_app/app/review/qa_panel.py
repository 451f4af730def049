"""QA findings of the open segment (latest QA run), with one-click glossary fixes and dismissal."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st

from review_app.app import queries
from review_app.app.review import keys
from review_app.app.review.context import Review
from review_app.errors import ReviewAppError
from review_app.quickfix import Fix, fix_for_issue, value_fix


def load(rv: Review) -> None:
    """The open segment's findings and MQM annotations (read once, used by several sections)."""
    rv.issues = rv.read(queries.segment_issues, rv.segment) if rv.qa is not None else []
    rv.mqm_svc = rv.mqm_mod.MqmService(rv.svc) if rv.mqm_mod is not None else None
    rv.annotations = rv.read(rv.mqm_svc.list, rv.key) if rv.mqm_svc is not None else []


def _dismiss(rv: Review, fp: str) -> None:
    try:
        rv.qa.dismiss(rv.svc, fp, reason="dismissed in the review app")
        rv.flash("success", "QA finding dismissed")
    except ReviewAppError as exc:
        rv.flash("error", str(exc))


MEANING_WORD_CHECKS = ("omission", "addition")
"""The findings a dictionary gap can make, where accepting a rendering helps (the Review page offers it)."""


def words_of(message: str, source: str, span: Any) -> list[str]:
    """The source words a meaning finding names (its ``uncovered:`` list), else the source text it points at."""
    m = re.search(r"uncovered: ([^)]*)\)", message)
    if m:
        return [w.strip() for w in m.group(1).split(",") if w.strip()]
    if span and 0 <= span[0] < span[1] <= len(source) and span[1] - span[0] <= 30:
        return [source[span[0]:span[1]]]
    m = re.search(r"the source's '([^']{1,30})'", message)
    return [m.group(1)] if m else []


def _accept(rv: Review, form_key: str) -> None:
    from review_app import qa_settings
    from review_app.checks.renderings import parse_pair

    picked = st.session_state.get(f"{form_key}-word") or ""
    other = (st.session_state.get(f"{form_key}-other") or "").strip()
    english = (st.session_state.get(f"{form_key}-en") or "").strip()
    word = other or picked
    try:
        key, words = parse_pair(f"{word}={english}", "accepted rendering")
        qa_settings.accept(rv.svc, add=[(key, words)])
    except ReviewAppError as exc:
        rv.flash("error", f"Not accepted: {exc}")
        return
    rv.refresh_qa()
    rv.flash("success", f"Accepted {', '.join(words)} as a rendering of {key} in every segment of the project "
             "(Settings → Accepted renderings lists and removes them); the QA checks use it from now on.")


def accept_form(rv: Review, form_key: str, message: str, span: Any, where: Any) -> None:
    """A popover that accepts an English word as a rendering of a source word the finding (``message``,
    ``span`` of the source) names."""
    words = words_of(message, rv.segment.effective_source, span)
    with where.popover("Accept a rendering", help="The target renders it in words the dictionary does not know: "
                       "accept them for the whole project"), st.form(form_key):
        st.caption("The meaning checks will count these English words as a rendering of the source word in every "
                   "segment of this project (stored in the project's QA settings, with the glossary's keepers).")
        if words:
            st.selectbox("Source word", words, key=f"{form_key}-word")
        st.text_input("…or another source word" if words else "Source word", key=f"{form_key}-other",
                      placeholder="集める", help="As the source writes it: a verb's stem (達し) reaches its dictionary "
                      "form (達する)")
        st.text_input("English word(s), comma-separated", key=f"{form_key}-en", placeholder="attract, draw")
        st.form_submit_button("Accept", on_click=_accept, args=(rv, form_key))


def apply_fix(rv: Review, fix: Fix) -> None:
    """Apply a glossary fix: a source fix is saved as a source correction (the original is kept); a target fix
    goes into the editor, to be checked and saved."""
    seg = rv.segment
    if fix.side == "source":
        try:
            rv.svc.correct_source(rv.key, fix.apply(seg.effective_source), expected_source_version=seg.source_version,
                                  reason=fix.reason)
        except (ReviewAppError, ValueError) as exc:
            rv.flash("error", f"Source not corrected: {exc}")
            return
        rv.refresh_qa()
        st.session_state[keys.CHANGED] = rv.key
        rv.flash("success", f"Source of #{seg.index + 1} corrected: {fix.label} (the original is kept; 'Correct the "
                 "source' undoes it).")
        return
    current = rv.editor_text
    if current == (seg.target or ""):
        new = fix.apply(current)
    elif fix.old in current:
        new = current.replace(fix.old, fix.new, 1)
    else:
        rv.flash("error", f"'{fix.old}' is not in the editor text any more; nothing replaced.")
        return
    rv.set_editor(new)
    rv.flash("info", f"Replaced {fix.label} in the editor — check it, then Save or Approve.")


def fix_of(rv: Review, i: dict[str, Any]) -> Fix | None:
    if i["stale"] or i["dismissed"]:
        return None
    seg = rv.segment
    args: dict[str, Any] = {"source": seg.effective_source, "target": seg.target, "source_span": i["source_span"],
            "target_span": i["target_span"], "message": i["message"]}
    return fix_for_issue(i["check"], i["data"], **args) or value_fix(i["check"], i["data"], **args)


def render_findings(rv: Review) -> None:
    if not rv.issues:
        return
    svc = rv.svc
    with st.container(border=True):
        st.markdown("**QA findings** (latest QA run)")
        for i in rv.issues:
            c1, c2, c3 = st.columns([5, 2.2, 1], vertical_alignment="center")
            state = (" (dismissed)" if i["dismissed"] else
                     " (made on the previous text: the QA checks are running again — refreshed on your next action)"
                     if i["stale"] and rv.refresher.busy else
                     " (outdated: the text changed since this QA run — run the QA checks again)" if i["stale"]
                     else "")
            c1.text(f"[{i['severity']}] {i['check']} ({i['side']}): {i['message']}{state}")
            fix = fix_of(rv, i)
            if fix is not None:
                allowed = svc.can("correct_source") if fix.side == "source" else svc.can("edit_target")
                c2.button(f"Fix: {fix.label}", key=f"fix-{i['fingerprint']}", on_click=apply_fix, args=(rv, fix),
                          disabled=not allowed, width="stretch", wrap=True,
                          help=("Save the source correction (the original is kept)" if fix.side == "source" else
                                "Replace it in the editor (then Save or Approve)"))
            elif (i["check"] in MEANING_WORD_CHECKS and not i["dismissed"] and not i["stale"]
                  and svc.can("glossary")):
                accept_form(rv, f"accept-{i['fingerprint']}", i["message"], i["source_span"], c2)
            if not i["dismissed"] and svc.can("annotate"):
                c3.button("Dismiss", key=f"dismiss-{i['fingerprint']}", help="Mark as a false positive (persists)",
                          on_click=_dismiss, args=(rv, i["fingerprint"]))
