#!/usr/bin/env python3
"""Where the meaning checks' CPU time goes: the shared analysis against each check's own work.

Runs every check of ``review-app qa FILE`` with the four meaning checks switched on (``polarity``, ``omission``,
``addition``, ``entity-consistency``), one check at a time in the CLI's order on one context, as ``run_checks``
does, on bench/qa.py's synthetic file (every source unique, or ``--repeated``). The first meaning check pays for
the shared analysis (``ctx.analyses.meaning``, :mod:`review_app.checks.meaning`); its time is counted apart:

* ``analysis`` — each unit's evidence (the parse and the dictionary alignment);
* ``hooks`` — what is read right after each unit's evidence, from the same parse (addition's
  ``Neighbours.prepare``: the neighbour rule's necessary condition and its neighbours' sources; entity-consistency's
  name terms), with addition's part printed;
* each meaning check — its own time, the analysis and the hooks taken out;
* ``default checks`` — every other check (the glossary checks with bench/qa.py's 10,000-term glossary).

CPU seconds (``time.process_time``) in one process; on a loaded machine read the shares, not the seconds.

    .venv/bin/python bench/meaning_split.py [--units 20000] [--repeated] [--terms 10000]
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _p in (ROOT, ROOT / "bench"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

MEANING = ("polarity", "omission", "addition", "entity-consistency")


def split(units: list[Any], glossary: Any = None) -> dict[str, Any]:
    """CPU seconds per part of a run of every check with the four meaning checks on, over ``units`` (see the
    module docstring), and each meaning check's finding count (before ``supersedes``)."""
    from review_app.checks import addition
    from review_app.checks.base import CheckConfig, CheckContext, iter_findings
    from review_app.qa import select_checks

    config = CheckConfig(options={c: {"enabled": True} for c in MEANING})
    ctx = CheckContext(units=units, glossary=glossary, config=config)
    clock = time.process_time
    spent = {"analysis": 0.0, "hooks": 0.0, "neighbours": 0.0}

    def timed(fn: Callable[..., Any], key: str) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            start = clock()
            try:
                return fn(*args)
            finally:
                spent[key] += clock() - start
        return run

    per_unit = ctx.analyses.meaning
    per_unit._compute = timed(per_unit._compute, "analysis")
    if per_unit.then is not None:
        per_unit.then = timed(per_unit.then, "hooks")
    prepare = addition.Neighbours.prepare
    addition.Neighbours.prepare = timed(prepare, "neighbours")  # type: ignore[method-assign]
    out: dict[str, Any] = {"units": len(units), "default checks": 0.0, "checks": {}, "findings": {}}
    enabled = gc.isenabled()
    gc.disable()  # as a QA run does (review_app.qa.no_gc)
    try:
        for check in select_checks(config):
            inside = spent["analysis"] + spent["hooks"]
            start = clock()
            found = sum(1 for _ in iter_findings([check], ctx))
            took = clock() - start - (spent["analysis"] + spent["hooks"] - inside)
            if check.check_id in MEANING:
                out["checks"][check.check_id] = took
                out["findings"][check.check_id] = found
            else:
                out["default checks"] += took
    finally:
        addition.Neighbours.prepare = prepare  # type: ignore[method-assign]
        if enabled:
            gc.enable()
    out.update(analysis=spent["analysis"], hooks=spent["hooks"], neighbours=spent["neighbours"])
    return out


def render(s: dict[str, Any]) -> str:
    added = s["analysis"] + s["hooks"] + sum(s["checks"].values())
    lines = [f"{s['units']:,} units: the default checks {s['default checks']:.2f} s, the four meaning checks "
             f"{added:.2f} s more (CPU; reading the file and the glossary and writing the report are not in these "
             "figures), of which:"]

    def row(name: str, secs: float, extra: str = "") -> None:
        lines.append(f"  {name:32s} {secs:7.2f} s  {100 * secs / added:5.1f} %{extra}")

    row("meaning analysis (meaning.py)", s["analysis"])
    row("hooks after each analysis", s["hooks"], f"  (addition's Neighbours.prepare {s['neighbours']:.2f} s)")
    for cid, secs in s["checks"].items():
        row(cid, secs, f"  ({s['findings'][cid]} findings)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=20_000)
    ap.add_argument("--terms", type=int, default=10_000, help="glossary concepts (0: no glossary)")
    ap.add_argument("--repeated", action="store_true", help="sources repeated with other targets")
    args = ap.parse_args(argv)
    from qa import build_glossary, build_xliff

    from review_app.qa import load_glossary_or_none, read_units

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xlf"
        build_xliff(path, args.units, repeated_sources=args.repeated)
        glossary = None
        if args.terms:
            build_glossary(Path(tmp) / "glossary.tbx", args.terms)
            glossary = load_glossary_or_none(str(Path(tmp) / "glossary.tbx"))
        print(render(split(read_units(path).units, glossary)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
