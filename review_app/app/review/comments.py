"""Threaded comments of the open segment."""

from __future__ import annotations

from typing import Any

import streamlit as st

from review_app.app import render
from review_app.app.review import keys
from review_app.app.review.context import Review
from review_app.errors import ReviewAppError


def render_comments(rv: Review) -> None:
    svc, key = rv.svc, rv.key
    comments = rv.read(svc.comments, key)
    with st.expander(f"Comments ({len(comments)})", expanded=True):
        children: dict[int | None, list[Any]] = {}
        for c in comments:
            children.setdefault(c.parent_id, []).append(c)

        def show_thread(parent: int | None, depth: int) -> None:
            for c in children.get(parent, []):
                _pad, body = st.columns([max(depth, 0.01), 30 - depth]) if depth else (None, st.container())
                with body:
                    st.caption(f"{render.md_text(c.user)} · {c.at:%Y-%m-%d %H:%M} · #{c.id}")
                    st.text(c.body)
                    with st.popover("Reply"), st.form(f"reply-form-{c.id}", clear_on_submit=True):
                        reply = st.text_area("Reply", key=keys.reply(c.id), height=70)
                        if st.form_submit_button("Send reply"):
                            try:
                                svc.add_comment(key, reply, parent_id=c.id)
                                rv.flash("success", "Reply added")
                                st.rerun()
                            except ReviewAppError as exc:
                                st.error(str(exc))
                show_thread(c.id, depth + 1)

        show_thread(None, 0)
        with st.form(f"comment-{key}", clear_on_submit=True):
            body = st.text_area("Add a comment", height=70, key=keys.COMMENT_BODY)
            if st.form_submit_button("Comment"):
                try:
                    svc.add_comment(key, body)
                    rv.flash("success", "Comment added")
                    st.rerun()
                except ReviewAppError as exc:
                    st.error(str(exc))
