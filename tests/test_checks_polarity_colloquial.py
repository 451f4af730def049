"""Colloquial negation (知らねー, できねぇ, わかんねえ) and negation before から "because": the twelfth held-out
set's KYB row 1540 (seen), 「いつかお前が曹操に殺されても知らねーからな！」 rendered "I know you will be killed by Cao
someday!", was missed twice over — ねー was no candidate for the polarity parse, and から after a negation read as the
question particle か, which exempts a negative question."""

from __future__ import annotations

import pytest

from review_app.checks.base import CheckConfig, CheckContext, Unit, run_checks
from review_app.checks.registry import all_checks
from tests.meaning_data import labelled_row


def _polarity(source: str, target: str) -> list[str]:
    checks = [c for c in all_checks() if c.check_id == "polarity"]
    ctx = CheckContext(units=[Unit(id="1", source=source, target=target)],
                       config=CheckConfig(enabled_only=frozenset(["polarity"])))
    return [f.data.get("kind", "") for f in run_checks(checks, ctx)]


def test_the_labelled_row_is_found() -> None:
    row = labelled_row("KYB", 1540)
    assert row["labels"] == ["polarity"]
    assert _polarity(row["source"], row["target"]) == ["dropped-negation"]


@pytest.mark.parametrize(("source", "target"), [
    ("そんなことは知らねーよ。", "I know that."),
    ("そんなの聞いてねーよ！", "I heard about that!"),
    ("明日は行かないからね。", "I'll go tomorrow, so."),
    ("全然わかんねー。", "I get it completely."),
])
def test_a_dropped_colloquial_or_causal_negation_is_reported(source: str, target: str) -> None:
    assert _polarity(source, target) == ["dropped-negation"]


@pytest.mark.parametrize(("source", "target"), [
    ("そんなことは知らねーよ。", "I don't know that."),
    ("そんなの聞いてねーよ！", "I didn't hear about that!"),
    ("明日は行かないからね。", "I'm not going tomorrow."),
    ("一緒に行かないか？", "Shall we go together?"),  # a negative question that invites: no negation to render
    ("すげーな！", "That's amazing!"),  # ー after げ is no negation
])
def test_a_rendered_negation_or_no_negation_is_not_reported(source: str, target: str) -> None:
    assert _polarity(source, target) == []
