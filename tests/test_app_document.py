"""The Document view through AppTest: the article as a paged grid with QA flags, filters (status, flags, text in
source/target/candidates), inline editing through the review service (versions checked, conflicts kept), a row
opening the Review editor, and find & replace with preview and undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from review_app.app import document_grid as grid
from review_app.models import Role, Status
from review_app.project import open_project
from review_app.review import Actor
from tests.conftest import GLOSSARY
from tests.test_replace import _drafts


class Svc:
    def __init__(self, path: Path, name: str = "bob", role: Role = Role.REVIEWER) -> None:
        self.op = open_project(path)
        self.svc = self.op.service(Actor(name, role))

    def __enter__(self):
        return self.svc

    def __exit__(self, *exc: object) -> None:
        self.op.close()


def document(app: AppTest) -> AppTest:
    app.run()
    app.switch_page("app_pages/document.py").run()
    ok(app)
    return app


def ok(app: AppTest) -> None:
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]


def grid_frame(app: AppTest):
    return next(d.value for d in app.dataframe if "target" in d.value.columns and "flags" in d.value.columns)


def editor_key(app: AppTest) -> str:
    return f"dv_grid-{app.session_state['dv_epoch']}"


def edit(app: AppTest, rows: dict[int, dict[str, object]]) -> AppTest:
    app.session_state[editor_key(app)] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return app.run()


def caption(app: AppTest) -> str:
    return next(c.value for c in app.caption if " of 326 segments" in c.value or "of 0 segments" in c.value)


def test_document_view_pages_through_the_article(app):
    document(app)
    frame = grid_frame(app)
    assert len(frame) == 100 and list(frame["#"])[:3] == [1, 2, 3]  # one page, never 326 rows of widgets
    assert list(frame.columns) == ["open", "#", "source", "target", "status", "flags", "id"]
    assert "326 of 326 segments · page 1 of 4 (rows 1–100)" in caption(app)
    app.number_input(key="dv_page").set_value(4).run()
    frame = grid_frame(app)
    assert len(frame) == 26 and frame["#"].iloc[0] == 301 and frame["#"].iloc[-1] == 326
    app.selectbox(key="dv_page_size").set_value(500).run()
    assert len(grid_frame(app)) == 326 and "page 1 of 1" in caption(app)  # the page is clamped to the last one


def test_filters_status_flags_and_search_in_candidates(app, seed_project):
    _drafts(seed_project, targets=None)
    from review_app import qa

    with Svc(seed_project) as svc:
        key = svc.list_segments(search="鷹潭")[0].key
        svc.save_target(key, "Musk appeared in Yingtan, Texas.", expected_version=1)
        from review_app.glossary import load_glossary

        qa.run_project(svc, glossary=load_glossary(GLOSSARY))
    document(app)
    frame = grid_frame(app)
    row = frame[frame["id"] == key].iloc[0]
    assert "major" in row["flags"]  # the forbidden rendering, from the latest QA run
    app.text_input(key="dv_search").input("Yingtan").run()
    frame = grid_frame(app)
    assert list(frame["id"]) == [key]  # the target and both drafts: one segment
    app.text_input(key="dv_search").input("Ohio").run()
    with_candidates = len(grid_frame(app))
    app.checkbox(key="dv_in_candidates").uncheck().run()
    assert len(grid_frame(app)) < with_candidates or with_candidates == 0
    app.text_input(key="dv_search").input("").run()
    app.multiselect(key="dv_status").select("draft").run()
    assert list(grid_frame(app)["id"]) == [key]
    app.multiselect(key="dv_status").unselect("draft").run()
    app.selectbox(key="dv_flag").set_value("serious").run()
    serious = set(grid_frame(app)["id"])
    assert key in serious
    app.selectbox(key="dv_flag").set_value("clean").run()
    clean = set(grid_frame(app)["id"])
    assert key not in clean and not (clean & serious)


def test_inline_edit_saves_through_the_review_service(app, seed_project):
    document(app)
    frame = grid_frame(app)
    key = frame["id"].iloc[1]
    edit(app, {1: {"target": "Once a power couple."}})
    assert app.button(key="dv_save").label == "Save edits (1)"
    app.button(key="dv_save").click().run()
    ok(app)
    assert any("Saved 1 segment" in s.value for s in app.success)
    with Svc(seed_project) as svc:
        seg = svc.get_segment(key)
        assert seg.target == "Once a power couple." and seg.version == 2 and seg.status is Status.DRAFT
        (rev,) = [h for h in svc.history(key) if h.field == "target"]
        assert rev.user == "local" or rev.user  # the local user of the project
        assert rev.reason == "edited in the Document view"
    frame = grid_frame(app)
    assert frame[frame["id"] == key]["target"].iloc[0] == "Once a power couple."  # the grid shows the saved text
    # a status change alone (approve) is a status revision
    edit(app, {1: {"status": "approved"}})
    app.button(key="dv_save").click().run()
    ok(app)
    with Svc(seed_project) as svc:
        assert svc.get_segment(key).status is Status.APPROVED


def test_a_conflicting_edit_from_another_tab_is_refused_and_kept(app, seed_project):
    document(app)
    key = grid_frame(app)["id"].iloc[0]
    with Svc(seed_project, "omar") as svc:  # another tab saves after this page was read
        svc.save_target(key, "Their text.", expected_version=1)
    edit(app, {0: {"target": "My text."}})
    app.button(key="dv_save").click().run()
    assert not app.exception
    message = next(e.value for e in app.error)
    assert "was changed by omar since this page was read" in message and "your edit was not saved" in message
    assert app.text_area(key=f"dv_mine_{key}").value == "My text."  # nothing lost
    assert app.text_area(key=f"dv_theirs_{key}").value == "Their text."
    with Svc(seed_project) as svc:
        assert svc.get_segment(key).target == "Their text."
    app.button(key=f"dv_keep_{key}").click().run()
    ok(app)
    with Svc(seed_project) as svc:
        seg = svc.get_segment(key)
        assert seg.target == "My text." and seg.version == 3


def test_a_translator_cannot_approve_in_the_grid(app, seed_project, monkeypatch):
    with Svc(seed_project) as svc:
        key = svc.list_segments(limit=1)[0].key
        svc.save_target(key, "Once a power couple.", expected_version=1, status=Status.TRANSLATED)
    document(app)
    app.session_state["user"] = "tina"
    from review_app.review import PERMISSIONS

    monkeypatch.setitem(PERMISSIONS, "review", frozenset())  # the service refuses, whatever the grid offers
    edit(app, {0: {"status": "approved"}})
    app.button(key="dv_save").click().run()
    assert any("not saved" in e.value and "may not review" in e.value for e in app.error)
    with Svc(seed_project) as svc:
        assert svc.get_segment(key).status is Status.TRANSLATED


def test_open_ticks_a_row_into_the_review_editor(app, seed_project):
    document(app)
    app.text_input(key="dv_search").input("鷹潭").run()
    key = grid_frame(app)["id"].iloc[0]
    edit(app, {0: {"open": True}})
    ok(app)
    assert app.title[0].value == "Review"
    assert app.selectbox(key="review_key").value == key


def test_open_with_unsaved_edits_asks_to_save_first(app):
    document(app)
    edit(app, {0: {"target": "Unsaved.", "open": True}})
    assert app.title[0].value == "Document"
    assert any("Save or reload your 1 edit(s)" in w.value for w in app.warning)


def test_find_and_replace_preview_apply_and_undo(app, seed_project):
    _drafts(seed_project)
    with Svc(seed_project) as svc:
        keys = [s.key for s in svc.list_segments() if "Yingtan" in (s.target or "")]
        before = {k: svc.get_segment(k).target for k in keys}
    document(app)
    app.text_input(key="fr_find").input("Yingtan")
    app.text_input(key="fr_replace").input("Eagle Pass")
    app.button(key="fr_preview_button").click().run()
    ok(app)
    assert any(c.value.startswith(f"{len(keys)} replacement(s) of 'Yingtan'") for c in app.caption)
    preview = next(d.value for d in app.dataframe if "before" in d.value.columns)
    assert list(preview["before"]) == [before[k] for k in keys]
    assert all("Eagle Pass" in a for a in preview["after"])
    app.button(key="fr_apply").click().run()
    ok(app)
    with Svc(seed_project) as svc:
        assert all("Eagle Pass" in (svc.get_segment(k).target or "") for k in keys)
    undo = next(b for b in app.button if b.key and b.key.startswith("fr_undo_"))
    undo.click().run()
    ok(app)
    with Svc(seed_project) as svc:
        assert {k: svc.get_segment(k).target for k in keys} == before
    assert any("(undone)" in m.value or "**undone**" in m.value for m in app.markdown)


def test_find_and_replace_refuses_a_bad_pattern(app):
    document(app)
    app.text_input(key="fr_find").input("(unclosed")
    app.checkbox(key="fr_regex").check()
    app.button(key="fr_preview_button").click().run()
    assert any("is not valid" in e.value for e in app.error)


def test_grid_rows_and_edits_without_streamlit(seed_project):
    with Svc(seed_project) as svc:
        rows = grid.page(svc, grid.filters(), 0, 3)
        assert [r.number for r in rows] == [1, 2, 3] and all(r.version == 1 for r in rows)
        assert grid.edits(rows, {0: {"target": rows[0].target}, 1: {"open": True}}) == []  # no real change
        (change,) = grid.edits(rows, {"2": {"target": "x"}, 9: {"target": "out of range"}})
        assert change == (rows[2], "x", "new")
        with pytest.raises(ValueError, match="unknown flag filter"):
            grid.filters(flag="weird")
