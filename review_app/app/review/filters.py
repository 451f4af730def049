"""Sidebar filters of the Review page."""

from __future__ import annotations

import streamlit as st

from review_app.app import queries
from review_app.app.review import keys
from review_app.app.review.context import Review
from review_app.models import BlockKind, Status

PAGE_SIZES = [25, 50, 100]


def render(rv: Review) -> tuple[queries.Filters, int]:
    """Draw the filters in the sidebar; return them and the list's page size."""
    ss = st.session_state
    with st.sidebar:
        st.subheader("Filter segments")
        # finds the text in the source (also a corrected one), the saved target and the MT candidates (no help=:
        # its tooltip button would share the field's accessible name)
        search = st.text_input("Search (ja or en, or segment id)", key=keys.SEARCH)
        statuses = st.multiselect("Status", [s.value for s in Status], key=keys.STATUS)
        kinds = st.multiselect("Block kind", [k.value for k in BlockKind], key=keys.KIND)
        has_comment = st.checkbox("Has comments", key=keys.HAS_COMMENT)
        has_correction = st.checkbox("Has a source correction", key=keys.HAS_CORRECTION)
        has_mqm = st.checkbox("Has MQM annotations", key=keys.HAS_MQM)
        qa_checks: list[str] = []
        qa_sev: list[str] = []
        has_qa = False
        if rv.qa is not None:
            has_qa = st.checkbox("Has open QA issues", key=keys.HAS_QA)
            qa_checks = st.multiselect("QA check", rv.read(queries.qa_checks_in_run), key=keys.QA_CHECK)
            qa_sev = st.multiselect("QA severity", ["critical", "major", "minor"], key=keys.QA_SEV)
        else:
            st.caption("QA filters: not available (review_app.qa is not installed).")
        engine_names = rv.read(queries.engines)
        engines = st.multiselect("Has a candidate from", engine_names, key=keys.ENGINE) if engine_names else []
        order = st.radio(
            "Order",
            ["document", "suspicious"],
            format_func={"document": "Document order", "suspicious": "Most suspicious first"}.__getitem__,
            key=keys.ORDER,
            horizontal=True,
            on_change=lambda: ss.__setitem__(keys.TO_TOP, True),  # a new order starts at its top
        )
        page_size = st.selectbox("Segments per page", PAGE_SIZES, index=1, key=keys.PAGE_SIZE)

    filters = queries.Filters(
        statuses=statuses, kinds=kinds, search=search, has_comment=has_comment, has_correction=has_correction,
        has_mqm=has_mqm, qa_checks=qa_checks, qa_severities=qa_sev, has_qa=has_qa, engines=engines, order=order,
    )
    return filters, int(page_size)
