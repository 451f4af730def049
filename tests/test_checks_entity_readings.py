"""A kanji name's other readings: the parse of a sentence gives 大谷 (the surname of 大谷翔平) the reading オオヤ;
read alone the parser has オオタニ too, and the reading a document's renderings sound like is the name's there
(review_app.checks.entity_terms.alternative_readings). Real data: the twelfth held-out set's 大谷 rows (WMT21
yahoo-ja.978888, seen) and the shipped article; hostile input to the readings function."""

from __future__ import annotations

from typing import Any

import pytest

from review_app.checks.base import Unit
from review_app.checks.entity_terms import alternative_readings, variants
from review_app.checks.ja_tokens import readings
from tests.meaning_data import entity_row, run_entity

ROWS = ("HuaweiTSC", "Illini", "MiSS", "Online-A", "Online-B", "Online-W")


def _units(row: dict[str, Any]) -> list[Unit]:
    return [Unit(id=str(n), source=s, target=t, index=i)
            for i, (n, s, t) in enumerate(zip(row["segs"], row["sources"], row["targets"], strict=True))]


def test_the_parser_has_both_readings_of_otani() -> None:
    assert readings("大谷")[:2] == ("オオヤ", "オオタニ")
    assert alternative_readings("大谷", "ooya")[:2] == ("ooya", "ootani")
    # a katakana term or a name with one reading has no alternatives to choose from
    assert alternative_readings("エムバペ", "emubape") == ()
    assert alternative_readings("東京", "toukyou") == ()


@pytest.mark.parametrize("system", ROWS)
def test_otani_and_ohtani_in_one_document_are_reported(system: str) -> None:
    row = entity_row(system, "大谷", in_set="after-code-12")
    assert row["labels"] == ["entity-consistency"]
    found = [f for f in run_entity(_units(row)) if f.data.get("name") == "大谷"]
    assert len(found) == 1, [f.message for f in run_entity(_units(row))]
    spelt = {r["rendering"] for r in found[0].data["renderings"]}
    assert "Otani" in spelt and spelt & {"Ohtani", "Odani"}


@pytest.mark.parametrize("system", ["Facebook-AI", "Online-G", "XMU"])
def test_one_spelling_throughout_is_not_reported(system: str) -> None:
    row = entity_row(system, "大谷", in_set="after-code-12")
    assert row["labels"] == []
    assert not [f for f in run_entity(_units(row)) if f.data.get("name") == "大谷"]


def test_the_reading_is_chosen_by_the_renderings_not_forced_on_them() -> None:
    """Either reading the parser has for 大谷 is the name's reading when the document's renderings sound like it:
    Otani / Ohtani and Oya / Ohya are each one name spelt two ways; one spelling throughout is not reported."""
    sources = ["大谷は3回に打った。", "大谷は9回に三振した。", "大谷は走った。"]
    for spelt in (("Otani", "Otani", "Ohtani"), ("Oya", "Oya", "Ohya")):
        found = variants(sources, [f"{spelt[0]} hit in the third.", f"{spelt[1]} struck out in the ninth.",
                                   f"{spelt[2]} ran."])
        assert [(v.term, sorted(f for f, _at in v.forms)) for v in found] == [("大谷", sorted(set(spelt)))]
    assert not variants(sources, ["Otani hit in the third.", "He struck out in the ninth.", "Otani ran."])
    assert not variants(sources, ["Oya hit in the third.", "Oya struck out in the ninth.", "Oya ran."])


@pytest.mark.parametrize("text", ["", " ", "\n", "abc", "大谷\n大谷", "🍣", "ｵｵﾀﾆ", "大" * 2000, "大谷、大谷。"])
def test_readings_of_hostile_text(text: str) -> None:
    got = readings(text)
    assert isinstance(got, tuple) and all(isinstance(r, str) and r for r in got)
    assert alternative_readings(text, "") == () or _kanji_only(text)


def _kanji_only(text: str) -> bool:
    import re

    return re.fullmatch(r"[\u4e00-\u9fff]{2,}", text) is not None
