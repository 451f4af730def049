"""The app in a real browser: Debian chromium + Playwright, against `review-app serve` on a free port."""

from __future__ import annotations

import pytest

from review_app.project import init_project, open_project
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.browser


def test_segments_and_review_pages_render_japanese(tmp_path, seed_path, serve_app, browser_page):
    page = browser_page
    project = tmp_path / "proj"
    init_project(project, source=seed_path)
    server = serve_app(project)
    page.goto(server.url, wait_until="networkidle")
    page.get_by_role("heading", name="Segments").wait_for(timeout=60_000)
    page.get_by_text("326 of 326 segments").wait_for(timeout=30_000)
    page.locator("[data-testid='stDataFrame'] canvas").first.wait_for(timeout=30_000)
    page.wait_for_timeout(1500)  # let the grid paint its first rows
    page.screenshot(path=str(ARTIFACTS / "segments.png"), full_page=False)

    page.get_by_role("link", name="Review").click()
    page.get_by_role("heading", name="Review").wait_for(timeout=30_000)
    page.get_by_text("かつては政財界の「恋愛」カップル").first.wait_for(timeout=30_000)
    page.get_by_label("Target (en)").fill("Once a political power couple, Elon Musk and Donald Trump have split.")
    page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_text("status **draft**".replace("**", "")).wait_for(timeout=30_000)
    page.screenshot(path=str(ARTIFACTS / "review.png"), full_page=True)
    op = open_project(project)
    try:
        first = op.service().list_segments(limit=1)[0]
    finally:
        op.close()
    assert first.target == "Once a political power couple, Elon Musk and Donald Trump have split."


def test_markup_in_segments_renders_as_text(tmp_path, serve_app, browser_page):
    page = browser_page
    src = tmp_path / "xss.ja.txt"
    src.write_text(
        "危険な<script>alert(1)</script>文です。\n\n画像<img src=x onerror=alert(1)>も入れた。\n", encoding="utf-8"
    )
    project = tmp_path / "xss"
    init_project(project, source=src)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    server = serve_app(project)
    page.goto(server.url, wait_until="networkidle")
    page.get_by_text("2 of 2 segments").wait_for(timeout=60_000)
    page.get_by_role("link", name="Review").click()
    page.get_by_text("<script>alert(1)</script>", exact=False).first.wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "xss.png"))
