"""Segments page: the article's segments with structure, status and filters, one page at a time (the
ordered keys of one page come from an indexed offset/limit query; only that page's rows are loaded)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_app.app import queries
from review_app.app.state import ROW_OR_CELL, open_in_review, picked_row, service
from review_app.models import BlockKind, Status

svc = service()
st.title("Segments")

counts = svc.status_counts()
total = sum(counts.values())
cols = st.columns(len(counts) + 1)
cols[0].metric("segments", total)
for col, (status, n) in zip(cols[1:], counts.items(), strict=True):
    col.metric(status, n)

with st.container(horizontal=True):
    statuses = st.multiselect("Status", [s.value for s in Status], key="seg_status")
    kinds = st.multiselect("Block kind", [k.value for k in BlockKind], key="seg_kind")
    search = st.text_input("Search source or target", key="seg_search")

filters = queries.Filters(statuses=statuses, kinds=kinds, search=search)
matching = total if filters == queries.Filters() else queries.count(svc, filters)
p = st.columns([1, 1, 4], vertical_alignment="bottom")
size = int(p[1].selectbox("Rows per page", [50, 100, 250, 500], index=1, key="seg_page_size"))
pages = max((matching + size - 1) // size, 1)
if int(st.session_state.get("seg_page", 1)) > pages:
    st.session_state["seg_page"] = pages
page = int(p[0].number_input("Page", min_value=1, max_value=pages, step=1, key="seg_page"))
rows = queries.rows_for(svc, queries.page_keys(svc, filters, (page - 1) * size, size))
frame = pd.DataFrame(
    [
        {
            "#": r.index + 1,
            "id": r.key,
            "kind": r.block_kind.value,
            "paragraph": r.paragraph,
            "status": r.status.value,
            "source": r.effective_source,
            "corrected": r.corrected_source is not None,
            "target": r.target or "",
        }
        for r in rows
    ],
    columns=["#", "id", "kind", "paragraph", "status", "source", "corrected", "target"],
)
st.caption(f"{matching} of {total} segments · page {page} of {pages} (rows {(page - 1) * size + 1 if rows else 0}–"
           f"{(page - 1) * size + len(rows)}) · click a row to open the segment in Review")
row = picked_row(st.dataframe(
    frame,
    hide_index=True,
    width="stretch",
    column_config={
        "source": st.column_config.TextColumn("source", width="large"),
        "target": st.column_config.TextColumn("target", width="large"),
    },
    on_select="rerun",
    selection_mode=ROW_OR_CELL,
    key=f"seg_table-{page}-{size}",
))
if row is not None and 0 <= row < len(rows):
    open_in_review(rows[row].key)
