"""The conflict view (a concurrent save: keep mine, take theirs, or merge), the target editor, the status buttons
(**Approve ▶ next**, Ctrl+Shift+Enter) and the feedback of the last action."""

from __future__ import annotations

from typing import Any

import streamlit as st

from review_app.app import render
from review_app.app.review import keyboard, keys
from review_app.app.review.candidates import unit_findings
from review_app.app.review.context import Review
from review_app.errors import ReviewAppError
from review_app.quickfix import Fix, fix_for_issue, value_fix


def keep_mine(rv: Review) -> None:
    c = st.session_state[keys.CONFLICT]
    rv.save(c["mine"], c["version"], c["status"], reason="kept my text over a concurrent change")


def take_theirs(rv: Review) -> None:
    c = st.session_state.pop(keys.CONFLICT)
    rv.reset_editor(c["version"], c["theirs"])
    rv.flash("info", "Took their text; your edit was discarded.")


def save_merge(rv: Review) -> None:
    c = st.session_state[keys.CONFLICT]
    rv.save(st.session_state[keys.merge(rv.key)], c["version"], c["status"], reason="merged with a concurrent change")


def reload_segment(rv: Review) -> None:
    fresh = rv.svc.get_segment(rv.key)
    rv.reset_editor(fresh.version, fresh.target or "")


def render_conflict(rv: Review) -> None:
    ss, key, seg = st.session_state, rv.key, rv.segment
    conflict = ss.get(keys.CONFLICT)
    if conflict and conflict["key"] == key:
        with st.container(border=True):
            st.error(
                f"Conflict: somebody ({conflict['by'] or 'another user'}) saved this segment (now version "
                f"{conflict['version']}) while you were editing. Nothing was overwritten — choose what to keep."
            )
            mine_col, theirs_col = st.columns(2)
            mine_col.markdown("**Your text**")
            mine_col.html(render.word_diff(conflict["theirs"], conflict["mine"]))
            theirs_col.markdown(f"**Their text (saved, version {conflict['version']})**")
            theirs_col.html(render.highlight(conflict["theirs"], []))
            ss.setdefault(keys.merge(key),
                          render.merge_suggestion(conflict["base"], conflict["mine"], conflict["theirs"]))
            st.text_area("Merge (edit, then save the merged text)", key=keys.merge(key), height=100)
            b1, b2, b3 = st.columns(3)
            b1.button("Keep mine", key="keep_mine", on_click=keep_mine, args=(rv,), width="stretch")
            b2.button("Take theirs", key="take_theirs", on_click=take_theirs, args=(rv,), width="stretch")
            b3.button("Save merged", key="save_merge", type="primary", on_click=save_merge, args=(rv,),
                      width="stretch")
    elif seg.version != ss[keys.BASE][key][0]:
        st.warning(f"This segment changed since you opened it (now version {seg.version}"
                   f"{' by ' + render.md_text(seg.updated_by) if seg.updated_by else ''}).")
        st.button("Reload the saved text", key="reload", on_click=reload_segment, args=(rv,))


def live_fixes(rv: Review) -> list[Fix]:
    """Fixes for the editor text as it is now (saved or not), found by checking the editor text alone against the
    source: the glossary's replacement of a forbidden term, and the source's number or date where the text has
    another one (``quickfix.value_fix``: "23.85 million yen" → "238.5 million yen", "2024/7/13" → "July 13,
    2024")."""
    text = rv.editor_text
    if rv.qa is None or rv.gloss is None or not text.strip():
        return []
    source = rv.segment.effective_source
    try:
        found = unit_findings(source, text, rv.gloss, rv.gloss_sig, rv.qa_config, rv.qa_config_sig)
    except ReviewAppError:
        return []
    fixes = []
    for i in found:
        if i["side"] == "source":
            continue  # source fixes are source corrections: under QA findings
        args: dict[str, Any] = {"source": source, "target": text, "source_span": i["source_span"],
                                "target_span": i["target_span"], "message": i["message"]}
        fix = fix_for_issue(i["check"], i["data"], **args) or value_fix(i["check"], i["data"], **args)
        if fix is not None and fix not in fixes:
            fixes.append(fix)
    return fixes


def apply_live_fix(rv: Review, fix: Fix) -> None:
    try:
        rv.set_editor(fix.apply(rv.editor_text))
    except ValueError:
        rv.flash("error", f"'{fix.old}' is not in the editor text any more; nothing replaced.")
        return
    rv.flash("info", f"Replaced {fix.label} in the editor — check it, then Save or Approve.")


def copy_source(rv: Review) -> None:
    rv.set_editor(rv.segment.effective_source)


def render_editor(rv: Review) -> None:
    ss = st.session_state
    st.text_area(f"Target ({rv.op.config.target_lang})", key=rv.editor_key, height=110, on_change=rv.keep_draft)
    if rv.key in ss[keys.PREFILLED]:
        st.caption(f"Pre-filled with the {ss[keys.PREFILLED][rv.key]} candidate (project review setting: prefill "
                   f"{rv.settings.prefill}) — not saved yet: Save or Approve stores it.")
    elif rv.key in ss[keys.DRAFTS]:
        st.caption("Unsaved changes (kept while you move between segments; Save to store them).")
    fixes = live_fixes(rv)
    if fixes:
        with st.container(horizontal=True, wrap=True, gap="small", vertical_alignment="center"):
            st.caption("Fixes for the editor text:")
            for n, fix in enumerate(fixes):
                st.button(f"Apply: {fix.label}", key=f"live_fix-{n}" if n else "first_fix", on_click=apply_live_fix,
                          args=(rv, fix), shortcut=keyboard.FIRST_FIX if n == 0 else None,
                          help=f"{fix.reason} — replaces it in the editor (then Save or Approve)")
    can_review = rv.svc.can("review")
    need_review = "Needs the reviewer or admin role" if not can_review else None
    next_status = "approved" if can_review else "translated"
    # The buttons flow in one row and wrap to a second one on a narrow window; none is ever cut to "Appro…".
    # Ctrl+Shift+Enter, not Ctrl+Enter: Ctrl+Enter is what people press to send a comment. The page script
    # (keyboard.py) commits the editor's text before any shortcut presses a button.
    with st.container(horizontal=True, wrap=True, gap="small"):
        st.button("Approve ▶ next" if can_review else "Translated ▶ next", key="save_next", type="primary",
                  on_click=rv.do_save_next, args=(next_status, rv.next_key), shortcut=keyboard.APPROVE_NEXT,
                  help=f"Save the editor text as {next_status} and open the next segment of the list")
        st.button("Save", key="save", on_click=rv.do_save, help="Save as a draft")
        st.button("Save as translated", key="save_translated", on_click=rv.do_save, args=("translated",))
        st.button("Approve", key="approve", on_click=rv.do_save, args=("approved",), disabled=not can_review,
                  help=need_review)
        st.button("Mark reviewed", key="mark_reviewed", on_click=rv.do_save, args=("reviewed",),
                  disabled=not can_review, help=need_review)
        st.button("Reject", key="reject", on_click=rv.do_save, args=("rejected",), disabled=not can_review,
                  help=need_review)
        st.button("Copy source", key="copy_source", on_click=copy_source, args=(rv,), shortcut=keyboard.COPY_SOURCE,
                  help="Put the (corrected) source into the editor, e.g. for a name or a list you then edit")
        keyboard.help_popover()


def render_flash() -> None:
    """Feedback of the last action, where the eyes are (and as a toast, wherever the page is scrolled)."""
    ss = st.session_state
    for kind, msg in ss[keys.FLASH]:
        getattr(st, kind)(msg)
        if kind == "success":
            st.toast(msg, icon=":material/check_circle:")
    ss[keys.FLASH] = []
