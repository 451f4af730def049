"""The Review page's readers' note section (review_app/app/readers_note.py) through AppTest: set, preview, edit,
conflict without overwrite, remove, restore from the history, and the translator's read-only view."""

from __future__ import annotations

from pathlib import Path

from review_app.models import Role
from review_app.notes import ReadersNoteService
from tests.test_app import Project, review

BUTLER_SAID = "Iowa and a red cap"


def note_of(path: Path, key: str):  # type: ignore[no-untyped-def]
    with Project(path) as p:
        return ReadersNoteService(p.svc()).state(key)


def submit(at, key: str, label: str) -> None:  # type: ignore[no-untyped-def]
    at.button(key=f"FormSubmitter:rn-{key}-{label}").click().run()
    assert not at.exception, at.exception


def test_set_edit_remove_and_restore_a_note(app, seed_project):  # type: ignore[no-untyped-def]
    review(app, "アイオワ州")
    key = app.selectbox(key="review_key").value
    assert key == "s9245b6ae5e"
    app.selectbox(key=f"rn_kind-{key}").set_value("correction")
    app.text_area(key=f"rn_text-{key}").input("Musk’s first Trump rally was in Butler, Pa. <b>bold</b>")
    app.text_input(key=f"rn_said-{key}").input(BUTLER_SAID)
    submit(app, key, "Save note")
    n = note_of(seed_project, key)
    assert (n.kind, n.text, n.source_said, n.version, n.updated_by) == (
        "correction", "Musk’s first Trump rally was in Butler, Pa. <b>bold</b>", BUTLER_SAID, 1, "local")
    assert any("Readers' note saved (note version 1)" in s.value for s in app.success)
    assert any(t.value == f"Corrected: the source says {BUTLER_SAID}. Musk’s first Trump rally was in Butler, Pa. "
               "<b>bold</b>" for t in app.text)  # the preview is text: the markup is not rendered
    assert any("note_source_said" in t.value for t in app.text)  # its history
    # edit the kind only
    app.selectbox(key=f"rn_kind-{key}").set_value("context")
    submit(app, key, "Save note")
    assert note_of(seed_project, key).kind == "context" and note_of(seed_project, key).version == 2
    # remove, then restore the first version from the note's history
    submit(app, key, "Remove note")
    assert note_of(seed_project, key).text == "" and app.text_area(key=f"rn_text-{key}").value == ""
    with Project(seed_project) as p:
        first = next(r for r in p.svc().history(key) if r.field == "note")
    app.button(key=f"rn_restore-{first.id}").click().run()
    assert not app.exception, app.exception
    n = note_of(seed_project, key)
    assert (n.kind, n.source_said, n.version) == ("correction", BUTLER_SAID, 4)
    assert app.text_area(key=f"rn_text-{key}").value == n.text


def test_a_concurrent_change_is_not_overwritten(app, seed_project):  # type: ignore[no-untyped-def]
    review(app, "アイオワ州")
    key = app.selectbox(key="review_key").value
    with Project(seed_project) as p:  # bob saves a note after this session opened the segment
        ReadersNoteService(p.svc("bob")).set(key, "Bob's note.", expected_version=0)
    app.text_area(key=f"rn_text-{key}").input("My note.")
    submit(app, key, "Save note")
    assert note_of(seed_project, key).text == "Bob's note."
    assert any("Not saved" in e.value and "bob" in e.value for e in app.error)
    assert any("changed by bob" in w.value for w in app.warning)
    app.button(key=f"rn_reload-{key}").click().run()
    assert app.text_area(key=f"rn_text-{key}").value == "Bob's note."
    app.text_area(key=f"rn_text-{key}").input("Bob's note, merged with mine.")
    submit(app, key, "Save note")
    assert note_of(seed_project, key).text == "Bob's note, merged with mine."


def test_translator_sees_the_note_but_cannot_change_it(app, seed_project, monkeypatch):  # type: ignore[no-untyped-def]
    from tests.test_app import create_user, log_in, seg_key

    monkeypatch.setenv("REVIEW_APP_TEAM", "1")
    key = seg_key(seed_project, "アイオワ州")
    with Project(seed_project) as p:
        ReadersNoteService(p.svc("rita", Role.REVIEWER)).set(key, "Butler, not Iowa.", expected_version=0)
    create_user(seed_project, "tina", "translator")
    app.run()
    log_in(app, "tina", "tina-pass")
    review(app, "アイオワ州")
    assert app.text_area(key=f"rn_text-{key}").value == "Butler, not Iowa."
    assert app.text_area(key=f"rn_text-{key}").disabled
    assert app.button(key=f"FormSubmitter:rn-{key}-Save note").disabled
    assert any("needs the reviewer or admin role" in c.value for c in app.caption)


def test_export_page_counts_the_notes(app, seed_project):  # type: ignore[no-untyped-def]
    with Project(seed_project) as p:
        svc = p.svc("rita", Role.REVIEWER)
        ReadersNoteService(svc).set(svc.list_segments(search="アイオワ州")[0].key, "Butler.", expected_version=0)
    app.run()
    app.switch_page("app_pages/export.py").run()
    assert not app.exception, app.exception
    assert any("1 readers' note(s): numbered footnotes" in c.value for c in app.caption)
