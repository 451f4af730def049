"""bench/meaning_floor.py and bench/meaning_stages.py: the floor measures both parses of every source, and the stage
table puts each sampled stack into the stage of the first listed function on it (no timing is asserted: the figures
are whatever the machine gives)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def test_the_floor_parses_every_source_both_ways() -> None:
    f = _load("meaning_floor").floor(30)
    assert f["units"] == 30 and f["parse_cpu_s"] >= 0 and f["parse_and_tokens_cpu_s"] >= 0


def test_stacks_go_to_the_first_listed_stage_else_by_module(tmp_path: Path) -> None:
    mod = _load("meaning_stages")
    stacks = tmp_path / "stacks.txt"
    top = "<module> (review_app/cli.py:451);Polarity.check (review_app/checks/polarity.py:103)"
    side = "analyse (review_app/checks/meaning.py:778);_source_side (review_app/checks/meaning.py:594)"
    stacks.write_text("\n".join([
        f"{top};{side};_nodes (review_app/checks/meaning.py:475);nodes (review_app/checks/ja_tokens.py:114);"
        "raw (review_app/checks/ja_tokens.py:104) 7",  # the parse, however deep
        f"{top};{side} 5",  # the source side inside the analysis
        f"{top};analyse (review_app/checks/meaning.py:789) 3",  # the target side
        f"{top} 2",  # polarity's own rules
        "<module> (review_app/cli.py:451);<genexpr> (review_app/checks/addition.py:897) 1",  # by module
        "garbage",
        "",
    ]), encoding="utf-8")
    got, total = mod.stages([stacks])
    assert total == 18
    assert got == {"a MeCab parse": 7, "b source side: content words and anchors": 5,
                   "c target side: words matched (analyse)": 3, "d polarity rules": 2, "d addition rules": 1}
