"""consensus: a target read against the segment's other MT candidates (review_app/checks/consensus.py), on WMT21/22
lines read in place from ../shared/realworld (the other systems' outputs are the siblings) and on hostile input."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks, switched_on
from review_app.checks.consensus import (
    Consensus,
    candidate,
    densest,
    in_line,
    judge,
    need,
    omitted,
    usable_siblings,
)
from review_app.checks.registry import all_checks
from tests.meaning_data import ROOT, wmt_lines

ON = CheckConfig(enabled_only=frozenset(["consensus"]))
ADDITIONS = CheckConfig(enabled_only=frozenset(["consensus"]), options={"consensus": {"additions": True}})


def _run(units: list[Unit], config: CheckConfig = ON) -> list[object]:
    return run_checks([c for c in all_checks() if c.check_id == "consensus"], CheckContext(units=units, config=config))


def _wmt(year: str, line: int, system: str, siblings: tuple[str, ...]) -> Unit:
    """WMT ``year``'s 1-based ``line`` as ``system`` translated it, the named systems' outputs as its siblings."""
    src, tgt = wmt_lines(year, system)
    return Unit(id=str(line), source=src[line - 1], target=tgt[line - 1],
                alternatives=tuple(wmt_lines(year, s)[1][line - 1] for s in siblings))


# 【詰め碁】７月２５日有料記事: every other system says "paid article", Online-W says "[Go] July 25, 2012"
PAID = ("wmt21", 1005, "Online-W", ("Facebook-AI", "HuaweiTSC", "IIE-MT"))
# Online-W adds "or that I've been sleeping too long and my phone has been damaged" (WMT22 line 1557)
PHONE = ("wmt22", 1557, "Online-W", ("AISP-SJTU", "DLUT", "JDExploreAcademy"))


def test_a_dropped_word_every_sibling_renders_is_reported() -> None:
    (issue,) = _run([_wmt(*PAID)])
    assert issue.check == "consensus" and issue.data["kind"] == "omission"
    assert issue.data["words"] == ["有料", "記事"] and issue.data["siblings"] == 3
    src = wmt_lines("wmt21")[0][1004]
    assert src[issue.source_span[0]:issue.source_span[1]] == "有料記事"
    assert "'Paid'" in issue.message and "'Article'" in issue.message
    assert issue.severity.value == "major"  # two words the others agree on: as major as an omission


def test_one_agreed_word_missing_is_minor() -> None:
    """One word the other candidates agree on is a weaker sign than a clause: minor (WMT21 line 913: Online-G drops
    と笑顔 "she said, smiling", which 12 of its 14 siblings render; judged real in the quorum sample)."""
    (issue,) = _run([_every_other("wmt21", 913, "Online-G")])
    assert issue.data["words"] == ["笑顔"] and issue.severity.value == "minor"


def test_an_invented_clause_no_sibling_has_is_reported_where_it_is() -> None:
    unit = _wmt(*PHONE)
    assert _run([unit]) == []  # the addition rule is off unless switched on (its judged precision: 10 of 15)
    (issue,) = _run([unit], ADDITIONS)
    assert issue.data["kind"] == "addition"
    assert {"sleeping", "phone", "damaged"} <= set(issue.data["words"])
    assert unit.target[issue.target_span[0]:issue.target_span[1]] == (
        "I've been sleeping too long and my phone has been damaged")


# 燃料電池自動車の核心素材…: Online-W drops "the core materials of fuel cell vehicles" (WMT22 line 1142); AIST's output
# of the line is "Good a a day your of leaving.."
FUEL = ("wmt22", 1142, "Online-W")
# 意味ない rendered "pointless" by Online-W (WMT22 line 1640, labelled complete): most other systems say "no sense"
SENSE = ("wmt22", 1640, "Online-W")
BEFORE = {"quorum": 1.0, "in_line_ratio": 0.0}
"""The rule before the quorum: every usable sibling must agree, none set aside."""


def _every_other(year: str, line: int, system: str) -> Unit:
    """``system``'s output of the 1-based ``line`` with every other system's output as its siblings (AIST's too)."""
    folder = ROOT.parent / "shared" / "realworld" / f"{year}-ja-en" / "hyp"
    src, tgt = wmt_lines(year, system)
    others = sorted(p.stem for p in folder.glob("*.en") if p.stem != system)
    return Unit(id=str(line), source=src[line - 1], target=tgt[line - 1],
                alternatives=tuple(wmt_lines(year, s)[1][line - 1] for s in others))


def test_one_unrelated_engine_no_longer_silences_the_others() -> None:
    """WMT22 line 1142 as a project gives it: Online-W read against the 13 other systems, AIST (unrelated text)
    among them. The 12 others all render 燃料電池, 自動車, 核心, 素材; AIST renders none, so the rule before the
    quorum said nothing. Now AIST is set aside and the omission is found."""
    unit = _every_other(*FUEL)
    assert len(unit.alternatives) == 13
    aist = wmt_lines("wmt22", "AIST")[1][FUEL[1] - 1]
    assert aist in unit.alternatives
    assert judge(unit.source, unit.target, unit.alternatives, 3, **BEFORE)[0] is None
    (issue,) = _run([unit])
    assert issue.data["kind"] == "omission" and issue.data["siblings"] == 12 and issue.data["set_aside"] == 1
    assert issue.data["words"] == ["燃料電池", "自動車", "核心", "素材"]
    assert unit.source[issue.source_span[0]:issue.source_span[1]] == "燃料電池自動車の核心素材"
    assert "the other 12 candidates all render 燃料電池 ('fuel')" in issue.message
    assert issue.message.endswith("(1 more candidate set aside: it renders next to nothing of the source)")
    # three of the systems and AIST: AIST set aside, the three agree
    small = Unit(id="1", source=unit.source, target=unit.target,
                 alternatives=(*(wmt_lines("wmt22", s)[1][FUEL[1] - 1] for s in ("DLUT", "Online-A", "Online-B")),
                               aist))
    assert judge(small.source, small.target, small.alternatives, 3, **BEFORE)[0] is None
    (issue,) = _run([small])
    assert issue.data["siblings"] == 3 and issue.data["set_aside"] == 1


def test_an_unrelated_sentence_among_the_siblings_is_set_aside() -> None:
    """WMT21 line 1005 (有料記事 dropped by Online-W) with another segment's output added as a fourth sibling: the
    rule before the quorum fell silent; now the unrelated sibling is set aside and the three others agree."""
    unit = _wmt(*PAID)
    other = wmt_lines("wmt21", "HuaweiTSC")[1][499]  # line 500: a sentence about something else
    noisy = Unit(id="1", source=unit.source, target=unit.target, alternatives=(*unit.alternatives, other))
    assert judge(noisy.source, noisy.target, noisy.alternatives, 3, **BEFORE)[0] is None
    (issue,) = _run([noisy])
    assert issue.data["words"] == ["有料", "記事"] and issue.data["siblings"] == 3 and issue.data["set_aside"] == 1
    # two unrelated siblings among five: still a minority
    other2 = wmt_lines("wmt21", "Online-B")[1][20]
    (issue,) = _run([Unit(id="1", source=unit.source, target=unit.target,
                          alternatives=(*unit.alternatives, other, other2))])
    assert issue.data["siblings"] == 3 and issue.data["set_aside"] == 2
    # a majority of unrelated siblings: nothing set aside, no quorum, no finding
    junk = tuple(wmt_lines("wmt21", "Online-B")[1][n] for n in (20, 40, 60, 80))
    assert _run([Unit(id="1", source=unit.source, target=unit.target,
                      alternatives=(*unit.alternatives[:2], *junk))]) == []


def test_a_paraphrase_the_quorum_agrees_against_is_not_an_omission() -> None:
    """WMT22 line 1640, labelled complete: Online-W says "pointless" for 意味ない, most other systems "no sense",
    a minority otherwise. The quorum is reached for 意味, but Online-W is not shorter than those siblings: no finding
    (without the length condition it would be one)."""
    unit = _every_other(*SENSE)
    assert _run([unit]) == []
    c = candidate(unit.source, unit.target)
    sibs = in_line([candidate(unit.source, s) for s in usable_siblings(unit.target, unit.alternatives)])
    loose = omitted(c, sibs, shorter=0, min_siblings=3)
    assert loose is not None
    (word,) = [w for w in loose.words if w[1] == "意味"]
    assert need(len(sibs), min_siblings=3) <= word[3] < len(sibs)  # a quorum, and a minority that words it otherwise


def test_quorum_arithmetic() -> None:
    assert [need(n, min_siblings=3) for n in (3, 4, 5, 8, 13)] == [3, 3, 4, 6, 10]
    assert need(2) == 2 and need(2, quorum=0.1) == 2 and need(13, quorum=1.0) == 13


def test_the_signal_holds_for_most_choices_of_siblings() -> None:
    """Not a lucky choice of three siblings: over every triple of the other systems (AIST left out)."""
    for year, line, system, _sibs in (PAID, PHONE):
        folder = ROOT.parent / "shared" / "realworld" / f"{year}-ja-en" / "hyp"
        wmt_lines(year)
        others = sorted(p.stem for p in folder.glob("*.en") if p.stem != system and not p.stem.startswith("AIST"))
        src, tgt = wmt_lines(year, system)
        texts = {s: wmt_lines(year, s)[1][line - 1] for s in others}
        fired = [bool(judge(src[line - 1], tgt[line - 1], [texts[s] for s in trio])[0 if line == 1005 else 1])
                 for trio in itertools.combinations(others, 3)]
        assert sum(fired) / len(fired) > 0.7, (year, line, sum(fired), len(fired))


def test_references_with_three_systems_as_siblings_are_rarely_flagged() -> None:
    """The professional reference of every WMT21 segment, three systems' outputs as its siblings: at most 2 % of
    the segments flagged (the false-alarm target of the meaning checks; docs/checks.md measures it over random
    triples and both years)."""
    src, ref = wmt_lines("wmt21")
    sibs = [wmt_lines("wmt21", s)[1] for s in ("Facebook-AI", "HuaweiTSC", "IIE-MT")]
    units = [Unit(id=str(n + 1), source=src[n], target=ref[n], index=n, alternatives=tuple(s[n] for s in sibs))
             for n in range(len(src)) if src[n].strip()]
    found = _run(units)
    assert len(units) > 1000 and 0 < len(found) <= 0.02 * len(units), len(found)


def test_off_by_default_and_listed_as_opt_in() -> None:
    check = Consensus()
    assert check.opt_in and not switched_on(check, CheckConfig())
    assert switched_on(check, CheckConfig(options={"consensus": {"enabled": True}}))
    unit = _wmt(*PAID)
    assert _run([unit], CheckConfig()) == []


def test_no_siblings_no_finding() -> None:
    year, line, system, _ = PAID
    src, tgt = wmt_lines(year, system)
    assert _run([Unit(id="1", source=src[line - 1], target=tgt[line - 1])]) == []
    assert _run([Unit(id="1", source=src[line - 1], target=None, alternatives=("Paid article",) * 3)]) == []
    assert _run([Unit(id="1", source=src[line - 1], target="", alternatives=("a", "b", "c"))]) == []


def test_hostile_siblings() -> None:
    unit = _wmt(*PAID)
    paid = unit.alternatives[0]
    # identical siblings are one opinion; the target's own text and empty ones are none
    assert usable_siblings(unit.target, [paid, paid, paid, unit.target, "", "   ", None]) == [paid]  # type: ignore[list-item]
    assert _run([Unit(id="1", source=unit.source, target=unit.target, alternatives=(paid,) * 5)]) == []
    assert _run([Unit(id="1", source=unit.source, target=unit.target, alternatives=(unit.target,) * 3)]) == []
    # a sibling that leaves the source in Japanese renders nothing: not counted, so two remain (below the default 3)
    japanese = (unit.source, *unit.alternatives[:2])
    assert usable_siblings(unit.target, japanese) == list(unit.alternatives[:2])
    assert _run([Unit(id="1", source=unit.source, target=unit.target, alternatives=japanese)]) == []
    two = CheckConfig(enabled_only=frozenset(["consensus"]), options={"consensus": {"min_siblings": 2}})
    (issue,) = _run([Unit(id="1", source=unit.source, target=unit.target, alternatives=japanese)], two)
    assert issue.data["siblings"] == 2
    # Japanese words left inside an English sibling do not make it Japanese
    assert usable_siblings("x", ["[Go] July 25th 有料記事 article"]) == ["[Go] July 25th 有料記事 article"]
    # a Japanese target (a source copy) is source-copy's: the meaning checks skip it
    assert _run([Unit(id="1", source=unit.source, target=unit.source, alternatives=unit.alternatives)]) == []
    # Japanese-only siblings are not usable: nothing to compare with
    assert _run([Unit(id="1", source=unit.source, target=unit.target, alternatives=(unit.source,) * 4)]) == []
    assert usable_siblings(unit.target, ["有料記事です", "【詰め碁】"]) == []
    # a very long sibling (a loop) is one sibling among others: the three still agree, nothing breaks
    loop = "Paid article. " + "The the game game of Go. " * 2000
    (issue,) = _run([Unit(id="1", source=unit.source, target=unit.target, alternatives=(*unit.alternatives, loop))])
    assert issue.data["words"] == ["有料", "記事"] and issue.data["siblings"] >= 3
    # every sibling the same unrelated text, or empty: nothing
    assert _run([Unit(id="1", source=unit.source, target=unit.target, alternatives=(loop,) * 4)]) == []
    assert _run([Unit(id="1", source=unit.source, target=unit.target, alternatives=("", "", "", ""))]) == []
    # in_line with nothing to read keeps what it has
    assert in_line([]) == []


def test_min_siblings_must_be_a_number_of_at_least_two() -> None:
    from review_app.errors import InputError

    unit = _wmt(*PAID)
    for bad in ("three", 1, True, 2.5):
        cfg = CheckConfig(enabled_only=frozenset(["consensus"]), options={"consensus": {"min_siblings": bad}})
        with pytest.raises(InputError, match="min_siblings"):
            _run([unit], cfg)
    five = CheckConfig(enabled_only=frozenset(["consensus"]), options={"consensus": {"min_siblings": 5}})
    assert _run([unit], five) == []  # three siblings: fewer than asked for


def test_a_paraphrase_of_the_same_length_is_not_an_omission() -> None:
    """The siblings agree on "Paid article"; a target that says it otherwise, at their length, is not reported."""
    unit = _wmt(*PAID)
    assert _run([Unit(id="1", source=unit.source, target="[Tsumego] July 25: for subscribers only",
                      alternatives=unit.alternatives)]) == []


def test_densest_stretch() -> None:
    assert densest([((0, 5), "a"), ((100, 105), "b"), ((110, 115), "c")]) == (100, 115)
    assert densest([((0, 5), "a")]) == (0, 5)


def test_engine_counts_give_each_engine_the_others_as_siblings(seed_project: Path) -> None:
    from review_app.checks.meaning_engines import engine_counts
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import run_engine
    from review_app.models import Candidate, Role
    from review_app.project import open_project
    from review_app.review import Actor

    cand = ROOT / "corpus" / "musk-trump" / "candidates"
    op = open_project(seed_project)
    try:
        svc = op.service(Actor("bob", Role.ADMIN))
        for name in ("literal", "fluent"):
            run_engine(svc, FileEngine(cand / f"{name}.xlf", engine_name=f"draft-{name}",
                                       provenance={"kind": "prepared-draft", "by": "tests", "how": "shipped"}))
        seg = next(v for v in svc.list_segments() if len(v.effective_source) > 40)
        texts = {c.engine: c.text for c in svc.candidates(seg.key)}
        fluent = texts["draft-fluent"]
        # a third engine close to the fluent draft, and one that adds a long invented clause to it
        svc.add_candidates([
            Candidate("third", fluent.rstrip(".") + ", it said.", {"kind": "test"}, seg.key),
            Candidate("invents", fluent + " Meanwhile the weather in Paris was sunny and the markets rallied on "
                      "strong quarterly earnings from technology companies across Europe and Asia.",
                      {"kind": "test"}, seg.key)])
        from review_app import qa

        units = qa.project_units(svc)
        qa.add_alternatives(svc, units)
        unit = next(u for u in units if u.id == seg.key)
        assert set(unit.alternatives) == set(texts.values()) | {fluent.rstrip(".") + ", it said.",
                                                                 next(c.text for c in svc.candidates(seg.key)
                                                                      if c.engine == "invents")}
        rows = {c.engine: c for c in engine_counts(svc, checks=("consensus",),
                                                   options={"consensus": {"additions": True}})}
        default = {c.engine: c for c in engine_counts(svc, checks=("consensus",))}
    finally:
        op.close()
    assert default["invents"].findings["consensus"] == 0  # the addition rule is off by default
    assert rows["invents"].findings["consensus"] == 1
    assert rows["draft-fluent"].findings["consensus"] == 0 and rows["third"].findings["consensus"] == 0


@pytest.mark.parametrize("k", [2, 3])
def test_bench_measures_the_product_rules(k: int) -> None:
    """bench/meaning_consensus.py (default) scores what the check reports: one judge for both."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import meaning_consensus as bench

    unit = _wmt(*PHONE)
    om, ad = bench.judge(unit.source, unit.target, list(unit.alternatives[:k]), {}, k)
    product = judge(unit.source, unit.target, unit.alternatives[:k], min_siblings=bench.floor_of(k))
    assert product[1] is not None
    assert ad == ([w for _sp, w in product[1].words] if product[1] else [])
    assert om == []
    paid = _wmt(*PAID)
    om, _ad = bench.judge(paid.source, paid.target, list(paid.alternatives[:k]), {}, k)
    product = judge(paid.source, paid.target, paid.alternatives[:k], min_siblings=bench.floor_of(k))
    assert product[0] is not None and om == [w[1] for w in product[0].words] == ["有料", "記事"]


def test_docs_show_the_saved_figures() -> None:
    """docs/checks.md renders bench/data/meaning-consensus.json (``bench/meaning_consensus.py --save``)."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import meaning_consensus as bench

    section = bench.docs_section()
    assert section and section[0] == "## Agreement among MT candidates (`consensus`, opt-in)"
    assert "\n".join(section) in (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")


def test_judged_findings_sample_scores_and_rejects_bad_lines(tmp_path: Path) -> None:
    """bench/consensus_findings.py: the committed judged sample (what docs/checks.md quotes) and a bad file."""
    import json
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import consensus_findings as bench

    judged = bench.score()
    assert set(judged) == {"wmt21 addition", "wmt21 omission", "wmt22 addition", "wmt22 omission"}
    assert judged["wmt21 omission"]["precision"] == judged["wmt22 omission"]["precision"] == 1.0
    assert all(v["real"] + v["false"] + v["debatable"] == 8 for v in judged.values())
    rows = [json.loads(line) for line in bench.JUDGED.read_text(encoding="utf-8").splitlines()]
    assert all(r["note"] and len(r["siblings"]) == 3 for r in rows)  # every verdict says why
    bad = tmp_path / "judged.jsonl"
    bad.write_text(json.dumps({**rows[0], "verdict": "maybe"}, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"judged.jsonl:1: verdict must be real, false-alarm or debatable"):
        bench.score(bad)
    bad.write_text("{not json\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"judged.jsonl:1: not JSON"):
        bench.score(bad)


def test_the_quorum_sample_holds_findings_only_the_quorum_rule_reports(tmp_path: Path) -> None:
    """bench/data/consensus-sample-quorum.jsonl (``bench/consensus_findings.py --added 15``): omission findings drawn
    from those the quorum rule reports and the rule before it does not, with every other system as siblings; each
    row is re-read here. An empty verdict is a row not judged yet: counted apart, not scored; the scorer reads it."""
    import json
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    import consensus_findings as bench

    assert bench.QUORUM_SAMPLE in bench.SAMPLES and not bench.QUORUM_SAMPLE.name.endswith("-findings.jsonl")
    rows = [json.loads(line) for line in bench.QUORUM_SAMPLE.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 15 and {r["kind"] for r in rows} == {"omission"}
    for r in rows:
        assert r["verdict"] in ("", None, *bench.VERDICTS)
        sibs = list(r["siblings"].values())
        assert r["system"] not in r["siblings"] and len(sibs) >= 12
        now = judge(r["source"], r["target"], sibs, 3)[0]
        assert now is not None, (r["dataset"], r["seg"], r["system"])
        assert judge(r["source"], r["target"], sibs, 3, **BEFORE)[0] is None, (r["dataset"], r["seg"], r["system"])
    scored = bench.score(bench.QUORUM_SAMPLE)
    assert sum(v["real"] + v["false"] + v["debatable"] + v["unjudged"] for v in scored.values()) == 15
    unjudged = tmp_path / "unjudged.jsonl"
    unjudged.write_text("".join(json.dumps({**r, "verdict": v}, ensure_ascii=False) + "\n"
                                for r, v in zip(rows[:3], ("", None, "real"), strict=True)), encoding="utf-8")
    (cell,) = bench.score(unjudged).values()
    assert cell["unjudged"] == 2 and cell["real"] == 1 and cell["precision"] == 1.0
