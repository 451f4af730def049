"""QA reports that scale: inconsistent-target reports a group of repeated sources once with bounded lists, and
``review-app qa FILE`` writes its report from findings spooled to disk, in the order and with the bytes the
in-memory report had."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from review_app import qa
from review_app.checks.base import Category, CheckConfig, CheckContext, Issue, Side, Unit, iter_findings, run_checks
from review_app.checks.consistency import MAX_RENDERINGS, MAX_UNITS, InconsistentTarget
from review_app.cli import main
from review_app.commands.qa import report_stream
from review_app.findings import FindingSpool, _write_json, issue_json, render
from review_app.models import Severity

ROOT = Path(__file__).resolve().parent.parent
CANDIDATES = ROOT / "corpus" / "musk-trump" / "candidates"
GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"
SOURCE = "マスク氏は連邦政府の支出削減を主張した。"


def _group(targets: list[str], prefix: str = "u") -> list[Unit]:
    return [Unit(f"{prefix}{n}", SOURCE, t, index=n) for n, t in enumerate(targets)]


def test_a_source_repeated_300_times_is_one_bounded_finding() -> None:
    units = _group([f"Musk called for cuts to federal spending (take {n})." for n in range(300)])
    (issue,) = run_checks([InconsistentTarget()], CheckContext(units=units))
    assert issue.unit == "u1"  # the first unit that departs from the (first, on a tie) rendering
    assert issue.data["variants"] == 300 and issue.data["units"] == 300 and issue.data["departing"] == 299
    assert len(issue.data["renderings"]) == MAX_RENDERINGS
    assert all(len(r["units"]) <= MAX_UNITS and r["count"] == 1 for r in issue.data["renderings"])
    assert "translated 300 ways in 300 units" in issue.message and "and 297 other renderings" in issue.message
    assert len(json.dumps(issue.as_json(), ensure_ascii=False)) < 3000  # was 300 findings of 299 ids each


def test_a_group_names_its_renderings_majority_first() -> None:
    targets = ["Musk urged spending cuts."] * 4 + ["Musk demanded cuts."] + ["Musk urged spending cuts."] * 2 + [
        "Musk asked for cuts."] * 2
    units = _group(targets)
    (issue,) = run_checks([InconsistentTarget()], CheckContext(units=units))
    assert issue.unit == "u4"
    assert [(r["target"], r["count"], r["units"]) for r in issue.data["renderings"]] == [
        ("Musk urged spending cuts.", 6, ["u0", "u1", "u2", "u3", "u5", "u6"]),
        ("Musk asked for cuts.", 2, ["u7", "u8"]),
        ("Musk demanded cuts.", 1, ["u4"])]
    assert issue.message.startswith("the same source is translated 3 ways in 9 units: 'Musk urged spending cuts.' "
                                    "in 6 units (u0, u1, u2 and 3 more); 'Musk asked for cuts.' in 2 units (u7, u8)")
    assert issue.message.endswith("expected one rendering, e.g. the most frequent: 'Musk urged spending cuts.'")
    # case, spacing and final punctuation are not differences
    same = _group(["Musk urged spending cuts.", "musk urged  spending cuts", "Musk urged spending cuts!"])
    assert run_checks([InconsistentTarget()], CheckContext(units=same)) == []


def test_the_grouped_finding_is_stored_dismissed_and_exported_in_a_project(database: object) -> None:
    from review_app.exporters.reports import qa_report_html, qa_report_json
    from tests.test_qa import _project

    svc = _project(database, "同じ文です。\n\n同じ文です。\n\n同じ文です。\n")
    targets = ["It is the same sentence.", "It is the same sentence.", "This sentence is the same."]
    for seg, t in zip(svc.list_segments(), targets, strict=True):
        svc.save_target(seg.key, t, expected_version=seg.version)
    only = CheckConfig(enabled_only=frozenset({"inconsistent-target"}))
    (stored,) = qa.run_project(svc, config=only)
    third = svc.list_segments()[2].key
    assert stored.issue.unit == third and stored.issue.data["variants"] == 2
    assert [s.issue.data["renderings"] for s in qa.list_issues(svc)] == [stored.issue.data["renderings"]]

    class Data:  # what the report exporters read
        service = svc
        name = "p"

    report = qa_report_json(Data())  # type: ignore[arg-type]
    assert [i["check"] for i in report["issues"]] == ["inconsistent-target"]
    assert "translated 2 ways in 3 units" in qa_report_html(Data())  # type: ignore[arg-type]
    qa.dismiss(svc, stored.fingerprint)
    assert qa.list_issues(svc) == [] and [s.dismissed for s in qa.run_project(svc, config=only)] == [True]


# -- streaming -------------------------------------------------------------------------------------------------

_TEXT = st.text(alphabet=st.sampled_from(list("aZ 0\"\\\n\t\u3000マ漢\u2028\U0001f600/<&'")), max_size=12)
_ROWS = st.lists(st.builds(
    lambda unit, check, msg, span, data: Issue(unit, check, Severity.MINOR, Side.TARGET, msg, Category.STYLE,
                                               source_span=span, target_span=None, data=data),
    _TEXT, st.sampled_from(["a", "b-c"]), _TEXT, st.none() | st.tuples(st.integers(0, 9), st.integers(0, 99)),
    st.dictionaries(_TEXT, st.integers() | _TEXT, max_size=2)), max_size=4)


@settings(max_examples=200, deadline=None)
@given(_ROWS, st.lists(_TEXT, max_size=3), _TEXT, st.booleans())
def test_streamed_json_is_byte_identical_to_the_one_shot_dump(issues: list[Issue], checks: list[str], label: str,
                                                             fingerprints: bool) -> None:
    import io

    extra = (lambda n: f"fp{n}") if fingerprints else None
    buf = io.StringIO()
    _write_json(buf, label, checks, iter(issues), extra)
    rows = [issue_json(i) | ({"fingerprint": f"fp{n}"} if fingerprints else {}) for n, i in enumerate(issues)]
    assert buf.getvalue() == json.dumps({"file": label, "checks": checks, "issues": rows}, ensure_ascii=False,
                                        indent=1) + "\n"


@pytest.mark.parametrize("name", ["literal", "fluent"])
def test_the_spool_reads_back_what_run_checks_returns(name: str) -> None:
    glossary = qa.load_glossary_or_none(GLOSSARY)
    units = qa.units_from_file(CANDIDATES / f"{name}.xlf")
    listed = qa.run_units(units, glossary=glossary)
    checks = qa.select_checks(CheckConfig())
    ctx = CheckContext(units=qa.units_from_file(CANDIDATES / f"{name}.xlf"), glossary=glossary)
    with FindingSpool(checks) as spool:
        spool.extend(iter_findings(checks, ctx))
        assert [i.as_json() for i in spool.read(ctx.units)] == [i.as_json() for i in listed]
        assert len(spool) == len(listed)
        assert spool.severities() == {s: n for s in Severity if (n := sum(i.severity is s for i in listed))}
    assert any(i.check == "name-misspelling" for i in listed)  # a superseded term-missing was left out


@pytest.mark.parametrize("fmt", ["json", "csv", "text", "html"])
def test_the_cli_report_equals_the_in_memory_rendering(fmt: str, tmp_path: Path) -> None:
    path = CANDIDATES / "literal.xlf"
    out = tmp_path / f"report.{fmt}"
    res = CliRunner().invoke(main, ["qa", str(path), "--glossary", str(GLOSSARY), "--format", fmt, "-o", str(out)])
    assert res.exit_code == 0, res.output
    read = qa.read_units(path)
    glossary = qa.load_glossary_or_none(GLOSSARY)
    cfg = CheckConfig().sized(len(read.units))  # as the command reads it: the file's size decides the meaning checks
    issues = qa.run_units(read.units, glossary=glossary, config=cfg, source_lang=read.source_lang,
                          target_lang=read.target_lang)
    checks = [c.check_id for c in qa.select_checks(cfg, read.source_lang, read.target_lang)]
    assert "omission" in checks
    pair = (read.source_lang or "ja", read.target_lang or "en")
    prov = qa.provenance_line(qa.run_provenance(cfg, glossary, *pair))
    texts = {u.id: (u.source, u.target) for u in read.units}
    want = render(fmt, str(path), checks, issues, texts, languages=pair, provenance=prov) + "\n"
    assert out.read_text(encoding="utf-8") == want
    assert not (tmp_path / f"report.{fmt}.tmp").exists()


def test_spooled_findings_take_no_memory_per_finding_beyond_their_keys() -> None:
    """50,000 findings of 2 kB each (100 MB as objects) held in the spool: a few bytes each in memory."""
    message = "x" * 2000
    spool = FindingSpool([])
    unit_ids = [f"u{n}" for n in range(50_000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for uid in unit_ids:
            spool.add(Issue(uid, "double-space", Severity.MINOR, Side.TARGET, message, Category.FLUENCY,
                            target_span=(0, 2), data={"n": 1}))
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert grown < 50_000 * 64, grown  # list slots and offsets, not the 2 kB messages
    units = [Unit(uid, "s", "t", index=n) for n, uid in enumerate(unit_ids)]
    first = next(iter(spool.read(units)))
    assert first.unit == "u0" and first.message == message and first.data == {"n": 1}
    spool.close()


def test_a_report_that_fails_half_way_leaves_the_previous_one(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("previous report\n", encoding="utf-8")
    with pytest.raises(RuntimeError), report_stream(out) as fh:
        fh.write("half a rep")
        raise RuntimeError("disk full")
    assert out.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_cli_on_repeated_sources_writes_one_finding_per_group(tmp_path: Path) -> None:
    import csv

    path = tmp_path / "tm.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "source", "target"])
        for n in range(400):
            w.writerow([f"t{n}", SOURCE if n % 2 else "トランプ氏は演説した。",
                        f"Musk called for spending cuts ({n})." if n % 2 else f"Trump gave a speech ({n})."])
    res = CliRunner().invoke(main, ["qa", str(path), "--format", "json"])
    assert res.exit_code == 0, res.output
    found = [i for i in json.loads(res.stdout)["issues"] if i["check"] == "inconsistent-target"]
    assert [i["unit"] for i in found] == ["t2", "t3"]
    assert len(json.dumps(found, ensure_ascii=False)) < 5_000  # (was 400 findings naming 199 other units each)

