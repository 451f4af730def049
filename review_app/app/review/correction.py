"""Correct the source of the open segment (the original is kept and exported separately)."""

from __future__ import annotations

import streamlit as st

from review_app.app.review import keys
from review_app.app.review.context import Review, section
from review_app.errors import ReviewAppError


def render_correction(rv: Review) -> None:
    svc, seg = rv.svc, rv.segment
    box, show = section("Correct the source" + (" (corrected)" if seg.corrected_source is not None else ""),
                        keys.OPEN_CORRECTION)
    if not show:
        return
    with box:
        with st.form(f"src-{seg.key}-{seg.source_version}"):
            fixed = st.text_area("Corrected Japanese", value=seg.effective_source, height=90)
            why = st.text_input("What was wrong")
            if st.form_submit_button("Save correction", disabled=not svc.can("correct_source")):
                try:
                    svc.correct_source(seg.key, fixed, expected_source_version=seg.source_version,
                                       reason=why or None)
                    rv.refresh_qa()
                    rv.flash("success", "Source correction saved (the original is kept).")
                    st.rerun()
                except ReviewAppError as exc:
                    st.error(str(exc))
        if seg.corrected_source is not None and st.button("Remove the correction", key="remove_correction",
                                                          disabled=not svc.can("correct_source")):
            try:
                svc.correct_source(seg.key, None, expected_source_version=seg.source_version, reason="removed")
                rv.refresh_qa()
                rv.flash("success", "Source correction removed: the original source applies again.")
                st.rerun()
            except ReviewAppError as exc:
                st.error(str(exc))
