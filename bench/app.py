"""Benchmark: the review page with 100 vs 10,000 segments (AppTest, no browser).

For each project size: the time to render the review page (first run of the page in a fresh session, and a
re-run) and the time to save a segment (type into the editor, click Save: one script run including the
service call). Prints the medians side by side and the 10k/100 ratio; the goal is ≤ 1.5 (the page queries
one page of segments by index instead of loading all of them).

    .venv/bin/python bench/app.py [--repeat 5]
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

from streamlit.testing.v1 import AppTest  # noqa: E402, TID251  (the benchmark drives the app like the tests)

from review_app.project import init_project, open_project  # noqa: E402
from review_app.segment import parse_document  # noqa: E402

APP = ROOT / "review_app" / "app" / "streamlit_app.py"
SEED = ROOT / "corpus" / "musk-trump" / "source.ja.txt"


def make_source(n: int, folder: Path) -> Path:
    """A source text with at least ``n`` segments: the seed article's paragraphs, repeated and numbered."""
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out: list[str] = []
    count = 0
    i = 0
    while count < n:
        para = paragraphs[i % len(paragraphs)]
        text = f"第{i + 1}段。{para}" if not para.startswith(("#", "-")) else para
        out.append(text)
        count += len(parse_document(text).segments)
        i += 1
    path = folder / f"source-{n}.ja.txt"
    path.write_text("\n\n".join(out) + "\n", encoding="utf-8")
    return path


def bench(project: Path, repeat: int) -> dict[str, float]:
    os.environ["REVIEW_APP_PROJECT"] = str(project)
    op = open_project(project)
    try:
        count = op.service().count_segments()
    finally:
        op.close()
    render_first, render_again, save = [], [], []
    for i in range(repeat):
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.run()
        t0 = time.perf_counter()
        at.switch_page("app_pages/review.py").run()
        render_first.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
        t0 = time.perf_counter()
        at.run()
        render_again.append(time.perf_counter() - t0)
        key = at.selectbox(key="review_key").value
        at.text_area(key=f"editor-{key}").input(f"Benchmark translation number {i}.")
        t0 = time.perf_counter()
        at.button(key="save").click().run()
        save.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
    return {
        "segments": count,
        "render": statistics.median(render_first),
        "rerun": statistics.median(render_again),
        "save": statistics.median(save),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = {}
        for n in (100, 10_000):
            t0 = time.perf_counter()
            project = folder / f"p{n}"
            init_project(project, source=make_source(n, folder))
            print(f"created a {n}-segment project in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
            results[n] = bench(project, args.repeat)
    small, large = results[100], results[10_000]
    print(f"{'':<22}{'small':>12}{'large':>12}{'ratio':>9}")
    print(f"{'segments':<22}{small['segments']:>12}{large['segments']:>12}")
    for name, label in (("render", "render review page"), ("rerun", "re-run review page"), ("save", "save a segment")):
        ratio = large[name] / small[name]
        flag = "ok" if ratio <= 1.5 else "OVER 1.5"
        print(f"{label:<22}{small[name] * 1000:>10.0f}ms{large[name] * 1000:>10.0f}ms{ratio:>8.2f}x  {flag}")


if __name__ == "__main__":
    main()
