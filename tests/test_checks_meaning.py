"""The meaning checks (polarity, omission, addition, entity-consistency) and their shared analysis.

Rows come from bench/data/meaning-labels.jsonl (WMT21/22 system outputs labelled by hand) and from the shipped
article; hostile input at the end.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from review_app.checks import meaning
from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.registry import CHECKS, all_checks

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "bench" / "data" / "meaning-labels.jsonl"
IDS = ("polarity", "omission", "addition", "entity-consistency")


def _rows() -> list[dict[str, Any]]:
    return [json.loads(ln) for ln in LABELS.read_text(encoding="utf-8").splitlines() if ln.strip()]


def _row(system: str, seg: int) -> dict[str, Any]:
    return next(r for r in _rows() if r["system"] == system and r.get("seg") == seg)


def _run(units: list[Unit], ids: tuple[str, ...] = IDS) -> list[Any]:
    checks = [c for c in all_checks() if c.check_id in ids]
    return run_checks(checks, CheckContext(units=units, config=CheckConfig(enabled_only=frozenset(ids))))


def _one(source: str, target: str, ids: tuple[str, ...] = IDS) -> list[Any]:
    return _run([Unit("1", source, target)], ids)


def test_registered_with_one_line_each() -> None:
    for cid in IDS:
        assert cid in CHECKS.names()
    by_id = {c.check_id: c for c in all_checks()}
    assert all(by_id[cid].opt_in for cid in IDS)  # the analysis costs too much for a default check (docs)


def test_dictionary_is_the_committed_jmdict_subset_with_its_licence() -> None:
    with gzip.open(meaning.DATA, "rt", encoding="utf-8") as f:
        head = f.readline()
    assert "JMdict" in head and "CC BY-SA 4.0" in head
    d = meaning.load_dictionary()
    assert "decline" in d.glosses["下落"].split() and "win" in d.glosses["勝つ"].split()
    assert "アウト" in d.antonyms["セーフ"]  # JMdict's antonym cross-reference (ant), both ways
    assert "セーフ" in d.antonyms["アウト"]


def test_stem_matches_inflections() -> None:
    assert meaning.stem("declined") == meaning.stem("decline")
    assert meaning.stem("using") == meaning.stem("use") == meaning.stem("used")
    assert meaning.stem("served") == meaning.stem("service")
    assert meaning.stem("rose") == meaning.stem("rise") and meaning.stem("fell") == meaning.stem("fall")


def test_analysis_aligns_words_names_and_numbers() -> None:
    ev = meaning.analyse(Unit("1", "西武・外崎修汰内野手（２７）が２４日、ロッテ戦で決勝打を放った。",
                              "Seibu infielder Tonosaki (27) hit the winning run against Lotte on the 24th."))
    by_text = {w.text: w for w in ev.words}
    assert by_text["外崎"].status == meaning.COVERED and by_text["外崎"].kind == "name"
    assert by_text["２７"].status == meaning.COVERED and by_text["２７"].kind == "number"
    assert any(name == "外崎" for name, _s, _t in ev.names)


def test_analysis_is_computed_once_per_unit_and_run(monkeypatch: pytest.MonkeyPatch) -> None:
    # omission's aligned rule analyses a suspected unit's target again by design (its source side is kept:
    # omission_align.AlignedAhead), through the name it imported; imported here first, it keeps the real one
    # whatever ran before (run alone, this test imported it after the patch below and counted that second call)
    import review_app.checks.omission_align  # noqa: F401

    calls: list[tuple[str, str | None]] = []
    real = meaning.analyse

    def counting(unit: Unit, *a: Any, **k: Any) -> meaning.UnitEvidence:
        calls.append((unit.id, unit.target))
        return real(unit, *a, **k)

    monkeypatch.setattr(meaning, "analyse", counting)
    r = _row("Online-W", 861)
    units = [Unit("1", r["source"], r["target"]), Unit("2", "株価が下落した。", "Stock prices fell.")]
    _run(units)
    # each unit's own analysis once; addition's neighbour rule also reads a unit's target against its neighbours'
    # sources (unit 2's source with unit 1's target here, reduced to the words unit 1's own source leaves
    # unexplained, the rest blanked), which is not a unit's own analysis
    own = sorted((u.id, u.target) for u in units)
    assert sorted(c for c in calls if c in own) == own

    def reduced(text: str | None, whole: str) -> bool:
        return text is not None and len(text) == len(whole) and all(
            a in (b, " ") for a, b in zip(text, whole, strict=True))

    assert all(c in own or (c[0] == "2" and reduced(c[1], units[0].target or "")) for c in calls)


def test_omission_and_addition_report_a_hallucinated_target() -> None:
    r = _row("Online-W", 861)  # WMT21: an unrelated sentence in place of a game report
    found = {i.check: i for i in _one(r["source"], r["target"])}
    assert {"omission", "addition"} <= set(found)
    om = found["omission"]
    assert om.source_span is not None and "中日" in r["source"][slice(*om.source_span)]
    assert "no counterpart in the target" in om.message


def test_omission_reports_a_dropped_clause_with_its_span() -> None:
    r = _row("movelikeajaguar", 4)  # the hairstyle clause dropped
    om = [i for i in _one(r["source"], r["target"]) if i.check == "omission"]
    assert om and "ヘアスタイル" in r["source"][slice(*om[0].source_span)]


def test_clean_rows_are_quiet() -> None:
    for system, seg in [("KYB", 178), ("Online-A", 1185), ("NT5", 539), ("Online-W", 1147), ("MiSS", 245)]:
        r = _row(system, seg)
        assert _one(r["source"], r["target"]) == [], (system, seg)


def test_polarity_dropped_negation_on_real_text() -> None:
    source = "ただ、道幅は狭く、全区間が片側交互通行で、待ち時間は予測できない。"  # WMT21 line 880
    good = "However, the road is narrow and all sections are alternating, so the waiting time cannot be predicted."
    bad = "However, the road is narrow and all sections are alternating, so the waiting time can be predicted."
    assert _one(source, good, ("polarity",)) == []
    found = _one(source, bad, ("polarity",))
    assert found and found[0].data["kind"] == "dropped-negation"
    assert source[slice(*found[0].source_span)].startswith("ない") or "ない" in source[slice(*found[0].source_span)]


def test_polarity_added_negation_and_its_exceptions() -> None:
    r = _row("Online-W", 692)  # 野球以外にもこんなことできる → "I'm not a baseball player"
    found = _one(r["source"], r["target"], ("polarity",))
    assert found and found[0].data["kind"] == "added-negation" and "not" in found[0].message
    # a lexical rendering of the negation is not a flip (忘れないために → to remember)
    k = _row("KYB", 178)
    assert _one(k["source"], k["target"], ("polarity",)) == []
    # a rhetorical negative question (ではないでしょうか → Isn't it) is not an added negation
    n = _row("NT5", 1219)
    assert _one(n["source"], n["target"], ("polarity",)) == []
    # the Japanese particle "no" in a romanised name is not a negation
    assert _one("メガネのヨネザワで開かれた。", "It was held at Megane no Yonezawa.", ("polarity",)) == []


def test_meaning_checks_are_off_by_default_and_switched_on_by_option() -> None:
    r = _row("Online-W", 861)
    checks = [c for c in all_checks() if c.check_id in IDS]
    unit = Unit("1", r["source"], r["target"])
    assert run_checks(checks, CheckContext(units=[unit])) == []
    on = CheckConfig(options={"omission": {"enabled": True}})
    assert {i.check for i in run_checks(checks, CheckContext(units=[unit], config=on))} == {"omission"}


def _entity_units(system: str, term: str) -> list[Unit]:
    row = next(r for r in _rows() if r.get("term") == term and r["system"] == system)
    return [Unit(str(n), s, t, index=i)
            for i, (n, s, t) in enumerate(zip(row["segs"], row["sources"], row["targets"], strict=True))]


def test_entity_consistency_one_finding_naming_every_rendering() -> None:
    found = _run(_entity_units("HuaweiTSC", "スペクティ"), ("entity-consistency",))
    assert len(found) == 1
    msg = found[0].message
    assert "Specty" in msg and "Specti" in msg and "expected one rendering" in msg
    assert found[0].data["name"] == "スペクティ" and len(found[0].data["renderings"]) >= 2


def test_entity_consistency_accepts_consistent_and_shortened_renderings() -> None:
    assert _run(_entity_units("IIE-MT", "外崎"), ("entity-consistency",)) == []
    units = [Unit("1", "瓜生正義が優勝した。", "Masayoshi Uryu won the race.", index=0),
             Unit("2", "瓜生は語った。", "Uryu said so.", index=1),
             Unit("3", "瓜生の勝利。", "URYU's victory.", index=2)]
    assert _run(units, ("entity-consistency",)) == []


def test_entity_consistency_is_per_document() -> None:
    a = [Unit("1", "外崎が打った。", "Tonosaki hit.", index=0, meta={"document": "a"}),
         Unit("2", "外崎が走った。", "Tonosaki ran.", index=1, meta={"document": "a"})]
    b = [Unit("3", "外崎が打った。", "Sotozaki hit.", index=2, meta={"document": "b"}),
         Unit("4", "外崎が走った。", "Sotozaki ran.", index=3, meta={"document": "b"})]
    assert _run(a + b, ("entity-consistency",)) == []
    mixed = [Unit("5", "外崎が打った。", "Tonosaki hit.", index=0),
             Unit("6", "外崎が走った。", "Tonosaki ran.", index=1),
             Unit("7", "外崎が投げた。", "Sotozaki threw.", index=2)]
    found = _run(mixed, ("entity-consistency",))
    assert len(found) == 1 and found[0].unit == "7"


@pytest.mark.parametrize("source,target", [
    ("", ""), ("。", "."), ("ない", "not"), ("ＡＢＣ", "ABC"), ("\u3000\u3000", "\x00\ufeff"),
    ("行\n改行\rない", "line\nbreak"), ("アイウ" * 2000, "word " * 3000), ("１２３４５６７８９０", "1234567890"),
    ("ん", "n't"), ("未定", "undecided"), ("𠮷野家", "Yoshinoya"),
])
def test_hostile_input_does_not_crash(source: str, target: str) -> None:
    for issue in _one(source, target, IDS):
        for text, span in ((source, issue.source_span), (target, issue.target_span)):
            if span is not None:
                assert 0 <= span[0] <= span[1] <= len(text)


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location("meaning_bench", ROOT / "bench" / "meaning.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("meaning_bench", mod)
    spec.loader.exec_module(mod)
    return mod


def test_labelled_rows_shape() -> None:
    rows = _rows()
    assert all(isinstance(r["labelled_before_code"], bool) for r in rows)
    labels = {lab for r in rows for lab in r["labels"]}
    assert labels == set(IDS)
    for r in rows:
        if "term" in r:
            assert len(r["segs"]) == len(r["sources"]) == len(r["targets"]) >= 2
        else:
            assert r["source"] and r["target"] is not None and r["seg"] >= 1


def test_saved_figures_match_the_checks_on_the_labelled_rows() -> None:
    """docs/checks.md shows bench/data/meaning-figures.json: it must be what the checks do now."""
    bench = _bench()
    saved = json.loads((ROOT / "bench" / "data" / "meaning-figures.json").read_text(encoding="utf-8"))["labelled"]
    rows = bench.load_rows()
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(bench.group_of(r), []).append(r)
    assert set(groups) == set(saved)
    for name, rs in groups.items():
        now = bench.score(rs)
        for cid in IDS:
            for k in ("tp", "fp", "fn", "positives"):
                assert now[cid][k] == saved[name][cid][k], (name, cid, k, "re-run: python bench/meaning.py --save")


def test_segment_rows_are_their_wmt_lines_and_are_scored_inside_their_document() -> None:
    """bench/meaning.py --in-document checks a row inside its WMT document: the row must be that line of the WMT
    files (a row that is not is an error naming it), and a labelled hallucination is found there too."""
    from tests.meaning_data import wmt_lines

    wmt_lines("wmt21")  # skips without ../shared (a failure under CI=true)
    bench = _bench()
    rows = [r for r in bench.load_rows() if "term" not in r]
    row = next(r for r in rows if r["labels"] == ["omission", "addition"] and "hallucination" in r["note"])
    assert bench.predict_in_document(row) >= {"addition"}
    clean = next(r for r in rows if not r["labels"] and r["system"] == row["system"] and r["dataset"] == row["dataset"])
    assert bench.predict_in_document(clean) <= set(IDS)
    with pytest.raises(ValueError, match=f"seg {row['seg']}: its source or target is not line"):
        bench.predict_in_document({**row, "target": row["target"] + " Extra."})


def test_engine_counts_on_a_project_with_the_shipped_drafts(seed_project: Path) -> None:
    from review_app.checks.meaning_engines import engine_counts
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import run_engine
    from review_app.models import Role
    from review_app.project import open_project
    from review_app.review import Actor

    cand = ROOT / "corpus" / "musk-trump" / "candidates"
    op = open_project(seed_project)
    try:
        svc = op.service(Actor("bob", Role.ADMIN))
        for name in ("literal", "fluent"):
            prov = {"kind": "prepared-draft", "by": "tests", "how": "shipped"}
            run_engine(svc, FileEngine(cand / f"{name}.xlf", engine_name=f"draft-{name}", provenance=prov))
        # one candidate that says something else altogether: it must be counted for its engine only
        first = svc.list_segments(limit=1)[0]
        from review_app.models import Candidate

        svc.add_candidates([Candidate("broken", "I'm not sure what to make of it, but I think it's a good idea.",
                                      {"kind": "test"}, first.key)])
        rows = {c.engine: c for c in engine_counts(svc)}
    finally:
        op.close()
    assert set(rows) == {"draft-literal", "draft-fluent", "broken"}
    assert rows["draft-literal"].segments == rows["draft-fluent"].segments > 300
    assert rows["broken"].segments == 1 and rows["broken"].findings["omission"] == 1
    assert rows["broken"].as_row()["flagged share"] == 1.0


def test_evidence_spans_point_where_the_text_should_have_appeared() -> None:
    r = _row("movelikeajaguar", 4)  # the hairstyle clause dropped after the quote
    om = next(i for i in _one(r["source"], r["target"]) if i.check == "omission")
    assert om.target_span is not None and "after" in om.message
    assert r["target"][slice(*om.target_span)] in om.message
    source = "ただ、道幅は狭く、全区間が片側交互通行で、待ち時間は予測できない。"
    found = _one(source, "However, the road is narrow and all sections are alternating, so the waiting time can be "
                         "predicted.", ("polarity",))
    target = "However, the road is narrow and all sections are alternating, so the waiting time can be predicted."
    assert found[0].target_span is not None and target[slice(*found[0].target_span)] == "predicted"


def test_cli_runs_the_meaning_checks_by_themselves_on_a_small_file_and_says_when_it_leaves_them_out(
        tmp_path: Path) -> None:
    from click.testing import CliRunner

    from review_app.cli import main

    rows = [_row("Online-W", 861), _row("KYB", 178), _row("Online-W", 692)]
    src, hyp = tmp_path / "src.ja", tmp_path / "hyp.en"
    src.write_text("".join(r["source"] + "\n" for r in rows), encoding="utf-8")
    hyp.write_text("".join(r["target"] + "\n" for r in rows), encoding="utf-8")

    def config(name: str, line: str) -> str:
        path = tmp_path / f"{name}.toml"
        path.write_text("".join(f"[options.{c}]\n{line}\n" for c in IDS), encoding="utf-8")
        return str(path)

    args = ["qa", "--source", str(src), "--target", str(hyp), "--format", "json"]
    runs = {name: CliRunner().invoke(main, [*args, *extra]) for name, extra in (
        ("auto", []), ("on", ["--config", config("on", "enabled = true")]),
        ("off", ["--config", config("off", "enabled = false")]),
        ("too-big", ["--config", config("big", "auto_max_units = 2")]),
        ("too-big-on", ["--config", config("big-on", "auto_max_units = 2\nenabled = true")]))}
    for name, r in runs.items():
        assert r.exit_code == 0, (name, r.output)
    found = {name: {(i["unit"], i["check"]) for i in json.loads(r.stdout)["issues"] if i["check"] in IDS}
             for name, r in runs.items()}
    got = found["on"]
    assert ("1", "omission") in got and ("1", "addition") in got and ("3", "polarity") in got
    assert not any(unit == "2" for unit, _ in got)
    assert found["auto"] == got == found["too-big-on"]  # a 3-unit file: within the 5,000 of the default
    assert found["off"] == found["too-big"] == set()
    assert set(IDS) <= set(json.loads(runs["auto"].stdout)["checks"])
    assert not set(IDS) & set(json.loads(runs["too-big"].stdout)["checks"])
    assert "note: 4 check(s) not run on 3 units: polarity, omission, addition, entity-consistency" in (
        runs["too-big"].stderr)
    assert "enabled = true" in runs["too-big"].stderr
    assert "not run" not in runs["off"].stderr + runs["auto"].stderr + runs["too-big-on"].stderr
    bad = CliRunner().invoke(main, [*args, "--config", config("bad", "auto_max_units = 'many'")])
    assert bad.exit_code == 2 and "auto_max_units must be a whole number" in bad.output


def test_one_parse_per_distinct_source_and_the_same_evidence_from_the_cache(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Several candidates of one source share its parse (the source side is cached per text); a cached source
    gives the evidence a fresh parse gives."""
    d = meaning.load_dictionary()
    d.sources.clear()
    calls: list[str] = []
    real = meaning._nodes

    def counting(source: str) -> Any:
        calls.append(source)
        return real(source)

    monkeypatch.setattr(meaning, "_nodes", counting)
    src = "株価は下落しなかったが、トノサキ選手は出場しなかった。"
    targets = ["Stock prices did not fall, but Tonosaki did not play.", "Stock prices rose and Tonosaki played.",
               "Stock prices fell."]
    cached = [meaning.digest(meaning.analyse(Unit(str(n), src, t))) for n, t in enumerate(targets)]
    assert calls == [src]
    d.sources.clear()
    fresh = [meaning.digest(meaning.analyse(Unit(str(n), src, t))) for n, t in enumerate(targets)]
    assert fresh == cached and len(calls) == 2
    assert len(cached[0].negations) == 2 and cached[0].uncovered < cached[1].uncovered  # the targets differ


@pytest.mark.parametrize("source", ["東京で\n会議を　開いた。", "価格は \"1,000\" 円, 'A,B' と「東京」。", "  \t\r\n",
                                    "ＡＢＣ,\"\"\"", ""])
def test_word_spans_point_at_the_source_text_with_whitespace_and_quotes(source: str) -> None:
    """Offsets stay right when MeCab drops whitespace (newlines, ideographic spaces) and for tokens whose
    features MeCab quotes (commas, double quotes)."""
    ev = meaning.analyse(Unit("1", source, "Tokyo held a meeting at 1,000 yen."))
    for w in ev.words:
        assert source[w.span[0]:w.span[1]] == w.text
    for s, e in ev.negations + ev.negating_words:
        assert 0 <= s < e <= len(source)


def test_addition_reports_an_invented_sentence() -> None:
    r = _row("Online-W", 587)  # WMT22: the headline dropped, 'The game is a game of life and death.' invented
    found = list(_one(r["source"], r["target"], ("addition",)))
    assert len(found) == 1 and found[0].target_span is not None
    assert "life and death" in r["target"][slice(*found[0].target_span)]
    # the same sentence as the only one of a one-sentence source is the translation, not an addition
    assert not _one("人生をかけた試合だ。", "The game is a game of life and death.", ("addition",))


def test_english_number_words_are_explained_by_the_source_numerals() -> None:
    target = "He struck out seven and held them scoreless for three innings."
    ev = meaning.analyse(Unit("1", "７三振を奪い、３回を無失点に抑えた。", target))
    unexplained = {target[s:e] for s, e in ev.unexplained}
    assert "seven" not in unexplained and "three" not in unexplained


def test_polarity_leaves_a_target_that_says_something_else_to_omission_and_addition() -> None:
    r = _row("Online-G", 911)  # WMT22: 'This is the best app I have ever used' in place of a review summary
    assert not _one(r["source"], r["target"], ("polarity",))  # (its 悪くはない has no negation in the target)


def test_glossary_cover_comes_from_the_glossary_pass_and_equals_matching_each_unit() -> None:
    """With a glossary, the evidence reuses the glossary checks' pass (its source matches whose concept the target
    also has) and is what matching each unit's source and target afresh gives; on the shipped article and
    glossary some source words are covered only through the glossary, and targets without the terms lose them."""
    from review_app.formats import read_bilingual
    from review_app.glossary import load_glossary

    glossary = load_glossary(ROOT / "glossary" / "musk-trump.tbx")
    ref = [u for u in read_bilingual(ROOT / "corpus" / "musk-trump" / "reference.tmx").units if u.target]
    units = [Unit(f"r{n}", u.source, u.target or "", index=n) for n, u in enumerate(ref)]
    units += [Unit(f"x{n}", u.source, "It happened.", index=len(ref) + n) for n, u in enumerate(ref)]
    ctx = CheckContext(units=units, glossary=glossary)
    src, tgt = glossary.matcher("ja"), glossary.matcher("en")
    rendered = ctx.analyses.glossary.rendered_sources
    assert rendered is not None
    for n, u in enumerate(units):
        in_target = {m.concept_id for m in tgt.find(u.target)}
        want = tuple((m.start, m.end, m.concept_id) for m in src.find(u.source) if m.concept_id in in_target)
        assert rendered.get(n) == want
    pooled = [ctx.analyses.meaning.of(u) for u in units]
    alone = [ctx.analyses.meaning.of(Unit(u.id + "-copy", u.source, u.target)) for u in units]  # matched here
    bare = [meaning.digest(meaning.analyse(u)) for u in units]
    assert pooled == alone
    helped = [n for n in range(len(ref)) if pooled[n].uncovered < bare[n].uncovered]
    assert len(helped) >= 5
    assert all(pooled[len(ref) + n].uncovered == bare[len(ref) + n].uncovered for n in range(len(ref)))
