"""Benchmark: importing the WMT22 ja→en test set (2,008 segments, 1 reference, 14 systems) into a project, and
the Review page on the result.

Import (the issue's target: under 30 s on this machine), measured in one run, alternating A B A B:
  A  ``init PROJECT --source wmttest2022.ja-en.all.xml``: source with document ids and domains, the reference
     and the 14 systems as candidates (30,120 candidate rows) in one transaction;
  B  ``init PROJECT --source src.ja --segmentation line``: the same 2,008 segments alone, for scale.
Review page (AppTest, no browser; the medians of ``--repeat`` fresh sessions): first render, re-run and a
save on the WMT project (15 candidates a segment) against the shipped 326-segment article with 3 candidate
sets, with the ratio.

    .venv/bin/python bench/wmt_import.py [--repeat 3] [--no-app]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from review_app.project import init_project  # noqa: E402

WMT22 = ROOT.parent / "shared" / "realworld" / "wmt22-ja-en"
XML = WMT22 / "wmttest2022.ja-en.all.xml"
SEED = ROOT / "corpus" / "musk-trump"


def timed_init(folder: Path, name: str, **kwargs: object) -> float:
    t0 = time.perf_counter()
    init_project(folder / name, **kwargs)  # type: ignore[arg-type]
    return time.perf_counter() - t0


def demo_project(folder: Path) -> Path:
    """The shipped article with its two drafts and the reference as candidates (as ``make demo`` builds it)."""
    from review_app.engines.file import FileEngine
    from review_app.engines.runner import BatchRunner
    from review_app.project import open_project

    path = folder / "demo"
    init_project(path, source=SEED / "source.ja.txt")
    op = open_project(path)
    try:
        for engine, file in (("draft-literal", "candidates/literal.xlf"), ("draft-fluent", "candidates/fluent.xlf"),
                             ("reference", "reference.tmx")):
            eng = FileEngine(SEED / file, engine_name=engine, provenance={"kind": "prepared-draft"})
            runner = BatchRunner(op.service(), eng)
            runner.run(runner.plan())
    finally:
        op.close()
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-app", action="store_true", help="Only the import.")
    args = parser.parse_args()
    if not XML.exists():
        sys.exit(f"{XML} is missing (../shared/realworld)")
    wmt_times, line_times = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.repeat):
            wmt_times.append(timed_init(folder, f"wmt{i}", source=XML))
            line_times.append(timed_init(folder, f"line{i}", source=WMT22 / "src.ja", segmentation="line"))
        wmt, line = statistics.median(wmt_times), statistics.median(line_times)
        print(f"import WMT22 XML (2,008 segments + 15 candidate sets): median {wmt:.2f} s "
              f"(runs: {', '.join(f'{t:.2f}' for t in wmt_times)}) — target < 30 s: {'ok' if wmt < 30 else 'OVER'}")
        print(f"import src.ja --segmentation line (2,008 segments only):  median {line:.2f} s; "
              f"ratio {wmt / line:.2f}x")
        if args.no_app:
            return
        from bench.app import bench

        results = {"demo (326 segments, 3 candidate sets)": bench(demo_project(folder), args.repeat),
                   "WMT22 (2,008 segments, 15 candidate sets)": bench(folder / "wmt0", args.repeat)}
    small, large = results.values()
    print(f"{'review page':<22}{'demo':>12}{'WMT22':>12}{'ratio':>9}")
    for name, label in (("render", "first render"), ("rerun", "re-run"), ("save", "save a segment")):
        ratio = large[name] / small[name]
        print(f"{label:<22}{small[name] * 1000:>10.0f}ms{large[name] * 1000:>10.0f}ms{ratio:>8.2f}x")
    os.environ.pop("REVIEW_APP_PROJECT", None)


if __name__ == "__main__":
    main()
