#!/usr/bin/env python3
"""What ``entity-consistency``'s other-renderings passes cost ``review-app qa``: the option on and off, side by side.

Classes 5 and 6 of :mod:`review_app.checks.entity_consistency` (another name, another reading or a garbled name,
:mod:`review_app.checks.entity_unexplained`; a name translated in one line and romanised in another,
:mod:`review_app.checks.entity_translated`) are switched on and off together by the check's option
``other_renderings`` (default true). This bench times

    review-app qa FILE --glossary G --format json -o OUT                          # "default": the default checks
    review-app qa FILE --glossary G --format json -o OUT --config ON              # the four meaning checks on
    review-app qa FILE --glossary G --format json -o OUT --config OFF             # the same, other_renderings = false

on bench/qa.py's file (:func:`qa.build_xliff`, every source unique unless ``--sources repeated``) with its
``--terms`` glossary, each a separate process, in turn (default, on, off; ``--repeat`` rounds), CPU time from the
children's rusage, and prints the medians, what the four checks add with the passes and without them, and what the
passes take of that. It also counts each run's ``entity-consistency`` findings (on that file: none either way).

    .venv/bin/python bench/meaning_entity_split.py [--units 20000] [--repeat 3] [--sources unique|repeated]
        [--terms 10000]

About 2 minutes of one core at the default size. Not part of CI.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _p in (ROOT, ROOT / "bench"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

MEANING = ("polarity", "omission", "addition", "entity-consistency")
ARMS = ("default", "on", "off")


def entity_split(units: int = 20_000, repeat: int = 3, sources: str = "unique", terms: int = 10_000) -> dict[str, Any]:
    """Median CPU seconds per arm (see the module docstring) and each arm's entity-consistency finding counts."""
    from meaning_scaling import _cpu_of
    from qa import build_glossary, build_xliff

    out: dict[str, Any] = {"units": units, "repeat": repeat, "sources": sources, "terms": terms,
                           "load_start": round(os.getloadavg()[0], 1)}
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        configs = {}
        for arm, extra in (("on", ""), ("off", "other_renderings = false\n")):
            configs[arm] = t / f"{arm}.toml"
            configs[arm].write_text("".join(f"[options.{c}]\nenabled = true\n" + (extra if c == "entity-consistency"
                                                                                  else "") for c in MEANING),
                                    encoding="utf-8")
        gloss = t / "glossary.tbx"
        build_glossary(gloss, terms)
        path = t / "bench.xlf"
        build_xliff(path, units, repeated_sources=sources == "repeated")
        times: dict[str, list[float]] = {arm: [] for arm in ARMS}
        found: dict[str, int] = {}
        for _ in range(repeat):
            for arm in ARMS:
                report = t / f"out-{arm}.json"
                cmd = [sys.executable, "-m", "review_app.cli", "qa", str(path), "--glossary", str(gloss), "--format",
                       "json", "-o", str(report)] + (["--config", str(configs[arm])] if arm != "default" else [])
                times[arm].append(_cpu_of(cmd))
                data = json.loads(report.read_text(encoding="utf-8"))
                issues = data.get("issues", data) if isinstance(data, dict) else data
                found[arm] = sum(1 for i in issues if isinstance(i, dict) and i.get("check") == "entity-consistency")
    med = {arm: statistics.median(v) for arm, v in times.items()}
    out.update(cpu_s={arm: round(v, 2) for arm, v in med.items()},
               runs={arm: [round(x, 2) for x in v] for arm, v in times.items()},
               added_on=round(med["on"] / med["default"] - 1, 3), added_off=round(med["off"] / med["default"] - 1, 3),
               passes_s=round(med["on"] - med["off"], 2),
               passes_share_of_added=round((med["on"] - med["off"]) / (med["on"] - med["default"]), 3)
               if med["on"] > med["default"] else None,
               entity_findings=found, load_end=round(os.getloadavg()[0], 1))
    return out


def render(r: dict[str, Any]) -> str:
    c = r["cpu_s"]
    share = r["passes_share_of_added"]
    return "\n".join([
        f"review-app qa on {r['units']:,} units of bench/qa.py's file ({r['sources']} sources, {r['terms']:,}-concept "
        f"glossary), CPU seconds, medians of {r['repeat']} rounds, load {r['load_start']} → {r['load_end']}",
        f"  default checks                                   {c['default']:8.2f}",
        f"  + the four meaning checks (other_renderings on)  {c['on']:8.2f}   {100 * r['added_on']:+.0f} %",
        f"  + the four meaning checks (other_renderings off) {c['off']:8.2f}   {100 * r['added_off']:+.0f} %",
        f"  the other-renderings passes: {r['passes_s']:.2f} s"
        + (f", {100 * share:.0f} % of what the four checks add" if share is not None else ""),
        f"  entity-consistency findings: on {r['entity_findings'].get('on')}, off {r['entity_findings'].get('off')}"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--sources", choices=("unique", "repeated"), default="unique")
    ap.add_argument("--terms", type=int, default=10_000)
    args = ap.parse_args(argv)
    print(render(entity_split(args.units, args.repeat, args.sources, args.terms)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
