#!/usr/bin/env python3
"""Does the CPU time of ``review-app qa`` grow linearly with the file's size, with the meaning checks switched on?

A pass that compares every unit with every other (or scans the document once per unit) makes a check quadratic in
the file's size, which a 20,000-unit run hides and a 100,000-unit run shows as minutes: an ``entity-consistency``
pass did exactly that once, and only the 100k-unit cost run found it. This bench catches it on small files: it
builds bench/qa.py's file (:func:`qa.build_xliff`, as ``bench/meaning.py --cost`` does: the shipped reference
repeated, every source unique unless ``--sources repeated``) at N and 2N units, with bench/qa.py's ``--terms``
glossary, and times

    review-app qa FILE --glossary G --format json -o OUT                       # arm "default"
    review-app qa FILE --glossary G --format json -o OUT --config MEANING     # arm "meaning": the four checks on

(``polarity``, ``omission``, ``addition``, ``entity-consistency`` switched on by ``MEANING``), each a separate
process, in the order N-default, N-meaning, 2N-default, 2N-meaning, repeated ``--repeat`` times (A B A B: the
machine's drift falls on both sizes alike), CPU time from the children's rusage, medians per arm and size. Each arm
is also run on a file of ``--floor`` units (default 20), the fixed cost of a process (imports, the dictionary, the
tagger, the glossary), which is subtracted before the ratio: a constant start-up would otherwise pull a quadratic
arm's ratio towards 1.

Printed per arm: the CPU seconds at the floor, N and 2N, the raw ratio 2N/N and the net ratio
(2N − floor) / (N − floor); then the verdict on the meaning arm's net ratio: ``linear`` when it is at most
:data:`LINEAR_MAX` (2.3: a linear run measures 2.0, give or take the machine's noise), else ``superlinear``.

    .venv/bin/python bench/meaning_scaling.py [--units 20000] [--repeat 2] [--sources unique|repeated]
        [--terms 10000] [--floor 20] [--json]

At the default size one round takes about 3 minutes of one core (20,000 and 40,000 units, both arms). Not part of
CI; ``tests/test_bench_meaning_scaling.py`` runs :func:`scaling` on a few units.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for _p in (ROOT, ROOT / "bench"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

MEANING = ("polarity", "omission", "addition", "entity-consistency")
ARMS = ("default", "meaning")
LINEAR_MAX = 2.3
"""The largest net 2N/N CPU ratio of the meaning arm still called linear."""


def _cpu_of(cmd: list[str]) -> float:
    """CPU seconds (user + system) of one run of ``cmd`` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def scaling(units: int = 20_000, repeat: int = 2, sources: str = "unique", terms: int = 10_000,
            floor: int = 20) -> dict[str, Any]:
    """CPU seconds of ``review-app qa`` per arm (default checks; the four meaning checks on as well) at ``floor``,
    ``units`` and twice ``units`` units (medians of ``repeat`` alternating rounds, see the module docstring), the
    raw and net ratios 2N/N per arm and the verdict (``linear`` or ``superlinear``, on the meaning arm's net
    ratio)."""
    from qa import build_glossary, build_xliff

    if units < 1 or repeat < 1 or not 0 <= floor < units:
        raise ValueError("need units ≥ 1, repeat ≥ 1 and 0 ≤ floor < units")
    sizes = {"floor": floor, "n": units, "2n": 2 * units}
    out: dict[str, Any] = {"units": units, "repeat": repeat, "sources": sources, "terms": terms, "floor": floor,
                           "load_start": round(os.getloadavg()[0], 1)}
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        config = t / "meaning.toml"
        config.write_text("".join(f"[options.{c}]\nenabled = true\n" for c in MEANING), encoding="utf-8")
        gloss = t / "glossary.tbx"
        build_glossary(gloss, terms)
        files = {}
        for size, n in sizes.items():
            if n:
                files[size] = t / f"bench-{size}.xlf"
                build_xliff(files[size], n, repeated_sources=sources == "repeated")
        times: dict[str, dict[str, list[float]]] = {arm: {size: [] for size in files} for arm in ARMS}

        def cmd(size: str, arm: str) -> list[str]:
            base = [sys.executable, "-m", "review_app.cli", "qa", str(files[size]), "--glossary", str(gloss),
                    "--format", "json", "-o", str(t / "out.json")]
            return base + (["--config", str(config)] if arm == "meaning" else [])

        for _ in range(repeat):
            for size in files:  # floor, N, 2N; each size both arms, one after the other
                for arm in ARMS:
                    times[arm][size].append(_cpu_of(cmd(size, arm)))
    for arm in ARMS:
        med = {size: statistics.median(v) for size, v in times[arm].items()}
        base = med.get("floor", 0.0)
        n_net, n2_net = med["n"] - base, med["2n"] - base
        out[arm] = {"cpu_s": {size: round(v, 2) for size, v in med.items()},
                    "runs": {size: [round(x, 2) for x in v] for size, v in times[arm].items()},
                    "ratio": round(med["2n"] / med["n"], 3) if med["n"] > 0 else None,
                    "net_ratio": round(n2_net / n_net, 3) if n_net > 0 and n2_net > 0 else None}
    net = out["meaning"]["net_ratio"]
    out["verdict"] = ("linear" if net is not None and net <= LINEAR_MAX else
                      "superlinear" if net is not None else "unmeasured")
    out["load_end"] = round(os.getloadavg()[0], 1)
    return out


def render(r: dict[str, Any]) -> str:
    """The side-by-side table of :func:`scaling`'s result."""
    n, floor = r["units"], r["floor"]
    lines = [f"review-app qa on bench/qa.py's file ({r['sources']} sources, {r['terms']:,}-concept glossary), "
             f"CPU seconds, medians of {r['repeat']} alternating rounds, load {r['load_start']} → {r['load_end']}",
             f"{'arm':<9}{'floor (' + str(floor) + ')':>14}{f'N ({n:,})':>14}{f'2N ({2 * n:,})':>14}"
             f"{'2N/N':>8}{'net 2N/N':>10}"]
    for arm in ARMS:
        a = r[arm]
        c = a["cpu_s"]
        lines.append(f"{arm:<9}{c.get('floor', 0.0):>14.2f}{c['n']:>14.2f}{c['2n']:>14.2f}"
                     f"{a['ratio'] if a['ratio'] is not None else '–':>8}"
                     f"{a['net_ratio'] if a['net_ratio'] is not None else '–':>10}")
    d, m = r["default"]["cpu_s"], r["meaning"]["cpu_s"]
    lines.append(f"four checks add: {100 * (m['n'] / d['n'] - 1):+.0f} % at N, {100 * (m['2n'] / d['2n'] - 1):+.0f} % "
                 f"at 2N")
    lines.append(f"verdict: {r['verdict']} (the meaning arm's net 2N/N ratio; linear ≤ {LINEAR_MAX})")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--units", type=int, default=20_000, help="N: the smaller file's units (default 20000)")
    ap.add_argument("--repeat", type=int, default=2, help="alternating rounds (default 2); medians are printed")
    ap.add_argument("--sources", choices=("unique", "repeated"), default="unique")
    ap.add_argument("--terms", type=int, default=10_000, help="concepts of the glossary (default 10000)")
    ap.add_argument("--floor", type=int, default=20, help="units of the start-up file (0: none; default 20)")
    ap.add_argument("--json", action="store_true", help="also print the result as JSON")
    args = ap.parse_args(argv)
    r = scaling(args.units, args.repeat, args.sources, args.terms, args.floor)
    print(render(r))
    if args.json:
        print(json.dumps(r, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
