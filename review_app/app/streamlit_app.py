"""Entry point: ``review-app serve PROJECT`` runs ``streamlit run`` on this file (a router).

Local mode: straight to the pages. Team mode: a sign-in form first (accounts of :mod:`review_app.users`);
the pages then act as the signed-in account, whose role the review service enforces.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from review_app.app.render import database_errors, md_text
from review_app.errors import ReviewAppError

st.set_page_config(page_title="review_app", page_icon=":material/translate:", layout="wide")

PAGES = Path(__file__).with_name("app_pages")

try:
    from review_app.app.state import actor, project, team_mode

    op = project()
    team = team_mode(op)
except ReviewAppError as exc:
    st.error(str(exc))
    st.stop()

if team and actor() is None:
    nav = st.navigation([st.Page(str(PAGES / "login.py"), title="Sign in", icon=":material/login:")])
    with database_errors():
        nav.run()
    st.stop()

who = actor()
st.sidebar.markdown(
    f"**Project:** {md_text(op.config.name)}  \n{op.config.source_lang} → {op.config.target_lang}  \n"
    f"**User:** {md_text(who.name) if who else '?'} ({who.role.value if who else '-'}) · "
    + ("team mode" if team else "local mode")
)
if team and st.sidebar.button("Sign out", key="sign_out"):
    st.session_state.pop("actor", None)
    st.rerun()

pages = [
    st.Page(str(PAGES / "dashboard.py"), title="Dashboard", icon=":material/dashboard:", default=True),
    st.Page(str(PAGES / "review.py"), title="Review", icon=":material/edit:"),
    st.Page(str(PAGES / "document.py"), title="Document", icon=":material/table_rows:"),
    st.Page(str(PAGES / "glossary.py"), title="Glossary", icon=":material/menu_book:"),
    st.Page(str(PAGES / "compare.py"), title="Compare", icon=":material/compare_arrows:"),
    st.Page(str(PAGES / "export.py"), title="Export", icon=":material/download:"),
    st.Page(str(PAGES / "settings.py"), title="Settings", icon=":material/settings:"),
]
with database_errors():  # a database outage is a one-line message, never a traceback in the browser
    st.navigation(pages).run()
