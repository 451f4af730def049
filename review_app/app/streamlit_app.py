"""Entry point: ``review-app serve PROJECT`` runs ``streamlit run`` on this file (a router)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from review_app.errors import ReviewAppError

st.set_page_config(page_title="review_app", page_icon=":material/translate:", layout="wide")

PAGES = Path(__file__).with_name("app_pages")

try:
    from review_app.app.state import project

    op = project()
    st.sidebar.markdown(f"**Project:** {op.config.name}  \n{op.config.source_lang} → {op.config.target_lang}")
except ReviewAppError as exc:
    st.error(str(exc))
    st.stop()

nav = st.navigation(
    [
        st.Page(str(PAGES / "segments.py"), title="Segments", icon=":material/list:", default=True),
        st.Page(str(PAGES / "review.py"), title="Review", icon=":material/edit:"),
    ]
)
nav.run()
