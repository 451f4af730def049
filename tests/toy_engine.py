"""A toy engine written by following docs/architecture.md's recipe ("add an engine: one file + one registry
line"): tests/test_registries.py registers it and proves that the CLI, the app and the generated docs offer it.

It "translates" by tagging the source with a prefix: local, free, deterministic.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from review_app.engines.base import Engine, EngineOption, GlossarySpec


class TagEngine(Engine):
    name = "toy-tag"
    label = "Toy tagger"
    description = "a test engine that returns the source behind a tag"
    options = (EngineOption("tag", "The tag put before each source text.", label="Tag", default="[toy]"),)
    sends_data_to_third_party = False
    uses_glossary = False

    def __init__(self, tag: str) -> None:
        self.tag = tag

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> TagEngine:
        return cls(cls.option_values(settings)["tag"])

    def settings(self) -> dict[str, Any]:
        return {"tag": self.tag}

    def _translate(
        self, texts: list[str], source_lang: str, target_lang: str, glossary: GlossarySpec | None
    ) -> list[tuple[str, int | None, dict[str, Any]]]:
        return [(f"{self.tag} {text}", None, {}) for text in texts]
