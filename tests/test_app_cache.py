"""The app's per-project read cache (review_app/app/cache.py) and its stamp (review_app/store/stamp.py): every kind
of write changes the stamp, a read is done once per stamp, and the Review page shows another user's write on its
next run; the sections drawn only while open (correction, readers' note, MQM, history) cost nothing closed."""

from __future__ import annotations

from review_app import qa
from review_app.app import cache, queries
from review_app.glossary import load_glossary
from review_app.models import Candidate
from review_app.mqm import MqmService
from review_app.notes import ReadersNoteService
from tests.test_app import EAGLE, GLOSSARY, Project, review, seg_caption, seg_key


def test_every_kind_of_write_changes_the_stamp(seed_project):
    key = seg_key(seed_project, "鷹潭")
    with Project(seed_project) as p:
        svc = p.svc()
        seen = [cache.stamp(svc)]

        def changed(back_to_an_earlier_state: bool = False) -> None:
            now = cache.stamp(svc)
            assert now != seen[-1], now
            assert back_to_an_earlier_state or now not in seen, now
            seen.append(now)

        assert cache.stamp(svc) == seen[0]  # no write, same stamp
        v = svc.save_target(key, EAGLE, expected_version=1)
        changed()
        svc.correct_source(key, svc.get_segment(key).source + "。", expected_source_version=1)
        changed()
        svc.add_comment(key, "a comment")
        changed()
        svc.add_candidates([Candidate("engine-x", "Musk in Eagle Pass.", {"kind": "test-fixture"}, key)])
        changed()
        found = qa.run_project(svc, glossary=load_glossary(GLOSSARY))
        changed()
        qa.dismiss(svc, found[0].fingerprint)
        changed()
        qa.undismiss(svc, found[0].fingerprint)
        changed(back_to_an_earlier_state=True)  # the same dismissals as before: reading them again is not needed
        MqmService(svc).add_annotation(key, side="target", start=0, end=4, category="style", severity="minor")
        changed()
        ReadersNoteService(svc).set(key, "A note for readers.", expected_version=0)
        changed()
        svc.save_target(key, EAGLE + " Really.", expected_version=v.version, status="approved")
        changed()


def test_a_read_is_done_once_per_stamp(seed_project):
    key = seg_key(seed_project, "鷹潭")
    calls: list[str] = []

    def engines(svc):
        calls.append("read")
        return queries.engines(svc)

    with Project(seed_project) as p:
        svc = p.svc()
        at = cache.stamp(svc)
        assert cache.read(svc, at, engines) == [] and cache.read(svc, at, engines) == []
        assert calls == ["read"]
        first = cache.read(svc, at, svc.get_segment, key)
        assert cache.read(svc, at, svc.get_segment, key) is first  # shared, not read again
        svc.add_candidates([Candidate("engine-x", "Musk in Eagle Pass.", {"kind": "test-fixture"}, key)])
        later = cache.stamp(svc)
        assert cache.read(svc, later, engines) == ["engine-x"]
        assert calls == ["read", "read"]
        svc.save_target(key, EAGLE, expected_version=1)
        assert cache.read(svc, cache.stamp(svc), svc.get_segment, key).target == EAGLE
        # the newer stamp dropped the older entries: a reader still on the older stamp (a callback of the previous
        # run) reads afresh, never the text from before the write
        assert cache.read(svc, at, svc.get_segment, key).target == EAGLE


def test_the_review_page_shows_another_users_save_on_its_next_run(app, seed_project):
    review(app)
    key = app.selectbox(key="review_key").value
    app.run()  # a run without a write: the page's reads come from the cache
    assert "version 1" in seg_caption(app)
    with Project(seed_project) as p:
        p.svc().save_target(key, EAGLE, expected_version=1)
    app.run()
    assert not app.exception, app.exception
    assert "version 2" in seg_caption(app) and "bob" in seg_caption(app)
    assert any(EAGLE in h.proto.body for h in app.get("html"))


def test_closed_sections_draw_nothing(app, seed_project):
    review(app, open_sections=False)
    assert not [b for b in app.button if b.key and b.key.startswith(("revert-", "rn_", "remove_correction"))]
    assert not [t for t in app.text_input if t.key and t.key.startswith("mqm_")]
    assert not [t for t in app.text_area if t.key and t.key.startswith("rn_text")]
    from review_app.app.review import keys

    app.session_state[keys.OPEN_MQM] = True
    app.session_state[keys.OPEN_NOTE] = True
    app.run()
    assert not app.exception, app.exception
    assert app.text_input(key="mqm_span") is not None
    assert [t for t in app.text_area if t.key and t.key.startswith("rn_text")]


def test_the_next_segment_is_read_in_the_background(app, seed_project):
    from review_app.app.review.candidates import unit_findings
    from review_app.glossary import load_glossary

    with Project(seed_project) as p:
        svc = p.svc()
        first, nxt = svc.list_segments()[:2]
        svc.add_candidates([Candidate("engine-x", "Musk spoke in Eagle Pass.", {"kind": "test-fixture"}, nxt.key)])
    review(app, search=None)
    assert app.selectbox(key="review_key").value == first.key
    assert cache.prefetch_idle()
    from review_app.app.state import _open

    svc = _open(str(seed_project.resolve())).service()  # the app's own handle: its cache
    at = cache.stamp(svc)
    pc = cache.project_cache(svc)
    hits = pc.hits
    # read under the page's stamp with the page's keys: found, not read again
    assert cache.read(svc, at, svc.get_segment, nxt.key).key == nxt.key
    assert [c.engine for c in cache.read(svc, at, svc.candidates, nxt.key)] == ["engine-x"]
    assert pc.hits == hits + 2
    gloss = load_glossary(GLOSSARY)
    marker = []
    # (the last part of the key: the project's QA settings, none stored here, and its size)
    from review_app.app.review.context import qa_settings_of

    _config, sig = qa_settings_of(svc)
    assert sig == '{"qa": {}, "size": 326}'
    cache.memo(("unit_findings", nxt.effective_source, "Musk spoke in Eagle Pass.", gloss.signature, sig),
               lambda: marker.append("computed"))
    assert marker == []  # the candidate's QA findings were computed by the prefetch
    assert unit_findings(nxt.effective_source, "Musk spoke in Eagle Pass.", gloss, gloss.signature) is not None
