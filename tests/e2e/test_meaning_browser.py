"""The meaning checks per engine in Chromium: from the Dashboard's counts to one engine's findings, and from a
finding to its segment on Review with the evidence on that engine's candidate. Expect-based waits only. Writes
dashboard-meaning.png and review-meaning.png where tests/e2e/conftest.py's ARTIFACTS says."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from review_app.project import init_project
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_document_browser import _settled, _shot
from tests.test_meaning_engines import add_engines

pytestmark = pytest.mark.browser


def _click_row(page, grid, row: int) -> None:
    """Click a cell of data row ``row`` of a Streamlit dataframe (a canvas; header and rows are 35 px high)."""
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.4, box["y"] + 35 + 35 * row + 17)


def test_from_the_engine_counts_to_the_evidence(tmp_path, seed_path, serve_app, browser_page):
    page = browser_page
    project = tmp_path / "proj"
    init_project(project, source=seed_path)
    first = add_engines(project)
    server = serve_app(project)
    page.goto(server.url, wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible(timeout=60_000)
    box = page.get_by_test_id("stExpander").filter(has_text="Meaning checks per engine")
    box.get_by_text("Meaning checks per engine").click()
    box.get_by_role("button", name="Count meaning findings per engine").click()
    counts = box.get_by_test_id("stDataFrame").first
    expect(counts).to_be_visible(timeout=120_000)
    _settled(page)
    _click_row(page, counts, 0)  # the engine "broken" (engines by name)
    summary = box.get_by_text("broken: 2 finding(s) on 1 of 1 segments")
    expect(summary).to_be_visible(timeout=60_000)
    _shot(page, "dashboard-meaning.png", summary)
    _click_row(page, box.get_by_test_id("stDataFrame").nth(1), 0)
    expect(page.get_by_role("heading", name="Review")).to_be_visible(timeout=60_000)
    pinned = page.get_by_text("from the Dashboard's meaning checks per engine")
    expect(pinned).to_be_visible(timeout=60_000)
    assert f"seg={first}" in page.url
    # the source span the finding names is marked in the source
    expect(page.locator(".ra-text mark[class^=qa-]").first).to_be_visible()
    _shot(page, "review-meaning.png", pinned)
    assert (ARTIFACTS / "review-meaning.png").stat().st_size > 10_000
