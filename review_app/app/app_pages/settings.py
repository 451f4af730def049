"""Settings and users: project settings, glossary file, engine keys (session only), accounts (team mode)."""

from __future__ import annotations

import streamlit as st

from review_app.app.review.settings_form import qa_checks_form, renderings_form, review_settings_form
from review_app.app.state import (
    actor,
    glossary,
    glossary_path,
    project,
    project_settings,
    service,
    team_mode,
)
from review_app.engines import ENGINES
from review_app.errors import ReviewAppError
from review_app.models import Role

op = project()
st.title("Settings")

st.subheader("Project")
settings = project_settings(op)
c = st.columns(3)
c[0].text_input("Name", op.config.name, disabled=True)
c[1].text_input("Source language", op.config.source_lang, disabled=True)
c[2].text_input("Target language", op.config.target_lang, disabled=True)
st.caption(f"Folder {op.config.path} · database: {op.db.backend} · "
           + ("team mode (sign-in required)" if team_mode(op) else "local mode (one user, no sign-in)"))

if not team_mode(op):
    st.text_input("Your name (recorded in the history)", key="user",
                  help="Local mode has one user; the default comes from 'user' in review-app.toml.")

st.subheader("Article title")
svc = service()
titles = svc.titles()
can_title = svc.can("export")
with st.form("titles"):
    t_src = st.text_input(f"Title ({svc.source_lang})", titles.get(svc.source_lang, ""), disabled=not can_title)
    t_tgt = st.text_input(f"Title ({svc.target_lang})", titles.get(svc.target_lang, ""), disabled=not can_title,
                          help="Used by the exports; empty: the first heading, else project and file name.")
    if st.form_submit_button("Save titles", disabled=not can_title):
        try:
            svc.set_title(svc.source_lang, t_src)
            svc.set_title(svc.target_lang, t_tgt)
            st.success("Titles saved; the next export uses them.")
        except ReviewAppError as exc:
            st.error(str(exc))
if not can_title:
    st.caption("Setting the title needs the reviewer or admin role.")

st.subheader("Review workflow")
review_settings_form(svc)

st.subheader("Glossary")
current = glossary_path(op)
if st.session_state.get("glossary_path_error"):
    st.error(st.session_state.pop("glossary_path_error"))
st.text_input("Glossary file (TBX, CSV or XLSX) used for highlighting and QA",
              value=str(current.resolve()) if current else "",
              key="glossary_path", placeholder="e.g. glossary/musk-trump.tbx",
              help="A file inside the project folder; to use another glossary, upload it on the Glossary page.")
try:
    g = glossary()
    st.caption(g.signature if g is not None else "No glossary loaded.")
except ReviewAppError as exc:
    st.error(str(exc))

st.subheader("QA checks")
qa_checks_form(svc)

st.subheader("Accepted renderings")
renderings_form(svc)

st.subheader("Machine translation keys")
st.caption(
    "Keys typed here stay in this browser session only (never written to the database or the project); "
    "for a server, put them in Streamlit secrets (.streamlit/secrets.toml) or the environment."
)
keys = st.session_state.setdefault("engine_keys", {})
for name in [n for n, cls in ENGINES if cls.key_env]:
    value = st.text_input(f"{name} API key", type="password", key=f"key_{name}",
                          value=keys.get(name, ""), autocomplete="off")
    if value:
        keys[name] = value
    else:
        keys.pop(name, None)
st.caption("Keys in this session: " + (", ".join(sorted(keys)) or "none"))

st.subheader("Users")
who = actor()
if not team_mode(op):
    st.caption("Local mode: one user, no sign-in. Team mode (PostgreSQL, or `team = true` in review-app.toml) "
               "requires accounts: `review-app users add PROJECT NAME --role admin`.")
elif who is None or who.role is not Role.ADMIN:
    st.caption("Only admins manage users.")
else:
    from review_app.users import UserService

    users = UserService(op.db, who)
    st.dataframe(
        [{"name": u.name, "role": u.role.value, "created": u.created_at, "failed sign-ins": u.failed_logins}
         for u in users.list_users()],
        hide_index=True,
    )
    with st.form("add_user", clear_on_submit=True):
        c = st.columns(3)
        name = c[0].text_input("New user name", key="new_user_name")
        password = c[1].text_input("Initial password", type="password", key="new_user_password")
        role = c[2].selectbox("Role", [r.value for r in Role], key="new_user_role")
        if st.form_submit_button("Add user"):
            try:
                users.create_user(name, password, role)
                st.rerun()
            except ReviewAppError as exc:
                st.error(str(exc))
    with st.form("set_role"):
        c = st.columns(2)
        name = c[0].selectbox("User", [u.name for u in users.list_users()])
        role = c[1].selectbox("New role", [r.value for r in Role], key="new_role")
        if st.form_submit_button("Change role"):
            try:
                users.set_role(name, role)
                st.rerun()
            except ReviewAppError as exc:
                st.error(str(exc))
