"""Shared app state: the project handle (cached per process) and per-session values."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import streamlit as st

from review_app.project import OpenProject, open_project
from review_app.review import Actor, ReviewService

PROJECT_ENV = "REVIEW_APP_PROJECT"


def project_path() -> Path:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--project")
    args, _ = parser.parse_known_args(sys.argv[1:])
    path = args.project or os.environ.get(PROJECT_ENV)
    if not path:
        st.error("No project given. Start the app with `review-app serve PROJECT`.")
        st.stop()
    return Path(path)


@st.cache_resource(max_entries=8)
def _open(path: str) -> OpenProject:
    return open_project(path)


def project() -> OpenProject:
    return _open(str(project_path().resolve()))


def service() -> ReviewService:
    op = project()
    st.session_state.setdefault("user", op.config.user)
    return op.service(Actor.local(st.session_state["user"]))
