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
