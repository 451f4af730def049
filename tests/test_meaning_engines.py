"""The meaning checks per engine, from the counts to the segments behind them: the core
(:mod:`review_app.checks.meaning_engines`), the CLI (``review-app meaning-engines``) and the Dashboard → Review
drill-down, on the seed article with the shipped drafts and one candidate that says something else."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.models import Candidate, Role
from review_app.project import open_project
from review_app.review import Actor
from tests.conftest import ROOT, start_app

BROKEN = "I'm not sure what to make of it, but I think it's a good idea."


def add_engines(project: Path) -> str:
    """Give the seed project at ``project`` the shipped literal draft as engine ``draft-literal`` and, on the first
    segment, a candidate of engine ``broken`` that says something else altogether; returns that segment's key."""
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import run_engine

    op = open_project(project)
    try:
        svc = op.service(Actor("bob", Role.ADMIN))
        run_engine(svc, FileEngine(ROOT / "corpus" / "musk-trump" / "candidates" / "literal.xlf",
                                   engine_name="draft-literal",
                                   provenance={"kind": "prepared-draft", "by": "tests", "how": "shipped"}))
        first = svc.list_segments(limit=1)[0]
        svc.add_candidates([Candidate("broken", BROKEN, {"kind": "test"}, first.key)])
    finally:
        op.close()
    return str(first.key)


@pytest.fixture
def engines_project(seed_project: Path) -> tuple[Path, str]:
    """The seed project with :func:`add_engines`; the path and the first segment's key."""
    return seed_project, add_engines(seed_project)


def test_each_finding_is_kept_with_its_segment_and_evidence(engines_project: tuple[Path, str]) -> None:
    from review_app.checks.meaning_engines import engine_counts

    path, first = engines_project
    op = open_project(path)
    try:
        rows = {c.engine: c for c in engine_counts(op.service())}
        only = {c.engine: c for c in engine_counts(op.service(), checks=("omission",), engines=("broken",))}
    finally:
        op.close()
    for c in rows.values():  # the list holds what the counts count, in document order
        assert len(c.issues) == sum(c.findings.values())
        assert len({f.segment for f in c.issues}) == c.flagged
        assert [f.index for f in c.issues] == sorted(f.index for f in c.issues)
    om = next(f for f in rows["broken"].issues if f.check == "omission")
    assert (om.engine, om.segment, om.index, om.candidate) == ("broken", first, 1, BROKEN)
    assert om.source_span is not None and om.source_span[1] > om.source_span[0]
    assert set(only) == {"broken"} and only["broken"].checks == ("omission",)
    assert list(only["broken"].as_row()) == ["engine", "segments", "omission", "flagged segments", "flagged share"]


def test_cli_counts_lists_and_exports(engines_project: tuple[Path, str], tmp_path: Path) -> None:
    path, first = engines_project
    runner = CliRunner()
    res = runner.invoke(main, ["meaning-engines", str(path)])
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert lines[0].split() == ["engine", "segments", "polarity", "omission", "addition", "entity-consistency",
                                "flagged", "share"]
    assert [ln.split()[0] for ln in lines[1:3]] == ["broken", "draft-literal"]
    assert lines[1].split()[1:] == ["1", "0", "1", "1", "0", "1", "100.0%"]
    assert lines[-1].startswith("provenance: review_app ") and "JMdict" in lines[-1]

    # the opt-in consensus check is counted when asked for, after the four (needs three other engines: none here)
    res = runner.invoke(main, ["meaning-engines", str(path), "--check", "consensus", "--check", "omission"])
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0].split() == ["engine", "segments", "omission", "consensus", "flagged", "share"]
    assert res.output.splitlines()[1].split()[:4] == ["broken", "1", "1", "0"]

    res = runner.invoke(main, ["meaning-engines", str(path), "--engine", "broken", "--findings"])
    assert res.exit_code == 0, res.output
    assert f"broken  #1 {first}  omission [major]" in res.output and "draft-literal" not in res.output

    out = tmp_path / "findings.json"
    res = runner.invoke(main, ["meaning-engines", str(path), "--findings", "--format", "json", "-o", str(out)])
    assert res.exit_code == 0 and "wrote" in res.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {e["engine"] for e in data["engines"]} == {"broken", "draft-literal"}
    assert sum(e["omission"] for e in data["engines"]) == sum(f["check"] == "omission" for f in data["findings"])
    assert any(f["segment"] == first and f["source_span"] for f in data["findings"])
    assert "glossary none" in data["provenance"]

    res = runner.invoke(main, ["meaning-engines", str(path), "--findings", "--format", "csv", "--check", "addition",
                               "--engine", "broken"])
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert rows and {r["check"] for r in rows} == {"addition"} and rows[0]["#"] == "1"


def test_cli_errors_name_the_fix(engines_project: tuple[Path, str], tmp_path: Path) -> None:
    from review_app.project import init_project

    path, _ = engines_project
    res = CliRunner().invoke(main, ["meaning-engines", str(path), "--engine", "DeepL"])
    assert res.exit_code != 0 and "no candidates of engine 'DeepL'" in res.output
    assert "broken, draft-literal" in res.output
    bare = tmp_path / "bare"
    init_project(bare, source=ROOT / "corpus" / "musk-trump" / "source.ja.txt", source_lang="ja", target_lang="en")
    res = CliRunner().invoke(main, ["meaning-engines", str(bare)])
    assert res.exit_code != 0 and "has no MT candidates" in res.output and "candidates import" in res.output


def test_dashboard_drills_down_from_an_engine_to_the_evidence_on_review(engines_project: tuple[Path, str],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    path, first = engines_project
    app = start_app(monkeypatch, path, glossary=None)
    app.run()
    app.switch_page("app_pages/dashboard.py").run()
    app.button(key="meaning_per_engine_run").click().run()
    assert not app.exception, app.exception
    table = app.dataframe[-1].value
    assert list(table["engine"]) == ["broken", "draft-literal"] and int(table["segments"].iloc[1]) > 300
    assert {"polarity", "omission", "addition", "entity-consistency"} <= set(table.columns)
    assert any("JMdict" in c.value and "review_app" in c.value for c in app.caption)  # what it was computed with
    # a click on the engine's row lists its findings
    app.session_state["meaning_per_engine_table"] = {"selection": {"rows": [], "columns": [],
                                                                   "cells": [[0, "omission"]]}}
    app.run()
    assert not app.exception, app.exception
    assert any(m.value.startswith("**broken**: 2 finding(s) on 1 of 1 segments") for m in app.markdown)
    found = app.dataframe[-1].value
    assert list(found["#"]) == [1, 1] and set(found["check"]) == {"omission", "addition"}
    # a click on a finding opens its segment on Review, with the finding on the engine's candidate
    row = list(found["check"]).index("omission")
    app.session_state["meaning_findings_broken"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Review"
    assert app.selectbox(key="review_key").value == first
    pinned = [w.value for w in app.warning if "from the Dashboard's meaning checks" in w.value]
    assert len(pinned) == 1 and pinned[0].startswith("**omission** (major")


ENGINES_1005 = ("Online-W", "Facebook-AI", "HuaweiTSC", "IIE-MT")


def four_engines_project(tmp_path: Path) -> Path:
    """A project of WMT21 line 1005 alone with four engines' candidates: Online-W writes "July 25, 2012" where the
    three others say "paid article" (有料記事)."""
    from review_app.project import init_project
    from tests.meaning_data import wmt_lines

    src = wmt_lines("wmt21")[0][1004]
    (tmp_path / "src.ja.txt").write_text(src + "\n", encoding="utf-8")
    path = tmp_path / "proj"
    init_project(path, source=tmp_path / "src.ja.txt", source_lang="ja", target_lang="en")
    op = open_project(path)
    try:
        svc = op.service(Actor("bob", Role.ADMIN))
        key = svc.list_segments()[0].key
        svc.add_candidates([Candidate(e, wmt_lines("wmt21", e)[1][1004], {"kind": "machine-translation"}, key)
                            for e in ENGINES_1005])
    finally:
        op.close()
    return path


def test_review_reads_each_candidate_against_the_others_when_consensus_is_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A segment with four engines' candidates (WMT21 line 1005: Online-W writes "July 25, 2012" where the three
    others say "paid article"): with `consensus` switched on for the project, Online-W's card on Review reports
    what the other candidates agree on; the others' cards do not; off, no card mentions it."""
    path = four_engines_project(tmp_path)

    def consensus_lines() -> list[str]:
        app = start_app(monkeypatch, path, glossary=None)
        app.run()
        app.switch_page("app_pages/review.py").run()
        assert not app.exception, app.exception
        return [t.value for t in app.text if "consensus:" in t.value]

    assert consensus_lines() == []
    res = CliRunner().invoke(main, ["qa-settings", str(path), "--on", "consensus"])
    assert res.exit_code == 0, res.output
    found = consensus_lines()
    assert len(found) == 1 and "the other 3 candidates all render 有料" in found[0], found


def test_dashboard_counts_consensus_when_the_project_switches_it_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """WMT21 line 1005 with four engines (Online-W drops 有料記事 "paid article", the three others render it): the
    Dashboard's per-engine table has a consensus column only once the project's QA settings switch the check on,
    and then counts Online-W's omission there, and no other engine's."""
    path = four_engines_project(tmp_path)

    def table() -> dict[str, dict[str, int]]:
        app = start_app(monkeypatch, path, glossary=None)
        app.run()
        app.switch_page("app_pages/dashboard.py").run()
        app.button(key="meaning_per_engine_run").click().run()
        assert not app.exception, app.exception
        t = app.dataframe[-1].value
        return {row["engine"]: dict(row) for row in t.to_dict("records")}

    assert all("consensus" not in row for row in table().values())
    res = CliRunner().invoke(main, ["qa-settings", str(path), "--on", "consensus"])
    assert res.exit_code == 0, res.output
    rows = table()
    assert {e: rows[e]["consensus"] for e in ENGINES_1005} == {"Online-W": 1, "Facebook-AI": 0, "HuaweiTSC": 0,
                                                          "IIE-MT": 0}
