"""``review-app align SOURCE TRANSLATION --project P --engine N --provenance …`` and the plain-text FileEngine on
the shipped corpus: the professional reference text aligned into the seed project must give ≥ 98% of the
segments exactly the rendering the reference TMX has for them."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.formats import read_bilingual
from review_app.project import load_document, open_project
from tests.conftest import CORPUS, SEED

REFERENCE_TXT = CORPUS / "reference.en.txt"
REFERENCE_TMX = CORPUS / "reference.tmx"
PROV = '{"kind": "human-translation", "by": "reference translators"}'


def _share_exact(project: Path, engine: str) -> tuple[int, int, dict[str, dict]]:
    reference = {u.id: u.target for u in read_bilingual(REFERENCE_TMX).units}
    op = open_project(project)
    try:
        svc = op.service()
        views = svc.list_segments()
        provs: dict[str, dict] = {}
        exact = 0
        for v in views:
            cands = [c for c in svc.candidates(v.key) if c.engine == engine]
            if cands:
                provs[v.key] = cands[0].provenance
            if cands and len(cands) == 1 and cands[0].text == reference.get(v.key):
                exact += 1
        return exact, len(views), provs
    finally:
        op.close()


def test_align_command_imports_the_reference(seed_project: Path) -> None:
    args = ["align", str(SEED), str(REFERENCE_TXT), "--project", str(seed_project), "--engine", "reference",
            "--provenance", PROV]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    assert "candidates imported from reference.en.txt" in r.output
    assert "scorers: length, anchors" in r.output  # the aligner summary (embeddings off by default)
    exact, total, provs = _share_exact(seed_project, "reference")
    assert total == 326
    assert exact / total >= 0.98, f"{exact}/{total}"
    types = {p["link_type"] for p in provs.values()}
    assert "1-1" in types and all(p["kind"] == "human-translation" for p in provs.values())
    for p in provs.values():
        if p["link_type"] == "2-1":
            assert len(p["merged_with"]) == 1 and p["merged_with"][0] not in provs  # second segment: none
    again = CliRunner().invoke(main, args)  # a second import adds nothing
    assert again.exit_code == 0 and " 0 candidates imported" in again.output


def test_candidates_import_of_the_reference_text(seed_project: Path) -> None:
    args = ["candidates", "import", str(seed_project), str(REFERENCE_TXT), "--engine", "ref-text",
            "--provenance", PROV]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    exact, total, _ = _share_exact(seed_project, "ref-text")
    assert exact / total >= 0.98, f"{exact}/{total}"


def test_align_to_project_also_writes_the_pairs(seed_project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pairs.tmx"
    args = ["align", str(SEED), str(REFERENCE_TXT), "--project", str(seed_project), "--engine", "reference",
            "--provenance", PROV, "-o", str(out)]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    assert len(read_bilingual(out).units) > 300


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--engine", "x"], "need --project"),
        (["--provenance", PROV], "need --project"),
        (["--project", "{project}"], "needs --engine"),
        (["--project", "{project}", "--engine", "x"], "--provenance"),
        (["--project", "{project}", "--engine", "x", "--provenance", '{"by": "me"}'], '"kind"'),
    ],
)
def test_align_import_errors(seed_project: Path, extra: list[str], message: str) -> None:
    args = ["align", str(SEED), str(REFERENCE_TXT), *[a.replace("{project}", str(seed_project)) for a in extra]]
    r = CliRunner().invoke(main, args)
    assert r.exit_code != 0
    assert message in r.output


def test_align_refuses_another_source(seed_project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.ja.txt"
    other.write_text("これは別の記事です。全く関係ありません。\n", encoding="utf-8")
    args = ["align", str(other), str(REFERENCE_TXT), "--project", str(seed_project), "--engine", "x",
            "--provenance", PROV]
    r = CliRunner().invoke(main, args)
    assert r.exit_code != 0 and "is not the source document" in r.output
    exact, _, provs = _share_exact(seed_project, "x")
    assert exact == 0 and provs == {}


@pytest.mark.parametrize("variant", ["corrected", "spaced"])
def test_source_variants_of_the_same_document_are_accepted(seed_project: Path, variant: str) -> None:
    op = open_project(seed_project)
    try:
        svc = op.service()
        first = svc.list_segments()[0]
        if variant == "corrected":
            fixed = first.source.replace("イーロン・マスク", "イーロン・マスク氏", 1)
            svc.correct_source(first.key, fixed, expected_source_version=first.source_version, reason="honorific")
            text = load_document(svc.db, op.config.name, corrected=True).rebuild()
        else:  # full-width spaces / extra blanks: the same document
            text = SEED.read_text(encoding="utf-8").replace("。", "。 ")
    finally:
        op.close()
    source = seed_project.parent / f"{variant}.ja.txt"
    source.write_text(text, encoding="utf-8")
    args = ["align", str(source), str(REFERENCE_TXT), "--project", str(seed_project), "--engine", "r",
            "--provenance", PROV]
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    exact, total, _ = _share_exact(seed_project, "r")
    assert exact / total >= 0.98
