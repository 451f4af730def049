"""Shared app state: the project handle (cached per process), the signed-in user and the loaded glossary.

Local mode (SQLite, the default): one user whose name comes from the project settings (``user`` in
``review-app.toml``); no login. Team mode (PostgreSQL, ``team = true`` in ``review-app.toml`` or
``REVIEW_APP_TEAM=1``): every session signs in with an account of :mod:`review_app.users`, and the role of
that account is what the review service enforces.

Per-user values live in ``st.session_state`` only; the cached project handle is shared by all sessions and
holds no per-user state.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import streamlit as st

from review_app.project import CONFIG_NAME, OpenProject, open_project
from review_app.review import Actor, ReviewService

PROJECT_ENV = "REVIEW_APP_PROJECT"
TEAM_ENV = "REVIEW_APP_TEAM"


def project_path() -> Path:
    """The project folder: ``$REVIEW_APP_PROJECT``, which ``review-app serve PROJECT`` sets for the app."""
    path = os.environ.get(PROJECT_ENV)
    if not path:
        st.error(f"No project given. Start the app with `review-app serve PROJECT` (or set {PROJECT_ENV}).")
        st.stop()
    return Path(path)


@st.cache_resource(max_entries=8)
def _open(path: str) -> OpenProject:
    return open_project(path)


def project() -> OpenProject:
    return _open(str(project_path().resolve()))


def project_settings(op: OpenProject) -> dict[str, Any]:
    try:
        return tomllib.loads((op.config.path / CONFIG_NAME).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def team_mode(op: OpenProject | None = None) -> bool:
    op = op or project()
    if os.environ.get(TEAM_ENV, "").lower() in ("1", "true", "yes"):
        return True
    return op.db.backend == "postgresql" or bool(project_settings(op).get("team", False))


def actor() -> Actor | None:
    """The acting user: the local user, or the signed-in account in team mode (``None`` before login)."""
    op = project()
    if team_mode(op):
        found = st.session_state.get("actor")
        return found if isinstance(found, Actor) else None
    st.session_state.setdefault("user", op.config.user)
    return Actor.local(st.session_state["user"])


def service() -> ReviewService:
    op = project()
    return op.service(actor()) if actor() is not None else ReviewService(op.db, op.config.name, None)


def glossary_path(op: OpenProject) -> Path | None:
    chosen = st.session_state.get("glossary_path")
    configured = op.config.glossary_file()
    if chosen and (configured is None or Path(chosen).resolve() != configured.resolve()):
        from review_app.errors import ReviewAppError
        from review_app.project import glossary_in_project

        try:  # a typed path: only inside the project folder (the configured one is the admin's choice)
            return glossary_in_project(op.config.path, chosen)
        except ReviewAppError as exc:
            st.session_state["glossary_path_error"] = str(exc)
            st.session_state["glossary_path"] = ""
    if configured is not None:  # $REVIEW_APP_GLOSSARY, else `glossary` in review-app.toml
        return configured
    for name in ("glossary.tbx", "glossary.csv", "glossary.xlsx"):
        if (op.config.path / name).exists():
            return op.config.path / name
    return None


@st.cache_resource(max_entries=4)
def _load_glossary(path: str, mtime: float) -> Any:
    from review_app.glossary import load_glossary

    return load_glossary(path)


@st.cache_resource(max_entries=4)
def _glossary_signature(path: str, mtime: float) -> str:
    return str(_load_glossary(path, mtime).signature)


def glossary_signature(g: Any) -> str:
    """The signature of the project's glossary ``g`` (as :func:`glossary` returned it; ``""`` for none): its
    content hash is computed once per file version, not on every use (it serialises every concept)."""
    if g is None:
        return ""
    path = glossary_path(project())
    if path is not None and path.exists() and _load_glossary(str(path.resolve()), path.stat().st_mtime) is g:
        return _glossary_signature(str(path.resolve()), path.stat().st_mtime)
    return str(g.signature)


def glossary() -> Any:
    """The project's glossary (or ``None``: no file configured)."""
    path = glossary_path(project())
    if path is None or not path.exists():
        return None
    return _load_glossary(str(path.resolve()), path.stat().st_mtime)


def picked_row(state: Any) -> int | None:
    """The row a click chose in a dataframe with ``selection_mode=ROW_OR_CELL``: the row of the clicked cell (a
    click on a cell selects the cell, not the row, and readers click on cells), else the ticked row."""
    selection = (state or {}).get("selection", {}) if isinstance(state, dict) else getattr(state, "selection", None)
    if selection is None:
        return None
    get = selection.get if isinstance(selection, dict) else lambda k, d: getattr(selection, k, d)
    cells = list(get("cells", []) or [])  # a clicked cell first: a default row selection stays alongside it
    if cells:
        return int(cells[0][0])
    rows = list(get("rows", []) or [])
    return int(rows[0]) if rows else None


ROW_OR_CELL = ["single-row", "single-cell"]
"""Selection mode of the clickable tables: a click anywhere in a row opens what the row shows."""


def _clear_review_filters() -> None:
    for name in [k for k in st.session_state if isinstance(k, str) and k.startswith("rv_")]:
        if name not in ("rv_page_size", "rv_order"):
            del st.session_state[name]


def open_in_review(key: str) -> None:
    """Show segment ``key`` on the Review page: clear the Review filters that could hide it, then switch."""
    _clear_review_filters()
    st.session_state["review_key"] = key
    st.switch_page("app_pages/review.py")


def review_with_filters(**filters: Any) -> None:
    """Open the Review page with only these filters set (widget keys of its sidebar without the ``rv_`` prefix,
    e.g. ``qa_check=["term-source-variant"]``), at the first matching segment."""
    _clear_review_filters()
    for name, value in filters.items():
        st.session_state[f"rv_{name}"] = value
    st.session_state["rv_to_top"] = True
    st.switch_page("app_pages/review.py")
