"""Where the reader is: the position in the filtered list, the paginated segment list, the navigation buttons,
and opening the current segment (its editor state)."""

from __future__ import annotations

import contextlib
from typing import Any

import pandas as pd
import streamlit as st

from review_app.app import queries, render
from review_app.app.review import keyboard, keys
from review_app.app.review.candidates import prefill
from review_app.app.review.context import Review
from review_app.app.state import ROW_OR_CELL, picked_row
from review_app.errors import ReviewAppError


@st.cache_data(max_entries=16, ttl=300, show_spinner=False)
def _total_segments(_svc: Any, project_id: int, project_dir: str) -> int:
    # changes only when a document is imported; counting 10k rows on every rerun is wasted work
    return int(_svc.count_segments())


def total_segments(rv: Review) -> int:
    return _total_segments(rv.svc, rv.svc.project_id, str(rv.op.config.path.resolve()))


def render_list(rv: Review, page_size: int) -> None:
    """Resolve the position, draw the segment list and the navigation; set ``rv.key`` and ``rv.next_key``.
    Stops the page when no segment matches the filters."""
    ss, svc, filters, total = st.session_state, rv.svc, rv.filters, rv.total
    matching = total if filters == queries.Filters(order=filters.order) else rv.read(queries.count, filters)
    if not matching:
        st.info(f"No segment matches these filters ({total} segments in the project). Clear a filter in the sidebar.")
        st.stop()

    if ss.pop(keys.TO_TOP, False):
        ss[keys.REVIEW_KEY] = rv.read(queries.key_at, filters, 0)
    pos = rv.read(queries.position, filters, ss.get(keys.REVIEW_KEY))
    if pos is not None:
        ss.pop(keys.CHANGED, None)
    else:
        left = ss.get(keys.REVIEW_KEY)
        if left is not None and left == ss.get(keys.CHANGED):
            # a change (a fix, a new status) took the segment out of the filtered list: say why another one shows
            with contextlib.suppress(ReviewAppError):
                rv.flash("info", f"#{svc.get_segment(left).index + 1} does not match the filters (any more): "
                         "showing the first segment that does.")
        pos = 0
        ss[keys.REVIEW_KEY] = rv.read(queries.key_at, filters, 0)
    pages = (matching + page_size - 1) // page_size
    page = pos // page_size
    ss[keys.PAGE] = page + 1
    page_keys = rv.read(queries.page_keys, filters, page * page_size, page_size)
    issue_set = rv.read(queries.issue_keys, page_keys)

    def go_page(f: queries.Filters, size: int) -> None:
        p = int(ss[keys.PAGE]) - 1
        rv.go_to(queries.key_at(svc, f, p * size) or queries.key_at(svc, f, 0))  # a callback: read afresh

    rows = rv.read(queries.rows_for, page_keys)
    ncomments = rv.read(queries.comment_counts, page_keys)
    current_key = ss.get(keys.REVIEW_KEY)
    offset_in_page = pos - page * page_size

    def pick_row(table_key: str, row_keys: list[str]) -> None:
        """A click on a row (or on any cell of it) of the segment list opens that segment."""
        row = picked_row(ss.get(table_key))
        if row is not None and 0 <= row < len(row_keys):
            rv.go_to(row_keys[row])

    with st.expander(f"Segment list — {matching} of {total} segments match · page {page + 1} of {pages}",
                     expanded=True):
        head = st.columns([1, 5], vertical_alignment="center")
        head[0].number_input(
            "Page", min_value=1, max_value=max(pages, 1), step=1, key=keys.PAGE, on_change=go_page,
            args=(filters, page_size),
        )
        head[1].caption("Click a row to open that segment. Flags: issue = open QA finding or MQM annotation.")
        frame = pd.DataFrame(
            [
                {
                    "#": r.index + 1,
                    "id": r.key,
                    "status": r.status.value,
                    "flags": " · ".join(
                        f for f in (
                            "issue" if r.key in issue_set else "",
                            "corrected" if r.corrected_source is not None else "",
                            f"{ncomments[r.key]} comment(s)" if r.key in ncomments else "",
                        ) if f
                    ),
                    "source": r.effective_source,
                    "target": r.target or "",
                }
                for r in rows
            ]
        )
        table_key = keys.table(page, current_key)
        st.dataframe(
            frame, hide_index=True, width="stretch", height=min(35 * len(rows) + 40, 250), key=table_key,
            on_select=lambda: pick_row(table_key, page_keys), selection_mode=ROW_OR_CELL,
            selection_default={"selection": {"rows": [offset_in_page]}} if 0 <= offset_in_page < len(rows) else None,
            column_config={
                "#": st.column_config.NumberColumn("#", width=50),
                "status": st.column_config.TextColumn("status", width=85),  # "translated", "approved" in full
                "flags": st.column_config.TextColumn("flags", width=150),
                "source": st.column_config.TextColumn("source", width="large"),
                "target": st.column_config.TextColumn("target", width="large"),
            },
        )

    # The picker's labels never change for a segment (document position and original source): Streamlit keeps the
    # label a selectbox showed for its value, so a label carrying the status would go stale after Approve.
    labels = {r.key: f"#{r.index + 1} {r.source[:70]}" for r in rows}
    prev_key = page_keys[offset_in_page - 1] if offset_in_page > 0 else rv.read(queries.key_at, filters, pos - 1)
    next_key = (page_keys[offset_in_page + 1] if offset_in_page + 1 < len(page_keys)
                else rv.read(queries.key_at, filters, pos + 1))
    prev_issue = rv.read(queries.issue_neighbor, filters, ss[keys.REVIEW_KEY], -1)
    next_issue = rv.read(queries.issue_neighbor, filters, ss[keys.REVIEW_KEY], 1)
    nav_picker, nav_buttons = st.columns([3, 2], vertical_alignment="center")
    nav_picker.selectbox("Segment", page_keys, format_func=lambda k: labels.get(k, k), key=keys.REVIEW_KEY,
                         label_visibility="collapsed")
    with nav_buttons, st.container(horizontal=True, wrap=True, gap="small", horizontal_alignment="right"):
        # content-wide buttons: on a narrow window they wrap instead of shrinking to "◀ Pre…"
        st.button("◀ Previous", key="prev", disabled=prev_key is None, on_click=rv.go_to, args=(prev_key,),
                  shortcut=keyboard.PREV)
        st.button("Next ▶", key="next", disabled=next_key is None, on_click=rv.go_to, args=(next_key,),
                  shortcut=keyboard.NEXT)
        st.button("◀ Issue", key="prev_issue", disabled=prev_issue is None, on_click=rv.go_to, args=(prev_issue,),
                  help="Previous segment with an open QA issue or an MQM annotation")
        st.button("Issue ▶", key="next_issue", disabled=next_issue is None, on_click=rv.go_to, args=(next_issue,),
                  help="Next segment with an open QA issue or an MQM annotation")
    rv.key = ss[keys.REVIEW_KEY]
    rv.next_key = next_key


def open_segment(rv: Review) -> None:
    """Load the open segment and its editor state (an unsaved draft of this session, else the saved text), and
    draw its one-line summary."""
    ss, key = st.session_state, rv.key
    seg = rv.read(rv.svc.get_segment, key)
    rv.seg = seg
    # Opened just now (a navigation): set the editor's text again even when Streamlit kept a value for it. A value
    # set through session state while its widget was not drawn (Save ▶ next sets it, then moves on) stays on the
    # server but the browser, remounting the widget, would show its empty default.
    navigated = ss.get(keys.SHOWN) != key
    ss[keys.SHOWN] = key
    if navigated or rv.editor_key not in ss or key not in ss[keys.BASE]:
        draft = ss[keys.DRAFTS].get(key)
        if draft is not None:
            # an unsaved edit from earlier in this session: restore it against the version it was based on
            ss[keys.BASE][key], ss[rv.editor_key] = (draft[0], draft[1]), draft[2]
        else:
            ss[rv.editor_key] = seg.target or ""
            ss[keys.BASE][key] = (seg.version, seg.target or "")
            if not seg.target:
                chosen = prefill(rv)
                if chosen is not None:  # an unsaved edit, like a typed one: Save or Approve stores it
                    ss[keys.DRAFTS][key] = (seg.version, "", chosen.text)
                    ss[rv.editor_key] = chosen.text
                    ss[keys.PREFILLED][key] = chosen.engine

    who = f" · last change by {render.md_text(seg.updated_by)}" if seg.updated_by else ""
    # a WMT test set names each segment's document and domain (review_app.sources)
    where = " · ".join(str(seg.meta[k]) for k in ("document", "domain") if seg.meta.get(k)).replace("`", "'")
    doc = f"document `{where}` · " if seg.meta.get("document") else ""  # a code span: ids are shown as they are
    st.caption(
        f"{seg.key} · #{seg.index + 1} of {rv.total} · {doc}{seg.block_kind.value} · paragraph {seg.paragraph} · "
        f"status **{seg.status.value}** · version {seg.version}{who}"
    )
