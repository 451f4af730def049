"""Segments page: the article's segments with structure, status and filters."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from review_app.app.state import service
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

rows = svc.list_segments(statuses=statuses or None, kinds=kinds or None, search=search or None)
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
st.caption(f"{len(rows)} of {total} segments")
st.dataframe(
    frame,
    hide_index=True,
    width="stretch",
    column_config={
        "source": st.column_config.TextColumn("source", width="large"),
        "target": st.column_config.TextColumn("target", width="large"),
    },
)
