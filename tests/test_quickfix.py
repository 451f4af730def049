"""Glossary quick fixes (review_app.quickfix) on the shipped article and glossary, and on texts that moved."""

from __future__ import annotations

import pytest

from review_app import qa
from review_app.glossary import load_glossary
from review_app.project import open_project
from review_app.quickfix import Fix, apply_fixes, fix_for_issue, segment_fixes
from tests.conftest import ROOT

GLOSSARY = ROOT / "glossary" / "musk-trump.tbx"


@pytest.fixture
def svc(seed_project):
    op = open_project(seed_project)
    try:
        yield op.service()
    finally:
        op.close()


def _key(svc, text: str) -> str:
    return svc.list_segments(search=text)[0].key


def test_source_errors_of_the_article_get_their_canonical_form(svc):
    gloss = load_glossary(GLOSSARY)
    qa.run_project(svc, glossary=gloss)
    expected = {
        "鷹潭": "イーグルパス",
        "超党派政治活動委員会": "スーパーPAC",
        "銃規制": "銃の所持権",
        "政府効率化委員会": "政府効率化省",
    }
    for old, new in expected.items():
        key = _key(svc, old)
        fixes = [f for f in segment_fixes(svc, key) if f.side == "source"]
        # the segment's other garbled forms have their own fix (超党派政治活動委員会「アメリカンPAC」: both)
        (fix,) = [f for f in fixes if f.old == old]
        assert fix.new == new, key
        assert all(f.old != f.new for f in fixes)
        seg = svc.get_segment(key)
        assert fix.apply(seg.source) == seg.source.replace(old, new, 1)
        corrected = apply_fixes(seg.source, fixes)
        assert old not in corrected and new in corrected
        svc.correct_source(key, corrected, expected_source_version=seg.source_version, reason=fix.reason)
    # MAGA(マジシャン): the bogus gloss goes, brackets and all (replacing it would give MAGA(MAGA))
    key = _key(svc, "マジシャン")
    (gloss_fix,) = [f for f in segment_fixes(svc, key) if f.side == "source"]
    assert (gloss_fix.old, gloss_fix.new, gloss_fix.label) == ("(マジシャン)", "", "remove (マジシャン)")
    seg = svc.get_segment(key)
    assert "私は単なるMAGAではありません" in gloss_fix.apply(seg.source)
    # the three renderings of DOGE: 政府効率化局 (non-canonical) is fixed too
    bureau = [k.key for k in svc.list_segments(search="政府効率化局")]
    assert len(bureau) == 3
    for key in bureau:
        fixes = [(f.old, f.new) for f in segment_fixes(svc, key) if f.side == "source"]
        assert fixes == [("政府効率化局", "政府効率化省")]
    # once corrected, QA no longer reports those segments and no fix is offered on them
    qa.run_project(svc, glossary=gloss)
    for new in expected.values():
        key = _key(svc, new)
        assert not [i for i in qa.list_issues(svc, segment=key) if i.issue.check == "term-source-variant"]
        assert segment_fixes(svc, key) == []


def test_a_forbidden_target_term_gets_the_preferred_one(svc):
    key = _key(svc, "鷹潭")
    svc.save_target(key, "He appeared in Yingtan, a small border town of Texas.", expected_version=1)
    qa.run_project(svc, glossary=load_glossary(GLOSSARY))
    fixes = [f for f in segment_fixes(svc, key) if f.side == "target"]
    assert [(f.old, f.new) for f in fixes] == [("Yingtan", "Eagle Pass")]
    assert fixes[0].apply(svc.get_segment(key).target) == "He appeared in Eagle Pass, a small border town of Texas."
    assert "eagle-pass" in fixes[0].reason


def test_findings_of_an_older_text_offer_no_fix(svc):
    key = _key(svc, "鷹潭")
    qa.run_project(svc, glossary=load_glossary(GLOSSARY))
    seg = svc.get_segment(key)
    # the source changes after the run (here: the town moved to the front): the stored span no longer fits
    svc.correct_source(key, "鷹潭。" + seg.source, expected_source_version=1)
    assert segment_fixes(svc, key) == []


def test_fix_for_issue_refuses_what_does_not_fit():
    src = "テキサス州の小さな国境の町、鷹潭に現れた。"
    start = src.index("鷹潭")
    data = {"concept": "eagle-pass", "canonical": "イーグルパス"}
    ok = fix_for_issue("term-source-variant", data, source=src, target=None, source_span=(start, start + 2))
    assert ok == Fix("source", start, start + 2, "鷹潭", "イーグルパス", ok.reason) and ok.reason.startswith("glossary")
    assert fix_for_issue("term-source-variant", data, source=src, target=None, source_span=(start, 999)) is None
    assert fix_for_issue("term-source-variant", data, source=src, target=None, source_span=None) is None
    assert fix_for_issue("term-source-variant", {}, source=src, target=None, source_span=(start, start + 2)) is None
    assert fix_for_issue("number-mismatch", data, source=src, target="x", source_span=(start, start + 2)) is None
    # a forbidden-term span that no longer covers the forbidden text (the target was edited since)
    tgt = "He appeared in Eagle Pass."
    bad = {"concept": "eagle-pass", "forbidden": "Yingtan", "expected": ["Eagle Pass"]}
    assert fix_for_issue("term-forbidden", bad, source=src, target=tgt, target_span=(15, 22)) is None
    # applying to a text that changed raises instead of rewriting the wrong characters
    with pytest.raises(ValueError, match="the text changed"):
        ok.apply("鷹" + src)


def test_a_gloss_is_only_removed_when_it_repeats_the_canonical_form():
    data = {"concept": "maga", "canonical": "MAGA"}
    for text, expected in (("単なるMAGA(マジシャン)だ", "単なるMAGAだ"), ("単なるMAGA（マジシャン）だ", "単なるMAGAだ"),
                           ("単なる(マジシャン)だ", "単なる(MAGA)だ"), ("マジシャンだ", "MAGAだ")):
        start = text.index("マジシャン")
        fix = fix_for_issue("term-source-variant", data, source=text, target=None, source_span=(start, start + 5))
        assert fix is not None and fix.apply(text) == expected, text


def test_apply_fixes_right_to_left_and_skips_overlaps():
    text = "鷹潭と鷹潭"
    a = Fix("source", 0, 2, "鷹潭", "イーグルパス", "r")
    b = Fix("source", 3, 5, "鷹潭", "イーグルパス", "r")
    overlapping = Fix("source", 1, 4, "潭と鷹", "X", "r")
    assert apply_fixes(text, [a, b]) == "イーグルパスとイーグルパス"
    assert apply_fixes(text, [b, overlapping, a]) == "イーグルパスとイーグルパス"
