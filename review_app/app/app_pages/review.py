"""Review page: edit one segment's target, change its status, correct its source, comment."""

from __future__ import annotations

import streamlit as st

from review_app.app.state import service
from review_app.errors import ConflictError, ReviewAppError
from review_app.models import Status

svc = service()
st.title("Review")

rows = svc.list_segments()
if not rows:
    st.info("This project has no segments.")
    st.stop()

labels = {r.key: f"#{r.index + 1} [{r.status.value}] {r.effective_source[:60]}" for r in rows}
keys = list(labels)
st.session_state.setdefault("review_key", keys[0])
if st.session_state["review_key"] not in labels:
    st.session_state["review_key"] = keys[0]
pos = keys.index(st.session_state["review_key"])

nav = st.columns([1, 1, 6])
if nav[0].button("◀ Previous", disabled=pos == 0):
    st.session_state["review_key"] = keys[pos - 1]
    st.rerun()
if nav[1].button("Next ▶", disabled=pos == len(keys) - 1):
    st.session_state["review_key"] = keys[pos + 1]
    st.rerun()
key = nav[2].selectbox("Segment", keys, format_func=labels.__getitem__, key="review_key", label_visibility="collapsed")

seg = svc.get_segment(key)
st.caption(
    f"{seg.key} · {seg.block_kind.value} · paragraph {seg.paragraph} · status **{seg.status.value}** · "
    f"version {seg.version}"
)
st.markdown("**Source (ja)**")
st.text(seg.source)
if seg.corrected_source is not None:
    st.markdown("**Corrected source**")
    st.text(seg.corrected_source)

conflict = st.session_state.pop("conflict", None)
if conflict:
    st.error(conflict["message"])
    st.markdown("**Their text (now saved):**")
    st.text(conflict["current_text"] or "")

with st.form(f"edit-{seg.key}-{seg.version}"):
    text = st.text_area("Target (en)", value=seg.target or "", height=120)
    status_choice = st.selectbox(
        "Status", [s.value for s in Status], index=[s.value for s in Status].index(seg.status.value)
    )
    reason = st.text_input("Reason (optional)")
    if st.form_submit_button("Save", type="primary"):
        try:
            new_status = None if status_choice == seg.status.value else status_choice
            svc.save_target(seg.key, text, expected_version=seg.version, status=new_status, reason=reason or None)
            st.toast("Saved")
            st.rerun()
        except ConflictError as exc:
            st.session_state["conflict"] = {"message": str(exc), "current_text": exc.current_text}
            st.rerun()
        except ReviewAppError as exc:
            st.error(str(exc))

with st.expander("Correct the source"), st.form(f"src-{seg.key}-{seg.source_version}"):
    fixed = st.text_area("Corrected Japanese", value=seg.effective_source, height=100)
    why = st.text_input("What was wrong")
    if st.form_submit_button("Save correction"):
        try:
            svc.correct_source(seg.key, fixed, expected_source_version=seg.source_version, reason=why or None)
            st.rerun()
        except ReviewAppError as exc:
            st.error(str(exc))

with st.expander("Comments", expanded=True):
    for c in svc.comments(seg.key):
        st.markdown(f"**{c.user}** · {c.at:%Y-%m-%d %H:%M}")
        st.text(c.body)
    with st.form(f"comment-{seg.key}", clear_on_submit=True):
        body = st.text_area("Add a comment", height=80)
        if st.form_submit_button("Comment"):
            try:
                svc.add_comment(seg.key, body)
                st.rerun()
            except ReviewAppError as exc:
                st.error(str(exc))

with st.expander("History"):
    for rev in svc.history(seg.key):
        st.markdown(f"v{rev.version} · {rev.at:%Y-%m-%d %H:%M:%S} · **{rev.user}** · {rev.field}")
        st.text(f"{rev.old or ''}\n→ {rev.new or ''}" + (f"\n({rev.reason})" if rev.reason else ""))
