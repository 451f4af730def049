"""Compare's honest defaults (issue 22, bugs 1–5): corrected segments stay in the scores, the reference is
never scored against itself, the project glossary is the default, bad options fail in one line, term accuracy
shares the QA matcher, and intervals stay inside the possible range.

Every test runs on the shipped article, its reference and its glossary (``corpus/musk-trump``,
``glossary/musk-trump.tbx``) or on hostile input built here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.formats import BilingualFile, BilingualUnit, read_bilingual, write_bilingual
from review_app.glossary import load_glossary
from review_app.metrics.compare import build_comparison, render_table
from review_app.metrics.significance import MIN_TESTABLE, paired_test
from review_app.metrics.terms import glossary_finder, mapping_finder, term_accuracy
from review_app.models import Candidate
from review_app.project import init_project, open_project
from review_app.review import ReviewService

from .conftest import CORPUS, SEED, project_service

ROOT = CORPUS.parent.parent
REFERENCE = CORPUS / "reference.tmx"
GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"
EAGLE_PASS = "s658958b4f2"  # 鷹潭 (Yingtan) for Eagle Pass: one of the article's known source errors


def _demo(folder: Path, *, glossary: bool = True) -> Path:
    """The demo project as scripts/demo.sh builds it: the article, both drafts and the reference as
    candidates with their provenance files."""
    path = folder / "demo"
    init_project(path, source=SEED, source_lang="ja", target_lang="en", name="musk-trump",
                 glossary=GLOSSARY if glossary else None)
    runner = CliRunner()
    cands = CORPUS / "candidates"
    files = {"draft-literal": (cands / "literal.xlf", cands / "literal.provenance.json"),
             "draft-fluent": (cands / "fluent.xlf", cands / "fluent.provenance.json"),
             "reference": (REFERENCE, CORPUS / "reference.provenance.json")}
    for name, (file, prov) in files.items():
        r = runner.invoke(main, ["candidates", "import", str(path), str(file), "--engine", name,
                                 "--provenance", f"@{prov}"])
        assert r.exit_code == 0, r.output
    return path


def _correct(svc: ReviewService, key: str, old: str, new: str) -> None:
    seg = svc.get_segment(key)
    assert old in seg.source
    svc.correct_source(key, seg.source.replace(old, new), expected_source_version=seg.source_version,
                       reason=f"{old} is a mistranslation of {new}")


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return _demo(tmp_path)


# -- bug 1: corrected segments stay in the scores --------------------------------------------------------


def test_corrected_segments_keep_their_reference(demo: Path) -> None:
    op = open_project(demo)
    try:
        svc = op.service()
        _correct(svc, EAGLE_PASS, "鷹潭", "イーグルパス")
        _correct(svc, "s360b637682", "超党派政治活動委員会", "スーパーPAC")
        cmp = build_comparison(svc, reference=REFERENCE, qa=False, n_samples=100, top=0)
    finally:
        op.close()
    assert cmp.referenced == cmp.scored == 326
    assert not any("left out" in w for w in cmp.warnings)


def test_fixes_apply_then_compare_cli_scores_every_segment(demo: Path) -> None:
    """The issue's reproduction: `fixes --apply --side source` (17 fixes with the issue-17 glossary, and the
    document's own two: a repeated phrase, a stray space) then `compare --reference`."""
    runner = CliRunner()
    assert runner.invoke(main, ["qa", str(demo), "--format", "json", "-o", str(demo / "qa.json")]).exit_code in (0, 1)
    r = runner.invoke(main, ["fixes", str(demo), "--apply", "--side", "source"])
    assert r.exit_code == 0 and "applied 19 of 19" in r.output, r.output
    r = runner.invoke(main, ["compare", str(demo), "--reference", str(REFERENCE), "--format", "json", "--no-qa",
                             "--samples", "100", "--top", "0"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["scored_segments"] == data["referenced_segments"] == 326


def test_segments_without_reference_are_named(demo: Path, tmp_path: Path) -> None:
    """A reference that lacks units: the warning gives the count and the ids, and says which were corrected."""
    units = [u for u in read_bilingual(REFERENCE).units if u.id not in (EAGLE_PASS, "s617a7e2d7f")]
    for u in units:  # neither the id nor the corrected-source prop can rescue a unit that is not there
        u.metadata.pop("props", None)
    partial = tmp_path / "partial.tmx"
    write_bilingual(BilingualFile(units=units, source_lang="ja", target_lang="en"), partial)
    op = open_project(demo)
    try:
        svc = op.service()
        _correct(svc, EAGLE_PASS, "鷹潭", "イーグルパス")
        cmp = build_comparison(svc, reference=partial, qa=False, n_samples=100, top=0)
    finally:
        op.close()
    assert cmp.scored == 324
    (warning,) = [w for w in cmp.warnings if "left out" in w]
    assert warning.startswith("2 of 326 segments have no reference in partial.tmx")
    assert EAGLE_PASS in warning and "s617a7e2d7f" in warning and "1 of them with a corrected source" in warning


def test_reference_from_another_project_is_not_matched_by_id(demo: Path, tmp_path: Path) -> None:
    """Same ids, other sentences (hostile): nothing is matched, and the report says so."""
    units = [BilingualUnit(id=u.id, source="別の文です。", target="Another sentence.")
             for u in read_bilingual(REFERENCE).units[:5]]
    other = tmp_path / "other.tmx"
    write_bilingual(BilingualFile(units=units, source_lang="ja", target_lang="en"), other)
    op = open_project(demo)
    try:
        cmp = build_comparison(op.service(), reference=other, qa=False, top=0)
    finally:
        op.close()
    assert cmp.scored == cmp.referenced == 0
    assert any("no reference" in w for w in cmp.warnings)


# -- bug 2: the reference is never scored against itself --------------------------------------------------


def test_default_reference_is_the_projects_reference_engine(demo: Path) -> None:
    op = open_project(demo)
    try:
        cmp = build_comparison(op.service(), qa=False, n_samples=100, top=3)
    finally:
        op.close()
    assert cmp.reference == "engine reference" and cmp.scored == 326
    assert [r.engine for r in cmp.engines] == ["draft-fluent", "draft-literal"]
    assert not any("reference is better" in v or v.startswith("reference") for v in cmp.verdicts)
    for d in cmp.disagreements:
        assert "reference" not in d.candidates and d.reference is not None
    table = render_table(cmp)
    assert "None" not in table and table.count("    reference: ") == 3


def test_engine_identical_to_the_reference_file_is_left_out(demo: Path) -> None:
    op = open_project(demo)
    try:
        cmp = build_comparison(op.service(), reference=REFERENCE, engines=["draft-fluent", "reference"],
                               qa=False, n_samples=100, top=2)
    finally:
        op.close()
    assert [r.engine for r in cmp.engines] == ["draft-fluent"] and cmp.excluded == ["reference"]
    assert cmp.paired is None
    assert any("engine reference has the reference's own text" in w for w in cmp.warnings)


def approve_first(svc: ReviewService) -> None:
    """A reviewer approves the first segment with an English target (a new revision)."""
    seg = svc.list_segments()[0]
    v = svc.save_target(seg.key, "Elon Musk and Donald Trump have split.", expected_version=seg.version)
    svc.approve(seg.key, expected_version=v.version)


def test_approved_targets_on_request(demo: Path) -> None:
    with project_service(demo, user=None) as svc:
        approve_first(svc)
        cmp = build_comparison(svc, reference="approved", qa=False, n_samples=100, top=0)
    assert cmp.reference == "approved targets" and cmp.scored == 1
    assert "reference" in [r.engine for r in cmp.engines]  # an engine like any other against approved targets


def test_engine_approved_unchanged_is_still_ranked(demo: Path) -> None:
    """A reviewer who approves an engine's output unchanged makes it equal to the approved targets: that is a
    result for the engine (HTER 0), not a reason to leave it out."""
    op = open_project(demo)
    try:
        svc = op.service()
        for seg in svc.list_segments()[:12]:
            fluent = next(c.text for c in svc.candidates(seg.key) if c.engine == "draft-fluent")
            v = svc.save_target(seg.key, fluent, expected_version=seg.version)
            svc.approve(seg.key, expected_version=v.version)
        cmp = build_comparison(svc, reference="approved", engines=["draft-fluent", "draft-literal"], qa=False,
                               n_samples=100, top=0)
    finally:
        op.close()
    assert [r.engine for r in cmp.engines] == ["draft-fluent", "draft-literal"] and cmp.excluded == []
    assert cmp.engines[0].hter is not None and cmp.engines[0].hter.value == 0.0


# -- bug 3: project glossary by default; one-line errors -------------------------------------------------


def test_compare_uses_the_project_glossary(demo: Path) -> None:
    r = CliRunner().invoke(main, ["compare", str(demo), "--format", "json", "--no-qa", "--samples", "100",
                                  "--top", "0"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["glossary"].startswith("glossary:musk-trump|")
    assert all(e["term_accuracy"]["total"] > 500 for e in data["engines"])
    r = CliRunner().invoke(main, ["compare", str(demo), "--format", "json", "--no-qa", "--samples", "100",
                                  "--top", "0", "--no-glossary"])
    assert r.exit_code == 0 and json.loads(r.output)["engines"][0]["term_accuracy"] is None


def test_missing_project_glossary_is_one_line(tmp_path: Path) -> None:
    tbx = tmp_path / "g.tbx"
    tbx.write_bytes(GLOSSARY.read_bytes())
    init_project(tmp_path / "p", source=SEED, source_lang="ja", target_lang="en", glossary=tbx)
    tbx.unlink()
    r = CliRunner().invoke(main, ["compare", str(tmp_path / "p")])
    assert r.exit_code == 2 and "the project's glossary" in r.output and "--no-glossary" in r.output
    assert "Traceback" not in r.output and len(r.output.strip().splitlines()) == 1


@pytest.mark.parametrize("tok", ["bogus", "13A"])
def test_unknown_tokenizer_is_one_line(demo: Path, tok: str) -> None:
    r = CliRunner().invoke(main, ["compare", str(demo), "--tokenize", tok])
    assert r.exit_code == 2, r.output
    assert r.output.strip().splitlines() == [
        f"error: --tokenize {tok!r} is not a sacrebleu tokenizer; choose one of: " + r.output.split("one of: ")[1]
        .strip()]
    assert "13a" in r.output and "char" in r.output


def test_terms_suggest_uses_the_project_glossary_and_skips_everyday_words(demo: Path) -> None:
    r = CliRunner().invoke(main, ["terms", "suggest", str(demo), "--output", "json", "--limit", "40"])
    assert r.exit_code == 0, r.output
    found = [s["text"] for s in json.loads(r.output)]
    # Covered by the project's glossary: never suggested again.
    assert "イーロン・マスク" not in found and "鷹潭" not in found
    # Everyday loanwords that ranked first before (wordfreq Zipf ≥ 4.5, no name context).
    for word in ("メディア", "ドル", "ライブ", "ステージ", "チーム", "ビジネス"):
        assert word not in found
    r = CliRunner().invoke(main, ["terms", "suggest", str(demo), "--output", "json", "--no-glossary"])
    assert "イーロン・マスク" in [s["text"] for s in json.loads(r.output)]


def test_zipf_frequency() -> None:
    from review_app.glossary.extract import COMMON_ZIPF, zipf_frequency

    assert zipf_frequency("ライブ") >= COMMON_ZIPF and zipf_frequency("メディア") >= COMMON_ZIPF
    assert zipf_frequency("イーグルパス") < 3.0  # a compound: from its tokens, penalised per boundary
    assert zipf_frequency("鷹潭") < 3.0


# -- bug 4: term accuracy ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_finder() -> Any:
    return glossary_finder(load_glossary(GLOSSARY, source_lang="ja", target_lang="en"), "ja", "en")


@pytest.mark.parametrize(
    ("source", "target", "correct", "total"),
    [
        ("上院議員は反対した。", "The senators objected.", 1, 1),  # plural, as the QA matcher accepts it
        ("上院議員は反対した。", "The senator's vote.", 1, 1),  # possessive
        ("上院議員は反対した。", "The senate objected.", 0, 1),  # not the term
        ("上院議員と上院議員", "a senator and a senator", 1, 1),  # a concept counts once per segment
        ("上院議員と下院議員", "a senator and a representative", 2, 2),
    ],
)
def test_term_accuracy_with_the_shipped_glossary(shipped_finder: Any, source: str, target: str, correct: int,
                                                 total: int) -> None:
    acc = term_accuracy([source], [target], shipped_finder)
    assert (acc.correct, acc.total) == (correct, total)


def test_short_term_never_counts_inside_a_longer_one() -> None:
    finder = mapping_finder({"上院議員": "senator", "議員": "lawmaker"})
    acc = term_accuracy(["上院議員と上院議員"], ["a senator and a senator"], finder)
    assert (acc.correct, acc.total) == (1, 1)
    acc = term_accuracy(["上院議員と議員"], ["a senator and lawmakers"], finder)
    assert (acc.correct, acc.total) == (2, 2)


# -- bug 5: intervals in range, small n said --------------------------------------------------------------


def test_intervals_stay_in_the_possible_range_at_n3() -> None:
    refs = ["Musk left the government.", "The bill passed the Senate.", "Trump said it was a deal."]
    systems = {"a": ["Musk left government.", "The bill passed the Senate.", "Trump said it was a deal."],
               "b": ["Musk has left.", "A bill was passed.", "Trump called it a deal."]}
    res = paired_test(systems, refs, baseline="a", metrics=["bleu", "chrf", "ter"], n_samples=1000)
    for metric, rows in res.results.items():
        for r in rows:
            assert r.ci_low is not None and r.ci_high is not None
            assert 0.0 <= r.ci_low <= r.ci_high
            if metric != "ter":
                assert r.ci_high <= 100.0
            assert r.ci_half_width is not None  # sacrebleu's ± form is kept for comparison


def test_table_says_when_n_is_too_small(demo: Path) -> None:
    op = open_project(demo)
    try:
        svc = op.service()
        for seg in svc.list_segments()[:3]:
            v = svc.save_target(seg.key, (svc.candidates(seg.key)[-1]).text, expected_version=seg.version)
            svc.approve(seg.key, expected_version=v.version)
        svc.add_candidates([Candidate("other", "Something else entirely.", {"kind": "test"}, s.key)
                            for s in svc.list_segments()[:3]])
        cmp = build_comparison(svc, reference="approved", engines=["draft-fluent", "other"], qa=False,
                               n_samples=1000, top=0)
    finally:
        op.close()
    assert cmp.paired is not None and cmp.paired.n_segments == 3 < MIN_TESTABLE
    table = render_table(cmp)
    assert "102." not in table and "[-" not in table
    assert f"no interval below {MIN_TESTABLE} segments" in table
