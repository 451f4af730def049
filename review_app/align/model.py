"""What an alignment returns: links between Japanese segment keys and English sentence indexes, and how links
compare with a gold alignment."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Link:
    ja: tuple[str, ...]
    """Keys of the Japanese segments (empty for 0-1)."""
    en: tuple[int, ...]
    """0-based indexes of the English sentences (empty for 1-0)."""
    score: float
    """Confidence in [0, 1]: ``exp(-(cost - good) / 4)`` capped at 1, where ``good`` is the cost of a clean 1-1
    link (its prior, no length or anchor penalty, a typical embedding distance); 0.5 is about 2.8 cost units
    (a 2σ length deviation plus a missing number, say) worse than that."""

    @property
    def kind(self) -> str:
        return f"{len(self.ja)}-{len(self.en)}"


@dataclass(slots=True)
class Alignment:
    links: list[Link]
    ja_texts: dict[str, str]
    en_sentences: list[str]
    summary: dict[str, Any] = field(default_factory=dict)

    def pairs(self) -> list[tuple[str, str]]:
        """``(japanese, english)`` text of every link, sentences joined by a space / nothing for Japanese."""
        return [
            ("".join(self.ja_texts[k] for k in link.ja), " ".join(self.en_sentences[i] for i in link.en))
            for link in self.links
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary,
            "links": [
                {
                    "ja": list(link.ja),
                    "en": list(link.en),
                    "type": link.kind,
                    "score": round(link.score, 4),
                    "ja_text": "".join(self.ja_texts[k] for k in link.ja),
                    "en_text": " ".join(self.en_sentences[i] for i in link.en),
                }
                for link in self.links
            ],
        }


def link_metrics(predicted: Iterable[Link], gold: Iterable[tuple[Sequence[str], Sequence[int]]]) -> dict[str, float]:
    """Precision, recall and F1 of links, each link compared as the exact pair of its two sides."""
    pred = {(tuple(link.ja), tuple(link.en)) for link in predicted}
    ref = {(tuple(j), tuple(e)) for j, e in gold}
    hit = len(pred & ref)
    p = hit / len(pred) if pred else 0.0
    r = hit / len(ref) if ref else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "predicted": len(pred), "gold": len(ref), "correct": hit}
