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
