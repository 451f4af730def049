"""The behavioural suite every engine passes against its fake (ARCHITECTURE: one inherited contract test).

Subclasses provide ``engine`` (a fixture returning a ready engine) and may override ``texts``.
"""

from __future__ import annotations

from typing import Any

from review_app.engines.base import Engine, GlossarySpec, SegmentInput

REQUIRED_PROVENANCE = ("kind", "engine", "settings", "glossary", "timestamp", "billed_characters")


class EngineContract:
    texts = ("マスク氏はトランプ大統領を批判した。", "2025年6月5日、記者会見が開かれた。", "「DOGE」の責任者だった。")

    def test_metadata(self, engine: Engine) -> None:
        assert engine.name
        assert isinstance(engine.sends_data_to_third_party, bool)
        assert engine.max_batch_texts >= 1
        settings = engine.settings()
        assert isinstance(settings, dict)
        assert all("key" not in k.lower() for k in settings)

    def test_one_candidate_per_text_in_order(self, engine: Engine) -> None:
        cands = engine.translate_batch(list(self.texts), "ja", "en")
        assert len(cands) == len(self.texts)
        assert all(c.engine == engine.engine_name for c in cands)
        assert all(c.text.strip() for c in cands)
        assert len({c.text for c in cands}) == len(self.texts)  # not one answer repeated

    def test_provenance(self, engine: Engine) -> None:
        glossary = GlossarySpec.from_mapping({"大統領": "President"}, version="g1")
        (cand,) = engine.translate_batch([self.texts[0]], "ja", "en", glossary)
        for key in REQUIRED_PROVENANCE:
            assert key in cand.provenance, key
        assert cand.provenance["engine"] == engine.engine_name
        g: Any = cand.provenance["glossary"]
        if engine.name != "file":
            assert g["version"] == "g1"

    def test_empty_batch(self, engine: Engine) -> None:
        assert engine.translate_batch([], "ja", "en") == []

    def test_translate_segments_sets_keys(self, engine: Engine) -> None:
        segs = [SegmentInput(key=f"k{i}", text=t) for i, t in enumerate(self.texts)]
        out = engine.translate_segments(segs, "ja", "en")
        assert [c.segment_key for c in out if c is not None] == [s.key for s in segs]
