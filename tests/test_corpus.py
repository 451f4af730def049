"""The shipped corpus: the seed article byte-for-byte, with metadata that says where it came from."""

from __future__ import annotations

import hashlib
import json

from review_app.segment import block_counts, parse_document
from tests.conftest import CORPUS, SEED, SHARED, shared_dir


def test_source_is_the_seed_byte_for_byte():
    seed = shared_dir(SHARED / "seeds") / "000_9b419ed3f0e8c77d.txt"
    assert SEED.read_bytes() == seed.read_bytes()


def test_metadata_describes_the_source():
    meta = json.loads((CORPUS / "metadata.json").read_text(encoding="utf-8"))
    raw = SEED.read_bytes()
    assert meta["source"]["sha256"] == hashlib.sha256(raw).hexdigest()
    assert meta["source"]["bytes"] == len(raw)
    assert meta["source"]["language"] == "ja"
    assert meta["source"]["machine_translated"] is True and meta["source"]["machine_translated_from"] == "zh"
    assert meta["licence"]
    doc = parse_document(raw.decode("utf-8"))
    assert meta["segmentation"]["blocks"] == block_counts(doc)
    assert meta["segmentation"]["segments"] == len(doc.segments)


def _reference_units():
    from review_app.formats import read_bilingual

    return read_bilingual(CORPUS / "reference.tmx").units


def test_reference_tmx_covers_every_segment_in_order():
    doc = parse_document(SEED.read_text(encoding="utf-8"))
    units = _reference_units()
    assert [u.id for u in units] == [s.key for s in doc.segments]
    assert [u.source for u in units] == [s.text for s in doc.segments]
    assert all((u.target or "").strip() for u in units)


def test_reference_is_us_news_style_english():
    text = (CORPUS / "reference.en.txt").read_text(encoding="utf-8")
    import re

    assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text), "no Japanese left in the English article"
    for expected in ("$238.5 million", "$2.4 trillion", "July 13, 2024", "Eagle Pass", "super PAC"):
        assert expected in text
    for wrong in ("Yingtan", "bipartisan political action", "magician", '"'):
        assert wrong not in text, wrong


def test_reference_keeps_the_article_layout():
    src = SEED.read_text(encoding="utf-8").split("\n")
    en = (CORPUS / "reference.en.txt").read_text(encoding="utf-8").split("\n")
    assert len(src) == len(en)
    for ja_line, en_line in zip(src, en, strict=True):
        assert bool(ja_line.strip()) == bool(en_line.strip())
        assert ja_line.startswith("- ") == en_line.startswith("- ")


def test_source_notes_point_at_real_text():
    notes = json.loads((CORPUS / "source-notes.json").read_text(encoding="utf-8"))
    doc = parse_document(SEED.read_text(encoding="utf-8"))
    by_key = {s.key: s for s in doc.segments}
    assert len(notes) >= 50
    for n in notes:
        assert n["ja"] in by_key[n["segment"]].text
        assert n["confidence"] in {"high", "medium", "low"}
        if n["kind"] in {"factual", "contradiction"}:
            # factual slips are corrected too (issue 17), and each has a readers' note (test_article_content)
            assert n["corrected_ja"], n
    kinds = {n["kind"] for n in notes}
    assert {"mistranslation", "factual", "polarity", "term-inconsistency"} <= kinds
    assert any(n["ja"] == "鷹潭" for n in notes)


def test_corrected_source_applies_the_fixes_and_keeps_layout():
    corrected = (CORPUS / "source.corrected.ja.txt").read_text(encoding="utf-8")
    original = SEED.read_text(encoding="utf-8")
    assert "鷹潭" in original and "鷹潭" not in corrected and "イーグルパス" in corrected
    assert "超党派政治活動委員会" not in corrected
    assert corrected.count("\n") == original.count("\n")
    doc = parse_document(corrected)
    assert block_counts(doc) == block_counts(parse_document(original))


def test_candidate_drafts_cover_the_article_and_say_what_they_are():
    from review_app.formats import read_bilingual

    doc = parse_document(SEED.read_text(encoding="utf-8"))
    keys = [s.key for s in doc.segments]
    for name in ("literal", "fluent"):
        units = read_bilingual(CORPUS / "candidates" / f"{name}.xlf").units
        assert [u.id for u in units] == keys
        assert all((u.target or "").strip() for u in units)
        prov = json.loads((CORPUS / "candidates" / f"{name}.provenance.json").read_text(encoding="utf-8"))
        assert prov["kind"] == "prepared-draft" and prov["engine_run"] is False
        assert prov["date"] and prov["by"] and prov["how"]
        by_id = {u.id: u.target for u in units}
        slips = json.loads((CORPUS / "candidates" / prov["slips_file"]).read_text(encoding="utf-8"))
        assert len(slips) >= 35
        for slip in slips:
            assert slip["found"] in by_id[slip["segment"]], slip
        assert sum(prov["slip_counts"].values()) == len(slips)


def test_candidate_drafts_carry_the_documented_slips():
    from review_app.formats import read_bilingual

    literal = " ".join(u.target or "" for u in read_bilingual(CORPUS / "candidates" / "literal.xlf").units)
    fluent = " ".join(u.target or "" for u in read_bilingual(CORPUS / "candidates" / "fluent.xlf").units)
    assert "Yingtan" in literal and "gun control" in literal and "magician" in literal.lower()
    assert "$23.85 million" in fluent and "$2.4 billion" in fluent and "DeSantos" in fluent
