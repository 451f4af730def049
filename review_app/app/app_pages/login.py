"""Sign-in page of team mode: name and password checked by :class:`review_app.users.UserService`."""

from __future__ import annotations

import streamlit as st

from review_app.app.state import project
from review_app.errors import ReviewAppError
from review_app.users import UserService

op = project()
st.title("Sign in")
st.caption(f"Project {op.config.name} (team mode). Ask an admin for an account: `review-app users add`.")
users = UserService(op.db)
if users.count() == 0:
    st.warning(
        "This database has no accounts yet. Create the first admin on the server with "
        f"`review-app users add {op.config.path} NAME --role admin`."
    )
with st.form("login"):
    name = st.text_input("User name", key="login_name")
    password = st.text_input("Password", type="password", key="login_password")
    if st.form_submit_button("Sign in", type="primary"):
        try:
            st.session_state["actor"] = users.authenticate(name, password)
            st.rerun()
        except ReviewAppError as exc:
            st.error(str(exc))
