"""`review-app fixes`: the glossary's fixes for QA findings, listed and applied from the command line (the same
functions as the Review page's Fix buttons, review_app/quickfix.py)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from review_app.cli import main
from review_app.project import open_project

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = str(ROOT / "glossary" / "musk-trump.tbx")


def _run(*args: str, code: int = 0) -> str:
    res = CliRunner().invoke(main, list(args))
    assert res.exit_code == code, res.output + res.stderr
    return res.stdout + res.stderr


def _key(project: Path, needle: str) -> str:
    op = open_project(project)
    try:
        return next(s.key for s in op.service().list_segments() if needle in s.source)
    finally:
        op.close()


def test_fixes_need_a_qa_run(seed_project: Path) -> None:
    assert "run 'review-app qa" in _run("fixes", str(seed_project), code=2)


def test_source_fixes_listed_then_applied_as_corrections(seed_project: Path) -> None:
    p = str(seed_project)
    _run("qa", p, "--glossary", GLOSSARY)
    listed = _run("fixes", p)
    expected = ("鷹潭 → イーグルパス", "超党派政治活動委員会 → スーパーPAC", "銃規制 → 銃の所持権",
                "remove (マジシャン)", "副大統領首席補佐官 → 大統領次席補佐官", "テマ同盟 → トランプ・マスク同盟",
                # the document's own fixes (review_app/checks/source_mt.py): a phrase written twice, a stray space
                "remove 公の場で", "remove the space")
    for fix in expected:
        assert fix in listed
    # every forbidden or non-canonical form of the shipped glossary in the source (tests/test_glossary_checks.py
    # test_seed_source_with_empty_target lists the 14 forms; 政府効率化局 occurs 3 times, アメリカンPAC twice), and
    # the document's own two
    assert "19 fix(es)" in listed
    out = _run("fixes", p, "--apply", "--side", "source")
    assert "applied 19 of 19" in out
    key = _key(seed_project, "鷹潭")
    op = open_project(seed_project)
    try:
        seg = op.service().get_segment(key)
        assert "イーグルパス" in seg.effective_source and "鷹潭" in seg.source  # the original is kept
        assert seg.source_version == 2
    finally:
        op.close()
    _run("qa", p, "--glossary", GLOSSARY)
    assert "0 fix(es)" in _run("fixes", p, "--side", "source")  # nothing left to fix on the source


def test_target_fix_replaces_the_forbidden_rendering(seed_project: Path) -> None:
    p = str(seed_project)
    key = _key(seed_project, "鷹潭")
    _run("edit", p, key, "He appeared in Yingtan, a small border town in Texas.", "--version", "1")
    _run("qa", p, "--glossary", GLOSSARY)
    assert f"{key} #" in _run("fixes", p, key, "--side", "target")
    _run("fixes", p, key, "--side", "target", "--apply")
    op = open_project(seed_project)
    try:
        seg = op.service().get_segment(key)
        assert seg.target == "He appeared in Eagle Pass, a small border town in Texas." and seg.version == 3
    finally:
        op.close()
    # the finding was made on the old text: listing again before a new QA run offers nothing stale
    assert "0 fix(es)" in _run("fixes", p, key, "--side", "target")
