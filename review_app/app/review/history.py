"""Revision history of the open segment, with a word diff per target change and **Revert to this**."""

from __future__ import annotations

import streamlit as st

from review_app.app import render
from review_app.app.review import keys
from review_app.app.review.context import Review, section
from review_app.errors import ConflictError, ReviewAppError


def do_revert(rv: Review, revision_id: int, label: str) -> None:
    try:
        v = rv.svc.revert(rv.key, revision_id, expected_version=st.session_state[keys.BASE][rv.key][0])
    except ConflictError as exc:
        rv.flash("error", f"{exc} — reload first.")
        return
    except ReviewAppError as exc:
        rv.flash("error", str(exc))
        return
    rv.reset_editor(v.version, v.target or "")
    rv.refresh_qa()
    rv.flash("success", f"Reverted to {label} (saved as version {v.version})")


def render_history(rv: Review) -> None:
    seg = rv.segment
    box, show = section("History", keys.OPEN_HISTORY)
    if not show:
        return
    history = rv.read(rv.svc.history, rv.key)
    with box:
        st.caption(f"{len(history)} change(s) of this segment, newest first")
        for rev in reversed(history):
            st.caption(f"{rev.label} · {rev.at:%Y-%m-%d %H:%M:%S} · {render.md_text(rev.user)} · "
                       f"{rev.field}" + (f" · {render.md_text(rev.reason)}" if rev.reason else ""))
            if rev.field == "target":
                c1, c2 = st.columns([6, 1])
                c1.html(render.word_diff(rev.old or "", rev.new or ""))
                c2.button("Revert to this", key=f"revert-{rev.id}", on_click=do_revert, args=(rv, rev.id, rev.label),
                          disabled=(rev.new or "") == (seg.target or ""))
            else:
                st.text(f"{rev.old or ''} → {rev.new or ''}")
