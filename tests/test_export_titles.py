"""The article's title per language: set once (CLI, service), used by every article export.

The shipped article has no heading line, so without a title the exports fell back to "musk-trump —
source.ja.txt"; the demo sets the titles from corpus/musk-trump/metadata.json.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document as DocxDocument

from review_app.cli import main
from review_app.errors import InputError, PermissionDenied
from review_app.exporters import export_project
from review_app.models import Role
from review_app.project import open_project
from review_app.review import Actor, ReviewService
from tests.test_store import _project

ROOT = Path(__file__).resolve().parent.parent
META = json.loads((ROOT / "corpus" / "musk-trump" / "metadata.json").read_text(encoding="utf-8"))
TITLE_JA, TITLE_EN = META["title_ja"], META["title_en"]


@pytest.fixture
def titled(seed_project: Path) -> Path:
    res = CliRunner().invoke(main, ["title", str(seed_project), "--source", TITLE_JA, "--target", TITLE_EN])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == [f"ja: {TITLE_JA}", f"en: {TITLE_EN}"]
    return seed_project


def test_untitled_exports_fall_back_to_project_and_file(seed_project: Path, tmp_path: Path) -> None:
    export_project(seed_project, "html", tmp_path / "a.html")
    assert "<title>proj — source.ja.txt</title>" in (tmp_path / "a.html").read_text(encoding="utf-8")
    res = CliRunner().invoke(main, ["title", str(seed_project)])
    assert res.stdout.splitlines() == ["ja: (not set)", "en: (not set)"]


def test_exports_use_the_titles(titled: Path, tmp_path: Path) -> None:
    export_project(titled, "html", tmp_path / "a.html")
    page = (tmp_path / "a.html").read_text(encoding="utf-8")
    assert f'<h1 lang="ja">{TITLE_JA}</h1>' in page and f'lang="en">{TITLE_EN}</p>' in page
    export_project(titled, "en-html", tmp_path / "en.html")
    en_page = (tmp_path / "en.html").read_text(encoding="utf-8")
    assert f"<title>{TITLE_EN}</title>" in en_page and f'<h1 lang="en">{TITLE_EN}</h1>' in en_page
    export_project(titled, "en-md", tmp_path / "en.md")
    assert (tmp_path / "en.md").read_text(encoding="utf-8").startswith(f"# {TITLE_EN}\n")
    export_project(titled, "md", tmp_path / "a.md")
    assert (tmp_path / "a.md").read_text(encoding="utf-8").startswith(f"# {TITLE_JA}\n\n**{TITLE_EN}**")
    export_project(titled, "docx", tmp_path / "a.docx")
    doc = DocxDocument(str(tmp_path / "a.docx"))
    assert doc.core_properties.title == TITLE_JA
    heads = [(p.style.name, p.text) for p in doc.paragraphs[:3]]
    assert ("Heading 1", TITLE_JA) in heads and ("Subtitle", TITLE_EN) in heads


def test_titles_need_the_export_permission_and_a_project_language(titled: Path) -> None:
    op = open_project(titled)
    try:
        tina = ReviewService(op.db, op.config.name, Actor("tina", Role.TRANSLATOR))
        with pytest.raises(PermissionDenied):
            tina.set_title("en", "Something else")
        assert tina.titles()["en"] == TITLE_EN  # reading is allowed, nothing changed
        rita = ReviewService(op.db, op.config.name, Actor("rita", Role.REVIEWER))
        with pytest.raises(InputError, match="neither the source"):
            rita.set_title("fr", "Titre")
        with pytest.raises(InputError, match="NUL"):
            rita.set_title("en", "bad\x00title")
        assert rita.set_title("en", "  The rise   and fall ") == {"ja": TITLE_JA, "en": "The rise and fall"}
        assert rita.set_title("en", "") == {"ja": TITLE_JA}
    finally:
        op.close()


def test_concurrent_title_edits_lose_nothing(database: object, seed_text: str) -> None:
    """Two editors set the two languages at the same moment: both titles are kept (SQLite and PostgreSQL)."""
    name = _project(database, seed_text)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def editor(lang: str, text: str) -> None:
        try:
            svc = ReviewService(database, name, Actor(lang, Role.REVIEWER))  # type: ignore[arg-type]
            barrier.wait()
            for i in range(10):
                svc.set_title(lang, f"{text} {i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=editor, args=args) for args in (("ja", "題"), ("en", "Title"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert ReviewService(database, name, Actor.local()).titles() == {"ja": "題 9", "en": "Title 9"}  # type: ignore[arg-type]
