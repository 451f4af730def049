"""The readers' notes import format (docs/readers-notes.md): parsing, validation, matching to segments, footnotes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from review_app.errors import InputError
from review_app.notes import (
    FILE_FORMAT,
    NoteContent,
    SegmentRef,
    footnote_text,
    load_notes_file,
    parse_notes,
    resolve_entries,
)
from review_app.segment import parse_document
from tests.conftest import SEED

EXAMPLE = {
    "format": FILE_FORMAT,
    "version": 1,
    "notes": [
        {
            "segment": "s9245b6ae5e",
            "contains": "アイオワ州で行われた",
            "kind": "correction",
            "source_said": "Iowa and a red cap",
            "text": "Musk’s first Trump rally was on Oct. 5, 2024, in Butler, Pa., where he wore a black MAGA cap.",
        },
        {
            "source": "現地時間6月4日、マスク氏は自身のソーシャルプラットフォーム「X」(旧Twitter)"
            "で異例の公の批判を展開し、"
            "トランプ政権が推進する中核法案を「忌まわしいほど醜悪な産物」と痛烈に批判した。",
            "source_said": "June 4",
            "text": "Musk posted on June 3, 2025 (U.S. time); June 4 was already the date in East Asia.",
        },
        {"contains": "死傷者は出なかった", "kind": "context", "text": "  The July 13, 2024\nshooting  killed one."},
    ],
}


def seed_refs(corrections: dict[str, str] | None = None) -> list[SegmentRef]:
    doc = parse_document(SEED.read_text(encoding="utf-8"))
    corrections = corrections or {}
    return [SegmentRef(s.key, s.index, s.text, corrections.get(s.key)) for s in doc.segments]


def test_example_file_matches_the_seed_article(tmp_path: Path) -> None:
    path = tmp_path / "readers-notes.json"
    path.write_text(json.dumps(EXAMPLE, ensure_ascii=False, indent=1), encoding="utf-8")
    entries = load_notes_file(path)
    matched = resolve_entries(entries, seed_refs(), file=str(path))
    assert [k for k, _ in matched] == ["s9245b6ae5e", "s3b6dadf9d2", "sb159e0f470"]
    first, second, third = (e.content for _, e in matched)
    assert first == NoteContent("correction", EXAMPLE["notes"][0]["text"], "Iowa and a red cap")
    assert second.kind == "correction"  # the default kind
    assert third.text == "The July 13, 2024 shooting killed one."  # whitespace runs folded
    assert first.footnote == (
        "Corrected: the source says Iowa and a red cap. Musk’s first Trump rally was on Oct. 5, 2024, in Butler, "
        "Pa., where he wore a black MAGA cap."
    )


def test_docs_example_is_the_tested_one() -> None:
    """docs/readers-notes.md shows a valid file (its JSON block parses and matches the seed article)."""
    doc = (Path(__file__).parent.parent / "docs" / "readers-notes.md").read_text(encoding="utf-8")
    block = doc.split("```json\n", 1)[1].split("```", 1)[0]
    entries = parse_notes(json.loads(block), file="docs/readers-notes.md")
    assert len(resolve_entries(entries, seed_refs())) == len(entries) == 2


def test_corrected_source_still_matches() -> None:
    """An entry written against the corrected Japanese finds its segment (the id is of the original)."""
    refs = seed_refs({"s9245b6ae5e": "2024年10月5日、マスク氏はペンシルベニア州バトラーの集会に黒い帽子で登場した。"})
    data = {"format": FILE_FORMAT, "notes": [{"segment": "s0000000000", "contains": "黒い帽子で登場",
                                              "text": "Butler, not Iowa."}]}
    [(key, _)] = resolve_entries(parse_notes(data), refs)
    assert key == "s9245b6ae5e"


def test_footnote_text_by_kind() -> None:
    assert footnote_text("correction", "Election Day was Nov. 5.") == "Corrected: Election Day was Nov. 5."
    assert footnote_text("correction", "x", "“Nov. 6.”") == "Corrected: the source says “Nov. 6.” x"
    assert footnote_text("context", "America PAC is a super PAC.") == "America PAC is a super PAC."
    assert footnote_text("context", "More.", "a bipartisan PAC") == "The source says a bipartisan PAC. More."
    assert footnote_text("unverified", "Quoted from memory.").startswith("Unverified quotation: ")


def _one(**entry: object) -> dict[str, object]:
    return {"format": FILE_FORMAT, "version": 1, "notes": [entry]}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "expected a JSON object"),
        ({"format": "xliff", "notes": []}, "readers' notes file says"),
        ({"format": FILE_FORMAT, "version": 2, "notes": []}, "version 2 is not supported"),
        ({"format": FILE_FORMAT, "notes": {}}, "must be a list"),
        ({"format": FILE_FORMAT, "notes": ["text"]}, "notes[0]: expected an object"),
        (_one(segment="s1", text="t", **{"source-said": "x"}), "unknown field 'source-said'"),
        (_one(text="t"), "name the segment"),
        (_one(segment="s1"), "\"text\" (the note readers see) is missing"),
        (_one(segment="s1", text="   "), "the note text is empty"),
        (_one(segment="s1", text="t", kind="erratum"), "kind 'erratum' is not one of correction, context"),
        (_one(segment="s1", text="t", index=-1), "\"index\" must be"),
        (_one(segment="s1", text="t", index=True), "\"index\" must be"),
        (_one(segment=5, text="t"), "'segment' must be a string"),
        (_one(segment="s1", text="a\x00b"), "NUL character"),
        (_one(segment="s1", text="x" * 5001), "the limit is 5,000"),
    ],
)
def test_invalid_files_are_refused_with_the_entry_named(data: object, message: str) -> None:
    with pytest.raises(InputError, match=None) as exc:
        parse_notes(data, file="notes.json")
    assert message in str(exc.value)
    assert str(exc.value).startswith("notes.json")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"segment": "s0000000000", "text": "t"}, "no segment s0000000000; add \"source\" or \"contains\""),
        ({"contains": "鷹潭に存在しない文", "text": "t"}, "no segment's source"),
        ({"contains": "マスク氏", "text": "t"}, "segments match"),
        ({"segment": "s9245b6ae5e", "contains": "鷹潭", "text": "t"}, "does not have the given"),
        ({"segment": "s9245b6ae5e", "index": 3, "text": "t"}, "does not have the given"),
    ],
)
def test_unmatched_entries_are_refused(entry: dict[str, object], message: str) -> None:
    with pytest.raises(InputError) as exc:
        resolve_entries(parse_notes(_one(**entry)), seed_refs(), file="n.json")
    assert message in str(exc.value)
    assert "notes[0]" in str(exc.value)


def test_two_entries_for_one_segment_are_refused() -> None:
    data = {"format": FILE_FORMAT, "notes": [{"segment": "s9245b6ae5e", "text": "a"},
                                             {"contains": "アイオワ州", "text": "b"}]}
    with pytest.raises(InputError, match=r"notes\[1\].*already has notes\[0\].*merge"):
        resolve_entries(parse_notes(data), seed_refs())


def test_file_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "n.json"
    bad.write_text('{"format": "review_app-readers-notes",\n "notes": [,]}', encoding="utf-8")
    with pytest.raises(InputError, match=r"n\.json: line 2, column"):
        load_notes_file(bad)
    bad.write_bytes(b'{"notes": "\x82\xa0"}')
    with pytest.raises(InputError, match="not UTF-8"):
        load_notes_file(bad)
    with pytest.raises(InputError, match="cannot read"):
        load_notes_file(tmp_path / "missing.json")
