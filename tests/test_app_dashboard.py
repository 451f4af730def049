"""Dashboard page through AppTest: what it shows of MQM and how it counts words (issue 18, bug 3)."""

from __future__ import annotations

from review_app.models import Role
from review_app.mqm import MqmService, find_span, word_count
from review_app.project import open_project
from review_app.review import Actor


def test_dashboard_mqm_without_annotations_shows_no_score(app, seed_project):
    op = open_project(seed_project)
    try:
        svc = op.service(Actor("bob", Role.REVIEWER))
        first, second = svc.list_segments(limit=2)
        svc.save_target(first.key, "Once a power couple.", expected_version=1)
        svc.save_target(second.key, ("junk " * 20_000)[:100_000], expected_version=1)
    finally:
        op.close()
    app.run()
    assert not app.exception, app.exception
    labels = {m.label: m.value for m in app.metric}
    assert "MQM score" not in labels and "Annotations" not in labels
    caption = next(c.value for c in app.caption if c.value.startswith("No annotations yet"))
    cap = max(100, 4 * len(second.source.strip()))
    assert f"{word_count('Once a power couple.') + cap:,} evaluated words" in caption
    assert "1 target over that limit counted at the limit" in caption


def test_dashboard_mqm_with_an_annotation_shows_the_score(app, seed_project):
    op = open_project(seed_project)
    try:
        svc = op.service(Actor("bob", Role.REVIEWER))
        seg = svc.list_segments(search="鷹潭")[0]
        text = "Musk appeared in Yingtan, Texas."
        svc.save_target(seg.key, text, expected_version=1)
        start, end = find_span(text, "Yingtan")
        MqmService(svc).add_annotation(seg.key, start=start, end=end, category="accuracy/mistranslation",
                                       severity="major")
    finally:
        op.close()
    app.run()
    assert not app.exception, app.exception
    labels = {m.label: m.value for m in app.metric}
    assert labels["Annotations"] == "1"
    assert labels["MQM score"] == f"{(1 - 5 / word_count(text)) * 100:.1f}"
    assert any(c.value.startswith(f"{word_count(text)} evaluated words") and "cap:max(100,4×src-chars)" in c.value
               for c in app.caption)
