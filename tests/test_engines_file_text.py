"""FileEngine with a plain English text: aligned to the project's document, links turned into candidates
(1-1, 1-2 joined, 2-1 to the first segment only, 1-0 none), the aligner's summary, errors on bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from review_app.cli import main
from review_app.engines.base import SegmentInput
from review_app.engines.file import FileEngine
from review_app.engines.runner import run_engine
from review_app.errors import InputError
from review_app.project import init_project, load_document, open_project

JA = (
    "マスク氏は法案を批判し、それを忌まわしいほど醜悪な産物と呼んだ。トランプ氏は反論した。\n\n"
    "翌日、両者は和解しなかった。2人の関係は終わった。\n"
)
PROV = {"kind": "human-translation", "by": "test"}


@pytest.fixture
def small(tmp_path: Path) -> Any:
    src = tmp_path / "ja.txt"
    src.write_text(JA, encoding="utf-8")
    init_project(tmp_path / "p", source=src, source_lang="ja", target_lang="en")
    op = open_project(tmp_path / "p")
    yield op
    op.close()


def _doc(op: Any) -> Any:
    return load_document(op.service().db, op.config.name, corrected=True)


@pytest.mark.parametrize(
    ("english", "expected"),
    [
        pytest.param(
            "Musk criticised the bill, calling it a disgusting abomination. Trump hit back.\n\n"
            "The next day, they did not make up. The relationship of the two was over.\n",
            ["Musk criticised the bill, calling it a disgusting abomination.", "Trump hit back.",
             "The next day, they did not make up.",
             "The relationship of the two was over."],
            id="1-1",
        ),
        pytest.param(
            "Musk criticised the bill, calling it a disgusting abomination, and Trump hit back.\n\n"
            "The next day, they did not make up. The relationship of the two was over.\n",
            ["Musk criticised the bill, calling it a disgusting abomination, and Trump hit back.", None,
             "The next day, they did not make up.",
             "The relationship of the two was over."],
            id="2-1",
        ),
        pytest.param(
            "Musk criticised the bill. He called it a disgusting abomination. Trump hit back.\n\n"
            "The next day, they did not make up. The relationship of the two was over.\n",
            ["Musk criticised the bill. He called it a disgusting abomination.", "Trump hit back.",
             "The next day, they did not make up.", "The relationship of the two was over."],
            id="1-2",
        ),
    ],
)
def test_links_become_candidates(
    small: Any, tmp_path: Path, english: str, expected: list[str | None], request: pytest.FixtureRequest
) -> None:
    path = tmp_path / "translation.en.txt"
    path.write_text(english, encoding="utf-8")
    svc = small.service()
    engine = FileEngine(path, engine_name="human", provenance=PROV, document=_doc(small))
    report = run_engine(svc, engine)
    keys = [v.key for v in svc.list_segments()]
    got = [(svc.candidates(k) or [None])[0] for k in keys]
    assert [c.text if c else None for c in got] == expected
    assert report.added == sum(e is not None for e in expected)
    kinds = {c.provenance["link_type"] for c in got if c}
    assert kinds == {request.node.callspec.id, "1-1"}
    summary = engine.alignment_summary
    assert summary["scorers"] == ["length", "anchors"]  # embeddings are off by default
    assert sum(summary["link_types"].values()) == summary["links"]
    assert kinds <= set(summary["link_types"])
    first = got[0]
    assert first is not None and first.provenance["matched_by"] == "alignment"
    assert first.provenance["kind"] == "human-translation" and first.provenance["file"] == path.name
    if first.provenance["link_type"] == "2-1":
        assert first.provenance["merged_with"] == [keys[1]]


def test_markdown_is_accepted_and_settings_say_alignment(small: Any, tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text("Musk criticised the bill. Trump hit back.\n\nThey did not make up. It was over.\n",
                    encoding="utf-8")
    engine = FileEngine(path, provenance=PROV)
    assert engine.is_text and engine.settings()["match"] == "alignment" and engine.settings()["embeddings"] is False
    with pytest.raises(InputError, match="no units"):
        engine.units()


def test_without_a_document_the_segments_are_aligned_in_order(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Musk criticised the bill. Trump hit back.", encoding="utf-8")
    segs = [SegmentInput("a", "マスク氏は法案を批判した。"), SegmentInput("b", "トランプ氏は反論した。")]
    out = FileEngine(path, provenance=PROV).translate_segments(segs, "ja", "en")
    assert [c.text if c else None for c in out] == ["Musk criticised the bill.", "Trump hit back."]
    assert [c.segment_key for c in out if c] == ["a", "b"]


def test_all_segments_arrive_in_one_batch(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("x", encoding="utf-8")
    items = [SegmentInput(str(i), "文。") for i in range(1200)]
    assert [len(b) for b in FileEngine(path, provenance=PROV).batches(items)] == [1200]


@pytest.mark.parametrize(
    ("content", "langs", "message"),
    [
        ("", ("ja", "en"), "empty"),
        ("   \n", ("ja", "en"), "empty"),
        ("Musk criticised the bill.", ("en", "ja"), "Japanese→English"),
        ("Musk criticised the bill.", ("ja", "de"), "Japanese→English"),
        ("マスク氏は法案を批判した。トランプ氏は反論した。", ("ja", "en"), "expected English"),
    ],
)
def test_bad_text_input(tmp_path: Path, content: str, langs: tuple[str, str], message: str) -> None:
    path = tmp_path / "t.txt"
    path.write_text(content, encoding="utf-8")
    segs = [SegmentInput("a", "マスク氏は法案を批判した。"), SegmentInput("b", "トランプ氏は反論した。")]
    with pytest.raises(InputError, match=message):
        FileEngine(path, provenance=PROV).translate_segments(segs, *langs)


def test_candidates_import_cli_accepts_text(small: Any, tmp_path: Path) -> None:
    path = tmp_path / "translation.en.txt"
    path.write_text("Musk criticised the bill. Trump hit back.\n\nThey did not make up. It was over.\n",
                    encoding="utf-8")
    project = tmp_path / "p"
    args = ["candidates", "import", str(project), str(path), "--engine", "ref",
            "--provenance", '{"kind": "human-translation"}']
    r = CliRunner().invoke(main, args)
    assert r.exit_code == 0, r.output
    assert "4 candidates imported" in r.output
    svc = small.service()
    assert [svc.candidates(v.key)[0].text for v in svc.list_segments()][-1] == "It was over."
