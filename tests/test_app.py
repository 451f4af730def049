"""The Streamlit app through streamlit.testing.v1.AppTest (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from review_app.project import open_project

APP = Path(__file__).resolve().parent.parent / "review_app" / "app" / "streamlit_app.py"


@pytest.fixture
def app(seed_project, monkeypatch):
    monkeypatch.setenv("REVIEW_APP_PROJECT", str(seed_project))
    at = AppTest.from_file(str(APP), default_timeout=60)
    return at


def test_segments_page_lists_the_article(app):
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Segments"
    frame = app.dataframe[0].value
    assert len(frame) == 326
    assert set(frame["kind"]) == {"heading", "paragraph", "list-item"}
    assert "326 of 326 segments" in app.caption[0].value


def test_segments_page_filters(app):
    app.run()
    app.text_input(key="seg_search").input("鷹潭").run()
    assert len(app.dataframe[0].value) == 1
    app.text_input(key="seg_search").input("").run()
    app.multiselect(key="seg_kind").select("heading").run()
    assert len(app.dataframe[0].value) == 7


def test_review_page_edit_save_approve(app, seed_project):
    app.run()
    app.switch_page("app_pages/review.py").run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Review"
    op = open_project(seed_project)
    try:
        key = op.service().list_segments(search="鷹潭")[0].key
    finally:
        op.close()
    app.selectbox(key="review_key").set_value(key).run()
    assert key in app.caption[0].value
    app.text_area[0].input("Musk appeared in Eagle Pass, Texas.")
    next(b for b in app.button if b.label == "Save").click().run()
    assert not app.exception, app.exception
    op = open_project(seed_project)
    try:
        seg = op.service().get_segment(key)
    finally:
        op.close()
    assert seg.target == "Musk appeared in Eagle Pass, Texas." and seg.version == 2
