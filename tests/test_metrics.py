"""Metrics: parity with calling sacrebleu directly, paired significance, term accuracy, HTER, compare CLI."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest
import sacrebleu
from click.testing import CliRunner
from sacrebleu.metrics import BLEU, CHRF, TER
from sacrebleu.significance import PairedTest

from review_app.cli import main
from review_app.errors import InputError
from review_app.metrics import METRICS, get_metric
from review_app.metrics.compare import build_comparison, render_html, render_json, render_table
from review_app.metrics.scores import default_tokenizer, ja_mecab_available
from review_app.metrics.significance import MIN_SEGMENTS, paired_test
from review_app.metrics.terms import TermHit, contains, glossary_finder, mapping_finder, term_accuracy
from review_app.models import Candidate
from review_app.project import open_project
from review_app.review import ReviewService
from tests.conftest import CORPUS

REFS = [
    "Musk publicly criticised the bill on June 4.",
    "Trump said he was very disappointed in Elon.",
    "The Department of Government Efficiency (DOGE) was set up in 2025.",
    "",
    "“It’s a disgusting abomination,” he wrote on X.",
    "Tesla shares fell 14% on Thursday.",
]
HYPS = [
    "On June 4 Musk criticised the bill publicly.",
    "Trump said he is very disappointed with Elon.",
    "DOGE, the Department of Government Efficiency, was created in 2025.",
    "Empty reference.",
    "\"It is a disgusting abomination\", he wrote on X.",
    "",
]
JA_REFS = ["マスク氏は法案を批判した。", "トランプ氏は失望したと述べた。"]
JA_HYPS = ["マスク氏は法案を強く批判した。", "トランプ大統領は失望したと語った。"]


# -- parity with sacrebleu ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "direct"),
    [
        ("bleu", BLEU),
        ("chrf", CHRF),
        ("chrf++", lambda: CHRF(word_order=2)),
        ("ter", TER),
    ],
)
def test_corpus_parity(name: str, direct: Any) -> None:
    ours = get_metric(name).corpus_score(HYPS, REFS)
    m = direct()
    theirs = m.corpus_score(HYPS, [REFS])
    assert ours.value == theirs.score
    assert ours.signature == str(m.get_signature())
    assert ours.text == str(theirs)
    assert get_metric(name).signature == ours.signature  # known before scoring


@pytest.mark.parametrize(
    ("name", "direct"),
    [
        ("bleu", lambda h, r: sacrebleu.sentence_bleu(h, [r]).score),
        ("chrf", lambda h, r: sacrebleu.sentence_chrf(h, [r]).score),
        ("chrf++", lambda h, r: sacrebleu.sentence_chrf(h, [r], word_order=2).score),
        ("ter", lambda h, r: sacrebleu.sentence_ter(h, [r]).score),
    ],
)
def test_sentence_parity(name: str, direct: Any) -> None:
    ours = get_metric(name).sentence_scores(HYPS, REFS)
    assert ours == pytest.approx([direct(h, r) for h, r in zip(HYPS, REFS, strict=True)], abs=1e-9)


def test_japanese_target_tokenisation() -> None:
    tok = default_tokenizer("ja")
    assert tok == ("ja-mecab" if ja_mecab_available() else "char")
    ours = get_metric("bleu", target_lang="ja").corpus_score(JA_HYPS, JA_REFS)
    assert ours.value == BLEU(tokenize=tok).corpus_score(JA_HYPS, [JA_REFS]).score
    assert f"tok:{tok}" in ours.signature
    ter = get_metric("ter", target_lang="ja").corpus_score(JA_HYPS, JA_REFS)
    assert "asian:yes" in ter.signature
    assert ter.value == TER(asian_support=True).corpus_score(JA_HYPS, [JA_REFS]).score


@pytest.mark.parametrize(("lang", "tok"), [("en", "13a"), ("en-US", "13a"), ("zh", "zh"), ("ko", "char")])
def test_default_tokenizers(lang: str, tok: str) -> None:
    assert default_tokenizer(lang) == tok


def test_tokenizer_is_exposed() -> None:
    s = get_metric("bleu", tokenize="intl").corpus_score(HYPS, REFS)
    assert "tok:intl" in s.signature
    assert s.value == BLEU(tokenize="intl").corpus_score(HYPS, [REFS]).score


def test_metric_registry_and_errors() -> None:
    assert METRICS.names() == ["bleu", "chrf", "chrf++", "ter"]
    assert [METRICS.get(n).higher_is_better for n in METRICS.names()] == [True, True, True, False]
    with pytest.raises(InputError, match="unknown metric 'meteor'"):
        get_metric("meteor")
    with pytest.raises(InputError, match="2 hypotheses but 1 references"):
        get_metric("bleu").corpus_score(["a", "b"], ["a"])
    assert get_metric("chrf").sentence_scores([], []) == []


# -- significance ----------------------------------------------------------------------------------------


def _systems(n: int, seed: int = 7) -> tuple[list[str], dict[str, list[str]]]:
    rnd = random.Random(seed)
    words = ["the", "president", "said", "musk", "would", "leave", "the", "government", "after", "the", "bill",
             "passed", "in", "june"]
    refs = [" ".join(rnd.choice(words) for _ in range(10)) for _ in range(n)]
    good = [r if rnd.random() < 0.7 else r.replace("the", "a") for r in refs]
    noisy = [" ".join(rnd.sample(r.split(), len(r.split()))) for r in refs]
    same = list(good)
    return refs, {"good": good, "noisy": noisy, "same": same}


@pytest.mark.parametrize("test", ["bs", "ar"])
def test_paired_parity_with_sacrebleu(test: str) -> None:
    refs, systems = _systems(60)
    ours = paired_test(systems, refs, baseline="good", metrics=["bleu", "chrf", "ter"], test=test, n_samples=200)
    named = [("good", systems["good"]), ("noisy", systems["noisy"]), ("same", systems["same"])]
    sigs, scores = PairedTest(named, {"BLEU": BLEU(), "chrF": CHRF(), "TER": TER()}, [refs], test_type=test,
                              n_samples=200, n_ar_confidence=0 if test == "ar" else -1)()
    for ours_name, theirs in (("bleu", "BLEU"), ("chrf", "chrF2"), ("ter", "TER")):
        got = ours.results[ours_name]
        assert [r.system for r in got] == ["good", "noisy", "same"]
        assert [r.score for r in got] == [x.score for x in scores[theirs]]
        assert [r.p_value for r in got] == [x.p_value for x in scores[theirs]]
        assert [r.mean for r in got] == [x.mean for x in scores[theirs]]
        assert ours.signatures[ours_name] == str(sigs[theirs])
        assert f"{test}:200" in ours.signatures[ours_name] and "seed:12345" in ours.signatures[ours_name]
    bleu = {r.system: r for r in ours.results["bleu"]}
    assert bleu["good"].p_value is None
    assert bleu["noisy"].significant and not bleu["same"].significant
    assert bleu["noisy"].ci_low is not None and bleu["noisy"].ci_low <= bleu["noisy"].mean <= bleu["noisy"].ci_high
    verdicts = ours.verdicts({"bleu": True, "chrf": True, "ter": False})
    assert any(v.startswith("noisy is worse than good on bleu") and "unlikely to be chance" in v for v in verdicts)
    assert "same and good have the same bleu score: no difference." in verdicts
    assert ours.warnings and "Only 60 segments" in ours.warnings[0]


def test_no_small_sample_warning_for_enough_segments() -> None:
    refs, systems = _systems(MIN_SEGMENTS)
    res = paired_test(systems, refs, baseline="good", metrics=["chrf"], n_samples=50)
    assert res.warnings == []


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"baseline": "nope"}, "baseline 'nope' is not one of"),
        ({"baseline": "good", "test": "t"}, "unknown significance test"),
    ],
)
def test_paired_errors(kwargs: dict[str, Any], message: str) -> None:
    refs, systems = _systems(5)
    with pytest.raises(InputError, match=message):
        paired_test(systems, refs, **kwargs)
    with pytest.raises(InputError, match="has 4 hypotheses for 5 references"):
        paired_test({"a": refs, "b": refs[:4]}, refs, baseline="a")
    with pytest.raises(InputError, match="at least two systems"):
        paired_test({"a": refs}, refs, baseline="a")


# -- term accuracy ---------------------------------------------------------------------------------------

FINDER = mapping_finder(
    {"大統領": "President", "政府効率化省": ("Department of Government Efficiency", "DOGE"), "関税": "tariff"},
    forbidden={"関税": ["duty"]},
)


@pytest.mark.parametrize(
    ("source", "target", "correct", "total", "forbidden"),
    [
        ("トランプ大統領が述べた。", "President Trump said.", 1, 1, 0),
        ("トランプ大統領が述べた。", "Trump said.", 0, 1, 0),
        ("トランプ大統領が述べた。", "the president said", 1, 1, 0),  # case-insensitive
        ("政府効率化省の責任者", "the head of DOGE", 1, 1, 0),  # an admitted form
        ("政府効率化省の責任者", "the head of DOGEcoin", 0, 1, 0),  # word boundary
        ("関税と大統領", "the President's tariff", 2, 2, 0),
        ("関税", "a tariff, i.e. a duty", 0, 1, 1),  # forbidden form present
        ("何もない文。", "Nothing.", 0, 0, 0),
        ("", "", 0, 0, 0),
    ],
)
def test_term_accuracy_cases(source: str, target: str, correct: int, total: int, forbidden: int) -> None:
    acc = term_accuracy([source], [target], FINDER)
    assert (acc.correct, acc.total, acc.forbidden_used) == (correct, total, forbidden)
    assert acc.rate == (None if total == 0 else correct / total)


def test_contains_spaces_and_nfkc() -> None:
    assert contains("Department  of\nGovernment Efficiency", "Department of Government Efficiency")
    assert contains("ＤＯＧＥ chief", "DOGE")
    assert not contains("anything", "   ")


def test_custom_finder_plugs_in() -> None:
    def finder(src: str) -> list[TermHit]:
        return [TermHit("c1", ("X",))] if "x" in src else []

    assert term_accuracy(["x", "y"], ["X!", "Y"], finder).as_json() == {
        "correct": 1, "total": 1, "forbidden_used": 0, "accuracy": 1.0}


def test_glossary_finder_with_glossary_model() -> None:
    model = pytest.importorskip("review_app.glossary.model")
    term, concept, ts = model.Term, model.Concept, model.TermStatus
    g = model.Glossary(concepts=(
        concept("president", terms=(term("大統領", "ja", ts.PREFERRED), term("プレジデント", "ja", ts.ADMITTED),
                                    term("President", "en", ts.PREFERRED), term("Chief", "en", ts.FORBIDDEN))),
        concept("doge", terms=(term("DOGE", "ja", ts.PREFERRED),
                               term("DOGE", "en", ts.PREFERRED, do_not_translate=True))),
    ))
    finder = glossary_finder(g)
    hits = finder("大統領とプレジデントとDOGE")
    assert [h.concept for h in hits] == ["president", "doge"]  # a concept counts once per segment
    acc = term_accuracy(["大統領", "大統領", "DOGEの長官"], ["President", "Chief President", "the doge head"], finder)
    assert (acc.correct, acc.total, acc.forbidden_used) == (1, 3, 1)


# -- compare on a project ----------------------------------------------------------------------------------


def _engines_on(svc: ReviewService, approve: int = 12) -> list[str]:
    """Three deterministic 'engines' over the seed article and ``approve`` approved targets."""
    segs = svc.list_segments()
    rnd = random.Random(3)
    cands = []
    for i, s in enumerate(segs):
        ref = f"Sentence {i} about President Trump and Musk in June."
        cands += [
            Candidate("alpha", ref, {"kind": "test"}, s.key),
            Candidate("beta", ref.replace("President", "Chief") if i % 2 else ref, {"kind": "test"}, s.key),
            Candidate("gamma", " ".join(rnd.sample(ref.split(), len(ref.split()))), {"kind": "test"}, s.key),
        ]
    svc.add_candidates(cands)
    keys = []
    for i, s in enumerate(segs[:approve]):
        v = svc.save_target(s.key, f"Sentence {i} about President Trump and Musk in June!", expected_version=s.version)
        svc.approve(s.key, expected_version=v.version)
        keys.append(s.key)
    return keys


@pytest.fixture
def svc(seed_project: Path) -> Any:
    op = open_project(seed_project)
    yield op.service()
    op.close()


def test_compare_ranks_engines(svc: ReviewService) -> None:
    approved = _engines_on(svc)
    finder = mapping_finder({"大統領": "President"}, forbidden={"大統領": ["Chief"]})
    cmp = build_comparison(svc, finder=finder, n_samples=200, top=3, qa=False)
    assert cmp.reference == "approved targets" and cmp.scored == len(approved) == cmp.referenced
    rows = {r.engine: r for r in cmp.engines}
    assert rows["alpha"].scores["bleu"].value > rows["gamma"].scores["bleu"].value
    assert rows["alpha"].scores["ter"].value < rows["gamma"].scores["ter"].value
    # HTER parity: TER of each engine's candidates against the approved targets.
    segs = {s.key: s for s in svc.list_segments()}
    hyps = [f"Sentence {i} about President Trump and Musk in June." for i in range(len(approved))]
    refs = [segs[k].target for k in approved]
    assert rows["alpha"].hter is not None
    assert rows["alpha"].hter.value == TER().corpus_score(hyps, [refs]).score
    assert rows["alpha"].hter_segments == len(approved)
    assert rows["alpha"].terms is not None and rows["beta"].terms is not None
    assert rows["alpha"].terms.rate == 1.0 and rows["beta"].terms.forbidden_used > 0
    assert cmp.paired is not None and cmp.baseline == "alpha"
    gamma_bleu = next(r for r in cmp.paired.results["bleu"] if r.system == "gamma")
    assert gamma_bleu.significant
    assert any("Only 12 segments" in w for w in cmp.warnings)
    assert len(cmp.disagreements) == 3 and all(d.spread > 0 for d in cmp.disagreements)
    table = render_table(cmp)
    assert "signatures:" in table and "bleu: nrefs:1|case:mixed|eff:no|tok:13a" in table
    assert "(base)" in table and "p=" in table and "HTER" in table
    data = json.loads(render_json(cmp))
    assert data["engines"][0]["scores"]["bleu"]["signature"].startswith("nrefs:1")
    assert data["significance"]["results"]["bleu"][2]["p_value"] is not None


def test_compare_html_escapes(svc: ReviewService) -> None:
    s = svc.list_segments()[0]
    svc.add_candidates([Candidate("<script>x</script>", "<b>bold</b> & co", {"kind": "test"}, s.key),
                        Candidate("plain", "plain text", {"kind": "test"}, s.key)])
    out = render_html(build_comparison(svc, qa=False))
    assert "<script>x" not in out and "&lt;script&gt;x&lt;/script&gt;" in out
    assert "<b>bold" not in out and "&lt;b&gt;bold&lt;/b&gt; &amp; co" in out


def test_compare_without_reference(svc: ReviewService) -> None:
    s = svc.list_segments()[0]
    svc.add_candidates([Candidate("a", "x", {"kind": "t"}, s.key), Candidate("b", "y", {"kind": "t"}, s.key)])
    cmp = build_comparison(svc, qa=False)
    assert cmp.paired is None and cmp.scored == 0
    assert any("no reference" in w for w in cmp.warnings)
    assert "no reference" in render_table(cmp)


def test_compare_with_reference_file(svc: ReviewService, tmp_path: Path) -> None:
    formats = pytest.importorskip("review_app.formats")
    _engines_on(svc, approve=0)
    segs = svc.list_segments()
    units = [formats.BilingualUnit(id=f"u{i}", source=s.source, target=f"Sentence {i} about President Trump.")
             for i, s in enumerate(segs[:30])]
    ref = tmp_path / "ref.tmx"
    formats.write_bilingual(formats.BilingualFile(units=units, source_lang="ja", target_lang="en"), ref)
    cmp = build_comparison(svc, reference=ref, qa=False, n_samples=100, engines=["alpha", "gamma"],
                           baseline="gamma")
    assert cmp.reference == "ref.tmx" and cmp.referenced == 30 and cmp.scored == 30
    assert all(r.hter is None for r in cmp.engines)  # nothing approved yet
    assert cmp.baseline == "gamma"


def test_compare_cli(seed_project: Path, svc: ReviewService, tmp_path: Path) -> None:
    _engines_on(svc)
    runner = CliRunner()
    r = runner.invoke(main, ["compare", str(seed_project), "--samples", "100", "--no-qa"])
    assert r.exit_code == 0, r.output
    assert "engine" in r.output and "alpha" in r.output and "signatures:" in r.output
    r = runner.invoke(main, ["compare", str(seed_project), "--format", "json", "--test", "ar", "--samples", "100",
                             "--engine", "alpha", "--engine", "beta", "--no-qa"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["significance"]["test"] == "ar" and [e["engine"] for e in data["engines"]] == ["alpha", "beta"]
    out = tmp_path / "report.html"
    r = runner.invoke(main, ["compare", str(seed_project), "--format", "html", "-o", str(out), "--samples", "100"])
    assert r.exit_code == 0 and out.read_text(encoding="utf-8").startswith("<!doctype html>")
    r = runner.invoke(main, ["compare", str(seed_project), "--engine", "deepl"])
    assert r.exit_code == 2 and "no candidates from engine deepl" in r.output
    r = runner.invoke(main, ["compare", str(seed_project), "--baseline", "zeta"])
    assert r.exit_code == 2 and "baseline 'zeta'" in r.output


def test_compare_shipped_corpus(seed_project: Path, svc: ReviewService) -> None:
    """End to end on the shipped corpus: import both prepared drafts with their provenance, compare against
    reference.tmx with the shipped glossary; the fluent draft must rank above the literal one, significantly."""
    cand_dir = CORPUS / "candidates"
    ref = CORPUS / "reference.tmx"
    tbx = CORPUS.parent.parent / "glossary" / "musk-trump.tbx"
    if not (ref.exists() and (cand_dir / "fluent.xlf").exists() and (cand_dir / "literal.xlf").exists()):
        pytest.skip("shipped candidates/reference not present")
    runner = CliRunner()
    for name in ("fluent", "literal"):
        meta = json.loads((cand_dir / f"{name}.provenance.json").read_text(encoding="utf-8"))
        prov = json.dumps({k: meta[k] for k in ("kind", "by", "how") if k in meta})
        r = runner.invoke(main, ["candidates", "import", str(seed_project), str(cand_dir / f"{name}.xlf"),
                                 "--engine", name, "--provenance", prov])
        assert r.exit_code == 0, r.output
        assert "326 candidates imported" in r.output
    c = svc.candidates(svc.list_segments()[0].key)[0]
    assert c.provenance["kind"] == "prepared-draft"
    args = ["compare", str(seed_project), "--reference", str(ref), "--format", "json", "--samples", "200",
            "--no-qa", "--top", "2"]
    if tbx.exists():
        args += ["--glossary", str(tbx)]
    r = runner.invoke(main, args)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["scored_segments"] == data["referenced_segments"] > 300
    eng = {e["engine"]: e for e in data["engines"]}
    for metric in ("bleu", "chrf", "chrf++"):
        assert eng["fluent"]["scores"][metric]["score"] > eng["literal"]["scores"][metric]["score"]
    assert eng["fluent"]["scores"]["ter"]["score"] < eng["literal"]["scores"]["ter"]["score"]
    literal = {m: rows[1] for m, rows in data["significance"]["results"].items()}
    assert all(row["system"] == "literal" and row["p_value"] < 0.05 for row in literal.values())
    if tbx.exists():
        assert eng["fluent"]["term_accuracy"]["total"] > 0


class BoomCheck:
    """A broken QA check: compare must report it, not crash."""

    check_id = "boom"

    def check_document(self, ctx: Any) -> Any:
        raise RuntimeError("broken check")


def test_qa_density_hook(svc: ReviewService, monkeypatch: pytest.MonkeyPatch) -> None:
    from review_app.checks.registry import CHECKS

    _engines_on(svc, approve=0)
    monkeypatch.setattr(CHECKS, "_entries", {**CHECKS._entries, "boom": "tests.test_metrics:BoomCheck"})
    cmp = build_comparison(svc, engines=["alpha"], qa=True)
    qa = cmp.engines[0].qa
    assert qa is not None and qa["failed_checks"] == ["boom"]
    assert qa["per_100"] == round(100 * qa["issues"] / len(svc.list_segments()), 2)
    assert sum(qa["per_100_by_severity"].values()) == pytest.approx(qa["per_100"], abs=0.05)


def test_no_significance_claim_from_a_handful_of_segments(svc: ReviewService) -> None:
    """One approved segment resampled is always that segment: p takes its minimum whatever the texts. The CLI
    (table and verdicts) and the app share one rule: below MIN_TESTABLE segments, no test is reported."""
    from review_app.metrics.significance import MIN_TESTABLE, verdict

    _engines_on(svc, approve=1)
    cmp = build_comparison(svc, n_samples=200, qa=False)
    assert cmp.paired is not None and cmp.paired.n_segments == 1 < MIN_TESTABLE
    gamma = next(r for r in cmp.paired.results["bleu"] if r.system == "gamma")
    assert gamma.p_value is not None and gamma.p_value < 0.05  # what the raw test says…
    verdicts = cmp.paired.verdicts({"bleu": True})
    assert len(verdicts) == 1 and "no paired test" in verdicts[0]  # …and what we print instead
    table = render_table(cmp)
    assert "(no test)" in table and "p=" not in table
    assert verdict(gamma.p_value, gamma.score, 100.0, 1) == "no test possible (1 segment)"
    assert verdict(0.001, 40.0, 50.0, 50) == "p < 0.05, indicative only (50 segments)"
    assert verdict(0.001, 40.0, 50.0, 326) == "significant (p < 0.05)"
    assert verdict(0.2, 40.0, 50.0, 326) == "not significant"


@pytest.mark.parametrize("count", [2, 3, 8])
def test_disagreement_spread_is_sacrebleus_mean_pairwise_chrf(count: int) -> None:
    """The disagreement table's mean pairwise chrF (matches counted once a pair, both directions) equals
    sacrebleu's sentence chrF of each ordered pair averaged (every pair up to six texts, neighbours beyond),
    with an empty text and repeated n-grams among the texts."""
    import itertools

    from review_app.metrics.compare import MAX_ALL_PAIRS, _pairwise_chrf

    pool = ["Musk left DOGE in May.", "Musk left the Department of Government Efficiency in May.", "",
            "In May, Musk left DOGE; DOGE stayed.", "ムスク氏は5月にDOGEを去った。", "Musk quit DOGE in May 2025.",
            "aaaa aaaa aaaa", "Musk stayed.", "May May May Musk"]
    texts = pool[:count]
    chrf = CHRF()
    if count <= MAX_ALL_PAIRS:
        order = list(itertools.permutations(range(count), 2))
    else:
        order = [p for i in range(count) for p in ((i, (i + 1) % count), ((i + 1) % count, i))]
    expected = sum(chrf.sentence_score(texts[i], [texts[j]]).score for i, j in order) / len(order)
    assert _pairwise_chrf(texts, get_metric("chrf").sacre(sentence=True)) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("word_order", [0, 2])
def test_chrf_statistics_equal_sacrebleu_on_wmt22(word_order: int) -> None:
    """review_app's chrF/chrF++ (matches counted from the smaller counter) gives sacrebleu's per-segment
    statistics on 300 lines of two WMT22 systems (Japanese-to-English news, empty lines included)."""
    from tests.conftest import SHARED, shared_dir

    folder = shared_dir(SHARED / "realworld" / "wmt22-ja-en")
    refs = (folder / "ref.en").read_text(encoding="utf-8").split("\n")[:300]
    name = "chrf++" if word_order else "chrf"
    for system in ("NT5", "AIST"):
        hyps = (folder / "hyp" / f"{system}.en").read_text(encoding="utf-8").split("\n")[:300]
        hyps[7] = ""
        assert get_metric(name).statistics(hyps, refs) == \
            CHRF(word_order=word_order)._extract_corpus_statistics(hyps, [refs]), system
