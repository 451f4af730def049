"""Machine-translation engines: DeepL (official SDK), OpenAI-compatible chat endpoints, bilingual-file import.

One registry, like sacrebleu's lazy ``_TOKENIZERS``: importing this package does not import the DeepL SDK or
the format readers; an engine's module loads only when the engine is used. The per-project translation cache
and the batch runner live in :mod:`review_app.engines.runner`.
"""

from __future__ import annotations

from review_app.engines.base import Engine, EngineOption, GlossarySpec, SegmentInput, UsageInfo
from review_app.registry import Registry

ENGINES: Registry[Engine] = Registry(
    "engine",
    {
        "deepl": "review_app.engines.deepl:DeepLEngine",
        "openai": "review_app.engines.openai_compat:OpenAICompatEngine",
        "file": "review_app.engines.file:FileEngine",
    },
)

__all__ = ["ENGINES", "Engine", "EngineOption", "GlossarySpec", "SegmentInput", "UsageInfo"]
