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
    """Which QA checks run on the project (:mod:`review_app.qa_settings`): the opt-in checks switched on or off
    (the meaning checks run by themselves on a project within their size limit unless switched off), the default
    checks switched off; the next QA run uses them."""
    from review_app import qa_settings
    from review_app.checks.base import auto_limit
    from review_app.checks.registry import all_checks

    size = svc.count_segments()
    try:
        data = qa_settings.load(svc)
        now = qa_settings.switches(data, size)
        cfg = qa_settings.config(data)
    except ReviewAppError as exc:  # a hand-edited mapping that no longer parses
        st.error(str(exc))
        return
    checks = all_checks()
    names = {c.check_id: c.name for c in checks}
    opt_in = [c.check_id for c in checks if getattr(c, "opt_in", False)]
    limits = {c.check_id: auto_limit(c, cfg) for c in checks if getattr(c, "opt_in", False)}
    auto = [c for c in opt_in if limits.get(c) is not None]
    explicit = {c: cfg.option(c, "enabled", None) for c in opt_in}
    default = [c.check_id for c in checks if not getattr(c, "opt_in", False)]
    can = svc.can("settings")
    biggest = max((n for n in limits.values() if n is not None), default=0)
    if saved := st.session_state.pop("qa_checks_saved", None):
        st.success(saved)
    with st.form("qa_checks"):
        on = st.multiselect(
            "Opt-in checks switched on", opt_in, default=[c for c in opt_in if explicit[c] is True], key="qa_opt_in",
            format_func=lambda c: f"{c} — {names[c]}", disabled=not can,
            help="Switched on, a check runs whatever the project's size. The meaning checks (polarity, omission, "
                 f"addition, entity-consistency) run by themselves on a project of up to {biggest:,} segments "
                 f"(this one has {size:,}); they parse every segment: measured precision, recall and cost in "
                 "docs/checks.md. Their findings mark the source span with no counterpart and where it belongs in "
                 "the target on the Review page.")
        off_auto = st.multiselect(
            "Meaning checks switched off", auto, default=[c for c in auto if explicit[c] is False],
            key="qa_auto_off", format_func=lambda c: f"{c} — {names[c]}", disabled=not can,
            help="Switched off, a meaning check does not run even on a small project. Neither on nor off: it "
                 f"runs by itself on a project of up to {biggest:,} segments.")
        off = st.multiselect("Default checks switched off", default, default=[c for c in now.disabled if c in default],
                             key="qa_disabled", format_func=lambda c: f"{c} — {names[c]}", disabled=not can)
        if st.form_submit_button("Save QA checks", disabled=not can):
            both = sorted(set(on) & set(off_auto))
            if both:
                st.error(f"{', '.join(both)} both switched on and off; pick one.")
                return
            try:
                new = qa_settings.switch(
                    svc, on=[*on, *[c for c in now.disabled if c not in off]],
                    off=[*[c for c in opt_in if c not in on and c not in auto and explicit[c] is not None],
                         *off_auto, *off],
                    auto=[c for c in auto if c not in on and c not in off_auto])
            except ReviewAppError as exc:
                st.error(str(exc))
            else:
                st.session_state["qa_checks_saved"] = (
                    "QA checks saved; the next QA run uses them (Dashboard → Run QA checks now, or `review-app qa "
                    "PROJECT`): " + "; ".join(qa_settings.describe(new, size)) + ".")
                st.rerun()
    st.caption("Now: " + "; ".join(qa_settings.describe(data, size)) + ". Stored with the project "
               "(`review-app qa-settings PROJECT --on omission`, `--off`, `--auto`)." + (
                   "" if can else " Changing them needs the admin role."))


def renderings_form(svc: Any) -> None:
    """The renderings the meaning checks accept on top of their dictionary (:mod:`review_app.checks.renderings`):
    listed, added and removed here, on the Review page from a finding, or with `review-app qa-settings --accept`."""
    import pandas as pd

    from review_app import qa_settings
    from review_app.checks.renderings import parse_pair

    try:
        pairs = qa_settings.renderings(qa_settings.load(svc))
    except ReviewAppError as exc:  # a hand-edited mapping that no longer parses
        st.error(str(exc))
        return
    can = svc.can("glossary")
    if saved := st.session_state.pop("renderings_saved", None):
        st.success(saved)
    if pairs:
        st.dataframe(pd.DataFrame([{"source word": k, "accepted English": ", ".join(v)}
                                   for k, v in sorted(pairs.items())]), hide_index=True, width="stretch")
    else:
        st.caption("None yet.")
    with st.form("renderings"):
        c1, c2 = st.columns(2)
        word = c1.text_input("Source word", placeholder="集める", disabled=not can)
        english = c2.text_input("English word(s), comma-separated", placeholder="attract, draw", disabled=not can)
        remove = st.multiselect("Remove", sorted(pairs), disabled=not can or not pairs,
                                format_func=lambda k: f"{k} = {', '.join(pairs[k])}")
        if st.form_submit_button("Save accepted renderings", disabled=not can):
            try:
                add = [parse_pair(f"{word}={english}", "accepted rendering")] if word.strip() or english.strip() else []
                if not add and not remove:
                    st.info("Nothing to save: give a source word and its English, or pick renderings to remove.")
                    return
                qa_settings.accept(svc, add=add, remove=[(k, ()) for k in remove])
            except ReviewAppError as exc:
                st.error(str(exc))
            else:
                st.session_state["renderings_saved"] = (
                    "Accepted renderings saved; the next QA run uses them (Dashboard → Run QA checks now, or "
                    "`review-app qa PROJECT`).")
                st.rerun()
    st.caption("English words the meaning checks (omission, addition) accept as renderings of a source word, on "
               "top of their dictionary: a correct translation the dictionary does not know (集める → attract) "
               "stops being reported, in every segment. Each QA run records them in its provenance. CLI: "
               "`review-app qa-settings PROJECT --accept 集める=attract`, `--unaccept 集める`."
               + ("" if can else " Changing them needs the reviewer or admin role."))
