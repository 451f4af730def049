"""The shipped article is true (issue 17): every factual slip of the Japanese source that
``corpus/musk-trump/source-notes.json`` records is corrected in the English reference and in
``source.corrected.ja.txt``, and has a readers' note ("Corrected: the source says …") for the exported article."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from review_app.formats import read_bilingual
from review_app.notes import load_notes_file, resolve_entries
from review_app.segment import parse_document
from tests.conftest import CORPUS, SEED
from tests.test_notes_format import seed_refs

FACTUAL = {"factual", "contradiction"}

# What the source says and the English must no longer say, segment by segment: for every factual item of
# source-notes.json, the false statement as the English reference rendered it before the correction (the
# note's old "en" field) and as the Japanese states it (a regular expression on the note's "ja" field, which
# source.corrected.ja.txt must not match either).
FALSE = {
    "s3b6dadf9d2": (["June 4"], ["6月4日"]),
    "s56bfc7bcbb": (["The next day"], ["翌日"]),
    "s18aa87d90c": (["May 24, 2024"], ["2024年5月24日"]),
    "s44db88fc5e": (["late October"], ["10月下旬"]),
    "s17296267d7": (["Nov. 6"], ["11月6日"]),
    "sa5768a8aaf": (["economic adviser"], ["経済顧問"]),
    "sd311fc76f2": (["mid-2023"], ["2023年半ば"]),
    "sa4f7ea367a": (["privately"], ["内心"]),
    "sb159e0f470": (["no one was killed", "what sounded like gunshots"], ["死傷者は出なかった"]),
    "sad46051dc6": (["It was the first time that Trump"], ["今回が初めて"]),
    "s127bd22313": (["joking that maybe they should call it"], ["と冗談を言った"]),
    "s9245b6ae5e": (["Iowa", "red “Make America Great Again”"], ["アイオワ", "赤い"]),
    "sd7de64446d": (["special election"], ["補欠選挙"]),
    "s0c390294af": (["Photos of the president and"], ["(?<!次期)大統領と世界一"]),
    "s847cccaf93": (["ultimately rejected"], ["否決"]),
    "s7bb927eb7b": (["early 2025"], ["2025年初頭"]),
    "s80fcbb4445": (["Greene"], ["グリーン"]),
}


def _notes() -> list[dict]:
    data: list[dict] = json.loads((CORPUS / "source-notes.json").read_text(encoding="utf-8"))
    return data


def _readers_notes() -> dict[str, dict]:
    notes = json.loads((CORPUS / "readers-notes.json").read_text(encoding="utf-8"))["notes"]
    return {n["segment"]: n for n in notes}


def _reference() -> dict[str, tuple[str, str | None]]:
    """segment id → (English, corrected Japanese or None) from the shipped TMX."""
    out = {}
    for u in read_bilingual(CORPUS / "reference.tmx").units:
        props = dict(u.metadata.get("props", []))
        out[u.id] = (u.target or "", props.get("x-review-app:corrected-source"))
    return out


def test_the_false_statements_are_data_for_every_factual_item() -> None:
    assert {n["segment"] for n in _notes() if n["kind"] in FACTUAL} == set(FALSE)


@pytest.mark.parametrize("segment", sorted(FALSE))
def test_the_english_and_the_corrected_japanese_no_longer_say_it(segment: str) -> None:
    english, corrected = _reference()[segment]
    false_en, false_ja = FALSE[segment]
    for phrase in false_en:
        assert phrase not in english, (segment, phrase)
    assert corrected, f"{segment}: no corrected Japanese"
    for pattern in false_ja:
        assert not re.search(pattern, corrected), (segment, pattern)
    # the shipped files agree with the TMX
    assert english in (CORPUS / "reference.en.txt").read_text(encoding="utf-8")
    assert corrected in (CORPUS / "source.corrected.ja.txt").read_text(encoding="utf-8")


def test_the_source_itself_is_kept_as_received() -> None:
    source = SEED.read_text(encoding="utf-8")
    by_key = {s.key: s.text for s in parse_document(source).segments}
    for segment, (_, false_ja) in FALSE.items():
        assert any(re.search(p, by_key[segment]) for p in false_ja), segment


def test_every_factual_item_has_a_correction_note_saying_what_the_source_said() -> None:
    readers = _readers_notes()
    for n in _notes():
        if n["kind"] not in FACTUAL:
            continue
        note = readers.get(n["segment"])
        assert note is not None, f"no readers' note for {n['segment']} ({n['ja']})"
        assert note["kind"] == "correction" and note["source_said"].strip() and note["text"].strip()


def test_readers_notes_are_us_news_english_and_match_both_sources() -> None:
    entries = load_notes_file(CORPUS / "readers-notes.json")
    corrected = {k: c for k, (_, c) in _reference().items() if c}
    # the entries find their segments in a project made from the original source and in one whose
    # sources a reviewer has corrected
    assert len(resolve_entries(entries, seed_refs(), file="readers-notes.json")) == len(entries)
    assert len(resolve_entries(entries, seed_refs(corrected), file="readers-notes.json")) == len(entries)
    for n in _readers_notes().values():
        text = n["text"] + " " + n.get("source_said", "")
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text), n["segment"]
        assert '"' not in text and "'" not in text.replace("’", ""), n["segment"]
        # US news style dates: "Oct. 5, 2024", never "5 October 2024" or "October 5th"
        assert not re.search(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October"
                             r"|November|December)\b|\b\d{1,2}(st|nd|rd|th)\b", text), n["segment"]
        assert not re.search(r"\b(January|February|August|September|October|November|December) \d{1,2}\b", text), (
            n["segment"], "abbreviate the month before a date (AP style)")


def test_qa_on_the_corrected_japanese_reports_no_politeness_mix(tmp_path: Path) -> None:
    """`review-app qa` on a project made from source.corrected.ja.txt: one register (plain だ/である, the norm of
    Japanese news articles), while the source as received mixes in です/ます paragraphs."""
    from click.testing import CliRunner

    from review_app.cli import main

    def politeness(name: str) -> list[dict]:
        proj = tmp_path / name.replace(".", "-")
        runner = CliRunner()
        res = runner.invoke(main, ["init", str(proj), "--source", str(CORPUS / name), "--source-lang", "ja",
                                   "--target-lang", "en"])
        assert res.exit_code == 0, res.output
        res = runner.invoke(main, ["qa", str(proj), "--format", "json"])
        assert res.exit_code == 0, res.output
        data = json.loads(res.stdout)
        issues = data["issues"] if isinstance(data, dict) else data
        return [i for i in issues if i["check"] == "source-politeness-mix"]

    assert politeness("source.ja.txt"), "the source as received mixes the styles"
    assert politeness("source.corrected.ja.txt") == []

