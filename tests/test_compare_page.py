"""The Compare page (issue 22): the project's reference by default and never ranked against itself, one
reference row and no raw ``None`` in the disagreement tables, a chart with intervals, and results computed once
per revision in a background process (a "computing… as of revision N" state that shows the earlier result).
Also :class:`review_app.metrics.jobs.CompareJobs` on its own."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from review_app.metrics.jobs import CompareJobs, CompareRequest, job_key, state_stamp
from review_app.project import open_project
from tests.conftest import ROOT, project_service, start_app
from tests.test_app_pages import computed, ok, page
from tests.test_compare_honest import _demo, approve_first

GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return _demo(tmp_path)


@pytest.fixture
def app(demo: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    return start_app(monkeypatch, demo, glossary=None)


def test_default_reference_is_the_shipped_reference_engine(app: AppTest, demo: Path) -> None:
    page(app, "compare")
    assert app.selectbox(key="cmp_ref").value == "engine:reference"
    computed(app, demo)
    ok(app)
    frame = app.dataframe[0].value
    assert list(frame["engine"]) == ["draft-fluent", "draft-literal"]  # the reference is not an engine here
    assert (frame["scored"] == 326).all()
    assert "Reference: engine reference (326 segments)" in app.caption[0].value
    assert "glossary:musk-trump" in app.caption[0].value  # the project's glossary, by default
    assert not any("reference is better" in m.value for m in app.markdown)
    chart = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    assert "facet" in chart and '"x2"' in json.dumps(chart)
    for table in app.dataframe[2:]:  # the disagreement tables
        rows = table.value
        assert (rows["engine"].str.startswith("reference")).sum() == 1
        assert "None" not in rows.astype(str).to_string().replace("NaN", "")


def test_computing_state_shows_the_earlier_result(app: AppTest, demo: Path) -> None:
    page(app, "compare")
    computed(app, demo)
    before = app.dataframe[0].value
    # Another reviewer approves a segment: a new revision, so a new comparison is due.
    with project_service(demo, user=None) as svc:
        approve_first(svc)
        request = CompareRequest(reference="engine:reference", engines=("draft-fluent", "draft-literal"),
                                 baseline="draft-fluent", test="bs", samples=300,
                                 glossary=str(GLOSSARY.resolve()))
        stamp = state_stamp(svc, request)
    jobs = CompareJobs(demo)
    key = job_key(request, stamp)
    # Hold the job as "running" (a live pid: this process) so the page shows the in-between state.
    jobs.dir.mkdir(parents=True, exist_ok=True)
    lock = jobs.dir / f"{key}.lock"
    lock.write_text(json.dumps({"pid": os.getpid(), "started": 0, "revision": stamp["revision"]}))
    try:
        app.run()
        ok(app)
        assert any(f"Computing the comparison as of revision {stamp['revision']}" in i.value for i in app.info)
        assert any("newest earlier result" in c.value for c in app.caption)
        assert app.dataframe[0].value.equals(before)
    finally:
        lock.unlink()
    app.run()  # the held job is gone without a result: the page starts it
    computed(app, demo)
    ok(app)
    assert not app.info and any(f"revision {stamp['revision']}" in c.value for c in app.caption)


def test_jobs_compute_once_and_report_failures(demo: Path) -> None:
    op = open_project(demo)
    try:
        svc = op.service()
        request = CompareRequest(reference="engine:reference", samples=100, top=2)
        stamp = state_stamp(svc, request)
        bad = CompareRequest(reference="engine:nobody", samples=100)
        bad_stamp = state_stamp(svc, bad)
    finally:
        op.close()
    jobs = CompareJobs(demo)
    key = job_key(request, stamp)
    assert jobs.start(request, stamp)["revision"] == stamp["revision"]
    result = jobs.wait(key)
    assert result is not None and result["stamp"] == stamp and result["json"]["scored_segments"] == 326
    assert jobs.start(request, stamp) == {}  # done: nothing is started again
    assert jobs.latest(request) == result
    bad_key = job_key(bad, bad_stamp)
    jobs.start(bad, bad_stamp)
    assert jobs.wait(bad_key) is None
    assert "no candidates from engine 'nobody'" in (jobs.failure(bad_key) or "")
    assert jobs.running(bad_key) is None
