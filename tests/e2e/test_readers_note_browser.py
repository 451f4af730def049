"""The Review page's readers' note in a real browser (Debian chromium + Playwright): it shows the stored note,
saves an edit, and the exported HTML (downloaded from the Export page) footnotes it."""

from __future__ import annotations

import pytest

from review_app.notes import ReadersNoteService
from review_app.project import init_project, open_project
from tests.e2e.test_browser import _nav, _shot, _wait_idle, open_review

pytestmark = pytest.mark.browser

KEY = "s9245b6ae5e"  # 2024年10月5日、マスク氏は…アイオワ州で行われた…集会に登場し…


def test_review_page_shows_and_saves_a_readers_note(tmp_path, seed_path, serve_app, browser_page):  # type: ignore[no-untyped-def]
    page = browser_page
    project = tmp_path / "proj"
    init_project(project, source=seed_path)
    op = open_project(project)
    try:
        ReadersNoteService(op.service()).set(KEY, "Musk appeared in Butler, Pa.", source_said="Iowa",
                                             expected_version=0)
    finally:
        op.close()
    server = serve_app(project)
    open_review(page, server.url, "アイオワ州")
    # a stored note opens its section, with the text in the form and the footnote preview
    text = page.get_by_label("Note for readers (target language)")
    text.wait_for(timeout=30_000)
    assert text.input_value() == "Musk appeared in Butler, Pa."
    assert page.get_by_text("Corrected: the source says Iowa. Musk appeared in Butler, Pa.").count() >= 1
    text.fill("Musk’s first Trump rally was on Oct. 5, 2024, in Butler, Pa., where he wore a black MAGA cap.")
    page.get_by_role("textbox", name="What the source said (optional)").fill("Iowa and a red cap")
    page.get_by_role("button", name="Save note").click()
    page.get_by_text("Readers' note saved (note version 2)").first.wait_for(timeout=30_000)
    _wait_idle(page)
    page.get_by_label("Note for readers (target language)").scroll_into_view_if_needed()
    _shot(page, "review-readers-note.png")
    op = open_project(project)
    try:
        note = ReadersNoteService(op.service()).get(KEY)
    finally:
        op.close()
    assert note is not None and note.version == 2 and note.source_said == "Iowa and a red cap"
    assert note.text.startswith("Musk’s first Trump rally was on Oct. 5, 2024")

    _nav(page, "Export")
    page.get_by_role("heading", name="Export").wait_for(timeout=30_000)
    _wait_idle(page)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Download proj.bilingual.html").click()
    body = tmp_path / "export.html"
    dl.value.save_as(body)
    html = body.read_text(encoding="utf-8")
    assert 'id="fnref-1"' in html and "Corrected: the source says Iowa and a red cap. Musk’s first Trump" in html
