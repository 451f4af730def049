"""The demo project (scripts/demo.sh, ``make app``) imports the corpus's readers' notes, and its HTML export shows
them as footnotes; the shipped notes file (when the corpus has one) matches the shipped article."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from review_app.notes import FILE_FORMAT, load_notes_file, resolve_entries
from tests.conftest import CORPUS, ROOT
from tests.test_notes_format import EXAMPLE, seed_refs

SHIPPED = CORPUS / "readers-notes.json"


@pytest.mark.slow
def test_demo_imports_the_readers_notes_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("source.ja.txt", "candidates", "reference.tmx", "reference.provenance.json", "metadata.json"):
        (corpus / name).symlink_to(CORPUS / name)
    (corpus / "readers-notes.json").write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    demo = tmp_path / "demo"
    env = {**os.environ, "DEMO_CORPUS": str(corpus)}
    env.pop("REVIEW_APP_DATABASE_URL", None)
    cmd = ["bash", "scripts/demo.sh", str(Path(sys.executable).parent), str(demo)]
    first = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert "3 readers' note(s): 3 added" in first.stdout
    app = [str(Path(sys.executable).parent / "review-app")]
    # a reviewer edits a note in the demo; the next `make app` must not put the file's text back
    subprocess.run([*app, "note", str(demo), "s9245b6ae5e", "Edited in review."], check=True, capture_output=True)
    again = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0 and "readers' note" not in again.stdout
    out = tmp_path / "demo.html"
    subprocess.run([*app, "export", str(demo), "--format", "html", "-o", str(out)], check=True, capture_output=True)
    page = out.read_text(encoding="utf-8")
    assert len(re.findall(r'<sup class="fn" id="fnref-\d+">', page)) == 3
    assert "Edited in review." in page and "Corrected: the source says June 4." in page


def test_shipped_readers_notes_match_the_shipped_article() -> None:
    if not SHIPPED.exists():
        pytest.skip("corpus/musk-trump/readers-notes.json is not shipped yet")
    entries = load_notes_file(SHIPPED)
    assert json.loads(SHIPPED.read_text(encoding="utf-8"))["format"] == FILE_FORMAT
    assert len(resolve_entries(entries, seed_refs(), file=str(SHIPPED))) == len(entries) > 0


def test_shipped_notes_are_footnotes_of_every_article_export(seed_project: Path, tmp_path: Path) -> None:
    """What `make app` shows: the shipped notes imported into the shipped article, footnoted by HTML, Markdown and
    DOCX (one footnote per note, numbered from 1)."""
    if not SHIPPED.exists():
        pytest.skip("corpus/musk-trump/readers-notes.json is not shipped yet")
    import zipfile

    from review_app.exporters import export_project
    from review_app.notes import ReadersNoteService
    from review_app.project import open_project

    op = open_project(seed_project)
    try:
        res = ReadersNoteService(op.service()).import_path(SHIPPED)
    finally:
        op.close()
    n = res.added
    assert n == len(load_notes_file(SHIPPED)) > 0
    html = export_project(seed_project, "html", tmp_path / "a.html").read_text(encoding="utf-8")
    assert re.findall(r'id="fnref-(\d+)"', html) == [str(i) for i in range(1, n + 1)]
    md = export_project(seed_project, "md", tmp_path / "a.md").read_text(encoding="utf-8")
    assert len(re.findall(r"^\[\^\d+\]: ", md, flags=re.M)) == n
    with zipfile.ZipFile(export_project(seed_project, "docx", tmp_path / "a.docx")) as z:
        assert z.read("word/document.xml").decode().count("<w:footnoteReference ") == n
