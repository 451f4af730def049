"""The project's review settings on the Settings page (:mod:`review_app.review_settings`): what the editor is
pre-filled with, and whether open QA findings block approval."""

from __future__ import annotations

from typing import Any

import streamlit as st

from review_app import review_settings
from review_app.app import queries
from review_app.errors import ReviewAppError

BLOCK_LABELS = {
    "off": "Off: approving with an open finding only warns",
    "major": "Block approval on an open critical or major QA finding",
    "critical": "Block approval on an open critical QA finding",
}


def review_settings_form(svc: Any) -> None:
    current = review_settings.load(svc)
    engines = queries.engines(svc)
    modes = ["empty", "fewest-findings"] + [f"engine:{e}" for e in engines]
    if current.prefill not in modes:
        modes.append(current.prefill)  # an engine without candidates (yet): keep showing the saved choice
    words = {"empty": "Empty editor", "fewest-findings": "The candidate with the fewest QA findings"}
    can = svc.can("settings")
    with st.form("review_settings"):
        prefill = st.selectbox(
            "Pre-fill the editor of a segment without a translation with", modes, index=modes.index(current.prefill),
            format_func=lambda m: words.get(m, f"The candidate of {m.removeprefix('engine:')}"),
            key="rs_prefill", disabled=not can,
            help="The pre-filled text is not saved until you Save or Approve it.")
        block = st.radio("Approval and open QA findings", list(BLOCK_LABELS), format_func=BLOCK_LABELS.__getitem__,
                         index=list(BLOCK_LABELS).index(current.block_approval), key="rs_block", disabled=not can,
                         help="A blocked segment can be approved once the finding is fixed (QA run again) or "
                              "dismissed as a false alarm.")
        if st.form_submit_button("Save review settings", disabled=not can):
            try:
                saved = review_settings.save(svc, prefill=prefill, block_approval=block)
                st.success(f"Review settings saved: pre-fill with {saved.describe_prefill()}; block approval: "
                           f"{saved.block_approval}.")
            except ReviewAppError as exc:
                st.error(str(exc))
    st.caption(f"Now: pre-fill with {current.describe_prefill()}; block approval on open QA findings: "
               f"{current.block_approval}. Stored with the project (`review-app workflow PROJECT`)."
               + ("" if can else " Changing them needs the admin role."))


def qa_checks_form(svc: Any) -> None:
    """Which QA checks run on the project (:mod:`review_app.qa_settings`): the opt-in checks switched on, the
    default checks switched off; the next QA run uses them."""
    from review_app import qa_settings
    from review_app.checks.registry import all_checks

    try:
        data = qa_settings.load(svc)
        now = qa_settings.switches(data)
    except ReviewAppError as exc:  # a hand-edited mapping that no longer parses
        st.error(str(exc))
        return
    checks = all_checks()
    names = {c.check_id: c.name for c in checks}
    opt_in = [c.check_id for c in checks if getattr(c, "opt_in", False)]
    default = [c.check_id for c in checks if not getattr(c, "opt_in", False)]
    can = svc.can("settings")
    if saved := st.session_state.pop("qa_checks_saved", None):
        st.success(saved)
    with st.form("qa_checks"):
        on = st.multiselect(
            "Opt-in checks switched on", opt_in, default=list(now.opt_in_on), key="qa_opt_in",
            format_func=lambda c: f"{c} — {names[c]}", disabled=not can,
            help="The meaning checks (polarity, omission, addition, entity-consistency) parse every segment: more "
                 "QA time, measured precision and recall in docs/checks.md. Their findings mark the source span "
                 "with no counterpart and where it belongs in the target on the Review page.")
        off = st.multiselect("Default checks switched off", default, default=[c for c in now.disabled if c in default],
                             key="qa_disabled", format_func=lambda c: f"{c} — {names[c]}", disabled=not can)
        if st.form_submit_button("Save QA checks", disabled=not can):
            try:
                new = qa_settings.switch(svc, on=[*on, *[c for c in now.disabled if c not in off]],
                                         off=[*[c for c in opt_in if c not in on], *off])
            except ReviewAppError as exc:
                st.error(str(exc))
            else:
                st.session_state["qa_checks_saved"] = (
                    "QA checks saved; the next QA run uses them (Dashboard → Run QA checks now, or `review-app qa "
                    "PROJECT`): " + "; ".join(qa_settings.describe(new)) + ".")
                st.rerun()
    st.caption("Now: " + "; ".join(qa_settings.describe(data)) + ". Stored with the project "
               "(`review-app qa-settings PROJECT --on omission`)." + ("" if can else " Changing them needs the "
                                                                       "admin role."))
